"""MRTG figures and the chart's geometry, worked out by hand."""

from datetime import date
from decimal import Decimal

from jaringan.mrtg import aturan, grafik


def hari(d, avg_in, avg_out, max_in, max_out, detik=86_400):
    return aturan.Harian(
        date(2026, 11, d),
        Decimal(avg_in),
        Decimal(avg_out),
        Decimal(max_in),
        Decimal(max_out),
        detik,
    )


def test_month_is_weighted_by_covered_seconds_not_by_days():
    # A full day at 1,000,000 B/s and a quarter day (21,600 s) at 2,000,000 B/s:
    # (86,400 × 1M + 21,600 × 2M) / 108,000 = 1,200,000 — a mean of days would say 1,500,000.
    r = aturan.ringkas(
        [hari(1, 1_000_000, 100, 3_000_000, 900), hari(2, 2_000_000, 300, 2_500_000, 950, 21_600)]
    )

    assert r.hari == 2 and r.detik == 108_000
    assert r.avg_in == Decimal("1200000.00")
    assert r.avg_out == Decimal("140.00")  # (86,400×100 + 21,600×300) / 108,000
    assert (r.max_in, r.max_out) == (3_000_000, 950)


def test_days_without_coverage_do_not_count_and_nothing_is_none():
    assert aturan.ringkas([]) is None
    assert aturan.ringkas([hari(1, 5, 5, 5, 5, detik=0)]) is None


def test_mbit_and_utilisation():
    assert aturan.mbps(Decimal(1_542_500)) == Decimal("12.34")  # × 8 ÷ 1,000,000
    assert aturan.utilisasi(Decimal(10_500_000), Decimal(100)) == Decimal("84.0")  # 84 Mbit/s
    assert aturan.padat(Decimal("80.1")) and not aturan.padat(Decimal("80.0"))
    assert aturan.utilisasi(Decimal(1), Decimal(0)) is None and not aturan.padat(None)


def test_indonesian_numbers_and_the_summary_line():
    assert aturan.angka(Decimal("1234.5")) == "1.234,50"
    assert aturan.jam(5_400) == "1,50"
    assert aturan.persen(Decimal("84.0")) == "84,0" and aturan.persen(None) == "–"
    r = aturan.Ringkasan(
        14,
        14 * 86_400,
        Decimal(1_542_500),
        Decimal(401_250),
        Decimal(5_700_000),
        Decimal(1_233_750),
    )

    assert aturan.kalimat(r, date(2026, 11, 1), date(2026, 11, 14)) == (
        "14 hari (2026-11-01 s.d. 2026-11-14): rata-rata masuk 12,34 Mbit/s, keluar 3,21 "
        "Mbit/s; puncak masuk 45,60 Mbit/s, keluar 9,87 Mbit/s"
    )


def test_chart_scales_to_a_round_maximum_and_breaks_lines_on_missing_days():
    g = grafik.buat(
        30, {1: (Decimal(10),) * 4, 2: (Decimal(20),) * 4, 5: (Decimal(45),) * 4}, Decimal(40)
    )

    # The highest value 45 → an axis up to 50, labelled every 12.5.
    assert [x.label for x in g.garis_y] == ["0", "12,5", "25", "37,5", "50"]
    masuk = [s for s in g.seri if s.kunci == "masuk"]
    assert len(masuk) == 2  # days 1–2, then day 5 (3 and 4 have no data: no line to zero)
    # Plot area from y=26 to y=264: 40 of 50 → 264 − 238 × 0.8 = 73.6 (text, with a point).
    assert g.bandwidth_y == "73.6"
    assert g.lebar == 720 and [x.label for x in g.label_x] == [
        "1",
        "5",
        "10",
        "15",
        "20",
        "25",
        "30",
    ]
