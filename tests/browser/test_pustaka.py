"""The evidence library in the browser (SPEC §13): the operator keeps a Perbup once in the
library, links it to two items of an indicator at once, and reuses it the next year by
confirming the proposal carried from the published result. The library at phone width."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from evaluasi.models import (
    Bukti,
    Dokumen,
    Jawaban,
    Penilaian,
    Periode,
    StatusPenilaian,
    StatusPeriode,
)
from evaluasi.penilaian import services as penilaian_services
from tests.browser.conftest import login
from tests.browser.test_pemdi_butir import PDF
from tests.evaluasi.test_pemdi import utama
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_one_document_linked_to_two_items_and_reused_next_year(
    page, periode_pemdi, operator_a, opd_a
):
    pen = periode_pemdi.penilaian.get(opd=opd_a)
    i10 = periode_pemdi.instrumen.indikator.get(nomor=10)
    dua = utama(i10, 1)[:2]
    for b in dua:
        b.indikator = i10
    kode = [b.kode for b in dua]

    # 1. Into the library once, with what it is and from when.
    login(page, operator_a.username, PASSWORD)
    page.goto("/evaluasi/pustaka/")
    page.locator("#tambah-dokumen summary").click()
    page.get_by_label("Berkas").set_input_files(
        {"name": "perbup-12-2021.pdf", "mimeType": "application/pdf", "buffer": PDF + b"perbup"}
    )
    page.get_by_label("Judul").fill("Perbup Nomor 12 Tahun 2021 tentang SPBE")
    page.get_by_label("Jenis dokumen").select_option(label="Peraturan (Perda/Perkada)")
    page.get_by_label("Tanggal dokumen").fill("2021-03-15")
    page.get_by_role("button", name="Simpan ke pustaka").click()
    expect(page.locator("h1")).to_have_text("Perbup Nomor 12 Tahun 2021 tentang SPBE")
    expect(page.locator("#versi-dokumen")).to_contain_text("perbup-12-2021.pdf")

    # 2. Linked to two items of indicator 10 in one go.
    page.goto(f"/evaluasi/penilaian/{pen.pk}/indikator/10/")
    form = page.locator("#tautkan-pustaka")
    form.get_by_label("Tautkan dokumen dari pustaka").select_option(
        label="Perbup Nomor 12 Tahun 2021 tentang SPBE — perbup-12-2021.pdf (15 Mar 2021)"
    )
    for k in kode:
        form.get_by_label(k, exact=True).check()
    form.get_by_role("button", name="Tautkan").click()
    for k in kode:
        expect(page.locator(f'li.butir[data-kode="{k}"]')).to_contain_text("perbup-12-2021.pdf")
    assert Dokumen.objects.filter(opd=opd_a).count() == 1
    assert Bukti.objects.filter(jawaban__penilaian=pen).count() == 2

    # 3. The year closes: final and published (the verification itself is tested elsewhere).
    Penilaian.objects.filter(pk=pen.pk).update(status=StatusPenilaian.FINAL)
    Jawaban.objects.filter(penilaian=pen).update(level_final=1)
    Periode.objects.filter(pk=periode_pemdi.pk).update(status=StatusPeriode.DIPUBLIKASI)
    today = timezone.localdate()
    depan = penilaian_services.periode_create(
        data={
            "nama": "Evaluasi Pemdi OPD – 2028",
            "tahun": 2028,
            "instrumen": periode_pemdi.instrumen,
            "mulai_pengisian": today - timedelta(days=1),
            "batas_pengisian": today + timedelta(days=30),
            "batas_verifikasi": today + timedelta(days=60),
            "tahun_tpp": 2029,
        }
    )
    depan, _ = penilaian_services.periode_advance(periode=depan)
    pen_depan = depan.penilaian.get(opd=opd_a)

    # 4. Next year: proposed from 2027, confirmed, the same document on the same two items.
    page.goto(f"/evaluasi/penilaian/{pen_depan.pk}/")
    page.get_by_role("button", name="Usulkan dari 2027").click()
    expect(page.locator("#mulai-tahun-lalu")).to_contain_text("usulan jawaban dan dokumen")
    page.goto(f"/evaluasi/penilaian/{pen_depan.pk}/indikator/10/")
    expect(page.locator("#usulan")).to_contain_text("belum dihitung")
    expect(page.locator("#usulan")).to_contain_text("Perbup Nomor 12 Tahun 2021")
    assert not Bukti.objects.filter(jawaban__penilaian=pen_depan).exists()
    page.get_by_role("button", name="Pakai usulan").click()
    for k in kode:
        item = page.locator(f'li.butir[data-kode="{k}"]')
        expect(item).to_contain_text("perbup-12-2021.pdf")
        expect(item).to_contain_text("dari 2027")
    assert Dokumen.objects.filter(opd=opd_a).count() == 1  # still one document

    # 5. The document knows where it is used; the library reads well on a phone.
    dokumen = Dokumen.objects.get(opd=opd_a)
    page.goto(f"/evaluasi/pustaka/{dokumen.pk}/")
    expect(page.locator("#dipakai-di .tautan-dokumen")).to_have_count(4)
    page.set_viewport_size({"width": 390, "height": 844})
    for url in (
        "/evaluasi/pustaka/",
        f"/evaluasi/pustaka/{dokumen.pk}/",
        f"/evaluasi/penilaian/{pen_depan.pk}/",  # the other indicators' proposals still wait
    ):
        page.goto(url)
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, url
