"""Instrument spreadsheets: validation with row errors, nothing saved on error, round trip."""

import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from evaluasi.instrumen.buku_kerja import read_xlsx, write_xlsx
from evaluasi.instrumen.bundled import BUNDLED, load
from evaluasi.instrumen.selectors import instrumen_data
from evaluasi.instrumen.services import InstrumenTerkunci, instrumen_save
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


# --- Items (butir), codes, external sources and settings ([4/9]) ----------------------------


def _sheet_rows(content: bytes, sheet: str) -> list[tuple]:
    return list(
        load_workbook(io.BytesIO(content), read_only=True)[sheet].iter_rows(values_only=True)
    )


def test_pemdi_round_trip_keeps_items_codes_sources_and_settings(instrumen_pemdi):
    data = instrumen_data(instrumen_pemdi)
    content = _workbook(data)
    rows = _sheet_rows(content, "Butir")
    assert rows[0][:6] == ("indikator", "level", "nomor", "kode", "jenis", "butir")
    assert "I10-L2-03" in {r[3] for r in rows[1:]}
    meta = dict(_sheet_rows(content, "Instrumen")[1:])
    assert meta["kredit_parsial"] == "proporsi_utama" and meta["berlaku_mulai"] == 2026

    again, errors = read_xlsx(content)

    assert errors == []
    assert again.comparable() == data.comparable()
    assert len(again.butir) == 257
    saved = instrumen_save(data=_renamed(again, "pemdi-salinan"))
    assert instrumen_data(saved).comparable() == _renamed(data, "pemdi-salinan").comparable()


def _renamed(data, kode):
    data.kode = kode
    return data


def test_edited_item_comes_back_exactly_as_edited(instrumen_pemdi):
    content = _workbook(instrumen_data(instrumen_pemdi))
    rows = _sheet_rows(content, "Butir")
    line = next(i for i, r in enumerate(rows, start=1) if r[3] == "I8-L2-02")
    edited = _edit(
        content,
        "Butir",
        {(line, 5): "pendukung", (line, 6): "SK petugas PDP\nberikut lampirannya", (line, 7): 24},
    )

    data, errors = read_xlsx(edited)

    assert errors == []
    item = next(b for b in data.butir if (b.indikator, b.level, b.nomor) == (8, 2, 2))
    assert (item.utama, item.teks, item.kedaluwarsa_bulan) == (
        False,
        "SK petugas PDP\nberikut lampirannya",
        24,
    )


def test_item_rows_are_validated_with_row_errors(instrumen_pemdi):
    content = _workbook(instrumen_data(instrumen_pemdi))
    rows = _sheet_rows(content, "Butir")
    first_l1 = next(i for i, r in enumerate(rows, start=1) if r[3] == "I1-L1-01")
    edited = _edit(
        content,
        "Butir",
        {
            (2, 2): 7,  # level out of range
            (3, 5): "wajib",  # unknown kind
            (4, 7): "dua belas",  # freshness not a number
            (5, 8): "Indeks KAMI",  # index without threshold
            (6, 1): 99,  # unknown indicator
        },
    )

    data, errors = read_xlsx(edited)

    messages = {(sheet, line): msg for sheet, line, msg in errors}
    assert "Level 7 di luar 1–5." in messages[("Butir", 2)]
    assert "Jenis 'wajib' tidak dikenal" in messages[("Butir", 3)]
    assert "Kedaluwarsa" in messages[("Butir", 4)]
    assert "ambangnya" in messages[("Butir", 5)]
    assert "indikator 99 yang tidak ada" in messages[("Butir", 6)]
    assert first_l1 == 2


def test_a_level_without_required_items_and_items_on_an_external_indicator_are_refused(
    instrumen_pemdi,
):
    data = instrumen_data(instrumen_pemdi)
    for b in data.butir:
        if (b.indikator, b.level) == (3, 4):
            b.utama = False
    from evaluasi.instrumen.spreadsheet import ButirData, validate

    data.butir.append(ButirData(5, 1, 1, "Skor SDI", True))  # indicator 5 is external
    errors = [msg for _sheet, _line, msg in validate(data)]
    assert "Indikator 3 belum memiliki butir utama pada level 4." in errors
    assert any("Indikator 5 dinilai dari sumber eksternal" in m for m in errors)


def test_unknown_partial_credit_setting_is_a_row_error(instrumen_pemdi):
    content = _workbook(instrumen_data(instrumen_pemdi))
    rows = _sheet_rows(content, "Instrumen")
    line = next(i for i, r in enumerate(rows, start=1) if r[0] == "kredit_parsial")
    _data, errors = read_xlsx(_edit(content, "Instrumen", {(line, 2): "separuh"}))
    assert any("Kredit parsial 'separuh' tidak dikenal" in msg for _s, _l, msg in errors)


def test_an_older_workbook_without_the_new_columns_still_imports(instrumen):
    """A 59/2020 workbook exported before [4/9]: no Butir sheet, no code columns, no
    settings rows — it imports with no partial credit and the usual level names."""
    content = _workbook(instrumen_data(instrumen))
    workbook = load_workbook(io.BytesIO(content))
    del workbook["Butir"]
    ws = workbook["Instrumen"]
    for row in range(ws.max_row, 4, -1):
        ws.delete_rows(row)
    ws = workbook["Struktur"]
    ws.delete_cols(11, 4)
    buffer = io.BytesIO()
    workbook.save(buffer)

    data, errors = read_xlsx(buffer.getvalue())

    assert errors == []
    assert data.kredit_parsial == "tanpa" and data.butir == []
    assert data.nama_level[4] == "Terintegrasi dan Terukur"


def test_formula_in_an_item_cell_is_refused(instrumen_pemdi):
    content = _edit(_workbook(instrumen_data(instrumen_pemdi)), "Butir", {(2, 6): "=1+1"})
    with pytest.raises(SpreadsheetError):
        read_xlsx(content)


def test_item_text_starting_with_equals_is_exported_as_text(instrumen_pemdi):
    data = instrumen_data(instrumen_pemdi)
    data.butir[0].teks = '=HYPERLINK("http://contoh","klik")'
    content = _workbook(data)
    again, errors = read_xlsx(content)
    assert errors == []
    assert again.comparable() == data.comparable()


@pytest.mark.parametrize("ambang", ["1e20", 99999.99999, "1,23456", -5])
def test_a_threshold_the_database_cannot_hold_is_a_row_error(instrumen_pemdi, ambang):
    content = _workbook(instrumen_data(instrumen_pemdi))
    edited = _edit(content, "Butir", {(2, 8): "Indeks X", (2, 9): ambang})
    _data, errors = read_xlsx(edited)
    assert ("Butir", 2) in {(sheet, line) for sheet, line, _msg in errors}
    assert any("Ambang harus" in msg for _s, _l, msg in errors)


def test_codes_and_sources_longer_than_their_columns_are_row_errors(instrumen_pemdi):
    content = _workbook(instrumen_data(instrumen_pemdi))
    edited = _edit(content, "Struktur", {(2, 11): "1" * 40, (2, 13): "S" * 300})
    edited = _edit(edited, "Butir", {(3, 8): "I" * 300, (3, 9): 2})
    _data, errors = read_xlsx(edited)
    messages = [msg for _s, _l, msg in errors]
    assert any(m.startswith("Kode terlalu panjang") for m in messages)
    assert any(m.startswith("Sumber eksternal terlalu panjang") for m in messages)
    assert any(m.startswith("Indeks eksternal terlalu panjang") for m in messages)
