"""Hostile probes of the follow-up (tindak lanjut), each a house rule: a recommendation stays
with its OPD and becomes one action; an OPD's library is read and written only by those the
library's own rules allow; two clicks do a thing once; a date that cannot be meant is a form
error, never a crash."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from evaluasi.aksi import services as aksi_services
from evaluasi.dokumen import services as dokumen_services
from evaluasi.models import (
    Dokumen,
    Jawaban,
    JenisSesi,
    Periode,
    RencanaAksi,
    Sesi,
    StatusPeriode,
)
from evaluasi.verifikasi import services as verifikasi_services
from opd.models import Peran
from tests.conftest import PDF_BYTES
from tests.evaluasi.test_scoring import PASER
from tests.evaluasi.test_verifikasi import _fill_and_submit, _review_all
from tests.factories import PenggunaFactory

pytestmark = pytest.mark.django_db


def _batas(days=30):
    return (timezone.localdate() + timedelta(days=days)).isoformat()


@pytest.fixture
def final_a(penilaian_a, operator_a, evaluator, admin_user):
    verifikasi_services.penugasan_add(
        periode=penilaian_a.periode, evaluator=evaluator, opds=[penilaian_a.opd], user=admin_user
    )
    _fill_and_submit(penilaian_a, operator_a, {})
    _review_all(penilaian_a, evaluator, dict(enumerate(PASER, start=1)))
    verifikasi_services.reviu_finalize(penilaian=penilaian_a, user=evaluator)
    return penilaian_a


@pytest.fixture
def terbit(final_a):
    """opd_a's result with a recommendation on indicator 1, published."""
    Jawaban.objects.filter(penilaian=final_a, indikator__nomor=1).update(
        rekomendasi="Rekomendasi khusus OPD A: perbaiki SK Tim."
    )
    Periode.objects.filter(pk=final_a.periode_id).update(status=StatusPeriode.DIPUBLIKASI)
    final_a.periode.refresh_from_db()
    return final_a


# --- 1. Editing moves an evaluator recommendation to another OPD ----------------------------


def test_edit_cannot_hand_an_opd_recommendation_to_another_opd(
    client, terbit, admin_user, opd_b, operator_b
):
    """aksi_buat refuses 'Rekomendasi ini untuk OPD lain.'; aksi_ubah does not check it, so
    opd_a's evaluator recommendation ends up on opd_b's list (and its operators' pages)."""
    j1 = terbit.jawaban.get(indikator__nomor=1)
    aksi = aksi_services.aksi_buat(
        user=admin_user,
        opd=terbit.opd,
        uraian="Perbaiki SK",
        batas=timezone.localdate() + timedelta(days=9),
        tahun=terbit.periode.tahun,
        jawaban=j1,
    )
    client.force_login(admin_user)
    client.post(
        reverse("tindak:aksi_ubah", args=[aksi.pk]),
        {"uraian": "Perbaiki SK", "opd": opd_b.pk, "batas": _batas()},
    )
    aksi.refresh_from_db()
    client.force_login(operator_b)
    page = client.get(reverse("tindak:aksi", args=[aksi.pk]))
    assert "Rekomendasi khusus OPD A" not in page.content.decode(), "opd_b reads opd_a's note"
    assert aksi.opd_id == terbit.opd_id


# --- 2. Two clicks make two actions from one recommendation ---------------------------------


def test_one_recommendation_gives_one_action_even_when_two_posts_pass_the_check(terbit, operator_a):
    """The only guard against a second action from the same recommendation is the view's
    `_sumber` read (no lock, no unique constraint, no check in the service): two POSTs that
    both read before either writes both create an action."""
    j1 = terbit.jawaban.get(indikator__nomor=1)
    kw = {
        "user": operator_a,
        "opd": terbit.opd,
        "uraian": "Perbaiki SK",
        "batas": timezone.localdate() + timedelta(days=9),
        "tahun": terbit.periode.tahun,
        "jawaban": j1,
    }
    aksi_services.aksi_buat(**kw)
    with pytest.raises(aksi_services.AksiDitolak):
        aksi_services.aksi_buat(**kw)
    assert RencanaAksi.objects.filter(jawaban=j1).count() == 1


# --- 3. An unassigned evaluator reads another OPD's library / writes into it ---------------


def _rahasia_b(opd_b, operator_b):
    versi, _ = dokumen_services.berkas_terima(
        opd_id=opd_b.pk,
        user=operator_b,
        data=PDF_BYTES,
        nama="Temuan audit internal.pdf",
        rahasia=True,
    )
    return versi.dokumen


