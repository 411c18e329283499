"""SPBE index arithmetic (SPEC §3). Pure: no Django, Decimal throughout.

- aspect / domain / index value = Σ(wᵢ·levelᵢ) / Σwᵢ over the applicable indicators in it;
- not-applicable indicators drop out of numerator and denominator;
- an unanswered indicator counts as level 0 and makes the result incomplete;
- a value may be fractional (Pemdi 2026, SPEC §11: 1 + 1/6 with partial credit): any
  Decimal in [1, 5]; aspects and the index come from the unrounded values;
- values are rounded half up to two decimals once, at the end; the predikat is banded on
  the rounded index.

Nothing here knows how many indicators, aspects or domains an instrument has.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

ROUNDING = ROUND_HALF_UP
TWO_PLACES = Decimal("0.01")
MIN_LEVEL = 1
MAX_LEVEL = 5
Nilai = int | Decimal  # an indicator's value: an integer level, or a fraction (Pemdi)
# The level names both instruments use (SPEC §2, §11): an instrument's default, its own data.
NAMA_LEVEL = {
    1: "Rintisan",
    2: "Terkelola",
    3: "Terstandardisasi",
    4: "Terintegrasi dan Terukur",
    5: "Optimum",
}


def nilai(value) -> Decimal:
    """An indicator value as a Decimal (None/0 = unanswered → 0); floats are refused: their
    binary rounding would leak into the index."""
    if value is None:
        return Decimal(0)
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        raise ValueError(f"nilai indikator harus bilangan bulat atau desimal, bukan {value!r}")
    return Decimal(value)


def bulatkan(value: Decimal) -> Decimal:
    """Round half up to two decimals: the only rounding the portal does."""
    return value.quantize(TWO_PLACES, rounding=ROUNDING)


@dataclass(frozen=True)
class IndikatorDef:
    nomor: int
    bobot: Decimal
    aspek: int
    domain: int | None = None


@dataclass(frozen=True)
class Band:
    """A predikat band: every rounded value ≥ batas_bawah (up to the next band) gets `nama`."""

    nama: str
    batas_bawah: Decimal


@dataclass(frozen=True)
class InstrumenDef:
    indikator: tuple[IndikatorDef, ...]
    bands: tuple[Band, ...]

    def __post_init__(self) -> None:
        if not self.indikator:
            raise ValueError("instrument has no indicators")
        if not self.bands:
            raise ValueError("instrument has no predikat bands")
        bounds = [b.batas_bawah for b in self.bands]
        if bounds != sorted(bounds) or len(set(bounds)) != len(bounds):
            raise ValueError("bands must be in strictly ascending order of batas_bawah")
        numbers = [i.nomor for i in self.indikator]
        if len(set(numbers)) != len(numbers):
            raise ValueError("indicator numbers must be unique")

    @property
    def nomor(self) -> tuple[int, ...]:
        return tuple(i.nomor for i in self.indikator)


@dataclass(frozen=True)
class HasilIndeks:
    """An index result. `*_presisi` are unrounded; the others are rounded to two decimals.

    Aspects or domains whose indicators are all not applicable are absent from the maps.
    """

    indeks: Decimal
    indeks_presisi: Decimal
    predikat: str
    lengkap: bool
    belum_dijawab: tuple[int, ...]
    aspek: dict[int, Decimal]
    aspek_presisi: dict[int, Decimal]
    domain: dict[int, Decimal]
    domain_presisi: dict[int, Decimal]
    kemajuan: Decimal  # answered applicable indicators, percent, two decimals


def predikat(bands: Iterable[Band], nilai: Decimal) -> Band:
    """The band of a rounded value: the highest band whose lower bound it reaches.

    A value below the lowest bound (only possible while answers are missing) gets the lowest band.
    """
    ordered = sorted(bands, key=lambda b: b.batas_bawah)
    chosen = ordered[0]
    for band in ordered:
        if nilai >= band.batas_bawah:
            chosen = band
    return chosen


def _validate(
    instrumen: InstrumenDef, levels: Mapping[int, Nilai | None], na: Iterable[int]
) -> set[int]:
    known = set(instrumen.nomor)
    unknown = sorted((set(levels) | set(na)) - known)
    if unknown:
        raise ValueError(f"indikator tidak dikenal: {', '.join(map(str, unknown))}")
    for nomor, level in levels.items():
        value = nilai(level)
        if not value.is_finite() or not (value == 0 or MIN_LEVEL <= value <= MAX_LEVEL):
            raise ValueError(f"level indikator {nomor} harus 1–5 (atau kosong), bukan {level}")
    not_applicable = set(na)
    if not_applicable >= known:
        raise ValueError("semua indikator ditandai tidak berlaku")
    return not_applicable


def _weighted_mean(pairs: list[tuple[Decimal, Decimal]]) -> Decimal:
    total_weight = sum((w for w, _ in pairs), Decimal(0))
    return sum((w * level for w, level in pairs), Decimal(0)) / total_weight


def hitung(
    instrumen: InstrumenDef, levels: Mapping[int, Nilai | None], na: Iterable[int] = ()
) -> HasilIndeks:
    """Index, aspect and domain values and predikat for `levels` ({indicator number: level}).

    A missing key, None or 0 means unanswered (counts 0). An incomplete set has no predikat
    (""): a draft with half its answers is not "Kurang", it is not finished. `na` are
    not-applicable indicator numbers. Raises ValueError for unknown indicators, levels
    outside 0–5, or all N/A.
    """
    not_applicable = _validate(instrumen, levels, na)
    applicable = [i for i in instrumen.indikator if i.nomor not in not_applicable]

    def level_of(ind: IndikatorDef) -> Decimal:
        return nilai(levels.get(ind.nomor))

    unanswered = tuple(i.nomor for i in applicable if level_of(i) == 0)
    per_aspek: dict[int, list[tuple[Decimal, Decimal]]] = {}
    per_domain: dict[int, list[tuple[Decimal, Decimal]]] = {}
    for ind in applicable:
        per_aspek.setdefault(ind.aspek, []).append((ind.bobot, level_of(ind)))
        if ind.domain is not None:
            per_domain.setdefault(ind.domain, []).append((ind.bobot, level_of(ind)))

    presisi = _weighted_mean([(i.bobot, level_of(i)) for i in applicable])
    aspek_presisi = {k: _weighted_mean(v) for k, v in sorted(per_aspek.items())}
    domain_presisi = {k: _weighted_mean(v) for k, v in sorted(per_domain.items())}
    indeks = bulatkan(presisi)
    answered = len(applicable) - len(unanswered)
    return HasilIndeks(
        indeks=indeks,
        indeks_presisi=presisi,
        predikat="" if unanswered else predikat(instrumen.bands, indeks).nama,
        lengkap=not unanswered,
        belum_dijawab=unanswered,
        aspek={k: bulatkan(v) for k, v in aspek_presisi.items()},
        aspek_presisi=aspek_presisi,
        domain={k: bulatkan(v) for k, v in domain_presisi.items()},
        domain_presisi=domain_presisi,
        kemajuan=bulatkan(Decimal(answered * 100) / Decimal(len(applicable))),
    )


# --- Gap analysis ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Peluang:
    """Raising indicator `nomor` by one level adds `kenaikan` to the unrounded index."""

    nomor: int
    level: Nilai
    kenaikan: Decimal


@dataclass(frozen=True)
class Langkah:
    nomor: int
    dari: Nilai  # an integer level, or the fractional value it starts from
    ke: int


def _tampil(value: Decimal) -> Nilai:
    """A whole value as an int (levels of 59/2020 stay 2, not 2.0000)."""
    return int(value) if value == value.to_integral_value() else value


@dataclass(frozen=True)
class AnalisisGap:
    peringkat: tuple[Peluang, ...]  # every applicable indicator below level 5, best first
    target: str | None  # the next predikat, None when already in the top band
    selisih: Decimal | None  # how much the unrounded index must still rise
    langkah: tuple[Langkah, ...]  # fewest level steps that reach `target`, grouped per indicator
    jumlah_langkah: int
    # False when `target` is out of reach: with `maks_naik`, `langkah` is then the most one
    # year can do (every step allowed, heaviest first); without it, `langkah` is empty.
    tercapai: bool = True
    maks_naik: int | None = None  # at most this many levels per indicator in the plan
    belum_dijawab: tuple[int, ...] = ()  # fill these first: the plan counts them as 0


def analisis_gap(
    instrumen: InstrumenDef,
    levels: Mapping[int, Nilai | None],
    na: Iterable[int] = (),
    *,
    maks_naik: int | None = None,
) -> AnalisisGap:
    """Which indicators raise the index most per level step, and the fewest steps to the next band.

    `maks_naik` caps the plan at that many levels per indicator (one year's realistic reach:
    an indicator rarely jumps from level 1 to 5 at once).

    Every step of indicator i adds wᵢ/Σw to the index regardless of the other answers, so
    taking steps from the heaviest indicators first gives the smallest number of steps. A
    fractional value's first step goes to the next whole level and gains only the rest.
    Ties go to the lower indicator number. The target is reached when the rounded index
    reaches the next band's lower bound.
    """
    not_applicable = _validate(instrumen, levels, na)
    applicable = [i for i in instrumen.indikator if i.nomor not in not_applicable]
    total_weight = sum((i.bobot for i in applicable), Decimal(0))
    current = hitung(instrumen, levels, not_applicable)

    peringkat = tuple(
        sorted(
            (
                Peluang(i.nomor, _tampil(nilai(levels.get(i.nomor))), i.bobot / total_weight)
                for i in applicable
                if nilai(levels.get(i.nomor)) < MAX_LEVEL
            ),
            key=lambda p: (-p.kenaikan, p.nomor),
        )
    )
    ordered = sorted(instrumen.bands, key=lambda b: b.batas_bawah)
    higher = [b for b in ordered if b.batas_bawah > current.indeks]
    belum = current.belum_dijawab
    if not higher:
        return AnalisisGap(peringkat, None, None, (), 0, maks_naik=maks_naik, belum_dijawab=belum)
    target = higher[0]
    # Rounded half up, x reaches the bound b once x ≥ b − 0.005.
    needed = target.batas_bawah - TWO_PLACES / 2 - current.indeks_presisi

    gained = Decimal(0)
    raised: dict[int, int] = {}  # steps taken per indicator
    reached: dict[int, Decimal] = {}  # the value each raised indicator reaches
    cap = MAX_LEVEL if maks_naik is None else maks_naik
    for peluang in peringkat:
        value = Decimal(peluang.level)
        while gained < needed and value < MAX_LEVEL and raised.get(peluang.nomor, 0) < cap:
            step_to = min(Decimal(int(value)) + 1, Decimal(MAX_LEVEL))  # the next whole level
            gained += (step_to - value) * peluang.kenaikan
            value = step_to
            raised[peluang.nomor] = raised.get(peluang.nomor, 0) + 1
            reached[peluang.nomor] = value
        if gained >= needed:
            break
    start = {p.nomor: p.level for p in peringkat}
    langkah = tuple(Langkah(nomor, start[nomor], int(reached[nomor])) for nomor in raised)
    tercapai = gained >= needed
    if not tercapai and maks_naik is None:  # even every indicator at level 5 does not reach it
        langkah = ()
    return AnalisisGap(
        peringkat,
        target.nama,
        needed,
        langkah,
        sum(raised.values()) if langkah else 0,
        tercapai=tercapai,
        maks_naik=maks_naik,
        belum_dijawab=belum,
    )
