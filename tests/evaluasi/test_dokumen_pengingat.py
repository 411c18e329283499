"""The reminder before "berlaku sampai" (issue item 3, SPEC §13/§14): from 30 days before a
document's validity date its keepers get one mail listing it — an OPD's operators, the
Admins for the pemda's — once per validity date, from the beat schedule or the command; and
Tugas saya lists the documents ending or ended that are still evidence in an open period."""

from datetime import date, timedelta
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from evaluasi import tasks
from evaluasi.dokumen import aturan, pengingat, selectors
from evaluasi.dokumen import services as dokumen_services
from evaluasi.instansi import services as instansi_services
from evaluasi.models import BerkasInstansi, Dokumen, Periode, StatusPeriode
from evaluasi.penilaian import services as penilaian_services
from notifikasi.models import Surel
from opd.models import Peran
from spbe_portal.celery import app
from tests.conftest import PDF_BYTES
from tests.evaluasi.test_instansi import butir, indikator
from tests.factories import PenggunaFactory
from tests.helpers import at_once

pytestmark = pytest.mark.django_db
PORTAL = "https://spbe.sulbarprov.go.id"
BERLAKU = date(2027, 3, 31)  # the validity date of the documents in the mail tests


@pytest.fixture(autouse=True)
def _portal_url(settings):
    settings.PORTAL_URL = PORTAL


@pytest.fixture
def beat(monkeypatch, mailoutbox, django_capture_on_commit_callbacks):
    """`beat(day)`: the beat's entry run once on `day`; returns the mails it sent."""

    def run(day: date) -> list:
        monkeypatch.setattr(timezone, "localdate", lambda *a, **k: day)
        mailoutbox.clear()
        entry = settings.CELERY_BEAT_SCHEDULE["ingatkan-dokumen"]
        assert entry["task"] == tasks.ingatkan_dokumen.name
        with django_capture_on_commit_callbacks(execute=True):
            app.tasks[entry["task"]].apply()
        return list(mailoutbox)

    return run


def _dokumen(opd, judul: str, berlaku_sampai: date | None = BERLAKU, **rincian) -> Dokumen:
    pembuat = PenggunaFactory(peran=Peran.ADMIN, terima_surel=False)
    return Dokumen.objects.create(
        opd=opd, judul=judul, berlaku_sampai=berlaku_sampai, dibuat_oleh=pembuat, **rincian
    )


def _html(mail) -> str:
    ((body, mime),) = mail.alternatives
    assert mime == "text/html"
    return body


def _to(mails) -> list[str]:
    return sorted(m.to[0] for m in mails)


# --- The mail -------------------------------------------------------------------------------


def test_the_reminder_goes_30_days_before_and_not_31_with_a_link_to_each_document(
    beat, opd_a, operator_a
):
    sk = _dokumen(opd_a, "SK Tim SPBE", nomor="800/12/2024")
    perbup = _dokumen(opd_a, "Perbup Arsitektur SPBE")
    _dokumen(opd_a, "Renstra", None)  # no validity date: never reminded

    assert beat(BERLAKU - timedelta(days=31)) == []
    (mail,) = beat(BERLAKU - timedelta(days=30))

    assert mail.to == [operator_a.email]
    assert "Pengingat" in mail.subject and "2 dokumen" in mail.subject
    link = PORTAL + reverse("evaluasi:dokumen", kwargs={"pk": sk.pk})
    assert link in mail.body and f'href="{link}"' in _html(mail)
    assert PORTAL + reverse("evaluasi:dokumen", kwargs={"pk": perbup.pk}) in mail.body
    assert "SK Tim SPBE (nomor 800/12/2024) — berlaku sampai 31-03-2027 (30 hari lagi)" in (
        mail.body
    )
    assert "Perbup Arsitektur SPBE" in _html(mail) and "Renstra" not in mail.body
    sk.refresh_from_db()
    assert sk.diingatkan_untuk == BERLAKU


def test_each_validity_date_is_reminded_once_and_a_new_date_again(
    beat, opd_a, operator_a, admin_user
):
    sk = _dokumen(opd_a, "SK Tim SPBE")

    assert len(beat(BERLAKU - timedelta(days=12))) == 1  # a beat missed for days catches up
    assert beat(BERLAKU - timedelta(days=11)) == []
    assert beat(BERLAKU) == []
    assert beat(BERLAKU + timedelta(days=1)) == []

    baru = BERLAKU.replace(year=2028)
    dokumen_services.dokumen_ubah(dokumen=sk, user=admin_user, berlaku_sampai=baru)
    assert beat(baru - timedelta(days=31)) == []
    (mail,) = beat(baru - timedelta(days=30))
    assert "31-03-2028" in mail.body
    assert beat(baru - timedelta(days=1)) == []
    sk.refresh_from_db()
    assert sk.diingatkan_untuk == baru


