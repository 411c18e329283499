"""Hostile probes of the network agenda (issue 18): another OPD's ids, read-only roles,
crafted MRTG logs, formula-looking text in the exports, odd dates and query params.
Each probe finding is kept as a regression test beside the hardening checks."""

import gzip
import io
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from evaluasi.dokumen import services as dokumen_services
from jaringan.models import (
    Gangguan,
    JawabanStandar,
    JenisKoneksi,
    Koneksi,
    TrafikHarian,
    UnggahMrtg,
)
from jaringan.mrtg import services as mrtg_services
from jaringan.standar import services as standar_services
from tests.conftest import PDF_BYTES
from tests.factories import OpdFactory
from tests.jaringan.gangguan_pabrik import buat_gangguan
from tests.jaringan.mrtg_pembuat import log_mrtg, tetap, waktu

pytestmark = pytest.mark.django_db

WITA = ZoneInfo("Asia/Makassar")
RUMUS = ('=HYPERLINK("http://x.invalid","klik")', "+cmd|' /C calc'!A0", "@SUM(1+1)", "-2+3")


def koneksi_buat(opd, nama="Internet utama", tahun=2026, bandwidth=100, penyedia=""):
    return Koneksi.objects.create(
        opd=opd,
        tahun=tahun,
        nama=nama,
        jenis=JenisKoneksi.DISKOMINFO,
        penyedia=penyedia,
        bandwidth_mbps=bandwidth,
    )


def unggah(client, opd, koneksi, data, nama="router.log"):
    return client.post(
        reverse("jaringan:mrtg_unggah", args=[opd.pk]),
        {"koneksi": koneksi.pk, "berkas": SimpleUploadedFile(nama, data)},
    )


def nilai_sel(content: bytes) -> set:
    wb = load_workbook(io.BytesIO(content))
    return {c.value for ws in wb.worksheets for row in ws.iter_rows() for c in row}


def tanpa_rumus(content: bytes) -> list:
    wb = load_workbook(io.BytesIO(content))
    return [
        (ws.title, c.coordinate, c.value)
        for ws in wb.worksheets
        for row in ws.iter_rows()
        for c in row
        if c.data_type == "f"
    ]


TIGA_HARI = log_mrtg(waktu(2026, 11, 4), [(300, 3 * 288)], tetap(2_000_000, 500_000))


# --- MRTG: crafted files ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(b"\x00" * 100, id="nul"),
        pytest.param(TIGA_HARI.decode().encode("utf-16"), id="utf16"),
        pytest.param(gzip.compress(TIGA_HARI), id="gzip"),
        pytest.param(b"", id="kosong"),
        pytest.param(b"9" * 5000 + b" 1 1\n", id="angka-raksasa"),
        pytest.param(b"253402300799 1 1\n253402300700 1 1 1 1\n253402300600 1 1 1 1\n", id="9999"),
        pytest.param(b"-100 1 1\n-200 1 1 1 1\n-300 1 1 1 1\n", id="negatif"),
        pytest.param(b"1790000000 1 1\n" + b"x" * 4_000_000 + b"\n", id="baris-panjang"),
        pytest.param(
            b"1790000000 1 1\n1789999700 nan inf 1e400 -inf\n1789999400 NaN sNaN 1 1\n",
            id="nan-inf",
        ),
        pytest.param(b"\xef\xbb\xbf" + b"\xff\xfe", id="bukan-utf8"),
    ],
)
def test_mrtg_crafted_file_gets_a_clear_message(client, operator_a, opd_a, data):
    koneksi = koneksi_buat(opd_a)
    client.force_login(operator_a)
    response = unggah(client, opd_a, koneksi, data)
    assert response.status_code == 200
    assert response.context["form"].errors["berkas"]
    assert not UnggahMrtg.objects.exists()


def test_mrtg_crlf_and_overflow_values_are_read_or_skipped(client, operator_a, opd_a):
    """CRLF line ends are read; 1e400 and negative rates are counter resets, not a 500."""
    teks = TIGA_HARI.decode().splitlines()
    teks[5] = teks[5].split()[0] + " 1e400 1 1e400 1"
    teks[6] = teks[6].split()[0] + " -5 1 1 1"
    data = ("\r\n".join(teks) + "\r\n").encode()
    koneksi = koneksi_buat(opd_a)
    client.force_login(operator_a)
    response = unggah(client, opd_a, koneksi, data)
    assert response.status_code == 302
    u = UnggahMrtg.objects.get()
    assert u.baris_reset == 2
    assert TrafikHarian.objects.filter(koneksi=koneksi).count() == 3


