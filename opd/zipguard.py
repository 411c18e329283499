"""Opening uploaded zip archives (Office documents, .xlsx imports) without trusting them.

Pure: no Django. A zip bomb is a small archive whose members unpack to gigabytes; a lying
one declares a handful of entries and carries a hundred thousand. So before anything opens
an upload, its directory is checked against `ZipLimits` from the declared numbers alone:
the entry count in the end-of-central-directory record, then the real count, the compression
methods, every member's unpacked size, their total and each member's compression ratio.
Nothing is unpacked here, and `read_head` unpacks at most a few hundred bytes of a member.

What the checks rely on: `zipfile` stops unpacking a stored or deflated member at the size
the central directory declares (and fails its CRC if the data is longer), so bounding the
declared sizes bounds what any reader can unpack. Other methods (bzip2, LZMA) are refused:
`zipfile` unpacks them without an output bound per call.
"""

import io
import struct
import zipfile
from dataclasses import dataclass

MB = 1024 * 1024
# Enough for an ODF `mimetype` member (the longest ODF type is under 80 characters).
MEMBER_HEAD_BYTES = 256
PACKED_METHODS = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)

_EOCD = struct.Struct("<4s4H2LH")  # end of central directory record, 22 bytes
_EOCD_SIGNATURE = b"PK\x05\x06"
_ZIP64_LOCATOR = struct.Struct("<4sLQL")  # 20 bytes, right before the EOCD record
_ZIP64_LOCATOR_SIGNATURE = b"PK\x06\x07"
_ZIP64_EOCD = struct.Struct("<4sQ2H2L4Q")  # 56 bytes, right before the locator
_ZIP64_EOCD_SIGNATURE = b"PK\x06\x06"
_CENTRAL = struct.Struct("<4s4B4HL2L5H2L")  # one central directory header, 46 bytes
_CENTRAL_SIGNATURE = b"PK\x01\x02"
_MAX_COMMENT = 1 << 16  # as zipfile searches (the field itself holds at most 0xFFFF)


@dataclass(frozen=True)
class ZipLimits:
    """What an upload may unpack to. Sizes are the archive's declared, unpacked bytes.

    Real Office files compress their XML 5–30 times and their images not at all; a deflate
    bomb reaches about 1000 times. Small members may compress better than `max_ratio`
    (a few KB of repeated style rules): the ratio counts only from `ratio_from_bytes` up.
    """

    max_entries: int = 10_000
    max_member_bytes: int = 256 * MB
    max_total_bytes: int = 1024 * MB
    max_ratio: int = 200
    ratio_from_bytes: int = 1 * MB


# Evidence is only identified, never unpacked beyond `read_head`: generous limits.
DOCUMENT_LIMITS = ZipLimits()
# A spreadsheet import is parsed: openpyxl holds shared strings and styles in memory, so
# their unpacked size is kept to what a 20 000-row sheet needs, with room to spare.
SPREADSHEET_LIMITS = ZipLimits(max_member_bytes=32 * MB, max_total_bytes=96 * MB)


class ArsipDitolak(Exception):
    """The archive is refused as unsafe to open; the message tells the user why (Indonesian)."""


def open_zip(data: bytes, *, limits: ZipLimits) -> zipfile.ZipFile:
    """The archive in `data`, opened for reading once its directory passed `limits`.

    The caller closes it (use it in a `with` block). Raises zipfile.BadZipFile when the
    bytes are no readable zip archive, ArsipDitolak when opening it could cost more than
    the limits allow.
    """
    _check_directory(data, limits)
    archive = zipfile.ZipFile(io.BytesIO(data))
    try:
        _check_members(archive.infolist(), limits)
    except ArsipDitolak:
        archive.close()
        raise
    return archive


def check_zip(data: bytes, *, limits: ZipLimits) -> None:
    """Raise zipfile.BadZipFile or ArsipDitolak as `open_zip` would, for readers that open
    the archive themselves (openpyxl)."""
    with open_zip(data, limits=limits):
        pass


def read_head(archive: zipfile.ZipFile, name: str, size: int = MEMBER_HEAD_BYTES) -> bytes:
    """At most the first `size` unpacked bytes of member `name`."""
    with archive.open(name) as member:
        return member.read(size)


