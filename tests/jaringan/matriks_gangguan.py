"""The disruption log: every page × every role. gangguan_a is the operator's own OPD's (still
ongoing, so "Tandai selesai" acts), gangguan_b another OPD's. Evaluators have no part in the
network agenda (403 from the menu guard, before any object is looked up)."""

from tests.jaringan.gangguan_pabrik import buat_gangguan
from tests.opd.test_access import LOGIN
from tests.opd.test_access_post import ARS_OTHER, ARS_OWN, READ_ONLY

ALL_405 = dict.fromkeys(("anon", "admin", "operator", "evaluator", "pimpinan"), 405)
BACA = {"anon": LOGIN, "admin": 200, "operator": 200, "evaluator": 403, "pimpinan": 200}
BACA_LAIN = {"anon": LOGIN, "admin": 200, "operator": 404, "evaluator": 403, "pimpinan": 200}
TULIS = {"anon": LOGIN, "admin": 200, "operator": 200, "evaluator": 403, "pimpinan": 403}
TULIS_LAIN = {"anon": LOGIN, "admin": 200, "operator": 404, "evaluator": 403, "pimpinan": 403}


def a(f):
    return {"pk": f["gangguan_a"].pk}


def b(f):
    return {"pk": f["gangguan_b"].pk}


GET = [
    ("jaringan:gangguan", None, BACA),
    ("jaringan:gangguan_tambah", None, TULIS),
    ("jaringan:gangguan_rekap", None, BACA),
    ("jaringan:gangguan_rekap_xlsx", None, BACA),
    ("jaringan:gangguan_detail", a, BACA),
    ("jaringan:gangguan_detail", b, BACA_LAIN),
    ("jaringan:gangguan_ubah", a, TULIS),
    ("jaringan:gangguan_ubah", b, TULIS_LAIN),
    ("jaringan:gangguan_selesai", a, ALL_405),
    ("jaringan:gangguan_hapus", a, ALL_405),
]

POST = [
    ("jaringan:gangguan", None, READ_ONLY),
    ("jaringan:gangguan_tambah", None, ARS_OWN),
    ("jaringan:gangguan_rekap", None, READ_ONLY),
    ("jaringan:gangguan_rekap_xlsx", None, READ_ONLY),
    ("jaringan:gangguan_detail", a, READ_ONLY),
    ("jaringan:gangguan_ubah", a, ARS_OWN),
    ("jaringan:gangguan_ubah", b, ARS_OTHER),
    ("jaringan:gangguan_selesai", a, ARS_OWN),
    ("jaringan:gangguan_selesai", b, ARS_OTHER),
    ("jaringan:gangguan_hapus", a, ARS_OWN),
    ("jaringan:gangguan_hapus", b, ARS_OTHER),
]


def objek(objects, personas):
    return {
        "gangguan_a": buat_gangguan(objects["own"], personas["operator"], selesai=None),
        "gangguan_b": buat_gangguan(objects["other"], personas["admin"]),
    }
