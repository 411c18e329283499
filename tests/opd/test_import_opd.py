"""OPD spreadsheet import rules (SPEC §9 and issue [1/7])."""

import pytest

from opd.models import JenisOpd, Opd
from opd.services import opd_import
from opd.spreadsheet import SpreadsheetError
from tests.factories import OpdFactory
from tests.helpers import dataset_from_rows, fixture_dataset, fixture_rows

pytestmark = pytest.mark.django_db


def test_sulbar_list_imports_cleanly():
    rows = fixture_rows("opd_sulbar.csv")
    hasil = opd_import(dataset=fixture_dataset("opd_sulbar.csv"), dry_run=False)

    assert not hasil.ada_galat
    assert hasil.dibuat == len(rows) - 1 == Opd.objects.count()
    kominfo = Opd.objects.get(singkatan="Diskominfopers")
    assert kominfo.nama == "Dinas Komunikasi, Informatika, Persandian dan Statistik"
    assert kominfo.jenis == JenisOpd.DINAS
    assert kominfo.aktif
    # Kode is generated in file order; urutan follows the file.
    first = Opd.objects.get(nama=rows[1][0])
    assert (first.kode, first.urutan) == ("OPD-001", 1)


def test_dompu_list_imports_cleanly():
    hasil = opd_import(dataset=fixture_dataset("opd_dompu.csv"), dry_run=False)

    assert not hasil.ada_galat
    assert Opd.objects.count() == hasil.dibuat == 41
    assert Opd.objects.filter(nama="Kecamatan Hu'u", jenis=JenisOpd.KECAMATAN).exists()


def test_reimporting_the_same_file_changes_nothing():
    opd_import(dataset=fixture_dataset("opd_sulbar.csv"), dry_run=False)
    before = list(Opd.objects.order_by("pk").values_list("pk", "kode", "nama", "diubah"))

    hasil = opd_import(dataset=fixture_dataset("opd_sulbar.csv"), dry_run=False)

    assert (hasil.dibuat, hasil.diperbarui, hasil.tidak_berubah) == (0, 0, len(before))
    assert hasil.ringkasan.startswith("0 dibuat, 0 diperbarui")
    assert list(Opd.objects.order_by("pk").values_list("pk", "kode", "nama", "diubah")) == before


def test_xlsx_and_csv_of_the_same_list_give_the_same_opds():
    rows = fixture_rows("opd_dompu.csv")
    opd_import(dataset=dataset_from_rows(rows, "xlsx"), dry_run=False)

    hasil = opd_import(dataset=fixture_dataset("opd_dompu.csv"), dry_run=False)

    assert (hasil.dibuat, hasil.diperbarui, hasil.tidak_berubah) == (0, 0, 41)


def test_dry_run_saves_nothing_but_reports_what_would_happen():
    hasil = opd_import(dataset=fixture_dataset("opd_dompu.csv"), dry_run=True)

    assert (hasil.akan_dibuat, hasil.dibuat, hasil.disimpan) == (41, 0, False)
    assert Opd.objects.count() == 0


def test_every_bad_row_is_reported_and_nothing_is_saved():
    OpdFactory(kode="X-1", nama="Dinas Sosial")
    rows = [
        ["kode", "nama", "jenis", "aktif", "urutan", "induk"],
        ["", "Dinas Kesehatan", "Dinas", "", "", ""],  # 2: good
        ["", "", "Dinas", "", "", ""],  # 3: missing name
        ["", "Dinas Pariwisata", "Kementerian", "", "", ""],  # 4: unknown jenis
        ["", "dinas   kesehatan", "Dinas", "", "", ""],  # 5: duplicate of line 2
        ["X-9", "Dinas Sosial", "Dinas", "", "", ""],  # 6: existing OPD under another kode
        ["K-1", "Badan A", "Badan", "mungkin", "", ""],  # 7: bad aktif
        ["K-1", "Badan B", "Badan", "", "satu", ""],  # 8: duplicate kode, bad urutan
        ["", "Biro C", "Biro", "", "", "Biro Tidak Ada"],  # 9: unknown induk
        ["", "Dinas D", "", "", "", ""],  # 10: missing jenis
    ]

    hasil = opd_import(dataset=dataset_from_rows(rows), dry_run=False)

    errors = {}
    for line, message in hasil.galat:
        errors.setdefault(line, []).append(message)
    assert sorted(errors) == [3, 4, 5, 6, 7, 8, 9, 10]
    assert errors[3] == ["Nama OPD kosong."]
    assert "Jenis 'Kementerian' tidak dikenal" in errors[4][0]
    assert errors[5] == ["Nama OPD sama dengan baris 2 (duplikat dalam berkas)."]
    assert "sudah dipakai OPD lain yang berkode X-1" in errors[6][0]
    assert "Nilai aktif 'mungkin' tidak dikenal" in errors[7][0]
    assert any("Kode K-1 sama dengan baris 7" in m for m in errors[8])
    assert any("Urutan 'satu'" in m for m in errors[8])
    assert "OPD induk 'Biro Tidak Ada' tidak ditemukan" in errors[9][0]
    assert errors[10] == ["Jenis OPD kosong."]
    assert not hasil.disimpan
    assert list(Opd.objects.values_list("kode", flat=True)) == ["X-1"]


