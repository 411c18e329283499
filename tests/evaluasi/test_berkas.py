"""Evidence type detection from content, names, sizes (pure)."""

import io
import re
import zipfile

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook

from evaluasi.penilaian import berkas
from tests.conftest import PDF_BYTES

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def _xlsx() -> bytes:
    buffer = io.BytesIO()
    Workbook().save(buffer)
    return buffer.getvalue()


DOCX = _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})
PPTX = _zip({"[Content_Types].xml": b"<Types/>", "ppt/presentation.xml": b"<p/>"})
ODT = _zip({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<x/>"})
ODS = _zip({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet", "content.xml": b"<x/>"})


@pytest.mark.parametrize(
    ("data", "label"),
    [
        (PDF_BYTES, "PDF"),
        (PNG, "PNG"),
        (JPEG, "JPEG"),
        (DOCX, "DOCX"),
        (_xlsx(), "XLSX"),
        (PPTX, "PPTX"),
        (ODT, "ODT"),
        (ODS, "ODS"),
    ],
)
def test_allowed_types_are_detected_from_content(data, label):
    assert berkas.detect(data).label == label


@pytest.mark.parametrize(
    "data",
    [
        b"MZ\x90\x00\x03\x00\x00\x00\x04\x00",  # a Windows executable
        b"\x7fELF\x02\x01\x01",  # a Linux executable
        b"<!doctype html><script>alert(1)</script>",
        b"plain text",
        _zip({"evil.exe": b"MZ"}),  # a zip that is no office document
        b"PK\x03\x04 broken zip",
    ],
)
def test_everything_else_is_refused(data):
    with pytest.raises(berkas.BerkasDitolak, match="Jenis berkas tidak diizinkan"):
        berkas.detect(data)


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("../../etc/passwd.pdf", "garis miring"),
        ("..\\windows\\x.pdf", "garis miring"),
        ("a" * 296 + ".pdf", "terlalu panjang (300 karakter)"),
        ("", "kosong"),
        ("laporan\x00.pdf", "karakter yang tidak sah"),
        ("..", "karakter yang tidak sah"),
    ],
)
def test_unsafe_names_are_refused(name, message):
    with pytest.raises(berkas.BerkasDitolak, match=re.escape(message)):
        berkas.check(PDF_BYTES, name, max_bytes=10**6)


def test_empty_and_oversize_files_are_refused():
    with pytest.raises(berkas.BerkasDitolak, match="kosong"):
        berkas.check(b"", "a.pdf", max_bytes=10**6)
    with pytest.raises(berkas.BerkasDitolak, match="terlalu besar"):
        berkas.check(PDF_BYTES, "a.pdf", max_bytes=10)


def test_check_returns_type_name_and_sha256():
    import hashlib

    jenis, nama, sha = berkas.check(PDF_BYTES, " SK Tim.pdf ", max_bytes=10**6)

    assert (jenis, nama, sha) == (berkas.PDF, "SK Tim.pdf", hashlib.sha256(PDF_BYTES).hexdigest())


@given(data=st.binary(max_size=4096), name=st.text(max_size=300))
def test_fuzzed_uploads_are_either_accepted_or_refused_cleanly(data, name):
    try:
        jenis, _, _ = berkas.check(data, name, max_bytes=2048)
    except berkas.BerkasDitolak:
        return
    assert jenis in (berkas.PDF, berkas.PNG, berkas.JPEG)
