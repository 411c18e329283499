"""The evidence archive (issue item 7): every live evidence file of an OPD penilaian, or of the
penilaian instansi, as a ZIP built by a report job. The ZIP's members and bytes against the
stored files and the list's SHA-256s, removed links left out, a confidential document included
and marked, nothing of the verdict, names per item with `-2` on a clash, access per role for
requesting and downloading, a missing or tampered file failing the job with no ZIP kept, a
broker that is down, two clicks at once, and queries that do not grow with the files."""

import hashlib
import io
import time
import zipfile
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from evaluasi.dokumen import arsip
from evaluasi.dokumen import services as dokumen_services
from evaluasi.instansi import services as instansi_services
from evaluasi.laporan import pekerjaan, permintaan
from evaluasi.models import (
    BerkasInstansi,
    Bukti,
    Butir,
    JenisLaporan,
    LaporanJob,
    Penilaian,
    PenilaianInstansi,
    Periode,
    StatusLaporan,
    StatusPeriode,
)
from evaluasi.penilaian import services as penilaian_services
from evaluasi.verifikasi import services as verifikasi_services
from tests.conftest import PDF_BYTES
from tests.factories import PenggunaFactory
from tests.helpers import at_once

pytestmark = pytest.mark.django_db

PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
FORMULA = '=HYPERLINK("http://contoh.test/","klik")'
I1 = "I1 - Tata Kelola Pemerintah Digital"
I10 = "I10 - Keamanan Pemerintah Digital"
MEMBERS = [
    f"{I1}/I1-L1-01 audit.pdf",
    f"{I10}/I10-L1-01 SK Tim.pdf",
    f"{I10}/I10-L1-01 SK Tim-2.pdf",
    f"{I10}/I10-L1-02 Foto rapat.png",
    arsip.DAFTAR,
]
HEADER = [
    "Nama dalam ZIP",
    "Kode indikator",
    "Indikator",
    "Kode butir",
    "OPD",
    "Judul dokumen",
    "Versi",
    "Nama asli",
    "SHA-256",
    "Ukuran (bita)",
    "Rahasia",
    "Ditautkan oleh",
    "Ditautkan pada",
    "Dari tahun",
]


def butir(periode, indikator: int, level: int, nomor: int) -> Butir:
    return Butir.objects.select_related("indikator").get(
        indikator__instrumen=periode.instrumen, indikator__nomor=indikator, level=level, nomor=nomor
    )


def unggah(pen, user, b: Butir, data: bytes, nama: str) -> Bukti:
    return penilaian_services.bukti_upload(
        penilaian=pen, indikator=b.indikator, user=user, data=data, nama=nama, butir=b
    )


@pytest.fixture
def pen_a(periode_pemdi, opd_a):
    return periode_pemdi.penilaian.get(opd=opd_a)


@pytest.fixture
def isi(pen_a, periode_pemdi, opd_a, opd_b, operator_a, operator_b):
    """opd_a's Pemdi penilaian: two files named "SK Tim.pdf" on I10-L1-01, a PNG on I10-L1-02,
    a confidential document (its title looks like a formula) linked from the library to
    I1-L1-01 as carried over from 2026, and a file linked then removed. opd_b has a file of
    its own (never in opd_a's archive)."""
    p = periode_pemdi
    files = {
        "sk": unggah(pen_a, operator_a, butir(p, 10, 1, 1), PDF_BYTES + b"%1", "SK Tim.pdf"),
        "sk2": unggah(pen_a, operator_a, butir(p, 10, 1, 1), PDF_BYTES + b"%2", "SK Tim.pdf"),
        "png": unggah(pen_a, operator_a, butir(p, 10, 1, 2), PNG_BYTES, "Foto rapat.PNG"),
        "lama": unggah(pen_a, operator_a, butir(p, 10, 1, 3), PDF_BYTES + b"%3", "lama.pdf"),
    }
    rahasia = dokumen_services.dokumen_buat(
        opd_id=opd_a.pk,
        user=operator_a,
        data=PDF_BYTES + b"%rahasia",
        nama="audit.pdf",
        judul=FORMULA,
        rahasia=True,
    )
    files["rahasia"] = penilaian_services.bukti_tautkan(
        penilaian=pen_a,
        indikator=butir(p, 1, 1, 1).indikator,
        dokumen=rahasia,
        user=operator_a,
        butir=butir(p, 1, 1, 1),
        dari_tahun=2026,
    )
    penilaian_services.bukti_remove(bukti=files["lama"], user=operator_a)
    unggah(p.penilaian.get(opd=opd_b), operator_b, butir(p, 10, 1, 1), PDF_BYTES + b"%b", "b.pdf")
    return files


