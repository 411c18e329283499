"""Pages of the network standard (SPEC §15). Thin: access decides through
`spbe_portal.access`, writes go through `services`, reads through `selectors`."""

import tablib
from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from evaluasi.dokumen import selectors as dokumen_selectors
from evaluasi.models import DokumenVersi
from evaluasi.penilaian import berkas
from jaringan.models import Koneksi
from jaringan.standar import aturan, selectors, services
from jaringan.standar.forms import YA, ButirForm, ChecklistForm, KoneksiForm, StandarForm
from opd.models import Peran
from spbe_portal import access
from spbe_portal.xlsx import XLSX_CONTENT_TYPE, dataset_bytes

PER_HALAMAN = 50
URUTAN_STATUS = {aturan.TIDAK_SESUAI: 0, aturan.BELUM_DIISI: 1, aturan.SESUAI: 2}
FILTER_REKAP = {
    "kurang": ("Belum memenuhi", {aturan.TIDAK_SESUAI, aturan.BELUM_DIISI}),
    aturan.TIDAK_SESUAI: ("Tidak sesuai", {aturan.TIDAK_SESUAI}),
    aturan.BELUM_DIISI: ("Belum diisi", {aturan.BELUM_DIISI}),
    aturan.SESUAI: ("Sesuai", {aturan.SESUAI}),
    "semua": ("Semua", set(aturan.LABEL)),
}


@require_GET
@access.menu_required("jaringan")
def standar_daftar(request: HttpRequest) -> HttpResponse:
    user = request.user
    return render(
        request,
        "jaringan/standar/daftar.html",
        {
            "daftar": selectors.standar_daftar(),
            "boleh_kelola": access.may_manage_jaringan(user),
            "opd_saya": user.opd if user.peran == Peran.OPERATOR and user.opd_id else None,
        },
    )


@require_http_methods(["GET", "POST"])
@access.menu_required("jaringan")
def standar_buat(request: HttpRequest) -> HttpResponse:
    access.ensure_standar_manage(request.user)
    form = StandarForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            standar = services.standar_buat(user=request.user, **form.cleaned_data)
        except services.StandarDitolak as exc:
            form.add_error(None, str(exc))
        else:
            n = standar.butir.count()
            messages.success(
                request,
                f"Standar jaringan tahun {standar.tahun} dibuat"
                + (f" dengan {n} butir dari tahun sebelumnya." if n else "."),
            )
            return redirect("jaringan:standar", pk=standar.pk)
    return render(request, "jaringan/standar/form.html", {"form": form, "judul": "Standar baru"})


@require_GET
@access.menu_required("jaringan")
def standar(request: HttpRequest, pk: int) -> HttpResponse:
    row = access.get_standar_for_user(request.user, pk)
    user = request.user
    return render(
        request,
        "jaringan/standar/rinci.html",
        {
            "standar": row,
            "butir": selectors.butir_dengan_jumlah(row),
            "boleh_kelola": access.may_manage_jaringan(user),
            "opd_saya": user.opd if user.peran == Peran.OPERATOR and user.opd_id else None,
        },
    )


def _form_butir(request, standar, form, butir=None) -> HttpResponse:
    return render(
        request,
        "jaringan/standar/form.html",
        {
            "form": form,
            "judul": "Ubah butir standar" if butir else "Butir standar baru",
            "standar": standar,
            "terkunci": bool(butir and butir.terjawab),
        },
    )


@require_http_methods(["GET", "POST"])
@access.menu_required("jaringan")
def standar_butir_tambah(request: HttpRequest, pk: int) -> HttpResponse:
    row = access.get_standar_for_user(request.user, pk, write=True)
    form = ButirForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.butir_simpan(standar=row, user=request.user, **form.cleaned_data)
        except services.StandarDitolak as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Butir standar ditambahkan.")
            return redirect("jaringan:standar", pk=row.pk)
    return _form_butir(request, row, form)


@require_http_methods(["GET", "POST"])
@access.menu_required("jaringan")
def standar_butir_ubah(request: HttpRequest, pk: int) -> HttpResponse:
    butir = access.get_butir_standar_for_user(request.user, pk, write=True)
    butir.terjawab = services.butir_terjawab(butir)
    form = ButirForm(request.POST or None, instance=butir, terkunci=bool(butir.terjawab))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.butir_simpan(standar=butir.standar, butir=butir, user=request.user, **data)
        except services.StandarDitolak as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Butir standar disimpan.")
            return redirect("jaringan:standar", pk=butir.standar_id)
    return _form_butir(request, butir.standar, form, butir)


@require_POST
@access.menu_required("jaringan")
def standar_butir_hapus(request: HttpRequest, pk: int) -> HttpResponse:
    butir = access.get_butir_standar_for_user(request.user, pk, write=True)
    try:
        services.butir_hapus(butir=butir, user=request.user)
    except services.StandarDitolak as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "Butir standar dihapus.")
    return redirect("jaringan:standar", pk=butir.standar_id)


