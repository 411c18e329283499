"""The crosswalk (padanan) 59/2020 → Pemdi 2026: the model's rules, the bundled map and its
loader, the workbook round trip and hostile imports, the pure estimate, and the labelled trend
across the change of instrument (published final figures only, bounded queries)."""

import csv
import io
import zipfile
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from evaluasi.galat import TransisiTidakSah
from evaluasi.models import (
    Indikator,
    Jawaban,
    Padanan,
    Penilaian,
    Periode,
    StatusPenilaian,
    StatusPeriode,
    TidakBerlaku,
)
from evaluasi.padanan import aturan, selectors, services
from evaluasi.padanan.buku_kerja import baca_xlsx, tulis_xlsx
from evaluasi.rumus import tampak_rumus
from opd.spreadsheet import SpreadsheetError
from spbe_portal.xlsx import workbook_bytes
from tests.factories import OpdFactory
from tests.helpers import FIXTURES
from tests.zip_bombs import MB, bomb

pytestmark = pytest.mark.django_db

D = Decimal


def _ind(instrumen, kode: str) -> Indikator:
    """An indicator by the crosswalk's code: Pemdi "4.2", 59/2020 "22"."""
    if "." in kode:
        return Indikator.objects.get(instrumen=instrumen, kode=kode)
    return Indikator.objects.get(instrumen=instrumen, nomor=int(kode))


def _rows() -> set[tuple]:
    return set(Padanan.objects.values_list("asal_id", "tujuan_id", "catatan", "perkiraan"))


@pytest.fixture
def peta(instrumen, instrumen_pemdi):
    """The bundled map, loaded."""
    assert services.muat_padanan_bawaan() > 0
    return instrumen, instrumen_pemdi


# --- The model -------------------------------------------------------------------------------


def test_asal_and_tujuan_must_come_from_two_instruments(instrumen):
    row = Padanan(asal=_ind(instrumen, "8"), tujuan=_ind(instrumen, "22"))

    with pytest.raises(ValidationError, match="dua instrumen yang berbeda"):
        row.full_clean()


def test_a_pair_of_instruments_is_mapped_in_one_direction_only(instrumen, instrumen_pemdi):
    Padanan.objects.create(asal=_ind(instrumen, "22"), tujuan=_ind(instrumen_pemdi, "4.2"))
    back = Padanan(asal=_ind(instrumen_pemdi, "4.1"), tujuan=_ind(instrumen, "31"))

    with pytest.raises(ValidationError, match="arah sebaliknya"):
        back.full_clean()
    with pytest.raises(TransisiTidakSah, match="satu arah"):
        services.padanan_ganti(
            asal=instrumen_pemdi,
            tujuan=instrumen,
            rows=[services.BarisPadanan(back.asal_id, back.tujuan_id)],
        )


def test_the_same_two_indicators_are_mapped_once(instrumen, instrumen_pemdi):
    asal, tujuan = _ind(instrumen, "22"), _ind(instrumen_pemdi, "4.2")
    Padanan.objects.create(asal=asal, tujuan=tujuan)

    with pytest.raises(ValidationError, match="sudah ada"):
        Padanan(asal=asal, tujuan=tujuan).full_clean()


def test_a_note_that_a_spreadsheet_would_run_is_refused(instrumen, instrumen_pemdi):
    row = Padanan(asal=_ind(instrumen, "22"), tujuan=_ind(instrumen_pemdi, "4.2"), catatan="=1+1")

    with pytest.raises(ValidationError, match="diawali"):
        row.full_clean()


def test_a_row_is_approximate_unless_said_otherwise(instrumen, instrumen_pemdi):
    row = Padanan.objects.create(asal=_ind(instrumen, "22"), tujuan=_ind(instrumen_pemdi, "4.2"))

    assert row.perkiraan is True
    assert str(row) == (
        "Indikator 22. Penerapan Manajemen Keamanan Informasi → "
        "Indikator 10. Keamanan Pemerintah Digital"
    )


