"""Report jobs, PDF content, the Excel recap, CLI commands, and a real Celery worker."""

import io
import time
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from evaluasi.laporan import pekerjaan, permintaan
from evaluasi.models import (
    JenisLaporan,
    LaporanJob,
    Penilaian,
    Periode,
    StatusLaporan,
    StatusPeriode,
)
from spbe_portal.xlsx import XLSX_CONTENT_TYPE
from tests.evaluasi.test_scoring import PASER
from tests.helpers import real_celery_worker

ROOT = Path(__file__).resolve().parents[2]


def _text(pdf: bytes) -> str:
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    return " ".join(text.split())


def _publish(periode):
    Periode.objects.filter(pk=periode.pk).update(status=StatusPeriode.DIPUBLIKASI)


@pytest.mark.django_db
def test_opd_report_job_renders_a_pdf_with_every_indicator(
    client, admin_user, final_a, settings, django_capture_on_commit_callbacks
):
    client.force_login(admin_user)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("evaluasi:laporan_minta_opd", kwargs={"pk": final_a.pk}))

    job = LaporanJob.objects.get()
    assert response.url == reverse("evaluasi:laporan_detail", kwargs={"pk": job.pk})
    assert (job.status, job.peminta, job.percobaan) == (StatusLaporan.SELESAI, admin_user, 1)
    assert (Path(settings.PRIVATE_ROOT) / job.path).exists()
    pdf = b"".join(
        client.get(reverse("evaluasi:laporan_unduh", kwargs={"pk": job.pk})).streaming_content
    )
    text = _text(pdf)
    assert final_a.opd.nama in text and "Cukup" in text
    assert "Indeks Mandiri 2,00" in text and "Indeks Final 2,13" in text
    compact = "".join(text.split())  # table cells wrap long names, e.g. after "Negara/"
    for ind in final_a.periode.instrumen.indikator.all():
        assert "".join(ind.nama.split()) in compact, ind.nama
    assert "Evaluator," in text  # signature block of the berita acara


@pytest.mark.django_db
def test_status_panel_polls_while_running_and_offers_the_download_when_done(
    client, admin_user, final_a
):
    job = LaporanJob.objects.create(
        jenis="opd", periode=final_a.periode, penilaian=final_a, peminta=admin_user
    )
    client.force_login(admin_user)
    url = reverse("evaluasi:laporan_detail", kwargs={"pk": job.pk})

    running = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    pekerjaan.laporan_run(job_id=job.pk)
    done = client.get(url, HTTP_HX_REQUEST="true").content.decode()

    assert 'hx-trigger="every 2s"' in running and "Antri" in running and "<html" not in running
    assert "hx-trigger" not in done and 'id="unduh-laporan"' in done


@pytest.mark.django_db
def test_failure_is_recorded_and_can_be_retried(
    client, admin_user, final_a, monkeypatch, django_capture_on_commit_callbacks
):
    from evaluasi.laporan import cetak

    def boom(penilaian):
        raise RuntimeError("font tidak ditemukan")

    monkeypatch.setattr(cetak, "laporan_opd_pdf", boom)
    job = permintaan.laporan_request(
        jenis="opd", periode=final_a.periode, penilaian=final_a, user=admin_user
    )
    pekerjaan.laporan_run(job_id=job.pk)
    job.refresh_from_db()
    assert (job.status, job.alasan) == (StatusLaporan.GAGAL, "RuntimeError: font tidak ditemukan")

    monkeypatch.undo()
    client.force_login(admin_user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("evaluasi:laporan_ulang", kwargs={"pk": job.pk}))

    job.refresh_from_db()
    assert (job.status, job.percobaan) == (StatusLaporan.SELESAI, 2)


@pytest.mark.django_db
def test_a_job_whose_worker_died_is_not_left_running(
    admin_user, final_a, settings, django_capture_on_commit_callbacks
):
    job = LaporanJob.objects.create(
        jenis="opd",
        periode=final_a.periode,
        penilaian=final_a,
        peminta=admin_user,
        status=StatusLaporan.DIPROSES,
        mulai=timezone.now() - timezone.timedelta(seconds=settings.LAPORAN_TIMEOUT_SECONDS + 5),
    )
    fresh = LaporanJob.objects.create(
        jenis="opd",
        periode=final_a.periode,
        penilaian=final_a,
        peminta=admin_user,
        status=StatusLaporan.DIPROSES,
        mulai=timezone.now(),
    )

    assert pekerjaan.laporan_expire_stale() == 1

    job.refresh_from_db()
    fresh.refresh_from_db()
    assert job.status == StatusLaporan.GAGAL and "Waktu habis" in job.alasan
    assert fresh.status == StatusLaporan.DIPROSES
    with django_capture_on_commit_callbacks(execute=True):
        permintaan.laporan_retry(job=job)
    job.refresh_from_db()
    assert job.status == StatusLaporan.SELESAI  # in-process here: retried and rendered


