"""Background jobs of the ground layer."""

from datetime import timedelta

from celery import shared_task

from spbe_portal.files import orphan_files


@shared_task
def bersihkan_berkas() -> int:
    """Celery beat, daily: private files no row points at, older than a day."""
    orphans = orphan_files(older_than=timedelta(days=1))
    for path in orphans:
        path.unlink(missing_ok=True)
    return len(orphans)
