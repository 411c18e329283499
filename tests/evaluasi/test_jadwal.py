"""Jadwal interviu dan visitasi: the pure rules, the .ics parsed back, the invitation queued
and sent with its attachment, access per role, hostile form input, the berita acara whose
follow-ups become rencana aksi, its PDF, double clicks and query counts."""

import io
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.urls import reverse
from django.utils import timezone

from evaluasi.jadwal import aturan, ics, services, undangan
from evaluasi.models import AsalAksi, JenisSesi, RencanaAksi, Sesi, StatusSesi
from evaluasi.verifikasi import services as verifikasi_services
from notifikasi.models import Surel
from opd.models import Peran
from tests.factories import OpdFactory, PenggunaFactory

UTC = ZoneInfo("UTC")

# ---------------------------------------------------------------- pure rules (no database)


def test_attendees_are_read_one_a_line_with_any_dash():
    teks = "Budi Santoso — Kepala Dinas\n\n  Ani – Sekretaris \nJean-Luc - Pranata Komputer\nAni"

    hasil = aturan.baca_peserta(teks)

    assert hasil == [
        aturan.Peserta("Budi Santoso", "Kepala Dinas"),
        aturan.Peserta("Ani", "Sekretaris"),
        aturan.Peserta("Jean-Luc", "Pranata Komputer"),
    ]


def test_an_attendee_line_without_a_name_is_refused():
    with pytest.raises(aturan.SesiTidakSah, match="tidak memuat nama"):
        aturan.baca_peserta("— Kepala Bidang")


@pytest.mark.parametrize(
    ("tempat", "tautan", "pesan"),
    [
        ("", "", "Isi tempat"),
        ("", "javascript:alert(1)", "http"),
        ("", "ftp://meet.example.id/x", "http"),
        ("Aula", "https://", "http"),
    ],
)
def test_a_session_needs_a_place_or_an_http_link(tempat, tautan, pesan):
    with pytest.raises(aturan.SesiTidakSah, match=pesan):
        aturan.periksa_tempat(tempat, tautan)


def test_a_link_alone_or_a_place_alone_is_enough():
    assert aturan.periksa_tempat(" ", " https://zoom.us/j/1 ") == ("", "https://zoom.us/j/1")
    assert aturan.periksa_tempat("Aula", "") == ("Aula", "")


def test_the_end_must_follow_the_start_within_a_day():
    t = datetime(2026, 5, 12, 9, tzinfo=UTC)
    with pytest.raises(aturan.SesiTidakSah, match="setelah jam mulai"):
        aturan.periksa_waktu(t, t)
    with pytest.raises(aturan.SesiTidakSah, match="12 jam"):
        aturan.periksa_waktu(t, t + timedelta(hours=13))
    aturan.periksa_waktu(t, t + timedelta(hours=2))


def test_status_table_takes_a_step_once():
    aturan.periksa_langkah(aturan.DIJADWALKAN, aturan.BATAL)
    with pytest.raises(aturan.LangkahTidakSah, match="sudah dibatalkan"):
        aturan.periksa_langkah(aturan.BATAL, aturan.BATAL)
    with pytest.raises(aturan.LangkahTidakSah):
        aturan.periksa_langkah(aturan.SELESAI, aturan.BATAL)


def test_a_berita_acara_waits_for_the_start_and_never_for_a_cancelled_session():
    now = datetime(2026, 5, 12, 9, tzinfo=UTC)
    assert not aturan.boleh_berita_acara(aturan.DIJADWALKAN, now + timedelta(minutes=1), now)
    assert aturan.boleh_berita_acara(aturan.DIJADWALKAN, now, now)
    assert not aturan.boleh_berita_acara(aturan.BATAL, now - timedelta(days=1), now)


def _acara(**kw):
    mulai = datetime(2026, 5, 12, 9, 0, tzinfo=ZoneInfo("Asia/Makassar"))
    base = {
        "uid": "sesi-7@spbe.example.id",
        "urutan": 3,
        "dtstamp": datetime(2026, 5, 1, tzinfo=UTC),
        "mulai": mulai,
        "selesai": mulai + timedelta(hours=2),
        "ringkasan": "Interviu evaluasi SPBE — Dinas Kominfo",
    }
    return ics.Acara(**(base | kw))