def test_missing_required_column_is_refused():
    with pytest.raises(SpreadsheetError, match="Kolom wajib tidak ada: jenis"):
        opd_import(dataset=dataset_from_rows([["nama"], ["Dinas A"]]), dry_run=False)


def test_names_are_normalised_before_matching():
    OpdFactory(kode="X-1", nama="Dinas Sosial", jenis=JenisOpd.DINAS)
    rows = [["nama", "jenis"], ["  Dinas   Sosial ", "Dinas"]]

    hasil = opd_import(dataset=dataset_from_rows(rows), dry_run=False)

    assert (hasil.dibuat, hasil.diperbarui, hasil.tidak_berubah) == (0, 0, 1)
    assert Opd.objects.get().nama == "Dinas Sosial"


def test_case_only_difference_matches_and_updates_the_name():
    OpdFactory(kode="X-1", nama="Dinas sosial", jenis=JenisOpd.DINAS)

    hasil = opd_import(
        dataset=dataset_from_rows([["nama", "jenis"], ["Dinas Sosial", "Dinas"]]), dry_run=False
    )

    assert (hasil.dibuat, hasil.diperbarui) == (0, 1)
    assert Opd.objects.get().nama == "Dinas Sosial"


def test_columns_absent_from_the_file_keep_existing_values():
    opd_import(dataset=fixture_dataset("opd_sulbar.csv"), dry_run=False)
    Opd.objects.filter(singkatan="BKD").update(aktif=False, urutan=99)
    rows = [["nama", "jenis"], ["Badan Kepegawaian Daerah", "Badan"]]

    hasil = opd_import(dataset=dataset_from_rows(rows), dry_run=False)

    assert (hasil.diperbarui, hasil.tidak_berubah) == (0, 1)
    bkd = Opd.objects.get(nama="Badan Kepegawaian Daerah")
    assert (bkd.singkatan, bkd.aktif, bkd.urutan) == ("BKD", False, 99)


def test_kode_column_matches_by_kode_and_updates_fields():
    OpdFactory(kode="1.01", nama="Dinas Pendidikan", singkatan="Disdik", jenis=JenisOpd.DINAS)
    rows = [
        ["kode", "nama", "singkatan", "jenis", "aktif"],
        ["1.01", "Dinas Pendidikan dan Kebudayaan", "Disdikbud", "Dinas", "tidak"],
    ]

    hasil = opd_import(dataset=dataset_from_rows(rows), dry_run=False)

    assert (hasil.dibuat, hasil.diperbarui) == (0, 1)
    opd = Opd.objects.get(kode="1.01")
    assert (opd.nama, opd.singkatan, opd.aktif) == (
        "Dinas Pendidikan dan Kebudayaan",
        "Disdikbud",
        False,
    )


def test_induk_may_name_an_earlier_row_or_an_existing_opd():
    OpdFactory(kode="SETDA", nama="Sekretariat Daerah", jenis=JenisOpd.SEKRETARIAT)
    rows = [
        ["nama", "jenis", "induk"],
        ["Biro Hukum", "Biro", "SETDA"],
        ["Biro Umum", "Biro", "sekretariat daerah"],
        ["Bagian Protokol", "Lainnya", "Biro Umum"],
        ["Biro Lingkar", "Biro", "Biro Lingkar"],
    ]

    hasil = opd_import(dataset=dataset_from_rows(rows), dry_run=True)

    assert hasil.galat == [(5, "OPD tidak boleh menjadi induk dirinya sendiri.")]
    opd_import(dataset=dataset_from_rows(rows[:4]), dry_run=False)
    assert Opd.objects.get(nama="Bagian Protokol").induk.nama == "Biro Umum"
    assert Opd.objects.get(nama="Biro Hukum").induk.kode == "SETDA"


def test_generated_kode_continues_after_the_highest_existing_one():
    OpdFactory(kode="OPD-007", nama="Dinas Lama")

    opd_import(
        dataset=dataset_from_rows([["nama", "jenis"], ["Dinas Baru", "Dinas"]]), dry_run=False
    )

    assert Opd.objects.get(nama="Dinas Baru").kode == "OPD-008"
