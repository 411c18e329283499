"""Private files: evidence, documents, reports, import uploads. They live in the storage
aliased "private" in settings.STORAGES: a folder (PRIVATE_ROOT, the embedded default) or a
private S3-compatible bucket (django-storages, when AWS_STORAGE_BUCKET_NAME is set). Every
caller names a file by its path relative to that storage; nothing here hands out a URL
before the caller's permission check.

Sending them after that check, writing them so that a failed transaction leaves none
behind, and finding the ones no row points at."""

import os
import time
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import suppress
from contextvars import ContextVar
from datetime import timedelta
from functools import cached_property, wraps
from pathlib import Path
from typing import IO
from urllib.parse import quote

from django.apps import apps
from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, Storage, storages
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.utils._os import safe_join
from django.utils.cache import add_never_cache_headers

PENYIMPANAN_GAGAL = (
    "Penyimpanan berkas sedang tidak dapat dihubungi, jadi berkas tidak dapat disimpan atau "
    "dibuka dan tidak ada data yang berubah. Coba lagi beberapa saat lagi; bila tetap gagal, "
    "hubungi pengelola portal."
)


class PenyimpananGagal(Exception):
    """The private storage did not answer (object store down, credentials refused). The
    message is for the user (Indonesian); `spbe_portal.middleware` turns it into a 503 page."""

    def __init__(self, pesan: str = PENYIMPANAN_GAGAL):
        super().__init__(pesan)


class PrivateFileSystemStorage(FileSystemStorage):
    """FileSystemStorage rooted at settings.PRIVATE_ROOT, read when used (tests move it per
    test), never serving URLs."""

    def __init__(self, **kwargs):
        kwargs.pop("location", None)
        super().__init__(base_url=None, **kwargs)

    @property
    def base_location(self):
        return str(settings.PRIVATE_ROOT)

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    @cached_property
    def base_url(self):
        return None

    def url(self, name):
        raise NotImplementedError("Berkas privat tidak punya URL.")


def private_storage() -> Storage:
    return storages["private"]


def is_local() -> bool:
    """True when private files are in a local folder (X-Accel/X-Sendfile possible)."""
    return isinstance(private_storage(), FileSystemStorage)


def _storage_errors() -> tuple[type[BaseException], ...]:
    try:
        from botocore.exceptions import BotoCoreError, ClientError
    except ImportError:  # local disk only: nothing to translate
        return ()
    return (BotoCoreError, ClientError)


def _missing(exc: BaseException) -> bool:
    code = str(getattr(exc, "response", {}).get("Error", {}).get("Code", ""))
    return code in {"404", "NoSuchKey", "NotFound"}


def _name(relative_path: str | Path) -> str:
    """A stored name as the storage sees it: relative, forward slashes, inside the storage.
    Raises SuspiciousFileOperation for an absolute path or one that climbs out (`..`)."""
    name = str(relative_path).replace("\\", "/")
    if not name or name.startswith("/") or ".." in name.split("/") or "\x00" in name:
        raise SuspiciousFileOperation(f"Nama berkas privat tidak sah: {relative_path!r}")
    safe_join("/privat", name)  # the same check Django's storages make
    return name


# --- Reading and sending ---------------------------------------------------------------------


def open_private_file(relative_path: str) -> IO[bytes]:
    """The stored file, open for binary reading. Raises FileNotFoundError when it is not
    there, SuspiciousFileOperation for a path outside the storage, PenyimpananGagal."""
    name = _name(relative_path)
    storage = private_storage()
    try:
        if isinstance(storage, FileSystemStorage):
            return open(storage.path(name), "rb")
        # A HEAD first, so a missing object fails here and not in the middle of a response.
        storage.size(name)
        return storage.open(name, "rb")
    except _storage_errors() as exc:
        if _missing(exc):
            raise FileNotFoundError(name) from exc
        raise PenyimpananGagal() from exc


def private_file_size(relative_path: str) -> int | None:
    """Size in bytes of the stored file; None when it is missing or the path leaves the
    storage. Raises PenyimpananGagal."""
    try:
        name = _name(relative_path)
    except SuspiciousFileOperation:
        return None
    storage = private_storage()
    try:
        if isinstance(storage, FileSystemStorage):
            path = Path(storage.path(name))
            return path.stat().st_size if path.is_file() else None
        return storage.size(name)
    except FileNotFoundError:  # django-storages' answer to a 404
        return None
    except _storage_errors() as exc:
        if _missing(exc):
            return None
        raise PenyimpananGagal() from exc


