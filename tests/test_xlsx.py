"""No user text becomes a formula in any .xlsx the portal produces (spbe_portal/xlsx.py).

Every export is downloaded through its view and read back without `data_only`, so a formula
cell would show as data_type "f"; each text must come back as a string cell, unchanged.
"""

import io
from datetime import date, datetime
from decimal import Decimal

import pytest
import tablib
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from evaluasi.instrumen.buku_kerja import read_xlsx
from evaluasi.models import Indikator, KriteriaLevel, Penilaian, StatusPenilaian
from opd.spreadsheet import read_dataset
from spbe_portal.xlsx import dataset_bytes, workbook_bytes
from tests.factories import OpdFactory
from tests.helpers import MAX
from tpp import rules
from tpp.models import Pegawai
from tpp.services import aturan_save

# What a spreadsheet would run as a formula (or, for CSV-minded tools, start one with).
PAYLOADS = [
    '=HYPERLINK("http://x","klik")',
    "=1+1",
    "+1+1",
    "-2+3",
    "@SUM(A1)",
    "\t=1",
    "\r=1",
    "#N/A",
]


def read_back(text: str) -> str:
    # XML parsers turn a bare CR into LF (XML 1.0 §2.11); that is line-end handling of the
    # file format, not ours, and it leaves no formula.
    return text.replace("\r\n", "\n").replace("\r", "\n")


def assert_texts_stay_text(content: bytes, texts: list[str]) -> None:
    workbook = load_workbook(io.BytesIO(content))
    cells = [cell for sheet in workbook for row in sheet.iter_rows() for cell in row]
    assert [
        f"{c.parent.title}!{c.coordinate}"
        for c in cells
        if c.data_type != "s" and isinstance(c.value, str)
    ] == []
    strings = {c.value for c in cells if c.data_type == "s"}
    assert [t for t in texts if read_back(t) not in strings] == []


def test_workbook_bytes_stores_every_str_as_text_and_keeps_numbers_and_dates():
    workbook = Workbook()
    workbook.active.append(PAYLOADS)
    workbook.active.append([7, Decimal("2.50"), date(2026, 1, 31)])

    sheet = load_workbook(io.BytesIO(workbook_bytes(workbook))).active

    assert [c.value for c in sheet[1]] == [read_back(t) for t in PAYLOADS]
    assert {c.data_type for c in sheet[1]} == {"s"}
    assert [c.value for c in sheet[2][:3]] == [7, 2.5, datetime(2026, 1, 31)]
    assert [c.data_type for c in sheet[2][:3]] == ["n", "n", "d"]


def test_dataset_bytes_writes_the_dataset_as_text_with_a_bold_frozen_header():
    dataset = tablib.Dataset(headers=["nama", "urutan"])
    for i, text in enumerate(PAYLOADS):
        dataset.append([text, i])

    content = dataset_bytes(dataset)

    assert_texts_stay_text(content, PAYLOADS)
    sheet = load_workbook(io.BytesIO(content)).active
    assert sheet.freeze_panes == "A2" and sheet["A1"].font.b
    assert [sheet.cell(row=r, column=2).value for r in range(2, 2 + len(PAYLOADS))] == list(
        range(len(PAYLOADS))
    )


# --- Every export, through its view -----------------------------------------------------------


@pytest.fixture
def named_opds(db):
    """One OPD per payload, named with it (as an import or the admin could have saved it)."""
    return [
        OpdFactory(nama=text, singkatan=text[:20], kode=f"X-{i}") for i, text in enumerate(PAYLOADS)
    ]


@pytest.mark.django_db
def test_opd_export_writes_names_as_text_and_imports_back_unchanged(client, admin_user, named_opds):
    client.force_login(admin_user)

    response = client.get(reverse("opd:ekspor"))

    assert response.status_code == 200
    assert_texts_stay_text(response.content, PAYLOADS)
    exported = read_dataset(response.content, "daftar-opd.xlsx", max_bytes=MAX)
    names = set(exported["nama"])
    # The import collapses whitespace in every cell; the formula-like text itself survives.
    assert {" ".join(read_back(t).split()) for t in PAYLOADS} <= names