def _zip(isi_arsip) -> zipfile.ZipFile:
    buffer = io.BytesIO()
    arsip.arsip_tulis(isi_arsip, buffer)
    buffer.seek(0)
    return zipfile.ZipFile(buffer)


def _rows(archive: zipfile.ZipFile) -> list[dict]:
    sheet = load_workbook(io.BytesIO(archive.read(arsip.DAFTAR)))["Daftar berkas"]
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == HEADER
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


# --- Names (pure) ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("nama", "expected"),
    [
        ("SK Tim SPBE.pdf", "SK Tim SPBE"),
        ("Laporan v1.2 final", "Laporan v1.2 final"),
        ("Évaluasi «2026».docx", "Evaluasi 2026"),
        ("\u202egnp.exe", "gnp"),
        ("a/b\\c:d*e?.pdf", "a b c d e"),
        ("...pdf", "berkas"),
        ("", "berkas"),
        ("x" * 200 + ".pdf", "x" * arsip.PANJANG_NAMA),
    ],
)
def test_a_files_own_name_becomes_a_short_safe_name_part(nama, expected):
    assert arsip.nama_aman(nama) == expected


def test_a_clash_gets_a_number_before_the_extension_whatever_the_case():
    dipakai: set[str] = set()

    names = [arsip.nama_unik(d, ".pdf", dipakai) for d in ("A/x", "A/X", "A/x", "B/x")]

    assert names == ["A/x.pdf", "A/X-2.pdf", "A/x-3.pdf", "B/x.pdf"]


# --- The archive of an OPD penilaian ---------------------------------------------------------


def test_the_zip_holds_every_live_file_by_indicator_folder_and_item_code(pen_a, isi):
    archive = _zip(arsip.rencana_penilaian(pen_a))

    assert archive.namelist() == MEMBERS
    assert archive.testzip() is None


def test_every_member_is_the_stored_file_and_its_listed_sha256(pen_a, isi, settings):
    archive = _zip(arsip.rencana_penilaian(pen_a))
    rows = _rows(archive)
    by_name = {b.versi.nama_asli: b for b in Bukti.objects.filter(jawaban__penilaian=pen_a)}

    assert [r["Nama dalam ZIP"] for r in rows] == MEMBERS[:-1]
    for row in rows:
        inside = archive.read(row["Nama dalam ZIP"])
        stored = Bukti.objects.select_related("versi").get(
            jawaban__penilaian=pen_a, versi__sha256=row["SHA-256"], dihapus_pada=None
        )
        on_disk = (Path(settings.PRIVATE_ROOT) / stored.versi.path).read_bytes()
        assert inside == on_disk
        assert hashlib.sha256(inside).hexdigest() == row["SHA-256"] == stored.versi.sha256
        assert row["Ukuran (bita)"] == len(on_disk)
        assert row["Nama asli"] in by_name


def test_removed_links_and_other_opds_files_are_left_out(pen_a, isi):
    rows = _rows(_zip(arsip.rencana_penilaian(pen_a)))

    names = {r["Nama asli"] for r in rows}
    assert "lama.pdf" not in names
    assert "b.pdf" not in names
    assert len(rows) == Bukti.objects.filter(jawaban__penilaian=pen_a, dihapus_pada=None).count()


def test_the_list_says_what_each_file_is_and_a_confidential_one_is_marked(
    pen_a, isi, opd_a, operator_a
):
    rows = {r["Nama dalam ZIP"]: r for r in _rows(_zip(arsip.rencana_penilaian(pen_a)))}

    audit = rows[f"{I1}/I1-L1-01 audit.pdf"]
    assert audit["Kode indikator"] == "I1"
    assert audit["Indikator"] == "Tata Kelola Pemerintah Digital"
    assert audit["Kode butir"] == "I1-L1-01"
    assert audit["OPD"] == opd_a.nama
    assert audit["Judul dokumen"] == FORMULA
    assert audit["Versi"] == 1
    assert audit["Nama asli"] == "audit.pdf"
    assert audit["Rahasia"] == "Ya"
    assert audit["Ditautkan oleh"] == operator_a.nama
    assert audit["Ditautkan pada"] is not None
    assert audit["Dari tahun"] == 2026
    sk = rows[f"{I10}/I10-L1-01 SK Tim.pdf"]
    assert (sk["Rahasia"], sk["Dari tahun"], sk["Judul dokumen"]) == ("Tidak", None, "SK Tim")
    assert rows[f"{I10}/I10-L1-01 SK Tim-2.pdf"]["Nama asli"] == "SK Tim.pdf"
    assert rows[f"{I10}/I10-L1-02 Foto rapat.png"]["Nama asli"] == "Foto rapat.PNG"


