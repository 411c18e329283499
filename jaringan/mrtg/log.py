"""Reading an MRTG `.log` file (issue 18, item 3). Pure: no Django, no project imports.

The format, newest line first:
- line 1: `unix_time total_in_counter total_out_counter` (the counters at the last run);
- then `unix_time avg_in avg_out max_in max_out`, rates in bytes per second, consolidated as
  MRTG goes back in time (5 minutes, 30 minutes, 2 hours, 1 day).

Each data line covers the interval from the next (older) line's timestamp up to its own; the
oldest line only marks where the first interval starts (what it covered before is unknown).
Averages are weighted by the seconds of each interval, and an interval that crosses local
midnight is split between the two days. A line's peak applies to every day its interval
touches (the peak's moment within the interval is unknown).

Not trusted, and counted so the page can say so:
- garbage (`sampah`): not numbers, the wrong number of fields, a timestamp equal to or newer
  than the line before it (duplicate, out of order) or than the totals line, or outside
  2000–2100;
- counter resets (`reset`): a rate below zero or above the plausibility cap (MRTG writes such
  rates when a router's counter restarts); the line's interval stays uncovered;
- gaps (`celah`): an interval longer than a day, or more than twice as long as the older
  interval next to it (a stretch missing within one resolution); never filled in.
"""

import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from decimal import Decimal, InvalidOperation
from typing import Generic, TypeVar

MAKS_BAIT_BAKU = 5 * 1024 * 1024
# Without a bandwidth, a rate above 100 Gbit/s (in bytes/s) is a counter artefact.
BATAS_TETAP = Decimal(100_000_000_000) / 8
# With a bandwidth, a rate above this multiple of it cannot have been carried by the link
# (room for bursts above a shaped subscription, none for a counter wrap).
FAKTOR_BATAS = Decimal(2)
SEHARI = 86_400
TAHUN_MIN, TAHUN_MAKS = 2000, 2100
_EPOCH_MIN = int(datetime(TAHUN_MIN, 1, 1, tzinfo=UTC).timestamp())
_EPOCH_MAKS = int(datetime(TAHUN_MAKS, 12, 31, tzinfo=UTC).timestamp())
# How many line numbers a message lists before it says "and N more".
CONTOH_BARIS = 10
T = TypeVar("T")


class LogDitolak(ValueError):
    """The whole file is refused; the message says why, in Indonesian."""


@dataclass(frozen=True)
class BarisDilewati:
    nomor: int  # 1-based line number in the file
    alasan: str


@dataclass(frozen=True)
class Celah:
    mulai: datetime
    selesai: datetime

    @property
    def detik(self) -> int:
        return int((self.selesai - self.mulai).total_seconds())


class Lewatan(Generic[T]):
    """Lines or stretches left out: how many, and the first CONTOH_BARIS as examples for the
    message. Only a count grows with the file, so a 5 MB file of garbage costs no more memory
    than a clean one. `len()` is the count; iterating gives the examples."""

    def __init__(self) -> None:
        self.jumlah = 0
        self.contoh: list[T] = []

    def tambah(self, item: T) -> None:
        self.jumlah += 1
        if len(self.contoh) < CONTOH_BARIS:
            self.contoh.append(item)

    def __len__(self) -> int:
        return self.jumlah

    def __iter__(self) -> Iterator[T]:
        return iter(self.contoh)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, list):
            return self.jumlah == len(other) and self.contoh == other
        return NotImplemented

    __hash__ = None  # mutable


@dataclass
class Hari:
    """One local day's share of the log: covered seconds, the rate × seconds sums (bytes) and
    the highest peaks."""

    tanggal: date
    detik: int = 0
    jumlah_in: Decimal = Decimal(0)
    jumlah_out: Decimal = Decimal(0)
    max_in: Decimal = Decimal(0)
    max_out: Decimal = Decimal(0)


