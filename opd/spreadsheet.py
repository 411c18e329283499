"""Reading uploaded spreadsheets (.xlsx, .csv) into a tablib Dataset with clean text cells.

Every cell becomes a trimmed string ("" when empty); headers become lower-case snake case;
blank rows are dropped, but each kept row carries its spreadsheet line number in the
`_baris` column (header = line 1), so errors point at the line a user sees in Excel.

Reading is bounded whatever the file declares: the archive passes opd.zipguard before
openpyxl opens it, rows are read one at a time at most MAX_COLUMNS wide (openpyxl would pad
every row to the sheet's declared <dimension>, up to 16 384 columns), and reading stops at
the first data row past the row cap. A workbook with a formula cell is refused.
"""

import csv
import io
import zipfile
import zlib
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime
from decimal import Decimal

import tablib
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from opd import zipguard

LINE_COLUMN = "_baris"
XLSX_MAGIC = b"PK\x03\x04"
FORMULA = "f"  # openpyxl's data type of a formula cell (loaded without data_only)
NAMED_CELLS = 10
# Defaults for readers without settings; the portal passes settings.IMPORT_MAX_ROWS.
MAX_ROWS = 20_000
MAX_COLUMNS = 200
DAMAGED_XLSX = "Berkas .xlsx rusak atau tidak dapat dibaca."
# What openpyxl and zipfile raise on a damaged workbook, while opening it or reading rows
# (xml.etree's ParseError is a SyntaxError; bad cell attributes give TypeError).
_UNREADABLE = (
    InvalidFileException,
    zipfile.BadZipFile,
    zlib.error,
    KeyError,
    IndexError,
    OSError,
    EOFError,
    ValueError,
    TypeError,
    AttributeError,
    SyntaxError,
)


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


