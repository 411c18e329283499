"""Rendering of reports: per-OPD PDF, recap PDF (WeasyPrint) and the Excel recap (openpyxl)."""

from decimal import Decimal

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from evaluasi.laporan import dasbor, grafik
from evaluasi.models import Jawaban, JenisBeritaAcara, Penilaian, Periode
from evaluasi.penilaian.selectors import butir_status
from evaluasi.scoring import bulatkan
from spbe_portal.replika import baca_replika
from spbe_portal.xlsx import workbook_bytes


def _pdf(template: str, ctx: dict) -> bytes:
    import weasyprint  # heavy (Pango, fonts): loaded only when a PDF is rendered

    logo = finders.find(settings.PEMDA_LOGO)
    html = render_to_string(
        template,
        {
            **ctx,
            "pemda": settings.PEMDA_NAMA,
            "logo": f"file://{logo}" if logo else "",
            "dicetak": timezone.now(),
        },
    )
    return weasyprint.HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()


def radar_svg(hasil: dict) -> str:
    rows = hasil["aspek"]
    series = [("Mandiri", [r["mandiri"] for r in rows], "#0d6efd")]
    if hasil["final"]:
        series.append(("Final", [r["final"] for r in rows], "#198754"))
    return grafik.radar(
        [f"Aspek {r['aspek'].nomor}" for r in rows], series, judul="Nilai aspek: mandiri dan final"
    )


@baca_replika()
def laporan_opd_pdf(penilaian: Penilaian) -> tuple[bytes, str]:
    """The per-OPD report: cover, indices, aspect/domain tables, radar, every indicator,
    signature block of the berita acara. Final figures appear once the penilaian is final."""
    hasil = dasbor.hasil_opd(penilaian, lihat_final=True)
    ctx = {
        "penilaian": penilaian,
        "periode": penilaian.periode,
        "berita_acara": penilaian.berita_acara.filter(jenis=JenisBeritaAcara.FINAL)
        .select_related("oleh")
        .first(),
        "radar": radar_svg(hasil),
        # Item verdicts are part of the final result: only once the penilaian is final.
        "butir_status": butir_status(
            [penilaian.pk],
            penilaian.periode.instrumen_id,
            penilaian.periode.instrumen.kredit_parsial,
        ).get(penilaian.pk, [])
        if hasil["final"]
        else [],
        **hasil,
    }
    name = f"laporan-spbe-{penilaian.periode.tahun}-{penilaian.opd.kode}.pdf"
    return _pdf("evaluasi/laporan_opd.html", ctx), name


def peringkat(periode: Periode) -> list[dict]:
    """Every OPD of the period ranked by final index, then self index (unranked last)."""
    rows = dasbor.recap_rows(periode, lihat_final=True)
    rows.sort(
        key=lambda r: (
            r["indeks_final"] is None,
            -(r["indeks_final"] or 0),
            -(r["penilaian"].indeks_mandiri or 0),
            r["opd"].nama,
        )
    )
    for i, r in enumerate(rows, start=1):
        r["peringkat"] = i if r["indeks_final"] is not None else None
    return rows


@baca_replika()
def laporan_rekap_pdf(periode: Periode) -> tuple[bytes, str]:
    rows = peringkat(periode)
    ctx = {"periode": periode, "rows": rows, **dasbor.dashboard(periode, lihat_final=True)}
    ctx["rows"] = rows
    return _pdf("evaluasi/laporan_rekap.html", ctx), f"rekap-spbe-{periode.tahun}.pdf"


def _fill(hex_color: str) -> PatternFill:
    color = hex_color.lstrip("#").upper()
    return PatternFill("solid", fgColor=color)