# --- The bundled map and its loader ----------------------------------------------------------


def _csv(name: str) -> list[dict]:
    with open(FIXTURES / name, encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def test_the_bundled_map_names_both_instruments_as_their_fixtures_do():
    old = {r["no"]: r["indikator"] for r in _csv("instrumen_spbe_2020.csv")}
    new = {r["kode"]: r["indikator"] for r in _csv("instrumen_pemdi_2026.csv")}
    rows = _csv("padanan_spbe2020_pemdi2026.csv")

    assert [(r["kode_asal"], r["nama_asal"]) for r in rows] == [
        (r["kode_asal"], old[r["kode_asal"]]) for r in rows
    ]
    assert [r["nama_tujuan"] for r in rows] == [new[r["kode_tujuan"]] for r in rows]
    # Every old indicator reaches the new instrument, and every new indicator is reached.
    assert {r["kode_asal"] for r in rows} == set(old)
    assert {r["kode_tujuan"] for r in rows} == set(new)
    # A loose match says so.
    assert all(r["catatan"].startswith("Longgar") for r in rows if r["kode_tujuan"] == "3.2")
    assert not any(tampak_rumus(r["catatan"]) for r in rows)


def test_the_loader_covers_all_47_and_all_20_and_labels_every_row_approximate(peta):
    instrumen, pemdi = peta

    rows = Padanan.objects.all()
    assert rows.count() == 65
    assert {r.asal.nomor for r in rows.select_related("asal")} == set(range(1, 48))
    assert {r.tujuan.kode for r in rows.select_related("tujuan")} == set(
        pemdi.indikator.values_list("kode", flat=True)
    )
    assert len(pemdi.indikator.all()) == 20
    assert all(r.perkiraan for r in rows)
    keamanan = selectors.peta_padanan(instrumen.pk, pemdi.pk)[_ind(pemdi, "4.2").pk]
    assert keamanan == [_ind(instrumen, n).pk for n in ("8", "22", "31")]


def test_the_loader_is_idempotent_and_keeps_an_admins_edits(peta, admin_user):
    Padanan.objects.filter(pk=Padanan.objects.first().pk).update(catatan="Diperiksa tim")
    before = _rows()

    assert services.muat_padanan_bawaan(oleh=admin_user) == 0
    assert _rows() == before


def test_the_loader_does_nothing_without_both_instruments(instrumen):
    assert services.muat_padanan_bawaan() == 0
    assert not Padanan.objects.exists()
    with pytest.raises(CommandError, match="muat_instrumen"):
        call_command("muat_padanan")


def test_the_command_loads_once_and_says_so(instrumen, instrumen_pemdi):
    out = io.StringIO()
    call_command("muat_padanan", stdout=out)
    call_command("muat_padanan", stdout=out)

    assert out.getvalue().splitlines() == [
        "Padanan spbe-2020 → pemdi-2026 dimuat: 65 baris (perkiraan).",
        "Padanan spbe-2020 → pemdi-2026 sudah ada; tidak ada yang diubah.",
    ]


def test_loaded_without_a_user_the_history_says_sistem(peta):
    assert Padanan.history.filter(history_type="+").count() == 65
    assert not Padanan.history.exclude(history_user=None).exists()  # "sistem"


def test_reimporting_an_instrument_keeps_its_map_by_indicator_number(peta):
    from evaluasi.instrumen.bundled import BUNDLED, load
    from evaluasi.instrumen.services import instrumen_save

    before = {(r.asal.nomor, r.tujuan.kode, r.catatan) for r in Padanan.objects.select_related()}
    data, _ = load(BUNDLED[1])
    instrumen_save(data=data)  # the Pemdi instrument's content is replaced (new indicator rows)

    after = {(r.asal.nomor, r.tujuan.kode, r.catatan) for r in Padanan.objects.select_related()}
    assert after == before
    assert not Padanan.objects.exclude(tujuan__instrumen__kode="pemdi-2026").exists()


def test_seed_demo_loads_the_crosswalk_and_says_so(settings, capsys):
    settings.DEBUG = True

    call_command("seed_demo")

    assert "Padanan 59/2020 → Pemdi: 65 baris (perkiraan)." in capsys.readouterr().out
    assert Padanan.objects.count() == 65


# --- The pure estimate -----------------------------------------------------------------------


def test_the_estimate_by_hand():
    # Old values: a=3, b=2, c=4, d unanswered (None). Map: X ← a, b; Y ← c; Z ← d.
    # Weights: X 4, Y 5, Z 1.
    #   X = (3 + 2) / 2 = 2.5;  Y = 4;  Z has no valued asal → left out of both sums.
    #   index = (4·2.5 + 5·4) / (4 + 5) = (10 + 20) / 9 = 3.3333… → 3.33
    #   covered: 2 of 3 indicators, weight 9 of 10 → 90 %.
    hasil = aturan.perkiraan_indeks(
        {1: 3, 2: D("2"), 3: D("4"), 4: None},
        {10: [1, 2], 20: [3], 30: [4]},
        {10: D("4"), 20: D("5"), 30: D("1")},
    )

    assert hasil.nilai == {10: D("2.5"), 20: D("4")}
    assert hasil.indeks_presisi == D(30) / D(9)
    assert hasil.indeks == D("3.33")
    assert (hasil.jumlah_tercakup, hasil.jumlah_indikator) == (2, 3)
    assert (hasil.bobot_tercakup, hasil.bobot_total, hasil.persen_bobot) == (D(9), D(10), D(90))
    assert not hasil.lengkap


def test_the_estimate_rounds_once_at_the_end():
    # X ← 1.1667, Y ← 1, weights 1 and 1: (1.1667 + 1) / 2 = 1.08335 → 1.08. Rounding the
    # values first (1.17 and 1.00, as shown) would give 1.085 → 1.09.
    hasil = aturan.perkiraan_indeks({1: D("1.1667"), 2: 1}, {10: [1], 20: [2]}, {10: 1, 20: 1})

    assert hasil.indeks == D("1.08")
    assert hasil.indeks_presisi == D("1.08335")
    assert hasil.lengkap


def test_the_estimate_without_any_value_is_none_and_floats_are_refused():
    empty = aturan.perkiraan_indeks({1: None}, {10: [1]}, {10: D(5)})
    assert (empty.indeks, empty.jumlah_tercakup, empty.persen_bobot) == (None, 0, D(0))
    with pytest.raises(ValueError, match="bukan"):
        aturan.perkiraan_indeks({1: 2.5}, {10: [1]}, {10: D(5)})


# --- The workbook ----------------------------------------------------------------------------


def _ekspor(client, asal, tujuan) -> bytes:
    response = client.get(reverse("evaluasi:padanan_ekspor", args=[asal.pk, tujuan.pk]))
    assert response.status_code == 200
    return response.content


def _unggah(client, data: bytes, name: str = "padanan.xlsx"):
    return client.post(
        reverse("evaluasi:padanan_impor"), {"berkas": SimpleUploadedFile(name, data)}
    )


def _ubah(data: bytes, change, *, teks: bool = True) -> bytes:
    """The workbook with `change(sheet)` applied; saved with every str as text (as the portal
    writes it) or, with teks=False, as openpyxl does (a str starting with "=" is a formula)."""
    workbook = load_workbook(io.BytesIO(data))
    change(workbook["Padanan"])
    if teks:
        return workbook_bytes(workbook)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_export_then_import_gives_back_the_same_rows(client, pimpinan, admin_user, peta):
    instrumen, pemdi = peta
    Padanan.objects.filter(pk=Padanan.objects.last().pk).update(perkiraan=False)
    before = _rows()
    client.force_login(pimpinan)  # every role reads and exports the map
    data = _ekspor(client, instrumen, pemdi)

    hasil = baca_xlsx(data, cari=selectors.acuan_instrumen)
    assert hasil.galat == []
    assert (hasil.asal.kode, hasil.tujuan.kode) == ("spbe-2020", "pemdi-2026")
    assert {(b.asal_id, b.tujuan_id, b.catatan, b.perkiraan) for b in hasil.baris} == before

    client.force_login(admin_user)
    response = _unggah(client, data)
    assert response.context["rencana"] == services.Ringkasan(0, 0, 0, 65)
    response = client.post(
        reverse("evaluasi:padanan_konfirmasi"), {"token": response.context["token"]}, follow=True
    )
    assert "0 baru, 0 diubah, 0 dihapus, 65 tetap" in response.content.decode()
    assert _rows() == before


def test_an_edited_file_replaces_the_map_with_preview_and_history(client, admin_user, peta):
    instrumen, pemdi = peta
    client.force_login(admin_user)
    data = _ekspor(client, instrumen, pemdi)

    def edit(sheet):
        sheet["E5"] = "Dicek ulang tim koordinasi"  # row 5: 1 → 1.1, a changed note
        sheet.delete_rows(6)  # row 6: 2 → 1.1 removed
        sheet.append(["47", "", "1.2", "", "Tambahan", "tidak"])  # a new row

    response = _unggah(client, _ubah(data, edit))
    assert response.context["rencana"] == services.Ringkasan(1, 1, 1, 63)
    assert "Konfirmasi impor" in response.content.decode()
    assert Padanan.objects.count() == 65  # nothing written before the confirmation

    client.post(reverse("evaluasi:padanan_konfirmasi"), {"token": response.context["token"]})

    assert Padanan.objects.count() == 65
    baru = Padanan.objects.get(asal=_ind(instrumen, "47"), tujuan=_ind(pemdi, "1.2"))
    assert (baru.catatan, baru.perkiraan) == ("Tambahan", False)
    assert not Padanan.objects.filter(asal=_ind(instrumen, "2"), tujuan=_ind(pemdi, "1.1")).exists()
    # Every change is in Log aktivitas with the admin who confirmed it.
    mine = Padanan.history.filter(history_user=admin_user)
    assert sorted(mine.values_list("history_type", flat=True)) == ["+", "-", "~"]
    assert mine.get(history_type="~").catatan == "Dicek ulang tim koordinasi"


def test_log_aktivitas_lists_an_import_with_its_admin_even_after_a_reimport(
    client, admin_user, peta
):
    from evaluasi.instrumen.bundled import BUNDLED, load
    from evaluasi.instrumen.services import instrumen_save

    instrumen, pemdi = peta
    client.force_login(admin_user)
    data = _ubah(_ekspor(client, instrumen, pemdi), lambda s: s.__setitem__("E5", "Dicek"))
    token = _unggah(client, data).context["token"]
    client.post(reverse("evaluasi:padanan_konfirmasi"), {"token": token})
    # The old Pemdi indicators the history rows point at are gone after a re-import.
    instrumen_save(data=load(BUNDLED[1])[0])

    response = client.get(
        reverse("log_aktivitas"), {"jenis": "evaluasi.padanan", "pengguna": admin_user.pk}
    )

    assert response.status_code == 200
    entries = list(response.context["page"].object_list)
    assert {e.pengguna for e in entries} == {admin_user}
    diubah = [e for e in entries if e.jenis == "diubah"]
    assert len(diubah) == 1 and diubah[0].jenis_data == "Padanan indikator"
    assert [(p.kolom, p.sesudah) for p in diubah[0].perubahan] == [("Catatan", "Dicek")]
    assert "sudah dihapus" in diubah[0].objek


def test_a_preview_is_confirmed_once(client, admin_user, peta):
    instrumen, pemdi = peta
    client.force_login(admin_user)
    data = _ubah(_ekspor(client, instrumen, pemdi), lambda s: s.delete_rows(5))
    token = _unggah(client, data).context["token"]

    client.post(reverse("evaluasi:padanan_konfirmasi"), {"token": token})
    again = client.post(reverse("evaluasi:padanan_konfirmasi"), {"token": token}, follow=True)

    assert "Pratinjau tidak ditemukan" in again.content.decode()
    assert Padanan.objects.count() == 64


HOSTILE_ROWS = [
    # (what the row says, the error the preview lists)
    (["99", "", "4.2", "", "", ""], "Baris 70: kode_asal 99 tidak ada di instrumen spbe-2020."),
    (["22", "", "9.9", "", "", ""], "Baris 70: kode_tujuan 9.9 tidak ada di instrumen pemdi-2026."),
    (["22", "", "", "", "", ""], "Baris 70: kode_tujuan kosong."),
    (["22", "", "4.2", "", "", ""], "Baris 70: padanan 22 → 4.2 sudah ada di baris"),
    (["22", "", "4.1", "", "", "mungkin"], "Baris 70: perkiraan harus ya atau tidak"),
    (["22", "", "4.1", "", '=HYPERLINK("http://x","klik")', ""], "sel E70 diawali “=”"),
    (["22", "", "4.1", "", "@SUM(A1)", ""], "sel E70 diawali “@”"),
    (["22", "", "4.1", "", "+62 811", ""], "sel E70 diawali “+”"),
    (["-22", "", "4.1", "", "", ""], "sel A70 diawali “-”"),
]


@pytest.mark.parametrize(("row", "message"), HOSTILE_ROWS)
def test_a_bad_row_is_listed_and_nothing_changes(client, admin_user, peta, row, message):
    instrumen, pemdi = peta
    client.force_login(admin_user)
    before = _rows()
    data = _ubah(_ekspor(client, instrumen, pemdi), lambda sheet: sheet.append(row))

    response = _unggah(client, data)

    assert response.status_code == 200
    assert any(message in g for g in response.context["hasil"].galat), response.context["galat"]
    assert "tidak diimpor; tidak ada yang diubah" in response.content.decode()
    assert "token" not in response.context
    assert _rows() == before


def test_every_bad_row_is_listed_at_once(client, admin_user, peta):
    instrumen, pemdi = peta
    client.force_login(admin_user)

    def edit(sheet):
        sheet.append(["99", "", "4.2"])
        sheet.append(["22", "", "9.9"])

    response = _unggah(client, _ubah(_ekspor(client, instrumen, pemdi), edit))

    assert [g.split(":")[0] for g in response.context["hasil"].galat] == ["Baris 70", "Baris 71"]


def test_a_formula_cell_is_refused_naming_the_cell(client, admin_user, peta):
    instrumen, pemdi = peta
    client.force_login(admin_user)
    before = _rows()

    def edit(sheet):
        sheet["E7"] = "=CONCAT(B7,D7)"

    response = _unggah(client, _ubah(_ekspor(client, instrumen, pemdi), edit, teks=False))

    assert response.context["hasil"].galat == [
        "Baris 7: sel E7 berisi rumus Excel. Portal tidak menghitung rumus: ganti dengan "
        "nilainya (salin, lalu Tempel Spesial → Nilai)."
    ]
    assert _rows() == before


def _rename(sheet):
    sheet.title = "Lembar1"


def _set(cell: str, value):
    def change(sheet):
        sheet[cell] = value

    return change


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (_set("B1", "spbe-2019"), "Instrumen asal dengan kode spbe-2019 tidak dikenal di portal."),
        (_set("B2", "spbe-2020"), "Instrumen asal dan tujuan harus dua instrumen yang berbeda."),
        (_set("B2", None), "harus berisi kode instrumen tujuan"),
        (lambda sheet: sheet.delete_rows(1, 4), "Judul kolom (kode_asal, nama_asal"),
        (_set("C4", "kode"), "Kolom wajib tidak ada di lembar Padanan: kode_tujuan."),
        (_rename, "Lembar kerja Padanan tidak ada."),
        (_set("B1", "=A2"), "Sel B1 pada lembar Padanan berisi rumus Excel."),
    ],
)
def test_a_wrong_header_is_refused_with_a_message(client, admin_user, peta, change, message):
    instrumen, pemdi = peta
    client.force_login(admin_user)
    before = _rows()

    response = _unggah(client, _ubah(_ekspor(client, instrumen, pemdi), change, teks=False))

    assert message in " ".join(response.context["form"].errors["berkas"])
    assert "hasil" not in response.context
    assert _rows() == before


