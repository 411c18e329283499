"""The instrument as data: Instrumen → Domain (optional) → Aspek → Indikator → KriteriaLevel,
plus the instrument's predikat bands. Nothing assumes 47 indicators, 8 aspects or 4 domains."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from evaluasi import butir, scoring, states
from evaluasi.aksi.model import AsalAksi as AsalAksi
from evaluasi.aksi.model import KomentarAksi as KomentarAksi
from evaluasi.aksi.model import RencanaAksi as RencanaAksi
from evaluasi.aksi.model import StatusAksi as StatusAksi

# The penilaian instansi, the report jobs and the crosswalk live with their code; re-exported
# so the app's models are found in one place.
from evaluasi.dokumen.model import Dokumen as Dokumen
from evaluasi.dokumen.model import DokumenVersi as DokumenVersi
from evaluasi.dokumen.model import JenisDokumen as JenisDokumen
from evaluasi.dokumen.model import TautanDokumen
from evaluasi.dokumen.model import Usulan as Usulan
from evaluasi.dokumen.model import UsulanBukti as UsulanBukti
from evaluasi.instansi.model import BerkasInstansi as BerkasInstansi
from evaluasi.instansi.model import HasilButirNasional as HasilButirNasional
from evaluasi.instansi.model import HasilIndikatorNasional as HasilIndikatorNasional
from evaluasi.instansi.model import IsianButir as IsianButir
from evaluasi.instansi.model import IsianEksternal as IsianEksternal
from evaluasi.instansi.model import JenisRevisiNasional as JenisRevisiNasional
from evaluasi.instansi.model import NilaiInstansi as NilaiInstansi
from evaluasi.instansi.model import Pengampu as Pengampu
from evaluasi.instansi.model import PenilaianInstansi as PenilaianInstansi
from evaluasi.instansi.model import Putaran as Putaran
from evaluasi.instansi.model import ReviuInstansi as ReviuInstansi
from evaluasi.jadwal.model import JenisSesi as JenisSesi
from evaluasi.jadwal.model import Sesi as Sesi
from evaluasi.jadwal.model import StatusSesi as StatusSesi
from evaluasi.laporan.model import JenisLaporan as JenisLaporan
from evaluasi.laporan.model import LaporanJob as LaporanJob
from evaluasi.laporan.model import StatusLaporan as StatusLaporan
from evaluasi.padanan.model import Padanan as Padanan
from evaluasi.pilihan import AlasanRevisi as AlasanRevisi
from evaluasi.pilihan import Putusan as Putusan
from evaluasi.pilihan import PutusanButir
from evaluasi.program.model import KemajuanProgram as KemajuanProgram
from evaluasi.program.model import Program as Program
from evaluasi.program.model import StatusKemajuan as StatusKemajuan
from evaluasi.target.model import TargetIndeks as TargetIndeks

BOBOT = {"max_digits": 9, "decimal_places": 4, "validators": [MinValueValidator(Decimal(0))]}
# An indicator's value (SPEC §11): 1–5 with four decimals (1 + 1/6 = 1,1667), shown with two.
NILAI = {
    "max_digits": 5,
    "decimal_places": 4,
    "null": True,
    "blank": True,
    "validators": [
        MinValueValidator(Decimal(scoring.MIN_LEVEL)),
        MaxValueValidator(Decimal(scoring.MAX_LEVEL)),
    ],
}


def _nama_level_bawaan() -> dict[str, str]:
    return {str(n): nama for n, nama in scoring.NAMA_LEVEL.items()}


KreditParsial = models.TextChoices(
    "KreditParsial",
    [
        (
            butir.KreditParsial.TANPA.name,
            (butir.KreditParsial.TANPA.value, "Tidak ada (level bulat)"),
        ),
        (
            butir.KreditParsial.PROPORSI_UTAMA.name,
            (
                butir.KreditParsial.PROPORSI_UTAMA.value,
                "Proporsi butir utama level berikutnya yang diterima",
            ),
        ),
    ],
)


class Kapabilitas(models.TextChoices):
    PROSES = "proses", "Kapabilitas proses"
    FUNGSI_TEKNIS = "fungsi_teknis", "Kapabilitas fungsi teknis"


class Instrumen(models.Model):
    kode = models.SlugField("kode", max_length=60, unique=True)
    nama = models.CharField("nama", max_length=255)
    dasar_hukum = models.TextField("dasar hukum", blank=True)
    keterangan = models.TextField("keterangan", blank=True)
    bawaan = models.BooleanField(
        "instrumen bawaan",
        default=False,
        help_text="Dipakai bila tidak ada instrumen yang dipilih.",
    )
    # Set once a period uses the instrument: from then on its content never changes, so past
    # results stay reproducible; edits go to a copy ("Salin sebagai versi baru").
    terkunci = models.BooleanField("terkunci", default=False)
    # National practice read from published results (SPEC §11), so a setting, never a constant.
    kredit_parsial = models.CharField(
        "kredit parsial",
        max_length=20,
        choices=KreditParsial.choices,
        default=KreditParsial.TANPA,
    )
    nama_level = models.JSONField("nama level", default=_nama_level_bawaan)
    # National practice (SPEC §11): an externally valued indicator whose index is not out yet
    # counts this much; empty = the value must be entered before submitting.
    nilai_eksternal_bawaan = models.DecimalField(
        "nilai indikator eksternal bila belum tersedia",
        max_digits=5,
        decimal_places=4,
        null=True,
        blank=True,
        validators=[
            MinValueValidator(Decimal(scoring.MIN_LEVEL)),
            MaxValueValidator(Decimal(scoring.MAX_LEVEL)),
        ],
    )
    # New periods of this evaluation year and later default to it (until a later one starts).
    berlaku_mulai = models.PositiveSmallIntegerField(
        "berlaku mulai tahun evaluasi", null=True, blank=True
    )
    asal = models.ForeignKey(
        "self",
        verbose_name="disalin dari",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="salinan",
    )
    dibuat = models.DateTimeField(auto_now_add=True)
    diubah = models.DateTimeField(auto_now=True)
    # Audit trail (Log aktivitas); KriteriaLevel and Predikat keep their own below.
    history = HistoricalRecords()

    class Meta:
        verbose_name = "instrumen"
        verbose_name_plural = "instrumen"
        ordering = ["-bawaan", "nama", "kode"]
        constraints = [
            models.UniqueConstraint(
                fields=["bawaan"], condition=models.Q(bawaan=True), name="instrumen_satu_bawaan"
            )
        ]

    def __str__(self) -> str:
        return self.nama

    def nama_level_ke(self, level: int) -> str:
        return self.nama_level.get(str(level), "")


class Domain(models.Model):
    instrumen = models.ForeignKey(Instrumen, on_delete=models.CASCADE, related_name="domain")
    nomor = models.PositiveSmallIntegerField("nomor")
    nama = models.CharField("nama", max_length=255)
    bobot = models.DecimalField("bobot (%)", **BOBOT)

    class Meta:
        verbose_name = "domain"
        verbose_name_plural = "domain"
        ordering = ["instrumen", "nomor"]
        constraints = [
            models.UniqueConstraint(fields=["instrumen", "nomor"], name="domain_nomor_unik")
        ]

    def __str__(self) -> str:
        return f"Domain {self.nomor}. {self.nama}"


class Aspek(models.Model):
    instrumen = models.ForeignKey(Instrumen, on_delete=models.CASCADE, related_name="aspek")
    domain = models.ForeignKey(
        Domain, on_delete=models.CASCADE, null=True, blank=True, related_name="aspek"
    )
    nomor = models.PositiveSmallIntegerField("nomor")
    nama = models.CharField("nama", max_length=255)
    bobot = models.DecimalField("bobot (%)", **BOBOT)

    class Meta:
        verbose_name = "aspek"
        verbose_name_plural = "aspek"
        ordering = ["instrumen", "nomor"]
        constraints = [
            models.UniqueConstraint(fields=["instrumen", "nomor"], name="aspek_nomor_unik")
        ]

    def __str__(self) -> str:
        return f"Aspek {self.nomor}. {self.nama}"


class Indikator(models.Model):
    instrumen = models.ForeignKey(Instrumen, on_delete=models.CASCADE, related_name="indikator")
    aspek = models.ForeignKey(Aspek, on_delete=models.CASCADE, related_name="indikator")
    nomor = models.PositiveSmallIntegerField("nomor")
    nama = models.CharField("nama", max_length=255)
    bobot = models.DecimalField("bobot (%)", **BOBOT)
    kapabilitas = models.CharField(
        "kapabilitas", max_length=20, choices=Kapabilitas.choices, default=Kapabilitas.PROSES
    )
    kode = models.CharField("kode nasional", max_length=20, blank=True)  # 4.2
    kode_singkat = models.CharField("kode singkat", max_length=20, blank=True)  # I10
    # Valued from an external national index (Satu Data, geospatial node…): the operator
    # enters the value, its source document and date instead of uploading per item.
    sumber_eksternal = models.CharField("sumber nilai eksternal", max_length=255, blank=True)
    pembina_eksternal = models.CharField("pembina", max_length=255, blank=True)

    class Meta:
        verbose_name = "indikator"
        verbose_name_plural = "indikator"
        ordering = ["instrumen", "nomor"]
        constraints = [
            models.UniqueConstraint(fields=["instrumen", "nomor"], name="indikator_nomor_unik")
        ]

    def __str__(self) -> str:
        return f"Indikator {self.nomor}. {self.nama}"

    @property
    def kode_butir(self) -> str:
        """The prefix of its item codes: the short code, or I{nomor}."""
        return self.kode_singkat or f"I{self.nomor}"

    @property
    def eksternal(self) -> bool:
        return bool(self.sumber_eksternal)


class KriteriaLevel(models.Model):
    indikator = models.ForeignKey(Indikator, on_delete=models.CASCADE, related_name="kriteria")
    level = models.PositiveSmallIntegerField(
        "level",
        validators=[MinValueValidator(scoring.MIN_LEVEL), MaxValueValidator(scoring.MAX_LEVEL)],
    )
    nama = models.CharField("nama level", max_length=100)
    deskripsi = models.TextField("kriteria")
    bukti = models.TextField(
        "bukti yang diharapkan", blank=True, help_text="Satu butir bukti per baris."
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "kriteria level"
        verbose_name_plural = "kriteria level"
        ordering = ["indikator", "level"]
        constraints = [
            models.UniqueConstraint(fields=["indikator", "level"], name="kriteria_level_unik"),
            models.CheckConstraint(
                condition=models.Q(level__gte=1, level__lte=5), name="kriteria_level_1_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indikator_id} · level {self.level} {self.nama}"

    @property
    def daftar_bukti(self) -> list[str]:
        return [line.strip() for line in self.bukti.splitlines() if line.strip()]


class Butir(models.Model):
    """An evidence item expected at one level of an indicator (SPEC §11), coded I10-L2-03."""

    indikator = models.ForeignKey(Indikator, on_delete=models.CASCADE, related_name="butir")
    level = models.PositiveSmallIntegerField(
        "level",
        validators=[MinValueValidator(scoring.MIN_LEVEL), MaxValueValidator(scoring.MAX_LEVEL)],
    )
    nomor = models.PositiveSmallIntegerField("nomor", validators=[MinValueValidator(1)])
    teks = models.TextField("butir")
    utama = models.BooleanField("utama", default=True, help_text="Wajib untuk mencapai level.")
    kedaluwarsa_bulan = models.PositiveSmallIntegerField(
        "berlaku (bulan)", null=True, blank=True, help_text="Bukti tidak boleh lebih tua dari ini."
    )
    indeks_eksternal = models.CharField("indeks eksternal", max_length=255, blank=True)
    ambang = models.DecimalField("ambang", max_digits=9, decimal_places=4, null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "butir"
        verbose_name_plural = "butir"
        ordering = ["indikator", "level", "nomor"]
        constraints = [
            models.UniqueConstraint(fields=["indikator", "level", "nomor"], name="butir_unik"),
            models.CheckConstraint(
                condition=models.Q(level__gte=1, level__lte=5), name="butir_level_1_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kode} {self.teks[:60]}"

    @property
    def kode(self) -> str:
        return butir.kode(self.indikator.kode_butir, self.level, self.nomor)

    @property
    def jenis(self) -> str:
        return "utama" if self.utama else "pendukung"


class Predikat(models.Model):
    """A band: rounded index ≥ batas_bawah (and below the next band's bound) → nama."""

    instrumen = models.ForeignKey(Instrumen, on_delete=models.CASCADE, related_name="predikat")
    nama = models.CharField("predikat", max_length=60)
    batas_bawah = models.DecimalField("batas bawah", max_digits=4, decimal_places=2)
    warna = models.CharField("warna", max_length=7, default="#6c757d", help_text="Kode warna hex.")
    history = HistoricalRecords()

    class Meta:
        verbose_name = "predikat"
        verbose_name_plural = "predikat"
        ordering = ["instrumen", "batas_bawah"]
        constraints = [
            models.UniqueConstraint(
                fields=["instrumen", "batas_bawah"], name="predikat_batas_unik"
            ),
            models.UniqueConstraint(fields=["instrumen", "nama"], name="predikat_nama_unik"),
        ]

    def __str__(self) -> str:
        return f"{self.nama} (≥ {self.batas_bawah})"


# --- Yearly cycle ---------------------------------------------------------------------------


def _choices(status: type[states.Status]) -> type[models.TextChoices]:
    # The status vocabulary is declared once, in the pure states module; the TextChoices
    # the fields, forms and templates use are built from it, member for member.
    return models.TextChoices(status.__name__, [(s.name, (s.value, s.label)) for s in status])


StatusPeriode = _choices(states.StatusPeriode)


class Periode(models.Model):
    nama = models.CharField("nama", max_length=150)
    tahun = models.PositiveSmallIntegerField("tahun evaluasi", unique=True)
    instrumen = models.ForeignKey(Instrumen, on_delete=models.PROTECT, related_name="periode")
    mulai_pengisian = models.DateField("mulai pengisian")
    batas_pengisian = models.DateField("batas pengisian")
    batas_verifikasi = models.DateField("batas verifikasi")
    tahun_tpp = models.PositiveSmallIntegerField("tahun TPP")
    status = models.CharField(
        "status", max_length=20, choices=StatusPeriode.choices, default=StatusPeriode.PERSIAPAN
    )
    # The first export of the TPP recap of a published period: from then on the publication
    # can no longer be withdrawn (states.periode_mundur_check).
    tpp_diekspor_pada = models.DateTimeField("rekap TPP diekspor", null=True, blank=True)
    tpp_diekspor_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    dibuat = models.DateTimeField(auto_now_add=True)
    diubah = models.DateTimeField(auto_now=True)
    # Audit trail (Log aktivitas): every status change says who advanced or published it.
    history = HistoricalRecords()

    class Meta:
        verbose_name = "periode"
        verbose_name_plural = "periode"
        ordering = ["-tahun"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(batas_pengisian__gte=models.F("mulai_pengisian")),
                name="periode_batas_setelah_mulai",
            ),
        ]

    def __str__(self) -> str:
        return self.nama


