"""The evidence library (SPEC §13). A Dokumen (a Perbup, an SK, an audit report) belongs to an
OPD or to the pemda as a whole and keeps its versions; an answer of an OPD penilaian (Bukti)
or of the penilaian instansi (BerkasInstansi) links one version. Registered through
`evaluasi.models`, which imports it."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords


class JenisDokumen(models.TextChoices):
    PERATURAN = "peraturan", "Peraturan (Perda/Perkada)"
    KEPUTUSAN = "keputusan", "Keputusan / SK"
    SOP = "sop", "SOP / proses bisnis"
    PERENCANAAN = "perencanaan", "Dokumen perencanaan"
    LAPORAN = "laporan", "Laporan"
    NOTULEN = "notulen", "Notulen / berita acara"
    TANGKAPAN = "tangkapan", "Tangkapan layar"
    LAINNYA = "lainnya", "Lainnya"


class Dokumen(models.Model):
    """One document of an OPD (`opd`), or of the pemda as a whole (`opd` empty: kept by the
    Koordinator). Its content is in its versions; what it is, from when and until when it
    holds, and who may see it are kept here, once, for every answer that links it."""

    opd = models.ForeignKey(
        "opd.Opd", on_delete=models.PROTECT, null=True, blank=True, related_name="dokumen"
    )
    judul = models.CharField("judul", max_length=255)
    jenis = models.CharField(
        "jenis dokumen", max_length=20, choices=JenisDokumen.choices, default=JenisDokumen.LAINNYA
    )
    label = models.CharField(
        "label", max_length=255, blank=True, help_text="Kata kunci, dipisah koma."
    )
    nomor = models.CharField("nomor dokumen", max_length=150, blank=True)
    tanggal = models.DateField("tanggal dokumen", null=True, blank=True)
    berlaku_sampai = models.DateField("berlaku sampai", null=True, blank=True)
    rahasia = models.BooleanField(
        "rahasia",
        default=False,
        help_text="Hanya OPD pemilik, evaluator yang ditugaskan, dan Admin yang dapat melihatnya.",
    )
    dibuat_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    dibuat = models.DateTimeField(default=timezone.now)
    # The reminder before `berlaku_sampai` went out for this date (not again for it).
    diingatkan_untuk = models.DateField(null=True, blank=True)
    # Audit trail (Log aktivitas): who changed the date, validity or confidentiality, when.
    history = HistoricalRecords(excluded_fields=["diingatkan_untuk"])

    class Meta:
        verbose_name = "dokumen"
        verbose_name_plural = "dokumen"
        ordering = ["judul", "pk"]
        indexes = [models.Index(fields=["opd", "judul"], name="dokumen_opd_judul")]

    def __str__(self) -> str:
        return self.judul

    @property
    def daftar_label(self) -> list[str]:
        return [t.strip() for t in self.label.split(",") if t.strip()]


class DokumenVersi(models.Model):
    """One version of a document: a stored file under a random name outside the web root
    (`path`, relative to PRIVATE_ROOT), never overwritten, its type detected from the bytes."""

    # Files kept before the library (an answer's own files) stay where they were.
    PRIVATE_DIR = ("dokumen", "bukti", "instansi")  # see spbe_portal.files.orphan_files

    dokumen = models.ForeignKey(Dokumen, on_delete=models.PROTECT, related_name="versi")
    nomor = models.PositiveIntegerField("versi")
    nama_asli = models.CharField("nama berkas", max_length=255)
    path = models.CharField(max_length=255, unique=True)
    jenis = models.CharField("jenis", max_length=100)
    ukuran = models.PositiveBigIntegerField("ukuran (bita)")
    sha256 = models.CharField(max_length=64, db_index=True)
    diunggah_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    diunggah_pada = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "versi dokumen"
        verbose_name_plural = "versi dokumen"
        ordering = ["dokumen", "nomor"]
        constraints = [
            models.UniqueConstraint(fields=["dokumen", "nomor"], name="dokumen_versi_nomor"),
        ]

    def __str__(self) -> str:
        return f"{self.dokumen} · versi {self.nomor}"

    @property
    def bisa_pratinjau(self) -> bool:
        return self.jenis in ("application/pdf", "image/png", "image/jpeg")


class TautanDokumen(models.Model):
    """A document version used as evidence by one answer (the concrete models say which).
    Removal is soft, so the history stays readable; the document stays in the library.
    `dari_tahun`: carried over from that year's result, confirmed by the operator."""

    versi = models.ForeignKey(DokumenVersi, on_delete=models.PROTECT, related_name="%(class)s")
    ditautkan_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    ditautkan_pada = models.DateTimeField(default=timezone.now)
    dari_tahun = models.PositiveSmallIntegerField(null=True, blank=True)
    dihapus_pada = models.DateTimeField(null=True, blank=True)
    dihapus_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.nama_asli

    # The file's fields, read through the version (load it with select_related("versi__dokumen")).
    @property
    def dokumen(self) -> Dokumen:
        return self.versi.dokumen

    @property
    def nama_asli(self) -> str:
        return self.versi.nama_asli

    @property
    def path(self) -> str:
        return self.versi.path

    @property
    def jenis(self) -> str:
        return self.versi.jenis

    @property
    def ukuran(self) -> int:
        return self.versi.ukuran

    @property
    def sha256(self) -> str:
        return self.versi.sha256

    @property
    def bisa_pratinjau(self) -> bool:
        return self.versi.bisa_pratinjau

    @property
    def rahasia(self) -> bool:
        return self.versi.dokumen.rahasia


