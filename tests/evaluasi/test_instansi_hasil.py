"""National results back in (SPEC §12): the template, reading it with row errors, importing a
round all or nothing, the mails and tasks of the pengampu OPDs, the pages and the command."""

import io
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from evaluasi.galat import Konflik
from evaluasi.instansi import putaran as putaran_services
from evaluasi.instansi import services as instansi_services
from evaluasi.instansi.hasil_nasional import baca, tulis_templat
from evaluasi.instansi.selectors import keadaan_instansi
from evaluasi.instansi.tugas import tugas_nasional
from evaluasi.models import Butir, HasilButirNasional, HasilIndikatorNasional, Putaran
from notifikasi.models import Surel
from opd.spreadsheet import SpreadsheetError
from tests.conftest import PDF_BYTES
from tests.helpers import at_once, with_formula
from tests.zip_bombs import bomb, with_declared_size

CONTOH = Path(__file__).resolve().parent.parent.parent / "fixtures" / "hasil_nasional_contoh.xlsx"


@pytest.fixture
def pi(periode_pemdi):
    return periode_pemdi.instansi


@pytest.fixture
def acuan(periode_pemdi):
    return putaran_services.acuan(periode_pemdi.instrumen)


def _butir(periode, nomor_indikator: int, level: int, nomor: int) -> Butir:
    return Butir.objects.select_related("indikator").get(
        indikator__instrumen=periode.instrumen,
        indikator__nomor=nomor_indikator,
        level=level,
        nomor=nomor,
    )


def _isi(content: bytes, butir: dict | None = None, indikator: dict | None = None) -> bytes:
    """The template with cells filled: butir {code: (hasil, jenis, catatan)}, indikator
    {short code: (nilai, rekomendasi)}; a value None leaves the cell as it is."""
    workbook = load_workbook(io.BytesIO(content))
    for sheet, edits, first_column in (
        (workbook["Butir"], butir or {}, 5),
        (workbook["Indikator"], indikator or {}, 4),
    ):
        rows = {row[0].value: row[0].row for row in sheet.iter_rows(min_row=2)}
        for kode, values in edits.items():
            for offset, value in enumerate(values):
                if value is not None:
                    sheet.cell(row=rows[kode], column=first_column + offset).value = value
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _templat(acuan) -> bytes:
    return tulis_templat(acuan)


def _impor(pi, content: bytes, user, *, nama="Tahap 1", batas=None, acuan=None):
    rows = baca(content, acuan or putaran_services.acuan(pi.periode.instrumen))
    assert rows.galat == []
    return putaran_services.putaran_impor(
        penilaian_instansi=pi, rows=rows, nama=nama, batas=batas, user=user, nama_berkas="x.xlsx"
    )


# --- The template and reading it -----------------------------------------------------------


def test_the_template_lists_every_item_and_indicator_with_instructions(periode_pemdi, acuan):
    workbook = load_workbook(io.BytesIO(_templat(acuan)))

    assert workbook.sheetnames == ["Petunjuk", "Butir", "Indikator"]
    butir = list(workbook["Butir"].iter_rows(values_only=True))
    assert butir[0] == (
        "Kode butir",
        "Indikator",
        "Level",
        "Butir",
        "Hasil",
        "Jenis revisi",
        "Catatan asesor",
    )
    assert (
        len(butir) - 1 == Butir.objects.filter(indikator__instrumen=periode_pemdi.instrumen).count()
    )
    assert butir[1][:3] == ("I1-L1-01", "I1", 1) and butir[1][4:] == (None, None, None)
    indikator = list(workbook["Indikator"].iter_rows(values_only=True))
    assert indikator[0] == ("Kode indikator", "Kode nasional", "Indikator", "Nilai", "Rekomendasi")
    assert len(indikator) == 21
    assert indikator[10][:2] == ("I10", "4.2")


def test_an_unfilled_template_is_an_error_not_an_empty_round(acuan):
    rows = baca(_templat(acuan), acuan)

    assert rows.butir == [] and rows.indikator == []
    assert rows.galat == [("Berkas", 0, rows.galat[0][2])]
    assert "Tidak ada hasil" in rows.galat[0][2]


