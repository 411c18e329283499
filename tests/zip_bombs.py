"""Hostile archives built in the test run (nothing large is checked in), and a memory probe."""

import io
import re
import struct
import tracemalloc
import zipfile
from collections.abc import Callable

from openpyxl import Workbook
from openpyxl.styles import Font

MB = 1024 * 1024
EOCD_SIGNATURE = b"PK\x05\x06"
CENTRAL_SIGNATURE = b"PK\x01\x02"


def archive(entries: dict[str, bytes], *, method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as zf:
        for name, content in entries.items():
            zf.writestr(name, content)
    return buffer.getvalue()


def bomb(
    entries: dict[str, bytes],
    *,
    name: str,
    prefix: bytes = b"",
    suffix: bytes = b"",
    fill: bytes = b"\x00",
    megabytes: int = 128,
) -> bytes:
    """`entries` plus member `name`: `prefix`, `megabytes` MB of `fill`, `suffix`, deflated.

    Streamed in 1 MB chunks, so building it never holds the unpacked size in memory.
    """
    buffer = io.BytesIO()
    chunk = fill * MB
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for entry_name, content in entries.items():
            zf.writestr(entry_name, content)
        with zf.open(name, "w") as member:
            member.write(prefix)
            for _ in range(megabytes):
                member.write(chunk)
            member.write(suffix)
    return buffer.getvalue()


def docx_parts() -> dict[str, bytes]:
    return {"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"}


def with_declared_entries(data: bytes, count: int) -> bytes:
    """The same archive with its end-of-central-directory record claiming `count` entries."""
    at = data.rindex(EOCD_SIGNATURE)
    return data[: at + 8] + struct.pack("<HH", count, count) + data[at + 12 :]


def with_declared_size(data: bytes, name: str, size: int, *, packed: int | None = None) -> bytes:
    """The same archive with the central directory claiming member `name` unpacks to `size`
    (and, with `packed`, that it takes `packed` bytes in the archive)."""
    at, encoded = 0, name.encode()
    while True:
        at = data.index(CENTRAL_SIGNATURE, at)
        name_length = struct.unpack_from("<H", data, at + 28)[0]
        if data[at + 46 : at + 46 + name_length] == encoded:
            compressed = struct.unpack_from("<I", data, at + 20)[0] if packed is None else packed
            sizes = struct.pack("<II", compressed, size)
            return data[: at + 20] + sizes + data[at + 28 :]
        at += 4


def xlsx(rows: list[list[object]], *, far_cell: str = "") -> bytes:
    """A workbook of `rows`; `far_cell` (e.g. "XFD200000") adds an empty but styled cell there,
    which Excel-like writers keep as `<row r="200000"><c r="XFD200000" s="1"/></row>`."""
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    if far_cell:
        workbook.active[far_cell].font = Font(bold=True)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def with_dimension(data: bytes, ref: str) -> bytes:
    """The same workbook with every worksheet's <dimension ref> replaced by `ref`."""

    def declare(xml: bytes) -> bytes:
        changed, count = re.subn(
            rb'<dimension ref="[^"]*"', f'<dimension ref="{ref}"'.encode(), xml
        )
        assert count == 1
        return changed

    return rewrite_sheets(data, declare)


def rewrite_sheets(data: bytes, change: Callable[[bytes], bytes]) -> bytes:
    """The same workbook with `change` applied to the XML of every worksheet."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename.startswith("xl/worksheets/"):
                content = change(content)
            target.writestr(info.filename, content)
    return buffer.getvalue()


def peak_memory(action: Callable[[], object]) -> tuple[object, int]:
    """(what `action` returned or raised, the peak bytes Python allocated while it ran)."""
    tracemalloc.start()
    try:
        try:
            outcome = action()
        except Exception as exc:  # the caller asserts on the exception it expected
            outcome = exc
        return outcome, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
