"""The penilaian instansi (SPEC §12): the pengampu map (set, bulk, copy, workbook round trip
with row errors), the pengampu's answers scoped to the items their OPD holds, several
pengampu on one item and the Koordinator's choice, the asesor's verdicts, the Koordinator's
settled value, the values and index checked against an exact computation, progress per OPD,
and a query count that does not grow with the number of answers."""

import io
from decimal import Decimal
from fractions import Fraction

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from evaluasi import butir as butir_rules
from evaluasi.galat import Konflik, TransisiTidakSah
from evaluasi.instansi import aturan, peta
from evaluasi.instansi import selectors as instansi_selectors
from evaluasi.instansi import services as instansi_services
from evaluasi.models import (
    BerkasInstansi,
    Butir,
    IsianButir,
    NilaiInstansi,
    Pengampu,
    PenilaianInstansi,
    ReviuInstansi,
)
from evaluasi.penilaian import berkas
from evaluasi.penilaian import services as penilaian_services
from opd.spreadsheet import SpreadsheetError
from tests.conftest import PDF_BYTES
from tests.factories import OpdFactory

pytestmark = pytest.mark.django_db


# --- Pure rules -----------------------------------------------------------------------------


def jwb(opd, berkas=True, dipilih=None):
    """One answer, short for the rule tables below."""
    return aturan.IsianKeadaan(opd, berkas, dipilih)


@pytest.mark.parametrize(
    ("isian", "terpilih", "perlu"),
    [
        ([], (), False),
        ([jwb(1)], (1,), False),
        ([jwb(1, berkas=False)], (), False),
        ([jwb(1), jwb(2)], (), True),  # two answers, no choice: the Koordinator decides
        ([jwb(1), jwb(2, dipilih=True)], (2,), False),
        ([jwb(1, dipilih=False), jwb(2)], (2,), False),  # one set aside: the other goes alone
        ([jwb(1, berkas=False, dipilih=True), jwb(2)], (2,), False),  # a choice without files
        ([jwb(1, dipilih=True), jwb(2, dipilih=True)], (1, 2), False),
        ([jwb(1, dipilih=False)], (), False),
    ],
)
def test_which_answers_go_forward(isian, terpilih, perlu):
    assert aturan.terpilih(isian) == terpilih
    assert aturan.perlu_dipilih(isian) is perlu


def test_the_package_takes_accepted_or_chosen_items_with_an_answer_going_forward():
    diterima, belum = butir_rules.Putusan.DITERIMA, butir_rules.Putusan.BELUM
    assert aturan.masuk_paket(diterima, [jwb(1)]) is True
    assert aturan.masuk_paket(belum, [jwb(1)]) is False
    assert aturan.masuk_paket(belum, [jwb(1, dipilih=True)]) is True  # the Koordinator's call
    assert aturan.masuk_paket(diterima, [jwb(1), jwb(2)]) is False  # accepted, but whose files?
    assert aturan.masuk_paket(diterima, [jwb(1, berkas=False)]) is False


def test_pengampu_of_an_item_are_its_own_and_its_indicators():
    assert aturan.pengampu_butir(7, 3, {7: {1}}, {3: {2}, 4: {9}}) == {1, 2}
    assert aturan.pengampu_butir(8, 4, {7: {1}}, {3: {2}, 4: {9}}) == {9}


def test_mandiri_counts_every_item_with_files_as_accepted():
    B = butir_rules.ButirKeadaan
    items = [
        B(1, 1, True, True),
        B(2, 1, True, True),
        B(3, 2, True, True, "revisi"),  # the verdict does not matter for the claim
        B(4, 2, True, False),
        B(5, 2, True, False),
        B(6, 3, True, True),
    ]
    assert aturan.nilai_mandiri(items, "proporsi_utama") == Decimal("1.3333")
    assert aturan.nilai_mandiri(items, "tanpa") == Decimal(1)


# --- Fixtures -------------------------------------------------------------------------------


@pytest.fixture
def instansi(periode_pemdi):
    return periode_pemdi.instansi


def indikator(periode, kode):
    return periode.instrumen.indikator.get(kode_singkat=kode)


def butir(periode, kode) -> Butir:
    ind, level, nomor = kode.split("-")
    return Butir.objects.select_related("indikator").get(
        indikator__instrumen=periode.instrumen,
        indikator__kode_singkat=ind,
        level=int(level[1:]),
        nomor=int(nomor),
    )