def test_round_trip_template_filled_imported_and_read_back(periode_pemdi, pi, acuan, admin_user):
    content = _isi(
        _templat(acuan),
        butir={
            "I1-L1-01": ("Diterima", None, None),
            "I1-L1-02": ("DITERIMA", None, "Lengkap."),
            "I1-L2-01": ("revisi", "Bukti tidak tepat", "Dokumen masih draf."),
            "I1-L2-02": ("Revisi", "belum_diunggah", None),
            "I1-L3-01": ("revisi", "OTOMATIS DITOLAK", None),
            "I1-L3-02": ("revisi", "lainnya", "Tautan tidak dapat dibuka."),
        },
        indikator={
            "I1": ("1,17", "Tetapkan kebijakan tata kelola."),
            "I2": (2.5, None),
            "I3": (3, None),
            "I5": (None, "Menunggu skor Satu Data."),
        },
    )
    batas = timezone.localdate() + timedelta(days=14)

    putaran = _impor(pi, content, admin_user, batas=batas)

    assert (putaran.nomor, putaran.nama, putaran.batas) == (1, "Tahap 1", batas)
    got_butir = {
        h.butir.kode: (h.putusan, h.jenis_revisi, h.catatan)
        for h in HasilButirNasional.objects.filter(putaran=putaran).select_related(
            "butir__indikator"
        )
    }
    assert got_butir == {
        "I1-L1-01": ("diterima", "", ""),
        "I1-L1-02": ("diterima", "", "Lengkap."),
        "I1-L2-01": ("revisi", "bukti_tidak_tepat", "Dokumen masih draf."),
        "I1-L2-02": ("revisi", "belum_diunggah", ""),
        "I1-L3-01": ("revisi", "otomatis_ditolak", ""),
        "I1-L3-02": ("revisi", "lainnya", "Tautan tidak dapat dibuka."),
    }
    got_indikator = {
        h.indikator.kode_singkat: (h.nilai, h.rekomendasi)
        for h in HasilIndikatorNasional.objects.filter(putaran=putaran).select_related("indikator")
    }
    assert got_indikator == {
        "I1": (Decimal("1.1700"), "Tetapkan kebijakan tata kelola."),
        "I2": (Decimal("2.5000"), ""),
        "I3": (Decimal("3.0000"), ""),
        "I5": (None, "Menunggu skor Satu Data."),
    }

    # What was stored, written back into the template, reads back to the same rows.
    first = baca(content, acuan)
    again = baca(tulis_templat(acuan, butir=first.butir, indikator=first.indikator), acuan)
    assert _tanpa_baris(again.butir) == _tanpa_baris(first.butir)
    assert _tanpa_baris(again.indikator) == _tanpa_baris(first.indikator)


def _tanpa_baris(rows) -> list[dict]:
    """Rows compared by content, whatever line of the sheet they were read from."""
    return [r.__dict__ | {"baris": 0} for r in rows]


def test_blank_rows_and_items_without_a_result_are_skipped(acuan):
    content = _isi(_templat(acuan), butir={"I1-L1-01": ("diterima", None, None)})
    workbook = load_workbook(io.BytesIO(content))
    workbook["Butir"].insert_rows(3, amount=5)  # blank lines between the rows
    buffer = io.BytesIO()
    workbook.save(buffer)

    rows = baca(buffer.getvalue(), acuan)

    assert rows.galat == []
    assert [(r.kode, r.putusan) for r in rows.butir] == [("I1-L1-01", "diterima")]


def _row_errors(acuan, **edits) -> list:
    return baca(_isi(_templat(acuan), **edits), acuan).galat


def test_an_unknown_item_code_is_a_row_error(acuan):
    content = _isi(_templat(acuan), butir={"I1-L1-01": ("diterima", None, None)})
    workbook = load_workbook(io.BytesIO(content))
    workbook["Butir"]["A2"] = "I1-L9-01"
    buffer = io.BytesIO()
    workbook.save(buffer)

    assert baca(buffer.getvalue(), acuan).galat == [
        ("Butir", 2, "Kode butir I1-L9-01 tidak ada di instrumen periode ini.")
    ]


