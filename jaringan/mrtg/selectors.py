"""Reads for the MRTG pages: a link's months and days, its uploads, and the overview's last
month per link (one aggregate query for every link)."""

from datetime import date

from django.db.models import Count, DecimalField, ExpressionWrapper, F, Max, Sum
from django.db.models.functions import ExtractMonth, ExtractYear

from jaringan.models import Koneksi
from jaringan.mrtg import aturan
from jaringan.mrtg.model import TrafikHarian, UnggahMrtg


def bulan_tersedia(koneksi: Koneksi) -> list[date]:
    """The first day of every month with data, newest first."""
    pasangan = (
        TrafikHarian.objects.filter(koneksi=koneksi)
        .annotate(t=ExtractYear("tanggal"), b=ExtractMonth("tanggal"))
        .values_list("t", "b")
        .distinct()
        .order_by("-t", "-b")
    )
    return [date(t, b, 1) for t, b in pasangan]


def harian_bulan(koneksi: Koneksi, bulan: date) -> list[TrafikHarian]:
    return list(
        TrafikHarian.objects.filter(
            koneksi=koneksi, tanggal__year=bulan.year, tanggal__month=bulan.month
        ).order_by("tanggal")
    )


def sebagai_harian(rows: list[TrafikHarian]) -> list[aturan.Harian]:
    return [
        aturan.Harian(r.tanggal, r.avg_in, r.avg_out, r.max_in, r.max_out, r.detik_tercakup)
        for r in rows
    ]


def unggahan(koneksi: Koneksi, batas: int = 10) -> list[UnggahMrtg]:
    return list(UnggahMrtg.objects.filter(koneksi=koneksi).select_related("diunggah_oleh")[:batas])


def bulan_terakhir(koneksi_ids: list[int]) -> dict[int, tuple[date, aturan.Ringkasan]]:
    """Per link: its latest month with data and that month's summary (weighted by coverage),
    from one grouped query whatever the number of links."""
    bobot = DecimalField(max_digits=24, decimal_places=2)
    baris = (
        TrafikHarian.objects.filter(koneksi_id__in=koneksi_ids)
        .annotate(t=ExtractYear("tanggal"), b=ExtractMonth("tanggal"))
        .values("koneksi_id", "t", "b")
        .annotate(
            detik=Sum("detik_tercakup"),
            jumlah_in=Sum(ExpressionWrapper(F("avg_in") * F("detik_tercakup"), bobot)),
            jumlah_out=Sum(ExpressionWrapper(F("avg_out") * F("detik_tercakup"), bobot)),
            max_in=Max("max_in"),
            max_out=Max("max_out"),
            hari=Count("pk"),
        )
        .order_by()
    )
    hasil: dict[int, tuple[date, aturan.Ringkasan]] = {}
    for r in baris:
        bulan = date(r["t"], r["b"], 1)
        if r["koneksi_id"] in hasil and hasil[r["koneksi_id"]][0] >= bulan:
            continue
        hasil[r["koneksi_id"]] = (
            bulan,
            aturan.Ringkasan(
                hari=r["hari"],
                detik=r["detik"],
                avg_in=aturan.rata_hari(r["jumlah_in"], r["detik"]),
                avg_out=aturan.rata_hari(r["jumlah_out"], r["detik"]),
                max_in=r["max_in"],
                max_out=r["max_out"],
            ),
        )
    return hasil
