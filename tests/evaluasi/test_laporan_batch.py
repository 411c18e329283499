"""The "all OPD reports" batch at scale: the count of unfinished children (`sisa`), retries,
expiry from a child's start, two children finishing at once, and a constant cost per child."""

import zipfile
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from evaluasi.laporan import cetak, pekerjaan, permintaan
from evaluasi.models import JenisLaporan, LaporanJob, Penilaian, StatusLaporan
from tests.factories import OpdFactory
from tests.helpers import at_once


@pytest.fixture
def pdf_palsu(monkeypatch):
    """Each OPD's report as a tiny stand-in PDF (rendering is not what these tests are about);
    the OPD codes in `gagal` fail instead."""
    gagal: set[str] = set()

    def render(penilaian):
        if penilaian.opd.kode in gagal:
            raise RuntimeError(f"gagal {penilaian.opd.kode}")
        return b"%PDF-1.4 " + penilaian.opd.kode.encode(), f"laporan-{penilaian.opd.kode}.pdf"

    monkeypatch.setattr(cetak, "laporan_opd_pdf", render)
    return gagal


def _batch(periode, user, tambahan: int = 0) -> LaporanJob:
    """A queued batch (nothing handed to a worker: the test runs its children itself), with
    `tambahan` more OPDs in the period."""
    for _ in range(tambahan):
        Penilaian.objects.create(periode=periode, opd=OpdFactory())
    return permintaan.laporan_request(jenis=JenisLaporan.SEMUA, periode=periode, user=user)


def _children(batch) -> list[LaporanJob]:
    return list(batch.anak.select_related("penilaian__opd").order_by("pk"))


def _zip_names(settings, job) -> list[str]:
    with zipfile.ZipFile(Path(settings.PRIVATE_ROOT) / job.path) as archive:
        return sorted(archive.namelist())


@pytest.mark.django_db
def test_only_the_child_that_brings_the_count_to_zero_closes_the_batch(
    admin_user, final_a, penilaian_b, settings, pdf_palsu
):
    batch = _batch(final_a.periode, admin_user)
    first, second = _children(batch)
    assert batch.sisa == 2 and batch.status == StatusLaporan.DIPROSES

    pekerjaan.laporan_run(job_id=first.pk)
    pekerjaan.laporan_run(job_id=first.pk)  # the broker delivering it twice
    batch.refresh_from_db()
    assert (batch.sisa, batch.status, batch.path) == (1, StatusLaporan.DIPROSES, "")

    pekerjaan.laporan_run(job_id=second.pk)
    batch.refresh_from_db()
    assert (batch.sisa, batch.status, batch.alasan) == (0, StatusLaporan.SELESAI, "")
    assert _zip_names(settings, batch) == sorted(
        [f"laporan-{final_a.opd.kode}.pdf", f"laporan-{penilaian_b.opd.kode}.pdf"]
    )


@pytest.mark.django_db
def test_a_retried_child_counts_again_and_the_batch_closes_once_it_is_done(
    client,
    admin_user,
    final_a,
    penilaian_b,
    settings,
    pdf_palsu,
    django_capture_on_commit_callbacks,
):
    batch = _batch(final_a.periode, admin_user)
    pdf_palsu.add(penilaian_b.opd.kode)
    for child in _children(batch):
        pekerjaan.laporan_run(job_id=child.pk)
    batch.refresh_from_db()
    assert (batch.status, batch.sisa) == (StatusLaporan.GAGAL, 0)
    assert batch.alasan.startswith("1 laporan OPD gagal")
    assert _zip_names(settings, batch) == [f"laporan-{final_a.opd.kode}.pdf"]

    # The failure is final and counted: neither the expiry nor a late result counts it again.
    failed = batch.anak.get(status=StatusLaporan.GAGAL)
    assert pekerjaan.laporan_expire_stale() == 0
    assert pekerjaan._catat(failed.pk, batch.pk, failed.percobaan, status="selesai") == 0
    batch.refresh_from_db()
    assert batch.sisa == 0

    pdf_palsu.clear()
    with django_capture_on_commit_callbacks(execute=True):
        permintaan.laporan_retry(job=batch)

    batch.refresh_from_db()
    failed.refresh_from_db()
    assert (failed.status, failed.percobaan) == (StatusLaporan.SELESAI, 2)
    assert (batch.status, batch.sisa, batch.alasan) == (StatusLaporan.SELESAI, 0, "")
    assert len(_zip_names(settings, batch)) == 2


@pytest.mark.django_db
def test_retrying_one_failed_child_reopens_its_closed_batch(
    admin_user, final_a, penilaian_b, settings, pdf_palsu
):
    batch = _batch(final_a.periode, admin_user)
    pdf_palsu.add(penilaian_b.opd.kode)
    for child in _children(batch):
        pekerjaan.laporan_run(job_id=child.pk)
    failed = batch.anak.get(status=StatusLaporan.GAGAL)
    pdf_palsu.clear()

    permintaan.laporan_retry(job=failed)  # nothing handed over yet: on_commit not run
    batch.refresh_from_db()
    assert (batch.status, batch.sisa) == (StatusLaporan.DIPROSES, 1)

    pekerjaan.laporan_run(job_id=failed.pk)
    batch.refresh_from_db()
    assert (batch.status, batch.sisa) == (StatusLaporan.SELESAI, 0)
    assert len(_zip_names(settings, batch)) == 2


