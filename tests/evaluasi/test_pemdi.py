"""A Pemdi period item by item (SPEC §11): uploads per butir, the claim the evidence supports,
verdicts per item giving fractional values, the override with a reason, external indicators,
the completeness rules of submit and finalise, per-item access, and the whole loop to
publication with the index checked against an exact computation."""

from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest
from django.urls import reverse
from django.utils import timezone

from evaluasi.galat import BelumLengkap, IsianTidakLengkap
from evaluasi.models import Butir, Indikator, Jawaban, ReviuButir, StatusPenilaian, StatusPeriode
from evaluasi.penilaian import services as penilaian_services
from evaluasi.verifikasi import services as verifikasi_services
from evaluasi.verifikasi.selectors import penilaian_belum_final
from tests.conftest import PDF_BYTES
from tests.evaluasi.test_views import _queries


@pytest.fixture
def pen_a(periode_pemdi, opd_a):
    return periode_pemdi.penilaian.get(opd=opd_a)


@pytest.fixture
def pen_b(periode_pemdi, opd_b):
    return periode_pemdi.penilaian.get(opd=opd_b)


@pytest.fixture
def tugas(periode_pemdi, opd_a, opd_b, evaluator, admin_user):
    verifikasi_services.penugasan_add(
        periode=periode_pemdi, evaluator=evaluator, opds=[opd_a, opd_b], user=admin_user
    )
    return evaluator


def ind(pen, nomor) -> Indikator:
    return pen.periode.instrumen.indikator.get(nomor=nomor)


def unggah(pen, user, indikator, butir, data=PDF_BYTES):
    return penilaian_services.bukti_upload(
        penilaian=pen, indikator=indikator, user=user, data=data, nama="bukti.pdf", butir=butir
    )


def utama(indikator, sampai: int) -> list[Butir]:
    return list(indikator.butir.filter(utama=True, level__lte=sampai).order_by("level", "nomor"))


def simpan(pen, user, indikator, level, **extra):
    jawaban = Jawaban.objects.filter(penilaian=pen, indikator=indikator).first()
    return penilaian_services.jawaban_save(
        penilaian=pen,
        indikator=indikator,
        user=user,
        level=level,
        penjelasan="Kondisi OPD dijelaskan.",
        tautan=[],
        versi=jawaban.versi if jawaban else 0,
        **extra,
    )


def isi_semua(pen, user, level=2):
    """Every indicator answered: evidence for the required items up to `level`, the claim;
    external ones a value, a date and a source document."""
    for indikator in pen.periode.instrumen.indikator.order_by("nomor"):
        if indikator.eksternal:
            unggah(pen, user, indikator, None, PDF_BYTES + f"%{indikator.nomor}".encode())
            simpan(pen, user, indikator, Decimal("2.75"), tanggal_eksternal=date(2027, 3, 1))
            continue
        for b in utama(indikator, level):
            unggah(pen, user, indikator, b)
        simpan(pen, user, indikator, level)


def ajukan(pen, user, level):
    """Filled (isi_semua) and submitted."""
    isi_semua(pen, user, level=level)
    penilaian_services.penilaian_submit(penilaian=pen, user=user)


def test_bundled_pemdi_has_codes_items_and_external_sources(instrumen_pemdi):
    i10 = instrumen_pemdi.indikator.get(nomor=10)
    assert (i10.kode, i10.kode_butir, i10.nama) == ("4.2", "I10", "Keamanan Pemerintah Digital")
    external = instrumen_pemdi.indikator.exclude(sumber_eksternal="").order_by("nomor")
    assert [(i.kode, i.pembina_eksternal) for i in external] == [
        ("3.1", "Bappenas"),
        ("3.2", "BIG"),
        ("3.3", "BPS"),
        ("6.4", "Bappenas"),
    ]
    assert not Butir.objects.filter(indikator__in=external).exists()
    for indikator in instrumen_pemdi.indikator.filter(sumber_eksternal=""):
        for level in range(1, 6):
            rows = indikator.butir.filter(level=level)
            assert 2 <= rows.count() <= 5, (indikator.nomor, level)
            assert rows.filter(utama=True).exists()
    first = Butir.objects.select_related("indikator").get(indikator=i10, level=2, nomor=3)
    assert first.kode == "I10-L2-03"
    assert instrumen_pemdi.kredit_parsial == "proporsi_utama"
    assert instrumen_pemdi.nama_level_ke(4) == "Terintegrasi dan Terukur"
    bands = [(p.nama, p.batas_bawah) for p in instrumen_pemdi.predikat.order_by("batas_bawah")]
    assert bands == [
        ("Kurang", Decimal("1.00")),
        ("Cukup", Decimal("1.50")),
        ("Baik", Decimal("2.50")),
        ("Sangat Baik", Decimal("3.50")),
        ("Memuaskan", Decimal("4.00")),
    ]