def test_mrtg_many_garbage_lines_within_the_limit(client, operator_a, opd_a):
    """~1.6 million garbage lines (4.9 MB) are refused or read without a 500."""
    baris = TIGA_HARI.decode().splitlines()
    data = ("\n".join(baris[:3]) + "\n").encode() + b"x\n" * 1_600_000
    koneksi = koneksi_buat(opd_a)
    client.force_login(operator_a)
    response = unggah(client, opd_a, koneksi, data)
    assert response.status_code in (200, 302)


def test_mrtg_gap_seconds_fit_the_column(client, operator_a, opd_a):
    koneksi = koneksi_buat(opd_a, tahun=2099)
    akhir = waktu(2099, 6, 2)
    baris = [f"{akhir} 1 1"]
    baris += [f"{akhir - i * 300} 1000 1000 2000 2000" for i in range(0, 5)]
    baris.append(f"{waktu(2000, 1, 2)} 1000 1000 2000 2000")
    client.force_login(operator_a)
    response = unggah(client, opd_a, koneksi, ("\n".join(baris) + "\n").encode())
    assert response.status_code in (200, 302)
    u = UnggahMrtg.objects.filter(koneksi=koneksi).first()
    # The gap runs from 2000 to the oldest of the five lines: stored whole (64-bit column).
    assert u is not None
    assert u.detik_celah == (akhir - 4 * 300) - waktu(2000, 1, 2)


def test_mrtg_upload_for_another_opds_link(client, operator_a, opd_a, opd_b):
    koneksi_b = koneksi_buat(opd_b)
    client.force_login(operator_a)
    # Through the own OPD's page: the link is no choice.
    response = unggah(client, opd_a, koneksi_b, TIGA_HARI)
    assert response.status_code == 200
    assert response.context["form"].errors["koneksi"]
    # Through the other OPD's page: 404.
    assert unggah(client, opd_b, koneksi_b, TIGA_HARI).status_code == 404
    assert not UnggahMrtg.objects.exists()


def test_mrtg_download_and_chart_of_another_opd_is_404(client, operator_a, opd_b, operator_b):
    koneksi_b = koneksi_buat(opd_b)
    hasil = mrtg_services.unggah_simpan(
        koneksi=koneksi_b, data=TIGA_HARI, nama="b.log", user=operator_b
    )
    client.force_login(operator_a)
    assert client.get(reverse("jaringan:mrtg_unduh", args=[hasil.unggah.pk])).status_code == 404
    assert client.get(reverse("jaringan:mrtg_trafik", args=[koneksi_b.pk])).status_code == 404
    response = client.get(reverse("jaringan:mrtg_ringkasan"), {"tahun": 2026})
    assert response.status_code == 200
    assert all(b["koneksi"].opd_id != opd_b.pk for b in response.context["baris"])


def test_mrtg_pimpinan_and_evaluator_cannot_upload(client, pimpinan, evaluator, opd_a):
    koneksi = koneksi_buat(opd_a)
    for user in (pimpinan, evaluator):
        client.force_login(user)
        assert unggah(client, opd_a, koneksi, TIGA_HARI).status_code == 403
    assert not UnggahMrtg.objects.exists()


@pytest.mark.parametrize(
    "tahun",
    ["99999999999999999999999", "-1", "0", "1e9", "２０２６", "32768", "9223372036854775808"],
)
def test_mrtg_overview_odd_year_param(client, admin_user, opd_a, tahun):
    koneksi_buat(opd_a)
    client.force_login(admin_user)
    assert client.get(reverse("jaringan:mrtg_ringkasan"), {"tahun": tahun}).status_code == 200


@pytest.mark.parametrize(
    "bulan",
    [
        "9999-12",
        "0-1",
        "2026-13",
        "2026-0",
        "-2026-1",
        "2026",
        "a-b",
        "99999999999-1",
        "2026-99999999999",
    ],
)
def test_mrtg_traffic_odd_month_param(client, admin_user, opd_a, bulan):
    koneksi = koneksi_buat(opd_a)
    mrtg_services.unggah_simpan(koneksi=koneksi, data=TIGA_HARI, nama="a.log", user=admin_user)
    client.force_login(admin_user)
    url = reverse("jaringan:mrtg_trafik", args=[koneksi.pk])
    assert client.get(url, {"bulan": bulan}).status_code == 200