def _isian(form: ChecklistForm, halaman, opd_id: int) -> dict[int, dict]:
    """The answered items of a valid checklist form, for `services.jawaban_simpan`: a chosen
    library document means its newest version, unless it is the one already linked."""
    data = form.cleaned_data
    dipilih = {int(data[f"dokumen_{b.pk}"]) for b in form.butir if data[f"dokumen_{b.pk}"]}
    terbaru = {}
    for v in (
        DokumenVersi.objects.filter(dokumen_id__in=dipilih, dokumen__opd_id=opd_id)
        .order_by("dokumen_id", "-nomor")
        .select_related("dokumen")
    ):
        terbaru.setdefault(v.dokumen_id, v)
    isian = {}
    for b in halaman.butir:
        if not data[f"terpenuhi_{b.pk}"]:
            continue  # not answered yet: nothing to keep
        j = b.jawaban_opd
        dok = data[f"dokumen_{b.pk}"]
        if not dok:
            versi = None
        elif j and j.bukti_id and str(j.bukti.dokumen_id) == dok:
            versi = j.bukti
        else:
            versi = terbaru.get(int(dok))
        upload = data[f"berkas_{b.pk}"]
        if upload is not None and upload.size > settings.BUKTI_MAX_BYTES:
            raise berkas.BerkasDitolak(
                f"{upload.name}: berkas terlalu besar; batasnya "
                f"{settings.BUKTI_MAX_BYTES // (1024 * 1024)} MB."
            )
        isian[b.pk] = {
            "terpenuhi": data[f"terpenuhi_{b.pk}"] == YA,
            "keterangan": data[f"keterangan_{b.pk}"],
            "versi": versi,
            "unggah": (upload.read(), upload.name) if upload is not None else None,
        }
    return isian


@require_http_methods(["GET", "POST"])
@access.menu_required("jaringan")
def standar_pemeriksaan(request: HttpRequest, tahun: int, opd: int) -> HttpResponse:
    """One OPD's page for a year: its checklist with evidence, its links, the outcome."""
    user = request.user
    opd_obj = access.get_opd_for_jaringan(user, opd, write=request.method == "POST")
    standar_obj = access.get_standar_tahun_for_user(user, tahun)
    boleh_ubah = access.may_change_jaringan_opd(user, opd_obj.pk)
    halaman = selectors.halaman_opd(opd_obj, standar_obj, access.dokumen_queryset_for_user(user))
    pustaka = dokumen_selectors.pilihan_dokumen(opd_obj.pk) if boleh_ubah else []
    jawaban = {b.pk: b.jawaban_opd for b in halaman.butir if b.jawaban_opd}
    form = ChecklistForm(
        request.POST or None,
        request.FILES or None,
        butir=halaman.butir,
        pustaka=pustaka,
        jawaban=jawaban,
    )
    if request.method == "POST":
        if form.is_valid():
            try:
                _, berubah = services.jawaban_simpan(
                    opd=opd_obj,
                    standar=standar_obj,
                    user=user,
                    isian=_isian(form, halaman, opd_obj.pk),
                )
            except (services.StandarDitolak, berkas.BerkasDitolak) as exc:
                messages.error(request, str(exc))
            else:
                if berubah:
                    messages.success(request, f"Checklist disimpan ({berubah} jawaban berubah).")
                else:
                    messages.info(request, "Tidak ada perubahan.")
                return redirect("jaringan:standar_pemeriksaan", tahun=tahun, opd=opd_obj.pk)
        else:
            messages.error(request, "Periksa kembali isian checklist.")
    return render(
        request,
        "jaringan/standar/pemeriksaan.html",
        {
            "opd": opd_obj,
            "standar": standar_obj,
            "halaman": halaman,
            "form": form,
            "boleh_ubah": boleh_ubah,
            "ada_koneksi_lalu": boleh_ubah
            and Koneksi.objects.filter(opd=opd_obj, tahun__lt=standar_obj.tahun).exists(),
            "bukti_max_mb": settings.BUKTI_MAX_BYTES // (1024 * 1024),
        },
    )


def _form_koneksi(request, opd, tahun, form, koneksi=None) -> HttpResponse:
    return render(
        request,
        "jaringan/standar/koneksi_form.html",
        {"form": form, "opd": opd, "tahun": tahun, "koneksi": koneksi},
    )


@require_http_methods(["GET", "POST"])
@access.menu_required("jaringan")
def standar_koneksi_tambah(request: HttpRequest, tahun: int, opd: int) -> HttpResponse:
    opd_obj = access.get_opd_for_jaringan(request.user, opd, write=True)
    access.get_standar_tahun_for_user(request.user, tahun)
    form = KoneksiForm(request.POST or None, instance=Koneksi(opd=opd_obj, tahun=tahun))
    if request.method == "POST" and form.is_valid():
        try:
            services.koneksi_simpan(koneksi=form.instance, user=request.user)
        except services.StandarDitolak as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Koneksi ditambahkan.")
            return redirect("jaringan:standar_pemeriksaan", tahun=tahun, opd=opd_obj.pk)
    return _form_koneksi(request, opd_obj, tahun, form)


