"""Queue e-mails in the outbox (`Surel`): the request side. The sending is in `pengiriman`,
run by the worker through `notifikasi.tasks` (requests → tasks → sending, never back)."""

from django.db import transaction
from django.utils import timezone

from notifikasi.models import Surel
from notifikasi.tasks import surel_serahkan


def surel_antre(
    *,
    kepada: list[str],
    subjek: str,
    isi: str,
    isi_html: str = "",
    lampiran: tuple[str, str, str] | None = None,
) -> list[Surel]:
    """Queue one mail per address (empty addresses skipped) in the caller's transaction and
    hand them to the worker once it commits. Never raises for a broker or mail server that
    is down: the rows stay queued and the beat sweep (`kirim_surel_tertunda`) sends them later.
    `lampiran`: (file name, MIME type, text content) of one text attachment, e.g. an .ics."""
    now = timezone.now()
    nama, jenis, konten = lampiran or ("", "", "")
    rows = Surel.objects.bulk_create(
        Surel(
            kepada=email,
            subjek=subjek[:255],
            isi=isi,
            isi_html=isi_html,
            lampiran_nama=nama[:150],
            lampiran_jenis=jenis[:100],
            lampiran_isi=konten,
            coba_lagi_pada=now,
        )
        for email in dict.fromkeys(e for e in kepada if e)
    )
    ids = [row.pk for row in rows]
    if ids:
        transaction.on_commit(lambda: surel_serahkan(ids))
    return rows
