"""Fractional indicator values (issue [4/9] item 3, SPEC §11): any Decimal in [1, 5] (0 =
unanswered); aspects and the index come from the unrounded values, rounded once. Checked
against an independent exact computation (fractions) over the bundled Pemdi weights."""

import csv
import json
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from hypothesis import given
from hypothesis import strategies as st

from evaluasi import scoring
from tests.evaluasi.test_scoring import FIXTURES, PASER_LEVELS, PEMDI, SPBE

ROWS = list(csv.DictReader((FIXTURES / "instrumen_pemdi_2026.csv").open(encoding="utf-8")))
SATU_SEPERENAM = Decimal("1.1667")  # 1 + 1/6 stored to four places (shown 1,17)


def _exact(values: dict[int, Decimal]) -> Fraction:
    """Σ wᵢ·vᵢ / Σ wᵢ in exact rational arithmetic, from the CSV, not from scoring.py."""
    num = sum(Fraction(r["bobot"]) * Fraction(values[int(r["no"])]) for r in ROWS)
    return num / sum(Fraction(r["bobot"]) for r in ROWS)


def _two(value: Fraction) -> Decimal:
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(
        Decimal("0.01"), rounding=ROUND_HALF_UP
    )


def test_an_aspect_comes_from_the_unrounded_values_not_the_shown_ones():
    # Aspect 1 of Pemdi: indicators 1 and 2, equal weights. From the shown values (1,17 and
    # 1,00) it would be 1,085 → 1,09; from the stored ones it is 1,08335 → 1,08.
    levels = dict.fromkeys(PEMDI.nomor, 3) | {1: SATU_SEPERENAM, 2: 1}

    hasil = scoring.hitung(PEMDI, levels)

    assert hasil.aspek[1] == Decimal("1.08")
    assert hasil.aspek_presisi[1] == Decimal("1.08335")


def test_a_fractional_vector_matches_the_exact_computation():
    values = {int(r["no"]): Decimal(1) for r in ROWS} | {
        1: SATU_SEPERENAM,
        3: Decimal("1.25"),
        5: Decimal("1.26"),
        8: Decimal("1.5"),
        13: Decimal("2.5"),
        20: Decimal("4.75"),
    }

    hasil = scoring.hitung(PEMDI, values)

    assert hasil.indeks == _two(_exact(values))
    assert hasil.lengkap and hasil.predikat  # every indicator has a value


@given(
    st.lists(
        st.decimals(min_value=1, max_value=5, places=4, allow_nan=False, allow_infinity=False),
        min_size=20,
        max_size=20,
    ),
    st.integers(min_value=0, max_value=19),
    st.decimals(min_value=0, max_value=4, places=4, allow_nan=False, allow_infinity=False),
)
def test_fractional_index_is_bounded_and_monotone(values, which, rise):
    levels = dict(zip(PEMDI.nomor, values, strict=True))
    hasil = scoring.hitung(PEMDI, levels)
    assert min(values) <= hasil.indeks_presisi <= max(values)
    exact = _exact(levels)
    assert abs(hasil.indeks_presisi - Decimal(exact.numerator) / exact.denominator) < Decimal(
        "1e-20"
    )
    nomor = PEMDI.nomor[which]
    higher = dict(levels) | {nomor: min(Decimal(5), levels[nomor] + rise)}
    assert scoring.hitung(PEMDI, higher).indeks_presisi >= hasil.indeks_presisi


@pytest.mark.parametrize("bad", [Decimal("0.5"), Decimal("5.0001"), Decimal("NaN"), 1.5, True])
def test_values_outside_one_to_five_or_not_decimal_are_refused(bad):
    with pytest.raises(ValueError):
        scoring.hitung(PEMDI, {1: bad})


def test_whole_levels_of_59_2020_compute_exactly_as_before():
    # Kabupaten Paser 2022: the published 2,13 Cukup, from integers and from Decimals alike.
    assert scoring.hitung(SPBE, PASER_LEVELS).indeks == Decimal("2.13")
    as_decimals = {n: Decimal(v) for n, v in PASER_LEVELS.items()}
    assert scoring.hitung(SPBE, as_decimals) == scoring.hitung(SPBE, PASER_LEVELS)


def test_the_plan_raises_a_fractional_value_to_the_next_whole_level_first():
    # Two equal weights at 1,1667 and 5: index 3,08335. Baik starts at 3,50, so 0,41165 more
    # is needed; raising the first to level 2 gains (2 − 1,1667) / 2 = 0,41665: one step.
    dua = scoring.InstrumenDef(
        indikator=(scoring.IndikatorDef(1, Decimal(1), 1), scoring.IndikatorDef(2, Decimal(1), 1)),
        bands=(scoring.Band("Kurang", Decimal(0)), scoring.Band("Baik", Decimal("3.5"))),
    )
    levels = {1: SATU_SEPERENAM, 2: 5}

    gap = scoring.analisis_gap(dua, levels, maks_naik=1)

    assert [(lg.nomor, lg.dari, lg.ke) for lg in gap.langkah] == [(1, SATU_SEPERENAM, 2)]
    assert gap.tercapai and gap.jumlah_langkah == 1
    assert scoring.hitung(dua, {1: 2, 2: 5}).predikat == "Baik"


# --- hitung_indeks ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_cli_computes_a_fractional_vector_exactly(instrumen_pemdi, capsys):
    values = ["1.1667", "1", "1.25", "1", "1.26"] + ["1"] * 14 + ["2.5"]
    call_command("hitung_indeks", "--instrumen", instrumen_pemdi.kode, "--levels", ",".join(values))
    out = json.loads(capsys.readouterr().out)

    expected = _exact({n: Decimal(v) for n, v in zip(range(1, 21), values, strict=True)})
    assert out["indeks"] == f"{_two(expected):.2f}"
    assert out["aspek"]["1"] == "1.08"  # (1,1667 + 1) / 2 = 1,08335, rounded once


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("0.5", "harus 1–5"),
        ("5.5", "harus 1–5"),
        ("-1", "harus 1–5"),
        ("1.5x", "bukan angka"),
        ("NaN", "bukan angka"),
        ("Infinity", "bukan angka"),
    ],
)
def test_cli_refuses_bad_fractional_values_with_exit_2(instrumen_pemdi, value, message):
    levels = ",".join([value] + ["1"] * 19)
    with pytest.raises(CommandError, match=message) as excinfo:
        call_command("hitung_indeks", "--instrumen", instrumen_pemdi.kode, f"--levels={levels}")
    assert excinfo.value.returncode == 2


@pytest.mark.django_db
def test_cli_file_with_a_decimal_comma_names_the_fix(instrumen_pemdi, tmp_path):
    path = tmp_path / "nilai.csv"
    path.write_text('indikator,level\n1,"1,5"\n', encoding="utf-8")
    with pytest.raises(CommandError, match="gunakan titik"):
        call_command("hitung_indeks", "--instrumen", instrumen_pemdi.kode, "--file", str(path))
