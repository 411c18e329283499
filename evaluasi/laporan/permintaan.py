"""Report *requests*: what a user's click on "Buat laporan" or "Ulangi" writes. A request
creates or resets `LaporanJob` rows and, once committed, hands them to the worker through
`evaluasi.tasks`; the work itself is in `pekerjaan` (requests → tasks → jobs, never back)."""

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from evaluasi import states
from evaluasi.dokumen import arsip
from evaluasi.galat import Terkunci
from evaluasi.instansi import paket
from evaluasi.laporan.pekerjaan import batch_check, laporan_expire_stale
from evaluasi.models import (
    JenisLaporan,
    LaporanJob,
    Penilaian,
    Periode,
    StatusLaporan,
    StatusPenilaian,
)
from evaluasi.tasks import laporan_serahkan


@transaction.atomic
def laporan_request(
    *, jenis: str, periode: Periode, user, penilaian: Penilaian | None = None
) -> LaporanJob:
    """Queue a report job (rendered by a Celery worker, or in-process without a broker).

    "semua" creates one child job per OPD of the period; its progress counts the children.
    It needs at least one final result: without one the batch would be an empty ZIP marked
    done, so it is refused (Terkunci) and nothing is written.
    """
    if (
        jenis == JenisLaporan.SEMUA
        and not periode.penilaian.filter(status=StatusPenilaian.FINAL).exists()
    ):
        raise Terkunci(
            "Belum ada penilaian yang final pada periode ini, jadi belum ada laporan OPD "
            "untuk dibuat. Buat laporan semua OPD setelah evaluator memfinalkan penilaian."
        )
    job = LaporanJob.objects.create(jenis=jenis, periode=periode, penilaian=penilaian, peminta=user)
    if jenis == JenisLaporan.SEMUA:
        children = LaporanJob.objects.bulk_create(
            LaporanJob(
                jenis=JenisLaporan.OPD, periode=periode, penilaian=p, peminta=user, induk=job
            )
            for p in periode.penilaian.order_by("opd__urutan", "opd__nama")
        )
        ids = [c.pk for c in children]
        job.status, job.mulai, job.sisa = StatusLaporan.DIPROSES, timezone.now(), len(ids)
        job.save(update_fields=["status", "mulai", "sisa"])
        if not ids:
            batch_check(job.pk)
    else:
        ids = [job.pk]
    transaction.on_commit(lambda: laporan_serahkan(ids))
    return job


@transaction.atomic
def laporan_retry(*, job: LaporanJob) -> LaporanJob:
    """Queue a failed job (or every failed child of a batch) again, once: the job is re-read
    under its row lock, so two clicks on "Ulangi" queue it one time."""
    job = LaporanJob.objects.select_for_update().get(pk=job.pk)
    if job.jenis == JenisLaporan.SEMUA:
        targets = list(job.anak.select_for_update().filter(status=StatusLaporan.GAGAL))
    else:
        targets = [job] if job.status == StatusLaporan.GAGAL else []
    if not targets:
        raise states.TransisiTidakSah(
            "Hanya laporan yang gagal yang dapat diulang; laporan ini sudah diulang atau "
            "sedang dibuat."
        )
    ids = [target.pk for target in targets]
    LaporanJob.objects.filter(pk__in=ids).update(
        status=StatusLaporan.ANTRI, alasan="", mulai=None, selesai=None
    )
    # A failed child is final and was counted off its batch: queued again, it counts again,
    # and a batch already closed is open again until that child is final once more.
    induk_id = job.pk if job.jenis == JenisLaporan.SEMUA else job.induk_id
    if induk_id:
        LaporanJob.objects.filter(pk=induk_id).update(
            status=StatusLaporan.DIPROSES, alasan="", selesai=None, sisa=F("sisa") + len(ids)
        )
    job.refresh_from_db()
    transaction.on_commit(lambda: laporan_serahkan(ids))
    return job


@transaction.atomic
def paket_request(*, periode: Periode, user) -> LaporanJob:
    """Queue the national package of the period's penilaian instansi (SPEC §12); while the
    same user's package is still queued or running, that job (two clicks queue one). Refused
    (Terkunci, nothing written) when the period has no penilaian instansi or its instrument
    has no items: there would be nothing to package."""
    if not paket.paket_tersedia(periode):
        raise Terkunci(
            "Paket nasional hanya dapat dibuat untuk periode dengan penilaian instansi dan "
            "instrumen yang dinilai per butir."
        )
    job, _ = _antre_sekali(jenis=JenisLaporan.PAKET, periode=periode, user=user)
    return job


def _antre_sekali(
    *, jenis: str, periode: Periode, user, penilaian: Penilaian | None = None
) -> tuple[LaporanJob, bool]:
    """Queue a job unless the same user's same job is still queued or running (a second
    click, another tab): then that one. Returns (job, whether it is new).

    The period's row is locked first, so two clicks at once queue one job: on PostgreSQL the
    second waits for the first's commit and then finds its job; SQLite takes the write lock
    at the start of every transaction, which serialises them the same way. Call it inside
    the caller's transaction."""
    Periode.objects.select_for_update().only("pk").get(pk=periode.pk)
    laporan_expire_stale()  # a job whose worker died does not hold the next click back
    berjalan = (
        LaporanJob.objects.filter(
            jenis=jenis,
            periode=periode,
            penilaian=penilaian,
            peminta=user,
            induk=None,
            status__in=(StatusLaporan.ANTRI, StatusLaporan.DIPROSES),
        )
        .order_by("-dibuat", "-pk")
        .first()
    )
    if berjalan is not None:
        return berjalan, False
    return laporan_request(jenis=jenis, periode=periode, penilaian=penilaian, user=user), True


@transaction.atomic
def arsip_request(
    *, periode: Periode, user, penilaian: Penilaian | None = None
) -> tuple[LaporanJob, bool]:
    """Queue the evidence archive of an OPD penilaian (or, without `penilaian`, of the period's
    penilaian instansi); who may ask is the caller's check (access.ensure_arsip_allowed).
    Returns (job, whether it is new): a click while the same user's archive is still queued or
    running gets that job, not a second one. Refused (Terkunci, nothing written) when there is
    no live evidence file to archive."""
    if not arsip.ada_bukti(periode=periode, penilaian=penilaian):
        raise Terkunci(
            "Belum ada berkas bukti yang tertaut pada penilaian ini; tidak ada yang dapat "
            "diarsipkan."
        )
    return _antre_sekali(jenis=JenisLaporan.ARSIP, periode=periode, user=user, penilaian=penilaian)


@transaction.atomic
def rekap_xlsx_request(*, periode: Periode, user) -> tuple[LaporanJob, bool]:
    """Queue the period's recap workbook; who may ask is the caller's check
    (access.ensure_laporan_allowed). Returns (job, whether it is new): a click while the same
    user's workbook is still queued or running gets that job."""
    return _antre_sekali(jenis=JenisLaporan.REKAP_XLSX, periode=periode, user=user)
