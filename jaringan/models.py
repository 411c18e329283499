"""The province's network agenda (SPEC §15): how each OPD is connected, per year. The parts
(network standard, disruption log, MRTG traffic) keep their models in their own packages
(`jaringan/<part>/model.py`), imported here so Django finds them."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

# The parts' models, one import each (they name Koneksi by string, so no cycle).
from jaringan.gangguan.model import Gangguan as Gangguan
from jaringan.mrtg.model import TrafikHarian as TrafikHarian
from jaringan.mrtg.model import UnggahMrtg as UnggahMrtg
from jaringan.standar.model import ButirStandar as ButirStandar
from jaringan.standar.model import JawabanStandar as JawabanStandar
from jaringan.standar.model import PemeriksaanJaringan as PemeriksaanJaringan
from jaringan.standar.model import StandarJaringan as StandarJaringan


class JenisKoneksi(models.TextChoices):
    DISKOMINFO = "diskominfo", "Jaringan Diskominfo"
    LANGGANAN_SENDIRI = "langganan_sendiri", "Langganan sendiri"


class Koneksi(models.Model):
    """One link by which an OPD reaches the network or the internet in one year: the
    connection the standard checklist reports and the link MRTG traffic is measured on (its
    bandwidth is what utilisation is read against)."""

    opd = models.ForeignKey("opd.Opd", on_delete=models.PROTECT, related_name="koneksi")
    tahun = models.PositiveSmallIntegerField(
        "tahun", validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    nama = models.CharField(
        "nama tautan", max_length=100, help_text="Mis. Internet utama, Intranet Diskominfo."
    )
    jenis = models.CharField("jenis koneksi", max_length=20, choices=JenisKoneksi.choices)
    penyedia = models.CharField("penyedia layanan (ISP)", max_length=150, blank=True)
    bandwidth_mbps = models.DecimalField(
        "bandwidth berlangganan (Mbps)",
        max_digits=9,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("1000000"))],
    )
    diubah = models.DateTimeField(auto_now=True)
    diubah_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "koneksi jaringan"
        verbose_name_plural = "koneksi jaringan"
        ordering = ["opd__urutan", "-tahun", "nama"]
        constraints = [
            models.UniqueConstraint(fields=["opd", "tahun", "nama"], name="koneksi_unik_per_tahun")
        ]

    def __str__(self) -> str:
        return f"{self.nama} ({self.bandwidth_mbps} Mbps)"
