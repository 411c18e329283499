"""User spreadsheet import: same rules as the OPD import, matched on username."""

import pytest

from opd.models import Pengguna, Peran
from opd.services import pengguna_import
from tests.factories import PenggunaFactory
from tests.helpers import dataset_from_rows

pytestmark = pytest.mark.django_db

HEADER = ["username", "nama", "nip", "email", "peran", "opd"]


def test_good_file_creates_accounts_without_password_and_mails_a_link(
    opd_a, mailoutbox, django_capture_on_commit_callbacks
):
    rows = [
        HEADER,
        [
            "Budi.Dinkes",
            "Budi  Santoso",
            "19800101 200501 1 001",
            "budi@contoh.go.id",
            "Operator OPD",
            opd_a.singkatan,
        ],
        ["sari", "Sari Evaluator", "", "sari@contoh.go.id", "evaluator", ""],
        ["kadis", "Kepala Dinas", "", "", "Pimpinan", ""],
    ]

    with django_capture_on_commit_callbacks(execute=True):
        hasil = pengguna_import(
            dataset=dataset_from_rows(rows, "xlsx"), dry_run=False, base_url="http://portal/"
        )

    assert not hasil.ada_galat and hasil.dibuat == 3
    budi = Pengguna.objects.get(username="budi.dinkes")
    assert (budi.nama, budi.nip, budi.peran, budi.opd) == (
        "Budi Santoso",
        "198001012005011001",
        Peran.OPERATOR,
        opd_a,
    )
    assert not budi.has_usable_password()
    # Only new accounts with an e-mail address get a link.
    assert sorted(m.to[0] for m in mailoutbox) == ["budi@contoh.go.id", "sari@contoh.go.id"]
    assert "http://portal/akun/atur-kata-sandi/" in mailoutbox[0].body


def test_reimport_changes_nothing(opd_a):
    rows = [HEADER, ["budi", "Budi", "", "budi@contoh.go.id", "Operator OPD", opd_a.kode]]
    pengguna_import(dataset=dataset_from_rows(rows), dry_run=False)

    hasil = pengguna_import(dataset=dataset_from_rows(rows), dry_run=False)

    assert (hasil.dibuat, hasil.diperbarui, hasil.tidak_berubah) == (0, 0, 1)


def test_bad_rows_are_all_reported_and_nothing_is_saved(opd_a):
    PenggunaFactory(username="lama", nip="197001012000011001", peran=Peran.PIMPINAN)
    rows = [
        HEADER,
        ["baik", "Orang Baik", "", "", "Evaluator", ""],  # 2: good
        ["dua", "Orang Dua", "", "", "Direktur", ""],  # 3: unknown role
        ["tiga", "Orang Tiga", "", "", "Operator OPD", ""],  # 4: operator without OPD
        ["empat", "Orang Empat", "1234", "", "Pimpinan", ""],  # 5: bad NIP
        ["baik", "Orang Baik Lagi", "", "", "Evaluator", ""],  # 6: duplicate username
        ["enam", "Orang Enam", "197001012000011001", "", "Pimpinan", ""],  # 7: NIP of another
        ["tujuh", "Orang Tujuh", "", "bukan-email", "Operator OPD", "Dinas Entah"],  # 8
        ["", "", "", "", "", ""],  # blank: skipped, not an error
        ["x", "", "", "", "Admin", ""],  # 10: short username, missing name
    ]

    hasil = pengguna_import(dataset=dataset_from_rows(rows), dry_run=False)

    errors = {}
    for line, message in hasil.galat:
        errors.setdefault(line, []).append(message)
    assert sorted(errors) == [3, 4, 5, 6, 7, 8, 10]
    assert "Peran 'Direktur' tidak dikenal" in errors[3][0]
    assert errors[4] == ["Operator OPD wajib memiliki OPD."]
    assert errors[5] == ["NIP '1234' harus 18 digit angka."]
    assert "sama dengan baris 2" in errors[6][0]
    assert errors[7] == ["NIP sudah dipakai pengguna lain (lama)."]
    assert "Email 'bukan-email' tidak sah." in errors[8]
    assert "OPD 'Dinas Entah' tidak ditemukan; isi kode, nama, atau singkatan OPD." in errors[8]
    assert len(errors[10]) == 2
    assert list(Pengguna.objects.values_list("username", flat=True)) == ["lama"]
