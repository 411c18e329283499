"""Uploading MRTG logs: storing, merging overlapping uploads, the identical file again,
refusals that change nothing, another OPD's link, and the pages."""

import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from jaringan.models import JenisKoneksi, Koneksi, TrafikHarian, UnggahMrtg
from jaringan.mrtg import services
from tests.factories import OpdFactory
from tests.jaringan.mrtg_pembuat import log_mrtg, per_hari, tetap, waktu

pytestmark = pytest.mark.django_db


def buat_koneksi(opd, nama="Internet utama", bandwidth=100, tahun=2026):
    return Koneksi.objects.create(
        opd=opd, tahun=tahun, nama=nama, jenis=JenisKoneksi.DISKOMINFO, bandwidth_mbps=bandwidth
    )


def berkas_tersimpan():
    akar = Path(settings.PRIVATE_ROOT) / "mrtg"
    return sorted(akar.rglob("*.log")) if akar.exists() else []


def unggah(client, opd, koneksi, data, nama="router.log"):
    return client.post(
        reverse("jaringan:mrtg_unggah", args=[opd.pk]),
        {"koneksi": koneksi.pk, "berkas": SimpleUploadedFile(nama, data)},
    )


# 1–3 Nov 2026 at 2,000,000 / 500,000 B/s (16 / 4 Mbit/s), 5-minute lines.
TIGA_HARI = log_mrtg(waktu(2026, 11, 4), [(300, 3 * 288)], tetap(2_000_000, 500_000))


def test_operator_uploads_and_the_days_are_stored(client, operator_a, opd_a):
    koneksi = buat_koneksi(opd_a)
    client.force_login(operator_a)

    response = unggah(client, opd_a, koneksi, TIGA_HARI)

    assert response.status_code == 302
    assert response.url == reverse("jaringan:mrtg_trafik", args=[koneksi.pk]) + "?bulan=2026-11"
    hari = list(TrafikHarian.objects.filter(koneksi=koneksi).order_by("tanggal"))
    assert [h.tanggal for h in hari] == [date(2026, 11, d) for d in (1, 2, 3)]
    assert {(h.avg_in, h.avg_out, h.max_in, h.detik_tercakup) for h in hari} == {
        (Decimal(2_000_000), Decimal(500_000), Decimal(4_000_000), 86_400)
    }
    u = UnggahMrtg.objects.get()
    assert (u.nama_asli, u.ukuran, u.diunggah_oleh, u.jumlah_hari) == (
        "router.log",
        len(TIGA_HARI),
        operator_a,
        3,
    )
    assert (Path(settings.PRIVATE_ROOT) / u.path).read_bytes() == TIGA_HARI

    page = client.get(response.url)
    teks = page.content.decode()
    assert "3 hari (2026-11-01 s.d. 2026-11-03): rata-rata masuk 16,00 Mbit/s" in teks
    assert '<svg id="grafik-mrtg" role="img"' in teks and '<title id="grafik-judul">' in teks
    assert "16,0%" in teks and "32,0%" in teks  # utilisation of average and peak on 100 Mbps
    assert "peringatan-padat" not in teks
    # SVG coordinates with a decimal point whatever the locale prints numbers with.
    svg = teks[teks.index("<svg") : teks.index("</svg>")]
    koordinat = re.findall(r' (?:x|y|x1|x2|y1|y2)="([^"]*)"', svg)
    assert koordinat and all(re.fullmatch(r"-?\d+(\.\d+)?", k) for k in koordinat)


def test_identical_file_again_changes_nothing(client, operator_a, opd_a):
    koneksi = buat_koneksi(opd_a)
    client.force_login(operator_a)
    unggah(client, opd_a, koneksi, TIGA_HARI)
    sebelum = list(TrafikHarian.objects.values_list("pk", "unggah_id", "avg_in"))

    response = unggah(client, opd_a, koneksi, TIGA_HARI, nama="salinan.log")

    assert UnggahMrtg.objects.count() == 1 and len(berkas_tersimpan()) == 1
    assert list(TrafikHarian.objects.values_list("pk", "unggah_id", "avg_in")) == sebelum
    pesan = [str(m) for m in client.get(response.url).context["messages"]]
    assert any("tidak ada yang berubah" in m for m in pesan)


def test_two_clicks_at_once_store_the_file_once(operator_a, opd_a):
    koneksi = buat_koneksi(opd_a)

    pertama = services.unggah_simpan(koneksi=koneksi, data=TIGA_HARI, nama="a.log", user=operator_a)
    kedua = services.unggah_simpan(koneksi=koneksi, data=TIGA_HARI, nama="a.log", user=operator_a)

    assert pertama.baru and not kedua.baru and kedua.unggah == pertama.unggah
    assert TrafikHarian.objects.count() == 3


