"""Background jobs of the evaluation. Tasks take ids and call one job function; requests
(`laporan.permintaan`) hand their jobs over through `laporan_serahkan`."""

from celery import shared_task

from evaluasi import pengingat
from evaluasi.aksi import pengingat as aksi_pengingat
from evaluasi.dokumen import pengingat as dokumen_pengingat
from evaluasi.dokumen import usulan
from evaluasi.laporan import pekerjaan
from spbe_portal.antrean import kirim_tugas


@shared_task(acks_late=True)
def buat_laporan(job_id: int) -> None:
    """Render one report job (see pekerjaan.laporan_run)."""
    pekerjaan.laporan_run(job_id=job_id)


def laporan_serahkan(job_ids: list[int]) -> None:
    """Hand jobs to the worker; with the broker down they stay "antri" and
    `laporan_kirim_ulang` (beat, every minute) hands them over again."""
    for job_id in job_ids:
        if not kirim_tugas(buat_laporan, job_id):
            break


@shared_task
def laporan_kirim_ulang() -> int:
    """Celery beat, every minute: report jobs the broker did not take when requested."""
    ids = pekerjaan.laporan_tertunda()
    laporan_serahkan(ids)
    return len(ids)


@shared_task
def kirim_pengingat() -> int:
    """Celery beat, hourly: deadline reminders due today, each once per user."""
    return pengingat.kirim_otomatis()


@shared_task(acks_late=True)
def usulkan_periode(periode_id: int) -> int:
    """A period just opened: every OPD's answers and documents proposed from its last
    published final result (confirmed one by one by the operators)."""
    return usulan.usulan_periode(periode_id)


@shared_task
def ingatkan_dokumen() -> int:
    """Celery beat, hourly: reminders before documents' "berlaku sampai", each once per
    validity date (see dokumen.pengingat.kirim_otomatis). Returns the mails queued."""
    return dokumen_pengingat.kirim_otomatis().surel


@shared_task
def ingatkan_aksi() -> int:
    """Celery beat, hourly: reminders 14, 7 and 1 day before rencana aksi due dates, each
    once per due date (see aksi.pengingat.kirim_otomatis). Returns the mails queued."""
    return aksi_pengingat.kirim_otomatis().surel
