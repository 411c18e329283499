"""Background jobs of the outbox. Tasks take ids and call the sending (`pengiriman`);
requests (`services.surel_antre`) hand mails over through `surel_serahkan`."""

from celery import shared_task

from notifikasi import pengiriman
from spbe_portal.antrean import kirim_tugas


@shared_task
def kirim_surel(surel_id: int) -> bool:
    return pengiriman.surel_kirim(surel_id=surel_id)


def surel_serahkan(ids: list[int]) -> None:
    """Hand mails to the worker (sent right here without a broker); with the broker down
    they stay queued for the sweep."""
    for surel_id in ids:
        if not kirim_tugas(kirim_surel, surel_id):
            break  # the broker is down: the sweep retries them all


@shared_task
def kirim_surel_tertunda() -> int:
    """Celery beat, every minute (and `manage.py kirim_surel`): hand every queued mail whose
    attempt is due to the worker; returns how many were handed over."""
    due = pengiriman.surel_tertunda()
    surel_serahkan(due)
    return len(due)
