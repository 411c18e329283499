"""Pages of the roadmap's programs (Peta Rencana, SPEC §14) under /tindak-lanjut/program/: the
list with its filters, one program, the Koordinator's add/edit/remove, the workbook import
(upload → preview → confirm) and export, and the progress of one year, where the operators of
a responsible OPD report their rows. Who may do what: spbe_portal.access (access/program.py).
The uploaded workbook waits between preview and confirm as the crosswalk's does."""

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from evaluasi.galat import GalatEvaluasi
from evaluasi.models import Program, StatusKemajuan
from evaluasi.program import selectors, services
from evaluasi.program.buku_kerja import baca_xlsx, tulis_xlsx
from evaluasi.program.forms import ImporProgramForm, LaporKemajuanForm, ProgramForm
from opd import services as opd_services
from opd.models import Opd, Peran
from opd.spreadsheet import SpreadsheetError
from spbe_portal.access import (
    get_kemajuan_for_user,
    get_program_for_user,
    is_admin,
    may_report_kemajuan,
    may_see_final,
    menu_required,
    program_queryset_for_user,
    role_required,
    versi_for_kemajuan,
)
from spbe_portal.xlsx import XLSX_CONTENT_TYPE

SESSION_KEY = "impor_program"
TEMPLATE_IMPOR = "tindak/program/impor.html"
TEMPLATE_FORM = "tindak/program/form.html"
GALAT_DITAMPILKAN = 200


def _id(value: str | None) -> int | None:
    """An id or year from the query string; anything but plain digits is None."""
    return int(value) if value and value.isascii() and value.isdigit() else None


@require_GET
@menu_required("tindak")
def program_daftar(request: HttpRequest) -> HttpResponse:
    """The roadmap's programs the user may read, filtered by year, OPD and status."""
    user = request.user
    tahun = _id(request.GET.get("tahun"))
    opd_id = _id(request.GET.get("opd"))
    status = request.GET.get("status", "")
    if status not in StatusKemajuan.values:
        status = ""
    programs = selectors.daftar_program(
        program_queryset_for_user(user), tahun=tahun, opd_id=opd_id, status=status
    )
    for p in programs:
        # The chosen year's row, for its status column (None without a year).
        p.kemajuan_tahun = next((k for k in p.kemajuan.all() if k.tahun == tahun), None)
    ctx = {
        "programs": programs,
        "tahun": tahun,
        "opd_id": opd_id,
        "status": status,
        "daftar_tahun": selectors.tahun_tersedia(),
        # An operator's list is their OPD's already; the filter is for those who read all.
        "daftar_opd": []
        if user.peran == Peran.OPERATOR
        else Opd.objects.order_by("urutan", "nama"),
        "daftar_status": StatusKemajuan.choices,
        "boleh_kelola": is_admin(user),
    }
    return render(request, "tindak/program/daftar.html", ctx)


@require_GET
@menu_required("tindak")
def program_detail(request: HttpRequest, pk: int) -> HttpResponse:
    program = selectors.program_rinci(get_program_for_user(request.user, pk))
    ctx = {
        "program": program,
        "boleh_kelola": is_admin(request.user),
    }
    return render(request, "tindak/program/detail.html", ctx)


def _simpan(request: HttpRequest, form: ProgramForm) -> Program | None:
    """Save the valid form through the service; None with the refusal added to the form."""
    program = form.save(commit=False)
    try:
        return services.program_simpan(
            program=program,
            opd_ids=[o.pk for o in form.cleaned_data["opd"]],
            indikator_ids=[i.pk for i in form.cleaned_data["indikator"]],
            tahun=form.cleaned_data["tahun"],
            user=request.user,
        )
    except GalatEvaluasi as exc:
        form.add_error(None, str(exc))
        return None