def read_dataset(
    data: bytes, filename: str, *, max_bytes: int, max_rows: int = MAX_ROWS
) -> tablib.Dataset:
    """Parse an uploaded .xlsx or .csv file of at most `max_rows` data rows.

    Returns a Dataset whose first column is `_baris` (the spreadsheet line number).
    Raises SpreadsheetError with an Indonesian message for empty, oversize, unreadable,
    unsafe or unsupported files and for more than `max_rows` rows or MAX_COLUMNS columns.
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
        workbook = open_workbook(data)
        try:
            if not workbook.worksheets:
                raise SpreadsheetError(DAMAGED_XLSX)
            return _to_dataset(worksheet_rows(workbook.worksheets[0]), max_rows=max_rows)
        finally:
            workbook.close()
    if name.endswith(".csv"):
        return _to_dataset(_read_csv(data), max_rows=max_rows)
    raise SpreadsheetError("Format berkas tidak didukung. Gunakan berkas .xlsx atau .csv.")


def open_workbook(data: bytes):
    """A read-only openpyxl workbook of an uploaded .xlsx, opened once the archive passed
    zipguard.SPREADSHEET_LIMITS. The caller closes it. Raises SpreadsheetError."""
    if not data.startswith(XLSX_MAGIC):
        raise SpreadsheetError("Berkas bukan lembar kerja .xlsx yang sah (isi berkas tidak cocok).")
    try:
        zipguard.check_zip(data, limits=zipguard.SPREADSHEET_LIMITS)
        # Formulas are read as formulas (not data_only), so worksheet_rows can refuse them.
        return load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except zipguard.ArsipDitolak as exc:
        raise SpreadsheetError(str(exc)) from exc
    except _UNREADABLE as exc:
        raise SpreadsheetError(DAMAGED_XLSX) from exc


def worksheet_cells(sheet, *, max_columns: int = MAX_COLUMNS) -> Iterator[tuple]:
    """The rows of a read-only worksheet as openpyxl cells (value, data_type, coordinate), one
    row at a time, each `max_columns + 1` cells wide (the extra column shows a header that is
    too wide), whatever the sheet declares. For readers that judge cells themselves, such as
    an import that reports a formula as an error of its row.

    Raises SpreadsheetError when the sheet cannot be read.
    """
    # The declared <dimension> is only a claim: without it openpyxl pads rows to the cells
    # present, and max_col keeps a cell in column XFD from widening a row to 16 384 values.
    try:
        sheet.reset_dimensions()
        rows = sheet.iter_rows(max_col=max_columns + 1)
    except _UNREADABLE as exc:  # e.g. a chart sheet where a worksheet was expected
        raise SpreadsheetError(DAMAGED_XLSX) from exc
    while True:
        try:
            cells = next(rows)
        except StopIteration:
            return
        except _UNREADABLE as exc:
            raise SpreadsheetError(DAMAGED_XLSX) from exc
        yield cells


def worksheet_rows(sheet, *, max_columns: int = MAX_COLUMNS) -> Iterator[tuple[object, ...]]:
    """The values of `worksheet_cells`; a sheet with a formula cell is refused as a whole.

    Raises SpreadsheetError when the sheet cannot be read or holds a formula.
    """
    formulas: list[str] = []
    for cells in worksheet_cells(sheet, max_columns=max_columns):
        formulas.extend(c.coordinate for c in cells if c.data_type == FORMULA)
        yield tuple(c.value for c in cells)
    if formulas:
        _refuse_formulas(sheet.title, formulas)


def _refuse_formulas(title: str, formulas: list[str]) -> None:
    """The portal calculates nothing, and the result a file carries is only what it claims to
    be (or nothing, when a tool other than Excel wrote it): neither is imported."""
    named = ", ".join(formulas[:NAMED_CELLS])
    more = f" dan {len(formulas) - NAMED_CELLS} sel lain" if len(formulas) > NAMED_CELLS else ""
    raise SpreadsheetError(
        f"Sel {named}{more} pada lembar {title} berisi rumus Excel. Portal tidak "
        "menghitung rumus: ganti rumus dengan nilainya (salin, lalu Tempel Spesial → Nilai) "
        "dan unggah ulang."
    )


def check_width(headers: Sequence[str], *, max_columns: int = MAX_COLUMNS) -> None:
    """Raise SpreadsheetError when a header row has a title past column `max_columns`."""
    if any(headers[max_columns:]):
        raise SpreadsheetError(
            f"Berkas berisi lebih dari {max_columns} kolom. Hapus kolom yang tidak dipakai."
        )


def too_many_rows(max_rows: int) -> SpreadsheetError:
    return SpreadsheetError(
        f"Berkas berisi lebih dari {max_rows:,} baris data; ".replace(",", ".")
        + "bagi menjadi beberapa berkas lalu impor satu per satu."
    )


def _read_csv(data: bytes) -> Iterator[list[str]]:
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
    # Universal newlines: files saved on old Macs end lines with a bare "\r".
    rows = csv.reader(io.StringIO(text, newline=None), delimiter=delimiter)
    while True:
        try:
            row = next(rows)
        except StopIteration:
            return
        except csv.Error as exc:
            raise SpreadsheetError(f"Berkas CSV tidak dapat dibaca: {exc}.") from exc
        yield row


def _to_dataset(rows: Iterable[Sequence[object]], *, max_rows: int) -> tablib.Dataset:
    # Rows are consumed one at a time: blank ones cost nothing, and reading stops at the
    # first data row past the cap.
    rows = iter(rows)
    first = next(rows, None)
    if first is None:
        raise SpreadsheetError("Berkas tidak memiliki baris judul kolom.")
    headers = [normalise_header(h) for h in first]
    check_width(headers)
    # Excel often leaves formatted but empty columns to the right; drop headerless columns.
    keep = [i for i, h in enumerate(headers) if h]
    if not keep:
        raise SpreadsheetError("Baris pertama harus berisi judul kolom (misalnya: nama, jenis).")
    headers = [headers[i] for i in keep]
    duplicates = sorted({h for h in headers if headers.count(h) > 1})
    if duplicates:
        raise SpreadsheetError("Judul kolom ganda: " + ", ".join(duplicates) + ".")
    dataset = tablib.Dataset(headers=[LINE_COLUMN, *headers])
    for line, raw in enumerate(rows, start=2):
        if raw.count(None) == len(raw):
            continue  # an empty row, cheaply: a sheet may have 200 000 of them between two
        cells = [normalise_text(raw[i]) if i < len(raw) else "" for i in keep]
        if any(cells):
            if len(dataset) >= max_rows:
                raise too_many_rows(max_rows)
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