def test_a_file_that_is_not_a_workbook_or_too_big_or_a_bomb_is_refused(
    client, admin_user, peta, settings
):
    instrumen, pemdi = peta
    client.force_login(admin_user)
    before = _rows()
    with zipfile.ZipFile(io.BytesIO(_ekspor(client, instrumen, pemdi))) as source:
        parts = {n: source.read(n) for n in source.namelist() if n != "xl/worksheets/sheet1.xml"}
    zip_bomb = bomb(
        parts,
        name="xl/worksheets/sheet1.xml",
        prefix=b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>',
        fill=b"A",
        suffix=b"</t></is></c></row></sheetData></worksheet>",
    )
    assert len(zip_bomb) < 1 * MB

    cases = [
        (b"%PDF-1.4 bukan lembar kerja", "padanan.xlsx", "bukan lembar kerja .xlsx yang sah"),
        (b"kode_asal,kode_tujuan\n22,4.2\n", "padanan.csv", "berkas .xlsx"),
        (zip_bomb, "padanan.xlsx", "Isi arsip terlalu besar bila dibuka"),
        (b"PK\x03\x04" + b"\x00" * 2048, "padanan.xlsx", "rusak atau tidak dapat dibaca"),
    ]
    for data, name, message in cases:
        errors = _unggah(client, data, name).context["form"].errors["berkas"]
        assert message in " ".join(errors), (name, errors)
    settings.IMPORT_MAX_BYTES = 1024
    errors = _unggah(client, _ekspor(client, instrumen, pemdi)).context["form"].errors["berkas"]
    assert errors[0].startswith("Berkas terlalu besar")
    assert _rows() == before


