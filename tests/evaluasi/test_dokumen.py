"""The evidence library (SPEC §13, issue [6/9]): a file kept once per OPD, linked wherever it
applies; versions; the library page; confidential documents per role; freshness flags."""

import threading
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from evaluasi.dokumen import aturan
from evaluasi.dokumen import services as dokumen_services
from evaluasi.dokumen.aturan import Kesegaran
from evaluasi.instansi import services as instansi_services
from evaluasi.models import BerkasInstansi, Bukti, Butir, Dokumen, DokumenVersi
from evaluasi.penilaian import berkas
from evaluasi.penilaian import selectors as penilaian_selectors
from evaluasi.penilaian import services as penilaian_services
from evaluasi.verifikasi import services as verifikasi_services
from tests.conftest import PDF_BYTES
from tests.factories import PenggunaFactory

pytestmark = pytest.mark.django_db

PERBUP = PDF_BYTES + b"% Perbup 12/2025 tentang SPBE\n"


def _upload(penilaian, user, nomor, data=PERBUP, nama="Perbup 12-2025.pdf", butir=None):
    return penilaian_services.bukti_upload(
        penilaian=penilaian,
        indikator=penilaian.periode.instrumen.indikator.get(nomor=nomor),
        user=user,
        data=data,
        nama=nama,
        butir=butir,
    )


# --- Kept once, linked wherever it applies --------------------------------------------------


def test_the_same_file_uploaded_to_two_indicators_is_one_document_linked_twice(
    penilaian_a, operator_a
):
    pertama = _upload(penilaian_a, operator_a, 1)
    kedua = _upload(penilaian_a, operator_a, 2, nama="salinan perbup.pdf")

    assert Dokumen.objects.count() == DokumenVersi.objects.count() == 1
    assert pertama.versi_id == kedua.versi_id
    assert Bukti.objects.filter(versi=pertama.versi).count() == 2
    # The document keeps the first name; the second upload stored nothing new on disk.
    assert pertama.versi.dokumen.judul == "Perbup 12-2025"


def test_another_opd_with_the_same_bytes_gets_its_own_document(
    penilaian_a, penilaian_b, operator_a, operator_b
):
    a = _upload(penilaian_a, operator_a, 1)
    b = _upload(penilaian_b, operator_b, 1)

    assert a.versi.dokumen.opd_id != b.versi.dokumen.opd_id
    assert Dokumen.objects.count() == 2


def test_the_same_document_twice_on_one_answer_is_refused_and_nothing_is_written(
    penilaian_a, operator_a
):
    _upload(penilaian_a, operator_a, 1)
    with pytest.raises(berkas.BerkasDitolak, match="sama persis"):
        _upload(penilaian_a, operator_a, 1, nama="lagi.pdf")
    assert Bukti.objects.count() == 1


