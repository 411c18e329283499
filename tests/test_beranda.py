"""Tugas saya (issue [3/9] item 4): each role's home page starts from what it has to do."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from evaluasi.models import Penilaian, Periode, StatusPeriode
from evaluasi.penilaian import services as penilaian_services
from evaluasi.verifikasi import services as verifikasi_services
from tests.evaluasi.test_verifikasi import _fill_and_submit
from tests.factories import OpdFactory

pytestmark = pytest.mark.django_db


def _home(client, user) -> str:
    client.force_login(user)
    response = client.get(reverse("beranda"))
    assert response.status_code == 200
    return response.content.decode()


def test_operator_sees_deadline_progress_and_where_to_continue(client, operator_a, penilaian_a):
    indikator = penilaian_a.periode.instrumen.indikator.get(nomor=1)
    penilaian_services.jawaban_save(
        penilaian=penilaian_a,
        indikator=indikator,
        user=operator_a,
        level=3,
        penjelasan="Ada.",
        tautan=[],
        versi=0,
    )

    html = _home(client, operator_a)

    assert "Batas pengisian" in html and "30 hari lagi" in html
    assert "46 indikator belum memiliki level dan penjelasan." in html
    assert "Lanjutkan di indikator 2" in html
    # Indicator 1 is answered without any evidence: listed, linked to its evidence panel.
    assert reverse("evaluasi:jawaban", kwargs={"pk": penilaian_a.pk, "nomor": 1}) + "#bukti" in html


def test_operator_sees_revision_requests_with_the_evaluators_note_first(
    client, operator_a, penilaian_a, evaluator, admin_user
):
    verifikasi_services.penugasan_add(
        periode=penilaian_a.periode, evaluator=evaluator, opds=[penilaian_a.opd], user=admin_user
    )
    _fill_and_submit(penilaian_a, operator_a, {})
    ind = penilaian_a.periode.instrumen.indikator.get(nomor=3)
    verifikasi_services.perbaikan_request(
        penilaian=penilaian_a, indikator=[ind], catatan="Lampirkan SK tim.", user=evaluator
    )

    html = _home(client, operator_a)

    assert html.index('id="tugas-perbaikan"') < html.index('id="tugas-batas"')
    assert "Lampirkan SK tim." in html and "Batas perbaikan" in html


def test_operator_gets_the_result_link_only_once_published(client, operator_a, penilaian_a):
    assert 'id="tugas-hasil"' not in _home(client, operator_a)
    Periode.objects.filter(pk=penilaian_a.periode_id).update(status=StatusPeriode.DIPUBLIKASI)
    assert reverse("evaluasi:hasil", kwargs={"pk": penilaian_a.pk}) in _home(client, operator_a)


def test_evaluator_sees_assigned_work_needing_action_with_resubmissions_marked(
    client, evaluator, admin_user, periode, penilaian_a, penilaian_b, operator_a, operator_b
):
    verifikasi_services.penugasan_add(
        periode=periode, evaluator=evaluator, opds=[penilaian_a.opd], user=admin_user
    )
    _fill_and_submit(penilaian_a, operator_a, {})
    _fill_and_submit(penilaian_b, operator_b, {})  # not assigned to this evaluator
    ind = periode.instrumen.indikator.get(nomor=2)
    verifikasi_services.perbaikan_request(
        penilaian=penilaian_a, indikator=[ind], catatan="x", user=evaluator
    )
    penilaian_services.penilaian_submit(penilaian=penilaian_a, user=operator_a)

    html = _home(client, evaluator)

    assert "Perlu tindakan (1)" in html and "Diajukan ulang" in html
    assert penilaian_b.opd.nama not in html
    assert "OPD aktif" not in html


def test_admin_monitor_lists_not_started_overdue_and_unassigned(client, admin_user, periode):
    Periode.objects.filter(pk=periode.pk).update(
        batas_pengisian=timezone.localdate() - timedelta(days=1)
    )

    html = _home(client, admin_user)

    assert "Belum mulai mengisi (2)" in html
    assert "Terlambat (2)" in html
    assert "Tanpa evaluator (2)" in html
    assert reverse("evaluasi:pengingat", kwargs={"pk": periode.pk}) in html


def test_admin_monitor_query_count_does_not_grow_with_opds(client, admin_user, periode):
    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            _home(client, admin_user)
        return len(ctx.captured_queries)

    count()  # warm the per-process caches (content types, instrument)
    small = count()
    for opd in OpdFactory.create_batch(15):
        Penilaian.objects.create(periode=periode, opd=opd)
    assert count() == small


def test_pimpinan_starts_on_the_results_dashboard(client, pimpinan, periode):
    client.force_login(pimpinan)
    assert client.get(reverse("beranda")).url == reverse("evaluasi:dashboard")


def test_nothing_to_do_without_a_period(client, operator_a):
    assert "Belum ada periode evaluasi." in _home(client, operator_a)


def test_network_and_request_agendas_wait_on_the_right_people(
    client, admin_user, operator_a, operator_b, pimpinan
):
    from arsitektur.permohonan import aturan as permohonan_aturan
    from arsitektur.permohonan import services as permohonan_services
    from tests.jaringan.gangguan_pabrik import buat_gangguan
    from tests.permohonan.pabrik import permohonan_buat

    menunggu = permohonan_buat(opd=operator_a.opd, user=operator_a, nama="SIPADU")
    permohonan_services.permohonan_transisi(
        permohonan=menunggu, ke=permohonan_aturan.DIAJUKAN, user=operator_a, pihak={"opd"}
    )
    perbaikan = permohonan_buat(opd=operator_a.opd, user=operator_a, nama="E-Arsip")
    for ke, user, pihak, catatan in (
        (permohonan_aturan.DIAJUKAN, operator_a, "opd", ""),
        (permohonan_aturan.PERLU_PERBAIKAN, admin_user, "peninjau", "Lengkapi KAK."),
    ):
        perbaikan = permohonan_services.permohonan_transisi(
            permohonan=perbaikan, ke=ke, user=user, pihak={pihak}, catatan=catatan
        )
    permohonan_buat(opd=operator_b.opd, user=operator_b, nama="Milik OPD lain")
    buat_gangguan(operator_a.opd, operator_a, layanan="Internet lantai dua", selesai=None)
    buat_gangguan(operator_b.opd, operator_b, layanan="Server SIMPEG mati", selesai=None)
    buat_gangguan(operator_a.opd, operator_a, layanan="Sudah pulih kemarin")

    admin = _home(client, admin_user)
    operator = _home(client, operator_a)

    # The reviewer waits on what was submitted; the OPD on what came back for a fix.
    assert "SIPADU" in admin and "E-Arsip" not in admin and "Milik OPD lain" not in admin
    assert "E-Arsip" in operator and "SIPADU" not in operator
    assert "Milik OPD lain" not in operator
    # Open disruptions: the operator's own, every OPD's for Diskominfo; closed ones never.
    assert "Internet lantai dua" in operator and "Server SIMPEG mati" not in operator
    assert "Internet lantai dua" in admin and "Server SIMPEG mati" in admin
    assert "Sudah pulih kemarin" not in admin + operator