def test_overlap_keeps_more_coverage_and_the_newer_on_a_tie(operator_a, opd_a):
    koneksi = buat_koneksi(opd_a)
    services.unggah_simpan(koneksi=koneksi, data=TIGA_HARI, nama="a.log", user=operator_a)
    # 3 Nov from 12:00 (half a day) and 4 Nov whole, at 1,000,000 B/s.
    separuh = log_mrtg(waktu(2026, 11, 5), [(300, 288 + 144)], tetap(1_000_000, 100))
    hasil = services.unggah_simpan(koneksi=koneksi, data=separuh, nama="b.log", user=operator_a)

    hari = {h.tanggal.day: h for h in TrafikHarian.objects.filter(koneksi=koneksi)}
    assert hari[3].avg_in == 2_000_000 and hari[3].detik_tercakup == 86_400  # A covers more
    assert hari[4].avg_in == 1_000_000 and hari[4].unggah == hasil.unggah
    assert hasil.unggah.hari_dipakai == 1

    # The whole of 2–3 Nov again at another rate: equal coverage, the newer upload wins.
    ulang = log_mrtg(waktu(2026, 11, 4), [(300, 2 * 288)], tetap(3_000_000, 100))
    services.unggah_simpan(koneksi=koneksi, data=ulang, nama="c.log", user=operator_a)
    hari = {h.tanggal.day: h.avg_in for h in TrafikHarian.objects.filter(koneksi=koneksi)}
    assert hari == {1: 2_000_000, 2: 3_000_000, 3: 3_000_000, 4: 1_000_000}


@pytest.mark.parametrize(
    ("data", "pesan"),
    [
        (b"", "kosong"),  # Django's own check answers first for an empty file
        (b"\x1f\x8b\x08\x00" + bytes(40), "gzip"),
        (b"%PDF-1.4\x00\x01", "bukan berkas teks"),
        (b"1798000000 1 2\n", "cukup baris data"),
        (b"ini,bukan,mrtg\n", "Baris pertama"),
    ],
)
def test_a_bad_file_gets_a_clear_message_and_changes_nothing(
    client, operator_a, opd_a, data, pesan
):
    koneksi = buat_koneksi(opd_a)
    client.force_login(operator_a)

    response = unggah(client, opd_a, koneksi, data)

    assert response.status_code == 200
    assert pesan in " ".join(response.context["form"].errors["berkas"])
    assert not UnggahMrtg.objects.exists() and not TrafikHarian.objects.exists()
    assert berkas_tersimpan() == []


def test_oversize_is_refused_from_the_upload_size(client, operator_a, opd_a, settings):
    settings.MRTG_MAX_BYTES = 1024
    koneksi = buat_koneksi(opd_a)
    client.force_login(operator_a)

    response = unggah(client, opd_a, koneksi, TIGA_HARI)

    assert "terlalu besar" in " ".join(response.context["form"].errors["berkas"])
    assert not UnggahMrtg.objects.exists()


def test_a_log_of_another_year_is_refused(operator_a, opd_a):
    koneksi = buat_koneksi(opd_a, tahun=2025)

    with pytest.raises(services.UnggahDitolak, match="tahun 2025"):
        services.unggah_simpan(koneksi=koneksi, data=TIGA_HARI, nama="a.log", user=operator_a)
    assert berkas_tersimpan() == []


def test_another_opds_link_is_not_a_choice(client, operator_a, opd_a, opd_b):
    buat_koneksi(opd_a)
    lain = buat_koneksi(opd_b)
    client.force_login(operator_a)

    response = unggah(client, opd_a, lain, TIGA_HARI)

    assert response.status_code == 200
    assert response.context["form"].errors["koneksi"] == ["Pilih salah satu koneksi OPD ini."]
    assert not TrafikHarian.objects.exists()
    # And another OPD's upload page is not there for this operator.
    assert unggah(client, opd_b, lain, TIGA_HARI).status_code == 404


def test_pimpinan_reads_but_cannot_upload(client, pimpinan, opd_a):
    koneksi = buat_koneksi(opd_a)
    client.force_login(pimpinan)

    assert client.get(reverse("jaringan:mrtg_trafik", args=[koneksi.pk])).status_code == 200
    assert unggah(client, opd_a, koneksi, TIGA_HARI).status_code == 403
    assert not UnggahMrtg.objects.exists()


