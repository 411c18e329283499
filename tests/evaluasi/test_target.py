"""Targets of the roadmap (SPEC §14): the pure gap rules, one target per key, the workbook
import (row errors, formulas, another instrument's aspect, duplicates, decimal comma, round
trip), access, the dashboard's actual vs target and target line, query counts."""

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from openpyxl import Workbook

from evaluasi.galat import TransisiTidakSah
from evaluasi.models import Penilaian, Periode, StatusPenilaian, StatusPeriode, TargetIndeks
from evaluasi.penilaian import services as penilaian_services
from evaluasi.target import aturan, selectors, services
from evaluasi.target.buku_kerja import KOLOM, baca_xlsx
from evaluasi.target.services import BarisTarget
from tests.factories import OpdFactory

# --- Pure rules (no database) -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("capaian", "target", "gap", "met"),
    [
        ("2.87", "2.50", "0.37", True),
        ("2.50", "2.50", "0.00", True),
        ("1.199", "1.20", "0.00", True),  # the actual as shown (1,20) meets 1,20
        ("1.10", "1.20", "-0.10", False),
        (None, "1.20", None, None),
        ("3.00", None, None, None),
    ],
)
def test_gap_is_actual_minus_target_on_two_decimals(capaian, target, gap, met):
    c = Decimal(capaian) if capaian else None
    t = Decimal(target) if target else None

    assert aturan.selisih(c, t) == (Decimal(gap) if gap else None)
    assert aturan.tercapai(c, t) is met


@pytest.mark.parametrize(
    ("value", "expected"),
    [("3,84", "3.84"), ("3.84", "3.84"), (3.84, "3.84"), (3, "3.00"), (" 1,2 ", "1.20")],
)
def test_target_value_reads_a_decimal_comma_and_spreadsheet_numbers(value, expected):
    assert aturan.baca_nilai(value) == Decimal(expected)


@pytest.mark.parametrize(
    ("value", "pesan"),
    [
        ("", "kosong"),
        ("tiga", "bukan angka"),
        ("5,01", "di luar rentang"),
        ("-1", "di luar rentang"),
        ("3,845", "dua angka"),
        ("1.234,5", "satu koma"),
        ("NaN", "bukan angka"),
        (True, "harus angka"),
    ],
)
def test_target_value_refuses_what_is_not_a_target(value, pesan):
    with pytest.raises(ValueError, match=pesan):
        aturan.baca_nilai(value)


@pytest.mark.parametrize(
    ("value", "ok"),
    [(2026, True), (2026.0, True), ("2026", True), ("20x6", False), (1999, False), ("", False)],
)
def test_target_year(value, ok):
    if ok:
        assert aturan.baca_tahun(value) == 2026
    else:
        with pytest.raises(ValueError):
            aturan.baca_tahun(value)


# --- One target per key -----------------------------------------------------------------------


def _baris(instrumen, **kw) -> BarisTarget:
    return BarisTarget(
        tahun=kw.get("tahun", 2026),
        instrumen_id=instrumen.pk,
        opd_id=kw.get("opd_id"),
        domain_id=kw.get("domain_id"),
        aspek_id=kw.get("aspek_id"),
        nilai=Decimal(kw.get("nilai", "2.50")),
        keterangan=kw.get("keterangan", ""),
    )


@pytest.mark.django_db
def test_adding_the_same_target_twice_keeps_one_row_with_history(instrumen, admin_user):
    services.target_simpan(data=_baris(instrumen), user=admin_user)
    services.target_simpan(data=_baris(instrumen, nilai="2.75"), user=admin_user)

    target = TargetIndeks.objects.get()
    assert target.nilai == Decimal("2.75")
    assert [h.history_user for h in target.history.all()] == [admin_user, admin_user]


@pytest.mark.django_db
def test_the_database_refuses_a_second_pemda_target_with_the_same_key(instrumen):
    TargetIndeks.objects.create(tahun=2026, instrumen=instrumen, nilai=Decimal(2))

    with pytest.raises(IntegrityError), transaction.atomic():
        TargetIndeks.objects.create(tahun=2026, instrumen=instrumen, nilai=Decimal(3))