def test_a_title_that_looks_like_a_formula_stays_a_string_cell(pen_a, isi):
    archive = _zip(arsip.rencana_penilaian(pen_a))

    sheet = load_workbook(io.BytesIO(archive.read(arsip.DAFTAR)))["Daftar berkas"]
    cell = sheet.cell(row=2, column=HEADER.index("Judul dokumen") + 1)
    assert (cell.value, cell.data_type) == (FORMULA, "s")
    with zipfile.ZipFile(io.BytesIO(archive.read(arsip.DAFTAR))) as xlsx:
        assert b"<f>" not in xlsx.read("xl/worksheets/sheet1.xml")


def test_the_archive_carries_no_verdict(pen_a, isi, evaluator):
    Bukti.objects.filter(pk=isi["sk"].pk).update(
        valid=False, alasan_tidak_valid="Tanda tangan PALSU-XYZ", diperiksa_oleh=evaluator
    )

    archive = _zip(arsip.rencana_penilaian(pen_a))

    cells = {str(v) for row in _rows(archive) for v in row.values()}
    assert not any("PALSU-XYZ" in c for c in cells)
    assert evaluator.nama not in cells
    assert not {"Valid", "Alasan tidak valid", "Nilai final", "Level final"} & set(HEADER)


def test_evidence_of_a_whole_indicator_is_named_by_the_files_own_name(penilaian_a, bukti_a):
    archive = _zip(arsip.rencana_penilaian(penilaian_a))

    folder = arsip.paket.nama_folder("I1", bukti_a.jawaban.indikator.nama)
    assert archive.namelist() == [f"{folder}/SK A.pdf", arsip.DAFTAR]
    assert _rows(archive)[0]["Kode butir"] is None


# --- The archive of the penilaian instansi --------------------------------------------------


@pytest.fixture
def instansi_isi(periode_pemdi, opd_a, opd_b, operator_a, operator_b, admin_user):
    """Both OPDs hold I10; each uploads to I10-L1-01, opd_a a confidential one; opd_a's second
    file is removed again."""
    p = periode_pemdi
    pen = p.instansi
    instansi_services.pengampu_atur(
        periode=p,
        indikator=butir(p, 10, 1, 1).indikator,
        butir=None,
        opd_ids={opd_a.pk, opd_b.pk},
        user=admin_user,
    )
    b = butir(p, 10, 1, 1)
    a = instansi_services.berkas_unggah(
        penilaian=pen,
        butir=b,
        opd_id=opd_a.pk,
        user=operator_a,
        data=PDF_BYTES,
        nama="kebijakan.pdf",
        rahasia=True,
    )
    instansi_services.berkas_unggah(
        penilaian=pen,
        butir=b,
        opd_id=opd_b.pk,
        user=operator_b,
        data=PDF_BYTES + b"%b",
        nama="kebijakan.pdf",
    )
    lama = instansi_services.berkas_unggah(
        penilaian=pen,
        butir=b,
        opd_id=opd_a.pk,
        user=operator_a,
        data=PDF_BYTES + b"%x",
        nama="lama.pdf",
    )
    instansi_services.berkas_hapus(berkas_row=lama, user=operator_a)
    return pen, a


