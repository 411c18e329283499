"""The disruption log (SPEC §15): one row per network or internet disruption of an OPD."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords


class Penyebab(models.TextChoices):
    HUMAN_ERROR = "human_error", "Human error"
    LISTRIK = "listrik", "Listrik"
    PERANGKAT = "perangkat", "Perangkat/router"
    ISP = "isp", "ISP"
    LAINNYA = "lainnya", "Lainnya"


class Gangguan(models.Model):
    """A disruption: when it started and ended (`selesai` empty while still ongoing), the
    service it hit, its cause, what was done, and who logged it. Admins log any OPD's; an
    operator their own OPD's."""

    opd = models.ForeignKey("opd.Opd", on_delete=models.PROTECT, related_name="gangguan")
    mulai = models.DateTimeField("waktu mulai")
    selesai = models.DateTimeField(
        "waktu selesai", null=True, blank=True, help_text="Kosong bila masih berlangsung."
    )
    layanan = models.CharField(
        "layanan terdampak", max_length=200, help_text="Mis. Internet seluruh kantor, SIMPEG."
    )
    penyebab = models.CharField("penyebab", max_length=20, choices=Penyebab.choices)
    penyebab_lain = models.CharField(
        "keterangan penyebab", max_length=200, blank=True, help_text="Wajib bila Lainnya."
    )
    tindakan = models.TextField("tindakan yang diambil", blank=True)
    koneksi = models.ForeignKey(
        "jaringan.Koneksi",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="gangguan",
        verbose_name="koneksi terdampak",
    )
    pelapor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="dicatat oleh",
    )
    nama_pelapor = models.CharField(
        "pelapor di lapangan", max_length=150, blank=True, help_text="Opsional."
    )
    # One value per create form shown: a second submit of the same form finds the first row.
    kunci_kirim = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    dibuat = models.DateTimeField(auto_now_add=True)
    diubah = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["kunci_kirim"])

    class Meta:
        verbose_name = "gangguan jaringan"
        verbose_name_plural = "gangguan jaringan"
        ordering = ["-mulai", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(selesai__isnull=True) | Q(selesai__gte=models.F("mulai")),
                name="gangguan_selesai_setelah_mulai",
            ),
            models.CheckConstraint(
                condition=~Q(penyebab="lainnya", penyebab_lain=""),
                name="gangguan_lainnya_berketerangan",
            ),
        ]
        indexes = [
            # The log of one OPD, newest first, and the month filter on it.
            models.Index(fields=["opd", "-mulai"], name="gangguan_opd_mulai"),
            # The monthly recap and the pemda-wide log: disruptions starting before a month ends.
            models.Index(fields=["-mulai"], name="gangguan_mulai"),
        ]

    def __str__(self) -> str:
        return f"{self.layanan} ({self.get_penyebab_display()})"

    @property
    def berlangsung(self) -> bool:
        return self.selesai is None

    @property
    def penyebab_tampil(self) -> str:
        if self.penyebab == Penyebab.LAINNYA and self.penyebab_lain:
            return f"Lainnya: {self.penyebab_lain}"
        return self.get_penyebab_display()
