import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from evaluasi.laporan import permintaan
from evaluasi.models import Periode, StatusPeriode
from evaluasi.verifikasi import services as verifikasi_services
from tests.browser.conftest import login
from tests.evaluasi.test_verifikasi import _fill_and_submit, _review_all
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_pimpinan_sorts_by_final_index_opens_an_opd_and_downloads_its_pdf(
    page,
    pimpinan,
    admin_user,
    evaluator,
    penilaian_a,
    penilaian_b,
    operator_a,
    operator_b,
    tmp_path,
):
    periode = penilaian_a.periode
    verifikasi_services.penugasan_add(
        periode=periode,
        evaluator=evaluator,
        opds=[penilaian_a.opd, penilaian_b.opd],
        user=admin_user,
    )
    for penilaian, operator, level in ((penilaian_a, operator_a, 2), (penilaian_b, operator_b, 4)):
        _fill_and_submit(penilaian, operator, {})
        _review_all(penilaian, evaluator, dict.fromkeys(range(1, 48), level))
        verifikasi_services.reviu_finalize(penilaian=penilaian, user=evaluator)
    permintaan.laporan_request(
        jenis="semua", periode=periode, user=admin_user
    )  # the secretariat's batch
    Periode.objects.filter(pk=periode.pk).update(status=StatusPeriode.DIPUBLIKASI)

    login(page, pimpinan.username, PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Dasbor hasil evaluasi SPBE")
    page.locator("#tabel-rekap").get_by_role("link", name="Indeks Final").click()
    first = page.locator("#tabel-rekap tbody tr").first
    expect(first.locator(".nama-opd")).to_have_text(penilaian_b.opd.nama)
    expect(first.locator(".indeks-final")).to_have_text("4,00")
    page.locator("#tabel-rekap").get_by_role("link", name="Indeks Final").click()  # ascending
    expect(page.locator("#tabel-rekap tbody tr").first.locator(".nama-opd")).to_have_text(
        penilaian_a.opd.nama
    )

    page.locator("#tabel-rekap tbody tr").first.get_by_role("link", name="Detail").click()
    expect(page.locator("#indeks-final")).to_have_text("2,00")
    with page.expect_download() as download:
        page.get_by_role("link", name="Unduh laporan PDF").click()
    target = tmp_path / download.value.suggested_filename
    download.value.save_as(target)

    text = " ".join(p.extract_text() for p in PdfReader(target).pages)
    assert penilaian_a.opd.nama in " ".join(text.split())
    assert target.name == f"laporan-spbe-{periode.tahun}-{penilaian_a.opd.kode}.pdf"
