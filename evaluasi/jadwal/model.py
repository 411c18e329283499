"""Jadwal interviu dan visitasi (SPEC §14): a session with an OPD in a period — when, where
or which meeting link, the evaluators and attendees, the agenda — and after it the berita
acara: the notes and the agreed follow-ups, which become rencana aksi (`Sesi.aksi`).
`urutan` is the .ics SEQUENCE: it rises on every change calendars must hear about."""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords


class JenisSesi(models.TextChoices):
    # The same words as `evaluasi.models.Metode` (how an indicator was verified).
    INTERVIU = "interviu", "Interviu"
    VISITASI = "visitasi", "Visitasi"


class StatusSesi(models.TextChoices):
    DIJADWALKAN = "dijadwalkan", "Dijadwalkan"
    SELESAI = "selesai", "Selesai"
    BATAL = "batal", "Batal"


class Sesi(models.Model):
    periode = models.ForeignKey(
        "evaluasi.Periode", on_delete=models.PROTECT, related_name="sesi", verbose_name="periode"
    )
    opd = models.ForeignKey(
        "opd.Opd", on_delete=models.PROTECT, related_name="sesi", verbose_name="OPD"
    )
    jenis = models.CharField("jenis", max_length=20, choices=JenisSesi.choices)
    mulai = models.DateTimeField("mulai")
    selesai = models.DateTimeField("selesai")
    tempat = models.CharField("tempat", max_length=255, blank=True)
    tautan = models.URLField("tautan rapat", max_length=500, blank=True)
    evaluator = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="sesi_evaluasi", verbose_name="evaluator"
    )
    operator = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="sesi_opd",
        blank=True,
        verbose_name="operator OPD yang hadir",
    )
    # Other attendees as typed: "Nama — Jabatan", one a line (aturan.baca_peserta).
    peserta = models.TextField("peserta lain", blank=True)
    agenda = models.TextField("agenda", blank=True)
    status = models.CharField(
        "status", max_length=20, choices=StatusSesi.choices, default=StatusSesi.DIJADWALKAN
    )
    urutan = models.PositiveIntegerField("urutan perubahan (SEQUENCE)", default=0)
    # The `urutan` whose invitation was last queued: a second click on "Kirim undangan"
    # for the same version sends nothing.
    undangan_urutan = models.IntegerField(default=-1)
    alasan_batal = models.TextField("alasan pembatalan", blank=True)
    # Berita acara: written after the session by one of its evaluators or an Admin.
    ringkasan = models.TextField("catatan / ringkasan", blank=True)
    ba_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="berita acara oleh",
    )
    ba_pada = models.DateTimeField("berita acara pada", null=True, blank=True)
    aksi = models.ManyToManyField("evaluasi.RencanaAksi", related_name="sesi", blank=True)
    dibuat_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    dibuat = models.DateTimeField(auto_now_add=True)
    diubah = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "sesi interviu/visitasi"
        verbose_name_plural = "sesi interviu/visitasi"
        ordering = ["mulai", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(selesai__gt=models.F("mulai")), name="sesi_selesai_setelah_mulai"
            ),
            models.CheckConstraint(
                condition=~models.Q(tempat="") | ~models.Q(tautan=""), name="sesi_ada_tempat"
            ),
        ]
        indexes = [
            models.Index(fields=["opd", "mulai"], name="sesi_opd_mulai"),
            models.Index(fields=["periode", "mulai"], name="sesi_periode_mulai"),
        ]

    def __str__(self) -> str:
        return f"{self.get_jenis_display()} {self.opd} {self.mulai:%Y-%m-%d}"
