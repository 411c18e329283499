"""Login, logout, password change and failed-login throttling (django-axes)."""

import pytest
from django.urls import reverse

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def _login(client, username, password):
    return client.post(reverse("akun:masuk"), {"username": username, "password": password})


def test_login_page_is_in_indonesian(client):
    html = client.get(reverse("akun:masuk")).content.decode()

    assert 'lang="id"' in html
    for text in ("Nama pengguna", "Kata sandi", "Masuk", "Lupa kata sandi?"):
        assert text in html


def test_login_with_correct_password_goes_to_dashboard(client, operator_a):
    response = _login(client, "operator.a", PASSWORD)

    assert response.status_code == 302 and response.url == reverse("beranda")
    assert client.get(reverse("beranda")).context["user"] == operator_a


def test_wrong_password_shows_indonesian_error(client, operator_a):
    response = _login(client, "operator.a", "salah")

    assert response.status_code == 200
    assert "Nama pengguna atau kata sandi salah." in response.content.decode()


def test_inactive_user_cannot_log_in(client, operator_a):
    operator_a.is_active = False
    operator_a.save(update_fields=["is_active"])

    response = _login(client, "operator.a", PASSWORD)

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_repeated_failures_lock_the_account_even_for_the_right_password(
    client, operator_a, settings
):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _login(client, "operator.a", "salah").status_code == 200

    locked = _login(client, "operator.a", "salah")
    after = _login(client, "operator.a", PASSWORD)

    assert locked.status_code == after.status_code == 429
    assert "Terlalu banyak percobaan masuk yang gagal" in after.content.decode()
    assert "_auth_user_id" not in client.session


def test_lockout_is_per_username_so_others_can_still_log_in(
    client, operator_a, operator_b, settings
):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "operator.a", "salah")

    response = _login(client, "operator.b", PASSWORD)

    assert response.status_code == 302


def test_successful_login_resets_the_failure_count(client, operator_a, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _login(client, "operator.a", "salah")
    assert _login(client, "operator.a", PASSWORD).status_code == 302
    client.logout()

    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _login(client, "operator.a", "salah")

    assert _login(client, "operator.a", PASSWORD).status_code == 302


def test_logout_is_post_only_and_ends_the_session(client, operator_a):
    client.force_login(operator_a)

    assert client.get(reverse("akun:keluar")).status_code == 405
    response = client.post(reverse("akun:keluar"))

    assert response.status_code == 302 and response.url == reverse("akun:masuk")
    assert "_auth_user_id" not in client.session


def test_password_change_validates_and_saves(client, operator_a):
    client.force_login(operator_a)
    url = reverse("akun:kata_sandi")

    weak = client.post(
        url, {"old_password": PASSWORD, "new_password1": "12345", "new_password2": "12345"}
    )
    strong = client.post(
        url,
        {
            "old_password": PASSWORD,
            "new_password1": "kopi-pagi-mamuju-7",
            "new_password2": "kopi-pagi-mamuju-7",
        },
    )

    assert "Kata sandi terlalu pendek" in weak.content.decode()
    assert strong.status_code == 302
    operator_a.refresh_from_db()
    assert operator_a.check_password("kopi-pagi-mamuju-7")


def test_password_reset_sends_mail_only_to_known_addresses(
    client, operator_a, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):  # sent by the worker after commit
        client.post(reverse("akun:reset"), {"email": operator_a.email})
        client.post(reverse("akun:reset"), {"email": "tidak.ada@contoh.go.id"})

    assert [m.to for m in mailoutbox] == [[operator_a.email]]
    assert "/akun/atur-kata-sandi/" in mailoutbox[0].body
