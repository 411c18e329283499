"""Evidence items (butir) and the value of an indicator judged item by item (SPEC §11). Pure.

Each level of an indicator lists butir, `utama` (required) or `pendukung` (supporting). Levels
are cumulative: level n counts only when every required item of levels 1…n counts.

- The operator may claim a level only as high as the contiguous levels whose required items
  all have evidence (`level_terdukung`); lower is allowed.
- The evaluator accepts (diterima) or sends back (revisi) each item; only an item with
  evidence can be accepted, and an acceptance lapses when its files are removed. The
  indicator's value is the highest contiguous level whose required items are all accepted,
  plus — when the instrument's partial-credit setting says so — the accepted share of the
  next level's required items (1 + 1/6 = 1,1667). Items above the next level are rejected
  automatically (otomatis ditolak) whatever their verdict. An answered indicator is worth at
  least 1.

Nothing here knows an instrument's name: the partial-credit rule is the instrument's setting.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

MIN_LEVEL = 1
MAX_LEVEL = 5
EMPAT_DESIMAL = Decimal("0.0001")


class KreditParsial(StrEnum):
    """The instrument's partial-credit setting."""

    TANPA = "tanpa"  # integer levels, as in 59/2020
    PROPORSI_UTAMA = "proporsi_utama"  # + accepted share of the next level's required items


class Putusan(StrEnum):
    """The evaluator's verdict on one item ("" = not checked yet)."""

    BELUM = ""
    DITERIMA = "diterima"
    REVISI = "revisi"


def kode(kode_indikator: str, level: int, nomor: int) -> str:
    """The item code national evaluators use: I10-L2-03."""
    return f"{kode_indikator}-L{level}-{nomor:02d}"


@dataclass(frozen=True)
class ButirKeadaan:
    """One item as the rules need it. `id` is whatever identifies it to the caller."""

    id: int
    level: int
    utama: bool
    ada_bukti: bool = False
    putusan: str = Putusan.BELUM


def _per_level(items: Iterable[ButirKeadaan]) -> dict[int, list[ButirKeadaan]]:
    levels: dict[int, list[ButirKeadaan]] = {n: [] for n in range(MIN_LEVEL, MAX_LEVEL + 1)}
    for item in items:
        if not MIN_LEVEL <= item.level <= MAX_LEVEL:
            raise ValueError(f"level butir harus 1–5, bukan {item.level}")
        levels[item.level].append(item)
    return levels


def _tertinggi(levels: dict[int, list[ButirKeadaan]], terpenuhi) -> int:
    """The highest level n such that every required item of levels 1…n satisfies `terpenuhi`.

    A level without required items is satisfied by nothing (an instrument with butir gives
    every level at least one; spreadsheet.validate enforces it), so it stops the climb.
    """
    tercapai = 0
    for level in range(MIN_LEVEL, MAX_LEVEL + 1):
        utama = [b for b in levels[level] if b.utama]
        if not utama or not all(terpenuhi(b) for b in utama):
            break
        tercapai = level
    return tercapai


def level_terdukung(items: Iterable[ButirKeadaan]) -> int:
    """The highest level the operator may claim: contiguous levels whose required items all
    have evidence (0 when even level 1 lacks some)."""
    return _tertinggi(_per_level(items), lambda b: b.ada_bukti)


def diterima(item: ButirKeadaan) -> bool:
    """An item counts when it is accepted and its evidence is still there: an acceptance
    whose files were removed afterwards no longer holds."""
    return item.putusan == Putusan.DITERIMA and item.ada_bukti


@dataclass(frozen=True)
class HasilButir:
    nilai: Decimal  # to four places; at least 1
    level_penuh: int  # highest contiguous level whose required items are all accepted
    otomatis_ditolak: frozenset[int]  # ids of items above the next level
    menunggu: tuple[int, ...]  # ids of required items of the next level, uploaded, unjudged


def hitung(items: Iterable[ButirKeadaan], kredit_parsial: str) -> HasilButir:
    """The indicator's value from the evaluator's verdicts (see the module docstring).

    `menunggu` lists what could still raise the value: the next level's required items
    that have evidence and no verdict yet. An item without evidence and without a verdict
    is simply not accepted (belum diunggah).
    """
    mode = KreditParsial(kredit_parsial)
    levels = _per_level(items)
    penuh = _tertinggi(levels, diterima)
    bagian = Decimal(0)
    menunggu: tuple[int, ...] = ()
    ditolak: frozenset[int] = frozenset()
    if penuh < MAX_LEVEL:
        berikut = [b for b in levels[penuh + 1] if b.utama]
        menunggu = tuple(b.id for b in berikut if b.ada_bukti and b.putusan == Putusan.BELUM)
        if mode == KreditParsial.PROPORSI_UTAMA and berikut:
            bagian = Decimal(sum(1 for b in berikut if diterima(b))) / Decimal(len(berikut))
        ditolak = frozenset(
            b.id for level in range(penuh + 2, MAX_LEVEL + 1) for b in levels[level]
        )
    nilai = max(Decimal(MIN_LEVEL), Decimal(penuh) + bagian)
    return HasilButir(
        nilai=nilai.quantize(EMPAT_DESIMAL, rounding=ROUND_HALF_UP),
        level_penuh=penuh,
        otomatis_ditolak=ditolak,
        menunggu=menunggu,
    )


STATUS_LABEL = {
    "otomatis_ditolak": "otomatis ditolak",
    "menunggu_level": "menunggu level sebelumnya",
    Putusan.DITERIMA: "diterima",
    Putusan.REVISI: "revisi",
    "belum_diperiksa": "belum diperiksa",
    "belum_diunggah": "belum diunggah",
}


def status(item: ButirKeadaan, hasil: HasilButir) -> str:
    """One item's status as pages, the PDF and the recap show it (a key of STATUS_LABEL).

    An item above the next level is rejected automatically once that level is settled; while
    uploaded required items of it are still unjudged, it only waits for them."""
    if item.id in hasil.otomatis_ditolak:
        return "menunggu_level" if hasil.menunggu else "otomatis_ditolak"
    if not item.ada_bukti:
        return "belum_diunggah"
    if item.putusan in (Putusan.DITERIMA, Putusan.REVISI):
        return str(item.putusan)
    return "belum_diperiksa"
