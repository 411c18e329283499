"""Start a period from last year (SPEC §13): answers and documents proposed from the OPD's last
published final result, marked "dari <tahun>"; nothing counts until the operator confirms."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from evaluasi.dokumen import services as dokumen_services
from evaluasi.dokumen import usulan as usulan_services
from evaluasi.models import (
    Bukti,
    Butir,
    Jawaban,
    Penilaian,
    Periode,
    StatusPenilaian,
    StatusPeriode,
    Usulan,
)
from evaluasi.penilaian import services as penilaian_services
from tests.conftest import PDF_BYTES

pytestmark = pytest.mark.django_db


def _periode_baru(instrumen, tahun, *, buka=True):
    today = timezone.localdate()
    periode = penilaian_services.periode_create(
        data={
            "nama": f"Evaluasi {tahun}",
            "tahun": tahun,
            "instrumen": instrumen,
            "mulai_pengisian": today - timedelta(days=1),
            "batas_pengisian": today + timedelta(days=30),
            "batas_verifikasi": today + timedelta(days=60),
            "tahun_tpp": tahun + 1,
        }
    )
    if buka:
        periode, _ = penilaian_services.periode_advance(periode=periode)
    return periode


def _publish(periode):
    Periode.objects.filter(pk=periode.pk).update(status=StatusPeriode.DIPUBLIKASI)


@pytest.fixture
def sumber(final_a, operator_a):
    """opd_a's final 59/2020 penilaian (Paser levels) with a Perbup linked to indicator 1,
    its period published."""
    versi, _ = dokumen_services.berkas_terima(
        opd_id=final_a.opd_id, user=operator_a, data=PDF_BYTES, nama="Perbup SPBE.pdf"
    )
    jawaban = final_a.jawaban.get(indikator__nomor=1)
    Bukti.objects.create(jawaban=jawaban, versi=versi, ditautkan_oleh=operator_a)
    _publish(final_a.periode)
    return final_a


@pytest.fixture
def tahun_depan(sumber):
    periode = _periode_baru(sumber.periode.instrumen, sumber.periode.tahun + 1)
    return periode.penilaian.get(opd_id=sumber.opd_id)


def test_every_answer_is_proposed_and_nothing_counts_before_confirmation(sumber, tahun_depan):
    jumlah = usulan_services.usulan_buat(penilaian=tahun_depan)

    assert jumlah == sumber.jawaban.count() == 47
    usulan = Usulan.objects.get(penilaian=tahun_depan, indikator__nomor=1)
    lama = sumber.jawaban.get(indikator__nomor=1)
    assert usulan.dari_tahun == sumber.periode.tahun
    assert usulan.level == lama.level_final and usulan.penjelasan == lama.penjelasan
    assert [ub.dokumen.judul for ub in usulan.bukti.all()] == ["Perbup SPBE"]
    # Nothing counts: no answer, no evidence, no index, no progress.
    tahun_depan.refresh_from_db()
    assert not Jawaban.objects.filter(penilaian=tahun_depan).exists()
    assert not Bukti.objects.filter(jawaban__penilaian=tahun_depan).exists()
    assert tahun_depan.indeks_mandiri is None and tahun_depan.kemajuan == 0


def test_confirming_writes_the_answer_and_links_the_document_marked_with_its_year(
    client, sumber, tahun_depan, operator_a
):
    usulan_services.usulan_buat(penilaian=tahun_depan)
    usulan = Usulan.objects.get(penilaian=tahun_depan, indikator__nomor=1)
    client.force_login(operator_a)
    url = reverse("evaluasi:jawaban", kwargs={"pk": tahun_depan.pk, "nomor": 1})
    tahun = sumber.periode.tahun
    assert f"Usulan dari hasil final {tahun} — belum dihitung" in client.get(url).content.decode()
    detail = client.get(reverse("evaluasi:penilaian_detail", kwargs={"pk": tahun_depan.pk}))
    assert f"usulan dari {tahun}" in detail.content.decode()

    response = client.post(
        reverse("evaluasi:usulan_putuskan", kwargs={"pk": usulan.pk}), {"aksi": "pakai"}
    )

    assert response.status_code == 302
    lama = sumber.jawaban.get(indikator__nomor=1)
    baru = Jawaban.objects.get(penilaian=tahun_depan, indikator__nomor=1)
    assert (baru.level, baru.penjelasan) == (lama.level_final, lama.penjelasan)
    bukti = Bukti.objects.get(jawaban=baru)
    assert bukti.dari_tahun == sumber.periode.tahun
    assert bukti.versi.dokumen.judul == "Perbup SPBE"
    tahun_depan.refresh_from_db()
    assert tahun_depan.kemajuan > 0  # now it counts
    usulan.refresh_from_db()
    assert usulan.diterima is True and usulan.diputuskan_oleh == operator_a
    page = client.get(url).content.decode()
    assert f"dari {tahun}" in page and "belum dihitung" not in page


def test_what_the_operator_typed_is_never_replaced(sumber, tahun_depan, operator_a):
    indikator = tahun_depan.periode.instrumen.indikator.get(nomor=2)
    penilaian_services.jawaban_save(
        penilaian=tahun_depan,
        indikator=indikator,
        user=operator_a,
        level=1,
        penjelasan="Tahun ini baru level 1.",
        tautan=[],
        versi=0,
    )
    usulan_services.usulan_buat(penilaian=tahun_depan)
    usulan = Usulan.objects.get(penilaian=tahun_depan, indikator=indikator)

    usulan_services.usulan_konfirmasi(usulan=usulan, user=operator_a)

    jawaban = Jawaban.objects.get(penilaian=tahun_depan, indikator=indikator)
    assert (jawaban.level, jawaban.penjelasan) == (Decimal(1), "Tahun ini baru level 1.")


def test_a_proposal_set_aside_is_not_proposed_again(sumber, tahun_depan, operator_a):
    usulan_services.usulan_buat(penilaian=tahun_depan)
    usulan = Usulan.objects.get(penilaian=tahun_depan, indikator__nomor=3)
    usulan_services.usulan_abaikan(usulan=usulan, user=operator_a)

    usulan_services.usulan_buat(penilaian=tahun_depan)

    assert Usulan.objects.filter(penilaian=tahun_depan, indikator__nomor=3).count() == 1
    assert Usulan.objects.get(penilaian=tahun_depan, indikator__nomor=3).diterima is False
    assert not Jawaban.objects.filter(penilaian=tahun_depan, indikator__nomor=3).exists()


def test_an_unpublished_result_is_not_carried(final_a):
    # Final but not published: the operator may not see its final values yet.
    periode = _periode_baru(final_a.periode.instrumen, final_a.periode.tahun + 1)
    penilaian = periode.penilaian.get(opd_id=final_a.opd_id)

    assert usulan_services.usulan_buat(penilaian=penilaian) == 0
    assert not Usulan.objects.exists()


def test_a_decided_proposal_cannot_be_decided_twice(client, sumber, tahun_depan, operator_a):
    usulan_services.usulan_buat(penilaian=tahun_depan)
    usulan = Usulan.objects.get(penilaian=tahun_depan, indikator__nomor=1)
    client.force_login(operator_a)
    url = reverse("evaluasi:usulan_putuskan", kwargs={"pk": usulan.pk})

    client.post(url, {"aksi": "pakai"})
    response = client.post(url, {"aksi": "pakai"}, follow=True)

    assert "sudah diputuskan" in response.content.decode()
    assert Bukti.objects.filter(jawaban__penilaian=tahun_depan).count() == 1


def test_another_opds_proposal_is_a_404(client, sumber, tahun_depan, operator_b, pimpinan):
    usulan_services.usulan_buat(penilaian=tahun_depan)
    usulan = Usulan.objects.get(penilaian=tahun_depan, indikator__nomor=1)
    url = reverse("evaluasi:usulan_putuskan", kwargs={"pk": usulan.pk})

    client.force_login(operator_b)
    assert client.post(url, {"aksi": "pakai"}).status_code == 404
    client.force_login(pimpinan)
    assert client.post(url, {"aksi": "pakai"}).status_code == 403
    assert not Jawaban.objects.filter(penilaian=tahun_depan).exists()


def test_using_every_proposal_asks_first(client, sumber, tahun_depan, operator_a):
    usulan_services.usulan_buat(penilaian=tahun_depan)
    client.force_login(operator_a)
    url = reverse("evaluasi:usulan_semua", kwargs={"pk": tahun_depan.pk})

    response = client.post(url)
    assert "47 usulan dipakai" in response.content.decode()
    assert not Jawaban.objects.filter(penilaian=tahun_depan).exists()

    client.post(url, {"konfirmasi": "ya"})
    assert Jawaban.objects.filter(penilaian=tahun_depan).count() == 47
    assert not Usulan.objects.filter(penilaian=tahun_depan, diterima__isnull=True).exists()


def test_opening_a_period_proposes_for_every_opd(client, sumber, admin_user):
    periode = _periode_baru(sumber.periode.instrumen, sumber.periode.tahun + 1, buka=False)
    client.force_login(admin_user)

    client.post(
        reverse("evaluasi:periode_lanjut", kwargs={"pk": periode.pk}),
        {"dari": "persiapan", "konfirmasi": "ya"},
    )

    penilaian = Penilaian.objects.get(periode=periode, opd_id=sumber.opd_id)
    assert Usulan.objects.filter(penilaian=penilaian).count() == 47
    # opd_b had no final result: nothing for it.
    assert not Usulan.objects.exclude(penilaian=penilaian).exists()


def test_items_are_carried_to_the_same_item_of_the_same_instrument(
    periode_pemdi, opd_a, operator_a
):
    """A Pemdi 2026 result carried into the Pemdi period: a document linked to item L1-01
    last year is proposed for the same item."""
    instrumen = periode_pemdi.instrumen
    lalu = Periode.objects.create(
        nama="Evaluasi Pemdi 2026",
        tahun=2026,
        instrumen=instrumen,
        mulai_pengisian=timezone.localdate() - timedelta(days=400),
        batas_pengisian=timezone.localdate() - timedelta(days=300),
        batas_verifikasi=timezone.localdate() - timedelta(days=250),
        tahun_tpp=2027,
        status=StatusPeriode.DIPUBLIKASI,
    )
    final = Penilaian.objects.create(periode=lalu, opd=opd_a, status=StatusPenilaian.FINAL)
    butir = Butir.objects.filter(indikator__instrumen=instrumen, level=1).first()
    jawaban = Jawaban.objects.create(
        penilaian=final,
        indikator=butir.indikator,
        level=Decimal(1),
        level_final=Decimal(1),
        penjelasan="Ada Perbup.",
    )
    versi, _ = dokumen_services.berkas_terima(
        opd_id=opd_a.pk, user=operator_a, data=PDF_BYTES, nama="perbup.pdf"
    )
    Bukti.objects.create(jawaban=jawaban, versi=versi, butir=butir, ditautkan_oleh=operator_a)
    penilaian = periode_pemdi.penilaian.get(opd=opd_a)

    usulan_services.usulan_buat(penilaian=penilaian)
    usulan = Usulan.objects.get(penilaian=penilaian)
    usulan_services.usulan_konfirmasi(usulan=usulan, user=operator_a)

    bukti = Bukti.objects.get(jawaban__penilaian=penilaian)
    assert (bukti.butir_id, bukti.dari_tahun) == (butir.pk, 2026)
    # Level 1 is supported once its required items have files: taken when they all do.
    assert Jawaban.objects.get(penilaian=penilaian).penjelasan == "Ada Perbup."


def test_a_5920_result_reaches_a_pemdi_period_through_the_crosswalk(
    sumber, periode_pemdi, opd_a, operator_a
):
    """Across the change of instrument each Pemdi indicator is proposed from the 59/2020
    indicators the crosswalk maps to it: the lowest of their final values, their documents for
    the indicator as a whole, labelled approximate."""
    from evaluasi.padanan.selectors import peta_padanan
    from evaluasi.padanan.services import muat_padanan_bawaan

    muat_padanan_bawaan()
    penilaian = periode_pemdi.penilaian.get(opd=opd_a)
    peta = usulan_services.peta_untuk(penilaian)
    assert peta == peta_padanan(sumber.periode.instrumen_id, periode_pemdi.instrumen_id)

    jumlah = usulan_services.usulan_buat(penilaian=penilaian, peta_padanan=peta)

    assert jumlah == 20  # every Pemdi indicator is reached by some 59/2020 indicator
    final = {j.indikator_id: j.level_final for j in sumber.jawaban.all()}
    for usulan in Usulan.objects.filter(penilaian=penilaian).select_related("indikator"):
        assert usulan.melalui_padanan and usulan.dari_tahun == sumber.periode.tahun
        # Every source indicator is named, however many the crosswalk maps (8 for 1.1).
        assert usulan.sumber.count("Indikator ") == len(peta[usulan.indikator_id])
        assert usulan.level == min(final[i] for i in peta[usulan.indikator_id])
    # The Perbup proved 59/2020 indicator 1: it is proposed wherever indicator 1 leads.
    ke = {
        t for t, asal in peta.items() if sumber.jawaban.get(indikator__nomor=1).indikator_id in asal
    }
    dengan_dokumen = set(
        Usulan.objects.filter(penilaian=penilaian, bukti__isnull=False).values_list(
            "indikator_id", flat=True
        )
    )
    assert dengan_dokumen == ke and ke
    assert not Jawaban.objects.filter(penilaian=penilaian).exists()  # nothing counts yet
