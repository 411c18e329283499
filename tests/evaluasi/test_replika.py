"""Dashboard and report reads against a configured read replica (DATABASE_REPLICA_URL).

The `replica` alias is added here as the settings add it, a test mirror of `default`: the same
test database over a second connection, so each query shows which alias it went to. The tests
commit their data (transaction=True): the mirror's connection cannot see another connection's
open transaction, just as a real replica cannot.
"""

import io
from contextlib import contextmanager

import pytest
from django.db import connections, reset_queries
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from evaluasi.models import LaporanJob, StatusLaporan
from opd.models import Opd
from spbe_portal.replika import REPLIKA

pytestmark = pytest.mark.django_db(transaction=True, databases=["default", REPLIKA])


@pytest.fixture(autouse=True, scope="module")
def _replika(django_db_setup, django_db_blocker):
    # Registered before each test's database setup, which refuses an alias it does not know.
    settings_dict = dict(connections["default"].settings_dict)
    settings_dict["TEST"] = {**settings_dict["TEST"], "MIRROR": "default"}
    connections.settings[REPLIKA] = settings_dict
    yield
    with django_db_blocker.unblock():
        connections[REPLIKA].close()
    del connections[REPLIKA]
    del connections.settings[REPLIKA]


@contextmanager
def _tangkap():
    """The queries on each alias, counted from empty logs. Read them before the next request:
    each request empties every connection's log when it starts (Django's reset_queries)."""
    reset_queries()
    with (
        CaptureQueriesContext(connections["default"]) as primer,
        CaptureQueriesContext(connections[REPLIKA]) as replika,
    ):
        yield primer, replika


def _sql(queries) -> list[str]:
    """The statement kind of each query; a server-side cursor (PostgreSQL's DECLARE … CURSOR
    FOR SELECT, used by QuerySet.iterator) counts as the read it is."""
    kinds = []
    for q in queries:
        words = q["sql"].split()
        kind = words[0].upper()
        if kind == "DECLARE":
            kind = next(w.upper() for w in words if w.upper() in ("SELECT", "INSERT", "UPDATE"))
        kinds.append(kind)
    return kinds


def test_the_dashboard_reads_from_the_replica(client, admin_user, periode, opd_a):
    client.force_login(admin_user)

    with _tangkap() as (primer, replika):
        response = client.get(reverse("evaluasi:dashboard"))

    html = response.content.decode()
    assert response.status_code == 200
    assert periode.nama in html and opd_a.nama in html  # the replica sees the same rows
    assert len(replika) > 5 and set(_sql(replika)) == {"SELECT"}
    # Only the login's session and user, read before the view, come from the primary.
    tabel = " ".join(q["sql"] for q in primer)
    assert len(primer) <= 2 and "django_session" in tabel, tabel


def test_a_write_view_reads_and_writes_the_primary(client, admin_user):
    client.force_login(admin_user)
    data = {"kode": "OPD-050", "nama": "Dinas Pariwisata", "jenis": "Dinas", "urutan": 5}

    with _tangkap() as (primer, replika):
        response = client.post(reverse("opd:tambah"), data)

    assert response.status_code == 302 and Opd.objects.filter(kode="OPD-050").exists()
    assert "INSERT" in _sql(primer) and "SELECT" in _sql(primer)
    assert list(replika) == []


def test_a_report_job_renders_from_the_replica_and_records_on_the_primary(
    client, admin_user, final_a
):
    client.force_login(admin_user)

    with _tangkap() as (primer, replika):
        client.post(reverse("evaluasi:laporan_minta_opd", kwargs={"pk": final_a.pk}))

    # The PDF's figures and indicators come from the replica; the job's rows from the primary.
    # (Read before the next request, which empties the query logs.)
    assert len(replika) > 3 and set(_sql(replika)) == {"SELECT"}
    assert not any("laporanjob" in q["sql"].lower() for q in replika)
    assert {"INSERT", "UPDATE"} <= set(_sql(primer))
    job = LaporanJob.objects.get()
    assert job.status == StatusLaporan.SELESAI, job.alasan
    pdf = b"".join(
        client.get(reverse("evaluasi:laporan_unduh", kwargs={"pk": job.pk})).streaming_content
    )
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert final_a.opd.nama in " ".join(text.split())  # the replica saw the committed rows


def test_the_excel_recap_reads_from_the_replica(client, admin_user, final_a):
    client.force_login(admin_user)

    # The recap is a report job (in-process in tests): its rows come from the replica.
    with _tangkap() as (primer, replika):
        response = client.post(reverse("evaluasi:rekap_xlsx", kwargs={"pk": final_a.periode_id}))

    assert response.status_code == 302
    assert len(replika) > 3 and set(_sql(replika)) == {"SELECT"}
    assert not any("laporanjob" in q["sql"].lower() for q in replika)
    job = LaporanJob.objects.get()
    assert job.status == StatusLaporan.SELESAI, job.alasan