def test_reading_needs_no_database_beyond_finding_the_instruments(instrumen, instrumen_pemdi):
    asal = selectors.acuan_instrumen("SPBE-2020")
    tujuan = selectors.acuan_instrumen("pemdi-2026")
    lookup = {"spbe-2020": asal, "pemdi-2026": tujuan}

    class Row:
        def __init__(self, a, t):
            self.asal, self.tujuan, self.catatan, self.perkiraan = a, t, "", True

    content = tulis_xlsx(
        instrumen, instrumen_pemdi, [Row(_ind(instrumen, "22"), _ind(instrumen_pemdi, "4.2"))]
    )
    with CaptureQueriesContext(connection) as ctx:
        hasil = baca_xlsx(content, cari=lookup.get)

    assert len(ctx.captured_queries) == 0
    assert [(b.kode_asal, b.kode_tujuan) for b in hasil.baris] == [("22", "4.2")]
    with pytest.raises(SpreadsheetError, match="tidak dikenal"):
        baca_xlsx(content, cari=lambda kode: None)


# --- The page and who may use it -------------------------------------------------------------


def test_the_page_groups_the_map_by_pemdi_indicator_with_approximate_badges(
    client, evaluator, peta
):
    client.force_login(evaluator)

    response = client.get(reverse("evaluasi:padanan"))

    html = response.content.decode()
    assert response.status_code == 200
    groups = response.context["kelompok"]
    assert [g.tujuan.kode for g in groups][:3] == ["1.1", "1.2", "2.1"]
    assert html.count('class="badge text-bg-warning">perkiraan') == 65
    assert "Unduh .xlsx" in html
    assert "unggah-padanan" not in html  # the upload form is the Admin's
    assert response.context["asal_tanpa_padanan"] == []


