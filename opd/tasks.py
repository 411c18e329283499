"""Background jobs of the OPD app. Tasks take ids and call one service."""

from celery import shared_task


@shared_task(acks_late=True)
def proses_impor(job_id: int) -> None:
    """Run one large spreadsheet import job, preview or import (services.imporjob_run)."""
    from opd.services import imporjob_run

    imporjob_run(job_id=job_id)
