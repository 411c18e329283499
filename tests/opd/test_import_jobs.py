"""Large spreadsheet imports: background jobs with progress, their pages and clean-up, and
the import's speed."""

import os
import time
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from opd import import_kinds, permintaan, services
from opd.models import ImporJob, Pengguna, Peran, StatusImpor, TahapImpor
from opd.services import import_file_read, import_file_store, import_uploads_cleanup
from opd.tasks import proses_impor
from tests.factories import PenggunaFactory
from tests.helpers import csv_bytes, dataset_from_rows, real_celery_worker
from tpp.models import Pegawai
from tpp.services import pegawai_import

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]

PEGAWAI_HEADER = ["nip", "nama", "jabatan", "opd", "tpp_dasar"]


def pegawai_rows(n: int, opd_kode: str) -> list[list[str]]:
    """A header and `n` employees with unique 18-digit NIPs."""
    return [PEGAWAI_HEADER] + [
        [f"19800101{i:010d}", f"Pegawai {i}", "Analis", opd_kode, "4.500.000"] for i in range(n)
    ]


def _upload(rows: list[list[str]], name: str = "pegawai.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, csv_bytes(rows), content_type="text/csv")


def _detail(job: ImporJob) -> str:
    return reverse("opd:imporjob_detail", kwargs={"pk": job.pk})


def _job(user, **fields) -> ImporJob:
    values = {
        "jenis": "pegawai",
        "tahap": TahapImpor.PRATINJAU,
        "nama_berkas": "pegawai.csv",
        "token": "0" * 32,
        "pengunggah": user,
        "total": 400,
        **fields,
    }
    return ImporJob.objects.create(**values)


# --- The whole flow -------------------------------------------------------------------------


def test_a_10000_row_employee_file_is_previewed_and_imported_in_the_background(
    client, admin_user, opd_a, monkeypatch, django_capture_on_commit_callbacks
):
    client.force_login(admin_user)
    queued: list[int] = []
    monkeypatch.setattr(proses_impor, "delay", queued.append)  # a broker with no worker yet

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("tpp:pegawai_impor"), {"berkas": _upload(pegawai_rows(10_000, opd_a.kode))}
        )

    # The request stored the file and queued the preview; it ran nothing and saved nothing.
    job = ImporJob.objects.get()
    assert (response.status_code, response.url) == (302, _detail(job))
    assert (job.jenis, job.tahap, job.status, job.total) == (
        "pegawai",
        "pratinjau",
        "antri",
        10_000,
    )
    assert queued == [job.pk]
    assert Pegawai.objects.count() == 0

    proses_impor(job.pk)  # what the worker does with the queued id

    job.refresh_from_db()
    assert (job.status, job.diproses) == (StatusImpor.SELESAI, 10_000)
    preview = client.get(_detail(job)).content.decode()
    assert "10.000 baru" in preview and "0 galat" in preview
    assert 'id="konfirmasi-impor"' in preview
    assert "Tabel menampilkan 200 dari 10.000 baris" in preview
    assert 'hx-trigger="every 2s"' not in preview  # finished: no more polling
    assert Pegawai.objects.count() == 0

    with django_capture_on_commit_callbacks(execute=True):
        confirm = client.post(reverse("opd:imporjob_konfirmasi", kwargs={"pk": job.pk}))

    impor = ImporJob.objects.get(tahap=TahapImpor.IMPOR)
    assert (confirm.status_code, confirm.url) == (302, _detail(impor))
    assert (impor.pratinjau, impor.token, impor.status) == (job, job.token, StatusImpor.ANTRI)
    assert queued == [job.pk, impor.pk]
    assert Pegawai.objects.count() == 0

    proses_impor(impor.pk)

    assert Pegawai.objects.count() == 10_000
    assert Pegawai.objects.get(nip="198001010000009999").tpp_dasar == 4_500_000
    done = client.get(_detail(impor)).content.decode()
    assert "Impor pegawai selesai: 10000 dibuat, 0 diperbarui, 0 tidak berubah." in done
    assert f'href="{reverse("tpp:beranda")}"' in done
    # The upload held NIPs: gone once imported. The preview cannot be confirmed twice.
    assert import_file_read(token=job.token) is None
    again = client.post(reverse("opd:imporjob_konfirmasi", kwargs={"pk": job.pk}), follow=True)
    assert "sudah dikonfirmasi" in again.content.decode()
    assert ImporJob.objects.count() == 2


def test_files_up_to_the_limit_are_previewed_in_the_request_itself(
    client, admin_user, opd_a, settings
):
    settings.IMPORT_SYNC_MAX_ROWS = 5
    client.force_login(admin_user)

    small = client.post(reverse("tpp:pegawai_impor"), {"berkas": _upload(pegawai_rows(5, "x"))})
    large = client.post(reverse("tpp:pegawai_impor"), {"berkas": _upload(pegawai_rows(6, "x"))})

    assert small.status_code == 200 and small.context["hasil"].jumlah_galat == 5
    assert large.status_code == 302
    assert list(ImporJob.objects.values_list("total", flat=True)) == [6]


