"""The pengampu map as a workbook: one row per indicator and per item of the period's
instrument, the OPDs holding it in one cell (codes separated by ";"). Exported, edited in a
spreadsheet, imported back: every row in the file sets its target's pengampu exactly (an
empty cell clears it); rows left out stay as they are. Nothing is written when a row is
wrong."""

from dataclasses import dataclass

from django.db import transaction
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from evaluasi.instansi import selectors
from evaluasi.instansi.services import pengampu_atur
from evaluasi.models import Butir, Indikator, Periode
from opd.imports import OpdLookup
from opd.models import Opd
from opd.spreadsheet import (
    MAX_ROWS,
    SpreadsheetError,
    normalise_header,
    normalise_text,
    open_workbook,
    too_many_rows,
    worksheet_rows,
)
from spbe_portal.xlsx import workbook_bytes

LEMBAR = "Pengampu"
KOLOM = ("kode", "uraian", "opd_pengampu")
PEMISAH = ";"


def _sasaran(periode: Periode) -> list[tuple[str, str, Indikator, Butir | None]]:
    """(code, description, indicator, item or None) in instrument order (two queries)."""
    rows = []
    for i, items in selectors.indikator_dan_butir(periode.instrumen_id):
        rows.append((i.kode_singkat or str(i.nomor), i.nama, i, None))
        rows.extend((b.kode, b.teks, i, b) for b in items)
    return rows


def peta_xlsx(periode: Periode) -> bytes:
    per_butir, per_indikator = selectors.peta_pengampu(periode)
    kode_opd = dict(Opd.objects.values_list("pk", "kode"))
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = LEMBAR
    sheet.append(["Kode", "Uraian", "OPD pengampu"])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for kode, uraian, indikator, butir in _sasaran(periode):
        opds = per_butir.get(butir.pk, set()) if butir else per_indikator.get(indikator.pk, set())
        sheet.append([kode, uraian, f"{PEMISAH} ".join(sorted(kode_opd[o] for o in opds))])
        if butir is None:
            for cell in sheet[sheet.max_row]:
                cell.font = Font(bold=True)
    sheet.column_dimensions["A"].width = 14
    sheet.column_dimensions["B"].width = 80
    sheet.column_dimensions["C"].width = 40
    for row in sheet.iter_rows(min_row=2, min_col=2, max_col=2):
        row[0].alignment = Alignment(wrap_text=True, vertical="top")
    petunjuk = workbook.create_sheet("Petunjuk")
    for line in (
        "Satu baris per indikator (kode I1, I2, …) dan per butir (kode I10-L2-03).",
        "Kolom OPD pengampu: kode OPD (atau nama/singkatan), beberapa dipisah titik koma (;).",
        "Pengampu indikator memegang semua butirnya; pengampu butir hanya butir itu.",
        "Setiap baris di berkas menetapkan pengampunya persis; sel kosong mengosongkannya.",
        "Baris yang dihapus dari berkas tidak diubah. Kolom Uraian hanya sebagai rujukan.",
    ):
        petunjuk.append([line])
    petunjuk.column_dimensions["A"].width = 100
    return workbook_bytes(workbook)


@dataclass(frozen=True)
class BarisPeta:
    baris: int
    indikator: Indikator
    butir: Butir | None
    opd_ids: frozenset[int]


def peta_baca(content: bytes, periode: Periode) -> tuple[list[BarisPeta], list[str]]:
    """Rows of a map workbook for this period, and row errors (Indonesian, with the row
    number). Raises SpreadsheetError for a file that is not a safe, readable workbook."""
    workbook = open_workbook(content)
    try:
        names = {n.lower(): n for n in workbook.sheetnames}
        if LEMBAR.lower() not in names:
            raise SpreadsheetError(f"Lembar kerja {LEMBAR} tidak ada.")
        rows = worksheet_rows(workbook[names[LEMBAR.lower()]])
        header = [normalise_header(h) for h in next(rows, ())]
        missing = [k for k in KOLOM if k not in header]
        if missing:
            raise SpreadsheetError(
                "Kolom wajib tidak ada di lembar Pengampu: " + ", ".join(missing) + "."
            )
        col_kode, col_opd = header.index("kode"), header.index("opd_pengampu")
        sasaran = {kode.upper(): (i, b) for kode, _, i, b in _sasaran(periode)}
        lookup = OpdLookup(Opd.objects.all())
        hasil, galat, seen = [], [], {}
        filled = 0
        for nomor, row in enumerate(rows, start=2):
            kode = normalise_text(row[col_kode] if col_kode < len(row) else None).upper()
            opd_cell = normalise_text(row[col_opd] if col_opd < len(row) else None)
            if not kode and not opd_cell:
                continue
            filled += 1
            if filled > MAX_ROWS:
                raise too_many_rows(MAX_ROWS)
            if kode not in sasaran:
                galat.append(f"Baris {nomor}: kode {kode or '(kosong)'} tidak ada di instrumen.")
                continue
            if kode in seen:
                galat.append(f"Baris {nomor}: kode {kode} sudah ada di baris {seen[kode]}.")
                continue
            seen[kode] = nomor
            opd_ids = set()
            for ref in (r.strip() for r in opd_cell.split(PEMISAH)):
                if not ref:
                    continue
                opd = lookup.find(ref)
                if opd is None:
                    galat.append(f"Baris {nomor}: OPD {ref} tidak dikenal.")
                elif not opd.aktif:
                    galat.append(f"Baris {nomor}: OPD {opd.nama} tidak aktif.")
                else:
                    opd_ids.add(opd.pk)
            indikator, butir = sasaran[kode]
            hasil.append(BarisPeta(nomor, indikator, butir, frozenset(opd_ids)))
        return hasil, galat
    finally:
        workbook.close()


@transaction.atomic
def pengampu_impor(*, periode: Periode, rows: list[BarisPeta], user) -> tuple[int, int]:
    """Apply read rows (all or nothing); returns (added, removed)."""
    added = removed = 0
    for row in rows:
        a, r = pengampu_atur(
            periode=periode,
            indikator=row.indikator,
            butir=row.butir,
            opd_ids=set(row.opd_ids),
            user=user,
        )
        added, removed = added + a, removed + r
    return added, removed
