"""What the OPD penilaian and the penilaian instansi share: the vocabulary of a verdict on
one item (verdict, reason of a revision, built from the pure item rules) and the fields of
the verdict itself."""

from django.conf import settings
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


class PutusanButir(models.Model):
    """An asesor's verdict on one item: diterima, or revisi with a reason and a note; `versi`
    is the lost-update guard. The concrete models add what the verdict is about."""

    putusan = models.CharField(max_length=10, choices=Putusan.choices, blank=True)
    alasan = models.CharField(
        "alasan revisi", max_length=20, choices=AlasanRevisi.choices, blank=True
    )
    alasan_lain = models.CharField("alasan lain", max_length=500, blank=True)
    catatan = models.TextField("catatan", blank=True)
    oleh = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    pada = models.DateTimeField(auto_now=True)
    versi = models.PositiveIntegerField(default=0)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.butir_id}: {self.get_putusan_display()}"

    @property
    def alasan_tampil(self) -> str:
        if self.alasan == AlasanRevisi.LAINNYA:
            return self.alasan_lain
        return self.get_alasan_display()
