"""The pure scoring module: the published worked example, banding, N/A, gap analysis.

No database: instruments are built from the bundled CSV the same way the loader reads it.
"""

import csv
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from evaluasi import scoring
from evaluasi.scoring import Band, IndikatorDef, InstrumenDef

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
SHARED = Path(__file__).resolve().parents[3] / "shared" / "spec"

BANDS_2020 = (
    Band("Kurang", Decimal("1.00")),
    Band("Cukup", Decimal("1.80")),
    Band("Baik", Decimal("2.60")),
    Band("Sangat Baik", Decimal("3.50")),
    Band("Memuaskan", Decimal("4.20")),
)
BANDS_PEMDI = (
    Band("Kurang", Decimal("1.00")),
    Band("Cukup", Decimal("1.50")),
    Band("Baik", Decimal("2.50")),
    Band("Sangat Baik", Decimal("3.50")),
    Band("Memuaskan", Decimal("4.00")),
)


def _instrumen(name: str, bands) -> InstrumenDef:
    with (FIXTURES / name).open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return InstrumenDef(
        indikator=tuple(
            IndikatorDef(
                nomor=int(r["no"]),
                bobot=Decimal(r["bobot"]),
                aspek=int(r["aspek_no"]),
                domain=int(r["domain_no"]) if r.get("domain_no") else None,
            )
            for r in rows
        ),
        bands=bands,
    )


SPBE = _instrumen("instrumen_spbe_2020.csv", BANDS_2020)
PEMDI = _instrumen("instrumen_pemdi_2026.csv", BANDS_PEMDI)

# Kabupaten Paser 2022 (contoh_perhitungan.md): published index 2,13, predikat Cukup.
PASER = [
    3,
    2,
    3,
    1,
    1,
    1,
    1,
    1,
    1,
    4,
    1,
    1,
    2,
    1,
    1,
    1,
    3,
    3,
    3,
    3,
    1,
    1,
    1,
    1,
    1,
    1,
    1,
    1,
    1,
    1,
    1,
]
PASER += [4, 4, 4, 3, 2, 2, 1, 2, 2, 3, 4, 2, 3, 3, 3, 2]
PASER_LEVELS = dict(enumerate(PASER, start=1))
PASER_ASPEK = {
    1: "1.80",
    2: "1.25",
    3: "2.00",
    4: "3.00",
    5: "1.00",
    6: "1.00",
    7: "2.70",
    8: "2.83",
}


def test_fixture_copies_match_the_shared_spec():
    for name in ("instrumen_spbe_2020.csv", "instrumen_pemdi_2026.csv"):
        assert (FIXTURES / name).read_bytes() == (SHARED / name).read_bytes()


def test_worked_example_reproduces_every_published_value():
    hasil = scoring.hitung(SPBE, PASER_LEVELS)

    assert hasil.indeks_presisi == Decimal("2.1265")
    assert hasil.indeks == Decimal("2.13")
    assert hasil.predikat == "Cukup"
    assert hasil.lengkap and hasil.kemajuan == Decimal("100.00")
    assert {k: str(v) for k, v in hasil.aspek.items()} == PASER_ASPEK


def test_index_equals_weighted_mean_of_unrounded_aspect_values():
    hasil = scoring.hitung(SPBE, PASER_LEVELS)
    aspek_bobot = {}
    for ind in SPBE.indikator:
        aspek_bobot[ind.aspek] = aspek_bobot.get(ind.aspek, Decimal(0)) + ind.bobot

    total = sum(aspek_bobot[k] * v for k, v in hasil.aspek_presisi.items())

    assert scoring.bulatkan(total / 100) == hasil.indeks


def test_unanswered_counts_zero_and_is_flagged():
    levels = {**PASER_LEVELS, 1: None, 47: 0}
    levels.pop(2)

    hasil = scoring.hitung(SPBE, levels)

    assert not hasil.lengkap
    assert hasil.belum_dijawab == (1, 2, 47)
    # indicator 1 (w 1.3, level 3), 2 (w 1.3, level 2) and 47 (w 3, level 2) now count 0
    removed = Decimal("1.3") * 3 + Decimal("1.3") * 2 + Decimal(3) * 2
    assert hasil.indeks_presisi == (Decimal("212.65") - removed) / 100
    assert hasil.kemajuan == scoring.bulatkan(Decimal(44 * 100) / 47)


