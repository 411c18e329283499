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
from django.db.models import F, Q
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
    they were requested), to be handed over again. A job already in the broker is harmless to
    send twice: `laporan_run` claims it once."""
    limit = timezone.now() - lebih_dari
    return list(
        LaporanJob.objects.filter(status=StatusLaporan.ANTRI, dibuat__lt=limit)
        .exclude(jenis=JenisLaporan.SEMUA)
        .values_list("pk", flat=True)[:500]
    )


def laporan_expire_stale() -> int:
    """Fail jobs whose worker died (still antri/diproses after LAPORAN_TIMEOUT_SECONDS).

    Called whenever job states are shown, so a lost job never stays "diproses" forever.
    """
    limit = timezone.now() - timedelta(seconds=settings.LAPORAN_TIMEOUT_SECONDS)
    stale = LaporanJob.objects.filter(
        (Q(status=StatusLaporan.DIPROSES, mulai__lt=limit) & ~Q(jenis=JenisLaporan.SEMUA))
        | Q(status=StatusLaporan.ANTRI, dibuat__lt=limit)
    )
    parents = set(stale.exclude(induk=None).values_list("induk_id", flat=True))
    count = stale.update(
        status=StatusLaporan.GAGAL,
        alasan="Waktu habis: pekerja latar belakang tidak menyelesaikan laporan. Silakan ulangi.",
        selesai=timezone.now(),
    )
    for parent in parents:
        batch_check(parent)
    return count


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
        LaporanJob.objects.filter(pk=job_id).update(
            status=StatusLaporan.GAGAL, alasan=alasan[:2000], selesai=timezone.now()
        )
    else:
        LaporanJob.objects.filter(pk=job_id).update(
            status=StatusLaporan.SELESAI, path=path, nama_berkas=name, selesai=timezone.now()
        )
    if job.induk_id:
        batch_check(job.induk_id)


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


@atomic_with_files
def batch_check(parent_id: int) -> None:
    """Close a batch once no child is still running; pack the finished PDFs into one ZIP."""
    parent = LaporanJob.objects.select_for_update().select_related("periode").get(pk=parent_id)
    children = list(parent.anak.select_related("penilaian__opd"))
    if any(c.berjalan for c in children) or not parent.berjalan:
        return
    done = [c for c in children if c.status == StatusLaporan.SELESAI]
    failed = len(children) - len(done)
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
