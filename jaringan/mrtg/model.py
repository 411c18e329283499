"""MRTG traffic per link (issue 18, item 3): the uploaded log files and the daily figures
read from them.

A day's figures come from one upload. When uploads overlap, the upload that covers more of
that day wins; with equal coverage the newer upload replaces the older (a corrected file can
still correct a day). MRTG keeps peaks when it consolidates, so a coarser, newer log loses no
peak a finer one had.
"""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords


class UnggahMrtg(models.Model):
    PRIVATE_DIR = "mrtg"  # the original logs; `bersihkan_berkas` finds files no row keeps

    koneksi = models.ForeignKey(
        "jaringan.Koneksi", on_delete=models.PROTECT, related_name="unggah_mrtg"
    )
    nama_asli = models.CharField("nama berkas", max_length=200)
    sha256 = models.CharField(max_length=64)
    ukuran = models.PositiveIntegerField("ukuran (bita)")
    path = models.CharField(max_length=255)
    diunggah = models.DateTimeField(auto_now_add=True)
    diunggah_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    mulai = models.DateField("hari pertama")
    selesai = models.DateField("hari terakhir")
    jumlah_hari = models.PositiveIntegerField("hari tercakup")
    hari_dipakai = models.PositiveIntegerField("hari yang menggantikan data lama", default=0)
    baris_data = models.PositiveIntegerField(default=0)
    baris_sampah = models.PositiveIntegerField("baris rusak dilewati", default=0)
    baris_reset = models.PositiveIntegerField("baris reset penghitung dilewati", default=0)
    # A gap may reach back decades (a log starting in 2000 for a link of 2099): 64-bit.
    detik_celah = models.PositiveBigIntegerField("celah (detik)", default=0)
    hari_luar_tahun = models.PositiveIntegerField("hari di luar tahun koneksi", default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "unggahan log MRTG"
        verbose_name_plural = "unggahan log MRTG"
        ordering = ["-diunggah", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["koneksi", "sha256"], name="mrtg_unggah_unik")
        ]

    def __str__(self) -> str:
        return f"{self.nama_asli} ({self.mulai:%Y-%m-%d} s.d. {self.selesai:%Y-%m-%d})"


class TrafikHarian(models.Model):
    """One day of one link, bytes per second (see the module docstring for which upload's
    figures a day keeps). Derived from the uploads, which carry the history."""

    koneksi = models.ForeignKey(
        "jaringan.Koneksi", on_delete=models.PROTECT, related_name="trafik_harian"
    )
    tanggal = models.DateField()
    avg_in = models.DecimalField("rata-rata masuk (B/s)", max_digits=16, decimal_places=2)
    avg_out = models.DecimalField("rata-rata keluar (B/s)", max_digits=16, decimal_places=2)
    max_in = models.DecimalField("puncak masuk (B/s)", max_digits=16, decimal_places=2)
    max_out = models.DecimalField("puncak keluar (B/s)", max_digits=16, decimal_places=2)
    detik_tercakup = models.PositiveIntegerField()
    unggah = models.ForeignKey(UnggahMrtg, on_delete=models.PROTECT, related_name="hari")

    class Meta:
        verbose_name = "trafik harian"
        verbose_name_plural = "trafik harian"
        ordering = ["koneksi", "tanggal"]
        constraints = [
            models.UniqueConstraint(fields=["koneksi", "tanggal"], name="mrtg_hari_unik")
        ]

    def __str__(self) -> str:
        return f"{self.koneksi_id} {self.tanggal:%Y-%m-%d}"
