"""Nothing final before publication, anywhere: the evaluator's verdict (final levels, method,
notes, recommendations, evidence validation, final index, berita acara) stays out of every
surface an operator or pimpinan reads until the period is published; revision requests do not."""

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfReader

from evaluasi.laporan import permintaan
from evaluasi.models import Jawaban, LaporanJob, Periode, StatusLaporan, StatusPeriode
from evaluasi.penilaian import services as penilaian_services
from evaluasi.verifikasi import services as verifikasi_services
from tests.conftest import PDF_BYTES
from tests.evaluasi.test_scoring import PASER
from tests.evaluasi.test_verifikasi import _fill_and_submit

pytestmark = pytest.mark.django_db

CATATAN = "CATATAN-RAHASIA-EVALUATOR"
REKOMENDASI = "REKOMENDASI-RAHASIA-EVALUATOR"
ALASAN_TIDAK_VALID = "ALASAN-RAHASIA-BUKTI"
PERBAIKAN = "PERBAIKAN-UNTUK-OPERATOR"
INDEKS_FINAL = "2,13"  # the Paser levels; the operator's own answers give 2,00
SECRETS = (CATATAN, REKOMENDASI, ALASAN_TIDAK_VALID, INDEKS_FINAL, "Level final", "Berita acara")


def _review(penilaian, evaluator, nomor, level, **extra):
    ind = penilaian.periode.instrumen.indikator.get(nomor=nomor)
    jawaban = Jawaban.objects.filter(penilaian=penilaian, indikator=ind).first()
    verifikasi_services.reviu_save(
        penilaian=penilaian,
        indikator=ind,
        user=evaluator,
        level_final=level,
        metode=extra.get("metode", "dokumen"),
        catatan=extra.get("catatan", ""),
        rekomendasi=extra.get("rekomendasi", ""),
        versi_reviu=jawaban.versi_reviu if jawaban else 0,
    )


@pytest.fixture
def diperbaiki(penilaian_a, operator_a, evaluator, admin_user, django_capture_on_commit_callbacks):
    """Verification under way: every final level set, a note, a recommendation and an invalid
    file on indicator 1, and indicator 2 sent back to the operator with a note."""
    verifikasi_services.penugasan_add(
        periode=penilaian_a.periode, evaluator=evaluator, opds=[penilaian_a.opd], user=admin_user
    )
    ind1 = penilaian_a.periode.instrumen.indikator.get(nomor=1)
    bukti = penilaian_services.bukti_upload(
        penilaian=penilaian_a, indikator=ind1, user=operator_a, data=PDF_BYTES, nama="SK.pdf"
    )
    _fill_and_submit(penilaian_a, operator_a, {})
    for nomor, level in enumerate(PASER, start=1):
        extra = {"catatan": CATATAN, "rekomendasi": REKOMENDASI, "metode": "interviu"}
        _review(penilaian_a, evaluator, nomor, level, **(extra if nomor == 1 else {}))
    verifikasi_services.bukti_validate(
        bukti=bukti, user=evaluator, valid=False, alasan=ALASAN_TIDAK_VALID
    )
    with django_capture_on_commit_callbacks(execute=True):  # the e-mail goes on commit
        verifikasi_services.perbaikan_request(
            penilaian=penilaian_a,
            user=evaluator,
            indikator=[penilaian_a.periode.instrumen.indikator.get(nomor=2)],
            catatan=PERBAIKAN,
        )
    penilaian_a.refresh_from_db()
    return penilaian_a


@pytest.fixture
def final_belum_terbit(diperbaiki, operator_a, evaluator):
    penilaian_services.penilaian_submit(penilaian=diperbaiki, user=operator_a)
    verifikasi_services.reviu_finalize(penilaian=diperbaiki, user=evaluator)
    diperbaiki.refresh_from_db()
    assert str(diperbaiki.indeks_final) == "2.13"
    return diperbaiki


