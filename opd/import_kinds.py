"""The spreadsheet import kinds, found by their key from a page or from a background task.

opd is the ground layer and imports no other app: each app registers its kinds here when
Django starts (its AppConfig.ready()), so a Celery worker that only knows a job's `jenis`
finds how to run it.
"""

from collections.abc import Callable
from dataclasses import dataclass

from opd.imports import HasilImpor


@dataclass(frozen=True)
class ImportKind:
    """One kind of spreadsheet import and the pages around it.

    `run(*, dataset, dry_run, base_url, progress=None)` imports a parsed file and returns its
    HasilImpor; it never needs the request (`base_url` is where e-mailed links point, kept on
    the job; `progress(rows_done)` is called every few hundred rows).
    """

    kunci: str
    judul: str
    columns: tuple[str, ...]
    required: tuple[str, ...]
    run: Callable[..., HasilImpor]
    daftar_url: str
    impor_url: str
    konfirmasi_url: str
    contoh: str
    label_daftar: str = ""
    keterangan: str = ""


_KINDS: dict[str, ImportKind] = {}


def register(kind: ImportKind) -> ImportKind:
    """Make `kind` findable by its key; returns it. Registering the same key twice with a
    different kind raises ValueError (two apps claiming one key would mix up jobs)."""
    known = _KINDS.setdefault(kind.kunci, kind)
    if known is not kind:
        raise ValueError(f"Jenis impor '{kind.kunci}' sudah terdaftar.")
    return kind


def get(kunci: str) -> ImportKind:
    """The kind registered under `kunci`. Raises LookupError for an unknown key."""
    try:
        return _KINDS[kunci]
    except KeyError:
        raise LookupError(f"Jenis impor '{kunci}' tidak dikenal.") from None


def keys() -> list[str]:
    return sorted(_KINDS)
