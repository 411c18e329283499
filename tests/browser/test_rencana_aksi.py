"""From a recommendation to a completed action in the browser (SPEC §14): the evaluator turns
a published recommendation into a rencana aksi for the OPD; its operator finds it on Tugas
saya, starts it, uploads the evidence and marks it done. The action's page at phone width."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from evaluasi.models import Jawaban, Periode, RencanaAksi, StatusAksi, StatusPeriode
from evaluasi.verifikasi import services as verifikasi_services
from tests.browser.conftest import login
from tests.browser.test_pemdi_butir import PDF
from tests.evaluasi.test_scoring import PASER
from tests.evaluasi.test_verifikasi import _fill_and_submit, _review_all
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def final_a(penilaian_a, operator_a, evaluator, admin_user):
    """opd_a's result, final with the Paser levels (as tests/evaluasi/conftest.py's)."""
    verifikasi_services.penugasan_add(
        periode=penilaian_a.periode, evaluator=evaluator, opds=[penilaian_a.opd], user=admin_user
    )
    _fill_and_submit(penilaian_a, operator_a, {})
    _review_all(penilaian_a, evaluator, dict(enumerate(PASER, start=1)))
    verifikasi_services.reviu_finalize(penilaian=penilaian_a, user=evaluator)
    return penilaian_a


def test_a_recommendation_followed_to_a_completed_action(
    page, browser, live_server, final_a, evaluator, operator_a
):
    Jawaban.objects.filter(penilaian=final_a, indikator__nomor=1).update(
        rekomendasi="Perbarui Perbup SPBE agar memuat Arsitektur SPBE daerah."
    )
    Periode.objects.filter(pk=final_a.periode_id).update(status=StatusPeriode.DIPUBLIKASI)
    batas = timezone.localdate() + timedelta(days=5)

    # 1. The evaluator makes the action from the waiting recommendation.
    login(page, evaluator.username, PASSWORD)
    page.goto("/tindak-lanjut/")
    page.locator("#kartu-aksi").get_by_role(
        "link", name="Rekomendasi belum ditindaklanjuti"
    ).click()
    rekomendasi = page.locator(".rekomendasi", has_text="Perbarui Perbup SPBE")
    rekomendasi.get_by_role("link", name="Jadikan rencana aksi").click()
    expect(page.locator("#sumber-rekomendasi")).to_contain_text("Perbarui Perbup SPBE")
    page.get_by_label("Tindakan").fill("Menyusun perubahan Perbup SPBE bersama Bagian Hukum")
    page.get_by_label("Batas waktu").fill(batas.isoformat())
    page.get_by_role("button", name="Buat rencana aksi").click()
    expect(page.locator("#aksi-uraian")).to_have_text(
        "Menyusun perubahan Perbup SPBE bersama Bagian Hukum"
    )
    aksi = RencanaAksi.objects.get()
    assert aksi.opd_id == final_a.opd_id and aksi.indikator.nomor == 1

    # 2. Its operator finds it on Tugas saya, on a phone.
    ponsel = browser.new_context(
        base_url=live_server.url, locale="id-ID", viewport={"width": 390, "height": 844}
    ).new_page()
    login(ponsel, operator_a.username, PASSWORD)
    ponsel.goto("/")
    ponsel.locator("#tugas-aksi").get_by_role("link", name="Menyusun perubahan Perbup").click()
    expect(ponsel.locator("#aksi-rekomendasi")).to_contain_text("Perbarui Perbup SPBE")
    assert ponsel.evaluate("document.documentElement.scrollWidth") <= 390

    # 3. Started, evidence uploaded, done.
    ponsel.get_by_role("button", name="Mulai kerjakan").click()
    expect(ponsel.locator(".alert-success")).to_contain_text("Berjalan")
    expect(ponsel.get_by_role("button", name="Tandai selesai")).to_be_disabled()
    ponsel.get_by_label("atau unggah berkas").set_input_files(
        {"name": "perbup-perubahan.pdf", "mimeType": "application/pdf", "buffer": PDF + b"aksi"}
    )
    ponsel.get_by_role("button", name="Tautkan bukti").click()
    expect(ponsel.locator("#aksi-bukti")).to_contain_text("perbup-perubahan")
    ponsel.get_by_label("Catatan (opsional)").fill("Perbup perubahan sudah ditetapkan.")
    ponsel.get_by_role("button", name="Tandai selesai").click()
    expect(ponsel.locator("#aksi-riwayat")).to_contain_text("Berjalan → Selesai")
    assert ponsel.evaluate("document.documentElement.scrollWidth") <= 390

    aksi.refresh_from_db()
    assert aksi.status == StatusAksi.SELESAI and aksi.bukti.dokumen.opd_id == final_a.opd_id
    ponsel.context.close()
