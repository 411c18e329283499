"""Background jobs of the ground layer. Tasks take ids and call one service."""

from datetime import timedelta

from celery import shared_task

from spbe_portal.files import orphan_files


@shared_task(acks_late=True)
def proses_impor(job_id: int) -> None:
    """Run one large spreadsheet import job, preview or import (services.imporjob_run)."""
    from opd.services import imporjob_run

    imporjob_run(job_id=job_id)


@shared_task
def bersihkan_berkas() -> int:
    """Celery beat, daily: private files no row points at and unconfirmed import uploads
    (they hold NIPs and e-mails), each older than a day."""
    from opd.services import import_uploads_cleanup

    orphans = orphan_files(older_than=timedelta(days=1))
    for path in orphans:
        path.unlink(missing_ok=True)
    return len(orphans) + import_uploads_cleanup(older_than=timedelta(days=1))
