"""The pure rules of a request: required documents and the step table (no database)."""

import pytest

from arsitektur.permohonan import aturan
from arsitektur.permohonan.aturan import LangkahTidakSah, periksa_langkah

OPD, PENINJAU = {"opd"}, {"peninjau"}


def test_built_by_diskominfo_needs_five_documents():
    assert set(aturan.dokumen_wajib(dibangun_diskominfo=True)) == {
        "surat",
        "sop",
        "kak",
        "kategori",
        "dasar_hukum",
    }


def test_built_elsewhere_also_needs_certification_and_specifications():
    assert set(aturan.dokumen_wajib(dibangun_diskominfo=False)) == {
        "surat",
        "sop",
        "kak",
        "kategori",
        "dasar_hukum",
        "sertifikasi",
        "spesifikasi",
    }


def test_missing_documents_are_listed_in_order():
    kurang = aturan.dokumen_kurang(dibangun_diskominfo=False, ada={"sop", "kategori", "surat"})

    assert kurang == ["kak", "dasar_hukum", "sertifikasi", "spesifikasi"]


@pytest.mark.parametrize(
    ("dari", "ke", "pihak"),
    [
        ("draf", "diajukan", OPD),
        ("diajukan", "disetujui", PENINJAU),
        ("diajukan", "perlu_perbaikan", PENINJAU),
        ("diajukan", "ditolak", PENINJAU),
        ("perlu_perbaikan", "diajukan", OPD),
    ],
)
def test_allowed_steps(dari, ke, pihak):
    assert periksa_langkah(dari, ke, pihak=pihak, catatan="alasan", kurang=[]).ke == ke


@pytest.mark.parametrize(
    ("dari", "ke", "pihak"),
    [
        ("draf", "disetujui", PENINJAU),  # a draft is not the reviewer's yet
        ("diajukan", "disetujui", OPD),  # the OPD never approves its own request
        ("draf", "diajukan", PENINJAU),  # the reviewer never submits for the OPD
        ("disetujui", "ditolak", PENINJAU),  # final
        ("ditolak", "diajukan", OPD),  # final
        ("perlu_perbaikan", "disetujui", PENINJAU),  # only after the OPD resubmits
    ],
)
def test_refused_steps(dari, ke, pihak):
    with pytest.raises(LangkahTidakSah):
        periksa_langkah(dari, ke, pihak=pihak, catatan="alasan", kurang=[])


@pytest.mark.parametrize("ke", ["perlu_perbaikan", "ditolak"])
def test_sending_back_or_refusing_needs_a_note(ke):
    with pytest.raises(LangkahTidakSah, match="catatan"):
        periksa_langkah("diajukan", ke, pihak=PENINJAU, catatan="  ", kurang=[])


def test_approval_needs_no_note():
    assert periksa_langkah("diajukan", "disetujui", pihak=PENINJAU, catatan="", kurang=[])


def test_submitting_with_missing_documents_names_them():
    with pytest.raises(LangkahTidakSah, match="KAK, Dasar hukum"):
        periksa_langkah("draf", "diajukan", pihak=OPD, catatan="", kurang=["KAK", "Dasar hukum"])


def test_steps_offered_follow_the_side():
    assert [s.ke for s in aturan.langkah_boleh("diajukan", pihak=OPD)] == []
    assert {s.ke for s in aturan.langkah_boleh("diajukan", pihak=PENINJAU)} == {
        "disetujui",
        "perlu_perbaikan",
        "ditolak",
    }
    assert [s.ke for s in aturan.langkah_boleh("perlu_perbaikan", pihak=OPD)] == ["diajukan"]
