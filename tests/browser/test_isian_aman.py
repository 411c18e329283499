"""Never lose typed text (issue [3/9] item 3): an upload carries the unsaved answer with it,
leaving a page with unsaved changes asks first, and Simpan & lanjut moves on after saving."""

import pytest
from playwright.sync_api import expect

from evaluasi.models import Bukti, Jawaban
from tests.browser.conftest import login
from tests.conftest import PDF_BYTES
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
TEKS = "Perkada arsitektur SPBE ditetapkan 2023."


def test_upload_keeps_the_answer_and_leaving_unsaved_text_asks_first(
    page, operator_a, penilaian_a, tmp_path
):
    pdf = tmp_path / "Perkada SPBE.pdf"
    pdf.write_bytes(PDF_BYTES)
    login(page, operator_a.username, PASSWORD)
    page.goto(f"/evaluasi/penilaian/{penilaian_a.pk}/indikator/1/")

    # 1. Level and explanation typed, not saved; then a file is uploaded: both are kept.
    page.get_by_label("Level 3 ·", exact=False).check()
    page.get_by_label("Penjelasan").fill(TEKS)
    page.get_by_label("Unggah berkas").set_input_files(pdf)
    page.get_by_role("button", name="Unggah", exact=True).click()
    expect(page.locator("#daftar-bukti")).to_contain_text("Perkada SPBE.pdf")
    expect(page.get_by_text("Isian indikator 1 ikut tersimpan.")).to_be_visible()
    expect(page.get_by_label("Penjelasan")).to_have_value(
        "Perkada arsitektur SPBE ditetapkan 2023."
    )
    jawaban = Jawaban.objects.get(penilaian=penilaian_a, indikator__nomor=1)
    assert (jawaban.level, jawaban.penjelasan) == (3, TEKS)
    assert Bukti.objects.filter(jawaban=jawaban).count() == 1

    # 2. A level without an explanation cannot be saved yet: the upload keeps it on the page.
    page.goto(f"/evaluasi/penilaian/{penilaian_a.pk}/indikator/2/")
    page.get_by_label("Level 2 ·", exact=False).check()
    page.get_by_label("Tautan bukti").fill("https://drive.example.go.id/folder")
    page.get_by_label("Unggah berkas").set_input_files(pdf)
    page.get_by_role("button", name="Unggah", exact=True).click()
    expect(page.locator("#draf-dipulihkan")).to_be_visible()
    expect(page.get_by_label("Tautan bukti")).to_have_value("https://drive.example.go.id/folder")
    expect(page.locator("#level-2")).to_be_checked()

    # 3. Leaving with unsaved text asks first; staying keeps the text.
    dialogs = []

    def dismiss(dialog):
        dialogs.append(dialog.type)
        dialog.dismiss()

    page.on("dialog", dismiss)
    page.get_by_label("Penjelasan").fill("Belum disimpan.")
    page.get_by_role("link", name="Indikator 3 »").click()
    page.wait_for_timeout(300)
    assert dialogs == ["beforeunload"]
    expect(page.get_by_label("Penjelasan")).to_have_value("Belum disimpan.")

    # 4. Simpan & lanjut saves and opens the next indicator, without asking.
    page.get_by_role("button", name="Simpan & lanjut").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Indikator 3.")
    assert dialogs == ["beforeunload"]
    assert Jawaban.objects.get(penilaian=penilaian_a, indikator__nomor=2).penjelasan == (
        "Belum disimpan."
    )