def test_a_date_that_passed_unreminded_is_not_reminded_late(beat, opd_a, operator_a):
    _dokumen(opd_a, "SK lama", BERLAKU - timedelta(days=1))

    assert beat(BERLAKU) == []
    assert not Dokumen.objects.filter(diingatkan_untuk__isnull=False).exists()


def test_users_who_opted_out_are_inactive_or_have_no_address_get_none(beat, opd_a, operator_a):
    operator_a.terima_surel = False
    operator_a.save(update_fields=["terima_surel"])
    PenggunaFactory(username="op.nonaktif", peran=Peran.OPERATOR, opd=opd_a, is_active=False)
    PenggunaFactory(username="op.tanpa", peran=Peran.OPERATOR, opd=opd_a, email="")
    aktif = PenggunaFactory(username="op.aktif", peran=Peran.OPERATOR, opd=opd_a)
    _dokumen(opd_a, "SK Tim SPBE")

    assert _to(beat(BERLAKU - timedelta(days=30))) == [aktif.email]


def test_a_document_goes_only_to_its_own_opds_operators_even_a_confidential_one(
    beat, opd_a, opd_b, operator_a, operator_b, admin_user, evaluator, pimpinan
):
    _dokumen(opd_a, "Laporan audit keamanan", rahasia=True)
    _dokumen(opd_b, "SK BKD")

    mails = {m.to[0]: m for m in beat(BERLAKU - timedelta(days=30))}

    assert sorted(mails) == sorted([operator_a.email, operator_b.email])
    assert "Laporan audit keamanan" in mails[operator_a.email].body
    assert "SK BKD" not in mails[operator_a.email].body
    assert "Laporan audit keamanan" not in mails[operator_b.email].body
    assert "Laporan audit keamanan" not in _html(mails[operator_b.email])


def test_the_pemdas_documents_go_to_the_admins_who_take_mails(beat, opd_a, operator_a, admin_user):
    PenggunaFactory(username="admin.diam", peran=Peran.ADMIN, terima_surel=False)
    perda = _dokumen(None, "Perda SPBE", rahasia=True)

    (mail,) = beat(BERLAKU - timedelta(days=30))

    assert mail.to == [admin_user.email]
    assert "pemerintah daerah" in mail.body
    assert PORTAL + reverse("evaluasi:dokumen", kwargs={"pk": perda.pk}) in mail.body
    assert PORTAL + reverse("evaluasi:pustaka") + "?opd=pemda" in mail.body


def test_the_command_sends_what_is_due_and_says_how_many(
    opd_a, operator_a, mailoutbox, monkeypatch, django_capture_on_commit_callbacks
):
    _dokumen(opd_a, "SK Tim SPBE")
    _dokumen(opd_a, "Perbup SPBE")
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: BERLAKU - timedelta(days=3))
    out = StringIO()

    with django_capture_on_commit_callbacks(execute=True):
        call_command("ingatkan_dokumen", stdout=out)
    call_command("ingatkan_dokumen", stdout=out)

    assert out.getvalue().splitlines() == [
        "1 surel pengingat untuk 2 dokumen.",
        "0 surel pengingat untuk 0 dokumen.",
    ]
    assert [m.to for m in mailoutbox] == [[operator_a.email]]


@pytest.mark.django_db(transaction=True)
def test_two_runs_at_once_send_one_mail_per_recipient(
    opd_a, opd_b, operator_a, operator_b, admin_user, mailoutbox
):
    for i in range(5):
        _dokumen(opd_a, f"SK A {i}")
        _dokumen(opd_b, f"SK B {i}")
    _dokumen(None, "Perda SPBE")
    hari_ini = BERLAKU - timedelta(days=30)

    results = at_once([lambda: pengingat.kirim_otomatis(hari_ini)] * 2)

    assert all(isinstance(r, pengingat.Hasil) for r in results), results
    assert sum(r.surel for r in results) == 3
    assert sum(r.dokumen for r in results) == 11
    per_address = sorted(Surel.objects.values_list("kepada", flat=True))
    assert per_address == sorted([operator_a.email, operator_b.email, admin_user.email])
    assert _to(mailoutbox) == per_address
    assert Dokumen.objects.exclude(diingatkan_untuk=BERLAKU).count() == 0


# --- Tugas saya -----------------------------------------------------------------------------


def _bukti(penilaian, operator, nomor: int, judul: str, berlaku_sampai: date):
    """Evidence of indicator `nomor` from a new document of the OPD, valid until the date."""
    bukti = penilaian_services.bukti_upload(
        penilaian=penilaian,
        indikator=penilaian.periode.instrumen.indikator.get(nomor=nomor),
        user=operator,
        data=PDF_BYTES + judul.encode(),
        nama=f"{judul}.pdf",
    )
    Dokumen.objects.filter(pk=bukti.versi.dokumen_id).update(
        judul=judul, berlaku_sampai=berlaku_sampai
    )
    return bukti


