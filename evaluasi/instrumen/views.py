"""Pages of the instruments: list, tree, spreadsheet export and import, copy to a new year,
the default instrument, criteria editing, and the index simulator."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from evaluasi import saran, scoring
from evaluasi.instrumen import selectors as instrumen_selectors
from evaluasi.instrumen import services as instrumen_services
from evaluasi.instrumen.buku_kerja import read_xlsx, write_xlsx
from evaluasi.instrumen.forms import InstrumenImportForm, KriteriaForm, SimulasiForm
from evaluasi.models import Instrumen, KriteriaLevel
from opd.models import Peran
from opd.spreadsheet import SpreadsheetError
from spbe_portal.access import (
    is_admin,
    menu_required,
    role_required,
)


def _get_instrumen(pk: int) -> Instrumen:
    # Instruments are shared reference data: every role may read every instrument.
    try:
        return Instrumen.objects.get(pk=pk)
    except Instrumen.DoesNotExist:
        raise Http404("Instrumen tidak ditemukan.") from None


@require_GET
@menu_required("instrumen")
def instrumen_daftar(request: HttpRequest) -> HttpResponse:
    ctx = {"daftar": instrumen_selectors.instrumen_list(), "boleh_kelola": is_admin(request.user)}
    return render(request, "evaluasi/instrumen_daftar.html", ctx)


@require_GET
@menu_required("instrumen")
def instrumen_detail(request: HttpRequest, pk: int) -> HttpResponse:
    instrumen = _get_instrumen(pk)
    ctx = {
        "instrumen": instrumen,
        "boleh_kelola": is_admin(request.user),
        **instrumen_selectors.instrumen_tree(instrumen, with_butir=True),
    }
    return render(request, "evaluasi/instrumen_detail.html", ctx)


@require_GET
@menu_required("instrumen")
def instrumen_ekspor(request: HttpRequest, pk: int) -> HttpResponse:
    instrumen = _get_instrumen(pk)
    content = write_xlsx(instrumen_selectors.instrumen_data(instrumen))
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="instrumen-{instrumen.kode}.xlsx"'
    return response


@role_required(Peran.ADMIN)
@require_http_methods(["GET", "POST"])
def instrumen_impor(request: HttpRequest) -> HttpResponse:
    form = InstrumenImportForm(request.POST or None, request.FILES or None)
    ctx = {"form": form, "galat": []}
    if request.method == "POST" and form.is_valid():
        try:
            data, galat = read_xlsx(form.content, max_rows=settings.IMPORT_MAX_ROWS)
        except SpreadsheetError as exc:
            form.add_error("berkas", str(exc))
            return render(request, "evaluasi/instrumen_impor.html", ctx)
        if galat:
            ctx["galat"] = galat
            return render(request, "evaluasi/instrumen_impor.html", ctx)
        try:
            instrumen = instrumen_services.instrumen_save(data=data)
        except instrumen_services.InstrumenTerkunci as exc:
            form.add_error("berkas", str(exc))
            return render(request, "evaluasi/instrumen_impor.html", ctx)
        messages.success(request, f"Instrumen {instrumen.nama} tersimpan.")
        return redirect("evaluasi:instrumen_detail", pk=instrumen.pk)
    return render(request, "evaluasi/instrumen_impor.html", ctx)


@role_required(Peran.ADMIN)
@require_POST
def instrumen_salin(request: HttpRequest, pk: int) -> HttpResponse:
    instrumen = _get_instrumen(pk)
    versi = Instrumen.objects.filter(kode__startswith=f"{instrumen.kode}-v").count() + 2
    while Instrumen.objects.filter(kode=f"{instrumen.kode}-v{versi}").exists():
        versi += 1
    salinan = instrumen_services.instrumen_copy(
        instrumen=instrumen,
        data=instrumen_selectors.instrumen_data(instrumen),
        kode=f"{instrumen.kode}-v{versi}",
        nama=f"{instrumen.nama} (versi {versi})",
    )
    messages.success(request, f"Salinan {salinan.nama} dibuat dan dapat diubah.")
    return redirect("evaluasi:instrumen_detail", pk=salinan.pk)


@role_required(Peran.ADMIN)
@require_POST
def instrumen_bawaan(request: HttpRequest, pk: int) -> HttpResponse:
    instrumen = _get_instrumen(pk)
    instrumen_services.instrumen_set_default(instrumen=instrumen)
    messages.success(request, f"{instrumen.nama} menjadi instrumen bawaan.")
    return redirect("evaluasi:instrumen_detail", pk=instrumen.pk)


@role_required(Peran.ADMIN)
@require_http_methods(["GET", "POST"])
def kriteria_ubah(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        kriteria = KriteriaLevel.objects.select_related("indikator__instrumen").get(pk=pk)
    except KriteriaLevel.DoesNotExist:
        raise Http404("Kriteria tidak ditemukan.") from None
    instrumen = kriteria.indikator.instrumen
    if instrumen.terkunci:
        raise PermissionDenied(str(instrumen_services.InstrumenTerkunci(instrumen)))
    initial = {"nama": kriteria.nama, "deskripsi": kriteria.deskripsi, "bukti": kriteria.bukti}
    form = KriteriaForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        instrumen_services.kriteria_update(kriteria=kriteria, **form.cleaned_data)
        messages.success(
            request,
            f"Kriteria indikator {kriteria.indikator.nomor} level {kriteria.level} disimpan.",
        )
        url = reverse("evaluasi:instrumen_detail", kwargs={"pk": instrumen.pk})
        return redirect(f"{url}#indikator-{kriteria.indikator.nomor}")
    ctx = {"form": form, "kriteria": kriteria, "instrumen": instrumen}
    return render(request, "evaluasi/kriteria_form.html", ctx)


def _simulasi_context(request: HttpRequest) -> dict:
    pilihan = instrumen_selectors.instrumen_list().order_by("-bawaan", "nama")
    pk = request.POST.get("instrumen") or request.GET.get("instrumen")
    instrumen = None
    if pk and str(pk).isascii() and str(pk).isdigit():
        instrumen = pilihan.filter(pk=pk).first()
    instrumen = instrumen or instrumen_selectors.instrumen_default() or pilihan.first()
    if instrumen is None:
        return {"instrumen": None, "pilihan": pilihan}
    tree = instrumen_selectors.instrumen_tree(instrumen)
    definition = instrumen_selectors.scoring_def(instrumen)
    bound = request.method == "POST"
    data = request.POST.copy() if bound else None
    isi = data.get("isi", "") if data is not None else ""
    pecahan = instrumen_selectors.nilai_pecahan(instrumen, tree)
    if isi in {"0", "1", "2", "3", "4", "5"}:
        # "Isi semua level n": every applicable indicator gets the same level.
        for n in definition.nomor:
            data[f"l_{n}"] = "" if isi == "0" and pecahan else isi
    form = SimulasiForm(data, nomor=definition.nomor, pecahan=pecahan)
    ctx = {"instrumen": instrumen, "pilihan": pilihan, "form": form, "pecahan": pecahan, **tree}
    if bound and form.is_valid():
        ctx["hasil"] = scoring.hitung(definition, form.levels, form.na)
        ctx["gap"] = scoring.analisis_gap(
            definition, form.levels, form.na, maks_naik=settings.SARAN_MAKS_NAIK or None
        )
        ctx["levels"] = form.levels
        ctx["na"] = form.na
    else:
        ctx["levels"] = dict.fromkeys(definition.nomor, 0)
        ctx["na"] = set()
    ctx["warna"] = {p.nama: p.warna for p in tree["predikat"]}
    ctx["nama_aspek"] = {a.nomor: a.nama for d in tree["domain"] for a in d["aspek"]}
    ctx["nama_domain"] = {
        d["domain"].nomor: d["domain"].nama for d in tree["domain"] if d["domain"]
    }
    ctx["nama_indikator"] = {
        i.nomor: i.nama for d in tree["domain"] for a in d["aspek"] for i in a.indikator.all()
    }
    if "gap" in ctx:
        bukti = {
            (i.nomor, k.level): k.daftar_bukti
            for d in tree["domain"]
            for a in d["aspek"]
            for i in a.indikator.all()
            for k in i.kriteria.all()
        }
        rencana = saran.saran(ctx["gap"], ctx["nama_indikator"], bukti)
        ctx.update(saran=rencana.kalimat, rencana=rencana.langkah)
    return ctx


@menu_required("simulasi")
@require_http_methods(["GET", "POST"])
def simulasi(request: HttpRequest) -> HttpResponse:
    """The simulator page; a plain POST (no JavaScript) recomputes and re-renders it."""
    return render(request, "evaluasi/simulasi.html", _simulasi_context(request))


@menu_required("simulasi")
@require_POST
def simulasi_hitung(request: HttpRequest) -> HttpResponse:
    """htmx endpoint: only the result panel."""
    return render(request, "evaluasi/_simulasi_hasil.html", _simulasi_context(request))
