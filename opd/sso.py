"""Single sign-on through OpenID Connect (mozilla-django-oidc), beside local login.

Off unless settings.OIDC_RP_CLIENT_ID is set: the views answer 404, the backend answers None and
the login page shows no button. On, a provider account is matched to an existing portal account
(active, by `preferred_username`, else by a verified e-mail, case-insensitively). The claims
never change an account: roles and OPDs are granted by Admins in the portal. An unknown person
is refused, or with OIDC_CREATE_USER gets an account without any role (no page but the empty
home page). A successful login goes through django.contrib.auth.login, so it is recorded like
a local one (last_login, django-axes' access log).
"""

import logging
from urllib.parse import urlencode

import jwt
import requests
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import SuspiciousOperation, ValidationError
from django.http import Http404, HttpRequest, HttpResponseRedirect
from django.urls import reverse
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from opd import services
from opd.models import Pengguna

logger = logging.getLogger(__name__)

BELUM_TERDAFTAR = "Akun SSO Anda belum terdaftar di portal; minta admin mendaftarkannya."
GANDA = "Akun SSO Anda cocok dengan lebih dari satu akun portal; minta admin memperbaikinya."
NONAKTIF = "Akun portal Anda tidak aktif; hubungi admin."
GAGAL = "Masuk dengan SSO gagal; silakan coba lagi atau masuk dengan kata sandi."
DIBATALKAN = "Masuk dengan SSO dibatalkan atau ditolak oleh penyedia SSO."

# What a broken or hostile provider answer raises inside the library: a refusal, never a 500.
_GALAT_PENYEDIA = (
    SuspiciousOperation,
    jwt.PyJWTError,
    requests.RequestException,
    ValueError,
    KeyError,
    TypeError,
)


def aktif() -> bool:
    return bool(settings.OIDC_RP_CLIENT_ID)


def _tolak(request: HttpRequest, pesan: str) -> None:
    # Read by the callback view when it shows the login page again.
    request.sso_pesan = pesan


def bukan_tebakan_sandi(request: HttpRequest, credentials: dict | None) -> bool:
    """django-axes whitelist: an SSO callback is not a password guess, so its failures neither
    count towards nor are refused by the local login throttle (an office behind one address
    would otherwise lock SSO for everyone after a few unregistered colleagues)."""
    return bool(credentials) and "nonce" in credentials


def _email_terverifikasi(klaim: dict) -> str:
    email = str(klaim.get("email") or "").strip()
    return "" if klaim.get("email_verified") is False else email


def cari_pengguna(klaim: dict) -> tuple[Pengguna | None, str]:
    """The portal account these claims belong to, or None and the reason (a message)."""
    username = str(klaim.get("preferred_username") or "").strip()
    if username:
        found = list(Pengguna.objects.filter(username__iexact=username)[:2])
        if len(found) == 1:
            return found[0], ""
        if found:
            return None, GANDA
    email = _email_terverifikasi(klaim)
    if email:
        found = list(Pengguna.objects.filter(email__iexact=email)[:2])
        if len(found) == 1:
            return found[0], ""
        if found:
            return None, GANDA
    return None, BELUM_TERDAFTAR


