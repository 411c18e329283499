"""seed_scale builds a complete, consistent data set (the benchmark and load test rely on it)."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from evaluasi import scoring
from evaluasi.models import Bukti, Jawaban, Penilaian, Periode, StatusPenilaian
from evaluasi.penilaian.selectors import penilaian_hasil_mandiri
from opd.models import Opd, Pengguna

pytestmark = pytest.mark.django_db


def test_seed_scale_builds_answered_and_partly_final_periods(capsys):
    call_command("seed_scale", "--opd", "6", "--periode-count", "2")

    assert Opd.objects.filter(kode__startswith="SKL-").count() == 6
    assert Periode.objects.count() == 2 and Penilaian.objects.count() == 12
    assert Jawaban.objects.count() == 12 * 47
    assert 12 * 47 <= Bukti.objects.count() <= 3 * 12 * 47
    older, newest = Periode.objects.order_by("tahun")
    assert set(older.penilaian.values_list("status", flat=True)) == {StatusPenilaian.FINAL}
    assert newest.penilaian.filter(status=StatusPenilaian.FINAL).count() == 2  # every third OPD
    # The cached figures agree with the scoring of the stored answers.
    for p in Penilaian.objects.all()[:4]:
        assert penilaian_hasil_mandiri(p).indeks == p.indeks_mandiri
        assert p.kemajuan == 100 and p.indeks_mandiri >= scoring.MIN_LEVEL
    assert Pengguna.objects.filter(username__startswith="bench.").count() == 4
    assert "6 OPD × 2 periode" in capsys.readouterr().out


def test_seed_scale_refuses_to_run_twice():
    call_command("seed_scale", "--opd", "2", "--periode-count", "1")

    with pytest.raises(CommandError, match="sudah ada") as excinfo:
        call_command("seed_scale", "--opd", "2", "--periode-count", "1")

    assert excinfo.value.returncode == 2
