"""Pages that list every OPD stay flat in the number of OPDs (issue 19 item 6): the public
page, the period page, evaluator assignment and the architecture overview are paged and
searched, count in SQL, and the public page is served from a bounded, invalidated cache."""

import os
import subprocess
import sys

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from arsitektur import services as arsitektur_services
from arsitektur.models import Aplikasi, ProfilOpd, StatusDomain
from arsitektur.permohonan import services as permohonan_services
from evaluasi.models import Penilaian, Penugasan, StatusPenilaian
from evaluasi.penilaian import services as penilaian_services
from opd.models import Opd, Peran
from tests.factories import OpdFactory, PenggunaFactory
from tests.permohonan.pabrik import permohonan_buat

pytestmark = pytest.mark.django_db

PER_HALAMAN = 10  # small pages, so 30 OPDs span three


@pytest.fixture(autouse=True)
def _halaman_kecil(monkeypatch):
    monkeypatch.setattr("arsitektur.views.PUBLIK_PER_HALAMAN", PER_HALAMAN)
    monkeypatch.setattr("arsitektur.views.MATRIKS_PER_HALAMAN", PER_HALAMAN)
    monkeypatch.setattr("evaluasi.penilaian.views.PERIODE_PER_HALAMAN", PER_HALAMAN)
    monkeypatch.setattr("evaluasi.verifikasi.views.PENUGASAN_PER_HALAMAN", PER_HALAMAN)


def _tambah_opd(periode, evaluator, admin_user, n: int, awal: int = 0) -> list[Opd]:
    """`n` OPDs named "Instansi Uji 000.." with everything the pages show for each."""
    opds = [
        OpdFactory(nama=f"Instansi Uji {i:03d}", kode=f"IU-{i:03d}", urutan=1000 + i)
        for i in range(awal, awal + n)
    ]
    # The period's penilaian are made the way opening a period makes them (and counted).
    penilaian_services.penilaian_create_all(periode=periode)
    for o in opds:
        Penugasan.objects.create(periode=periode, opd=o, evaluator=evaluator, oleh=admin_user)
        Aplikasi.objects.create(opd=o, nama=f"Aplikasi {o.kode}")
        StatusDomain.objects.create(periode=periode, opd=o, domain="layanan", status="ok")
        ProfilOpd.objects.create(opd=o, status_informasi="lengkap")
    return opds


def _url(nama: str, periode) -> str:
    return {
        "publik": reverse("publik"),
        "periode": reverse("evaluasi:periode_detail", kwargs={"pk": periode.pk}),
        "penugasan": reverse("evaluasi:penugasan", kwargs={"pk": periode.pk}),
        "arsitektur": f"{reverse('arsitektur:beranda')}?periode={periode.pk}",
    }[nama]


HALAMAN = ["publik", "periode", "penugasan", "arsitektur"]


def _jumlah_query(client, url: str) -> int:
    cache.clear()  # measure building the page, not the public page's cache
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def _tampil(html: str, opds) -> list[str]:
    return [o.nama for o in opds if o.nama in html]


@pytest.mark.parametrize("halaman", HALAMAN)
def test_queries_are_the_same_for_3_and_30_opds(
    client, halaman, admin_user, evaluator, periode, opd_a, opd_b
):
    client.force_login(admin_user)
    url = _url(halaman, periode)
    _tambah_opd(periode, evaluator, admin_user, 1)
    client.get(url)  # the first visit with ?periode= remembers it in the session (a write)
    sedikit = _jumlah_query(client, url)
    _tambah_opd(periode, evaluator, admin_user, 27, awal=1)

    assert _jumlah_query(client, url) == sedikit


@pytest.mark.parametrize("halaman", HALAMAN)
def test_a_page_lists_at_most_a_page_of_opds_and_any_page_number_works(
    client, halaman, admin_user, evaluator, periode
):
    client.force_login(admin_user)
    # The fixture OPDs first, whatever number the factory's urutan sequence has reached.
    Opd.objects.update(urutan=0)
    opds = _tambah_opd(periode, evaluator, admin_user, 30)
    url = _url(halaman, periode)
    sep = "&" if "?" in url else "?"

    pertama = client.get(url).content.decode()
    terakhir = client.get(f"{url}{sep}halaman=999")
    salah = client.get(f"{url}{sep}halaman=abc")

    # The two fixture OPDs sort first: 2 + 30 = 32 rows, a page holds 2 of them + 8.
    assert _tampil(pertama, opds) == [o.nama for o in opds[: PER_HALAMAN - 2]]
    assert "Halaman 1 dari" in pertama
    # Past the end: the last page, rows 31 and 32.
    assert terakhir.status_code == 200
    assert _tampil(terakhir.content.decode(), opds) == [o.nama for o in opds[-2:]]
    assert salah.status_code == 200
    assert _tampil(salah.content.decode(), opds) == [o.nama for o in opds[: PER_HALAMAN - 2]]


