"""The pemda's own penilaian (SPEC §12): who holds which evidence (pengampu), the items the
pengampu OPDs fill, the internal asesor's verdicts, the Koordinator's settled values and the
national evaluator's results per round. Registered through `evaluasi.models`, which imports
it; foreign keys name the evaluation's models by string so this module loads first."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from evaluasi import scoring
from evaluasi.dokumen.model import TautanDokumen
from evaluasi.pilihan import Putusan, PutusanButir

NILAI_INSTANSI = {
    "max_digits": 5,
    "decimal_places": 4,
    "validators": [
        MinValueValidator(scoring.MIN_LEVEL),
        MaxValueValidator(scoring.MAX_LEVEL),
    ],
}


class Pengampu(models.Model):
    """One OPD holding evidence in one period: of an indicator (all its items, and the value of
    an externally valued one) when `butir` is empty, else of that one item. Several OPDs may
    hold the same thing; each fills its own answer and the Koordinator chooses."""

    periode = models.ForeignKey(
        "evaluasi.Periode", on_delete=models.CASCADE, related_name="pengampu"
    )
    indikator = models.ForeignKey("evaluasi.Indikator", on_delete=models.PROTECT, related_name="+")
    butir = models.ForeignKey(
        "evaluasi.Butir", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    opd = models.ForeignKey("opd.Opd", on_delete=models.PROTECT, related_name="pengampu")
    dibuat = models.DateTimeField(auto_now_add=True)
    # Audit trail (Log aktivitas): who assigned or removed a pengampu, and when.
    history = HistoricalRecords()

    class Meta:
        verbose_name = "pengampu"
        verbose_name_plural = "pengampu"
        ordering = ["periode", "indikator__nomor", "butir__level", "butir__nomor", "opd__nama"]
        constraints = [
            models.UniqueConstraint(
                fields=["periode", "indikator", "opd"],
                condition=models.Q(butir__isnull=True),
                name="pengampu_indikator_unik",
            ),
            models.UniqueConstraint(
                fields=["periode", "butir", "opd"],
                condition=models.Q(butir__isnull=False),
                name="pengampu_butir_unik",
            ),
        ]
        indexes = [models.Index(fields=["periode", "opd"], name="pengampu_periode_opd")]

    def __str__(self) -> str:
        return f"{self.opd} · {self.butir or self.indikator}"


class PenilaianInstansi(models.Model):
    """The pemerintah daerah's own penilaian in one period, the one the national evaluator
    judges. Created when the period opens; its figures are computed, not stored."""

    periode = models.OneToOneField(
        "evaluasi.Periode", on_delete=models.CASCADE, related_name="instansi"
    )
    dibuat = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "penilaian instansi"
        verbose_name_plural = "penilaian instansi"

    def __str__(self) -> str:
        return f"Penilaian instansi · {self.periode}"


class IsianButir(models.Model):
    """One pengampu OPD's answer to one item: its note for the asesor and its files. The
    Koordinator's choice (`dipilih`) decides which answers go forward when several OPDs hold
    the item; None = not decided (a lone answer with files goes forward by itself)."""

    penilaian = models.ForeignKey(PenilaianInstansi, on_delete=models.CASCADE, related_name="isian")
    butir = models.ForeignKey("evaluasi.Butir", on_delete=models.PROTECT, related_name="+")
    opd = models.ForeignKey("opd.Opd", on_delete=models.PROTECT, related_name="+")
    catatan = models.TextField("keterangan untuk asesor", blank=True)
    dipilih = models.BooleanField("dipilih Koordinator", null=True, blank=True)
    dipilih_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    diubah = models.DateTimeField(null=True, blank=True)
    diubah_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    versi = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "isian butir instansi"
        verbose_name_plural = "isian butir instansi"
        constraints = [
            models.UniqueConstraint(fields=["penilaian", "butir", "opd"], name="isian_butir_unik"),
        ]

    def __str__(self) -> str:
        return f"{self.butir_id} · {self.opd_id}"


class BerkasInstansi(TautanDokumen):
    """A document version used by one pengampu's answer (the file: its DokumenVersi; whether
    it is confidential: its Dokumen, marked so in the national package's manifest)."""

    isian = models.ForeignKey(IsianButir, on_delete=models.PROTECT, related_name="berkas")

    class Meta:
        verbose_name = "berkas instansi"
        verbose_name_plural = "berkas instansi"
        ordering = ["ditautkan_pada", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["isian", "versi"],
                condition=models.Q(dihapus_pada__isnull=True),
                name="berkas_instansi_versi_tidak_ganda",
            ),
        ]


