"""Pages of the self-assessment: periods (admin), the penilaian overview, indicator answers
with evidence, not-applicable marks, submission with its receipt, and the history panel."""

from datetime import date

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from evaluasi import pengingat as pengingat_rules
from evaluasi import states, tasks
from evaluasi.aksi import selectors as aksi_selectors
from evaluasi.dokumen import selectors as dokumen_selectors
from evaluasi.galat import BelumLengkap, IsianTidakLengkap, Konflik, Terkunci
from evaluasi.models import (
    BeritaAcara,
    JenisBeritaAcara,
    JenisPengingat,
    PenilaianInstansi,
    StatusPenilaian,
    StatusPeriode,
)
from evaluasi.penilaian import berkas
from evaluasi.penilaian import selectors as penilaian_selectors
from evaluasi.penilaian import services as penilaian_services
from evaluasi.penilaian.akibat import ajukan_akibat, periode_akibat
from evaluasi.penilaian.forms import JawabanForm, PeriodeForm, TidakBerlakuForm
from evaluasi.penilaian.unggahan import simpan_unggahan
from evaluasi.verifikasi import selectors as verifikasi_selectors
from evaluasi.verifikasi import services as verifikasi_services
from opd.models import Peran
from spbe_portal import paging
from spbe_portal.access import (
    get_bukti_for_user,
    get_penilaian_for_user,
    may_request_arsip,
    may_see_final,
    may_see_verdict,
    role_required,
)
from spbe_portal.antrean import kirim_tugas
from spbe_portal.files import send_private_file
from spbe_portal.htmx import is_htmx, redirect_htmx
from spbe_portal.konfirmasi import dikonfirmasi, halaman_konfirmasi

PERIODE_PER_HALAMAN = 50  # penilaian rows per page of the period page


@role_required(Peran.ADMIN)
@require_http_methods(["GET", "POST"])
def periode_tambah(request: HttpRequest) -> HttpResponse:
    tahun = timezone.localdate().year
    initial = {
        "nama": f"Evaluasi OPD – {tahun}",
        "tahun": tahun,
        "tahun_tpp": tahun + 1,
        # Left "menurut tahun evaluasi": the year typed decides (PeriodeForm.clean).
        "mulai_pengisian": date(tahun, 1, 1),
        "batas_pengisian": date(tahun, 11, 30),
        "batas_verifikasi": date(tahun, 12, 20),
    }
    form = PeriodeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        periode = penilaian_services.periode_create(data=form.cleaned_data)
        messages.success(request, f"{periode.nama} dibuat dengan status Persiapan.")
        return redirect("evaluasi:periode_detail", pk=periode.pk)
    return render(request, "evaluasi/periode_form.html", {"form": form, "judul": "Periode baru"})


@role_required(Peran.ADMIN)
@require_http_methods(["GET", "POST"])
def periode_ubah(request: HttpRequest, pk: int) -> HttpResponse:
    periode = penilaian_selectors.periode_get(pk)
    form = PeriodeForm(request.POST or None, instance=periode)
    if request.method == "POST" and form.is_valid():
        try:
            penilaian_services.periode_update(periode=periode, data=form.cleaned_data)
        except states.TransisiTidakSah as exc:
            form.add_error("instrumen", str(exc))
        else:
            messages.success(request, "Perubahan periode disimpan.")
            return redirect("evaluasi:periode_detail", pk=periode.pk)
    ctx = {"form": form, "judul": f"Ubah {periode.nama}", "periode": periode}
    return render(request, "evaluasi/periode_form.html", ctx)


