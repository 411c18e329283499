"""Background jobs of the outbox. Tasks take ids and call one service."""

from celery import shared_task

from notifikasi import services


@shared_task
def kirim_surel(surel_id: int) -> bool:
    return services.surel_kirim(surel_id=surel_id)


@shared_task
def kirim_surel_tertunda() -> int:
    """Celery beat, every minute: queued mails whose next attempt is due."""
    return services.surel_kirim_tertunda()