@pytest.fixture
def peta_ab(periode_pemdi, opd_a, opd_b, admin_user):
    """opd_a holds indicator I1 whole; opd_b holds I2 and, beside opd_a, item I1-L1-01."""
    p = periode_pemdi
    instansi_services.pengampu_atur(
        periode=p, indikator=indikator(p, "I1"), butir=None, opd_ids={opd_a.pk}, user=admin_user
    )
    instansi_services.pengampu_atur(
        periode=p, indikator=indikator(p, "I2"), butir=None, opd_ids={opd_b.pk}, user=admin_user
    )
    b = butir(p, "I1-L1-01")
    instansi_services.pengampu_atur(
        periode=p, indikator=b.indikator, butir=b, opd_ids={opd_b.pk}, user=admin_user
    )
    return p


def unggah(instansi, kode, opd, user, data=PDF_BYTES, **kw):
    return instansi_services.berkas_unggah(
        penilaian=instansi,
        butir=butir(instansi.periode, kode),
        opd_id=opd.pk,
        user=user,
        data=data,
        nama="bukti.pdf",
        **kw,
    )


def putuskan(instansi, kode, user, putusan="diterima", **kw):
    b = butir(instansi.periode, kode)
    versi = ReviuInstansi.objects.filter(penilaian=instansi, butir=b).values_list(
        "versi", flat=True
    )
    return instansi_services.reviu_instansi_simpan(
        penilaian=instansi,
        butir=b,
        user=user,
        putusan=putusan,
        versi=versi.first() or 0,
        **kw,
    )


# --- The map --------------------------------------------------------------------------------


def test_opening_a_period_creates_its_penilaian_instansi(periode_pemdi):
    assert PenilaianInstansi.objects.filter(periode=periode_pemdi).count() == 1


def test_map_changes_are_exact_and_audited(periode_pemdi, opd_a, opd_b, admin_user):
    p, i1 = periode_pemdi, indikator(periode_pemdi, "I1")
    assert instansi_services.pengampu_atur(
        periode=p, indikator=i1, butir=None, opd_ids={opd_a.pk, opd_b.pk}, user=admin_user
    ) == (2, 0)
    assert instansi_services.pengampu_atur(
        periode=p, indikator=i1, butir=None, opd_ids={opd_b.pk}, user=admin_user
    ) == (0, 1)

    assert set(Pengampu.objects.values_list("opd_id", flat=True)) == {opd_b.pk}
    history = Pengampu.history.order_by("history_date")
    assert [(h.history_type, h.opd_id) for h in history] == [
        ("+", min(opd_a.pk, opd_b.pk)),
        ("+", max(opd_a.pk, opd_b.pk)),
        ("-", opd_a.pk),
    ]
    assert {h.history_user_id for h in history} == {admin_user.pk}


def test_map_refuses_another_instruments_indicator_and_inactive_opds(
    periode_pemdi, instrumen, opd_a, admin_user
):
    with pytest.raises(TransisiTidakSah):
        instansi_services.pengampu_atur(
            periode=periode_pemdi,
            indikator=instrumen.indikator.get(nomor=1),
            butir=None,
            opd_ids={opd_a.pk},
            user=admin_user,
        )
    nonaktif = OpdFactory(aktif=False)
    with pytest.raises(TransisiTidakSah):
        instansi_services.pengampu_atur(
            periode=periode_pemdi,
            indikator=indikator(periode_pemdi, "I1"),
            butir=None,
            opd_ids={nonaktif.pk},
            user=admin_user,
        )
    assert not Pengampu.objects.exists()


def test_bulk_assignment_and_copy_to_the_next_year(peta_ab, opd_a, admin_user, instrumen_pemdi):
    p = peta_ab
    n = instansi_services.pengampu_tambah_massal(
        periode=p,
        sasaran=[(indikator(p, "I3"), None), (indikator(p, "I1"), None)],  # I1 already held
        opd=opd_a,
        user=admin_user,
    )
    assert n == 1
    berikut = penilaian_services.periode_create(
        data={
            "nama": "Pemdi 2028",
            "tahun": 2028,
            "instrumen": instrumen_pemdi,
            "mulai_pengisian": p.mulai_pengisian,
            "batas_pengisian": p.batas_pengisian,
            "batas_verifikasi": p.batas_verifikasi,
            "tahun_tpp": 2029,
        }
    )

    copied, skipped = instansi_services.pengampu_salin(dari=p, ke=berikut, user=admin_user)

    def key(periode):
        return sorted(
            (r.indikator.kode_singkat, r.butir.kode if r.butir else "", r.opd_id)
            for r in Pengampu.objects.filter(periode=periode).select_related("indikator", "butir")
        )

    assert (copied, skipped) == (4, 0)
    assert key(berikut) == key(p)
    # Copying again adds nothing.
    assert instansi_services.pengampu_salin(dari=p, ke=berikut, user=admin_user) == (0, 0)