def test_long_agenda_with_commas_semicolons_and_newlines_is_escaped_folded_and_parses_back():
    agenda = (
        "Pembukaan; paparan Kepala Dinas, tanya jawab indikator 1–47; "
        "peninjauan pusat data, ruang server \\ NOC; penutupan.\nCatatan: bawa SK, SOP; "
        "dan dokumen Arsitektur SPBE — ÉÀ ünïcödé " * 3
    )
    teks = ics.tulis(
        _acara(
            deskripsi=agenda,
            lokasi="Aula Lt. 2, Kantor Gubernur; Jl. Abdul Malik Pattana Endeng",
            hadirin=[ics.Hadirin("budi@example.id", 'Budi, S.Kom; "Pak B"')],
        )
    )

    assert teks.endswith("\r\n") and "\n" not in teks.replace("\r\n", "")
    assert all(len(line.encode("utf-8")) <= 75 for line in teks.split("\r\n"))
    assert "\\;" in teks and "\\," in teks and "\\\\" in teks and "\\n" in teks
    cal = icalendar.Calendar.from_ical(teks)
    (ev,) = cal.walk("VEVENT")
    assert str(ev["DESCRIPTION"]) == agenda
    assert str(ev["LOCATION"]) == "Aula Lt. 2, Kantor Gubernur; Jl. Abdul Malik Pattana Endeng"
    assert str(cal["METHOD"]) == "REQUEST"
    assert int(ev["SEQUENCE"]) == 3
    assert ev.decoded("DTSTART") == datetime(2026, 5, 12, 1, 0, tzinfo=UTC)
    assert ev.decoded("DTEND") == datetime(2026, 5, 12, 3, 0, tzinfo=UTC)
    assert str(ev["ATTENDEE"]) == "mailto:budi@example.id"


def test_a_cancelled_event_says_method_cancel_and_status_cancelled():
    cal = icalendar.Calendar.from_ical(ics.tulis(_acara(batal=True)))
    (ev,) = cal.walk("VEVENT")
    assert str(cal["METHOD"]) == "CANCEL"
    assert str(ev["STATUS"]) == "CANCELLED"


def test_folding_never_splits_a_multibyte_character():
    baris = "SUMMARY:" + "é" * 100
    lipat = ics.lipat(baris)
    potongan = lipat.split("\r\n")
    assert all(len(p.encode("utf-8")) <= 75 for p in potongan)
    assert "".join(p[1:] if i else p for i, p in enumerate(potongan)) == baris


# ---------------------------------------------------------------- with the database


@pytest.fixture
def penilai(db):
    return PenggunaFactory(
        username="evaluator.sesi", peran=Peran.EVALUATOR, nama="Rina Evaluator", email="rina@x.id"
    )


@pytest.fixture
def ditugaskan(periode, opd_a, admin_user):
    user = PenggunaFactory(
        username="evaluator.tugas", peran=Peran.EVALUATOR, nama="Tono", email="tono@x.id"
    )
    verifikasi_services.penugasan_add(
        periode=periode, evaluator=user, opds=[opd_a], user=admin_user
    )
    return user


def _data(periode, opd, evaluator, *, mulai=None, **kw):
    mulai = mulai or timezone.now() + timedelta(days=3)
    return services.DataSesi(
        **{
            "periode": periode,
            "opd": opd,
            "jenis": JenisSesi.INTERVIU,
            "mulai": mulai,
            "selesai": mulai + timedelta(hours=2),
            "tempat": "Ruang Rapat Diskominfo",
            "tautan": "",
            "evaluator": evaluator,
            "operator": [],
            "agenda": "Klarifikasi indikator 1, 2; dan 3",
        }
        | kw
    )


def _sesi(admin_user, periode, opd, evaluator, **kw):
    return services.sesi_simpan(user=admin_user, data=_data(periode, opd, evaluator, **kw))


