"""OPD import at scale (issue 19): validated in memory, written in batches with history."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from opd.models import JenisOpd, Opd
from opd.services import opd_import, opd_import_batch_size
from tests.factories import OpdFactory
from tests.helpers import dataset_from_rows

pytestmark = pytest.mark.django_db

WRITES = ("INSERT", "UPDATE", "DELETE")


def opd_rows(n: int, *, start: int = 0, header=("nama", "singkatan", "jenis")) -> list[list[str]]:
    rows = [[f"Dinas Uji {i:05d}", f"DU{i:05d}", "Dinas"] for i in range(start, start + n)]
    return [list(header), *rows]


def _queries(rows, *, dry_run: bool = False):
    dataset = dataset_from_rows(rows)
    with CaptureQueriesContext(connection) as ctx:
        hasil = opd_import(dataset=dataset, dry_run=dry_run)
    return hasil, [q["sql"] for q in ctx.captured_queries]


def _writes(queries: list[str]) -> list[str]:
    return [sql for sql in queries if sql.lstrip().upper().startswith(WRITES)]


# --- Queries --------------------------------------------------------------------------------


def test_creating_10_or_a_whole_batch_of_opds_costs_the_same_queries():
    size = opd_import_batch_size()  # 500 (PostgreSQL), 71 on SQLite (999 parameters)
    small, small_queries = _queries(opd_rows(10))
    large, large_queries = _queries(opd_rows(size, start=10))

    assert (small.dibuat, large.dibuat) == (10, size)
    assert Opd.objects.count() == 10 + size
    assert len(small_queries) == len(large_queries), (small_queries, large_queries)
    # One read of the table, one INSERT of OPDs, one INSERT of their history.
    assert len(_writes(large_queries)) == 2


def test_updating_10_or_a_whole_batch_of_opds_costs_the_same_queries():
    size = opd_import_batch_size()
    rows = opd_rows(10 + size)
    opd_import(dataset=dataset_from_rows(rows), dry_run=False)
    changed = [[nama, singkatan + "X", jenis] for nama, singkatan, jenis in rows[1:]]

    small, small_queries = _queries([rows[0], *changed[:10]])
    large, large_queries = _queries([rows[0], *changed[10:]])

    assert (small.diperbarui, large.diperbarui) == (10, size)
    assert len(small_queries) == len(large_queries)
    # UPDATE of the changed field, UPDATE of diubah, INSERT of their history.
    assert len(_writes(large_queries)) == 3
    assert Opd.objects.filter(singkatan__endswith="X").count() == 10 + size


def test_larger_files_add_two_queries_per_batch_not_per_row():
    _, one_batch = _queries(opd_rows(10))
    rows = 2 * opd_import_batch_size() + 1  # three batches

    hasil, three_batches = _queries(opd_rows(rows, start=10))

    assert hasil.dibuat == rows
    assert len(three_batches) == len(one_batch) + 2 * 2


def test_parents_new_in_the_same_file_cost_two_queries_per_depth():
    rows = [
        ["nama", "jenis", "induk"],
        ["Sekretariat Daerah", "Sekretariat", ""],
        ["Biro Umum", "Biro", "Sekretariat Daerah"],
        ["Bagian Protokol", "Lainnya", "Biro Umum"],
        ["Biro Hukum", "Biro", "Sekretariat Daerah"],
        ["Dinas Sosial", "Dinas", ""],
    ]
    _, flat = _queries(opd_rows(5, start=100))

    hasil, queries = _queries(rows)

    assert hasil.dibuat == 5
    # Three depths (Setda and Dinas Sosial; the two Biro; Bagian Protokol).
    assert len(_writes(queries)) == 3 * 2
    assert len(queries) == len(flat) + 2 * 2
    induk = dict(Opd.objects.values_list("nama", "induk__nama"))
    assert induk["Bagian Protokol"] == "Biro Umum"
    assert induk["Biro Hukum"] == induk["Biro Umum"] == "Sekretariat Daerah"
    assert induk["Dinas Sosial"] is None


# --- Dry run --------------------------------------------------------------------------------


def test_a_dry_run_only_reads_the_table_once_and_reports_what_the_import_does():
    OpdFactory(kode="X-1", nama="Dinas Sosial", singkatan="Dinsos", jenis=JenisOpd.DINAS)
    OpdFactory(kode="X-2", nama="Dinas Pendidikan", singkatan="Disdik", jenis=JenisOpd.DINAS)
    rows = [
        ["kode", "nama", "singkatan", "jenis", "induk"],
        ["X-1", "Dinas Sosial", "Dinsos", "Dinas", ""],  # unchanged
        ["X-2", "Dinas Pendidikan", "Disdikbud", "Dinas", ""],  # updated
        ["", "Badan Baru", "BB", "Badan", ""],  # new
        ["", "Bidang Baru", "", "Lainnya", "Badan Baru"],  # new, parent in the file
        *opd_rows(300, start=1)[1:],
    ]
    rows[5:] = [["", nama, singkatan, jenis, ""] for nama, singkatan, jenis in rows[5:]]
    before = list(Opd.objects.order_by("pk").values())
    history_before = Opd.history.count()

    preview, queries = _queries(rows, dry_run=True)

    assert not _writes(queries)
    assert len([sql for sql in queries if sql.lstrip().upper().startswith("SELECT")]) == 1
    assert list(Opd.objects.order_by("pk").values()) == before
    assert Opd.history.count() == history_before
    assert (preview.akan_dibuat, preview.akan_diperbarui, preview.tidak_berubah) == (302, 1, 1)

    real = opd_import(dataset=dataset_from_rows(rows), dry_run=False)

    assert [(b.baris, b.status, b.pesan) for b in real.baris] == [
        (b.baris, b.status, b.pesan) for b in preview.baris
    ]
    assert (real.dibuat, real.diperbarui, real.tidak_berubah) == (302, 1, 1)


# --- Audit ----------------------------------------------------------------------------------


def test_created_and_updated_opds_get_history_rows_and_unchanged_ones_none():
    OpdFactory(kode="X-1", nama="Dinas Sosial", jenis=JenisOpd.DINAS, urutan=1)
    OpdFactory(kode="X-2", nama="Dinas Pendidikan", jenis=JenisOpd.DINAS, urutan=2)
    rows = [
        ["kode", "nama", "jenis", "induk", "urutan"],
        ["X-1", "Dinas Sosial", "Dinas", "", "1"],
        ["X-2", "Dinas Pendidikan dan Kebudayaan", "Dinas", "", "2"],
        ["B-1", "Badan Baru", "Badan", "", "3"],
        ["B-2", "Bidang Baru", "Lainnya", "B-1", "4"],
    ]
    history_before = Opd.history.count()

    opd_import(dataset=dataset_from_rows(rows), dry_run=False)

    assert Opd.history.count() == history_before + 3
    baru = Opd.objects.get(kode="B-2")
    created = Opd.history.get(id=baru.pk)
    assert (created.history_type, created.nama, created.induk_id, created.urutan) == (
        "+",
        "Bidang Baru",
        Opd.objects.get(kode="B-1").pk,
        4,
    )
    updated = Opd.history.filter(kode="X-2").latest()
    assert (updated.history_type, updated.nama) == ("~", "Dinas Pendidikan dan Kebudayaan")
    assert not Opd.history.filter(kode="X-1", history_type="~").exists()
    # The record's own timestamp moves with the change, as a single save would.
    assert Opd.objects.get(kode="X-2").diubah > Opd.objects.get(kode="X-1").diubah


def test_an_import_confirmed_on_the_page_records_the_admin_in_the_history(client, admin_user):
    client.force_login(admin_user)
    OpdFactory(kode="X-1", nama="Dinas Sosial", jenis=JenisOpd.DINAS)
    data = b"kode,nama,jenis\nX-1,Dinas Sosial dan PMD,Dinas\nB-1,Dinas Baru,Dinas\n"

    preview = client.post(
        reverse("opd:impor"), {"berkas": SimpleUploadedFile("opd.csv", data, "text/csv")}
    )
    client.post(reverse("opd:impor_konfirmasi"), {"token": preview.context["token"]})

    records = Opd.history.filter(
        history_type__in=["+", "~"], nama__in=["Dinas Baru", "Dinas Sosial dan PMD"]
    )
    assert sorted((r.nama, r.history_type, r.history_user) for r in records) == [
        ("Dinas Baru", "+", admin_user),
        ("Dinas Sosial dan PMD", "~", admin_user),
    ]


# --- Progress -------------------------------------------------------------------------------


def test_progress_is_reported_after_each_batch_and_at_the_end():
    opd_import(dataset=dataset_from_rows(opd_rows(100)), dry_run=False)
    done: list[int] = []
    size = opd_import_batch_size()
    rows = opd_rows(100 + size + 50)  # 100 unchanged, then two batches of new

    opd_import(dataset=dataset_from_rows(rows), dry_run=False, progress=done.append)

    assert done == [100 + size, 100 + size + 50]


def test_a_dry_run_reports_its_progress_once_at_the_end():
    done: list[int] = []

    opd_import(dataset=dataset_from_rows(opd_rows(700)), dry_run=True, progress=done.append)

    assert done == [700]


# --- Hostile files --------------------------------------------------------------------------


def test_one_bad_row_among_10000_saves_nothing_and_is_named():
    rows = opd_rows(10_000)
    rows[5_001][2] = "Kementerian"  # spreadsheet line 5002
    OpdFactory(kode="X-1", nama="Dinas Lama")
    history_before = Opd.history.count()

    hasil, queries = _queries(rows)

    assert hasil.galat == [
        (
            5002,
            "Jenis 'Kementerian' tidak dikenal; gunakan salah satu dari: Sekretariat, Dinas, "
            "Badan, Biro, Inspektorat, RSUD, Satuan, Kantor, Kecamatan, Lainnya.",
        )
    ]
    assert not hasil.disimpan and hasil.dibuat == 0
    assert hasil.akan_dibuat == 9_999
    assert not _writes(queries)
    assert list(Opd.objects.values_list("kode", flat=True)) == ["X-1"]
    assert Opd.history.count() == history_before


def test_duplicate_kode_within_the_file_saves_nothing():
    rows = [
        ["kode", "nama", "jenis"],
        ["K-1", "Dinas A", "Dinas"],
        ["K-2", "Dinas B", "Dinas"],
        ["K-1", "Dinas C", "Dinas"],
    ]

    hasil, queries = _queries(rows)

    assert hasil.galat == [(4, "Kode K-1 sama dengan baris 2 (duplikat dalam berkas).")]
    assert not _writes(queries)
    assert not Opd.objects.exists()


def test_a_parent_listed_later_in_the_file_is_refused():
    rows = [
        ["nama", "jenis", "induk"],
        ["Biro Umum", "Biro", "Sekretariat Daerah"],
        ["Sekretariat Daerah", "Sekretariat", ""],
    ]

    hasil = opd_import(dataset=dataset_from_rows(rows), dry_run=False)

    assert hasil.galat == [
        (
            2,
            "OPD induk 'Sekretariat Daerah' tidak ditemukan: isi kode atau nama OPD yang sudah "
            "ada atau yang tercantum di baris sebelumnya.",
        )
    ]
    assert not Opd.objects.exists()


def test_a_child_of_a_bad_new_row_is_refused_too():
    rows = [
        ["kode", "nama", "jenis", "induk"],
        ["S-1", "Sekretariat Daerah", "Kementerian", ""],
        ["B-1", "Biro Umum", "Biro", "S-1"],
    ]

    hasil = opd_import(dataset=dataset_from_rows(rows), dry_run=True)

    assert [line for line, _ in hasil.galat] == [2, 3]
    assert hasil.akan_dibuat == 0


def test_an_opd_named_as_its_own_parent_by_its_old_name_is_refused():
    OpdFactory(kode="X-1", nama="Dinas Lama", jenis=JenisOpd.DINAS)
    rows = [["kode", "nama", "jenis", "induk"], ["X-1", "Dinas Baru", "Dinas", "Dinas Lama"]]

    hasil = opd_import(dataset=dataset_from_rows(rows), dry_run=False)

    assert hasil.ada_galat and [line for line, _ in hasil.galat] == [2]
    assert Opd.objects.get().nama == "Dinas Lama"


def test_an_urutan_past_the_database_range_is_refused_with_the_field_message():
    rows = [["nama", "jenis", "urutan"], ["Dinas A", "Dinas", str(2**31 + 10)]]

    hasil = opd_import(dataset=dataset_from_rows(rows), dry_run=False)

    if connection.vendor == "postgresql":
        assert hasil.galat == [
            (2, "urutan: Pastikan nilai ini lebih kecil dari atau sama dengan 2147483647.")
        ]
        assert not Opd.objects.exists()
    else:  # SQLite integers have no such bound
        assert hasil.dibuat == 1


def test_a_generated_kode_skips_the_kodes_the_file_gives_other_rows():
    rows = [
        ["kode", "nama", "jenis"],
        ["", "Dinas A", "Dinas"],
        ["", "Dinas B", "Dinas"],
        ["", "Dinas C", "Dinas"],
        ["OPD-002", "Dinas D", "Dinas"],
    ]

    hasil = opd_import(dataset=dataset_from_rows(rows), dry_run=False)

    assert not hasil.ada_galat and hasil.dibuat == 4
    assert dict(Opd.objects.values_list("nama", "kode")) == {
        "Dinas A": "OPD-001",
        "Dinas B": "OPD-003",
        "Dinas C": "OPD-004",
        "Dinas D": "OPD-002",
    }