@pytest.mark.parametrize("halaman", HALAMAN)
def test_search_finds_an_opd_by_name_or_code_on_any_page(
    client, halaman, admin_user, evaluator, periode
):
    client.force_login(admin_user)
    opds = _tambah_opd(periode, evaluator, admin_user, 30)
    url = _url(halaman, periode)
    sep = "&" if "?" in url else "?"

    by_nama = client.get(f"{url}{sep}q=uji 027").content.decode()
    by_kode = client.get(f"{url}{sep}q=iu-028").content.decode()
    kosong = client.get(f"{url}{sep}q=tidak-ada-yang-cocok").content.decode()

    assert _tampil(by_nama, opds) == ["Instansi Uji 027"]
    assert _tampil(by_kode, opds) == ["Instansi Uji 028"]
    assert _tampil(kosong, opds) == [] and "cocok" in kosong


# --- Period page ------------------------------------------------------------------------------


def test_period_page_counts_every_status_and_filters_by_one(
    client, admin_user, evaluator, periode, opd_a
):
    client.force_login(admin_user)
    opds = _tambah_opd(periode, evaluator, admin_user, 30)
    Penilaian.objects.filter(opd__in=opds[25:]).update(status=StatusPenilaian.DIAJUKAN)
    # Written past the services: the period's counts (its summary) are rebuilt.
    penilaian_services.ringkasan_bangun(periode=periode)
    url = _url("periode", periode)

    html = client.get(url).content.decode()
    diajukan = client.get(url, {"status": "diajukan"}).content.decode()
    ngawur = client.get(url, {"status": "ngawur", "halaman": "2"})

    assert "32 penilaian OPD" in html and "Draf 27" in html and "Diajukan 5" in html
    assert _tampil(diajukan, opds) == [o.nama for o in opds[25:]]
    assert opd_a.nama not in diajukan
    assert ngawur.status_code == 200  # an unknown status is no filter


def _sql(client, url: str, params=None) -> list[str]:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url, params or {}).status_code == 200
    return [q["sql"] for q in ctx.captured_queries]


def _hitung_penilaian(sqls: list[str]) -> list[str]:
    """Statements that count or group a period's penilaian (what the summary replaces)."""
    return [
        sql
        for sql in sqls
        if 'FROM "evaluasi_penilaian"' in sql and ("COUNT(" in sql or "GROUP BY" in sql)
    ]


@pytest.mark.parametrize("halaman", ["periode", "dashboard"])
def test_the_period_page_and_dashboard_count_nothing_unless_searching(
    client, halaman, admin_user, evaluator, periode
):
    client.force_login(admin_user)
    _tambah_opd(periode, evaluator, admin_user, 30)
    url = (
        _url("periode", periode)
        if halaman == "periode"
        else f"{reverse('evaluasi:dashboard')}?periode={periode.pk}"
    )

    # Totals, status counts and the paging's total come from the period's summary.
    assert _hitung_penilaian(_sql(client, url)) == []
    if halaman == "periode":
        assert _hitung_penilaian(_sql(client, url, {"status": "draft"})) == []
    # A search counts its own matches (the summary knows nothing of them).
    cari = client.get(url, {"q": "uji 02"}).content.decode()
    assert "Halaman 1 dari 1" in cari or "Halaman" not in cari
    assert len(_hitung_penilaian(_sql(client, url, {"q": "uji 02"}))) == 1


def test_the_evaluator_queue_reads_the_same_queries_for_1_and_28_rows(
    client, admin_user, evaluator, periode
):
    client.force_login(evaluator)
    url = f"{reverse('beranda')}?periode={periode.pk}"
    _tambah_opd(periode, evaluator, admin_user, 1)
    client.get(url)  # the first visit with ?periode= remembers it in the session (a write)
    sedikit = _sql(client, url)
    opds = _tambah_opd(periode, evaluator, admin_user, 27, awal=1)
    Penilaian.objects.filter(opd=opds[0]).update(status=StatusPenilaian.DIAJUKAN)

    banyak = _sql(client, url)
    html = client.get(url).content.decode()
    # Only the columns a row shows are read; a deferred one read per row would add queries.
    assert len(banyak) == len(sedikit)
    assert all(o.nama in html for o in opds)