def test_the_instansi_archive_holds_every_pengampus_live_files(
    instansi_isi, opd_a, opd_b, settings
):
    pen, _ = instansi_isi
    archive = _zip(arsip.rencana_instansi(pen))
    rows = _rows(archive)

    assert archive.namelist() == [
        f"{I10}/I10-L1-01 kebijakan.pdf",
        f"{I10}/I10-L1-01 kebijakan-2.pdf",
        arsip.DAFTAR,
    ]
    by_opd = {r["OPD"]: r for r in rows}
    assert sorted(by_opd) == sorted([opd_a.nama, opd_b.nama])
    assert by_opd[opd_a.nama]["Rahasia"] == "Ya"
    for row in rows:
        versi = BerkasInstansi.objects.get(versi__sha256=row["SHA-256"]).versi
        assert (
            archive.read(row["Nama dalam ZIP"])
            == (Path(settings.PRIVATE_ROOT) / versi.path).read_bytes()
        )


# --- The job: request, build, download, access -----------------------------------------------


@pytest.fixture
def ditugaskan(periode, opd_a, admin_user):
    """An evaluator assigned to opd_a in the period (the `evaluator` persona is not)."""
    user = PenggunaFactory(username="evaluator.a", peran="evaluator")
    verifikasi_services.penugasan_add(
        periode=periode, evaluator=user, opds=[opd_a], user=admin_user
    )
    return user


def _minta(client, user, penilaian, capture):
    client.force_login(user)
    with capture(execute=True):
        return client.post(reverse("evaluasi:arsip_bukti_penilaian", kwargs={"pk": penilaian.pk}))


def test_the_operator_requests_the_archive_and_downloads_the_zip(
    client, operator_a, penilaian_a, bukti_a, django_capture_on_commit_callbacks
):
    client.force_login(operator_a)
    detail = client.get(reverse("evaluasi:penilaian_detail", kwargs={"pk": penilaian_a.pk}))
    assert "Unduh semua bukti (ZIP)" in detail.content.decode()

    response = _minta(client, operator_a, penilaian_a, django_capture_on_commit_callbacks)

    job = LaporanJob.objects.get(jenis=JenisLaporan.ARSIP)
    assert (response.status_code, response.url) == (
        302,
        reverse("evaluasi:laporan_detail", kwargs={"pk": job.pk}),
    )
    assert (job.status, job.penilaian, job.peminta) == (
        StatusLaporan.SELESAI,
        penilaian_a,
        operator_a,
    ), job.alasan
    assert (
        job.nama_berkas
        == f"arsip-bukti-{penilaian_a.opd.singkatan}-{penilaian_a.periode.tahun}.zip"
    )
    status = client.get(response.url).content.decode()
    assert "Arsip bukti (ZIP)" in status and job.nama_berkas in status
    download = client.get(reverse("evaluasi:laporan_unduh", kwargs={"pk": job.pk}))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content))) as archive:
        assert archive.read(archive.namelist()[0]) == PDF_BYTES


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("admin", 302),
        ("operator", 302),
        ("operator_lain", 404),
        ("ditugaskan", 302),
        ("evaluator", 404),
        ("pimpinan", 403),
    ],
)
def test_who_may_request_the_archive_of_an_opd_penilaian(
    client,
    personas,
    operator_b,
    ditugaskan,
    penilaian_a,
    bukti_a,
    role,
    status,
    django_capture_on_commit_callbacks,
):
    users = {**personas, "operator_lain": operator_b, "ditugaskan": ditugaskan}

    response = _minta(client, users[role], penilaian_a, django_capture_on_commit_callbacks)

    assert response.status_code == status
    assert LaporanJob.objects.filter(jenis=JenisLaporan.ARSIP).count() == (status == 302)


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("admin", 200),
        ("operator", 200),
        ("operator_lain", 404),
        ("ditugaskan", 200),
        ("evaluator", 404),
        ("pimpinan", 403),
    ],
)
def test_who_may_see_and_download_a_finished_archive(
    client,
    personas,
    admin_user,
    operator_b,
    ditugaskan,
    penilaian_a,
    bukti_a,
    role,
    status,
    django_capture_on_commit_callbacks,
):
    _minta(client, admin_user, penilaian_a, django_capture_on_commit_callbacks)
    job = LaporanJob.objects.get(jenis=JenisLaporan.ARSIP)
    assert job.status == StatusLaporan.SELESAI, job.alasan
    users = {**personas, "operator_lain": operator_b, "ditugaskan": ditugaskan}
    client.force_login(users[role])

    detail = client.get(reverse("evaluasi:laporan_detail", kwargs={"pk": job.pk}))
    download = client.get(reverse("evaluasi:laporan_unduh", kwargs={"pk": job.pk}))
    listing = client.get(reverse("evaluasi:laporan_daftar") + f"?periode={job.periode_id}")

    assert (detail.status_code, download.status_code) == (status, status)
    if role != "admin":  # the list shows the user's own jobs; Pimpinan never an archive
        assert reverse("evaluasi:laporan_detail", kwargs={"pk": job.pk}) not in (
            listing.content.decode()
        )


