"""Locks and files: removals, restores and retries take the row lock and re-check state;
a failed transaction leaves no file behind; orphans are cleaned up by a command."""

from pathlib import Path
from unittest import mock

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import transaction

from arsitektur import services as ars
from arsitektur.models import Aplikasi, Berkas
from evaluasi import states
from evaluasi.galat import Terkunci
from evaluasi.laporan import permintaan
from evaluasi.models import Bukti, LaporanJob, Riwayat, StatusLaporan
from evaluasi.penilaian import services as penilaian_services
from tests.conftest import PDF_BYTES
from tests.helpers import at_once


def _files(folder: str) -> list[Path]:
    root = Path(settings.PRIVATE_ROOT) / folder
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


@pytest.mark.django_db
def test_a_failed_upload_transaction_leaves_no_file(penilaian_a, operator_a):
    indikator = penilaian_a.periode.instrumen.indikator.get(nomor=1)

    failing = mock.patch.object(Riwayat.objects, "create", side_effect=RuntimeError("db hilang"))
    with failing, pytest.raises(RuntimeError):
        penilaian_services.bukti_upload(
            penilaian=penilaian_a,
            indikator=indikator,
            user=operator_a,
            data=PDF_BYTES,
            nama="a.pdf",
        )

    assert not Bukti.objects.exists()
    assert _files("dokumen") == []


@pytest.mark.django_db
def test_an_application_refused_after_its_document_was_written_leaves_no_file(opd_a, admin_user):
    # The same name twice in one OPD: refused by validation after the document was stored.
    Aplikasi.objects.create(opd=opd_a, nama="SIMPEG")
    aplikasi = Aplikasi(opd=opd_a, nama="SIMPEG", url="bukan alamat")

    with pytest.raises(ValidationError):
        ars.aplikasi_save(aplikasi=aplikasi, user=admin_user, dokumen=(PDF_BYTES, "sop.pdf"))

    assert not Berkas.objects.exists()
    assert _files("arsitektur") == []


@pytest.mark.django_db
def test_the_cleanup_command_removes_orphans_and_keeps_what_rows_point_at(
    penilaian_a, operator_a, bukti_a
):
    indikator = penilaian_a.periode.instrumen.indikator.get(nomor=2)
    # An outer transaction rolls back after the upload succeeded: the file is orphaned.
    with pytest.raises(RuntimeError), transaction.atomic():
        penilaian_services.bukti_upload(
            penilaian=penilaian_a,
            indikator=indikator,
            user=operator_a,
            data=PDF_BYTES + b"x",
            nama="b.pdf",
        )
        raise RuntimeError("batal")
    assert len(_files("dokumen")) == 2

    call_command("bersihkan_berkas")  # default: only files older than a day
    assert len(_files("dokumen")) == 2

    call_command("bersihkan_berkas", "--umur-jam", "0")
    remaining = _files("dokumen")
    assert [p.relative_to(settings.PRIVATE_ROOT).as_posix() for p in remaining] == [bukti_a.path]


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_removals_record_one_removal(bukti_a, operator_a):
    responses = at_once(
        [lambda: penilaian_services.bukti_remove(bukti=bukti_a, user=operator_a)] * 2
    )

    assert not any(isinstance(r, Exception) for r in responses), responses
    removals = Riwayat.objects.filter(sesudah__startswith="dihapus")
    assert removals.count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_removal_after_submission_is_refused_under_the_lock(bukti_a, penilaian_a, operator_a):
    stale = Bukti.objects.get(pk=bukti_a.pk)  # loaded before the penilaian was submitted
    penilaian_a.status = states.StatusPenilaian.DIAJUKAN
    penilaian_a.save(update_fields=["status"])

    with pytest.raises(Terkunci):
        penilaian_services.bukti_remove(bukti=stale, user=operator_a)

    assert Bukti.objects.get(pk=bukti_a.pk).dihapus_pada is None


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_retries_queue_the_job_once(periode, admin_user):
    job = LaporanJob.objects.create(
        jenis="rekap", periode=periode, peminta=admin_user, status=StatusLaporan.GAGAL
    )
    queued = []
    with mock.patch.object(permintaan, "laporan_serahkan", side_effect=queued.extend):
        results = at_once([lambda: permintaan.laporan_retry(job=job)] * 2)

    assert queued == [job.pk]
    assert sum(isinstance(r, states.TransisiTidakSah) for r in results) == 1


@pytest.mark.django_db
def test_the_cleanup_command_removes_unconfirmed_import_uploads_older_than_a_day(settings):
    import os
    import time

    from opd.services import import_file_store

    old = import_file_store(data=b"nip,nama\n198001012005011001,Budi\n")
    fresh = import_file_store(data=b"nip,nama\n")
    folder = Path(settings.PRIVATE_ROOT) / "impor"
    two_days_ago = time.time() - 2 * 24 * 3600
    os.utime(folder / old, (two_days_ago, two_days_ago))

    call_command("bersihkan_berkas")

    assert sorted(p.name for p in folder.iterdir() if p.is_file()) == [fresh]
