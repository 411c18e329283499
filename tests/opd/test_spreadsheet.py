import re

import pytest
from openpyxl import Workbook

from opd.spreadsheet import LINE_COLUMN, SpreadsheetError, read_dataset
from spbe_portal.xlsx import workbook_bytes
from tests.helpers import MAX, with_formula, xlsx_bytes


def test_csv_with_bom_and_semicolons_is_read():
    data = "\ufeffNama;Jenis\nDinas Sosial;Dinas\n".encode()
    dataset = read_dataset(data, "opd.csv", max_bytes=MAX)
    assert dataset.headers == [LINE_COLUMN, "nama", "jenis"]
    assert dataset.dict[0]["nama"] == "Dinas Sosial"


def test_windows_1252_csv_is_read():
    data = "nama,jenis\nKecamatan Hu\u2019u,Kecamatan\n".encode("cp1252")
    dataset = read_dataset(data, "opd.csv", max_bytes=MAX)
    assert dataset.dict[0]["nama"] == "Kecamatan Hu\u2019u"


def test_blank_rows_are_dropped_but_line_numbers_kept():
    data = b"nama,jenis\nA,Dinas\n,\nB,Badan\n"
    dataset = read_dataset(data, "opd.csv", max_bytes=MAX)
    assert [(r[LINE_COLUMN], r["nama"]) for r in dataset.dict] == [(2, "A"), (4, "B")]


def test_xlsx_numbers_become_plain_text():
    data = xlsx_bytes([["Kode", "Nama", "Urutan"], [12, "Dinas  Sosial ", 3.0]])
    row = read_dataset(data, "opd.xlsx", max_bytes=MAX).dict[0]
    assert (row["kode"], row["nama"], row["urutan"]) == ("12", "Dinas Sosial", "3")


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"", "opd.csv", "Berkas kosong"),
        (b"nama,jenis\n", "opd.csv", "tidak berisi baris data"),
        (b"MZ\x90\x00\x03\x00\x00\x00", "opd.xlsx", "bukan lembar kerja .xlsx"),
        (b"MZ\x90\x00\x03\x00\x00\x00", "opd.csv", "bukan teks CSV"),
        (b"PK\x03\x04rusak", "opd.xlsx", "rusak"),
        (b"nama,jenis\nA,Dinas\n", "opd.xls", ".xls (Excel 97-2003) tidak didukung"),
        (b"%PDF-1.7", "opd.pdf", "Format berkas tidak didukung"),
        (b"nama,nama\nA,B\n", "opd.csv", "Judul kolom ganda: nama"),
    ],
)
def test_unreadable_files_are_refused_with_indonesian_message(data, name, message):
    with pytest.raises(SpreadsheetError, match=re.escape(message)):
        read_dataset(data, name, max_bytes=MAX)


def test_xlsx_formula_cells_are_refused_naming_each_cell():
    # Excel saved the formula with its last result; the portal neither calculates nor trusts it.
    data = xlsx_bytes([["nama", "jenis"], ["RUMUS-1", "Dinas"], ["Badan X", "RUMUS-2"]])
    data = with_formula(data, "RUMUS-1", 'HYPERLINK("http://x","klik")', "klik")
    data = with_formula(data, "RUMUS-2", "B2", "Dinas")

    with pytest.raises(SpreadsheetError) as refused:
        read_dataset(data, "opd.xlsx", max_bytes=MAX)

    assert str(refused.value).startswith("Sel A2, B3 pada lembar Sheet berisi rumus Excel.")
    assert "Tempel Spesial" in str(refused.value)


def test_xlsx_text_that_looks_like_a_formula_is_read_as_that_text():
    workbook = Workbook()
    workbook.active.append(["nama", "jenis"])
    workbook.active.append(['=HYPERLINK("http://x","klik")', "+1+1"])
    data = workbook_bytes(workbook)

    row = read_dataset(data, "opd.xlsx", max_bytes=MAX).dict[0]

    assert (row["nama"], row["jenis"]) == ('=HYPERLINK("http://x","klik")', "+1+1")


def test_oversize_file_is_refused():
    with pytest.raises(SpreadsheetError, match="terlalu besar"):
        read_dataset(b"nama,jenis\n" + b"A,Dinas\n" * 100, "opd.csv", max_bytes=100)
