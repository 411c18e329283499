"""Private files on S3-compatible object storage (a local moto server), through the real views:
what lands in the bucket, what comes back out, who may fetch it, and what happens when the
store misbehaves or a stored path is hostile."""

import http.client
import io
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from evaluasi.models import Bukti, DokumenVersi, LaporanJob, StatusLaporan
from opd import services as opd_services
from spbe_portal import files
from tests.conftest import PDF_BYTES
from tests.storage.conftest import body, free_port, keys, storage_entry

pytestmark = pytest.mark.django_db


def _upload(client, penilaian, name, data, nomor=1):
    url = reverse("evaluasi:bukti_unggah", kwargs={"pk": penilaian.pk, "nomor": nomor})
    return client.post(url, {"berkas": SimpleUploadedFile(name, data)}, follow=True)


def _local_files(settings) -> list[Path]:
    root = Path(settings.PRIVATE_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def _get(url: str) -> tuple[int, dict[str, str], bytes]:
    """GET over plain HTTP to the local S3 server (loopback only)."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    try:
        connection.request("GET", f"{parts.path}?{parts.query}" if parts.query else parts.path)
        answer = connection.getresponse()
        return answer.status, {k.lower(): v for k, v in answer.getheaders()}, answer.read()
    finally:
        connection.close()


def _unduh(bukti) -> str:
    return reverse("evaluasi:bukti_unduh", kwargs={"pk": bukti.pk})


def test_uploaded_evidence_lands_in_the_bucket_and_downloads_identical(
    s3, client, operator_a, operator_b, penilaian_a, settings
):
    s3_client, bucket = s3
    data = PDF_BYTES + b"%" + bytes(range(256)) * 64
    client.force_login(operator_a)

    response = _upload(client, penilaian_a, "SK Tim.pdf", data)

    assert "SK Tim.pdf diunggah." in response.content.decode()
    bukti = Bukti.objects.get()
    assert keys(s3_client, bucket) == [f"private/{bukti.versi.path}"]
    assert body(s3_client, bucket, f"private/{bukti.versi.path}") == data
    assert _local_files(settings) == []
    download = client.get(_unduh(bukti))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == data
    assert download["Content-Disposition"].startswith('attachment; filename="SK Tim.pdf"')
    assert download["X-Content-Type-Options"] == "nosniff"
    assert download["Content-Security-Policy"].startswith("sandbox;")
    assert "no-store" in download["Cache-Control"]
    client.force_login(operator_b)
    assert client.get(_unduh(bukti)).status_code == 404


def test_redirect_mode_answers_with_a_short_lived_signed_url(
    s3, client, operator_a, operator_b, bukti_a, settings
):
    settings.PRIVATE_DOWNLOAD = "redirect"
    settings.PRIVATE_URL_EXPIRE_SECONDS = 2
    client.force_login(operator_a)

    response = client.get(_unduh(bukti_a))

    assert response.status_code == 302
    url = response["Location"]
    assert url.startswith(s3[0].meta.endpoint_url) and "X-Amz-Signature=" in url
    query = parse_qs(urlsplit(url).query)
    # Valid 2 s from its signing time. moto checks neither expiry nor signature (S3 and MinIO
    # do), so the test checks the signed lifetime instead of waiting for a refusal.
    assert query["X-Amz-Expires"] == ["2"]
    signed = datetime.strptime(query["X-Amz-Date"][0], "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
    assert abs((signed - datetime.now(UTC)).total_seconds()) < 120
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]
    status, headers, isi = _get(url)
    assert (status, isi) == (200, PDF_BYTES)
    assert headers["content-disposition"].startswith("attachment;")
    assert headers["content-type"] == "application/pdf"
    assert _get(url.split("?", 1)[0])[0] == 403  # unsigned: the bucket is private
    client.force_login(operator_b)
    assert client.get(_unduh(bukti_a)).status_code == 404


def test_a_failed_transaction_removes_the_object_it_wrote(s3):
    s3_client, bucket = s3

    @files.atomic_with_files
    def unggah_lalu_gagal():
        files.write_private_file("bukti/2026/gagal.pdf", PDF_BYTES)
        assert keys(s3_client, bucket) == ["private/bukti/2026/gagal.pdf"]
        raise ValueError("validasi gagal")

    with pytest.raises(ValueError):
        unggah_lalu_gagal()

    assert keys(s3_client, bucket) == []


def test_a_private_file_is_never_overwritten(s3):
    s3_client, bucket = s3
    files.write_private_file("bukti/2026/satu.pdf", b"asli")

    with pytest.raises(FileExistsError):
        files.write_private_file("bukti/2026/satu.pdf", b"pengganti")

    assert keys(s3_client, bucket) == ["private/bukti/2026/satu.pdf"]
    assert body(s3_client, bucket, "private/bukti/2026/satu.pdf") == b"asli"


def test_report_pdf_and_batch_zip_are_stored_in_the_bucket_and_download(
    s3, client, admin_user, final_a, penilaian_b, settings, django_capture_on_commit_callbacks
):
    s3_client, bucket = s3
    client.force_login(admin_user)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("evaluasi:laporan_minta_opd", kwargs={"pk": final_a.pk}))
        client.post(
            reverse("evaluasi:laporan_minta_periode", kwargs={"pk": final_a.periode_id}),
            {"jenis": "semua"},
        )

    opd_job = LaporanJob.objects.filter(jenis="opd", induk=None).get()
    batch = LaporanJob.objects.get(jenis="semua")
    assert opd_job.status == batch.status == StatusLaporan.SELESAI
    pdf = b"".join(
        client.get(reverse("evaluasi:laporan_unduh", kwargs={"pk": opd_job.pk})).streaming_content
    )
    assert pdf.startswith(b"%PDF") and pdf == body(s3_client, bucket, f"private/{opd_job.path}")
    zipped = b"".join(
        client.get(reverse("evaluasi:laporan_unduh", kwargs={"pk": batch.pk})).streaming_content
    )
    with zipfile.ZipFile(io.BytesIO(zipped)) as archive:
        assert sorted(archive.namelist()) == sorted(c.nama_berkas for c in batch.anak.all())
    assert f"private/{batch.path}" in keys(s3_client, bucket, "private/laporan/")
    assert _local_files(settings) == []


def test_evidence_archive_is_built_from_the_bucket(
    s3, client, operator_a, penilaian_a, bukti_a, django_capture_on_commit_callbacks
):
    s3_client, bucket = s3
    client.force_login(operator_a)
    url = reverse("evaluasi:arsip_bukti_penilaian", kwargs={"pk": penilaian_a.pk})

    with django_capture_on_commit_callbacks(execute=True):
        client.post(url)

    job = LaporanJob.objects.get(jenis="arsip")
    assert job.status == StatusLaporan.SELESAI, job.alasan
    with zipfile.ZipFile(io.BytesIO(body(s3_client, bucket, f"private/{job.path}"))) as archive:
        isi = [archive.read(n) for n in archive.namelist() if n.endswith(".pdf")]
    assert isi == [PDF_BYTES]


def test_orphan_sweep_and_upload_cleanup_work_on_the_bucket(s3, bukti_a):
    s3_client, bucket = s3
    s3_client.put_object(Bucket=bucket, Key="private/bukti/2020/liar.pdf", Body=b"x")
    s3_client.put_object(Bucket=bucket, Key="di-luar/bukti/lain.pdf", Body=b"y")
    token = opd_services.import_file_store(data=b"nip,nama\n198001012005011001,Budi\n")
    assert opd_services.import_file_read(token=token).startswith(b"nip,nama")

    assert files.orphan_files(older_than=timedelta(seconds=-60)) == ["bukti/2020/liar.pdf"]
    orphans, uploads = opd_services.private_files_cleanup(older_than=timedelta(seconds=-60))

    assert (orphans, uploads) == (1, 1)
    assert keys(s3_client, bucket) == sorted(
        ["di-luar/bukti/lain.pdf", f"private/{bukti_a.versi.path}"]
    )
    assert opd_services.import_file_read(token=token) is None


def test_import_progress_is_kept_in_the_shared_storage(s3, settings):
    s3_client, bucket = s3
    opd_services.imporjob_progress_report(job_id=7, diproses=250)
    opd_services.imporjob_progress_report(job_id=7, diproses=500)

    assert keys(s3_client, bucket) == ["private/impor/kemajuan-7"]
    assert body(s3_client, bucket, "private/impor/kemajuan-7") == b"500"
    assert _local_files(settings) == []


@pytest.mark.parametrize(
    "path", ["../di-luar/rahasia.pdf", "/di-luar/rahasia.pdf", "bukti/../../di-luar/rahasia.pdf"]
)
def test_a_stored_path_outside_the_private_prefix_is_never_served(
    s3, client, operator_a, bukti_a, path, settings
):
    s3_client, bucket = s3
    s3_client.put_object(Bucket=bucket, Key="di-luar/rahasia.pdf", Body=b"rahasia")
    DokumenVersi.objects.filter(pk=bukti_a.versi_id).update(path=path)
    client.force_login(operator_a)

    assert client.get(_unduh(bukti_a)).status_code == 404
    settings.PRIVATE_DOWNLOAD = "redirect"
    assert client.get(_unduh(bukti_a)).status_code == 404
    assert files.read_private_file(path) is None
    assert files.private_file_size(path) is None


def test_a_store_that_is_down_gives_a_clear_message_and_changes_nothing(
    s3, client, operator_a, penilaian_a, bukti_a, settings
):
    mati = storage_entry(s3[1], f"http://127.0.0.1:{free_port()}")
    settings.STORAGES = {**settings.STORAGES, "private": mati}
    client.force_login(operator_a)
    before = Bukti.objects.count()

    upload = _upload(client, penilaian_a, "Baru.pdf", PDF_BYTES + b"%baru", nomor=2)
    download = client.get(_unduh(bukti_a))

    for response in (upload, download):
        assert response.status_code == 503
        assert "Penyimpanan berkas sedang tidak dapat dihubungi" in response.content.decode()
        assert "Traceback" not in response.content.decode()
    assert Bukti.objects.count() == before


def test_backup_refuses_to_silently_leave_out_the_bucket(s3, tmp_path):
    with pytest.raises(CommandError, match="penyimpanan objek"):
        call_command("cadangkan", "--out", str(tmp_path / "a"))
    assert not (tmp_path / "a").exists() or not any((tmp_path / "a").iterdir())

    out = io.StringIO()
    call_command("cadangkan", "--out", str(tmp_path / "b"), "--tanpa-berkas-privat", stdout=out)

    assert "Berkas privat TIDAK termasuk" in out.getvalue()
    manifest = (tmp_path / "b" / "manifest.json").read_text()
    assert f"s3://{s3[1]}/private" in manifest


@pytest.mark.parametrize("mode", ["stream", "redirect"])
def test_an_object_missing_from_the_bucket_is_a_404_not_a_dangling_link(
    s3, client, operator_a, bukti_a, mode, settings
):
    s3_client, bucket = s3
    s3_client.delete_object(Bucket=bucket, Key=f"private/{bukti_a.versi.path}")
    settings.PRIVATE_DOWNLOAD = mode
    client.force_login(operator_a)

    assert client.get(_unduh(bukti_a)).status_code == 404


def test_web_server_offload_is_for_local_disk_only(s3, client, operator_a, bukti_a, settings):
    settings.SENDFILE_MODE = "nginx"  # its internal location aliases a folder, not a bucket
    client.force_login(operator_a)

    response = client.get(_unduh(bukti_a))

    assert "X-Accel-Redirect" not in response
    assert b"".join(response.streaming_content) == PDF_BYTES