def test_a_large_file_without_a_required_column_is_refused_at_once(
    client, admin_user, opd_a, settings
):
    settings.IMPORT_SYNC_MAX_ROWS = 5
    client.force_login(admin_user)
    rows = [row[:4] for row in pegawai_rows(10, opd_a.kode)]  # no tpp_dasar

    response = client.post(reverse("tpp:pegawai_impor"), {"berkas": _upload(rows)})

    assert response.status_code == 200
    assert "Kolom wajib tidak ada: tpp_dasar" in response.content.decode()
    assert not ImporJob.objects.exists()
    assert not list((settings.PRIVATE_ROOT / "impor").glob("*"))


def test_a_bad_row_in_a_large_file_is_shown_and_no_confirmation_is_offered(
    client, admin_user, opd_a, settings, django_capture_on_commit_callbacks
):
    settings.IMPORT_SYNC_MAX_ROWS = 50
    client.force_login(admin_user)
    rows = pegawai_rows(120, opd_a.kode)
    rows[70][0] = "1234"  # spreadsheet line 71

    with django_capture_on_commit_callbacks(execute=True):  # tasks run in-process here
        client.post(reverse("tpp:pegawai_impor"), {"berkas": _upload(rows)})
    job = ImporJob.objects.get()
    page = client.get(_detail(job)).content.decode()

    assert job.status == StatusImpor.SELESAI
    assert "Berkas ini tidak diimpor." in page
    assert "Baris 71: NIP &#x27;1234&#x27; harus 18 digit angka." in page
    assert 'id="konfirmasi-impor"' not in page
    assert import_file_read(token=job.token) is None  # never importable: not kept

    refused = client.post(reverse("opd:imporjob_konfirmasi", kwargs={"pk": job.pk}), follow=True)

    assert "masih memiliki galat" in refused.content.decode()
    assert ImporJob.objects.count() == 1
    assert Pegawai.objects.count() == 0


def test_a_background_user_import_mails_links_to_this_site(
    client, admin_user, opd_a, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.IMPORT_SYNC_MAX_ROWS = 1
    client.force_login(admin_user)
    rows = [
        ["username", "nama", "email", "peran", "opd"],
        ["ani", "Ani", "ani@contoh.go.id", "Operator OPD", opd_a.kode],
        ["budi", "Budi", "budi@contoh.go.id", "Evaluator", ""],
    ]

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("pengguna:impor"), {"berkas": _upload(rows, "pengguna.csv")})
    job = ImporJob.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("opd:imporjob_konfirmasi", kwargs={"pk": job.pk}))

    assert Pengguna.objects.get(username="ani").peran == Peran.OPERATOR
    assert sorted(m.to[0] for m in mailoutbox) == ["ani@contoh.go.id", "budi@contoh.go.id"]
    # The task had no request: the links point where the upload came from (kept on the job).
    assert all("http://testserver/akun/atur-kata-sandi/" in m.body for m in mailoutbox)


@pytest.mark.django_db(transaction=True)
def test_a_real_celery_worker_finds_the_import_kind_and_runs_both_jobs(
    client, admin_user, opd_a, settings
):
    """Through Redis to a worker process (no eager mode), which only knows the job's id: the
    kind is found by its key there. The page answers while the worker writes (on SQLite it
    reads the write-ahead log instead of waiting for the import's lock)."""
    client.force_login(admin_user)
    polls: list[int] = []

    def wait_for(job: ImporJob) -> None:
        deadline = time.monotonic() + 120
        while job.berjalan and time.monotonic() < deadline:
            polls.append(client.get(_detail(job), HTTP_HX_REQUEST="true").status_code)
            time.sleep(0.5)
            job.refresh_from_db()

    with real_celery_worker(settings) as output:
        client.post(
            reverse("tpp:pegawai_impor"), {"berkas": _upload(pegawai_rows(1_000, opd_a.kode))}
        )
        preview = ImporJob.objects.get()
        wait_for(preview)
        client.post(reverse("opd:imporjob_konfirmasi", kwargs={"pk": preview.pk}))
        impor = ImporJob.objects.get(tahap=TahapImpor.IMPOR)
        wait_for(impor)

    assert preview.status == StatusImpor.SELESAI, f"{preview.alasan}\n{output}"
    assert impor.status == StatusImpor.SELESAI, f"{impor.alasan}\n{output}"
    assert Pegawai.objects.count() == 1_000
    assert set(polls) <= {200}


# --- Progress -------------------------------------------------------------------------------


