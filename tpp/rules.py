"""The TPP rule (SPEC §5): the final predikat of year Y sets the SPBE share of basic TPP in Y+1.
Pure: no Django; Decimal percentages, whole rupiah.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

ROUNDING = ROUND_HALF_UP

# Keputusan Gubernur Sulawesi Barat Nomor 188.4/207/SULBAR/IV/2023, part E: the default table.
PERSENTASE_BAWAAN: Mapping[str, Decimal] = {
    "Memuaskan": Decimal(25),
    "Sangat Baik": Decimal(20),
    "Baik": Decimal(15),
    "Cukup": Decimal(10),
    "Kurang": Decimal(0),
}
DASAR_HUKUM_BAWAAN = "Keputusan Gubernur Sulawesi Barat Nomor 188.4/207/SULBAR/IV/2023, bagian E"


def persentase(
    predikat: str | None, tabel: Mapping[str, Decimal] = PERSENTASE_BAWAAN
) -> Decimal | None:
    """The SPBE share (percent) for a final predikat; None when there is no final result.

    Raises KeyError for a predikat the table does not know (a rule/instrument mismatch must
    be fixed, never read as 0 %).
    """
    if not predikat:
        return None
    return tabel[predikat]


BELUM_FINAL = "belum ada hasil final"
TANPA_ATURAN = "belum ada aturan TPP"


@dataclass(frozen=True)
class PersenTpp:
    """The SPBE share of one OPD, or why there is none (`keterangan`, Indonesian)."""

    persen: Decimal | None
    keterangan: str = ""


def persen_tpp(predikat: str | None, tabel: Mapping[str, Decimal] | None) -> PersenTpp:
    """The share for a final predikat under the period's TPP rule — the one source of every TPP
    % the portal shows (dashboard, result page, reports, TPP pages).

    No final result, no rule for the period, or a predikat the rule does not list each give
    no percentage and say why: never 0 %, never an error page.
    """
    if not predikat:
        return PersenTpp(None, BELUM_FINAL)
    if tabel is None:
        return PersenTpp(None, TANPA_ATURAN)
    try:
        return PersenTpp(persentase(predikat, tabel))
    except KeyError:
        return PersenTpp(None, f"predikat {predikat} tidak ada dalam aturan TPP")


def komponen_spbe(tpp_dasar: int, persen: Decimal) -> int:
    """An employee's SPBE TPP component: basic TPP × percentage, half up to whole rupiah."""
    return int((Decimal(tpp_dasar) * persen / 100).quantize(Decimal(1), rounding=ROUNDING))
