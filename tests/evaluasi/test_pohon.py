"""The instrument tree of the OPD result page and the operator overview: built without the
criteria texts, cached per process for a frozen instrument only, the same content as the
database, and a query count that does not depend on the instrument's or the OPDs' number."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from evaluasi.instrumen.bundled import BUNDLED, load
from evaluasi.instrumen.selectors import _pohon_beku, pohon_instrumen
from evaluasi.instrumen.services import instrumen_save
from evaluasi.models import Aspek, Indikator, KriteriaLevel, Penilaian, Predikat
from evaluasi.penilaian import services as penilaian_services
from tests.evaluasi.test_penilaian import _fill
from tests.factories import OpdFactory

pytestmark = pytest.mark.django_db


def _captured(client, url) -> list[str]:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return [q["sql"] for q in ctx.captured_queries]


def _pages(penilaian) -> tuple[str, str]:
    return (
        reverse("evaluasi:penilaian_detail", kwargs={"pk": penilaian.pk}),
        reverse("evaluasi:hasil", kwargs={"pk": penilaian.pk}),
    )


def _kecil(tahun: int):
    """A period on a five-indicator instrument (the 59/2020 one cut down)."""
    data, _ = load(BUNDLED[0])
    data.kode, data.nama = "spbe-kecil", "Instrumen kecil"
    data.indikator = [i for i in data.indikator if i.nomor <= 5]
    data.kriteria = [k for k in data.kriteria if k.indikator <= 5]
    data.butir = [b for b in data.butir if b.indikator <= 5]
    today = timezone.localdate()
    periode = penilaian_services.periode_create(
        data={
            "nama": f"Evaluasi kecil {tahun}",
            "tahun": tahun,
            "instrumen": instrumen_save(data=data),
            "mulai_pengisian": today - timedelta(days=30),
            "batas_pengisian": today + timedelta(days=30),
            "batas_verifikasi": today + timedelta(days=60),
            "tahun_tpp": tahun + 1,
        }
    )
    periode, _ = penilaian_services.periode_advance(periode=periode)
    return periode


def test_page_queries_drop_once_the_tree_is_cached_and_read_no_criteria(
    client, admin_user, operator_a, penilaian_a
):
    _fill(penilaian_a, operator_a, [1, 2, 3], level=2)
    for user, url in zip((operator_a, admin_user), _pages(penilaian_a), strict=True):
        client.force_login(user)
        _pohon_beku.cache_clear()
        cold = _captured(client, url)
        warm = _captured(client, url)

        assert len(warm) < len(cold)
        assert len(_captured(client, url)) == len(warm)
        for table in ("evaluasi_aspek", "evaluasi_predikat", "evaluasi_domain"):
            assert not any(f'FROM "{table}"' in sql for sql in warm), (url, table)
        criteria = [sql for sql in warm if 'FROM "evaluasi_kriterialevel"' in sql]
        # The overview shows no criteria; the result page reads only its plan's steps.
        assert len(criteria) == (0 if "hasil" not in url else 1)
        assert all('"evaluasi_kriterialevel"."level" IN' in sql for sql in criteria)


def test_query_counts_are_equal_for_a_small_and_a_large_instrument_and_opd_count(
    client, admin_user, operator_a, opd_a, penilaian_a
):
    besar = penilaian_a
    kecil = Penilaian.objects.get(periode=_kecil(besar.periode.tahun + 1), opd=opd_a)

    for penilaian in (besar, kecil):
        _fill(penilaian, operator_a, [1, 2], level=2)

    def counts(penilaian) -> tuple[int, int]:
        result = []
        for user, url in zip((operator_a, admin_user), _pages(penilaian), strict=True):
            client.force_login(user)
            _captured(client, url)  # warms the process cache
            result.append(len(_captured(client, url)))
        return tuple(result)

    small = counts(kecil)
    assert counts(besar) == small
    OpdFactory.create_batch(60)
    penilaian_services.penilaian_create_all(periode=besar.periode)
    assert counts(besar) == small


def test_the_pages_show_the_database_content(client, admin_user, operator_a, penilaian_a):
    _fill(penilaian_a, operator_a, range(1, 48), level=2)
    instrumen = penilaian_a.periode.instrumen
    overview, hasil = _pages(penilaian_a)
    client.force_login(operator_a)
    client.get(overview)  # cached from here on

    ctx = client.get(overview).context
    by_aspect = {
        a.nomor: [(i.nomor, i.nama) for i in Indikator.objects.filter(aspek=a).order_by("nomor")]
        for a in Aspek.objects.filter(instrumen=instrumen)
    }
    assert {
        r["aspek"].nomor: [(b["indikator"].nomor, b["indikator"].nama) for b in r["baris"]]
        for r in ctx["aspek_rows"]
    } == by_aspect
    assert [r["aspek"].nomor for r in ctx["aspek_rows"]] == sorted(by_aspect)
    assert {r["domain"].nama for r in ctx["aspek_rows"]} == set(
        instrumen.domain.values_list("nama", flat=True)
    )
    assert ctx["jumlah_indikator"] == Indikator.objects.filter(instrumen=instrumen).count() == 47
    assert ctx["warna"] == dict(
        Predikat.objects.filter(instrumen=instrumen).values_list("nama", "warna")
    )
    assert ctx["hasil"].kemajuan == 100

    client.force_login(admin_user)
    client.get(hasil)
    response = client.get(hasil)
    ctx = response.context
    assert [(r["indikator"].nomor, r["indikator"].nama) for r in ctx["indikator"]] == list(
        Indikator.objects.filter(instrumen=instrumen).order_by("nomor").values_list("nomor", "nama")
    )
    assert [(a["aspek"].nomor, a["aspek"].nama) for a in ctx["aspek"]] == list(
        Aspek.objects.filter(instrumen=instrumen).order_by("nomor").values_list("nomor", "nama")
    )
    # Every planned step lists the evidence its criteria row asks for, word for word.
    assert ctx["rencana"]
    html = response.content.decode()
    for step in ctx["rencana"]:
        stored = KriteriaLevel.objects.get(
            indikator__instrumen=instrumen, indikator__nomor=step.nomor, level=step.ke
        )
        lines = [line.strip() for line in stored.bukti.splitlines() if line.strip()]
        assert list(step.bukti) == lines and lines
        assert step.nama == Indikator.objects.get(instrumen=instrumen, nomor=step.nomor).nama
    assert all(i.nama in html for i in Indikator.objects.filter(instrumen=instrumen)[:5])


def test_an_edited_unfrozen_instrument_is_never_read_from_a_stale_tree(instrumen_pemdi):
    assert not instrumen_pemdi.terkunci
    before = pohon_instrumen(instrumen_pemdi)
    assert before.indikator[0].nama == "Tata Kelola Pemerintah Digital"

    data, _ = load(BUNDLED[1])
    data.indikator[0].nama = "Tata Kelola yang Diubah"
    data.indikator = data.indikator[:-1]
    data.kriteria = [k for k in data.kriteria if k.indikator != 20]
    data.butir = [b for b in data.butir if b.indikator != 20]
    edited = instrumen_save(data=data)

    after = pohon_instrumen(edited)
    assert after.indikator[0].nama == "Tata Kelola yang Diubah"
    assert after.jumlah_indikator == before.jumlah_indikator - 1 == 19
    assert after.definisi.indikator[-1].nomor == 19


def test_a_frozen_instrument_is_read_once(instrumen_terkunci, django_assert_num_queries):
    first = pohon_instrumen(instrumen_terkunci)
    with django_assert_num_queries(0):
        again = pohon_instrumen(instrumen_terkunci)
    assert again is first
    assert [i.nomor for i in first.indikator] == list(range(1, 48))
    assert {i.aspek.nomor for i in first.indikator} == set(
        instrumen_terkunci.aspek.values_list("nomor", flat=True)
    )
