"""The "sesuai standar" rule by hand-made cases (no database)."""

from jaringan.standar import aturan
from jaringan.standar.aturan import Butir, Jawaban

ROUTER = Butir(1, "Router/firewall terkelola", wajib=True, bukti_wajib=True)
SWITCH = Butir(2, "Switch managed", wajib=True, bukti_wajib=False)
AP = Butir(3, "Access point terpusat", wajib=False, bukti_wajib=True)
STANDAR = [ROUTER, SWITCH, AP]


def test_nothing_answered_is_belum_diisi_not_tidak_sesuai():
    hasil = aturan.nilai(STANDAR, [])

    assert hasil.status == "belum_diisi"
    assert hasil.label == "Belum diisi"
    assert hasil.kekurangan == ()


def test_every_compulsory_item_met_with_its_evidence_is_sesuai():
    hasil = aturan.nilai(STANDAR, [Jawaban(1, True, True), Jawaban(2, True, False)])

    assert hasil.status == "sesuai" and hasil.sesuai
    assert hasil.label == "Sesuai standar"


def test_optional_item_not_met_does_not_decide():
    jawaban = [Jawaban(1, True, True), Jawaban(2, True, False), Jawaban(3, False, False)]

    assert aturan.nilai(STANDAR, jawaban).status == "sesuai"


def test_compulsory_item_without_required_evidence_fails_naming_the_item():
    hasil = aturan.nilai(STANDAR, [Jawaban(1, True, False), Jawaban(2, True, False)])

    assert hasil.status == "tidak_sesuai"
    assert [(k.butir_id, k.alasan) for k in hasil.kekurangan] == [(1, "bukti belum dilampirkan")]
    assert str(hasil.kekurangan[0]) == "Router/firewall terkelola (bukti belum dilampirkan)"


def test_each_failing_item_is_reported_in_order_with_its_reason():
    # Router not met (evidence attached does not help), switch not answered at all.
    hasil = aturan.nilai(STANDAR, [Jawaban(1, False, True), Jawaban(3, True, True)])

    assert hasil.status == "tidak_sesuai"
    assert [(k.uraian, k.alasan) for k in hasil.kekurangan] == [
        ("Router/firewall terkelola", "tidak terpenuhi"),
        ("Switch managed", "belum dijawab"),
    ]


def test_answers_to_items_of_another_year_are_ignored():
    # Item 99 belongs to another year's standard: it neither fills nor meets this one.
    assert aturan.nilai(STANDAR, [Jawaban(99, True, True)]).status == "belum_diisi"
    hasil = aturan.nilai([SWITCH], [Jawaban(99, True, True), Jawaban(2, False, False)])
    assert [k.butir_id for k in hasil.kekurangan] == [2]


def test_a_standard_of_optional_items_only_is_met_once_answered():
    assert aturan.nilai([AP], [Jawaban(3, False, False)]).status == "sesuai"


def test_counts_have_every_status():
    hasil = [
        aturan.nilai(STANDAR, []),
        aturan.nilai(STANDAR, [Jawaban(1, True, True), Jawaban(2, True, False)]),
        aturan.nilai(STANDAR, [Jawaban(2, True, False)]),
        aturan.nilai(STANDAR, [Jawaban(1, False, False)]),
    ]

    assert aturan.hitung(hasil) == {"sesuai": 1, "tidak_sesuai": 2, "belum_diisi": 1}
    assert aturan.hitung([]) == {"sesuai": 0, "tidak_sesuai": 0, "belum_diisi": 0}
