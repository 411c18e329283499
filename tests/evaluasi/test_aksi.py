"""Rencana aksi (SPEC §14): from a recommendation to a completed action, the step table, the
carry-over to next year's indicator, reminders, exports, and the hostile cases."""

import io
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from evaluasi.aksi import aturan, pengingat, services
from evaluasi.aksi.aturan import LangkahTidakSah
from evaluasi.dokumen import services as dokumen_services
from evaluasi.models import (
    Dokumen,
    Jawaban,
    KomentarAksi,
    Padanan,
    Periode,
    RencanaAksi,
    StatusAksi,
    StatusPeriode,
)
from notifikasi.models import Surel
from tests.conftest import PDF_BYTES
from tests.evaluasi.test_usulan import _periode_baru

pytestmark = pytest.mark.django_db

HARI_INI = date(2026, 12, 7)


# --- The pure rules ---------------------------------------------------------------------------


def test_operators_take_the_working_steps_and_only_the_team_cancels_or_reopens():
    operator = {s.ke for s in aturan.langkah_boleh("rencana", tim=False)}
    tim = {s.ke for s in aturan.langkah_boleh("rencana", tim=True)}

    assert operator == {"berjalan", "selesai"} and tim == {"berjalan", "selesai", "batal"}
    assert aturan.langkah_boleh("selesai", tim=False) == ()
    assert [s.ke for s in aturan.langkah_boleh("selesai", tim=True)] == ["berjalan"]
    with pytest.raises(LangkahTidakSah, match="Hanya Admin atau evaluator"):
        aturan.periksa_langkah("berjalan", "batal", tim=False, ada_bukti=True)


def test_done_needs_evidence_and_a_stale_step_is_refused():
    with pytest.raises(LangkahTidakSah, match="Tautkan dokumen bukti"):
        aturan.periksa_langkah("berjalan", "selesai", tim=True, ada_bukti=False)
    assert aturan.periksa_langkah("berjalan", "selesai", tim=False, ada_bukti=True).ke == "selesai"
    # The second of two clicks: the action is already done, "start" is no step from there.
    with pytest.raises(LangkahTidakSah, match="sudah berubah"):
        aturan.periksa_langkah("selesai", "selesai", tim=True, ada_bukti=True)


def test_overdue_is_open_and_past_its_due_date():
    kemarin = HARI_INI - timedelta(days=1)

    assert aturan.terlambat("rencana", kemarin, HARI_INI)
    assert aturan.terlambat("berjalan", kemarin, HARI_INI)
    assert not aturan.terlambat("berjalan", HARI_INI, HARI_INI)  # due today is not late yet
    assert not aturan.terlambat("selesai", kemarin, HARI_INI)
    assert not aturan.terlambat("batal", kemarin, HARI_INI)


@pytest.mark.parametrize(
    ("sisa", "sudah", "harapan"),
    [
        (20, [], None),  # too early
        (14, [], 14),
        (10, [14], None),  # between reminders
        (7, [14], 7),
        (6, [14], 7),  # the day-7 run was missed: sent on day 6, once
        (6, [14, 7], None),
        (1, [14], 1),  # day 7 missed entirely: only the nearest one goes
        (0, [14, 7, 1], None),
        (-1, [], None),  # overdue: Tugas saya shows it, no more mails
    ],
)
def test_the_reminder_due_is_the_nearest_day_not_sent_yet(sisa, sudah, harapan):
    batas = HARI_INI + timedelta(days=sisa)

    assert aturan.pengingat_jatuh("rencana", batas, HARI_INI, sudah) == harapan
    assert aturan.pengingat_jatuh("selesai", batas, HARI_INI, []) is None


# --- From a recommendation to a completed action -----------------------------------------------