def test_pimpinan_get_no_archive_even_once_results_are_published(
    client, admin_user, pimpinan, penilaian_a, bukti_a, django_capture_on_commit_callbacks
):
    """Published results open the OPD reports to Pimpinan; the evidence files in bulk stay
    closed (confidential documents)."""
    _minta(client, admin_user, penilaian_a, django_capture_on_commit_callbacks)
    job = LaporanJob.objects.get(jenis=JenisLaporan.ARSIP)
    Periode.objects.filter(pk=penilaian_a.periode_id).update(status=StatusPeriode.DIPUBLIKASI)
    client.force_login(pimpinan)

    request = client.post(reverse("evaluasi:arsip_bukti_penilaian", kwargs={"pk": penilaian_a.pk}))
    detail = client.get(reverse("evaluasi:laporan_detail", kwargs={"pk": job.pk}))
    download = client.get(reverse("evaluasi:laporan_unduh", kwargs={"pk": job.pk}))
    listing = client.get(reverse("evaluasi:laporan_daftar") + f"?periode={job.periode_id}")

    assert [request.status_code, detail.status_code, download.status_code] == [403] * 3
    assert "Arsip bukti" not in listing.content.decode()
    assert LaporanJob.objects.filter(jenis=JenisLaporan.ARSIP).count() == 1


def test_pimpinan_and_an_unassigned_evaluator_get_no_button(
    client, pimpinan, evaluator, ditugaskan, admin_user, penilaian_a
):
    url = reverse("evaluasi:penilaian_detail", kwargs={"pk": penilaian_a.pk})
    grid = reverse("evaluasi:reviu_grid", kwargs={"pk": penilaian_a.pk})
    for user, tombol in ((pimpinan, False), (ditugaskan, True), (admin_user, True)):
        client.force_login(user)
        assert ("Unduh semua bukti (ZIP)" in client.get(url).content.decode()) is tombol
    client.force_login(ditugaskan)
    assert "Unduh semua bukti (ZIP)" in client.get(grid).content.decode()
    client.force_login(evaluator)
    assert client.get(url).status_code == 404


def test_an_archive_is_never_offered_as_the_opd_report(client, admin_user, penilaian_a, bukti_a):
    LaporanJob.objects.create(
        jenis=JenisLaporan.ARSIP,
        periode=penilaian_a.periode,
        penilaian=penilaian_a,
        peminta=admin_user,
        status=StatusLaporan.SELESAI,
        path="laporan/x.zip",
        nama_berkas="arsip.zip",
    )
    client.force_login(admin_user)

    page = client.get(reverse("evaluasi:hasil", kwargs={"pk": penilaian_a.pk})).content.decode()

    assert "Unduh laporan PDF" not in page
    assert "Laporan sedang dibuat" not in page


def test_nothing_to_archive_is_refused_with_a_message(client, operator_a, penilaian_a):
    client.force_login(operator_a)

    response = client.post(
        reverse("evaluasi:arsip_bukti_penilaian", kwargs={"pk": penilaian_a.pk}), follow=True
    )

    assert "Belum ada berkas bukti" in response.content.decode()
    assert not LaporanJob.objects.exists()


@pytest.mark.parametrize(
    ("role", "status"),
    [("admin", 302), ("evaluator", 302), ("operator", 404), ("pimpinan", 403)],
)
def test_who_may_request_and_download_the_instansi_archive(
    client, personas, admin_user, instansi_isi, role, status, django_capture_on_commit_callbacks
):
    pen, _ = instansi_isi
    url = reverse("evaluasi:arsip_bukti_instansi", kwargs={"pk": pen.periode_id})
    client.force_login(personas[role])
    overview = client.get(reverse("evaluasi:instansi", kwargs={"pk": pen.periode_id}))

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)

    assert response.status_code == status
    assert ("Unduh semua bukti (ZIP)" in overview.content.decode()) is (status == 302)
    if status != 302:
        client.force_login(admin_user)
        with django_capture_on_commit_callbacks(execute=True):
            client.post(url)
        client.force_login(personas[role])
    job = LaporanJob.objects.get(jenis=JenisLaporan.ARSIP)
    assert (job.status, job.penilaian) == (StatusLaporan.SELESAI, None), job.alasan
    assert job.nama_berkas == f"arsip-bukti-instansi-{pen.periode.tahun}.zip"
    download = client.get(reverse("evaluasi:laporan_unduh", kwargs={"pk": job.pk}))
    assert download.status_code == (200 if status == 302 else status)


