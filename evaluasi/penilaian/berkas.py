"""Evidence file checks: the type comes from the bytes, never from the name. Pure: no Django.

Allowed (SPEC §10): PDF, PNG, JPEG, and Office documents (DOCX, XLSX, PPTX, ODT, ODS).
"""

import hashlib
import unicodedata
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import PurePosixPath

from opd import zipguard

# Django already cuts uploaded names to 255 characters; a shorter limit lets us say so.
MAX_NAME_LENGTH = 200


@dataclass(frozen=True)
class JenisBerkas:
    mime: str
    ekstensi: str
    label: str
    ekstensi_lain: tuple[str, ...] = ()  # other usual spellings, kept in download names


PDF = JenisBerkas("application/pdf", ".pdf", "PDF")
PNG = JenisBerkas("image/png", ".png", "PNG")
JPEG = JenisBerkas("image/jpeg", ".jpg", "JPEG", (".jpeg", ".jpe"))
DOCX = JenisBerkas(
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx", "DOCX"
)
XLSX = JenisBerkas(
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx", "XLSX"
)
PPTX = JenisBerkas(
    "application/vnd.openxmlformats-officedocument.presentationml.presentation", ".pptx", "PPTX"
)
ODT = JenisBerkas("application/vnd.oasis.opendocument.text", ".odt", "ODT")
ODS = JenisBerkas("application/vnd.oasis.opendocument.spreadsheet", ".ods", "ODS")
DIIZINKAN = "PDF, PNG, JPEG, DOCX, XLSX, PPTX, ODT, atau ODS"

# Office Open XML: the part that only that kind of document has.
OOXML_PARTS = (
    ("word/document.xml", DOCX),
    ("xl/workbook.xml", XLSX),
    ("ppt/presentation.xml", PPTX),
)
ODF_TYPES = {ODT.mime: ODT, ODS.mime: ODS}
BY_MIME = {kind.mime: kind for kind in (PDF, PNG, JPEG, DOCX, XLSX, PPTX, ODT, ODS)}
# The ODF type names are under 80 characters; more bytes are never read from `mimetype`.
ODF_MIMETYPE_BYTES = 100
# What a damaged archive makes zipfile raise while its directory or a member head is read.
_DAMAGED_ZIP = (
    zipfile.BadZipFile,
    OSError,
    ValueError,
    KeyError,
    RuntimeError,
    EOFError,
    zlib.error,
)


class BerkasDitolak(ValueError):
    """The file is refused; the message tells the user why, in Indonesian."""


def detect(data: bytes) -> JenisBerkas:
    """The file type from its content. Raises BerkasDitolak for anything not allowed."""
    if data.startswith(b"%PDF-"):
        return PDF
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG
    if data.startswith(b"PK\x03\x04"):
        kind = _detect_zip(data)
        if kind is not None:
            return kind
    raise BerkasDitolak(
        "Jenis berkas tidak diizinkan (diperiksa dari isinya, bukan dari nama). "
        f"Unggah {DIIZINKAN}."
    )


def _detect_zip(data: bytes) -> JenisBerkas | None:
    # The directory is checked against the limits before anything is read from the archive,
    # and only the head of `mimetype` is ever unpacked: a zip bomb costs nothing here.
    try:
        with zipguard.open_zip(data, limits=zipguard.DOCUMENT_LIMITS) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                head = zipguard.read_head(archive, "mimetype", ODF_MIMETYPE_BYTES)
                return ODF_TYPES.get(head.decode("ascii", "replace").strip())
            if "[Content_Types].xml" in names:
                for part, kind in OOXML_PARTS:
                    if part in names:
                        return kind
    except zipguard.ArsipDitolak as exc:
        raise BerkasDitolak(str(exc)) from exc
    except _DAMAGED_ZIP:
        return None
    return None


def strip_invisible(name: str) -> str:
    """`name` without Unicode format characters (category Cf): bidi overrides and isolates
    (U+202E, U+2066–2069), zero-width spaces and joiners, BOM. They make a name read as
    something else: `notulen` + U+202E + `fdp.hta` shows as `notulenath.pdf`."""
    return "".join(ch for ch in name if unicodedata.category(ch) != "Cf")


def check_name(name: str) -> str:
    """The original file name as it will be kept, without invisible format characters.

    Raises BerkasDitolak for unsafe names.
    """
    name = strip_invisible(name or "")
    if not name.strip():
        raise BerkasDitolak("Nama berkas kosong.")
    if "/" in name or "\\" in name:
        raise BerkasDitolak("Nama berkas tidak boleh mengandung garis miring (/ atau \\).")
    if len(name) > MAX_NAME_LENGTH:
        raise BerkasDitolak(
            f"Nama berkas terlalu panjang ({len(name)} karakter); paling banyak {MAX_NAME_LENGTH}."
        )
    if any(unicodedata.category(ch) == "Cc" for ch in name) or name.strip(". ") == "":
        raise BerkasDitolak("Nama berkas mengandung karakter yang tidak sah.")
    return name.strip()


def check(data: bytes, name: str, *, max_bytes: int) -> tuple[JenisBerkas, str, str]:
    """Validate one upload; returns (type, kept name, SHA-256 hex). Raises BerkasDitolak."""
    nama = check_name(name)
    if not data:
        raise BerkasDitolak(f"Berkas {nama} kosong (0 bita).")
    if len(data) > max_bytes:
        raise BerkasDitolak(
            f"Berkas {nama} terlalu besar ({len(data) / 1024 / 1024:.1f} MB); "
            f"batasnya {max_bytes / 1024 / 1024:.0f} MB."
        )
    jenis = detect(data)
    return jenis, nama, hashlib.sha256(data).hexdigest()


def download_name(nama: str, mime: str) -> str:
    """The name a stored file is served under: the user's name with the extension of the type
    detected from its content, so `notulen.hta` holding a PDF downloads as `notulen.pdf`.

    A usual spelling of the right extension (`.PDF`, `.jpeg`) is kept. Computed from the
    stored type at download time, so files kept before this rule are served right too.
    """
    nama = strip_invisible(nama)
    kind = BY_MIME.get(mime)
    if kind is None:
        return nama
    suffix = PurePosixPath(nama).suffix
    if suffix.lower() in (kind.ekstensi, *kind.ekstensi_lain):
        return nama
    return nama.removesuffix(suffix) + kind.ekstensi