def test_an_instansi_upload_reuses_the_opds_document(penilaian_a, operator_a, admin_user):
    bukti = _upload(penilaian_a, operator_a, 1)
    periode = penilaian_a.periode
    butir = Butir.objects.create(
        indikator=periode.instrumen.indikator.get(nomor=1), level=1, nomor=1, teks="Perbup"
    )
    instansi = instansi_services.penilaian_instansi_buat(periode=periode)
    instansi_services.pengampu_atur(
        periode=periode,
        indikator=butir.indikator,
        butir=None,
        opd_ids={penilaian_a.opd_id},
        user=admin_user,
    )
    row = instansi_services.berkas_unggah(
        penilaian=instansi,
        butir=butir,
        opd_id=penilaian_a.opd_id,
        user=operator_a,
        data=PERBUP,
        nama="perbup.pdf",
        rahasia=True,
    )

    assert row.versi_id == bukti.versi_id
    # Asked to be confidential: the document becomes so, for every answer that links it.
    assert Dokumen.objects.get().rahasia is True


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_uploads_of_one_file_make_one_document(periode, opd_a, operator_a):
    penilaian = periode.penilaian.get(opd=opd_a)
    barrier = threading.Barrier(2)
    errors = []

    def unggah(nomor):
        try:
            barrier.wait()
            _upload(penilaian, operator_a, nomor)
        except Exception as exc:  # recorded: the test fails on any
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=unggah, args=(n,)) for n in (1, 2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert errors == []
    assert Dokumen.objects.filter(opd=opd_a).count() == 1
    assert Bukti.objects.filter(jawaban__penilaian=penilaian).count() == 2


# --- Linking from the library -----------------------------------------------------------


def test_one_document_is_linked_to_two_items_at_once(client, periode_pemdi, opd_a, operator_a):
    penilaian = periode_pemdi.penilaian.get(opd=opd_a)
    indikator = periode_pemdi.instrumen.indikator.filter(butir__isnull=False).first()
    butir = list(indikator.butir.order_by("level", "nomor")[:2])
    dokumen = dokumen_services.dokumen_buat(
        opd_id=opd_a.pk, user=operator_a, data=PERBUP, nama="perbup.pdf", judul="Perbup SPBE"
    )
    client.force_login(operator_a)

    response = client.post(
        reverse("evaluasi:bukti_tautkan", kwargs={"pk": penilaian.pk, "nomor": indikator.nomor}),
        {"dokumen": dokumen.pk, "butir": [b.pk for b in butir]},
    )

    assert response.status_code == 302
    linked = Bukti.objects.filter(jawaban__penilaian=penilaian).order_by("butir__nomor")
    assert [b.butir_id for b in linked] == [b.pk for b in butir]
    assert {b.versi.dokumen_id for b in linked} == {dokumen.pk}
    page = client.get(
        reverse("evaluasi:jawaban", kwargs={"pk": penilaian.pk, "nomor": indikator.nomor})
    )
    assert page.content.decode().count("perbup.pdf") >= 2


def test_linking_another_opds_document_is_a_404_and_links_nothing(
    client, penilaian_a, operator_a, operator_b, opd_b
):
    asing = dokumen_services.dokumen_buat(
        opd_id=opd_b.pk, user=operator_b, data=PERBUP, nama="milik-b.pdf"
    )
    client.force_login(operator_a)

    response = client.post(
        reverse("evaluasi:bukti_tautkan", kwargs={"pk": penilaian_a.pk, "nomor": 1}),
        {"dokumen": asing.pk},
    )

    assert response.status_code == 404
    assert not Bukti.objects.exists()


def test_an_item_of_another_indicator_is_a_404_before_anything_is_linked(
    client, periode_pemdi, opd_a, operator_a
):
    penilaian = periode_pemdi.penilaian.get(opd=opd_a)
    ind = list(periode_pemdi.instrumen.indikator.filter(butir__isnull=False).distinct()[:2])
    dokumen = dokumen_services.dokumen_buat(
        opd_id=opd_a.pk, user=operator_a, data=PERBUP, nama="perbup.pdf"
    )
    client.force_login(operator_a)

    response = client.post(
        reverse("evaluasi:bukti_tautkan", kwargs={"pk": penilaian.pk, "nomor": ind[0].nomor}),
        {"dokumen": dokumen.pk, "butir": [ind[0].butir.first().pk, ind[1].butir.first().pk]},
    )

    assert response.status_code == 404
    assert not Bukti.objects.exists()


def test_a_new_version_leaves_the_judged_links_on_the_old_one(penilaian_a, operator_a):
    bukti = _upload(penilaian_a, operator_a, 1)
    dokumen = bukti.versi.dokumen

    v2 = dokumen_services.versi_tambah(
        dokumen=dokumen, user=operator_a, data=PERBUP + b"% revisi\n", nama="perbup-rev.pdf"
    )

    assert v2.nomor == 2
    bukti.refresh_from_db()
    assert bukti.versi.nomor == 1
    # Linking the document now takes its newest version.
    baru = penilaian_services.bukti_tautkan(
        penilaian=penilaian_a,
        indikator=penilaian_a.periode.instrumen.indikator.get(nomor=2),
        dokumen=dokumen,
        user=operator_a,
    )
    assert baru.versi_id == v2.pk
    with pytest.raises(berkas.BerkasDitolak, match="sudah ada di pustaka"):
        dokumen_services.versi_tambah(dokumen=dokumen, user=operator_a, data=PERBUP, nama="x.pdf")


# --- The library page -----------------------------------------------------------------------


def test_an_operator_adds_a_document_to_their_own_library_whatever_the_form_says(
    client, operator_a, opd_a, opd_b
):
    client.force_login(operator_a)
    with open_pdf() as upload:
        response = client.post(
            reverse("evaluasi:pustaka"),
            {
                "opd": opd_b.pk,  # hostile: another OPD's id
                "berkas": upload,
                "judul": "SK Tim SPBE",
                "jenis": "keputusan",
                "nomor": "800/12/2026",
                "tanggal": "2026-01-05",
                "berlaku_sampai": "2026-12-31",
                "label": "tim, spbe",
            },
        )

    assert response.status_code == 302
    dokumen = Dokumen.objects.get()
    assert dokumen.opd_id == opd_a.pk
    assert (dokumen.judul, dokumen.nomor, dokumen.tanggal) == (
        "SK Tim SPBE",
        "800/12/2026",
        date(2026, 1, 5),
    )
    assert dokumen.daftar_label == ["tim", "spbe"]
    # Who made it and when is in the audit trail.
    assert dokumen.history.get().history_user == operator_a


def test_a_validity_before_the_document_date_is_refused(client, operator_a):
    client.force_login(operator_a)
    with open_pdf() as upload:
        response = client.post(
            reverse("evaluasi:pustaka"),
            {
                "berkas": upload,
                "jenis": "laporan",
                "tanggal": "2026-05-01",
                "berlaku_sampai": "2026-01-01",
            },
        )

    assert response.status_code == 200
    assert "tidak boleh sebelum tanggal dokumen" in response.content.decode()
    assert not Dokumen.objects.exists()


def test_the_library_searches_and_filters_by_type_and_validity(client, operator_a, opd_a):
    today = timezone.localdate()
    for n, (judul, jenis, sampai) in enumerate(
        [
            ("Perbup SPBE", "peraturan", None),
            ("SK Tim Koordinasi", "keputusan", today - timedelta(days=1)),
            ("Laporan audit TIK", "laporan", today + timedelta(days=10)),
        ]
    ):
        dokumen_services.dokumen_buat(
            opd_id=opd_a.pk,
            user=operator_a,
            data=PERBUP + bytes([n]),
            nama=f"{n}.pdf",
            judul=judul,
            jenis=jenis,
            berlaku_sampai=sampai,
        )
    client.force_login(operator_a)
    url = reverse("evaluasi:pustaka")

    def judul(**params):
        page = client.get(url, params).context["page"]
        return sorted(d.judul for d in page.object_list)

    assert judul(q="audit") == ["Laporan audit TIK"]
    assert judul(jenis="keputusan") == ["SK Tim Koordinasi"]
    assert judul(keadaan="kedaluwarsa") == ["SK Tim Koordinasi"]
    assert judul(keadaan="segera") == ["Laporan audit TIK"]
    assert judul(keadaan="berlaku") == ["Laporan audit TIK", "Perbup SPBE"]


def test_the_library_page_reads_a_fixed_number_of_queries(client, operator_a, opd_a, penilaian_a):
    def count():
        client.force_login(operator_a)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("evaluasi:pustaka")).status_code == 200
        return len(ctx)

    _upload(penilaian_a, operator_a, 1)
    sedikit = count()
    for n in range(12):
        _upload(penilaian_a, operator_a, 2 + n % 5, data=PERBUP + bytes([n]), nama=f"{n}.pdf")
    assert count() == sedikit