# --- Disruptions -------------------------------------------------------------------------------


def _isian_gangguan(opd, **over):
    mulai = timezone.localtime() - timedelta(hours=3)
    data = {
        "opd": opd.pk,
        "mulai": mulai.strftime("%Y-%m-%dT%H:%M"),
        "selesai": (mulai + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
        "layanan": "Internet kantor",
        "penyebab": "isp",
        "tindakan": "",
        "nama_pelapor": "",
    }
    data.update(over)
    return data


def test_gangguan_operator_posts_another_opd(client, operator_a, opd_a, opd_b):
    koneksi_b = koneksi_buat(opd_b)
    client.force_login(operator_a)
    url = reverse("jaringan:gangguan_tambah")
    r = client.post(url, _isian_gangguan(opd_b))
    assert r.status_code == 200 and r.context["form"].errors["opd"]
    r = client.post(url, _isian_gangguan(opd_a, koneksi=koneksi_b.pk))
    assert r.status_code == 200 and r.context["form"].errors["koneksi"]
    assert not Gangguan.objects.exists()


def test_gangguan_operator_moves_own_disruption_to_another_opd(
    client, operator_a, opd_a, opd_b, operator_b
):
    g = buat_gangguan(opd_a, operator_a)
    gb = buat_gangguan(opd_b, operator_b)
    client.force_login(operator_a)
    r = client.post(reverse("jaringan:gangguan_ubah", args=[g.pk]), _isian_gangguan(opd_b))
    assert r.status_code == 200 and r.context["form"].errors["opd"]
    g.refresh_from_db()
    assert g.opd_id == opd_a.pk
    for name in ("gangguan_ubah", "gangguan_selesai", "gangguan_hapus", "gangguan_detail"):
        method = client.get if name == "gangguan_detail" else client.post
        assert method(reverse(f"jaringan:{name}", args=[gb.pk])).status_code == 404


def test_gangguan_read_only_roles_cannot_write(client, pimpinan, evaluator, opd_a, operator_a):
    g = buat_gangguan(opd_a, operator_a, selesai=None)
    for user in (pimpinan, evaluator):
        client.force_login(user)
        assert (
            client.post(reverse("jaringan:gangguan_tambah"), _isian_gangguan(opd_a)).status_code
            == 403
        )
        for name in ("gangguan_ubah", "gangguan_selesai", "gangguan_hapus"):
            assert client.post(reverse(f"jaringan:{name}", args=[g.pk])).status_code == 403
    g.refresh_from_db()
    assert g.selesai is None
    assert Gangguan.objects.count() == 1


@pytest.mark.parametrize(
    "mulai,selesai",
    [
        ("0001-01-01T00:00", "0001-01-01T01:00"),
        ("9999-12-31T23:59", ""),
        ("2026-11-02T10:00", "2026-11-01T10:00"),
        ("2026-11-02T10:00", "9999-12-31T23:59"),
        ("1999-12-31T23:59", "2000-01-01T00:00"),
        ("2026-02-30T10:00", "2026-03-01T10:00"),
        ("2026-11-02T25:00", ""),
        ("99999-01-01T00:00", ""),
    ],
)
def test_gangguan_odd_dates_get_form_errors(client, operator_a, opd_a, mulai, selesai):
    client.force_login(operator_a)
    r = client.post(
        reverse("jaringan:gangguan_tambah"), _isian_gangguan(opd_a, mulai=mulai, selesai=selesai)
    )
    assert r.status_code == 200
    assert r.context["form"].errors
    assert not Gangguan.objects.exists()


def test_gangguan_selesai_odd_dates(client, operator_a, opd_a):
    g = buat_gangguan(opd_a, operator_a, selesai=None)
    client.force_login(operator_a)
    url = reverse("jaringan:gangguan_selesai", args=[g.pk])
    for selesai in ("0001-01-01T00:00", "9999-12-31T23:59", "x", ""):
        assert client.post(url, {"selesai": selesai}).status_code == 200
    g.refresh_from_db()
    assert g.selesai is None


@pytest.mark.parametrize("bulan", ["9999-12", "0000-01", "2026-13", "１２３４-01", "2100-12"])
def test_gangguan_recap_odd_month(client, admin_user, bulan):
    client.force_login(admin_user)
    for name in ("gangguan_rekap", "gangguan_rekap_xlsx", "gangguan"):
        assert client.get(reverse(f"jaringan:{name}"), {"bulan": bulan}).status_code == 200


def test_gangguan_xlsx_has_no_formulas(client, admin_user, operator_a):
    opd = OpdFactory(nama=RUMUS[0], singkatan=RUMUS[3])
    koneksi = koneksi_buat(opd, nama=RUMUS[2])
    kemarin = timezone.localtime() - timedelta(days=1)
    for teks in RUMUS:
        buat_gangguan(
            opd,
            admin_user,
            mulai=kemarin,
            layanan=teks,
            penyebab="lainnya",
            penyebab_lain=teks,
            tindakan=teks,
            nama_pelapor=teks,
            koneksi=koneksi,
        )
    client.force_login(admin_user)
    r = client.get(reverse("jaringan:gangguan_rekap_xlsx"), {"bulan": f"{kemarin:%Y-%m}"})
    assert r.status_code == 200
    assert tanpa_rumus(r.content) == []
    assert {RUMUS[0], RUMUS[1], RUMUS[2]} <= nilai_sel(r.content)


def test_gangguan_list_query_count_flat(client, admin_user, django_assert_max_num_queries):
    def isi(n):
        for i in range(n):
            opd = OpdFactory()
            buat_gangguan(opd, admin_user, koneksi=koneksi_buat(opd, nama=f"K{i}"))

    client.force_login(admin_user)
    isi(2)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("jaringan:gangguan")).status_code == 200
    isi(20)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("jaringan:gangguan")).status_code == 200


