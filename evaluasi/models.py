"""The instrument as data: Instrumen → Domain (optional) → Aspek → Indikator → KriteriaLevel,
plus the instrument's predikat bands. Nothing assumes 47 indicators, 8 aspects or 4 domains."""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from evaluasi import scoring

BOBOT = {"max_digits": 9, "decimal_places": 4, "validators": [MinValueValidator(Decimal(0))]}


class Kapabilitas(models.TextChoices):
    PROSES = "proses", "Kapabilitas proses"
    FUNGSI_TEKNIS = "fungsi_teknis", "Kapabilitas fungsi teknis"


class Instrumen(models.Model):
    kode = models.SlugField("kode", max_length=60, unique=True)
    nama = models.CharField("nama", max_length=255)
    dasar_hukum = models.TextField("dasar hukum", blank=True)
    keterangan = models.TextField("keterangan", blank=True)
    bawaan = models.BooleanField(
        "instrumen bawaan",
        default=False,
        help_text="Dipakai bila tidak ada instrumen yang dipilih.",
    )
    # Set once a period uses the instrument: from then on its content never changes, so past
    # results stay reproducible; edits go to a copy ("Salin sebagai versi baru").
    terkunci = models.BooleanField("terkunci", default=False)
    asal = models.ForeignKey(
        "self",
        verbose_name="disalin dari",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="salinan",
    )
    dibuat = models.DateTimeField(auto_now_add=True)
    diubah = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "instrumen"
        verbose_name_plural = "instrumen"
        ordering = ["-bawaan", "nama", "kode"]
        constraints = [
            models.UniqueConstraint(
                fields=["bawaan"], condition=models.Q(bawaan=True), name="instrumen_satu_bawaan"
            )
        ]

    def __str__(self) -> str:
        return self.nama


class Domain(models.Model):
    instrumen = models.ForeignKey(Instrumen, on_delete=models.CASCADE, related_name="domain")
    nomor = models.PositiveSmallIntegerField("nomor")
    nama = models.CharField("nama", max_length=255)
    bobot = models.DecimalField("bobot (%)", **BOBOT)

    class Meta:
        verbose_name = "domain"
        verbose_name_plural = "domain"
        ordering = ["instrumen", "nomor"]
        constraints = [
            models.UniqueConstraint(fields=["instrumen", "nomor"], name="domain_nomor_unik")
        ]

    def __str__(self) -> str:
        return f"Domain {self.nomor}. {self.nama}"


class Aspek(models.Model):
    instrumen = models.ForeignKey(Instrumen, on_delete=models.CASCADE, related_name="aspek")
    domain = models.ForeignKey(
        Domain, on_delete=models.CASCADE, null=True, blank=True, related_name="aspek"
    )
    nomor = models.PositiveSmallIntegerField("nomor")
    nama = models.CharField("nama", max_length=255)
    bobot = models.DecimalField("bobot (%)", **BOBOT)

    class Meta:
        verbose_name = "aspek"
        verbose_name_plural = "aspek"
        ordering = ["instrumen", "nomor"]
        constraints = [
            models.UniqueConstraint(fields=["instrumen", "nomor"], name="aspek_nomor_unik")
        ]

    def __str__(self) -> str:
        return f"Aspek {self.nomor}. {self.nama}"


class Indikator(models.Model):
    instrumen = models.ForeignKey(Instrumen, on_delete=models.CASCADE, related_name="indikator")
    aspek = models.ForeignKey(Aspek, on_delete=models.CASCADE, related_name="indikator")
    nomor = models.PositiveSmallIntegerField("nomor")
    nama = models.CharField("nama", max_length=255)
    bobot = models.DecimalField("bobot (%)", **BOBOT)
    kapabilitas = models.CharField(
        "kapabilitas", max_length=20, choices=Kapabilitas.choices, default=Kapabilitas.PROSES
    )

    class Meta:
        verbose_name = "indikator"
        verbose_name_plural = "indikator"
        ordering = ["instrumen", "nomor"]
        constraints = [
            models.UniqueConstraint(fields=["instrumen", "nomor"], name="indikator_nomor_unik")
        ]

    def __str__(self) -> str:
        return f"Indikator {self.nomor}. {self.nama}"


class KriteriaLevel(models.Model):
    indikator = models.ForeignKey(Indikator, on_delete=models.CASCADE, related_name="kriteria")
    level = models.PositiveSmallIntegerField(
        "level",
        validators=[MinValueValidator(scoring.MIN_LEVEL), MaxValueValidator(scoring.MAX_LEVEL)],
    )
    nama = models.CharField("nama level", max_length=100)
    deskripsi = models.TextField("kriteria")
    bukti = models.TextField(
        "bukti yang diharapkan", blank=True, help_text="Satu butir bukti per baris."
    )

    class Meta:
        verbose_name = "kriteria level"
        verbose_name_plural = "kriteria level"
        ordering = ["indikator", "level"]
        constraints = [
            models.UniqueConstraint(fields=["indikator", "level"], name="kriteria_level_unik"),
            models.CheckConstraint(
                condition=models.Q(level__gte=1, level__lte=5), name="kriteria_level_1_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indikator_id} · level {self.level} {self.nama}"

    @property
    def daftar_bukti(self) -> list[str]:
        return [line.strip() for line in self.bukti.splitlines() if line.strip()]


class Predikat(models.Model):
    """A band: rounded index ≥ batas_bawah (and below the next band's bound) → nama."""

    instrumen = models.ForeignKey(Instrumen, on_delete=models.CASCADE, related_name="predikat")
    nama = models.CharField("predikat", max_length=60)
    batas_bawah = models.DecimalField("batas bawah", max_digits=4, decimal_places=2)
    warna = models.CharField("warna", max_length=7, default="#6c757d", help_text="Kode warna hex.")

    class Meta:
        verbose_name = "predikat"
        verbose_name_plural = "predikat"
        ordering = ["instrumen", "batas_bawah"]
        constraints = [
            models.UniqueConstraint(
                fields=["instrumen", "batas_bawah"], name="predikat_batas_unik"
            ),
            models.UniqueConstraint(fields=["instrumen", "nama"], name="predikat_nama_unik"),
        ]

    def __str__(self) -> str:
        return f"{self.nama} (≥ {self.batas_bawah})"
