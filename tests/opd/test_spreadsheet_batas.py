"""Spreadsheet reading is bounded whatever the file declares (rows, columns, unpacked size)."""

import io
import re
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook
from openpyxl.styles import Font

from evaluasi.instrumen.buku_kerja import read_xlsx, write_xlsx
from evaluasi.instrumen.bundled import BUNDLED, load
from evaluasi.models import Instrumen, KriteriaLevel
from opd.models import Opd
from opd.spreadsheet import LINE_COLUMN, MAX_COLUMNS, SpreadsheetError, read_dataset
from tests.helpers import MAX, csv_bytes
from tests.zip_bombs import MB, bomb, peak_memory, rewrite_sheets, with_dimension, xlsx

MEMORY_BOUND = 30 * MB
WHOLE_SHEET = "A1:XFD200000"  # 16 384 columns × 200 000 rows, declared in a few bytes


def _opd_rows(count: int) -> list[list[str]]:
    return [["nama", "jenis"], *[[f"Dinas Uji {i}", "Dinas"] for i in range(count)]]


def _instrument_workbook(*, far_cell: str = "") -> bytes:
    data, _ = load(BUNDLED[1])
    content = write_xlsx(data)
    if not far_cell:
        return content
    workbook = load_workbook(io.BytesIO(content))
    workbook["Kriteria"][far_cell].font = Font(bold=True)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_a_small_xlsx_declaring_a_whole_sheet_is_read_as_the_rows_it_has():
    data = with_dimension(xlsx(_opd_rows(3), far_cell="XFD200000"), WHOLE_SHEET)
    assert len(data) < 10_000

    dataset, peak = peak_memory(lambda: read_dataset(data, "opd.xlsx", max_bytes=MAX))

    assert peak < MEMORY_BOUND
    assert dataset.headers == [LINE_COLUMN, "nama", "jenis"]
    assert [row["nama"] for row in dataset.dict] == ["Dinas Uji 0", "Dinas Uji 1", "Dinas Uji 2"]


def test_rows_are_not_padded_to_the_declared_width():
    data = with_dimension(xlsx(_opd_rows(2000)), WHOLE_SHEET)

    dataset, peak = peak_memory(lambda: read_dataset(data, "opd.xlsx", max_bytes=MAX))

    assert peak < MEMORY_BOUND
    assert len(dataset) == 2000 and dataset.dict[-1][LINE_COLUMN] == 2001


def test_the_instrument_import_reads_a_workbook_declaring_whole_sheets():
    data = with_dimension(_instrument_workbook(far_cell="XFD200000"), WHOLE_SHEET)

    outcome, peak = peak_memory(lambda: read_xlsx(data))

    assert peak < MEMORY_BOUND
    instrumen, errors = outcome
    assert errors == [] and len(instrumen.indikator) == 20


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_more_rows_than_the_cap_are_refused_with_a_message(fmt):
    rows = _opd_rows(11)
    data = xlsx(rows) if fmt == "xlsx" else csv_bytes(rows)

    with pytest.raises(SpreadsheetError, match="Berkas berisi lebih dari 10 baris data"):
        read_dataset(data, f"opd.{fmt}", max_bytes=MAX, max_rows=10)
    assert len(read_dataset(data, f"opd.{fmt}", max_bytes=MAX, max_rows=11)) == 11


def test_blank_rows_do_not_count_towards_the_row_cap():
    data = b"nama,jenis\n" + b",\n" * 50 + b"A,Dinas\nB,Badan\n"

    dataset = read_dataset(data, "opd.csv", max_bytes=MAX, max_rows=2)

    assert [row[LINE_COLUMN] for row in dataset.dict] == [52, 53]


