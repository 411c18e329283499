"""Pages of the roadmap's targets under /tindak-lanjut/target/: the list (filters, export),
add/edit/delete and the workbook import (upload → preview → confirm) for Admins. Everyone
signed in reads the pemda's targets; an OPD's targets only those whose scope holds the OPD
(spbe_portal.access.target). The uploaded file waits between preview and confirm as the
crosswalk import keeps it (a private file named by a random token, listed in the session)."""

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from evaluasi.galat import GalatEvaluasi
from evaluasi.models import Instrumen
from evaluasi.target import selectors, services
from evaluasi.target.buku_kerja import baca_xlsx, tulis_xlsx
from evaluasi.target.forms import ImporTargetForm, TargetForm
from opd import services as opd_services
from opd.spreadsheet import SpreadsheetError
from spbe_portal import access
from spbe_portal.konfirmasi import dikonfirmasi, halaman_konfirmasi
from spbe_portal.xlsx import XLSX_CONTENT_TYPE

SESSION_KEY = "impor_target"
TEMPLATE_IMPOR = "tindak/target/impor.html"
TEMPLATE_FORM = "tindak/target/form.html"
PER_HALAMAN = 100
GALAT_DITAMPILKAN = 200


def _id(value: str | None) -> int:
    """An id or year from the query string; anything but a few plain digits is 0."""
    return int(value) if value and value.isascii() and value.isdigit() and len(value) < 10 else 0


def _filter(request: HttpRequest) -> dict:
    cakupan = request.GET.get("cakupan", "")
    return {
        "tahun": _id(request.GET.get("tahun")) or None,
        "instrumen_id": _id(request.GET.get("instrumen")) or None,
        "cakupan": cakupan if cakupan in (selectors.CAKUPAN_PEMDA, selectors.CAKUPAN_OPD) else "",
        "opd_id": _id(request.GET.get("opd")) or None,
    }


def _daftar(request: HttpRequest):
    return selectors.daftar_target(
        access.target_queryset_for_user(request.user), **_filter(request)
    )


@require_GET
@access.menu_required("tindak")
def target(request: HttpRequest) -> HttpResponse:
    """The targets the user may read, by year and instrument (filters), 100 a page."""
    page = Paginator(_daftar(request), PER_HALAMAN).get_page(request.GET.get("halaman", 1))
    paging = request.GET.copy()
    paging.pop("halaman", None)
    ctx = {
        "page": page,
        "filter": _filter(request),
        "daftar_tahun": selectors.tahun_target(),
        "daftar_instrumen": list(Instrumen.objects.order_by("nama").only("pk", "nama")),
        "daftar_opd": selectors.opd_pilihan(access.target_opd_queryset_for_user(request.user)),
        "boleh_kelola": access.may_manage_target(request.user),
        "querystring": paging.urlencode(),
    }
    return render(request, "tindak/target/daftar.html", ctx)


@require_GET
@access.menu_required("tindak")
def target_ekspor(request: HttpRequest) -> HttpResponse:
    """The list as filtered, as a workbook that imports back unchanged."""
    content = tulis_xlsx(_daftar(request), selectors.acuan_impor())
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = 'attachment; filename="target-indeks.xlsx"'
    return response


