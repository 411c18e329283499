"""The disruption log in the browser (SPEC §15): an operator on a phone logs a disruption still
ongoing, then marks it finished; the admin opens the monthly recap, picks the month and finds
the OPD with its hours."""

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from jaringan.models import Gangguan
from tests.browser.conftest import ARTIFACTS, login
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_operator_logs_and_closes_a_disruption_and_the_admin_sees_the_recap(
    page, browser, live_server, operator_a, opd_a, admin_user
):
    from django.utils import timezone

    kemarin = timezone.localdate() - timedelta(days=1)

    # 1. The operator, on a phone, logs a disruption still going on.
    ponsel = browser.new_context(
        base_url=live_server.url, locale="id-ID", viewport={"width": 390, "height": 844}
    ).new_page()
    login(ponsel, operator_a.username, PASSWORD)
    ponsel.goto("/jaringan/")
    ponsel.locator("#kartu-gangguan").get_by_role("link", name="Buka log gangguan").click()
    ponsel.get_by_role("link", name="Catat gangguan").click()
    assert ponsel.evaluate("document.documentElement.scrollWidth") <= 390
    ponsel.locator("#id_mulai").fill(f"{kemarin:%Y-%m-%d}T08:00")
    ponsel.get_by_label("Masih berlangsung").check()
    ponsel.locator("#id_layanan").fill("Internet seluruh kantor")
    ponsel.locator("#id_penyebab").select_option("isp")
    ponsel.locator("#id_tindakan").fill("Tiket dilaporkan ke ISP")
    ARTIFACTS.mkdir(exist_ok=True)
    ponsel.screenshot(path=str(ARTIFACTS / "gangguan_form_ponsel.png"), full_page=True)
    ponsel.get_by_role("button", name="Simpan").click()
    expect(ponsel.locator("#gangguan-status")).to_have_text("Masih berlangsung")
    assert ponsel.evaluate("document.documentElement.scrollWidth") <= 390

    # 2. Two and a half hours later it is back: Tandai selesai.
    ponsel.locator("#kartu-selesai").get_by_label("Waktu selesai").fill(f"{kemarin:%Y-%m-%d}T10:30")
    ponsel.locator("#kartu-selesai").get_by_label("Tindakan yang diambil").fill(
        "ISP mengganti modem"
    )
    ponsel.get_by_role("button", name="Tandai selesai").click()
    expect(ponsel.locator(".alert-success")).to_contain_text("ditandai selesai")
    expect(ponsel.locator("#gangguan-status")).to_have_text("Selesai")
    expect(ponsel.locator("#gangguan-durasi")).to_contain_text("2,50 jam")
    assert ponsel.evaluate("document.documentElement.scrollWidth") <= 390
    ponsel.screenshot(path=str(ARTIFACTS / "gangguan_rinci_ponsel.png"), full_page=True)
    gangguan = Gangguan.objects.get()
    assert gangguan.opd_id == opd_a.pk and gangguan.tindakan == "ISP mengganti modem"
    assert gangguan.selesai - gangguan.mulai == timedelta(hours=2, minutes=30)

    # 3. The admin opens the monthly recap for that month.
    login(page, admin_user.username, PASSWORD)
    page.goto("/jaringan/gangguan/")
    page.get_by_role("link", name="Rekap bulanan").click()
    page.locator("#f-bulan").select_option(f"{kemarin:%Y-%m}")
    page.get_by_role("button", name="Tampilkan").click()
    baris = page.locator("#rekap-opd tbody tr", has_text=opd_a.nama)
    expect(baris).to_contain_text("2,50")
    expect(page.locator("#rekap-jumlah")).to_have_text("1")
    expect(page.locator("#rekap-penyebab tr", has_text="ISP")).to_contain_text("2,50")