@pytest.fixture
def terbit(final_a):
    """opd_a's 59/2020 result with recommendations on indicators 1 and 3, published."""
    Jawaban.objects.filter(penilaian=final_a, indikator__nomor=1).update(
        rekomendasi="Perbarui Perbup SPBE."
    )
    Jawaban.objects.filter(penilaian=final_a, indikator__nomor=3).update(
        rekomendasi="Tetapkan kebijakan manajemen data."
    )
    Periode.objects.filter(pk=final_a.periode_id).update(status=StatusPeriode.DIPUBLIKASI)
    final_a.periode.refresh_from_db()
    return final_a


def _jawaban(penilaian, nomor):
    return penilaian.jawaban.get(indikator__nomor=nomor)


def test_the_operator_follows_a_recommendation_to_a_completed_action(client, terbit, operator_a):
    client.force_login(operator_a)
    j1 = _jawaban(terbit, 1)

    page = client.get(reverse("tindak:aksi_rekomendasi")).content.decode()
    assert "Perbarui Perbup SPBE." in page and "Tetapkan kebijakan manajemen data." in page

    batas = timezone.localdate() + timedelta(days=30)
    response = client.post(
        reverse("tindak:aksi_buat"),
        {"jawaban": j1.pk, "uraian": "Menyusun perubahan Perbup", "batas": batas.isoformat()},
    )
    aksi = RencanaAksi.objects.get()
    assert response.status_code == 302 and response.url == reverse("tindak:aksi", args=[aksi.pk])
    assert (aksi.opd_id, aksi.indikator_id, aksi.asal, aksi.status) == (
        terbit.opd_id,
        j1.indikator_id,
        "evaluator",
        "rencana",
    )
    assert aksi.rekomendasi == "Perbarui Perbup SPBE." and aksi.tahun == terbit.periode.tahun
    # Followed: no longer waiting on the recommendations page.
    page = client.get(reverse("tindak:aksi_rekomendasi")).content.decode()
    assert "Perbarui Perbup SPBE." not in page

    url = reverse("tindak:aksi_langkah", args=[aksi.pk])
    client.post(url, {"ke": "berjalan"})
    client.post(
        reverse("tindak:aksi_bukti", args=[aksi.pk]),
        {"berkas": _berkas("Perbup perubahan.pdf")},
    )
    client.post(url, {"ke": "selesai", "catatan": "Ditetapkan."})

    aksi.refresh_from_db()
    assert aksi.status == StatusAksi.SELESAI and aksi.selesai_pada is not None
    # The evidence went into the OPD's library, once, like any evidence.
    assert aksi.bukti.dokumen.opd_id == terbit.opd_id
    assert list(
        KomentarAksi.objects.filter(aksi=aksi)
        .exclude(status_ke="")
        .values_list("status_dari", "status_ke", "teks")
    ) == [("rencana", "berjalan", ""), ("berjalan", "selesai", "Ditetapkan.")]


def _berkas(nama):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(nama, PDF_BYTES, content_type="application/pdf")


def test_no_action_from_a_recommendation_before_publication(client, final_a, operator_a):
    Jawaban.objects.filter(penilaian=final_a, indikator__nomor=1).update(rekomendasi="Rahasia.")
    client.force_login(operator_a)
    j1 = _jawaban(final_a, 1)

    assert client.get(reverse("tindak:aksi_buat"), {"jawaban": j1.pk}).status_code == 404
    page = client.get(reverse("tindak:aksi_rekomendasi")).content.decode()
    assert "Rahasia." not in page
    assert RencanaAksi.objects.count() == 0


def test_another_opds_recommendation_is_404_and_its_opd_cannot_be_forced(
    client, terbit, operator_b, operator_a, opd_b
):
    j1 = _jawaban(terbit, 1)
    client.force_login(operator_b)
    batas = (timezone.localdate() + timedelta(days=5)).isoformat()

    response = client.post(
        reverse("tindak:aksi_buat"), {"jawaban": j1.pk, "uraian": "x", "batas": batas}
    )
    assert response.status_code == 404
    # The recommendation's own operator cannot hand it to another OPD either: the field is
    # fixed to the recommendation's OPD, whatever the form says.
    client.force_login(operator_a)
    client.post(
        reverse("tindak:aksi_buat"),
        {"jawaban": j1.pk, "uraian": "x", "batas": batas, "opd": opd_b.pk},
    )
    assert list(RencanaAksi.objects.values_list("opd_id", flat=True)) == [terbit.opd_id]


