"""Instrument workbooks: read an .xlsx into `InstrumenData` (with row errors) and write one
that reads back to equal data. The sheets and their columns are described in
`evaluasi.instrumen.spreadsheet`, which parses and validates them."""

from collections.abc import Sequence
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

from evaluasi import butir as butir_rules
from evaluasi.instrumen.spreadsheet import (
    BUTIR_COLUMNS,
    KRITERIA_COLUMNS,
    LEVELS,
    PREDIKAT_COLUMNS,
    STRUKTUR_COLUMNS,
    Galat,
    InstrumenData,
    parse_butir,
    parse_kriteria,
    parse_meta,
    parse_predikat,
    parse_struktur,
    validate,
)
from opd.spreadsheet import (
    MAX_ROWS,
    SpreadsheetError,
    check_width,
    normalise_header,
    normalise_text,
    open_workbook,
    too_many_rows,
    worksheet_rows,
)
from spbe_portal.xlsx import workbook_bytes


def _sheet_rows(sheet, *, max_rows: int) -> tuple[list[str], list[Sequence[str]]]:
    rows = worksheet_rows(sheet)
    first = next(rows, None)
    if first is None:
        return [], []
    header = [normalise_header(h) for h in first]
    check_width(header)
    while header and not header[-1]:
        header.pop()
    width = len(header)
    body: list[Sequence[str]] = []
    filled = 0
    for row in rows:
        if row.count(None) == len(row):
            body.append(())  # an empty row: keeps the line numbering, costs one shared tuple
            continue
        # Criteria and evidence keep their line breaks; other cells are collapsed to one line.
        cells = [
            str(v).strip() if isinstance(v, str) and "\n" in v else normalise_text(v)
            for v in row[:width]
        ]
        if not any(cells):
            body.append(())
            continue
        filled += 1
        if filled > max_rows:
            raise too_many_rows(max_rows)
        body.append(cells)
    return header, body


def read_xlsx(content: bytes, *, max_rows: int = MAX_ROWS) -> tuple[InstrumenData, list[Galat]]:
    """Parse an instrument workbook of at most `max_rows` data rows per sheet.

    Raises SpreadsheetError (Indonesian message) when it is not one, is damaged or unsafe
    to open, or has too many rows or columns.
    """
    workbook = open_workbook(content)
    try:
        return _read_workbook(workbook, max_rows=max_rows)
    finally:
        workbook.close()


def _read_workbook(workbook, *, max_rows: int) -> tuple[InstrumenData, list[Galat]]:
    sheets = {name.lower(): workbook[name] for name in workbook.sheetnames}
    missing = [s for s in ("instrumen", "predikat", "struktur", "kriteria") if s not in sheets]
    if missing:
        raise SpreadsheetError(
            "Lembar kerja wajib tidak ada: " + ", ".join(m.capitalize() for m in missing) + "."
        )
    data, errors = InstrumenData(), []
    header, body = _sheet_rows(sheets["instrumen"], max_rows=max_rows)
    parse_meta(body, data, errors)
    parse_predikat(*_sheet_rows(sheets["predikat"], max_rows=max_rows), data, errors)
    parse_struktur(*_sheet_rows(sheets["struktur"], max_rows=max_rows), data, errors)
    parse_kriteria(*_sheet_rows(sheets["kriteria"], max_rows=max_rows), data, errors)
    if "butir" in sheets:
        parse_butir(*_sheet_rows(sheets["butir"], max_rows=max_rows), data, errors)
    return data, errors + validate(data)


def _num(value: Decimal) -> int | float:
    # Excel stores numbers as binary floats; weights have at most 4 decimals, so this is exact
    # enough to read back as the same Decimal (str(float) is the shortest round-trip form).
    return int(value) if value == value.to_integral_value() else float(value)