# --- A file missing or changed ----------------------------------------------------------------


@pytest.mark.parametrize("rusak", ["hilang", "diubah"])
def test_a_missing_or_tampered_file_fails_the_job_naming_it_and_keeps_no_zip(
    admin_user, pen_a, isi, settings, rusak, django_capture_on_commit_callbacks
):
    stored = Path(settings.PRIVATE_ROOT) / isi["png"].versi.path
    if rusak == "hilang":
        stored.unlink()
    else:
        stored.write_bytes(PNG_BYTES[:-1] + b"\x01")  # same size, other content

    with django_capture_on_commit_callbacks(execute=True):
        job, _ = permintaan.arsip_request(periode=pen_a.periode, penilaian=pen_a, user=admin_user)

    job.refresh_from_db()
    assert job.status == StatusLaporan.GAGAL
    assert job.alasan.startswith("Arsip bukti tidak dibuat: ")
    sebab = "tidak ditemukan" if rusak == "hilang" else "tidak cocok dengan SHA-256"
    assert sebab in job.alasan
    assert f"{I10}/I10-L1-02 Foto rapat.png (Foto rapat.PNG" in job.alasan
    assert "SK Tim" not in job.alasan
    assert job.path == ""
    assert list(Path(settings.PRIVATE_ROOT).glob("laporan/**/*.zip")) == []


def test_a_file_of_another_size_is_refused_before_anything_is_written(
    pen_a, isi, settings, tmp_path
):
    Path(settings.PRIVATE_ROOT, isi["sk2"].versi.path).write_bytes(b"%PDF-rusak")
    target = tmp_path / "arsip.zip"

    with pytest.raises(arsip.ArsipTidakUtuh, match=r"ukuran berbeda.*I10-L1-01 SK Tim-2\.pdf"):
        arsip.arsip_simpan(arsip.rencana_penilaian(pen_a), target)

    assert not target.exists()


# --- A broker that is down, two clicks --------------------------------------------------------


def test_a_broker_that_is_down_leaves_the_archive_queued_and_no_500(
    client, operator_a, penilaian_a, bukti_a, django_capture_on_commit_callbacks
):
    from tests.opd.test_import_jobs import _broker_down

    client.force_login(operator_a)
    with _broker_down(), django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("evaluasi:arsip_bukti_penilaian", kwargs={"pk": penilaian_a.pk})
        )

    job = LaporanJob.objects.get(jenis=JenisLaporan.ARSIP)
    assert response.status_code == 302
    assert (job.status, job.path) == (StatusLaporan.ANTRI, "")
    # A second click while it waits opens the same job.
    again = client.post(reverse("evaluasi:arsip_bukti_penilaian", kwargs={"pk": penilaian_a.pk}))
    assert again.url == response.url
    assert "Arsip bukti yang sama sedang dibuat" in client.get(again.url).content.decode()
    assert LaporanJob.objects.count() == 1
    # The sweep hands it over once the broker is back; the worker builds it.
    assert job.pk in pekerjaan.laporan_tertunda(lebih_dari=timedelta(0))
    pekerjaan.laporan_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == StatusLaporan.SELESAI, job.alasan


