"""The crosswalk (padanan) model: one indicator of an older instrument mapped to one indicator
of a newer one (SPEC §13). Many to many overall: a Pemdi indicator may come from several
59/2020 indicators and one 59/2020 indicator may feed several Pemdi indicators. Registered
through `evaluasi.models`, which imports it; foreign keys name the evaluation's models by
string so this module loads first."""

from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from evaluasi.rumus import tampak_rumus


class Padanan(models.Model):
    """`asal` (an indicator of the older instrument) counts towards `tujuan` (an indicator of
    the newer one). Every bundled row is approximate (`perkiraan`): the two instruments ask
    different questions, so a value carried across is an estimate, never a result."""

    asal = models.ForeignKey(
        "evaluasi.Indikator",
        verbose_name="indikator asal",
        on_delete=models.PROTECT,
        related_name="padanan_keluar",
    )
    tujuan = models.ForeignKey(
        "evaluasi.Indikator",
        verbose_name="indikator tujuan",
        on_delete=models.PROTECT,
        related_name="padanan_masuk",
    )
    catatan = models.TextField("catatan", blank=True)
    perkiraan = models.BooleanField(
        "perkiraan", default=True, help_text="Padanan ini perkiraan, bukan kesetaraan resmi."
    )
    dibuat = models.DateTimeField(auto_now_add=True)
    diubah = models.DateTimeField(auto_now=True)
    # Audit trail (Log aktivitas): who mapped, changed or removed a row, and when.
    history = HistoricalRecords()

    class Meta:
        verbose_name = "padanan indikator"
        verbose_name_plural = "padanan indikator"
        ordering = ["tujuan_id", "asal_id"]  # no join: the selectors order by number
        constraints = [
            # Its index (asal first) also serves "where does this old indicator go".
            models.UniqueConstraint(
                fields=["asal", "tujuan"],
                name="padanan_unik",
                violation_error_message="Padanan antara kedua indikator ini sudah ada.",
            ),
        ]
        indexes = [
            # peta_padanan: the rows reaching the indicators of one new instrument.
            models.Index(fields=["tujuan"], name="padanan_tujuan"),
        ]

    def __str__(self) -> str:
        return f"{self.asal} → {self.tujuan}"

    def clean(self) -> None:
        """Asal and tujuan belong to two different instruments, and a pair of instruments is
        mapped in one direction only (older → newer); a note is plain text, never a formula
        a spreadsheet would evaluate on export."""
        super().clean()
        if self.asal_id is None or self.tujuan_id is None:
            return
        dari, ke = self.asal.instrumen_id, self.tujuan.instrumen_id
        if dari == ke:
            raise ValidationError(
                {"tujuan": "Indikator asal dan tujuan harus dari dua instrumen yang berbeda."}
            )
        if Padanan.objects.filter(asal__instrumen_id=ke, tujuan__instrumen_id=dari).exists():
            raise ValidationError(
                "Padanan antara kedua instrumen ini sudah ditetapkan dengan arah sebaliknya."
            )
        if tampak_rumus(self.catatan):
            raise ValidationError({"catatan": "Catatan tidak boleh diawali =, +, - atau @."})
