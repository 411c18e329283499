"""Portal role and Django admin access agree: only portal Admins reach /django-admin/."""

import pytest
from django.db import IntegrityError
from django.urls import reverse

from opd.models import Pengguna, Peran
from opd.services import pengguna_import
from tests.factories import PenggunaFactory
from tests.helpers import dataset_from_rows

pytestmark = pytest.mark.django_db

ADMIN_INDEX = "/django-admin/"


@pytest.fixture
def superuser(db):
    return Pengguna.objects.create_superuser("super", "super@contoh.go.id", "sandi-uji-12345")


def _form(user, peran):
    return {
        "username": user.username,
        "nama": user.nama,
        "email": user.email,
        "peran": peran,
        "is_active": "on",
    }


def test_a_superuser_demoted_in_the_portal_loses_the_django_admin(client, admin_user, superuser):
    client.force_login(admin_user)

    client.post(
        reverse("pengguna:ubah", kwargs={"pk": superuser.pk}), _form(superuser, Peran.PIMPINAN)
    )

    superuser.refresh_from_db()
    assert (superuser.peran, superuser.is_staff, superuser.is_superuser) == (
        Peran.PIMPINAN,
        False,
        False,
    )
    client.force_login(superuser)
    response = client.get(ADMIN_INDEX)
    assert response.status_code == 302 and "/django-admin/login/" in response.url
    # …so he cannot open his own account there to promote himself back.
    change = client.post(
        f"/django-admin/opd/pengguna/{superuser.pk}/change/",
        {"username": "super", "peran": Peran.ADMIN, "is_superuser": "on", "is_staff": "on"},
    )
    assert change.status_code == 302 and "/django-admin/login/" in change.url
    superuser.refresh_from_db()
    assert (superuser.peran, superuser.is_superuser) == (Peran.PIMPINAN, False)


def test_a_portal_admin_is_django_staff_and_superuser(client, admin_user, operator_b):
    client.force_login(admin_user)

    client.post(reverse("pengguna:ubah", kwargs={"pk": operator_b.pk}), _form(operator_b, "admin"))

    operator_b.refresh_from_db()
    assert (operator_b.is_staff, operator_b.is_superuser) == (True, True)
    client.force_login(operator_b)
    assert client.get(ADMIN_INDEX).status_code == 200


def test_an_import_that_changes_the_role_changes_django_admin_access(superuser):
    rows = [["username", "nama", "peran"], ["super", "Mantan Super", "Pimpinan"]]

    hasil = pengguna_import(dataset=dataset_from_rows(rows), dry_run=False)

    assert hasil.disimpan and hasil.diperbarui == 1
    superuser.refresh_from_db()
    assert (superuser.peran, superuser.is_staff, superuser.is_superuser) == (
        Peran.PIMPINAN,
        False,
        False,
    )


def test_django_admin_flags_cannot_be_set_apart_from_the_role(client, superuser):
    operator = PenggunaFactory(peran=Peran.OPERATOR)
    client.force_login(superuser)

    # Ticking "superuser" in the Django admin does not make an operator a superuser.
    operator.is_superuser = operator.is_staff = True
    operator.save()
    operator.refresh_from_db()
    assert (operator.is_staff, operator.is_superuser) == (False, False)


def test_the_database_refuses_a_superuser_without_the_admin_role(superuser):
    with pytest.raises(IntegrityError):
        Pengguna.objects.filter(pk=superuser.pk).update(peran=Peran.PIMPINAN)
