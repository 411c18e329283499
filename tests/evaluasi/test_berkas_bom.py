"""Evidence uploads cannot exhaust memory, and names cannot lie about what a file is."""

import zipfile
from pathlib import Path
from urllib.parse import quote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from arsitektur.models import Aplikasi, Berkas
from arsitektur.services import berkas_store
from evaluasi.models import Bukti, DokumenVersi
from evaluasi.penilaian import berkas
from evaluasi.penilaian import services as penilaian_services
from tests.conftest import PDF_BYTES
from tests.zip_bombs import (
    MB,
    archive,
    bomb,
    docx_parts,
    peak_memory,
    with_declared_entries,
    with_declared_size,
)

MEMORY_BOUND = 30 * MB
ODT_MIME = b"application/vnd.oasis.opendocument.text"


@pytest.fixture(scope="module")
def odt_bomb() -> bytes:
    # The ODF type sits in the `mimetype` member: the one member detection has to read.
    return bomb({}, name="mimetype", prefix=ODT_MIME, megabytes=128)


@pytest.fixture(scope="module")
def docx_bomb() -> bytes:
    return bomb({"[Content_Types].xml": b"<Types/>"}, name="word/document.xml", megabytes=128)


def test_a_zip_bomb_in_the_mimetype_member_is_refused_within_bounded_memory(odt_bomb):
    assert len(odt_bomb) < 1 * MB

    outcome, peak = peak_memory(lambda: berkas.check(odt_bomb, "notulen.odt", max_bytes=20 * MB))

    assert peak < MEMORY_BOUND
    assert isinstance(outcome, berkas.BerkasDitolak)
    assert "mengembang" in str(outcome) and "mimetype" in str(outcome)


def test_an_office_document_with_a_bomb_part_is_refused(docx_bomb):
    outcome, peak = peak_memory(lambda: berkas.check(docx_bomb, "sk.docx", max_bytes=20 * MB))

    assert isinstance(outcome, berkas.BerkasDitolak)
    assert "word/document.xml" in str(outcome) and "mengembang" in str(outcome)
    assert peak < MEMORY_BOUND


def test_an_archive_declaring_too_many_entries_is_refused_before_it_is_parsed():
    lying = with_declared_entries(archive(docx_parts()), 60_000)

    with pytest.raises(berkas.BerkasDitolak, match=r"terlalu banyak entri \(60000\)"):
        berkas.detect(lying)


def test_an_archive_with_too_many_real_entries_is_refused_even_if_its_count_lies():
    entries = {**docx_parts(), **{f"customXml/item{i}.xml": b"" for i in range(10_001)}}
    lying = with_declared_entries(archive(entries, method=zipfile.ZIP_STORED), 3)

    with pytest.raises(berkas.BerkasDitolak, match="terlalu banyak entri"):
        berkas.detect(lying)


@pytest.mark.parametrize(
    ("size", "message"),
    [
        (0xFFFF_FFF0, "word/document.xml berukuran 4096 MB"),  # one member over the cap
        (200 * MB, "mengembang"),  # a believable size, but from a 13-byte member
    ],
)
def test_an_archive_declaring_huge_unpacked_sizes_is_refused(size, message):
    lying = with_declared_size(archive(docx_parts()), "word/document.xml", size)

    with pytest.raises(berkas.BerkasDitolak, match=message):
        berkas.detect(lying)


def test_the_total_unpacked_size_is_capped():
    parts = {**docx_parts(), **{f"word/media/image{i}.png": b"x" for i in range(5)}}
    lying = archive(parts, method=zipfile.ZIP_STORED)
    for i in range(5):
        # Each one as big packed as unpacked (like images), under the per-member cap.
        lying = with_declared_size(lying, f"word/media/image{i}.png", 250 * MB, packed=250 * MB)

    with pytest.raises(berkas.BerkasDitolak, match="Isi arsip terlalu besar bila dibuka"):
        berkas.detect(lying)


def test_members_packed_with_another_method_are_refused():
    # bzip2 has no output bound per call in zipfile: a few KB could unpack to gigabytes at once.
    data = archive(docx_parts(), method=zipfile.ZIP_BZIP2)

    with pytest.raises(berkas.BerkasDitolak, match="metode pemampatan"):
        berkas.detect(data)


@pytest.mark.parametrize(
    "name",
    [
        "notulen\u202efdp.hta",  # RIGHT-TO-LEFT OVERRIDE: shows as "notulenath.pdf"
        "notulen\u200bfdp.hta",  # ZERO WIDTH SPACE
        "\ufeffnotulen\u2066fdp\u2069.hta",  # BOM, FIRST STRONG ISOLATE … POP DIRECTIONAL ISOLATE
    ],
)
def test_invisible_format_characters_are_removed_from_names(name):
    _, nama, _ = berkas.check(PDF_BYTES, name, max_bytes=MB)

    assert nama == "notulenfdp.hta"


