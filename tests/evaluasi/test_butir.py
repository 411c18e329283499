"""The item rules (SPEC §11): the claim the evidence supports, the value from verdicts with and
without partial credit, automatic rejection above the next level. Expected values are worked
by hand from the rule, and the 2026 published values (1,17 · 1,25 · 1,5 · 2,5) are reproduced
from item counts that give them."""

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from evaluasi import butir as B

TANPA, PROPORSI = B.KreditParsial.TANPA, B.KreditParsial.PROPORSI_UTAMA
D, R, _ = B.Putusan.DITERIMA, B.Putusan.REVISI, B.Putusan.BELUM


def items(spec: dict[int, list[tuple[bool, bool, str]]]) -> list[B.ButirKeadaan]:
    """{level: [(utama, ada_bukti, putusan), …]} → items numbered 1, 2, … in that order."""
    out, pk = [], 0
    for level, rows in spec.items():
        for utama, ada, putusan in rows:
            pk += 1
            out.append(B.ButirKeadaan(pk, level, utama, ada, putusan))
    return out


def level(n_utama: int, putusan: str, *, pendukung: int = 0, ada=True):
    return [(True, ada, putusan)] * n_utama + [(False, ada, _)] * pendukung


def test_kode_is_the_national_form():
    assert B.kode("I10", 2, 3) == "I10-L2-03"
    assert B.kode("I4", 5, 12) == "I4-L5-12"


def test_claim_follows_contiguous_levels_with_evidence():
    spec = {
        1: level(2, _),
        2: level(3, _),
        3: [(True, True, _), (True, False, _)],  # one required item missing
        4: level(2, _),  # complete, but level 3 is not: levels are cumulative
        5: level(1, _, ada=False),
    }
    assert B.level_terdukung(items(spec)) == 2


def test_supporting_items_do_not_block_a_claim():
    spec = {n: [(True, True, _), (False, False, _)] for n in range(1, 6)}
    assert B.level_terdukung(items(spec)) == 5


def test_no_evidence_supports_no_level():
    spec = {n: level(2, _, ada=False) for n in range(1, 6)}
    assert B.level_terdukung(items(spec)) == 0


def test_a_level_without_required_items_stops_the_climb():
    spec = {1: level(1, _), 2: [(False, True, _)], 3: level(1, _)}
    assert B.level_terdukung(items(spec)) == 1


@pytest.mark.parametrize(
    ("accepted_next", "required_next", "expected"),
    [
        (1, 6, Decimal("1.1667")),  # published 1,17
        (1, 4, Decimal("1.2500")),  # published 1,25
        (1, 2, Decimal("1.5000")),  # published 1,5
        (0, 3, Decimal("1.0000")),
        (3, 3, Decimal("2.0000")),  # the whole next level: an integer
    ],
)
def test_partial_credit_share_of_next_level(accepted_next, required_next, expected):
    spec = {
        1: level(2, D),
        2: [(True, True, D)] * accepted_next + [(True, True, R)] * (required_next - accepted_next),
        3: level(2, _),
        4: level(2, _),
        5: level(2, _),
    }
    assert B.hitung(items(spec), PROPORSI).nilai == expected


def test_partial_credit_on_level_three():
    spec = {1: level(1, D), 2: level(2, D), 3: [(True, True, D), (True, True, R)]}
    spec |= {4: level(1, _), 5: level(1, _)}
    assert B.hitung(items(spec), PROPORSI).nilai == Decimal("2.5000")  # published 2,5


def test_without_partial_credit_the_value_is_the_whole_level():
    spec = {1: level(2, D), 2: [(True, True, D), (True, True, R)], 3: level(2, D)}
    spec |= {4: level(1, _), 5: level(1, _)}
    hasil = B.hitung(items(spec), TANPA)
    assert hasil.nilai == Decimal("1.0000")
    assert hasil.level_penuh == 1


def test_supporting_items_do_not_count_towards_the_share():
    spec = {
        1: level(1, D),
        2: [(True, True, D), (True, True, R), (False, True, D), (False, True, D)],
    }
    spec |= {3: level(1, _), 4: level(1, _), 5: level(1, _)}
    assert B.hitung(items(spec), PROPORSI).nilai == Decimal("1.5000")


def test_items_above_the_next_level_are_rejected_automatically():
    spec = {1: level(1, D), 2: [(True, True, R)], 3: level(2, D), 4: level(1, D), 5: level(1, _)}
    hasil = B.hitung(items(spec), PROPORSI)
    # level 2 is not accepted: everything from level 3 up is rejected, even if accepted
    assert hasil.otomatis_ditolak == frozenset({3, 4, 5, 6})
    assert hasil.nilai == Decimal("1.0000")


