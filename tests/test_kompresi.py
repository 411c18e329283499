"""Gzip: pages go out compressed to clients that accept it, downloads never do."""

import gzip
import re

import pytest
from django.http import FileResponse, HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from spbe_portal.kompresi import GZipHalamanMiddleware
from tests.conftest import PDF_BYTES

GZIP = {"HTTP_ACCEPT_ENCODING": "gzip, deflate, br"}
HALAMAN = ("<p>Indeks SPBE per OPD</p>" * 40).encode()


def _tanpa_token(html: str) -> str:
    # Every response carries a freshly masked CSRF token (Django's own BREACH defence).
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "TOKEN", html)


@pytest.mark.django_db
def test_a_page_is_gzipped_for_a_client_that_accepts_it_and_plain_otherwise(client):
    plain = client.get(reverse("akun:masuk"))
    packed = client.get(reverse("akun:masuk"), **GZIP)

    assert packed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in packed["Vary"] and "Accept-Encoding" in plain["Vary"]
    assert int(packed["Content-Length"]) == len(packed.content) < len(plain.content) / 2
    html = gzip.decompress(packed.content).decode()
    assert _tanpa_token(html) == _tanpa_token(plain.content.decode())
    assert "csrfmiddlewaretoken" in html and "</html>" in html
    assert not plain.has_header("Content-Encoding")
    assert plain.content.decode().lstrip().lower().startswith("<!doctype html>")


def test_every_gzip_response_carries_random_padding_against_breach():
    # Django's "Heal The Breach": a gzip filename of 0–99 random bytes in each header, so the
    # length no longer tells an attacker whether a guessed secret compressed well.
    request = RequestFactory().get("/", **GZIP)
    lengths = set()
    for _ in range(20):
        response = GZipHalamanMiddleware(lambda r: HttpResponse(HALAMAN))(request)
        body = response.content
        assert body[3] & gzip.FNAME and gzip.decompress(body) == HALAMAN
        lengths.add(len(body))

    assert len(lengths) > 1


@pytest.mark.parametrize(
    "respons",
    [
        lambda tmp: FileResponse((tmp / "laporan.pdf").open("rb"), content_type="application/pdf"),
        lambda tmp: _lampiran(HttpResponse(HALAMAN, content_type="text/csv")),
    ],
    ids=["streamed-file", "attachment"],
)
def test_downloads_pass_through_unchanged(respons, tmp_path):
    (tmp_path / "laporan.pdf").write_bytes(PDF_BYTES * 20)
    request = RequestFactory().get("/", **GZIP)

    response = GZipHalamanMiddleware(lambda r: respons(tmp_path))(request)

    assert not response.has_header("Content-Encoding")
    body = b"".join(response) if response.streaming else response.content
    assert body in (PDF_BYTES * 20, HALAMAN)


def _lampiran(response: HttpResponse) -> HttpResponse:
    response["Content-Disposition"] = 'attachment; filename="rekap.csv"'
    return response


@pytest.mark.django_db
def test_a_private_file_download_is_streamed_byte_for_byte(client, operator_a, bukti_a):
    client.force_login(operator_a)

    response = client.get(reverse("evaluasi:bukti_unduh", kwargs={"pk": bukti_a.pk}), **GZIP)

    assert response.status_code == 200 and response.streaming
    assert not response.has_header("Content-Encoding")
    assert b"".join(response.streaming_content) == PDF_BYTES


@pytest.mark.django_db
def test_the_opd_export_is_not_gzipped(client, admin_user, opd_a):
    client.force_login(admin_user)

    response = client.get(reverse("opd:ekspor"), **GZIP)

    assert response.status_code == 200 and not response.has_header("Content-Encoding")
    assert response.content[:2] == b"PK"  # the .xlsx itself
