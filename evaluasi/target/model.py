"""The roadmap's target index (SPEC §14): per year and instrument, for the pemda (no OPD) or
one OPD, overall (no domain or aspect) or for one domain or aspect. Registered through
`evaluasi.models`, which imports it; foreign keys name the evaluation's models by string so
this module loads first."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Coalesce
from simple_history.models import HistoricalRecords

from evaluasi.target import aturan


def _kosong_nol(field: str) -> Coalesce:
    # NULLs are distinct in a unique index: "no OPD" / "overall" is written as 0 for it.
    return Coalesce(field, models.Value(0), output_field=models.IntegerField())


class TargetIndeks(models.Model):
    """One target of the roadmap. Empty `opd` = the pemda as a whole; empty `domain` and
    `aspek` = the overall index. Pasal 11 of the Pemdi rule makes the pemda's overall target a
    performance indicator (IKU). Written only through `evaluasi.target.services`."""

    tahun = models.PositiveSmallIntegerField(
        "tahun",
        validators=[MinValueValidator(aturan.TAHUN_MIN), MaxValueValidator(aturan.TAHUN_MAKS)],
    )
    instrumen = models.ForeignKey(
        "evaluasi.Instrumen", verbose_name="instrumen", on_delete=models.PROTECT, related_name="+"
    )
    opd = models.ForeignKey(
        "opd.Opd",
        verbose_name="OPD",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="target_indeks",
    )
    domain = models.ForeignKey(
        "evaluasi.Domain",
        verbose_name="domain",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    aspek = models.ForeignKey(
        "evaluasi.Aspek",
        verbose_name="aspek",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    nilai = models.DecimalField(
        "nilai target",
        max_digits=3,
        decimal_places=2,
        validators=[MinValueValidator(aturan.NILAI_MIN), MaxValueValidator(aturan.NILAI_MAKS)],
    )
    keterangan = models.CharField("keterangan", max_length=500, blank=True)
    dibuat = models.DateTimeField(auto_now_add=True)
    diubah = models.DateTimeField(auto_now=True)
    # Audit trail (Log aktivitas): who set, changed or removed a target, and when.
    history = HistoricalRecords()

    class Meta:
        verbose_name = "target indeks"
        verbose_name_plural = "target indeks"
        ordering = ["-tahun", "instrumen_id", "opd_id", "domain_id", "aspek_id"]
        constraints = [
            # The services check under a lock first; this is the last guard (two clicks).
            models.UniqueConstraint(
                "tahun",
                "instrumen",
                _kosong_nol("opd"),
                _kosong_nol("domain"),
                _kosong_nol("aspek"),
                name="target_indeks_unik",
                violation_error_message="Target untuk tahun, instrumen, OPD dan bagian ini "
                "sudah ada.",
            ),
            models.CheckConstraint(
                condition=models.Q(domain__isnull=True) | models.Q(aspek__isnull=True),
                name="target_domain_atau_aspek",
                violation_error_message="Target untuk domain atau aspek, tidak keduanya.",
            ),
            models.CheckConstraint(
                condition=models.Q(nilai__gte=Decimal(0), nilai__lte=Decimal(5)),
                name="target_nilai_0_5",
                violation_error_message="Nilai target 0–5.",
            ),
        ]
        indexes = [
            # The dashboard: the targets of one year and instrument (pemda and OPDs).
            models.Index(fields=["instrumen", "tahun"], name="target_instrumen_tahun"),
        ]

    def __str__(self) -> str:
        return f"Target {self.tahun} {self.cakupan}: {self.nilai}"

    @property
    def cakupan(self) -> str:
        """What the target is for, in words (loads opd/domain/aspek: select_related them)."""
        siapa = self.opd.nama if self.opd_id else "Pemerintah daerah"
        if self.aspek_id:
            return f"{siapa} · aspek {self.aspek.nomor}. {self.aspek.nama}"
        if self.domain_id:
            return f"{siapa} · domain {self.domain.nomor}. {self.domain.nama}"
        return f"{siapa} · indeks"

    def clean(self) -> None:
        """Domain or aspect (not both) of this target's own instrument."""
        super().clean()
        if self.domain_id and self.aspek_id:
            raise ValidationError("Isi domain atau aspek, tidak keduanya.")
        if self.instrumen_id is None:
            return
        if self.domain_id and self.domain.instrumen_id != self.instrumen_id:
            raise ValidationError({"domain": "Domain ini bukan bagian dari instrumen target."})
        if self.aspek_id and self.aspek.instrumen_id != self.instrumen_id:
            raise ValidationError({"aspek": "Aspek ini bukan bagian dari instrumen target."})
