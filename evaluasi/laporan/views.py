"""Dashboard, OPD result page and report jobs (the Excel recap among them)."""

from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from evaluasi import states
from evaluasi.galat import Terkunci
from evaluasi.instansi import paket
from evaluasi.instansi import selectors as instansi_selectors
from evaluasi.konteks import periode_konteks
from evaluasi.laporan import cetak, dasbor, grafik, pekerjaan, permintaan
from evaluasi.models import JenisLaporan, LaporanJob, Periode, StatusLaporan, StatusPenilaian
from opd.models import JenisOpd, Peran
from spbe_portal.access import (
    ensure_arsip_allowed,
    ensure_laporan_allowed,
    ensure_laporan_retry_allowed,
    ensure_paket_allowed,
    get_instansi_for_user,
    get_laporan_for_user,
    get_penilaian_for_user,
    laporan_queryset_for_user,
    may_see_final,
    may_see_final_status,
    may_see_nilai_instansi,
    role_required,
)
from spbe_portal.files import send_private_file
from spbe_portal.htmx import is_htmx
from spbe_portal.replika import baca_replika
from spbe_portal.xlsx import XLSX_CONTENT_TYPE


@require_GET
@role_required(Peran.ADMIN, Peran.PIMPINAN)
@baca_replika()
def dashboard(request: HttpRequest) -> HttpResponse:
    konteks = periode_konteks(request)
    daftar, periode = konteks.daftar, konteks.aktif
    ctx = {"daftar_periode": daftar, "periode": periode}
    if periode is None:
        return render(request, "evaluasi/dashboard.html", ctx)
    lihat_final = may_see_final(request.user, periode)
    urut = request.GET.get("urut", "nomor")
    arah = "desc" if request.GET.get("arah") == "desc" else "asc"
    data = dasbor.dashboard(
        periode,
        lihat_final=lihat_final,
        q=request.GET.get("q", "").strip(),
        jenis=request.GET.get("jenis", ""),
        predikat=request.GET.get("predikat", ""),
        urut=urut,
        arah=arah,
        halaman=request.GET.get("halaman", 1),
    )
    tren = dasbor.tren_pemda()
    # Each year's final figures by its own publication, not by the period picked above.
    lintas = dasbor.tren_lintas_instrumen(
        tren, boleh_final=lambda status: may_see_final_status(request.user, status)
    )
    seri_tren = [
        ("Mandiri", [t["mandiri"] for t in tren], "#0d6efd"),
        (
            "Final",
            [t["final"] if may_see_final_status(request.user, t["status"]) else None for t in tren],
            "#198754",
        ),
    ]
    if lintas["daftar"]:
        seri_tren.append(
            ("Perkiraan", [p.indeks if p else None for p in lintas["perkiraan"]], "#6f42c1")
        )
    # The roadmap's target line: the years run on to the last target year (SPEC §14).
    sumbu = dasbor.tren_target(tren)
    if sumbu["ada"]:
        seri_tren = [(nama, sumbu["selaras"](nilai), warna) for nama, nilai, warna in seri_tren]
        seri_tren.append(("Target", sumbu["target"], "#d63384"))
    charts = {
        "grafik_status": grafik.batang(
            [(label, n, "#0d6efd") for _, label, n in data["status_count"]],
            maksimum=max(data["jumlah"], 1),
            judul="Jumlah OPD per status",
            format_nilai=lambda v: f"{int(v)}",
        ),
        "grafik_aspek": grafik.batang(
            [
                (
                    f"{a['nomor']}. {a['nama']}",
                    a["final"] if lihat_final and a["final"] is not None else a["mandiri"] or 0,
                    "#198754" if lihat_final and a["final"] is not None else "#0d6efd",
                )
                for a in data["rata_aspek"]
            ],
            maksimum=5,
            judul="Rata-rata nilai per aspek",
        ),
        "grafik_tren": grafik.garis(
            [str(t) for t in sumbu["tahun"]],
            seri_tren,
            judul="Tren indeks pemerintah daerah",
            segmen=sumbu["segmen"],
            putus=("Perkiraan",),
            target=("Target",),
        ),
    }
    instansi = instansi_selectors.penilaian_instansi(periode)
    if instansi is not None and may_see_nilai_instansi(request.user):
        ctx["instansi"] = instansi_selectors.ringkasan_dasbor(instansi)
        tren_instansi = instansi_selectors.tren_instansi()
        charts["grafik_tren_instansi"] = grafik.garis(
            [str(t["tahun"]) for t in tren_instansi],
            [
                (label, [t[kolom] for t in tren_instansi], warna)
                for kolom, label, warna in (
                    ("mandiri", "Mandiri", "#0d6efd"),
                    ("internal", "Internal", "#fd7e14"),
                    ("nasional", "Nasional", "#198754"),
                )
            ],
            judul="Tren indeks penilaian instansi",
        )
    if lihat_final:
        charts["grafik_predikat"] = grafik.batang(
            [(b.nama, n, b.warna) for b, n in data["distribusi"]],
            maksimum=max([n for _, n in data["distribusi"]] + [1]),
            judul="Sebaran predikat final",
            format_nilai=lambda v: f"{int(v)} OPD",
        )
    params = request.GET.copy()
    params.pop("urut", None)
    params.pop("arah", None)
    params.pop("halaman", None)
    paging = request.GET.copy()
    paging.pop("halaman", None)
    ctx.update(
        data,
        lihat_final=lihat_final,
        urut=urut,
        arah=arah,
        querystring=params.urlencode(),
        paging_querystring=paging.urlencode(),
        jenis_pilihan=JenisOpd.choices,
        q=request.GET.get("q", ""),
        jenis=request.GET.get("jenis", ""),
        predikat=request.GET.get("predikat", ""),
        tren_lintas=lintas,
        target=dasbor.target_dasbor(periode, data, lihat_final=lihat_final),
        target_tren=sumbu["daftar"],
        **charts,
    )
    return render(request, "evaluasi/dashboard.html", ctx)


