"""Dashboard and OPD result page: what each role sees, sorting, filters, query counts."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from evaluasi.models import Penilaian, Periode, StatusPenilaian, StatusPeriode
from evaluasi.penilaian import services as penilaian_services
from evaluasi.verifikasi import services as verifikasi_services
from tests.factories import OpdFactory

pytestmark = pytest.mark.django_db


def _finalize(penilaian, indeks, predikat, mandiri=None):
    Penilaian.objects.filter(pk=penilaian.pk).update(
        status=StatusPenilaian.FINAL,
        indeks_final=Decimal(indeks),
        predikat_final=predikat,
        indeks_mandiri=Decimal(mandiri or indeks),
        predikat_mandiri=predikat,
        kemajuan=Decimal(100),
        aspek_final={"1": indeks},
        aspek_mandiri={"1": mandiri or indeks},
    )
    # Written past the services: the dashboard's per-period sums are rebuilt.
    penilaian_services.ringkasan_bangun(periode=penilaian.periode)


def _publish(periode):
    Periode.objects.filter(pk=periode.pk).update(status=StatusPeriode.DIPUBLIKASI)


@pytest.fixture
def hasil(periode, penilaian_a, penilaian_b):
    from tpp import rules
    from tpp.services import aturan_save

    # The period's TPP rule (the decree's default table): every TPP % is read from it.
    aturan_save(
        aturan=None,
        tahun=periode.tahun_tpp,
        periode=periode,
        dasar_hukum="SK",
        persen=dict(rules.PERSENTASE_BAWAAN),
    )
    _finalize(penilaian_a, "2.13", "Cukup", mandiri="3.10")
    _finalize(penilaian_b, "3.60", "Sangat Baik", mandiri="3.70")
    return periode


def _rows(response):
    return [r["opd"].nama for r in response.context["rows"]]


def test_admin_sees_the_recap_with_final_figures_and_tpp(client, admin_user, hasil, opd_a):
    client.force_login(admin_user)

    response = client.get(reverse("evaluasi:dashboard"))

    row = next(r for r in response.context["rows"] if r["opd"] == opd_a)
    assert (row["indeks_final"], row["predikat"], row["tpp"]) == (
        Decimal("2.13"),
        "Cukup",
        Decimal(10),
    )
    assert row["selisih"] == Decimal("0.97")
    assert response.context["selisih"][0]["opd"] == opd_a  # over-claims most
    html = response.content.decode()
    assert "Indeks Final" in html and "TPP %" in html and "<svg" in html


def test_pimpinan_sees_only_progress_before_publication(client, pimpinan, hasil):
    client.force_login(pimpinan)

    html = client.get(reverse("evaluasi:dashboard")).content.decode()

    assert 'id="hanya-kemajuan"' in html
    assert "2,13" not in html and "Sangat Baik" not in html and "TPP %" not in html
    _publish(hasil)
    html = client.get(reverse("evaluasi:dashboard")).content.decode()
    assert 'id="hanya-kemajuan"' not in html and "2,13" in html and "TPP %" in html


def test_sorting_and_filters(client, admin_user, hasil, opd_a, opd_b):
    OpdFactory(nama="Badan Tanpa Hasil", jenis="Badan")
    penilaian_services.penilaian_create_all(periode=hasil)
    client.force_login(admin_user)
    url = reverse("evaluasi:dashboard")

    desc = _rows(client.get(url, {"urut": "indeks_final", "arah": "desc"}))
    asc = _rows(client.get(url, {"urut": "indeks_final", "arah": "asc"}))

    assert desc == [opd_b.nama, opd_a.nama, "Badan Tanpa Hasil"]  # no figure → last
    assert asc == [opd_a.nama, opd_b.nama, "Badan Tanpa Hasil"]
    assert _rows(client.get(url, {"predikat": "Cukup"})) == [opd_a.nama]
    assert _rows(client.get(url, {"q": "kepegawaian"})) == [opd_b.nama]
    assert _rows(client.get(url, {"jenis": "Badan"})) == [
        "Badan Tanpa Hasil"
    ]  # factories make Dinas


def test_progress_monitor_counts_statuses_and_lists_who_has_not_started(
    client, admin_user, periode, penilaian_a, operator_a
):
    ind = penilaian_a.periode.instrumen.indikator.get(nomor=1)
    penilaian_services.jawaban_save(
        penilaian=penilaian_a,
        indikator=ind,
        user=operator_a,
        level=2,
        penjelasan="x",
        tautan=[],
        versi=0,
    )
    client.force_login(admin_user)

    response = client.get(reverse("evaluasi:dashboard"))

    counts = {value: n for value, _, n in response.context["status_count"]}
    assert counts["draft"] == 2
    assert [o.nama for o in response.context["belum_mulai"]] == ["Badan Kepegawaian Daerah"]


def test_dashboard_query_count_is_the_same_for_5_and_200_opds(client, admin_user, periode):
    client.force_login(admin_user)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("evaluasi:dashboard")).status_code == 200
        return len(ctx.captured_queries)

    OpdFactory.create_batch(3)
    penilaian_services.penilaian_create_all(periode=periode)
    five = count()
    OpdFactory.create_batch(195)
    penilaian_services.penilaian_create_all(periode=periode)
    for p in Penilaian.objects.filter(periode=periode)[:150]:
        _finalize(p, "3.00", "Baik")

    assert Penilaian.objects.filter(periode=periode).count() == 200
    assert count() == five


@pytest.mark.parametrize("role", ["operator_a", "evaluator"])
def test_operator_and_evaluator_cannot_open_the_dashboard(client, request, role, periode):
    client.force_login(request.getfixturevalue(role))

    assert client.get(reverse("evaluasi:dashboard")).status_code == 403


def test_result_page_shows_both_levels_recommendations_radar_and_gap(
    client, admin_user, penilaian_a, operator_a, evaluator
):
    from tests.evaluasi.test_verifikasi import _fill_and_submit, _review_all

    verifikasi_services.penugasan_add(
        periode=penilaian_a.periode, evaluator=evaluator, opds=[penilaian_a.opd], user=admin_user
    )
    _fill_and_submit(penilaian_a, operator_a, {})
    _review_all(penilaian_a, evaluator, dict.fromkeys(range(1, 48), 3))
    ind = penilaian_a.periode.instrumen.indikator.get(nomor=36)
    verifikasi_services.reviu_save(
        penilaian=penilaian_a,
        indikator=ind,
        user=evaluator,
        level_final=3,
        metode="visitasi",
        catatan="Sudah transaksi.",
        rekomendasi="Integrasikan dengan SIASN.",
        versi_reviu=1,
    )
    verifikasi_services.reviu_finalize(penilaian=penilaian_a, user=evaluator)
    client.force_login(admin_user)

    response = client.get(reverse("evaluasi:hasil", kwargs={"pk": penilaian_a.pk}))

    html = response.content.decode()
    assert response.context["final"].indeks == Decimal("3.00")
    assert response.context["mandiri"].indeks == Decimal("2.00")
    assert "Integrasikan dengan SIASN." in html
    assert html.count("<polygon") >= 5 + 2  # rings plus the self and final polygons
    assert response.context["saran"].startswith("Untuk mencapai Sangat Baik: ")
    # One level per indicator in a year, each step with the evidence its next level asks for.
    rencana = response.context["rencana"]
    assert rencana and all(s.ke - s.dari == 1 and s.bukti for s in rencana)


def test_averages_per_aspect_and_domain_are_computed_from_the_cached_values(
    client, admin_user, periode, penilaian_a, penilaian_b
):
    Penilaian.objects.filter(pk=penilaian_a.pk).update(
        aspek_mandiri={"1": "2.00", "8": "3.00"},
        domain_mandiri={"1": "2.00"},
        status=StatusPenilaian.FINAL,
        indeks_final=Decimal("2.00"),
        predikat_final="Cukup",
        aspek_final={"1": "1.50"},
        domain_final={"1": "1.50"},
    )
    Penilaian.objects.filter(pk=penilaian_b.pk).update(
        aspek_mandiri={"1": "3.00", "8": "4.00"},
        domain_mandiri={"1": "3.00"},
        status=StatusPenilaian.DIAJUKAN,
    )
    penilaian_services.ringkasan_bangun(periode=periode)
    client.force_login(admin_user)

    response = client.get(reverse("evaluasi:dashboard"))

    aspek = {a["nomor"]: a for a in response.context["rata_aspek"]}
    assert (aspek[1]["mandiri"], aspek[8]["mandiri"], aspek[1]["final"]) == (
        Decimal("2.50"),
        Decimal("3.50"),
        Decimal("1.50"),
    )
    assert aspek[2]["mandiri"] is None
    domain = {d["nomor"]: d for d in response.context["rata_domain"]}
    assert (domain[1]["mandiri"], domain[1]["final"]) == (Decimal("2.50"), Decimal("1.50"))
    # Like with like: once b is back in draft, its work in progress leaves the average.
    Penilaian.objects.filter(pk=penilaian_b.pk).update(status=StatusPenilaian.DRAFT)
    penilaian_services.ringkasan_bangun(periode=periode)
    again = client.get(reverse("evaluasi:dashboard")).context["rata_aspek"]
    assert again[0]["mandiri"] == Decimal("2.00")
