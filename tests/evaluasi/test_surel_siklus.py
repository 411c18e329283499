"""Mail that moves the cycle (issue [3/9] item 6): each step mails the people who act next with
the exact link, in text and HTML; deadline reminders go 14, 7 and 1 days before to those not
done, once each, from the beat schedule; an admin can remind a group; users can opt out."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from evaluasi import states
from evaluasi.models import JenisPengingat, Pengingat, Periode, StatusPeriode
from evaluasi.penilaian import services as penilaian_services
from evaluasi.verifikasi import services as verifikasi_services
from spbe_portal.celery import app
from tests.evaluasi.test_scoring import PASER
from tests.evaluasi.test_verifikasi import _fill_and_submit, _review_all

pytestmark = pytest.mark.django_db
PORTAL = "https://spbe.sulbarprov.go.id"


@pytest.fixture(autouse=True)
def _portal_url(settings):
    settings.PORTAL_URL = PORTAL


def _link(name, **kwargs) -> str:
    return PORTAL + reverse(name, kwargs=kwargs or None)


def _html(mail) -> str:
    ((body, mime),) = mail.alternatives
    assert mime == "text/html"
    return body


def test_opening_a_period_mails_each_operator_the_link_to_their_own_penilaian(
    admin_user, operator_a, operator_b, instrumen, mailoutbox, django_capture_on_commit_callbacks
):
    today = timezone.localdate()
    periode = penilaian_services.periode_create(
        data={
            "nama": "Evaluasi 2027",
            "tahun": 2027,
            "instrumen": instrumen,
            "mulai_pengisian": today,
            "batas_pengisian": today + timedelta(days=30),
            "batas_verifikasi": today + timedelta(days=60),
            "tahun_tpp": 2028,
        }
    )
    with django_capture_on_commit_callbacks(execute=True):
        penilaian_services.periode_advance(periode=periode)

    by_to = {m.to[0]: m for m in mailoutbox}
    assert set(by_to) == {operator_a.email, operator_b.email}
    own = periode.penilaian.get(opd=operator_a.opd)
    link = _link("evaluasi:penilaian_detail", pk=own.pk)
    assert link in by_to[operator_a.email].body
    assert f'href="{link}"' in _html(by_to[operator_a.email])
    assert link not in by_to[operator_b.email].body  # another OPD's link never leaks
    assert "akun/surel/" in by_to[operator_a.email].body  # opt-out link


def test_submit_then_resubmit_mail_the_assigned_evaluator_with_the_link(
    client,
    periode,
    penilaian_a,
    operator_a,
    evaluator,
    admin_user,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    verifikasi_services.penugasan_add(
        periode=periode, evaluator=evaluator, opds=[penilaian_a.opd], user=admin_user
    )
    with django_capture_on_commit_callbacks(execute=True):
        _fill_and_submit(penilaian_a, operator_a, {})
    assert [m.to for m in mailoutbox] == [[evaluator.email]]
    assert "telah diajukan" in mailoutbox[0].subject
    assert _link("evaluasi:penilaian_detail", pk=penilaian_a.pk) in mailoutbox[0].body

    ind = periode.instrumen.indikator.get(nomor=3)
    with django_capture_on_commit_callbacks(execute=True):
        verifikasi_services.perbaikan_request(
            penilaian=penilaian_a, indikator=[ind], catatan="Lampirkan SK.", user=evaluator
        )
    revisi = mailoutbox[1]
    assert revisi.to == [operator_a.email]
    assert _link("evaluasi:jawaban", pk=penilaian_a.pk, nomor=3) in revisi.body
    assert "Lampirkan SK." in _html(revisi)

    with django_capture_on_commit_callbacks(execute=True):
        penilaian_services.penilaian_submit(penilaian=penilaian_a, user=operator_a)
    assert "diajukan ulang setelah perbaikan" in mailoutbox[2].subject


def test_finalise_mail_names_no_figure_and_publication_mails_operators_and_pimpinan(
    periode,
    penilaian_a,
    operator_a,
    evaluator,
    admin_user,
    pimpinan,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    verifikasi_services.penugasan_add(
        periode=periode, evaluator=evaluator, opds=[penilaian_a.opd], user=admin_user
    )
    _fill_and_submit(penilaian_a, operator_a, {})
    _review_all(penilaian_a, evaluator, dict(enumerate(PASER, start=1)))
    with django_capture_on_commit_callbacks(execute=True):
        verifikasi_services.reviu_finalize(penilaian=penilaian_a, user=evaluator)
    (final,) = [m for m in mailoutbox if m.to == [operator_a.email]]
    assert "Verifikasi" in final.subject
    for secret in ("2,13", "2.13", "Cukup"):  # the Paser final result stays unpublished
        assert secret not in final.body and secret not in _html(final)

    mailoutbox.clear()
    Periode.objects.filter(pk=periode.pk).update(status=StatusPeriode.SELESAI)
    with django_capture_on_commit_callbacks(execute=True):
        penilaian_services.periode_advance(periode=periode, dari="selesai")
    by_to = {m.to[0]: m for m in mailoutbox}
    assert _link("evaluasi:hasil", pk=penilaian_a.pk) in by_to[operator_a.email].body
    assert _link("evaluasi:dashboard") in by_to[pimpinan.email].body


def test_a_user_who_opted_out_gets_no_cycle_mail(
    client,
    periode,
    penilaian_a,
    operator_a,
    admin_user,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    client.force_login(admin_user)
    client.post(reverse("akun:surel"), {})  # the admin unticks the box for themself
    admin_user.refresh_from_db()
    assert admin_user.terima_surel is False
    record = admin_user.history.latest()
    assert record.history_user == admin_user  # the change is in Log aktivitas

    with django_capture_on_commit_callbacks(execute=True):
        _fill_and_submit(penilaian_a, operator_a, {})  # nobody assigned: admins are told
    assert mailoutbox == []


# --- Reminders ------------------------------------------------------------------------------


def _run_beat() -> None:
    """Run every task of the beat schedule once, as beat would."""
    for entry in settings.CELERY_BEAT_SCHEDULE.values():
        app.tasks[entry["task"]].apply()


def test_reminders_go_14_7_and_1_days_before_to_those_not_done_each_once(
    periode,
    penilaian_a,
    penilaian_b,
    operator_a,
    operator_b,
    mailoutbox,
    django_capture_on_commit_callbacks,
    monkeypatch,
):
    _fill_and_submit(penilaian_b, operator_b, {})  # opd_b is done: never reminded
    batas = periode.batas_pengisian

    def on(day):
        monkeypatch.setattr(timezone, "localdate", lambda *a, **k: day)
        mailoutbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            _run_beat()
        return [m for m in mailoutbox if m.subject.startswith("Pengingat")]

    assert on(batas - timedelta(days=20)) == []
    (h14,) = on(batas - timedelta(days=14))
    assert h14.to == [operator_a.email]
    assert "14 hari lagi" in h14.body
    assert _link("evaluasi:penilaian_detail", pk=penilaian_a.pk) in h14.body
    assert on(batas - timedelta(days=13)) == []  # once per threshold
    assert len(on(batas - timedelta(days=5))) == 1  # the 7-day one, a beat missed two days
    assert len(on(batas - timedelta(days=1))) == 1
    assert on(batas) == []
    assert on(batas + timedelta(days=1)) == []
    sent = Pengingat.objects.filter(jenis=JenisPengingat.PENGISIAN, oleh__isnull=True)
    assert sorted(sent.values_list("ambang", flat=True)) == [1, 7, 14]


def test_admin_sends_a_reminder_to_a_group_now_and_it_is_recorded(
    client,
    admin_user,
    periode,
    penilaian_a,
    penilaian_b,
    operator_a,
    operator_b,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    client.force_login(admin_user)
    url = reverse("evaluasi:pengingat", kwargs={"pk": periode.pk})
    assert "2</strong> penerima" in client.get(url).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"jenis": "pengisian", "pesan": "Mohon segera diajukan."})

    assert sorted(m.to[0] for m in mailoutbox) == sorted([operator_a.email, operator_b.email])
    assert all("Mohon segera diajukan." in m.body for m in mailoutbox)
    assert Pengingat.objects.filter(oleh=admin_user).count() == 2


def test_reminders_to_an_unknown_group_or_by_a_non_admin_send_nothing(
    client, admin_user, operator_a, periode, penilaian_a, mailoutbox
):
    client.force_login(admin_user)
    url = reverse("evaluasi:pengingat", kwargs={"pk": periode.pk})
    client.post(url, {"jenis": "semua"})
    client.force_login(operator_a)
    assert client.post(url, {"jenis": "pengisian"}).status_code == 403
    assert mailoutbox == [] and not Pengingat.objects.exists()


def test_the_reminder_threshold_rule():
    rule = states.ambang_pengingat
    assert [rule(d, (14, 7, 1)) for d in (20, 15, 14, 10, 7, 5, 1, 0, -1)] == [
        None,
        None,
        14,
        14,
        7,
        7,
        1,
        1,
        None,
    ]
