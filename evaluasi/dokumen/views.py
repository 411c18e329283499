"""Pages of the evidence library: an OPD's documents (search, filter by type and validity, a
new document), one document (details, versions, where it is used), a version's download, and
linking a document to an answer of a penilaian. Who may do what: spbe_portal.access."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from evaluasi.dokumen import selectors, services
from evaluasi.dokumen.forms import DokumenBaruForm, DokumenForm
from evaluasi.galat import Terkunci
from evaluasi.models import Dokumen, JenisDokumen
from evaluasi.penilaian import berkas
from evaluasi.penilaian import selectors as penilaian_selectors
from evaluasi.penilaian import services as penilaian_services
from opd.models import Opd, Peran
from spbe_portal.access import (
    dokumen_queryset_for_user,
    get_dokumen_for_user,
    get_dokumen_versi_for_user,
    get_penilaian_for_user,
    is_admin,
    may_change_dokumen,
)
from spbe_portal.files import send_private_file

PEMDA = "pemda"


def _id(value: str | None) -> int | None:
    return int(value) if value and value.isascii() and value.isdigit() else None


def _pemilik(request: HttpRequest, data) -> tuple[bool, int | None, str]:
    """Whose library the page shows: (chosen, OPD id or None for the pemda's, label). An
    operator always sees their OPD's; the others may pick one OPD or the pemda's."""
    user = request.user
    if user.peran == Peran.OPERATOR:
        return True, user.opd_id, user.opd.nama if user.opd_id else ""
    pilihan = data.get("opd", "")
    if pilihan == PEMDA or (not pilihan and data is request.POST and is_admin(user)):
        # The Koordinator's own library is the pemda's.
        return True, None, "Pemerintah daerah"
    opd_id = _id(pilihan)
    if opd_id is not None:
        opd = Opd.objects.filter(pk=opd_id).first()
        if opd is not None:
            return True, opd.pk, opd.nama
    return False, None, ""


@login_required
@require_http_methods(["GET", "POST"])
def pustaka(request: HttpRequest) -> HttpResponse:
    user = request.user
    dipilih, opd_id, nama_pemilik = _pemilik(request, request.GET)
    form = None
    if request.method == "POST":
        dipilih, opd_id, nama_pemilik = _pemilik(request, request.POST)
        if not dipilih or not may_change_dokumen(user, opd_id):
            raise PermissionDenied(
                "Hanya operator OPD pemilik dan Admin yang dapat menambah dokumen."
            )
        form = DokumenBaruForm(request.POST, request.FILES)
        dokumen = _buat(request, form, opd_id)
        if dokumen is not None:
            messages.success(request, f"Dokumen {dokumen.judul} ditambahkan ke pustaka.")
            return redirect("evaluasi:dokumen", pk=dokumen.pk)
    qs = dokumen_queryset_for_user(user)
    if dipilih:
        qs = qs.filter(opd__isnull=True) if opd_id is None else qs.filter(opd_id=opd_id)
    hari_ini = timezone.localdate()
    page = selectors.daftar_dokumen(
        qs,
        hari_ini=hari_ini,
        cari=request.GET.get("q", ""),
        jenis=request.GET.get("jenis", ""),
        keadaan=request.GET.get("keadaan", ""),
        halaman=request.GET.get("halaman", 1),
    )
    boleh_tambah = dipilih and may_change_dokumen(user, opd_id)
    ctx = {
        "page": page,
        "dipilih": dipilih,
        "opd_id": opd_id,
        "nama_pemilik": nama_pemilik,
        "kode_pemilik": PEMDA if opd_id is None else str(opd_id),
        "pilih_pemilik": user.peran != Peran.OPERATOR,
        "daftar_opd": Opd.objects.filter(aktif=True).order_by("urutan", "nama").values("pk", "nama")
        if user.peran != Peran.OPERATOR
        else [],
        "boleh_tambah": boleh_tambah,
        "form": form or (DokumenBaruForm() if boleh_tambah else None),
        "jenis_pilihan": JenisDokumen.choices,
        "keadaan_pilihan": selectors.Keadaan.PILIHAN,
        "q": request.GET.get("q", ""),
        "jenis": request.GET.get("jenis", ""),
        "keadaan": request.GET.get("keadaan", ""),
        "maks_mb": settings.BUKTI_MAX_BYTES // (1024 * 1024),
    }
    return render(request, "evaluasi/dokumen/pustaka.html", ctx)


def _berkas_dari(request: HttpRequest, form) -> tuple[bytes, str] | None:
    upload = request.FILES.get("berkas")
    if upload is None:
        return None
    if upload.size > settings.BUKTI_MAX_BYTES:
        form.add_error(
            "berkas",
            f"Berkas terlalu besar; batasnya {settings.BUKTI_MAX_BYTES // (1024 * 1024)} MB.",
        )
        return None
    return upload.read(), upload.name


def _buat(request: HttpRequest, form: DokumenBaruForm, opd_id: int | None):
    if not form.is_valid():
        return None
    isi = _berkas_dari(request, form)
    if isi is None:
        return None
    rincian = {k: v for k, v in form.cleaned_data.items() if k != "berkas"}
    try:
        return services.dokumen_buat(
            opd_id=opd_id, user=request.user, data=isi[0], nama=isi[1], **rincian
        )
    except berkas.BerkasDitolak as exc:
        form.add_error("berkas", str(exc))
        return None


@login_required
@require_http_methods(["GET", "POST"])
def dokumen(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    row = get_dokumen_for_user(user, pk, write=request.method == "POST")
    boleh_ubah = may_change_dokumen(user, row.opd_id)
    form = DokumenForm(instance=row) if boleh_ubah else None
    if request.method == "POST":
        # A copy for the form: an invalid post must not change what the page shows.
        form = DokumenForm(request.POST, instance=Dokumen.objects.get(pk=row.pk))
        if form.is_valid():
            services.dokumen_ubah(dokumen=row, user=user, **form.cleaned_data)
            messages.success(request, "Rincian dokumen disimpan.")
            return redirect("evaluasi:dokumen", pk=pk)
    rinci = selectors.dokumen_rinci(row)
    hari_ini = timezone.localdate()
    ctx = {
        "dokumen": row,
        "form": form,
        "boleh_ubah": boleh_ubah,
        "tanda": selectors.aturan.kesegaran(
            tanggal=row.tanggal, berlaku_sampai=row.berlaku_sampai, acuan=hari_ini
        ),
        "maks_mb": settings.BUKTI_MAX_BYTES // (1024 * 1024),
        "kembali": reverse("evaluasi:pustaka")
        + ("" if user.peran == Peran.OPERATOR else f"?opd={row.opd_id or PEMDA}"),
        **rinci,
    }
    return render(request, "evaluasi/dokumen/dokumen.html", ctx)


@login_required
@require_POST
def dokumen_versi_tambah(request: HttpRequest, pk: int) -> HttpResponse:
    row = get_dokumen_for_user(request.user, pk, write=True)
    upload = request.FILES.get("berkas")
    if upload is None:
        messages.error(request, "Pilih berkas versi baru.")
    elif upload.size > settings.BUKTI_MAX_BYTES:
        messages.error(
            request,
            f"{upload.name}: berkas terlalu besar; batasnya "
            f"{settings.BUKTI_MAX_BYTES // (1024 * 1024)} MB.",
        )
    else:
        try:
            versi = services.versi_tambah(
                dokumen=row, user=request.user, data=upload.read(), nama=upload.name
            )
        except berkas.BerkasDitolak as exc:
            messages.error(request, f"{upload.name}: {exc}")
        else:
            messages.success(
                request,
                f"Versi {versi.nomor} diunggah. Bukti yang sudah ditautkan tetap memakai versi "
                "yang dinilai; tautkan ulang bila versi baru yang berlaku.",
            )
    return redirect("evaluasi:dokumen", pk=pk)


@require_GET
@login_required
@xframe_options_sameorigin
def dokumen_versi_unduh(request: HttpRequest, pk: int) -> HttpResponse:
    versi = get_dokumen_versi_for_user(request.user, pk)
    inline = request.GET.get("pratinjau") == "1" and versi.bisa_pratinjau
    nama = berkas.download_name(versi.nama_asli, versi.jenis)
    return send_private_file(versi.path, content_type=versi.jenis, filename=nama, inline=inline)


@login_required
@require_POST
def bukti_tautkan(request: HttpRequest, pk: int, nomor: int) -> HttpResponse:
    """Link a document of the OPD's library to the indicator (or one of its items)."""
    penilaian = get_penilaian_for_user(request.user, pk, write=True)
    indikator = penilaian_selectors.indikator_for(penilaian, nomor)
    # Every target is checked before anything is linked: another indicator's item is a 404.
    sasaran = [
        penilaian_selectors.butir_for(indikator, v) for v in request.POST.getlist("butir") if v
    ] or [None]
    row = get_dokumen_for_user(request.user, _id(request.POST.get("dokumen")) or 0)
    for butir in dict.fromkeys(sasaran):
        tag = butir.kode if butir else ""
        try:
            penilaian_services.bukti_tautkan(
                penilaian=penilaian,
                indikator=indikator,
                dokumen=row,
                user=request.user,
                butir=butir,
            )
        except Terkunci as exc:
            raise PermissionDenied(str(exc)) from exc
        except berkas.BerkasDitolak as exc:
            messages.error(request, str(exc), extra_tags=tag)
        else:
            tempat = f"butir {butir.kode}" if butir else "indikator ini"
            messages.success(request, f"{row.judul} ditautkan ke {tempat}.", extra_tags=tag)
    anchor = f"butir-{sasaran[0].pk}" if len(sasaran) == 1 and sasaran[0] else "bukti"
    return redirect(f"{reverse('evaluasi:jawaban', kwargs={'pk': pk, 'nomor': nomor})}#{anchor}")