def test_not_applicable_indicators_leave_numerator_and_denominator():
    hasil = scoring.hitung(SPBE, PASER_LEVELS, na={45, 46, 47})

    expected = (Decimal("212.65") - 3 * (3 + 3 + 2)) / (100 - 9)
    assert hasil.indeks_presisi == expected
    # aspect 8 is now (4·3 + 2·3 + 3·3) / 9 = 3.00
    assert hasil.aspek[8] == Decimal("3.00")


def test_aspect_with_every_indicator_not_applicable_is_absent():
    hasil = scoring.hitung(SPBE, PASER_LEVELS, na={19, 20})

    assert 4 not in hasil.aspek


def test_pemdi_scores_without_domains():
    hasil = scoring.hitung(PEMDI, dict.fromkeys(PEMDI.nomor, 3))

    assert hasil.indeks == Decimal("3.00") and hasil.predikat == "Baik"
    assert hasil.domain == {} and len(hasil.aspek) == 7


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ({1: 7}, "harus 1–5"),
        ({1: -1}, "harus 1–5"),
        ({48: 3}, "tidak dikenal: 48"),
    ],
)
def test_invalid_levels_are_refused(bad, message):
    with pytest.raises(ValueError, match=message):
        scoring.hitung(SPBE, {**PASER_LEVELS, **bad})


def test_all_not_applicable_is_refused():
    with pytest.raises(ValueError, match="semua indikator"):
        scoring.hitung(SPBE, {}, na=set(SPBE.nomor))


# --- Banding --------------------------------------------------------------------------------

BOUNDARIES_2020 = [
    ("0.00", "Kurang"),
    ("1.79", "Kurang"),
    ("1.80", "Cukup"),
    ("2.59", "Cukup"),
    ("2.60", "Baik"),
    ("3.49", "Baik"),
    ("3.50", "Sangat Baik"),
    ("4.19", "Sangat Baik"),
    ("4.20", "Memuaskan"),
    ("5.00", "Memuaskan"),
]
BOUNDARIES_PEMDI = [
    ("1.00", "Kurang"),
    ("1.49", "Kurang"),
    ("1.50", "Cukup"),
    ("2.49", "Cukup"),
    ("2.50", "Baik"),
    ("3.49", "Baik"),
    ("3.50", "Sangat Baik"),
    ("3.99", "Sangat Baik"),
    ("4.00", "Memuaskan"),
    ("5.00", "Memuaskan"),
]


@pytest.mark.parametrize(("nilai", "nama"), BOUNDARIES_2020)
def test_bands_2020_at_and_around_every_boundary(nilai, nama):
    assert scoring.predikat(BANDS_2020, Decimal(nilai)).nama == nama


@pytest.mark.parametrize(("nilai", "nama"), BOUNDARIES_PEMDI)
def test_bands_pemdi_at_and_around_every_boundary(nilai, nama):
    assert scoring.predikat(BANDS_PEMDI, Decimal(nilai)).nama == nama


def _two_indicators(bands) -> InstrumenDef:
    # Weights 1 and 999 let a level pair produce an exact precise value: (a + 999·b) / 1000.
    return InstrumenDef(
        indikator=(IndikatorDef(1, Decimal(1), 1), IndikatorDef(2, Decimal(999), 1)),
        bands=bands,
    )


@pytest.mark.parametrize(
    ("bands", "precise", "rounded", "nama"),
    [
        # Values that reach a band only after rounding half up to two decimals.
        (BANDS_2020, "4.195", "4.20", "Memuaskan"),
        (BANDS_2020, "4.1949", "4.19", "Sangat Baik"),
        (BANDS_2020, "1.795", "1.80", "Cukup"),
        (BANDS_2020, "2.595", "2.60", "Baik"),
        (BANDS_2020, "3.495", "3.50", "Sangat Baik"),
        (BANDS_PEMDI, "1.495", "1.50", "Cukup"),
        (BANDS_PEMDI, "3.995", "4.00", "Memuaskan"),
        (BANDS_PEMDI, "3.9949", "3.99", "Sangat Baik"),
    ],
)
def test_banding_uses_the_rounded_value(bands, precise, rounded, nama):
    value = Decimal(precise)
    assert scoring.bulatkan(value) == Decimal(rounded)
    assert scoring.predikat(bands, scoring.bulatkan(value)).nama == nama


