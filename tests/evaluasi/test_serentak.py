"""Two clicks at once: state changes move one step and answer the loser with a message."""

import pytest
from django.test import Client
from django.urls import reverse

from evaluasi import states
from evaluasi.models import Periode, StatusPeriode
from evaluasi.penilaian import services as penilaian_services
from tests.helpers import at_once

pytestmark = pytest.mark.django_db(transaction=True)


def _click_lanjut(user, periode, dari):
    def click():
        client = Client()
        client.force_login(user)
        return client.post(
            reverse("evaluasi:periode_lanjut", kwargs={"pk": periode.pk}),
            {"dari": dari, "konfirmasi": "ya"},
        )

    return click


def test_four_simultaneous_lanjut_move_the_period_exactly_one_step(admin_user, periode):
    assert periode.status == StatusPeriode.PENGISIAN

    responses = at_once([_click_lanjut(admin_user, periode, "pengisian") for _ in range(4)])

    assert [getattr(r, "status_code", r) for r in responses] == [302] * 4
    assert Periode.objects.get(pk=periode.pk).status == StatusPeriode.VERIFIKASI


def test_the_losing_clicks_are_told_the_status_changed(client, admin_user, periode):
    penilaian_services.periode_advance(periode=periode, dari="pengisian")
    client.force_login(admin_user)

    response = client.post(
        reverse("evaluasi:periode_lanjut", kwargs={"pk": periode.pk}),
        {"dari": "pengisian", "konfirmasi": "ya"},
        follow=True,
    )

    assert "Status periode sudah berubah" in response.content.decode()
    assert Periode.objects.get(pk=periode.pk).status == StatusPeriode.VERIFIKASI


def test_the_service_rechecks_the_expected_status_under_the_lock(periode):
    with pytest.raises(states.StatusBerubah):
        penilaian_services.periode_advance(periode=periode, dari="persiapan")

    assert Periode.objects.get(pk=periode.pk).status == StatusPeriode.PENGISIAN


def test_a_post_without_the_expected_status_changes_nothing(client, admin_user, periode):
    client.force_login(admin_user)

    client.post(reverse("evaluasi:periode_lanjut", kwargs={"pk": periode.pk}), {"konfirmasi": "ya"})

    assert Periode.objects.get(pk=periode.pk).status == StatusPeriode.PENGISIAN
