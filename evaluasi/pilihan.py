"""Choice lists shared by the OPD penilaian and the penilaian instansi (one vocabulary for an
item's verdict and the reason of a revision), built from the pure item rules."""

from django.db import models

from evaluasi import butir

Putusan = models.TextChoices(
    "Putusan",
    [
        ("BELUM", ("", "Belum diperiksa")),
        ("DITERIMA", (butir.Putusan.DITERIMA.value, "Diterima")),
        ("REVISI", (butir.Putusan.REVISI.value, "Revisi")),
    ],
)


class AlasanRevisi(models.TextChoices):
    BUKTI_TIDAK_TEPAT = "bukti_tidak_tepat", "Bukti tidak tepat"
    BELUM_DIUNGGAH = "belum_diunggah", "Belum diunggah"
    LAINNYA = "lainnya", "Lainnya"