def test_a_remembered_period_is_not_written_again_on_every_page(client, evaluator, periode):
    client.force_login(evaluator)
    url = f"{reverse('beranda')}?periode={periode.pk}"
    client.get(url)  # remembers the choice

    sqls = _sql(client, url)

    # The session is only read (no UPDATE/INSERT on every request with ?periode=), and the
    # period switcher's list is read once for the header and the view together.
    assert not [s for s in sqls if "django_session" in s and not s.startswith("SELECT")]
    assert len([s for s in sqls if 'FROM "evaluasi_periode"' in s and "EXISTS" in s]) == 1
    assert client.session["periode_pilihan"] == periode.pk


# --- Evaluator assignment ---------------------------------------------------------------------


def test_assignment_ticks_on_a_page_or_every_match_and_keeps_the_filter(
    client, admin_user, periode
):
    client.force_login(admin_user)
    baru = PenggunaFactory(username="evaluator.baru", peran=Peran.EVALUATOR)
    opds = [OpdFactory(nama=f"Kecamatan {i:02d}", kode=f"KC-{i:02d}") for i in range(25)]
    url = _url("penugasan", periode)

    dipilih = client.post(
        f"{url}?q=kecamatan&halaman=2",
        {"aksi": "tambah", "evaluator": baru.pk, "opd": [opds[0].pk, opds[1].pk]},
    )
    assert dipilih.status_code == 302 and dipilih.url == f"{url}?q=kecamatan&halaman=2"
    assert set(Penugasan.objects.filter(evaluator=baru).values_list("opd", flat=True)) == {
        opds[0].pk,
        opds[1].pk,
    }

    belum = client.get(url, {"q": "kecamatan", "belum": "1"}).content.decode()
    assert opds[0].nama not in belum and opds[2].nama in belum
    client.post(f"{url}?q=kc-1", {"aksi": "tambah", "evaluator": baru.pk, "semua_cocok": "on"})

    assert set(Penugasan.objects.filter(evaluator=baru).values_list("opd", flat=True)) == {
        opds[0].pk,
        opds[1].pk,
        *(o.pk for o in opds[10:20]),
    }