def test_round_half_up_on_a_computed_index():
    # (1·4 + 3·3) / 4 = 3.25; weights 1 and 3, levels chosen to land on x.xx5 exactly:
    instrumen = InstrumenDef(
        indikator=(IndikatorDef(1, Decimal(1), 1), IndikatorDef(2, Decimal(199), 1)),
        bands=BANDS_2020,
    )
    hasil = scoring.hitung(instrumen, {1: 5, 2: 4})  # (5 + 796) / 200 = 4.005

    assert hasil.indeks_presisi == Decimal("4.005")
    assert hasil.indeks == Decimal("4.01")  # half up, not banker's 4.00


# --- Gap analysis ---------------------------------------------------------------------------


def test_gap_ranks_by_index_gain_per_step():
    gap = scoring.analisis_gap(SPBE, PASER_LEVELS)

    gains = [p.kenaikan for p in gap.peringkat]
    assert gains == sorted(gains, reverse=True)
    assert gap.peringkat[0].nomor == 42  # weight 3, the heaviest indicator below level 5
    assert gap.peringkat[0].kenaikan == Decimal("0.03")
    assert all(p.level < 5 for p in gap.peringkat)


def test_gap_gives_the_fewest_steps_to_the_next_predikat():
    gap = scoring.analisis_gap(SPBE, PASER_LEVELS)

    # From 2.1265 the next band is Baik at 2.60: needs ≥ 0.4685 more (2.595 rounds up).
    assert gap.target == "Baik"
    assert gap.selisih == Decimal("0.4685")
    raised = {lg.nomor: lg.ke for lg in gap.langkah}
    new_levels = {**PASER_LEVELS, **raised}
    after = scoring.hitung(SPBE, new_levels)
    assert after.predikat == "Baik"
    # By hand: indicators 42–47 (weight 3, levels 4,2,3,3,3,2) offer 13 steps of 0.03 = 0.39;
    # the remaining 0.0785 needs 3 steps of 0.0275 (weight 2.75). 16 steps in all.
    assert gap.jumlah_langkah == sum(lg.ke - lg.dari for lg in gap.langkah) == 16
    # One step fewer, whatever it is, cannot reach the band: the best 15 gains fall short.
    best_gains = sorted(
        (p.kenaikan for p in gap.peringkat for _ in range(5 - p.level)), reverse=True
    )
    assert sum(best_gains[:15]) < gap.selisih <= sum(best_gains[:16])


def test_gap_at_the_top_band_has_no_target():
    gap = scoring.analisis_gap(SPBE, dict.fromkeys(SPBE.nomor, 5))

    assert gap.target is None and gap.langkah == () and gap.peringkat == ()


# --- Properties -----------------------------------------------------------------------------

levels_2020 = st.lists(st.integers(1, 5), min_size=47, max_size=47).map(
    lambda ls: dict(enumerate(ls, start=1))
)


@given(level=st.integers(1, 5))
def test_all_levels_equal_gives_that_index(level):
    for instrumen in (SPBE, PEMDI):
        hasil = scoring.hitung(instrumen, dict.fromkeys(instrumen.nomor, level))
        assert hasil.indeks == Decimal(level).quantize(Decimal("0.01"))


@given(levels=levels_2020, nomor=st.integers(1, 47))
def test_raising_one_level_never_lowers_the_index(levels, nomor):
    before = scoring.hitung(SPBE, levels)
    raised = {**levels, nomor: min(5, levels[nomor] + 1)}

    after = scoring.hitung(SPBE, raised)

    assert after.indeks_presisi >= before.indeks_presisi
    assert after.indeks >= before.indeks


@given(levels=levels_2020)
def test_index_within_1_and_5_when_all_answered(levels):
    hasil = scoring.hitung(SPBE, levels)

    assert Decimal(1) <= hasil.indeks <= Decimal(5)
    assert hasil.lengkap


@given(
    levels=levels_2020,
    na=st.sets(st.integers(1, 47), min_size=1, max_size=10),
    other=st.integers(1, 5),
)
def test_not_applicable_levels_change_nothing(levels, na, other):
    changed = {**levels, **dict.fromkeys(na, other)}

    assert scoring.hitung(SPBE, levels, na) == scoring.hitung(SPBE, changed, na)


@given(levels=levels_2020)
def test_gap_steps_always_reach_the_target(levels):
    gap = scoring.analisis_gap(SPBE, levels)
    if gap.target is None or not gap.langkah:
        return
    after = scoring.hitung(SPBE, {**levels, **{lg.nomor: lg.ke for lg in gap.langkah}})
    before = scoring.hitung(SPBE, levels)

    assert after.predikat == gap.target != before.predikat
