"""The province's network-equipment standard (SPEC §15): an Admin-defined checklist per year
(the standard changes over the years) and, per OPD and year, the OPD's answers with evidence
from its document library. The OPD's links for the year are `jaringan.models.Koneksi`."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords


class StandarJaringan(models.Model):
    """One year's checklist."""

    tahun = models.PositiveSmallIntegerField(
        "tahun", unique=True, validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    catatan = models.TextField("catatan / dasar", blank=True, max_length=2000)
    dibuat_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    dibuat = models.DateTimeField(auto_now_add=True)
    diubah = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "standar jaringan"
        verbose_name_plural = "standar jaringan"
        ordering = ["-tahun"]

    def __str__(self) -> str:
        return f"Standar jaringan {self.tahun}"


class ButirStandar(models.Model):
    """One checklist item. Once an OPD has answered it, its wording and rules are frozen
    (only the explanation may still change), so an answer always means what it answered."""

    standar = models.ForeignKey(StandarJaringan, on_delete=models.CASCADE, related_name="butir")
    urutan = models.PositiveSmallIntegerField("urutan", default=1)
    uraian = models.CharField("uraian", max_length=300)
    penjelasan = models.TextField("penjelasan", blank=True, max_length=2000)
    wajib = models.BooleanField("wajib", default=True)
    bukti_wajib = models.BooleanField("bukti wajib", default=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "butir standar jaringan"
        verbose_name_plural = "butir standar jaringan"
        ordering = ["standar", "urutan", "pk"]

    def __str__(self) -> str:
        return self.uraian


class PemeriksaanJaringan(models.Model):
    """One OPD's checklist for one year's standard."""

    opd = models.ForeignKey(
        "opd.Opd", on_delete=models.PROTECT, related_name="pemeriksaan_jaringan"
    )
    standar = models.ForeignKey(
        StandarJaringan, on_delete=models.PROTECT, related_name="pemeriksaan"
    )
    diubah = models.DateTimeField(auto_now=True)
    diubah_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "pemeriksaan standar jaringan"
        verbose_name_plural = "pemeriksaan standar jaringan"
        constraints = [
            models.UniqueConstraint(fields=["opd", "standar"], name="pemeriksaan_jaringan_unik")
        ]

    def __str__(self) -> str:
        return f"{self.opd} · {self.standar}"


class JawabanStandar(models.Model):
    """An OPD's answer to one item, with its evidence (a version from the OPD's library)."""

    pemeriksaan = models.ForeignKey(
        PemeriksaanJaringan, on_delete=models.CASCADE, related_name="jawaban"
    )
    butir = models.ForeignKey(ButirStandar, on_delete=models.PROTECT, related_name="jawaban")
    terpenuhi = models.BooleanField("terpenuhi", default=False)
    keterangan = models.TextField("keterangan", blank=True, max_length=2000)
    bukti = models.ForeignKey(
        "evaluasi.DokumenVersi",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="bukti",
    )
    diubah = models.DateTimeField(auto_now=True)
    diubah_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "jawaban standar jaringan"
        verbose_name_plural = "jawaban standar jaringan"
        ordering = ["butir__urutan", "butir_id"]
        constraints = [
            models.UniqueConstraint(fields=["pemeriksaan", "butir"], name="jawaban_standar_unik")
        ]

    def __str__(self) -> str:
        return f"{self.pemeriksaan} · {self.butir}"
