"""SSO (OpenID Connect) against a stub provider: the real code flow through the test client.

GET /akun/sso/masuk/ → the stub's /authorize → its redirect back to /akun/sso/kembali/ with a
code and state → the portal fetches the token, checks the id_token against the stub's JWKS,
reads userinfo and matches the person to a portal account.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest
import requests
from axes.models import AccessAttempt, AccessLog
from django.urls import reverse

from opd import sso
from opd.models import Pengguna, Peran
from tests.factories import PASSWORD, PenggunaFactory
from tests.sso_stub import StubOidc

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def stub():
    with StubOidc() as s:
        yield s


@pytest.fixture
def penyedia(stub, settings):
    for name, value in stub.settings().items():
        setattr(settings, name, value)
    settings.OIDC_NAMA = "Keycloak Pemda"
    stub.klaim, stub.rusak = {}, ""
    return stub


def _klaim(**extra) -> dict:
    return {"sub": "f3a1-uji", "email_verified": True, **extra}


def _masuk_sso(client, stub, klaim: dict, *, ganti_state: str = ""):
    """The whole flow; returns the portal's answer to the callback."""
    stub.klaim = klaim
    mulai = client.get(reverse("akun:sso_masuk"))
    assert mulai.status_code == 302 and mulai.url.startswith(f"{stub.url}/authorize?")
    balik = requests.get(mulai.url, allow_redirects=False, timeout=5)
    assert balik.status_code == 302
    kembali = balik.headers["Location"]
    assert kembali.startswith("http://testserver/akun/sso/kembali/?")
    path = kembali.removeprefix("http://testserver")
    if ganti_state:
        path = path.split("&state=")[0] + f"&state={ganti_state}"
    return client.get(path)


def _id_sesi(client):
    return client.session.get("_auth_user_id")


def _pesan(client) -> str:
    return client.get(reverse("akun:masuk")).content.decode()


def test_existing_user_matched_by_username_case_insensitively(client, penyedia, operator_a):
    response = _masuk_sso(client, penyedia, _klaim(preferred_username="Operator.A"))

    assert response.status_code == 302 and response.url == reverse("beranda")
    assert _id_sesi(client) == str(operator_a.pk)
    # Recorded like a local login: last_login and django-axes' access log.
    operator_a.refresh_from_db()
    assert operator_a.last_login is not None
    assert AccessLog.objects.filter(username="operator.a").count() == 1


def test_existing_user_matched_by_verified_email(client, penyedia, evaluator):
    klaim = _klaim(preferred_username="nip-1987", email=evaluator.email.upper())

    response = _masuk_sso(client, penyedia, klaim)

    assert response.status_code == 302
    assert _id_sesi(client) == str(evaluator.pk)


def test_unverified_email_does_not_match(client, penyedia, evaluator):
    klaim = _klaim(preferred_username="nip-1987", email=evaluator.email, email_verified=False)

    response = _masuk_sso(client, penyedia, klaim)

    assert response.url == reverse("akun:masuk") and _id_sesi(client) is None
    assert sso.BELUM_TERDAFTAR in _pesan(client)


def test_email_shared_by_two_users_logs_nobody_in(client, penyedia, opd_a):
    PenggunaFactory(username="budi1", email="budi@contoh.go.id", peran=Peran.EVALUATOR)
    PenggunaFactory(username="budi2", email="Budi@contoh.go.id", peran=Peran.PIMPINAN)

    _masuk_sso(client, penyedia, _klaim(preferred_username="b.santoso", email="budi@contoh.go.id"))

    assert _id_sesi(client) is None
    assert sso.GANDA in _pesan(client)


def test_unknown_user_is_refused_with_a_clear_message_and_nothing_created(
    client, penyedia, operator_a
):
    before = Pengguna.objects.count()

    response = _masuk_sso(client, penyedia, _klaim(preferred_username="tamu", email="t@x.id"))

    assert response.status_code == 302 and response.url == reverse("akun:masuk")
    assert _id_sesi(client) is None
    assert Pengguna.objects.count() == before
    assert "Akun SSO Anda belum terdaftar di portal; minta admin mendaftarkannya" in _pesan(client)