def _short(name: str) -> str:
    return name if len(name) <= 60 else name[:57] + "…"


def _megabytes(size: int) -> str:
    return f"{size / MB:.0f} MB"


def _check_directory(data: bytes, limits: ZipLimits) -> None:
    """Count the entries before zipfile builds an object for each of them."""
    eocd_at = _find_eocd(data)
    _, _, _, _, declared, directory_size, _, _ = _EOCD.unpack_from(data, eocd_at)
    directory_end = eocd_at
    locator_at = eocd_at - _ZIP64_LOCATOR.size
    if locator_at >= 0 and data[locator_at : locator_at + 4] == _ZIP64_LOCATOR_SIGNATURE:
        # Zip64 (what zipfile reads too): the real numbers sit in the record before the locator.
        record_at = locator_at - _ZIP64_EOCD.size
        if record_at < 0 or data[record_at : record_at + 4] != _ZIP64_EOCD_SIGNATURE:
            raise zipfile.BadZipFile("Zip64 end of central directory record not found")
        fields = _ZIP64_EOCD.unpack_from(data, record_at)
        declared, directory_size = fields[7], fields[8]
        directory_end = record_at
    if declared > limits.max_entries:
        raise _too_many_entries(declared, limits)
    # zipfile reads the directory right before its end record, whatever offset it claims.
    start = directory_end - directory_size
    if start < 0:
        raise zipfile.BadZipFile("Central directory outside the file")
    # The count above is only declared: zipfile reads headers until the directory's byte
    # size is used up, so the headers are counted here, cheaply, before zipfile parses them.
    at, counted = start, 0
    while at < directory_end:
        if at + _CENTRAL.size > directory_end or data[at : at + 4] != _CENTRAL_SIGNATURE:
            raise zipfile.BadZipFile("Bad central directory header")
        header = _CENTRAL.unpack_from(data, at)
        at += _CENTRAL.size + header[12] + header[13] + header[14]  # name, extra, comment
        counted += 1
        if counted > limits.max_entries:
            raise _too_many_entries(counted, limits)


def _find_eocd(data: bytes) -> int:
    """Where the end-of-central-directory record starts, found the way zipfile finds it."""
    size = _EOCD.size
    if (
        len(data) >= size
        and data[-size : -size + 4] == _EOCD_SIGNATURE
        and data[-2:] == b"\x00\x00"
    ):
        return len(data) - size
    at = data.rfind(_EOCD_SIGNATURE, max(0, len(data) - size - _MAX_COMMENT))
    if at < 0 or len(data) - at < size:
        raise zipfile.BadZipFile("File is not a zip file")
    return at


def _too_many_entries(count: int, limits: ZipLimits) -> ArsipDitolak:
    return ArsipDitolak(
        f"Berkas arsip berisi terlalu banyak entri ({count}); paling banyak {limits.max_entries}."
    )


def _check_members(members: list[zipfile.ZipInfo], limits: ZipLimits) -> None:
    total = 0
    for info in members:
        name = _short(info.filename)
        if info.flag_bits & 0x1:
            raise ArsipDitolak(f"Bagian {name} di dalam arsip dienkripsi; berkas ditolak.")
        if info.compress_type not in PACKED_METHODS:
            raise ArsipDitolak(
                f"Bagian {name} di dalam arsip memakai metode pemampatan yang tidak didukung."
            )
        if info.file_size > limits.max_member_bytes:
            raise ArsipDitolak(
                f"Isi arsip terlalu besar bila dibuka: {name} berukuran "
                f"{_megabytes(info.file_size)}; paling banyak "
                f"{_megabytes(limits.max_member_bytes)} per bagian."
            )
        if (
            info.file_size > limits.ratio_from_bytes
            and info.file_size > info.compress_size * limits.max_ratio
        ):
            ratio = info.file_size // max(info.compress_size, 1)
            raise ArsipDitolak(
                f"Berkas ditolak: bagian {name} di dalam arsip mengembang {ratio} kali lipat "
                f"bila dibuka (paling banyak {limits.max_ratio} kali), ciri bom zip."
            )
        total += info.file_size
        if total > limits.max_total_bytes:
            raise ArsipDitolak(
                f"Isi arsip terlalu besar bila dibuka (lebih dari "
                f"{_megabytes(limits.max_total_bytes)})."
            )
