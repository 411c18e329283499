"""Evidence file checks: the type comes from the bytes, never from the name. Pure: no Django.

Allowed (SPEC §10): PDF, PNG, JPEG, and Office documents (DOCX, XLSX, PPTX, ODT, ODS).
"""

import hashlib
import io
import unicodedata
import zipfile
from dataclasses import dataclass

# Django already cuts uploaded names to 255 characters; a shorter limit lets us say so.
MAX_NAME_LENGTH = 200


@dataclass(frozen=True)
class JenisBerkas:
    mime: str
    ekstensi: str
    label: str


PDF = JenisBerkas("application/pdf", ".pdf", "PDF")
PNG = JenisBerkas("image/png", ".png", "PNG")
JPEG = JenisBerkas("image/jpeg", ".jpg", "JPEG")
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
MAX_ZIP_ENTRIES = 10_000


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
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
            if len(names) > MAX_ZIP_ENTRIES:
                return None
            if "mimetype" in names:
                mime = archive.read("mimetype")[:100].decode("ascii", "replace").strip()
                return ODF_TYPES.get(mime)
            if "[Content_Types].xml" in names:
                for part, kind in OOXML_PARTS:
                    if part in names:
                        return kind
    except (zipfile.BadZipFile, OSError, ValueError, KeyError, RuntimeError):
        return None
    return None


def check_name(name: str) -> str:
    """The original file name as it will be kept. Raises BerkasDitolak for unsafe names."""
    if not name or not name.strip():
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