StatusPenilaian = _choices(states.StatusPenilaian)


class Penilaian(models.Model):
    """One OPD's evaluation in one period. Cached figures are refreshed on every answer save."""

    periode = models.ForeignKey(Periode, on_delete=models.CASCADE, related_name="penilaian")
    opd = models.ForeignKey("opd.Opd", on_delete=models.PROTECT, related_name="penilaian")
    status = models.CharField(
        "status", max_length=20, choices=StatusPenilaian.choices, default=StatusPenilaian.DRAFT
    )
    diajukan_pada = models.DateTimeField("diajukan pada", null=True, blank=True)
    diajukan_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    indeks_mandiri = models.DecimalField(max_digits=4, decimal_places=2, null=True, blank=True)
    predikat_mandiri = models.CharField(max_length=60, blank=True)
    kemajuan = models.DecimalField(max_digits=5, decimal_places=2, default=Decimal(0))
    # {aspect/domain number: "x.xx"} so dashboards average without reading every answer.
    aspek_mandiri = models.JSONField(default=dict, blank=True)
    domain_mandiri = models.JSONField(default=dict, blank=True)
    aspek_final = models.JSONField(default=dict, blank=True)
    domain_final = models.JSONField(default=dict, blank=True)
    # Frozen at finalization (Finalkan); reopened penilaian keep them until finalized again.
    indeks_final = models.DecimalField(max_digits=4, decimal_places=2, null=True, blank=True)
    predikat_final = models.CharField(max_length=60, blank=True)
    difinalkan_pada = models.DateTimeField(null=True, blank=True)
    difinalkan_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    dibuat = models.DateTimeField(auto_now_add=True)
    diubah = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "penilaian"
        verbose_name_plural = "penilaian"
        ordering = ["periode", "opd__urutan", "opd__nama"]
        constraints = [
            models.UniqueConstraint(fields=["periode", "opd"], name="penilaian_satu_per_opd")
        ]
        indexes = [
            # Evaluator queues and dashboards: a period's penilaian by status.
            models.Index(fields=["periode", "status"], name="penilaian_periode_status"),
            # The dashboard's "self-assessment above final" list: the largest gaps of a
            # period's final penilaian are the first entries, not a sort of every OPD.
            models.Index(
                F("periode"),
                (F("indeks_mandiri") - F("indeks_final")).desc(),
                name="penilaian_selisih",
                condition=Q(status=StatusPenilaian.FINAL, indeks_mandiri__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.opd} · {self.periode}"


class RingkasanPeriode(models.Model):
    """Sum and count of a period's cached aspect/domain/index values per stage, and its
    penilaian counted by status, not started and predikat; kept by the write path
    (penilaian services, rules in evaluasi/ringkasan.py) so the dashboard and period page
    read a few rows instead of every penilaian."""

    periode = models.ForeignKey(Periode, on_delete=models.CASCADE, related_name="ringkasan")
    jenis = models.CharField(max_length=10)  # aspek / domain / indeks / status / belum / predikat
    # mandiri / final / mandiri_final; a status; a predikat's name
    tahap = models.CharField(max_length=60)
    nomor = models.PositiveSmallIntegerField()
    jumlah = models.PositiveIntegerField(default=0)
    total = models.DecimalField(max_digits=12, decimal_places=2, default=Decimal(0))

    class Meta:
        verbose_name = "ringkasan periode"
        verbose_name_plural = "ringkasan periode"
        constraints = [
            models.UniqueConstraint(
                fields=["periode", "jenis", "tahap", "nomor"], name="ringkasan_periode_unik"
            )
        ]

    def __str__(self) -> str:
        return f"{self.periode_id} · {self.jenis} {self.nomor} {self.tahap}: {self.jumlah}"


class TidakBerlaku(models.Model):
    """An indicator an admin marked not applicable to one OPD in one period."""

    penilaian = models.ForeignKey(Penilaian, on_delete=models.CASCADE, related_name="tidak_berlaku")
    indikator = models.ForeignKey(Indikator, on_delete=models.PROTECT, related_name="+")
    alasan = models.CharField("alasan", max_length=255, blank=True)
    oleh = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    pada = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "indikator tidak berlaku"
        verbose_name_plural = "indikator tidak berlaku"
        constraints = [
            models.UniqueConstraint(fields=["penilaian", "indikator"], name="tidak_berlaku_unik")
        ]

    def __str__(self) -> str:
        return f"{self.penilaian} · indikator {self.indikator_id} tidak berlaku"


class Metode(models.TextChoices):
    DOKUMEN = "dokumen", "Dokumen"
    INTERVIU = "interviu", "Interviu"
    VISITASI = "visitasi", "Visitasi"


class Jawaban(models.Model):
    """The operator's answer to one indicator. `versi` rises on every save (lost-update guard)."""

    penilaian = models.ForeignKey(Penilaian, on_delete=models.CASCADE, related_name="jawaban")
    indikator = models.ForeignKey(Indikator, on_delete=models.PROTECT, related_name="jawaban")
    level = models.DecimalField("nilai mandiri", **NILAI)
    penjelasan = models.TextField("penjelasan", blank=True)
    tautan = models.TextField("tautan", blank=True, help_text="Satu alamat per baris.")
    versi = models.PositiveIntegerField(default=0)
    diubah = models.DateTimeField(null=True, blank=True)
    diubah_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Verification (evaluator). `versi_reviu` guards these fields as `versi` guards the answer.
    level_final = models.DecimalField("nilai final", **NILAI)
    # Set when the evaluator overrides the value computed from the items; empty = computed.
    alasan_penyesuaian = models.TextField("alasan penyesuaian nilai", blank=True)
    # An externally valued indicator: when the national index was assessed (SPEC §11), or
    # that it is not out yet (then it counts the instrument's nilai_eksternal_bawaan).
    tanggal_eksternal = models.DateField("tanggal penilaian eksternal", null=True, blank=True)
    eksternal_belum = models.BooleanField("nilai eksternal belum tersedia", default=False)
    metode = models.CharField("metode", max_length=20, choices=Metode.choices, blank=True)
    catatan_evaluator = models.TextField("catatan evaluator", blank=True)
    rekomendasi = models.TextField("rekomendasi", blank=True)
    versi_reviu = models.PositiveIntegerField(default=0)
    direviu_pada = models.DateTimeField(null=True, blank=True)
    direviu_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Revision loop: the evaluator's request, what the answer was then, and how often.
    perlu_perbaikan = models.BooleanField(default=False)
    catatan_perbaikan = models.TextField("catatan perbaikan", blank=True)
    perbaikan_diminta_pada = models.DateTimeField(null=True, blank=True)
    level_sebelum_perbaikan = models.DecimalField(
        max_digits=5, decimal_places=4, null=True, blank=True
    )
    penjelasan_sebelum_perbaikan = models.TextField(blank=True)
    tautan_sebelum_perbaikan = models.TextField(blank=True)
    jumlah_perbaikan = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = "jawaban"
        verbose_name_plural = "jawaban"
        constraints = [
            models.UniqueConstraint(fields=["penilaian", "indikator"], name="jawaban_unik"),
            models.CheckConstraint(
                condition=models.Q(level__isnull=True) | models.Q(level__gte=1, level__lte=5),
                name="jawaban_level_1_5",
            ),
            models.CheckConstraint(
                condition=models.Q(level_final__isnull=True)
                | models.Q(level_final__gte=1, level_final__lte=5),
                name="jawaban_level_final_1_5",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.penilaian} · indikator {self.indikator_id}"

    @property
    def daftar_tautan(self) -> list[str]:
        return [line.strip() for line in self.tautan.splitlines() if line.strip()]


class Bukti(TautanDokumen):
    """A document version used as evidence by one answer (the file: its DokumenVersi)."""

    jawaban = models.ForeignKey(Jawaban, on_delete=models.PROTECT, related_name="bukti")
    # The item it is evidence for (instruments with butir); None = for the indicator as a whole.
    butir = models.ForeignKey(
        Butir, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The evaluator's verdict: None = not checked yet.
    valid = models.BooleanField("valid", null=True, blank=True)
    alasan_tidak_valid = models.CharField("alasan tidak valid", max_length=500, blank=True)
    diperiksa_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    diperiksa_pada = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "bukti"
        verbose_name_plural = "bukti"
        ordering = ["ditautkan_pada", "pk"]
        constraints = [
            # The same version twice on one answer (or one item of it) is a mistake; a removed
            # one may come back. One document may serve two items of the same indicator.
            models.UniqueConstraint(
                fields=["jawaban", "versi"],
                condition=models.Q(dihapus_pada__isnull=True, butir__isnull=True),
                name="bukti_versi_tidak_ganda",
            ),
            models.UniqueConstraint(
                fields=["jawaban", "butir", "versi"],
                condition=models.Q(dihapus_pada__isnull=True, butir__isnull=False),
                name="bukti_butir_versi_tidak_ganda",
            ),
        ]


class ReviuButir(PutusanButir):
    """The evaluator's verdict on one item of one answer: diterima, or revisi with a reason.
    Part of the verdict: hidden from the operator until publication, except the items of an
    indicator sent back for revision (access.may_see_verdict)."""

    jawaban = models.ForeignKey(Jawaban, on_delete=models.CASCADE, related_name="reviu_butir")
    butir = models.ForeignKey(Butir, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "reviu butir"
        verbose_name_plural = "reviu butir"
        constraints = [
            models.UniqueConstraint(fields=["jawaban", "butir"], name="reviu_butir_unik"),
        ]


class JenisRiwayat(models.TextChoices):
    LEVEL = "level", "Level"
    PENJELASAN = "penjelasan", "Penjelasan"
    TAUTAN = "tautan", "Tautan"
    BUKTI = "bukti", "Bukti"
    STATUS = "status", "Status"
    TIDAK_BERLAKU = "tidak_berlaku", "Tidak berlaku"
    LEVEL_FINAL = "level_final", "Level final"
    METODE = "metode", "Metode"
    CATATAN = "catatan_evaluator", "Catatan evaluator"
    REKOMENDASI = "rekomendasi", "Rekomendasi"
    VALIDASI = "validasi_bukti", "Validasi bukti"
    PERBAIKAN = "perbaikan", "Permintaan perbaikan"
    BUTIR = "reviu_butir", "Reviu butir"
    TANGGAL_EKSTERNAL = "tanggal_eksternal", "Tanggal nilai eksternal"
    EKSTERNAL_BELUM = "eksternal_belum", "Nilai eksternal belum tersedia"
    PENYESUAIAN = "alasan_penyesuaian", "Penyesuaian nilai"


# The evaluator's verdict and its working: hidden from operators and pimpinan until the
# period is published (access.may_see_final), in every history panel and timeline.
RIWAYAT_HASIL_EVALUATOR = frozenset(
    {
        JenisRiwayat.LEVEL_FINAL,
        JenisRiwayat.METODE,
        JenisRiwayat.CATATAN,
        JenisRiwayat.REKOMENDASI,
        JenisRiwayat.VALIDASI,
        JenisRiwayat.BUTIR,
        JenisRiwayat.PENYESUAIAN,
    }
)


class Riwayat(models.Model):
    """Who changed what, when, before → after. Written by the services, never edited."""

    penilaian = models.ForeignKey(Penilaian, on_delete=models.CASCADE, related_name="riwayat")
    indikator = models.ForeignKey(
        Indikator, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    pengguna = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    waktu = models.DateTimeField(auto_now_add=True)
    jenis = models.CharField(max_length=20, choices=JenisRiwayat.choices)
    sebelum = models.TextField(blank=True)
    sesudah = models.TextField(blank=True)

    class Meta:
        verbose_name = "riwayat"
        verbose_name_plural = "riwayat"
        ordering = ["-waktu", "-pk"]
        indexes = [
            # The history panel of one indicator page.
            models.Index(fields=["penilaian", "indikator", "-waktu"], name="riwayat_indikator"),
        ]

    def __str__(self) -> str:
        return f"{self.get_jenis_display()}: {self.sebelum} → {self.sesudah}"


class JenisPengingat(models.TextChoices):
    PENGISIAN = "pengisian", "Batas pengisian (operator, penilaian Draf)"
    PERBAIKAN = "perbaikan", "Batas perbaikan (operator, perlu perbaikan)"
    VERIFIKASI = "verifikasi", "Batas verifikasi (evaluator, menunggu verifikasi)"


class Pengingat(models.Model):
    """A deadline reminder sent to one user: automatic ones once per threshold (14, 7, 1 days
    before), manual ones ("Kirim pengingat") each time, with the admin who sent them."""

    periode = models.ForeignKey(Periode, on_delete=models.CASCADE, related_name="pengingat")
    jenis = models.CharField(max_length=20, choices=JenisPengingat.choices)
    ambang = models.PositiveSmallIntegerField("hari sebelum batas", null=True, blank=True)
    pengguna = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    pada = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "pengingat"
        verbose_name_plural = "pengingat"
        constraints = [
            # Each automatic reminder goes once, even when two beat runs overlap.
            models.UniqueConstraint(
                fields=["periode", "jenis", "ambang", "pengguna"],
                condition=models.Q(oleh__isnull=True),
                name="pengingat_otomatis_sekali",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_jenis_display()} → {self.pengguna} ({self.pada:%d-%m-%Y})"


class Penugasan(models.Model):
    """An evaluator assigned to an OPD for one period: they see and verify only these."""

    periode = models.ForeignKey(Periode, on_delete=models.CASCADE, related_name="penugasan")
    opd = models.ForeignKey("opd.Opd", on_delete=models.CASCADE, related_name="penugasan")
    evaluator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="penugasan"
    )
    oleh = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    pada = models.DateTimeField(auto_now_add=True)
    # Audit trail: assignments added and removed (deletion leaves no row of its own).
    history = HistoricalRecords()

    class Meta:
        verbose_name = "penugasan evaluator"
        verbose_name_plural = "penugasan evaluator"
        constraints = [
            models.UniqueConstraint(fields=["periode", "opd", "evaluator"], name="penugasan_unik")
        ]
        indexes = [
            # The evaluator's scope check and queue: their assignments in a period.
            models.Index(fields=["evaluator", "periode"], name="penugasan_evaluator"),
        ]

    def __str__(self) -> str:
        return f"{self.evaluator} → {self.opd} ({self.periode})"


class JenisBeritaAcara(models.TextChoices):
    FINAL = "final", "Finalisasi"
    DIBUKA = "dibuka", "Dibuka kembali"


class BeritaAcara(models.Model):
    """Minutes of a finalization (or of reopening one), with both indices at that moment."""

    penilaian = models.ForeignKey(Penilaian, on_delete=models.CASCADE, related_name="berita_acara")
    jenis = models.CharField(max_length=10, choices=JenisBeritaAcara.choices)
    oleh = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    waktu = models.DateTimeField(auto_now_add=True)
    indeks_mandiri = models.DecimalField(max_digits=4, decimal_places=2, null=True)
    predikat_mandiri = models.CharField(max_length=60, blank=True)
    indeks_final = models.DecimalField(max_digits=4, decimal_places=2, null=True)
    predikat_final = models.CharField(max_length=60, blank=True)
    alasan = models.TextField("alasan", blank=True)

    class Meta:
        verbose_name = "berita acara"
        verbose_name_plural = "berita acara"
        ordering = ["-waktu", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_jenis_display()} {self.penilaian} {self.waktu:%Y-%m-%d}"

    @property
    def nomor(self) -> str:
        """The document number: unique (the row's id) and stable, with the year it was made."""
        return f"{self.pk:04d}/BA-SPBE/{timezone.localtime(self.waktu):%Y}"