def test_an_unassigned_evaluator_does_not_see_another_opds_library_through_an_action(
    client, opd_b, operator_b, periode, admin_user
):
    """An evaluator makes actions only for the OPDs assigned to them, and the action page
    offers the PIC OPD's library only to those who may link from it (its operators, Admins):
    an evaluator never reads an OPD's document titles there, confidential ones least."""
    luar = PenggunaFactory(username="ev.luar", peran=Peran.EVALUATOR)
    _rahasia_b(opd_b, operator_b)
    client.force_login(luar)
    r = client.post(
        reverse("tindak:aksi_buat"),
        {"uraian": "Apa saja", "opd": opd_b.pk, "batas": _batas()},
    )
    assert r.status_code == 200 and RencanaAksi.objects.count() == 0
    # Assigned to opd_b now, and an action of opd_b's made by the Admin.
    verifikasi_services.penugasan_add(
        periode=periode, evaluator=luar, opds=[opd_b], user=admin_user
    )
    aksi = aksi_services.aksi_buat(
        user=admin_user, opd=opd_b, uraian="Apa saja", batas=timezone.localdate(), tahun=2025
    )
    page = client.get(reverse("tindak:aksi", args=[aksi.pk])).content.decode()
    assert "Apa saja" in page
    assert "Temuan audit internal" not in page, "opd_b's confidential document title leaked"


def test_an_evaluator_does_not_write_into_an_opds_document_library(
    client, opd_b, periode, admin_user
):
    """The library of an OPD is kept by its operators and Admins (`may_change_dokumen`): an
    evaluator, even one assigned to the OPD, uploads no evidence into it through an action."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    penilai = PenggunaFactory(username="ev.luar2", peran=Peran.EVALUATOR)
    verifikasi_services.penugasan_add(
        periode=periode, evaluator=penilai, opds=[opd_b], user=admin_user
    )
    aksi = aksi_services.aksi_buat(
        user=admin_user, opd=opd_b, uraian="Apa saja", batas=timezone.localdate(), tahun=2025
    )
    client.force_login(penilai)
    sebelum = Dokumen.objects.filter(opd=opd_b).count()
    r = client.post(
        reverse("tindak:aksi_bukti", args=[aksi.pk]),
        {"berkas": SimpleUploadedFile("x.pdf", PDF_BYTES, content_type="application/pdf")},
    )
    assert r.status_code == 403
    assert Dokumen.objects.filter(opd=opd_b).count() == sebelum


# --- 4. Invalid dates -----------------------------------------------------------------------


def test_a_session_on_year_one_is_a_form_error_not_a_crash(client, periode, opd_a, admin_user):
    client.force_login(admin_user)
    penilai = PenggunaFactory(username="ev.tahun", peran=Peran.EVALUATOR)
    data = {
        "periode": periode.pk,
        "opd": opd_a.pk,
        "jenis": JenisSesi.VISITASI,
        "tanggal": "0001-01-01",
        "jam_mulai": "00:00",
        "jam_selesai": "01:00",
        "tautan": "https://meet.example.id/x",
        "evaluator": [penilai.pk],
        "kirim_undangan": "on",
    }
    client.raise_request_exception = False
    r = client.post(reverse("tindak:jadwal_tambah"), data)
    assert r.status_code == 200, r.status_code
    assert Sesi.objects.count() == 0


# --- 5. Two clicks at once ------------------------------------------------------------------


def test_two_clicks_on_jadwalkan_schedule_one_session_and_send_one_invitation(
    client, periode, opd_a, admin_user
):
    """jadwal_tambah → sesi_simpan(sesi=None) always inserts: a double submit makes two
    identical sessions and queues two sets of invitations."""
    from notifikasi.models import Surel

    penilai = PenggunaFactory(username="ev.dua", peran=Peran.EVALUATOR, email="ev.dua@x.id")
    client.force_login(admin_user)
    besok = timezone.localdate() + timedelta(days=2)
    data = {
        "periode": periode.pk,
        "opd": opd_a.pk,
        "jenis": JenisSesi.VISITASI,
        "tanggal": besok.isoformat(),
        "jam_mulai": "09:00",
        "jam_selesai": "11:00",
        "tautan": "https://meet.example.id/x",
        "evaluator": [penilai.pk],
        "kirim_undangan": "on",
    }
    client.post(reverse("tindak:jadwal_tambah"), data)
    client.post(reverse("tindak:jadwal_tambah"), data)
    assert Sesi.objects.count() == 1
    assert Surel.objects.filter(kepada="ev.dua@x.id").count() == 1


def test_two_clicks_on_buat_rencana_aksi_make_one_action(client, admin_user, opd_b):
    """The same action asked twice (the same OPD, text, due date) is the one made first."""
    client.force_login(admin_user)
    data = {"uraian": "Menetapkan SK Tim SPBE", "opd": opd_b.pk, "batas": _batas()}
    client.post(reverse("tindak:aksi_buat"), data)
    client.post(reverse("tindak:aksi_buat"), data)
    assert RencanaAksi.objects.count() == 1


# --- 6. Invalid due dates are accepted silently ---------------------------------------------


@pytest.mark.parametrize("batas", ["0001-01-01", "9999-12-31"])
def test_an_absurd_due_date_is_refused_with_a_message(client, admin_user, opd_b, batas):
    client.force_login(admin_user)
    r = client.post(
        reverse("tindak:aksi_buat"), {"uraian": "Aksi", "opd": opd_b.pk, "batas": batas}
    )
    assert r.status_code == 200 and RencanaAksi.objects.count() == 0
    assert "periksa tahunnya" in r.content.decode()