@pytest.fixture
def recap_periode(named_opds, periode):
    """The open period, with every payload OPD assessed and payload indicator names."""
    for indikator, text in zip(
        periode.instrumen.indikator.order_by("nomor"), PAYLOADS, strict=False
    ):
        Indikator.objects.filter(pk=indikator.pk).update(nama=text)
    assert set(named_opds) <= {p.opd for p in Penilaian.objects.filter(periode=periode)}
    return periode


@pytest.mark.django_db
def test_recap_xlsx_writes_opd_and_indicator_names_as_text_on_both_sheets(
    client, admin_user, recap_periode, django_capture_on_commit_callbacks
):
    from tests.evaluasi.test_laporan import rekap_xlsx_job

    client.force_login(admin_user)

    # A report job now (streamed by the worker); read back through its download.
    _, content = rekap_xlsx_job(client, recap_periode, django_capture_on_commit_callbacks)

    assert_texts_stay_text(content, PAYLOADS)
    workbook = load_workbook(io.BytesIO(content))
    ranked, detail = workbook.worksheets
    assert {read_back(t) for t in PAYLOADS} <= {c.value for c in ranked["C"]}
    assert {read_back(t) for t in PAYLOADS} <= {c.value for c in detail["B"]}
    assert {read_back(t) for t in PAYLOADS} <= {c.value for c in detail["D"]}


@pytest.mark.django_db
def test_tpp_export_writes_employee_and_opd_texts_as_text(client, admin_user, named_opds, periode):
    aturan_save(
        aturan=None,
        tahun=periode.tahun_tpp,
        periode=periode,
        dasar_hukum=rules.DASAR_HUKUM_BAWAAN,
        persen=dict(rules.PERSENTASE_BAWAAN),
    )
    Penilaian.objects.filter(opd=named_opds[0]).update(
        status=StatusPenilaian.FINAL, indeks_final=Decimal("2.13"), predikat_final="Cukup"
    )
    for i, (opd, text) in enumerate(zip(named_opds, PAYLOADS, strict=True)):
        Pegawai.objects.create(
            nip=f"19800101200501{i:04d}", nama=text, jabatan=text, opd=opd, tpp_dasar=4_500_000
        )
    client.force_login(admin_user)

    response = client.get(reverse("tpp:ekspor"))

    assert response.status_code == 200
    assert_texts_stay_text(response.content, PAYLOADS)
    workbook = load_workbook(io.BytesIO(response.content))
    employees, totals = workbook.worksheets
    for column in ("B", "C", "D"):  # nama, jabatan, OPD
        assert {read_back(t) for t in PAYLOADS} <= {c.value for c in employees[column]}
    assert {read_back(t) for t in PAYLOADS} <= {c.value for c in totals["A"]}
    assert employees["G3"].data_type == "n"  # amounts stay numbers


@pytest.mark.django_db
def test_instrument_export_writes_admin_texts_as_text_and_reads_back(client, admin_user, instrumen):
    instrumen.nama, instrumen.dasar_hukum = PAYLOADS[0], PAYLOADS[1]
    instrumen.save(update_fields=["nama", "dasar_hukum"])
    kriteria = KriteriaLevel.objects.filter(indikator__instrumen=instrumen).order_by("pk")
    for level, text in zip(kriteria, PAYLOADS, strict=False):
        KriteriaLevel.objects.filter(pk=level.pk).update(
            nama=text, deskripsi=text, bukti=f"{text}\n{text}"
        )
    client.force_login(admin_user)

    response = client.get(reverse("evaluasi:instrumen_ekspor", kwargs={"pk": instrumen.pk}))

    assert response.status_code == 200
    assert_texts_stay_text(response.content, PAYLOADS)
    data, errors = read_xlsx(response.content)
    assert errors == []
    assert (data.nama, data.dasar_hukum) == (PAYLOADS[0], PAYLOADS[1])
    assert {read_back(t).strip() for t in PAYLOADS} <= {k.deskripsi for k in data.kriteria}
