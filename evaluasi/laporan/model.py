"""The report job model (a PDF rendered in the background), kept beside the report code.
Registered through `evaluasi.models`, which imports it."""

from django.conf import settings
from django.db import models


class JenisLaporan(models.TextChoices):
    OPD = "opd", "Laporan OPD (PDF)"
    REKAP = "rekap", "Rekapitulasi (PDF)"
    SEMUA = "semua", "Semua laporan OPD"
    PAKET = "paket", "Paket evaluasi nasional (ZIP)"
    # Every live evidence file of one OPD penilaian (`penilaian` set) or of the period's
    # penilaian instansi (`penilaian` empty), for the people who judge them.
    ARSIP = "arsip", "Arsip bukti (ZIP)"
    # The formatted recap workbook, streamed by a worker (too big for a web request).
    REKAP_XLSX = "rekap_xlsx", "Rekapitulasi (XLSX)"


class StatusLaporan(models.TextChoices):
    ANTRI = "antri", "Antri"
    DIPROSES = "diproses", "Diproses"
    SELESAI = "selesai", "Selesai"
    GAGAL = "gagal", "Gagal"


class LaporanJob(models.Model):
    """A report rendered in the background; the file is kept and re-downloadable.

    A batch ("semua") has one child job per OPD. `sisa` counts its children not yet in a
    final state: set when the batch is queued, raised by a retry, lowered once per child that
    reaches selesai/gagal; the child that brings it to zero closes the batch (one ZIP).
    """

    PRIVATE_DIR = "laporan"  # under PRIVATE_ROOT; see spbe_portal.files.orphan_files

    jenis = models.CharField(max_length=10, choices=JenisLaporan.choices)
    periode = models.ForeignKey(
        "evaluasi.Periode", on_delete=models.CASCADE, related_name="laporan"
    )
    penilaian = models.ForeignKey(
        "evaluasi.Penilaian",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="laporan",
    )
    induk = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="anak"
    )
    status = models.CharField(
        max_length=10, choices=StatusLaporan.choices, default=StatusLaporan.ANTRI
    )
    alasan = models.TextField("alasan gagal", blank=True)
    peminta = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    dibuat = models.DateTimeField(auto_now_add=True)
    mulai = models.DateTimeField(null=True, blank=True)
    selesai = models.DateTimeField(null=True, blank=True)
    path = models.CharField(max_length=255, blank=True)  # relative to PRIVATE_ROOT
    nama_berkas = models.CharField(max_length=255, blank=True)
    percobaan = models.PositiveSmallIntegerField(default=0)
    sisa = models.PositiveIntegerField("anak belum selesai", default=0)

    class Meta:
        verbose_name = "laporan"
        verbose_name_plural = "laporan"
        ordering = ["-dibuat", "-pk"]
        indexes = [
            # The reports page: a period's top-level jobs, newest first.
            models.Index(fields=["periode", "induk", "-dibuat"], name="laporan_periode"),
        ]

    def __str__(self) -> str:
        return f"{self.get_jenis_display()} · {self.periode} · {self.get_status_display()}"

    @property
    def berjalan(self) -> bool:
        return self.status in (StatusLaporan.ANTRI, StatusLaporan.DIPROSES)
