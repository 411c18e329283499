"""The roadmap's programs (Peta Rencana SPBE/Pemdi, SPEC §14): a program (or one sub-program of
it) with its responsible OPDs, the indicators it should raise and the evidence it should
produce, and one row per year it runs carrying the progress its OPD reports. Registered
through `evaluasi.models`, which imports it; other models are named by string."""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from evaluasi.dokumen.model import JenisDokumen
from evaluasi.program import aturan

StatusKemajuan = models.TextChoices(
    "StatusKemajuan", [(value.upper(), (value, label)) for value, label in aturan.STATUS]
)


class Program(models.Model):
    """One row of the roadmap: a program, or one sub-program under a program heading. No
    responsible OPD means the pemda's as a whole (kept by the Koordinator)."""

    nama = models.CharField("program", max_length=255)
    sub_program = models.CharField("sub-program", max_length=255, blank=True)
    keterangan = models.TextField("keterangan", blank=True)
    opd = models.ManyToManyField(
        "opd.Opd",
        verbose_name="OPD penanggung jawab",
        blank=True,
        related_name="program_peta",
        help_text="Kosongkan bila program ini milik pemda secara keseluruhan.",
    )
    indikator = models.ManyToManyField(
        "evaluasi.Indikator",
        verbose_name="indikator terkait",
        blank=True,
        related_name="program_peta",
    )
    bukti_diharapkan = models.TextField(
        "bukti yang diharapkan",
        blank=True,
        help_text="Dokumen atau keluaran yang harus dihasilkan program ini.",
    )
    jenis_bukti = models.CharField(
        "jenis dokumen bukti", max_length=20, choices=JenisDokumen.choices, blank=True
    )
    # Order of the roadmap table (the import keeps the file's order; the form appends).
    urutan = models.PositiveIntegerField("urutan", default=0)
    dibuat = models.DateTimeField(auto_now_add=True)
    diubah = models.DateTimeField(auto_now=True)
    # Audit trail (Log aktivitas): who added, changed or removed a program, and its OPDs.
    history = HistoricalRecords(m2m_fields=[opd, indikator])

    class Meta:
        verbose_name = "program peta rencana"
        verbose_name_plural = "program peta rencana"
        ordering = ["urutan", "nama", "sub_program", "pk"]
        constraints = [
            # The import finds a row again by these two (a re-import updates, never doubles).
            models.UniqueConstraint(
                fields=["nama", "sub_program"],
                name="program_nama_sub_unik",
                violation_error_message="Program dengan sub-program ini sudah ada.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.nama} — {self.sub_program}" if self.sub_program else self.nama

    @property
    def rentang_tahun(self) -> str:
        """The years it runs, shortened (load `kemajuan` with prefetch_related)."""
        return aturan.ringkas_tahun(k.tahun for k in self.kemajuan.all())


class KemajuanProgram(models.Model):
    """A year the program runs, with the progress its responsible OPD reports for that year:
    a status, a short note and optionally a version of a document from the OPD's library."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="kemajuan")
    tahun = models.PositiveSmallIntegerField("tahun")
    status = models.CharField(
        "status", max_length=20, choices=StatusKemajuan.choices, default=StatusKemajuan.BELUM_MULAI
    )
    catatan = models.CharField("catatan", max_length=500, blank=True)
    versi = models.ForeignKey(
        "evaluasi.DokumenVersi",
        verbose_name="dokumen bukti",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    dilaporkan_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    dilaporkan_pada = models.DateTimeField(null=True, blank=True)
    # Audit trail: every report of progress, with who and when.
    history = HistoricalRecords()

    class Meta:
        verbose_name = "kemajuan program"
        verbose_name_plural = "kemajuan program"
        ordering = ["program", "tahun"]
        constraints = [
            models.UniqueConstraint(fields=["program", "tahun"], name="kemajuan_program_tahun"),
        ]
        indexes = [
            # The progress page and the list's filter: a year's rows by status.
            models.Index(fields=["tahun", "status"], name="kemajuan_tahun_status"),
        ]

    def __str__(self) -> str:
        return f"{self.program} · {self.tahun}"

    @property
    def warna(self) -> str:
        return aturan.WARNA_STATUS[self.status]

    @property
    def dilaporkan(self) -> bool:
        return self.dilaporkan_pada is not None