def test_an_import_reports_its_progress_every_few_hundred_rows(opd_a):
    done: list[int] = []

    pegawai_import(
        dataset=dataset_from_rows(pegawai_rows(600, opd_a.kode)), dry_run=True, progress=done.append
    )

    assert done == [250, 500, 600]


def test_the_job_page_shows_the_progress_and_keeps_polling_while_it_runs(client, admin_user):
    job = _job(admin_user, status=StatusImpor.DIPROSES, mulai=timezone.now(), total=10_000)
    client.force_login(admin_user)

    services.imporjob_progress_report(job_id=job.pk, diproses=2_500)
    panel = client.get(_detail(job), HTTP_HX_REQUEST="true")

    html = panel.content.decode()
    assert [t.name for t in panel.templates] == ["opd/_imporjob_status.html"]
    assert "2.500 dari 10.000 baris diproses." in html
    assert 'style="width: 25%"' in html
    assert 'hx-trigger="every 2s"' in html


# --- Access ---------------------------------------------------------------------------------


def test_another_admins_job_is_404_and_non_admins_get_403(client, admin_user, operator_a):
    job = _job(admin_user)
    urls = [
        ("get", _detail(job)),
        ("post", reverse("opd:imporjob_konfirmasi", kwargs={"pk": job.pk})),
        ("post", reverse("opd:imporjob_ulang", kwargs={"pk": job.pk})),
    ]

    client.force_login(PenggunaFactory(username="admin.lain", peran=Peran.ADMIN))
    as_other_admin = [getattr(client, method)(url).status_code for method, url in urls]
    client.force_login(operator_a)
    as_operator = [getattr(client, method)(url) for method, url in urls]

    assert as_other_admin == [404, 404, 404]
    assert [r.status_code for r in as_operator] == [403, 403, 403]
    assert "Peran Anda tidak berwenang" in as_operator[0].content.decode()
    assert list(ImporJob.objects.values_list("status", flat=True)) == [StatusImpor.ANTRI]


# --- Broker down, stuck jobs ----------------------------------------------------------------


@contextmanager
def _broker_down():
    """Tasks go to a broker on a port nothing listens on (no eager mode), as when Redis is down."""
    from spbe_portal.celery import app

    previous = (app.conf.task_always_eager, app.conf.broker_url, app._pool, app.amqp._producer_pool)
    app.conf.task_always_eager, app.conf.broker_url = False, "redis://127.0.0.1:1/0"
    app._pool = app.amqp._producer_pool = None  # no connection made to the real broker earlier
    try:
        yield
    finally:
        app.conf.task_always_eager, app.conf.broker_url = previous[:2]
        app._pool, app.amqp._producer_pool = previous[2:]


def test_a_broker_that_is_down_leaves_the_job_queued_with_a_message_and_no_500(
    client, admin_user, opd_a, settings, django_capture_on_commit_callbacks
):
    settings.IMPORT_SYNC_MAX_ROWS = 5
    client.force_login(admin_user)

    with _broker_down(), django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("tpp:pegawai_impor"), {"berkas": _upload(pegawai_rows(10, opd_a.kode))}
        )
    job = ImporJob.objects.get()
    page = client.get(_detail(job)).content.decode()

    assert (response.status_code, response.url) == (302, _detail(job))
    assert job.status == StatusImpor.ANTRI
    assert "Antrean tugas latar belakang sedang tidak dapat dihubungi" in page
    assert 'id="ulang-impor"' in page
    assert Pegawai.objects.count() == 0

    # The broker is back (here: tasks run in-process again): the same job is sent again.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("opd:imporjob_ulang", kwargs={"pk": job.pk}))

    job.refresh_from_db()
    assert (job.status, job.alasan) == (StatusImpor.SELESAI, "")
    assert job.hasil["jumlah"]["baru"] == 10


def test_a_job_whose_worker_died_is_marked_failed_and_can_be_sent_again(
    client, admin_user, opd_a, settings, django_capture_on_commit_callbacks
):
    token = import_file_store(data=csv_bytes(pegawai_rows(3, opd_a.kode)))
    long_ago = timezone.now() - timedelta(seconds=settings.IMPORT_TIMEOUT_SECONDS + 5)
    lost = _job(admin_user, token=token, total=3, status=StatusImpor.DIPROSES, mulai=long_ago)
    running = _job(admin_user, status=StatusImpor.DIPROSES, mulai=timezone.now())
    never_picked_up = _job(admin_user, diantrikan=long_ago)
    client.force_login(admin_user)

    page = client.get(_detail(lost)).content.decode()

    assert "Waktu habis" in page and 'id="ulang-impor"' in page
    statuses = {j.pk: j.status for j in ImporJob.objects.all()}
    assert statuses == {
        lost.pk: StatusImpor.GAGAL,
        running.pk: StatusImpor.DIPROSES,
        never_picked_up.pk: StatusImpor.GAGAL,
    }

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("opd:imporjob_ulang", kwargs={"pk": lost.pk}))

    lost.refresh_from_db()
    assert (lost.status, lost.hasil["jumlah"]["baru"]) == (StatusImpor.SELESAI, 3)