def private_file_exists(relative_path: str) -> bool:
    return private_file_size(relative_path) is not None


def send_private_file(
    relative_path: str, *, content_type: str, filename: str, inline: bool
) -> HttpResponse:
    """Send a private file: streamed from the storage, handed to the web server (local disk
    with SENDFILE_MODE nginx/apache), or with PRIVATE_DOWNLOAD=redirect and object storage a
    302 to a signed URL valid PRIVATE_URL_EXPIRE_SECONDS.

    The caller has already checked permissions; this only resolves the path safely.
    """
    try:
        name = _name(relative_path)
    except SuspiciousFileOperation:
        raise Http404("Berkas tidak ditemukan.") from None
    disposition = "inline" if inline else "attachment"
    filename = _visible(filename)
    ascii_name = filename.encode("ascii", "replace").decode().replace('"', "")
    header = f"{disposition}; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"
    storage = private_storage()
    if isinstance(storage, FileSystemStorage):
        response = _send_local(storage, name, content_type)
    elif settings.PRIVATE_DOWNLOAD == "redirect":
        if not private_file_exists(name):
            raise Http404("Berkas tidak ditemukan.")
        try:
            url = storage.url(
                name,
                parameters={
                    "ResponseContentDisposition": header,
                    "ResponseContentType": content_type,
                    "ResponseCacheControl": "no-store, private",
                },
                expire=settings.PRIVATE_URL_EXPIRE_SECONDS,
            )
        except _storage_errors() as exc:
            raise PenyimpananGagal() from exc
        response = HttpResponseRedirect(url)
    else:
        try:
            handle = open_private_file(name)
        except FileNotFoundError:
            raise Http404("Berkas tidak ditemukan.") from None
        response = FileResponse(handle, content_type=content_type)
        response.block_size = 256 * 1024
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


def _send_local(storage: FileSystemStorage, name: str, content_type: str) -> HttpResponse:
    root = Path(storage.location).resolve()
    path = (root / name).resolve()
    if root not in path.parents or not path.is_file():
        raise Http404("Berkas tidak ditemukan.")
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
    return response


def _visible(filename: str) -> str:
    # Bidi overrides and zero-width characters (Unicode Cf) make a name read as something
    # else; control characters (Cc) have no place in a header. Names are cleaned at upload,
    # this also covers files kept before that and names built elsewhere.
    return "".join(ch for ch in filename if unicodedata.category(ch) not in ("Cf", "Cc"))


# --- Writing private files so that a failed transaction leaves none behind ------------------

_written: ContextVar[list[str | Path] | None] = ContextVar("private_files_written", default=None)


def write_private_file(relative_path: str, data: bytes) -> str:
    """Store `data` under `relative_path`; never overwrites a file (FileExistsError).

    Inside `atomic_with_files`, the file is removed again if that transaction fails.
    Returns the stored name (= `relative_path`). Raises PenyimpananGagal.
    """
    return save_private_file(relative_path, ContentFile(data))


def save_private_file(relative_path: str, fileobj: IO[bytes]) -> str:
    """Store the binary file object `fileobj` (read from its start, e.g. a ZIP built in a
    `tempfile.TemporaryFile`) under `relative_path`; never overwrites (FileExistsError).
    Tracked like `write_private_file`. Raises PenyimpananGagal."""
    name = _name(relative_path)
    storage = private_storage()
    if hasattr(fileobj, "seek"):
        fileobj.seek(0)
    content = fileobj if isinstance(fileobj, File) else File(fileobj, name=name)
    try:
        if storage.exists(name):
            raise FileExistsError(name)
        stored = storage.save(name, content)
    except _storage_errors() as exc:
        raise PenyimpananGagal() from exc
    if stored != name:  # another writer took the name meanwhile: ours went elsewhere
        storage.delete(stored)
        raise FileExistsError(name)
    track_private_file(name)
    return name