def _rows(content: bytes) -> list[list]:
    sheet = load_workbook(io.BytesIO(content))["Pengampu"]
    return [list(r) for r in sheet.iter_rows(values_only=True)]


def _workbook(rows) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    sheet = wb.active
    sheet.title = "Pengampu"
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def test_map_workbook_round_trip(peta_ab, opd_a, opd_b, admin_user):
    p = peta_ab
    exported = _rows(peta.peta_xlsx(p))
    assert exported[0] == ["Kode", "Uraian", "OPD pengampu"]
    by_code = {r[0]: r for r in exported[1:]}
    assert by_code["I1"][2] == opd_a.kode
    assert by_code["I1-L1-01"][2] == opd_b.kode
    assert by_code["I2"][2] == opd_b.kode
    assert by_code["I3"][2] is None
    # Edit: I1 held by both (by name and by code), I2 cleared, I1-L1-01 unchanged (row removed).
    by_code["I1"][2] = f"{opd_a.nama}; {opd_b.kode}"
    by_code["I2"][2] = ""
    del by_code["I1-L1-01"]
    content = _workbook([exported[0], *by_code.values()])

    rows, galat = peta.peta_baca(content, p)
    assert galat == []
    peta.pengampu_impor(periode=p, rows=rows, user=admin_user)

    again = {r[0]: r[2] for r in _rows(peta.peta_xlsx(p))[1:]}
    assert again["I1"] == "; ".join(sorted([opd_a.kode, opd_b.kode]))
    assert again["I2"] is None
    assert again["I1-L1-01"] == opd_b.kode


def test_map_workbook_row_errors_write_nothing(peta_ab, opd_a, client, admin_user):
    before = set(Pengampu.objects.values_list("indikator_id", "butir_id", "opd_id"))
    content = _workbook(
        [
            ["Kode", "Uraian", "OPD pengampu"],
            ["I3", "", opd_a.kode],  # fine on its own
            ["I99", "", opd_a.kode],
            ["I4", "", "Dinas Yang Tidak Ada"],
            ["I3", "", opd_a.kode],
        ]
    )
    rows, galat = peta.peta_baca(content, peta_ab)
    assert galat == [
        "Baris 3: kode I99 tidak ada di instrumen.",
        "Baris 4: OPD Dinas Yang Tidak Ada tidak dikenal.",
        "Baris 5: kode I3 sudah ada di baris 2.",
    ]
    client.force_login(admin_user)
    response = client.post(
        reverse("evaluasi:pengampu", kwargs={"pk": peta_ab.pk}),
        {"aksi": "impor", "berkas": _upload(content)},
    )
    assert response.status_code == 200
    assert "Impor dibatalkan, tidak ada yang diubah" in response.content.decode()
    assert set(Pengampu.objects.values_list("indikator_id", "butir_id", "opd_id")) == before


def _upload(content: bytes, name="peta.xlsx"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content)


def test_map_workbook_with_a_formula_is_refused(peta_ab, opd_a):
    content = _workbook([["Kode", "Uraian", "OPD pengampu"], ["I3", "", f'="{opd_a.kode}"']])
    with pytest.raises(SpreadsheetError):
        peta.peta_baca(content, peta_ab)


def test_map_page_bulk_form_ignores_another_instruments_ids(
    client, admin_user, peta_ab, opd_a, instrumen
):
    client.force_login(admin_user)
    asing = instrumen.indikator.get(nomor=5)
    response = client.post(
        reverse("evaluasi:pengampu", kwargs={"pk": peta_ab.pk}),
        {
            "aksi": "tambah",
            "opd": opd_a.pk,
            "sasaran": [f"i:{asing.pk}", f"b:{butir(peta_ab, 'I2-L1-01').pk}", "x:1", "i:abc"],
        },
    )
    assert response.status_code == 302
    rows = Pengampu.objects.filter(periode=peta_ab, opd=opd_a)
    assert sorted((r.indikator.kode_singkat, r.butir_id is None) for r in rows) == [
        ("I1", True),
        ("I2", False),
    ]