# --- The standard ---------------------------------------------------------------------------


@pytest.fixture
def standar(admin_user):
    s = standar_services.standar_buat(tahun=2026, user=admin_user)
    standar_services.butir_simpan(standar=s, user=admin_user, uraian="Router", bukti_wajib=True)
    return s


def test_standar_checklist_with_another_opds_document_or_year(
    client, standar, admin_user, operator_a, opd_a, operator_b, opd_b
):
    butir = standar.butir.get()
    lain = standar_services.standar_buat(tahun=2025, user=admin_user)
    butir_lain = standar_services.butir_simpan(standar=lain, user=admin_user, uraian="Lama")
    dok_b = dokumen_services.dokumen_buat(
        opd_id=opd_b.pk, user=operator_b, data=PDF_BYTES, nama="b.pdf"
    )
    client.force_login(operator_a)
    url = reverse("jaringan:standar_pemeriksaan", kwargs={"tahun": 2026, "opd": opd_a.pk})
    r = client.post(
        url,
        {
            f"terpenuhi_{butir.pk}": "ya",
            f"dokumen_{butir.pk}": str(dok_b.pk),
            f"terpenuhi_{butir_lain.pk}": "ya",
        },
    )
    assert r.status_code == 200
    assert not JawabanStandar.objects.exists()
    # Another OPD's page: 404 for GET and POST.
    url_b = reverse("jaringan:standar_pemeriksaan", kwargs={"tahun": 2026, "opd": opd_b.pk})
    assert client.get(url_b).status_code == 404
    assert client.post(url_b, {f"terpenuhi_{butir.pk}": "ya"}).status_code == 404


def test_standar_koneksi_of_another_opd(client, standar, operator_a, opd_b, pimpinan, evaluator):
    k = koneksi_buat(opd_b)
    client.force_login(operator_a)
    data = {"nama": "X", "jenis": "diskominfo", "penyedia": "", "bandwidth_mbps": "10"}
    assert (
        client.post(reverse("jaringan:standar_koneksi_ubah", args=[k.pk]), data).status_code == 404
    )
    assert client.post(reverse("jaringan:standar_koneksi_hapus", args=[k.pk])).status_code == 404
    tambah = reverse("jaringan:standar_koneksi_tambah", kwargs={"tahun": 2026, "opd": opd_b.pk})
    assert client.post(tambah, data).status_code == 404
    for user, kode in ((pimpinan, 403), (evaluator, 403)):
        client.force_login(user)
        assert (
            client.post(reverse("jaringan:standar_koneksi_ubah", args=[k.pk]), data).status_code
            == kode
        )
        assert (
            client.post(reverse("jaringan:standar_koneksi_hapus", args=[k.pk])).status_code == kode
        )
    k.refresh_from_db()
    assert k.nama == "Internet utama"