def test_an_operator_makes_no_free_action_and_pimpinan_none_at_all(client, operator_a, pimpinan):
    for user in (operator_a, pimpinan):
        client.force_login(user)
        assert client.get(reverse("tindak:aksi_buat")).status_code == 403


def test_an_admin_makes_an_action_for_any_opd_but_not_an_inactive_one(
    client, admin_user, opd_b, terbit
):
    client.force_login(admin_user)
    batas = (timezone.localdate() + timedelta(days=5)).isoformat()
    opd_b.aktif = False
    opd_b.save()

    response = client.post(
        reverse("tindak:aksi_buat"), {"uraian": "Rapat", "batas": batas, "opd": opd_b.pk}
    )

    assert response.status_code == 200
    assert "bukan wewenang Anda" in response.content.decode()
    assert RencanaAksi.objects.count() == 0


@pytest.fixture
def aksi_a(terbit, evaluator):
    return services.aksi_buat(
        user=evaluator,
        opd=terbit.opd,
        uraian="Menyusun perubahan Perbup",
        batas=timezone.localdate() + timedelta(days=10),
        tahun=terbit.periode.tahun,
        jawaban=_jawaban(terbit, 1),
    )


def test_two_clicks_take_a_step_once(client, aksi_a, operator_a):
    client.force_login(operator_a)
    url = reverse("tindak:aksi_langkah", args=[aksi_a.pk])

    client.post(url, {"ke": "berjalan"})
    response = client.post(url, {"ke": "berjalan"}, follow=True)

    assert "sudah berubah" in response.content.decode()
    assert KomentarAksi.objects.filter(aksi=aksi_a, status_ke="berjalan").count() == 1


def test_an_operator_cannot_cancel_nor_finish_without_evidence(client, aksi_a, operator_a):
    client.force_login(operator_a)
    url = reverse("tindak:aksi_langkah", args=[aksi_a.pk])

    r1 = client.post(url, {"ke": "batal"}, follow=True).content.decode()
    r2 = client.post(url, {"ke": "selesai"}, follow=True).content.decode()

    assert "Hanya Admin atau evaluator" in r1 and "Tautkan dokumen bukti" in r2
    aksi_a.refresh_from_db()
    assert aksi_a.status == StatusAksi.RENCANA


def test_another_opds_document_cannot_be_the_evidence(
    client, aksi_a, operator_a, operator_b, admin_user, opd_b
):
    milik_b = dokumen_services.dokumen_buat(
        opd_id=opd_b.pk, user=operator_b, data=PDF_BYTES, nama="SK BKD.pdf"
    )
    url = reverse("tindak:aksi_bukti", args=[aksi_a.pk])

    client.force_login(operator_a)  # not in their scope: 404
    assert client.post(url, {"dokumen": milik_b.pk}).status_code == 404
    client.force_login(admin_user)  # in the Admin's scope, but not the PIC OPD's library
    page = client.post(url, {"dokumen": milik_b.pk}, follow=True).content.decode()

    assert "Dokumen tidak ditemukan di pustaka OPD PIC" in page
    aksi_a.refresh_from_db()
    assert aksi_a.bukti_id is None


def test_a_file_already_in_the_library_is_linked_not_stored_again(client, aksi_a, operator_a):
    ada = dokumen_services.dokumen_buat(
        opd_id=aksi_a.opd_id, user=operator_a, data=PDF_BYTES, nama="SK.pdf"
    )
    client.force_login(operator_a)

    client.post(reverse("tindak:aksi_bukti", args=[aksi_a.pk]), {"berkas": _berkas("lagi.pdf")})

    aksi_a.refresh_from_db()
    assert aksi_a.bukti.dokumen_id == ada.pk
    assert Dokumen.objects.filter(opd_id=aksi_a.opd_id).count() == 1