def test_items_are_specific_to_the_indicator(instrumen_pemdi):
    pdp = instrumen_pemdi.indikator.get(kode="3.4").butir.filter(level=2)
    insiden = instrumen_pemdi.indikator.get(kode="4.4").butir.filter(level=2)
    assert "data pribadi" in " ".join(b.teks.lower() for b in pdp)
    assert "insiden" in " ".join(b.teks.lower() for b in insiden)
    assert not set(pdp.values_list("teks", flat=True)) & set(insiden.values_list("teks", flat=True))


def test_new_periods_from_2026_default_to_pemdi(instrumen, instrumen_pemdi):
    from evaluasi.instrumen.selectors import instrumen_untuk_tahun

    instrumen.berlaku_mulai = 2021
    instrumen.save()
    assert instrumen_untuk_tahun(2025) == instrumen
    assert instrumen_untuk_tahun(2026) == instrumen_pemdi
    assert instrumen_untuk_tahun(2031) == instrumen_pemdi
    assert instrumen_untuk_tahun(2019) == instrumen  # before anything: the default


def test_claim_cannot_pass_the_evidence(pen_a, operator_a):
    i10 = ind(pen_a, 10)
    for b in utama(i10, 1):
        unggah(pen_a, operator_a, i10, b)
    with pytest.raises(IsianTidakLengkap, match="I10-L2-01"):
        simpan(pen_a, operator_a, i10, 2)
    assert not Jawaban.objects.filter(penilaian=pen_a, indikator=i10, level__isnull=False).exists()
    simpan(pen_a, operator_a, i10, 1)
    for b in utama(i10, 2):
        if b.level != 1:
            unggah(pen_a, operator_a, i10, b)
    simpan(pen_a, operator_a, i10, 2)
    assert Jawaban.objects.get(penilaian=pen_a, indikator=i10).level == 2


def test_removing_a_file_after_the_claim_blocks_submission(pen_a, operator_a):
    isi_semua(pen_a, operator_a, level=1)
    i1 = ind(pen_a, 1)
    bukti = pen_a.jawaban.get(indikator=i1).bukti.filter(butir__isnull=False).first()
    penilaian_services.bukti_remove(bukti=bukti, user=operator_a)
    with pytest.raises(BelumLengkap) as exc:
        penilaian_services.penilaian_submit(penilaian=pen_a, user=operator_a)
    assert exc.value.nomor == [1]


def test_external_indicator_needs_its_date_and_source_document(pen_a, operator_a):
    isi_semua(pen_a, operator_a, level=1)
    i5 = ind(pen_a, 5)
    simpan(pen_a, operator_a, i5, Decimal("2.75"), tanggal_eksternal=None)
    with pytest.raises(BelumLengkap) as exc:
        penilaian_services.penilaian_submit(penilaian=pen_a, user=operator_a)
    assert exc.value.nomor == [5]
    simpan(pen_a, operator_a, i5, Decimal("2.75"), tanggal_eksternal=date(2027, 3, 1))
    penilaian_services.penilaian_submit(penilaian=pen_a, user=operator_a)
    pen_a.refresh_from_db()
    assert pen_a.status == StatusPenilaian.DIAJUKAN


def test_same_file_may_serve_two_items_but_not_twice_one(pen_a, operator_a):
    from evaluasi.penilaian.berkas import BerkasDitolak

    i1 = ind(pen_a, 1)
    a, b = utama(i1, 1)[:2]
    unggah(pen_a, operator_a, i1, a)
    unggah(pen_a, operator_a, i1, b)
    with pytest.raises(BerkasDitolak, match=a.kode):
        unggah(pen_a, operator_a, i1, a)


def test_an_item_of_another_indicator_is_refused(pen_a, operator_a):
    from evaluasi.penilaian.berkas import BerkasDitolak

    other = utama(ind(pen_a, 2), 1)[0]
    with pytest.raises(BerkasDitolak):
        unggah(pen_a, operator_a, ind(pen_a, 1), other)


def test_upload_form_with_another_indicators_item_is_404(client, pen_a, operator_a):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(operator_a)
    other = utama(ind(pen_a, 2), 1)[0]
    url = reverse("evaluasi:bukti_unggah", kwargs={"pk": pen_a.pk, "nomor": 1})
    for value in (str(other.pk), "abc", "999999"):
        response = client.post(
            url, {"butir": value, "berkas": SimpleUploadedFile("a.pdf", PDF_BYTES)}
        )
        assert response.status_code == 404
    assert not pen_a.jawaban.filter(bukti__isnull=False).exists()


