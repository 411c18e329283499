"""MRTG traffic: every page × every role. koneksi_a is a link of the operator's own OPD,
koneksi_b another OPD's; Evaluators have no part in the network agenda (403)."""

from decimal import Decimal

from tests.opd.test_access import ARS_OTHER, ARS_OWN, ARS_WRITE_OTHER, ARS_WRITE_OWN, LOGIN
from tests.opd.test_access_post import ARS_OTHER as POST_OTHER
from tests.opd.test_access_post import ARS_OWN as POST_OWN
from tests.opd.test_access_post import READ_ONLY

GET = [
    (
        "jaringan:mrtg_ringkasan",
        None,
        {"anon": LOGIN, "admin": 200, "operator": 200, "evaluator": 403, "pimpinan": 200},
    ),
    ("jaringan:mrtg_trafik", lambda f: {"pk": f["koneksi_mrtg_a"].pk}, ARS_OWN),
    ("jaringan:mrtg_trafik", lambda f: {"pk": f["koneksi_mrtg_b"].pk}, ARS_OTHER),
    ("jaringan:mrtg_unggah", lambda f: {"pk": f["own"].pk}, ARS_WRITE_OWN),
    ("jaringan:mrtg_unduh", lambda f: {"pk": f["unggah_mrtg_a"].pk}, ARS_OWN),
    ("jaringan:mrtg_unduh", lambda f: {"pk": f["unggah_mrtg_b"].pk}, ARS_OTHER),
    ("jaringan:mrtg_unggah", lambda f: {"pk": f["other"].pk}, ARS_WRITE_OTHER),
]

POST = [
    ("jaringan:mrtg_ringkasan", None, READ_ONLY),
    ("jaringan:mrtg_trafik", lambda f: {"pk": f["koneksi_mrtg_a"].pk}, READ_ONLY),
    ("jaringan:mrtg_unggah", lambda f: {"pk": f["own"].pk}, POST_OWN),
    ("jaringan:mrtg_unduh", lambda f: {"pk": f["unggah_mrtg_a"].pk}, READ_ONLY),
    ("jaringan:mrtg_unggah", lambda f: {"pk": f["other"].pk}, POST_OTHER),
]


def objek(objects, personas):
    from jaringan.models import JenisKoneksi, Koneksi

    def koneksi(opd):
        return Koneksi.objects.create(
            opd=opd,
            tahun=2026,
            nama="Internet MRTG uji",
            jenis=JenisKoneksi.DISKOMINFO,
            bandwidth_mbps=Decimal(100),
        )

    def unggah(k):
        from jaringan.mrtg import services
        from tests.jaringan.mrtg_pembuat import log_mrtg, tetap, waktu

        data = log_mrtg(waktu(2026, 11, 2), [(300, 288)], tetap(1000, 100))
        return services.unggah_simpan(koneksi=k, data=data, nama="uji.log", user=None).unggah

    a, b = koneksi(objects["own"]), koneksi(objects["other"])
    return {
        "koneksi_mrtg_a": a,
        "koneksi_mrtg_b": b,
        "unggah_mrtg_a": unggah(a),
        "unggah_mrtg_b": unggah(b),
    }