@require_GET
@role_required(Peran.ADMIN)
def periode_detail(request: HttpRequest, pk: int) -> HttpResponse:
    periode = penilaian_selectors.periode_get(pk)
    berikutnya = states.periode_next(periode.status)
    sebelumnya = states.PERIODE_MUNDUR.get(states.StatusPeriode(periode.status))
    q = request.GET.get("q", "").strip()
    status = request.GET.get("status", "")
    if status not in StatusPenilaian.values:
        status = ""
    status_count = penilaian_selectors.periode_status_count(periode)
    page = paging.potong(
        penilaian_selectors.periode_penilaian(periode, q=q, status=status),
        paging.nomor(request),
        PERIODE_PER_HALAMAN,
        # Without a search the count is the summary's (no COUNT over every penilaian).
        jumlah=None if q else sum(n for v, _, n in status_count if v == status or not status),
    )
    ctx = {
        "periode": periode,
        "page": page,
        "daftar": page.object_list,
        "jumlah_penilaian": sum(n for _, _, n in status_count),
        "status_count": status_count,
        "q": q,
        "status": status,
        "querystring": paging.querystring(request),
        "berikutnya": berikutnya,
        "berikutnya_label": berikutnya.label if berikutnya else "",
        "terbitkan": berikutnya == StatusPeriode.DIPUBLIKASI,
        "sebelumnya": sebelumnya,
        "tarik_publikasi": periode.status == StatusPeriode.DIPUBLIKASI,
        "ada_instansi": PenilaianInstansi.objects.filter(periode=periode).exists(),
    }
    return render(request, "evaluasi/periode_detail.html", ctx)


@role_required(Peran.ADMIN)
@require_POST
def periode_lanjut(request: HttpRequest, pk: int) -> HttpResponse:
    periode = penilaian_selectors.periode_get(pk)
    ke = states.periode_next(periode.status)
    dari = request.POST.get("dari", "")
    if ke is not None and not dikonfirmasi(request):
        judul = (
            "Publikasikan hasil"
            if ke == StatusPeriode.DIPUBLIKASI
            else f"Lanjut ke tahap {ke.label}"
        )
        return halaman_konfirmasi(
            request,
            judul=f"{judul} — {periode.nama}",
            akibat=periode_akibat(periode, ke),
            tombol=f"Ya, {judul[0].lower()}{judul[1:]}",
            action=reverse("evaluasi:periode_lanjut", kwargs={"pk": periode.pk}),
            hidden={"dari": dari or periode.status},
            kembali=reverse("evaluasi:periode_detail", kwargs={"pk": periode.pk}),
            kembali_label=periode.nama,
        )
    try:
        # The expected status is checked under the row lock, not here: see periode_advance.
        periode, created = penilaian_services.periode_advance(periode=periode, dari=dari)
    except states.TransisiTidakSah as exc:
        messages.error(request, str(exc))
    else:
        extra = f" {created} penilaian OPD dibuat." if created else ""
        if periode.status == StatusPeriode.PENGISIAN:
            # Each OPD's answers and documents proposed from last year (SPEC §13), in the
            # background; with the broker down an operator proposes them on demand.
            kirim_tugas(tasks.usulkan_periode, periode.pk)
            extra += " Usulan dari hasil tahun lalu disiapkan untuk setiap OPD."
        messages.success(request, f"Status periode menjadi {periode.get_status_display()}.{extra}")
    return redirect("evaluasi:periode_detail", pk=periode.pk)


@role_required(Peran.ADMIN)
@require_POST
def periode_mundur(request: HttpRequest, pk: int) -> HttpResponse:
    """One stage back, or a publication withdrawn: confirmed, with a reason in the log."""
    periode = penilaian_selectors.periode_get(pk)
    ke = states.PERIODE_MUNDUR.get(states.StatusPeriode(periode.status))
    alasan = request.POST.get("alasan", "").strip()
    if ke is not None and (not dikonfirmasi(request) or not alasan):
        tarik = periode.status == StatusPeriode.DIPUBLIKASI
        judul = "Tarik publikasi" if tarik else f"Kembali ke tahap {ke.label}"
        return halaman_konfirmasi(
            request,
            judul=f"{judul} — {periode.nama}",
            akibat=periode_akibat(periode, ke),
            tombol=f"Ya, {judul[0].lower()}{judul[1:]}",
            action=reverse("evaluasi:periode_mundur", kwargs={"pk": periode.pk}),
            hidden={"dari": request.POST.get("dari") or periode.status},
            kembali=reverse("evaluasi:periode_detail", kwargs={"pk": periode.pk}),
            kembali_label=periode.nama,
            minta_alasan=True,
            galat_alasan="Tuliskan alasannya." if dikonfirmasi(request) else "",
            bahaya=True,
            status=422 if dikonfirmasi(request) else 200,
        )
    try:
        periode = penilaian_services.periode_mundur(
            periode=periode, dari=request.POST.get("dari", ""), alasan=alasan
        )
    except states.TransisiTidakSah as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            f"Status periode kembali menjadi {periode.get_status_display()}; alasan tercatat.",
        )
    return redirect("evaluasi:periode_detail", pk=periode.pk)