@pytest.mark.parametrize(
    ("nilai", "pesan"),
    [
        (6, "Nilai 6 di luar rentang 1 sampai 5."),
        ("0,5", "Nilai 0,5 di luar rentang 1 sampai 5."),
        ("abc", "Nilai 'abc' bukan angka (contoh: 2,5 atau 1,17)."),
        ("1e3", "Nilai '1e3' bukan angka (contoh: 2,5 atau 1,17)."),
    ],
)
def test_a_value_outside_1_to_5_or_not_a_number_is_a_row_error(acuan, nilai, pesan):
    assert _row_errors(acuan, indikator={"I10": (nilai, None)}) == [("Indikator", 11, pesan)]


def test_a_revision_without_its_kind_or_with_an_unknown_one_is_a_row_error(acuan):
    galat = _row_errors(
        acuan,
        butir={
            "I1-L1-01": ("revisi", None, "Catatan."),
            "I1-L1-02": ("revisi", "salah ketik", None),
            "I1-L1-03": ("ditolak", None, None),
            "I1-L2-01": ("diterima", "belum diunggah", None),
            "I1-L2-02": (None, None, "Catatan tanpa hasil."),
        },
    )

    assert [(sheet, line) for sheet, line, _ in galat] == [("Butir", n) for n in (2, 3, 4, 5, 6)]
    assert "tanpa jenis revisi" in galat[0][2]
    assert "Jenis revisi 'salah ketik' tidak dikenal" in galat[1][2]
    assert "Hasil 'ditolak' tidak dikenal" in galat[2][2]
    assert "diterima tetapi jenis revisi diisi" in galat[3][2]
    assert "Hasil butir I1-L2-02 kosong" in galat[4][2]


def test_a_duplicate_code_is_a_row_error_naming_the_first_row(acuan):
    content = _isi(_templat(acuan), butir={"I1-L1-01": ("diterima", None, None)})
    workbook = load_workbook(io.BytesIO(content))
    workbook["Butir"].append(["i1-l1-01", None, None, None, "revisi", "lainnya", "Lagi."])
    last = workbook["Butir"].max_row
    workbook["Indikator"].append(["I1", None, None, 2, None])
    workbook["Indikator"]["D2"] = 3
    buffer = io.BytesIO()
    workbook.save(buffer)

    assert baca(buffer.getvalue(), acuan).galat == [
        ("Butir", last, "Kode butir I1-L1-01 sudah ada di baris 2."),
        ("Indikator", 22, "Indikator I1 sudah ada di baris 2."),
    ]


def test_a_formula_cell_is_a_row_error_and_never_evaluated(acuan):
    content = _isi(
        _templat(acuan),
        butir={"I1-L1-01": ("diterima", None, None)},
        indikator={"I2": ("RUMUS", None)},
    )
    content = with_formula(content, "RUMUS", "=1+1", "2")

    rows = baca(content, acuan)

    assert rows.indikator == []
    assert rows.galat == [("Indikator", 3, rows.galat[0][2])]
    assert rows.galat[0][2].startswith("Sel D3 berisi rumus Excel")


def test_a_workbook_without_the_sheets_or_columns_is_refused_with_a_message(acuan):
    from tests.zip_bombs import xlsx

    with pytest.raises(SpreadsheetError, match="Lembar kerja Butir dan Indikator tidak ada"):
        baca(xlsx([["nama", "jenis"]]), acuan)
    workbook = load_workbook(io.BytesIO(_templat(acuan)))
    workbook["Butir"]["E1"] = "Putusan"
    buffer = io.BytesIO()
    workbook.save(buffer)
    with pytest.raises(SpreadsheetError, match="Lembar Butir: kolom wajib tidak ada: hasil"):
        baca(buffer.getvalue(), acuan)


# --- The national index ---------------------------------------------------------------------


