"""Pages of the national results (Koordinator = Admin only): the rounds imported so far, the
template, and the upload → preview → confirm of one round. The uploaded file waits between
preview and confirm as the OPD import keeps it (a private file named by a random token,
listed in the session) and is read again on confirm."""

from datetime import date

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from evaluasi.galat import GalatEvaluasi
from evaluasi.instansi import putaran as putaran_services
from evaluasi.instansi.forms_hasil import HasilNasionalForm
from evaluasi.instansi.hasil_nasional import REVISI, baca, tulis_templat
from evaluasi.instansi.selectors import penilaian_instansi
from evaluasi.models import PenilaianInstansi
from evaluasi.penilaian.selectors import periode_get
from opd import services as opd_services
from opd.models import Peran
from opd.spreadsheet import SpreadsheetError
from spbe_portal.access import role_required
from spbe_portal.xlsx import XLSX_CONTENT_TYPE

SESSION_KEY = "hasil_nasional"
TEMPLATE = "evaluasi/instansi/hasil_nasional.html"
# Rows of the preview's error list; the count always covers them all.
GALAT_DITAMPILKAN = 200


def _penilaian_instansi(pk: int) -> PenilaianInstansi:
    penilaian = penilaian_instansi(periode_get(pk))
    if penilaian is None:
        raise Http404("Penilaian instansi dibuat saat periode dibuka.")
    return penilaian


def _ctx(penilaian: PenilaianInstansi, form: HasilNasionalForm) -> dict:
    return {
        "periode": penilaian.periode,
        "penilaian": penilaian,
        "form": form,
        "daftar": putaran_services.daftar_putaran(penilaian),
        "nomor_berikut": putaran_services.nomor_berikut(penilaian),
    }


@role_required(Peran.ADMIN)
@require_http_methods(["GET", "POST"])
def hasil_nasional(request: HttpRequest, pk: int) -> HttpResponse:
    """The rounds so far and the upload form; a POST reads the file and shows its preview."""
    penilaian = _penilaian_instansi(pk)
    nomor = putaran_services.nomor_berikut(penilaian)
    form = HasilNasionalForm(
        request.POST or None,
        request.FILES or None,
        initial={"nama": putaran_services.nama_bawaan(nomor)},
    )
    ctx = _ctx(penilaian, form)
    if request.method != "POST" or not form.is_valid():
        return render(request, TEMPLATE, ctx)
    acuan = putaran_services.acuan(penilaian.periode.instrumen)
    try:
        rows = baca(form.content, acuan, max_rows=settings.IMPORT_MAX_ROWS)
    except SpreadsheetError as exc:
        form.add_error("berkas", str(exc))
        return render(request, TEMPLATE, ctx)
    nama_berkas = form.cleaned_data["berkas"].name
    token = ""
    if not rows.galat:
        token = opd_services.pratinjau_simpan(
            request.session,
            SESSION_KEY,
            data=form.content,
            penilaian=penilaian.pk,
            nomor=nomor,
            nama=form.cleaned_data["nama"],
            batas=form.cleaned_data["batas"].isoformat() if form.cleaned_data["batas"] else "",
            nama_berkas=nama_berkas,
        )
    ctx.update(
        pratinjau=rows,
        galat=rows.galat[:GALAT_DITAMPILKAN],
        token=token,
        nama_berkas=nama_berkas,
        nama=form.cleaned_data["nama"],
        batas=form.cleaned_data["batas"],
        nomor=nomor,
        indeks=putaran_services.indeks_pratinjau(penilaian, rows) if not rows.galat else None,
        tanpa_pengampu=putaran_services.revisi_tanpa_pengampu(penilaian, rows)
        if not rows.galat
        else [],
        revisi=[r for r in rows.butir if r.putusan == REVISI],
    )
    return render(request, TEMPLATE, ctx)


@role_required(Peran.ADMIN)
@require_POST
def hasil_nasional_konfirmasi(request: HttpRequest, pk: int) -> HttpResponse:
    penilaian = _penilaian_instansi(pk)
    token = request.POST.get("token", "")
    entry, data = opd_services.pratinjau_ambil(request.session, SESSION_KEY, token)
    if entry and entry["penilaian"] != penilaian.pk:
        opd_services.import_file_discard(token=token)
        data = None
    if data is None:
        messages.error(
            request, "Pratinjau tidak ditemukan atau sudah dipakai. Unggah ulang berkasnya."
        )
        return redirect("evaluasi:hasil_nasional", pk=pk)
    try:
        rows = baca(
            data,
            putaran_services.acuan(penilaian.periode.instrumen),
            max_rows=settings.IMPORT_MAX_ROWS,
        )
        putaran = putaran_services.putaran_impor(
            penilaian_instansi=penilaian,
            rows=rows,
            nama=entry["nama"],
            batas=date.fromisoformat(entry["batas"]) if entry["batas"] else None,
            user=request.user,
            nama_berkas=entry["nama_berkas"],
            nomor=entry["nomor"],
        )
    except (SpreadsheetError, GalatEvaluasi) as exc:
        messages.error(request, str(exc))
        return redirect("evaluasi:hasil_nasional", pk=pk)
    finally:
        opd_services.import_file_discard(token=token)
    messages.success(
        request,
        f"{putaran.nama} diimpor: {rows.jumlah_diterima} butir diterima, "
        f"{rows.jumlah_revisi} butir revisi, {rows.jumlah_bernilai} indikator bernilai.",
    )
    return redirect("evaluasi:hasil_nasional", pk=pk)


@role_required(Peran.ADMIN)
@require_GET
def hasil_nasional_templat(request: HttpRequest, pk: int) -> HttpResponse:
    penilaian = _penilaian_instansi(pk)
    periode = penilaian.periode
    content = tulis_templat(
        putaran_services.acuan(periode.instrumen),
        judul=f"{periode.nama} · {periode.instrumen.nama}",
    )
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = (
        f'attachment; filename="hasil-nasional-{periode.tahun}-templat.xlsx"'
    )
    return response
