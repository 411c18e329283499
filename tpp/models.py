"""TPP rules per TPP year and the employees whose basic TPP they apply to."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from opd.models import nip_validator


class AturanTpp(models.Model):
    """The rule of one TPP year: which evaluation period it reads, the decree, the table."""

    tahun = models.PositiveSmallIntegerField("tahun TPP", unique=True)
    periode = models.ForeignKey(
        "evaluasi.Periode",
        verbose_name="periode evaluasi",
        on_delete=models.PROTECT,
        related_name="aturan_tpp",
    )
    dasar_hukum = models.TextField("dasar hukum")
    dibuat = models.DateTimeField(auto_now_add=True)
    diubah = models.DateTimeField(auto_now=True)
    # Audit trail (Log aktivitas), with the percentage table's own history below.
    history = HistoricalRecords()

    class Meta:
        verbose_name = "aturan TPP"
        verbose_name_plural = "aturan TPP"
        ordering = ["-tahun"]

    def __str__(self) -> str:
        return f"Aturan TPP {self.tahun}"

    @property
    def tabel(self) -> dict:
        return {p.predikat: p.persen for p in self.persentase.all()}


class PersentaseTpp(models.Model):
    aturan = models.ForeignKey(AturanTpp, on_delete=models.CASCADE, related_name="persentase")
    predikat = models.CharField("predikat", max_length=60)
    persen = models.DecimalField(
        "persentase",
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "persentase TPP"
        verbose_name_plural = "persentase TPP"
        constraints = [
            models.UniqueConstraint(fields=["aturan", "predikat"], name="persentase_tpp_unik")
        ]

    def __str__(self) -> str:
        return f"{self.predikat}: {self.persen}%"


class Pegawai(models.Model):
    """An employee and their basic TPP (rupiah per month), imported from the finance list."""

    nip = models.CharField("NIP", max_length=18, unique=True, validators=[nip_validator])
    nama = models.CharField("nama", max_length=150)
    jabatan = models.CharField("jabatan", max_length=200, blank=True)
    opd = models.ForeignKey("opd.Opd", on_delete=models.PROTECT, related_name="pegawai")
    tpp_dasar = models.PositiveBigIntegerField("TPP dasar (Rp)")
    diubah = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "pegawai"
        verbose_name_plural = "pegawai"
        ordering = ["opd__urutan", "nama"]
        indexes = [
            # The TPP page: employees of one OPD with their amounts.
            models.Index(fields=["opd", "nama"], name="pegawai_opd"),
        ]

    def __str__(self) -> str:
        return f"{self.nama} ({self.nip})"
