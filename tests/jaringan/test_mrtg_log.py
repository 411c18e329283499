"""The MRTG log parser against generated files: every expected figure worked out by hand
(rates in bytes/s; a day is 86,400 s; the project's zone is UTC+8)."""

from datetime import date
from decimal import Decimal

import pytest

from jaringan.mrtg import log
from tests.jaringan.mrtg_pembuat import WITA, jam_kerja, log_mrtg, per_hari, tetap, waktu


def baca(data, **kw):
    return log.baca(data, tz=WITA, **kw)


def per_tanggal(hasil):
    return {h.tanggal: h for h in hasil.hari}


def rata(h, arah="in"):
    return (h.jumlah_in if arah == "in" else h.jumlah_out) / h.detik


def test_constant_rate_over_three_days_at_five_minutes():
    # 3 days × 288 five-minute lines after the newest, oldest at midnight 1 Nov.
    data = log_mrtg(waktu(2026, 11, 4), [(300, 3 * 288)], tetap(1_000_000, 250_000))

    hasil = baca(data)

    assert [h.tanggal for h in hasil.hari] == [date(2026, 11, d) for d in (1, 2, 3)]
    for h in hasil.hari:
        assert h.detik == 86_400
        assert rata(h) == 1_000_000 and rata(h, "out") == 250_000
        assert (h.max_in, h.max_out) == (2_000_000, 500_000)
    assert hasil.baris_data == 864
    assert (hasil.sampah, hasil.reset, hasil.celah) == ([], [], [])


def test_totals_line_is_read():
    data = log_mrtg(waktu(2026, 11, 2), [(300, 288)], tetap(10, 10), total=(555, 777))

    hasil = baca(data)

    assert (hasil.total_in, hasil.total_out) == (555, 777)
    assert hasil.waktu_total.date() == date(2026, 11, 2)


def test_office_hours_step_at_two_hour_resolution():
    # 08:00–16:00 at 1,200,000, the other 16 h at 300,000: (8×1.2M + 16×0.3M) / 24 = 600,000.
    data = log_mrtg(waktu(2026, 11, 3), [(7200, 2 * 12)], jam_kerja(1_200_000, 300_000))

    hasil = baca(data)

    hari = per_tanggal(hasil)
    assert set(hari) == {date(2026, 11, 1), date(2026, 11, 2)}
    for h in hari.values():
        assert rata(h) == 600_000
        assert rata(h, "out") == 150_000  # a quarter
        assert h.max_in == 1_800_000 and h.max_out == 450_000


def test_mrtg_consolidation_weights_by_interval_never_by_line_count():
    # Newest day at 5 min, then 2 days at 30 min, 3 at 2 h, 4 at 1 day: each day has its own
    # rate, and each day's average must be that rate whatever its number of lines.
    laju = {d: (d * 100_000, d * 10_000) for d in range(1, 11)}
    data = log_mrtg(
        waktu(2026, 11, 11), [(300, 288), (1800, 96), (7200, 36), (86_400, 4)], per_hari(laju)
    )

    hasil = baca(data)

    hari = per_tanggal(hasil)
    assert sorted(hari) == [date(2026, 11, d) for d in range(1, 11)]
    for d in range(1, 11):
        h = hari[date(2026, 11, d)]
        assert h.detik == 86_400
        assert rata(h) == d * 100_000 and rata(h, "out") == d * 10_000
    # A line-count mean over the whole file would lean to day 10 (288 of 424 lines); time
    # weighting gives each of the ten days the same weight: mean of 1..10 × 100,000.
    total = sum(h.jumlah_in for h in hari.values()) / sum(h.detik for h in hari.values())
    assert total == 550_000


