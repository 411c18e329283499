"""The roadmap's programs (Peta Rencana, SPEC §14): the pure rules, the Dompu-shaped import with
its row errors and carried-down program names, the round trip, access per role (another OPD's
program → 404, another OPD's document refused), progress reports, published values only, and
query counts."""

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from evaluasi.galat import TransisiTidakSah
from evaluasi.models import (
    Jawaban,
    KemajuanProgram,
    Penilaian,
    Periode,
    Program,
    StatusKemajuan,
    StatusPenilaian,
    StatusPeriode,
)
from evaluasi.program import aturan, selectors, services
from evaluasi.program.buku_kerja import baca_xlsx
from opd.spreadsheet import SpreadsheetError
from tests.conftest import PDF_BYTES

# --- Pure rules (no database) ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("✓", True),
        ("√", True),
        ("v", True),
        ("V", True),
        ("x", True),
        (" X ", True),
        (1, True),
        ("ya", True),
        (None, False),
        ("", False),
        ("-", False),
        (0, False),
        ("mungkin", None),
        (2, None),
        ("2023", None),
    ],
)
def test_a_year_mark_is_read(value, expected):
    assert aturan.tanda_tahun(value) is expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (2022, 2022),
        ("2026", 2026),
        ("Tahun 2024", 2024),
        (2023.0, 2023),
        ("PIC", None),
        ("2022/2023", None),
        (1999, None),
        (True, None),
    ],
)
def test_a_year_column_title_is_read(value, expected):
    assert aturan.tahun_judul(value) == expected


def test_pic_names_split_on_punctuation_never_on_dan():
    assert aturan.pisah_pic("Dinas Komunikasi dan Informatika, BKD / Bappeda; BKD") == [
        "Dinas Komunikasi dan Informatika",
        "BKD",
        "Bappeda",
    ]
    assert aturan.pisah_pic("  ") == []
    assert aturan.semua_opd("Semua  OPD") and not aturan.semua_opd("Diskominfo")


def test_pic_names_holding_a_comma_are_joined_back():
    dikenal = {"dinas komunikasi, informatika dan persandian", "bkd", "inspektorat"}

    found, unknown = aturan.cocokkan_pic(
        "Dinas Komunikasi, Informatika dan Persandian, BKD; Dinas Antah, Inspektorat", dikenal
    )

    assert found == ["dinas komunikasi, informatika dan persandian", "bkd", "inspektorat"]
    assert unknown == ["Dinas Antah"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2022–2026", [2022, 2023, 2024, 2025, 2026]),
        ("2022 s.d. 2024, 2026", [2022, 2023, 2024, 2026]),
        ("2025 2023", [2023, 2025]),
        ("", []),
    ],
)
def test_years_are_parsed_from_ranges(text, expected):
    assert aturan.urai_tahun(text) == expected


@pytest.mark.parametrize("text", ["2026-2022", "dua ribu", "1990", "2022-2200"])
def test_bad_years_are_refused_in_indonesian(text):
    with pytest.raises(ValueError, match="tahun|Tahun|Rentang"):
        aturan.urai_tahun(text)


def test_years_are_shortened_into_ranges():
    assert aturan.ringkas_tahun([2026, 2022, 2023, 2024]) == "2022–2024, 2026"
    assert aturan.ringkas_tahun([]) == ""


def test_progress_counts_and_share_done_leave_dropped_rows_out():
    k = aturan.kemajuan([aturan.SELESAI, aturan.BERJALAN, aturan.BATAL, aturan.SELESAI])

    assert k.total == 4 and k.direncanakan == 3
    assert k.persen_selesai == Decimal("66.7") and k.persen_tampil == "66,7"
    assert [(s, n) for s, _, n, _ in k.baris] == [
        (aturan.BELUM, 0),
        (aturan.BERJALAN, 1),
        (aturan.SELESAI, 2),
        (aturan.BATAL, 1),
    ]
    assert aturan.kemajuan([aturan.BATAL]).persen_selesai is None
    with pytest.raises(ValueError):
        aturan.kemajuan(["entah"])


