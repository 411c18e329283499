"""MRTG traffic in the browser: an operator uploads a generated log for their OPD's link
from the overview and sees the chart and the month's summary; then the same page on a
390 px phone, without sideways scrolling."""

import pytest
from playwright.sync_api import expect

from jaringan.models import JenisKoneksi, Koneksi, TrafikHarian
from tests.browser.conftest import login
from tests.factories import PASSWORD
from tests.jaringan.mrtg_pembuat import jam_kerja, log_mrtg, waktu

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_operator_uploads_a_log_and_sees_the_chart(page, browser, live_server, operator_a, opd_a):
    koneksi = Koneksi.objects.create(
        opd=opd_a,
        tahun=2026,
        nama="Internet utama",
        jenis=JenisKoneksi.DISKOMINFO,
        bandwidth_mbps=10,
    )
    # 1–7 Nov at 2-hour lines: 08:00–16:00 at 1,200,000 B/s, otherwise 300,000 → a daily
    # average of 600,000 B/s = 4,80 Mbit/s (48 % of 10 Mbps); peak 1,800,000 = 14,40 (144 %).
    data = log_mrtg(waktu(2026, 11, 8), [(7200, 7 * 12)], jam_kerja(1_200_000, 300_000))

    login(page, operator_a.username, PASSWORD)
    page.goto("/jaringan/mrtg/?tahun=2026")
    page.get_by_role("link", name="Unggah log MRTG").click()
    page.get_by_label("Koneksi").select_option(str(koneksi.pk))
    page.get_by_label("Berkas log MRTG (.log)").set_input_files(
        {"name": "kominfo.log", "mimeType": "text/plain", "buffer": data}
    )
    page.get_by_role("button", name="Unggah dan proses").click()

    expect(page.locator(".alert-success")).to_contain_text("7 hari (2026-11-01 s.d. 2026-11-07)")
    expect(page.locator("#ringkasan-bulan")).to_contain_text("4,80 / 1,20 Mbit/s")
    expect(page.locator("#utilisasi-rata")).to_have_text("48,0%")
    expect(page.locator("#utilisasi-puncak")).to_have_text("144,0%")
    expect(page.locator("#peringatan-padat")).to_be_visible()
    expect(page.locator("#grafik-mrtg polyline")).to_have_count(4)
    expect(page.locator("#tabel-harian tbody tr")).to_have_count(7)
    assert TrafikHarian.objects.filter(koneksi=koneksi).count() == 7

    ponsel = browser.new_context(
        base_url=live_server.url, locale="id-ID", viewport={"width": 390, "height": 844}
    ).new_page()
    login(ponsel, operator_a.username, PASSWORD)
    ponsel.goto(f"/jaringan/mrtg/koneksi/{koneksi.pk}/")
    expect(ponsel.locator("#grafik-mrtg")).to_be_visible()
    lebar = ponsel.locator("#grafik-mrtg").bounding_box()["width"]
    assert lebar <= 390
    assert ponsel.evaluate("document.documentElement.scrollWidth") <= 390
    ponsel.goto("/jaringan/mrtg/?tahun=2026")
    expect(ponsel.locator("#tabel-ringkasan-mrtg")).to_contain_text("Internet utama")
    assert ponsel.evaluate("document.documentElement.scrollWidth") <= 390
    ponsel.context.close()