def _ics_dari(surel: Surel):
    return icalendar.Calendar.from_ical(surel.lampiran_isi)


@pytest.mark.django_db
def test_scheduling_queues_one_mail_per_person_with_the_ics_and_changes_raise_the_sequence(
    admin_user, periode, opd_a, operator_a, penilai
):
    operator_a.email = "op.a@x.id"
    operator_a.save()
    sesi = _sesi(admin_user, periode, opd_a, [penilai])

    surel = list(Surel.objects.order_by("kepada"))
    assert [s.kepada for s in surel] == ["op.a@x.id", "rina@x.id"]
    assert surel[0].lampiran_nama.endswith(".ics") and surel[0].lampiran_jenis == "text/calendar"
    cal = _ics_dari(surel[0])
    (ev,) = cal.walk("VEVENT")
    uid = str(ev["UID"])
    assert uid == undangan.uid(sesi) and str(cal["METHOD"]) == "REQUEST"
    assert int(ev["SEQUENCE"]) == 0
    assert ev.decoded("DTSTART") == sesi.mulai.astimezone(UTC)
    assert ev.decoded("DTEND") == sesi.selesai.astimezone(UTC)
    assert str(ev["LOCATION"]) == "Ruang Rapat Diskominfo"
    assert "Klarifikasi indikator 1, 2; dan 3" in str(ev["DESCRIPTION"])
    hadir = ev.get("ATTENDEE")
    assert "mailto:rina@x.id" in [str(a) for a in (hadir if isinstance(hadir, list) else [hadir])]

    Surel.objects.all().delete()
    services.sesi_simpan(
        user=admin_user,
        sesi=sesi,
        data=_data(periode, opd_a, [penilai], mulai=sesi.mulai + timedelta(hours=1)),
    )
    (ev,) = _ics_dari(Surel.objects.first()).walk("VEVENT")
    assert str(ev["UID"]) == uid and int(ev["SEQUENCE"]) == 1
    assert Surel.objects.first().subjek.startswith("Perubahan:")

    Surel.objects.all().delete()
    services.sesi_transisi(sesi=sesi, ke=StatusSesi.BATAL, user=admin_user, alasan="Banjir")
    cal = _ics_dari(Surel.objects.first())
    (ev,) = cal.walk("VEVENT")
    assert str(cal["METHOD"]) == "CANCEL" and str(ev["UID"]) == uid
    assert int(ev["SEQUENCE"]) == 2
    assert Surel.objects.count() == 2
    assert Sesi.history.filter(id=sesi.pk).count() == 3


@pytest.mark.django_db
def test_saving_without_a_change_keeps_the_sequence_and_sends_nothing(
    admin_user, periode, opd_a, penilai
):
    sesi = _sesi(admin_user, periode, opd_a, [penilai])
    Surel.objects.all().delete()

    services.sesi_simpan(
        user=admin_user, sesi=sesi, data=_data(periode, opd_a, [penilai], mulai=sesi.mulai)
    )

    sesi.refresh_from_db()
    assert sesi.urutan == 0 and not Surel.objects.exists()