def _home(client, user) -> str:
    client.force_login(user)
    response = client.get(reverse("beranda"))
    assert response.status_code == 200
    return response.content.decode()


def test_tugas_saya_lists_the_own_opds_ending_documents_and_ended_evidence_in_an_open_period(
    client, penilaian_a, penilaian_b, operator_a, operator_b, admin_user
):
    today = timezone.localdate()
    segera = _bukti(penilaian_a, operator_a, 1, "SK segera", today + timedelta(days=30))
    _bukti(penilaian_a, operator_a, 2, "SK kedaluwarsa", today - timedelta(days=3))
    _bukti(penilaian_a, operator_a, 3, "SK masih lama", today + timedelta(days=31))
    dilepas = _bukti(penilaian_a, operator_a, 4, "SK lama dilepas", today - timedelta(days=5))
    penilaian_services.bukti_remove(bukti=dilepas, user=operator_a)
    _dokumen(operator_a.opd, "SK tidak dipakai", today + timedelta(days=5))
    _dokumen(operator_a.opd, "SK usang tidak dipakai", today - timedelta(days=5))
    _bukti(penilaian_b, operator_b, 1, "SK milik BKD", today + timedelta(days=5))

    html = _home(client, operator_a)

    # Ending soon: listed whether used or not (time to get the renewed one); already ended:
    # only while still live evidence in an open period.
    assert 'id="tugas-dokumen-berakhir"' in html
    assert "(3)" in html.split('id="tugas-dokumen-berakhir"')[1].split("</div>")[0]
    assert html.index("SK kedaluwarsa") < html.index("SK tidak dipakai") < html.index("SK segera")
    assert reverse("evaluasi:dokumen", kwargs={"pk": segera.versi.dokumen_id}) in html
    assert "tidak berlaku" in html and "segera berakhir" in html
    for other in ("SK masih lama", "SK lama dilepas", "SK usang tidak dipakai", "SK milik BKD"):
        assert other not in html
    assert "SK segera" not in _home(client, admin_user)  # an OPD's, not the Admins'

    Periode.objects.filter(pk=penilaian_a.periode_id).update(status=StatusPeriode.SELESAI)
    html = _home(client, operator_a)
    assert "SK segera" in html and "SK kedaluwarsa" not in html


def test_tugas_saya_counts_a_file_of_the_penilaian_instansi_as_evidence(
    client, periode_pemdi, opd_a, operator_a, admin_user
):
    p = periode_pemdi
    instansi_services.pengampu_atur(
        periode=p, indikator=indikator(p, "I1"), butir=None, opd_ids={opd_a.pk}, user=admin_user
    )
    berkas = instansi_services.berkas_unggah(
        penilaian=p.instansi,
        butir=butir(p, "I1-L1-01"),
        opd_id=opd_a.pk,
        user=operator_a,
        data=PDF_BYTES,
        nama="Perbup Arsitektur.pdf",
    )
    Dokumen.objects.filter(pk=berkas.versi.dokumen_id).update(
        berlaku_sampai=timezone.localdate() - timedelta(days=7)  # ended: listed while in use
    )

    assert "Perbup Arsitektur" in _home(client, operator_a)

    BerkasInstansi.objects.filter(pk=berkas.pk).update(dihapus_pada=timezone.now())
    assert 'id="tugas-dokumen-berakhir"' not in _home(client, operator_a)


def test_tugas_saya_of_an_admin_lists_the_pemdas_documents(
    client, penilaian_a, operator_a, admin_user
):
    # The library links only an OPD's own documents yet; a pemda document used as evidence is
    # made by moving one to the pemda.
    bukti = _bukti(penilaian_a, operator_a, 1, "Perda SPBE", timezone.localdate())
    Dokumen.objects.filter(pk=bukti.versi.dokumen_id).update(opd=None)

    assert "Perda SPBE" in _home(client, admin_user)
    assert 'id="tugas-dokumen-berakhir"' not in _home(client, operator_a)


def test_the_block_is_one_query_and_the_page_does_not_grow_with_documents(
    client, penilaian_a, operator_a, django_assert_num_queries
):
    today = timezone.localdate()
    _bukti(penilaian_a, operator_a, 1, "SK 1", today + timedelta(days=3))

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            _home(client, operator_a)
        return len(ctx.captured_queries)

    count()  # warm the per-process caches
    satu = count()
    for nomor in (2, 3, 4):
        _bukti(penilaian_a, operator_a, nomor, f"SK {nomor}", today - timedelta(days=nomor))
    assert count() == satu
    # The block's read: the documents with both kinds of live links checked in one query.
    with django_assert_num_queries(1):
        rows = selectors.dokumen_berakhir(opd_id=operator_a.opd_id, hari_ini=today)
    assert [d.judul for d in rows] == ["SK 4", "SK 3", "SK 2", "SK 1"]
    assert all(d.tanda.kesegaran != aturan.Kesegaran.BERLAKU for d in rows)
