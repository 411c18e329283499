import pytest
from playwright.sync_api import expect

from tests.browser.conftest import login
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_pimpinan_browses_the_instrument_and_simulates_an_index(page, pimpinan, instrumen):
    login(page, pimpinan.username, PASSWORD)
    menu = page.get_by_role("navigation", name="Menu utama")

    menu.get_by_role("link", name="Instrumen").click()
    page.get_by_role("link", name="Evaluasi SPBE (PermenPANRB 59/2020)").click()
    page.get_by_role("button", name="Layanan Kepegawaian").click()
    expect(page.locator("#indikator-36")).to_contain_text("SIASN BKN atau SIMPEG daerah")

    menu.get_by_role("link", name="Simulasi Indeks").click()
    page.get_by_role("button", name="level 3").click()  # plain form post: works without htmx
    expect(page.locator("#nilai-indeks")).to_have_text("3,00")
    expect(page.locator("#predikat")).to_have_text("Baik")

    # Changing one level recomputes through htmx without reloading the page.
    page.evaluate("window.__tidak_dimuat_ulang = true")
    page.get_by_label("Layanan Pengaduan Pelayanan Publik").select_option("5")
    expect(page.locator("#nilai-indeks")).to_have_text("3,06")  # + 2 steps × 3 / 100
    assert page.evaluate("window.__tidak_dimuat_ulang") is True
    expect(page.locator("#analisis-gap")).to_contain_text("Untuk mencapai Sangat Baik")
