"""The roadmap's programs in the browser (SPEC §14): the Koordinator imports a Dompu-shaped
roadmap table (preview, then confirm), the operator of a responsible OPD reports a year's
progress with a document of their library, and the pages fit a phone's width."""

import pytest
from playwright.sync_api import expect

from evaluasi.dokumen import services as dokumen_services
from evaluasi.models import KemajuanProgram, Program, StatusKemajuan
from tests.browser.conftest import login
from tests.conftest import PDF_BYTES
from tests.evaluasi.test_program import DOMPU, buku
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_admin_imports_the_roadmap_and_the_operator_reports_progress(
    page, admin_user, operator_a, opd_a, opd_b, instrumen
):
    # 1. The Koordinator uploads the table: a preview first, nothing written yet.
    login(page, admin_user.username, PASSWORD)
    page.goto("/tindak-lanjut/")
    page.locator("#kartu-program").get_by_role("link", name="Daftar program").click()
    page.locator("#impor-program").click()
    page.get_by_label("Berkas peta rencana (.xlsx)").set_input_files(
        {
            "name": "peta-rencana-dompu.xlsx",
            "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "buffer": buku(DOMPU),
        }
    )
    page.locator("#unggah-program").click()
    expect(page.locator("#rencana-program")).to_contain_text("4 baru")
    expect(page.locator("#tabel-pratinjau")).to_contain_text("Pembentukan Tim Koordinasi SPBE")
    assert not Program.objects.exists()
    page.locator("#konfirmasi-program").click()
    expect(page.locator(".alert-success")).to_contain_text("4 program baru")
    expect(page.locator("#tabel-program tr.program")).to_have_count(4)

    # 2. The operator of Diskominfo reports 2024 with a document of their library.
    dokumen_services.dokumen_buat(
        opd_id=opd_a.pk,
        user=operator_a,
        data=PDF_BYTES + b"sk-tim",
        nama="sk-tim.pdf",
        judul="SK Tim Koordinasi SPBE",
    )
    page.context.clear_cookies()
    login(page, operator_a.username, PASSWORD)
    page.goto("/tindak-lanjut/program/kemajuan/?tahun=2024")
    baris = page.locator(".baris-kemajuan", has_text="Pembentukan Tim Koordinasi SPBE")
    expect(page.locator(".baris-kemajuan")).to_have_count(2)  # BKD's own row is not theirs
    baris.locator("summary", has_text="Laporkan kemajuan").click()
    baris.get_by_label("Status").select_option(label="Selesai")
    baris.get_by_label("Catatan").fill("SK ditetapkan Maret 2024")
    baris.get_by_label("Dokumen bukti").select_option(label="SK Tim Koordinasi SPBE — versi 1")
    baris.get_by_role("button", name="Simpan").click()
    expect(page.locator(".alert-success")).to_contain_text("Kemajuan")
    baris = page.locator(".baris-kemajuan", has_text="Pembentukan Tim Koordinasi SPBE")
    expect(baris.locator(".status-kemajuan")).to_have_text("Selesai")
    expect(baris).to_contain_text("SK Tim Koordinasi SPBE")
    expect(page.locator("#ringkasan-kemajuan")).to_contain_text("Selesai: 1")
    k = KemajuanProgram.objects.get(
        program__sub_program="Pembentukan Tim Koordinasi SPBE", tahun=2024
    )
    assert k.status == StatusKemajuan.SELESAI and k.dilaporkan_oleh == operator_a

    # 3. A phone's width: no sideways scrolling.
    page.set_viewport_size({"width": 390, "height": 844})
    for url in (
        "/tindak-lanjut/program/kemajuan/?tahun=2024",
        "/tindak-lanjut/program/",
        f"/tindak-lanjut/program/{k.program_id}/",
    ):
        page.goto(url)
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, url
