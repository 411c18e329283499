"""TPP pages, employee import, amounts and the finance recap."""

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from evaluasi.models import Penilaian, Periode, StatusPenilaian, StatusPeriode
from tests.factories import OpdFactory
from tests.helpers import csv_bytes, dataset_from_rows
from tpp import rules
from tpp.models import AturanTpp, Pegawai
from tpp.services import aturan_save, pegawai_import

pytestmark = pytest.mark.django_db

HEADER = ["nip", "nama", "jabatan", "opd", "tpp_dasar"]


@pytest.fixture
def aturan(periode, penilaian_a, penilaian_b):
    Penilaian.objects.filter(pk=penilaian_a.pk).update(
        status=StatusPenilaian.FINAL, indeks_final=Decimal("2.13"), predikat_final="Cukup"
    )
    return aturan_save(
        aturan=None,
        tahun=periode.tahun_tpp,
        periode=periode,
        dasar_hukum=rules.DASAR_HUKUM_BAWAAN,
        persen=dict(rules.PERSENTASE_BAWAAN),
    )


@pytest.fixture
def pegawai(opd_a, opd_b):
    rows = [
        HEADER,
        ["198001012005011001", "Ani", "Analis", opd_a.kode, "Rp 4.500.000"],
        ["198001012005011002", "Budi", "Pranata", opd_a.kode, "3333333"],
        ["198001012005011003", "Citra", "Kepala Bidang", opd_b.kode, "5.000.000,00"],
    ]
    hasil = pegawai_import(dataset=dataset_from_rows(rows), dry_run=False)
    assert not hasil.ada_galat
    return rows


def test_each_opd_gets_the_percentage_of_its_final_predikat_and_others_are_not_zero(
    client, admin_user, aturan, pegawai, opd_a, opd_b
):
    client.force_login(admin_user)

    response = client.get(reverse("tpp:beranda"))

    rows = {r["opd"]: r for r in response.context["rows"]}
    assert (rows[opd_a]["predikat"], rows[opd_a]["persen"]) == ("Cukup", Decimal(10))
    # 4.500.000 × 10 % = 450.000; 3.333.333 × 10 % = 333.333,3 → 333.333
    assert rows[opd_a]["total_komponen"] == 783_333
    assert rows[opd_b]["persen"] is None and rows[opd_b]["total_komponen"] is None
    html = response.content.decode()
    assert "belum ada hasil final" in html and "Rp783.333" in html


def test_pimpinan_sees_percentages_only_after_publication(client, pimpinan, aturan, pegawai, opd_a):
    client.force_login(pimpinan)
    before = {r["opd"]: r["persen"] for r in client.get(reverse("tpp:beranda")).context["rows"]}
    Periode.objects.filter(pk=aturan.periode_id).update(status=StatusPeriode.DIPUBLIKASI)
    after = {r["opd"]: r["persen"] for r in client.get(reverse("tpp:beranda")).context["rows"]}

    assert before[opd_a] is None and after[opd_a] == Decimal(10)


def test_employee_page_amounts_and_totals(client, admin_user, aturan, pegawai, opd_a):
    client.force_login(admin_user)

    response = client.get(reverse("tpp:pegawai"), {"opd": opd_a.pk})

    assert [(r["pegawai"].nama, r["komponen"]) for r in response.context["rows"]] == [
        ("Ani", 450_000),
        ("Budi", 333_333),
    ]
    assert response.context["total_komponen"] == 783_333
    assert "Rp783.333" in response.content.decode()


def test_finance_recap_xlsx_reads_back(client, admin_user, aturan, pegawai, opd_b):
    client.force_login(admin_user)

    response = client.get(reverse("tpp:ekspor"))

    wb = load_workbook(io.BytesIO(response.content))
    ws = wb[f"TPP {aturan.tahun}"]
    rows = {
        ws.cell(row=r, column=1).value: [c.value for c in ws[r]] for r in range(3, ws.max_row + 1)
    }
    assert rows["198001012005011001"][5:] == [10, 4_500_000, 450_000]
    assert rows["198001012005011003"][4:] == ["belum ada hasil final", None, 5_000_000, None]
    totals = {
        row[0].value: [c.value for c in row] for row in wb["Total per OPD"].iter_rows(min_row=2)
    }
    assert totals[opd_b.nama][2:] == [None, 1, 5_000_000, None]