# --- Answers, scoped to the items an OPD holds ----------------------------------------------


def test_operator_reaches_only_the_items_their_opd_holds(client, peta_ab, operator_a):
    client.force_login(operator_a)
    held = butir(peta_ab, "I1-L2-01")
    other = butir(peta_ab, "I2-L1-01")
    url = "evaluasi:instansi_butir"

    assert (
        client.get(reverse(url, kwargs={"pk": peta_ab.pk, "butir_pk": held.pk})).status_code == 200
    )
    assert (
        client.get(reverse(url, kwargs={"pk": peta_ab.pk, "butir_pk": other.pk})).status_code == 404
    )
    response = client.post(
        reverse(url, kwargs={"pk": peta_ab.pk, "butir_pk": other.pk}),
        {"aksi": "unggah", "berkas": _upload(PDF_BYTES, "a.pdf")},
    )
    assert response.status_code == 404
    assert not BerkasInstansi.objects.exists()


def test_an_upload_is_filed_under_the_uploaders_own_opd(client, peta_ab, operator_a, opd_b):
    client.force_login(operator_a)
    b = butir(peta_ab, "I1-L1-01")  # held by both OPDs
    response = client.post(
        reverse("evaluasi:instansi_butir", kwargs={"pk": peta_ab.pk, "butir_pk": b.pk}),
        {"aksi": "unggah", "opd": opd_b.pk, "opd_id": opd_b.pk, "berkas": _upload(PDF_BYTES)},
    )
    assert response.status_code == 302
    assert list(IsianButir.objects.values_list("opd_id", flat=True)) == [operator_a.opd_id]


def test_operator_cannot_choose_or_judge(client, peta_ab, instansi, operator_a, opd_b):
    isian_b = unggah(instansi, "I1-L1-01", opd_b, operator_a).isian
    client.force_login(operator_a)
    url = reverse(
        "evaluasi:instansi_butir",
        kwargs={"pk": peta_ab.pk, "butir_pk": butir(peta_ab, "I1-L1-01").pk},
    )
    assert client.post(url, {"aksi": "pilih", "isian": isian_b.pk}).status_code == 403
    assert client.post(url, {"aksi": "reviu", "putusan": "diterima", "versi": 0}).status_code == 403
    isian_b.refresh_from_db()
    assert isian_b.dipilih is None
    assert not ReviuInstansi.objects.exists()


def test_a_bad_file_is_refused_with_a_message_and_nothing_is_kept(client, peta_ab, operator_a):
    client.force_login(operator_a)
    url = reverse(
        "evaluasi:instansi_butir",
        kwargs={"pk": peta_ab.pk, "butir_pk": butir(peta_ab, "I1-L1-01").pk},
    )
    response = client.post(
        url,
        {"aksi": "unggah", "berkas": _upload(b"MZ\x90\x00 not a pdf", "surat.pdf")},
        follow=True,
    )
    assert "surat.pdf" in response.content.decode()
    assert not BerkasInstansi.objects.exists()
    unggah(peta_ab.instansi, "I1-L1-01", operator_a.opd, operator_a)
    with pytest.raises(berkas.BerkasDitolak, match="sama persis"):
        unggah(peta_ab.instansi, "I1-L1-01", operator_a.opd, operator_a)
    assert BerkasInstansi.objects.count() == 1


def test_stale_note_is_refused(instansi, peta_ab, operator_a):
    b = butir(peta_ab, "I1-L1-01")
    instansi_services.isian_catatan(
        penilaian=instansi, butir=b, opd_id=operator_a.opd_id, user=operator_a, catatan="A", versi=0
    )
    with pytest.raises(Konflik):
        instansi_services.isian_catatan(
            penilaian=instansi,
            butir=b,
            opd_id=operator_a.opd_id,
            user=operator_a,
            catatan="B",
            versi=0,
        )
    assert IsianButir.objects.get().catatan == "A"