def test_create_user_setting_makes_a_roleless_account_that_opens_no_evaluation_page(
    client, penyedia, settings, admin_user
):
    settings.OIDC_CREATE_USER = True
    klaim = _klaim(
        preferred_username="baru.sso",
        email="baru@contoh.go.id",
        name="Pegawai Baru",
        peran="admin",
        roles=["admin"],
        is_superuser=True,
    )

    response = _masuk_sso(client, penyedia, klaim)

    baru = Pengguna.objects.get(username="baru.sso")
    assert response.status_code == 302 and _id_sesi(client) == str(baru.pk)
    assert (baru.peran, baru.opd_id, baru.is_staff, baru.is_superuser) == ("", None, False, False)
    assert (baru.nama, baru.email, baru.has_usable_password()) == (
        "Pegawai Baru",
        "baru@contoh.go.id",
        False,
    )
    assert baru.history.get().history_change_reason.startswith("Dibuat saat pertama masuk")
    assert client.get(reverse("beranda")).status_code == 200
    for url in ("evaluasi:beranda", "evaluasi:periode_tambah", "pengguna:daftar", "tpp:beranda"):
        assert client.get(reverse(url)).status_code in (403, 404), url
    assert client.get("/django-admin/").status_code == 302  # to the admin login
    # The Admin finds the new account in the user list, where roles are granted.
    client.force_login(admin_user)
    daftar = client.get(reverse("pengguna:daftar"), {"q": "baru.sso"})
    assert daftar.status_code == 200 and "Pegawai Baru" in daftar.content.decode()
    data = {"username": "baru.sso", "nama": "Pegawai Baru", "email": baru.email}
    data |= {"nip": "", "peran": Peran.EVALUATOR, "opd": "", "is_active": "on"}
    assert client.post(reverse("pengguna:ubah", args=[baru.pk]), data).status_code == 302
    client.force_login(baru)
    assert client.get(reverse("evaluasi:beranda")).status_code == 200


def test_claims_never_change_an_existing_users_role(client, penyedia, operator_a):
    klaim = _klaim(
        preferred_username="operator.a",
        email="lain@contoh.go.id",
        name="Nama Lain",
        peran="admin",
        is_superuser=True,
        is_staff=True,
    )

    _masuk_sso(client, penyedia, klaim)

    stored = Pengguna.objects.get(pk=operator_a.pk)
    assert _id_sesi(client) == str(operator_a.pk)
    assert (stored.peran, stored.opd_id, stored.is_superuser, stored.is_staff) == (
        Peran.OPERATOR,
        operator_a.opd_id,
        False,
        False,
    )
    assert (stored.nama, stored.email) == (operator_a.nama, operator_a.email)
    assert client.get("/pengguna/").status_code == 403


@pytest.mark.parametrize("rusak", ["tanda_tangan", "nonce", "kedaluwarsa", "aud", "sub_userinfo"])
def test_bad_tokens_are_refused(client, penyedia, operator_a, rusak):
    penyedia.rusak = rusak

    response = _masuk_sso(client, penyedia, _klaim(preferred_username="operator.a"))

    assert response.status_code == 302 and response.url == reverse("akun:masuk")
    assert _id_sesi(client) is None
    assert sso.GAGAL in _pesan(client)
    assert not AccessLog.objects.exists()


def test_a_state_this_browser_never_started_is_refused(client, penyedia, operator_a):
    response = _masuk_sso(
        client, penyedia, _klaim(preferred_username="operator.a"), ganti_state="palsu"
    )

    assert response.status_code == 302 and _id_sesi(client) is None
    assert sso.GAGAL in _pesan(client)


def test_a_callback_replayed_is_refused(client, penyedia, operator_a):
    penyedia.klaim = _klaim(preferred_username="operator.a")
    mulai = client.get(reverse("akun:sso_masuk"))
    kembali = requests.get(mulai.url, allow_redirects=False, timeout=5).headers["Location"]
    path = kembali.removeprefix("http://testserver")
    assert client.get(path).status_code == 302 and _id_sesi(client) == str(operator_a.pk)
    client.logout()

    client.get(path)

    assert _id_sesi(client) is None


def test_inactive_user_is_refused_and_not_matched_by_email_instead(client, penyedia, opd_a):
    PenggunaFactory(username="lama", email="x@contoh.go.id", is_active=False)
    PenggunaFactory(username="aktif", email="lama@contoh.go.id", peran=Peran.EVALUATOR)

    klaim = _klaim(preferred_username="lama", email="lama@contoh.go.id")
    _masuk_sso(client, penyedia, klaim)

    assert _id_sesi(client) is None
    assert sso.NONAKTIF in _pesan(client)


def test_a_deactivated_sso_user_loses_the_open_session(client, penyedia, operator_a):
    _masuk_sso(client, penyedia, _klaim(preferred_username="operator.a"))
    assert client.get(reverse("beranda")).status_code == 200

    Pengguna.objects.filter(pk=operator_a.pk).update(is_active=False)

    assert client.get(reverse("beranda")).status_code == 302


