"""Rules of the crosswalk (padanan, SPEC §13). Pure: no Django, Decimal throughout.

An approximate index on a newer instrument from the indicator values of an older one:
- each new indicator (tujuan) is worth the mean of the values of the old indicators (asal)
  mapped to it that have a value, unrounded;
- a tujuan none of whose asal has a value drops out of numerator and denominator; the result
  says how many indicators and what share of the weight it covers, so nobody reads a
  half-covered estimate as a whole index;
- index = Σ wᵢ·vᵢ / Σ wᵢ over the covered tujuan, rounded half up to two decimals once, at
  the end (scoring.bulatkan), as every index of the portal.

It is an estimate: the instruments ask different questions. Callers label it so.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from evaluasi import scoring


@dataclass(frozen=True)
class Perkiraan:
    """The approximate index on the new instrument and what it rests on.

    `indeks` is rounded to two decimals, `indeks_presisi` is not; both None when no tujuan is
    covered. `nilai` holds the unrounded value of every covered tujuan. Weights in the
    instrument's unit (percent)."""

    indeks: Decimal | None
    indeks_presisi: Decimal | None
    nilai: dict[int, Decimal] = field(default_factory=dict)
    jumlah_tercakup: int = 0
    jumlah_indikator: int = 0
    bobot_tercakup: Decimal = Decimal(0)
    bobot_total: Decimal = Decimal(0)

    @property
    def persen_bobot(self) -> Decimal | None:
        """The covered share of the new instrument's weight, in percent (two decimals)."""
        if not self.bobot_total:
            return None
        return scoring.bulatkan(100 * self.bobot_tercakup / self.bobot_total)

    @property
    def lengkap(self) -> bool:
        return self.jumlah_indikator > 0 and self.jumlah_tercakup == self.jumlah_indikator


def _nilai_asal(value) -> Decimal | None:
    """A valued asal as a Decimal; None and 0 (unanswered) are no value. Floats refused."""
    if value is None:
        return None
    number = scoring.nilai(value)
    return number if number else None


def perkiraan_indeks(
    nilai_asal: Mapping[int, Decimal | int | None],
    peta: Mapping[int, Sequence[int]],
    bobot_tujuan: Mapping[int, Decimal],
) -> Perkiraan:
    """The approximate index on the new instrument (see the module docstring).

    `nilai_asal`: asal indicator id → its value (1–5, fractions allowed; None or 0 = none);
    `peta`: tujuan id → the asal ids mapped to it (peta_padanan);
    `bobot_tujuan`: tujuan id → its weight, for every indicator of the new instrument.
    Raises ValueError for a float value (its binary rounding would leak into the index).
    """
    valued = {k: v for k, v in ((k, _nilai_asal(v)) for k, v in nilai_asal.items()) if v}
    nilai: dict[int, Decimal] = {}
    for tujuan in bobot_tujuan:
        found = [valued[a] for a in dict.fromkeys(peta.get(tujuan, ())) if a in valued]
        if found:
            nilai[tujuan] = sum(found, Decimal(0)) / len(found)
    bobot_tercakup = sum((Decimal(bobot_tujuan[t]) for t in nilai), Decimal(0))
    presisi = (
        sum((Decimal(bobot_tujuan[t]) * v for t, v in nilai.items()), Decimal(0)) / bobot_tercakup
        if bobot_tercakup
        else None
    )
    return Perkiraan(
        indeks=scoring.bulatkan(presisi) if presisi is not None else None,
        indeks_presisi=presisi,
        nilai=nilai,
        jumlah_tercakup=len(nilai),
        jumlah_indikator=len(bobot_tujuan),
        bobot_tercakup=bobot_tercakup,
        bobot_total=sum((Decimal(w) for w in bobot_tujuan.values()), Decimal(0)),
    )