def test_confidential_files_are_not_opened_by_pimpinan(
    client, instansi, peta_ab, operator_a, pimpinan, operator_b
):
    rahasia = unggah(instansi, "I1-L1-01", operator_a.opd, operator_a, rahasia=True)
    url = reverse("evaluasi:instansi_berkas_unduh", kwargs={"pk": rahasia.pk})
    for user, status in ((operator_a, 200), (pimpinan, 404)):
        client.force_login(user)
        assert client.get(url).status_code == status
    # opd_b also holds the item, but the file is opd_a's.
    client.force_login(operator_b)
    assert client.get(url).status_code == 404


# --- Asesor and Koordinator -----------------------------------------------------------------


def test_acceptance_needs_a_file_and_a_fresh_version(instansi, peta_ab, operator_a, evaluator):
    with pytest.raises(TransisiTidakSah, match="belum punya berkas"):
        putuskan(instansi, "I1-L1-01", evaluator)
    unggah(instansi, "I1-L1-01", operator_a.opd, operator_a)
    putuskan(instansi, "I1-L1-01", evaluator)
    with pytest.raises(Konflik):
        instansi_services.reviu_instansi_simpan(
            penilaian=instansi,
            butir=butir(peta_ab, "I1-L1-01"),
            user=evaluator,
            putusan="revisi",
            alasan="bukti_tidak_tepat",
            versi=0,
        )
    assert ReviuInstansi.objects.get().putusan == "diterima"


def test_two_pengampu_need_the_koordinators_choice(
    client, instansi, peta_ab, operator_a, operator_b, evaluator, admin_user
):
    unggah(instansi, "I1-L1-01", operator_a.opd, operator_a)
    unggah(instansi, "I1-L1-01", operator_b.opd, operator_b, data=PDF_BYTES + b"%b")
    putuskan(instansi, "I1-L1-01", evaluator)
    row = _row(instansi, "I1-L1-01")
    assert row.perlu_dipilih and not row.masuk_paket

    client.force_login(admin_user)
    isian_b = IsianButir.objects.get(opd=operator_b.opd)
    url = reverse(
        "evaluasi:instansi_butir",
        kwargs={"pk": peta_ab.pk, "butir_pk": butir(peta_ab, "I1-L1-01").pk},
    )
    assert client.post(url, {"aksi": "pilih", "isian": isian_b.pk}).status_code == 302

    row = _row(instansi, "I1-L1-01")
    assert row.terpilih == (operator_b.opd_id,)
    assert row.masuk_paket
    assert [i.opd_id for i in row.isian_terpilih] == [operator_b.opd_id]


def _queries(fn) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        fn()
    return len(ctx.captured_queries)


def _row(instansi, kode):
    keadaan = instansi_selectors.keadaan_instansi(instansi)
    return next(b for b in keadaan.butir_rows() if b.butir.kode == kode)


def test_settled_value_needs_a_note_and_replaces_the_computed_one(instansi, peta_ab, admin_user):
    i1 = indikator(peta_ab, "I1")
    with pytest.raises(TransisiTidakSah, match="catatan"):
        instansi_services.nilai_tetapkan(
            penilaian=instansi,
            indikator=i1,
            nilai=Decimal("2.5"),
            catatan=" ",
            user=admin_user,
            versi=0,
        )
    instansi_services.nilai_tetapkan(
        penilaian=instansi,
        indikator=i1,
        nilai=Decimal("2.5"),
        catatan="Diskominfo dan Bappeda sepakat.",
        user=admin_user,
        versi=0,
    )
    keadaan = instansi_selectors.keadaan_instansi(instansi)
    row = next(r for r in keadaan.indikator if r.indikator.pk == i1.pk)
    assert (row.dihitung, row.internal) == (Decimal(1), Decimal("2.5"))
    assert NilaiInstansi.history.get().history_user_id == admin_user.pk
    with pytest.raises(Konflik):
        instansi_services.nilai_tetapkan(
            penilaian=instansi, indikator=i1, nilai=None, catatan="", user=admin_user, versi=0
        )
    instansi_services.nilai_tetapkan(
        penilaian=instansi, indikator=i1, nilai=None, catatan="", user=admin_user, versi=1
    )
    assert not NilaiInstansi.objects.exists()