@require_http_methods(["GET", "POST"])
@access.menu_required("jaringan")
def standar_koneksi_ubah(request: HttpRequest, pk: int) -> HttpResponse:
    koneksi = access.get_koneksi_for_user(request.user, pk, write=True)
    form = KoneksiForm(request.POST or None, instance=koneksi)
    if request.method == "POST" and form.is_valid():
        try:
            services.koneksi_simpan(koneksi=form.instance, user=request.user)
        except services.StandarDitolak as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Koneksi disimpan.")
            return redirect("jaringan:standar_pemeriksaan", tahun=koneksi.tahun, opd=koneksi.opd_id)
    return _form_koneksi(request, koneksi.opd, koneksi.tahun, form, koneksi)


@require_POST
@access.menu_required("jaringan")
def standar_koneksi_hapus(request: HttpRequest, pk: int) -> HttpResponse:
    koneksi = access.get_koneksi_for_user(request.user, pk, write=True)
    try:
        services.koneksi_hapus(koneksi=koneksi, user=request.user)
    except services.StandarDitolak as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"Koneksi “{koneksi.nama}” dihapus.")
    return redirect("jaringan:standar_pemeriksaan", tahun=koneksi.tahun, opd=koneksi.opd_id)


@require_POST
@access.menu_required("jaringan")
def standar_koneksi_salin(request: HttpRequest, tahun: int, opd: int) -> HttpResponse:
    opd_obj = access.get_opd_for_jaringan(request.user, opd, write=True)
    access.get_standar_tahun_for_user(request.user, tahun)
    try:
        n = services.koneksi_salin(opd=opd_obj, tahun=tahun, user=request.user)
    except services.StandarDitolak as exc:
        messages.error(request, str(exc))
    else:
        if n:
            messages.success(request, f"{n} koneksi disalin dari tahun sebelumnya.")
        else:
            messages.info(request, "Semua koneksi tahun sebelumnya sudah ada.")
    return redirect("jaringan:standar_pemeriksaan", tahun=tahun, opd=opd_obj.pk)


def _rekap(request, tahun):
    standar_obj = access.get_standar_tahun_for_user(request.user, tahun)
    baris = selectors.rekap(standar_obj, access.jaringan_opd_queryset_for_user(request.user))
    return standar_obj, baris


@require_GET
@access.menu_required("jaringan")
def standar_rekap(request: HttpRequest, tahun: int) -> HttpResponse:
    """The year's recap: counts, and the OPDs not meeting the standard with what they miss.
    An operator sees only their own OPD's line."""
    standar_obj, baris = _rekap(request, tahun)
    saring = request.GET.get("status", "kurang")
    if saring not in FILTER_REKAP:
        saring = "kurang"
    # The OPDs that fail first (what Diskominfo follows up), then those not filled in.
    terpilih = sorted(
        (r for r in baris if r.hasil.status in FILTER_REKAP[saring][1]),
        key=lambda r: URUTAN_STATUS[r.hasil.status],
    )
    page = Paginator(terpilih, PER_HALAMAN).get_page(request.GET.get("halaman"))
    return render(
        request,
        "jaringan/standar/rekap.html",
        {
            "standar": standar_obj,
            "jumlah": aturan.hitung(r.hasil for r in baris),
            "total": len(baris),
            "page": page,
            "saring": saring,
            "filter": [(k, v[0]) for k, v in FILTER_REKAP.items()],
            "querystring": f"status={saring}",
        },
    )


@require_GET
@access.menu_required("jaringan")
def standar_rekap_xlsx(request: HttpRequest, tahun: int) -> HttpResponse:
    standar_obj, baris = _rekap(request, tahun)
    data = tablib.Dataset(
        headers=[
            "OPD",
            "Status",
            "Butir belum terpenuhi",
            "Jenis koneksi",
            "Penyedia",
            "Bandwidth (Mbps)",
        ],
        title=f"Standar jaringan {standar_obj.tahun}",
    )
    for r in baris:
        data.append(
            [
                r.opd.nama,
                r.hasil.label,
                "; ".join(str(k) for k in r.hasil.kekurangan),
                "; ".join(f"{k.nama}: {k.get_jenis_display()}" for k in r.koneksi),
                "; ".join(k.penyedia for k in r.koneksi if k.penyedia),
                float(sum(k.bandwidth_mbps for k in r.koneksi)) if r.koneksi else None,
            ]
        )
    response = HttpResponse(dataset_bytes(data), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = (
        f'attachment; filename="rekap-standar-jaringan-{standar_obj.tahun}.xlsx"'
    )
    return response