class ReviuInstansi(PutusanButir):
    """The internal asesor's verdict on one item of the penilaian instansi (all its answers)."""

    penilaian = models.ForeignKey(PenilaianInstansi, on_delete=models.CASCADE, related_name="reviu")
    butir = models.ForeignKey("evaluasi.Butir", on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords()

    class Meta:
        verbose_name = "reviu butir instansi"
        verbose_name_plural = "reviu butir instansi"
        constraints = [
            models.UniqueConstraint(fields=["penilaian", "butir"], name="reviu_instansi_unik"),
        ]


class NilaiInstansi(models.Model):
    """The Koordinator's settled value of one indicator for the pemda, with the reason; for an
    externally valued indicator, the index as published, its date and source."""

    penilaian = models.ForeignKey(PenilaianInstansi, on_delete=models.CASCADE, related_name="nilai")
    indikator = models.ForeignKey("evaluasi.Indikator", on_delete=models.PROTECT, related_name="+")
    nilai = models.DecimalField("nilai instansi", **NILAI_INSTANSI)
    catatan = models.TextField("catatan Koordinator")
    oleh = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    pada = models.DateTimeField(auto_now=True)
    versi = models.PositiveIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "nilai instansi"
        verbose_name_plural = "nilai instansi"
        constraints = [
            models.UniqueConstraint(fields=["penilaian", "indikator"], name="nilai_instansi_unik"),
        ]

    def __str__(self) -> str:
        return f"{self.indikator_id}: {self.nilai}"


class IsianEksternal(models.Model):
    """A pengampu OPD's report of an externally valued indicator (SPEC §11: Satu Data,
    geospatial node, sectoral statistics, interoperability): the index as published, its date
    and source — or that it is not out yet. The Koordinator settles the instansi's value from
    it (NilaiInstansi)."""

    penilaian = models.ForeignKey(
        PenilaianInstansi, on_delete=models.CASCADE, related_name="isian_eksternal"
    )
    indikator = models.ForeignKey("evaluasi.Indikator", on_delete=models.PROTECT, related_name="+")
    opd = models.ForeignKey("opd.Opd", on_delete=models.PROTECT, related_name="+")
    nilai = models.DecimalField("nilai indeks", null=True, blank=True, **NILAI_INSTANSI)
    tanggal = models.DateField("tanggal penilaian", null=True, blank=True)
    sumber = models.TextField("sumber", blank=True)
    belum_tersedia = models.BooleanField("nilai belum tersedia", default=False)
    diubah = models.DateTimeField(auto_now=True)
    diubah_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    versi = models.PositiveIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "isian indikator eksternal"
        verbose_name_plural = "isian indikator eksternal"
        constraints = [
            models.UniqueConstraint(
                fields=["penilaian", "indikator", "opd"], name="isian_eksternal_unik"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indikator_id} · {self.opd_id}: {self.nilai}"


class Putaran(models.Model):
    """One round of the national evaluation (Tahap 1, then revision rounds): the results the
    Koordinator imported and the deadline the pengampu have to answer a revision."""

    penilaian = models.ForeignKey(
        PenilaianInstansi, on_delete=models.CASCADE, related_name="putaran"
    )
    nomor = models.PositiveSmallIntegerField("nomor")
    nama = models.CharField("nama", max_length=100)
    batas = models.DateField("batas perbaikan", null=True, blank=True)
    nama_berkas = models.CharField("berkas asal", max_length=255)
    diimpor_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    diimpor_pada = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "putaran nasional"
        verbose_name_plural = "putaran nasional"
        ordering = ["penilaian", "nomor"]
        constraints = [
            models.UniqueConstraint(fields=["penilaian", "nomor"], name="putaran_nomor_unik"),
        ]

    def __str__(self) -> str:
        return self.nama


class JenisRevisiNasional(models.TextChoices):
    BUKTI_TIDAK_TEPAT = "bukti_tidak_tepat", "Bukti tidak tepat"
    BELUM_DIUNGGAH = "belum_diunggah", "Belum diunggah"
    OTOMATIS_DITOLAK = "otomatis_ditolak", "Otomatis ditolak"
    LAINNYA = "lainnya", "Lainnya"


class HasilButirNasional(models.Model):
    """The national evaluator's verdict on one item in one round."""

    putaran = models.ForeignKey(Putaran, on_delete=models.CASCADE, related_name="hasil_butir")
    butir = models.ForeignKey("evaluasi.Butir", on_delete=models.PROTECT, related_name="+")
    putusan = models.CharField(
        max_length=10,
        choices=[(Putusan.DITERIMA, "Diterima"), (Putusan.REVISI, "Revisi")],
    )
    jenis_revisi = models.CharField(
        "jenis revisi", max_length=20, choices=JenisRevisiNasional.choices, blank=True
    )
    catatan = models.TextField("catatan asesor", blank=True)

    class Meta:
        verbose_name = "hasil butir nasional"
        verbose_name_plural = "hasil butir nasional"
        constraints = [
            models.UniqueConstraint(fields=["putaran", "butir"], name="hasil_butir_nasional_unik"),
        ]

    def __str__(self) -> str:
        return f"{self.butir_id}: {self.putusan}"


class HasilIndikatorNasional(models.Model):
    """The national evaluator's value and recommendation for one indicator in one round."""

    putaran = models.ForeignKey(Putaran, on_delete=models.CASCADE, related_name="hasil_indikator")
    indikator = models.ForeignKey("evaluasi.Indikator", on_delete=models.PROTECT, related_name="+")
    nilai = models.DecimalField("nilai", null=True, blank=True, **NILAI_INSTANSI)
    rekomendasi = models.TextField("rekomendasi", blank=True)

    class Meta:
        verbose_name = "hasil indikator nasional"
        verbose_name_plural = "hasil indikator nasional"
        constraints = [
            models.UniqueConstraint(
                fields=["putaran", "indikator"], name="hasil_indikator_nasional_unik"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indikator_id}: {self.nilai}"