@pytest.mark.django_db
def test_an_aspect_of_another_instrument_is_refused(instrumen, instrumen_pemdi, admin_user):
    aspek_pemdi = instrumen_pemdi.aspek.first()

    with pytest.raises(TransisiTidakSah, match="bukan bagian"):
        services.target_simpan(data=_baris(instrumen, aspek_id=aspek_pemdi.pk), user=admin_user)
    assert not TargetIndeks.objects.exists()


@pytest.mark.django_db
def test_an_edit_onto_another_targets_key_is_refused(instrumen, admin_user):
    a = services.target_simpan(data=_baris(instrumen, tahun=2025), user=admin_user)
    services.target_simpan(data=_baris(instrumen, tahun=2026), user=admin_user)

    with pytest.raises(TransisiTidakSah, match="sudah ada"):
        services.target_simpan(data=_baris(instrumen, tahun=2026), user=admin_user, target=a)
    a.refresh_from_db()
    assert a.tahun == 2025


# --- The workbook -----------------------------------------------------------------------------


def _xlsx(rows, header=KOLOM[:7]) -> bytes:
    """A workbook as a person would save it (formulas stay formulas)."""
    wb = Workbook()
    sheet = wb.active
    sheet.title = "Target"
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


@pytest.mark.django_db
def test_import_reports_every_row_error_by_row_and_column(instrumen, instrumen_pemdi, opd_a):
    nama_aspek_pemdi = instrumen_pemdi.aspek.order_by("nomor").first().nama
    content = _xlsx(
        [
            (2026, "spbe-2020", "", "", "", "3,84", "IKU"),  # 2: fine (decimal comma)
            (2026, "spbe-2020", "", "", "", "=2+1", ""),  # 3: formula
            (2026, "spbe-2020", "", "", "Aspek Fiktif", "2", ""),  # 4: unknown aspect
            (2026, "spbe-2020", "", "", nama_aspek_pemdi, "2", ""),  # 5: Pemdi's aspect
            (2026, "spbe-2020", "", "", "", "3", ""),  # 6: duplicate of row 2
            (2026, "tidak-ada", "", "", "", "3", ""),  # 7: unknown instrument
            (2026, "spbe-2020", "XYZ-9", "", "", "3", ""),  # 8: unknown OPD code
            ("20x6", "spbe-2020", "", "", "", "3", ""),  # 9: bad year
            (2026, "spbe-2020", "", "1", "1", "3", ""),  # 10: domain and aspect
            (2026, "spbe-2020", opd_a.kode, "", "2", "3,845", ""),  # 11: three decimals
            (2026, "spbe-2020", "", "", "", "2", "@SUM(A1)"),  # 12: formula-like text
        ]
    )

    hasil = baca_xlsx(content, acuan=selectors.acuan_impor())

    teks = "\n".join(hasil.galat)
    assert [b.baris for b in hasil.baris] == [2]
    assert hasil.baris[0].nilai == Decimal("3.84")
    assert "Baris 3, kolom nilai (F3): berisi rumus Excel" in teks
    assert (
        "Baris 4, kolom aspek (E4): aspek “Aspek Fiktif” tidak ada di instrumen spbe-2020" in teks
    )
    assert f"Baris 5, kolom aspek (E5): aspek “{nama_aspek_pemdi}” tidak ada" in teks
    assert "Baris 6: target 2026 Pemerintah daerah · indeks sudah ada di baris 2." in teks
    assert "Baris 7, kolom instrumen (B7)" in teks
    assert "Baris 8, kolom kode_opd (C8): OPD dengan kode “XYZ-9” tidak ada." in teks
    assert "Baris 9, kolom tahun (A9)" in teks
    assert "Baris 10, kolom aspek (E10): isi domain ATAU aspek" in teks
    assert "Baris 11, kolom nilai (F11): nilai target 3,845 lebih dari dua angka" in teks
    assert "Baris 12, kolom keterangan (G12): diawali “@”" in teks
    assert len(hasil.galat) == 10