@role_required(Peran.ADMIN)
@require_http_methods(["GET", "POST"])
def penilaian_tidak_berlaku(request: HttpRequest, pk: int) -> HttpResponse:
    penilaian = get_penilaian_for_user(request.user, pk)
    instrumen = penilaian.periode.instrumen
    current = [t.indikator for t in penilaian.tidak_berlaku.select_related("indikator")]
    form = TidakBerlakuForm(
        request.POST or None, instrumen=instrumen, initial={"indikator": current}
    )
    if request.method == "POST" and form.is_valid():
        try:
            penilaian_services.tidak_berlaku_set(
                penilaian=penilaian,
                indikator=list(form.cleaned_data["indikator"]),
                user=request.user,
                alasan=form.cleaned_data["alasan"],
            )
        except states.TransisiTidakSah as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request, f"Indikator tidak berlaku untuk {penilaian.opd.nama} disimpan."
            )
            return redirect("evaluasi:periode_detail", pk=penilaian.periode_id)
    return render(request, "evaluasi/tidak_berlaku.html", {"form": form, "penilaian": penilaian})


def _alasan_terkunci(penilaian, indikator=None) -> str | None:
    try:
        penilaian_services.ensure_operator_can_edit(penilaian, indikator)
    except Terkunci as exc:
        return str(exc)
    return None


@require_GET
@login_required
def penilaian_detail(request: HttpRequest, pk: int) -> HttpResponse:
    penilaian = get_penilaian_for_user(request.user, pk)
    periode = penilaian.periode
    user = request.user
    boleh_isi = user.peran == Peran.OPERATOR
    try:
        verifikasi_services.ensure_evaluator_can_review(penilaian)
        boleh_reviu = user.peran == Peran.EVALUATOR
    except Terkunci:
        boleh_reviu = False
    batas_label, batas = states.batas_operator(
        penilaian_status=penilaian.status,
        batas=periode.batas_pengisian,
        batas_perbaikan=periode.batas_verifikasi,
    )
    ctx = {
        "penilaian": penilaian,
        "periode": periode,
        "terkunci": _alasan_terkunci(penilaian),
        "boleh_isi": boleh_isi,
        "boleh_reviu": boleh_reviu,
        "boleh_arsip": may_request_arsip(user),
        "evaluator": user.peran == Peran.EVALUATOR,
        "lihat_final": may_see_final(user, periode),
        "batas_label": batas_label,
        "batas": batas,
        "sisa_hari": (batas - timezone.localdate()).days,
        "lewat_hari": (timezone.localdate() - batas).days,
        "StatusPenilaian": StatusPenilaian,
        **penilaian_selectors.penilaian_overview(penilaian),
    }
    ctx.update(
        dokumen_selectors.ringkasan_usulan(penilaian)
        if boleh_isi
        else {"sumber_usulan": None, "usulan_menunggu": {}}
    )
    if boleh_reviu:  # what stops finalisation, items still unjudged included
        ctx["keterangan_belum_final"] = verifikasi_selectors.keterangan_belum_final(penilaian)
    return render(request, "evaluasi/penilaian_detail.html", ctx)


def _jawaban_simpan(request, penilaian, indikator, form: JawabanForm) -> None:
    """Save a validated answer form (the indicator page and an upload carrying it)."""
    penilaian_services.jawaban_save(
        penilaian=penilaian,
        indikator=indikator,
        user=request.user,
        level=form.cleaned_data["level"],
        penjelasan=form.cleaned_data["penjelasan"],
        tautan=form.cleaned_data["tautan"],
        versi=form.cleaned_data["versi"],
        tanggal_eksternal=form.cleaned_data.get("tanggal_eksternal"),
        eksternal_belum=bool(form.cleaned_data.get("eksternal_belum")),
    )


