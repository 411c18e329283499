"""Demo of the disruption log (SPEC §15) for `seed_demo`: fifteen disruptions over this month
and the two before it across six OPDs, ISP the most common cause, then devices and power, one
still ongoing at Diskominfo and one crossing into this month, so the recap of this month and
the last one tells a story on the first click. Idempotent: each row carries a fixed key
(`kunci_kirim`), and the service returns an existing row instead of a second one."""

import calendar
import uuid
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from jaringan.gangguan import aturan, services
from jaringan.gangguan.model import Penyebab
from opd.models import Opd, Pengguna

RUANG_KUNCI = uuid.UUID("6a0b3c4e-2f61-4d8a-9a57-5b1f0c2d7e18")


@dataclass(frozen=True)
class Contoh:
    singkatan: str
    bulan_lalu: int  # 0 = this month (start given in hours before now), 1 = last month …
    hari: int  # day of that month; for this month: hours before now
    jam: float  # start hour (local); unused for this month
    lama: float | None  # hours; None = still ongoing
    penyebab: str
    layanan: str
    tindakan: str
    lain: str = ""


CONTOH = [
    Contoh(
        "Diskominfopers",
        0,
        5,
        0,
        None,
        Penyebab.ISP,
        "Internet seluruh kantor",
        "Tiket gangguan dilaporkan ke ISP; menunggu teknisi.",
    ),
    Contoh(
        "BKD",
        0,
        30,
        0,
        3.5,
        Penyebab.LISTRIK,
        "SIMPEG dan internet kantor",
        "Listrik PLN padam; genset dinyalakan, perangkat dinyalakan ulang.",
    ),
    Contoh(
        "Bappeda",
        0,
        54,
        0,
        6,
        Penyebab.ISP,
        "Internet kantor",
        "Gangguan kabel serat optik ISP; diperbaiki ISP.",
    ),
    Contoh(
        "Dinkes",
        0,
        80,
        0,
        2,
        Penyebab.PERANGKAT,
        "Jaringan lantai 2",
        "Switch lantai 2 mati; diganti switch cadangan.",
    ),
    Contoh(
        "Diskominfopers",
        1,
        4,
        9,
        4,
        Penyebab.ISP,
        "Internet dan intranet",
        "Eskalasi ke ISP; jalur dialihkan ke tautan cadangan.",
    ),
    Contoh(
        "Diskominfopers",
        1,
        12,
        13,
        2,
        Penyebab.LISTRIK,
        "Ruang server",
        "UPS ruang server habis daya; baterai UPS diganti.",
    ),
    Contoh("BKD", 1, 8, 8.5, 5, Penyebab.ISP, "Internet kantor", "Dilaporkan ke ISP."),
    Contoh(
        "BKD",
        1,
        21,
        10,
        26,
        Penyebab.ISP,
        "SIMPEG dan e-Kinerja",
        "Perangkat ISP di sisi pelanggan diganti.",
    ),
    Contoh(
        "Disdikbud",
        1,
        15,
        11,
        1.5,
        Penyebab.HUMAN_ERROR,
        "Internet ruang sekretariat",
        "Kabel LAN tercabut saat renovasi; dipasang kembali.",
    ),
    Contoh(
        "RSUD",
        1,
        27,
        7,
        8,
        Penyebab.PERANGKAT,
        "SIMRS",
        "Router inti mulai ulang terus; firmware diperbarui.",
    ),
    Contoh(
        "Dinkes",
        1,
        31,
        22,
        5,
        Penyebab.ISP,
        "Internet kantor",
        "Pemeliharaan jaringan ISP tanpa pemberitahuan.",
    ),
    Contoh(
        "Diskominfopers",
        2,
        6,
        9,
        3,
        Penyebab.PERANGKAT,
        "Wi-Fi kantor",
        "Access point rusak; diganti.",
    ),
    Contoh("BKD", 2, 10, 14, 2, Penyebab.ISP, "Internet kantor", "Dilaporkan ke ISP."),
    Contoh(
        "Bappeda",
        2,
        18,
        8,
        4,
        Penyebab.LAINNYA,
        "Internet kantor",
        "Menunggu penyambungan ulang kabel.",
        "Kabel serat putus akibat galian jalan",
    ),
    Contoh(
        "Dukcapil",
        2,
        22,
        9,
        6,
        Penyebab.ISP,
        "Layanan adminduk daring",
        "Dialihkan ke tautan cadangan Diskominfo.",
    ),
]


def _mulai(contoh: Contoh, sekarang: datetime) -> datetime:
    if contoh.bulan_lalu == 0:
        return (sekarang - timedelta(hours=contoh.hari)).replace(second=0, microsecond=0)
    lokal = timezone.localtime(sekarang)
    tahun, bulan = aturan.bulan_sebelumnya(lokal.year, lokal.month, contoh.bulan_lalu)
    hari = min(contoh.hari, calendar.monthrange(tahun, bulan)[1])
    jam, menit = int(contoh.jam), int(round((contoh.jam % 1) * 60))
    return datetime.combine(
        datetime(tahun, bulan, hari).date(),
        time(jam, menit),
        tzinfo=timezone.get_current_timezone(),
    )


def seed_gangguan_demo(
    *, admin: Pengguna, operator_kominfo: Pengguna, operator_bkd: Pengguna
) -> str:
    opd = {o.singkatan: o for o in Opd.objects.filter(singkatan__in={c.singkatan for c in CONTOH})}
    operator = {
        o.opd.singkatan: o for o in (operator_kominfo, operator_bkd) if o.opd_id is not None
    }
    sekarang = timezone.now()
    baru = 0
    with transaction.atomic():
        for nomor, contoh in enumerate(CONTOH):
            if contoh.singkatan not in opd:
                continue
            mulai = _mulai(contoh, sekarang)
            selesai = None if contoh.lama is None else mulai + timedelta(hours=contoh.lama)
            if selesai is not None and selesai > sekarang:
                selesai = sekarang
            _, dibuat = services.gangguan_catat(
                data=services.DataGangguan(
                    opd=opd[contoh.singkatan],
                    mulai=mulai,
                    selesai=selesai,
                    layanan=contoh.layanan,
                    penyebab=contoh.penyebab,
                    penyebab_lain=contoh.lain,
                    tindakan=contoh.tindakan,
                    koneksi=None,
                    nama_pelapor="",
                ),
                user=operator.get(contoh.singkatan, admin),
                kunci=uuid.uuid5(RUANG_KUNCI, f"gangguan-{nomor}"),
            )
            baru += dibuat
    jumlah = len([c for c in CONTOH if c.singkatan in opd])
    if not baru:
        return f"Log gangguan demo sudah ada ({jumlah} gangguan)."
    return f"Log gangguan demo: {baru} gangguan jaringan dari {len(opd)} OPD (1 masih berlangsung)."