def test_another_opds_item_file_is_404(client, pen_a, pen_b, operator_a, operator_b):
    i1 = ind(pen_b, 1)
    bukti = unggah(pen_b, operator_b, i1, utama(i1, 1)[0])
    client.force_login(operator_a)
    assert client.get(reverse("evaluasi:bukti_unduh", kwargs={"pk": bukti.pk})).status_code == 404
    client.force_login(operator_b)
    assert client.get(reverse("evaluasi:bukti_unduh", kwargs={"pk": bukti.pk})).status_code == 200


def putuskan(pen, user, indikator, butir, putusan, **kw):
    return verifikasi_services.reviu_butir_save(
        penilaian=pen, indikator=indikator, butir=butir, user=user, putusan=putusan, **kw
    )


def test_verdicts_give_a_fractional_value_stored_to_four_places(pen_a, operator_a, tugas):
    ajukan(pen_a, operator_a, level=2)
    i10 = ind(pen_a, 10)  # aspect 4 (Keamanan), weight 4
    level1, level2 = utama(i10, 1), [b for b in utama(i10, 2) if b.level == 2]
    for b in level1:
        putuskan(pen_a, tugas, i10, b, "diterima")
    putuskan(pen_a, tugas, i10, level2[0], "diterima")
    for b in level2[1:]:
        putuskan(pen_a, tugas, i10, b, "revisi", alasan="bukti_tidak_tepat", catatan="Belum sah.")
    jawaban = Jawaban.objects.get(penilaian=pen_a, indikator=i10)
    expected = Fraction(1) + Fraction(1, len(level2))
    exact = Decimal(expected.numerator) / Decimal(expected.denominator)
    assert jawaban.level_final == exact.quantize(Decimal("0.0001"), rounding="ROUND_HALF_UP")


def test_revision_needs_a_reason_and_lainnya_needs_text(pen_a, operator_a, tugas):
    ajukan(pen_a, operator_a, level=1)
    i1 = ind(pen_a, 1)
    b = utama(i1, 1)[0]
    with pytest.raises(IsianTidakLengkap):
        putuskan(pen_a, tugas, i1, b, "revisi")
    with pytest.raises(IsianTidakLengkap):
        putuskan(pen_a, tugas, i1, b, "revisi", alasan="lainnya")
    reviu = putuskan(pen_a, tugas, i1, b, "revisi", alasan="lainnya", alasan_lain="Tidak terbaca")
    assert reviu.alasan_tampil == "Tidak terbaca"
    with pytest.raises(IsianTidakLengkap):
        putuskan(pen_a, tugas, i1, b, "setengah")


def test_override_needs_a_reason_and_empty_returns_to_computed(pen_a, operator_a, tugas):
    isi_semua(pen_a, operator_a, level=1)
    i1 = ind(pen_a, 1)
    unggah(pen_a, operator_a, i1, utama(i1, 2)[-1])  # one level-2 item has evidence
    penilaian_services.penilaian_submit(penilaian=pen_a, user=operator_a)
    for b in utama(i1, 1):
        putuskan(pen_a, tugas, i1, b, "diterima")

    def reviu(level_final, alasan=""):
        jawaban = Jawaban.objects.get(penilaian=pen_a, indikator=i1)
        return verifikasi_services.reviu_save(
            penilaian=pen_a,
            indikator=i1,
            user=tugas,
            level_final=level_final,
            metode="dokumen",
            catatan="",
            rekomendasi="",
            versi_reviu=jawaban.versi_reviu,
            alasan_penyesuaian=alasan,
        )

    with pytest.raises(IsianTidakLengkap):
        reviu(Decimal("1.5"))
    assert reviu(Decimal("1.5"), "Hasil wawancara.").level_final == Decimal("1.5")
    # a later item verdict does not overwrite an override
    putuskan(pen_a, tugas, i1, utama(i1, 2)[-1], "diterima")
    assert Jawaban.objects.get(penilaian=pen_a, indikator=i1).level_final == Decimal("1.5")
    back = reviu(None)  # back to the items: level 1 plus one of level 2's required items
    n = len([b for b in utama(i1, 2) if b.level == 2])
    share = (Decimal(1) / Decimal(n)).quantize(Decimal("0.0001"), rounding="ROUND_HALF_UP")
    assert back.level_final == 1 + share and back.alasan_penyesuaian == ""