class SsoBackend(OIDCAuthenticationBackend):
    """The library's code flow (token, signature, nonce) with the portal's matching rules."""

    def __init__(self, *args, **kwargs):
        # Django builds backends on every authenticate(); off, there are no settings to read.
        if aktif():
            super().__init__(*args, **kwargs)

    def authenticate(self, request, **kwargs):
        # Only the callback passes a nonce; a local login (username, password) is not ours,
        # even if someone adds ?code=&state= to the login form's URL.
        if not aktif() or request is None or "nonce" not in kwargs or "password" in kwargs:
            return None
        try:
            return super().authenticate(request, **kwargs)
        except _GALAT_PENYEDIA as exc:
            logger.warning("SSO ditolak: %s: %s", type(exc).__name__, exc)
            _tolak(request, GAGAL)
            return None

    def _verify_jws(self, payload, key):
        # The library skips the audience; a token issued to another client must not log in
        # here. exp is required (PyJWT checks it only when present); iss when configured.
        alg = jwt.get_unverified_header(payload).get("alg")
        if alg != self.OIDC_RP_SIGN_ALGO:
            raise SuspiciousOperation("id_token alg tidak sesuai OIDC_RP_SIGN_ALGO")
        issuer = settings.OIDC_OP_ISSUER or None
        return jwt.decode(
            payload,
            key,
            algorithms=[alg],
            audience=self.OIDC_RP_CLIENT_ID,
            issuer=issuer,
            leeway=settings.OIDC_LEEWAY_SECONDS,
            options={"require": ["exp", "iat", "aud", *(["iss"] if issuer else [])]},
        )

    def get_or_create_user(self, access_token, id_token, payload):
        klaim = self.get_userinfo(access_token, id_token, payload)
        if not isinstance(klaim, dict) or klaim.get("sub") != payload.get("sub"):
            # OIDC Core 5.3.2: userinfo about another subject must not be used.
            _tolak(self.request, GAGAL)
            return None
        pengguna, alasan = cari_pengguna(klaim)
        if pengguna is None and alasan == BELUM_TERDAFTAR and settings.OIDC_CREATE_USER:
            pengguna = self._buat(klaim)
        if pengguna is None:
            _tolak(self.request, alasan)
            return None
        if not pengguna.is_active:
            _tolak(self.request, NONAKTIF)
            return None
        return pengguna

    def get_user(self, user_id):
        # Django's, not the library's: a deactivated account loses its open sessions too.
        return ModelBackend.get_user(self, user_id)

    def _buat(self, klaim: dict) -> Pengguna | None:
        username = str(klaim.get("preferred_username") or "").strip()
        if not username:
            return None
        try:
            return services.pengguna_buat_dari_sso(
                username=username,
                nama=str(klaim.get("name") or "").strip(),
                email=_email_terverifikasi(klaim),
            )
        except ValidationError as exc:
            logger.warning("SSO: akun %r tidak dapat dibuat: %s", username, exc)
            return None


def _404_bila_mati() -> None:
    if not aktif():
        raise Http404


class SsoMasukView(OIDCAuthenticationRequestView):
    def __init__(self, *args, **kwargs):
        _404_bila_mati()  # before the library reads the endpoint settings
        super().__init__(*args, **kwargs)


class SsoKembaliView(OIDCAuthenticationCallbackView):
    def dispatch(self, request, *args, **kwargs):
        _404_bila_mati()
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        try:
            return super().get(request)
        except SuspiciousOperation:
            # A state this browser never started (replayed or forged callback).
            _tolak(request, GAGAL)
            return self.login_failure()

    @property
    def failure_url(self):
        return reverse("akun:masuk")

    def login_failure(self):
        if self.request.GET.get("error"):
            pesan = DIBATALKAN
        else:
            pesan = getattr(self.request, "sso_pesan", GAGAL)
        messages.error(self.request, pesan)
        return HttpResponseRedirect(self.failure_url)


class MasukView(auth_views.LoginView):
    """The local login page, with the "Masuk dengan SSO" button when SSO is on."""

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["sso_nama"] = settings.OIDC_NAMA if aktif() else ""
        return ctx


class KeluarView(auth_views.LogoutView):
    """Ends the portal session; after an SSO login, also the provider's when it has an
    end-session endpoint (OIDC_OP_LOGOUT_ENDPOINT)."""

    def post(self, request, *args, **kwargs):
        id_token = request.session.get("oidc_id_token")
        response = super().post(request, *args, **kwargs)
        if aktif() and settings.OIDC_OP_LOGOUT_ENDPOINT and id_token:
            query = urlencode(
                {
                    "id_token_hint": id_token,
                    "client_id": settings.OIDC_RP_CLIENT_ID,
                    "post_logout_redirect_uri": request.build_absolute_uri(reverse("akun:masuk")),
                }
            )
            return HttpResponseRedirect(f"{settings.OIDC_OP_LOGOUT_ENDPOINT}?{query}")
        return response
