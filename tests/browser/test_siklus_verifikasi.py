import json

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from evaluasi.penilaian import services as penilaian_services
from evaluasi.verifikasi import services as verifikasi_services
from tests.browser.conftest import lanjut_ke_selesai, login
from tests.evaluasi.test_scoring import PASER
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _logout(page):
    page.locator("header .dropdown-toggle").click()
    page.get_by_role("button", name="Keluar").click()


def test_full_loop_submit_revise_finalize_publish(
    page, penilaian_a, operator_a, evaluator, admin_user, pimpinan, capsys
):
    indikator = {i.nomor: i for i in penilaian_a.periode.instrumen.indikator.all()}
    # The operator has answered every indicator (level 2) before the session starts.
    for nomor, ind in indikator.items():
        penilaian_services.jawaban_save(
            penilaian=penilaian_a,
            indikator=ind,
            user=operator_a,
            level=2,
            penjelasan=f"Kondisi indikator {nomor}.",
            tautan=[],
            versi=0,
        )
    verifikasi_services.penugasan_add(
        periode=penilaian_a.periode, evaluator=evaluator, opds=[penilaian_a.opd], user=admin_user
    )
    detail = f"/evaluasi/penilaian/{penilaian_a.pk}/"

    # 1. Operator submits.
    login(page, operator_a.username, PASSWORD)
    page.goto(detail)
    page.get_by_role("button", name="Ajukan").click()
    # A confirmation page first, saying what submitting does; nothing has changed yet.
    expect(page.locator("#akibat")).to_contain_text("Jawaban dikunci")
    penilaian_a.refresh_from_db()
    assert penilaian_a.status == "draft"
    page.get_by_role("button", name="Ya, ajukan").click()
    expect(page.locator("#status-penilaian")).to_have_text("Diajukan")
    _logout(page)

    # 2. Evaluator finds it in the queue and asks for a revision of indicator 3.
    login(page, evaluator.username, PASSWORD)
    page.get_by_role("navigation", name="Menu utama").get_by_role(
        "link", name="Evaluasi SPBE"
    ).click()
    page.locator("#tabel-antrian").get_by_role("link", name=penilaian_a.opd.nama).click()
    page.get_by_role("link", name="Minta perbaikan").click()
    page.get_by_label("3. Kebijakan Internal Manajemen Data").check()
    page.get_by_label("Catatan untuk operator").fill(
        "Lampirkan kebijakan manajemen data yang sudah ditetapkan."
    )
    page.get_by_role("button", name="Minta perbaikan").click()
    expect(page.locator("#status-penilaian")).to_have_text("Perlu perbaikan")
    _logout(page)

    # 3. Operator fixes indicator 3 and submits again.
    login(page, operator_a.username, PASSWORD)
    page.goto(detail)
    page.get_by_role("link", name="Kebijakan Internal Manajemen Data").click()
    expect(page.locator("#catatan-perbaikan")).to_contain_text("Lampirkan kebijakan manajemen data")
    page.get_by_label("Level 3 ·", exact=False).check()
    page.get_by_label("Penjelasan").fill(
        "Perkada manajemen data sudah ditetapkan untuk seluruh OPD."
    )
    page.get_by_role("button", name="Simpan", exact=True).click()
    expect(page.locator("#status-simpan")).to_contain_text("Tersimpan pukul")
    page.goto(detail)
    page.get_by_role("button", name="Ajukan").click()
    page.get_by_role("button", name="Ya, ajukan").click()
    expect(page.locator("#status-penilaian")).to_have_text("Diajukan")
    _logout(page)

    # 4. Evaluator reviews: indicator 3 through the page, the rest already decided; finalizes.
    for nomor, ind in indikator.items():
        if nomor != 3:
            verifikasi_services.reviu_save(
                penilaian=penilaian_a,
                indikator=ind,
                user=evaluator,
                level_final=PASER[nomor - 1],
                metode="dokumen",
                catatan="",
                rekomendasi="",
                versi_reviu=0,
            )
    login(page, evaluator.username, PASSWORD)
    page.goto(f"{detail}reviu/3/")
    expect(page.locator("#level-mandiri")).to_have_text("3")
    page.locator("label[for=final-3]").click()
    page.get_by_label("Metode").select_option("interviu")
    page.get_by_label("Rekomendasi").fill("Sosialisasikan ke seluruh OPD.")
    page.get_by_role("button", name="Simpan verifikasi").click()
    expect(page.locator("#status-reviu")).to_contain_text("Tersimpan pukul")
    expect(page.locator("#indeks-final")).to_have_text("2,13")
    page.goto(detail)
    page.get_by_role("button", name="Finalkan").click()
    expect(page.locator("#akibat")).to_contain_text("Indeks Final 2,13 (Cukup) dibekukan")
    page.get_by_role("button", name="Ya, finalkan").click()
    expect(page.get_by_role("alert").first).to_contain_text("Penilaian difinalkan")
    _logout(page)

    # 5. Admin moves the period on to publication.
    login(page, admin_user.username, PASSWORD)
    lanjut_ke_selesai(page, penilaian_a.periode_id)
    page.get_by_role("button", name="Publikasikan hasil").click()
    expect(page.locator("#akibat")).to_contain_text("Hasil final 1 OPD terlihat")
    page.get_by_role("button", name="Ya, publikasikan hasil").click()
    expect(page.get_by_text("Status periode menjadi Dipublikasi.")).to_be_visible()
    # Withdrawn by mistake? It needs a reason, is logged, and can be published again.
    page.get_by_role("button", name="Tarik publikasi").click()
    page.get_by_role("button", name="Ya, tarik publikasi").click()  # no reason: refused
    expect(page.get_by_label("Alasan")).to_be_visible()
    page.get_by_label("Alasan").fill("Keberatan OPD masih diproses.")
    page.get_by_role("button", name="Ya, tarik publikasi").click()
    expect(page.get_by_text("Status periode kembali menjadi Selesai")).to_be_visible()
    page.get_by_role("button", name="Publikasikan hasil").click()
    page.get_by_role("button", name="Ya, publikasikan hasil").click()
    expect(page.get_by_text("Status periode menjadi Dipublikasi.")).to_be_visible()
    _logout(page)

    # 6. Operator and pimpinan see the final index, equal to hitung_indeks on the same levels.
    call_command("hitung_indeks", "--levels", ",".join(map(str, PASER)))
    expected = json.loads(capsys.readouterr().out)["indeks"].replace(".", ",")
    for user in (operator_a, pimpinan):
        login(page, user.username, PASSWORD)
        page.goto(detail)
        expect(page.locator("#indeks-final")).to_have_text(expected)
        expect(page.locator("#hasil-final")).to_contain_text("Cukup")
        _logout(page)
