"""Fast review (issue [3/9] item 5): one grid page per penilaian, each row saved through htmx
with the keyboard, and Simpan & lanjut on the per-indicator review page."""

import pytest
from playwright.sync_api import expect

from evaluasi.models import Jawaban
from evaluasi.verifikasi import services as verifikasi_services
from tests.browser.conftest import login
from tests.evaluasi.test_verifikasi import _fill_and_submit
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_evaluator_reviews_rows_with_the_keyboard_without_reloading(
    page, penilaian_a, operator_a, evaluator, admin_user
):
    verifikasi_services.penugasan_add(
        periode=penilaian_a.periode, evaluator=evaluator, opds=[penilaian_a.opd], user=admin_user
    )
    _fill_and_submit(penilaian_a, operator_a, {})
    login(page, evaluator.username, PASSWORD)
    page.goto(f"/evaluasi/penilaian/{penilaian_a.pk}/")
    page.get_by_role("link", name="Verifikasi cepat").click()
    page.evaluate("window.__tidak_dimuat_ulang = true")

    # Row 2: choose the level by keyboard, type a note, Enter saves that row only.
    page.get_by_label("Level final indikator 2", exact=True).focus()
    page.keyboard.press("4")
    page.keyboard.press("Tab")  # metode
    page.keyboard.press("Tab")  # catatan
    page.keyboard.type("SK sudah ditandatangani.")
    page.keyboard.press("Enter")
    expect(page.locator("#baris-2 [role=status]")).to_contain_text(":")
    page.get_by_label("Level final indikator 3", exact=True).select_option("1")
    page.locator("#baris-3").get_by_role("button", name="Simpan").click()
    expect(page.locator("#baris-3 [role=status]")).to_contain_text(":")
    assert page.evaluate("window.__tidak_dimuat_ulang") is True

    rows = dict(
        Jawaban.objects.filter(penilaian=penilaian_a, level_final__isnull=False).values_list(
            "indikator__nomor", "level_final"
        )
    )
    assert rows == {2: 4, 3: 1}
    assert Jawaban.objects.get(penilaian=penilaian_a, indikator__nomor=2).catatan_evaluator == (
        "SK sudah ditandatangani."
    )

    # The per-indicator page: Simpan & lanjut moves to the next indicator.
    page.goto(f"/evaluasi/penilaian/{penilaian_a.pk}/reviu/5/")
    page.locator("label[for=final-3]").click()
    page.get_by_role("button", name="Simpan & lanjut").click()
    expect(page).to_have_url(f"/evaluasi/penilaian/{penilaian_a.pk}/reviu/6/")
    assert Jawaban.objects.get(penilaian=penilaian_a, indikator__nomor=5).level_final == 3