# --- The workbook ----------------------------------------------------------------------------

TAHUN = (2022, 2023, 2024, 2025, 2026)


def buku(rows, *, judul=None, tahun_di_bawah=False) -> bytes:
    """A roadmap sheet as Dompu keeps it: titles, optionally the years under a 'Tahun' row."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Peta Rencana"
    if tahun_di_bawah:
        sheet.append(["No", "Program", "Sub Program", "PIC", "Tahun", None, None, None, None])
        sheet.append([None, None, None, None, *TAHUN])
    else:
        sheet.append(
            judul
            or ["No", "Program", "Sub Program", "PIC", *TAHUN, "Indikator", "Bukti", "Keterangan"]
        )
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


DOMPU = [
    (1, "Penguatan Tata Kelola SPBE"),
    ("a", None, "Penyusunan Perbup SPBE", "Diskominfo", "✓", None, None, None, None, "1", "Perbup"),
    ("b", None, "Pembentukan Tim Koordinasi SPBE", "Diskominfo, BKD", None, "√", "v", None, None),
    (2, "Pengembangan Aplikasi Umum"),
    ("a", None, "Implementasi SRIKANDI", "Semua OPD", None, None, "x", 1, "1", "2, 3"),
    (3, "Manajemen SDM SPBE", None, "BKD", None, None, None, "✓", "✓"),
]


@pytest.fixture
def acuan(db, opd_a, opd_b, instrumen):
    return selectors.acuan()


@pytest.mark.django_db
def test_dompu_sheet_reads_with_program_names_carried_down(acuan, opd_a, opd_b, instrumen):
    hasil = baca_xlsx(buku(DOMPU), acuan=acuan)

    assert hasil.galat == []
    rows = {(r.nama, r.sub_program): r for r in hasil.baris}
    assert list(rows) == [
        ("Penguatan Tata Kelola SPBE", "Penyusunan Perbup SPBE"),
        ("Penguatan Tata Kelola SPBE", "Pembentukan Tim Koordinasi SPBE"),
        ("Pengembangan Aplikasi Umum", "Implementasi SRIKANDI"),
        ("Manajemen SDM SPBE", ""),
    ]
    tim = rows[("Penguatan Tata Kelola SPBE", "Pembentukan Tim Koordinasi SPBE")]
    assert tim.opd_ids == (opd_a.pk, opd_b.pk) and tim.tahun == (2023, 2024)
    srikandi = rows[("Pengembangan Aplikasi Umum", "Implementasi SRIKANDI")]
    assert srikandi.opd_ids == () and srikandi.tahun == (2024, 2025, 2026)
    assert srikandi.indikator_ids == tuple(
        instrumen.indikator.filter(nomor__in=[2, 3]).order_by("nomor").values_list("pk", flat=True)
    )
    assert rows[("Penguatan Tata Kelola SPBE", "Penyusunan Perbup SPBE")].bukti_diharapkan == (
        "Perbup"
    )


@pytest.mark.django_db
def test_years_under_a_merged_tahun_title_are_read(acuan):
    rows = [("1", "Program X", "Sub X", "BKD", None, "✓", None, None, "✓")]

    hasil = baca_xlsx(buku(rows, tahun_di_bawah=True), acuan=acuan)

    assert hasil.galat == [] and hasil.baris[0].tahun == (2023, 2026)
    assert hasil.baris[0].baris == 3


@pytest.mark.django_db
def test_every_row_error_is_named_by_row(acuan):
    workbook_rows = [
        (None, None, "Sub tanpa judul", "BKD", "✓"),  # 2: no heading above
        (1, "Program A"),  # 3: heading
        (None, None, "Sub PIC asing", "Dinas Antah Berantah", "✓"),  # 4
        (None, None, "Sub tanpa tahun", "BKD"),  # 5
        (None, None, "Sub indikator asing", "BKD", "✓", None, None, None, None, "99.9"),  # 6
        (None, None, "Sub rumus", "BKD", "=1+1"),  # 7
        (None, None, "Sub teks rumus", "BKD", "✓", None, None, None, None, None, None, "+x"),  # 8
        (None, None, "Sub tanda aneh", "BKD", "mungkin"),  # 9
        (None, None, "Sub PIC kosong", None, "✓"),  # 10
        (None, None, "Sub ganda", "BKD", "✓"),  # 11
        (None, None, "Sub ganda", "BKD", None, "✓"),  # 12
    ]

    hasil = baca_xlsx(buku(workbook_rows), acuan=acuan)

    galat = "\n".join(hasil.galat)
    assert "Baris 2: kolom program kosong dan tidak ada baris judul program" in galat
    assert "Baris 4: PIC “Dinas Antah Berantah” tidak dikenal" in galat
    assert "Baris 5: tidak ada tahun yang ditandai" in galat
    assert "Baris 6: kode indikator “99.9” tidak dikenal" in galat
    assert "Baris 7: sel E7 berisi rumus Excel" in galat
    assert "Baris 8: sel L8 diawali “+”" in galat
    assert "Baris 9: tanda tahun 2022 “mungkin” tidak dikenal" in galat
    assert "Baris 10: PIC kosong" in galat
    assert "Baris 12: program “Program A” sub-program “Sub ganda” sudah ada di baris 11" in galat
    assert [r.sub_program for r in hasil.baris] == ["Sub ganda"]


@pytest.mark.django_db
def test_a_sheet_without_year_columns_is_refused(acuan):
    with pytest.raises(SpreadsheetError, match="kolom tahun"):
        baca_xlsx(buku([], judul=["Program", "Sub Program", "PIC"]), acuan=acuan)


@pytest.mark.django_db
def test_import_writes_programs_years_and_links_with_history(acuan, admin_user, opd_a, opd_b):
    rows = baca_xlsx(buku(DOMPU), acuan=acuan).baris

    ringkasan = services.program_impor(rows=rows, user=admin_user)

    assert (ringkasan.dibuat, ringkasan.diubah, ringkasan.tetap) == (4, 0, 0)
    tim = Program.objects.get(sub_program="Pembentukan Tim Koordinasi SPBE")
    assert set(tim.opd.all()) == {opd_a, opd_b}
    assert sorted(tim.kemajuan.values_list("tahun", flat=True)) == [2023, 2024]
    assert tim.history.first().history_user == admin_user
    assert KemajuanProgram.objects.count() == 1 + 2 + 3 + 2
    # The same file again changes nothing.
    again = services.program_impor(rows=rows, user=admin_user)
    assert (again.dibuat, again.diubah, again.tetap) == (0, 0, 4)


@pytest.mark.django_db
def test_export_imports_back_unchanged(client, acuan, admin_user):
    services.program_impor(rows=baca_xlsx(buku(DOMPU), acuan=acuan).baris, user=admin_user)
    client.force_login(admin_user)

    response = client.get(reverse("tindak:program_ekspor"))

    assert response.status_code == 200
    content = response.content
    sheet = load_workbook(io.BytesIO(content)).active
    assert [c.value for c in sheet[1]][:9] == ["no", "program", "sub_program", "pic", *TAHUN]
    assert sheet["B2"].value == "Penguatan Tata Kelola SPBE" and sheet["B3"].value is None
    hasil = baca_xlsx(content, acuan=selectors.acuan())
    assert hasil.galat == []
    rencana, galat = services.program_rencana(hasil.baris)
    assert galat == [] and (rencana.dibuat, rencana.diubah, rencana.tetap) == (0, 0, 4)


@pytest.mark.django_db
def test_an_opd_name_with_a_comma_survives_the_round_trip(client, admin_user, opd_b):
    from tests.factories import OpdFactory

    kominfo = OpdFactory(nama="Dinas Komunikasi, Informatika dan Persandian", singkatan="Kominfo")
    p = _program("Sub", kominfo, tahun=(2026,))
    p.opd.add(opd_b)
    client.force_login(admin_user)

    content = client.get(reverse("tindak:program_ekspor")).content

    hasil = baca_xlsx(content, acuan=selectors.acuan())
    assert hasil.galat == []
    assert set(hasil.baris[0].opd_ids) == {kominfo.pk, opd_b.pk}


@pytest.mark.django_db
def test_export_stores_formula_like_text_as_text(client, admin_user):
    p = Program.objects.create(nama='=HYPERLINK("http://x")', sub_program="")
    KemajuanProgram.objects.create(program=p, tahun=2026)
    client.force_login(admin_user)

    content = client.get(reverse("tindak:program_ekspor")).content

    sheet = load_workbook(io.BytesIO(content)).active
    assert sheet["B2"].data_type == "s"


@pytest.mark.django_db
def test_a_reported_year_cannot_be_unmarked_by_import(acuan, admin_user):
    services.program_impor(rows=baca_xlsx(buku(DOMPU), acuan=acuan).baris, user=admin_user)
    k = KemajuanProgram.objects.get(program__sub_program="Penyusunan Perbup SPBE", tahun=2022)
    services.kemajuan_lapor(
        kemajuan=k, status=StatusKemajuan.SELESAI, catatan="", versi=None, user=admin_user
    )
    ubah = [list(r) for r in DOMPU]
    ubah[1][4], ubah[1][5] = None, "✓"  # Perbup moves from 2022 to 2023
    rows = baca_xlsx(buku(ubah), acuan=acuan).baris

    _, galat = services.program_rencana(rows)
    assert galat == [
        "Baris 3: Penguatan Tata Kelola SPBE — Penyusunan Perbup SPBE sudah punya laporan "
        "kemajuan tahun 2022; tandai lagi tahun itu atau hapus laporannya dulu."
    ]
    with pytest.raises(TransisiTidakSah):
        services.program_impor(rows=rows, user=admin_user)
    assert (
        KemajuanProgram.objects.filter(program__sub_program="Penyusunan Perbup SPBE").count() == 1
    )


# --- Import pages ----------------------------------------------------------------------------


def _unggah(client, content, nama="peta.xlsx"):
    berkas = io.BytesIO(content)
    berkas.name = nama
    return client.post(reverse("tindak:program_impor"), {"berkas": berkas})


@pytest.mark.django_db
def test_a_file_with_errors_changes_nothing(client, admin_user, opd_a, opd_b, instrumen):
    client.force_login(admin_user)
    rows = [*DOMPU, (None, None, "Sub PIC asing", "Dinas Antah Berantah", "✓")]

    response = _unggah(client, buku(rows))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Berkas ini tidak diimpor; tidak ada yang diubah." in html
    assert "Baris 8: PIC “Dinas Antah Berantah” tidak dikenal" in html
    assert "token" not in response.context
    assert Program.objects.count() == 0


@pytest.mark.django_db
def test_preview_then_confirm_once(client, admin_user, opd_a, opd_b, instrumen):
    client.force_login(admin_user)

    preview = _unggah(client, buku(DOMPU))

    assert Program.objects.count() == 0
    rencana = preview.context["rencana"]
    assert (rencana.dibuat, rencana.diubah, rencana.tetap) == (4, 0, 0)
    token = preview.context["token"]
    url = reverse("tindak:program_impor_konfirmasi")
    response = client.post(url, {"token": token}, follow=True)
    assert "4 program baru" in response.content.decode()
    assert Program.objects.count() == 4
    # A second click on the same preview imports nothing twice.
    again = client.post(url, {"token": token}, follow=True)
    assert "Pratinjau tidak ditemukan atau sudah dipakai" in again.content.decode()
    assert Program.objects.count() == 4


@pytest.mark.django_db
def test_not_a_workbook_is_refused(client, admin_user):
    client.force_login(admin_user)

    response = _unggah(client, b"bukan xlsx", nama="peta.xlsx")

    assert "bukan lembar kerja .xlsx yang sah" in response.content.decode()
    assert Program.objects.count() == 0


# --- Access and progress ---------------------------------------------------------------------


def _program(sub, opd=None, tahun=(2026,), nama="Program uji"):
    p = Program.objects.create(nama=nama, sub_program=sub)
    if opd is not None:
        p.opd.set([opd])
    for t in tahun:
        KemajuanProgram.objects.create(program=p, tahun=t)
    return p


@pytest.fixture
def tiga(db, opd_a, opd_b):
    return _program("Sub A", opd_a), _program("Sub B", opd_b), _program("Sub pemda")


def _dokumen(opd, user, judul, **rincian):
    from evaluasi.dokumen import services as dokumen_services

    return dokumen_services.dokumen_buat(
        opd_id=opd.pk,
        user=user,
        data=PDF_BYTES + judul.encode(),
        nama=f"{judul}.pdf",
        judul=judul,
        **rincian,
    )


@pytest.mark.django_db
def test_an_operator_lists_their_opd_programs_and_the_pemda_wide_ones(client, operator_a, tiga):
    a, b, pemda = tiga
    client.force_login(operator_a)

    response = client.get(reverse("tindak:program_daftar"))

    assert [p.pk for p in response.context["programs"]] == [a.pk, pemda.pk]
    assert client.get(reverse("tindak:program_detail", args=[b.pk])).status_code == 404
    kemajuan = client.get(reverse("tindak:program_kemajuan") + "?tahun=2026")
    baris = [b for g in kemajuan.context["kelompok"] for b in g.baris]
    assert [(r.program.pk, r.boleh_lapor) for r in baris] == [(a.pk, True), (pemda.pk, False)]


@pytest.mark.django_db
def test_list_filters_by_year_opd_and_status(client, pimpinan, tiga, opd_b):
    a, b, pemda = tiga
    KemajuanProgram.objects.filter(program=b).update(status=StatusKemajuan.BERJALAN)
    _program("Sub lama", tahun=(2023,))
    client.force_login(pimpinan)
    url = reverse("tindak:program_daftar")

    def pks(query):
        return [p.pk for p in client.get(url + query).context["programs"]]

    assert len(pks("")) == 4
    assert pks("?tahun=2026") == [a.pk, b.pk, pemda.pk]
    assert pks(f"?opd={opd_b.pk}") == [b.pk]
    assert pks("?tahun=2026&status=berjalan") == [b.pk]
    assert pks("?tahun=2023&status=berjalan") == []
    assert len(pks("?tahun=abc&status=entah")) == 4  # nonsense filters filter nothing


@pytest.mark.django_db
def test_operator_reports_progress_with_their_own_document(client, operator_a, tiga):
    a, _, _ = tiga
    dokumen = _dokumen(a.opd.get(), operator_a, "Perbup SPBE")
    versi = dokumen.versi.get()
    k = a.kemajuan.get()
    client.force_login(operator_a)

    response = client.post(
        reverse("tindak:program_lapor", args=[k.pk]),
        {"status": "selesai", "catatan": "Perbup ditetapkan", "versi": versi.pk},
    )

    assert response.status_code == 302
    k.refresh_from_db()
    assert (k.status, k.catatan, k.versi_id, k.dilaporkan_oleh) == (
        StatusKemajuan.SELESAI,
        "Perbup ditetapkan",
        versi.pk,
        operator_a,
    )
    assert k.history.first().history_user == operator_a
    # A second click with the same values writes no second history entry.
    jumlah = k.history.count()
    client.post(
        reverse("tindak:program_lapor", args=[k.pk]),
        {"status": "selesai", "catatan": "Perbup ditetapkan", "versi": versi.pk},
    )
    assert k.history.count() == jumlah
    page = client.get(reverse("tindak:program_kemajuan") + "?tahun=2026").content.decode()
    assert "Perbup SPBE" in page and "Selesai: 1" in page


@pytest.mark.django_db
def test_another_opd_document_cannot_be_linked(client, operator_a, operator_b, tiga):
    a, b, _ = tiga
    lain = _dokumen(b.opd.get(), operator_b, "SK BKD").versi.get()
    rahasia = _dokumen(a.opd.get(), operator_a, "Rahasia", rahasia=True).versi.get()
    k = a.kemajuan.get()
    client.force_login(operator_a)

    for versi in (lain, rahasia):
        response = client.post(
            reverse("tindak:program_lapor", args=[k.pk]),
            {"status": "selesai", "catatan": "", "versi": versi.pk},
            follow=True,
        )
        assert "Dokumen itu tidak dapat ditautkan" in response.content.decode()
    k.refresh_from_db()
    assert (k.status, k.versi_id, k.dilaporkan_pada) == (StatusKemajuan.BELUM_MULAI, None, None)
    # Another OPD's program: 404, nothing written.
    kb = b.kemajuan.get()
    response = client.post(reverse("tindak:program_lapor", args=[kb.pk]), {"status": "selesai"})
    assert response.status_code == 404
    kb.refresh_from_db()
    assert kb.status == StatusKemajuan.BELUM_MULAI


@pytest.mark.django_db
def test_a_bad_status_is_refused(client, operator_a, tiga):
    k = tiga[0].kemajuan.get()
    client.force_login(operator_a)

    response = client.post(
        reverse("tindak:program_lapor", args=[k.pk]), {"status": "final"}, follow=True
    )

    assert "Status kemajuan tidak dikenal." in response.content.decode()
    k.refresh_from_db()
    assert k.dilaporkan_pada is None


@pytest.mark.django_db
def test_linked_indicators_show_published_final_values_only(
    client, operator_a, admin_user, periode, opd_a, opd_b
):
    indikator = periode.instrumen.indikator.get(nomor=1)
    p = _program("Sub A", opd_a, tahun=(periode.tahun,))
    p.indikator.set([indikator])
    Penilaian.objects.filter(periode=periode).update(status=StatusPenilaian.FINAL)
    for opd, level in ((opd_a, 3), (opd_b, 4)):
        Jawaban.objects.update_or_create(
            penilaian=Penilaian.objects.get(periode=periode, opd=opd),
            indikator=indikator,
            defaults={"level_final": level},
        )
    url = reverse("tindak:program_kemajuan") + f"?tahun={periode.tahun}"

    for user in (operator_a, admin_user):
        client.force_login(user)
        baris = client.get(url).context["kelompok"][0].baris[0]
        assert baris.indikator == [(indikator, None)], user.peran

    Periode.objects.filter(pk=periode.pk).update(status=StatusPeriode.DIPUBLIKASI)
    client.force_login(operator_a)
    response = client.get(url)
    _, nilai = response.context["kelompok"][0].baris[0].indikator[0]
    assert (nilai.nilai, nilai.tahun) == (Decimal("3.5"), periode.tahun)
    assert f"3,50 ({periode.tahun})" in response.content.decode()


@pytest.mark.django_db
def test_admin_adds_edits_and_removes_a_program(client, admin_user, opd_a):
    client.force_login(admin_user)
    data = {
        "nama": "Program baru",
        "sub_program": "Sub baru",
        "opd": [opd_a.pk],
        "tahun": "2025–2027",
        "bukti_diharapkan": "SK Tim",
        "jenis_bukti": "keputusan",
        "keterangan": "",
    }

    response = client.post(reverse("tindak:program_tambah"), data)

    p = Program.objects.get(nama="Program baru")
    assert response.url == reverse("tindak:program_detail", args=[p.pk])
    assert sorted(p.kemajuan.values_list("tahun", flat=True)) == [2025, 2026, 2027]
    assert p.history.first().history_user == admin_user
    k = p.kemajuan.get(tahun=2027)
    services.kemajuan_lapor(
        kemajuan=k, status=StatusKemajuan.BERJALAN, catatan="", versi=None, user=admin_user
    )
    # Dropping a year that has progress is refused; nothing changes.
    ubah = client.post(reverse("tindak:program_ubah", args=[p.pk]), {**data, "tahun": "2025"})
    assert "sudah punya laporan kemajuan tahun 2027" in ubah.content.decode()
    assert p.kemajuan.count() == 3
    client.post(reverse("tindak:program_ubah", args=[p.pk]), {**data, "tahun": "2026-2027"})
    assert sorted(p.kemajuan.values_list("tahun", flat=True)) == [2026, 2027]
    # The same program twice, and formula-like text, are refused with a message.
    dua = client.post(reverse("tindak:program_tambah"), data)
    assert "Program dengan sub-program ini sudah ada." in dua.content.decode()
    rumus = client.post(reverse("tindak:program_tambah"), {**data, "sub_program": "=1+1"})
    assert "tidak boleh diawali" in rumus.content.decode()
    assert Program.objects.count() == 1

    client.post(reverse("tindak:program_hapus", args=[p.pk]))
    assert not Program.objects.exists() and not KemajuanProgram.objects.exists()
    assert p.history.first().history_type == "-"


# --- Query counts ----------------------------------------------------------------------------


def _banyak(opd_a, opd_b, instrumen, jumlah, awal=0):
    indikator = list(instrumen.indikator.order_by("nomor")[:3])
    for n in range(awal, awal + jumlah):
        p = _program(f"Sub {n}", opd_a if n % 2 else opd_b, tahun=(2025, 2026), nama=f"P{n % 3}")
        p.indikator.set(indikator)


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["admin_user", "operator_a"])
def test_list_and_progress_pages_query_a_fixed_number_of_times(
    request, client, persona, opd_a, opd_b, instrumen, django_assert_max_num_queries
):
    user = request.getfixturevalue(persona)
    client.force_login(user)
    # Documents to offer on every row the user reports (the admin: every OPD's and the pemda's).
    _dokumen(opd_a, user, "Dokumen A")
    _dokumen(opd_b, user, "Dokumen B")
    urls = [
        reverse("tindak:program_daftar"),
        reverse("tindak:program_daftar") + "?tahun=2026",
        reverse("tindak:program_kemajuan") + "?tahun=2026",
        reverse("tindak:program_ekspor"),
    ]
    _banyak(opd_a, opd_b, instrumen, 3)
    _program("Sub pemda", tahun=(2026,))
    counts = {}
    for url in urls:
        with django_assert_max_num_queries(20) as ctx:
            client.get(url)
        counts[url] = len(ctx.captured_queries)
    _banyak(opd_a, opd_b, instrumen, 30, awal=3)
    for url in urls:
        # Session and user (2), then the page's reads: the same whatever the number of rows.
        with django_assert_max_num_queries(counts[url]):
            assert client.get(url).status_code == 200


# --- Demo ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_demo_roadmap_tells_a_story_once(admin_user, instrumen):
    from evaluasi.demo_program import PETA, seed_program_demo
    from tests.factories import OpdFactory, PenggunaFactory

    kominfo = OpdFactory(nama="Dinas Kominfo Persandian", singkatan="Diskominfopers")
    OpdFactory(nama="Badan Kepegawaian", singkatan="BKD")
    operator = PenggunaFactory(username="operator.kominfo", peran="operator", opd=kominfo)

    assert seed_program_demo(admin=admin_user).startswith("Peta rencana demo: 10 program")
    assert seed_program_demo(admin=admin_user) == "Peta rencana demo sudah ada."

    assert Program.objects.count() == len(PETA)
    dilaporkan = KemajuanProgram.objects.exclude(dilaporkan_pada=None)
    assert dilaporkan.filter(dilaporkan_oleh=operator).exists()
    assert set(dilaporkan.values_list("status", flat=True)) == set(StatusKemajuan.values)
    assert Program.objects.get(sub_program="Pembentukan Tim Koordinasi SPBE").indikator.count() == 2
