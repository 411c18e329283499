"""Double submits of create forms: the second click that passed validation while the first
was saving gets a form error, never a 500. Simulated deterministically: the twin row is
inserted between the form's validation and the service's insert, as the other click would
(in one test transaction the twin rolls back with the refused insert; the threaded test below
shows the committed outcome)."""

from contextlib import contextmanager
from unittest import mock

import pytest
from django.urls import reverse

from arsitektur.models import Aplikasi
from opd.models import Pengguna, Peran
from tpp import rules
from tpp.models import AturanTpp

pytestmark = pytest.mark.django_db


@contextmanager
def twin_saved_first(model, make_twin):
    """The first INSERT of `model` finds a twin already committed by "the other click"."""
    original = model.save
    state = {"done": False}

    def save(self, *args, **kwargs):
        if self.pk is None and not state["done"]:
            state["done"] = True
            model.objects.bulk_create([make_twin(self)])  # bulk_create bypasses save()
        return original(self, *args, **kwargs)

    with mock.patch.object(model, "save", save):
        yield


def test_double_submit_of_the_new_user_form(client, admin_user):
    client.force_login(admin_user)
    data = {"username": "ani", "nama": "Ani", "peran": Peran.PIMPINAN, "is_active": "on"}

    twin = lambda u: Pengguna(username=u.username, nama=u.nama, peran=u.peran)  # noqa: E731
    with twin_saved_first(Pengguna, twin):
        response = client.post(reverse("pengguna:tambah"), data)

    assert response.status_code == 200
    assert "sudah dipakai" in response.content.decode()


def test_double_submit_of_the_new_tpp_rule_form(client, admin_user, periode):
    client.force_login(admin_user)
    data = {
        "tahun": periode.tahun_tpp,
        "periode": periode.pk,
        "dasar_hukum": "SK Gubernur",
        **{f"persen_{k}": v for k, v in rules.PERSENTASE_BAWAAN.items()},
    }

    twin = lambda a: AturanTpp(tahun=a.tahun, periode=a.periode, dasar_hukum="x")  # noqa: E731
    with twin_saved_first(AturanTpp, twin):
        response = client.post(reverse("tpp:aturan_tambah"), data)

    assert response.status_code == 200
    assert "Aturan untuk tahun TPP ini sudah ada." in response.content.decode()


def test_double_submit_of_the_new_application_form(client, operator_a, opd_a):
    client.force_login(operator_a)
    data = {"nama": "SIMPEG", "basis": "web", "aktif": "on"}

    twin = lambda a: Aplikasi(opd=a.opd, nama=a.nama)  # noqa: E731
    with twin_saved_first(Aplikasi, twin):
        response = client.post(
            reverse("arsitektur:aplikasi_tambah", kwargs={"opd_pk": opd_a.pk}), data
        )

    assert response.status_code == 200
    assert "sudah terdaftar" in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_two_clicks_at_once_on_the_new_user_form_create_one_user(admin_user):
    from django.test import Client

    from tests.helpers import at_once

    data = {"username": "budi", "nama": "Budi", "peran": Peran.PIMPINAN, "is_active": "on"}

    def click():
        client = Client()
        client.force_login(admin_user)
        return client.post(reverse("pengguna:tambah"), data).status_code

    codes = at_once([click, click])

    assert sorted(codes) == [200, 302]
    assert Pengguna.objects.filter(username="budi").count() == 1