def test_the_national_index_from_imported_values_matches_the_weights_by_hand(
    periode_pemdi, pi, acuan, admin_user
):
    # Every indicator 1, except 7.2 (I20, weight 15) at 3 and 2.1 (I3, weight 5) at 1,17;
    # weights sum to 100: index = (100·1 + 15·(3−1) + 5·(1,17−1)) / 100 = 1,3085 → 1,31.
    values = {f"I{n}": ("1", None) for n in range(1, 21)}
    values.update({"I20": ("3", None), "I3": ("1,17", None)})
    content = _isi(_templat(acuan), indikator=values)
    rows = baca(content, acuan)

    pratinjau = putaran_services.indeks_pratinjau(pi, rows)
    _impor(pi, content, admin_user)
    hasil = keadaan_instansi(pi).indeks("nasional")

    assert pratinjau.hasil.indeks_presisi == Decimal("1.3085")
    assert hasil.indeks_presisi == Decimal("1.3085")
    assert hasil.indeks == pratinjau.hasil.indeks == Decimal("1.31")
    assert hasil.predikat == "Kurang" and hasil.lengkap


def test_a_revision_round_keeps_earlier_values_for_indicators_it_does_not_value(
    pi, acuan, admin_user
):
    values = {f"I{n}": ("2", None) for n in range(1, 21)}
    _impor(pi, _isi(_templat(acuan), indikator=values), admin_user)
    rows = baca(_isi(_templat(acuan), indikator={"I20": ("4", None)}), acuan)

    pratinjau = putaran_services.indeks_pratinjau(pi, rows)

    # (100·2 + 15·(4−2)) / 100 = 2,30
    assert pratinjau.hasil.indeks == Decimal("2.30")
    assert 20 not in pratinjau.dari_sebelumnya and 1 in pratinjau.dari_sebelumnya


# --- Import, mails and tasks ----------------------------------------------------------------


@pytest.fixture
def peta(periode_pemdi, opd_a, opd_b, admin_user):
    """opd_a holds indicator 1 (all its items); opd_b holds one item of indicator 2."""
    ind1 = periode_pemdi.instrumen.indikator.get(nomor=1)
    item = _butir(periode_pemdi, 2, 1, 1)
    instansi_services.pengampu_atur(
        periode=periode_pemdi, indikator=ind1, butir=None, opd_ids={opd_a.pk}, user=admin_user
    )
    instansi_services.pengampu_atur(
        periode=periode_pemdi,
        indikator=item.indikator,
        butir=item,
        opd_ids={opd_b.pk},
        user=admin_user,
    )


def test_revised_items_are_mailed_to_their_pengampu_operators_only(
    pi, acuan, peta, admin_user, operator_a, operator_b, django_capture_on_commit_callbacks
):
    from tests.factories import PenggunaFactory

    PenggunaFactory(peran="operator", opd=operator_a.opd, terima_surel=False)
    content = _isi(
        _templat(acuan),
        butir={
            "I1-L2-01": ("revisi", "bukti tidak tepat", "Masih draf."),
            "I1-L1-01": ("diterima", None, None),
            "I2-L1-02": ("revisi", "belum diunggah", None),  # no pengampu: nobody is told
            "I2-L1-01": ("diterima", None, None),  # opd_b's item, accepted
        },
    )
    batas = timezone.localdate() + timedelta(days=10)

    with django_capture_on_commit_callbacks():
        _impor(pi, content, admin_user, batas=batas)

    mails = list(Surel.objects.all())
    assert [m.kepada for m in mails] == [operator_a.email]
    assert "Tahap 1" in mails[0].subjek
    assert "I1-L2-01" in mails[0].isi and "Masih draf." in mails[0].isi
    assert "I2-L1-02" not in mails[0].isi
    assert f"{batas:%d-%m-%Y}" in mails[0].isi


def test_a_round_with_a_row_error_writes_nothing(pi, acuan, admin_user):
    content = _isi(
        _templat(acuan),
        butir={"I1-L1-01": ("revisi", None, None), "I1-L1-02": ("diterima", None, None)},
    )
    rows = baca(content, acuan)

    with pytest.raises(Exception, match="galat; tidak ada yang disimpan"):
        putaran_services.putaran_impor(
            penilaian_instansi=pi,
            rows=rows,
            nama="Tahap 1",
            batas=None,
            user=admin_user,
            nama_berkas="x.xlsx",
        )
    assert not Putaran.objects.exists() and not HasilButirNasional.objects.exists()


