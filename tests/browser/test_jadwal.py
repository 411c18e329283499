"""The schedule in the browser (SPEC §14): the Admin schedules an interview, the evaluator of
the session writes its berita acara with one agreed follow-up, and the follow-up appears as
a rencana aksi of the OPD on the session page. The session page and the list at 390 px."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from evaluasi.models import AsalAksi, RencanaAksi, Sesi, StatusSesi
from notifikasi.models import Surel
from opd.models import Peran
from tests.browser.conftest import login
from tests.factories import PASSWORD, PenggunaFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_admin_schedules_evaluator_writes_the_berita_acara_and_the_action_appears(
    page, periode, admin_user, opd_a
):
    penilai = PenggunaFactory(
        username="evaluator.sesi", peran=Peran.EVALUATOR, nama="Rina Evaluator", email="r@x.id"
    )
    hari_ini = timezone.localdate()

    # 1. The Admin schedules an interview that began this morning.
    login(page, admin_user.username, PASSWORD)
    page.goto("/tindak-lanjut/")
    page.locator("#kartu-jadwal a").click()
    page.locator("#jadwal-tambah").click()
    form = page.locator("#form-sesi")
    form.locator("#id_opd").select_option(label=opd_a.nama)
    form.locator("#id_jenis").select_option(label="Interviu")
    form.locator("#id_tanggal").fill(hari_ini.isoformat())
    form.locator("#id_jam_mulai").fill("00:00")
    form.locator("#id_jam_selesai").fill("12:00")
    form.get_by_label("Tempat").fill("Ruang Rapat Diskominfo, Lt. 2")
    form.get_by_label("Agenda").fill("Klarifikasi indikator 1; 2, dan 3")
    form.get_by_label("Rina Evaluator").check()
    form.get_by_role("button", name="Simpan").click()
    expect(page.locator(".alert-success")).to_contain_text("undangan (.ics) masuk antrean")
    sesi = Sesi.objects.get()
    assert Surel.objects.filter(kepada="r@x.id", lampiran_nama__endswith=".ics").exists()

    # 2. The evaluator of the session writes the berita acara with one follow-up.
    page.context.clear_cookies()
    login(page, penilai.username, PASSWORD)
    page.goto(f"/tindak-lanjut/jadwal/{sesi.pk}/")
    page.locator("#isi-berita-acara").click()
    page.locator("#id_ringkasan").fill("SK Tim SPBE belum diperbarui.")
    page.locator("#id_tl-0-uraian").fill("Perbarui SK Tim Koordinasi SPBE")
    page.locator("#id_tl-0-batas").fill((hari_ini + timedelta(days=45)).isoformat())
    page.locator("#simpan-berita-acara").click()

    # 3. The action appears on the session page, of the right OPD.
    expect(page.locator("#sesi-aksi")).to_contain_text("Perbarui SK Tim Koordinasi SPBE")
    expect(page.locator("#sesi-status")).to_have_text("Selesai")
    aksi = RencanaAksi.objects.get()
    assert aksi.opd == opd_a and aksi.asal == AsalAksi.SESI
    sesi.refresh_from_db()
    assert sesi.status == StatusSesi.SELESAI and list(sesi.aksi.all()) == [aksi]

    # 4. At phone width nothing scrolls sideways.
    page.set_viewport_size({"width": 390, "height": 844})
    for url in (f"/tindak-lanjut/jadwal/{sesi.pk}/", "/tindak-lanjut/jadwal/?periode=0"):
        page.goto(url)
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, url