def write_xlsx(data: InstrumenData) -> bytes:
    """The instrument as a workbook that `read_xlsx` reads back to equal data."""
    workbook = Workbook()
    bold = Font(bold=True)
    header_fill = PatternFill("solid", fgColor="DDE7F0")
    wrap = Alignment(wrap_text=True, vertical="top")

    def sheet(title: str, header: tuple[str, ...], rows: list[list], widths: list[int]):
        ws = workbook.create_sheet(title)
        ws.append(list(header))
        for cell in ws[1]:
            cell.font, cell.fill = bold, header_fill
        for row in rows:
            ws.append(row)
        for i, width in enumerate(widths):
            ws.column_dimensions[chr(ord("A") + i)].width = width
        ws.freeze_panes = "A2"
        return ws

    workbook.remove(workbook.active)
    sheet(
        "Instrumen",
        ("kunci", "nilai"),
        [
            ["kode", data.kode],
            ["nama", data.nama],
            ["dasar_hukum", data.dasar_hukum],
            ["keterangan", data.keterangan],
            ["kredit_parsial", data.kredit_parsial],
            ["berlaku_mulai", data.berlaku_mulai],
            [
                "nilai_eksternal_bawaan",
                _num(data.nilai_eksternal_bawaan) if data.nilai_eksternal_bawaan else None,
            ],
            *([f"nama_level_{n}", data.nama_level.get(n, "")] for n in LEVELS),
        ],
        [16, 100],
    )
    sheet(
        "Predikat",
        PREDIKAT_COLUMNS,
        [
            [p.nama, _num(p.batas_bawah), p.warna]
            for p in sorted(data.predikat, key=lambda p: p.batas_bawah)
        ],
        [20, 14, 10],
    )
    domains = {d.nomor: d for d in data.domain}
    aspects = {a.nomor: a for a in data.aspek}
    rows = []
    for ind in sorted(data.indikator, key=lambda i: i.nomor):
        aspek = aspects[ind.aspek]
        domain = domains.get(aspek.domain) if aspek.domain is not None else None
        rows.append(
            [
                ind.nomor,
                domain.nomor if domain else None,
                domain.nama if domain else None,
                _num(domain.bobot) if domain else None,
                aspek.nomor,
                aspek.nama,
                _num(aspek.bobot),
                ind.nama,
                _num(ind.bobot),
                ind.kapabilitas,
                ind.kode or None,
                ind.kode_singkat or None,
                ind.sumber_eksternal or None,
                ind.pembina_eksternal or None,
            ]
        )
    sheet(
        "Struktur",
        STRUKTUR_COLUMNS,
        rows,
        [6, 10, 30, 13, 9, 40, 12, 60, 8, 14, 8, 12, 40, 20],
    )
    ws = sheet(
        "Kriteria",
        KRITERIA_COLUMNS,
        [
            [k.indikator, k.level, k.nama, k.deskripsi, "\n".join(k.bukti)]
            for k in sorted(data.kriteria, key=lambda k: (k.indikator, k.level))
        ],
        [10, 7, 24, 90, 70],
    )
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = wrap
    short = {i.nomor: i.kode_singkat or f"I{i.nomor}" for i in data.indikator}
    ws = sheet(
        "Butir",
        BUTIR_COLUMNS,
        [
            [
                b.indikator,
                b.level,
                b.nomor,
                butir_rules.kode(short.get(b.indikator, f"I{b.indikator}"), b.level, b.nomor),
                "utama" if b.utama else "pendukung",
                b.teks,
                b.kedaluwarsa_bulan,
                b.indeks_eksternal or None,
                _num(b.ambang) if b.ambang is not None else None,
            ]
            for b in sorted(data.butir, key=lambda b: (b.indikator, b.level, b.nomor))
        ],
        [10, 7, 7, 12, 11, 90, 10, 30, 9],
    )
    for row in ws.iter_rows(min_row=2):
        row[5].alignment = wrap
    return workbook_bytes(workbook)
