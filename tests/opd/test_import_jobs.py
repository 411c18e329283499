"""Large spreadsheet imports: background jobs with progress, and the import's speed."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.helpers import dataset_from_rows
from tpp.models import Pegawai
from tpp.services import pegawai_import

PEGAWAI_HEADER = ["nip", "nama", "jabatan", "opd", "tpp_dasar"]


def pegawai_rows(n: int, opd_kode: str) -> list[list[str]]:
    """A header and `n` employees with unique 18-digit NIPs."""
    return [PEGAWAI_HEADER] + [
        [f"19800101{i:010d}", f"Pegawai {i}", "Analis", opd_kode, "4.500.000"] for i in range(n)
    ]


@pytest.mark.django_db
def test_employee_import_costs_a_bounded_number_of_queries_per_row(opd_a):
    dataset = dataset_from_rows(pegawai_rows(200, opd_a.kode))

    with CaptureQueriesContext(connection) as created:
        hasil = pegawai_import(dataset=dataset, dry_run=False)
    with CaptureQueriesContext(connection) as unchanged:
        again = pegawai_import(dataset=dataset, dry_run=False)

    assert (hasil.dibuat, again.tidak_berubah) == (200, 200)
    assert Pegawai.objects.count() == 200
    # Per row: savepoint, insert, release. Matched records and the OPD are read once for the
    # whole file, and full_clean does not ask again what the import already knows.
    assert len(created) <= 3 * 200 + 20, len(created)
    assert len(unchanged) <= 2 * 200 + 20, len(unchanged)