@require_GET
@access.menu_required("tindak")
def target_templat(request: HttpRequest) -> HttpResponse:
    """The empty workbook with the instruments' domains and aspects (Admin)."""
    access.ensure_target_manage(request.user)
    response = HttpResponse(tulis_xlsx([], selectors.acuan_impor()), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = 'attachment; filename="templat-target-indeks.xlsx"'
    return response


def _form_page(request: HttpRequest, form: TargetForm, target=None) -> HttpResponse:
    return render(request, TEMPLATE_FORM, {"form": form, "target": target})


@require_http_methods(["GET", "POST"])
@access.menu_required("tindak")
def target_tambah(request: HttpRequest) -> HttpResponse:
    """Add a target; the same key again changes that target (a second click adds nothing)."""
    access.ensure_target_manage(request.user)
    form = TargetForm(request.POST or None)
    if request.method != "POST" or not form.is_valid():
        return _form_page(request, form)
    try:
        obj = services.target_simpan(data=form.data_target(), user=request.user)
    except GalatEvaluasi as exc:
        form.add_error(None, str(exc))
        return _form_page(request, form)
    messages.success(request, f"Target {obj.tahun} disimpan: {obj.nilai}.".replace(".", ",", 1))
    return redirect(f"{reverse('tindak:target')}?tahun={obj.tahun}")


@require_http_methods(["GET", "POST"])
@access.menu_required("tindak")
def target_ubah(request: HttpRequest, pk: int) -> HttpResponse:
    obj = access.get_target_for_user(request.user, pk, write=True)
    form = TargetForm(request.POST or None, target=obj)
    if request.method != "POST" or not form.is_valid():
        return _form_page(request, form, obj)
    try:
        obj = services.target_simpan(data=form.data_target(), user=request.user, target=obj)
    except GalatEvaluasi as exc:
        form.add_error(None, str(exc))
        return _form_page(request, form, obj)
    messages.success(request, "Target diubah.")
    return redirect(f"{reverse('tindak:target')}?tahun={obj.tahun}")


@require_POST
@access.menu_required("tindak")
def target_hapus(request: HttpRequest, pk: int) -> HttpResponse:
    """Delete after a server-side confirmation (the first POST shows what goes)."""
    obj = access.get_target_for_user(request.user, pk, write=True)
    kembali = f"{reverse('tindak:target')}?tahun={obj.tahun}"
    if not dikonfirmasi(request):
        return halaman_konfirmasi(
            request,
            judul=f"Hapus target {obj.tahun}?",
            akibat=[
                f"{obj.cakupan} ({obj.instrumen.nama}): target {obj.nilai} dihapus.",
                "Dasbor tidak lagi menampilkan target ini; riwayatnya tetap di Log aktivitas.",
            ],
            tombol="Hapus target",
            action=reverse("tindak:target_hapus", args=[obj.pk]),
            kembali=kembali,
            kembali_label="Batal",
            bahaya=True,
        )
    services.target_hapus(target=obj, user=request.user)
    messages.success(request, "Target dihapus.")
    return redirect(kembali)


def _baca(content: bytes):
    return baca_xlsx(content, acuan=selectors.acuan_impor(), max_rows=settings.IMPORT_MAX_ROWS)


@require_http_methods(["GET", "POST"])
@access.menu_required("tindak")
def target_impor(request: HttpRequest) -> HttpResponse:
    """The upload form; a POST reads the file and shows every row error (nothing kept) or the
    preview with its confirm button."""
    access.ensure_target_manage(request.user)
    form = ImporTargetForm(request.POST or None, request.FILES or None)
    ctx = {"form": form}
    if request.method != "POST" or not form.is_valid():
        return render(request, TEMPLATE_IMPOR, ctx)
    try:
        hasil = _baca(form.content)
    except SpreadsheetError as exc:
        form.add_error("berkas", str(exc))
        return render(request, TEMPLATE_IMPOR, ctx)
    nama_berkas = form.cleaned_data["berkas"].name
    ctx.update(hasil=hasil, galat=hasil.galat[:GALAT_DITAMPILKAN], nama_berkas=nama_berkas)
    if not hasil.galat:
        ctx["rencana"] = services.target_rencana(rows=hasil.untuk_simpan())
        token = opd_services.pratinjau_simpan(
            request.session, SESSION_KEY, data=form.content, nama_berkas=nama_berkas
        )
        ctx["token"] = token
    return render(request, TEMPLATE_IMPOR, ctx)


@require_POST
@access.menu_required("tindak")
def target_impor_konfirmasi(request: HttpRequest) -> HttpResponse:
    """Write the previewed file, read again (all rows or none)."""
    access.ensure_target_manage(request.user)
    token = request.POST.get("token", "")
    entry, data = opd_services.pratinjau_ambil(request.session, SESSION_KEY, token)
    if data is None:
        messages.error(
            request, "Pratinjau tidak ditemukan atau sudah dipakai. Unggah ulang berkasnya."
        )
        return redirect("tindak:target_impor")
    try:
        hasil = _baca(data)
        if hasil.galat:
            raise SpreadsheetError("Isi berkas berubah sejak pratinjau. Unggah ulang berkasnya.")
        ringkasan = services.target_impor(
            rows=hasil.untuk_simpan(), user=request.user, nama_berkas=entry["nama_berkas"]
        )
    except (SpreadsheetError, GalatEvaluasi) as exc:
        messages.error(request, str(exc))
        return redirect("tindak:target_impor")
    finally:
        opd_services.import_file_discard(token=token)
    messages.success(
        request,
        f"Target diimpor dari {entry['nama_berkas']}: {ringkasan.dibuat} baru, "
        f"{ringkasan.diubah} diubah, {ringkasan.tetap} tetap.",
    )
    return redirect("tindak:target")