def test_a_stale_preview_is_refused_with_who_took_the_round(pi, acuan, admin_user):
    rows = baca(_isi(_templat(acuan), butir={"I1-L1-01": ("diterima", None, None)}), acuan)
    kwargs = {"penilaian_instansi": pi, "rows": rows, "nama": "Tahap 1", "batas": None}
    putaran_services.putaran_impor(**kwargs, user=admin_user, nama_berkas="a.xlsx", nomor=1)

    with pytest.raises(Konflik, match=r"Putaran 1 \(Tahap 1\) sudah diimpor oleh"):
        putaran_services.putaran_impor(**kwargs, user=admin_user, nama_berkas="b.xlsx", nomor=1)
    # Without a preview's number the next round is simply the next one.
    kedua = putaran_services.putaran_impor(
        **(kwargs | {"nama": "Perbaikan 1"}), user=admin_user, nama_berkas="c.xlsx", nomor=2
    )
    assert kedua.nomor == 2
    assert list(Putaran.objects.values_list("nomor", "nama_berkas")) == [
        (1, "a.xlsx"),
        (2, "c.xlsx"),
    ]


def _tugas_file(periode, acuan, butir: dict) -> bytes:
    return _isi(_templat(acuan), butir=butir)


def test_tasks_list_the_opds_revised_items_until_it_answers(
    periode_pemdi,
    pi,
    acuan,
    peta,
    admin_user,
    opd_a,
    opd_b,
    operator_a,
    django_assert_num_queries,
):
    batas = timezone.localdate() + timedelta(days=7)
    _impor(
        pi,
        _tugas_file(
            periode_pemdi,
            acuan,
            {
                "I1-L2-01": ("revisi", "bukti tidak tepat", "Masih draf."),
                "I1-L3-01": ("revisi", "otomatis ditolak", None),
                "I1-L1-01": ("diterima", None, None),
                "I2-L1-01": ("revisi", "belum diunggah", None),
            },
        ),
        admin_user,
        batas=batas,
    )

    # Queries: the OPD's pengampu rows, the period's item results, the OPD's answers.
    with django_assert_num_queries(3):
        tugas = tugas_nasional(periode_pemdi, opd_a.pk)

    assert [(t.kode, t.jenis_revisi, t.catatan, t.batas) for t in tugas] == [
        ("I1-L2-01", "Bukti tidak tepat", "Masih draf.", batas),
        ("I1-L3-01", "Otomatis ditolak", "", batas),
    ]
    assert not any(t.selesai or t.terlambat for t in tugas)
    late = tugas_nasional(periode_pemdi, opd_a.pk, hari_ini=batas + timedelta(days=1))
    assert all(t.terlambat for t in late)
    assert [t.kode for t in tugas_nasional(periode_pemdi, opd_b.pk)] == ["I2-L1-01"]

    instansi_services.berkas_unggah(
        penilaian=pi,
        butir=_butir(periode_pemdi, 1, 2, 1),
        opd_id=opd_a.pk,
        user=operator_a,
        data=PDF_BYTES,
        nama="SK baru.pdf",
    )
    tugas = tugas_nasional(periode_pemdi, opd_a.pk, hari_ini=batas + timedelta(days=1))
    # Done items go last and are not late.
    assert [(t.kode, t.selesai, t.terlambat) for t in tugas] == [
        ("I1-L3-01", False, True),
        ("I1-L2-01", True, False),
    ]

    # A later round accepting the item closes the task; the other stays with the new round.
    _impor(
        pi,
        _tugas_file(periode_pemdi, acuan, {"I1-L2-01": ("diterima", None, None)}),
        admin_user,
        nama="Perbaikan 1",
    )
    assert [(t.kode, t.putaran) for t in tugas_nasional(periode_pemdi, opd_a.pk)] == [
        ("I1-L3-01", "Tahap 1")
    ]


