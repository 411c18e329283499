"""Report *jobs*: the work a worker does for one `LaporanJob` (claim, render a PDF or stream the
national package or an evidence archive to disk, record the outcome; close a batch into one
ZIP), the jobs the broker missed, and the expiry of jobs whose worker died. Imports neither the
requests nor the tasks that call it."""

import shutil
import tempfile
import uuid
import zipfile
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from evaluasi.dokumen import arsip, zip_berkas
from evaluasi.galat import GalatEvaluasi, Terkunci
from evaluasi.instansi import paket
from evaluasi.instansi.selectors import penilaian_instansi
from evaluasi.laporan import cetak
from evaluasi.models import (
    JenisLaporan,
    LaporanJob,
    StatusLaporan,
)
from spbe_portal.files import (
    atomic_with_files,
    open_private_file,
    save_private_file,
    write_private_file,
)


def laporan_tertunda(*, lebih_dari: timedelta = timedelta(minutes=1)) -> list[int]:
    """Queued jobs older than `lebih_dari` that no worker started (the broker was down when
    they were requested, or lost them), to be handed over again. A job already in the broker
    is harmless to send twice: `laporan_run` claims it once. A queued job is never failed for
    waiting: the children of a long batch wait their turn."""
    limit = timezone.now() - lebih_dari
    return list(
        LaporanJob.objects.filter(status=StatusLaporan.ANTRI, dibuat__lt=limit)
        .exclude(jenis=JenisLaporan.SEMUA)
        .values_list("pk", flat=True)[:500]
    )


WAKTU_HABIS = "Waktu habis: pekerja latar belakang tidak menyelesaikan laporan. Silakan ulangi."


def laporan_expire_stale() -> int:
    """Fail jobs whose worker died: started (`mulai`) more than LAPORAN_TIMEOUT_SECONDS ago
    and still "diproses". Time runs from a job's start, not from its request, so a job
    waiting in the queue behind a long batch is not failed (`laporan_tertunda` re-sends it).

    Called whenever job states are shown, so a lost job never stays "diproses" forever: one
    query when nothing is stale. Each expired batch child is counted off its batch once.
    """
    limit = timezone.now() - timedelta(seconds=settings.LAPORAN_TIMEOUT_SECONDS)
    stale = (
        LaporanJob.objects.filter(status=StatusLaporan.DIPROSES, mulai__lt=limit)
        .exclude(jenis=JenisLaporan.SEMUA)
        .values_list("pk", "induk_id", "percobaan")
    )
    return sum(
        _catat(pk, induk_id, percobaan, status=StatusLaporan.GAGAL, alasan=WAKTU_HABIS)
        for pk, induk_id, percobaan in stale
    )


def laporan_run(*, job_id: int) -> None:
    """The work of one job (called by the Celery task): render, store, record the outcome."""
    now = timezone.now()
    claimed = LaporanJob.objects.filter(pk=job_id, status=StatusLaporan.ANTRI).update(
        status=StatusLaporan.DIPROSES, mulai=now, percobaan=F("percobaan") + 1
    )
    if not claimed:  # already taken by another worker, finished, or expired
        return
    job = LaporanJob.objects.select_related(
        "periode__instrumen", "penilaian__opd", "penilaian__periode"
    ).get(pk=job_id)
    try:
        if job.jenis == JenisLaporan.PAKET:
            path, name = _paket(job)
        elif job.jenis == JenisLaporan.ARSIP:
            path, name = _arsip(job)
        elif job.jenis == JenisLaporan.REKAP_XLSX:
            path, name = _rekap_xlsx(job)
        else:
            if job.jenis == JenisLaporan.OPD:
                content, name = cetak.laporan_opd_pdf(job.penilaian)
            else:
                content, name = cetak.laporan_rekap_pdf(job.periode)
            path = f"laporan/{timezone.localdate():%Y}/{uuid.uuid4().hex}.pdf"
            write_private_file(path, content)
    except Exception as exc:  # the job records any failure; the worker itself must go on
        # A refusal of ours is written for the user; anything else keeps its type for support.
        alasan = str(exc) if isinstance(exc, GalatEvaluasi) else f"{exc.__class__.__name__}: {exc}"
        _catat(
            job.pk, job.induk_id, job.percobaan, status=StatusLaporan.GAGAL, alasan=alasan[:2000]
        )
    else:
        _catat(
            job.pk,
            job.induk_id,
            job.percobaan,
            status=StatusLaporan.SELESAI,
            path=path,
            nama_berkas=name,
        )


def _catat(job_id: int, induk_id: int | None, percobaan: int, **outcome) -> int:
    """Record the final state of one run of a job (the run `percobaan` claimed); 1 if it was
    recorded, 0 if the job had left that run already (expired, retried, claimed again).

    The update is conditional, so each run reaches a final state once and a batch child is
    counted off its batch once, whoever records it (its worker or the expiry). The child's
    state and its batch's count change in one transaction: a worker dying between the two
    cannot leave the batch waiting for a child that is already done."""
    with transaction.atomic():
        moved = LaporanJob.objects.filter(
            pk=job_id, status=StatusLaporan.DIPROSES, percobaan=percobaan
        ).update(**outcome, selesai=timezone.now())
        if moved and induk_id:
            _hitung_mundur(induk_id)
    return moved


