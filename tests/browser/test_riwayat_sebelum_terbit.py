"""An operator on a phone reads the history of a penilaian the evaluator finalized but the
admin has not published: status names, no final level or index, no sideways scroll; after
publication the verdict appears."""

import pytest
from playwright.sync_api import expect

from evaluasi.models import Periode, StatusPeriode
from evaluasi.verifikasi import services as verifikasi_services
from tests.browser.conftest import login
from tests.evaluasi.test_verifikasi import _fill_and_submit, _review_all
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _no_sideways_scroll(page):
    width = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert width[0] <= width[1], width


def test_operator_on_a_phone_sees_no_final_result_before_publication(
    browser, live_server, operator_a, evaluator, admin_user, penilaian_a
):
    verifikasi_services.penugasan_add(
        periode=penilaian_a.periode, evaluator=evaluator, opds=[penilaian_a.opd], user=admin_user
    )
    _fill_and_submit(penilaian_a, operator_a, {})
    levels = dict.fromkeys(range(1, 48), 3)
    _review_all(penilaian_a, evaluator, levels)
    verifikasi_services.reviu_finalize(penilaian=penilaian_a, user=evaluator)
    context = browser.new_context(
        base_url=live_server.url, locale="id-ID", viewport={"width": 390, "height": 844}
    )
    page = context.new_page()
    try:
        login(page, operator_a.username, PASSWORD)
        page.goto(f"/evaluasi/penilaian/{penilaian_a.pk}/riwayat/")

        table = page.locator("#tabel-riwayat")
        expect(table).to_contain_text("Diverifikasi")  # status names, not codes
        expect(table).not_to_contain_text("Level final")
        expect(page.locator("#tabel-berita-acara")).to_have_count(0)
        _no_sideways_scroll(page)
        page.goto(f"/evaluasi/penilaian/{penilaian_a.pk}/indikator/1/")
        expect(page.locator("#riwayat")).not_to_contain_text("Level final")
        _no_sideways_scroll(page)

        Periode.objects.filter(pk=penilaian_a.periode_id).update(status=StatusPeriode.DIPUBLIKASI)
        page.goto(f"/evaluasi/penilaian/{penilaian_a.pk}/riwayat/")
        expect(page.locator("#tabel-riwayat")).to_contain_text("Level final")
        expect(page.locator("#tabel-berita-acara")).to_contain_text("Finalisasi")
    finally:
        page.screenshot(path="test-artifacts/riwayat-operator-390.png", full_page=True)
        context.close()