def test_the_tasks_query_count_does_not_grow_with_items_or_rounds(
    periode_pemdi, pi, admin_user, opd_a, django_assert_num_queries
):
    ind1 = periode_pemdi.instrumen.indikator.get(nomor=1)
    instansi_services.pengampu_atur(
        periode=periode_pemdi, indikator=ind1, butir=None, opd_ids={opd_a.pk}, user=admin_user
    )
    _impor(pi, CONTOH.read_bytes(), admin_user)
    _impor(pi, CONTOH.read_bytes(), admin_user, nama="Perbaikan 1")

    with django_assert_num_queries(3):
        tugas = tugas_nasional(periode_pemdi, opd_a.pk)
    assert tugas and all(t.kode.startswith("I1-") for t in tugas)


def test_the_sample_file_imports_without_row_errors(periode_pemdi, pi, acuan, admin_user):
    rows = baca(CONTOH.read_bytes(), acuan)

    assert rows.galat == []
    assert rows.jumlah_diterima > rows.jumlah_revisi > 0
    assert {r.jenis_revisi for r in rows.butir} == {
        "",
        "bukti_tidak_tepat",
        "belum_diunggah",
        "otomatis_ditolak",
        "lainnya",
    }
    assert rows.jumlah_bernilai == 20
    assert Decimal("1.17") in rows.nilai().values()
    putaran = _impor(pi, CONTOH.read_bytes(), admin_user, acuan=acuan)
    assert putaran.hasil_butir.count() == len(rows.butir)
    assert keadaan_instansi(pi).indeks("nasional").lengkap


# --- Two confirms at once -------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_two_confirms_at_once_make_one_round(periode_pemdi, admin_user):
    pi = periode_pemdi.instansi
    acuan = putaran_services.acuan(periode_pemdi.instrumen)
    rows = baca(_isi(_templat(acuan), butir={"I1-L1-01": ("revisi", "lainnya", None)}), acuan)

    def confirm():
        return putaran_services.putaran_impor(
            penilaian_instansi=pi,
            rows=rows,
            nama="Tahap 1",
            batas=None,
            user=admin_user,
            nama_berkas="x.xlsx",
            nomor=1,
        )

    results = at_once([confirm, confirm])

    assert sorted(type(r).__name__ for r in results) == ["Konflik", "Putaran"]
    assert Putaran.objects.count() == 1 and HasilButirNasional.objects.count() == 1


# --- Pages ----------------------------------------------------------------------------------


def _url(name: str, periode) -> str:
    return reverse(f"evaluasi:{name}", kwargs={"pk": periode.pk})


def _upload(client, periode, content: bytes, *, nama="Tahap 1", batas=""):
    berkas = SimpleUploadedFile("hasil.xlsx", content)
    return client.post(
        _url("hasil_nasional", periode), {"berkas": berkas, "nama": nama, "batas": batas}
    )


@pytest.mark.parametrize("name", ["hasil_nasional", "hasil_nasional_templat"])
def test_pages_are_for_the_koordinator_only(client, periode_pemdi, personas, name):
    url = _url(name, periode_pemdi)
    assert client.get(url).status_code == 302  # anonymous → login
    for peran in ("operator", "evaluator", "pimpinan"):
        client.force_login(personas[peran])
        assert client.get(url).status_code == 403, peran
    client.force_login(personas["admin"])
    assert client.get(url).status_code == 200
    assert client.get(reverse(f"evaluasi:{name}", kwargs={"pk": 999999})).status_code == 404


def test_confirm_is_post_only_and_for_the_koordinator_only(client, periode_pemdi, personas):
    url = _url("hasil_nasional_konfirmasi", periode_pemdi)
    client.force_login(personas["pimpinan"])
    assert client.post(url, {"token": "0" * 32}).status_code == 403
    client.force_login(personas["admin"])
    assert client.get(url).status_code == 405
    assert client.post(_url("hasil_nasional_templat", periode_pemdi)).status_code == 405


