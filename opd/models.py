"""The ground every app stands on: OPDs (master data), users with their role, and background
import jobs."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.core.validators import RegexValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from simple_history.models import HistoricalRecords


class JenisOpd(models.TextChoices):
    SEKRETARIAT = "Sekretariat", "Sekretariat"
    DINAS = "Dinas", "Dinas"
    BADAN = "Badan", "Badan"
    BIRO = "Biro", "Biro"
    INSPEKTORAT = "Inspektorat", "Inspektorat"
    RSUD = "RSUD", "Rumah Sakit Umum Daerah"
    SATUAN = "Satuan", "Satuan"
    KANTOR = "Kantor", "Kantor"
    KECAMATAN = "Kecamatan", "Kecamatan"
    LAINNYA = "Lainnya", "Lainnya"


class Opd(models.Model):
    """One agency (Organisasi Perangkat Daerah) of the pemerintah daerah."""

    kode = models.CharField("kode", max_length=30, unique=True)
    nama = models.CharField("nama", max_length=255)
    singkatan = models.CharField("singkatan", max_length=60, blank=True)
    jenis = models.CharField("jenis", max_length=20, choices=JenisOpd.choices)
    induk = models.ForeignKey(
        "self",
        verbose_name="OPD induk",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="unit",
    )
    aktif = models.BooleanField("aktif", default=True)
    urutan = models.PositiveIntegerField("urutan", default=0)
    dibuat = models.DateTimeField(auto_now_add=True)
    diubah = models.DateTimeField(auto_now=True)
    # Audit trail (Log aktivitas): master data changes.
    history = HistoricalRecords()

    class Meta:
        verbose_name = "OPD"
        verbose_name_plural = "OPD"
        ordering = ["urutan", "nama"]
        constraints = [
            # Names are matched case-insensitively on import; two OPDs of one pemerintah
            # daerah never share a name.
            models.UniqueConstraint(Lower("nama"), name="opd_nama_unik"),
            models.CheckConstraint(
                condition=~models.Q(induk=models.F("pk")), name="opd_induk_bukan_diri"
            ),
        ]
        indexes = [
            # The OPD list and every OPD dropdown: active OPDs in display order.
            models.Index(fields=["aktif", "urutan", "nama"], name="opd_aktif_urutan"),
            # A period's penilaian in OPD order, one page at a time (dashboard recap, period
            # page): PostgreSQL walks this index and stops after a page instead of
            # hash-joining and sorting every OPD.
            models.Index(fields=["urutan", "nama"], name="opd_urutan_nama"),
            models.Index(fields=["nama"], name="opd_nama"),  # the recap sorted by name
        ]

    def __str__(self) -> str:
        return self.nama


class Peran(models.TextChoices):
    ADMIN = "admin", "Admin"
    OPERATOR = "operator", "Operator OPD"
    EVALUATOR = "evaluator", "Evaluator"
    PIMPINAN = "pimpinan", "Pimpinan"


nip_validator = RegexValidator(
    r"^\d{18}$", "NIP terdiri atas 18 digit angka tanpa spasi atau tanda baca."
)


class HistoricalRecordsSkippingExcluded(HistoricalRecords):
    """History that writes no row for a save touching only excluded fields.

    A login saves `last_login` alone and a hash upgrade `password` alone; recording them would
    bury the real changes under rows identical to the one before. A caller that wants such a
    save on record (an Admin setting a password) gives it a `_change_reason`.
    """

    def post_save(self, instance, created, using=None, update_fields=None, **kwargs):
        if (
            not created
            and update_fields
            and set(update_fields) <= set(self.excluded_fields)
            and not getattr(instance, "_change_reason", None)
        ):
            return
        super().post_save(instance, created, using=using, update_fields=update_fields, **kwargs)


class PenggunaManager(UserManager):
    def create_superuser(self, username, email=None, password=None, **extra_fields):
        extra_fields.setdefault("peran", Peran.ADMIN)
        extra_fields.setdefault("nama", username)
        return super().create_superuser(username, email, password, **extra_fields)


class Pengguna(AbstractUser):
    """A person who logs in. Role decides what they may do; operators belong to one OPD."""

    first_name = None
    last_name = None
    nama = models.CharField("nama lengkap", max_length=150)
    nip = models.CharField(
        "NIP", max_length=18, blank=True, validators=[nip_validator], help_text="18 digit."
    )
    email = models.EmailField("email", blank=True)
    # Opt-out of the evaluation cycle's notifications and reminders (account mails still go).
    terima_surel = models.BooleanField(
        "terima surel siklus evaluasi",
        default=True,
        help_text="Pemberitahuan tahapan evaluasi dan pengingat batas waktu.",
    )
    peran = models.CharField("peran", max_length=20, choices=Peran.choices)
    opd = models.ForeignKey(
        Opd,
        verbose_name="OPD",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="pengguna",
    )

    objects = PenggunaManager()
    # Audit trail (Log aktivitas): role, OPD, active and Django-admin flags. Never the password
    # hash; nor last_login, which every login rewrites.
    history = HistoricalRecordsSkippingExcluded(excluded_fields=["password", "last_login"])
    REQUIRED_FIELDS = ["email"]

    class Meta:
        verbose_name = "pengguna"
        verbose_name_plural = "pengguna"
        ordering = ["nama"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(peran="operator") | models.Q(opd__isnull=False),
                name="pengguna_operator_punya_opd",
            ),
            models.UniqueConstraint(
                fields=["nip"], condition=~models.Q(nip=""), name="pengguna_nip_unik"
            ),
            # Django admin access follows the portal role (see save()); the database refuses
            # any other combination, whatever path wrote the row.
            models.CheckConstraint(
                condition=models.Q(peran="admin", is_staff=True, is_superuser=True)
                | (~models.Q(peran="admin") & models.Q(is_staff=False, is_superuser=False)),
                name="pengguna_admin_django_sesuai_peran",
            ),
        ]

    def __str__(self) -> str:
        return self.nama or self.username

    def _django_admin_follows_role(self) -> None:
        # Portal Admins — and only they — are Django staff and superusers: a demoted superuser
        # loses /django-admin/ with the role, so he cannot promote himself back there. Every
        # write path (forms, imports, the Django admin, the shell) validates or saves here.
        self.is_staff = self.is_superuser = self.peran == Peran.ADMIN

    def clean(self):
        super().clean()
        self._django_admin_follows_role()  # before full_clean checks the constraint

    def save(self, *args, **kwargs):
        self._django_admin_follows_role()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "peran" in update_fields:
            kwargs["update_fields"] = {*update_fields, "is_staff", "is_superuser"}
        super().save(*args, **kwargs)

    def get_full_name(self) -> str:
        return self.nama

    def get_short_name(self) -> str:
        return self.nama.split(" ")[0] if self.nama else self.username


class TahapImpor(models.TextChoices):
    PRATINJAU = "pratinjau", "Pratinjau"
    IMPOR = "impor", "Impor"


class StatusImpor(models.TextChoices):
    ANTRI = "antri", "Antri"
    DIPROSES = "diproses", "Diproses"
    SELESAI = "selesai", "Selesai"
    GAGAL = "gagal", "Gagal"


class ImporJob(models.Model):
    """A large spreadsheet import run by the background worker: first its preview, then,
    once the admin confirms, the import itself (a second job on the same upload).

    The upload waits in the private storage as impor/<token> (services.import_file_store)
    until the import has run or the cleanup removes it.
    """

    jenis = models.CharField("jenis impor", max_length=30)  # an opd.import_kinds key
    tahap = models.CharField(max_length=10, choices=TahapImpor.choices)
    status = models.CharField(max_length=10, choices=StatusImpor.choices, default=StatusImpor.ANTRI)
    nama_berkas = models.CharField("nama berkas", max_length=255)
    token = models.CharField(max_length=32)
    pengunggah = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    # The preview this import confirms (tahap impor only); one import per preview.
    pratinjau = models.OneToOneField(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="konfirmasi"
    )
    # Where links in e-mails to imported users point (the task has no request to ask).
    base_url = models.CharField(max_length=200, blank=True)
    total = models.PositiveIntegerField("jumlah baris", default=0)
    diproses = models.PositiveIntegerField("baris diproses", default=0)
    # HasilImpor.to_json(): counts, every error and the first rows, for the preview table.
    hasil = models.JSONField(default=dict, blank=True)
    alasan = models.TextField("keterangan", blank=True)  # why it failed or still waits
    dibuat = models.DateTimeField(auto_now_add=True)
    # Queued (again, after a retry) at: a job waiting longer than the timeout lost its message.
    diantrikan = models.DateTimeField(default=timezone.now)
    mulai = models.DateTimeField(null=True, blank=True)
    selesai = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "impor latar belakang"
        verbose_name_plural = "impor latar belakang"
        ordering = ["-dibuat", "-pk"]
        indexes = [
            # Expiring stuck jobs and the upload cleanup: jobs by status and age.
            models.Index(fields=["status", "dibuat"], name="imporjob_status_dibuat"),
        ]

    def __str__(self) -> str:
        return f"{self.jenis} · {self.get_tahap_display()} · {self.nama_berkas}"

    @property
    def berjalan(self) -> bool:
        return self.status in (StatusImpor.ANTRI, StatusImpor.DIPROSES)
