"""The network standard in the browser (SPEC §15): an operator, on a phone, adds the OPD's
link and fills the 2026 checklist with an uploaded evidence file, and sees "Sesuai standar";
the admin then sees the OPD on the recap."""

import pytest
from playwright.sync_api import expect

from jaringan.models import JawabanStandar, Koneksi
from jaringan.standar import services
from tests.browser.conftest import login
from tests.browser.test_pemdi_butir import PDF
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_operator_fills_the_checklist_and_admin_sees_the_recap(
    page, browser, live_server, admin_user, operator_a, opd_a, opd_b
):
    standar = services.standar_buat(tahun=2026, user=admin_user)
    router = services.butir_simpan(
        standar=standar, user=admin_user, uraian="Router/firewall terkelola", bukti_wajib=True
    )
    services.butir_simpan(standar=standar, user=admin_user, uraian="Rak perangkat terkunci")

    # 1. The operator, on a phone: from the network hub to the OPD's checklist.
    ponsel = browser.new_context(
        base_url=live_server.url, locale="id-ID", viewport={"width": 390, "height": 844}
    ).new_page()
    login(ponsel, operator_a.username, PASSWORD)
    ponsel.goto("/jaringan/")
    ponsel.locator("#kartu-standar").get_by_role("link", name="Buka standar").click()
    ponsel.get_by_role("link", name="Checklist").click()
    expect(ponsel.locator("#status-standar")).to_have_text("Belum diisi")
    assert ponsel.evaluate("document.documentElement.scrollWidth") <= 390

    # 2. Adds the OPD's internet link.
    ponsel.get_by_role("link", name="Tambah koneksi").click()
    ponsel.get_by_label("Nama tautan").fill("Internet utama")
    ponsel.get_by_label("Jenis koneksi").select_option(label="Langganan sendiri")
    ponsel.get_by_label("Penyedia layanan (ISP)").fill("Telkom Indonesia")
    ponsel.get_by_label("Bandwidth berlangganan (Mbps)").fill("50")
    ponsel.get_by_role("button", name="Simpan").click()
    expect(ponsel.locator("#koneksi")).to_contain_text("Telkom Indonesia")
    expect(ponsel.locator("#koneksi")).to_contain_text("50 Mbps")

    # 3. Answers both items, uploading the router's evidence into the OPD's library.
    for fieldset in ponsel.locator("#form-checklist fieldset").all():
        fieldset.get_by_text("Terpenuhi", exact=True).click()
    ponsel.locator(f"#butir-{router.pk}").get_by_label("atau unggah berkas baru").set_input_files(
        {"name": "bast-router.pdf", "mimeType": "application/pdf", "buffer": PDF + b"router"}
    )
    ponsel.get_by_role("button", name="Simpan checklist").click()
    expect(ponsel.locator("#status-standar")).to_have_text("Sesuai standar")
    expect(ponsel.locator(f"#butir-{router.pk}")).to_contain_text("bast-router")
    assert ponsel.evaluate("document.documentElement.scrollWidth") <= 390
    assert JawabanStandar.objects.filter(terpenuhi=True).count() == 2
    assert Koneksi.objects.get().opd_id == opd_a.pk

    # 4. The admin's recap: one OPD meets the standard, the other has not filled it in.
    login(page, admin_user.username, PASSWORD)
    page.goto("/jaringan/standar/")
    page.get_by_role("link", name="Rekap").click()
    expect(page.locator("#jumlah-sesuai")).to_have_text("1")
    expect(page.locator("#jumlah-belum-diisi")).to_have_text("1")
    expect(page.locator("#rekap")).to_contain_text(opd_b.nama)
    page.get_by_role("link", name="Sesuai", exact=True).click()
    expect(page.locator("#rekap")).to_contain_text(opd_a.nama)
    expect(page.locator("#rekap")).to_contain_text("Langganan sendiri · Telkom Indonesia · 50 Mbps")
