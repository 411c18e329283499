"""The national package of the penilaian instansi (SPEC §12, issue 15 item 3): the ZIP's exact
members and folders, names per item (`-2`, `-3`), only accepted or chosen items, the manifest
(hashes checked against the files in the ZIP and on disk, a note that looks like a formula
kept as text, confidentiality), the sheet of items left out, the summary, the report job with
its access rules, the command, a tampered or missing file refusing the package, and a query
count that does not grow with the package."""

import hashlib
import io
import re
import zipfile
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from evaluasi.instansi import paket
from evaluasi.instansi import services as instansi_services
from evaluasi.laporan import permintaan
from evaluasi.models import (
    Butir,
    IsianButir,
    JenisLaporan,
    LaporanJob,
    PenilaianInstansi,
    StatusLaporan,
)
from tests.conftest import PDF_BYTES

PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
FORMULA = '=HYPERLINK("http://contoh.test/","klik")'
MANIFEST_HEADER = [
    "Kode butir",
    "Kode indikator",
    "Indikator",
    "Level",
    "Butir",
    "Nama berkas",
    "Nama asli",
    "SHA-256",
    "Ukuran",
    "OPD pengampu",
    "Keterangan untuk asesor",
    "Rahasia",
]
I10 = "I10 - Keamanan Pemerintah Digital"
I1 = "I1 - Tata Kelola Pemerintah Digital"
MEMBERS = [
    f"{I1}/I1-L1-01.pdf",
    f"{I10}/I10-L1-01.pdf",
    f"{I10}/I10-L1-01-2.png",
    f"{I10}/I10-L1-01-3.pdf",
    f"{I10}/I10-L1-03.pdf",
    "manifest.xlsx",
    "ringkasan.pdf",
]


def butir(periode, indikator: int, level: int, nomor: int) -> Butir:
    return Butir.objects.select_related("indikator").get(
        indikator__instrumen=periode.instrumen, indikator__nomor=indikator, level=level, nomor=nomor
    )


def unggah(pen, b, opd, user, data, nama="bukti.pdf", rahasia=False):
    return instansi_services.berkas_unggah(
        penilaian=pen, butir=b, opd_id=opd.pk, user=user, data=data, nama=nama, rahasia=rahasia
    )


def terima(pen, b, user, putusan="diterima", **extra):
    return instansi_services.reviu_instansi_simpan(
        penilaian=pen, butir=b, user=user, putusan=putusan, versi=0, **extra
    )


def pilih(pen, b, opd, user):
    return instansi_services.isian_pilih(
        isian=IsianButir.objects.get(penilaian=pen, butir=b, opd=opd), dipilih=True, user=user
    )


@pytest.fixture
def pen(periode_pemdi, opd_a, opd_b, admin_user):
    """The penilaian instansi, both OPDs holding every indicator (an answer of an OPD that
    holds nothing goes forward only when the Koordinator chooses it)."""
    for ind in periode_pemdi.instrumen.indikator.all():
        instansi_services.pengampu_atur(
            periode=periode_pemdi,
            indikator=ind,
            butir=None,
            opd_ids={opd_a.pk, opd_b.pk},
            user=admin_user,
        )
    return periode_pemdi.instansi