@pytest.mark.django_db
def test_a_file_with_errors_changes_nothing(client, admin_user, instrumen):
    TargetIndeks.objects.create(tahun=2026, instrumen=instrumen, nilai=Decimal("2.00"))
    client.force_login(admin_user)
    content = _xlsx(
        [(2026, "spbe-2020", "", "", "", "3", ""), (2027, "spbe-2020", "", "", "", "9", "")]
    )

    response = client.post(
        reverse("tindak:target_impor"), {"berkas": SimpleUploadedFile("t.xlsx", content)}
    )

    assert (
        "Baris 3, kolom nilai (F3): nilai target 9 di luar rentang 0–5" in response.content.decode()
    )
    assert "token" not in response.context
    assert list(TargetIndeks.objects.values_list("tahun", "nilai")) == [(2026, Decimal("2.00"))]


@pytest.mark.django_db
def test_import_preview_then_confirm_by_aspect_number_and_name(
    client, admin_user, instrumen, opd_a
):
    aspek2 = instrumen.aspek.get(nomor=2)
    client.force_login(admin_user)
    content = _xlsx(
        [
            (2026, "SPBE-2020", "", "", "", 3.84, "Peta rencana"),
            (2026, "spbe-2020", "", "", "1", "2,5", ""),
            (2026, "spbe-2020", "", "", aspek2.nama.upper(), "2,6", ""),
            (2026, "spbe-2020", opd_a.kode.lower(), "1", "", "3", ""),
        ]
    )

    preview = client.post(
        reverse("tindak:target_impor"), {"berkas": SimpleUploadedFile("t.xlsx", content)}
    )
    assert preview.context["rencana"].dibuat == 4
    assert not TargetIndeks.objects.exists()
    client.post(reverse("tindak:target_impor_konfirmasi"), {"token": preview.context["token"]})

    assert TargetIndeks.objects.count() == 4
    assert TargetIndeks.objects.get(aspek=aspek2).nilai == Decimal("2.60")
    assert TargetIndeks.objects.get(opd=opd_a).domain.nomor == 1
    assert TargetIndeks.objects.get(opd=None, domain=None, aspek=None).nilai == Decimal("3.84")
    assert {h.history_user for h in TargetIndeks.history.all()} == {admin_user}
    # The same token twice writes nothing more.
    again = client.post(
        reverse("tindak:target_impor_konfirmasi"), {"token": preview.context["token"]}, follow=True
    )
    assert "Pratinjau tidak ditemukan" in again.content.decode()


@pytest.mark.django_db
def test_export_imports_back_unchanged(client, admin_user, instrumen, instrumen_pemdi, opd_a):
    for data in (
        _baris(instrumen, nilai="1.20", keterangan="Dompu"),
        _baris(instrumen, aspek_id=instrumen.aspek.get(nomor=3).pk, nilai="2.05"),
        _baris(instrumen, domain_id=instrumen.domain.get(nomor=1).pk, nilai="2.10"),
        _baris(instrumen_pemdi, tahun=2027, opd_id=opd_a.pk, nilai="3.00"),
    ):
        services.target_simpan(data=data, user=admin_user)
    client.force_login(admin_user)

    exported = client.get(reverse("tindak:target_ekspor")).content
    hasil = baca_xlsx(exported, acuan=selectors.acuan_impor())

    assert hasil.galat == []
    assert services.target_rencana(rows=hasil.untuk_simpan()) == services.Ringkasan(0, 0, 4)
    assert {r.kunci + (r.nilai, r.keterangan) for r in hasil.untuk_simpan()} == {
        (t.tahun, t.instrumen_id, t.opd_id, t.domain_id, t.aspek_id, t.nilai, t.keterangan)
        for t in TargetIndeks.objects.all()
    }


