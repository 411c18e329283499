from decimal import Decimal

import pytest

from tpp import rules


@pytest.mark.parametrize(
    ("predikat", "persen"),
    [("Memuaskan", 25), ("Sangat Baik", 20), ("Baik", 15), ("Cukup", 10), ("Kurang", 0)],
)
def test_default_table_for_every_predikat(predikat, persen):
    assert rules.persentase(predikat) == Decimal(persen)


def test_no_final_result_is_none_not_zero():
    assert rules.persentase(None) is None
    assert rules.persentase("") is None


def test_unknown_predikat_is_an_error_not_zero():
    with pytest.raises(KeyError):
        rules.persentase("Istimewa")


@pytest.mark.parametrize(
    ("dasar", "persen", "hasil"),
    [
        (4_000_000, Decimal(10), 400_000),
        (3_333_333, Decimal(15), 500_000),
        (1_000_003, Decimal(25), 250_001),
        (999, Decimal("12.5"), 125),
    ],
)
def test_component_is_rounded_half_up_to_whole_rupiah(dasar, persen, hasil):
    assert rules.komponen_spbe(dasar, persen) == hasil
