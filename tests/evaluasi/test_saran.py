"""Advice a person can follow, and like with like (issue [3/9] items 8 and 9): pure rules
checked on the published Kabupaten Paser 2022 levels (index 2,13 Cukup)."""

from evaluasi import saran, scoring
from tests.evaluasi.test_scoring import PASER_LEVELS, SPBE

NAMA = {n: f"Indikator {n}" for n in SPBE.nomor}
BUKTI = {(n, lv): [f"bukti {n}/{lv}"] for n in SPBE.nomor for lv in range(1, 6)}


def test_a_one_level_cap_reaches_baik_from_paser_in_one_step_per_indicator():
    gap = scoring.analisis_gap(SPBE, PASER_LEVELS, maks_naik=1)

    assert gap.target == "Baik" and gap.tercapai
    assert all(lg.ke - lg.dari == 1 for lg in gap.langkah)
    # Still the fewest steps under the cap: the heaviest indicators first, and the plan
    # really reaches Baik (2,60) when applied.
    after = scoring.hitung(SPBE, {**PASER_LEVELS, **{lg.nomor: lg.ke for lg in gap.langkah}})
    assert after.predikat == "Baik"
    assert gap.jumlah_langkah == len(gap.langkah)
    without_cap = scoring.analisis_gap(SPBE, PASER_LEVELS)
    assert gap.jumlah_langkah >= without_cap.jumlah_langkah == 16


def test_a_band_out_of_one_years_reach_gives_the_best_plan_not_jumps_of_four_levels():
    # All at level 1 (index 1,00): one level each reaches Cukup (2,00) in one year.
    assert scoring.analisis_gap(SPBE, dict.fromkeys(SPBE.nomor, 1), maks_naik=1).tercapai

    far = scoring.analisis_gap(SPBE, dict.fromkeys(SPBE.nomor, 3), maks_naik=1)
    assert far.target == "Sangat Baik"
    stuck = scoring.analisis_gap(SPBE, dict.fromkeys(SPBE.nomor, 1), maks_naik=0)
    assert stuck.langkah == () and not stuck.tercapai  # a zero cap plans nothing

    text = saran.saran(far, NAMA, BUKTI)
    assert text.kalimat.startswith("Untuk mencapai Sangat Baik")
    assert all(s.ke == 4 and s.bukti == (f"bukti {s.nomor}/4",) for s in text.langkah)


def test_an_incomplete_penilaian_starts_with_what_is_unanswered_and_has_no_predikat():
    levels = {n: PASER_LEVELS[n] for n in range(1, 41)}  # 41–47 unanswered

    hasil = scoring.hitung(SPBE, levels)
    advice = saran.saran(scoring.analisis_gap(SPBE, levels, maks_naik=1), NAMA, BUKTI)

    assert hasil.predikat == "" and not hasil.lengkap
    assert advice.kalimat.startswith(
        "Isi dahulu 7 indikator yang belum dijawab (indikator 41, 42, 43, 44, 45, 46, 47)"
    )
    # Complete again: the band is back (Paser's published predikat).
    assert scoring.hitung(SPBE, PASER_LEVELS).predikat == "Cukup"


def test_the_top_band_keeps_what_it_has():
    gap = scoring.analisis_gap(SPBE, dict.fromkeys(SPBE.nomor, 5), maks_naik=1)
    assert saran.saran(gap, NAMA, BUKTI).kalimat.startswith("Predikat tertinggi sudah tercapai")
    assert gap.selisih is None