def test_the_row_cap_is_the_import_max_rows_setting(client, admin_user, settings):
    settings.IMPORT_MAX_ROWS = 5
    client.force_login(admin_user)

    response = client.post(
        reverse("opd:impor"),
        {"berkas": SimpleUploadedFile("opd.csv", csv_bytes(_opd_rows(6)))},
    )

    assert response.status_code == 200
    assert "Berkas berisi lebih dari 5 baris data" in response.content.decode()
    assert not Opd.objects.filter(nama__startswith="Dinas Uji").exists()


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_more_columns_than_the_cap_are_refused(fmt):
    header = [f"kolom {i}" for i in range(MAX_COLUMNS + 1)]
    rows = [header, ["x"] * len(header)]
    data = xlsx(rows) if fmt == "xlsx" else csv_bytes(rows)

    with pytest.raises(SpreadsheetError, match=f"lebih dari {MAX_COLUMNS} kolom"):
        read_dataset(data, f"opd.{fmt}", max_bytes=MAX)


def test_a_worksheet_bomb_is_refused_within_bounded_memory():
    with zipfile.ZipFile(io.BytesIO(xlsx(_opd_rows(1)))) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    del parts["xl/worksheets/sheet1.xml"]
    # One 128 MB cell of "A"s: valid XML that a reader would otherwise hold in memory whole.
    data = bomb(
        parts,
        name="xl/worksheets/sheet1.xml",
        prefix=b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>',
        fill=b"A",
        suffix=b"</t></is></c></row></sheetData></worksheet>",
    )
    assert len(data) < 1 * MB

    outcome, peak = peak_memory(lambda: read_dataset(data, "opd.xlsx", max_bytes=MAX))

    assert peak < MEMORY_BOUND
    assert isinstance(outcome, SpreadsheetError)
    assert "Isi arsip terlalu besar bila dibuka: xl/worksheets/sheet1.xml" in str(outcome)


def _broken_sheet_xml(content: bytes) -> bytes:
    return rewrite_sheets(content, lambda xml: xml.replace(b"<sheetData>", b"<sheetData><"))


def test_a_sheet_that_breaks_while_read_gives_a_message():
    # The workbook opens; its sheet XML fails only once rows are read.
    data = _broken_sheet_xml(xlsx(_opd_rows(1)))

    with pytest.raises(SpreadsheetError, match=re.escape("Berkas .xlsx rusak")):
        read_dataset(data, "opd.xlsx", max_bytes=MAX)


@pytest.mark.parametrize(
    "data",
    [
        b"PK\x03\x04 rusak",
        _instrument_workbook()[:-30],
        _broken_sheet_xml(_instrument_workbook()),
    ],
    ids=["not-a-zip", "truncated", "broken-sheet-xml"],
)
def test_a_corrupt_instrument_workbook_gives_a_message(data):
    with pytest.raises(SpreadsheetError, match=re.escape("Berkas .xlsx rusak")):
        read_xlsx(data)


# --- Instrument import page -----------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "content",
    [
        b"PK\x03\x04 rusak",
        _instrument_workbook()[:-30],
        _broken_sheet_xml(_instrument_workbook()),
    ],
    ids=["not-a-zip", "truncated", "broken-sheet-xml"],
)
def test_a_corrupt_instrument_workbook_answers_a_message_and_saves_nothing(
    client, admin_user, content
):
    client.force_login(admin_user)

    response = client.post(
        reverse("evaluasi:instrumen_impor"), {"berkas": SimpleUploadedFile("x.xlsx", content)}
    )

    assert response.status_code == 200
    assert "Berkas .xlsx rusak atau tidak dapat dibaca." in response.content.decode()
    assert (Instrumen.objects.count(), KriteriaLevel.objects.count()) == (0, 0)


@pytest.mark.django_db
def test_the_instrument_import_page_applies_the_row_cap(client, admin_user, settings):
    settings.IMPORT_MAX_ROWS = 50  # the Kriteria sheet of this instrument has 100 rows
    client.force_login(admin_user)

    response = client.post(
        reverse("evaluasi:instrumen_impor"),
        {"berkas": SimpleUploadedFile("x.xlsx", _instrument_workbook())},
    )

    assert response.status_code == 200
    assert "lebih dari 50 baris data" in response.content.decode()
    assert not Instrumen.objects.exists()
