"""A dependency that is down never turns success into a 500: the action succeeds, the e-mail
or job waits in the database and goes out once the broker or mail server is back."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from evaluasi.models import LaporanJob, StatusLaporan, StatusPenilaian
from notifikasi.models import StatusSurel, Surel
from notifikasi.pengiriman import MAX_PERCOBAAN, surel_kirim
from opd.models import Pengguna
from tests.evaluasi.test_verifikasi import _fill_and_submit

pytestmark = pytest.mark.django_db


def _due_now():
    Surel.objects.update(coba_lagi_pada=timezone.now() - timedelta(seconds=1))


def test_creating_a_user_with_smtp_down_succeeds_and_the_mail_follows(
    client, admin_user, smtp_mati, mailoutbox, settings, django_capture_on_commit_callbacks
):
    client.force_login(admin_user)
    data = {"username": "ani", "nama": "Ani", "email": "ani@contoh.go.id", "peran": "pimpinan"}

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("pengguna:tambah"), {**data, "is_active": "on"}, follow=True)

    assert response.status_code == 200
    assert "akan dikirim" in response.content.decode()
    assert Pengguna.objects.filter(username="ani").exists()
    surel = Surel.objects.get(kepada="ani@contoh.go.id")
    assert (surel.status, surel.percobaan) == (StatusSurel.ANTRI, 1)
    assert "Connection refused" in surel.galat or "Errno" in surel.galat
    assert surel.coba_lagi_pada > timezone.now()

    # The mail server is back: the sweep sends it with the link.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    _due_now()
    call_command("kirim_surel")
    surel.refresh_from_db()
    assert surel.status == StatusSurel.TERKIRIM
    assert [m.to for m in mailoutbox] == [["ani@contoh.go.id"]]
    assert "/akun/atur-kata-sandi/" in mailoutbox[0].body


def test_ajukan_with_the_broker_down_succeeds_and_the_mail_follows(
    client,
    broker_mati,
    penilaian_a,
    operator_a,
    evaluator,
    admin_user,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    from evaluasi.penilaian import services as penilaian_services
    from evaluasi.verifikasi import services as verifikasi_services

    verifikasi_services.penugasan_add(
        periode=penilaian_a.periode, evaluator=evaluator, opds=[penilaian_a.opd], user=admin_user
    )
    for ind in penilaian_a.periode.instrumen.indikator.all():
        penilaian_services.jawaban_save(
            penilaian=penilaian_a,
            indikator=ind,
            user=operator_a,
            level=2,
            penjelasan="Ada.",
            tautan=[],
            versi=0,
        )
    client.force_login(operator_a)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("evaluasi:penilaian_ajukan", kwargs={"pk": penilaian_a.pk}),
            {"konfirmasi": "ya"},
            follow=True,
        )

    assert response.status_code == 200
    penilaian_a.refresh_from_db()
    assert penilaian_a.status == StatusPenilaian.DIAJUKAN
    assert mailoutbox == []
    assert list(Surel.objects.values_list("kepada", "status")) == [
        (evaluator.email, StatusSurel.ANTRI)
    ]


def test_the_queued_mail_goes_out_when_the_broker_is_back(
    penilaian_a, operator_a, admin_user, mailoutbox, django_capture_on_commit_callbacks, broker_mati
):
    # Queued while the broker was down (fixture); then the beat sweep runs with a broker.
    _fill_and_submit(penilaian_a, operator_a, {})
    assert Surel.objects.filter(status=StatusSurel.ANTRI).exists()
    from spbe_portal.celery import app

    app.conf.task_always_eager = True
    call_command("kirim_surel")

    assert list(Surel.objects.values_list("status", flat=True)) == [StatusSurel.TERKIRIM]
    assert [m.to for m in mailoutbox] == [[admin_user.email]]  # nobody assigned: the admins


def test_a_report_request_with_the_broker_down_is_kept_and_dispatched_later(
    client, admin_user, periode, broker_mati, django_capture_on_commit_callbacks
):
    from evaluasi.tasks import laporan_kirim_ulang
    from spbe_portal.celery import app

    client.force_login(admin_user)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("evaluasi:laporan_minta_periode", kwargs={"pk": periode.pk}),
            {"jenis": "rekap"},
        )

    assert response.status_code == 302
    job = LaporanJob.objects.get()
    assert job.status == StatusLaporan.ANTRI

    app.conf.task_always_eager = True  # the broker is back
    LaporanJob.objects.update(dibuat=timezone.now() - timedelta(minutes=2))
    assert laporan_kirim_ulang() == 1
    job.refresh_from_db()
    assert job.status == StatusLaporan.SELESAI


def test_password_reset_does_not_talk_to_smtp_in_the_request(
    client, operator_a, broker_mati, smtp_mati, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        known = client.post(reverse("akun:reset"), {"email": operator_a.email})
        unknown = client.post(reverse("akun:reset"), {"email": "tidak.ada@contoh.go.id"})

    assert known.status_code == unknown.status_code == 302
    surel = Surel.objects.get()
    # Nothing was attempted in the request: the worker sends it (the broker is down here).
    assert (surel.kepada, surel.percobaan) == (operator_a.email, 0)


def test_a_mail_is_given_up_after_the_last_attempt(smtp_mati):
    surel = Surel.objects.create(
        kepada="x@contoh.go.id",
        subjek="Uji",
        isi="Isi",
        coba_lagi_pada=timezone.now(),
        percobaan=MAX_PERCOBAAN - 1,
    )

    assert surel_kirim(surel_id=surel.pk) is False

    surel.refresh_from_db()
    assert (surel.status, surel.percobaan) == (StatusSurel.GAGAL, MAX_PERCOBAAN)
