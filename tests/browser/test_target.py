"""Targets in the browser (SPEC §14): an admin imports the roadmap's targets from a workbook
(preview, then confirm), then reads the target line and the gap on the dashboard. The target
page at phone width."""

import io
from decimal import Decimal

import pytest
from openpyxl import Workbook
from playwright.sync_api import expect

from evaluasi.models import Penilaian, StatusPenilaian, TargetIndeks
from evaluasi.penilaian import services as penilaian_services
from tests.browser.conftest import login
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _xlsx(rows) -> bytes:
    wb = Workbook()
    sheet = wb.active
    sheet.title = "Target"
    sheet.append(["tahun", "instrumen", "kode_opd", "domain", "aspek", "nilai", "keterangan"])
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def test_admin_imports_targets_and_reads_the_gap_on_the_dashboard(
    page, admin_user, periode, penilaian_a, penilaian_b
):
    for p, indeks in ((penilaian_a, "2.13"), (penilaian_b, "3.60")):
        Penilaian.objects.filter(pk=p.pk).update(
            status=StatusPenilaian.FINAL,
            indeks_final=Decimal(indeks),
            indeks_mandiri=Decimal(indeks),
            predikat_final="Cukup",
            kemajuan=Decimal(100),
            aspek_final={"1": indeks},
        )
    # Written past the services: the dashboard's per-period sums are rebuilt.
    penilaian_services.ringkasan_bangun(periode=periode)
    kode = periode.instrumen.kode
    content = _xlsx(
        [
            (periode.tahun, kode, "", "", "", "2,50", "IKU pemda"),
            (periode.tahun, kode, "", "", "1", "3,00", ""),
            (periode.tahun + 1, kode, "", "", "", "3,84", ""),
        ]
    )
    login(page, admin_user.username, PASSWORD)

    page.goto("/tindak-lanjut/target/impor/")
    page.get_by_label("Berkas target (.xlsx)").set_input_files(
        {"name": "target.xlsx", "mimeType": "application/octet-stream", "buffer": content}
    )
    page.locator("#unggah-target").click()
    expect(page.locator("#rencana-target")).to_contain_text("3 baru")
    page.locator("#konfirmasi-target").click()
    expect(page.locator("#tabel-target")).to_contain_text("3,84")
    assert TargetIndeks.objects.count() == 3

    page.goto(f"/evaluasi/dashboard/?periode={periode.pk}")
    tabel = page.locator("#tabel-target-capaian")
    expect(tabel).to_contain_text("2,87")  # mean final of the two OPDs
    expect(tabel).to_contain_text("+0,37")
    expect(tabel).to_contain_text("tercapai")
    expect(page.locator("svg .garis-target")).to_have_count(1)
    expect(page.locator("#tren-target")).to_contain_text("3,84")

    # The target page at phone width: no sideways scroll.
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/tindak-lanjut/target/")
    expect(page.locator("#tabel-target")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
