import pytest
from playwright.sync_api import expect

from evaluasi.models import Bukti, Jawaban
from tests.browser.conftest import login
from tests.conftest import PDF_BYTES
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_operator_fills_three_indicators_uploads_a_pdf_and_cannot_submit_yet(
    page, operator_a, penilaian_a, tmp_path
):
    pdf = tmp_path / "SK Tim Koordinasi SPBE.pdf"
    pdf.write_bytes(PDF_BYTES)
    login(page, operator_a.username, PASSWORD)

    page.get_by_role("navigation", name="Menu utama").get_by_role(
        "link", name="Evaluasi SPBE"
    ).click()
    page.get_by_role("link", name=penilaian_a.periode.nama).click()
    expect(page.locator("#kemajuan")).to_have_text("0%")
    expect(page.locator("#indeks-mandiri")).to_have_text("0,00")

    page.get_by_role("link", name="Kebijakan Internal Arsitektur SPBE Instansi Pemerintah").click()
    page.evaluate("window.__tidak_dimuat_ulang = true")
    for nomor, level in ((1, 3), (2, 4), (3, 2)):
        if nomor > 1:
            page.get_by_role("link", name=f"Indikator {nomor} »").click()
            page.evaluate("window.__tidak_dimuat_ulang = true")
        page.get_by_label(f"Level {level} ·", exact=False).check()
        expect(page.locator(f"#level-{level}").locator("xpath=ancestor::label")).to_contain_text(
            "Bukti yang diharapkan"
        )
        page.get_by_label("Penjelasan").fill(f"Kondisi indikator {nomor} sesuai level {level}.")
        page.get_by_role("button", name="Simpan", exact=True).click()
        # Saved through htmx: the page was not reloaded and says when it was saved.
        expect(page.locator("#status-simpan")).to_contain_text("Tersimpan pukul")
        assert page.evaluate("window.__tidak_dimuat_ulang") is True

    page.get_by_label("Unggah berkas").set_input_files(pdf)
    page.get_by_role("button", name="Unggah", exact=True).click()
    expect(page.locator("#daftar-bukti")).to_contain_text("SK Tim Koordinasi SPBE.pdf")

    page.get_by_role("link", name="Ringkasan").click()
    expect(page.locator("#kemajuan")).to_have_text("6%")  # 3 of 47
    expect(page.locator("#indeks-mandiri")).not_to_have_text("0,00")
    expect(page.locator("#belum-lengkap")).to_contain_text("44 indikator belum memiliki level")
    expect(page.get_by_role("button", name="Ajukan")).to_be_disabled()

    assert Jawaban.objects.filter(penilaian=penilaian_a, level__isnull=False).count() == 3
    assert Bukti.objects.filter(jawaban__penilaian=penilaian_a).count() == 1