def _hitung_mundur(induk_id: int) -> None:
    """One child of the batch is final: lower its count; the child that brings it to zero
    closes the batch. The UPDATE holds the batch's row lock until the caller commits, so the
    count read back is this child's own: two children finishing at once see 1 and 0, never
    0 twice. Two queries, whatever the size of the batch."""
    lowered = LaporanJob.objects.filter(pk=induk_id, sisa__gt=0).update(sisa=F("sisa") - 1)
    if lowered and LaporanJob.objects.filter(pk=induk_id, sisa=0).exists():
        try:
            batch_check(induk_id)
        except Exception as exc:  # e.g. a full disk: the batch says so instead of hanging
            LaporanJob.objects.filter(pk=induk_id).update(
                status=StatusLaporan.GAGAL,
                alasan=f"ZIP tidak dapat dibuat: {exc.__class__.__name__}: {exc}"[:2000],
                selesai=timezone.now(),
            )


def _paket(job: LaporanJob) -> tuple[str, str]:
    """The national package of the job's period, built in a temp file and then stored (nothing
    stored when building fails). Returns (path in the private storage, download name)."""
    penilaian = penilaian_instansi(job.periode)
    if penilaian is None:
        raise Terkunci("Periode ini belum memiliki penilaian instansi; paket tidak dapat dibuat.")
    path = f"laporan/{timezone.localdate():%Y}/{uuid.uuid4().hex}.zip"
    zip_berkas.simpan_privat(path, lambda handle: paket.paket_tulis(penilaian, handle))
    return path, f"paket-nasional-{job.periode.tahun}.zip"


def _arsip(job: LaporanJob) -> tuple[str, str]:
    """The evidence archive of the job's OPD penilaian (or, without one, of the period's
    penilaian instansi), built in a temp file and then stored (nothing when building fails)."""
    if job.penilaian_id:
        isi = arsip.rencana_penilaian(job.penilaian)
    else:
        instansi = penilaian_instansi(job.periode)
        if instansi is None:
            raise Terkunci("Periode ini belum memiliki penilaian instansi; arsip tidak dibuat.")
        isi = arsip.rencana_instansi(instansi)
    path = f"laporan/{timezone.localdate():%Y}/{uuid.uuid4().hex}.zip"
    zip_berkas.simpan_privat(path, lambda handle: arsip.arsip_tulis(isi, handle))
    return path, arsip.nama_unduhan(job.periode, job.penilaian)


def _rekap_xlsx(job: LaporanJob) -> tuple[str, str]:
    """The recap workbook of the job's period, streamed into a temporary file (the worker's
    memory holds at most one chunk of OPDs, then the finished file) and stored privately."""
    path = f"laporan/{timezone.localdate():%Y}/{uuid.uuid4().hex}.xlsx"
    with tempfile.TemporaryFile() as tmp:
        name = cetak.rekap_xlsx_tulis(job.periode, tmp)
        save_private_file(path, tmp)
    return path, name


@atomic_with_files
def batch_check(parent_id: int) -> None:
    """Close a batch whose count of unfinished children is zero: pack the finished PDFs into
    one ZIP, in one pass over the finished children (never a reload of every child per
    child). Called by the child that brought the count to zero, or at once for a batch
    without children; the batch's row lock makes a second call a no-op."""
    parent = LaporanJob.objects.select_for_update().select_related("periode").get(pk=parent_id)
    if parent.sisa or not parent.berjalan:
        return
    # Not `parent.anak`: a related manager would fetch each child's deferred `induk` link.
    anak = LaporanJob.objects.filter(induk_id=parent.pk).order_by("pk")
    failed = anak.exclude(status=StatusLaporan.SELESAI).count()
    done = anak.filter(status=StatusLaporan.SELESAI).only("path", "nama_berkas").iterator(2000)
    path = f"laporan/{timezone.localdate():%Y}/{uuid.uuid4().hex}.zip"
    # Built in a temp file, then stored (object storage: nothing else on local disk).
    with tempfile.TemporaryFile() as target:
        with zipfile.ZipFile(target, "w") as archive:
            for child in done:
                with (
                    open_private_file(child.path) as source,
                    archive.open(child.nama_berkas, "w") as entry,
                ):
                    shutil.copyfileobj(source, entry, 1024 * 1024)
        save_private_file(path, target)
    parent.status = StatusLaporan.SELESAI if not failed else StatusLaporan.GAGAL
    parent.alasan = f"{failed} laporan OPD gagal; ulangi untuk membuatnya lagi." if failed else ""
    parent.path, parent.nama_berkas = path, f"laporan-spbe-{parent.periode.tahun}-semua-opd.zip"
    parent.selesai = timezone.now()
    parent.save(update_fields=["status", "alasan", "path", "nama_berkas", "selesai"])