def test_finalise_waits_for_uploaded_required_items_of_the_next_level(pen_a, operator_a, tugas):
    ajukan(pen_a, operator_a, level=2)
    i1 = ind(pen_a, 1)
    for b in utama(i1, 1):
        putuskan(pen_a, tugas, i1, b, "diterima")
    assert 1 in penilaian_belum_final(pen_a)  # level 2's uploaded items are unjudged
    for b in utama(i1, 2):
        if b.level == 2:
            putuskan(pen_a, tugas, i1, b, "diterima")
    assert 1 not in penilaian_belum_final(pen_a)  # level 3 has no uploads: nothing can raise it


def test_item_verdicts_are_hidden_from_the_operator_until_revision_or_publication(
    client, pen_a, operator_a, tugas
):
    ajukan(pen_a, operator_a, level=1)
    i1 = ind(pen_a, 1)
    b = utama(i1, 1)[0]
    putuskan(
        pen_a, tugas, i1, b, "revisi", alasan="bukti_tidak_tepat", catatan="SK belum ditandatangani"
    )
    url = reverse("evaluasi:jawaban", kwargs={"pk": pen_a.pk, "nomor": 1})
    client.force_login(operator_a)
    html = client.get(url).content.decode()
    assert "SK belum ditandatangani" not in html
    assert "revisi" not in html.lower().split('id="butir"')[1].split("</section>")[0]
    verifikasi_services.perbaikan_request(
        penilaian=pen_a, user=tugas, indikator=[i1], catatan="Perbaiki butir I1-L1."
    )
    html = client.get(url).content.decode()
    assert "SK belum ditandatangani" in html
    assert "Bukti tidak tepat" in html


def test_evaluator_item_verdict_through_htmx_returns_the_card_and_figures(
    client, pen_a, operator_a, tugas
):
    ajukan(pen_a, operator_a, level=1)
    i1 = ind(pen_a, 1)
    client.force_login(tugas)
    for b in utama(i1, 1):
        url = reverse("evaluasi:reviu_butir", kwargs={"pk": pen_a.pk, "nomor": 1, "butir": b.pk})
        response = client.post(url, {"putusan": "diterima", "versi": 0}, HTTP_HX_REQUEST="true")
        assert response.status_code == 200
    html = response.content.decode()
    assert 'id="nilai-butir" class="mb-2" hx-swap-oob="true"' in html
    assert 'id="panel-indeks"' in html
    jawaban = Jawaban.objects.get(penilaian=pen_a, indikator=i1)
    assert jawaban.level_final == 1
    assert jawaban.direviu_oleh == tugas and jawaban.direviu_pada is not None  # grid's ✓
    grid = client.get(reverse("evaluasi:reviu_grid", kwargs={"pk": pen_a.pk})).content.decode()
    assert "✓" in grid.split('id="baris-1"')[1].split('id="baris-2"')[0]
    assert "masuk hari ini" in client.get(reverse("beranda")).content.decode()


def test_verdict_on_another_opds_item_is_404_and_changes_nothing(
    client, pen_a, pen_b, operator_b, tugas, evaluator_lain
):
    ajukan(pen_b, operator_b, level=1)
    b = utama(ind(pen_b, 1), 1)[0]
    client.force_login(evaluator_lain)
    url = reverse("evaluasi:reviu_butir", kwargs={"pk": pen_b.pk, "nomor": 1, "butir": b.pk})
    assert client.post(url, {"putusan": "diterima"}).status_code == 404
    client.force_login(tugas)
    other = utama(ind(pen_b, 2), 1)[0]  # indicator 2's item on indicator 1's address
    url = reverse("evaluasi:reviu_butir", kwargs={"pk": pen_b.pk, "nomor": 1, "butir": other.pk})
    assert client.post(url, {"putusan": "diterima"}).status_code == 404
    assert not pen_b.jawaban.filter(reviu_butir__isnull=False).exists()


@pytest.fixture
def evaluator_lain(db):
    from tests.factories import PenggunaFactory

    return PenggunaFactory(peran="evaluator", username="evaluator.lain")


