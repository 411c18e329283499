"""Sending files from PRIVATE_ROOT after the caller's permission check."""

import unicodedata
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.http import FileResponse, Http404, HttpResponse


def send_private_file(
    relative_path: str, *, content_type: str, filename: str, inline: bool
) -> HttpResponse:
    """Stream a private file, or hand it to the web server (SENDFILE_MODE nginx/apache).

    The caller has already checked permissions; this only resolves the path safely.
    """
    root = Path(settings.PRIVATE_ROOT).resolve()
    path = (root / relative_path).resolve()
    if root not in path.parents or not path.is_file():
        raise Http404("Berkas tidak ditemukan.")
    disposition = "inline" if inline else "attachment"
    filename = _visible(filename)
    ascii_name = filename.encode("ascii", "replace").decode().replace('"', "")
    header = f"{disposition}; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"
    if settings.SENDFILE_MODE == "nginx":
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = settings.SENDFILE_URL_PREFIX + quote(
            str(path.relative_to(root))
        )
    elif settings.SENDFILE_MODE == "apache":
        response = HttpResponse(content_type=content_type)
        response["X-Sendfile"] = str(path)
    else:
        response = FileResponse(path.open("rb"), content_type=content_type)
    response["Content-Disposition"] = header
    # An uploaded file never runs as a page of ours, even if a browser guessed otherwise.
    response["Content-Security-Policy"] = (
        "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'"
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _visible(filename: str) -> str:
    # Bidi overrides and zero-width characters (Unicode Cf) make a name read as something
    # else; control characters (Cc) have no place in a header. Names are cleaned at upload,
    # this also covers files kept before that and names built elsewhere.
    return "".join(ch for ch in filename if unicodedata.category(ch) not in ("Cf", "Cc"))