@pytest.mark.parametrize("role", ["operator_a", "evaluator", "pimpinan"])
def test_only_an_admin_may_import(client, request, peta, role, admin_user):
    instrumen, pemdi = peta
    client.force_login(admin_user)
    data = _ubah(_ekspor(client, instrumen, pemdi), lambda s: s.delete_rows(5))
    token = _unggah(client, data).context["token"]
    client.force_login(request.getfixturevalue(role))
    before = _rows()

    assert _unggah(client, data).status_code == 403
    assert client.get(reverse("evaluasi:padanan_impor")).status_code == 403
    assert client.post(reverse("evaluasi:padanan_konfirmasi"), {"token": token}).status_code == 403
    assert _rows() == before


# --- The trend across the change of instrument -----------------------------------------------


def _periode(tahun: int, instrumen, status) -> Periode:
    return Periode.objects.create(
        nama=f"Evaluasi {tahun}",
        tahun=tahun,
        instrumen=instrumen,
        mulai_pengisian=date(tahun, 1, 1),
        batas_pengisian=date(tahun, 6, 30),
        batas_verifikasi=date(tahun, 9, 30),
        tahun_tpp=tahun + 1,
        status=status,
    )


def _final(periode, opd, values: dict, *, status=StatusPenilaian.FINAL, indeks="2.50"):
    penilaian = Penilaian.objects.create(
        periode=periode, opd=opd, status=status, indeks_final=D(indeks), indeks_mandiri=D(indeks)
    )
    Jawaban.objects.bulk_create(
        Jawaban(penilaian=penilaian, indikator=_ind(periode.instrumen, k), level_final=D(v))
        for k, v in values.items()
    )
    return penilaian