@pytest.fixture
def isi(pen, periode_pemdi, opd_a, opd_b, operator_a, operator_b, evaluator, admin_user):
    """I10-L1-01: three files of opd_a, accepted (its note looks like a formula, the first
    file is confidential). I10-L1-02: both OPDs uploaded, accepted, nobody chosen (stays
    out). I10-L1-03: both uploaded, the Koordinator chose opd_b's (goes in without a
    verdict). I1-L1-01: accepted. I1-L1-02: sent back for revision (stays out)."""
    p = periode_pemdi
    b = {
        "10-1-1": butir(p, 10, 1, 1),
        "10-1-2": butir(p, 10, 1, 2),
        "10-1-3": butir(p, 10, 1, 3),
        "1-1-1": butir(p, 1, 1, 1),
        "1-1-2": butir(p, 1, 1, 2),
    }
    files = {
        "rahasia": unggah(pen, b["10-1-1"], opd_a, operator_a, PDF_BYTES, "Kebijakan.pdf", True),
        "png": unggah(pen, b["10-1-1"], opd_a, operator_a, PNG_BYTES, "Foto rapat.PNG"),
        "ketiga": unggah(pen, b["10-1-1"], opd_a, operator_a, PDF_BYTES + b"%3", "lampiran.pdf"),
        "dua_a": unggah(pen, b["10-1-2"], opd_a, operator_a, PDF_BYTES + b"%a", "aset.pdf"),
        "dua_b": unggah(pen, b["10-1-2"], opd_b, operator_b, PDF_BYTES + b"%b", "aset-b.pdf"),
        "pilih_a": unggah(pen, b["10-1-3"], opd_a, operator_a, PDF_BYTES + b"%c", "log-a.pdf"),
        "pilih_b": unggah(pen, b["10-1-3"], opd_b, operator_b, PDF_BYTES + b"%d", "log-b.pdf"),
        "i1": unggah(pen, b["1-1-1"], opd_a, operator_a, PDF_BYTES + b"%e", "rancangan.pdf"),
        "revisi": unggah(pen, b["1-1-2"], opd_a, operator_a, PDF_BYTES + b"%f", "notulen.pdf"),
    }
    isian = IsianButir.objects.get(penilaian=pen, butir=b["10-1-1"], opd=opd_a)
    instansi_services.isian_catatan(
        penilaian=pen,
        butir=b["10-1-1"],
        opd_id=opd_a.pk,
        user=operator_a,
        catatan=FORMULA,
        versi=isian.versi,
    )
    terima(pen, b["10-1-1"], evaluator)
    terima(pen, b["10-1-2"], evaluator)
    terima(pen, b["1-1-1"], evaluator)
    terima(pen, b["1-1-2"], evaluator, putusan="revisi", alasan="bukti_tidak_tepat")
    pilih(pen, b["10-1-3"], opd_b, admin_user)
    return b, files


def _zip(pen) -> zipfile.ZipFile:
    buffer = io.BytesIO()
    paket.paket_tulis(pen, buffer)
    buffer.seek(0)
    return zipfile.ZipFile(buffer)


def _sheet(archive: zipfile.ZipFile, name: str):
    return load_workbook(io.BytesIO(archive.read(paket.MANIFEST)))[name]