def test_download_upload_preview_confirm_and_the_round_is_listed(
    client, periode_pemdi, pi, admin_user, peta, operator_a, django_capture_on_commit_callbacks
):
    client.force_login(admin_user)
    templat = client.get(_url("hasil_nasional_templat", periode_pemdi))
    assert templat["Content-Type"].startswith("application/vnd.openxmlformats")
    values = {f"I{n}": ("1", None) for n in range(1, 21)} | {"I20": ("3", None)}
    content = _isi(
        templat.content,
        butir={
            "I1-L1-01": ("diterima", None, None),
            "I1-L2-01": ("revisi", "bukti tidak tepat", "Masih draf."),
        },
        indikator=values,
    )
    batas = timezone.localdate() + timedelta(days=14)

    preview = _upload(client, periode_pemdi, content, batas=batas.isoformat())

    assert preview.status_code == 200
    ctx = preview.context
    assert (ctx["pratinjau"].jumlah_diterima, ctx["pratinjau"].jumlah_revisi) == (1, 1)
    assert ctx["pratinjau"].jumlah_bernilai == 20 and ctx["galat"] == []
    assert ctx["indeks"].hasil.indeks == Decimal("1.30")  # (100 + 15·2) / 100
    assert ctx["nomor"] == 1 and ctx["token"]
    assert b'id="konfirmasi-hasil"' in preview.content
    assert not Putaran.objects.exists()

    with django_capture_on_commit_callbacks():
        done = client.post(
            _url("hasil_nasional_konfirmasi", periode_pemdi), {"token": ctx["token"]}
        )

    assert done.status_code == 302
    putaran = Putaran.objects.get()
    assert (putaran.nama, putaran.batas, putaran.diimpor_oleh) == ("Tahap 1", batas, admin_user)
    assert putaran.nama_berkas == "hasil.xlsx"
    assert Surel.objects.filter(kepada=operator_a.email).count() == 1
    page = client.get(_url("hasil_nasional", periode_pemdi))
    assert [p.nama for p in page.context["daftar"]] == ["Tahap 1"]
    assert page.context["daftar"][0].jumlah_revisi == 1
    assert page.context["form"].initial["nama"] == "Perbaikan 1"
    assert admin_user.nama.encode() in page.content
    # The token is spent: a second click imports nothing more.
    again = client.post(_url("hasil_nasional_konfirmasi", periode_pemdi), {"token": ctx["token"]})
    assert again.status_code == 302 and Putaran.objects.count() == 1


def test_row_errors_are_listed_and_nothing_can_be_confirmed(client, periode_pemdi, admin_user):
    client.force_login(admin_user)
    content = _isi(
        tulis_templat(putaran_services.acuan(periode_pemdi.instrumen)),
        butir={"I1-L1-01": ("revisi", None, None)},
        indikator={"I2": (6, None)},
    )

    response = _upload(client, periode_pemdi, content)

    assert [(s, n) for s, n, _ in response.context["galat"]] == [("Butir", 2), ("Indikator", 3)]
    assert response.context["token"] == ""
    assert b'id="galat-hasil"' in response.content
    assert b"Butir baris 2" in response.content and b"Indikator baris 3" in response.content
    assert b'id="konfirmasi-hasil"' not in response.content


def test_a_stale_preview_is_refused_on_confirm(client, periode_pemdi, admin_user):
    client.force_login(admin_user)
    content = _isi(
        tulis_templat(putaran_services.acuan(periode_pemdi.instrumen)),
        butir={"I1-L1-01": ("diterima", None, None)},
    )
    first = _upload(client, periode_pemdi, content).context["token"]
    second = _upload(client, periode_pemdi, content).context["token"]  # same round number
    url = _url("hasil_nasional_konfirmasi", periode_pemdi)
    client.post(url, {"token": first})

    response = client.post(url, {"token": second}, follow=True)

    assert Putaran.objects.count() == 1
    text = response.content.decode()
    assert "Putaran 1 (Tahap 1) sudah diimpor oleh" in text
    assert "Tidak ada yang disimpan" in text


@pytest.fixture(scope="module")
def xlsx_bomb() -> bytes:
    # 16 MB of zeros: under the per-member cap, so the compression ratio is what refuses it.
    return bomb({"[Content_Types].xml": b"<Types/>"}, name="xl/worksheets/sheet1.xml", megabytes=16)