@pytest.mark.django_db
def test_a_child_waiting_its_turn_is_not_failed_but_handed_over_again(
    admin_user, final_a, penilaian_b, settings, pdf_palsu
):
    settings.LAPORAN_TIMEOUT_SECONDS = 60
    batch = _batch(final_a.periode, admin_user)
    first, second = _children(batch)
    long_ago = timezone.now() - timedelta(hours=3)
    LaporanJob.objects.filter(induk=batch).update(dibuat=long_ago)

    assert pekerjaan.laporan_expire_stale() == 0
    assert {first.pk, second.pk} <= set(pekerjaan.laporan_tertunda())
    pekerjaan.laporan_run(job_id=first.pk)  # its turn comes: it runs normally

    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (StatusLaporan.SELESAI, StatusLaporan.ANTRI)


@pytest.mark.django_db
def test_a_child_running_past_the_timeout_from_its_start_fails_and_is_counted_once(
    admin_user, final_a, penilaian_b, settings, pdf_palsu, monkeypatch
):
    settings.LAPORAN_TIMEOUT_SECONDS = 60
    batch = _batch(final_a.periode, admin_user)
    first, second = _children(batch)
    pekerjaan.laporan_run(job_id=first.pk)
    render = cetak.laporan_opd_pdf

    def slow(penilaian):
        # The worker is still busy when the timeout passes and a page expires it.
        LaporanJob.objects.filter(pk=second.pk).update(mulai=timezone.now() - timedelta(hours=1))
        assert pekerjaan.laporan_expire_stale() == 1
        return render(penilaian)

    monkeypatch.setattr(cetak, "laporan_opd_pdf", slow)
    pekerjaan.laporan_run(job_id=second.pk)  # its late result is not counted a second time

    second.refresh_from_db()
    batch.refresh_from_db()
    assert second.status == StatusLaporan.GAGAL and "Waktu habis" in second.alasan
    assert (batch.status, batch.sisa) == (StatusLaporan.GAGAL, 0)
    assert _zip_names(settings, batch) == [f"laporan-{final_a.opd.kode}.pdf"]


@pytest.mark.django_db
def test_a_fresh_running_child_is_left_alone(admin_user, final_a, penilaian_b, settings):
    settings.LAPORAN_TIMEOUT_SECONDS = 60
    batch = _batch(final_a.periode, admin_user)
    first, _ = _children(batch)
    LaporanJob.objects.filter(pk=first.pk).update(
        status=StatusLaporan.DIPROSES,
        percobaan=1,
        dibuat=timezone.now() - timedelta(hours=3),  # queued long ago, started just now
        mulai=timezone.now(),
    )

    assert pekerjaan.laporan_expire_stale() == 0
    first.refresh_from_db()
    assert first.status == StatusLaporan.DIPROSES


@pytest.mark.django_db(transaction=True)
def test_children_finishing_at_once_close_the_batch_exactly_once(
    admin_user, final_a, penilaian_b, settings, pdf_palsu, monkeypatch
):
    """Real threads, each with its own connection (on PostgreSQL in CI: the row lock of the
    batch is what makes one of them the last)."""
    # Committed for real here: keep the request from running the children itself.
    monkeypatch.setattr(permintaan, "laporan_serahkan", lambda ids: None)
    batch = _batch(final_a.periode, admin_user, tambahan=4)
    assert batch.sisa == 6
    children = _children(batch)
    LaporanJob.objects.filter(induk=batch).update(
        status=StatusLaporan.DIPROSES, percobaan=1, mulai=timezone.now()
    )
    (Path(settings.PRIVATE_ROOT) / "laporan").mkdir(parents=True, exist_ok=True)
    for child in children:  # the PDFs their workers wrote
        (Path(settings.PRIVATE_ROOT) / f"laporan/{child.pk}.pdf").write_bytes(b"%PDF-1.4")
    closed = []
    close = pekerjaan.batch_check

    def counted(parent_id):
        closed.append(parent_id)
        return close(parent_id)

    monkeypatch.setattr(pekerjaan, "batch_check", counted)

    results = at_once(
        [
            lambda c=child: pekerjaan._catat(
                c.pk,
                batch.pk,
                1,
                status=StatusLaporan.SELESAI,
                path=f"laporan/{c.pk}.pdf",
                nama_berkas=f"{c.penilaian.opd.kode}.pdf",
            )
            for child in children
        ]
    )

    assert results == [1] * len(children)
    assert closed == [batch.pk]
    batch.refresh_from_db()
    assert (batch.status, batch.sisa) == (StatusLaporan.SELESAI, 0)
    assert len(_zip_names(settings, batch)) == len(children)
    assert len(list((Path(settings.PRIVATE_ROOT) / "laporan").rglob("*.zip"))) == 1


def _queries_of_one_child(periode, user, tambahan: int) -> tuple[int, int]:
    """Queries of a child that finishes in the middle of the batch and of the last one."""
    batch = _batch(periode, user, tambahan=tambahan)
    children = _children(batch)
    for child in children[:-2]:
        pekerjaan.laporan_run(job_id=child.pk)
    counts = []
    for child in children[-2:]:
        with CaptureQueriesContext(connection) as ctx:
            pekerjaan.laporan_run(job_id=child.pk)
        counts.append(len(ctx.captured_queries))
    batch.refresh_from_db()
    assert (batch.status, batch.anak.count()) == (StatusLaporan.SELESAI, len(children))
    return counts[0], counts[1]


@pytest.mark.django_db
def test_a_childs_completion_costs_the_same_queries_whatever_the_batch_size(
    admin_user, final_a, penilaian_b, pdf_palsu
):
    small = _queries_of_one_child(final_a.periode, admin_user, tambahan=3)  # 5 children
    large = _queries_of_one_child(final_a.periode, admin_user, tambahan=45)  # 50 children

    assert small == large
