"""Rendering of reports: per-OPD PDF, recap PDF (WeasyPrint) and the Excel recap (openpyxl)."""

from collections.abc import Iterator
from decimal import Decimal
from itertools import islice
from typing import IO

from django.conf import settings
from django.contrib.staticfiles import finders
from django.db.models import Case, DecimalField, F, Value, When
from django.db.models.functions import Coalesce
from django.template.loader import render_to_string
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from evaluasi.laporan import dasbor, grafik
from evaluasi.models import (
    Butir,
    Jawaban,
    JenisBeritaAcara,
    Penilaian,
    Periode,
    StatusPenilaian,
    TidakBerlaku,
)
from evaluasi.penilaian.selectors import butir_status
from evaluasi.scoring import bulatkan
from spbe_portal.replika import baca_replika
from spbe_portal.xlsx import text_safe_cell, text_safe_row
from tpp.selectors import tabel_tpp


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


# Recap rows are read in chunks of this many OPDs, so an export's memory does not grow
# with the number of OPDs.
CHUNK = 500


def _urutan_peringkat(periode: Periode):
    """The period's penilaian ranked by visible final index, then self index (none as 0),
    then OPD name; penilaian without a final index last."""
    final = Case(When(status=StatusPenilaian.FINAL, then=F("indeks_final")), default=None)
    mandiri = Coalesce(F("indeks_mandiri"), Value(Decimal(0)), output_field=DecimalField())
    return (
        periode.penilaian.select_related("opd")
        .annotate(final_terlihat=final)
        .order_by(
            F("final_terlihat").desc(nulls_last=True),
            mandiri.desc(),
            "opd__nama",
            "opd__urutan",
            "pk",
        )
    )


def peringkat_bertahap(periode: Periode) -> Iterator[list[dict]]:
    """Every OPD of the period ranked (see `_urutan_peringkat`; unranked last), as recap rows
    (`dasbor` decides the figures shown) in chunks of CHUNK, read from one cursor."""
    tabel = tabel_tpp(periode)
    chunk = CHUNK
    nomor = 0
    rows = (
        dasbor._row(p, True, {}, tabel)
        for p in _urutan_peringkat(periode).iterator(chunk_size=chunk)
    )
    while batch := list(islice(rows, chunk)):
        for r in batch:
            if r["indeks_final"] is not None:
                nomor += 1
            r["peringkat"] = nomor if r["indeks_final"] is not None else None
        yield batch


def peringkat(periode: Periode) -> list[dict]:
    """Every OPD of the period ranked, in one list (for the recap PDF)."""
    return [r for batch in peringkat_bertahap(periode) for r in batch]


@baca_replika()
def laporan_rekap_pdf(periode: Periode) -> tuple[bytes, str]:
    rows = peringkat(periode)
    ctx = {"periode": periode, "rows": rows, **dasbor.dashboard(periode, lihat_final=True)}
    ctx["rows"] = rows
    return _pdf("evaluasi/laporan_rekap.html", ctx), f"rekap-spbe-{periode.tahun}.pdf"


def _fill(hex_color: str) -> PatternFill:
    color = hex_color.lstrip("#").upper()
    return PatternFill("solid", fgColor=color)


def _lebar(sheet, widths: list[int]) -> None:
    for col, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(col)].width = width


