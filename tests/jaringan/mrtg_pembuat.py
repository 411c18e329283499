"""Writes MRTG logs for the tests: newest line first, the totals line, then one line per
step with rates from a function of the interval's local start. Steps and rates are chosen by
the tests so that every expected figure can be worked out by hand."""

from collections.abc import Callable
from datetime import datetime
from zoneinfo import ZoneInfo

WITA = ZoneInfo("Asia/Makassar")  # the project's TIME_ZONE, UTC+8 without DST

Laju = Callable[[datetime], tuple[int, int, int, int]]


def waktu(y: int, m: int, d: int, jam: int = 0, menit: int = 0) -> int:
    return int(datetime(y, m, d, jam, menit, tzinfo=WITA).timestamp())


def baris_log(sekarang: int, potongan: list[tuple[int, int]], laju: Laju) -> list[str]:
    """Data lines from `sekarang` back: `potongan` = [(step seconds, number of lines), ...]
    newest first (MRTG: 5 min, 30 min, 2 h, 1 day). A line's rates are `laju` of the start of
    the interval it covers; the very last line only marks where the first interval starts."""
    stempel = [sekarang]
    for langkah, jumlah in potongan:
        for _ in range(jumlah):
            stempel.append(stempel[-1] - langkah)
    baris = []
    for i, t in enumerate(stempel):
        awal = stempel[i + 1] if i + 1 < len(stempel) else t
        a_in, a_out, m_in, m_out = laju(datetime.fromtimestamp(awal, WITA))
        baris.append(f"{t} {a_in} {a_out} {m_in} {m_out}")
    return baris


def log_mrtg(sekarang: int, potongan, laju: Laju, total=(123456789, 98765432)) -> bytes:
    baris = [f"{sekarang} {total[0]} {total[1]}", *baris_log(sekarang, potongan, laju)]
    return ("\n".join(baris) + "\n").encode()


def tetap(masuk: int, keluar: int) -> Laju:
    return lambda _t: (masuk, keluar, masuk * 2, keluar * 2)


def per_hari(laju_hari: dict[int, tuple[int, int]]) -> Laju:
    """A constant rate per day of month; peaks twice the average."""

    def laju(t: datetime):
        masuk, keluar = laju_hari[t.day]
        return masuk, keluar, masuk * 2, keluar * 2

    return laju


def jam_kerja(siang: int, malam: int) -> Laju:
    """`siang` bytes/s in and out/4 from 08:00 to 16:00, `malam` otherwise; peaks ×1.5."""

    def laju(t: datetime):
        masuk = siang if 8 <= t.hour < 16 else malam
        return masuk, masuk // 4, masuk * 3 // 2, masuk * 3 // 8

    return laju