@pytest.mark.parametrize("bandwidth", ["1e400", "NaN", "inf", "-1", "99999999999999999999", "0"])
def test_standar_koneksi_odd_bandwidth(client, standar, operator_a, opd_a, bandwidth):
    client.force_login(operator_a)
    tambah = reverse("jaringan:standar_koneksi_tambah", kwargs={"tahun": 2026, "opd": opd_a.pk})
    data = {"nama": "X", "jenis": "diskominfo", "penyedia": "", "bandwidth_mbps": bandwidth}
    r = client.post(tambah, data)
    assert r.status_code == 200
    assert not Koneksi.objects.exists()


def test_standar_rekap_xlsx_has_no_formulas(client, standar, admin_user):
    for i, teks in enumerate(RUMUS):
        opd = OpdFactory(nama=teks)
        koneksi_buat(opd, nama=teks, penyedia=RUMUS[(i + 1) % len(RUMUS)])
    standar_services.butir_simpan(standar=standar, user=admin_user, uraian=RUMUS[0])
    client.force_login(admin_user)
    r = client.get(reverse("jaringan:standar_rekap_xlsx", kwargs={"tahun": 2026}))
    assert r.status_code == 200
    assert tanpa_rumus(r.content) == []
    assert set(RUMUS) <= nilai_sel(r.content)


def test_standar_rekap_query_count_flat(client, standar, admin_user, django_assert_max_num_queries):
    client.force_login(admin_user)

    def isi(n):
        for i in range(n):
            koneksi_buat(OpdFactory(), nama=f"K{i}")

    isi(2)
    url = reverse("jaringan:standar_rekap", kwargs={"tahun": 2026})
    with django_assert_max_num_queries(12):
        assert client.get(url, {"status": "semua"}).status_code == 200
    isi(25)
    with django_assert_max_num_queries(12):
        assert client.get(url, {"status": "semua"}).status_code == 200


BESAR = 99999999999999999999999


@pytest.mark.parametrize(
    "name,kwargs",
    [
        ("standar_rekap", {"tahun": BESAR}),
        ("standar_rekap_xlsx", {"tahun": BESAR}),
        ("standar_pemeriksaan", {"tahun": 2026, "opd": BESAR}),
        ("standar_pemeriksaan", {"tahun": BESAR, "opd": 1}),
        ("standar", {"pk": BESAR}),
        ("gangguan_detail", {"pk": BESAR}),
        ("mrtg_trafik", {"pk": BESAR}),
        ("mrtg_unduh", {"pk": BESAR}),
    ],
)
def test_huge_ids_in_urls_are_404(client, admin_user, standar, name, kwargs):
    client.force_login(admin_user)
    assert client.get(reverse(f"jaringan:{name}", kwargs=kwargs)).status_code == 404


def test_deleting_a_link_in_use_is_a_message(client, standar, operator_a, opd_a):
    koneksi = koneksi_buat(opd_a)
    mrtg_services.unggah_simpan(koneksi=koneksi, data=TIGA_HARI, nama="a.log", user=operator_a)
    client.force_login(operator_a)
    r = client.post(reverse("jaringan:standar_koneksi_hapus", args=[koneksi.pk]))
    assert r.status_code == 302
    assert Koneksi.objects.filter(pk=koneksi.pk).exists()


@pytest.mark.parametrize("urutan", ["99999999999999999999", "-1", "1e3"])
def test_item_order_out_of_range_is_a_form_error(client, standar, admin_user, urutan):
    client.force_login(admin_user)
    url = reverse("jaringan:standar_butir_tambah", args=[standar.pk])
    r = client.post(url, {"urutan": urutan, "uraian": "Firewall", "wajib": "on"})
    assert r.status_code == 200 and r.context["form"].errors