def test_an_interval_crossing_midnight_is_split_between_the_days():
    data = "\n".join(
        [
            f"{waktu(2026, 11, 2, 1)} 1 1",
            f"{waktu(2026, 11, 2, 1)} 100 10 100 10",  # covers 1 Nov 23:00 – 2 Nov 01:00
            f"{waktu(2026, 11, 1, 23)} 50 5 80 8",  # covers 21:00 – 23:00
            f"{waktu(2026, 11, 1, 21)} 0 0 0 0",  # only the start of the first interval
        ]
    ).encode()

    hari = per_tanggal(baca(data))

    satu, dua = hari[date(2026, 11, 1)], hari[date(2026, 11, 2)]
    assert (satu.detik, dua.detik) == (10_800, 3_600)
    assert satu.jumlah_in == 3_600 * 100 + 7_200 * 50  # 720,000 → 66.67 B/s
    assert dua.jumlah_in == 3_600 * 100
    assert satu.max_in == 100 and dua.max_in == 100  # the peak counts for both days


def test_a_missing_stretch_is_a_gap_and_not_filled():
    data = log_mrtg(waktu(2026, 11, 3), [(300, 2 * 288)], tetap(1000, 500)).decode()
    baris = data.splitlines()
    # Drop 23 five-minute lines in day 2 (lines 11..33): one interval of 24 × 300 = 7,200 s.
    data = "\n".join(baris[:10] + baris[33:]).encode()

    hasil = baca(data)

    hari = per_tanggal(hasil)
    assert hari[date(2026, 11, 2)].detik == 86_400 - 7_200
    assert rata(hari[date(2026, 11, 2)]) == 1000  # the average is not diluted by the gap
    assert hari[date(2026, 11, 1)].detik == 86_400
    assert len(hasil.celah) == 1 and hasil.detik_celah == 7_200


def test_an_interval_longer_than_a_day_is_a_gap():
    laju = {d: (d * 1000, d * 100) for d in range(1, 8)}
    data = log_mrtg(waktu(2026, 11, 8), [(86_400, 7)], per_hari(laju)).decode().splitlines()
    del data[3]  # stamped 6 Nov: the line stamped 7 Nov now spans 5–7 Nov (2 days)

    hasil = baca("\n".join(data).encode())

    hari = per_tanggal(hasil)
    assert sorted(d.day for d in hari) == [1, 2, 3, 4, 7]
    assert rata(hari[date(2026, 11, 7)]) == 7000
    assert hasil.detik_celah == 2 * 86_400


def test_counter_resets_are_skipped_and_counted():
    data = log_mrtg(waktu(2026, 11, 2), [(300, 288)], tetap(1_000_000, 100_000)).decode()
    baris = data.splitlines()
    t5, t9 = baris[5].split()[0], baris[9].split()[0]
    baris[5] = f"{t5} -4294967 100000 -4294967 100000"  # the counter went back
    baris[9] = f"{t9} 30000000 100000 30000000 100000"  # 240 Mbit/s on a 100 Mbps link

    hasil = baca("\n".join(baris).encode(), bandwidth_mbps=Decimal(100))

    assert [b.nomor for b in hasil.reset] == [6, 10]
    h = hasil.hari[0]
    assert h.detik == 86_400 - 600
    assert rata(h) == 1_000_000 and h.max_in == 2_000_000


def test_the_cap_follows_the_bandwidth_or_else_a_generous_fixed_one():
    data = log_mrtg(waktu(2026, 11, 2), [(300, 288)], tetap(30_000_000, 10)).decode()
    # 240 Mbit/s: beyond twice 100 Mbps, well within 1 Gbps or the fixed cap.
    assert len(baca(data.encode(), bandwidth_mbps=Decimal(1000)).reset) == 0
    assert len(baca(data.encode()).reset) == 0
    with pytest.raises(log.LogDitolak, match="setiap baris data dilewati"):
        baca(data.encode(), bandwidth_mbps=Decimal(100))
    baris = data.splitlines()
    baris[4] = f"{baris[4].split()[0]} 20000000000 10 20000000000 10"  # 160 Gbit/s
    assert [b.nomor for b in baca("\n".join(baris).encode()).reset] == [5]


