"""The geometry of a month's traffic chart (server-rendered SVG): daily average and peak,
in and out, in Mbit/s. Pure: no Django; the template only draws what this computes. The
chart has a viewBox and no fixed width, so it scales down to a 390 px phone."""

from dataclasses import dataclass
from decimal import Decimal

LEBAR, TINGGI = 720, 300
KIRI, KANAN, ATAS, BAWAH = 56, 12, 26, 36  # room for the axis labels
_SKALA = (1, 2, 2.5, 5, 10)


@dataclass(frozen=True)
class Seri:
    kunci: str
    label: str
    warna: str
    putus: bool  # dashed (peaks)
    titik: str  # SVG polyline points; one polyline per run of consecutive days


# Coordinates are kept as text with a decimal point: a template would print a float with the
# locale's decimal comma, which SVG does not read.
@dataclass(frozen=True)
class Garis:
    y: str
    label: str


@dataclass(frozen=True)
class LabelX:
    x: str
    label: str


@dataclass(frozen=True)
class Grafik:
    lebar: int
    tinggi: int
    kiri: int
    kanan: str
    atas: int
    bawah: str
    seri: list[Seri]
    garis_y: list[Garis]
    label_x: list[LabelX]
    bandwidth_y: str | None


def _atas_skala(nilai: float) -> float:
    """A round axis maximum at or above `nilai` (1, 2, 2.5, 5 × 10ⁿ)."""
    if nilai <= 0:
        return 1.0
    pangkat = 10 ** len(str(int(nilai))) / 10 if nilai >= 1 else 0.01
    while True:
        for s in _SKALA:
            if s * pangkat >= nilai:
                return s * pangkat
        pangkat *= 10


def _label(nilai: float) -> str:
    teks = f"{nilai:.2f}".rstrip("0").rstrip(".")
    return teks.replace(".", ",")


def buat(
    jumlah_hari: int,
    hari: dict[int, tuple[Decimal, Decimal, Decimal, Decimal]],
    bandwidth_mbps: Decimal | None = None,
) -> Grafik:
    """`hari`: day of month → (avg in, avg out, peak in, peak out) in Mbit/s; days without
    data break the lines rather than drop to zero (no data is not no traffic)."""
    tertinggi = max((float(v) for nilai in hari.values() for v in nilai), default=0.0)
    if bandwidth_mbps:
        tertinggi = max(tertinggi, float(bandwidth_mbps))
    skala = _atas_skala(tertinggi)
    kanan, bawah = LEBAR - KANAN, TINGGI - BAWAH
    langkah = (kanan - KIRI) / max(jumlah_hari - 1, 1)

    def x(h: int) -> float:
        return round(KIRI + (h - 1) * langkah, 1)

    def y(v: float) -> float:
        return round(bawah - (bawah - ATAS) * v / skala, 1)

    rancangan = (
        ("masuk", "Rata-rata masuk", "#0d6efd", False, 0),
        ("keluar", "Rata-rata keluar", "#198754", False, 1),
        ("puncak_masuk", "Puncak masuk", "#0d6efd", True, 2),
        ("puncak_keluar", "Puncak keluar", "#198754", True, 3),
    )
    seri = []
    for kunci, label, warna, putus, indeks in rancangan:
        potongan, sekarang = [], []
        for h in range(1, jumlah_hari + 1):
            if h in hari:
                sekarang.append(f"{x(h)},{y(float(hari[h][indeks]))}")
            elif sekarang:
                potongan.append(" ".join(sekarang))
                sekarang = []
        if sekarang:
            potongan.append(" ".join(sekarang))
        seri.extend(Seri(kunci, label, warna, putus, p) for p in potongan)
    garis_y = [Garis(str(y(skala * i / 4)), _label(skala * i / 4)) for i in range(5)]
    label_x = [LabelX(str(x(h)), str(h)) for h in range(1, jumlah_hari + 1) if h == 1 or h % 5 == 0]
    bandwidth_y = str(y(float(bandwidth_mbps))) if bandwidth_mbps else None
    return Grafik(
        LEBAR, TINGGI, KIRI, str(kanan), ATAS, str(bawah), seri, garis_y, label_x, bandwidth_y
    )