@role_required(Peran.ADMIN)
@require_http_methods(["GET", "POST"])
def program_tambah(request: HttpRequest) -> HttpResponse:
    form = ProgramForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        program = _simpan(request, form)
        if program is not None:
            messages.success(request, f"Program “{program}” ditambahkan ke peta rencana.")
            return redirect("tindak:program_detail", pk=program.pk)
    return render(request, TEMPLATE_FORM, {"form": form, "program": None})


@role_required(Peran.ADMIN)
@require_http_methods(["GET", "POST"])
def program_ubah(request: HttpRequest, pk: int) -> HttpResponse:
    program = selectors.program_rinci(get_program_for_user(request.user, pk, write=True))
    form = ProgramForm(request.POST or None, instance=program)
    if request.method == "POST" and form.is_valid():
        saved = _simpan(request, form)
        if saved is not None:
            messages.success(request, f"Program “{saved}” disimpan.")
            return redirect("tindak:program_detail", pk=saved.pk)
    return render(request, TEMPLATE_FORM, {"form": form, "program": program})


@role_required(Peran.ADMIN)
@require_POST
def program_hapus(request: HttpRequest, pk: int) -> HttpResponse:
    program = get_program_for_user(request.user, pk, write=True)
    nama = str(program)
    services.program_hapus(program=program, user=request.user)
    messages.success(request, f"Program “{nama}” dihapus dari peta rencana.")
    return redirect("tindak:program_daftar")


# --- Workbook -------------------------------------------------------------------------------