def _pages(penilaian):
    return [
        reverse("evaluasi:penilaian_riwayat", kwargs={"pk": penilaian.pk}),
        reverse("evaluasi:jawaban", kwargs={"pk": penilaian.pk, "nomor": 1}),
        reverse("evaluasi:jawaban", kwargs={"pk": penilaian.pk, "nomor": 2}),
        reverse("evaluasi:penilaian_detail", kwargs={"pk": penilaian.pk}),
    ]


def _assert_hidden(text: str, where: str):
    # Chart coordinates ("132,13…") are numbers too; the charts are checked by their ids.
    text = re.sub(r"<svg.*?</svg>", "", text, flags=re.S)
    assert 'id="indeks-final"' not in text, where
    for secret in SECRETS:
        assert secret not in text, f"{secret!r} shown in {where}"


@pytest.mark.parametrize("role", ["operator", "pimpinan"])
def test_the_verdict_in_progress_is_hidden(client, personas, diperbaiki, role):
    client.force_login(personas[role])

    for url in _pages(diperbaiki):
        response = client.get(url)
        assert response.status_code == 200, url
        _assert_hidden(response.content.decode(), url)


def test_the_operator_still_sees_the_revision_request(client, operator_a, diperbaiki):
    client.force_login(operator_a)

    timeline = client.get(reverse("evaluasi:penilaian_riwayat", kwargs={"pk": diperbaiki.pk}))
    page = client.get(reverse("evaluasi:jawaban", kwargs={"pk": diperbaiki.pk, "nomor": 2}))

    assert PERBAIKAN in timeline.content.decode()
    assert PERBAIKAN in page.content.decode()
    assert "Perlu perbaikan" in timeline.content.decode()  # status names, not codes


def test_the_htmx_save_fragment_does_not_carry_the_verdict(client, operator_a, diperbaiki):
    client.force_login(operator_a)
    jawaban = diperbaiki.jawaban.get(indikator__nomor=2)

    response = client.post(
        reverse("evaluasi:jawaban", kwargs={"pk": diperbaiki.pk, "nomor": 2}),
        {"level": 3, "penjelasan": "Diperbaiki.", "tautan": "", "versi": jawaban.versi},
        headers={"HX-Request": "true"},
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="riwayat"' in html  # the history panel came along (out-of-band swap)
    _assert_hidden(html, "htmx fragment")


def test_the_revision_email_carries_only_the_request(mailoutbox, diperbaiki):
    body = "\n".join(m.body for m in mailoutbox)

    assert PERBAIKAN in body
    _assert_hidden(body, "e-mail")


@pytest.mark.parametrize("role", ["operator", "pimpinan"])
def test_a_final_result_stays_hidden_until_publication(client, personas, final_belum_terbit, role):
    client.force_login(personas[role])

    for url in _pages(final_belum_terbit):
        _assert_hidden(client.get(url).content.decode(), url)
    receipt = client.get(
        reverse("evaluasi:penilaian_tanda_terima", kwargs={"pk": final_belum_terbit.pk})
    )
    assert receipt.status_code == 200
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(receipt.content)).pages)
    _assert_hidden(text, "receipt PDF")
    daftar = client.get(reverse("evaluasi:laporan_daftar"))
    assert daftar.status_code == 200
    _assert_hidden(daftar.content.decode(), "laporan_daftar")
    # The recap workbook carries every final figure: not even queued before publication.
    rekap = reverse("evaluasi:rekap_xlsx", kwargs={"pk": final_belum_terbit.periode_id})
    assert client.post(rekap).status_code == 403
    assert not LaporanJob.objects.filter(periode=final_belum_terbit.periode).exists()
    requested = client.post(
        reverse("evaluasi:laporan_minta_opd", kwargs={"pk": final_belum_terbit.pk})
    )
    assert requested.status_code == 403