def test_internal_index_equals_an_exact_weighted_computation(
    instansi, peta_ab, operator_a, evaluator
):
    p = peta_ab
    i1 = indikator(p, "I1")
    # Level 1 of I1 fully accepted, one of level 2's required items accepted.
    utama = list(i1.butir.filter(utama=True, level__lte=2).order_by("level", "nomor"))
    l2 = [b for b in utama if b.level == 2]
    for b in utama:
        unggah(instansi, b.kode, operator_a.opd, operator_a, data=PDF_BYTES + b.kode.encode())
    for b in utama:
        if b.level == 1 or b == l2[0]:
            putuskan(instansi, b.kode, evaluator)
    v1 = 1 + Fraction(1, len(l2))
    keadaan = instansi_selectors.keadaan_instansi(instansi)
    row = next(r for r in keadaan.indikator if r.indikator.pk == i1.pk)
    assert row.dihitung == (Decimal(v1.numerator) / Decimal(v1.denominator)).quantize(
        Decimal("0.0001")
    )
    assert row.dihitung == row.dihitung.quantize(Decimal("0.0001"))

    # Every other indicator: 1 (answered with nothing accepted, or external at the default).
    indikator_all = list(p.instrumen.indikator.all())
    weighted = sum(
        Fraction(i.bobot) * (Fraction(row.dihitung) if i.pk == i1.pk else 1) for i in indikator_all
    ) / sum(Fraction(i.bobot) for i in indikator_all)
    expected = (Decimal(weighted.numerator) / Decimal(weighted.denominator)).quantize(
        Decimal("0.01")
    )
    assert keadaan.indeks("internal").indeks == expected


def test_progress_per_pengampu_and_who_is_late(client, instansi, peta_ab, operator_a, admin_user):
    unggah(instansi, "I1-L1-01", operator_a.opd, operator_a)
    client.force_login(admin_user)
    page = client.get(reverse("evaluasi:instansi", kwargs={"pk": peta_ab.pk}))
    kemajuan = {k.opd_id: k for k in page.context["kemajuan"]}
    jumlah_i1 = Butir.objects.filter(indikator=indikator(peta_ab, "I1")).count()
    jumlah_i2 = Butir.objects.filter(indikator=indikator(peta_ab, "I2")).count()
    assert (kemajuan[operator_a.opd_id].diampu, kemajuan[operator_a.opd_id].berkas) == (
        jumlah_i1,
        1,
    )
    # opd_b: indicator I2 and the one item of I1.
    opd_b = [k for k in kemajuan if k != operator_a.opd_id][0]
    assert (kemajuan[opd_b].diampu, kemajuan[opd_b].berkas) == (jumlah_i2 + 1, 0)
    assert "terlambat" not in page.content.decode()

    type(peta_ab).objects.filter(pk=peta_ab.pk).update(batas_pengisian=peta_ab.mulai_pengisian)
    page = client.get(reverse("evaluasi:instansi", kwargs={"pk": peta_ab.pk}))
    assert "terlambat" in page.content.decode()


def test_the_whole_state_is_read_in_a_fixed_number_of_queries(
    instansi, peta_ab, operator_a, operator_b, evaluator
):
    unggah(instansi, "I1-L1-01", operator_a.opd, operator_a)
    few = _queries(lambda: instansi_selectors.keadaan_instansi(instansi).indeks("internal"))
    for b in Butir.objects.filter(
        indikator__kode_singkat__in=["I1", "I2"], indikator__instrumen=peta_ab.instrumen
    ):
        opd = operator_b.opd if b.indikator.kode_singkat == "I2" else operator_a.opd
        user = operator_b if opd == operator_b.opd else operator_a
        unggah(instansi, b.kode, opd, user, data=PDF_BYTES + b.kode.encode() + b"x")
        putuskan(instansi, b.kode, evaluator)
    many = _queries(lambda: instansi_selectors.keadaan_instansi(instansi).indeks("internal"))
    assert many == few


def test_operator_home_lists_the_items_held(client, peta_ab, operator_a, operator_b):
    client.force_login(operator_a)
    page = client.get(reverse("beranda")).content.decode()
    jumlah = Butir.objects.filter(indikator=indikator(peta_ab, "I1")).count()
    assert "Butir yang diampu" in page
    assert f"<strong>{jumlah} butir</strong>" in page


def test_dashboard_shows_the_pemdas_values_side_by_side(client, instansi, peta_ab, pimpinan):
    client.force_login(pimpinan)
    page = client.get(reverse("evaluasi:dashboard"), {"periode": peta_ab.pk})
    assert page.status_code == 200
    html = page.content.decode()
    assert "Penilaian instansi (pemerintah daerah)" in html
    ringkas = page.context["instansi"]
    # Nothing accepted and no external index out: every indicator counts 1 internally.
    assert [r["nilai"][1] for r in ringkas["aspek"]] == [Decimal(1)] * 7
    assert ringkas["indeks"][1].indeks == Decimal("1.00")
    assert ringkas["indeks"][2] is None  # no national round yet
    assert "Tren indeks penilaian instansi" in html