def test_a_zip_bomb_is_refused_with_a_message_and_nothing_written(
    client, periode_pemdi, admin_user, xlsx_bomb
):
    client.force_login(admin_user)

    response = _upload(client, periode_pemdi, xlsx_bomb)

    assert "ciri bom zip" in response.context["form"].errors["berkas"][0]
    assert "pratinjau" not in response.context
    assert not Putaran.objects.exists()


def test_a_huge_declared_size_is_refused_before_opening(acuan):
    content = _isi(_templat(acuan), butir={"I1-L1-01": ("diterima", None, None)})
    huge = with_declared_size(content, "xl/worksheets/sheet2.xml", 4 * 1024**3 - 1)

    with pytest.raises(SpreadsheetError, match="Isi arsip terlalu besar"):
        baca(huge, acuan)


# --- The command ----------------------------------------------------------------------------


def test_the_command_imports_the_sample_and_prints_one_line(
    periode_pemdi, admin_user, capsys, tmp_path
):
    call_command("impor_hasil_nasional", "--periode", "2027", str(CONTOH), "--batas", "2027-09-30")

    out = capsys.readouterr().out.strip().splitlines()
    assert len(out) == 1 and out[0].startswith("Tahap 1 (putaran 1)")
    putaran = Putaran.objects.get()
    assert (putaran.batas.isoformat(), putaran.diimpor_oleh) == ("2027-09-30", admin_user)
    call_command("impor_hasil_nasional", "--periode", "2027", str(CONTOH), "--dry-run")
    assert "Perbaikan 1 (putaran 2)" in capsys.readouterr().out
    assert Putaran.objects.count() == 1


def test_the_command_prints_row_errors_and_exits_non_zero(
    periode_pemdi, admin_user, acuan, capsys, tmp_path
):
    bad = tmp_path / "salah.xlsx"
    bad.write_bytes(_isi(_templat(acuan), butir={"I1-L1-01": ("revisi", None, None)}))

    with pytest.raises(CommandError, match="1 galat; tidak ada yang disimpan") as exc:
        call_command("impor_hasil_nasional", "--periode", "2027", str(bad))

    assert exc.value.returncode == 1
    assert "Butir baris 2: Butir I1-L1-01 direvisi tanpa jenis revisi" in capsys.readouterr().err
    assert not Putaran.objects.exists()
    with pytest.raises(CommandError) as exc:
        call_command("impor_hasil_nasional", "--periode", "1999", str(bad))
    assert exc.value.returncode == 2
    with pytest.raises(CommandError) as exc:
        call_command("impor_hasil_nasional", "--periode", "2027", str(CONTOH), "--oleh", "tidak")
    assert exc.value.returncode == 2


def test_the_period_page_links_to_the_national_results(client, periode_pemdi, admin_user):
    client.force_login(admin_user)

    response = client.get(_url("periode_detail", periode_pemdi))

    assert _url("hasil_nasional", periode_pemdi).encode() in response.content


def test_the_template_offers_exactly_the_stored_kinds_of_revision():
    from evaluasi.instansi.hasil_nasional import JENIS_REVISI
    from evaluasi.models import JenisRevisiNasional

    assert {k: v.capitalize() for k, v in JENIS_REVISI.items()} == dict(JenisRevisiNasional.choices)


def test_the_task_include_renders_each_task_with_its_state(periode_pemdi):
    from django.template.loader import render_to_string

    from evaluasi.instansi.tugas import TugasNasional

    batas = timezone.localdate()
    tugas = [
        TugasNasional(1, "I1-L2-01", "SK", "1.1 Tata", "Tahap 1", "Bukti tidak tepat", "Draf.",
                      batas, selesai=False, terlambat=True, url="/isi/1/"),
        TugasNasional(2, "I1-L3-01", "Perbup", "1.1 Tata", "Tahap 1", "Otomatis ditolak", "",
                      None, selesai=True, terlambat=False),
    ]  # fmt: skip

    html = render_to_string("evaluasi/instansi/_tugas_nasional.html", {"tugas_nasional": tugas})

    assert "revisi 2 butir" in html and 'href="/isi/1/"' in html
    assert "Lewat batas" in html and "Sudah diperbarui" in html and "belum ditetapkan" in html
    assert render_to_string("evaluasi/instansi/_tugas_nasional.html", {}).strip() == ""