def test_pemdi_period_through_the_whole_loop_to_publication(
    client, periode_pemdi, pen_a, operator_a, tugas, admin_user
):
    """Fill item by item, submit, judge every item (level 2 partly accepted on indicator 10),
    finalise, close and publish; the final index equals an exact computation over the weights
    from the values the rule gives, and the operator then sees the verdicts."""
    ajukan(pen_a, operator_a, level=2)
    expected_values = {}
    for indikator in periode_pemdi.instrumen.indikator.order_by("nomor"):
        if indikator.eksternal:
            verifikasi_services.reviu_save(
                penilaian=pen_a,
                indikator=indikator,
                user=tugas,
                level_final=Decimal("2.5"),
                metode="dokumen",
                catatan="",
                rekomendasi="",
                versi_reviu=0,
            )
            expected_values[indikator.nomor] = Fraction(5, 2)
            continue
        level2 = [b for b in utama(indikator, 2) if b.level == 2]
        for b in utama(indikator, 1):
            putuskan(pen_a, tugas, indikator, b, "diterima")
        rejected = level2[1:] if indikator.nomor == 10 else []
        for b in level2:
            if b in rejected:
                putuskan(pen_a, tugas, indikator, b, "revisi", alasan="bukti_tidak_tepat")
            else:
                putuskan(pen_a, tugas, indikator, b, "diterima")
        expected_values[indikator.nomor] = (
            Fraction(1) + Fraction(1, len(level2)) if rejected else Fraction(2)
        )
    verifikasi_services.reviu_finalize(penilaian=pen_a, user=tugas)
    pen_a.refresh_from_db()
    weights = {i.nomor: Fraction(i.bobot) for i in periode_pemdi.instrumen.indikator.all()}
    exact = sum(weights[n] * v for n, v in expected_values.items()) / sum(weights.values())
    expected_index = Decimal(exact.numerator) / Decimal(exact.denominator)
    assert pen_a.indeks_final == expected_index.quantize(Decimal("0.01"), rounding="ROUND_HALF_UP")
    assert pen_a.status == StatusPenilaian.FINAL

    # the rest of the period: finalise opd_b's empty one is not needed to close
    from evaluasi.penilaian.services import periode_advance

    for status in (StatusPeriode.VERIFIKASI, StatusPeriode.SELESAI, StatusPeriode.DIPUBLIKASI):
        periode_pemdi.refresh_from_db()
        periode_pemdi, _ = periode_advance(periode=periode_pemdi)
        assert periode_pemdi.status == status
    client.force_login(operator_a)
    html = client.get(reverse("evaluasi:jawaban", kwargs={"pk": pen_a.pk, "nomor": 10})).content
    assert "Bukti tidak tepat" in html.decode()
    shown = f"{float(expected_values[10]):.2f}".replace(".", ",")  # e.g. 1,33 for 1 + 1/3
    assert f"nilai final {shown}" in html.decode()


def test_predikat_and_tpp_follow_the_periods_own_bands(pen_a, operator_a, tugas):
    """Level 1 everywhere and 5 on the four external indicators (weights 5+3+3+3 = 14):
    (86·1 + 14·5) / 100 = 1,56 — Cukup in Pemdi's bands (1,50–<2,50), which would be Kurang
    in 59/2020's (below 1,80); the TPP share is the rule's Cukup percentage."""
    from tpp import rules

    ajukan(pen_a, operator_a, level=1)
    for indikator in pen_a.periode.instrumen.indikator.order_by("nomor"):
        if indikator.eksternal:
            verifikasi_services.reviu_save(
                penilaian=pen_a,
                indikator=indikator,
                user=tugas,
                level_final=Decimal(5),
                metode="dokumen",
                catatan="",
                rekomendasi="",
                versi_reviu=0,
            )
        else:
            for b in utama(indikator, 1):
                putuskan(pen_a, tugas, indikator, b, "diterima")
    verifikasi_services.reviu_finalize(penilaian=pen_a, user=tugas)
    pen_a.refresh_from_db()
    assert (pen_a.indeks_final, pen_a.predikat_final) == (Decimal("1.56"), "Cukup")
    persen = rules.persen_tpp(pen_a.predikat_final, rules.PERSENTASE_BAWAAN)
    assert persen.persen == rules.PERSENTASE_BAWAAN["Cukup"]


# --- Hostile input and the probe's findings ------------------------------------------------


