"""TPP pages: the rule per TPP year, per-OPD percentages, employees' SPBE components."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from evaluasi.konteks import periode_konteks
from evaluasi.models import Periode
from evaluasi.penilaian import services as penilaian_services
from opd import import_kinds
from opd.import_kinds import ImportKind
from opd.models import Peran
from opd.views import _import_confirm, _import_upload
from spbe_portal.access import may_see_final, menu_required, opd_queryset_for_user, role_required
from spbe_portal.xlsx import XLSX_CONTENT_TYPE, workbook_bytes
from tpp import selectors, services
from tpp.forms import AturanForm
from tpp.imports import PEGAWAI_COLUMNS, PEGAWAI_REQUIRED
from tpp.models import AturanTpp

PEGAWAI_IMPORT = ImportKind(
    kunci="pegawai",
    judul="Impor pegawai",
    columns=PEGAWAI_COLUMNS,
    required=PEGAWAI_REQUIRED,
    run=lambda *, dataset, dry_run, base_url, progress=None: services.pegawai_import(
        dataset=dataset, dry_run=dry_run, progress=progress
    ),
    daftar_url="tpp:beranda",
    impor_url="tpp:pegawai_impor",
    konfirmasi_url="tpp:pegawai_impor_konfirmasi",
    contoh="nip,nama,jabatan,opd,tpp_dasar\n"
    "198001012005011001,Budi Santoso,Analis,Dinkes,4.500.000",
    label_daftar="TPP",
    keterangan="Baris dicocokkan melalui NIP (18 digit, spasi boleh). OPD diisi kode, nama, atau "
    "singkatan. TPP dasar dalam rupiah per bulan, misalnya 4.500.000.",
)
import_kinds.register(PEGAWAI_IMPORT)


def _aturan_from(request: HttpRequest) -> tuple[list[AturanTpp], AturanTpp | None]:
    daftar = list(AturanTpp.objects.select_related("periode").order_by("-tahun"))
    tahun = request.GET.get("tahun", "")
    chosen = next((a for a in daftar if str(a.tahun) == tahun), None)
    if chosen is None:
        # The rule that follows the period this user is looking at, else the newest rule.
        aktif = periode_konteks(request).aktif
        chosen = next((a for a in daftar if aktif and a.periode_id == aktif.pk), None)
    return daftar, chosen or (daftar[0] if daftar else None)


@require_GET
@menu_required("tpp")
def beranda(request: HttpRequest) -> HttpResponse:
    daftar, aturan = _aturan_from(request)
    ctx = {"daftar": daftar, "aturan": aturan}
    if aturan is not None:
        lihat_final = may_see_final(request.user, aturan.periode)
        ctx.update(
            lihat_final=lihat_final,
            rows=selectors.tpp_per_opd(aturan, lihat_final=lihat_final),
            tabel=sorted(aturan.tabel.items(), key=lambda kv: -kv[1]),
        )
    return render(request, "tpp/beranda.html", ctx)


def _predikat_names(periode: Periode | None) -> list[str]:
    if periode is None:
        return []
    return list(periode.instrumen.predikat.order_by("-batas_bawah").values_list("nama", flat=True))


@role_required(Peran.ADMIN)
@require_http_methods(["GET", "POST"])
def aturan_form(request: HttpRequest, tahun: int | None = None) -> HttpResponse:
    aturan = None
    if tahun is not None:
        aturan = AturanTpp.objects.select_related("periode__instrumen").filter(tahun=tahun).first()
        if aturan is None:
            raise Http404("Aturan TPP tidak ditemukan.")
    pk = request.POST.get("periode") or request.GET.get("periode")
    periode = (
        Periode.objects.select_related("instrumen").filter(pk=pk).first()
        if pk and pk.isascii() and pk.isdigit()
        else None
    )
    periode = periode or (aturan.periode if aturan else Periode.objects.order_by("-tahun").first())
    initial = {"periode": periode, "tahun": (periode.tahun_tpp if periode else None)}
    if aturan:
        initial.update(tahun=aturan.tahun, periode=aturan.periode, dasar_hukum=aturan.dasar_hukum)
        initial.update({f"persen_{k}": v for k, v in aturan.tabel.items()})
    form = AturanForm(request.POST or None, initial=initial, predikat=_predikat_names(periode))
    if request.method == "POST" and form.is_valid():
        clash = AturanTpp.objects.filter(tahun=form.cleaned_data["tahun"]).exclude(
            pk=getattr(aturan, "pk", None)
        )
        if clash.exists():
            form.add_error("tahun", "Aturan untuk tahun TPP ini sudah ada.")
        else:
            try:
                saved = services.aturan_save(
                    aturan=aturan,
                    tahun=form.cleaned_data["tahun"],
                    periode=form.cleaned_data["periode"],
                    dasar_hukum=form.cleaned_data["dasar_hukum"],
                    persen=form.persen,
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, f"Aturan TPP {saved.tahun} disimpan.")
                return redirect(f"/tpp/?tahun={saved.tahun}")
    return render(
        request, "tpp/aturan_form.html", {"form": form, "aturan": aturan, "periode": periode}
    )


@require_GET
@menu_required("tpp")
def pegawai(request: HttpRequest) -> HttpResponse:
    daftar, aturan = _aturan_from(request)
    if aturan is None:
        raise Http404("Belum ada aturan TPP.")
    opd = None
    if request.GET.get("opd", "").isascii() and request.GET.get("opd", "").isdigit():
        opd = opd_queryset_for_user(request.user).filter(pk=request.GET["opd"]).first()
        if opd is None:
            raise Http404("OPD tidak ditemukan.")
    lihat_final = may_see_final(request.user, aturan.periode)
    rows = selectors.pegawai_rows(aturan, lihat_final=lihat_final, opd=opd)
    ctx = {
        "aturan": aturan,
        "opd": opd,
        "rows": rows,
        "lihat_final": lihat_final,
        "total_dasar": sum(r["pegawai"].tpp_dasar for r in rows),
        "total_komponen": sum(r["komponen"] or 0 for r in rows),
    }
    return render(request, "tpp/pegawai.html", ctx)


@require_GET
@menu_required("tpp")
def ekspor(request: HttpRequest) -> HttpResponse:
    """The recap for the finance office: every employee's SPBE component and OPD totals."""
    _, aturan = _aturan_from(request)
    if aturan is None:
        raise Http404("Belum ada aturan TPP.")
    lihat_final = may_see_final(request.user, aturan.periode)
    if lihat_final:
        # The published figures leave the portal here: the publication is final from now on.
        penilaian_services.periode_tandai_tpp_diekspor(periode=aturan.periode, user=request.user)
    wb = Workbook()
    ws = wb.active
    ws.title = f"TPP {aturan.tahun}"
    ws.append([f"Komponen SPBE pada TPP {aturan.tahun} — {aturan.dasar_hukum}"])
    ws["A1"].font = Font(bold=True)
    header = [
        "NIP",
        "Nama",
        "Jabatan",
        "OPD",
        "Predikat",
        "Persentase (%)",
        "TPP dasar (Rp)",
        "Komponen SPBE (Rp)",
    ]
    ws.append(header)
    for cell in ws[2]:
        cell.font = Font(bold=True)
    for r in selectors.pegawai_rows(aturan, lihat_final=lihat_final):
        p = r["pegawai"]
        ws.append(
            [
                p.nip,
                p.nama,
                p.jabatan,
                p.opd.nama,
                r["predikat"] or "belum ada hasil final",
                r["persen"],
                p.tpp_dasar,
                r["komponen"],
            ]
        )
        row = ws.max_row
        ws.cell(row=row, column=1).number_format = "@"
        ws.cell(row=row, column=7).number_format = "#,##0"
        ws.cell(row=row, column=8).number_format = "#,##0"
    ws.freeze_panes = "A3"
    ws.auto_filter.ref = f"A2:H{ws.max_row}"
    for col, width in enumerate([20, 32, 28, 44, 20, 14, 16, 18], start=1):
        ws.column_dimensions[get_column_letter(col)].width = width
    total = wb.create_sheet("Total per OPD")
    total.append(
        [
            "OPD",
            "Predikat",
            "Persentase (%)",
            "Jumlah pegawai",
            "Total TPP dasar (Rp)",
            "Total komponen SPBE (Rp)",
        ]
    )
    for cell in total[1]:
        cell.font = Font(bold=True)
    for r in selectors.tpp_per_opd(aturan, lihat_final=lihat_final):
        total.append(
            [
                r["opd"].nama,
                r["predikat"] or "belum ada hasil final",
                r["persen"],
                r["jumlah_pegawai"],
                r["total_dasar"],
                r["total_komponen"],
            ]
        )
    response = HttpResponse(workbook_bytes(wb), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="tpp-spbe-{aturan.tahun}.xlsx"'
    return response


@role_required(Peran.ADMIN)
@require_http_methods(["GET", "POST"])
def pegawai_impor(request: HttpRequest) -> HttpResponse:
    return _import_upload(request, PEGAWAI_IMPORT)


@role_required(Peran.ADMIN)
@require_POST
def pegawai_impor_konfirmasi(request: HttpRequest) -> HttpResponse:
    return _import_confirm(request, PEGAWAI_IMPORT)
