"""The OPD search (`paging.cari_opd`, `UPPER(col) LIKE UPPER('%q%')`) is served by the
trigram indexes of migration opd 0008 on PostgreSQL, so a search at 20,000 OPDs reads the
matching rows instead of every OPD; on SQLite the migration creates nothing."""

import pytest
from django.db import connection

from evaluasi.models import Penilaian
from opd.models import Opd
from spbe_portal import paging
from tests.factories import OpdFactory

pytestmark = pytest.mark.django_db

INDEKS = {"opd_nama_trgm", "opd_singkatan_trgm", "opd_kode_trgm"}


def _indexes() -> set[str]:
    with connection.cursor() as cursor:
        return {
            name
            for name in connection.introspection.get_constraints(cursor, Opd._meta.db_table)
            if name.endswith("_trgm")
        }


def test_the_search_columns_have_trigram_indexes_on_postgresql_only():
    assert _indexes() == (INDEKS if connection.vendor == "postgresql" else set())


def test_the_search_as_django_writes_it_can_use_them(periode):
    OpdFactory(nama="Dinas Perikanan dan Kelautan", singkatan="DKP", kode="OPD-777")
    for q, awalan, model in (("perikanan", "", Opd), ("dkp", "opd__", Penilaian)):
        qs = model.objects.filter(paging.cari_opd(q, awalan))
        if connection.vendor != "postgresql":
            assert qs.count() == (1 if model is Opd else 0)
            continue
        with connection.cursor() as cursor:
            # Few rows in a test database: forbid the scans a planner prefers for those, to
            # see whether the trigram indexes can serve the condition at all.
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("SET LOCAL enable_indexscan = off")
            sql, params = qs.query.sql_with_params()
            cursor.execute(f"EXPLAIN {sql}", params)
            plan = "\n".join(row[0] for row in cursor.fetchall())
        assert all(name in plan for name in INDEKS), plan
