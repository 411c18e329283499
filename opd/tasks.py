"""Background jobs of the ground layer. Tasks take ids and call one service; requests
(`opd.permintaan`) hand import jobs over through `proses_impor`."""

from datetime import timedelta

from celery import shared_task

from opd import services


@shared_task(acks_late=True)
def proses_impor(job_id: int) -> None:
    """Run one large spreadsheet import job, preview or import (services.imporjob_run)."""
    services.imporjob_run(job_id=job_id)


@shared_task
def bersihkan_berkas() -> int:
    """Celery beat, daily: orphaned private files and unconfirmed uploads older than a day."""
    return sum(services.private_files_cleanup(older_than=timedelta(days=1)))