# --- Externally valued indicators -----------------------------------------------------------


@pytest.fixture
def peta_eksternal(periode_pemdi, opd_a, admin_user):
    """opd_a holds I5 (valued from the Satu Data score) and I1 (evidence items)."""
    for kode in ("I5", "I1"):
        instansi_services.pengampu_atur(
            periode=periode_pemdi,
            indikator=indikator(periode_pemdi, kode),
            butir=None,
            opd_ids={opd_a.pk},
            user=admin_user,
        )
    return periode_pemdi


def test_pengampu_reports_an_external_index_and_the_koordinator_is_offered_it(
    client, peta_eksternal, operator_a, admin_user
):
    from datetime import date

    i5 = indikator(peta_eksternal, "I5")
    url = reverse(
        "evaluasi:instansi_indikator", kwargs={"pk": peta_eksternal.pk, "nomor": i5.nomor}
    )
    client.force_login(operator_a)
    response = client.post(
        url,
        {"nilai": "2,75", "tanggal": "2026-11-12", "sumber": "Skor SDI 2026", "versi": 0},
    )
    assert response.status_code == 302
    keadaan = instansi_selectors.keadaan_instansi(peta_eksternal.instansi)
    row = next(r for r in keadaan.indikator if r.indikator.pk == i5.pk)
    # The claim follows the report; the internal value waits for the Koordinator.
    assert (row.mandiri, row.internal) == (Decimal("2.75"), Decimal(1))
    assert [(r.nilai, r.tanggal) for r in row.laporan_eksternal] == [
        (Decimal("2.75"), date(2026, 11, 12))
    ]

    client.force_login(admin_user)
    form = client.get(url).context["form"]
    assert form.initial["nilai"] == Decimal("2.75")
    assert "Skor SDI 2026" in form.initial["catatan"]


@pytest.mark.parametrize(
    ("data", "pesan"),
    [
        ({"nilai": "6", "tanggal": "2026-11-12", "sumber": "x"}, "Nilai paling besar 5."),
        ({"nilai": "abc", "tanggal": "2026-11-12", "sumber": "x"}, "Nilai harus berupa angka"),
        ({"nilai": "2", "tanggal": "2099-01-01", "sumber": "x"}, "masa depan"),
        ({"nilai": "2", "tanggal": "2026-11-12", "sumber": " "}, "sumbernya"),
    ],
)
def test_a_bad_report_is_refused_and_nothing_is_saved(
    client, peta_eksternal, operator_a, data, pesan
):
    from evaluasi.models import IsianEksternal

    i5 = indikator(peta_eksternal, "I5")
    client.force_login(operator_a)
    response = client.post(
        reverse("evaluasi:instansi_indikator", kwargs={"pk": peta_eksternal.pk, "nomor": i5.nomor}),
        {**data, "versi": 0},
    )
    assert response.status_code == 200
    assert pesan in response.content.decode()
    assert not IsianEksternal.objects.exists()


def test_not_out_yet_clears_the_value_and_a_stale_report_is_refused(peta_eksternal, operator_a):
    from datetime import date

    i5, instansi = indikator(peta_eksternal, "I5"), peta_eksternal.instansi

    def lapor(**kw):
        return instansi_services.eksternal_simpan(
            penilaian=instansi, indikator=i5, opd_id=operator_a.opd_id, user=operator_a, **kw
        )

    lapor(nilai=Decimal(3), tanggal=date(2026, 1, 5), sumber="SDI", belum_tersedia=False, versi=0)
    row = lapor(nilai=Decimal(3), tanggal=None, sumber="", belum_tersedia=True, versi=1)
    assert (row.nilai, row.tanggal, row.belum_tersedia) == (None, None, True)
    with pytest.raises(Konflik):
        lapor(
            nilai=Decimal(2), tanggal=date(2026, 1, 5), sumber="SDI", belum_tersedia=False, versi=1
        )


