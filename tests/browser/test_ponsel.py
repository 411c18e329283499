"""Phones (issue [3/9] item 7): at 390 px no main page scrolls sideways, for any role, on the
demo data a newcomer sees; the sidebar is an offcanvas menu opened from the header."""

import os

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from evaluasi.models import Penilaian, Periode
from opd.models import Opd
from spbe_portal.management.commands.seed_demo import DEMO_PASSWORD
from tests.browser.conftest import ARTIFACTS, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PONSEL = {"width": 390, "height": 844}


@pytest.fixture
def demo(settings):
    settings.DEBUG = True  # seed_demo refuses to run otherwise
    call_command("seed_demo", verbosity=0)
    periode = Periode.objects.get(tahun=2023)
    kominfo = Opd.objects.get(singkatan="Diskominfopers")
    return {
        "periode": periode,
        "kominfo": kominfo,
        "penilaian": Penilaian.objects.get(periode=periode, opd=kominfo),
    }


def _pages(role: str, d: dict) -> list[str]:
    p, pen, opd = d["periode"].pk, d["penilaian"].pk, d["kominfo"].pk
    common = [
        "/",
        "/evaluasi/instrumen/",
        "/evaluasi/instrumen/padanan/",
        "/evaluasi/simulasi/",
        "/akun/surel/",
    ]
    return (
        common
        + {
            "admin": [
                "/evaluasi/",
                "/evaluasi/dashboard/",
                "/evaluasi/instrumen/padanan/impor/",
                f"/evaluasi/periode/{p}/",
                f"/evaluasi/periode/{p}/penugasan/",
                f"/evaluasi/periode/{p}/pengingat/",
                f"/evaluasi/penilaian/{pen}/",
                f"/evaluasi/penilaian/{pen}/hasil/",
                f"/evaluasi/penilaian/{pen}/riwayat/",
                "/evaluasi/laporan/",
                "/arsitektur/",
                f"/arsitektur/opd/{opd}/",
                "/tpp/",
                "/tpp/pegawai/",
                "/opd/",
                f"/opd/{opd}/",
                "/pengguna/",
                "/log-aktivitas/",
            ],
            "operator.kominfo": [
                "/evaluasi/",
                f"/evaluasi/penilaian/{pen}/",
                f"/evaluasi/penilaian/{pen}/indikator/1/",
                f"/arsitektur/opd/{opd}/",
            ],
            "evaluator": [
                "/evaluasi/",
                f"/evaluasi/penilaian/{pen}/",
                f"/evaluasi/penilaian/{pen}/reviu/",
                f"/evaluasi/penilaian/{pen}/reviu/1/",
                "/evaluasi/laporan/",
            ],
            "pimpinan": [
                "/evaluasi/dashboard/",
                "/evaluasi/laporan/",
                "/arsitektur/",
                "/tpp/",
            ],
        }[role]
    )


def test_no_main_page_scrolls_sideways_at_390px(browser, live_server, demo):
    wide = []
    ARTIFACTS.mkdir(exist_ok=True)
    for role in ("admin", "operator.kominfo", "evaluator", "pimpinan", None):
        context = browser.new_context(base_url=live_server.url, locale="id-ID", viewport=PONSEL)
        page = context.new_page()
        page.set_default_timeout(15_000)
        if role:
            login(page, role, DEMO_PASSWORD)
            urls = _pages(role, demo)
        else:
            urls = ["/akun/masuk/", "/publik/"]
        for url in urls:
            response = page.goto(url)
            assert response.status < 400, (role, url, response.status)
            sizes = page.evaluate(
                "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
            )
            name = f"ponsel-{role}-{url.strip('/').replace('/', '_') or 'beranda'}.png"
            if sizes[0] > sizes[1] or os.environ.get("PONSEL_SEMUA"):  # a screenshot tour
                page.screenshot(path=str(ARTIFACTS / name), full_page=True)
            if sizes[0] > sizes[1]:
                wide.append((role, url, sizes[0]))
        context.close()

    assert wide == [], "\n".join(map(str, wide))


def test_the_sidebar_is_an_offcanvas_menu_on_a_phone(browser, live_server, demo):
    context = browser.new_context(base_url=live_server.url, locale="id-ID", viewport=PONSEL)
    page = context.new_page()
    login(page, "operator.kominfo", DEMO_PASSWORD)
    menu = page.get_by_role("navigation", name="Menu utama")
    expect(menu).to_be_hidden()

    page.get_by_role("button", name="Buka menu").click()
    terbuka = page.get_by_role("dialog", name="Menu utama")
    expect(terbuka).to_be_visible()
    terbuka.get_by_role("link", name="Evaluasi SPBE").click()
    expect(page).to_have_url(f"{live_server.url}/evaluasi/")
    # The period switcher is in the header on a phone too.
    expect(page.locator("#periode-header")).to_be_visible()
    context.close()