@pytest.mark.django_db
def test_batch_of_all_opd_reports_with_progress_and_zip(
    client, admin_user, final_a, penilaian_b, settings, django_capture_on_commit_callbacks
):
    client.force_login(admin_user)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("evaluasi:laporan_minta_periode", kwargs={"pk": final_a.periode_id}),
            {"jenis": "semua"},
        )

    batch = LaporanJob.objects.get(jenis="semua")
    assert batch.anak.count() == 2 and batch.status == StatusLaporan.SELESAI
    page = client.get(reverse("evaluasi:laporan_detail", kwargs={"pk": batch.pk}))
    assert page.context["persen"] == 100 and page.context["selesai_anak"] == 2
    with zipfile.ZipFile(Path(settings.PRIVATE_ROOT) / batch.path) as archive:
        assert sorted(archive.namelist()) == sorted(c.nama_berkas for c in batch.anak.all())


@pytest.mark.django_db
def test_a_batch_of_opd_reports_without_any_final_result_is_refused_and_writes_nothing(
    client, admin_user, penilaian_a, penilaian_b, django_capture_on_commit_callbacks
):
    client.force_login(admin_user)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("evaluasi:laporan_minta_periode", kwargs={"pk": penilaian_a.periode_id}),
            {"jenis": "semua"},
            follow=True,
        )

    assert "Belum ada penilaian yang final pada periode ini" in response.content.decode()
    assert not LaporanJob.objects.exists()


