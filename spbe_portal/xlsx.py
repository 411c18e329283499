"""Saving .xlsx files in which no user text can become a formula.

openpyxl stores a str that starts with "=" as a formula cell (t="f") and one such as "#N/A" as
an error cell; Excel and LibreOffice evaluate a formula on open, so an OPD name like
`=HYPERLINK("http://…","klik")` would turn into a live link or calculation in an export.
Every workbook the portal produces is saved through `workbook_bytes`, or, when it is too big
to hold in memory, streamed as a write-only workbook whose cells come from `text_safe_cell`;
both store every str as a string cell (t="inlineStr"). The text is kept exactly (no leading
apostrophe), so an export imports back unchanged; numbers and dates stay numbers and dates.
The portal writes no formulas of its own.
"""

import io
import numbers
from datetime import date, time, timedelta

import tablib
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

TEXT = "s"  # openpyxl's data type of a string cell
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def store_text_as_text(workbook: Workbook) -> None:
    """Mark every str cell of every sheet as a string cell, whatever openpyxl inferred."""
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    cell.data_type = TEXT


def workbook_bytes(workbook: Workbook) -> bytes:
    """The saved workbook, with every str stored as text (see the module docstring)."""
    store_text_as_text(workbook)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- Write-only workbooks: rows are streamed to disk, so `workbook_bytes` cannot walk them;
# every value goes through `text_safe_cell` instead.


def text_safe_cell(sheet, value: object, **style) -> WriteOnlyCell:
    """A cell of a write-only sheet (`Workbook(write_only=True)`) with the given style
    (font, fill, alignment, number_format); a str is stored as text, whatever it looks like."""
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        cell.data_type = TEXT
    for name, setting in style.items():
        setattr(cell, name, setting)
    return cell


def text_safe_row(sheet, values, **style) -> list[WriteOnlyCell]:
    """One row of `text_safe_cell`s, every cell with the same style."""
    return [text_safe_cell(sheet, value, **style) for value in values]


def dataset_bytes(dataset: tablib.Dataset, *, max_width: int = 60) -> bytes:
    """A tablib Dataset as a one-sheet workbook: bold header row, frozen below it, columns
    as wide as their longest value (up to `max_width` characters)."""
    workbook = Workbook()
    sheet = workbook.active
    if dataset.title:
        sheet.title = dataset.title
    rows = [list(dataset.headers or []), *(list(row) for row in dataset)]
    for row in rows:
        sheet.append([_cell_value(value) for value in row])
    if dataset.headers:
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.freeze_panes = "A2"
    for index in range(1, max((len(r) for r in rows), default=0) + 1):
        longest = max(len(str(r[index - 1] or "")) for r in rows if len(r) >= index)
        sheet.column_dimensions[get_column_letter(index)].width = min(longest + 2, max_width)
    return workbook_bytes(workbook)


def _cell_value(value: object) -> object:
    # Types openpyxl cannot store (lazy translation strings, UUIDs …) are written as their text.
    if value is None or isinstance(value, str | numbers.Number | date | time | timedelta):
        return value
    return str(value)