def test_only_the_pengampu_of_an_external_indicator_reports_it(
    client, peta_eksternal, operator_a, operator_b, evaluator
):
    i5, i1 = indikator(peta_eksternal, "I5"), indikator(peta_eksternal, "I1")

    def url(i):
        return reverse(
            "evaluasi:instansi_indikator", kwargs={"pk": peta_eksternal.pk, "nomor": i.nomor}
        )

    client.force_login(operator_a)
    assert client.get(url(i5)).status_code == 200
    assert client.get(url(i1)).status_code == 404  # held, but valued from items
    client.force_login(evaluator)
    assert client.post(url(i5), {"nilai": "2", "versi": 0}).status_code == 403
    client.force_login(operator_b)  # its OPD holds something else only
    instansi_services.pengampu_atur(
        periode=peta_eksternal,
        indikator=indikator(peta_eksternal, "I2"),
        butir=None,
        opd_ids={operator_b.opd_id},
        user=evaluator,
    )
    assert client.get(url(i5)).status_code == 404
    assert client.post(url(i5), {"nilai": "2", "versi": 0}).status_code == 404


def test_pages_cost_the_same_queries_for_a_small_or_a_full_map(
    client, instansi, peta_ab, admin_user, operator_a, operator_b, evaluator, opd_a
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def hitung(user, name, **kw):
        client.force_login(user)
        url = reverse(name, kwargs={"pk": peta_ab.pk, **kw})
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    pages = [
        (admin_user, "evaluasi:instansi", {}),
        (admin_user, "evaluasi:pengampu", {}),
        (operator_a, "evaluasi:instansi", {}),
        (evaluator, "evaluasi:instansi_indikator", {"nomor": 1}),
        (evaluator, "evaluasi:instansi_butir", {"butir_pk": butir(peta_ab, "I1-L1-01").pk}),
    ]
    # One answer with a file and a verdict (the files are fetched once there are answers).
    unggah(instansi, "I1-L1-01", operator_a.opd, operator_a)
    putuskan(instansi, "I1-L1-01", evaluator)
    sedikit = [hitung(u, n, **kw) for u, n, kw in pages]
    # A fuller map, more answers, files and verdicts.
    instansi_services.pengampu_tambah_massal(
        periode=peta_ab,
        sasaran=[(i, None) for i in peta_ab.instrumen.indikator.all()],
        opd=opd_a,
        user=admin_user,
    )
    for b in Butir.objects.filter(
        indikator__kode_singkat__in=["I1", "I3"], indikator__instrumen=peta_ab.instrumen
    ):
        if b.kode == "I1-L1-01":
            continue
        unggah(instansi, b.kode, operator_a.opd, operator_a, data=PDF_BYTES + b.kode.encode())
        putuskan(instansi, b.kode, evaluator)
    banyak = [hitung(u, n, **kw) for u, n, kw in pages]
    assert banyak == sedikit


def test_releasing_one_pengampu_keeps_the_others(client, peta_ab, opd_a, opd_b, admin_user):
    p, i1 = peta_ab, indikator(peta_ab, "I1")
    instansi_services.pengampu_tambah_massal(
        periode=p, sasaran=[(i1, None)], opd=opd_b, user=admin_user
    )
    row = Pengampu.objects.get(periode=p, indikator=i1, butir=None, opd=opd_a)
    client.force_login(admin_user)
    url = reverse("evaluasi:pengampu", kwargs={"pk": p.pk})

    assert client.post(url, {"aksi": "hapus", "pengampu": row.pk}).status_code == 302
    assert client.post(url, {"aksi": "hapus", "pengampu": row.pk}).status_code == 302  # twice

    assert list(
        Pengampu.objects.filter(periode=p, indikator=i1, butir=None).values_list(
            "opd_id", flat=True
        )
    ) == [opd_b.pk]
    assert Pengampu.history.filter(history_type="-", opd=opd_a).count() == 1


def test_an_item_page_reads_its_own_indicator_only(
    client, instansi, peta_ab, operator_a, evaluator
):
    unggah(instansi, "I1-L1-01", operator_a.opd, operator_a)
    client.force_login(evaluator)
    b = butir(peta_ab, "I1-L1-01")
    page = client.get(
        reverse("evaluasi:instansi_butir", kwargs={"pk": peta_ab.pk, "butir_pk": b.pk})
    )
    row = page.context["row_indikator"]
    assert row.indikator.kode_singkat == "I1"
    assert [r.butir.indikator_id for r in row.butir] == [b.indikator_id] * len(row.butir)
    assert [i.opd_id for i in page.context["row"].isian] == [operator_a.opd_id]