def test_a_finished_job_is_not_sent_again(client, admin_user):
    job = _job(admin_user, status=StatusImpor.SELESAI)
    client.force_login(admin_user)

    response = client.post(reverse("opd:imporjob_ulang", kwargs={"pk": job.pk}), follow=True)

    assert "Hanya impor yang gagal atau tertahan" in response.content.decode()
    job.refresh_from_db()
    assert job.status == StatusImpor.SELESAI


# --- Clean-up -------------------------------------------------------------------------------


def test_uploads_cleanup_removes_old_unconfirmed_uploads_and_their_unfinished_jobs(
    admin_user, settings
):
    now = timezone.now()
    three_days_ago = now - timedelta(days=3)

    def stored(*, old: bool) -> str:
        token = import_file_store(data=b"nip,nama\n198001012005011001,Budi\n")
        if old:
            stamp = three_days_ago.timestamp()
            os.utime(settings.PRIVATE_ROOT / "impor" / token, (stamp, stamp))
        return token

    never_confirmed, previewed_in_a_request, in_use = (stored(old=True) for _ in range(3))
    recent = stored(old=False)
    unconfirmed = _job(admin_user, token=never_confirmed, status=StatusImpor.SELESAI)
    failed = _job(admin_user, token=never_confirmed, status=StatusImpor.GAGAL)
    confirmed = _job(admin_user, token=in_use, status=StatusImpor.SELESAI)
    running = _job(
        admin_user, token=in_use, tahap=TahapImpor.IMPOR, pratinjau=confirmed,
        status=StatusImpor.DIPROSES, mulai=now,
    )  # fmt: skip
    finished = _job(admin_user, token="f" * 32, tahap=TahapImpor.IMPOR, status="selesai")
    young = _job(admin_user, token=recent, status=StatusImpor.SELESAI)
    ImporJob.objects.exclude(pk=young.pk).update(dibuat=three_days_ago)

    removed = import_uploads_cleanup(older_than=timedelta(days=1))

    assert removed == 2
    assert import_file_read(token=never_confirmed) is None
    assert import_file_read(token=previewed_in_a_request) is None
    assert import_file_read(token=in_use) is not None
    assert import_file_read(token=recent) is not None
    kept = set(ImporJob.objects.values_list("pk", flat=True))
    assert kept == {confirmed.pk, running.pk, finished.pk, young.pk}
    assert not {unconfirmed.pk, failed.pk} & kept


# --- Registry and speed ---------------------------------------------------------------------


def test_every_import_kind_is_found_by_its_key():
    assert import_kinds.keys() == ["aplikasi", "opd", "pegawai", "pengguna"]
    assert import_kinds.get("pegawai").daftar_url == "tpp:beranda"
    with pytest.raises(LookupError):
        import_kinds.get("tidak-ada")


def test_employee_import_costs_a_bounded_number_of_queries_per_row(opd_a):
    dataset = dataset_from_rows(pegawai_rows(200, opd_a.kode))

    with CaptureQueriesContext(connection) as created:
        hasil = pegawai_import(dataset=dataset, dry_run=False)
    with CaptureQueriesContext(connection) as unchanged:
        again = pegawai_import(dataset=dataset, dry_run=False)

    assert (hasil.dibuat, again.tidak_berubah) == (200, 200)
    assert Pegawai.objects.count() == 200
    # Per row: savepoint, insert, release. Matched records and the OPD are read once for the
    # whole file, and full_clean does not ask again what the import already knows.
    assert len(created) <= 3 * 200 + 20, len(created)
    assert len(unchanged) <= 2 * 200 + 20, len(unchanged)


@pytest.mark.django_db(transaction=True)
def test_two_clicks_at_once_on_confirm_start_one_import(admin_user, opd_a):
    from tests.helpers import at_once

    preview = permintaan.imporjob_create(
        jenis="pegawai",
        data=csv_bytes(pegawai_rows(400, opd_a.kode)),
        nama_berkas="pegawai.csv",
        total=400,
        user=admin_user,
    )  # in-process: the preview has run once this returns
    preview.refresh_from_db()
    assert preview.status == StatusImpor.SELESAI

    results = at_once([lambda: permintaan.imporjob_confirm(job=preview)] * 2)

    assert sum(isinstance(r, services.ImporDitolak) for r in results) == 1, results
    assert ImporJob.objects.filter(tahap=TahapImpor.IMPOR).count() == 1
    assert Pegawai.objects.count() == 400