def _berkas(programs, tahun, nama: str) -> HttpResponse:
    response = HttpResponse(tulis_xlsx(programs, tahun), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{nama}"'
    return response


@require_GET
@menu_required("tindak")
def program_ekspor(request: HttpRequest) -> HttpResponse:
    """The programs the user may read, in the roadmap table's shape (imports back)."""
    programs, tahun = selectors.program_ekspor(program_queryset_for_user(request.user))
    return _berkas(programs, tahun, f"peta-rencana-{timezone.localdate():%Y%m%d}.xlsx")


@role_required(Peran.ADMIN)
@require_GET
def program_templat(request: HttpRequest) -> HttpResponse:
    """The empty roadmap table: titles, year columns and the instructions sheet."""
    _, tahun = selectors.program_ekspor(Program.objects.none())
    return _berkas([], tahun, "templat-peta-rencana.xlsx")


def _baca(content: bytes):
    return baca_xlsx(content, acuan=selectors.acuan(), max_rows=settings.IMPORT_MAX_ROWS)


@role_required(Peran.ADMIN)
@require_http_methods(["GET", "POST"])
def program_impor(request: HttpRequest) -> HttpResponse:
    """The upload form; a POST reads the file and shows every row error (nothing kept) or the
    preview with its confirm button."""
    form = ImporProgramForm(request.POST or None, request.FILES or None)
    ctx: dict = {"form": form}
    if request.method != "POST" or not form.is_valid():
        return render(request, TEMPLATE_IMPOR, ctx)
    try:
        hasil = _baca(form.content)
    except SpreadsheetError as exc:
        form.add_error("berkas", str(exc))
        return render(request, TEMPLATE_IMPOR, ctx)
    rencana, galat_db = services.program_rencana(hasil.baris) if not hasil.galat else (None, [])
    galat = hasil.galat + galat_db
    nama_berkas = form.cleaned_data["berkas"].name
    ctx.update(
        hasil=hasil,
        galat=galat[:GALAT_DITAMPILKAN],
        jumlah_galat=len(galat),
        nama_berkas=nama_berkas,
        rencana=rencana,
    )
    if not galat:
        token = opd_services.pratinjau_simpan(
            request.session, SESSION_KEY, data=form.content, nama_berkas=nama_berkas
        )
        ctx["token"] = token
    return render(request, TEMPLATE_IMPOR, ctx)


@role_required(Peran.ADMIN)
@require_POST
def program_impor_konfirmasi(request: HttpRequest) -> HttpResponse:
    """Import the previewed file, read again (all rows or none)."""
    token = request.POST.get("token", "")
    entry, data = opd_services.pratinjau_ambil(request.session, SESSION_KEY, token)
    if data is None:
        messages.error(
            request, "Pratinjau tidak ditemukan atau sudah dipakai. Unggah ulang berkasnya."
        )
        return redirect("tindak:program_impor")
    try:
        hasil = _baca(data)
        if hasil.galat:
            raise SpreadsheetError("Isi berkas berubah sejak pratinjau. Unggah ulang berkasnya.")
        ringkasan = services.program_impor(rows=hasil.baris, user=request.user)
    except (SpreadsheetError, GalatEvaluasi) as exc:
        messages.error(request, str(exc))
        return redirect("tindak:program_impor")
    finally:
        opd_services.import_file_discard(token=token)
    messages.success(
        request,
        f"Peta rencana diimpor dari {entry['nama_berkas']}: {ringkasan.dibuat} program baru, "
        f"{ringkasan.diubah} diubah, {ringkasan.tetap} tetap.",
    )
    return redirect("tindak:program_daftar")


# --- Progress per year ----------------------------------------------------------------------


def _tahun_kemajuan(request: HttpRequest, daftar: list[int]) -> int | None:
    """The chosen year, else this year when programs run in it, else the latest such year."""
    pilihan = _id(request.GET.get("tahun"))
    if pilihan in daftar:
        return pilihan
    ini = timezone.localdate().year
    if ini in daftar:
        return ini
    return daftar[-1] if daftar else None


@require_GET
@menu_required("tindak")
def program_kemajuan(request: HttpRequest) -> HttpResponse:
    """The year's programs grouped by program, each with its status, OPDs and linked
    indicators' published values; the counts per status; a report form on the rows the user's
    OPD is responsible for."""
    user = request.user
    daftar_tahun = selectors.tahun_tersedia()
    tahun = _tahun_kemajuan(request, daftar_tahun)
    ctx: dict = {"tahun": tahun, "daftar_tahun": daftar_tahun, "kelompok": [], "ringkasan": None}
    if tahun is not None:
        ctx.update(
            selectors.halaman_kemajuan(
                program_queryset_for_user(user),
                tahun,
                boleh_lihat=lambda periode: may_see_final(user, periode),
                boleh_lapor=lambda opd_ids: may_report_kemajuan(user, opd_ids),
            )
        )
    selectors.pasang_pilihan_versi(
        ctx["kelompok"], lambda opd_ids: versi_for_kemajuan(user, opd_ids)
    )
    ctx["daftar_status"] = StatusKemajuan.choices
    return render(request, "tindak/program/kemajuan.html", ctx)


@menu_required("tindak")
@require_POST
def program_lapor(request: HttpRequest, pk: int) -> HttpResponse:
    """Report the progress of one year of a program (its responsible OPD's operators, Admin)."""
    kemajuan = get_kemajuan_for_user(request.user, pk, lapor=True)
    opd_ids = frozenset(kemajuan.program.opd.values_list("pk", flat=True))
    form = LaporKemajuanForm(request.POST, versi_qs=versi_for_kemajuan(request.user, opd_ids))
    url = f"{reverse('tindak:program_kemajuan')}?tahun={kemajuan.tahun}#kemajuan-{kemajuan.pk}"
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, f"{kemajuan.program} ({kemajuan.tahun}): {error}")
        return redirect(url)
    try:
        services.kemajuan_lapor(
            kemajuan=kemajuan,
            status=form.cleaned_data["status"],
            catatan=form.cleaned_data["catatan"],
            versi=form.cleaned_data["versi"],
            user=request.user,
        )
    except GalatEvaluasi as exc:
        messages.error(request, str(exc))
        return redirect(url)
    messages.success(request, f"Kemajuan {kemajuan.program} tahun {kemajuan.tahun} disimpan.")
    return redirect(url)