# --- Access -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_operator_sees_the_pemda_and_own_opd_targets_only(
    client, operator_a, opd_a, opd_b, instrumen
):
    TargetIndeks.objects.create(
        tahun=2026, instrumen=instrumen, nilai=Decimal("2.5"), keterangan="pemda"
    )
    TargetIndeks.objects.create(
        tahun=2026, instrumen=instrumen, opd=opd_a, nilai=Decimal("3"), keterangan="milik-a"
    )
    lain = TargetIndeks.objects.create(
        tahun=2026, instrumen=instrumen, opd=opd_b, nilai=Decimal("4"), keterangan="milik-b"
    )
    client.force_login(operator_a)

    html = client.get(reverse("tindak:target")).content.decode()
    ekspor = baca_xlsx(
        client.get(reverse("tindak:target_ekspor")).content, acuan=selectors.acuan_impor()
    )

    assert "pemda" in html and "milik-a" in html and "milik-b" not in html
    assert {r.keterangan for r in ekspor.baris} == {"pemda", "milik-a"}
    assert client.get(reverse("tindak:target_ubah", args=[lain.pk])).status_code == 404
    assert (
        client.post(
            reverse("tindak:target_hapus", args=[lain.pk]), {"konfirmasi": "ya"}
        ).status_code
        == 404
    )
    assert TargetIndeks.objects.filter(pk=lain.pk).exists()


@pytest.mark.django_db
def test_admin_deletes_only_after_confirming(client, admin_user, instrumen):
    target = TargetIndeks.objects.create(tahun=2026, instrumen=instrumen, nilai=Decimal("2.5"))
    client.force_login(admin_user)
    url = reverse("tindak:target_hapus", args=[target.pk])

    assert client.post(url).status_code == 200
    assert TargetIndeks.objects.exists()
    client.post(url, {"konfirmasi": "ya"})
    assert not TargetIndeks.objects.exists()
    assert TargetIndeks.history.filter(history_type="-").get().history_user == admin_user


@pytest.mark.django_db
def test_form_refuses_an_aspect_of_another_instrument(
    client, admin_user, instrumen, instrumen_pemdi
):
    client.force_login(admin_user)
    aspek_pemdi = instrumen_pemdi.aspek.first()

    response = client.post(
        reverse("tindak:target_tambah"),
        {"tahun": 2026, "instrumen": instrumen.pk, "bagian": f"a{aspek_pemdi.pk}", "nilai": "3,1"},
    )

    assert response.status_code == 200
    assert "bukan domain atau aspek" in response.content.decode()
    assert not TargetIndeks.objects.exists()


@pytest.mark.django_db
def test_form_adds_a_target_with_a_decimal_comma(client, admin_user, instrumen):
    client.force_login(admin_user)
    aspek = instrumen.aspek.get(nomor=1)

    client.post(
        reverse("tindak:target_tambah"),
        {"tahun": 2026, "instrumen": instrumen.pk, "bagian": f"a{aspek.pk}", "nilai": "3,1"},
    )
    client.post(  # a second click: the same row
        reverse("tindak:target_tambah"),
        {"tahun": 2026, "instrumen": instrumen.pk, "bagian": f"a{aspek.pk}", "nilai": "3,1"},
    )

    assert list(TargetIndeks.objects.values_list("aspek", "nilai")) == [(aspek.pk, Decimal("3.10"))]


@pytest.mark.django_db
def test_target_list_costs_the_same_for_3_or_30_targets(
    client, admin_user, instrumen, django_assert_max_num_queries
):
    client.force_login(admin_user)

    def fill(n):
        for i in range(n):
            opd = OpdFactory()
            TargetIndeks.objects.create(
                tahun=2026, instrumen=instrumen, opd=opd, nilai=Decimal("2"), keterangan=f"t{i}"
            )

    fill(3)
    with django_assert_max_num_queries(12):
        client.get(reverse("tindak:target"))
    fill(27)
    # session, user, count, page rows (joined), years, instruments, OPDs for the filter.
    with django_assert_max_num_queries(12):
        response = client.get(reverse("tindak:target"))
    assert response.content.decode().count("nilai-target") == 30


# --- The dashboard ----------------------------------------------------------------------------