def test_garbage_lines_are_skipped_with_their_numbers():
    baris = log_mrtg(waktu(2026, 11, 2), [(300, 288)], tetap(1000, 100)).decode().splitlines()
    t3 = baris[3].split()[0]
    baris[2] = "ini bukan baris mrtg sama sekali"  # replaces one line: a 600 s interval
    baris.insert(4, f"{t3} 1000 100 1000 100")  # duplicate timestamp (line 5)
    baris.insert(6, f"{waktu(2026, 11, 3)} 1000 100 1000 100")  # newer than its neighbour
    baris.insert(8, "1730000000 1000 100")  # three fields
    baris.insert(10, "1730000000 NaN 1 1 1")
    baris.insert(11, "")  # blank lines are not garbage

    hasil = baca("\n".join(baris).encode())

    assert [(b.nomor, b.alasan) for b in hasil.sampah] == [
        (3, "jumlah kolom bukan 5"),
        (5, "waktu berulang"),
        (7, "waktu tidak berurutan"),
        (9, "jumlah kolom bukan 5"),
        (11, "bukan angka"),
    ]
    assert hasil.hari[0].detik == 86_400  # the dropped line's time went to its neighbour
    assert log.daftar_baris(hasil.sampah) == "baris 3, 5, 7, 9, 11"


@pytest.mark.parametrize(
    ("data", "pesan"),
    [
        (b"", "kosong"),
        (b"\x1f\x8b\x08\x00" + b"\x00" * 20, "gzip"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "bukan berkas teks"),
        ("1730000000 1 1\n".encode("utf-16"), "bukan berkas teks"),
        (b"\xff\xfe\xfa 1 2 3\n", "bukan berkas teks"),
        (b"1798000000 123 456\n", "cukup baris data"),
        (b"1798000000 123 456\n1798000000 1 1 1 1\n", "cukup baris data"),
        (b"waktu,masuk,keluar\n1,2,3\n", "Baris pertama"),
        (b"17 1 1\n17 1 1 1 1\n16 1 1 1 1\n", "tidak masuk akal"),
        (b"1798000000 1 1\nabc\n1 2\nx y z w v\n", "cukup baris data"),
    ],
)
def test_unusable_files_are_refused_with_a_clear_message(data, pesan):
    with pytest.raises(log.LogDitolak, match=pesan):
        baca(data)


def test_oversize_is_refused_before_parsing():
    data = log_mrtg(waktu(2026, 11, 2), [(300, 288)], tetap(1, 1))

    with pytest.raises(log.LogDitolak, match="terlalu besar"):
        baca(data, maks_bait=len(data) - 1)
    assert baca(data, maks_bait=len(data)).hari


def test_a_data_line_newer_than_the_totals_line_is_out_of_order():
    baris = log_mrtg(waktu(2026, 11, 2), [(300, 288)], tetap(10, 10)).decode().splitlines()
    baris.insert(1, f"{waktu(2026, 11, 2, 0, 5)} 10 10 10 10")

    hasil = baca("\n".join(baris).encode())

    assert [(b.nomor, b.alasan) for b in hasil.sampah] == [(2, "waktu tidak berurutan")]
    assert [h.tanggal for h in hasil.hari] == [date(2026, 11, 1)]


def test_many_skipped_lines_are_listed_briefly():
    baris = [log.BarisDilewati(n, "x") for n in range(2, 30)]

    assert log.daftar_baris(baris) == "baris 2, 3, 4, 5, 6, 7, 8, 9, 10, 11 dan 18 lainnya"


def test_a_step_change_is_no_gap_but_a_hole_before_one_is():
    # 5-min lines for the newest 2 h, then a missing 2 h, then 2-hour lines: the hole is as
    # long as the older step, so it reads as the step change (nothing to tell them apart);
    # a 4-hour hole is twice the older step plus more: a gap.
    def dengan_lubang(lubang):
        baris = log_mrtg(waktu(2026, 11, 2), [(300, 24), (lubang, 1), (7200, 9)], tetap(100, 10))
        return baca(baris)

    assert dengan_lubang(7200).celah == []
    assert [c.detik for c in dengan_lubang(14_401).celah] == [14_401]


def test_the_oldest_interval_of_a_day_after_two_hour_lines_is_no_gap():
    hasil = baca(log_mrtg(waktu(2026, 11, 3), [(7200, 12), (86_400, 1)], tetap(100, 10)))

    assert hasil.celah == [] and [h.detik for h in hasil.hari] == [86_400, 86_400]
