"""The pemda's own penilaian in the browser (SPEC §12), the whole path: the Koordinator maps
pengampu; two OPDs' operators upload to the items they hold (one at phone width) and never
reach the others; the asesor accepts; the Koordinator chooses between two answers and settles
a value; the national package is built and downloaded (the chosen file inside); the
national results come back through the template and a rejected item reaches its pengampu as
a task, answered on the item's page."""

import io
import zipfile

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from evaluasi.models import Butir, IsianButir, Pengampu, ReviuInstansi
from tests.browser.conftest import login
from tests.browser.test_pemdi_butir import PDF, _logout
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _butir(periode, kode) -> Butir:
    ind, level, nomor = kode.split("-")
    return Butir.objects.get(
        indikator__instrumen=periode.instrumen,
        indikator__kode_singkat=ind,
        level=int(level[1:]),
        nomor=int(nomor),
    )


def _upload(page, periode, kode, name):
    page.goto(f"/evaluasi/periode/{periode.pk}/instansi/butir/{_butir(periode, kode).pk}/")
    page.get_by_label(f"Berkas untuk {kode}").set_input_files(
        {"name": name, "mimeType": "application/pdf", "buffer": PDF + name.encode()}
    )
    page.locator("#form-unggah-instansi").get_by_role("button", name="Unggah").click()
    expect(page.get_by_text(f"{name} diunggah.")).to_be_visible()