def test_the_document_page_lists_where_it_is_used(client, penilaian_a, operator_a):
    bukti = _upload(penilaian_a, operator_a, 1)
    _upload(penilaian_a, operator_a, 3)
    client.force_login(operator_a)

    response = client.get(reverse("evaluasi:dokumen", kwargs={"pk": bukti.versi.dokumen_id}))

    assert len(response.context["bukti"]) == 2
    assert "Indikator 3" in response.content.decode()


# --- Confidential documents -----------------------------------------------------------------


@pytest.fixture
def rahasia(penilaian_a, operator_a, admin_user, evaluator):
    """opd_a's confidential audit report linked to indicator 1; `evaluator` is assigned."""
    verifikasi_services.penugasan_add(
        periode=penilaian_a.periode, evaluator=evaluator, opds=[penilaian_a.opd], user=admin_user
    )
    bukti = _upload(penilaian_a, operator_a, 1, nama="audit keamanan.pdf")
    dokumen_services.dokumen_ubah(
        dokumen=bukti.versi.dokumen, user=operator_a, rahasia=True, judul="Audit keamanan"
    )
    return bukti


@pytest.mark.parametrize(
    ("role", "boleh"),
    [
        ("admin", True),
        ("operator_a", True),
        ("operator_b", False),
        ("evaluator", True),  # assigned to opd_a
        ("evaluator_lain", False),
        ("pimpinan", False),
    ],
)
def test_a_confidential_document_reaches_its_opd_the_assigned_evaluators_and_admins_only(
    client, rahasia, role, boleh, admin_user, operator_a, operator_b, evaluator, pimpinan
):
    users = {
        "admin": admin_user,
        "operator_a": operator_a,
        "operator_b": operator_b,
        "evaluator": evaluator,
        "evaluator_lain": PenggunaFactory(username="eval.lain", peran="evaluator"),
        "pimpinan": pimpinan,
    }
    client.force_login(users[role])
    dokumen = rahasia.versi.dokumen
    urls = [
        reverse("evaluasi:dokumen", kwargs={"pk": dokumen.pk}),
        reverse("evaluasi:dokumen_versi_unduh", kwargs={"pk": rahasia.versi_id}),
        reverse("evaluasi:bukti_unduh", kwargs={"pk": rahasia.pk}),
    ]

    codes = [client.get(url).status_code for url in urls]
    listed = "Audit keamanan" in client.get(reverse("evaluasi:pustaka")).content.decode()

    assert codes == ([200] * 3 if boleh else [404] * 3)
    assert listed is boleh


