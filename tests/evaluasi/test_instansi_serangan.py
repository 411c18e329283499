"""Attacks on the penilaian instansi (SPEC §12): verdicts that outlive the files they judged,
answers of an OPD no longer holding the item, and malformed ids in the Koordinator's forms."""

import pytest
from django.urls import reverse

from evaluasi.instansi import paket
from evaluasi.instansi import services as instansi_services
from evaluasi.models import Pengampu
from tests.conftest import PDF_BYTES
from tests.evaluasi.test_instansi import _row, butir, indikator, putuskan, unggah

pytestmark = pytest.mark.django_db

PDF_LAIN = PDF_BYTES + b"%lain\n"


@pytest.fixture
def instansi(periode_pemdi):
    return periode_pemdi.instansi


@pytest.fixture
def peta_a(periode_pemdi, opd_a, admin_user):
    p = periode_pemdi
    instansi_services.pengampu_atur(
        periode=p, indikator=indikator(p, "I1"), butir=None, opd_ids={opd_a.pk}, user=admin_user
    )
    return p


def _masuk(instansi) -> list[str]:
    return [i.berkas.nama_asli for i in paket.rencana_paket(instansi).isi]


def test_an_acceptance_does_not_cover_a_file_uploaded_after_it(
    instansi, peta_a, operator_a, evaluator
):
    """The asesor accepted file A; the pengampu then swaps it for file B. B was never
    judged: it must not reach the national package as accepted."""
    diterima = unggah(instansi, "I1-L1-01", operator_a.opd, operator_a)
    putuskan(instansi, "I1-L1-01", evaluator)
    assert _row(instansi, "I1-L1-01").masuk_paket
    instansi_services.berkas_hapus(berkas_row=diterima, user=operator_a)
    instansi_services.berkas_unggah(
        penilaian=instansi,
        butir=butir(instansi.periode, "I1-L1-01"),
        opd_id=operator_a.opd_id,
        user=operator_a,
        data=PDF_LAIN,
        nama="lain.pdf",
    )
    row = _row(instansi, "I1-L1-01")
    assert row.status_butir != "diterima"
    assert not row.masuk_paket
    assert "lain.pdf" not in _masuk(instansi)


def test_a_file_added_beside_an_accepted_one_is_not_accepted_unseen(
    instansi, peta_a, operator_a, evaluator
):
    unggah(instansi, "I1-L1-01", operator_a.opd, operator_a)
    putuskan(instansi, "I1-L1-01", evaluator)
    instansi_services.berkas_unggah(
        penilaian=instansi,
        butir=butir(instansi.periode, "I1-L1-01"),
        opd_id=operator_a.opd_id,
        user=operator_a,
        data=PDF_LAIN,
        nama="tambahan.pdf",
    )
    assert "tambahan.pdf" not in _masuk(instansi)


@pytest.mark.parametrize("field", ["isian"])
def test_a_malformed_answer_id_is_a_404_not_a_500(client, instansi, peta_a, admin_user, field):
    client.force_login(admin_user)
    url = reverse(
        "evaluasi:instansi_butir",
        kwargs={"pk": instansi.periode_id, "butir_pk": butir(instansi.periode, "I1-L1-01").pk},
    )
    response = client.post(url, {"aksi": "pilih", field: "1 OR 1=1"})
    assert response.status_code == 404


def test_a_malformed_pengampu_id_is_refused_not_a_500(client, instansi, peta_a, admin_user):
    client.force_login(admin_user)
    url = reverse("evaluasi:pengampu", kwargs={"pk": instansi.periode_id})
    response = client.post(url, {"aksi": "hapus", "pengampu": "abc"})
    assert response.status_code in (302, 400, 404)
    assert Pengampu.objects.count() == 1


def test_an_opd_released_from_an_item_no_longer_sends_its_answer(
    instansi, peta_a, opd_a, opd_b, operator_a, evaluator, admin_user
):
    """opd_a answered I1-L1-01, was accepted, then released from I1 (opd_b holds it now):
    opd_a can no longer change or withdraw its answer, so it must not go forward on its own."""
    unggah(instansi, "I1-L1-01", opd_a, operator_a)
    putuskan(instansi, "I1-L1-01", evaluator)
    p = instansi.periode
    instansi_services.pengampu_atur(
        periode=p, indikator=indikator(p, "I1"), butir=None, opd_ids={opd_b.pk}, user=admin_user
    )
    assert not Pengampu.objects.filter(opd=opd_a).exists()
    row = _row(instansi, "I1-L1-01")
    assert opd_a.pk not in row.terpilih
    assert _masuk(instansi) == []


def test_a_verdict_on_a_page_older_than_the_files_is_refused(
    client, instansi, peta_a, operator_a, evaluator
):
    """The asesor opened the item with file A; the pengampu then added file B. Accepting on
    the old page would accept B unseen: refused, with the reason, and nothing saved."""
    from evaluasi.models import ReviuInstansi

    b = butir(instansi.periode, "I1-L1-01")
    unggah(instansi, "I1-L1-01", operator_a.opd, operator_a)
    url = reverse("evaluasi:instansi_butir", kwargs={"pk": instansi.periode_id, "butir_pk": b.pk})
    client.force_login(evaluator)
    terlihat = client.get(url).context["row"].jejak_berkas
    unggah(instansi, "I1-L1-01", operator_a.opd, operator_a, data=PDF_LAIN)

    response = client.post(
        url,
        {"aksi": "reviu", "putusan": "diterima", "versi": 0, "berkas_terlihat": terlihat},
        follow=True,
    )
    assert "berubah sejak halaman dibuka" in response.content.decode()
    assert not ReviuInstansi.objects.exists()
    # Reloaded, the page shows both files and the verdict goes through.
    terlihat = client.get(url).context["row"].jejak_berkas
    client.post(
        url, {"aksi": "reviu", "putusan": "diterima", "versi": 0, "berkas_terlihat": terlihat}
    )
    assert ReviuInstansi.objects.get().putusan == "diterima"
