"""Pages of the crosswalk (padanan): the map between two instruments grouped by the newer
instrument's indicators, its workbook, and (Admin) the upload → preview → confirm that
replaces it. Instruments are reference data every role reads, so is their crosswalk; only
Admins change it. The uploaded file waits between preview and confirm as the OPD import
keeps it (a private file named by a random token, listed in the session)."""

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from evaluasi.galat import GalatEvaluasi
from evaluasi.models import Instrumen
from evaluasi.padanan import selectors, services
from evaluasi.padanan.buku_kerja import baca_xlsx, tulis_xlsx
from evaluasi.padanan.forms import ImporPadananForm
from opd import services as opd_services
from opd.models import Peran
from opd.spreadsheet import SpreadsheetError
from spbe_portal.access import is_admin, menu_required, role_required
from spbe_portal.xlsx import XLSX_CONTENT_TYPE

SESSION_KEY = "impor_padanan"
TEMPLATE_IMPOR = "evaluasi/padanan/impor.html"
# Rows of the preview's error list; the count always covers them all.
GALAT_DITAMPILKAN = 200


def _id(value: str | None) -> int:
    """An id from the query string; anything but plain digits is 0 (matches nothing)."""
    return int(value) if value and value.isascii() and value.isdigit() else 0


def _instrumen(pk: int) -> Instrumen:
    try:
        return Instrumen.objects.get(pk=pk)
    except Instrumen.DoesNotExist:
        raise Http404("Instrumen tidak ditemukan.") from None


def _url_halaman(asal_id: int, tujuan_id: int) -> str:
    return f"{reverse('evaluasi:padanan')}?asal={asal_id}&tujuan={tujuan_id}"


@require_GET
@menu_required("instrumen")
def padanan(request: HttpRequest) -> HttpResponse:
    """The map of one pair of instruments (chosen, else the bundled pair, else the first pair
    that has one), grouped by the newer instrument's indicators."""
    pasangan = selectors.pasangan_padanan()
    asal_id, tujuan_id = _id(request.GET.get("asal")), _id(request.GET.get("tujuan"))
    asal = tujuan = None
    if asal_id and tujuan_id:
        asal, tujuan = _instrumen(asal_id), _instrumen(tujuan_id)
    elif (bawaan := selectors.pasangan_bawaan()) is not None:
        asal, tujuan = bawaan
    elif pasangan:
        asal, tujuan = pasangan[0].asal, pasangan[0].tujuan
    ctx = {
        "asal": asal,
        "tujuan": tujuan,
        "pasangan": pasangan,
        "daftar_instrumen": Instrumen.objects.order_by("nama", "kode"),
        "boleh_kelola": is_admin(request.user),
        "form": ImporPadananForm(),
    }
    if asal is not None and tujuan is not None and asal.pk != tujuan.pk:
        ctx.update(selectors.halaman_padanan(asal, tujuan))
    else:
        ctx["asal"] = ctx["tujuan"] = None
    return render(request, "evaluasi/padanan/daftar.html", ctx)


@require_GET
@menu_required("instrumen")
def padanan_ekspor(request: HttpRequest, asal: int, tujuan: int) -> HttpResponse:
    """The workbook of the map between two instruments (an empty one to start a new map)."""
    dari, ke = _instrumen(asal), _instrumen(tujuan)
    if dari.pk == ke.pk:
        raise Http404("Padanan menghubungkan dua instrumen yang berbeda.")
    content = tulis_xlsx(dari, ke, selectors.baris_padanan(dari.pk, ke.pk))
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="padanan-{dari.kode}-{ke.kode}.xlsx"'
    return response


def _baca(content: bytes):
    return baca_xlsx(content, cari=selectors.acuan_instrumen, max_rows=settings.IMPORT_MAX_ROWS)


@role_required(Peran.ADMIN)
@require_http_methods(["GET", "POST"])
def padanan_impor(request: HttpRequest) -> HttpResponse:
    """The upload form; a POST reads the file and shows every row error (nothing kept) or
    the preview of the replacement with its confirm button."""
    form = ImporPadananForm(request.POST or None, request.FILES or None)
    ctx = {"form": form}
    if request.method != "POST" or not form.is_valid():
        return render(request, TEMPLATE_IMPOR, ctx)
    try:
        hasil = _baca(form.content)
    except SpreadsheetError as exc:
        form.add_error("berkas", str(exc))
        return render(request, TEMPLATE_IMPOR, ctx)
    nama_berkas = form.cleaned_data["berkas"].name
    asal, tujuan = _instrumen(hasil.asal.id), _instrumen(hasil.tujuan.id)
    ctx.update(hasil=hasil, galat=hasil.galat[:GALAT_DITAMPILKAN], nama_berkas=nama_berkas)
    ctx.update(asal=asal, tujuan=tujuan)
    if not hasil.galat:
        ctx["rencana"] = services.padanan_rencana(
            asal=asal, tujuan=tujuan, rows=hasil.untuk_simpan()
        )
        token = opd_services.pratinjau_simpan(
            request.session,
            SESSION_KEY,
            data=form.content,
            asal=asal.pk,
            tujuan=tujuan.pk,
            nama_berkas=nama_berkas,
        )
        ctx["token"] = token
    return render(request, TEMPLATE_IMPOR, ctx)


@role_required(Peran.ADMIN)
@require_POST
def padanan_konfirmasi(request: HttpRequest) -> HttpResponse:
    """Replace the map with the previewed file, read again (all rows or none)."""
    token = request.POST.get("token", "")
    entry, data = opd_services.pratinjau_ambil(request.session, SESSION_KEY, token)
    if data is None:
        messages.error(
            request, "Pratinjau tidak ditemukan atau sudah dipakai. Unggah ulang berkasnya."
        )
        return redirect("evaluasi:padanan_impor")
    try:
        hasil = _baca(data)
        if hasil.galat or (hasil.asal.id, hasil.tujuan.id) != (entry["asal"], entry["tujuan"]):
            raise SpreadsheetError("Isi berkas berubah sejak pratinjau. Unggah ulang berkasnya.")
        asal, tujuan = _instrumen(hasil.asal.id), _instrumen(hasil.tujuan.id)
        ringkasan = services.padanan_ganti(
            asal=asal, tujuan=tujuan, rows=hasil.untuk_simpan(), user=request.user
        )
    except (SpreadsheetError, GalatEvaluasi) as exc:
        messages.error(request, str(exc))
        return redirect("evaluasi:padanan_impor")
    finally:
        opd_services.import_file_discard(token=token)
    messages.success(
        request,
        f"Padanan {asal.nama} → {tujuan.nama} diimpor dari {entry['nama_berkas']}: "
        f"{ringkasan.dibuat} baru, {ringkasan.diubah} diubah, {ringkasan.dihapus} dihapus, "
        f"{ringkasan.tetap} tetap.",
    )
    return redirect(_url_halaman(asal.pk, tujuan.pk))