@pytest.mark.parametrize(
    ("name", "mime", "expected"),
    [
        ("notulen.hta", "application/pdf", "notulen.pdf"),
        ("notulen", "application/pdf", "notulen.pdf"),
        ("Foto Rapat.JPEG", "image/jpeg", "Foto Rapat.JPEG"),
        ("foto.png", "image/jpeg", "foto.jpg"),
        ("SK Tim.PDF", "application/pdf", "SK Tim.PDF"),
        ("laporan.xlsx", "application/vnd.oasis.opendocument.spreadsheet", "laporan.ods"),
        ("a\u202eb.pdf", "application/pdf", "ab.pdf"),
    ],
)
def test_download_name_takes_the_extension_of_the_detected_type(name, mime, expected):
    assert berkas.download_name(name, mime) == expected


# --- Through the pages ----------------------------------------------------------------------


def _upload(client, penilaian, upload, nomor=1):
    url = reverse("evaluasi:bukti_unggah", kwargs={"pk": penilaian.pk, "nomor": nomor})
    return client.post(url, {"berkas": upload}, follow=True)


@pytest.mark.django_db
def test_a_zip_bomb_upload_is_refused_and_nothing_is_stored(
    client, operator_a, penilaian_a, settings, odt_bomb
):
    client.force_login(operator_a)

    response = _upload(client, penilaian_a, SimpleUploadedFile("notulen.odt", odt_bomb))

    assert "notulen.odt: " in response.content.decode()
    assert "mengembang" in response.content.decode()
    assert not Bukti.objects.exists()
    assert not (Path(settings.PRIVATE_ROOT) / "bukti").exists()


@pytest.mark.django_db
def test_a_pdf_uploaded_as_hta_downloads_as_pdf(client, operator_a, penilaian_a):
    client.force_login(operator_a)
    _upload(client, penilaian_a, SimpleUploadedFile("notulen.hta", PDF_BYTES))
    bukti = Bukti.objects.get()

    response = client.get(reverse("evaluasi:bukti_unduh", kwargs={"pk": bukti.pk}))

    disposition = response["Content-Disposition"]
    assert 'filename="notulen.pdf"' in disposition and "''notulen.pdf" in disposition
    assert ".hta" not in disposition
    assert response["Content-Type"] == "application/pdf"


@pytest.mark.django_db
def test_a_bidi_override_in_a_name_is_neither_stored_nor_served(client, operator_a, penilaian_a):
    # Django's form parser already drops such characters from uploaded names; the service
    # is the rule for every caller.
    indikator = penilaian_a.periode.instrumen.indikator.get(nomor=1)
    bukti = penilaian_services.bukti_upload(
        penilaian=penilaian_a,
        indikator=indikator,
        user=operator_a,
        data=PDF_BYTES,
        nama="SK\u202eTim.pdf",
    )
    client.force_login(operator_a)

    response = client.get(reverse("evaluasi:bukti_unduh", kwargs={"pk": bukti.pk}))

    assert Bukti.objects.get().nama_asli == "SKTim.pdf"
    assert "filename*=UTF-8''SKTim.pdf" in response["Content-Disposition"]


@pytest.mark.django_db
def test_old_records_are_served_with_a_clean_name_and_the_detected_extension(
    client, operator_a, penilaian_a
):
    indikator = penilaian_a.periode.instrumen.indikator.get(nomor=1)
    bukti = penilaian_services.bukti_upload(
        penilaian=penilaian_a, indikator=indikator, user=operator_a, data=PDF_BYTES, nama="x.pdf"
    )
    # As kept before names were cleaned: an override hiding the real extension.
    DokumenVersi.objects.filter(pk=bukti.versi_id).update(nama_asli="notulen\u202efdp.hta")
    client.force_login(operator_a)

    response = client.get(reverse("evaluasi:bukti_unduh", kwargs={"pk": bukti.pk}))

    disposition = response["Content-Disposition"]
    assert "notulenfdp.pdf" in disposition
    assert quote("\u202e") not in disposition and "\u202e" not in disposition


@pytest.mark.django_db
def test_architecture_documents_download_with_the_detected_extension(client, operator_a, opd_a):
    dokumen = berkas_store(data=PDF_BYTES, nama="SOP\u200b.hta", user=operator_a)
    Aplikasi.objects.create(opd=opd_a, nama="SIMPEG", dokumen=dokumen)
    client.force_login(operator_a)

    response = client.get(reverse("arsitektur:berkas_unduh", kwargs={"pk": dokumen.pk}))

    assert Berkas.objects.get().nama_asli == "SOP.hta"
    assert 'filename="SOP.pdf"' in response["Content-Disposition"]
