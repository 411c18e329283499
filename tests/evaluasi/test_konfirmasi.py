"""Guardrails (issue [3/9] item 2): Ajukan, Finalkan, every period step and publication are
confirmed on the server with their consequences; a period steps back one stage and a
publication is withdrawn only with a reason, and never once the TPP recap has left."""

import pytest
from django.urls import reverse

from evaluasi import states
from evaluasi.models import Penilaian, Periode, StatusPenilaian, StatusPeriode
from evaluasi.penilaian import services as penilaian_services

pytestmark = pytest.mark.django_db
YA = {"konfirmasi": "ya"}


def _status(periode) -> str:
    return Periode.objects.get(pk=periode.pk).status


def test_a_period_step_without_confirmation_shows_the_consequences_and_changes_nothing(
    client, admin_user, periode, penilaian_a, penilaian_b
):
    Penilaian.objects.filter(pk=penilaian_b.pk).update(status=StatusPenilaian.DIAJUKAN)
    # Written past the services: the period's counts (its summary) are rebuilt.
    penilaian_services.ringkasan_bangun(periode=periode)
    client.force_login(admin_user)
    url = reverse("evaluasi:periode_lanjut", kwargs={"pk": periode.pk})

    response = client.post(url, {"dari": "pengisian"})

    html = response.content.decode()
    assert response.status_code == 200 and _status(periode) == StatusPeriode.PENGISIAN
    assert "1 OPD masih Draf dan tidak dapat mengajukan lagi" in html
    assert "30 hari lagi" in html  # the fixture's filling deadline
    assert "1 penilaian menunggu verifikasi" in html
    assert 'name="konfirmasi" value="ya"' in html

    client.post(url, {"dari": "pengisian", **YA})
    assert _status(periode) == StatusPeriode.VERIFIKASI


def test_submit_waits_for_confirmation_and_warns_of_what_is_missing(
    client, operator_a, penilaian_a
):
    client.force_login(operator_a)
    url = reverse("evaluasi:penilaian_ajukan", kwargs={"pk": penilaian_a.pk})
    response = client.post(url)
    assert "indikator belum lengkap; pengajuan akan ditolak" in response.content.decode()
    assert Penilaian.objects.get(pk=penilaian_a.pk).status == StatusPenilaian.DRAFT


def test_finalise_confirmation_names_the_index_it_will_freeze(
    client, evaluator, admin_user, penilaian_a, operator_a
):
    from evaluasi.verifikasi import services as verifikasi_services
    from tests.evaluasi.test_scoring import PASER
    from tests.evaluasi.test_verifikasi import _fill_and_submit, _review_all

    verifikasi_services.penugasan_add(
        periode=penilaian_a.periode, evaluator=evaluator, opds=[penilaian_a.opd], user=admin_user
    )
    _fill_and_submit(penilaian_a, operator_a, {})
    _review_all(penilaian_a, evaluator, dict(enumerate(PASER, start=1)))
    client.force_login(evaluator)
    url = reverse("evaluasi:finalkan", kwargs={"pk": penilaian_a.pk})

    html = client.post(url).content.decode()

    # 2,13 Cukup: the published Paser result (SPEC worked example), not our own output.
    assert "Indeks Final 2,13 (Cukup) dibekukan" in html
    assert Penilaian.objects.get(pk=penilaian_a.pk).status != StatusPenilaian.FINAL
    client.post(url, YA)
    assert Penilaian.objects.get(pk=penilaian_a.pk).status == StatusPenilaian.FINAL


def test_step_back_needs_a_reason_and_logs_it(client, admin_user, periode):
    client.force_login(admin_user)
    url = reverse("evaluasi:periode_mundur", kwargs={"pk": periode.pk})

    assert client.post(url, {"dari": "pengisian", **YA}).status_code == 422  # no reason
    assert _status(periode) == StatusPeriode.PENGISIAN

    client.post(url, {"dari": "pengisian", "alasan": "Instrumen salah pilih.", **YA})

    assert _status(periode) == StatusPeriode.PERSIAPAN
    record = Periode.history.filter(id=periode.pk).latest()
    assert (record.history_user, record.history_change_reason) == (
        admin_user,
        "Instrumen salah pilih.",
    )