@pytest.fixture
def tren(instrumen, instrumen_pemdi, opd_a, opd_b, admin_user):
    """2024 (59/2020, final but NOT published), 2025 (59/2020, published), 2027 (Pemdi, the
    newest, in filling). A small map: 59/2020 22 → Pemdi 4.2 (weight 4), 25 → 2.1 (weight 5)."""
    services.padanan_ganti(
        asal=instrumen,
        tujuan=instrumen_pemdi,
        rows=[
            services.BarisPadanan(_ind(instrumen, "22").pk, _ind(instrumen_pemdi, "4.2").pk),
            services.BarisPadanan(_ind(instrumen, "25").pk, _ind(instrumen_pemdi, "2.1").pk),
        ],
    )
    opd_c = OpdFactory(nama="Badan Pendapatan Daerah")
    tersembunyi = _periode(2024, instrumen, StatusPeriode.SELESAI)
    _final(tersembunyi, opd_a, {"22": 5, "25": 5})
    terbit = _periode(2025, instrumen, StatusPeriode.DIPUBLIKASI)
    _final(terbit, opd_a, {"22": 3, "25": 2})
    b = _final(terbit, opd_b, {"22": 4, "25": "4"})
    # Not counted: a reopened penilaian's leftover final values, and an indicator marked not
    # applicable to its OPD.
    _final(terbit, opd_c, {"22": 1, "25": 1}, status=StatusPenilaian.DIVERIFIKASI)
    TidakBerlaku.objects.create(
        penilaian=_final(_periode(2023, instrumen, StatusPeriode.DIPUBLIKASI), opd_b, {"25": 1}),
        indikator=_ind(instrumen, "25"),
        oleh=admin_user,
    )
    baru = _periode(2027, instrumen_pemdi, StatusPeriode.PENGISIAN)
    Penilaian.objects.create(periode=baru, opd=opd_a)
    return {"terbit": terbit, "tersembunyi": tersembunyi, "baru": baru, "b": b}


