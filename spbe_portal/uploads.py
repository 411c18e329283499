"""Request size limits: a body larger than any allowed upload is refused before it is read.

The reverse proxy enforces the same limit first (README, "Request limits"); these checks
hold when it is missing or misconfigured.
"""

import logging
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.core.files.uploadhandler import FileUploadHandler
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)

MB = 1024 * 1024


def _megabytes(size: int) -> str:
    text = f"{size // MB}" if size % MB == 0 else f"{size / MB:.1f}".replace(".", ",")
    return f"{text} MB"


def _too_big_message(size: int | None = None) -> str:
    received = f" ({_megabytes(size)})" if size else ""
    return (
        f"Unggahan terlalu besar{received}; batasnya {_megabytes(settings.REQUEST_MAX_BYTES)} "
        "untuk satu kali kirim. Unggah berkas satu per satu, atau perkecil berkasnya."
    )


def _refused(request: HttpRequest, *, status: int, judul: str, pesan: str) -> HttpResponse:
    logger.warning("Permintaan ditolak (%s) %s %s: %s", status, request.method, request.path, pesan)
    # Rendered without the request: session and user are not loaded this early.
    html = render_to_string("unggahan_ditolak.html", {"judul": judul, "pesan": pesan})
    response = HttpResponse(html, status=status)
    # The middleware below that would add these never sees this response.
    if settings.CONTENT_SECURITY_POLICY:
        response["Content-Security-Policy"] = settings.CONTENT_SECURITY_POLICY
    response["X-Frame-Options"] = "DENY"
    return response


class UploadLimitMiddleware:
    """Answers a request whose Content-Length exceeds REQUEST_MAX_BYTES with 413 before any
    of its body is read, and turns Django's own upload limits (DATA_UPLOAD_MAX_NUMBER_FILES,
    DATA_UPLOAD_MAX_NUMBER_FIELDS, DATA_UPLOAD_MAX_MEMORY_SIZE, and UploadLimitHandler) into
    a readable Indonesian page instead of a bare 400.

    Sits right after SecurityMiddleware (and WhiteNoise), before anything reads the body.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        length = _content_length(request)
        if length > settings.REQUEST_MAX_BYTES:
            return _refused(
                request,
                status=413,
                judul="Unggahan terlalu besar",
                pesan=_too_big_message(length),
            )
        if request.method == "POST":
            # Parse the form here, where a limit error can still get a proper answer; the
            # CSRF check would otherwise be the first to read it and answer a bare 400.
            try:
                request.POST  # noqa: B018 — reading it parses the body once, for the view too
            except TooManyFilesSent:
                maks = settings.DATA_UPLOAD_MAX_NUMBER_FILES
                return _refused(
                    request,
                    status=400,
                    judul="Terlalu banyak berkas",
                    pesan=f"Satu kali unggah berisi paling banyak {maks} berkas. "
                    "Pilih lebih sedikit berkas, lalu unggah sisanya berikutnya.",
                )
            except TooManyFieldsSent:
                return _refused(
                    request,
                    status=400,
                    judul="Formulir terlalu besar",
                    pesan="Formulir berisi terlalu banyak isian.",
                )
            except RequestDataTooBig:
                return _refused(
                    request, status=413, judul="Unggahan terlalu besar", pesan=_too_big_message()
                )
        return self.get_response(request)


def _content_length(request: HttpRequest) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0  # as Django reads it: an invalid length means no body


class UploadLimitHandler(FileUploadHandler):
    """Stops a multipart body once its files pass REQUEST_MAX_BYTES, whatever the request
    declared: the same limit for a chunked or lying body as for an honest one.

    First in FILE_UPLOAD_HANDLERS, so it counts every chunk before anything stores it.
    """

    def __init__(self, request: HttpRequest | None = None):
        super().__init__(request)
        self.received = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        self.received += len(raw_data)
        if self.received > settings.REQUEST_MAX_BYTES:
            raise RequestDataTooBig(_too_big_message())
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None  # the next handlers build the uploaded file