def test_skipped_lines_are_reported_with_their_numbers(client, operator_a, opd_a):
    koneksi = buat_koneksi(opd_a)
    baris = TIGA_HARI.decode().splitlines()
    baris[3] = "sampah"
    baris[7] = f"{baris[7].split()[0]} -5 1 -5 1"
    client.force_login(operator_a)

    response = unggah(client, opd_a, koneksi, "\n".join(baris).encode())

    pesan = [str(m) for m in client.get(response.url).context["messages"]]
    assert "1 baris rusak dilewati (baris 4)." in pesan
    assert any("reset penghitung" in m and "(baris 8)" in m for m in pesan)
    assert UnggahMrtg.objects.get().baris_reset == 1


def test_near_saturation_is_highlighted(client, admin_user, opd_a):
    # 10 Mbps link at 1,125,000 B/s = 9 Mbit/s average (90%).
    koneksi = buat_koneksi(opd_a, bandwidth=10)
    services.unggah_simpan(
        koneksi=koneksi,
        data=log_mrtg(waktu(2026, 11, 3), [(300, 576)], tetap(1_125_000, 1000)),
        nama="a.log",
        user=admin_user,
    )
    client.force_login(admin_user)

    teks = client.get(reverse("jaringan:mrtg_trafik", args=[koneksi.pk])).content.decode()

    assert 'id="peringatan-padat"' in teks
    assert '<span class="badge text-bg-danger" id="utilisasi-rata">90,0%</span>' in teks
    ringkasan = client.get(reverse("jaringan:mrtg_ringkasan") + "?tahun=2026").content.decode()
    assert "badge text-bg-danger" in ringkasan and "90,0%" in ringkasan


def test_month_selector_and_an_unknown_month(client, admin_user, opd_a):
    koneksi = buat_koneksi(opd_a)
    # 30 Oct – 2 Nov: two months.
    laju = {30: (1000, 10), 31: (1000, 10), 1: (2000, 20), 2: (2000, 20)}
    data = log_mrtg(waktu(2026, 11, 3), [(7200, 48)], per_hari(laju))
    services.unggah_simpan(koneksi=koneksi, data=data, nama="a.log", user=admin_user)
    client.force_login(admin_user)
    url = reverse("jaringan:mrtg_trafik", args=[koneksi.pk])

    terbaru = client.get(url)
    oktober = client.get(url + "?bulan=2026-10")
    kosong = client.get(url + "?bulan=2026-03")
    rusak = client.get(url + "?bulan=abc")

    assert [h["tanggal"].day for h in terbaru.context["hari"]] == [1, 2]
    assert [h["tanggal"].day for h in oktober.context["hari"]] == [30, 31]
    assert kosong.context["hari"] == [] and "belum-ada-data" in kosong.content.decode()
    assert rusak.context["bulan"] == date(2026, 11, 1)


@pytest.mark.parametrize("jumlah", [2, 6])
def test_overview_query_count_is_flat(client, admin_user, django_assert_max_num_queries, jumlah):
    for i in range(jumlah):
        koneksi = buat_koneksi(OpdFactory(), nama=f"Internet {i}")
        services.unggah_simpan(koneksi=koneksi, data=TIGA_HARI, nama="a.log", user=admin_user)
    client.force_login(admin_user)

    with django_assert_max_num_queries(8):
        response = client.get(reverse("jaringan:mrtg_ringkasan") + "?tahun=2026")

    assert len([b for b in response.context["baris"] if b["r"]]) == jumlah
    assert response.context["baris"][0]["r"]["avg_in"] == "16,00"


def test_stored_logs_are_not_orphans_but_strays_are(operator_a, opd_a):
    from datetime import timedelta

    from spbe_portal.files import orphan_files

    koneksi = buat_koneksi(opd_a)
    u = services.unggah_simpan(koneksi=koneksi, data=TIGA_HARI, nama="a.log", user=operator_a)
    liar = Path(settings.PRIVATE_ROOT) / "mrtg" / "liar.log"
    liar.write_bytes(b"x")

    yatim = orphan_files(older_than=timedelta(seconds=-60))

    assert "mrtg/liar.log" in yatim
    assert u.unggah.path not in yatim


def test_the_original_log_downloads_as_uploaded(client, operator_a, operator_b, opd_a):
    koneksi = buat_koneksi(opd_a)
    u = services.unggah_simpan(koneksi=koneksi, data=TIGA_HARI, nama="asli.log", user=operator_a)
    url = reverse("jaringan:mrtg_unduh", args=[u.unggah.pk])
    client.force_login(operator_a)

    response = client.get(url)

    assert b"".join(response.streaming_content) == TIGA_HARI
    assert 'attachment; filename="asli.log"' in response["Content-Disposition"]
    client.force_login(operator_b)
    assert client.get(url).status_code == 404