def _draf_key(penilaian, nomor: int) -> str:
    return f"draf_jawaban:{penilaian.pk}:{nomor}"


def _isian_ikut_unggahan(request, penilaian, indikator) -> None:
    """The answer typed on the page travels with an upload (portal.js copies it): save it
    when it is complete and current; otherwise keep it in the session for the page to show
    again. Either way the operator never retypes it."""
    if "penjelasan" not in request.POST and "level" not in request.POST:
        return
    form = JawabanForm(request.POST, indikator=indikator)
    if form.is_valid():
        try:
            _jawaban_simpan(request, penilaian, indikator, form)
        except IsianTidakLengkap as exc:
            messages.warning(request, f"Isian Anda belum disimpan: {exc}")
        except Konflik:
            messages.warning(
                request,
                "Isian Anda belum disimpan: jawaban ini diubah orang lain. Isian Anda "
                "dipulihkan di bawah; periksa lalu tekan Simpan.",
            )
        else:
            messages.success(request, f"Isian indikator {indikator.nomor} ikut tersimpan.")
            return
    else:
        messages.info(
            request,
            "Isian Anda belum lengkap sehingga belum disimpan; isian dipulihkan di bawah. "
            "Lengkapi, lalu tekan Simpan.",
        )
    request.session[_draf_key(penilaian, indikator.nomor)] = {
        "level": request.POST.get("level", ""),
        "penjelasan": request.POST.get("penjelasan", "")[:10_000],
        "tautan": request.POST.get("tautan", "")[:5_000],
        "tanggal_eksternal": request.POST.get("tanggal_eksternal", "")[:10],
        "eksternal_belum": request.POST.get("eksternal_belum") == "on",
        "versi": request.POST.get("versi", "0"),
    }


def _jawaban_context(request, penilaian, nomor: int, form=None, **extra) -> dict:
    lihat_final = may_see_final(request.user, penilaian.periode)
    page = penilaian_selectors.jawaban_page(penilaian, nomor, lihat_final=lihat_final)
    jawaban, indikator = page["jawaban"], page["indikator"]
    draf = request.session.pop(_draf_key(penilaian, nomor), None) if form is None else None
    if draf:  # typed before an upload and not savable yet: shown again, not lost
        form = JawabanForm(initial=draf, indikator=indikator)
        extra.setdefault("draf_dipulihkan", True)
    if form is None:
        initial = {"versi": jawaban.versi if jawaban else 0}
        if jawaban:
            initial.update(
                level=jawaban.level,
                penjelasan=jawaban.penjelasan,
                tautan=jawaban.tautan,
                tanggal_eksternal=jawaban.tanggal_eksternal,
                eksternal_belum=jawaban.eksternal_belum,
            )
        form = JawabanForm(initial=initial, indikator=indikator)
    # The evaluator's verdict on files and items: once results may be seen, or for the OPD's
    # operator on an indicator sent back for revision (it says what to fix).
    lihat_putusan = may_see_verdict(request.user, penilaian, jawaban)
    butir = penilaian_selectors.butir_halaman(
        penilaian, indikator, jawaban, lihat_putusan=lihat_putusan
    )
    terkunci = _alasan_terkunci(penilaian, page["indikator"])
    if page["tidak_berlaku"]:
        terkunci = "Indikator ini ditandai tidak berlaku untuk OPD Anda; tidak perlu diisi."
    boleh_isi = request.user.peran == Peran.OPERATOR and not terkunci
    return {
        "penilaian": penilaian,
        "form": form,
        "terkunci": terkunci,
        "boleh_isi": boleh_isi,
        # The OPD's library, to link a document kept once (SPEC §13).
        "pustaka": dokumen_selectors.pilihan_dokumen(penilaian.opd_id) if boleh_isi else [],
        # A waiting proposal from last year: shown, never counted until confirmed.
        "usulan": dokumen_selectors.usulan_indikator(penilaian, indikator) if boleh_isi else None,
        "lihat_final": lihat_final,
        # Last year's open follow-up on this indicator (SPEC §14): what was promised.
        "aksi_terbuka": aksi_selectors.aksi_terbuka(penilaian).get(indikator.id, []),
        # The evaluator's verdict on each file is part of the result: shown once results may
        # be seen, and on an indicator sent back for revision (it says what to fix).
        "tampil_validasi": lihat_putusan,
        "level_terpilih": form["level"].value(),
        "batas_mb": settings.BUKTI_MAX_BYTES // (1024 * 1024),
        **butir,
        **page,
        **extra,
    }


