"""The e-mail outbox: every message is a row first, so a mail server or broker that is down
never loses it nor turns the user's action into an error page."""

from django.db import models


class StatusSurel(models.TextChoices):
    ANTRI = "antri", "Antri"
    TERKIRIM = "terkirim", "Terkirim"
    GAGAL = "gagal", "Gagal"


class Surel(models.Model):
    """One e-mail to one address. Written in the transaction of the action that causes it;
    sent by a background task after commit, retried with back-off until MAX_PERCOBAAN."""

    kepada = models.EmailField("kepada")
    subjek = models.CharField("subjek", max_length=255)
    isi = models.TextField("isi")
    isi_html = models.TextField("isi HTML", blank=True)  # the same message, formatted
    # One optional text attachment (an .ics invitation), kept in the row so a broker or mail
    # server that is down loses nothing.
    lampiran_nama = models.CharField("nama lampiran", max_length=150, blank=True)
    lampiran_jenis = models.CharField("jenis MIME lampiran", max_length=100, blank=True)
    lampiran_isi = models.TextField("isi lampiran", blank=True)
    status = models.CharField(max_length=10, choices=StatusSurel.choices, default=StatusSurel.ANTRI)
    percobaan = models.PositiveSmallIntegerField(default=0)
    galat = models.TextField("galat terakhir", blank=True)
    dibuat = models.DateTimeField(auto_now_add=True)
    coba_lagi_pada = models.DateTimeField("coba lagi pada")
    terkirim_pada = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "surel"
        verbose_name_plural = "surel"
        ordering = ["-dibuat", "-pk"]
        indexes = [
            # The retry sweep: queued mails whose next attempt is due.
            models.Index(fields=["status", "coba_lagi_pada"], name="surel_antri_jatuh_tempo"),
        ]

    def __str__(self) -> str:
        return f"{self.subjek} → {self.kepada} ({self.get_status_display()})"