@pytest.mark.django_db
def test_the_invitation_is_sent_with_its_attachment(
    admin_user, periode, opd_a, penilai, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        sesi = _sesi(admin_user, periode, opd_a, [penilai])

    (pesan,) = mailoutbox
    assert pesan.to == ["rina@x.id"]
    assert "Undangan: Interviu evaluasi SPBE" in pesan.subject
    assert reverse("tindak:jadwal_detail", kwargs={"pk": sesi.pk}) in pesan.body
    (nama, isi, jenis) = pesan.attachments[0]
    assert nama == f"sesi-{opd_a.kode}-{sesi.pk}.ics" and jenis == "text/calendar"
    (ev,) = icalendar.Calendar.from_ical(isi).walk("VEVENT")
    assert str(ev["UID"]) == undangan.uid(sesi)
    assert pesan.alternatives and pesan.alternatives[0][1] == "text/html"


@pytest.mark.django_db
def test_a_broker_that_is_down_loses_no_invitation(
    admin_user, periode, opd_a, penilai, monkeypatch, django_capture_on_commit_callbacks
):
    from notifikasi import services as notifikasi_services

    def mati(ids):
        raise ConnectionError("broker down")

    monkeypatch.setattr(notifikasi_services, "surel_serahkan", mati)
    with pytest.raises(ConnectionError), django_capture_on_commit_callbacks(execute=True):
        _sesi(admin_user, periode, opd_a, [penilai])

    (surel,) = Surel.objects.all()
    assert surel.status == "antri" and surel.lampiran_isi.startswith("BEGIN:VCALENDAR")


@pytest.mark.django_db
def test_two_clicks_on_kirim_undangan_send_once(client, admin_user, periode, opd_a, penilai):
    sesi = services.sesi_simpan(
        user=admin_user, data=_data(periode, opd_a, [penilai]), kirim_undangan=False
    )
    assert not Surel.objects.exists()
    client.force_login(admin_user)
    url = reverse("tindak:jadwal_undangan", kwargs={"pk": sesi.pk})

    client.post(url)
    response = client.post(url, follow=True)

    assert Surel.objects.count() == 1
    assert "sudah dikirim" in response.content.decode()


@pytest.mark.django_db
def test_two_clicks_on_batalkan_cancel_once(client, admin_user, periode, opd_a, penilai):
    sesi = _sesi(admin_user, periode, opd_a, [penilai])
    Surel.objects.all().delete()
    client.force_login(admin_user)
    url = reverse("tindak:jadwal_batal", kwargs={"pk": sesi.pk})

    client.post(url, {"alasan": "Kepala Dinas dinas luar"})
    response = client.post(url, {"alasan": "lagi"}, follow=True)

    sesi.refresh_from_db()
    assert sesi.status == StatusSesi.BATAL and sesi.urutan == 1
    assert sesi.alasan_batal == "Kepala Dinas dinas luar"
    assert Surel.objects.count() == 1
    assert "sudah dibatalkan" in response.content.decode()


# ---------------------------------------------------------------- access and hostile input


@pytest.mark.django_db
def test_each_role_lists_only_the_sessions_it_may_see(
    client, admin_user, periode, opd_a, opd_b, operator_a, penilai, ditugaskan, evaluator, pimpinan
):
    sa = _sesi(admin_user, periode, opd_a, [evaluator])
    sb = _sesi(admin_user, periode, opd_b, [penilai])
    url = reverse("tindak:jadwal") + "?periode=0"

    def terlihat(user):
        client.force_login(user)
        html = client.get(url).content.decode()
        return {
            s.pk for s in (sa, sb) if reverse("tindak:jadwal_detail", kwargs={"pk": s.pk}) in html
        }

    assert terlihat(admin_user) == {sa.pk, sb.pk}
    assert terlihat(pimpinan) == {sa.pk, sb.pk}
    assert terlihat(operator_a) == {sa.pk}  # own OPD only
    assert terlihat(ditugaskan) == {sa.pk}  # assigned to opd_a
    assert terlihat(penilai) == {sb.pk}  # in that session
    assert terlihat(evaluator) == {sa.pk}
    client.force_login(operator_a)
    assert client.get(reverse("tindak:jadwal_detail", kwargs={"pk": sb.pk})).status_code == 404
    assert client.get(reverse("tindak:jadwal_ics", kwargs={"pk": sb.pk})).status_code == 404


def _post_form(periode, opd, evaluator, **kw):
    besok = timezone.localdate() + timedelta(days=2)
    return {
        "periode": periode.pk,
        "opd": opd.pk,
        "jenis": JenisSesi.VISITASI,
        "tanggal": besok.isoformat(),
        "jam_mulai": "09:00",
        "jam_selesai": "11:30",
        "tempat": "",
        "tautan": "https://meet.example.id/spbe",
        "evaluator": [evaluator.pk],
        "kirim_undangan": "on",
    } | kw


@pytest.mark.django_db
def test_an_assigned_evaluator_schedules_in_the_pemda_time_zone(
    client, periode, opd_a, ditugaskan, settings
):
    client.force_login(ditugaskan)

    response = client.post(reverse("tindak:jadwal_tambah"), _post_form(periode, opd_a, ditugaskan))

    sesi = Sesi.objects.get()
    assert response.status_code == 302
    besok = timezone.localdate() + timedelta(days=2)
    zona = ZoneInfo(settings.TIME_ZONE)
    assert sesi.mulai == datetime.combine(besok, datetime.min.time(), zona).replace(hour=9)
    assert sesi.jenis == JenisSesi.VISITASI and sesi.tautan == "https://meet.example.id/spbe"


@pytest.mark.django_db
def test_another_opds_id_in_the_form_is_refused_and_nothing_changes(
    client, periode, opd_a, opd_b, operator_b, ditugaskan, admin_user
):
    client.force_login(ditugaskan)
    url = reverse("tindak:jadwal_tambah")

    r1 = client.post(url, _post_form(periode, opd_b, ditugaskan))  # not assigned to opd_b
    r2 = client.post(url, _post_form(periode, opd_a, ditugaskan, operator=[operator_b.pk]))
    client.force_login(admin_user)
    r3 = client.post(url, _post_form(periode, opd_a, ditugaskan, operator=[operator_b.pk]))
    r4 = client.post(url, _post_form(periode, opd_a, operator_b))  # an operator as evaluator

    assert not Sesi.objects.exists() and not Surel.objects.exists()
    assert r1.status_code == r2.status_code == r3.status_code == r4.status_code == 200
    assert "Masukkan pilihan yang valid" in r1.content.decode()  # opd_b is not a choice
    assert "Masukkan pilihan yang valid" in r2.content.decode()
    assert "harus operator Dinas Komunikasi dan Informatika" in r3.content.decode()
    assert "Masukkan pilihan yang valid" in r4.content.decode()


@pytest.mark.django_db
def test_a_javascript_link_and_a_reversed_time_get_clear_messages(
    client, admin_user, periode, opd_a, penilai
):
    client.force_login(admin_user)
    url = reverse("tindak:jadwal_tambah")

    r1 = client.post(url, _post_form(periode, opd_a, penilai, tautan="javascript:alert(1)"))
    r2 = client.post(url, _post_form(periode, opd_a, penilai, jam_selesai="08:00"))

    assert not Sesi.objects.exists()
    assert "URL" in r1.content.decode() or "http" in r1.content.decode()
    assert "Jam selesai harus setelah jam mulai." in r2.content.decode()


@pytest.mark.django_db
def test_pimpinan_reads_but_changes_nothing(client, admin_user, periode, opd_a, penilai, pimpinan):
    sesi = _sesi(admin_user, periode, opd_a, [penilai])
    client.force_login(pimpinan)

    assert client.get(reverse("tindak:jadwal_detail", kwargs={"pk": sesi.pk})).status_code == 200
    assert client.post(reverse("tindak:jadwal_batal", kwargs={"pk": sesi.pk})).status_code == 403
    sesi.refresh_from_db()
    assert sesi.status == StatusSesi.DIJADWALKAN


# ---------------------------------------------------------------- berita acara


def _ba_post(ringkasan, baris):
    data = {
        "ringkasan": ringkasan,
        "tl-TOTAL_FORMS": str(len(baris)),
        "tl-INITIAL_FORMS": "0",
        "tl-MIN_NUM_FORMS": "0",
        "tl-MAX_NUM_FORMS": "20",
    }
    for i, b in enumerate(baris):
        data |= {f"tl-{i}-{k}": v for k, v in b.items()}
    return data


@pytest.mark.django_db
def test_follow_ups_become_actions_of_their_pic_opd_once(
    client, admin_user, periode, opd_a, opd_b, penilai, operator_a
):
    sesi = _sesi(admin_user, periode, opd_a, [penilai], mulai=timezone.now() - timedelta(hours=3))
    client.force_login(penilai)
    url = reverse("tindak:jadwal_berita_acara", kwargs={"pk": sesi.pk})
    batas = date.today() + timedelta(days=60)
    post = _ba_post(
        "Disepakati perbaikan dokumen; tinjau ulang SOP.",
        [
            {"uraian": "Tetapkan SK Tim SPBE", "opd": opd_a.pk, "batas": batas.isoformat()},
            {"uraian": "Susun peta talenta digital", "opd": opd_b.pk, "batas": batas.isoformat()},
            {"uraian": "", "opd": opd_a.pk, "batas": ""},
        ],
    )

    assert client.post(url, post).status_code == 302
    assert client.post(url, post).status_code == 302  # a second click

    aksi = {a.uraian: a for a in RencanaAksi.objects.all()}
    assert set(aksi) == {"Tetapkan SK Tim SPBE", "Susun peta talenta digital"}
    assert aksi["Tetapkan SK Tim SPBE"].opd == opd_a
    assert aksi["Susun peta talenta digital"].opd == opd_b
    assert {a.asal for a in aksi.values()} == {AsalAksi.SESI}
    assert {a.tahun for a in aksi.values()} == {periode.tahun}
    sesi.refresh_from_db()
    assert set(sesi.aksi.all()) == set(aksi.values())
    assert sesi.status == StatusSesi.SELESAI and sesi.ba_oleh == penilai
    client.force_login(operator_a)
    html = client.get(reverse("tindak:jadwal_detail", kwargs={"pk": sesi.pk})).content.decode()
    assert "Susun peta talenta digital" in html and "Disepakati perbaikan dokumen" in html


@pytest.mark.django_db
def test_a_follow_up_without_pic_or_due_date_is_refused_and_nothing_is_written(
    client, admin_user, periode, opd_a, penilai
):
    sesi = _sesi(admin_user, periode, opd_a, [penilai], mulai=timezone.now() - timedelta(hours=3))
    client.force_login(admin_user)
    url = reverse("tindak:jadwal_berita_acara", kwargs={"pk": sesi.pk})

    response = client.post(url, _ba_post("Catatan", [{"uraian": "Tanpa batas", "opd": opd_a.pk}]))

    assert response.status_code == 200 and "Isi batas waktu." in response.content.decode()
    sesi.refresh_from_db()
    assert not RencanaAksi.objects.exists() and sesi.ringkasan == ""


@pytest.mark.django_db
def test_an_inactive_pic_opd_is_refused_and_the_berita_acara_is_not_saved(
    admin_user, periode, opd_a, penilai
):
    tutup = OpdFactory(nama="Dinas Lama", aktif=False)
    sesi = _sesi(admin_user, periode, opd_a, [penilai], mulai=timezone.now() - timedelta(hours=3))
    batas = date.today() + timedelta(days=30)

    with pytest.raises(services.SesiTidakSah, match="tidak aktif"):
        services.berita_acara_simpan(
            sesi=sesi,
            user=admin_user,
            ringkasan="x",
            tindak_lanjut=[
                services.TindakLanjut("A", opd_a, batas),
                services.TindakLanjut("B", tutup, batas),
            ],
        )

    sesi.refresh_from_db()
    assert not RencanaAksi.objects.exists() and sesi.ringkasan == ""


@pytest.mark.django_db
def test_no_berita_acara_before_the_session_or_by_an_evaluator_outside_it(
    client, admin_user, periode, opd_a, penilai, ditugaskan
):
    sesi = _sesi(admin_user, periode, opd_a, [penilai])
    url = reverse("tindak:jadwal_berita_acara", kwargs={"pk": sesi.pk})
    client.force_login(penilai)

    response = client.post(url, _ba_post("Terlalu cepat", []), follow=True)

    assert "setelah sesi dimulai" in response.content.decode()
    client.force_login(ditugaskan)  # sees the session (assigned) but is not in it
    assert client.post(url, _ba_post("x", [])).status_code == 403
    sesi.refresh_from_db()
    assert sesi.ringkasan == "" and sesi.status == StatusSesi.DIJADWALKAN


@pytest.mark.django_db
def test_the_berita_acara_pdf_renders_with_people_notes_and_follow_ups(
    client, admin_user, periode, opd_a, opd_b, penilai, settings
):
    from pypdf import PdfReader

    sesi = _sesi(
        admin_user,
        periode,
        opd_a,
        [penilai],
        mulai=timezone.now() - timedelta(hours=3),
        peserta="Budi Santoso — Kepala Dinas",
    )
    services.berita_acara_simpan(
        sesi=sesi,
        user=penilai,
        ringkasan="Ringkasan visitasi pusat data.",
        tindak_lanjut=[services.TindakLanjut("Susun SOP backup", opd_b, date(2026, 12, 31))],
    )
    client.force_login(admin_user)

    response = client.get(reverse("tindak:jadwal_pdf", kwargs={"pk": sesi.pk}))

    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    teks = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    for kata in (
        settings.PEMDA_NAMA.upper(),
        "Budi Santoso",
        "Rina Evaluator",
        "Ringkasan visitasi pusat data.",
        "Susun SOP backup",
        opd_b.nama,
        "31 Desember 2026",
    ):
        assert " ".join(kata.split()) in " ".join(teks.split()), kata


@pytest.mark.django_db
def test_the_ics_download_parses_back(client, admin_user, periode, opd_a, penilai):
    sesi = _sesi(admin_user, periode, opd_a, [penilai])
    client.force_login(admin_user)

    response = client.get(reverse("tindak:jadwal_ics", kwargs={"pk": sesi.pk}))

    assert response["Content-Type"].startswith("text/calendar")
    (ev,) = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    assert str(ev["UID"]) == undangan.uid(sesi)


# ---------------------------------------------------------------- Tugas saya, query counts


@pytest.mark.django_db
def test_tugas_saya_lists_the_users_sessions_of_the_next_seven_days(
    client, admin_user, periode, opd_a, opd_b, penilai, operator_a
):
    dekat = _sesi(admin_user, periode, opd_a, [penilai], mulai=timezone.now() + timedelta(days=2))
    jauh = _sesi(admin_user, periode, opd_a, [penilai], mulai=timezone.now() + timedelta(days=9))
    lain = _sesi(admin_user, periode, opd_b, [penilai], mulai=timezone.now() + timedelta(days=1))

    def daftar(user):
        client.force_login(user)
        html = client.get(reverse("beranda")).content.decode()
        return {
            s.pk
            for s in (dekat, jauh, lain)
            if reverse("tindak:jadwal_detail", kwargs={"pk": s.pk}) in html
        }

    assert daftar(penilai) == {dekat.pk, lain.pk}
    assert daftar(operator_a) == {dekat.pk}


@pytest.mark.django_db
def test_the_list_query_count_does_not_grow_with_sessions(
    client, admin_user, periode, opd_a, penilai, django_assert_max_num_queries
):
    client.force_login(admin_user)
    url = reverse("tindak:jadwal") + "?periode=0"

    def buat(n):
        for i in range(n):
            _sesi(
                admin_user,
                periode,
                OpdFactory(),
                [penilai],
                mulai=timezone.now() + timedelta(days=i - n // 2, hours=1),
            )

    buat(2)
    with django_assert_max_num_queries(14) as awal:
        client.get(url)
    buat(15)
    with django_assert_max_num_queries(len(awal.captured_queries)):
        response = client.get(url)
    assert response.status_code == 200


@pytest.mark.django_db
def test_seed_demo_shows_an_interview_next_week_and_a_visit_with_two_actions(settings, capsys):
    from django.core.management import call_command

    settings.DEBUG = True

    call_command("seed_demo")

    assert "Jadwal demo: interviu" in capsys.readouterr().out
    interviu = Sesi.objects.get(jenis=JenisSesi.INTERVIU)
    visitasi = Sesi.objects.get(jenis=JenisSesi.VISITASI)
    assert interviu.status == StatusSesi.DIJADWALKAN and interviu.mulai > timezone.now()
    assert visitasi.status == StatusSesi.SELESAI and visitasi.ringkasan
    assert sorted(a.opd.singkatan for a in visitasi.aksi.all()) == sorted(
        [interviu.opd.singkatan, "BKD"]
    )
