"""Security headers Django 5.2 does not set itself, and query strings without NUL bytes."""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, QueryDict
from django.template.loader import render_to_string
from django.utils.cache import add_never_cache_headers

from spbe_portal.files import PenyimpananGagal


class ContentSecurityPolicyMiddleware:
    """Adds Content-Security-Policy (settings.CONTENT_SECURITY_POLICY) unless a view set its own.

    Everything is served from this origin (vendored Bootstrap, htmx, no CDN), so the policy
    can be strict; inline style attributes stay allowed for progress bars and badge colours.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response
        self.policy = settings.CONTENT_SECURITY_POLICY

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if self.policy and "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = self.policy
        return response


class NoStoreForSignedInMiddleware:
    """Marks every response to a signed-in user `Cache-Control: no-store, private` (plus
    no-cache, must-revalidate, max-age=0): assessments, personal data and downloads stay
    neither in a shared cache nor in the disk cache of a shared computer after logout.
    Anonymous pages (/publik/, login, static files) keep their caching.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            add_never_cache_headers(response)
        return response


class QueryTanpaNulMiddleware:
    """Drops NUL bytes from the query string's values before any view reads them. PostgreSQL
    text cannot hold NUL, so `?q=%00` reaching a search (`icontains`) would fail the query
    (a 500) on every page with a search box; no meaningful search contains one."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        mentah = request.META.get("QUERY_STRING", "")
        if "%00" in mentah or "\x00" in mentah:
            bersih = QueryDict(mutable=True)
            for kunci, nilai in request.GET.lists():
                bersih.setlist(kunci.replace("\x00", ""), [v.replace("\x00", "") for v in nilai])
            bersih._mutable = False
            request.GET = bersih
        return self.get_response(request)


class PenyimpananGagalMiddleware:
    """The private file storage (an object store) did not answer: an Indonesian 503 page
    instead of a traceback. Services raise PenyimpananGagal before their transaction commits,
    so nothing was changed."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception):
        if not isinstance(exception, PenyimpananGagal):
            return None
        html = render_to_string(
            "unggahan_ditolak.html",
            {"judul": "Penyimpanan berkas tidak tersedia", "pesan": str(exception)},
        )
        response = HttpResponse(html, status=503)
        response["Retry-After"] = "30"
        add_never_cache_headers(response)
        return response