@dataclass
class HasilLog:
    waktu_total: datetime
    total_in: int
    total_out: int
    hari: list[Hari] = field(default_factory=list)  # oldest first, only days with coverage
    baris_data: int = 0  # lines whose interval counted
    sampah: Lewatan[BarisDilewati] = field(default_factory=Lewatan)
    reset: Lewatan[BarisDilewati] = field(default_factory=Lewatan)
    celah: Lewatan[Celah] = field(default_factory=Lewatan)  # examples newest first
    detik_celah: int = 0


@dataclass(frozen=True)
class _Baris:
    nomor: int
    waktu: int
    nilai: tuple[Decimal, Decimal, Decimal, Decimal]  # avg_in, avg_out, max_in, max_out
    reset: bool


def batas_wajar(bandwidth_mbps: Decimal | None) -> Decimal:
    """The highest believable rate in bytes/s for a link of `bandwidth_mbps` (None: unknown)."""
    if bandwidth_mbps is None or bandwidth_mbps <= 0:
        return BATAS_TETAP
    return Decimal(bandwidth_mbps) * 1_000_000 / 8 * FAKTOR_BATAS


def daftar_baris(baris: list[BarisDilewati]) -> str:
    """'baris 3, 7, 12' (and how many more) for a message."""
    nomor = [str(b.nomor) for b in list(baris)[:CONTOH_BARIS]]
    lebih = len(baris) - CONTOH_BARIS
    return "baris " + ", ".join(nomor) + (f" dan {lebih} lainnya" if lebih > 0 else "")


def baca(
    data: bytes,
    *,
    tz: tzinfo,
    bandwidth_mbps: Decimal | None = None,
    maks_bait: int = MAKS_BAIT_BAKU,
) -> HasilLog:
    """Parse an MRTG log. Raises LogDitolak when the file cannot be used at all."""
    # Lines are read one at a time (not split into a list of them all first).
    baris = io.StringIO(_teks(data, maks_bait), newline=None)
    waktu_total, total_in, total_out = _baris_total(next(baris, ""))
    cap = batas_wajar(bandwidth_mbps)
    hasil = HasilLog(
        waktu_total=datetime.fromtimestamp(waktu_total, tz), total_in=total_in, total_out=total_out
    )
    rantai = list(_baris_data(baris, cap, hasil, waktu_total))
    if len(rantai) < 2:
        raise LogDitolak(
            "Log MRTG tidak memuat cukup baris data yang dapat dipakai (paling sedikit dua baris "
            "`waktu rata_masuk rata_keluar puncak_masuk puncak_keluar`)."
        )
    hari: dict[date, Hari] = {}
    # rantai is newest first: line i covers (rantai[i+1].waktu, rantai[i].waktu].
    panjang = [rantai[i].waktu - rantai[i + 1].waktu for i in range(len(rantai) - 1)]
    for i, sekarang in enumerate(rantai[:-1]):
        mulai, selesai = rantai[i + 1].waktu, sekarang.waktu
        if _celah(panjang, i):
            hasil.celah.tambah(
                Celah(datetime.fromtimestamp(mulai, tz), datetime.fromtimestamp(selesai, tz))
            )
            hasil.detik_celah += selesai - mulai
            continue
        if sekarang.reset:
            continue
        hasil.baris_data += 1
        for tanggal, detik in _per_hari(mulai, selesai, tz):
            h = hari.setdefault(tanggal, Hari(tanggal))
            avg_in, avg_out, max_in, max_out = sekarang.nilai
            h.detik += detik
            h.jumlah_in += avg_in * detik
            h.jumlah_out += avg_out * detik
            h.max_in = max(h.max_in, max_in)
            h.max_out = max(h.max_out, max_out)
    hasil.hari = [hari[t] for t in sorted(hari)]
    if not hasil.hari:
        raise LogDitolak(
            "Log MRTG tidak memuat selang waktu yang dapat dipakai: setiap baris data "
            "dilewati (reset penghitung atau celah)."
        )
    return hasil