@pytest.mark.parametrize(
    "typed", ["2,75", "1,2,3", "Infinity", "sNaN", "9" * 5000, "4,99999", "-1", "²"]
)
def test_a_bad_external_value_is_a_form_error_never_a_500(client, pen_a, operator_a, typed):
    client.force_login(operator_a)
    url = reverse("evaluasi:jawaban", kwargs={"pk": pen_a.pk, "nomor": 5})
    response = client.post(
        url, {"level": typed, "penjelasan": "x", "versi": 0, "tanggal_eksternal": ""}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Isi tanggal penilaian" in html or "Nilai" in html
    assert not Jawaban.objects.filter(penilaian=pen_a, level__isnull=False).exists()


def test_a_value_typed_with_a_comma_before_an_upload_comes_back_without_a_500(
    client, pen_a, operator_a
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(operator_a)
    client.post(
        reverse("evaluasi:bukti_unggah", kwargs={"pk": pen_a.pk, "nomor": 5}),
        {
            "berkas": SimpleUploadedFile("sdi.pdf", PDF_BYTES),
            "level": "2,75",
            "penjelasan": "Skor SDI",
            "tanggal_eksternal": "",
            "versi": 0,
        },
    )
    page = client.get(reverse("evaluasi:jawaban", kwargs={"pk": pen_a.pk, "nomor": 5}))
    assert page.status_code == 200
    assert 'value="2,75"' in page.content.decode()  # the draft, as typed


def test_saving_the_form_again_keeps_four_decimals(client, pen_a, operator_a):
    i5 = ind(pen_a, 5)
    simpan(pen_a, operator_a, i5, Decimal("2.3456"), tanggal_eksternal=date(2026, 3, 1))
    client.force_login(operator_a)
    url = reverse("evaluasi:jawaban", kwargs={"pk": pen_a.pk, "nomor": 5})
    html = client.get(url).content.decode()
    assert 'name="level" id="id_level" value="2,3456"' in html
    jawaban = Jawaban.objects.get(penilaian=pen_a, indikator=i5)
    client.post(
        url,
        {
            "level": "2,3456",
            "penjelasan": "Penjelasan baru.",
            "tanggal_eksternal": "2026-03-01",
            "versi": jawaban.versi,
        },
    )
    jawaban.refresh_from_db()
    assert (jawaban.level, jawaban.penjelasan) == (Decimal("2.3456"), "Penjelasan baru.")


def test_a_future_or_absurd_assessment_date_is_refused(client, pen_a, operator_a):
    client.force_login(operator_a)
    url = reverse("evaluasi:jawaban", kwargs={"pk": pen_a.pk, "nomor": 5})
    for tanggal in ("2099-12-31", "0001-01-01"):
        response = client.post(
            url, {"level": "2,5", "penjelasan": "x", "versi": 0, "tanggal_eksternal": tanggal}
        )
        assert "Tanggal penilaian" in response.content.decode()
    assert not Jawaban.objects.filter(penilaian=pen_a, level__isnull=False).exists()


def test_override_with_a_comma_and_no_reason_is_a_form_error(client, pen_a, operator_a, tugas):
    ajukan(pen_a, operator_a, level=1)
    client.force_login(tugas)
    url = reverse("evaluasi:reviu", kwargs={"pk": pen_a.pk, "nomor": 1})
    response = client.post(
        url, {"level_final": "2,5", "metode": "dokumen", "versi_reviu": 0, "alasan_penyesuaian": ""}
    )
    assert response.status_code == 200
    assert "Tuliskan alasan menyesuaikan" in response.content.decode()
    assert 'value="2,5"' in response.content.decode()


def test_pimpinan_never_sees_item_verdicts_before_publication_nor_the_operator_after_resubmit(
    client, pen_a, operator_a, tugas, pimpinan
):
    ajukan(pen_a, operator_a, level=1)
    i1 = ind(pen_a, 1)
    putuskan(pen_a, tugas, i1, utama(i1, 1)[0], "revisi", alasan="lainnya", alasan_lain="RAHASIA")
    verifikasi_services.perbaikan_request(
        penilaian=pen_a, user=tugas, indikator=[i1], catatan="Perbaiki."
    )
    url = reverse("evaluasi:jawaban", kwargs={"pk": pen_a.pk, "nomor": 1})
    client.force_login(pimpinan)
    assert "RAHASIA" not in client.get(url).content.decode()
    client.force_login(operator_a)
    assert "RAHASIA" in client.get(url).content.decode()  # what to fix
    penilaian_services.penilaian_submit(penilaian=pen_a, user=operator_a)
    putuskan(
        pen_a, tugas, i1, utama(i1, 1)[0], "revisi", alasan="lainnya", alasan_lain="BARU-RAHASIA"
    )
    for user in (operator_a, pimpinan):
        client.force_login(user)
        html = client.get(url).content.decode()
        assert "BARU-RAHASIA" not in html and "RAHASIA" not in html


def test_an_item_without_evidence_cannot_be_accepted(pen_a, operator_a, tugas):
    ajukan(pen_a, operator_a, level=1)
    i1 = ind(pen_a, 1)
    without = [b for b in utama(i1, 3) if b.level == 3][0]
    with pytest.raises(IsianTidakLengkap, match="belum memiliki berkas"):
        putuskan(pen_a, tugas, i1, without, "diterima")
    putuskan(pen_a, tugas, i1, without, "revisi", alasan="belum_diunggah")  # allowed


def test_removing_an_accepted_items_file_lapses_the_acceptance(pen_a, operator_a, tugas):
    ajukan(pen_a, operator_a, level=2)
    i1 = ind(pen_a, 1)
    for b in utama(i1, 2):
        putuskan(pen_a, tugas, i1, b, "diterima")
    assert Jawaban.objects.get(penilaian=pen_a, indikator=i1).level_final == 2
    verifikasi_services.perbaikan_request(
        penilaian=pen_a, user=tugas, indikator=[i1], catatan="Periksa lagi."
    )
    last = [b for b in utama(i1, 2) if b.level == 2][-1]
    bukti = pen_a.jawaban.get(indikator=i1).bukti.get(butir=last)
    penilaian_services.bukti_remove(bukti=bukti, user=operator_a)
    n = len([b for b in utama(i1, 2) if b.level == 2])
    expected = (1 + Decimal(n - 1) / Decimal(n)).quantize(Decimal("0.0001"))
    assert Jawaban.objects.get(penilaian=pen_a, indikator=i1).level_final == expected
    penilaian_services.bukti_restore(bukti=bukti, user=operator_a)
    assert Jawaban.objects.get(penilaian=pen_a, indikator=i1).level_final == 2


def test_a_stale_item_verdict_is_refused_and_keeps_the_newer_note(client, pen_a, operator_a, tugas):
    ajukan(pen_a, operator_a, level=1)
    i1 = ind(pen_a, 1)
    b = utama(i1, 1)[0]
    putuskan(pen_a, tugas, i1, b, "revisi", alasan="bukti_tidak_tepat", catatan="Cap basah.")
    client.force_login(tugas)
    url = reverse("evaluasi:reviu_butir", kwargs={"pk": pen_a.pk, "nomor": 1, "butir": b.pk})
    response = client.post(url, {"putusan": "diterima", "versi": 0}, HTTP_HX_REQUEST="true")
    assert response.status_code == 422
    assert "sudah diperiksa evaluator lain" in response.content.decode()
    reviu = ReviuButir.objects.get(jawaban__penilaian=pen_a, butir=b)
    assert (reviu.putusan, reviu.catatan) == ("revisi", "Cap basah.")


def test_a_non_ascii_digit_item_id_is_404(client, pen_a, operator_a):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(operator_a)
    url = reverse("evaluasi:bukti_unggah", kwargs={"pk": pen_a.pk, "nomor": 1})
    for value in ("²", "١", "৪"):
        response = client.post(
            url, {"butir": value, "berkas": SimpleUploadedFile("a.pdf", PDF_BYTES)}
        )
        assert response.status_code == 404


def test_finalisation_names_the_unjudged_items_as_the_reason(pen_a, operator_a, tugas):
    ajukan(pen_a, operator_a, level=2)
    for indikator in pen_a.periode.instrumen.indikator.order_by("nomor"):
        if indikator.eksternal:
            continue
        for b in utama(indikator, 1):
            putuskan(pen_a, tugas, indikator, b, "diterima")
    with pytest.raises(BelumLengkap) as exc:
        verifikasi_services.reviu_finalize(penilaian=pen_a, user=tugas)
    message = str(exc.value)
    assert "indikator 5, 6, 7, 18 belum memiliki nilai final" in message
    assert "masih memiliki butir utama berbukti yang belum diperiksa" in message


def test_a_new_period_takes_the_instrument_of_its_year(
    client, admin_user, instrumen, instrumen_pemdi
):
    from evaluasi.models import Periode

    instrumen.berlaku_mulai = 2021
    instrumen.save()
    client.force_login(admin_user)
    page = client.get(reverse("evaluasi:periode_tambah")).content.decode()
    assert "— menurut tahun evaluasi —" in page
    for tahun, expected in ((2025, instrumen), (2026, instrumen_pemdi)):
        client.post(
            reverse("evaluasi:periode_tambah"),
            {
                "nama": f"Evaluasi {tahun}",
                "tahun": tahun,
                "instrumen": "",
                "mulai_pengisian": f"{tahun}-01-01",
                "batas_pengisian": f"{tahun}-11-30",
                "batas_verifikasi": f"{tahun}-12-20",
                "tahun_tpp": tahun + 1,
            },
        )
        assert Periode.objects.get(tahun=tahun).instrumen == expected


def test_item_pages_query_counts_do_not_grow_with_files_and_verdicts(
    client, pen_a, pen_b, operator_a, operator_b, tugas
):
    """opd_a: level 1 and one verdict; opd_b: level 3 with every item of indicator 1 uploaded
    and judged. Same pages, same status, same number of queries."""

    def pages(pen):
        return [
            reverse("evaluasi:penilaian_detail", kwargs={"pk": pen.pk}),
            reverse("evaluasi:jawaban", kwargs={"pk": pen.pk, "nomor": 1}),
            reverse("evaluasi:reviu", kwargs={"pk": pen.pk, "nomor": 1}),
            reverse("evaluasi:reviu_grid", kwargs={"pk": pen.pk}),
        ]

    def counts(pen, operator):
        client.force_login(operator)
        _queries(client, pages(pen)[0])  # the first view caches the frozen instrument's tree
        found = [_queries(client, url) for url in pages(pen)[:2]]
        client.force_login(tugas)
        return found + [_queries(client, url) for url in pages(pen)[2:]]

    ajukan(pen_a, operator_a, level=1)
    i1 = ind(pen_a, 1)
    putuskan(pen_a, tugas, i1, utama(i1, 1)[0], "diterima")

    isi_semua(pen_b, operator_b, level=3)
    for b in i1.butir.filter(utama=False, level__lte=3):
        unggah(pen_b, operator_b, i1, b)
    penilaian_services.penilaian_submit(penilaian=pen_b, user=operator_b)
    for b in i1.butir.filter(level__lte=3):
        putuskan(pen_b, tugas, i1, b, "diterima")

    assert counts(pen_b, operator_b) == counts(pen_a, operator_a)


def test_an_external_value_not_out_yet_counts_the_instruments_value(client, pen_a, operator_a):
    """SPEC §11: until the national index is out, national practice counts 1 — the
    instrument's nilai_eksternal_bawaan; no date or source document is asked for."""
    assert pen_a.periode.instrumen.nilai_eksternal_bawaan == 1
    isi_semua(pen_a, operator_a, level=1)
    i7 = ind(pen_a, 7)
    client.force_login(operator_a)
    url = reverse("evaluasi:jawaban", kwargs={"pk": pen_a.pk, "nomor": 7})
    jawaban = Jawaban.objects.get(penilaian=pen_a, indikator=i7)
    pen_a.jawaban.get(indikator=i7).bukti.update(dihapus_pada=timezone.now())
    response = client.post(url, {"level": "", "penjelasan": "x", "versi": jawaban.versi})
    assert "belum tersedia" in response.content.decode()  # neither value nor the box: refused
    client.post(
        url,
        {
            "eksternal_belum": "on",
            "level": "",
            "penjelasan": "Belum terbit.",
            "versi": jawaban.versi,
        },
    )
    jawaban.refresh_from_db()
    assert (jawaban.level, jawaban.eksternal_belum, jawaban.tanggal_eksternal) == (1, True, None)
    penilaian_services.penilaian_submit(penilaian=pen_a, user=operator_a)
    pen_a.refresh_from_db()
    assert pen_a.status == StatusPenilaian.DIAJUKAN


def test_without_the_setting_an_external_value_must_be_entered(client, pen_a, operator_a):
    instrumen = pen_a.periode.instrumen
    type(instrumen).objects.filter(pk=instrumen.pk).update(nilai_eksternal_bawaan=None)
    client.force_login(operator_a)
    url = reverse("evaluasi:jawaban", kwargs={"pk": pen_a.pk, "nomor": 7})
    html = client.get(url).content.decode()
    assert "Nilai dari sumber belum tersedia" not in html
    with pytest.raises(IsianTidakLengkap):
        penilaian_services.jawaban_save(
            penilaian=pen_a,
            indikator=ind(pen_a, 7),
            user=operator_a,
            level=None,
            penjelasan="x",
            tautan=[],
            versi=0,
            eksternal_belum=True,
        )


def test_home_does_not_ask_for_a_document_of_an_index_not_out_yet(client, pen_a, operator_a):
    penilaian_services.jawaban_save(
        penilaian=pen_a,
        indikator=ind(pen_a, 7),
        user=operator_a,
        level=None,
        penjelasan="Belum terbit.",
        tautan=[],
        versi=0,
        eksternal_belum=True,
    )
    simpan(pen_a, operator_a, ind(pen_a, 6), Decimal("2"), tanggal_eksternal=date(2026, 1, 5))
    client.force_login(operator_a)
    tugas = client.get(reverse("beranda")).context["tugas"]
    assert [j.indikator.nomor for j in tugas["tanpa_bukti"]] == [6]