def test_back_to_persiapan_is_refused_once_an_opd_has_submitted(
    client, admin_user, periode, penilaian_a
):
    Penilaian.objects.filter(pk=penilaian_a.pk).update(status=StatusPenilaian.DIAJUKAN)
    client.force_login(admin_user)

    response = client.post(
        reverse("evaluasi:periode_mundur", kwargs={"pk": periode.pk}),
        {"dari": "pengisian", "alasan": "x", **YA},
        follow=True,
    )

    assert "1 OPD sudah mengajukan penilaian" in response.content.decode()
    assert _status(periode) == StatusPeriode.PENGISIAN


def test_a_publication_is_withdrawn_with_a_reason_until_the_tpp_recap_is_exported(
    client,
    admin_user,
    operator_a,
    final_a,
):
    from spbe_portal.access import may_see_final
    from tpp.models import AturanTpp

    periode = final_a.periode
    Periode.objects.filter(pk=periode.pk).update(status=StatusPeriode.DIPUBLIKASI)
    client.force_login(admin_user)
    url = reverse("evaluasi:periode_mundur", kwargs={"pk": periode.pk})
    data = {"dari": "dipublikasi", "alasan": "Keberatan OPD.", **YA}

    client.post(url, data)
    assert _status(periode) == StatusPeriode.SELESAI
    periode.refresh_from_db()
    assert not may_see_final(operator_a, periode)  # hidden again from the OPD
    Periode.objects.filter(pk=periode.pk).update(status=StatusPeriode.DIPUBLIKASI)
    AturanTpp.objects.create(tahun=periode.tahun_tpp, periode=periode, dasar_hukum="Kepgub")
    assert client.get(reverse("tpp:ekspor")).status_code == 200
    periode.refresh_from_db()
    assert periode.tpp_diekspor_oleh == admin_user

    response = client.post(url, data, follow=True)

    assert "Rekap TPP periode ini sudah diekspor" in response.content.decode()
    assert _status(periode) == StatusPeriode.DIPUBLIKASI


def test_tpp_export_before_publication_does_not_freeze_anything(
    client,
    admin_user,
    final_a,
):
    from tpp.models import AturanTpp

    AturanTpp.objects.create(
        tahun=final_a.periode.tahun_tpp, periode=final_a.periode, dasar_hukum="Kepgub"
    )
    client.force_login(admin_user)
    client.get(reverse("tpp:ekspor"))
    assert Periode.objects.get(pk=final_a.periode_id).tpp_diekspor_pada is None


def test_step_back_rules_are_pure_and_cover_every_stage_but_the_first():
    assert set(states.PERIODE_MUNDUR) == set(states.StatusPeriode) - {
        states.StatusPeriode.PERSIAPAN
    }
    with pytest.raises(states.TransisiTidakSah):
        states.periode_mundur_check("persiapan", jumlah_diajukan=0, tpp_diekspor=False)
    with pytest.raises(states.TransisiTidakSah, match="alasan"):
        states.periode_check("verifikasi", "pengisian", alasan=" ")
    # Two stages back is never a step.
    with pytest.raises(states.TransisiTidakSah):
        states.periode_check("selesai", "pengisian", alasan="x")
    assert (
        states.periode_mundur_check("dipublikasi", jumlah_diajukan=5, tpp_diekspor=False)
        == "selesai"
    )


def test_two_clicks_on_step_back_move_one_stage(admin_user, periode):
    Periode.objects.filter(pk=periode.pk).update(status=StatusPeriode.SELESAI)
    penilaian_services.periode_mundur(periode=periode, dari="selesai", alasan="a")
    with pytest.raises(states.StatusBerubah):
        penilaian_services.periode_mundur(periode=periode, dari="selesai", alasan="a")
    assert _status(periode) == StatusPeriode.VERIFIKASI
