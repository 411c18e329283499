"""Pemdi item by item in the browser (SPEC §11): the operator uploads per butir and claims the
level the evidence supports; the evaluator accepts and sends back items, the value becomes
fractional; the item sent back reaches the operator with its reason. Also at phone width."""

import pytest
from playwright.sync_api import expect

from evaluasi.models import Jawaban
from evaluasi.penilaian import services as penilaian_services
from evaluasi.verifikasi import services as verifikasi_services
from tests.browser.conftest import lanjut_ke_selesai, login
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
    # "Alasan lain" appears only for the reason "Lainnya".
    kode = level2[1].kode
    item = page.locator(f'li.butir[data-kode="{kode}"]')
    expect(item.get_by_label(f"Alasan lain {kode}")).to_be_hidden()
    item.get_by_label(f"Alasan revisi {kode}").select_option("lainnya")
    expect(item.get_by_label(f"Alasan lain {kode}")).to_be_visible()
    item.get_by_label(f"Alasan revisi {kode}").select_option("bukti_tidak_tepat")
    expect(item.get_by_label(f"Alasan lain {kode}")).to_be_hidden()
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


def test_pemdi_period_from_submission_to_publication_in_the_ui(
    page, periode_pemdi, operator_a, evaluator, admin_user, opd_a, capsys
):
    """Submit, judge items (indicator 10 partly), finalise and publish through the pages; the
    final index shown equals hitung_indeks on the same fractional vector."""
    import json

    from django.core.management import call_command

    from tests.evaluasi.test_pemdi import isi_semua

    pen = periode_pemdi.penilaian.get(opd=opd_a)
    verifikasi_services.penugasan_add(
        periode=periode_pemdi, evaluator=evaluator, opds=[opd_a], user=admin_user
    )
    isi_semua(pen, operator_a, level=2)
    detail = f"/evaluasi/penilaian/{pen.pk}/"

    # 1. The operator submits.
    login(page, operator_a.username, PASSWORD)
    page.goto(detail)
    page.get_by_role("button", name="Ajukan").click()
    page.get_by_role("button", name="Ya, ajukan").click()
    expect(page.locator("#status-penilaian")).to_have_text("Diajukan")
    _logout(page)

    # 2. Every item accepted outside the browser except indicator 10, judged on its page:
    #    level 1 and the first level-2 item accepted, the rest of level 2 sent back.
    instrumen = periode_pemdi.instrumen
    values = {}
    for ind in instrumen.indikator.order_by("nomor"):
        if ind.eksternal:
            verifikasi_services.reviu_save(
                penilaian=pen,
                indikator=ind,
                user=evaluator,
                level_final=ind.jawaban.get(penilaian=pen).level,
                metode="dokumen",
                catatan="",
                rekomendasi="",
                versi_reviu=0,
            )
            values[ind.nomor] = "2.75"
        elif ind.nomor != 10:
            for b in utama(ind, 2):
                verifikasi_services.reviu_butir_save(
                    penilaian=pen, indikator=ind, butir=b, user=evaluator, putusan="diterima"
                )
            values[ind.nomor] = "2"
    i10 = instrumen.indikator.get(nomor=10)
    level1 = utama(i10, 1)
    level2 = [b for b in utama(i10, 2) if b.level == 2]
    for b in level1 + level2:
        b.indikator = i10
    login(page, evaluator.username, PASSWORD)
    page.goto(f"{detail}reviu/10/")
    for b in level1 + level2[:1]:
        page.locator(f'li.butir[data-kode="{b.kode}"]').get_by_role("button", name="Terima").click()
        expect(page.locator(f'li.butir[data-kode="{b.kode}"] .status-butir')).to_have_text(
            "diterima"
        )
    for b in level2[1:]:
        page.locator(f'li.butir[data-kode="{b.kode}"]').get_by_role("button", name="Revisi").click()
        expect(page.locator(f'li.butir[data-kode="{b.kode}"] .status-butir')).to_contain_text(
            "revisi"
        )
    share = (1 + 1 / len(level2)) if len(level2) > 1 else 2
    values[10] = f"{share:.4f}"
    page.get_by_label("Rekomendasi").fill("Tetapkan seluruh dokumen keamanan level 2.")
    page.get_by_role("button", name="Simpan verifikasi").click()
    expect(page.locator("#status-reviu")).to_contain_text("Tersimpan pukul")
    page.goto(detail)
    page.get_by_role("button", name="Finalkan").click()
    page.get_by_role("button", name="Ya, finalkan").click()
    expect(page.get_by_role("alert").first).to_contain_text("Penilaian difinalkan")
    _logout(page)

    # 3. The admin publishes.
    login(page, admin_user.username, PASSWORD)
    lanjut_ke_selesai(page, periode_pemdi.pk)
    page.get_by_role("button", name="Publikasikan hasil").click()
    page.get_by_role("button", name="Ya, publikasikan hasil").click()
    expect(page.get_by_text("Status periode menjadi Dipublikasi.")).to_be_visible()
    _logout(page)

    # 4. The operator sees the final index, equal to hitung_indeks on the fractional vector.
    vector = ",".join(values[n] for n in sorted(values))
    call_command("hitung_indeks", "--instrumen", instrumen.kode, "--levels", vector)
    expected = json.loads(capsys.readouterr().out)
    login(page, operator_a.username, PASSWORD)
    page.goto(detail)
    expect(page.locator("#indeks-final")).to_have_text(expected["indeks"].replace(".", ","))
    expect(page.locator("#hasil-final")).to_contain_text(expected["predikat"])
    page.goto(f"/evaluasi/penilaian/{pen.pk}/indikator/10/")
    shown = f"{float(values[10]):.2f}".replace(".", ",")
    expect(page.locator("#hasil-verifikasi")).to_contain_text(f"nilai final {shown}")
    expect(page.locator(f'li.butir[data-kode="{level2[-1].kode}"] .status-butir')).to_have_text(
        "revisi"
    )