# --- Carried to next year's penilaian ----------------------------------------------------------


def test_open_actions_show_on_their_indicator_next_year_and_closed_ones_do_not(
    client, aksi_a, operator_a, operator_b, terbit, evaluator, admin_user
):
    selesai = services.aksi_buat(
        user=evaluator,
        opd=terbit.opd,
        uraian="Sudah beres",
        batas=timezone.localdate(),
        tahun=terbit.periode.tahun,
        jawaban=_jawaban(terbit, 3),
    )
    services.aksi_transisi(aksi=selesai, ke="batal", user=admin_user, tim=True)
    periode = _periode_baru(terbit.periode.instrumen, terbit.periode.tahun + 1)
    baru = periode.penilaian.get(opd_id=terbit.opd_id)
    client.force_login(operator_a)

    satu = client.get(reverse("evaluasi:jawaban", args=[baru.pk, 1])).content.decode()
    tiga = client.get(reverse("evaluasi:jawaban", args=[baru.pk, 3])).content.decode()
    dua = client.get(reverse("evaluasi:jawaban", args=[baru.pk, 2])).content.decode()

    assert "Menyusun perubahan Perbup" in satu and 'id="aksi-terbuka"' in satu
    assert "Sudah beres" not in tiga and 'id="aksi-terbuka"' not in tiga
    assert 'id="aksi-terbuka"' not in dua
    # Not on another OPD's penilaian of the same indicator.
    client.force_login(operator_b)
    lain = periode.penilaian.get(opd__pk=operator_b.opd_id)
    assert (
        'id="aksi-terbuka"'
        not in client.get(reverse("evaluasi:jawaban", args=[lain.pk, 1])).content.decode()
    )


def test_open_actions_reach_a_pemdi_indicator_through_the_crosswalk(
    aksi_a, terbit, instrumen_pemdi
):
    from evaluasi.aksi.selectors import aksi_terbuka

    tujuan = instrumen_pemdi.indikator.get(nomor=2)
    Padanan.objects.create(asal=aksi_a.indikator, tujuan=tujuan)
    periode = _periode_baru(instrumen_pemdi, terbit.periode.tahun + 1)
    baru = periode.penilaian.get(opd_id=terbit.opd_id)

    assert aksi_terbuka(baru) == {tujuan.pk: [aksi_a]}


# --- Reminders, lists, exports ------------------------------------------------------------------


def test_each_reminder_goes_once_and_a_moved_due_date_starts_over(aksi_a, operator_a, admin_user):
    operator_a.email = "op@example.org"
    operator_a.save()
    hari = aksi_a.batas - timedelta(days=7)

    pertama = pengingat.kirim_otomatis(hari)
    kedua = pengingat.kirim_otomatis(hari)

    assert (pertama.aksi, pertama.surel, kedua.aksi, kedua.surel) == (1, 1, 0, 0)
    surel = Surel.objects.get(subjek__contains="rencana aksi")
    assert surel.kepada == "op@example.org" and "rencana aksi" in surel.subjek
    assert reverse("tindak:aksi", args=[aksi_a.pk]) in surel.isi

    services.aksi_ubah(aksi=aksi_a, user=admin_user, batas=aksi_a.batas + timedelta(days=7))
    aksi_a.refresh_from_db()
    assert pengingat.kirim_otomatis(aksi_a.batas - timedelta(days=7)).aksi == 1
    # A closed action is not reminded.
    services.aksi_transisi(aksi=aksi_a, ke="batal", user=admin_user, tim=True)
    assert pengingat.kirim_otomatis(aksi_a.batas - timedelta(days=1)).aksi == 0


def test_tugas_saya_lists_the_action_due(client, aksi_a, operator_a, operator_b):
    client.force_login(operator_a)
    assert "Menyusun perubahan Perbup" in client.get(reverse("beranda")).content.decode()
    client.force_login(operator_b)
    assert "Menyusun perubahan Perbup" not in client.get(reverse("beranda")).content.decode()