def test_mrtg_download_name_cannot_break_the_header(client, operator_a, opd_a):
    koneksi = koneksi_buat(opd_a)
    client.force_login(operator_a)
    nama = 'a";\r\nSet-Cookie: x=1;.log'
    r = unggah(client, opd_a, koneksi, TIGA_HARI, nama=nama)
    assert r.status_code in (200, 302)
    u = UnggahMrtg.objects.first()
    if u is not None:
        r = client.get(reverse("jaringan:mrtg_unduh", args=[u.pk]))
        assert r.status_code == 200
        assert "Set-Cookie" not in r.headers
        assert "\n" not in r.headers["Content-Disposition"]


def test_standar_readonly_roles_cannot_answer(client, standar, pimpinan, evaluator, opd_a):
    butir = standar.butir.get()
    url = reverse("jaringan:standar_pemeriksaan", kwargs={"tahun": 2026, "opd": opd_a.pk})
    for user in (pimpinan, evaluator):
        client.force_login(user)
        assert client.post(url, {f"terpenuhi_{butir.pk}": "ya"}).status_code == 403
    client.force_login(pimpinan)
    assert client.get(url).status_code == 200
    assert not JawabanStandar.objects.exists()


def test_standar_pages_query_count_flat(
    client, standar, admin_user, operator_a, opd_a, django_assert_max_num_queries
):
    def isi(n, awal):
        for i in range(n):
            b = standar_services.butir_simpan(
                standar=standar, user=admin_user, uraian=f"B{awal + i}"
            )
            koneksi_buat(opd_a, nama=f"K{awal + i}")
            standar_services.jawaban_simpan(
                opd=opd_a, standar=standar, user=operator_a, isian={b.pk: {"terpenuhi": True}}
            )
            standar_services.standar_buat(tahun=2000 + awal + i, user=admin_user)

    client.force_login(admin_user)
    urls = [
        reverse("jaringan:standar_daftar"),
        reverse("jaringan:standar", args=[standar.pk]),
        reverse("jaringan:standar_pemeriksaan", kwargs={"tahun": 2026, "opd": opd_a.pk}),
    ]
    isi(2, 0)
    for url in urls:
        with django_assert_max_num_queries(14):
            assert client.get(url).status_code == 200
    isi(20, 2)
    for url in urls:
        with django_assert_max_num_queries(14):
            assert client.get(url).status_code == 200


def test_gangguan_detail_and_mrtg_pages_query_count_flat(
    client, admin_user, operator_a, opd_a, django_assert_max_num_queries
):
    g = buat_gangguan(opd_a, operator_a)
    koneksi = koneksi_buat(opd_a)

    def isi(n, awal):
        for i in range(n):
            g.layanan = f"L{awal + i}"
            g.save()
            data = log_mrtg(waktu(2026, 11, 4 + awal + i), [(300, 288)], tetap(1000 + i, 500))
            mrtg_services.unggah_simpan(koneksi=koneksi, data=data, nama="a.log", user=operator_a)

    client.force_login(admin_user)
    urls = [
        reverse("jaringan:gangguan_detail", args=[g.pk]),
        reverse("jaringan:mrtg_trafik", args=[koneksi.pk]) + "?bulan=2026-11",
    ]
    isi(2, 0)
    for url in urls:
        with django_assert_max_num_queries(12):
            assert client.get(url).status_code == 200
    isi(15, 2)
    for url in urls:
        with django_assert_max_num_queries(12):
            assert client.get(url).status_code == 200


def test_operator_recaps_hold_only_their_own_opd(client, standar, operator_a, opd_a, opd_b):
    koneksi_buat(opd_b, nama="Tautan rahasia B")
    buat_gangguan(opd_b, operator_a, layanan="Layanan rahasia B")
    client.force_login(operator_a)
    r = client.get(reverse("jaringan:standar_rekap_xlsx", kwargs={"tahun": 2026}))
    nilai = nilai_sel(r.content)
    assert opd_a.nama in nilai and opd_b.nama not in nilai
    bulan = f"{timezone.localtime() - timedelta(hours=3):%Y-%m}"
    r = client.get(reverse("jaringan:gangguan_rekap_xlsx"), {"bulan": bulan})
    nilai = nilai_sel(r.content)
    assert opd_b.nama not in nilai and "Layanan rahasia B" not in nilai
    html = client.get(reverse("jaringan:gangguan_rekap"), {"bulan": bulan}).content.decode()
    assert opd_b.nama not in html