def _teks(data: bytes, maks_bait: int) -> str:
    if not data:
        raise LogDitolak("Berkas kosong (0 bita).")
    if len(data) > maks_bait:
        raise LogDitolak(
            f"Berkas terlalu besar ({len(data) / 1024 / 1024:.1f} MB); "
            f"batasnya {maks_bait / 1024 / 1024:.0f} MB."
        )
    if data.startswith(b"\x1f\x8b"):
        raise LogDitolak(
            "Berkas terkompresi (gzip). Unggah berkas .log MRTG apa adanya, tanpa kompresi."
        )
    if b"\x00" in data:
        raise LogDitolak("Berkas bukan berkas teks; unggah berkas .log MRTG.")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise LogDitolak("Berkas bukan berkas teks; unggah berkas .log MRTG.") from None


def _baris_total(baris: str) -> tuple[int, int, int]:
    bagian = baris.split()
    try:
        if len(bagian) != 3:
            raise ValueError
        waktu, masuk, keluar = (int(b) for b in bagian)
    except ValueError:
        raise LogDitolak(
            "Baris pertama bukan baris total MRTG (`waktu total_masuk total_keluar`); "
            "pastikan berkasnya log MRTG (.log)."
        ) from None
    if not _EPOCH_MIN <= waktu <= _EPOCH_MAKS:
        raise LogDitolak("Waktu pada baris pertama tidak masuk akal; pastikan berkasnya log MRTG.")
    return waktu, masuk, keluar


def _baris_data(
    baris: Iterator[str], cap: Decimal, hasil: HasilLog, waktu_total: int
) -> Iterator[_Baris]:
    """The data lines worth keeping in the time chain, newest first; garbage is recorded.
    No data line is newer than the totals line (MRTG writes both at the same run)."""
    sebelumnya: int = waktu_total + 1
    for nomor, isi in enumerate(baris, start=2):
        bagian = isi.split()
        if not bagian:
            continue  # a blank line (often the last one) says nothing
        if len(bagian) != 5:
            hasil.sampah.tambah(BarisDilewati(nomor, "jumlah kolom bukan 5"))
            continue
        try:
            waktu = int(bagian[0])
            nilai = tuple(Decimal(b) for b in bagian[1:])
            if not all(n.is_finite() for n in nilai):
                raise InvalidOperation
        except (ValueError, InvalidOperation):
            hasil.sampah.tambah(BarisDilewati(nomor, "bukan angka"))
            continue
        if not _EPOCH_MIN <= waktu <= _EPOCH_MAKS:
            hasil.sampah.tambah(BarisDilewati(nomor, "waktu tidak masuk akal"))
            continue
        if waktu >= sebelumnya:
            alasan = "waktu berulang" if waktu == sebelumnya else "waktu tidak berurutan"
            hasil.sampah.tambah(BarisDilewati(nomor, alasan))
            continue
        sebelumnya = waktu
        reset = any(n < 0 or n > cap for n in nilai)
        if reset:
            hasil.reset.tambah(BarisDilewati(nomor, "laju tidak wajar (reset penghitung)"))
        yield _Baris(nomor, waktu, nilai, reset)


def _celah(panjang: list[int], i: int) -> bool:
    """Is interval i (newest first) a gap? Longer than a day, or more than twice as long as
    the interval before it in time: going back, MRTG's steps only grow (5 min → 30 min → 2 h
    → 1 day) and each region begins at its own step, so a longer interval followed by shorter
    ones is a stretch missing within one resolution."""
    if panjang[i] > SEHARI:
        return True
    return i + 1 < len(panjang) and panjang[i] > 2 * panjang[i + 1]


def _per_hari(mulai: int, selesai: int, tz: tzinfo) -> Iterator[tuple[date, int]]:
    """Split (mulai, selesai] at local midnights: (day, seconds) pairs."""
    awal = datetime.fromtimestamp(mulai, tz)
    while mulai < selesai:
        hari = awal.date()
        tengah_malam = datetime.combine(hari + timedelta(days=1), time(), tz)
        batas = min(selesai, int(tengah_malam.timestamp()))
        yield hari, batas - mulai
        mulai = batas
        awal = datetime.fromtimestamp(mulai, tz)