@login_required
@require_http_methods(["GET", "POST"])
def jawaban(request: HttpRequest, pk: int, nomor: int) -> HttpResponse:
    """One indicator: the level, explanation and links (saved here) and the evidence files."""
    if request.method == "GET":
        penilaian = get_penilaian_for_user(request.user, pk)
        return render(request, "evaluasi/jawaban.html", _jawaban_context(request, penilaian, nomor))

    penilaian = get_penilaian_for_user(request.user, pk, write=True)
    template = "evaluasi/_jawaban_form.html" if is_htmx(request) else "evaluasi/jawaban.html"
    indikator = penilaian_selectors.indikator_for(penilaian, nomor)
    form = JawabanForm(request.POST, indikator=indikator)
    if not form.is_valid():
        ctx = _jawaban_context(request, penilaian, nomor, form=form)
        return render(request, template, ctx, status=422 if is_htmx(request) else 200)
    try:
        _jawaban_simpan(request, penilaian, indikator, form)
    except IsianTidakLengkap as exc:
        form.add_error("level", str(exc))
        ctx = _jawaban_context(request, penilaian, nomor, form=form)
        return render(request, template, ctx, status=422 if is_htmx(request) else 200)
    except Terkunci as exc:
        if not is_htmx(request):
            raise PermissionDenied(str(exc)) from exc
        ctx = _jawaban_context(request, penilaian, nomor, form=form, galat=str(exc))
        return render(request, template, ctx, status=403)
    except Konflik as exc:
        # Keep what this user typed, but move the form to the newest version: saving again
        # is then a deliberate overwrite, and the newer values are shown next to it.
        data = request.POST.copy()
        data["versi"] = exc.jawaban.versi
        ctx = _jawaban_context(
            request,
            penilaian,
            nomor,
            form=JawabanForm(data, indikator=indikator),
            konflik=exc.jawaban,
        )
        ctx["form"].is_valid()
        return render(request, template, ctx, status=409)
    berikutnya = (
        request.POST.get("lanjut") and penilaian_selectors.indikator_tetangga(penilaian, nomor)[1]
    )
    if berikutnya:  # Simpan & lanjut
        messages.success(request, f"Indikator {nomor} tersimpan.")
        return redirect_htmx(
            request, reverse("evaluasi:jawaban", kwargs={"pk": penilaian.pk, "nomor": berikutnya})
        )
    if is_htmx(request):
        ctx = _jawaban_context(request, penilaian, nomor, tersimpan=timezone.now())
        return render(request, template, ctx)
    messages.success(request, f"Indikator {nomor} tersimpan.")
    return redirect("evaluasi:jawaban", pk=penilaian.pk, nomor=nomor)


@login_required
@require_POST
def bukti_unggah(request: HttpRequest, pk: int, nomor: int) -> HttpResponse:
    penilaian = get_penilaian_for_user(request.user, pk, write=True)
    indikator = penilaian_selectors.indikator_for(penilaian, nomor)
    butir = penilaian_selectors.butir_for(indikator, request.POST.get("butir", ""))
    # An item's messages also show at the item (the page opens there), tagged with its code.
    tag = butir.kode if butir else ""
    try:
        simpan_unggahan(
            request,
            lambda data, nama: penilaian_services.bukti_upload(
                penilaian=penilaian,
                indikator=indikator,
                user=request.user,
                data=data,
                nama=nama,
                butir=butir,
            ),
            tag=tag,
        )
    except Terkunci as exc:
        raise PermissionDenied(str(exc)) from exc
    # The typed answer is saved after the files: an item's last file and the level it
    # makes claimable can go in one click.
    try:
        _isian_ikut_unggahan(request, penilaian, indikator)
    except Terkunci as exc:
        raise PermissionDenied(str(exc)) from exc
    anchor = f"butir-{butir.pk}" if butir else "bukti"
    return redirect(f"{reverse('evaluasi:jawaban', kwargs={'pk': pk, 'nomor': nomor})}#{anchor}")


