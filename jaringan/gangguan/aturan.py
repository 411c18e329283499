"""Pure rules of the disruption log (SPEC §15): how long a disruption lasted, the hours it
contributes to a calendar month, and the monthly recap (per OPD and per cause). No Django: the
caller passes the pemda's time zone (settings.TIME_ZONE) and "now".

A month runs from local midnight on its first day to local midnight on the next month's first
day, in the pemda's time zone, not UTC: an outage at 00:30 WITA on 1 March is March's.
A disruption crossing a month boundary counts once in each month it touches, with its hours
split at the boundary; one still ongoing counts up to now (and never past the month's end).
Hours are Decimal, rounded half up to two places only when shown (sums use exact durations).
"""

from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, tzinfo
from decimal import ROUND_HALF_UP, Decimal

NOL = timedelta(0)
DUA_DESIMAL = Decimal("0.01")


def _utc(waktu: datetime) -> datetime:
    # Subtracting two datetimes sharing one tzinfo ignores their offsets; UTC never misleads.
    if waktu.tzinfo is None:
        raise ValueError("Waktu harus memiliki zona waktu.")
    return waktu.astimezone(UTC)


def durasi(mulai: datetime, selesai: datetime | None, *, sekarang: datetime) -> timedelta:
    """How long the disruption lasted (ongoing: until `sekarang`); never negative."""
    akhir = selesai if selesai is not None else sekarang
    return max(_utc(akhir) - _utc(mulai), NOL)


def jam(lama: timedelta) -> Decimal:
    """A duration in hours, rounded half up to two places (1 h 20 min → 1.33)."""
    detik = Decimal(lama.days * 86400 + lama.seconds) + Decimal(lama.microseconds) / 1_000_000
    return (detik / 3600).quantize(DUA_DESIMAL, rounding=ROUND_HALF_UP)


def batas_bulan(tahun: int, bulan: int, zona: tzinfo) -> tuple[datetime, datetime]:
    """[start, end) of the month in the pemda's time zone, as aware datetimes."""
    awal = datetime(tahun, bulan, 1, tzinfo=zona)
    berikut = date(tahun + (bulan == 12), bulan % 12 + 1, 1)
    return awal, datetime(berikut.year, berikut.month, 1, tzinfo=zona)


def lama_dalam_bulan(
    mulai: datetime,
    selesai: datetime | None,
    tahun: int,
    bulan: int,
    zona: tzinfo,
    *,
    sekarang: datetime,
) -> timedelta:
    """The part of the disruption inside the month: its overlap with [start, end) of the
    month, an ongoing one ending at `sekarang`. Zero when it lies outside."""
    awal, akhir = batas_bulan(tahun, bulan, zona)
    ujung = selesai if selesai is not None else sekarang
    dari, sampai = max(_utc(mulai), _utc(awal)), min(_utc(ujung), _utc(akhir))
    return max(sampai - dari, NOL)


def menyentuh_bulan(
    mulai: datetime,
    selesai: datetime | None,
    tahun: int,
    bulan: int,
    zona: tzinfo,
    *,
    sekarang: datetime,
) -> bool:
    """Does the disruption count in this month? When part of it lies inside, or when it
    starts inside (a zero-length or just-started one). One ending exactly at the month's
    first midnight does not count in that month."""
    awal, akhir = batas_bulan(tahun, bulan, zona)
    if _utc(awal) <= _utc(mulai) < _utc(akhir) and _utc(mulai) <= _utc(sekarang):
        return True
    return lama_dalam_bulan(mulai, selesai, tahun, bulan, zona, sekarang=sekarang) > NOL


@dataclass(frozen=True)
class Kejadian:
    """One disruption as the recap needs it."""

    opd: Hashable
    penyebab: str
    mulai: datetime
    selesai: datetime | None


@dataclass
class Baris:
    """A recap row: how many disruptions and how long they lasted within the month."""

    kunci: Hashable
    jumlah: int = 0
    lama: timedelta = NOL

    @property
    def jam(self) -> Decimal:
        return jam(self.lama)


@dataclass
class Rekap:
    per_opd: list[Baris] = field(default_factory=list)  # ranked: most disruptions, then hours
    per_penyebab: list[Baris] = field(default_factory=list)  # in the order of `penyebab`
    jumlah: int = 0
    lama: timedelta = NOL

    @property
    def jam(self) -> Decimal:
        return jam(self.lama)


def rekap_bulan(
    kejadian: Iterable[Kejadian],
    tahun: int,
    bulan: int,
    zona: tzinfo,
    *,
    sekarang: datetime,
    penyebab: Iterable[str] = (),
) -> Rekap:
    """The month's recap. `per_opd` holds only OPDs with a disruption in the month, ranked by
    count, then hours (both descending), then key (so keys must sort: a name, an id);
    `per_penyebab` holds every cause named in `penyebab` (zero rows included), then any other
    cause met, in that order."""
    per_opd: dict[Hashable, Baris] = {}
    per_penyebab: dict[str, Baris] = {p: Baris(p) for p in penyebab}
    rekap = Rekap()
    for k in kejadian:
        if not menyentuh_bulan(k.mulai, k.selesai, tahun, bulan, zona, sekarang=sekarang):
            continue
        lama = lama_dalam_bulan(k.mulai, k.selesai, tahun, bulan, zona, sekarang=sekarang)
        for baris in (
            per_opd.setdefault(k.opd, Baris(k.opd)),
            per_penyebab.setdefault(k.penyebab, Baris(k.penyebab)),
            rekap,
        ):
            baris.jumlah += 1
            baris.lama += lama
    rekap.per_opd = sorted(per_opd.values(), key=lambda b: (-b.jumlah, -b.lama, b.kunci))
    rekap.per_penyebab = list(per_penyebab.values())
    return rekap


def bulan_sebelumnya(tahun: int, bulan: int, n: int = 1) -> tuple[int, int]:
    """The month `n` months before (tahun, bulan)."""
    indeks = tahun * 12 + (bulan - 1) - n
    return indeks // 12, indeks % 12 + 1