@pytest.mark.django_db
def test_recap_pdf_ranks_the_opds(
    admin_user, final_a, penilaian_b, settings, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        job = permintaan.laporan_request(jenis="rekap", periode=final_a.periode, user=admin_user)
    job.refresh_from_db()

    text = _text((Path(settings.PRIVATE_ROOT) / job.path).read_bytes())
    assert f"1 {final_a.opd.nama}" in text and "2,13" in text and "Cukup" in text
    assert penilaian_b.opd.nama in text and "belum final" in text


def rekap_xlsx_job(client, periode, capture) -> tuple[LaporanJob, bytes]:
    """Queue the recap workbook through its URL (run in-process on commit here) and read the
    stored file back through the download."""
    with capture(execute=True):
        response = client.post(reverse("evaluasi:rekap_xlsx", kwargs={"pk": periode.pk}))
    job = LaporanJob.objects.filter(jenis=JenisLaporan.REKAP_XLSX).latest("pk")
    assert response.url == reverse("evaluasi:laporan_detail", kwargs={"pk": job.pk})
    assert job.status == StatusLaporan.SELESAI, job.alasan
    download = client.get(reverse("evaluasi:laporan_unduh", kwargs={"pk": job.pk}))
    assert download["Content-Type"] == XLSX_CONTENT_TYPE
    assert job.nama_berkas == f"rekap-spbe-{periode.tahun}.xlsx"
    return job, b"".join(download.streaming_content)


@pytest.mark.django_db
def test_xlsx_recap_matches_the_dashboard(
    client, admin_user, final_a, penilaian_b, django_capture_on_commit_callbacks
):
    client.force_login(admin_user)
    dashboard = client.get(reverse("evaluasi:dashboard"))

    _, content = rekap_xlsx_job(client, final_a.periode, django_capture_on_commit_callbacks)

    wb = load_workbook(io.BytesIO(content))
    ws = wb[f"Rekap {final_a.periode.tahun}"]
    header_row = next(r for r in range(1, 6) if ws.cell(row=r, column=1).value == "Peringkat")
    rows = {
        ws.cell(row=r, column=3).value: [ws.cell(row=r, column=c).value for c in range(1, 10)]
        for r in range(header_row + 1, ws.max_row + 1)
    }
    for r in dashboard.context["rows"]:
        values = rows[r["opd"].nama]
        assert values[5] == (float(r["indeks_final"]) if r["indeks_final"] is not None else None)
        assert values[6] == (r["predikat"] or None)
        assert values[7] == (float(r["tpp"]) if r["tpp"] is not None else None)
        assert Decimal(str(values[4] or 0)) == (r["penilaian"].indeks_mandiri or 0)
    assert rows[final_a.opd.nama][0] == 1
    assert ws.freeze_panes == f"A{header_row + 1}"
    assert ws.auto_filter.ref.startswith(f"A{header_row}:I")
    assert ws.cell(row=header_row + 1, column=6).number_format == "0.00"
    assert ws.cell(row=header_row + 1, column=7).fill.fgColor.rgb.endswith("FD7E14")  # Cukup
    detail = wb["Nilai indikator"]
    assert detail.max_row == 1 + 2 * 47
    levels = [detail.cell(row=r, column=6).value for r in range(2, 49)]
    assert levels == PASER  # opd_a ranks first; its final levels in indicator order


@pytest.mark.django_db
def test_reports_are_permission_checked(
    client,
    operator_a,
    operator_b,
    pimpinan,
    final_a,
    admin_user,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        job = permintaan.laporan_request(
            jenis="opd", periode=final_a.periode, penilaian=final_a, user=admin_user
        )
    url = reverse("evaluasi:laporan_unduh", kwargs={"pk": job.pk})

    client.force_login(operator_b)
    assert client.get(url).status_code == 404  # another OPD's report
    client.force_login(operator_a)
    assert client.get(url).status_code == 403  # own OPD, not yet published
    client.force_login(pimpinan)
    assert client.get(url).status_code == 403
    assert (
        client.post(reverse("evaluasi:laporan_minta_opd", kwargs={"pk": final_a.pk})).status_code
        == 403
    )

    _publish(final_a.periode)
    for user in (operator_a, pimpinan):
        client.force_login(user)
        assert client.get(url).status_code == 200


@pytest.mark.django_db
def test_pimpinan_cannot_change_anything(client, pimpinan, final_a, penilaian_b, bukti_b):
    """Every POST endpoint of the portal answers 403 to pimpinan (or 404 where out of scope),
    except asking for a report of a published period: pimpinan may request their own PDF."""
    from django.urls import URLPattern, URLResolver, get_resolver

    _publish(final_a.periode)
    client.force_login(pimpinan)
    job = LaporanJob.objects.create(jenis="rekap", periode=final_a.periode, peminta=pimpinan)
    kwargs = {
        "pk": final_a.pk,
        "nomor": 1,
        "opd_pk": final_a.opd_id,
        "opd": final_a.opd_id,  # the network standard's OPD page (jaringan:standar_*)
        "tahun": 2099,
    }
    special = {
        "evaluasi:bukti_hapus": {"pk": bukti_b.pk},
        "evaluasi:bukti_pulihkan": {"pk": bukti_b.pk},
        "evaluasi:bukti_validasi": {"pk": bukti_b.pk},
        "evaluasi:laporan_ulang": {"pk": job.pk},
        "evaluasi:periode_lanjut": {"pk": final_a.periode_id},
        "evaluasi:periode_mundur": {"pk": final_a.periode_id},
        "evaluasi:pengingat": {"pk": final_a.periode_id},
        "evaluasi:periode_ubah": {"pk": final_a.periode_id},
        "evaluasi:penugasan": {"pk": final_a.periode_id},
        "evaluasi:laporan_minta_periode": {"pk": final_a.periode_id},
        "evaluasi:rekap_xlsx": {"pk": final_a.periode_id},
        "evaluasi:reviu_butir": {"pk": final_a.pk, "nomor": 1, "butir": 1},
        "evaluasi:instansi_butir": {"pk": final_a.periode_id, "butir_pk": 1},
        "evaluasi:padanan_ekspor": {"asal": final_a.periode.instrumen_id, "tujuan": 999999},
    }

    def walk(resolver, prefix=""):
        for entry in resolver.url_patterns:
            if isinstance(entry, URLResolver):
                if entry.namespace == "admin":
                    continue
                yield from walk(entry, f"{prefix}{entry.namespace}:" if entry.namespace else prefix)
            elif isinstance(entry, URLPattern) and entry.name:
                yield prefix + entry.name, entry.pattern.converters

    # Pages that take no input from pimpinan's side effects: login/reset forms and read-only GETs.
    harmless = {
        "akun:masuk",
        "akun:keluar",
        "akun:reset",
        "akun:reset_konfirmasi",
        "akun:kata_sandi",
        "healthz",
        "evaluasi:simulasi",
        "evaluasi:simulasi_hitung",
        "evaluasi:periode_pilih",  # the period switcher: only this user's own session
        "akun:surel",  # their own mail preference
    }
    reports = {
        "evaluasi:laporan_minta_opd",
        "evaluasi:laporan_minta_periode",
        "evaluasi:rekap_xlsx",
        "evaluasi:laporan_ulang",  # their own job; not failed, so nothing is queued
    }
    before = {m.__name__: m.objects.count() for m in (Penilaian, LaporanJob)}
    for name, converters in walk(get_resolver()):
        if name in harmless:
            continue
        wanted = special.get(name, {k: v for k, v in kwargs.items() if k in converters})
        url = reverse(name, kwargs=wanted or None)
        status = client.post(url, {"jenis": "rekap", "alasan": "x", "aksi": "salin"}).status_code
        if name in reports:
            assert status == 302, f"{name}: {status}"
            continue
        # 405: a read-only page that has no POST at all.
        assert status in (403, 404, 405), f"{name}: {status}"
    assert Penilaian.objects.count() == before["Penilaian"]
    # Exactly the three reports asked for (the OPD's, the recap PDF and the recap workbook),
    # all pimpinan's own.
    assert LaporanJob.objects.count() == before["LaporanJob"] + 3
    assert set(LaporanJob.objects.values_list("peminta", flat=True)) == {pimpinan.pk}


@pytest.mark.django_db
def test_pimpinan_requests_reports_but_not_the_secretariats_batch_nor_anothers_retry(
    client, pimpinan, admin_user, final_a, django_capture_on_commit_callbacks
):
    _publish(final_a.periode)
    client.force_login(pimpinan)
    periode_url = reverse("evaluasi:laporan_minta_periode", kwargs={"pk": final_a.periode_id})

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("evaluasi:laporan_minta_opd", kwargs={"pk": final_a.pk}))

    job = LaporanJob.objects.get(peminta=pimpinan)
    assert response.url == reverse("evaluasi:laporan_detail", kwargs={"pk": job.pk})
    job.refresh_from_db()
    assert job.status == StatusLaporan.SELESAI and job.penilaian == final_a
    daftar = client.get(reverse("evaluasi:laporan_daftar") + f"?periode={final_a.periode_id}")
    assert job in daftar.context["jobs"] and daftar.context["boleh_rekap"]
    assert not daftar.context["boleh_semua"]
    assert client.post(periode_url, {"jenis": "semua"}).status_code == 403
    others = LaporanJob.objects.create(
        jenis="rekap", periode=final_a.periode, peminta=admin_user, status=StatusLaporan.GAGAL
    )
    retry = reverse("evaluasi:laporan_ulang", kwargs={"pk": others.pk})
    assert client.post(retry).status_code == 403
    others.refresh_from_db()
    assert others.status == StatusLaporan.GAGAL


@pytest.mark.django_db
def test_laporan_opd_and_rekap_xlsx_commands(final_a, tmp_path):
    pdf, xlsx = tmp_path / "l.pdf", tmp_path / "r.xlsx"

    call_command(
        "laporan_opd",
        "--periode",
        str(final_a.periode.tahun),
        "--opd",
        final_a.opd.kode,
        "--out",
        str(pdf),
    )
    call_command("rekap_xlsx", "--periode", str(final_a.periode.tahun), "--out", str(xlsx))

    assert final_a.opd.nama in _text(pdf.read_bytes())
    assert load_workbook(xlsx).sheetnames == [f"Rekap {final_a.periode.tahun}", "Nilai indikator"]
    with pytest.raises(CommandError, match="Tidak ada penilaian OPD X-404") as excinfo:
        call_command("laporan_opd", "--periode", "1999", "--opd", "X-404", "--out", str(pdf))
    assert excinfo.value.returncode == 2


@pytest.mark.django_db(transaction=True)
def test_a_real_celery_worker_renders_a_report_job(final_a, admin_user, settings):
    """Sends the job through Redis to a worker process and waits for it (no eager mode)."""
    with real_celery_worker(settings) as output:
        job = permintaan.laporan_request(
            jenis="opd", periode=final_a.periode, penilaian=final_a, user=admin_user
        )
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            job.refresh_from_db()
            if not job.berjalan:
                break
            time.sleep(0.5)

    assert job.status == StatusLaporan.SELESAI, f"{job.status} {job.alasan}\n{output}"
    assert final_a.opd.nama in _text((Path(settings.PRIVATE_ROOT) / job.path).read_bytes())


@pytest.mark.django_db
def test_the_berita_acara_is_a_numbered_signed_document_shown_with_the_results(
    client, admin_user, operator_a, operator_b, evaluator, final_a
):
    from evaluasi.models import BeritaAcara

    evaluator.nip = "198001012005011001"
    evaluator.save()
    ba = BeritaAcara.objects.get(penilaian=final_a)
    url = reverse("evaluasi:berita_acara", kwargs={"pk": ba.pk})

    client.force_login(evaluator)
    response = client.get(url)
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    ctx = response.context
    assert ctx["ba"].nomor == f"{ba.pk:04d}/BA-SPBE/{timezone.localtime(ba.waktu):%Y}"
    html = "".join(t.source for t in response.templates if t.name == "evaluasi/berita_acara.html")
    assert "NIP {{ ba.oleh.nip" in html  # the signature block names the evaluator's NIP
    assert ctx["ba"].indeks_final == Decimal("2.13") and ctx["kota"] == "Mamuju"

    client.force_login(operator_a)  # not published yet: both indices stay hidden
    assert client.get(url).status_code == 403
    _publish(final_a.periode)
    assert client.get(url).status_code == 200
    client.force_login(operator_b)  # another OPD's document
    assert client.get(url).status_code == 404