def test_the_trend_estimates_old_years_on_the_new_instrument_from_published_finals(
    client, pimpinan, tren
):
    client.force_login(pimpinan)

    response = client.get(reverse("evaluasi:dashboard"), {"periode": tren["terbit"].pk})

    lintas = response.context["tren_lintas"]
    # 2025: indicator 22 → (3 + 4) / 2 = 3.5 on 4.2 (weight 4); 25 → (2 + 4) / 2 = 3 on 2.1
    # (weight 5); the DIVERIFIKASI penilaian is not final and stays out.
    #   (4·3.5 + 5·3) / (4 + 5) = 29 / 9 = 3.222… → 3.22; 2 of 20 indicators, 9 % of the weight.
    # 2023: only indicator 25 was answered and it is not applicable there: nothing to estimate.
    # 2024 is final but not published: pimpinan may not see it, so it is not estimated at all.
    assert [(tahun, p.indeks) for tahun, p in lintas["daftar"]] == [(2025, D("3.22"))]
    perkiraan = dict(lintas["daftar"])[2025]
    assert (perkiraan.jumlah_tercakup, perkiraan.jumlah_indikator) == (2, 20)
    assert perkiraan.persen_bobot == D(9)
    assert lintas["segmen"] == ["Evaluasi SPBE (PermenPANRB 59/2020)"] * 3 + [
        "Evaluasi Kinerja Pemerintah Digital 2026"
    ]
    html = response.content.decode()
    svg = response.context["grafik_tren"]
    assert svg.count('class="ganti-instrumen"') == 1
    assert "2025 · Perkiraan: 3,22 · Evaluasi SPBE (PermenPANRB 59/2020)" in svg
    assert "2024 · Perkiraan" not in svg and "2024 · Final" not in svg
    assert 'id="tren-instrumen"' in html and "2023–2025 Evaluasi SPBE" in html
    assert "Perkiraan:</strong>" in html
    assert "indeks Evaluasi Kinerja Pemerintah Digital 2026 (melalui padanan)" in html
    assert "2025: 3,22 (2 dari 20 indikator, 9% bobot)" in html


