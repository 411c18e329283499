"""The network standard's pages: the 2026 standard (Admin defines it, every network reader
reads it), the operator's own OPD ("own") and another OPD ("other") with one link each."""

from decimal import Decimal

from tests.opd.test_access import LOGIN
from tests.opd.test_access_post import OK, READ_ONLY, _roles

BACA = {"anon": LOGIN, "admin": 200, "operator": 200, "evaluator": 403, "pimpinan": 200}
BACA_LAIN = {"anon": LOGIN, "admin": 200, "operator": 404, "evaluator": 403, "pimpinan": 200}
ADMIN = {"anon": LOGIN, "admin": 200, "operator": 403, "evaluator": 403, "pimpinan": 403}
UBAH = {"anon": LOGIN, "admin": 200, "operator": 200, "evaluator": 403, "pimpinan": 403}
UBAH_LAIN = {"anon": LOGIN, "admin": 200, "operator": 404, "evaluator": 403, "pimpinan": 403}
POST_SAJA = {"anon": 405, "admin": 405, "operator": 405, "evaluator": 405, "pimpinan": 405}
ADMIN_TULIS = _roles(403, anon=LOGIN, admin=OK)
TULIS = _roles(403, anon=LOGIN, admin=OK, operator=OK)
TULIS_LAIN = _roles(403, anon=LOGIN, admin=OK, operator=404)


def standar(f):
    return {"pk": f["standar_jaringan"].pk}


def butir(f):
    return {"pk": f["butir_standar"].pk}


def own(f):
    return {"tahun": 2026, "opd": f["own"].pk}


def other(f):
    return {"tahun": 2026, "opd": f["other"].pk}


def tahun(f):
    return {"tahun": 2026}


def koneksi_a(f):
    return {"pk": f["koneksi_a"].pk}


def koneksi_b(f):
    return {"pk": f["koneksi_b"].pk}


GET = [
    ("jaringan:standar_daftar", None, BACA),
    ("jaringan:standar_buat", None, ADMIN),
    ("jaringan:standar", standar, BACA),
    ("jaringan:standar_butir_tambah", standar, ADMIN),
    ("jaringan:standar_butir_ubah", butir, ADMIN),
    ("jaringan:standar_butir_hapus", butir, POST_SAJA),
    ("jaringan:standar_pemeriksaan", own, BACA),
    ("jaringan:standar_pemeriksaan", other, BACA_LAIN),
    ("jaringan:standar_koneksi_tambah", own, UBAH),
    ("jaringan:standar_koneksi_tambah", other, UBAH_LAIN),
    ("jaringan:standar_koneksi_ubah", koneksi_a, UBAH),
    ("jaringan:standar_koneksi_ubah", koneksi_b, UBAH_LAIN),
    ("jaringan:standar_koneksi_hapus", koneksi_a, POST_SAJA),
    ("jaringan:standar_koneksi_salin", own, POST_SAJA),
    ("jaringan:standar_rekap", tahun, BACA),
    ("jaringan:standar_rekap_xlsx", tahun, BACA),
]

POST = [
    ("jaringan:standar_daftar", None, READ_ONLY),
    ("jaringan:standar_buat", None, ADMIN_TULIS),
    ("jaringan:standar", standar, READ_ONLY),
    ("jaringan:standar_butir_tambah", standar, ADMIN_TULIS),
    ("jaringan:standar_butir_ubah", butir, ADMIN_TULIS),
    ("jaringan:standar_butir_hapus", butir, ADMIN_TULIS),
    ("jaringan:standar_pemeriksaan", own, TULIS),
    ("jaringan:standar_pemeriksaan", other, TULIS_LAIN),
    ("jaringan:standar_koneksi_tambah", own, TULIS),
    ("jaringan:standar_koneksi_tambah", other, TULIS_LAIN),
    ("jaringan:standar_koneksi_ubah", koneksi_a, TULIS),
    ("jaringan:standar_koneksi_ubah", koneksi_b, TULIS_LAIN),
    ("jaringan:standar_koneksi_hapus", koneksi_a, TULIS),
    ("jaringan:standar_koneksi_hapus", koneksi_b, TULIS_LAIN),
    ("jaringan:standar_koneksi_salin", own, TULIS),
    ("jaringan:standar_koneksi_salin", other, TULIS_LAIN),
    ("jaringan:standar_rekap", tahun, READ_ONLY),
    ("jaringan:standar_rekap_xlsx", tahun, READ_ONLY),
]


def objek(objects, personas):
    from jaringan.models import JenisKoneksi, Koneksi
    from jaringan.standar import services

    admin = personas["admin"]
    s = services.standar_buat(tahun=2026, user=admin)
    b = services.butir_simpan(standar=s, user=admin, uraian="Router terkelola")
    koneksi = {
        k: Koneksi.objects.create(
            opd=objects[opd],
            tahun=2026,
            nama="Internet utama",
            jenis=JenisKoneksi.DISKOMINFO,
            bandwidth_mbps=Decimal("50"),
        )
        for k, opd in (("a", "own"), ("b", "other"))
    }
    return {
        "standar_jaringan": s,
        "butir_standar": b,
        "koneksi_a": koneksi["a"],
        "koneksi_b": koneksi["b"],
    }