@require_GET
@login_required
@xframe_options_sameorigin  # the inline preview is shown in an iframe of our own page
def bukti_unduh(request: HttpRequest, pk: int) -> HttpResponse:
    bukti = get_bukti_for_user(request.user, pk)
    inline = request.GET.get("pratinjau") == "1" and bukti.bisa_pratinjau
    nama = berkas.download_name(bukti.nama_asli, bukti.jenis)
    return send_private_file(bukti.path, content_type=bukti.jenis, filename=nama, inline=inline)


def _bukti_action(request: HttpRequest, pk: int, action) -> HttpResponse:
    bukti = get_bukti_for_user(request.user, pk, write=True)
    try:
        action(bukti=bukti, user=request.user)
    except Terkunci as exc:
        raise PermissionDenied(str(exc)) from exc
    except berkas.BerkasDitolak as exc:
        messages.error(request, str(exc))
    else:
        kata = "dihapus (dapat dipulihkan)" if bukti.dihapus_pada is None else "dipulihkan"
        messages.success(request, f"{bukti.nama_asli} {kata}.")
    jawaban = bukti.jawaban
    url = reverse(
        "evaluasi:jawaban", kwargs={"pk": jawaban.penilaian_id, "nomor": jawaban.indikator.nomor}
    )
    # Back to the item the file belongs to (its card shows it), or to the file list.
    return redirect(f"{url}#butir-{bukti.butir_id}" if bukti.butir_id else f"{url}#bukti")


@login_required
@require_POST
def bukti_hapus(request: HttpRequest, pk: int) -> HttpResponse:
    return _bukti_action(request, pk, penilaian_services.bukti_remove)


@login_required
@require_POST
def bukti_pulihkan(request: HttpRequest, pk: int) -> HttpResponse:
    return _bukti_action(request, pk, penilaian_services.bukti_restore)


@login_required
@require_POST
def penilaian_ajukan(request: HttpRequest, pk: int) -> HttpResponse:
    penilaian = get_penilaian_for_user(request.user, pk, write=True)
    try:  # refused before any confirmation: nothing to confirm
        penilaian_services.ensure_operator_can_edit(penilaian)
    except Terkunci as exc:
        raise PermissionDenied(str(exc)) from exc
    if not dikonfirmasi(request):
        detail = reverse("evaluasi:penilaian_detail", kwargs={"pk": penilaian.pk})
        return halaman_konfirmasi(
            request,
            judul=f"Ajukan penilaian mandiri — {penilaian.opd.nama}",
            akibat=ajukan_akibat(penilaian),
            tombol="Ya, ajukan",
            action=reverse("evaluasi:penilaian_ajukan", kwargs={"pk": penilaian.pk}),
            kembali=detail,
            kembali_label=penilaian.opd.singkatan or penilaian.opd.nama,
        )
    try:
        penilaian_services.penilaian_submit(penilaian=penilaian, user=request.user)
    except Terkunci as exc:
        raise PermissionDenied(str(exc)) from exc
    except (BelumLengkap, states.TransisiTidakSah) as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            "Penilaian mandiri diajukan. Evaluator akan diberi tahu lewat surel; "
            "unduh tanda terima untuk arsip Anda.",
        )
    return redirect("evaluasi:penilaian_detail", pk=penilaian.pk)


@require_GET
@login_required
def penilaian_tanda_terima(request: HttpRequest, pk: int) -> HttpResponse:
    """PDF receipt of a submission: what was submitted, when and by whom."""
    penilaian = get_penilaian_for_user(request.user, pk)
    if penilaian.diajukan_pada is None:
        raise PermissionDenied("Tanda terima tersedia setelah penilaian diajukan.")
    ctx = {
        "penilaian": penilaian,
        "pemda": settings.PEMDA_NAMA,
        "dicetak": timezone.now(),
        **penilaian_selectors.penilaian_overview(penilaian),
        "bukti": penilaian_selectors.penilaian_bukti(penilaian),
    }
    html = render_to_string("evaluasi/tanda_terima.html", ctx, request=request)
    import weasyprint  # heavy (Pango, fonts): loaded only when a PDF is asked for

    pdf = weasyprint.HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    tahun = penilaian.periode.tahun
    response["Content-Disposition"] = (
        f'attachment; filename="tanda-terima-{penilaian.opd.kode}-{tahun}.pdf"'
    )
    return response