def test_employee_import_errors_are_all_reported_and_nothing_saved(opd_a):
    rows = [
        HEADER,
        ["198001012005011001", "Ani", "", opd_a.kode, "4500000"],  # 2: good
        ["1980", "Budi", "", opd_a.kode, "4500000"],  # 3: bad NIP
        ["198001012005011001", "Ani lagi", "", opd_a.kode, "4500000"],  # 4: duplicate NIP
        ["198001012005011005", "Dodi", "", "Dinas Entah", "4500000"],  # 5: unknown OPD
        ["198001012005011006", "Eko", "", opd_a.kode, "empat juta"],  # 6: bad amount
        ["198001012005011007", "", "", opd_a.kode, ""],  # 7: no name, no amount
    ]

    hasil = pegawai_import(dataset=dataset_from_rows(rows), dry_run=False)

    errors = {}
    for line, message in hasil.galat:
        errors.setdefault(line, []).append(message)
    assert sorted(errors) == [3, 4, 5, 6, 7]
    assert "NIP '1980' harus 18 digit angka." in errors[3]
    assert "sama dengan baris 2" in errors[4][0]
    assert "OPD 'Dinas Entah' tidak ditemukan" in errors[5][0]
    assert "TPP dasar 'empat juta' harus berupa jumlah rupiah" in errors[6][0]
    assert len(errors[7]) == 2
    assert not Pegawai.objects.exists()


def test_employee_import_is_idempotent_and_updates_amounts(opd_a, pegawai):
    again = pegawai_import(dataset=dataset_from_rows(pegawai), dry_run=False)
    assert (again.dibuat, again.diperbarui, again.tidak_berubah) == (0, 0, 3)

    changed = [HEADER, ["198001012005011001", "Ani", "Analis", opd_a.kode, "4.750.000"]]
    hasil = pegawai_import(dataset=dataset_from_rows(changed), dry_run=False)

    assert (hasil.dibuat, hasil.diperbarui) == (0, 1)
    assert Pegawai.objects.get(nip="198001012005011001").tpp_dasar == 4_750_000


def test_employee_import_through_the_page(client, admin_user, opd_a):
    client.force_login(admin_user)
    data = csv_bytes(
        [HEADER, ["19800101 200501 1 009", "Fitri", "Analis", opd_a.nama, "4.000.000"]]
    )

    preview = client.post(
        reverse("tpp:pegawai_impor"), {"berkas": SimpleUploadedFile("pegawai.csv", data)}
    )
    client.post(reverse("tpp:pegawai_impor_konfirmasi"), {"token": preview.context["token"]})

    assert Pegawai.objects.get().nip == "198001012005011009"


def test_admin_creates_a_rule_with_the_default_table(client, admin_user, periode):
    OpdFactory()
    client.force_login(admin_user)
    data = {
        "tahun": periode.tahun_tpp,
        "periode": periode.pk,
        "dasar_hukum": "Pergub 12/2026",
        **{f"persen_{k}": str(v) for k, v in rules.PERSENTASE_BAWAAN.items()},
    }
    data["persen_Memuaskan"] = "30"

    client.post(reverse("tpp:aturan_tambah") + f"?periode={periode.pk}", data)

    aturan = AturanTpp.objects.get()
    assert aturan.tabel["Memuaskan"] == Decimal(30) and aturan.tabel["Kurang"] == 0
    again = client.post(reverse("tpp:aturan_tambah") + f"?periode={periode.pk}", data)
    assert "Aturan untuk tahun TPP ini sudah ada." in again.content.decode()
