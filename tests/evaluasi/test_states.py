"""Pure state rules of periods and penilaian."""

from datetime import date

import pytest

from evaluasi import states

MULAI, BATAS = date(2026, 1, 1), date(2026, 11, 30)


def _reason(periode=states.PENGISIAN, penilaian=states.DRAFT, today=date(2026, 6, 1)):
    return states.alasan_tidak_bisa_mengisi(
        periode_status=periode, penilaian_status=penilaian, hari_ini=today, mulai=MULAI, batas=BATAS
    )


def test_operator_may_edit_a_draft_inside_the_window_including_both_ends():
    assert _reason() is None
    assert _reason(today=MULAI) is None
    assert _reason(today=BATAS) is None
    assert _reason(penilaian=states.PERLU_PERBAIKAN) is None


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"periode": states.PERSIAPAN}, "tidak sedang dalam tahap pengisian"),
        ({"periode": states.VERIFIKASI}, "tidak sedang dalam tahap pengisian"),
        ({"today": date(2025, 12, 31)}, "belum dimulai (mulai 01-01-2026)"),
        ({"today": date(2026, 12, 1)}, "Batas waktu pengisian (30-11-2026) sudah lewat"),
        ({"penilaian": states.DIAJUKAN}, "sudah diajukan"),
        ({"penilaian": states.FINAL}, "sudah diajukan"),
    ],
)
def test_reasons_why_an_operator_may_not_edit(kwargs, message):
    assert message in _reason(**kwargs)


def test_period_moves_forward_one_step_at_a_time():
    chain = [states.PERSIAPAN]
    while chain[-1] in states.PERIODE_NEXT:
        chain.append(states.periode_next(chain[-1]))
    assert chain == ["persiapan", "pengisian", "verifikasi", "selesai", "dipublikasi"]
    with pytest.raises(states.TransisiTidakSah):
        states.periode_next(states.DIPUBLIKASI)


@pytest.mark.parametrize(
    ("current", "target", "ok"),
    [
        ("draft", "diajukan", True),
        ("draft", "final", False),
        ("diajukan", "perlu_perbaikan", True),
        ("perlu_perbaikan", "diajukan", True),
        ("diverifikasi", "final", True),
        ("final", "draft", False),
    ],
)
def test_penilaian_transitions(current, target, ok):
    if ok:
        states.penilaian_check(current, target)
    else:
        with pytest.raises(states.TransisiTidakSah):
            states.penilaian_check(current, target)
