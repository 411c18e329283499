"""Sending the outbox (`Surel`): what the worker does for one queued mail, with back-off,
and which queued mails are due. Imports neither the requests nor the tasks that call it."""

import logging
from datetime import timedelta

from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.utils import timezone

from notifikasi.models import StatusSurel, Surel

logger = logging.getLogger(__name__)

# Attempts before a mail is given up (then visible as "gagal" in the Django admin); the wait
# doubles from one minute: 1, 2, 4 … 64 minutes, about two hours in all.
MAX_PERCOBAAN = 8


def surel_kirim(*, surel_id: int) -> bool:
    """Send one queued mail; on failure count the attempt and schedule the next one.
    Returns whether it was sent. Never raises for a mail server that is down."""
    with transaction.atomic():
        surel = Surel.objects.select_for_update(skip_locked=True).filter(pk=surel_id).first()
        if surel is None or surel.status != StatusSurel.ANTRI:
            return False  # sent already, given up, or being sent by another worker
        surel.percobaan += 1
        try:
            _pesan(surel).send()
        except Exception as exc:  # SMTP down, refused, timed out: keep it and try later
            logger.warning(
                "Surel %s gagal dikirim (percobaan %s): %s", surel.pk, surel.percobaan, exc
            )
            surel.galat = f"{exc.__class__.__name__}: {exc}"[:2000]
            if surel.percobaan >= MAX_PERCOBAAN:
                surel.status = StatusSurel.GAGAL
            surel.coba_lagi_pada = timezone.now() + timedelta(minutes=2 ** (surel.percobaan - 1))
            surel.save(update_fields=["percobaan", "galat", "status", "coba_lagi_pada"])
            return False
        surel.status, surel.terkirim_pada, surel.galat = StatusSurel.TERKIRIM, timezone.now(), ""
        surel.save(update_fields=["percobaan", "status", "terkirim_pada", "galat"])
        return True


def _pesan(surel: Surel) -> EmailMultiAlternatives:
    pesan = EmailMultiAlternatives(surel.subjek, surel.isi, None, [surel.kepada])
    if surel.isi_html:
        pesan.attach_alternative(surel.isi_html, "text/html")
    if surel.lampiran_nama:
        pesan.attach(surel.lampiran_nama, surel.lampiran_isi, surel.lampiran_jenis or "text/plain")
    return pesan


def surel_tertunda(*, batas: int = 500) -> list[int]:
    """Queued mails whose attempt is due, oldest first (at most `batas`)."""
    return list(
        Surel.objects.filter(status=StatusSurel.ANTRI, coba_lagi_pada__lte=timezone.now())
        .order_by("coba_lagi_pada")
        .values_list("pk", flat=True)[:batas]
    )
