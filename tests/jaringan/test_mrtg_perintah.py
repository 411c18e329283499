"""`impor_mrtg` (one summary line, hand-computed) and the demo (idempotent)."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from jaringan.demo_mrtg import seed_mrtg_demo
from jaringan.models import JenisKoneksi, Koneksi, TrafikHarian, UnggahMrtg
from jaringan.mrtg import aturan, selectors
from opd.models import Peran
from tests.factories import OpdFactory, PenggunaFactory
from tests.jaringan.mrtg_pembuat import log_mrtg, per_hari, waktu

pytestmark = pytest.mark.django_db


def koneksi(opd, nama="Internet utama", tahun=2026):
    return Koneksi.objects.create(
        opd=opd, tahun=tahun, nama=nama, jenis=JenisKoneksi.DISKOMINFO, bandwidth_mbps=100
    )


def impor(*args):
    keluar = StringIO()
    call_command("impor_mrtg", *args, stdout=keluar)
    return keluar.getvalue()


@pytest.fixture
def berkas(tmp_path):
    # 1–4 Nov at 2-hour lines: in 1,000,000 / 2,000,000 / 3,000,000 / 4,000,000 B/s, out a
    # tenth; peaks twice the average.
    laju = {d: (d * 1_000_000, d * 100_000) for d in range(1, 5)}
    path = tmp_path / "kominfo.log"
    path.write_bytes(log_mrtg(waktu(2026, 11, 5), [(7200, 4 * 12)], per_hari(laju)))
    return path


def test_prints_one_hand_computed_line(berkas):
    opd = OpdFactory(kode="D-01")
    k = koneksi(opd)

    keluaran = impor("--opd", "D-01", "--tahun", "2026", str(berkas))

    # Average in: (1+2+3+4)/4 = 2.5 MB/s = 20 Mbit/s; out 2 Mbit/s; peak in 8 MB/s = 64 Mbit/s,
    # out 0.8 MB/s = 6.4 Mbit/s.
    assert keluaran == (
        "4 hari (2026-11-01 s.d. 2026-11-04): rata-rata masuk 20,00 Mbit/s, keluar 2,00 "
        "Mbit/s; puncak masuk 64,00 Mbit/s, keluar 6,40 Mbit/s\n"
    )
    assert TrafikHarian.objects.filter(koneksi=k).count() == 4
    assert UnggahMrtg.objects.get().diunggah_oleh is None

    again = impor("--opd", "D-01", "--tahun", "2026", str(berkas))
    assert "tidak ada yang berubah" in again and again.count("\n") == 1
    assert UnggahMrtg.objects.count() == 1


def test_several_links_need_a_name(berkas):
    opd = OpdFactory(kode="D-02")
    koneksi(opd)
    cadangan = koneksi(opd, nama="Cadangan")

    with pytest.raises(CommandError, match="beberapa koneksi.*--koneksi"):
        impor("--opd", "D-02", "--tahun", "2026", str(berkas))
    assert not UnggahMrtg.objects.exists()

    impor("--opd", "D-02", "--tahun", "2026", "--koneksi", "Cadangan", str(berkas))
    assert UnggahMrtg.objects.get().koneksi == cadangan


@pytest.mark.parametrize(
    ("args", "pesan"),
    [
        (["--opd", "TIDAK-ADA"], "tidak ditemukan"),
        (["--opd", "D-03", "--tahun", "2025"], "belum memiliki koneksi"),
        (["--opd", "D-03", "--tahun", "2026", "--koneksi", "Lain"], "Koneksi Lain"),
    ],
)
def test_unknown_opd_or_link_stores_nothing(berkas, args, pesan):
    koneksi(OpdFactory(kode="D-03"))

    with pytest.raises(CommandError, match=pesan):
        impor(*args, str(berkas))
    assert not UnggahMrtg.objects.exists()


def test_a_bad_file_stores_nothing(tmp_path):
    koneksi(OpdFactory(kode="D-04"))
    rusak = tmp_path / "rusak.log"
    rusak.write_bytes(b"\x1f\x8b\x08\x00" + bytes(30))

    with pytest.raises(CommandError, match="gzip"):
        impor("--opd", "D-04", "--tahun", "2026", str(rusak))
    with pytest.raises(CommandError, match="tidak ditemukan"):
        impor("--opd", "D-04", "--tahun", "2026", str(tmp_path / "hilang.log"))
    assert not UnggahMrtg.objects.exists() and not TrafikHarian.objects.exists()


def test_demo_runs_twice_without_change():
    kominfo, bkd = OpdFactory(singkatan="Diskominfopers"), OpdFactory(singkatan="BKD")
    PenggunaFactory(username="operator.kominfo", peran=Peran.OPERATOR, opd=kominfo)
    PenggunaFactory(username="operator.bkd", peran=Peran.OPERATOR, opd=bkd)

    pertama = seed_mrtg_demo(tahun=2026)
    jumlah = (UnggahMrtg.objects.count(), TrafikHarian.objects.count(), Koneksi.objects.count())
    kedua = seed_mrtg_demo(tahun=2026)

    assert "60 hari" in pertama and "Diskominfopers" in pertama
    assert "sudah ada" in kedua
    assert jumlah == (2, 120, 2)
    assert (
        UnggahMrtg.objects.count(),
        TrafikHarian.objects.count(),
        Koneksi.objects.count(),
    ) == jumlah
    utama = Koneksi.objects.get(opd=kominfo)
    assert (utama.nama, utama.jenis, utama.bandwidth_mbps) == ("Internet utama", "diskominfo", 100)
    # The second link runs near saturation, the first does not.
    jenuh = Koneksi.objects.get(opd=bkd)
    bulan = selectors.bulan_terakhir([utama.pk, jenuh.pk])
    util = {k.pk: aturan.utilisasi(bulan[k.pk][1].avg_in, k.bandwidth_mbps) for k in (utama, jenuh)}
    assert aturan.padat(util[jenuh.pk]) and not aturan.padat(util[utama.pk])