def _rows(sheet) -> list[dict]:
    rows = list(sheet.iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


# --- Names (pure) ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kode", "nama", "expected"),
    [
        ("I10", "Keamanan Pemerintah Digital", "I10 - Keamanan Pemerintah Digital"),
        (
            "I3",
            "Sumber Daya Manusia: Pemerintah/Digital",
            "I3 - Sumber Daya Manusia Pemerintah Digital",
        ),
        (
            "I7",
            "Layanan Publik Berbasis Elektronik Terintegrasi",
            "I7 - Layanan Publik Berbasis Elektronik",
        ),
        ("I2", "Élan — «kolaborasi»", "I2 - Elan kolaborasi"),
        ("I/4", "", "I-4"),
        ("I5", "Aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "I5 - " + "A" + "a" * 39),
    ],
)
def test_folder_names_are_short_ascii_and_safe(kode, nama, expected):
    assert paket.nama_folder(kode, nama) == expected
    assert len(paket.nama_folder(kode, nama)) <= len(kode) + 3 + paket.PANJANG_NAMA_FOLDER


def test_file_names_number_the_second_and_later_files_and_keep_the_real_extension():
    assert paket.nama_berkas("I10-L2-03", 1, ".pdf") == "I10-L2-03.pdf"
    assert paket.nama_berkas("I10-L2-03", 2, ".png") == "I10-L2-03-2.png"
    assert paket.nama_berkas("I10-L2-03", 3, "") == "I10-L2-03-3"
    assert paket.ekstensi("application/pdf", "x/abc.bin", "a.txt") == ".pdf"
    assert paket.ekstensi("image/jpeg", "x/abc.jpg", "foto.JPEG") == ".jpg"
    assert paket.ekstensi("application/x-unknown", "x/abc.DAT", "a.txt") == ".dat"
    assert paket.ekstensi("application/x-unknown", "x/abc", "a.t xt") == ""


# --- The package ----------------------------------------------------------------------------


def test_the_zip_has_one_folder_per_indicator_and_files_named_by_item_code(pen, isi):
    archive = _zip(pen)

    assert archive.namelist() == MEMBERS
    assert archive.testzip() is None


def test_every_file_matches_the_manifest_and_the_stored_file(pen, isi, settings):
    _, files = isi
    by_name = {f.nama_asli: f for f in files.values()}
    archive = _zip(pen)
    rows = _rows(_sheet(archive, "Manifest"))

    assert list(rows[0]) == MANIFEST_HEADER
    assert [r["Nama berkas"] for r in rows] == [n for n in MEMBERS if "/" in n]
    for row in rows:
        stored = by_name[row["Nama asli"]]
        on_disk = (Path(settings.PRIVATE_ROOT) / stored.path).read_bytes()
        inside = archive.read(row["Nama berkas"])
        assert inside == on_disk
        assert hashlib.sha256(inside).hexdigest() == row["SHA-256"] == stored.sha256
        assert row["Ukuran"] == len(on_disk) == stored.ukuran


def test_the_manifest_rows_say_what_each_file_is(pen, isi, opd_a, opd_b):
    rows = {r["Nama berkas"]: r for r in _rows(_sheet(_zip(pen), "Manifest"))}

    first = rows[f"{I10}/I10-L1-01.pdf"]
    assert first["Kode butir"] == "I10-L1-01"
    assert first["Kode indikator"] == "4.2"
    assert first["Indikator"] == "Keamanan Pemerintah Digital"
    assert first["Level"] == 1
    assert first["Butir"] == "Rancangan kebijakan keamanan informasi pemerintah digital"
    assert first["Nama asli"] == "Kebijakan.pdf"
    assert first["OPD pengampu"] == opd_a.nama
    assert first["Keterangan untuk asesor"] == FORMULA
    assert first["Rahasia"] == "Ya"
    assert rows[f"{I10}/I10-L1-01-2.png"]["Nama asli"] == "Foto rapat.PNG"
    assert rows[f"{I10}/I10-L1-01-2.png"]["Rahasia"] == "Tidak"
    assert rows[f"{I10}/I10-L1-01-3.pdf"]["Nama asli"] == "lampiran.pdf"
    # The Koordinator's choice: only opd_b's answer to I10-L1-03 went in, without a verdict.
    assert rows[f"{I10}/I10-L1-03.pdf"]["OPD pengampu"] == opd_b.nama
    assert rows[f"{I10}/I10-L1-03.pdf"]["Nama asli"] == "log-b.pdf"
    assert rows[f"{I1}/I1-L1-01.pdf"]["Kode indikator"] == "1.1"


def test_a_note_that_looks_like_a_formula_stays_a_string_cell(pen, isi):
    archive = _zip(pen)
    sheet = _sheet(archive, "Manifest")

    cell = sheet.cell(row=3, column=MANIFEST_HEADER.index("Keterangan untuk asesor") + 1)
    assert sheet.cell(row=3, column=1).value == "I10-L1-01"
    assert cell.value == FORMULA
    assert cell.data_type == "s"
    with zipfile.ZipFile(io.BytesIO(archive.read(paket.MANIFEST))) as xlsx:
        assert b"<f>" not in xlsx.read("xl/worksheets/sheet1.xml")


def test_items_left_out_are_listed_with_the_reason(pen, isi, periode_pemdi, opd_a, opd_b):
    rows = {r["Kode butir"]: r for r in _rows(_sheet(_zip(pen), "Tidak masuk paket"))}

    # Accepted by the asesor, but two pengampu uploaded and nobody chose: whose files?
    assert rows["I10-L1-02"]["Alasan"] == paket.PERLU_DIPILIH
    assert opd_a.nama in rows["I10-L1-02"]["Keterangan"]
    assert opd_b.nama in rows["I10-L1-02"]["Keterangan"]
    assert rows["I1-L1-02"]["Alasan"] == paket.BELUM_DITERIMA
    assert rows["I1-L1-02"]["Keterangan"] == "Revisi asesor internal: Bukti tidak tepat."
    assert rows["I10-L2-01"]["Alasan"] == paket.BELUM_ADA_BERKAS
    included = {"I10-L1-01", "I10-L1-03", "I1-L1-01"}
    assert not included & set(rows)
    every = Butir.objects.filter(indikator__instrumen=periode_pemdi.instrumen).count()
    assert len(rows) == every - len(included)


def test_an_item_with_files_goes_in_only_once_accepted(pen, isi, opd_a, operator_a, evaluator):
    item = butir(pen.periode, 10, 2, 1)
    unggah(pen, item, opd_a, operator_a, PNG_BYTES + b"\x01")
    assert f"{I10}/I10-L2-01.png" not in _zip(pen).namelist()
    reasons = {r["Kode butir"]: r for r in _rows(_sheet(_zip(pen), "Tidak masuk paket"))}
    assert reasons["I10-L2-01"]["Alasan"] == paket.BELUM_DITERIMA
    assert reasons["I10-L2-01"]["Keterangan"] == "Belum diperiksa asesor internal."

    terima(pen, item, evaluator)

    assert f"{I10}/I10-L2-01.png" in _zip(pen).namelist()


def test_two_chosen_answers_number_their_files_in_one_sequence(pen, isi, opd_a, opd_b, admin_user):
    b, _ = isi
    pilih(pen, b["10-1-2"], opd_a, admin_user)
    pilih(pen, b["10-1-2"], opd_b, admin_user)

    rows = {r["Nama berkas"]: r for r in _rows(_sheet(_zip(pen), "Manifest"))}

    assert rows[f"{I10}/I10-L1-02.pdf"]["OPD pengampu"] == opd_a.nama
    assert rows[f"{I10}/I10-L1-02-2.pdf"]["OPD pengampu"] == opd_b.nama


def test_the_summary_pdf_shows_the_period_per_indicator_counts_values_and_files(pen, isi):
    pdf = _zip(pen).read(paket.RINGKASAN)

    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "Paket evaluasi nasional 2027" in text
    assert "3 butir masuk paket dengan 5 berkas" in text
    total_i10 = Butir.objects.filter(indikator=isi[0]["10-1-1"].indikator).count()
    assert re.search(rf"Keamanan Pemerintah Digital\s+2/{total_i10}\b", text), text
    assert f"Folder {I10}" in text
    assert "I10-L1-01-2.png" in text


def test_a_file_changed_on_disk_fails_the_job_naming_the_item(
    admin_user, pen, isi, settings, django_capture_on_commit_callbacks
):
    _, files = isi
    stored = Path(settings.PRIVATE_ROOT) / files["png"].path
    stored.write_bytes(PNG_BYTES[:-1] + b"\x01")  # same size, other content

    with django_capture_on_commit_callbacks(execute=True):
        job = permintaan.paket_request(periode=pen.periode, user=admin_user)

    job.refresh_from_db()
    assert job.status == StatusLaporan.GAGAL
    assert job.alasan.startswith("Paket nasional tidak dibuat: isi berkas tidak cocok")
    assert "butir I10-L1-01 (Foto rapat.PNG" in job.alasan
    assert "SHA-256" in job.alasan
    assert job.path == ""
    assert list(Path(settings.PRIVATE_ROOT).glob("laporan/**/*.zip")) == []


def test_a_file_missing_on_disk_refuses_the_package_and_leaves_no_zip(pen, isi, settings, tmp_path):
    _, files = isi
    (Path(settings.PRIVATE_ROOT) / files["i1"].path).unlink()
    target = tmp_path / "paket.zip"

    with pytest.raises(paket.PaketTidakUtuh, match=r"tidak ditemukan.*butir I1-L1-01"):
        paket.paket_simpan(pen, target)

    assert not target.exists()


def _queries(pen) -> int:
    fresh = PenilaianInstansi.objects.get(pk=pen.pk)
    with CaptureQueriesContext(connection) as ctx:
        paket.paket_tulis(fresh, io.BytesIO())
    return len(ctx.captured_queries)


def test_building_costs_the_same_queries_for_one_item_or_many(
    pen, periode_pemdi, opd_a, opd_b, operator_a, operator_b, evaluator, admin_user
):
    first = butir(periode_pemdi, 10, 1, 1)
    unggah(pen, first, opd_a, operator_a, PDF_BYTES)
    terima(pen, first, evaluator)
    one = _queries(pen)

    for n, (indikator, level, nomor) in enumerate(
        [(10, 1, 2), (10, 1, 3), (1, 1, 1), (1, 1, 2), (2, 1, 1), (2, 1, 2)]
    ):
        item = butir(periode_pemdi, indikator, level, nomor)
        unggah(pen, item, opd_a, operator_a, PDF_BYTES + f"%a{n}".encode())
        unggah(pen, item, opd_b, operator_b, PDF_BYTES + f"%b{n}".encode())
        pilih(pen, item, opd_b, admin_user)
        terima(pen, item, evaluator)
    many = _queries(pen)

    # penilaian → periode → instrumen (2), then keadaan_instansi: indikator, butir, pengampu,
    # isian + their live files, reviu, settled values, rounds, national results per item and
    # per indicator, the reports of external indices (11), and the instrument's weights and
    # bands once for the summary's indices (2): 15, whatever the size.
    assert one == many == 15


# --- The report job and its access ----------------------------------------------------------


def test_the_admin_requests_the_package_and_downloads_it(
    client, admin_user, pen, isi, django_capture_on_commit_callbacks
):
    client.force_login(admin_user)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("evaluasi:paket_nasional", kwargs={"pk": pen.periode_id}))

    job = LaporanJob.objects.get(jenis=JenisLaporan.PAKET)
    assert response.status_code == 302
    assert response.url == reverse("evaluasi:laporan_detail", kwargs={"pk": job.pk})
    assert job.status == StatusLaporan.SELESAI, job.alasan
    assert job.nama_berkas == "paket-nasional-2027.zip"
    assert re.fullmatch(r"laporan/\d{4}/[0-9a-f]{32}\.zip", job.path)
    page = client.get(response.url).content.decode()
    assert "Paket evaluasi nasional (ZIP)" in page and "paket-nasional-2027.zip" in page
    listing = client.get(reverse("evaluasi:laporan_daftar") + f"?periode={pen.periode_id}")
    assert "Buat paket nasional (ZIP)" in listing.content.decode()
    assert reverse("evaluasi:laporan_unduh", kwargs={"pk": job.pk}) in listing.content.decode()
    download = client.get(reverse("evaluasi:laporan_unduh", kwargs={"pk": job.pk}))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/zip"
    assert 'filename="paket-nasional-2027.zip"' in download["Content-Disposition"]
    with zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content))) as archive:
        assert archive.namelist() == MEMBERS