class Usulan(models.Model):
    """An answer proposed for a penilaian from the OPD's last published final result (SPEC §13):
    the same instrument's indicator, or — across a change of instrument — the indicators the
    crosswalk maps to it. Shown "dari <tahun>" and never counted: only when the operator
    confirms it is it written through the answer's own services (`diterima`: None waiting,
    True confirmed, False set aside)."""

    penilaian = models.ForeignKey(
        "evaluasi.Penilaian", on_delete=models.CASCADE, related_name="usulan"
    )
    indikator = models.ForeignKey("evaluasi.Indikator", on_delete=models.PROTECT, related_name="+")
    dari_tahun = models.PositiveSmallIntegerField("dari tahun")
    sumber = models.TextField("sumber", blank=True)  # the source indicators, named
    melalui_padanan = models.BooleanField("melalui padanan", default=False)
    level = models.DecimalField("nilai", max_digits=5, decimal_places=4, null=True, blank=True)
    penjelasan = models.TextField("penjelasan", blank=True)
    tautan = models.TextField("tautan", blank=True)
    dibuat = models.DateTimeField(default=timezone.now)
    diterima = models.BooleanField(null=True, blank=True)
    diputuskan_pada = models.DateTimeField(null=True, blank=True)
    diputuskan_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "usulan dari tahun lalu"
        verbose_name_plural = "usulan dari tahun lalu"
        constraints = [
            models.UniqueConstraint(fields=["penilaian", "indikator"], name="usulan_unik"),
        ]

    def __str__(self) -> str:
        return f"{self.penilaian} · indikator {self.indikator_id} · dari {self.dari_tahun}"


class UsulanBukti(models.Model):
    """A document proposed as evidence with an Usulan: for the same item as last year (same
    instrument), or for the indicator as a whole (through the crosswalk)."""

    usulan = models.ForeignKey(Usulan, on_delete=models.CASCADE, related_name="bukti")
    dokumen = models.ForeignKey(Dokumen, on_delete=models.PROTECT, related_name="+")
    butir = models.ForeignKey(
        "evaluasi.Butir", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "bukti usulan"
        verbose_name_plural = "bukti usulan"
        constraints = [
            models.UniqueConstraint(
                fields=["usulan", "dokumen", "butir"], name="usulan_bukti_unik"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.usulan} · dokumen {self.dokumen_id}"
