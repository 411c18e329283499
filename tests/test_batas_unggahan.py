"""Request limits: a body over the limit is refused before Django reads it, and too many
files in one upload get a readable Indonesian answer; nothing is stored either way."""

import io
from pathlib import Path

import pytest
from django.core.exceptions import RequestDataTooBig
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http.multipartparser import MultiPartParser
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart
from django.urls import reverse

from evaluasi.models import Bukti
from spbe_portal.uploads import UploadLimitHandler
from tests.conftest import PDF_BYTES

pytestmark = pytest.mark.django_db


def _unggah_url(penilaian) -> str:
    return reverse("evaluasi:bukti_unggah", kwargs={"pk": penilaian.pk, "nomor": 1})


def _pdfs(count: int) -> list[SimpleUploadedFile]:
    return [SimpleUploadedFile(f"sk-{i}.pdf", PDF_BYTES + bytes([i])) for i in range(count)]


def _stored(settings) -> list[Path]:
    root = Path(settings.PRIVATE_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def test_defaults_follow_the_largest_upload(settings):
    largest = max(settings.BUKTI_MAX_BYTES, settings.IMPORT_MAX_BYTES)
    assert largest < settings.REQUEST_MAX_BYTES <= largest + 2 * 1024 * 1024
    assert settings.DATA_UPLOAD_MAX_NUMBER_FILES == 10
    assert settings.FILE_UPLOAD_HANDLERS[0] == "spbe_portal.uploads.UploadLimitHandler"


def test_a_body_over_the_limit_is_refused_with_413_and_nothing_is_stored(
    client, operator_a, penilaian_a, settings
):
    settings.REQUEST_MAX_BYTES = 512 * 1024
    client.force_login(operator_a)
    big_pdf = PDF_BYTES + b"%" + b"x" * (600 * 1024)

    response = client.post(
        _unggah_url(penilaian_a), {"berkas": SimpleUploadedFile("a.pdf", big_pdf)}
    )

    assert response.status_code == 413
    html = response.content.decode()
    assert "Unggahan terlalu besar" in html and "batasnya 0,5 MB" in html
    assert response["Content-Security-Policy"] == settings.CONTENT_SECURITY_POLICY
    assert not Bukti.objects.exists() and _stored(settings) == []


def test_the_content_length_is_checked_before_the_body_is_read(client, operator_a, penilaian_a):
    client.force_login(operator_a)
    body = encode_multipart(BOUNDARY, {"berkas": SimpleUploadedFile("a.pdf", PDF_BYTES)})

    # The declared length is far beyond what the client sends: reading the body would fail.
    response = client.generic(
        "POST",
        _unggah_url(penilaian_a),
        body,
        content_type=MULTIPART_CONTENT,
        CONTENT_LENGTH=str(10 * 1024**3),
    )

    assert response.status_code == 413
    assert not Bukti.objects.exists()


def test_eleven_files_in_one_upload_are_refused_with_a_message(
    client, operator_a, penilaian_a, settings
):
    client.force_login(operator_a)

    response = client.post(_unggah_url(penilaian_a), {"berkas": _pdfs(11)})

    assert response.status_code == 400
    assert "paling banyak 10 berkas" in response.content.decode()
    assert not Bukti.objects.exists() and _stored(settings) == []
    # Ten is still one upload.
    client.post(_unggah_url(penilaian_a), {"berkas": _pdfs(10)})
    assert Bukti.objects.count() == 10


def test_form_fields_over_the_memory_limit_get_a_readable_answer(
    client, operator_a, penilaian_a, settings
):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024
    client.force_login(operator_a)
    url = reverse("evaluasi:jawaban", kwargs={"pk": penilaian_a.pk, "nomor": 1})

    response = client.post(url, {"level": "2", "penjelasan": "x" * 5000})

    assert response.status_code == 413
    assert "Unggahan terlalu besar" in response.content.decode()
    assert not penilaian_a.jawaban.exists()


def test_the_upload_handler_stops_a_body_longer_than_it_said(rf, settings):
    settings.REQUEST_MAX_BYTES = 64 * 1024
    body = encode_multipart(BOUNDARY, {"berkas": SimpleUploadedFile("a.pdf", bytes(200 * 1024))})
    # A chunked or lying request: the stream carries more than the declared length.
    meta = {"CONTENT_TYPE": MULTIPART_CONTENT, "CONTENT_LENGTH": "1000"}
    request = rf.post("/")
    parser = MultiPartParser(meta, io.BytesIO(body), [UploadLimitHandler(request)])

    with pytest.raises(RequestDataTooBig, match="batasnya"):
        parser.parse()
