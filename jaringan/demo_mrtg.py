"""Demo MRTG traffic (issue 18, item 3): a generated, realistic 60-day log for the
"Internet utama" link of operator.kominfo's OPD (busy office hours, quiet nights and
weekends), and a second OPD's link near saturation so the utilisation warning shows. Stored
through the upload service, as an operator would; a link that already has a log is left
alone, so running the seed twice changes nothing."""

import math
from datetime import datetime, time
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

from jaringan.models import JenisKoneksi, Koneksi
from jaringan.mrtg import services
from jaringan.mrtg.model import UnggahMrtg
from opd.models import Pengguna

HARI = 60
LIMA_MENIT = 300
# MRTG's layout back from now: 600 × 5 min, 600 × 30 min, then 2 h for the rest.
SUSUNAN = ((300, 600), (1800, 600), (7200, None))


def _profil(t: int, tz, siang: float, malam: float, libur: float) -> float:
    """Mbit/s at unix time `t`: a working-day curve 07:30–16:00 peaking before noon, quiet
    nights and weekends, and a deterministic wobble so no two days look the same."""
    lokal = datetime.fromtimestamp(t, tz)
    jam = lokal.hour + lokal.minute / 60
    goyang = 1 + 0.12 * math.sin(t / 1700) + 0.06 * math.sin(t / 23_000 + lokal.day)
    if lokal.weekday() >= 5:
        return libur * goyang
    if 7.5 <= jam < 16:
        bentuk = math.sin(math.pi * (jam - 7.5) / 8.5) ** 0.6
        return (malam + (siang - malam) * bentuk) * goyang
    return malam * goyang


def buat_log(akhir: int, tz, siang: float, malam: float, libur: float, batas: float) -> bytes:
    """An MRTG log of HARI days ending at `akhir`, consolidated as MRTG does: each line the
    mean of its 5-minute rates, its peak their highest (bytes/s, out ≈ a fifth of in)."""
    mulai = akhir - HARI * 86_400
    stempel, t = [akhir], akhir
    for langkah, jumlah in SUSUNAN:
        n = 0
        while (jumlah is None or n < jumlah) and t - langkah >= mulai:
            t -= langkah
            stempel.append(t)
            n += 1
    baris = []
    for i, ujung in enumerate(stempel[:-1]):
        awal = stempel[i + 1]
        laju = [
            min(_profil(s, tz, siang, malam, libur), batas) * 1_000_000 / 8
            for s in range(awal, ujung, LIMA_MENIT)
        ]
        rata, puncak = sum(laju) / len(laju), max(laju)
        baris.append(f"{ujung} {rata:.0f} {rata / 5:.0f} {puncak:.0f} {puncak / 5:.0f}")
    baris.append(f"{stempel[-1]} 0 0 0 0")
    kepala = f"{akhir} {akhir * 3_000_000 % 2**32} {akhir * 600_000 % 2**32}"
    return ("\n".join([kepala, *baris]) + "\n").encode()


def _koneksi(opd, tahun: int, bandwidth: int) -> Koneksi:
    koneksi, _ = Koneksi.objects.get_or_create(
        opd=opd,
        tahun=tahun,
        nama="Internet utama",
        defaults={"jenis": JenisKoneksi.DISKOMINFO, "bandwidth_mbps": Decimal(bandwidth)},
    )
    return koneksi


def seed_mrtg_demo(*, tahun: int | None = None) -> str:
    """Needs the demo users operator.kominfo and operator.bkd (with their OPDs)."""
    tz = ZoneInfo(settings.TIME_ZONE)
    hari_ini = timezone.localdate()
    tahun = tahun or hari_ini.year
    akhir = int(datetime.combine(hari_ini, time(), tz).timestamp())
    if hari_ini.year != tahun:  # another year: its last 60 days
        akhir = int(datetime.combine(datetime(tahun, 12, 31).date(), time(), tz).timestamp())
    rencana = [
        # (operator, bandwidth Mbps if the link is new, daytime, night, weekend load as a
        # share of the link's bandwidth, so a link made by another demo fits as well)
        ("operator.kominfo", 100, 0.62, 0.06, 0.09),
        ("operator.bkd", 20, 0.98, 0.82, 0.75),  # near saturation: the warning shows
    ]
    dibuat, ada = [], []
    for username, bandwidth, siang, malam, libur in rencana:
        operator = Pengguna.objects.filter(username=username).select_related("opd").first()
        if operator is None or operator.opd is None:
            continue
        koneksi = _koneksi(operator.opd, tahun, bandwidth)
        nama = f"{operator.opd.singkatan or operator.opd.kode}"
        if UnggahMrtg.objects.filter(koneksi=koneksi).exists():
            ada.append(nama)
            continue
        bw = float(koneksi.bandwidth_mbps)
        data = buat_log(akhir, tz, siang * bw, malam * bw, libur * bw, bw)
        services.unggah_simpan(
            koneksi=koneksi,
            data=data,
            nama=f"{nama.lower()}-internet-utama.log",
            user=operator,
        )
        dibuat.append(nama)
    if not dibuat:
        return f"Trafik MRTG: sudah ada ({', '.join(ada) or 'tanpa operator demo'})."
    return (
        f"Trafik MRTG: log {HARI} hari diunggah untuk koneksi Internet utama "
        f"{', '.join(dibuat)}" + (f" (sudah ada: {', '.join(ada)})" if ada else "") + "."
    )
