"""Signed-in pages and private downloads are never stored by a browser or shared cache
(spbe_portal/middleware.py NoStoreForSignedInMiddleware, spbe_portal/files.py)."""

from pathlib import Path

import pytest
from django.urls import reverse

from evaluasi.models import JenisLaporan, LaporanJob, StatusLaporan
from spbe_portal.files import send_private_file
from tests.conftest import PDF_BYTES

pytestmark = pytest.mark.django_db


def assert_not_stored(response) -> None:
    directives = {d.strip() for d in response.get("Cache-Control", "").split(",")}
    assert {"no-store", "private"} <= directives, response.get("Cache-Control")


@pytest.mark.parametrize("url_name", ["beranda", "opd:ekspor", "evaluasi:dashboard"])
def test_signed_in_pages_are_not_stored(client, admin_user, url_name):
    client.force_login(admin_user)

    response = client.get(reverse(url_name))

    assert response.status_code == 200
    assert_not_stored(response)


@pytest.mark.parametrize("mode", ["django", "nginx", "apache"])
def test_evidence_download_is_not_stored(client, operator_a, bukti_a, settings, mode):
    settings.SENDFILE_MODE = mode
    client.force_login(operator_a)

    response = client.get(reverse("evaluasi:bukti_unduh", kwargs={"pk": bukti_a.pk}))

    assert response.status_code == 200
    assert_not_stored(response)


def test_report_download_is_not_stored(client, admin_user, penilaian_a, settings):
    path = Path(settings.PRIVATE_ROOT) / "laporan" / "laporan-a.pdf"
    path.parent.mkdir(parents=True)
    path.write_bytes(PDF_BYTES)
    job = LaporanJob.objects.create(
        jenis=JenisLaporan.OPD,
        periode=penilaian_a.periode,
        penilaian=penilaian_a,
        status=StatusLaporan.SELESAI,
        peminta=admin_user,
        path="laporan/laporan-a.pdf",
        nama_berkas="laporan-a.pdf",
    )
    client.force_login(admin_user)

    response = client.get(reverse("evaluasi:laporan_unduh", kwargs={"pk": job.pk}))

    assert response.status_code == 200
    assert_not_stored(response)


def test_private_files_are_marked_not_to_be_stored_whoever_sends_them(settings):
    # The file helper does not rely on the middleware (a management command, a view
    # mounted elsewhere): its response says no-store itself.
    (Path(settings.PRIVATE_ROOT) / "laporan").mkdir(parents=True)
    (Path(settings.PRIVATE_ROOT) / "laporan" / "x.pdf").write_bytes(PDF_BYTES)

    response = send_private_file(
        "laporan/x.pdf", content_type="application/pdf", filename="x.pdf", inline=False
    )

    assert_not_stored(response)
    response.close()


def test_public_page_for_anonymous_visitors_keeps_its_caching(client):
    response = client.get(reverse("publik"))

    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")
