"""An application request in the browser (SPEC §15): the operator fills it on a phone with
its documents and submits it, Diskominfo asks for a fix, the operator fixes and resubmits,
Diskominfo approves; the application then shows on the OPD's inventory and on /publik/."""

import pytest
from playwright.sync_api import expect

from arsitektur.models import Aplikasi, Permohonan, StatusPermohonan
from tests.browser.conftest import login
from tests.factories import PASSWORD
from tests.permohonan.pabrik import PDF

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DOKUMEN = (
    "Surat permohonan",
    "SOP / proses bisnis",
    "Kerangka acuan kerja (KAK)",
    "Pernyataan kategori sistem elektronik",
    "Dasar hukum",
)


def _langkah(page, label: str, catatan: str = "") -> None:
    langkah = page.locator("#permohonan-langkah details", has_text=label)
    langkah.locator("summary").click()
    if catatan:
        langkah.locator("textarea").fill(catatan)
    langkah.get_by_role("button", name=f"Ya, {label.lower()}").click()


def _lebar_ponsel(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_a_request_from_submission_to_the_inventory(
    page, browser, live_server, operator_a, admin_user
):
    # 1. The operator fills the request on a phone, with its documents, and submits it.
    ponsel = browser.new_context(
        base_url=live_server.url, locale="id-ID", viewport={"width": 390, "height": 844}
    ).new_page()
    ponsel.set_default_timeout(15_000)
    login(ponsel, operator_a.username, PASSWORD)
    ponsel.goto("/permohonan/")
    ponsel.locator("#permohonan-buat").click()
    expect(ponsel.locator("#permohonan-form")).to_be_visible()
    _lebar_ponsel(ponsel)
    ponsel.get_by_label("Nama aplikasi").fill("Sistem Informasi Perizinan")
    ponsel.get_by_label("Deskripsi").fill("Perizinan daring untuk warga Sulawesi Barat.")
    ponsel.get_by_label("URL (usulan domain)").fill("https://izin.sulbarprov.go.id")
    ponsel.get_by_label("Name server / IP publik").fill("103.10.20.30")
    ponsel.get_by_label("Dibangun oleh Diskominfo").check()
    for label in DOKUMEN:
        ponsel.get_by_label(label, exact=True).set_input_files(
            {"name": "dokumen.pdf", "mimeType": "application/pdf", "buffer": PDF}
        )
    ponsel.get_by_role("button", name="Simpan").click()
    expect(ponsel.locator("#permohonan-nama")).to_have_text("Sistem Informasi Perizinan")
    _lebar_ponsel(ponsel)
    _langkah(ponsel, "Ajukan")
    expect(ponsel.locator("#permohonan-status")).to_have_text("Diajukan")
    p = Permohonan.objects.get()
    assert p.dokumen.count() == 5

    # 2. Diskominfo finds it waiting and asks for a fix.
    login(page, admin_user.username, PASSWORD)
    page.goto("/permohonan/")
    expect(page.locator("#permohonan-menunggu")).to_contain_text("1 permohonan menunggu")
    page.get_by_role("link", name="Sistem Informasi Perizinan").click()
    _langkah(page, "Minta perbaikan", "Gunakan subdomain layanan.sulbarprov.go.id.")
    expect(page.locator("#permohonan-riwayat")).to_contain_text("Diajukan → Perlu perbaikan")

    # 3. The operator reads the note, fixes the domain and resubmits.
    ponsel.reload()
    expect(ponsel.locator("#permohonan-catatan")).to_contain_text("Gunakan subdomain layanan")
    ponsel.locator("#permohonan-ubah").click()
    ponsel.get_by_label("URL (usulan domain)").fill("https://izin.layanan.sulbarprov.go.id")
    ponsel.get_by_role("button", name="Simpan").click()
    _langkah(ponsel, "Ajukan ulang")
    expect(ponsel.locator("#permohonan-status")).to_have_text("Diajukan")

    # 4. Diskominfo approves; the application is in the OPD's inventory.
    page.reload()
    _langkah(page, "Setujui", "Subdomain disiapkan.")
    expect(page.locator("#permohonan-status")).to_have_text("Disetujui")
    page.locator("#permohonan-inventaris a").click()
    expect(page.locator("body")).to_contain_text("Sistem Informasi Perizinan")
    app = Aplikasi.objects.get(opd=operator_a.opd)
    assert (app.nama, app.url) == (
        "Sistem Informasi Perizinan",
        "https://izin.layanan.sulbarprov.go.id",
    )
    assert Permohonan.objects.get().status == StatusPermohonan.DISETUJUI

    # 5. The public page shows its public fields, and not its IP.
    ponsel.context.clear_cookies()
    ponsel.goto("/publik/?q=Perizinan")
    expect(ponsel.locator("body")).to_contain_text("Sistem Informasi Perizinan")
    expect(ponsel.locator("body")).to_contain_text("https://izin.layanan.sulbarprov.go.id")
    expect(ponsel.locator("body")).not_to_contain_text("103.10.20.30")
    ponsel.context.close()
