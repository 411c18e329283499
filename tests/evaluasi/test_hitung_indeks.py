"""`manage.py hitung_indeks`: JSON output and exit code 2 on bad input."""

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.evaluasi.test_scoring import PASER, PASER_ASPEK

pytestmark = pytest.mark.django_db


def _run(capsys, *args) -> dict:
    call_command("hitung_indeks", *args)
    return json.loads(capsys.readouterr().out)


def test_worked_example_through_the_command(instrumen, capsys):
    out = _run(capsys, "--levels", ",".join(map(str, PASER)))

    assert out["instrumen"] == "spbe-2020"
    assert (out["indeks"], out["indeks_presisi"], out["predikat"], out["lengkap"]) == (
        "2.13",
        "2.1265",
        "Cukup",
        True,
    )
    assert out["aspek"] == {str(k): v for k, v in PASER_ASPEK.items()}
    assert out["domain"] == {"1": "1.80", "2": "1.90", "3": "1.00", "4": "2.75"}


def test_file_input_and_not_applicable(instrumen, capsys, tmp_path):
    path = tmp_path / "levels.csv"
    path.write_text(
        "indikator,level\n" + "".join(f"{n},{lv}\n" for n, lv in enumerate(PASER, start=1)),
        encoding="utf-8",
    )

    out = _run(capsys, "--file", str(path), "--na", "45,46,47")

    assert out["aspek"]["8"] == "3.00"
    assert out["lengkap"] is True


def test_empty_and_zero_levels_are_unanswered(instrumen, capsys):
    levels = ["0", ""] + [str(v) for v in PASER[2:]]

    out = _run(capsys, "--levels", ",".join(levels))

    assert out["lengkap"] is False and out["belum_dijawab"] == [1, 2]


def test_pemdi_instrument_by_kode(instrumen, instrumen_pemdi, capsys):
    out = _run(capsys, "--instrumen", "pemdi-2026", "--levels", ",".join(["4"] * 20))

    assert (out["indeks"], out["predikat"], out["domain"]) == ("4.00", "Memuaskan", {})
    assert sorted(out["aspek"], key=int) == [str(n) for n in range(1, 8)]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--levels", "3,2,1"], "berisi 3 nilai, padahal instrumen memiliki 47 indikator"),
        (["--levels", ",".join(["7"] + ["1"] * 46)], "level indikator 1 harus 1–5"),
        (
            ["--levels", ",".join(["tiga"] + ["1"] * 46)],
            "Level indikator 1 'tiga' bukan angka",
        ),
        (["--levels", ",".join(["1"] * 47), "--na", "99"], "indikator tidak dikenal: 99"),
        (
            ["--levels", ",".join(["1"] * 47), "--instrumen", "tidak-ada"],
            "tidak-ada' tidak ditemukan",
        ),
    ],
)
def test_bad_input_names_the_problem_and_exits_2(instrumen, args, message):
    with pytest.raises(CommandError, match=message) as excinfo:
        call_command("hitung_indeks", *args)

    assert excinfo.value.returncode == 2


def test_unknown_indicator_in_file_exits_2(instrumen, tmp_path):
    path = tmp_path / "levels.csv"
    path.write_text("indikator,level\n1,3\n48,2\n", encoding="utf-8")

    with pytest.raises(CommandError, match="Indikator tidak dikenal: 48") as excinfo:
        call_command("hitung_indeks", "--file", str(path))

    assert excinfo.value.returncode == 2
