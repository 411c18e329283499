"""Which period each role lands on (SPEC §4, issue [3/9] item 1): the pure rule, then the
pages that read it and the switcher that overrides it for the session."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from evaluasi.models import Periode, StatusPeriode
from evaluasi.penilaian import services as penilaian_services
from evaluasi.periode_bawaan import PeriodeRingkas, periode_bawaan
from evaluasi.verifikasi import services as verifikasi_services

P, S = PeriodeRingkas, StatusPeriode

# 2023 published with data, 2024 just created (persiapan, nothing in it yet).
TERBIT_DAN_BARU = [
    P(pk=23, tahun=2023, status=S.DIPUBLIKASI, ada_penilaian=True, ada_tugas=True),
    P(pk=24, tahun=2024, status=S.PERSIAPAN),
]


@pytest.mark.parametrize("peran", ["admin", "pimpinan", "operator", "evaluator"])
def test_a_new_period_in_persiapan_does_not_take_anyone_away_from_the_published_year(peran):
    assert periode_bawaan(peran, TERBIT_DAN_BARU) == 23


def test_operator_starts_at_the_period_open_for_filling_then_published_then_their_own():
    daftar = [
        P(pk=23, tahun=2023, status=S.DIPUBLIKASI, ada_penilaian=True),
        P(pk=24, tahun=2024, status=S.PENGISIAN, ada_penilaian=True, bisa_diisi=True),
        P(pk=25, tahun=2025, status=S.PERSIAPAN),
    ]
    assert periode_bawaan("operator", daftar) == 24
    # Nothing open: the latest published, even when an older one is also published.
    tutup = [P(pk=22, tahun=2022, status=S.DIPUBLIKASI), *daftar[:1], daftar[2]]
    assert periode_bawaan("operator", tutup) == 23
    # Nothing published either: the latest period with their own penilaian.
    belum = [P(pk=24, tahun=2024, status=S.VERIFIKASI, ada_penilaian=True), daftar[2]]
    assert periode_bawaan("operator", belum) == 24


def test_evaluator_starts_where_their_assignments_are_being_verified():
    daftar = [
        P(pk=22, tahun=2022, status=S.DIPUBLIKASI, ada_tugas=True),
        P(pk=23, tahun=2023, status=S.VERIFIKASI, ada_tugas=True),
        P(pk=24, tahun=2024, status=S.PENGISIAN),  # open, but not theirs
    ]
    assert periode_bawaan("evaluator", daftar) == 23
    # Assigned only to a closed year: that year, not someone else's open one.
    assert periode_bawaan("evaluator", [daftar[0], daftar[2]]) == 22


def test_admin_and_pimpinan_follow_the_period_in_progress_once_it_has_data():
    daftar = [
        P(pk=23, tahun=2023, status=S.DIPUBLIKASI, ada_penilaian=True),
        P(pk=24, tahun=2024, status=S.PENGISIAN, ada_penilaian=True),
    ]
    assert periode_bawaan("pimpinan", daftar) == 24
    assert periode_bawaan("admin", daftar) == 24


def test_nothing_fits_falls_back_to_the_newest_and_no_period_is_none():
    assert periode_bawaan("pimpinan", [P(pk=1, tahun=2024, status=S.PERSIAPAN)]) == 1
    assert periode_bawaan("operator", []) is None


# --- Pages ----------------------------------------------------------------------------------


@pytest.fixture
def tahun_depan(periode):
    """Next year's period, just created: persiapan, no penilaian, no assignments."""
    today = timezone.localdate()
    return penilaian_services.periode_create(
        data={
            "nama": "Evaluasi tahun depan",
            "tahun": periode.tahun + 1,
            "instrumen": periode.instrumen,
            "mulai_pengisian": today + timedelta(days=300),
            "batas_pengisian": today + timedelta(days=330),
            "batas_verifikasi": today + timedelta(days=360),
            "tahun_tpp": periode.tahun + 2,
        }
    )


@pytest.mark.django_db
def test_pimpinan_dashboard_stays_on_the_year_with_results_after_next_year_is_created(
    client, pimpinan, periode, tahun_depan
):
    Periode.objects.filter(pk=periode.pk).update(status=StatusPeriode.DIPUBLIKASI)
    client.force_login(pimpinan)

    response = client.get(reverse("evaluasi:dashboard"))

    assert response.context["periode"] == periode
    assert response.context["jumlah"] == 2


@pytest.mark.django_db
def test_evaluator_queue_opens_on_the_period_with_their_assignments(
    client, evaluator, admin_user, periode, penilaian_a, tahun_depan
):
    verifikasi_services.penugasan_add(
        periode=periode, evaluator=evaluator, opds=[penilaian_a.opd], user=admin_user
    )
    client.force_login(evaluator)

    response = client.get(reverse("evaluasi:beranda"))

    assert response.context["periode_aktif"] == periode
    assert [r["penilaian"] for r in response.context["antrian"]] == [penilaian_a]


@pytest.mark.django_db
def test_switcher_choice_is_remembered_across_pages_until_set_back(
    client, pimpinan, periode, tahun_depan
):
    client.force_login(pimpinan)
    laporan = reverse("evaluasi:laporan_daftar")
    assert client.get(laporan).context["periode"] == periode

    response = client.post(
        reverse("evaluasi:periode_pilih"),
        {"periode": tahun_depan.pk, "next": f"{laporan}?periode={periode.pk}&halaman=3"},
    )

    # Back to the page, without the stale ?periode= that would undo the choice.
    assert response.status_code == 302 and response.url == laporan
    assert client.get(laporan).context["periode"] == tahun_depan
    assert client.get(reverse("evaluasi:dashboard")).context["periode"] == tahun_depan
    client.post(reverse("evaluasi:periode_pilih"), {"periode": "otomatis", "next": laporan})
    assert client.get(laporan).context["periode"] == periode


@pytest.mark.django_db
def test_switcher_refuses_unknown_periods_and_foreign_or_object_urls(
    client, operator_a, periode, penilaian_a
):
    client.force_login(operator_a)
    url = reverse("evaluasi:periode_pilih")

    bad = client.post(url, {"periode": "99999", "next": "https://evil.example/"}, follow=True)
    assert "Periode tidak ditemukan." in bad.content.decode()
    assert bad.redirect_chain[0][0] == reverse("beranda")
    # A page about one penilaian would still show the old year: go home instead.
    detail = reverse("evaluasi:penilaian_detail", kwargs={"pk": penilaian_a.pk})
    assert client.post(url, {"periode": periode.pk, "next": detail}).url == reverse("beranda")


@pytest.mark.django_db
def test_every_role_sees_the_switcher_in_the_header(client, personas, periode, tahun_depan):
    for user in personas.values():
        client.force_login(user)
        html = client.get(reverse("evaluasi:instrumen_daftar")).content.decode()
        assert 'id="periode-header"' in html, user.peran
        assert f'value="{tahun_depan.pk}"' in html


@pytest.mark.django_db
def test_switcher_values_are_plain_ids_even_past_a_thousand(client, admin_user, tahun_depan):
    # Indonesian number formatting would render 12345 as "12.345", which the switcher would
    # then post back and not find (seen on PostgreSQL, whose ids run high).
    Periode.objects.filter(pk=tahun_depan.pk).update(id=12345)
    client.force_login(admin_user)

    html = client.get(reverse("evaluasi:instrumen_daftar")).content.decode()

    assert 'value="12345"' in html and "12.345" not in html