def test_a_confidential_document_never_reaches_the_public_page(client, rahasia):
    assert "Audit keamanan" not in client.get(reverse("publik")).content.decode()
    assert "audit keamanan" not in client.get(reverse("publik")).content.decode()


def test_pimpinan_still_opens_a_document_that_is_not_confidential(
    client, penilaian_a, operator_a, pimpinan
):
    bukti = _upload(penilaian_a, operator_a, 1)
    client.force_login(pimpinan)

    assert client.get(reverse("evaluasi:bukti_unduh", kwargs={"pk": bukti.pk})).status_code == 200


# --- Freshness ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("tanggal", "sampai", "bulan", "harapan"),
    [
        (date(2026, 1, 31), None, 12, Kesegaran.BERLAKU),
        (date(2025, 6, 29), None, 12, Kesegaran.USANG),  # 30 Jun 2026 is past 29 Jun 2026
        (date(2025, 6, 30), None, 12, Kesegaran.BERLAKU),  # exactly 12 months: still allowed
        (None, None, 12, Kesegaran.TANPA_TANGGAL),
        (None, None, None, Kesegaran.BERLAKU),
        (date(2026, 1, 1), date(2026, 6, 29), None, Kesegaran.KEDALUWARSA),
        (date(2026, 1, 1), date(2026, 7, 30), None, Kesegaran.SEGERA_BERAKHIR),
        (date(2026, 1, 1), date(2026, 7, 31), None, Kesegaran.BERLAKU),
    ],
)
def test_freshness_against_the_filling_deadline(tanggal, sampai, bulan, harapan):
    acuan = date(2026, 6, 30)
    tanda = aturan.kesegaran(
        tanggal=tanggal, berlaku_sampai=sampai, acuan=acuan, kedaluwarsa_bulan=bulan
    )
    assert tanda.kesegaran is harapan