REKAP_KOLOM = [
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
INDIKATOR_KOLOM = ["Kode", "Nama OPD", "No", "Indikator", "Nilai mandiri", "Nilai final", "Berlaku"]
BUTIR_KOLOM = [
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


@baca_replika()
def rekap_xlsx_tulis(periode: Periode, out: IO[bytes]) -> str:
    """Write the formatted recap workbook of the period into `out` (a binary file) and return
    its download name: the ranked sheet, the indicator values and, for an instrument judged
    item by item, the item statuses of the final penilaian.

    A write-only workbook fed chunk by chunk (`peringkat_bertahap`): every sheet is streamed
    to a temporary file as it is written, so memory holds one chunk of OPDs at a time, not
    the period. Every str goes in as text (spbe_portal.xlsx)."""
    instrumen = periode.instrumen
    colors = {b.nama: b.warna for b in instrumen.predikat.all()}
    indikator = list(instrumen.indikator.order_by("nomor"))
    ada_butir = (
        Butir.objects.filter(indikator__instrumen_id=instrumen.pk).exists()
        and periode.penilaian.filter(
            status=StatusPenilaian.FINAL, indeks_final__isnull=False
        ).exists()
    )
    wb = Workbook(write_only=True)
    # Widths and frozen panes go before the first row (a write-only sheet writes them first);
    # the filters after the last, when the row count is known.
    ws = wb.create_sheet(f"Rekap {periode.tahun}")
    _lebar(ws, [10, 12, 52, 13, 14, 12, 14, 9, 16])
    head_row = 4
    ws.freeze_panes = f"A{head_row + 1}"
    detail = wb.create_sheet("Nilai indikator")
    _lebar(detail, [12, 44, 6, 60, 13, 11, 9])
    detail.freeze_panes = "A2"
    butir = wb.create_sheet("Status butir") if ada_butir else None
    if butir is not None:
        _lebar(butir, [12, 40, 10, 13, 7, 11, 70, 8, 17, 20, 40])
        butir.freeze_panes = "A2"

    dicetak = timezone.localtime()
    ws.append([text_safe_cell(ws, f"Rekapitulasi {periode.nama}", font=Font(bold=True, size=14))])
    ws.append(
        text_safe_row(ws, [f"{settings.PEMDA_NAMA} · {instrumen.nama} · {dicetak:%d-%m-%Y %H:%M}"])
    )
    ws.append([])
    head = {
        "font": Font(bold=True, color="FFFFFF"),
        "fill": _fill("#0b3d6e"),
        "alignment": Alignment(horizontal="center", vertical="center", wrap_text=True),
    }
    ws.append(text_safe_row(ws, REKAP_KOLOM, **head))
    detail.append(text_safe_row(detail, INDIKATOR_KOLOM, font=Font(bold=True)))
    if butir is not None:
        butir.append(text_safe_row(butir, BUTIR_KOLOM, font=Font(bold=True)))
    angka = "0.00"
    n_rekap = n_detail = n_butir = 0
    for rows in peringkat_bertahap(periode):
        ids = [r["penilaian"].pk for r in rows]
        final_ids = [r["penilaian"].pk for r in rows if r["indeks_final"] is not None]
        for r in rows:
            p = r["penilaian"]
            warna = r["predikat"] and colors.get(r["predikat"], "#FFFFFF")
            predikat = (
                {"fill": _fill(warna), "font": Font(bold=True, color="FFFFFF")} if warna else {}
            )
            ws.append(
                [
                    text_safe_cell(ws, r["peringkat"]),
                    text_safe_cell(ws, r["opd"].kode),
                    text_safe_cell(ws, r["opd"].nama),
                    text_safe_cell(ws, p.kemajuan, number_format=angka),
                    text_safe_cell(ws, p.indeks_mandiri, number_format=angka),
                    text_safe_cell(ws, r["indeks_final"], number_format=angka),
                    text_safe_cell(ws, r["predikat"] or None, **predikat),
                    text_safe_cell(ws, r["tpp"], number_format=angka),
                    text_safe_cell(ws, p.get_status_display()),
                ]
            )
        n_rekap += len(rows)
        na = set(
            TidakBerlaku.objects.filter(penilaian_id__in=ids).values_list(
                "penilaian_id", "indikator_id"
            )
        )
        answers = {
            (penilaian_id, indikator_id): (level, level_final)
            for penilaian_id, indikator_id, level, level_final in Jawaban.objects.filter(
                penilaian_id__in=ids
            ).values_list("penilaian_id", "indikator_id", "level", "level_final")
        }
        for r in rows:
            p = r["penilaian"]
            for ind in indikator:
                level, level_final = answers.get((p.pk, ind.pk), (None, None))
                detail.append(
                    [
                        *text_safe_row(
                            detail, [r["opd"].kode, r["opd"].nama, ind.kode or ind.nomor, ind.nama]
                        ),
                        text_safe_cell(detail, _dua_desimal(level), number_format=angka),
                        text_safe_cell(
                            detail,
                            _dua_desimal(level_final if p.pk in final_ids else None),
                            number_format=angka,
                        ),
                        text_safe_cell(detail, "tidak" if (p.pk, ind.pk) in na else "ya"),
                    ]
                )
        n_detail += len(rows) * len(indikator)
        if butir is not None:
            n_butir += _lembar_butir(butir, instrumen, rows, final_ids)
    ws.auto_filter.ref = f"A{head_row}:{get_column_letter(len(REKAP_KOLOM))}{head_row + n_rekap}"
    detail.auto_filter.ref = f"A1:G{1 + n_detail}"
    if butir is not None:
        butir.auto_filter.ref = f"A1:K{1 + n_butir}"
    wb.save(out)
    return f"rekap-spbe-{periode.tahun}.xlsx"


def _dua_desimal(value):
    """An indicator value as the recap shows it: rounded half up to two decimals."""
    return bulatkan(Decimal(value)) if value else None


def _lembar_butir(sheet, instrumen, rows: list[dict], final_ids: list[int]) -> int:
    """The item statuses of one chunk's final penilaian, appended to the "Status butir"
    sheet; returns the number of rows written."""
    status = butir_status(final_ids, instrumen.pk, instrumen.kredit_parsial)
    n = 0
    for r in rows:
        for item in status.get(r["penilaian"].pk, []):
            b = item["butir"]
            sheet.append(
                text_safe_row(
                    sheet,
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
                    ],
                )
            )
            n += 1
    return n


def paket_ringkasan_pdf(ctx: dict) -> bytes:
    """The printable summary of a national package (`evaluasi.instansi.paket` builds `ctx`)."""
    return _pdf("evaluasi/instansi/paket_ringkasan.html", ctx)
