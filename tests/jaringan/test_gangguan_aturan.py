"""The disruption log's pure rules (jaringan/gangguan/aturan.py), with figures computed by
hand. The pemda's time zone is Asia/Makassar (WITA, UTC+8, no daylight saving)."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from jaringan.bulan import baca_bulan
from jaringan.gangguan import aturan
from jaringan.gangguan.aturan import Kejadian

WITA = ZoneInfo("Asia/Makassar")
SEKARANG = datetime(2026, 12, 7, 14, 0, tzinfo=WITA)


def w(*args):
    return datetime(*args, tzinfo=WITA)


def test_duration_of_a_finished_disruption_in_hours():
    lama = aturan.durasi(w(2026, 11, 3, 8, 0), w(2026, 11, 3, 9, 20), sekarang=SEKARANG)

    assert lama == timedelta(hours=1, minutes=20)
    assert aturan.jam(lama) == Decimal("1.33")  # 80 / 60 = 1.333…


def test_duration_of_an_ongoing_disruption_runs_to_now():
    lama = aturan.durasi(w(2026, 12, 7, 9, 30), None, sekarang=SEKARANG)

    assert aturan.jam(lama) == Decimal("4.50")


def test_zero_length_and_reversed_durations_are_zero():
    t = w(2026, 11, 3, 8, 0)

    assert aturan.durasi(t, t, sekarang=SEKARANG) == timedelta(0)
    assert aturan.durasi(t, t - timedelta(hours=1), sekarang=SEKARANG) == timedelta(0)


def test_hours_round_half_up():
    assert aturan.jam(timedelta(seconds=18)) == Decimal("0.01")  # 0.005 h → 0.01
    assert aturan.jam(timedelta(seconds=17)) == Decimal("0.00")


def test_month_bounds_are_local_midnight_not_utc():
    awal, akhir = aturan.batas_bulan(2026, 12, WITA)

    assert awal.astimezone(UTC) == datetime(2026, 11, 30, 16, 0, tzinfo=UTC)
    assert akhir.astimezone(UTC) == datetime(2026, 12, 31, 16, 0, tzinfo=UTC)


def test_a_disruption_across_a_month_boundary_is_split_at_local_midnight():
    # 31 Oct 22:00 WITA → 1 Nov 03:30 WITA: 2 h in October, 3.5 h in November.
    mulai, selesai = w(2026, 10, 31, 22, 0), w(2026, 11, 1, 3, 30)

    okt = aturan.lama_dalam_bulan(mulai, selesai, 2026, 10, WITA, sekarang=SEKARANG)
    nov = aturan.lama_dalam_bulan(mulai, selesai, 2026, 11, WITA, sekarang=SEKARANG)

    assert (aturan.jam(okt), aturan.jam(nov)) == (Decimal("2.00"), Decimal("3.50"))
    assert aturan.menyentuh_bulan(mulai, selesai, 2026, 10, WITA, sekarang=SEKARANG)
    assert aturan.menyentuh_bulan(mulai, selesai, 2026, 11, WITA, sekarang=SEKARANG)


def test_utc_input_is_read_in_local_time():
    # 31 Oct 17:00 UTC is 1 Nov 01:00 WITA: all November's, none October's (a UTC month
    # boundary would have called it October's).
    mulai = datetime(2026, 10, 31, 17, 0, tzinfo=UTC)
    selesai = datetime(2026, 10, 31, 19, 0, tzinfo=UTC)

    assert aturan.lama_dalam_bulan(mulai, selesai, 2026, 10, WITA, sekarang=SEKARANG) == (
        timedelta(0)
    )
    assert not aturan.menyentuh_bulan(mulai, selesai, 2026, 10, WITA, sekarang=SEKARANG)
    assert aturan.jam(
        aturan.lama_dalam_bulan(mulai, selesai, 2026, 11, WITA, sekarang=SEKARANG)
    ) == Decimal("2.00")


def test_an_ongoing_disruption_counts_to_the_months_end_in_a_past_month_and_to_now_in_this():
    mulai = w(2026, 11, 30, 20, 0)  # still ongoing on 7 Dec 14:00

    nov = aturan.lama_dalam_bulan(mulai, None, 2026, 11, WITA, sekarang=SEKARANG)
    des = aturan.lama_dalam_bulan(mulai, None, 2026, 12, WITA, sekarang=SEKARANG)

    assert nov == timedelta(hours=4)
    assert des == timedelta(days=6, hours=14)  # 1 Dec 00:00 → 7 Dec 14:00
    # And not at all in a month that has not come yet.
    assert not aturan.menyentuh_bulan(mulai, None, 2027, 1, WITA, sekarang=SEKARANG)


def test_a_disruption_ending_exactly_at_midnight_is_not_the_next_months():
    mulai, selesai = w(2026, 10, 31, 23, 0), w(2026, 11, 1, 0, 0)

    assert not aturan.menyentuh_bulan(mulai, selesai, 2026, 11, WITA, sekarang=SEKARANG)
    assert aturan.menyentuh_bulan(mulai, selesai, 2026, 10, WITA, sekarang=SEKARANG)


def test_a_zero_length_disruption_counts_once_with_no_hours():
    t = w(2026, 11, 15, 10, 0)
    rekap = aturan.rekap_bulan([Kejadian("A", "isp", t, t)], 2026, 11, WITA, sekarang=SEKARANG)

    assert (rekap.jumlah, rekap.jam) == (1, Decimal("0.00"))


def test_december_to_january_boundary():
    assert aturan.batas_bulan(2026, 12, WITA)[1] == w(2027, 1, 1)
    assert aturan.bulan_sebelumnya(2027, 1) == (2026, 12)
    assert aturan.bulan_sebelumnya(2026, 3, 14) == (2025, 1)


def test_the_monthly_recap_ranks_opds_by_count_then_hours_and_sums_per_cause():
    kejadian = [
        # A: 2 disruptions, 1 h + 3 h = 4 h.
        Kejadian("A", "isp", w(2026, 11, 2, 8, 0), w(2026, 11, 2, 9, 0)),
        Kejadian("A", "listrik", w(2026, 11, 5, 10, 0), w(2026, 11, 5, 13, 0)),
        # B: 2 disruptions, 2 h + 30 min + (from Oct) 1 h in Nov = 3.5 h — ties A's count.
        Kejadian("B", "isp", w(2026, 11, 9, 8, 0), w(2026, 11, 9, 10, 30)),
        Kejadian("B", "perangkat", w(2026, 10, 31, 23, 0), w(2026, 11, 1, 1, 0)),
        # C: 1 disruption, 10 h.
        Kejadian("C", "isp", w(2026, 11, 20, 0, 0), w(2026, 11, 20, 10, 0)),
        # D: only in October → not in November's recap.
        Kejadian("D", "isp", w(2026, 10, 20, 0, 0), w(2026, 10, 20, 5, 0)),
    ]

    rekap = aturan.rekap_bulan(
        kejadian,
        2026,
        11,
        WITA,
        sekarang=SEKARANG,
        penyebab=["human_error", "listrik", "perangkat", "isp", "lainnya"],
    )

    assert [(b.kunci, b.jumlah, b.jam) for b in rekap.per_opd] == [
        ("A", 2, Decimal("4.00")),
        ("B", 2, Decimal("3.50")),
        ("C", 1, Decimal("10.00")),
    ]
    assert [(b.kunci, b.jumlah, b.jam) for b in rekap.per_penyebab] == [
        ("human_error", 0, Decimal("0.00")),
        ("listrik", 1, Decimal("3.00")),
        ("perangkat", 1, Decimal("1.00")),
        ("isp", 3, Decimal("13.50")),  # 1 + 2.5 + 10
        ("lainnya", 0, Decimal("0.00")),
    ]
    assert (rekap.jumlah, rekap.jam) == (5, Decimal("17.50"))


def test_equal_count_and_hours_fall_back_to_the_key():
    t = w(2026, 11, 2, 8, 0)
    kejadian = [Kejadian(k, "isp", t, t + timedelta(hours=1)) for k in ("Zeta", "Alfa")]

    rekap = aturan.rekap_bulan(kejadian, 2026, 11, WITA, sekarang=SEKARANG)

    assert [b.kunci for b in rekap.per_opd] == ["Alfa", "Zeta"]


def test_naive_datetimes_are_refused():
    with pytest.raises(ValueError, match="zona waktu"):
        aturan.durasi(datetime(2026, 11, 1), None, sekarang=SEKARANG)


@pytest.mark.parametrize(
    ("teks", "hasil"),
    [
        ("2026-11", (2026, 11)),
        ("2026-1", None),
        ("2026-13", None),
        ("1999-12", None),
        ("２０２６-11", None),
        ("abcd-ef", None),
        ("", None),
        (None, None),
    ],
)
def test_reading_a_month_parameter(teks, hasil):
    assert baca_bulan(teks) == hasil
