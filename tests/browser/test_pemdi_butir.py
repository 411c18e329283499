"""Pemdi item by item in the browser (SPEC §11): the operator uploads per butir and claims the
level the evidence supports; the evaluator accepts and sends back items, the value becomes
fractional; the item sent back reaches the operator with its reason. Also at phone width."""

import pytest
from playwright.sync_api import expect

from evaluasi.models import Jawaban
from evaluasi.penilaian import services as penilaian_services
from evaluasi.verifikasi import services as verifikasi_services
from tests.browser.conftest import login
from tests.evaluasi.test_pemdi import utama
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def _logout(page):
    page.locator("header .dropdown-toggle").click()
    page.get_by_role("button", name="Keluar").click()


def _upload(page, kode: str, name: str):
    item = page.locator(f'li.butir[data-kode="{kode}"]')
    item.locator('input[type="file"]').set_input_files(
        {"name": name, "mimeType": "application/pdf", "buffer": PDF + kode.encode()}
    )
    item.get_by_role("button", name="Unggah").click()
    expect(page.locator(f'li.butir[data-kode="{kode}"] .status-butir')).to_have_text("ada bukti")


def test_operator_uploads_per_item_evaluator_accepts_and_revises(
    page, periode_pemdi, operator_a, evaluator, admin_user, opd_a
):
    pen = periode_pemdi.penilaian.get(opd=opd_a)
    verifikasi_services.penugasan_add(
        periode=periode_pemdi, evaluator=evaluator, opds=[opd_a], user=admin_user
    )
    i10 = pen.periode.instrumen.indikator.get(nomor=10)
    level1 = utama(i10, 1)
    level2 = [b for b in utama(i10, 2) if b.level == 2]
    for b in level1:
        b.indikator = i10
    url = f"/evaluasi/penilaian/{pen.pk}/indikator/10/"

    # 1. The operator: level 2 cannot be claimed before its required items have files.
    login(page, operator_a.username, PASSWORD)
    page.goto(url)
    expect(page.locator("#level-terdukung")).to_contain_text("belum ada")
    expect(page.locator("#level-2")).to_be_disabled()
    page.get_by_label("Penjelasan").fill("Kebijakan keamanan sudah ditetapkan.")
    for b in level1:
        _upload(page, b.kode, f"{b.kode}.pdf")
    # the typed explanation travelled with the uploads
    expect(page.get_by_label("Penjelasan")).to_have_value("Kebijakan keamanan sudah ditetapkan.")
    expect(page.locator("#level-terdukung")).to_contain_text("1")
    expect(page.locator("#level-2")).to_be_disabled()
    for b in level2:
        b.indikator = i10
        _upload(page, b.kode, f"{b.kode}.pdf")
    expect(page.locator("#level-2")).to_be_enabled()
    page.get_by_label("Level 2 ·", exact=False).check()
    page.get_by_role("button", name="Simpan", exact=True).click()
    expect(page.locator("#status-simpan")).to_contain_text("Tersimpan pukul")
    assert Jawaban.objects.get(penilaian=pen, indikator=i10).level == 2
    _logout(page)

    # The rest of the penilaian is filled and submitted outside the browser.
    _fill_others(pen, operator_a, skip=10)
    penilaian_services.penilaian_submit(penilaian=pen, user=operator_a)

    # 2. The evaluator accepts level 1 and the first level-2 item, sends the second back.
    login(page, evaluator.username, PASSWORD)
    page.goto(f"/evaluasi/penilaian/{pen.pk}/reviu/10/")
    for b in level1 + level2[:1]:
        item = page.locator(f'li.butir[data-kode="{b.kode}"]')
        item.get_by_role("button", name="Terima").click()
        expect(page.locator(f'li.butir[data-kode="{b.kode}"] .status-butir')).to_have_text(
            "diterima"
        )
    for b in level2[1:]:
        item = page.locator(f'li.butir[data-kode="{b.kode}"]')
        item.get_by_label(f"Catatan {b.kode}").fill("Dokumen belum ditandatangani.")
        item.get_by_role("button", name="Revisi").click()
        expect(page.locator(f'li.butir[data-kode="{b.kode}"] .status-butir')).to_contain_text(
            "revisi: Bukti tidak tepat"
        )
    shown = f"{1 + 1 / len(level2):.2f}".replace(".", ",")
    expect(page.locator("#nilai-dihitung")).to_have_text(shown)
    expect(page.locator("#nilai-final")).to_have_text(shown)
    # Items above the level that is not accepted are rejected automatically.
    expect(page.locator("#butir-level-3 .status-butir").first).to_have_text("otomatis ditolak")

    # 3. The revision request proposes the indicator and lists the item.
    page.goto(f"/evaluasi/penilaian/{pen.pk}/perbaikan/")
    expect(page.get_by_label("Catatan untuk operator")).to_contain_text(level2[1].kode)
    page.get_by_role("button", name="Minta perbaikan").click()
    expect(page.locator("#status-penilaian")).to_have_text("Perlu perbaikan")
    _logout(page)

    # 4. The operator sees which item to fix, and why — on a phone.
    page.set_viewport_size({"width": 390, "height": 844})
    login(page, operator_a.username, PASSWORD)
    page.goto(url)
    item = page.locator(f'li.butir[data-kode="{level2[1].kode}"]')
    expect(item.locator(".alasan-revisi")).to_contain_text("Bukti tidak tepat")
    expect(item.locator(".alasan-revisi")).to_contain_text("Dokumen belum ditandatangani.")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"page scrolls sideways at phone width ({width}px)"


def _fill_others(pen, user, skip):
    """Every other indicator answered at level 1 (external ones with value, date, source)."""
    from datetime import date
    from decimal import Decimal

    from tests.evaluasi.test_pemdi import simpan, unggah

    for ind in pen.periode.instrumen.indikator.exclude(nomor=skip).order_by("nomor"):
        if ind.eksternal:
            unggah(pen, user, ind, None, PDF + f"%{ind.nomor}".encode())
            simpan(pen, user, ind, Decimal("2"), tanggal_eksternal=date(2027, 1, 5))
        else:
            for b in utama(ind, 1):
                unggah(pen, user, ind, b)
            simpan(pen, user, ind, 1)