@require_GET
@login_required
def penilaian_riwayat(request: HttpRequest, pk: int) -> HttpResponse:
    """The per-penilaian timeline: every change and every berita acara."""
    penilaian = get_penilaian_for_user(request.user, pk)
    lihat_final = may_see_final(request.user, penilaian.periode)
    jenis, nomor = request.GET.get("jenis", ""), request.GET.get("indikator", "").strip()
    ctx = {
        "penilaian": penilaian,
        "lihat_final": lihat_final,
        "jenis": jenis,
        "nomor": nomor,
        "querystring": paging.querystring(request),
        **penilaian_selectors.penilaian_timeline(
            penilaian,
            lihat_final=lihat_final,
            jenis=jenis,
            nomor=nomor,
            halaman=paging.nomor(request),
        ),
    }
    return render(request, "evaluasi/riwayat.html", ctx)


@role_required(Peran.ADMIN)
@require_http_methods(["GET", "POST"])
def pengingat(request: HttpRequest, pk: int) -> HttpResponse:
    """Kirim pengingat: remind a chosen group of the period now (each send is recorded)."""
    periode = penilaian_selectors.periode_get(pk)
    if request.method == "POST":
        jenis = request.POST.get("jenis", "")
        if jenis not in JenisPengingat.values:
            messages.error(request, "Pilih kelompok penerima pengingat.")
        elif not pengingat_rules.berlaku(periode, jenis):
            messages.error(request, "Pengingat ini tidak berlaku pada tahap periode sekarang.")
        else:
            n = pengingat_rules.kirim_manual(
                periode=periode, jenis=jenis, oleh=request.user, pesan=request.POST.get("pesan", "")
            )
            messages.success(request, f"Pengingat dikirim ke {n} pengguna.")
        return redirect("evaluasi:pengingat", pk=periode.pk)
    kelompok = [
        {
            "jenis": jenis,
            "label": jenis.label,
            "berlaku": pengingat_rules.berlaku(periode, jenis),
            "jumlah": len(pengingat_rules.sasaran(periode, jenis)),
        }
        for jenis in JenisPengingat
    ]
    terkirim = periode.pengingat.select_related("pengguna", "oleh").order_by("-pada", "-pk")[:50]
    return render(
        request,
        "evaluasi/pengingat.html",
        {
            "periode": periode,
            "kelompok": kelompok,
            "terkirim": terkirim,
            "hari_pengingat": ", ".join(map(str, settings.PENGINGAT_HARI)),
        },
    )


@require_GET
@login_required
def berita_acara_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """One berita acara as its own signed document (PDF). It carries both indices, so it is
    shown only to whoever may see final results of that period."""
    ba = BeritaAcara.objects.select_related("oleh").filter(pk=pk).first()
    if ba is None:
        raise Http404("Berita acara tidak ditemukan.")
    penilaian = get_penilaian_for_user(request.user, ba.penilaian_id)  # 404 outside scope
    if not may_see_final(request.user, penilaian.periode):
        raise PermissionDenied("Berita acara dapat dilihat setelah hasil dipublikasikan.")
    ctx = {
        "ba": ba,
        "penilaian": penilaian,
        "pemda": settings.PEMDA_NAMA,
        "kota": settings.PEMDA_KOTA,
        "waktu": timezone.localtime(ba.waktu),
        "dibuka": ba.jenis == JenisBeritaAcara.DIBUKA,
    }
    html = render_to_string("evaluasi/berita_acara.html", ctx, request=request)
    import weasyprint  # heavy (Pango, fonts): loaded only when a PDF is asked for

    pdf = weasyprint.HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="berita-acara-{penilaian.opd.kode}-{penilaian.periode.tahun}'
        f'-{ba.pk}.pdf"'
    )
    return response
