"""Private files (PRIVATE_ROOT): sending them after the caller's permission check, and
writing them so that a failed transaction leaves none behind."""

import time
import unicodedata
from collections.abc import Callable
from contextvars import ContextVar
from datetime import timedelta
from functools import wraps
from pathlib import Path
from urllib.parse import quote

from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponse
from django.utils.cache import add_never_cache_headers


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
    # Private: never kept by a shared cache or on disk, whichever view sends it (nginx keeps
    # Cache-Control and Expires from this response when it serves X-Accel-Redirect).
    add_never_cache_headers(response)
    return response


def _visible(filename: str) -> str:
    # Bidi overrides and zero-width characters (Unicode Cf) make a name read as something
    # else; control characters (Cc) have no place in a header. Names are cleaned at upload,
    # this also covers files kept before that and names built elsewhere.
    return "".join(ch for ch in filename if unicodedata.category(ch) not in ("Cf", "Cc"))


# --- Writing private files so that a failed transaction leaves none behind ------------------

_written: ContextVar[list[Path] | None] = ContextVar("private_files_written", default=None)


def write_private_file(relative_path: str, data: bytes) -> Path:
    """Write `data` under PRIVATE_ROOT with exclusive create (never overwrites a file).

    Inside `atomic_with_files`, the file is removed again if that transaction fails.
    """
    target = Path(settings.PRIVATE_ROOT) / relative_path
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("xb") as handle:
        handle.write(data)
    track_private_file(target)
    return target


def track_private_file(path: Path) -> None:
    """Remove `path` if the surrounding `atomic_with_files` block fails (for files written
    in place, e.g. a ZIP streamed to disk)."""
    written = _written.get()
    if written is not None:
        written.append(path)


def atomic_with_files(func: Callable) -> Callable:
    """`transaction.atomic` for a service that writes private files: when the service fails
    (validation, a constraint, a lost race), the files it wrote are deleted with the rollback.

    A rollback of an outer transaction after the service succeeded cannot be seen here; the
    `bersihkan_berkas` command removes such orphans (files no row points at, a day old).
    """

    @wraps(func)
    def wrapper(*args, **kwargs):
        outer = _written.get()
        written: list[Path] = []
        token = _written.set(written)
        try:
            with transaction.atomic():
                result = func(*args, **kwargs)
        except BaseException:
            for path in written:
                path.unlink(missing_ok=True)
            raise
        finally:
            _written.reset(token)
        if outer is not None:  # nested: the outer block still decides
            outer.extend(written)
        return result

    return wrapper


# --- Orphans ---------------------------------------------------------------------------------


def orphan_files(*, older_than: timedelta) -> list[Path]:
    """Private files no database row points at, last written more than `older_than` ago.

    Models that keep files declare `PRIVATE_DIR` (their folder under PRIVATE_ROOT, or a tuple
    of folders) and a `path` column relative to PRIVATE_ROOT. Young files are left alone:
    they may belong to an upload whose transaction has not committed yet.
    """
    root = Path(settings.PRIVATE_ROOT)
    cutoff = time.time() - older_than.total_seconds()
    orphans = []
    for model in apps.get_models():
        folders = getattr(model, "PRIVATE_DIR", None) or ()
        if isinstance(folders, str):
            folders = (folders,)
        folders = [root / folder for folder in folders if (root / folder).is_dir()]
        if not folders:
            continue
        kept = set(model.objects.exclude(path="").values_list("path", flat=True).iterator())
        for folder in folders:
            for path in sorted(folder.rglob("*")):
                if not path.is_file() or path.stat().st_mtime > cutoff:
                    continue
                if path.relative_to(root).as_posix() not in kept:
                    orphans.append(path)
    return orphans
