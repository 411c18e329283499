"""Pure state rules of periods and penilaian."""

from datetime import date

import pytest

from evaluasi import states
from evaluasi.states import StatusPenilaian as Pn
from evaluasi.states import StatusPeriode as Pr

MULAI, BATAS = date(2026, 1, 1), date(2026, 11, 30)


def _reason(periode=Pr.PENGISIAN, penilaian=Pn.DRAFT, today=date(2026, 6, 1)):
    return states.alasan_tidak_bisa_mengisi(
        periode_status=periode, penilaian_status=penilaian, hari_ini=today, mulai=MULAI, batas=BATAS
    )


def test_operator_may_edit_a_draft_inside_the_window_including_both_ends():
    assert _reason() is None
    assert _reason(today=MULAI) is None
    assert _reason(today=BATAS) is None
    assert _reason(penilaian=Pn.PERLU_PERBAIKAN) is None


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"periode": Pr.PERSIAPAN}, "tidak sedang dalam tahap pengisian"),
        ({"periode": Pr.VERIFIKASI}, "tidak sedang dalam tahap pengisian"),
        ({"today": date(2025, 12, 31)}, "belum dimulai (mulai 01-01-2026)"),
        ({"today": date(2026, 12, 1)}, "Batas waktu pengisian (30-11-2026) sudah lewat"),
        ({"penilaian": Pn.DIAJUKAN}, "sudah diajukan"),
        ({"penilaian": Pn.FINAL}, "sudah diajukan"),
    ],
)
def test_reasons_why_an_operator_may_not_edit(kwargs, message):
    assert message in _reason(**kwargs)


def test_period_moves_forward_one_step_at_a_time():
    chain = [Pr.PERSIAPAN]
    while (berikutnya := states.periode_next(chain[-1])) is not None:
        chain.append(berikutnya)
    assert chain == ["persiapan", "pengisian", "verifikasi", "selesai", "dipublikasi"]
    for current, target in zip(chain, chain[1:], strict=False):
        states.periode_check(current, target)
    with pytest.raises(states.TransisiTidakSah, match="sudah dipublikasikan"):
        states.periode_check(Pr.DIPUBLIKASI, None)
    with pytest.raises(
        states.TransisiTidakSah, match="Persiapan tidak dapat diubah menjadi Selesai"
    ):
        states.periode_check(Pr.PERSIAPAN, Pr.SELESAI)
    with pytest.raises(states.TransisiTidakSah):
        states.periode_check(Pr.SELESAI, Pr.VERIFIKASI)  # never backwards


@pytest.mark.parametrize(
    ("current", "target", "ok"),
    [
        ("draft", "diajukan", True),
        ("draft", "final", False),
        ("diajukan", "perlu_perbaikan", True),
        ("perlu_perbaikan", "diajukan", True),
        ("diverifikasi", "final", True),
        ("final", "draft", False),
        ("final", "diverifikasi", True),  # reopen
        ("final", "perlu_perbaikan", False),
        ("perlu_perbaikan", "final", False),
    ],
)
def test_penilaian_transitions(current, target, ok):
    if ok:
        states.penilaian_check(current, target)
    else:
        with pytest.raises(states.TransisiTidakSah):
            states.penilaian_check(current, target)


def test_a_published_result_is_never_reopened():
    states.penilaian_check(Pn.FINAL, Pn.DIVERIFIKASI, periode_status=Pr.SELESAI)
    with pytest.raises(states.TransisiTidakSah, match="sudah dipublikasikan"):
        states.penilaian_check(Pn.FINAL, Pn.DIVERIFIKASI, periode_status=Pr.DIPUBLIKASI)


@pytest.mark.parametrize(
    ("status", "table", "start"),
    [
        (Pr, states.PERIODE_TRANSITIONS, Pr.PERSIAPAN),
        (Pn, states.PENILAIAN_TRANSITIONS, Pn.DRAFT),
    ],
)
def test_each_transition_table_covers_every_status_and_reaches_each_from_the_start(
    status, table, start
):
    assert set(table) == set(status)
    for targets in table.values():
        assert targets <= set(status)
    reached, todo = {start}, [start]
    while todo:
        for target in table[todo.pop()]:
            if target not in reached:
                reached.add(target)
                todo.append(target)
    assert reached == set(status)


def test_a_period_has_one_way_forward_and_publication_is_its_end():
    assert all(len(targets) <= 1 for targets in states.PERIODE_TRANSITIONS.values())
    assert states.PERIODE_TRANSITIONS[Pr.DIPUBLIKASI] == set()
    assert states.periode_next(Pr.SELESAI) == Pr.DIPUBLIKASI


@pytest.mark.parametrize(
    ("pure", "model_choices"),
    [("StatusPeriode", "StatusPeriode"), ("StatusPenilaian", "StatusPenilaian")],
)
def test_the_models_choices_are_the_pure_vocabulary_member_for_member(pure, model_choices):
    from evaluasi import models

    pure_status, choices = getattr(states, pure), getattr(models, model_choices)
    assert [(m.name, m.value, m.label) for m in pure_status] == [
        (m.name, m.value, m.label) for m in choices
    ]


def test_the_operator_works_to_the_revision_deadline_only_when_sent_back():
    revisi = date(2026, 12, 20)

    assert states.batas_operator(
        penilaian_status=Pn.DRAFT, batas=BATAS, batas_perbaikan=revisi
    ) == (
        "Batas pengisian",
        BATAS,
    )
    assert states.batas_operator(
        penilaian_status=Pn.PERLU_PERBAIKAN, batas=BATAS, batas_perbaikan=revisi
    ) == ("Batas perbaikan", revisi)