def test_an_answered_indicator_is_worth_at_least_one():
    spec = {1: [(True, True, R), (True, True, D)], 2: level(1, D)}
    spec |= {3: level(1, _), 4: level(1, _), 5: level(1, _)}
    hasil = B.hitung(items(spec), PROPORSI)
    assert hasil.level_penuh == 0
    assert hasil.nilai == Decimal("1.0000")  # 0 + 1/2 of level 1, floored at 1
    assert hasil.otomatis_ditolak == frozenset({3, 4, 5, 6})


def test_all_accepted_is_five():
    spec = {n: level(2, D, pendukung=1) for n in range(1, 6)}
    hasil = B.hitung(items(spec), PROPORSI)
    assert hasil.nilai == Decimal("5.0000")
    assert hasil.otomatis_ditolak == frozenset()
    assert hasil.menunggu == ()


def test_waiting_lists_only_uploaded_unjudged_required_items_of_the_next_level():
    spec = {
        1: level(1, D),
        2: [(True, True, _), (True, False, _), (False, True, _), (True, True, D)],
        3: level(1, _),
        4: level(1, _),
        5: level(1, _),
    }
    hasil = B.hitung(items(spec), PROPORSI)
    assert hasil.menunggu == (2,)  # not the item without evidence, not the supporting one


def test_items_above_wait_while_the_next_level_is_unjudged():
    spec = {1: level(1, D), 2: [(True, True, _), (True, True, D)], 3: level(1, D)}
    spec |= {4: level(1, _), 5: level(1, _)}
    hasil = B.hitung(items(spec), PROPORSI)
    third = items(spec)[3]  # level 3
    assert B.status(third, hasil) == "menunggu_level"
    spec[2] = [(True, True, R), (True, True, D)]  # level 2 settled, not accepted
    hasil = B.hitung(items(spec), PROPORSI)
    assert B.status(items(spec)[3], hasil) == "otomatis_ditolak"


def test_an_acceptance_without_evidence_does_not_count():
    """Accepted, then its file removed: the item no longer holds up its level."""
    spec = {1: level(2, D), 2: [(True, True, D), (True, False, D)], 3: level(1, _)}
    spec |= {4: level(1, _), 5: level(1, _)}
    hasil = B.hitung(items(spec), PROPORSI)
    assert hasil.nilai == Decimal("1.5000")
    assert B.status(items(spec)[3], hasil) == "belum_diunggah"


def test_unknown_partial_credit_setting_is_refused():
    with pytest.raises(ValueError):
        B.hitung(items({1: level(1, D)}), "separuh")


def test_level_outside_one_to_five_is_refused():
    with pytest.raises(ValueError):
        B.level_terdukung([B.ButirKeadaan(1, 6, True, True)])


verdicts = st.sampled_from([D, R, _])
spec_strategy = st.fixed_dictionaries(
    {
        n: st.lists(st.tuples(st.booleans(), st.booleans(), verdicts), min_size=1, max_size=5)
        for n in range(1, 6)
    }
)


def exact(spec, mode) -> Fraction:
    """The rule written again with fractions, independently of the module."""
    full = 0
    for n in range(1, 6):
        required = [p == D and a for u, a, p in spec[n] if u]
        if required and all(required):
            full = n
        else:
            break
    share = Fraction(0)
    if mode == PROPORSI and full < 5:
        required = [p == D and a for u, a, p in spec[full + 1] if u]
        if required:
            share = Fraction(sum(required), len(required))
    return max(Fraction(1), full + share)


@given(spec_strategy, st.sampled_from([TANPA, PROPORSI]))
def test_value_matches_an_exact_computation_and_stays_in_range(spec, mode):
    hasil = B.hitung(items(spec), mode)
    expected = exact(spec, mode)
    assert abs(Fraction(hasil.nilai) - expected) <= Fraction(1, 20000)  # four places, half up
    assert Decimal(1) <= hasil.nilai <= Decimal(5)


@given(spec_strategy, st.integers(min_value=0, max_value=30))
def test_accepting_one_more_item_never_lowers_the_value(spec, index):
    before = items(spec)
    target = before[index % len(before)]
    after = [
        b if b.id != target.id else B.ButirKeadaan(b.id, b.level, b.utama, True, D) for b in before
    ]
    for mode in (TANPA, PROPORSI):
        assert B.hitung(after, mode).nilai >= B.hitung(before, mode).nilai