def test_a_finished_or_failed_archive_does_not_hold_the_next_request_back(
    operator_a, penilaian_a, bukti_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first, baru1 = permintaan.arsip_request(
            periode=penilaian_a.periode, penilaian=penilaian_a, user=operator_a
        )
    with django_capture_on_commit_callbacks(execute=True):
        second, baru2 = permintaan.arsip_request(
            periode=penilaian_a.periode, penilaian=penilaian_a, user=operator_a
        )

    assert (baru1, baru2) == (True, True)
    assert first.pk != second.pk


@contextmanager
def _lambat_dan_tanpa_pekerja(queued: list[int]):
    """The clicks' check and insert stretched apart (each waits 0.3 s before it inserts), so
    without the lock every click would find no job and insert its own; and no worker runs the
    jobs (each stays queued, as while a worker is busy)."""
    original = permintaan.laporan_request

    def lambat(**kwargs):
        time.sleep(0.3)
        return original(**kwargs)

    with (
        mock.patch.object(permintaan, "laporan_request", side_effect=lambat),
        mock.patch.object(permintaan, "laporan_serahkan", side_effect=queued.extend),
    ):
        yield


@pytest.mark.django_db(transaction=True)
def test_two_clicks_at_once_queue_one_archive(penilaian_a, bukti_a, operator_a):
    queued: list[int] = []
    with _lambat_dan_tanpa_pekerja(queued):
        results = at_once(
            [
                lambda: permintaan.arsip_request(
                    periode=penilaian_a.periode, penilaian=penilaian_a, user=operator_a
                )
            ]
            * 3
        )

    assert not [r for r in results if isinstance(r, BaseException)], results
    jobs = {job.pk for job, _ in results}
    assert len(jobs) == 1
    assert sorted(baru for _, baru in results) == [False, False, True]
    assert queued == list(jobs)
    assert LaporanJob.objects.filter(jenis=JenisLaporan.ARSIP).count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_clicks_at_once_on_buat_paket_queue_one_package(periode_pemdi, admin_user):
    queued: list[int] = []
    with _lambat_dan_tanpa_pekerja(queued):
        results = at_once(
            [lambda: permintaan.paket_request(periode=periode_pemdi, user=admin_user)] * 2
        )

    assert not [r for r in results if isinstance(r, BaseException)], results
    assert results[0].pk == results[1].pk
    assert LaporanJob.objects.filter(jenis=JenisLaporan.PAKET).count() == 1
    assert len(queued) == 1


# --- Queries ----------------------------------------------------------------------------------


def _queries(build) -> int:
    with CaptureQueriesContext(connection) as ctx:
        arsip.arsip_tulis(build(), io.BytesIO())
    return len(ctx.captured_queries)


def test_building_costs_the_same_queries_for_one_file_or_many(
    pen_a, periode_pemdi, operator_a, opd_a, admin_user
):
    p = periode_pemdi
    unggah(pen_a, operator_a, butir(p, 10, 1, 1), PDF_BYTES, "satu.pdf")
    fresh = Penilaian.objects.get(pk=pen_a.pk)
    one = _queries(lambda: arsip.rencana_penilaian(fresh))

    for n, (indikator, level, nomor) in enumerate([(10, 1, 2), (10, 1, 3), (1, 1, 1), (2, 1, 1)]):
        b = butir(p, indikator, level, nomor)
        unggah(pen_a, operator_a, b, PDF_BYTES + f"%{n}".encode(), f"berkas {n}.pdf")
        unggah(pen_a, operator_a, b, PNG_BYTES + bytes([n]), f"foto {n}.png")
    many = _queries(lambda: arsip.rencana_penilaian(fresh))

    # One query: the live links with their version, document, answer's indicator, OPD, item
    # and linking user, joined (the penilaian itself is loaded outside the count).
    assert one == many == 1


def test_building_the_instansi_archive_costs_one_query_whatever_the_files(
    periode_pemdi, opd_a, operator_a, admin_user
):
    p = periode_pemdi
    pen = p.instansi
    for nomor in (1, 10):
        instansi_services.pengampu_atur(
            periode=p,
            indikator=butir(p, nomor, 1, 1).indikator,
            butir=None,
            opd_ids={opd_a.pk},
            user=admin_user,
        )

    def tambah(n, b):
        instansi_services.berkas_unggah(
            penilaian=pen,
            butir=b,
            opd_id=opd_a.pk,
            user=operator_a,
            data=PDF_BYTES + f"%{n}".encode(),
            nama=f"b{n}.pdf",
        )

    tambah(0, butir(p, 10, 1, 1))
    fresh = PenilaianInstansi.objects.get(pk=pen.pk)
    one = _queries(lambda: arsip.rencana_instansi(fresh))
    for n, b in enumerate([butir(p, 10, 1, 2), butir(p, 1, 1, 1), butir(p, 1, 1, 2)], start=1):
        tambah(n, b)
        tambah(n + 10, b)
    many = _queries(lambda: arsip.rencana_instansi(fresh))

    assert one == many == 1
