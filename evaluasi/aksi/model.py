"""Rencana aksi (SPEC §14): what an OPD will do about a recommendation — the internal
evaluator's (`Jawaban.rekomendasi`), the national assessor's (`HasilIndikatorNasional`) or one
agreed in an interview — by when, and the document that proves it done. Open actions are
carried to the linked indicator of the next year's penilaian (`selectors.aksi_terbuka`)."""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from evaluasi.aksi import aturan


class StatusAksi(models.TextChoices):
    RENCANA = "rencana", "Rencana"
    BERJALAN = "berjalan", "Berjalan"
    SELESAI = "selesai", "Selesai"
    BATAL = "batal", "Batal"


class AsalAksi(models.TextChoices):
    EVALUATOR = "evaluator", "Rekomendasi evaluator"
    NASIONAL = "nasional", "Rekomendasi asesor nasional"
    SESI = "sesi", "Kesepakatan interviu/visitasi"
    LAIN = "lain", "Lainnya"


class RencanaAksi(models.Model):
    opd = models.ForeignKey(
        "opd.Opd", on_delete=models.PROTECT, related_name="rencana_aksi", verbose_name="OPD PIC"
    )
    uraian = models.TextField("tindakan")
    asal = models.CharField("asal", max_length=20, choices=AsalAksi.choices)
    # The recommendation as it was written when the action was made (the source may change).
    rekomendasi = models.TextField("rekomendasi", blank=True)
    jawaban = models.ForeignKey(
        "evaluasi.Jawaban", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    hasil_nasional = models.ForeignKey(
        "evaluasi.HasilIndikatorNasional",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    indikator = models.ForeignKey(
        "evaluasi.Indikator",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="indikator terkait",
    )
    tahun = models.PositiveSmallIntegerField("tahun evaluasi asal")
    batas = models.DateField("batas waktu")
    status = models.CharField(
        "status", max_length=20, choices=StatusAksi.choices, default=StatusAksi.RENCANA
    )
    bukti = models.ForeignKey(
        "evaluasi.DokumenVersi",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="bukti penyelesaian",
    )
    selesai_pada = models.DateTimeField("selesai pada", null=True, blank=True)
    # Days before `batas` already reminded for this `batas` (a moved date is reminded again).
    diingatkan = models.JSONField(default=list, blank=True)
    diingatkan_untuk = models.DateField(null=True, blank=True)
    dibuat_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    dibuat = models.DateTimeField(auto_now_add=True)
    diubah = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "rencana aksi"
        verbose_name_plural = "rencana aksi"
        ordering = ["batas", "pk"]
        indexes = [models.Index(fields=["opd", "status", "batas"], name="aksi_opd_status")]

    def __str__(self) -> str:
        return self.uraian[:80]

    @property
    def terbuka(self) -> bool:
        return self.status in aturan.TERBUKA

    @property
    def warna_status(self) -> str:
        return aturan.WARNA.get(self.status, "light border")


class KomentarAksi(models.Model):
    """A comment on an action, or a status change (then `status_ke` is set) — its timeline."""

    aksi = models.ForeignKey(RencanaAksi, on_delete=models.CASCADE, related_name="komentar")
    pengguna = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    teks = models.TextField("komentar", blank=True)
    status_dari = models.CharField(max_length=20, choices=StatusAksi.choices, blank=True)
    status_ke = models.CharField(max_length=20, choices=StatusAksi.choices, blank=True)
    waktu = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "komentar rencana aksi"
        verbose_name_plural = "komentar rencana aksi"
        ordering = ["waktu", "pk"]

    def __str__(self) -> str:
        return self.teks[:80] or f"{self.status_dari} → {self.status_ke}"