def replace_private_file(relative_path: str, data: bytes) -> None:
    """Store a small state file (an import's progress count) that is rewritten in place:
    the one exception to "never overwrite", for files no row points at."""
    name = _name(relative_path)
    storage = private_storage()
    try:
        if isinstance(storage, FileSystemStorage):
            path = Path(storage.path(name))
            path.parent.mkdir(parents=True, exist_ok=True)
            partial = path.with_name(path.name + ".tmp")
            partial.write_bytes(data)
            os.replace(partial, path)
            return
        storage.delete(name)
        storage.save(name, ContentFile(data))
    except _storage_errors() as exc:
        raise PenyimpananGagal() from exc


def read_private_file(relative_path: str) -> bytes | None:
    """The whole stored file, or None when it is missing. Raises PenyimpananGagal."""
    try:
        with open_private_file(relative_path) as handle:
            return handle.read()
    except (FileNotFoundError, SuspiciousFileOperation):
        return None


def delete_private_file(relative_path: str | Path) -> None:
    """Remove a stored file; a missing one is no error. Raises PenyimpananGagal."""
    if isinstance(relative_path, Path) and relative_path.is_absolute():
        relative_path.unlink(missing_ok=True)  # written in place by an older caller
        return
    try:
        name = _name(relative_path)
    except SuspiciousFileOperation:
        return
    try:
        private_storage().delete(name)
    except _storage_errors() as exc:
        if not _missing(exc):
            raise PenyimpananGagal() from exc


def track_private_file(path: str | Path) -> None:
    """Remove `path` (a stored name, or an absolute local path) if the surrounding
    `atomic_with_files` block fails."""
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
        written: list[str | Path] = []
        token = _written.set(written)
        try:
            with transaction.atomic():
                result = func(*args, **kwargs)
        except BaseException:
            for path in written:
                # A store that is down keeps it: the orphan sweep removes it later.
                with suppress(PenyimpananGagal):
                    delete_private_file(path)
            raise
        finally:
            _written.reset(token)
        if outer is not None:  # nested: the outer block still decides
            outer.extend(written)
        return result

    return wrapper


# --- Listing and orphans ---------------------------------------------------------------------


def list_private_files(folder: str) -> Iterator[tuple[str, float]]:
    """(stored name, last-modified epoch seconds) of every file under `folder`, recursively.
    Raises PenyimpananGagal."""
    storage = private_storage()
    if isinstance(storage, FileSystemStorage):
        root = Path(storage.location)
        base = root / folder
        if not base.is_dir():
            return
        for path in sorted(base.rglob("*")):
            try:
                if path.is_file():
                    yield path.relative_to(root).as_posix(), path.stat().st_mtime
            except FileNotFoundError:  # removed meanwhile
                continue
        return
    # S3: one listing call per 1000 keys, with their times (listdir + HEAD each is N+1).
    location = (storage.location or "").strip("/")
    prefix = f"{location}/{folder.strip('/')}/" if location else f"{folder.strip('/')}/"
    try:
        for obj in storage.bucket.objects.filter(Prefix=prefix):
            name = obj.key[len(location) + 1 :] if location else obj.key
            yield name, obj.last_modified.timestamp()
    except _storage_errors() as exc:
        raise PenyimpananGagal() from exc


def orphan_files(*, older_than: timedelta) -> list[str]:
    """Stored names of private files no database row points at, last written more than
    `older_than` ago.

    Models that keep files declare `PRIVATE_DIR` (their folder in the private storage, or a
    tuple of folders) and a `path` column relative to it. Young files are left alone: they
    may belong to an upload whose transaction has not committed yet.
    """
    cutoff = time.time() - older_than.total_seconds()
    orphans = []
    for model in apps.get_models():
        folders = getattr(model, "PRIVATE_DIR", None) or ()
        if isinstance(folders, str):
            folders = (folders,)
        if not folders:
            continue
        kept = None
        for folder in folders:
            for name, modified in list_private_files(folder):
                if modified > cutoff:
                    continue
                if kept is None:  # read once per model, and only when a file could be old
                    kept = set(
                        model.objects.exclude(path="").values_list("path", flat=True).iterator()
                    )
                if name not in kept:
                    orphans.append(name)
    return orphans