@require_GET
@login_required
def hasil(request: HttpRequest, pk: int) -> HttpResponse:
    """One OPD's results: both indices, aspects and domains, radar, indicators, gap analysis."""
    penilaian = get_penilaian_for_user(request.user, pk)
    periode = penilaian.periode
    lihat_final = may_see_final(request.user, periode)
    if request.user.peran == Peran.PIMPINAN and not lihat_final:
        raise PermissionDenied("Hasil OPD tersedia untuk pimpinan setelah dipublikasikan.")
    data = dasbor.hasil_opd(penilaian, lihat_final=lihat_final)
    tren = dasbor.tren_opd(penilaian.opd_id)
    target = dasbor.target_opd(penilaian, data, lihat_final=lihat_final)
    ctx = {
        "target": target,
        "penilaian": penilaian,
        "periode": periode,
        "lihat_final": lihat_final,
        "radar": cetak.radar_svg(data),
        "grafik_tren": (
            grafik.garis(
                [str(t["periode__tahun"]) for t in tren],
                [
                    ("Mandiri", [t["indeks_mandiri"] for t in tren], "#0d6efd"),
                    (
                        "Final",
                        [
                            t["indeks_final"]
                            if t["status"] == StatusPenilaian.FINAL
                            and may_see_final_status(request.user, t["periode__status"])
                            else None
                            for t in tren
                        ],
                        "#198754",
                    ),
                ],
                judul="Tren indeks OPD",
            )
        ),
        # The newest finished report of this OPD (whoever asked for it) and the user's own
        # newest request, which may still be running.
        # Reports carry final figures: offered only to those who may see them.
        "laporan_siap": penilaian.laporan.filter(
            jenis=JenisLaporan.OPD, status=StatusLaporan.SELESAI
        ).first()
        if lihat_final
        else None,
        "laporan_saya": penilaian.laporan.filter(
            jenis=JenisLaporan.OPD, peminta=request.user
        ).first(),
        "boleh_minta_laporan": lihat_final,
        **data,
    }
    return render(request, "evaluasi/hasil.html", ctx)


