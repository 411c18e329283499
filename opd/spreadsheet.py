"""Reading uploaded spreadsheets (.xlsx, .csv) into a tablib Dataset with clean text cells.

Every cell becomes a trimmed string ("" when empty); headers become lower-case snake case;
blank rows are dropped, but each kept row carries its spreadsheet line number in the
`_baris` column (header = line 1), so errors point at the line a user sees in Excel.
A workbook with a formula cell is refused (see `sheet_rows`).
"""

import csv
import io
import zipfile
from datetime import date, datetime
from decimal import Decimal

import tablib
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

LINE_COLUMN = "_baris"
XLSX_MAGIC = b"PK\x03\x04"
FORMULA = "f"  # openpyxl's data type of a formula cell (loaded without data_only)
NAMED_CELLS = 10


class SpreadsheetError(Exception):
    """The file cannot be read as a spreadsheet; the message is for the user (Indonesian)."""


def normalise_header(value: object) -> str:
    text = " ".join(str(value or "").split()).lower()
    return text.replace(" ", "_")


def normalise_text(value: object) -> str:
    """A cell as clean text: trimmed, inner whitespace collapsed, 12.0 → "12"."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float | Decimal) and value == int(value):
        return str(int(value))
    if isinstance(value, datetime | date):
        return value.isoformat()
    return " ".join(str(value).split())


def read_dataset(data: bytes, filename: str, *, max_bytes: int) -> tablib.Dataset:
    """Parse an uploaded .xlsx or .csv file.

    Returns a Dataset whose first column is `_baris` (the spreadsheet line number).
    Raises SpreadsheetError with an Indonesian message for empty, oversize, unreadable or
    unsupported files.
    """
    name = (filename or "").lower()
    if not data:
        raise SpreadsheetError("Berkas kosong. Pilih berkas .xlsx atau .csv yang berisi data.")
    if len(data) > max_bytes:
        raise SpreadsheetError(
            f"Berkas terlalu besar ({len(data) / 1024 / 1024:.1f} MB); "
            f"batasnya {max_bytes / 1024 / 1024:.0f} MB."
        )
    if name.endswith(".xls"):
        raise SpreadsheetError(
            "Format .xls (Excel 97-2003) tidak didukung. Simpan ulang sebagai .xlsx lalu unggah."
        )
    if name.endswith(".xlsx"):
        rows = _read_xlsx(data)
    elif name.endswith(".csv"):
        rows = _read_csv(data)
    else:
        raise SpreadsheetError("Format berkas tidak didukung. Gunakan berkas .xlsx atau .csv.")
    return _to_dataset(rows)


def _read_xlsx(data: bytes) -> list[list[object]]:
    if not data.startswith(XLSX_MAGIC):
        raise SpreadsheetError("Berkas bukan lembar kerja .xlsx yang sah (isi berkas tidak cocok).")
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise SpreadsheetError("Berkas .xlsx rusak atau tidak dapat dibaca.") from exc
    try:
        return sheet_rows(workbook.worksheets[0])
    finally:
        workbook.close()


def sheet_rows(sheet) -> list[list[object]]:
    """The cell values of a worksheet (of a workbook loaded with `data_only=False`), row by row.

    Raises SpreadsheetError naming the cells when any holds a formula: the portal calculates
    nothing, and the result a file carries is only what it claims to be (or nothing, when a
    tool other than Excel wrote it), so neither the formula text nor that result is imported.
    """
    rows, formulas = [], []
    for row in sheet.iter_rows():
        for cell in row:
            if cell.data_type == FORMULA:
                formulas.append(cell.coordinate)
        rows.append([cell.value for cell in row])
    if formulas:
        named = ", ".join(formulas[:NAMED_CELLS])
        more = f" dan {len(formulas) - NAMED_CELLS} sel lain" if len(formulas) > NAMED_CELLS else ""
        raise SpreadsheetError(
            f"Sel {named}{more} pada lembar {sheet.title} berisi rumus Excel. Portal tidak "
            "menghitung rumus: ganti rumus dengan nilainya (salin, lalu Tempel Spesial → Nilai) "
            "dan unggah ulang."
        )
    return rows


def _read_csv(data: bytes) -> list[list[object]]:
    if b"\x00" in data[:4096]:
        raise SpreadsheetError("Berkas bukan teks CSV (berisi data biner).")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Excel on Indonesian Windows saves "CSV (Comma delimited)" in Windows-1252.
        text = data.decode("cp1252", errors="replace")
    sample = text[:4096]
    try:
        # Indonesian Excel uses ";" as list separator, because "," is the decimal comma.
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ","
    try:
        # Universal newlines: files saved on old Macs end lines with a bare "\r".
        return [
            list(row) for row in csv.reader(io.StringIO(text, newline=None), delimiter=delimiter)
        ]
    except csv.Error as exc:
        raise SpreadsheetError(f"Berkas CSV tidak dapat dibaca: {exc}.") from exc


def _to_dataset(rows: list[list[object]]) -> tablib.Dataset:
    if not rows:
        raise SpreadsheetError("Berkas tidak memiliki baris judul kolom.")
    headers = [normalise_header(h) for h in rows[0]]
    # Excel often leaves formatted but empty columns to the right; drop headerless columns.
    keep = [i for i, h in enumerate(headers) if h]
    if not keep:
        raise SpreadsheetError("Baris pertama harus berisi judul kolom (misalnya: nama, jenis).")
    headers = [headers[i] for i in keep]
    duplicates = sorted({h for h in headers if headers.count(h) > 1})
    if duplicates:
        raise SpreadsheetError("Judul kolom ganda: " + ", ".join(duplicates) + ".")
    dataset = tablib.Dataset(headers=[LINE_COLUMN, *headers])
    for line, raw in enumerate(rows[1:], start=2):
        cells = [normalise_text(raw[i]) if i < len(raw) else "" for i in keep]
        if any(cells):
            dataset.append([line, *cells])
    if not len(dataset):
        raise SpreadsheetError("Berkas tidak berisi baris data di bawah judul kolom.")
    return dataset


def require_columns(dataset: tablib.Dataset, required: tuple[str, ...]) -> None:
    missing = [c for c in required if c not in dataset.headers]
    if missing:
        raise SpreadsheetError(
            "Kolom wajib tidak ada: "
            + ", ".join(missing)
            + ". Kolom yang ditemukan: "
            + ", ".join(h for h in dataset.headers if h != LINE_COLUMN)
            + "."
        )


def with_columns(dataset: tablib.Dataset, columns: tuple[str, ...]) -> tablib.Dataset:
    """A copy of `dataset` that has every column in `columns` (missing ones empty)."""
    result = tablib.Dataset(headers=list(dataset.headers))
    for row in dataset:
        result.append(list(row))
    for column in columns:
        if column not in result.headers:
            result.append_col([""] * len(result), header=column)
    return result
