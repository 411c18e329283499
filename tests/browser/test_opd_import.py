import pytest
from playwright.sync_api import expect

from opd.models import Opd
from tests.browser.conftest import login
from tests.factories import PASSWORD
from tests.helpers import FIXTURES

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_admin_imports_dompu_list_through_the_page_and_sees_41_opds(page, admin_user):
    login(page, admin_user.username, PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Tugas saya")

    page.get_by_role("navigation", name="Menu utama").get_by_role(
        "link", name="Data Master"
    ).click()
    page.locator("a.btn", has_text="Impor dari lembar kerja").click()
    page.get_by_label("Berkas lembar kerja").set_input_files(FIXTURES / "opd_dompu.csv")
    page.get_by_role("button", name="Periksa dan pratinjau").click()

    expect(page.locator("#ringkasan-impor")).to_contain_text("41 baru")
    assert Opd.objects.count() == 0  # the preview saved nothing
    page.get_by_role("button", name="Konfirmasi impor").click()

    expect(page.get_by_role("alert")).to_contain_text("41 dibuat, 0 diperbarui")
    expect(page.locator("#jumlah-opd")).to_contain_text("41 OPD terdaftar")
    expect(page.locator("#tabel-opd tbody tr")).to_have_count(41)
    expect(page.locator("#tabel-opd")).to_contain_text("Kecamatan Hu'u")
    assert Opd.objects.count() == 41


def test_bad_file_shows_row_errors_in_the_browser_and_imports_nothing(page, admin_user, tmp_path):
    bad = tmp_path / "opd.csv"
    bad.write_text("nama,jenis\nDinas A,Dinas\n,Dinas\nDinas A,Dinas\n", encoding="utf-8")
    login(page, admin_user.username, PASSWORD)

    page.goto("/opd/impor/")
    page.get_by_label("Berkas lembar kerja").set_input_files(bad)
    page.get_by_role("button", name="Periksa dan pratinjau").click()

    errors = page.locator("#galat-impor")
    expect(errors).to_contain_text("Baris 3: Nama OPD kosong.")
    expect(errors).to_contain_text("Baris 4: Nama OPD sama dengan baris 2")
    expect(page.get_by_role("button", name="Konfirmasi impor")).to_have_count(0)
    assert Opd.objects.count() == 0