@pytest.mark.parametrize(
    "nilai",
    ["nonaktif", "999999", "abc"],
)
def test_assignment_refuses_opd_ids_outside_the_period(
    client, admin_user, evaluator, periode, opd_a, nilai
):
    client.force_login(admin_user)
    nonaktif = OpdFactory(nama="Dinas Dibubarkan", aktif=False)
    opd_id = {
        "nonaktif": nonaktif.pk,  # not an OPD of the period
        "999999": 999999,
        "abc": "abc",
    }[nilai]

    response = client.post(
        _url("penugasan", periode),
        {"aksi": "tambah", "evaluator": evaluator.pk, "opd": [opd_a.pk, opd_id]},
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "bukan OPD aktif periode ini" in html or "bukan OPD yang sah" in html
    assert not Penugasan.objects.exists()


def test_deleting_an_assignment_of_another_period_or_a_bad_id_changes_nothing(
    client, admin_user, evaluator, periode, opd_a, instrumen
):
    from evaluasi.models import Periode

    lain = Periode.objects.create(
        nama="Periode lain",
        tahun=periode.tahun + 1,
        instrumen=instrumen,
        mulai_pengisian=periode.mulai_pengisian,
        batas_pengisian=periode.batas_pengisian,
        batas_verifikasi=periode.batas_verifikasi,
        tahun_tpp=periode.tahun + 2,
    )
    milik_lain = Penugasan.objects.create(
        periode=lain, opd=opd_a, evaluator=evaluator, oleh=admin_user
    )
    client.force_login(admin_user)

    for nilai in (milik_lain.pk, "abc", ""):
        response = client.post(
            _url("penugasan", periode), {"aksi": "hapus", "penugasan": nilai}, follow=True
        )
        assert "Penugasan tidak ditemukan di periode ini." in response.content.decode()

    assert Penugasan.objects.filter(pk=milik_lain.pk).exists()


# --- Access -----------------------------------------------------------------------------------


def test_access_is_unchanged(client, periode, evaluator, admin_user, pimpinan, operator_a, opd_b):
    client.force_login(pimpinan)
    assert client.get(_url("arsitektur", periode)).status_code == 200
    for url in (_url("periode", periode), _url("penugasan", periode)):
        assert client.get(url).status_code == 403
    assert (
        client.post(
            _url("penugasan", periode),
            {"aksi": "tambah", "evaluator": evaluator.pk, "opd": [opd_b.pk]},
        ).status_code
        == 403
    )
    client.force_login(operator_a)
    beranda = client.get(_url("arsitektur", periode))
    assert beranda.status_code == 302 and str(operator_a.opd_id) in beranda.url
    assert client.get(reverse("arsitektur:opd", kwargs={"pk": opd_b.pk})).status_code == 404
    assert not Penugasan.objects.exists()


# --- The public page's cache ------------------------------------------------------------------


def test_a_second_anonymous_visit_is_served_from_the_cache_without_sql(client, opd_a):
    Aplikasi.objects.create(opd=opd_a, nama="SIMPEG Sulbar")
    pertama = client.get(reverse("publik"))

    with CaptureQueriesContext(connection) as ctx:
        kedua = client.get(reverse("publik"))

    assert ctx.captured_queries == []
    assert kedua.content == pertama.content and "SIMPEG Sulbar" in kedua.content.decode()


def test_an_approved_request_shows_at_once_after_the_cache_is_invalidated(
    client, operator_a, admin_user, django_capture_on_commit_callbacks
):
    p = permohonan_buat(opd=operator_a.opd, user=operator_a, nama="Sistem Perizinan Terpadu")
    p = permohonan_services.permohonan_transisi(
        permohonan=p, ke="diajukan", user=operator_a, pihak={"opd"}
    )
    sebelum = client.get(reverse("publik")).content.decode()  # now cached

    with django_capture_on_commit_callbacks(execute=True):
        permohonan_services.permohonan_transisi(
            permohonan=p, ke="disetujui", user=admin_user, pihak={"peninjau"}
        )
    sesudah = client.get(reverse("publik")).content.decode()

    assert "Sistem Perizinan Terpadu" not in sebelum
    assert "Sistem Perizinan Terpadu" in sesudah


def test_saving_an_application_invalidates_the_cache(client, operator_a, opd_a):
    client.get(reverse("publik"))
    arsitektur_services.aplikasi_save(
        aplikasi=Aplikasi(opd=opd_a, nama="E-Office"), user=operator_a
    )

    assert "E-Office" in client.get(reverse("publik")).content.decode()


@pytest.mark.parametrize(
    "params",
    [{"q": "simpeg"}, {"halaman": "999999"}, {"halaman": "abc"}, {"utm_source": "x"}],
)
def test_searches_and_odd_parameters_are_not_cached(client, opd_a, params):
    """The key space stays bounded: only plain pages 1..CACHE_HALAMAN are stored."""
    Aplikasi.objects.create(opd=opd_a, nama="SIMPEG Sulbar")
    client.get(reverse("publik"), params)

    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("publik"), params)

    assert response.status_code == 200 and len(ctx.captured_queries) > 0


def test_the_cached_page_carries_nothing_of_the_user_who_built_it(client, admin_user, opd_a):
    client.force_login(admin_user)
    client.get(reverse("publik"))
    client.logout()

    html = client.get(reverse("publik")).content.decode()

    assert admin_user.nama not in html and admin_user.username not in html
    assert "csrfmiddlewaretoken" not in html


def test_the_public_page_works_when_the_cache_is_down(client, settings, opd_a):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens on port 1
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }

    response = client.get(reverse("publik"))

    assert response.status_code == 200 and opd_a.nama in response.content.decode()


@pytest.mark.parametrize(
    ("redis_url", "backend"),
    [
        ("redis://127.0.0.1:6379/15", "django.core.cache.backends.redis.RedisCache"),
        ("", "django.core.cache.backends.locmem.LocMemCache"),
    ],
)
def test_the_cache_is_redis_shared_by_replicas_when_redis_url_is_set(redis_url, backend):
    kode = (
        "import django; django.setup(); from django.core.cache import caches;"
        "c = caches['default']; print(f'{type(c).__module__}.{type(c).__name__}')"
    )
    env = {"DJANGO_SETTINGS_MODULE": "spbe_portal.settings", "REDIS_URL": redis_url, "DEBUG": "1"}
    out = subprocess.run(
        [sys.executable, "-c", kode],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.strip() == backend
