import pytest
from playwright.sync_api import expect

from tests.browser.conftest import login
from tests.conftest import PDF_BYTES
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_operator_adds_an_application_with_a_document_and_it_appears_publicly(
    page, operator_a, opd_a, tmp_path
):
    sop = tmp_path / "SOP Layanan Perizinan.pdf"
    sop.write_bytes(PDF_BYTES)
    login(page, operator_a.username, PASSWORD)

    page.get_by_role("navigation", name="Menu utama").get_by_role("link", name="Arsitektur").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(opd_a.nama)
    page.get_by_role("link", name="Tambah aplikasi").click()
    page.get_by_label("Nama aplikasi").fill("SiCantik Perizinan")
    page.get_by_label("Deskripsi").fill("Perizinan daring untuk masyarakat.")
    page.get_by_label("URL (usulan domain)").fill("https://sicantik.sulbarprov.go.id")
    page.get_by_label("Tahun pembuatan").fill("2021")
    page.get_by_label("Name server / IP publik").fill("103.10.20.30")
    page.get_by_label("Dokumen SOP / proses bisnis").set_input_files(sop)
    page.get_by_role("button", name="Simpan", exact=True).click()
    expect(page.locator("#tabel-aplikasi")).to_contain_text("SOP Layanan Perizinan.pdf")

    page.goto("/publik/")  # the public page needs no login
    row = page.locator("#tabel-publik tr", has_text=opd_a.nama)
    expect(row).to_contain_text("SiCantik Perizinan")
    expect(row).to_contain_text("https://sicantik.sulbarprov.go.id")
    assert "103.10.20.30" not in page.content()