@baca_replika()
def rekap_xlsx(periode: Periode) -> tuple[bytes, str]:
    """Formatted recap workbook: ranked sheet of the period plus indicator-level values."""
    rows = peringkat(periode)
    colors = {b.nama: b.warna for b in periode.instrumen.predikat.all()}
    wb = Workbook()
    ws = wb.active
    ws.title = f"Rekap {periode.tahun}"
    ws["A1"] = f"Rekapitulasi {periode.nama}"
    ws["A1"].font = Font(bold=True, size=14)
    dicetak = timezone.localtime()
    ws["A2"] = f"{settings.PEMDA_NAMA} · {periode.instrumen.nama} · {dicetak:%d-%m-%Y %H:%M}"
    header = [
        "Peringkat",
        "Kode",
        "Nama OPD",
        "Kemajuan (%)",
        "Indeks Mandiri",
        "Indeks Final",
        "Predikat",
        "TPP (%)",
        "Status",
    ]
    ws.append([])
    ws.append(header)
    head_row = ws.max_row
    for cell in ws[head_row]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = _fill("#0b3d6e")
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for r in rows:
        p = r["penilaian"]
        ws.append(
            [
                r["peringkat"],
                r["opd"].kode,
                r["opd"].nama,
                p.kemajuan,
                p.indeks_mandiri,
                r["indeks_final"],
                r["predikat"] or None,
                r["tpp"],
                p.get_status_display(),
            ]
        )
        row = ws.max_row
        for col in (4, 5, 6, 8):
            ws.cell(row=row, column=col).number_format = "0.00"
        if r["predikat"]:
            cell = ws.cell(row=row, column=7)
            cell.fill = _fill(colors.get(r["predikat"], "#FFFFFF"))
            cell.font = Font(bold=True, color="FFFFFF")
    ws.freeze_panes = ws.cell(row=head_row + 1, column=1)
    ws.auto_filter.ref = f"A{head_row}:{get_column_letter(len(header))}{ws.max_row}"
    for col, width in enumerate([10, 12, 52, 13, 14, 12, 14, 9, 16], start=1):
        ws.column_dimensions[get_column_letter(col)].width = width

    detail = wb.create_sheet("Nilai indikator")
    detail.append(
        ["Kode", "Nama OPD", "No", "Indikator", "Nilai mandiri", "Nilai final", "Berlaku"]
    )
    for cell in detail[1]:
        cell.font = Font(bold=True)
    final_ids = {r["penilaian"].pk for r in rows if r["indeks_final"] is not None}
    na = set(
        periode.penilaian.filter(tidak_berlaku__isnull=False).values_list(
            "pk", "tidak_berlaku__indikator_id"
        )
    )
    answers = {
        (j.penilaian_id, j.indikator_id): j
        for j in Jawaban.objects.filter(penilaian__periode=periode)
    }
    indikator = list(periode.instrumen.indikator.order_by("nomor"))
    for r in rows:
        p = r["penilaian"]
        for ind in indikator:
            j = answers.get((p.pk, ind.pk))
            detail.append(
                [
                    r["opd"].kode,
                    r["opd"].nama,
                    ind.kode or ind.nomor,
                    ind.nama,
                    _dua_desimal(j.level if j else None),
                    _dua_desimal(j.level_final if j and p.pk in final_ids else None),
                    "tidak" if (p.pk, ind.pk) in na else "ya",
                ]
            )
            for cell in detail[detail.max_row][4:6]:
                cell.number_format = "0.00"
    detail.freeze_panes = "A2"
    detail.auto_filter.ref = f"A1:G{detail.max_row}"
    for col, width in enumerate([12, 44, 6, 60, 13, 11, 9], start=1):
        detail.column_dimensions[get_column_letter(col)].width = width
    _lembar_butir(wb, periode, rows, sorted(final_ids))
    return workbook_bytes(wb), f"rekap-spbe-{periode.tahun}.xlsx"


def _dua_desimal(value):
    """An indicator value as the recap shows it: rounded half up to two decimals."""
    return bulatkan(Decimal(value)) if value else None


def _lembar_butir(wb, periode: Periode, rows: list[dict], final_ids: list[int]) -> None:
    """A sheet of item statuses for the final penilaian of an instrument judged item by item."""
    status = butir_status(final_ids, periode.instrumen_id, periode.instrumen.kredit_parsial)
    if not status:
        return
    sheet = wb.create_sheet("Status butir")
    sheet.append(
        [
            "Kode OPD",
            "Nama OPD",
            "Indikator",
            "Butir",
            "Level",
            "Jenis",
            "Uraian butir",
            "Berkas",
            "Status",
            "Alasan",
            "Catatan",
        ]
    )
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for r in rows:
        for item in status.get(r["penilaian"].pk, []):
            b = item["butir"]
            sheet.append(
                [
                    r["opd"].kode,
                    r["opd"].nama,
                    b.indikator.kode or b.indikator.nomor,
                    b.kode,
                    b.level,
                    b.jenis,
                    b.teks,
                    item["berkas"],
                    item["status_label"],
                    item["alasan"] or None,
                    item["catatan"] or None,
                ]
            )
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:K{sheet.max_row}"
    for col, width in enumerate([12, 40, 10, 13, 7, 11, 70, 8, 17, 20, 40], start=1):
        sheet.column_dimensions[get_column_letter(col)].width = width


def paket_ringkasan_pdf(ctx: dict) -> bytes:
    """The printable summary of a national package (`evaluasi.instansi.paket` builds `ctx`)."""
    return _pdf("evaluasi/instansi/paket_ringkasan.html", ctx)
