"""MRTG traffic figures (issue 18, item 3): daily and monthly averages and peaks, Mbit/s and
utilisation. Pure: no Django, no project imports.

Rates are bytes per second as MRTG writes them; Mbit/s = bytes/s × 8 ÷ 1,000,000. A day's
average is weighted by the seconds each interval covered; a month's by each day's covered
seconds (a half-covered day counts half); a peak is the highest of the peaks.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

DUA_DESIMAL = Decimal("0.01")
# Utilisation above this share of the subscribed bandwidth is highlighted as near saturation.
AMBANG_PADAT = Decimal(80)


@dataclass(frozen=True)
class Harian:
    """One day as stored: averages and peaks in bytes/s, covered seconds."""

    tanggal: object  # datetime.date
    avg_in: Decimal
    avg_out: Decimal
    max_in: Decimal
    max_out: Decimal
    detik: int


@dataclass(frozen=True)
class Ringkasan:
    """A stretch of days (a month, an upload): averages weighted by coverage, highest peaks."""

    hari: int
    detik: int
    avg_in: Decimal
    avg_out: Decimal
    max_in: Decimal
    max_out: Decimal


def bulat(nilai: Decimal) -> Decimal:
    return nilai.quantize(DUA_DESIMAL, rounding=ROUND_HALF_UP)


def rata_hari(jumlah: Decimal, detik: int) -> Decimal:
    """A day's average rate (bytes/s) from its rate × seconds sum."""
    return bulat(Decimal(jumlah) / detik) if detik else Decimal(0)


def ringkas(hari: Iterable[Harian]) -> Ringkasan | None:
    """The summary of some days (None when none has coverage)."""
    hari = [h for h in hari if h.detik > 0]
    if not hari:
        return None
    detik = sum(h.detik for h in hari)
    return Ringkasan(
        hari=len(hari),
        detik=detik,
        avg_in=bulat(sum(h.avg_in * h.detik for h in hari) / detik),
        avg_out=bulat(sum(h.avg_out * h.detik for h in hari) / detik),
        max_in=max(h.max_in for h in hari),
        max_out=max(h.max_out for h in hari),
    )


def mbps(bait_per_detik: Decimal) -> Decimal:
    """Bytes/s → Mbit/s, two decimals."""
    return bulat(Decimal(bait_per_detik) * 8 / 1_000_000)


def utilisasi(bait_per_detik: Decimal, bandwidth_mbps: Decimal) -> Decimal | None:
    """The share of the subscribed bandwidth (percent, one decimal); None without bandwidth."""
    if not bandwidth_mbps or bandwidth_mbps <= 0:
        return None
    persen = Decimal(bait_per_detik) * 8 / 1_000_000 / Decimal(bandwidth_mbps) * 100
    return persen.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def padat(persen: Decimal | None) -> bool:
    return persen is not None and persen > AMBANG_PADAT


def angka(nilai: Decimal) -> str:
    """12.3456 → '12,35' (Indonesian decimal comma, thousands with a dot)."""
    teks = f"{bulat(Decimal(nilai)):,.2f}"
    return teks.replace(",", "_").replace(".", ",").replace("_", ".")


def kalimat(ringkasan: Ringkasan, mulai, selesai) -> str:
    """One line: days covered, average and peak in/out in Mbit/s."""
    return (
        f"{ringkasan.hari} hari ({mulai:%Y-%m-%d} s.d. {selesai:%Y-%m-%d}): "
        f"rata-rata masuk {angka(mbps(ringkasan.avg_in))} Mbit/s, "
        f"keluar {angka(mbps(ringkasan.avg_out))} Mbit/s; "
        f"puncak masuk {angka(mbps(ringkasan.max_in))} Mbit/s, "
        f"keluar {angka(mbps(ringkasan.max_out))} Mbit/s"
    )


def jam(detik: int) -> str:
    """Seconds as hours for a page: 5400 → '1,50'."""
    return angka(Decimal(detik) / 3600)


def persen(nilai: Decimal | None) -> str:
    """A utilisation for a page: 84.0 → '84,0'; none → '–'."""
    return "–" if nilai is None else f"{nilai:.1f}".replace(".", ",")
