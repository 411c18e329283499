"""Background jobs of the evaluation. Tasks take ids and call one service."""

from celery import shared_task


@shared_task(acks_late=True)
def buat_laporan(job_id: int) -> None:
    """Render one report job (see services.laporan_run)."""
    from evaluasi.services import laporan_run

    laporan_run(job_id=job_id)


@shared_task
def laporan_kirim_ulang() -> int:
    """Celery beat, every minute: report jobs the broker did not take when requested."""
    from evaluasi.services import laporan_dispatch_pending

    return laporan_dispatch_pending()