def test_months_are_added_on_the_last_day_of_a_shorter_month():
    assert aturan.tambah_bulan(date(2025, 1, 31), 1) == date(2025, 2, 28)
    assert aturan.tambah_bulan(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert aturan.tambah_bulan(date(2025, 11, 15), 14) == date(2027, 1, 15)


def test_an_item_with_a_freshness_rule_flags_an_old_document_for_operator_and_evaluator(
    client, periode_pemdi, opd_a, operator_a
):
    penilaian = periode_pemdi.penilaian.get(opd=opd_a)
    butir = Butir.objects.filter(indikator__instrumen=periode_pemdi.instrumen).first()
    Butir.objects.filter(pk=butir.pk).update(kedaluwarsa_bulan=12)
    bukti = _upload(penilaian, operator_a, butir.indikator.nomor, butir=butir)
    dokumen_services.dokumen_ubah(
        dokumen=bukti.versi.dokumen,
        user=operator_a,
        tanggal=periode_pemdi.batas_pengisian - timedelta(days=800),
    )
    client.force_login(operator_a)

    page = client.get(
        reverse("evaluasi:jawaban", kwargs={"pk": penilaian.pk, "nomor": butir.indikator.nomor})
    ).content.decode()
    assert "terlalu lama" in page and "lebih tua dari 12 bulan" in page

    # The evaluator's review page reads the items through the same selector.
    halaman = penilaian_selectors.butir_halaman(
        penilaian, butir.indikator, bukti.jawaban, lihat_putusan=True
    )
    files = [f for blok in halaman["butir_level"] for r in blok["butir"] for f in r["bukti"]]
    assert [f.tanda.kesegaran for f in files] == [Kesegaran.USANG]


def open_pdf():
    """A PDF upload for the library form."""
    from contextlib import nullcontext

    from django.core.files.uploadedfile import SimpleUploadedFile

    return nullcontext(SimpleUploadedFile("sk.pdf", PERBUP, content_type="application/pdf"))


def test_a_pengampu_links_a_library_document_to_an_instansi_item_and_not_anothers(
    client, periode, opd_a, opd_b, operator_a, operator_b, admin_user
):
    butir = Butir.objects.create(
        indikator=periode.instrumen.indikator.get(nomor=1), level=1, nomor=1, teks="Perbup"
    )
    instansi_services.penilaian_instansi_buat(periode=periode)
    instansi_services.pengampu_atur(
        periode=periode,
        indikator=butir.indikator,
        butir=None,
        opd_ids={opd_a.pk},
        user=admin_user,
    )
    milik = dokumen_services.dokumen_buat(
        opd_id=opd_a.pk, user=operator_a, data=PERBUP, nama="perbup.pdf", judul="Perbup SPBE"
    )
    asing = dokumen_services.dokumen_buat(
        opd_id=opd_b.pk, user=operator_b, data=PERBUP, nama="perbup-b.pdf"
    )
    url = reverse("evaluasi:instansi_butir", kwargs={"pk": periode.pk, "butir_pk": butir.pk})
    client.force_login(operator_a)

    assert client.post(url, {"aksi": "tautkan", "dokumen": asing.pk}).status_code == 404
    assert not BerkasInstansi.objects.exists()
    client.post(url, {"aksi": "tautkan", "dokumen": milik.pk})

    row = BerkasInstansi.objects.get()
    assert (row.isian.opd_id, row.versi.dokumen_id) == (opd_a.pk, milik.pk)
    assert "perbup.pdf" in client.get(url).content.decode()
