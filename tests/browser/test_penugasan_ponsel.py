"""Evaluator assignment on a phone (390 px) with more OPDs than a page: search, tick every OPD
of the page, assign, page on — and the page never scrolls sideways."""

import pytest
from playwright.sync_api import expect

from evaluasi.models import Penugasan
from tests.browser.conftest import login
from tests.factories import PASSWORD, OpdFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PONSEL = {"width": 390, "height": 844}


def _lebar(page) -> tuple[int, int]:
    return tuple(
        page.evaluate(
            "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
    )


def test_admin_assigns_a_searched_page_of_opds_on_a_phone(
    browser, live_server, admin_user, evaluator, periode
):
    opds = [
        OpdFactory(
            nama=f"Kecamatan Mamuju Tengah Wilayah Pelayanan Terpadu {i:03d}",
            kode=f"KC-{i:03d}",
            urutan=100 + i,
        )
        for i in range(60)
    ]
    context = browser.new_context(base_url=live_server.url, locale="id-ID", viewport=PONSEL)
    page = context.new_page()
    page.set_default_timeout(15_000)
    login(page, admin_user.username, PASSWORD)

    page.goto(f"/evaluasi/periode/{periode.pk}/penugasan/")
    expect(page.get_by_text("Halaman 1 dari 2")).to_be_visible()
    assert _lebar(page)[0] <= _lebar(page)[1]

    page.get_by_label("Cari OPD (nama, singkatan atau kode)").fill("kc-01")
    page.get_by_role("button", name="Saring").click()
    tabel = page.locator("#tabel-penugasan tbody tr")
    expect(tabel).to_have_count(10)  # KC-010 … KC-019
    page.get_by_role("button", name="Pilih semua di halaman ini").click()
    page.locator("#id_evaluator").select_option(label=evaluator.nama)
    page.get_by_role("button", name="Tugaskan").click()

    expect(page.get_by_text(f"10 penugasan baru untuk {evaluator.nama}")).to_be_visible()
    expect(page.get_by_label("Cari OPD (nama, singkatan atau kode)")).to_have_value("kc-01")
    assert _lebar(page)[0] <= _lebar(page)[1]
    assert set(Penugasan.objects.filter(evaluator=evaluator).values_list("opd", flat=True)) == {
        o.pk for o in opds[10:20]
    }

    page.get_by_label("Hanya yang belum memiliki evaluator").check()
    page.get_by_role("button", name="Saring").click()
    expect(page.locator("#tabel-penugasan")).to_contain_text("Tidak ada OPD yang cocok.")
    assert _lebar(page)[0] <= _lebar(page)[1]
    context.close()