# --- Report jobs ----------------------------------------------------------------------------


@require_GET
@login_required
def laporan_daftar(request: HttpRequest) -> HttpResponse:
    pekerjaan.laporan_expire_stale()
    konteks = periode_konteks(request)
    daftar, periode = konteks.daftar, konteks.aktif
    jobs = laporan_queryset_for_user(request.user).select_related(
        "periode", "penilaian__opd", "peminta"
    )
    if periode is not None:
        jobs = jobs.filter(periode=periode)
    ctx = {
        "daftar_periode": daftar,
        "periode": periode,
        "jobs": list(jobs[:100]),
        "boleh_rekap": periode is not None
        and request.user.peran in (Peran.ADMIN, Peran.PIMPINAN)
        and may_see_final(request.user, periode),
        "boleh_semua": periode is not None and request.user.peran == Peran.ADMIN,
        "boleh_paket": periode is not None
        and request.user.peran == Peran.ADMIN
        and paket.paket_tersedia(periode),
    }
    return render(request, "evaluasi/laporan_daftar.html", ctx)


@login_required
@require_POST
def laporan_minta_opd(request: HttpRequest, pk: int) -> HttpResponse:
    penilaian = get_penilaian_for_user(request.user, pk)
    ensure_laporan_allowed(request.user, penilaian.periode, penilaian)
    job = permintaan.laporan_request(
        jenis=JenisLaporan.OPD, periode=penilaian.periode, penilaian=penilaian, user=request.user
    )
    messages.success(request, "Laporan OPD sedang dibuat; halaman ini memperbarui statusnya.")
    return redirect(reverse("evaluasi:laporan_detail", kwargs={"pk": job.pk}))