def _finalize(penilaian, indeks):
    Penilaian.objects.filter(pk=penilaian.pk).update(
        status=StatusPenilaian.FINAL,
        indeks_final=Decimal(indeks),
        predikat_final="Cukup",
        indeks_mandiri=Decimal("4.44"),  # the self index differs: the page may show it
        kemajuan=Decimal(100),
        aspek_final={"1": indeks},
        aspek_mandiri={"1": "4.44"},
    )
    # Written past the services: the dashboard's per-period sums are rebuilt.
    penilaian_services.ringkasan_bangun(periode=penilaian.periode)


@pytest.fixture
def dengan_target(periode, penilaian_a, penilaian_b, admin_user):
    _finalize(penilaian_a, "2.13")
    _finalize(penilaian_b, "3.60")  # mean 2.865 → 2.87
    instrumen = periode.instrumen
    for data in (
        _baris(instrumen, tahun=periode.tahun, nilai="2.50"),
        _baris(
            instrumen, tahun=periode.tahun, aspek_id=instrumen.aspek.get(nomor=1).pk, nilai="3.00"
        ),
        _baris(instrumen, tahun=periode.tahun + 1, nilai="3.84"),
    ):
        services.target_simpan(data=data, user=admin_user)
    return periode


@pytest.mark.django_db
def test_dashboard_shows_actual_target_and_gap(client, admin_user, dengan_target):
    client.force_login(admin_user)

    response = client.get(reverse("evaluasi:dashboard"), {"periode": dengan_target.pk})

    baris = {b["nama"]: b for b in response.context["target"]["baris"]}
    assert baris["Indeks"]["capaian"] == Decimal("2.87")
    assert baris["Indeks"]["selisih"] == Decimal("0.37")
    assert baris["Indeks"]["tercapai"] is True
    aspek1 = next(v for k, v in baris.items() if k.startswith("Aspek 1."))
    assert aspek1["selisih"] == Decimal("-0.13") and aspek1["tercapai"] is False
    html = response.content.decode()
    assert "rata-rata Indeks Final OPD" in html
    svg = response.context["grafik_tren"]
    assert 'class="garis-target"' in svg and str(dengan_target.tahun + 1) in svg
    assert "+0,37" in html


@pytest.mark.django_db
def test_pimpinan_sees_targets_but_no_actual_before_publication(client, pimpinan, dengan_target):
    client.force_login(pimpinan)

    response = client.get(reverse("evaluasi:dashboard"), {"periode": dengan_target.pk})

    assert all(
        b["capaian"] is None and b["selisih"] is None for b in response.context["target"]["baris"]
    )
    html = response.content.decode()
    assert "2,87" not in html and "tercapai" not in html
    assert "yang tampil sekarang targetnya saja" in html

    Periode.objects.filter(pk=dengan_target.pk).update(status=StatusPeriode.DIPUBLIKASI)
    response = client.get(reverse("evaluasi:dashboard"), {"periode": dengan_target.pk})
    assert response.context["target"]["baris"][0]["capaian"] == Decimal("2.87")


@pytest.mark.django_db
def test_opd_result_page_shows_its_target(client, admin_user, periode, penilaian_a, opd_a):
    _finalize(penilaian_a, "2.13")
    TargetIndeks.objects.create(
        tahun=periode.tahun, instrumen=periode.instrumen, opd=opd_a, nilai=Decimal("2.40")
    )
    client.force_login(admin_user)

    response = client.get(reverse("evaluasi:hasil", args=[penilaian_a.pk]))

    assert response.context["target"]["target"] == Decimal("2.40")
    assert 'id="target-opd"' in response.content.decode()


@pytest.mark.django_db
def test_dashboard_queries_do_not_grow_with_targets(
    client, admin_user, dengan_target, django_assert_max_num_queries
):
    client.force_login(admin_user)
    url = reverse("evaluasi:dashboard")
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as sedikit:
        client.get(url, {"periode": dengan_target.pk})
    for tahun in range(2030, 2040):
        TargetIndeks.objects.create(
            tahun=tahun, instrumen=dengan_target.instrumen, nilai=Decimal("4")
        )
    with django_assert_max_num_queries(len(sedikit)):
        client.get(url, {"periode": dengan_target.pk})
