"""Architecture data per OPD: domain status per period, application inventory, digital talent."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from arsitektur.data_aplikasi import Basis as Basis
from arsitektur.data_aplikasi import DataAplikasi
from arsitektur.permohonan.model import DokumenPermohonan as DokumenPermohonan
from arsitektur.permohonan.model import JenisDokumen as JenisDokumen
from arsitektur.permohonan.model import JenisPermohonan as JenisPermohonan
from arsitektur.permohonan.model import LangkahPermohonan as LangkahPermohonan
from arsitektur.permohonan.model import Permohonan as Permohonan
from arsitektur.permohonan.model import StatusPermohonan as StatusPermohonan


class DomainArsitektur(models.TextChoices):
    LAYANAN = "layanan", "Layanan"
    PROSES_BISNIS = "proses_bisnis", "Proses Bisnis"
    DATA = "data", "Data"
    APLIKASI = "aplikasi", "Aplikasi"
    INFRASTRUKTUR = "infrastruktur", "Infrastruktur"
    KEAMANAN = "keamanan", "Keamanan"


class StatusArsitektur(models.TextChoices):
    OK = "ok", "OK"
    NA = "na", "NA"
    BELUM = "belum", "Belum"


class StatusInformasi(models.TextChoices):
    LENGKAP = "lengkap", "Lengkap"
    BELUM_TUNTAS = "belum_tuntas", "Belum Tuntas"
    BELUM_KONFIRMASI = "belum_konfirmasi", "Belum Konfirmasi"


class Berkas(models.Model):
    """A document (SOP, business process, certificate) under the same rules as evidence."""

    PRIVATE_DIR = "arsitektur"  # under PRIVATE_ROOT; see spbe_portal.files.orphan_files

    nama_asli = models.CharField(max_length=255)
    path = models.CharField(max_length=255, unique=True)  # relative to PRIVATE_ROOT
    jenis = models.CharField(max_length=100)
    ukuran = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    diunggah_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    diunggah_pada = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "berkas arsitektur"
        verbose_name_plural = "berkas arsitektur"

    def __str__(self) -> str:
        return self.nama_asli


class ProfilOpd(models.Model):
    """The OPD's information status on the public landing page."""

    opd = models.OneToOneField(
        "opd.Opd", on_delete=models.CASCADE, related_name="profil_arsitektur"
    )
    status_informasi = models.CharField(
        "status informasi aplikasi",
        max_length=20,
        choices=StatusInformasi.choices,
        default=StatusInformasi.BELUM_KONFIRMASI,
    )

    class Meta:
        verbose_name = "profil arsitektur OPD"
        verbose_name_plural = "profil arsitektur OPD"

    def __str__(self) -> str:
        return f"{self.opd}: {self.get_status_informasi_display()}"


class StatusDomain(models.Model):
    """Whether one architecture domain of one OPD was updated in one period."""

    periode = models.ForeignKey("evaluasi.Periode", on_delete=models.CASCADE, related_name="+")
    opd = models.ForeignKey("opd.Opd", on_delete=models.CASCADE, related_name="status_arsitektur")
    domain = models.CharField(max_length=20, choices=DomainArsitektur.choices)
    status = models.CharField(
        max_length=10, choices=StatusArsitektur.choices, default=StatusArsitektur.BELUM
    )
    tautan = models.URLField("tautan", blank=True)
    diubah = models.DateTimeField(auto_now=True)
    diubah_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "status domain arsitektur"
        verbose_name_plural = "status domain arsitektur"
        constraints = [
            models.UniqueConstraint(fields=["periode", "opd", "domain"], name="status_domain_unik")
        ]

    def __str__(self) -> str:
        return f"{self.opd} · {self.get_domain_display()}: {self.get_status_display()}"


class Aplikasi(DataAplikasi):
    """One application of the inventory (the fields a domain request needs, SPEC §8).

    PUBLIC_FIELDS are the only ones the public landing page may show; IP addresses, name
    servers, hosting accounts and source-code locations never leave the portal.
    """

    PUBLIC_FIELDS = ("nama", "deskripsi", "url", "basis", "tahun_pembuatan")

    opd = models.ForeignKey(
        "opd.Opd", verbose_name="OPD pengelola", on_delete=models.PROTECT, related_name="aplikasi"
    )
    lokasi_kode_sumber = models.CharField("lokasi kode sumber", max_length=255, blank=True)
    dokumen = models.ForeignKey(
        Berkas,
        verbose_name="dokumen SOP / proses bisnis",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    aktif = models.BooleanField("aktif", default=True)
    diubah = models.DateTimeField(auto_now=True)
    diubah_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The inventory changes by hand, by import and by an approved request: who and when.
    history = HistoricalRecords()

    class Meta:
        verbose_name = "aplikasi"
        verbose_name_plural = "aplikasi"
        ordering = ["opd__urutan", "nama"]
        constraints = [
            models.UniqueConstraint(fields=["opd", "nama"], name="aplikasi_nama_unik_per_opd")
        ]
        indexes = [
            # The public landing page: active applications per OPD.
            models.Index(fields=["opd", "aktif"], name="aplikasi_opd_aktif"),
        ]

    def __str__(self) -> str:
        return self.nama


class TalentaDigital(models.Model):
    opd = models.ForeignKey("opd.Opd", on_delete=models.PROTECT, related_name="talenta")
    nama = models.CharField("nama", max_length=150)
    keahlian = models.CharField(
        "keahlian", max_length=150, help_text="Mis. Business Process Engineer."
    )
    lembaga = models.CharField("lembaga sertifikasi", max_length=200)
    tahun = models.PositiveSmallIntegerField(
        "tahun sertifikasi", validators=[MinValueValidator(1990), MaxValueValidator(2100)]
    )
    sertifikat = models.ForeignKey(
        Berkas,
        verbose_name="berkas sertifikat",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = "talenta digital"
        verbose_name_plural = "talenta digital"
        ordering = ["opd__urutan", "nama"]

    def __str__(self) -> str:
        return f"{self.nama} ({self.keahlian})"
