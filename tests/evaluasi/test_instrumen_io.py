"""Instrument spreadsheets: validation with row errors, nothing saved on error, round trip."""

import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from evaluasi.instrumen.bundled import BUNDLED, load
from evaluasi.instrumen.selectors import instrumen_data
from evaluasi.instrumen.services import InstrumenTerkunci, instrumen_save
from evaluasi.instrumen.spreadsheet import read_xlsx, write_xlsx
from evaluasi.models import Indikator, Instrumen, KriteriaLevel
from opd.spreadsheet import SpreadsheetError
from tests.helpers import with_formula


def _workbook(data) -> bytes:
    return write_xlsx(data)


def _edit(content: bytes, sheet: str, edits: dict[tuple[int, int], object]) -> bytes:
    """Change cells (row, column) of one sheet of a workbook."""
    workbook = load_workbook(io.BytesIO(content))
    ws = workbook[sheet]
    for (row, col), value in edits.items():
        ws.cell(row=row, column=col).value = value  # cell(value=None) would not clear it
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_bundled_instruments_are_valid_and_complete():
    spbe, errors = load(BUNDLED[0])
    assert errors == []
    assert (len(spbe.domain), len(spbe.aspek), len(spbe.indikator)) == (4, 8, 47)
    assert len(spbe.kriteria) == 47 * 5
    pemdi, errors = load(BUNDLED[1])
    assert errors == []
    assert (len(pemdi.domain), len(pemdi.aspek), len(pemdi.indikator)) == (0, 7, 20)


def test_criteria_are_specific_to_each_indicator():
    spbe, _ = load(BUNDLED[0])
    level3 = {k.indikator: k.deskripsi for k in spbe.kriteria if k.level == 3}

    assert len(set(level3.values())) == 47  # no two indicators share a level-3 text
    assert "audit keamanan" in level3[9]
    assert "kepegawaian" in level3[36].lower()
    assert all(k.bukti for k in spbe.kriteria)


@pytest.mark.parametrize("index", [0, 1])
def test_round_trip_export_import_gives_the_same_instrument(index):
    data, _ = load(BUNDLED[index])

    again, errors = read_xlsx(_workbook(data))

    assert errors == []
    assert again.comparable() == data.comparable()


@pytest.mark.django_db
def test_round_trip_through_the_database(instrumen):
    exported = write_xlsx(instrumen_data(instrumen))
    data, errors = read_xlsx(exported)
    assert errors == []
    data.kode = "salinan"

    copy = instrumen_save(data=data)

    original, copied = instrumen_data(instrumen), instrumen_data(copy)
    copied.kode = original.kode
    assert copied.comparable() == original.comparable()


def test_edited_criteria_come_back_exactly_as_edited():
    data, _ = load(BUNDLED[0])
    content = _edit(
        _workbook(data), "Kriteria", {(2, 4): "Kriteria resmi baru.", (2, 5): "Butir A\nButir B"}
    )

    again, errors = read_xlsx(content)

    assert errors == []
    first = next(k for k in again.kriteria if (k.indikator, k.level) == (1, 1))
    assert (first.deskripsi, first.bukti) == ("Kriteria resmi baru.", ["Butir A", "Butir B"])


def test_decimal_comma_weights_are_read():
    data, _ = load(BUNDLED[0])
    content = _edit(_workbook(data), "Struktur", {(2, 9): "1,3"})

    again, errors = read_xlsx(content)

    assert errors == []
    assert again.indikator[0].bobot == Decimal("1.3")


def test_bad_weights_missing_criteria_and_duplicate_numbers_are_row_errors():
    data, _ = load(BUNDLED[0])
    content = _workbook(data)
    content = _edit(content, "Struktur", {(2, 9): 2.3, (4, 1): 2})  # weight; row 4 repeats no 2
    content = _edit(
        content, "Kriteria", {(6, 1): None, (6, 2): None, (6, 3): None, (6, 4): None, (6, 5): None}
    )

    _, errors = read_xlsx(content)

    messages = [f"{sheet}:{line}:{msg}" for sheet, line, msg in errors]
    assert "Struktur:4:Nomor indikator 2 sama dengan baris 3." in messages
    assert any(
        "Jumlah bobot indikator aspek 1 = " in m and "padahal bobot aspek 13" in m for m in messages
    )
    assert any("Indikator 1 belum memiliki kriteria level 5" in m for m in messages)
    assert any(
        "Jumlah bobot aspek domain 1" in m or "Jumlah bobot indikator aspek 1" in m
        for m in messages
    )


def test_total_must_be_100():
    data, _ = load(BUNDLED[1])
    content = _edit(_workbook(data), "Struktur", {(21, 9): 16, (21, 7): 26, (20, 7): 26})

    _, errors = read_xlsx(content)

    assert ("Struktur", 0, "Jumlah bobot seluruh aspek = 101, seharusnya 100.") in errors


def test_not_a_workbook_or_missing_sheet_is_refused():
    with pytest.raises(SpreadsheetError, match="bukan lembar kerja"):
        read_xlsx(b"MZ\x90\x00")
    data, _ = load(BUNDLED[1])
    workbook = load_workbook(io.BytesIO(_workbook(data)))
    del workbook["Kriteria"]
    buffer = io.BytesIO()
    workbook.save(buffer)
    with pytest.raises(SpreadsheetError, match="Lembar kerja wajib tidak ada: Kriteria"):
        read_xlsx(buffer.getvalue())


def test_formula_cells_are_refused():
    data, _ = load(BUNDLED[1])
    data.kriteria[0].deskripsi = "RUMUS"
    content = with_formula(_workbook(data), "RUMUS", 'HYPERLINK("http://x","klik")', "klik")

    with pytest.raises(
        SpreadsheetError, match=r"^Sel D2 pada lembar Kriteria berisi rumus Excel\."
    ):
        read_xlsx(content)


@pytest.mark.django_db
def test_frozen_instrument_refuses_replacement(instrumen_terkunci):
    data = instrumen_data(instrumen_terkunci)
    data.nama = "Nama baru"

    with pytest.raises(InstrumenTerkunci, match="terkunci"):
        instrumen_save(data=data)

    assert Instrumen.objects.get(pk=instrumen_terkunci.pk).nama == "Instrumen lama"


@pytest.mark.django_db
def test_reimport_of_unfrozen_instrument_replaces_its_content(instrumen):
    data = instrumen_data(instrumen)
    data.kriteria[0].deskripsi = "Teks baru"

    instrumen_save(data=data)

    assert Instrumen.objects.count() == 1
    assert Indikator.objects.count() == 47 and KriteriaLevel.objects.count() == 235
    assert KriteriaLevel.objects.filter(deskripsi="Teks baru").count() == 1