def test_the_operators_result_page_before_publication(
    client, operator_a, admin_user, final_belum_terbit
):
    # A report the admin already made is not offered (its download would answer 403).
    job = permintaan.laporan_request(
        jenis="opd",
        periode=final_belum_terbit.periode,
        penilaian=final_belum_terbit,
        user=admin_user,
    )
    LaporanJob.objects.filter(pk=job.pk).update(
        status=StatusLaporan.SELESAI, path="laporan/x.pdf", nama_berkas="x.pdf"
    )
    client.force_login(operator_a)

    response = client.get(reverse("evaluasi:hasil", kwargs={"pk": final_belum_terbit.pk}))

    assert response.status_code == 200
    html = response.content.decode()
    _assert_hidden(html, "hasil")
    assert 'id="unduh-laporan-opd"' not in html
    assert reverse("evaluasi:laporan_minta_opd", kwargs={"pk": final_belum_terbit.pk}) not in html


def _timeline(client, penilaian) -> str:
    """Every page of the paginated history, joined."""
    url = reverse("evaluasi:penilaian_riwayat", kwargs={"pk": penilaian.pk})
    response = client.get(url)
    pages = [response.content.decode()]
    for n in range(2, response.context["page"].paginator.num_pages + 1):
        pages.append(client.get(url, {"halaman": n}).content.decode())
    return "\n".join(pages)


@pytest.mark.parametrize("role", ["operator", "pimpinan"])
def test_after_publication_the_verdict_is_shown(client, personas, final_belum_terbit, role):
    Periode.objects.filter(pk=final_belum_terbit.periode_id).update(
        status=StatusPeriode.DIPUBLIKASI
    )
    client.force_login(personas[role])

    timeline = _timeline(client, final_belum_terbit)
    page = client.get(
        reverse("evaluasi:jawaban", kwargs={"pk": final_belum_terbit.pk, "nomor": 1})
    ).content.decode()

    assert INDEKS_FINAL in timeline and "Berita acara" in timeline and CATATAN in timeline
    assert CATATAN in page and REKOMENDASI in page and "Level final" in page


def test_admin_and_evaluator_see_the_verdict_while_it_is_produced(
    client, admin_user, evaluator, diperbaiki
):
    for user in (admin_user, evaluator):
        client.force_login(user)
        html = _timeline(client, diperbaiki)
        assert CATATAN in html and ALASAN_TIDAK_VALID in html


def test_the_pimpinan_trend_shows_each_year_by_its_own_publication(
    client, pimpinan, final_belum_terbit, instrumen, opd_a
):
    # An older, published period: choosing it must not reveal this year's final average.
    older = Periode.objects.create(
        nama="Evaluasi 2020",
        tahun=2020,
        instrumen=instrumen,
        mulai_pengisian="2020-01-01",
        batas_pengisian="2020-11-30",
        batas_verifikasi="2020-12-20",
        tahun_tpp=2021,
        status=StatusPeriode.DIPUBLIKASI,
    )
    client.force_login(pimpinan)

    response = client.get(reverse("evaluasi:dashboard"), {"periode": older.pk})

    assert response.status_code == 200
    assert "2,13" not in response.content.decode()


def test_evidence_upload_page_does_not_show_validation_before_publication(
    client, operator_a, diperbaiki
):
    # The upload form re-renders the indicator page; the file list must not say "tidak valid".
    client.force_login(operator_a)
    upload = SimpleUploadedFile("Notulen.pdf", PDF_BYTES + b"%x", content_type="application/pdf")

    response = client.post(
        reverse("evaluasi:bukti_unggah", kwargs={"pk": diperbaiki.pk, "nomor": 2}),
        {"berkas": upload},
        follow=True,
    )

    _assert_hidden(response.content.decode(), "upload redirect")


def test_an_invalid_file_is_flagged_to_the_operator_once_its_indicator_is_sent_back(
    client, operator_a, diperbaiki
):
    from evaluasi.models import Jawaban

    client.force_login(operator_a)
    url = reverse("evaluasi:jawaban", kwargs={"pk": diperbaiki.pk, "nomor": 1})
    assert "bukti-tidak-valid" not in client.get(url).content.decode()  # still hidden

    Jawaban.objects.filter(penilaian=diperbaiki, indikator__nomor=1).update(perlu_perbaikan=True)
    html = client.get(url).content.decode()

    assert "bukti-tidak-valid" in html and ALASAN_TIDAK_VALID in html