def test_the_pemda_assembles_and_verifies_its_penilaian(
    browser,
    live_server,
    page,
    periode_pemdi,
    admin_user,
    operator_a,
    operator_b,
    evaluator,
    tmp_path,
):
    p = periode_pemdi
    i10 = p.instrumen.indikator.get(kode_singkat="I10")
    shared = _butir(p, "I10-L1-01")

    # 1. The Koordinator maps I10 to opd_a, and item I10-L1-01 also to opd_b.
    login(page, admin_user.username, PASSWORD)
    page.goto(f"/evaluasi/periode/{p.pk}/pengampu/")
    page.get_by_label("OPD pengampu").select_option(str(operator_a.opd_id))
    page.locator(f"#sasaran-i{i10.pk}").check()
    page.get_by_role("button", name="Tambahkan sebagai pengampu").click()
    expect(page.get_by_text("ditambahkan sebagai pengampu 1 indikator/butir")).to_be_visible()
    page.get_by_label("OPD pengampu").select_option(str(operator_b.opd_id))
    page.locator(".peta-indikator", has=page.locator(f"#sasaran-i{i10.pk}")).locator(
        "summary"
    ).click()
    page.locator(f"#sasaran-b{shared.pk}").check()
    page.get_by_role("button", name="Tambahkan sebagai pengampu").click()
    assert Pengampu.objects.filter(periode=p).count() == 2
    _logout(page)

    # 2. opd_a's operator, on a phone: the home card, the list, an upload and a note.
    phone = browser.new_context(
        base_url=live_server.url, locale="id-ID", viewport={"width": 390, "height": 844}
    ).new_page()
    login(phone, operator_a.username, PASSWORD)
    expect(phone.locator("#butir-diampu")).to_contain_text(f"{i10.butir.count()} butir")
    phone.get_by_role("link", name="Buka butir yang diampu").click()
    expect(phone.locator(".indikator-diampu")).to_have_count(1)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    _upload(phone, p, "I10-L1-01", "kebijakan-keamanan.pdf")
    phone.get_by_label("Keterangan untuk asesor").fill(
        "Perkada 12/2026 tentang keamanan informasi."
    )
    phone.get_by_role("button", name="Simpan keterangan").click()
    expect(phone.get_by_text("Keterangan disimpan.")).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    # An item of another indicator is not theirs.
    other = _butir(p, "I2-L1-01")
    response = phone.goto(f"/evaluasi/periode/{p.pk}/instansi/butir/{other.pk}/")
    assert response.status == 404
    phone.context.close()

    # 3. opd_b's operator answers the shared item too.
    login(page, operator_b.username, PASSWORD)
    _upload(page, p, "I10-L1-01", "kebijakan-versi-bkd.pdf")
    _logout(page)

    # 4. The asesor accepts the item.
    login(page, evaluator.username, PASSWORD)
    page.goto(f"/evaluasi/periode/{p.pk}/instansi/butir/{shared.pk}/")
    expect(page.locator(".isian-opd")).to_have_count(2)
    page.locator("#form-reviu-instansi").get_by_role("button", name="Terima").click()
    expect(page.locator("#putusan-asesor")).to_contain_text("diterima")
    assert ReviuInstansi.objects.get().putusan == "diterima"
    _logout(page)

    # 5. The Koordinator sees the choice is pending, picks opd_a's answer, settles I10.
    login(page, admin_user.username, PASSWORD)
    page.goto(f"/evaluasi/periode/{p.pk}/instansi/")
    expect(page.locator("#ringkas-pilih")).to_have_text("1")
    page.goto(f"/evaluasi/periode/{p.pk}/instansi/butir/{shared.pk}/")
    page.locator(f"#isian-{IsianButir.objects.get(opd=operator_a.opd).pk}").get_by_role(
        "button", name="Pilih untuk dikirim"
    ).click()
    expect(page.locator(f"#isian-{IsianButir.objects.get(opd=operator_a.opd).pk}")).to_contain_text(
        "isian terpilih"
    )
    page.goto(f"/evaluasi/periode/{p.pk}/instansi/")
    expect(page.locator("#ringkas-pilih")).to_have_text("0")
    expect(page.locator("#ringkas-paket")).to_have_text("1")
    page.get_by_role("link", name=i10.nama, exact=True).click()
    page.get_by_label("Nilai instansi").fill("1,5")
    page.get_by_label("Catatan Koordinator").fill("Kebijakan sudah ada; prosedur masih draf.")
    page.get_by_role("button", name="Tetapkan").click()
    expect(page.locator("#nilai-ditetapkan")).to_have_text("1,50")

    # 6. The national package, built in the background, carries the chosen answer's file.
    page.goto(f"/evaluasi/periode/{p.pk}/instansi/")
    page.get_by_role("button", name="Buat paket nasional (ZIP)").click()
    expect(page.locator("#status-job")).to_have_text("Selesai")
    with page.expect_download() as unduhan:
        page.locator("#unduh-laporan").click()
    with zipfile.ZipFile(unduhan.value.path()) as paket:
        names = paket.namelist()
        berkas = [n for n in names if n.endswith("I10-L1-01.pdf")]
        assert len(berkas) == 1 and "manifest.xlsx" in names
        assert paket.read(berkas[0]) == PDF + b"kebijakan-keamanan.pdf"

    # 7. Tahap 1 comes back: the template filled, previewed, confirmed.
    page.goto(f"/evaluasi/periode/{p.pk}/hasil-nasional/")
    with page.expect_download() as unduhan:
        page.locator("#unduh-templat").click()
    workbook = load_workbook(io.BytesIO(unduhan.value.path().read_bytes()))
    for row in workbook["Butir"].iter_rows(min_row=2):
        if row[0].value == "I10-L1-01":
            row[4].value, row[5].value = "revisi", "bukti tidak tepat"
            row[6].value = "Perkada belum diundangkan."
    for row in workbook["Indikator"].iter_rows(min_row=2):
        row[3].value = "1,5" if row[0].value == "I10" else 1
    filled = tmp_path / "hasil-tahap-1.xlsx"
    workbook.save(filled)
    page.get_by_label("Berkas hasil nasional (.xlsx)").set_input_files(str(filled))
    page.get_by_label("Nama putaran").fill("Tahap 1")
    page.get_by_label("Batas perbaikan").fill("2027-03-31")
    page.locator("#unggah-hasil").click()
    expect(page.locator("#indeks-pratinjau")).to_be_visible()
    page.locator("#konfirmasi-hasil").click()
    expect(page.locator("#tabel-putaran")).to_contain_text("Tahap 1")
    _logout(page)

    # 8. opd_a's operator finds the item sent back on Tugas saya and answers it.
    login(page, operator_a.username, PASSWORD)
    expect(page.locator("#tugas-nasional")).to_contain_text("I10-L1-01")
    expect(page.locator("#tugas-nasional")).to_contain_text("Perlu diperbaiki")
    page.locator("#tugas-nasional").get_by_role("link").first.click()
    expect(page.locator("#hasil-nasional")).to_contain_text("Perkada belum diundangkan.")
    page.get_by_label(f"Berkas untuk {shared.kode}").set_input_files(
        {"name": "perkada-diundangkan.pdf", "mimeType": "application/pdf", "buffer": PDF + b"v2"}
    )
    page.locator("#form-unggah-instansi").get_by_role("button", name="Unggah").click()
    page.goto("/")
    expect(page.locator("#tugas-nasional")).to_contain_text("Sudah diperbarui")
