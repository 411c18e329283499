"""Reads of the disruption log: the filtered list, and the month's recap (per OPD and per
cause) computed by `aturan` from the disruptions touching that month."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.dates import MONTHS

from jaringan.gangguan import aturan
from jaringan.gangguan.model import Gangguan, Penyebab
from opd.models import Opd


def _zona():
    return timezone.get_current_timezone()


def dalam_bulan(qs: QuerySet[Gangguan], tahun: int, bulan: int) -> QuerySet[Gangguan]:
    """Disruptions that may touch the month: started before its end and not finished before
    its start (an ongoing one always). `aturan.menyentuh_bulan` decides the edge cases."""
    awal, akhir = aturan.batas_bulan(tahun, bulan, _zona())
    return qs.filter(mulai__lt=akhir).filter(Q(selesai__isnull=True) | Q(selesai__gte=awal))


def daftar_gangguan(
    base: QuerySet[Gangguan],
    *,
    bulan: tuple[int, int] | None = None,
    opd_id: int | None = None,
    penyebab: str = "",
    berlangsung: bool = False,
) -> QuerySet[Gangguan]:
    """The log, newest first, with what each row shows joined (one query per page)."""
    qs = base
    if bulan is not None:
        qs = dalam_bulan(qs, *bulan)
    if opd_id:
        qs = qs.filter(opd_id=opd_id)
    if penyebab:
        qs = qs.filter(penyebab=penyebab)
    if berlangsung:
        qs = qs.filter(selesai__isnull=True)
    return qs.select_related("opd", "pelapor", "koneksi").order_by("-mulai", "-pk")


@dataclass(frozen=True)
class BarisOpd:
    peringkat: int
    opd: Opd
    jumlah: int
    jam: object  # Decimal hours


@dataclass(frozen=True)
class BarisPenyebab:
    penyebab: str
    label: str
    jumlah: int
    jam: object


@dataclass(frozen=True)
class RekapBulan:
    tahun: int
    bulan: int
    jumlah: int
    jam: object
    per_opd: list[BarisOpd]
    per_penyebab: list[BarisPenyebab]
    gangguan: list[Gangguan]  # those counted, oldest first, with their hours in the month


def rekap_bulan(
    base: QuerySet[Gangguan], tahun: int, bulan: int, *, sekarang: datetime | None = None
) -> RekapBulan:
    """The month's recap over `base` (the user's scope): two queries (disruptions with their
    OPD, reporter and link; nothing else), however many rows."""
    sekarang = sekarang or timezone.now()
    zona = _zona()
    rows = list(
        dalam_bulan(base, tahun, bulan)
        .select_related("opd", "pelapor", "koneksi")
        .order_by("mulai", "pk")
    )
    dihitung = [
        g
        for g in rows
        if aturan.menyentuh_bulan(g.mulai, g.selesai, tahun, bulan, zona, sekarang=sekarang)
    ]
    for g in dihitung:
        g.jam_bulan = aturan.jam(
            aturan.lama_dalam_bulan(g.mulai, g.selesai, tahun, bulan, zona, sekarang=sekarang)
        )
        g.jam_total = aturan.jam(aturan.durasi(g.mulai, g.selesai, sekarang=sekarang))
    rekap = aturan.rekap_bulan(
        [aturan.Kejadian((g.opd.nama, g.opd_id), g.penyebab, g.mulai, g.selesai) for g in dihitung],
        tahun,
        bulan,
        zona,
        sekarang=sekarang,
        penyebab=Penyebab.values,
    )
    opd = {(g.opd.nama, g.opd_id): g.opd for g in dihitung}
    label = dict(Penyebab.choices)
    return RekapBulan(
        tahun=tahun,
        bulan=bulan,
        jumlah=rekap.jumlah,
        jam=rekap.jam,
        per_opd=[
            BarisOpd(i, opd[b.kunci], b.jumlah, b.jam) for i, b in enumerate(rekap.per_opd, 1)
        ],
        per_penyebab=[
            BarisPenyebab(b.kunci, label.get(b.kunci, b.kunci), b.jumlah, b.jam)
            for b in rekap.per_penyebab
        ],
        gangguan=dihitung,
    )


def pilihan_bulan(hari_ini, n: int = 24) -> list[tuple[str, str]]:
    """The last `n` months, newest first, as ("2026-11", "November 2026")."""
    return [
        (f"{t:04d}-{b:02d}", f"{MONTHS[b]} {t}")
        for t, b in (aturan.bulan_sebelumnya(hari_ini.year, hari_ini.month, i) for i in range(n))
    ]


def masih_berlangsung(qs: QuerySet[Gangguan], maks: int = 10) -> list[Gangguan]:
    """Tugas saya: disruptions still open (no end time), the longest-running first, so one
    left open by mistake is closed too."""
    return list(qs.filter(selesai__isnull=True).select_related("opd").order_by("mulai")[:maks])