@login_required
@require_POST
def laporan_minta_periode(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        periode = Periode.objects.get(pk=pk)
    except Periode.DoesNotExist:
        raise Http404("Periode tidak ditemukan.") from None
    ensure_laporan_allowed(request.user, periode)
    jenis = request.POST.get("jenis")
    if jenis not in (JenisLaporan.REKAP, JenisLaporan.SEMUA):
        messages.error(request, "Pilih jenis laporan: rekapitulasi atau semua laporan OPD.")
        return redirect(f"{reverse('evaluasi:laporan_daftar')}?periode={periode.pk}")
    ensure_laporan_allowed(request.user, periode, semua=jenis == JenisLaporan.SEMUA)
    try:
        job = permintaan.laporan_request(jenis=jenis, periode=periode, user=request.user)
    except Terkunci as exc:
        messages.error(request, str(exc))
        return redirect(f"{reverse('evaluasi:laporan_daftar')}?periode={periode.pk}")
    return redirect(reverse("evaluasi:laporan_detail", kwargs={"pk": job.pk}))


@login_required
@require_POST
def paket_nasional(request: HttpRequest, pk: int) -> HttpResponse:
    """Queue the national package of the period (Admin, the Koordinator, only)."""
    ensure_paket_allowed(request.user)
    try:
        periode = Periode.objects.get(pk=pk)
    except Periode.DoesNotExist:
        raise Http404("Periode tidak ditemukan.") from None
    try:
        job = permintaan.paket_request(periode=periode, user=request.user)
    except Terkunci as exc:
        messages.error(request, str(exc))
        return redirect(f"{reverse('evaluasi:laporan_daftar')}?periode={periode.pk}")
    messages.success(request, "Paket nasional sedang dibuat; halaman ini memperbarui statusnya.")
    return redirect(reverse("evaluasi:laporan_detail", kwargs={"pk": job.pk}))


def _arsip_minta(request: HttpRequest, periode: Periode, penilaian, kembali: str) -> HttpResponse:
    """Queue the evidence archive and open its job page; a click while the same archive of the
    same user is still being built opens that job instead of queueing a second one."""
    try:
        job, baru = permintaan.arsip_request(
            periode=periode, penilaian=penilaian, user=request.user
        )
    except Terkunci as exc:
        messages.error(request, str(exc))
        return redirect(kembali)
    if baru:
        messages.success(request, "Arsip bukti sedang dibuat; halaman ini memperbarui statusnya.")
    else:
        messages.info(request, "Arsip bukti yang sama sedang dibuat; ini statusnya.")
    return redirect(reverse("evaluasi:laporan_detail", kwargs={"pk": job.pk}))


@login_required
@require_POST
def arsip_bukti_penilaian(request: HttpRequest, pk: int) -> HttpResponse:
    """Every live evidence file of an OPD penilaian as one ZIP (a report job)."""
    penilaian = get_penilaian_for_user(request.user, pk)
    ensure_arsip_allowed(request.user, penilaian.periode, penilaian)
    kembali = reverse("evaluasi:penilaian_detail", kwargs={"pk": penilaian.pk})
    return _arsip_minta(request, penilaian.periode, penilaian, kembali)


@login_required
@require_POST
def arsip_bukti_instansi(request: HttpRequest, pk: int) -> HttpResponse:
    """Every live file of the period's penilaian instansi as one ZIP (a report job)."""
    instansi = get_instansi_for_user(request.user, pk)
    ensure_arsip_allowed(request.user, instansi.periode)
    kembali = reverse("evaluasi:instansi", kwargs={"pk": instansi.periode_id})
    return _arsip_minta(request, instansi.periode, None, kembali)


def _job_context(job: LaporanJob) -> dict:
    # A batch's progress is its count of unfinished children: two cheap queries however many
    # OPDs it has (this panel is polled every two seconds while the batch runs).
    jumlah = job.anak.count() if job.jenis == JenisLaporan.SEMUA else 0
    done = jumlah - job.sisa if job.berjalan else jumlah
    return {
        "job": job,
        "jumlah_anak": jumlah,
        "persen": round(done * 100 / jumlah) if jumlah else (0 if job.berjalan else 100),
        "selesai_anak": done,
    }


@require_GET
@login_required
def laporan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A job's page; with HX-Request only the status panel, which htmx polls while running."""
    pekerjaan.laporan_expire_stale()
    job = get_laporan_for_user(request.user, pk)
    template = (
        "evaluasi/_laporan_status.html" if is_htmx(request) else "evaluasi/laporan_detail.html"
    )
    return render(request, template, _job_context(job))


@require_GET
@login_required
def laporan_unduh(request: HttpRequest, pk: int) -> HttpResponse:
    job = get_laporan_for_user(request.user, pk)
    if not job.path:
        raise Http404("Berkas laporan belum tersedia.")
    content_type = {".zip": "application/zip", ".xlsx": XLSX_CONTENT_TYPE}.get(
        Path(job.path).suffix, "application/pdf"
    )
    return send_private_file(
        job.path, content_type=content_type, filename=job.nama_berkas, inline=False
    )


@login_required
@require_POST
def laporan_ulang(request: HttpRequest, pk: int) -> HttpResponse:
    job = get_laporan_for_user(request.user, pk)
    ensure_laporan_retry_allowed(request.user, job)
    try:
        permintaan.laporan_retry(job=job)
    except states.TransisiTidakSah as exc:
        messages.error(request, str(exc))
    return redirect(reverse("evaluasi:laporan_detail", kwargs={"pk": job.pk}))


@role_required(Peran.ADMIN, Peran.PIMPINAN)
@require_POST
def rekap_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    """Queue the recap workbook (a report job: at thousands of OPDs it outlasts a request)."""
    try:
        periode = Periode.objects.get(pk=pk)
    except Periode.DoesNotExist:
        raise Http404("Periode tidak ditemukan.") from None
    ensure_laporan_allowed(request.user, periode)
    job, baru = permintaan.rekap_xlsx_request(periode=periode, user=request.user)
    if baru:
        messages.success(request, "Rekap .xlsx sedang dibuat; halaman ini memperbarui statusnya.")
    else:
        messages.info(request, "Rekap .xlsx yang sama sedang dibuat; ini statusnya.")
    return redirect(reverse("evaluasi:laporan_detail", kwargs={"pk": job.pk}))
