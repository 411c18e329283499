import pytest

from arsitektur.models import Aplikasi, Berkas, LangkahPermohonan, Permohonan
from arsitektur.permohonan.demo import seed_permohonan_demo
from notifikasi.models import Surel
from opd.models import Peran
from tests.factories import OpdFactory, PenggunaFactory

pytestmark = pytest.mark.django_db


def _counts():
    return tuple(
        m.objects.count() for m in (Permohonan, Berkas, Aplikasi, LangkahPermohonan, Surel)
    )


def test_demo_has_one_request_in_each_status_and_runs_twice_without_change():
    kominfo = OpdFactory(singkatan="Diskominfopers")
    bkd = OpdFactory(singkatan="BKD")
    PenggunaFactory(username="admin", peran=Peran.ADMIN)
    PenggunaFactory(username="operator.kominfo", peran=Peran.OPERATOR, opd=kominfo)
    PenggunaFactory(username="operator.bkd", peran=Peran.OPERATOR, opd=bkd)

    line = seed_permohonan_demo()
    first = _counts()
    again = seed_permohonan_demo()

    assert _counts() == first
    assert line.startswith("Permohonan aplikasi demo: 5 dibuat")
    assert again.startswith("Permohonan aplikasi demo: 0 dibuat")
    assert sorted(Permohonan.objects.values_list("status", flat=True)) == [
        "diajukan",
        "disetujui",
        "ditolak",
        "draf",
        "perlu_perbaikan",
    ]
    disetujui = Permohonan.objects.get(status="disetujui")
    assert disetujui.aplikasi.nama == "Layanan Aspirasi dan Pengaduan Warga"
    assert disetujui.aplikasi.opd == kominfo
    assert LangkahPermohonan.objects.get(ke="perlu_perbaikan").catatan


def test_demo_without_its_users_makes_nothing():
    assert seed_permohonan_demo().startswith("Permohonan aplikasi demo: 0 dibuat")
    assert Permohonan.objects.count() == 0