@pytest.mark.parametrize(
    ("role", "status"), [("operator", 404), ("evaluator", 404), ("pimpinan", 403)]
)
def test_only_the_admin_requests_sees_or_downloads_a_package(
    client, personas, admin_user, pen, isi, role, status, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        job = permintaan.paket_request(periode=pen.periode, user=admin_user)
    client.force_login(personas[role])

    request = client.post(reverse("evaluasi:paket_nasional", kwargs={"pk": pen.periode_id}))
    detail = client.get(reverse("evaluasi:laporan_detail", kwargs={"pk": job.pk}))
    download = client.get(reverse("evaluasi:laporan_unduh", kwargs={"pk": job.pk}))
    retry = client.post(reverse("evaluasi:laporan_ulang", kwargs={"pk": job.pk}))
    listing = client.get(reverse("evaluasi:laporan_daftar") + f"?periode={pen.periode_id}")

    assert [request.status_code, detail.status_code, download.status_code] == [status] * 3
    assert retry.status_code == status
    assert LaporanJob.objects.filter(jenis=JenisLaporan.PAKET).count() == 1
    assert listing.status_code in (200, 403)  # operators have no Laporan menu, pimpinan do
    assert "Paket evaluasi nasional" not in listing.content.decode()


def test_the_request_is_a_post(client, admin_user, pen):
    client.force_login(admin_user)

    response = client.get(reverse("evaluasi:paket_nasional", kwargs={"pk": pen.periode_id}))

    assert response.status_code == 405


def test_a_period_judged_without_items_has_no_package(client, admin_user, periode):
    client.force_login(admin_user)

    response = client.post(reverse("evaluasi:paket_nasional", kwargs={"pk": periode.pk}))

    assert response.status_code == 302
    assert response.url == reverse("evaluasi:laporan_daftar") + f"?periode={periode.pk}"
    assert not LaporanJob.objects.exists()
    listing = client.get(response.url).content.decode()
    assert "Paket nasional hanya dapat dibuat" in listing
    assert "Buat paket nasional (ZIP)" not in listing


# --- The command ----------------------------------------------------------------------------


def test_the_command_writes_the_same_package(pen, isi, tmp_path):
    (tmp_path / "keluar").mkdir()
    out = tmp_path / "keluar" / "paket.zip"
    stdout = io.StringIO()

    call_command("paket_nasional", "--periode", "2027", "--out", str(out), stdout=stdout)

    expected = _zip(pen)
    with zipfile.ZipFile(out) as archive:
        assert archive.namelist() == MEMBERS
        for name in MEMBERS:
            if "/" in name:
                assert archive.read(name) == expected.read(name)
        assert _rows(_sheet(archive, "Manifest")) == _rows(_sheet(expected, "Manifest"))
        assert _rows(_sheet(archive, "Tidak masuk paket")) == _rows(
            _sheet(expected, "Tidak masuk paket")
        )
    files = sum(len(PDF_BYTES if n.endswith(".pdf") else PNG_BYTES) for n in MEMBERS[:5]) + 6
    left_out = Butir.objects.filter(indikator__instrumen=pen.periode.instrumen).count() - 3
    assert stdout.getvalue() == (
        f"Paket nasional 2027 ditulis ke {out}: 3 butir, 5 berkas, {files} bita berkas "
        f"({out.stat().st_size} bita ZIP); {left_out} butir tidak masuk.\n"
    )
    assert list(out.parent.iterdir()) == [out]  # no temporary file left beside it


def test_the_command_refuses_an_unknown_year_or_a_period_without_penilaian_instansi(
    periode_pemdi, tmp_path
):
    out = tmp_path / "paket.zip"
    with pytest.raises(CommandError, match="Periode 1999 tidak ditemukan."):
        call_command("paket_nasional", "--periode", "1999", "--out", str(out))

    periode_pemdi.instansi.delete()
    with pytest.raises(CommandError, match="Periode 2027 belum memiliki penilaian instansi"):
        call_command("paket_nasional", "--periode", "2027", "--out", str(out))

    assert not out.exists()


def test_the_command_fails_on_a_changed_file_and_keeps_no_zip(pen, isi, settings, tmp_path):
    _, files = isi
    (Path(settings.PRIVATE_ROOT) / files["revisi"].path).unlink()  # left out: harmless
    Path(settings.PRIVATE_ROOT, files["i1"].path).write_bytes(b"%PDF-rusak")
    (tmp_path / "keluar").mkdir()
    out = tmp_path / "keluar" / "paket.zip"

    with pytest.raises(CommandError, match=r"ukuran berbeda.*butir I1-L1-01 \(rancangan\.pdf"):
        call_command("paket_nasional", "--periode", "2027", "--out", str(out))

    assert list(out.parent.iterdir()) == []


def test_a_broker_that_is_down_leaves_the_package_queued_and_no_500(
    client, admin_user, pen, isi, django_capture_on_commit_callbacks
):
    from evaluasi.laporan import pekerjaan
    from tests.opd.test_import_jobs import _broker_down

    client.force_login(admin_user)
    with _broker_down(), django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("evaluasi:paket_nasional", kwargs={"pk": pen.periode_id}))

    job = LaporanJob.objects.get(jenis=JenisLaporan.PAKET)
    assert response.status_code == 302
    assert (job.status, job.path) == (StatusLaporan.ANTRI, "")
    # The sweep hands it over once the broker is back; the worker builds the same package.
    pekerjaan.laporan_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == StatusLaporan.SELESAI, job.alasan
