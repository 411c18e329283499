"""The login page with SSO on, on a phone: the button fits at 390 px and the flow completes
through a stub OpenID Connect provider."""

import pytest
from playwright.sync_api import expect

from opd.models import Peran
from tests.browser.conftest import ARTIFACTS
from tests.factories import PenggunaFactory
from tests.sso_stub import StubOidc

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def penyedia(settings):
    with StubOidc() as stub:
        for name, value in stub.settings().items():
            setattr(settings, name, value)
        settings.OIDC_NAMA = "Keycloak Pemda"
        yield stub


def test_sso_button_on_a_phone_without_sideways_scroll(page, penyedia, live_server):
    PenggunaFactory(username="evaluator.sso", nama="Evaluator SSO", peran=Peran.EVALUATOR)
    penyedia.klaim = {"sub": "abc", "preferred_username": "evaluator.sso"}
    page.set_viewport_size({"width": 390, "height": 844})

    page.goto("/akun/masuk/")
    tombol = page.get_by_role("link", name="Masuk dengan SSO")

    expect(tombol).to_be_visible()
    expect(tombol).to_contain_text("Keycloak Pemda")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "sso_masuk_ponsel.png"), full_page=True)
    tombol.click()
    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.get_by_text("Evaluator SSO · Evaluator")).to_be_visible()