def test_an_admin_sees_the_estimate_of_a_final_unpublished_year_as_the_final_series(
    client, admin_user, tren
):
    client.force_login(admin_user)

    response = client.get(reverse("evaluasi:dashboard"), {"periode": tren["terbit"].pk})

    # Admins see final figures while they are produced (access.may_see_final): 2024 from
    # 22 = 5 and 25 = 5 → 5.00.
    assert [(t, p.indeks) for t, p in response.context["tren_lintas"]["daftar"]] == [
        (2024, D("5.00")),
        (2025, D("3.22")),
    ]


def test_no_estimate_without_a_crosswalk_or_without_a_change_of_instrument(client, pimpinan, tren):
    client.force_login(pimpinan)
    Padanan.objects.all().delete()

    lintas = client.get(reverse("evaluasi:dashboard")).context["tren_lintas"]

    assert lintas["daftar"] == [] and lintas["berganti"]
    Periode.objects.filter(pk=tren["baru"].pk).delete()
    lintas = client.get(reverse("evaluasi:dashboard")).context["tren_lintas"]
    assert (lintas["daftar"], lintas["berganti"]) == ([], False)


def test_the_trend_costs_the_same_queries_for_more_years_and_opds(client, admin_user, tren):
    client.force_login(admin_user)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(reverse("evaluasi:dashboard"), {"periode": tren["terbit"].pk})
        assert response.status_code == 200
        return len(ctx.captured_queries), len(response.context["tren_lintas"]["daftar"])

    count()  # the first visit with ?periode= remembers it in the session (a write)
    before, estimated = count()
    for tahun in (2020, 2021, 2022):
        periode = _periode(tahun, tren["terbit"].instrumen, StatusPeriode.DIPUBLIKASI)
        for opd in OpdFactory.create_batch(4):
            _final(periode, opd, {"22": 2, "25": 3})

    after, more = count()
    assert (estimated, more) == (2, 5)
    # The estimate reads the map, the new instrument's weights and the mean final values:
    # three queries whatever the number of years and OPDs.
    assert after == before
    Padanan.objects.all().delete()
    without_map, _ = count()
    assert before - without_map == 2  # the weights and the values are not read without a map
