"""The right period (issue [3/9] item 1): next year's period in persiapan does not take the
pimpinan away from the year with data; the header's switcher changes every period page and
is remembered until set back."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from evaluasi.models import Periode, StatusPeriode
from evaluasi.penilaian import services as penilaian_services
from tests.browser.conftest import login
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_pimpinan_stays_on_the_published_year_and_switches_by_the_header(
    page, pimpinan, periode, penilaian_a
):
    Periode.objects.filter(pk=periode.pk).update(status=StatusPeriode.DIPUBLIKASI)
    today = timezone.localdate()
    baru = penilaian_services.periode_create(
        data={
            "nama": "Evaluasi tahun depan",
            "tahun": periode.tahun + 1,
            "instrumen": periode.instrumen,
            "mulai_pengisian": today + timedelta(days=200),
            "batas_pengisian": today + timedelta(days=230),
            "batas_verifikasi": today + timedelta(days=260),
            "tahun_tpp": periode.tahun + 2,
        }
    )
    login(page, pimpinan.username, PASSWORD)

    # Landed on the dashboard of the published year, with its OPDs.
    switcher = page.locator("#periode-header")
    expect(switcher).to_have_value(str(periode.pk))
    expect(page.locator("#tabel-rekap")).to_contain_text(penilaian_a.opd.nama)

    # The select submits by itself: wait for that round trip (the new value shows at once in
    # the browser, before the server has remembered it).
    with page.expect_navigation():
        switcher.select_option(str(baru.pk))
    expect(page.locator("#periode-header")).to_have_value(str(baru.pk))
    assert "periode=" not in page.url  # back on the page, without a stale ?periode=
    page.get_by_role("navigation", name="Menu utama").get_by_role("link", name="Laporan").click()
    expect(page.locator("#periode-header")).to_have_value(str(baru.pk))  # remembered

    with page.expect_navigation():
        page.locator("#periode-header").select_option("otomatis")
    expect(page.locator("#periode-header")).to_have_value(str(periode.pk))
