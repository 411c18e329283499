"""The domain fields of an application (SPEC §8), kept once: the inventory's `Aplikasi` and a
request's `Permohonan` carry the same fields, and an approval copies `FIELDS_DOMAIN` from one
to the other."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models


class Basis(models.TextChoices):
    WEB = "web", "Web"
    ANDROID = "android", "Android"
    IOS = "ios", "iOS"
    DESKTOP = "desktop", "Desktop"


class DataAplikasi(models.Model):
    # The fields a request proposes and an approval writes into the inventory (with the
    # managing OPD and the SOP document, which each model holds in its own way).
    FIELDS_DOMAIN = (
        "nama",
        "deskripsi",
        "url",
        "tahun_pembuatan",
        "basis",
        "penyedia_hosting",
        "api_tersedia",
        "kode_sumber_dimiliki",
        "name_server",
        "kebutuhan_sistem",
        "akun_hosting_diberikan",
    )

    nama = models.CharField("nama aplikasi", max_length=200)
    deskripsi = models.TextField("deskripsi", blank=True)
    url = models.URLField("URL (usulan domain)", blank=True)
    tahun_pembuatan = models.PositiveSmallIntegerField(
        "tahun pembuatan",
        null=True,
        blank=True,
        validators=[MinValueValidator(1990), MaxValueValidator(2100)],
    )
    penyedia_hosting = models.CharField("penyedia hosting", max_length=200, blank=True)
    api_tersedia = models.BooleanField("API tersedia", default=False)
    kode_sumber_dimiliki = models.BooleanField("kode sumber dimiliki", default=False)
    name_server = models.CharField("name server / IP publik", max_length=255, blank=True)
    kebutuhan_sistem = models.TextField("kebutuhan sistem dan versi", blank=True)
    akun_hosting_diberikan = models.BooleanField("akun hosting sudah diberikan", default=False)
    basis = models.CharField("basis", max_length=10, choices=Basis.choices, default=Basis.WEB)

    class Meta:
        abstract = True
