"""Application and domain requests (SPEC §15): an OPD asks to build or develop an application,
with the 13 domain fields of SPEC §8 and its documents; Diskominfo (Admin) reviews it, and an
approved request creates or updates the application in the inventory (`Aplikasi`)."""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from arsitektur.data_aplikasi import DataAplikasi
from arsitektur.permohonan import aturan


class StatusPermohonan(models.TextChoices):
    DRAF = aturan.DRAF, "Draf"
    DIAJUKAN = aturan.DIAJUKAN, "Diajukan"
    PERLU_PERBAIKAN = aturan.PERLU_PERBAIKAN, "Perlu perbaikan"
    DISETUJUI = aturan.DISETUJUI, "Disetujui"
    DITOLAK = aturan.DITOLAK, "Ditolak"


class JenisPermohonan(models.TextChoices):
    BARU = "baru", "Aplikasi baru"
    PENGEMBANGAN = "pengembangan", "Pengembangan aplikasi"


class JenisDokumen(models.TextChoices):
    SURAT = aturan.SURAT, "Surat permohonan"
    SOP = aturan.SOP, "SOP / proses bisnis"
    KAK = aturan.KAK, "Kerangka acuan kerja (KAK)"
    KATEGORI = aturan.KATEGORI, "Pernyataan kategori sistem elektronik"
    SERTIFIKASI = aturan.SERTIFIKASI, "Sertifikasi"
    SPESIFIKASI = aturan.SPESIFIKASI, "Spesifikasi perangkat keras/lunak"
    DASAR_HUKUM = aturan.DASAR_HUKUM, "Dasar hukum"


class Permohonan(DataAplikasi):
    opd = models.ForeignKey(
        "opd.Opd", verbose_name="OPD pengelola", on_delete=models.PROTECT, related_name="+"
    )
    jenis = models.CharField("jenis permohonan", max_length=20, choices=JenisPermohonan.choices)
    # The application developed (pengembangan), or the one an approval created (baru).
    aplikasi = models.ForeignKey(
        "arsitektur.Aplikasi",
        verbose_name="aplikasi yang dikembangkan",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="permohonan",
    )
    dibangun_diskominfo = models.BooleanField("dibangun oleh Diskominfo", default=False)
    deskripsi = models.TextField("deskripsi")  # a request says what it is for
    status = models.CharField(
        "status", max_length=20, choices=StatusPermohonan.choices, default=StatusPermohonan.DRAF
    )
    dibuat = models.DateTimeField(auto_now_add=True)
    diubah = models.DateTimeField(auto_now=True)
    dibuat_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    diajukan_pada = models.DateTimeField(null=True, blank=True)
    diputuskan_pada = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "permohonan aplikasi"
        verbose_name_plural = "permohonan aplikasi"
        ordering = ["-diubah", "-pk"]
        constraints = [
            # One open request per application name and OPD: a second click on "Simpan", or
            # a second request for the same application while one is under way, is refused.
            models.UniqueConstraint(
                fields=["opd", "nama"],
                condition=~models.Q(status__in=sorted(aturan.FINAL)),
                name="permohonan_terbuka_unik",
            )
        ]
        indexes = [
            # The list page: an OPD's requests, or everyone's filtered by status.
            models.Index(fields=["opd", "status"], name="permohonan_opd_status"),
            models.Index(fields=["status", "diubah"], name="permohonan_status_diubah"),
        ]

    def __str__(self) -> str:
        return f"{self.nama} ({self.get_jenis_display()})"

    @property
    def warna_status(self) -> str:
        """The status badge's Bootstrap colour (aturan.WARNA), for every page that shows it."""
        return aturan.WARNA[self.status]


class DokumenPermohonan(models.Model):
    """One document of a request per kind; a new upload replaces the link (the old file
    stays, as every Berkas does)."""

    permohonan = models.ForeignKey(Permohonan, on_delete=models.CASCADE, related_name="dokumen")
    jenis = models.CharField("jenis dokumen", max_length=20, choices=JenisDokumen.choices)
    berkas = models.ForeignKey("arsitektur.Berkas", on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords()

    class Meta:
        verbose_name = "dokumen permohonan"
        verbose_name_plural = "dokumen permohonan"
        constraints = [
            models.UniqueConstraint(
                fields=["permohonan", "jenis"], name="dokumen_permohonan_unik_per_jenis"
            )
        ]

    def __str__(self) -> str:
        return f"{self.permohonan} · {self.get_jenis_display()}"


class LangkahPermohonan(models.Model):
    """The timeline: every status step with who took it, when, and the notes."""

    permohonan = models.ForeignKey(Permohonan, on_delete=models.CASCADE, related_name="langkah")
    pengguna = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    waktu = models.DateTimeField(auto_now_add=True)
    dari = models.CharField(max_length=20, choices=StatusPermohonan.choices)
    ke = models.CharField(max_length=20, choices=StatusPermohonan.choices)
    catatan = models.TextField("catatan", blank=True)

    class Meta:
        verbose_name = "langkah permohonan"
        verbose_name_plural = "langkah permohonan"
        ordering = ["waktu", "pk"]

    def __str__(self) -> str:
        return f"{self.permohonan}: {self.dari} → {self.ke}"