def test_the_list_reads_a_constant_number_of_queries(
    client, terbit, evaluator, admin_user, opd_b, django_assert_max_num_queries
):
    for n in range(30):
        services.aksi_buat(
            user=evaluator,
            opd=terbit.opd if n % 2 else opd_b,
            uraian=f"Aksi {n}",
            batas=timezone.localdate() + timedelta(days=n - 5),
            tahun=2025,
            indikator=_jawaban(terbit, 1 + n % 5).indikator,
        )
    client.force_login(admin_user)

    with django_assert_max_num_queries(14):
        page = client.get(reverse("tindak:aksi_daftar")).content.decode()

    assert page.count('class="list-group-item list-group-item-action aksi') == 30
    # Overdue ones are marked (5 due before today).
    assert page.count("list-group-item-danger") == 5


def test_an_operator_exports_only_their_own_and_text_stays_text(
    client, terbit, evaluator, operator_a, opd_b
):
    services.aksi_buat(
        user=evaluator,
        opd=terbit.opd,
        uraian='=HYPERLINK("http://x","klik")',
        batas=HARI_INI,
        tahun=2025,
    )
    services.aksi_buat(user=evaluator, opd=opd_b, uraian="Milik BKD", batas=HARI_INI, tahun=2025)
    client.force_login(operator_a)

    response = client.get(reverse("tindak:aksi_xlsx"))

    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert [r[1] for r in rows] == ['=HYPERLINK("http://x","klik")']
    assert sheet["B2"].data_type == "s"
    pdf = client.get(reverse("tindak:aksi_pdf"))
    assert pdf.content.startswith(b"%PDF")


@pytest.fixture
def hasil_nasional(periode_pemdi, admin_user, opd_b):
    """A national round with a recommendation on Pemdi indicator 3, whose pengampu is opd_b."""
    from evaluasi.models import (
        HasilIndikatorNasional,
        Pengampu,
        PenilaianInstansi,
        Putaran,
    )

    instansi, _ = PenilaianInstansi.objects.get_or_create(periode=periode_pemdi)
    putaran = Putaran.objects.create(
        penilaian=instansi,
        nomor=1,
        nama="Tahap 1",
        nama_berkas="hasil.xlsx",
        diimpor_oleh=admin_user,
    )
    indikator = periode_pemdi.instrumen.indikator.get(nomor=3)
    Pengampu.objects.create(periode=periode_pemdi, indikator=indikator, opd=opd_b)
    return HasilIndikatorNasional.objects.create(
        putaran=putaran, indikator=indikator, rekomendasi="Integrasikan data dengan Satu Data."
    )


def test_a_national_recommendation_is_the_teams_and_proposes_its_pengampu(
    client, hasil_nasional, admin_user, operator_a, opd_b
):
    client.force_login(operator_a)
    assert client.get(reverse("tindak:aksi_buat"), {"hasil": hasil_nasional.pk}).status_code == 404
    assert "Satu Data" not in client.get(reverse("tindak:aksi_rekomendasi")).content.decode()

    client.force_login(admin_user)
    form = client.get(reverse("tindak:aksi_buat"), {"hasil": hasil_nasional.pk}).context["form"]
    assert form.initial == {"indikator": hasil_nasional.indikator_id, "opd": opd_b.pk}
    batas = (timezone.localdate() + timedelta(days=60)).isoformat()
    client.post(
        reverse("tindak:aksi_buat"),
        {"hasil": hasil_nasional.pk, "uraian": "Integrasi", "batas": batas, "opd": opd_b.pk},
    )

    aksi = RencanaAksi.objects.get()
    assert (aksi.asal, aksi.opd_id, aksi.indikator_id, aksi.hasil_nasional_id) == (
        "nasional",
        opd_b.pk,
        hasil_nasional.indikator_id,
        hasil_nasional.pk,
    )
    assert aksi.rekomendasi == "Integrasikan data dengan Satu Data."