def test_the_provider_refusing_shows_a_message(client, penyedia):
    client.get(reverse("akun:sso_masuk"))
    state = next(iter(client.session["oidc_states"]))

    client.get(reverse("akun:sso_kembali"), {"error": "access_denied", "state": state})

    assert _id_sesi(client) is None
    assert sso.DIBATALKAN in _pesan(client)


def test_sso_failures_do_not_lock_anyone_and_local_login_stays_throttled(
    client, penyedia, operator_a, settings
):
    for _ in range(settings.AXES_FAILURE_LIMIT + 1):
        _masuk_sso(client, penyedia, _klaim(preferred_username="tamu"))
    assert not AccessAttempt.objects.exists()

    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("akun:masuk"), {"username": "operator.a", "password": "salah"})
    locked = client.post(reverse("akun:masuk"), {"username": "operator.a", "password": PASSWORD})

    assert locked.status_code == 429


def test_login_form_with_a_code_in_its_url_is_still_a_local_login(client, penyedia, operator_a):
    url = reverse("akun:masuk") + "?code=x&state=y"
    token_diminta = penyedia.token_diminta

    response = client.post(url, {"username": "operator.a", "password": PASSWORD})

    assert response.status_code == 302 and _id_sesi(client) == str(operator_a.pk)
    assert penyedia.token_diminta == token_diminta
    assert client.session["_auth_user_backend"] == "django.contrib.auth.backends.ModelBackend"


def test_login_page_shows_the_sso_button_with_the_providers_name(client, penyedia):
    html = _pesan(client)

    assert "Masuk dengan SSO" in html and "Keycloak Pemda" in html
    assert 'href="/akun/sso/masuk/"' in html


def test_next_is_kept_through_the_sso_login(client, penyedia, operator_a):
    client.get(reverse("akun:masuk") + "?next=/opd/")
    penyedia.klaim = _klaim(preferred_username="operator.a")
    mulai = client.get(reverse("akun:sso_masuk"), {"next": "/opd/"})
    kembali = requests.get(mulai.url, allow_redirects=False, timeout=5).headers["Location"]

    response = client.get(kembali.removeprefix("http://testserver"))

    assert response.url == "/opd/"


def test_logout_ends_the_session_and_the_providers_when_configured(client, penyedia, settings):
    settings.OIDC_OP_LOGOUT_ENDPOINT = f"{penyedia.url}/logout"
    settings.OIDC_STORE_ID_TOKEN = True
    PenggunaFactory(username="operator.x", peran=Peran.EVALUATOR)
    _masuk_sso(client, penyedia, _klaim(preferred_username="operator.x"))
    assert _id_sesi(client) is not None

    response = client.post(reverse("akun:keluar"))

    assert _id_sesi(client) is None
    assert response.url.startswith(f"{penyedia.url}/logout?id_token_hint=")
    assert "post_logout_redirect_uri=http%3A%2F%2Ftestserver%2Fakun%2Fmasuk%2F" in response.url


def test_logout_after_a_local_login_stays_local(client, penyedia, settings, operator_a):
    settings.OIDC_OP_LOGOUT_ENDPOINT = f"{penyedia.url}/logout"
    client.force_login(operator_a)

    response = client.post(reverse("akun:keluar"))

    assert response.url == reverse("akun:masuk") and _id_sesi(client) is None


def test_with_sso_off_its_urls_are_404_and_no_button_is_shown(client, settings, operator_a):
    settings.OIDC_RP_CLIENT_ID = ""

    assert client.get(reverse("akun:sso_masuk")).status_code == 404
    assert client.get(reverse("akun:sso_kembali"), {"code": "x", "state": "y"}).status_code == 404
    assert "Masuk dengan SSO" not in _pesan(client)
    # Local login is unaffected.
    response = client.post(reverse("akun:masuk"), {"username": "operator.a", "password": PASSWORD})
    assert response.status_code == 302


def test_a_client_id_without_its_endpoints_stops_the_start_with_a_clear_error(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("OIDC_")}
    env.update(
        DEBUG="1",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        OIDC_RP_CLIENT_ID="portal",
        OIDC_RP_CLIENT_SECRET="s",
        OIDC_OP_AUTHORIZATION_ENDPOINT="https://sso.example/auth",
    )
    root = Path(__file__).resolve().parent.parent.parent

    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=root, env=env, capture_output=True, text=True
    )

    assert result.returncode != 0
    assert (
        "OIDC_RP_CLIENT_ID diisi, tetapi belum: OIDC_OP_TOKEN_ENDPOINT, OIDC_OP_USER_ENDPOINT, "
        "OIDC_OP_JWKS_ENDPOINT" in result.stderr
    )