def test_mrtg_garbage_lines_do_not_amplify_memory():
    import tracemalloc

    from jaringan.mrtg import log

    t0 = waktu(2026, 11, 4)
    data = f"{t0} 1 1\n{t0} 1 1 1 1\n{t0 - 300} 1 1 1 1\n".encode() + b"ab\n" * 1_700_000
    data = data[: 5 * 1024 * 1024]
    tracemalloc.start()
    try:
        hasil = log.baca(data, tz=WITA)
        _, puncak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert hasil.baris_data == 1
    # Generous: 40 × the file (a valid log of this size stays near 22 ×).
    assert puncak < 40 * len(data)


@pytest.mark.parametrize(
    "isi,nama",
    [
        (b"<html><script>alert(1)</script></html>", "bukti.pdf"),
        (b"", "kosong.pdf"),
        (PDF_BYTES, "x" * 300 + ".pdf"),
        (b"MZ\x90\x00" + b"\x00" * 100, "setup.pdf"),
    ],
)
def test_checklist_upload_of_a_crafted_file_is_a_message(
    client, standar, operator_a, opd_a, isi, nama
):
    butir = standar.butir.get()
    client.force_login(operator_a)
    url = reverse("jaringan:standar_pemeriksaan", kwargs={"tahun": 2026, "opd": opd_a.pk})
    r = client.post(
        url, {f"terpenuhi_{butir.pk}": "ya", f"berkas_{butir.pk}": SimpleUploadedFile(nama, isi)}
    )
    assert r.status_code in (200, 302)
    assert not JawabanStandar.objects.filter(bukti__isnull=False).exists()


def test_confidential_evidence_title_is_not_shown_to_pimpinan(
    client, standar, operator_a, opd_a, pimpinan
):
    butir = standar.butir.get()
    dok = dokumen_services.dokumen_buat(
        opd_id=opd_a.pk,
        user=operator_a,
        data=PDF_BYTES,
        nama="x.pdf",
        judul="Sandi router RahasiaXYZ",
        rahasia=True,
    )
    standar_services.jawaban_simpan(
        opd=opd_a,
        standar=standar,
        user=operator_a,
        isian={butir.pk: {"terpenuhi": True, "versi": dok.versi.get()}},
    )
    client.force_login(pimpinan)
    url = reverse("jaringan:standar_pemeriksaan", kwargs={"tahun": 2026, "opd": opd_a.pk})
    r = client.get(url)
    assert r.status_code == 200
    versi = dok.versi.get()
    assert client.get(reverse("evaluasi:dokumen_versi_unduh", args=[versi.pk])).status_code in (
        403,
        404,
    )
    assert "RahasiaXYZ" not in r.content.decode()


@pytest.mark.parametrize("nilai", ["a\x00b", "99999999999999999999999", "-1", ""])
def test_odd_initial_link_on_the_upload_page(client, operator_a, opd_a, nilai):
    koneksi_buat(opd_a)
    client.force_login(operator_a)
    url = reverse("jaringan:mrtg_unggah", args=[opd_a.pk])
    assert client.get(url, {"koneksi": nilai}).status_code == 200
    r = client.post(url, {"koneksi": nilai, "berkas": SimpleUploadedFile("a.log", TIGA_HARI)})
    assert r.status_code == 200 and r.context["form"].errors["koneksi"]


@pytest.mark.parametrize("nilai", ["a\x00b", "99999999999999999999999", "1.5"])
def test_odd_ids_in_checklist_and_disruption_forms(client, standar, operator_a, opd_a, nilai):
    butir = standar.butir.get()
    client.force_login(operator_a)
    url = reverse("jaringan:standar_pemeriksaan", kwargs={"tahun": 2026, "opd": opd_a.pk})
    r = client.post(url, {f"terpenuhi_{butir.pk}": "ya", f"dokumen_{butir.pk}": nilai})
    assert r.status_code == 200
    r = client.post(
        reverse("jaringan:gangguan_tambah"),
        {**_isian_gangguan(opd_a), "opd": nilai, "koneksi": nilai, "kunci": nilai},
    )
    assert r.status_code == 200 and r.context["form"].errors
    assert not JawabanStandar.objects.exists() and not Gangguan.objects.exists()
