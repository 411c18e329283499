"""Verification: assignment scope, reviews, conflicts, revision loop, finalize, reopen, publish."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from evaluasi.galat import Terkunci
from evaluasi.models import (
    BeritaAcara,
    Jawaban,
    JenisRiwayat,
    Penilaian,
    Penugasan,
    Periode,
    Riwayat,
    StatusPenilaian,
    StatusPeriode,
)
from evaluasi.penilaian import services as penilaian_services
from evaluasi.verifikasi import services as verifikasi_services
from tests.conftest import PDF_BYTES
from tests.factories import OpdFactory, PenggunaFactory

pytestmark = pytest.mark.django_db


def _fill_and_submit(penilaian, user, levels: dict[int, int]):
    for ind in penilaian.periode.instrumen.indikator.all():
        penilaian_services.jawaban_save(
            penilaian=penilaian,
            indikator=ind,
            user=user,
            level=levels.get(ind.nomor, 2),
            penjelasan=f"Penjelasan {ind.nomor}.",
            tautan=[],
            versi=0,
        )
    penilaian_services.penilaian_submit(penilaian=penilaian, user=user)
    penilaian.refresh_from_db()
    return penilaian


@pytest.fixture
def ditugaskan(periode, opd_a, evaluator, admin_user):
    verifikasi_services.penugasan_add(
        periode=periode, evaluator=evaluator, opds=[opd_a], user=admin_user
    )
    return evaluator


@pytest.fixture
def diajukan(penilaian_a, operator_a):
    return _fill_and_submit(penilaian_a, operator_a, {})


def _reviu_url(penilaian, nomor=1):
    return reverse("evaluasi:reviu", kwargs={"pk": penilaian.pk, "nomor": nomor})


def _reviu(level=3, metode="dokumen", versi=0, **extra):
    return {
        "level_final": level,
        "metode": metode,
        "catatan": "",
        "rekomendasi": "",
        "versi_reviu": versi,
        **extra,
    }


# --- Assignment and scope -------------------------------------------------------------------


def test_unassigned_evaluator_gets_404_on_every_review_url(client, evaluator, bukti_a, diajukan):
    client.force_login(evaluator)
    pk = diajukan.pk
    urls = [
        ("get", reverse("evaluasi:penilaian_detail", kwargs={"pk": pk})),
        ("get", _reviu_url(diajukan)),
        ("post", _reviu_url(diajukan)),
        ("get", reverse("evaluasi:perbaikan", kwargs={"pk": pk})),
        ("post", reverse("evaluasi:perbaikan", kwargs={"pk": pk})),
        ("post", reverse("evaluasi:finalkan", kwargs={"pk": pk})),
        ("get", reverse("evaluasi:penilaian_riwayat", kwargs={"pk": pk})),
        ("get", reverse("evaluasi:bukti_unduh", kwargs={"pk": bukti_a.pk})),
        ("post", reverse("evaluasi:bukti_validasi", kwargs={"pk": bukti_a.pk})),
    ]

    statuses = [getattr(client, method)(url).status_code for method, url in urls]

    assert statuses == [404] * len(urls)


def test_assigned_evaluator_sees_only_assigned_opds_in_the_queue(
    client, ditugaskan, diajukan, penilaian_b, operator_b
):
    _fill_and_submit(penilaian_b, operator_b, {})
    client.force_login(ditugaskan)

    response = client.get(reverse("evaluasi:beranda"))

    rows = response.context["antrian"]
    assert [r["penilaian"] for r in rows] == [diajukan]
    assert rows[0]["menunggu"] == 0
    assert (
        client.get(reverse("evaluasi:penilaian_detail", kwargs={"pk": penilaian_b.pk})).status_code
        == 404
    )


def test_queue_filters_by_status_and_name(client, ditugaskan, diajukan):
    client.force_login(ditugaskan)

    by_status = client.get(reverse("evaluasi:beranda"), {"status": "final"}).context["antrian"]
    by_name = client.get(reverse("evaluasi:beranda"), {"q": "kominfo"}).context["antrian"]

    assert by_status == [] and [r["penilaian"] for r in by_name] == [diajukan]


def test_bulk_assignment_and_copy_from_last_year(client, admin_user, periode, evaluator, instrumen):
    extra = OpdFactory.create_batch(2)
    client.force_login(admin_user)
    url = reverse("evaluasi:penugasan", kwargs={"pk": periode.pk})

    client.post(url, {"aksi": "tambah", "evaluator": evaluator.pk, "opd": [o.pk for o in extra]})
    assert Penugasan.objects.filter(periode=periode, evaluator=evaluator).count() == 2

    tahun_depan = Periode.objects.create(
        nama="Evaluasi berikutnya",
        tahun=periode.tahun + 1,
        instrumen=instrumen,
        mulai_pengisian=periode.mulai_pengisian,
        batas_pengisian=periode.batas_pengisian,
        batas_verifikasi=periode.batas_verifikasi,
        tahun_tpp=periode.tahun + 2,
    )
    client.post(reverse("evaluasi:penugasan", kwargs={"pk": tahun_depan.pk}), {"aksi": "salin"})
    assert set(tahun_depan.penugasan.values_list("opd_id", flat=True)) == {o.pk for o in extra}


# --- Reviews --------------------------------------------------------------------------------


def test_operator_can_never_write_final_levels(client, operator_a, bukti_a, diajukan):
    client.force_login(operator_a)

    r1 = client.post(_reviu_url(diajukan), _reviu(level=5))
    r2 = client.post(
        reverse("evaluasi:jawaban", kwargs={"pk": diajukan.pk, "nomor": 1}),
        {
            "level": 5,
            "penjelasan": "x",
            "tautan": "",
            "versi": 1,
            "level_final": 5,
            "metode": "visitasi",
        },
    )
    r3 = client.post(reverse("evaluasi:bukti_validasi", kwargs={"pk": bukti_a.pk}), {"valid": "1"})

    assert (r1.status_code, r2.status_code, r3.status_code) == (403, 403, 403)
    assert not Jawaban.objects.filter(penilaian=diajukan, level_final__isnull=False).exists()


def test_evaluator_review_starts_verification_and_records_history(client, ditugaskan, diajukan):
    client.force_login(ditugaskan)

    response = client.post(
        _reviu_url(diajukan),
        _reviu(level=1, catatan="Draf belum ditetapkan.", rekomendasi="Tetapkan Perkada."),
        HTTP_HX_REQUEST="true",
    )

    assert response.status_code == 200 and "Tersimpan pukul" in response.content.decode()
    jawaban = Jawaban.objects.get(penilaian=diajukan, indikator__nomor=1)
    assert (jawaban.level_final, jawaban.metode, jawaban.rekomendasi) == (
        1,
        "dokumen",
        "Tetapkan Perkada.",
    )
    assert Penilaian.objects.get(pk=diajukan.pk).status == StatusPenilaian.DIVERIFIKASI
    kinds = set(
        Riwayat.objects.filter(penilaian=diajukan, indikator__nomor=1).values_list(
            "jenis", flat=True
        )
    )
    assert {"level_final", "metode", "catatan_evaluator", "rekomendasi"} <= kinds
    timeline = client.get(
        reverse("evaluasi:penilaian_riwayat", kwargs={"pk": diajukan.pk})
    ).content.decode()
    assert "Level final" in timeline and "Tetapkan Perkada." in timeline


def test_no_lost_update_between_two_evaluators(client, ditugaskan, diajukan, opd_a, admin_user):
    other = PenggunaFactory(peran="evaluator", opd=None, nama="Evaluator Kedua")
    verifikasi_services.penugasan_add(
        periode=diajukan.periode, evaluator=other, opds=[opd_a], user=admin_user
    )
    client.force_login(other)
    client.post(_reviu_url(diajukan), _reviu(level=4, catatan="Versi kedua."))
    client.force_login(ditugaskan)

    response = client.post(
        _reviu_url(diajukan), _reviu(level=2, catatan="Versi pertama."), HTTP_HX_REQUEST="true"
    )

    html = response.content.decode()
    assert response.status_code == 409 and "Evaluator Kedua" in html and "Versi kedua." in html
    assert Jawaban.objects.get(penilaian=diajukan, indikator__nomor=1).level_final == 4


def test_evidence_validation_needs_a_reason_when_invalid(client, ditugaskan, bukti_a, diajukan):
    client.force_login(ditugaskan)
    url = reverse("evaluasi:bukti_validasi", kwargs={"pk": bukti_a.pk})

    client.post(url, {"valid": "0", "alasan": ""})
    bukti_a.refresh_from_db()
    assert bukti_a.valid is None

    client.post(url, {"valid": "0", "alasan": "SK belum ditandatangani"})
    bukti_a.refresh_from_db()
    assert (bukti_a.valid, bukti_a.alasan_tidak_valid, bukti_a.diperiksa_oleh) == (
        False,
        "SK belum ditandatangani",
        ditugaskan,
    )
    assert Riwayat.objects.filter(
        jenis=JenisRiwayat.VALIDASI, sesudah__contains="tidak valid"
    ).exists()


# --- Revision loop --------------------------------------------------------------------------


def test_revision_loop(
    client, ditugaskan, diajukan, operator_a, mailoutbox, django_capture_on_commit_callbacks
):
    ind3 = diajukan.periode.instrumen.indikator.get(nomor=3)
    client.force_login(ditugaskan)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("evaluasi:perbaikan", kwargs={"pk": diajukan.pk}),
            {"indikator": [ind3.pk], "catatan": "Lampirkan Perkada yang sudah ditandatangani."},
        )
    diajukan.refresh_from_db()
    assert diajukan.status == StatusPenilaian.PERLU_PERBAIKAN
    assert [m.to for m in mailoutbox] == [[operator_a.email]]

    client.force_login(operator_a)
    # Only the indicators sent back may change.
    other = client.post(
        reverse("evaluasi:jawaban", kwargs={"pk": diajukan.pk, "nomor": 1}),
        {"level": 5, "penjelasan": "x", "tautan": "", "versi": 1},
    )
    assert (
        other.status_code == 403
        and "Hanya indikator yang diminta diperbaiki" in other.content.decode()
    )
    fixed = client.post(
        reverse("evaluasi:jawaban", kwargs={"pk": diajukan.pk, "nomor": 3}),
        {"level": 3, "penjelasan": "Perkada sudah ditetapkan.", "tautan": "", "versi": 1},
    )
    assert fixed.status_code == 302
    client.post(
        reverse("evaluasi:bukti_unggah", kwargs={"pk": diajukan.pk, "nomor": 3}),
        {"berkas": SimpleUploadedFile("perkada.pdf", PDF_BYTES + b"%3")},
    )
    client.post(
        reverse("evaluasi:penilaian_ajukan", kwargs={"pk": diajukan.pk}), {"konfirmasi": "ya"}
    )
    diajukan.refresh_from_db()
    assert diajukan.status == StatusPenilaian.DIAJUKAN

    client.force_login(ditugaskan)
    page = client.get(_reviu_url(diajukan, 3))
    jawaban = page.context["jawaban"]
    assert jawaban.jumlah_perbaikan == 1 and jawaban.level_sebelum_perbaikan == 2
    assert page.context["berubah"]["level"] and page.context["berubah"]["penjelasan"]
    assert [b.nama_asli for b in page.context["berubah"]["bukti_baru"]] == ["perkada.pdf"]
    assert "diperbaiki 1×" in page.content.decode()


def test_revision_after_the_verification_deadline_is_refused(ditugaskan, diajukan, operator_a):
    from datetime import timedelta

    from django.utils import timezone

    ind = diajukan.periode.instrumen.indikator.get(nomor=1)
    verifikasi_services.perbaikan_request(
        penilaian=diajukan, user=ditugaskan, indikator=[ind], catatan="Perbaiki."
    )
    Periode.objects.filter(pk=diajukan.periode_id).update(
        batas_verifikasi=timezone.localdate() - timedelta(days=1),
        batas_pengisian=timezone.localdate() - timedelta(days=2),
    )
    diajukan.refresh_from_db()

    with pytest.raises(Terkunci, match="Batas waktu perbaikan"):
        penilaian_services.jawaban_save(
            penilaian=diajukan,
            indikator=ind,
            user=operator_a,
            level=3,
            penjelasan="x",
            tautan=[],
            versi=1,
        )


# --- Finalize, reopen, publish --------------------------------------------------------------


def test_finalize_is_refused_while_incomplete(client, ditugaskan, diajukan):
    client.force_login(ditugaskan)
    client.post(_reviu_url(diajukan), _reviu(level=3))

    response = client.post(
        reverse("evaluasi:finalkan", kwargs={"pk": diajukan.pk}), {"konfirmasi": "ya"}, follow=True
    )

    assert "Belum dapat difinalkan: indikator 2, 3" in response.content.decode()
    assert Penilaian.objects.get(pk=diajukan.pk).status == StatusPenilaian.DIVERIFIKASI
    assert not BeritaAcara.objects.exists()


def _review_all(penilaian, evaluator, levels):
    for ind in penilaian.periode.instrumen.indikator.all():
        verifikasi_services.reviu_save(
            penilaian=penilaian,
            indikator=ind,
            user=evaluator,
            level_final=levels[ind.nomor],
            metode="dokumen",
            catatan="",
            rekomendasi="",
            versi_reviu=0,
        )


def test_finalize_freezes_the_index_matching_hitung_indeks_and_writes_minutes(
    client, ditugaskan, diajukan, capsys
):
    from tests.evaluasi.test_scoring import PASER

    _review_all(diajukan, ditugaskan, dict(enumerate(PASER, start=1)))
    client.force_login(ditugaskan)

    client.post(reverse("evaluasi:finalkan", kwargs={"pk": diajukan.pk}), {"konfirmasi": "ya"})

    diajukan.refresh_from_db()
    call_command("hitung_indeks", "--levels", ",".join(map(str, PASER)))
    expected = json.loads(capsys.readouterr().out)
    assert diajukan.status == StatusPenilaian.FINAL
    assert (
        (f"{diajukan.indeks_final:.2f}", diajukan.predikat_final)
        == (expected["indeks"], expected["predikat"])
        == ("2.13", "Cukup")
    )
    ba = BeritaAcara.objects.get(penilaian=diajukan)
    assert (ba.jenis, ba.oleh, ba.indeks_final, ba.indeks_mandiri) == (
        "final",
        ditugaskan,
        diajukan.indeks_final,
        diajukan.indeks_mandiri,
    )
    # Frozen: the evaluator can no longer change anything.
    assert client.post(_reviu_url(diajukan), _reviu(level=5, versi=1)).status_code == 403


def test_admin_reopens_with_a_recorded_reason(client, admin_user, ditugaskan, diajukan):
    _review_all(diajukan, ditugaskan, dict.fromkeys(range(1, 48), 3))
    verifikasi_services.reviu_finalize(penilaian=diajukan, user=ditugaskan)
    client.force_login(admin_user)

    refused = client.post(
        reverse("evaluasi:buka_kembali", kwargs={"pk": diajukan.pk}), {"alasan": ""}
    )
    assert "Tuliskan alasannya." in refused.content.decode()
    client.post(
        reverse("evaluasi:buka_kembali", kwargs={"pk": diajukan.pk}),
        {"alasan": "Salah input indikator 36."},
    )

    diajukan.refresh_from_db()
    assert diajukan.status == StatusPenilaian.DIVERIFIKASI
    assert BeritaAcara.objects.filter(
        penilaian=diajukan, jenis="dibuka", alasan="Salah input indikator 36."
    ).exists()


def test_final_results_reach_operator_and_pimpinan_only_after_publication(
    client, ditugaskan, diajukan, operator_a, pimpinan
):
    _review_all(diajukan, ditugaskan, dict.fromkeys(range(1, 48), 4))
    verifikasi_services.reviu_finalize(penilaian=diajukan, user=ditugaskan)
    detail = reverse("evaluasi:penilaian_detail", kwargs={"pk": diajukan.pk})
    jawaban = reverse("evaluasi:jawaban", kwargs={"pk": diajukan.pk, "nomor": 1})

    for user in (operator_a, pimpinan):
        client.force_login(user)
        assert 'id="hasil-final"' not in client.get(detail).content.decode()
        assert 'id="hasil-verifikasi"' not in client.get(jawaban).content.decode()

    Periode.objects.filter(pk=diajukan.periode_id).update(status=StatusPeriode.DIPUBLIKASI)

    for user in (operator_a, pimpinan):
        client.force_login(user)
        html = client.get(detail).content.decode()
        assert 'id="hasil-final"' in html and 'id="indeks-final">4,00<' in html
        assert "nilai final 4" in client.get(jawaban).content.decode()


def _queries(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_queue_query_count_is_flat_in_the_number_of_opds(client, ditugaskan, periode, admin_user):
    client.force_login(ditugaskan)
    small = _queries(client, reverse("evaluasi:beranda"))

    opds = OpdFactory.create_batch(12)
    penilaian_services.penilaian_create_all(periode=periode)
    verifikasi_services.penugasan_add(
        periode=periode, evaluator=ditugaskan, opds=opds, user=admin_user
    )

    assert len(client.get(reverse("evaluasi:beranda")).context["antrian"]) == 13
    assert _queries(client, reverse("evaluasi:beranda")) == small


def test_review_page_query_count_is_flat_in_the_number_of_files(
    client, ditugaskan, penilaian_a, operator_a
):
    ind = penilaian_a.periode.instrumen.indikator.get(nomor=1)
    upload = {"penilaian": penilaian_a, "indikator": ind, "user": operator_a}
    penilaian_services.bukti_upload(**upload, data=PDF_BYTES, nama="a.pdf")
    _fill_and_submit(penilaian_a, operator_a, {})
    client.force_login(ditugaskan)
    small = _queries(client, _reviu_url(penilaian_a))

    Penilaian.objects.filter(pk=penilaian_a.pk).update(status=StatusPenilaian.DRAFT)
    for i in range(6):
        penilaian_services.bukti_upload(
            **upload, data=PDF_BYTES + str(i).encode(), nama=f"b{i}.pdf"
        )
    Penilaian.objects.filter(pk=penilaian_a.pk).update(status=StatusPenilaian.DIAJUKAN)

    assert _queries(client, _reviu_url(penilaian_a)) == small


# --- Fast review grid (issue [3/9] item 5) ---------------------------------------------------


def _grid(penilaian):
    return reverse("evaluasi:reviu_grid", kwargs={"pk": penilaian.pk})


def _baris(penilaian, nomor):
    return reverse("evaluasi:reviu_baris", kwargs={"pk": penilaian.pk, "nomor": nomor})


def test_grid_shows_every_indicator_and_saves_a_row_through_htmx(client, ditugaskan, diajukan):
    client.force_login(ditugaskan)
    html = client.get(_grid(diajukan)).content.decode()
    assert html.count('class="list-group-item baris-reviu') == 47

    response = client.post(
        _baris(diajukan, 5),
        {"level_final": "2", "metode": "interviu", "catatan": "Cek SK.", "versi_reviu": "0"},
        headers={"HX-Request": "true"},
    )

    assert response.status_code == 200 and 'id="baris-5"' in response.content.decode()
    jawaban = Jawaban.objects.get(penilaian=diajukan, indikator__nomor=5)
    assert (jawaban.level_final, jawaban.metode, jawaban.catatan_evaluator) == (
        2,
        "interviu",
        "Cek SK.",
    )


def test_grid_row_with_a_stale_version_keeps_the_typed_row_and_changes_nothing(
    client, ditugaskan, diajukan
):
    client.force_login(ditugaskan)
    data = {"level_final": "3", "metode": "dokumen", "catatan": "A", "versi_reviu": "0"}
    client.post(_baris(diajukan, 1), data, headers={"HX-Request": "true"})

    stale = client.post(
        _baris(diajukan, 1),
        {**data, "catatan": "B", "level_final": "4"},
        headers={"HX-Request": "true"},
    )

    assert stale.status_code == 409
    assert 'value="B"' in stale.content.decode()
    assert Jawaban.objects.get(penilaian=diajukan, indikator__nomor=1).level_final == 3


def test_grid_refuses_other_evaluators_and_draft_penilaian(
    client, ditugaskan, evaluator, penilaian_a, penilaian_b, admin_user
):
    client.force_login(ditugaskan)
    data = {"level_final": "3", "metode": "dokumen", "catatan": "", "versi_reviu": "0"}
    # Not submitted yet: the row is refused and nothing is written.
    assert client.post(_baris(penilaian_a, 1), data).status_code == 403
    # Another OPD's penilaian: not theirs.
    assert client.get(_grid(penilaian_b)).status_code == 404
    assert client.post(_baris(penilaian_b, 1), data).status_code == 404
    assert not Jawaban.objects.filter(level_final__isnull=False).exists()


def test_grid_query_count_is_flat_in_the_number_of_indicators(
    client, ditugaskan, diajukan, django_assert_max_num_queries
):
    client.force_login(ditugaskan)
    client.get(_grid(diajukan))
    with django_assert_max_num_queries(14):
        client.get(_grid(diajukan))


def test_assign_an_evaluator_to_every_opd_still_without_one(
    client, admin_user, evaluator, periode, opd_a, opd_b
):
    from evaluasi.models import Penugasan

    other = PenggunaFactory(username="evaluator.lain", peran="evaluator")
    verifikasi_services.penugasan_add(
        periode=periode, evaluator=other, opds=[opd_a], user=admin_user
    )
    client.force_login(admin_user)
    url = reverse("evaluasi:penugasan", kwargs={"pk": periode.pk})

    # Nothing chosen at all: a clear message, nothing written.
    refused = client.post(url, {"aksi": "tambah", "evaluator": evaluator.pk})
    assert "Pilih satu atau lebih OPD" in refused.content.decode()
    client.post(url, {"aksi": "tambah", "evaluator": evaluator.pk, "tanpa_evaluator": "on"})

    assert set(Penugasan.objects.filter(evaluator=evaluator).values_list("opd", flat=True)) == {
        opd_b.pk
    }
