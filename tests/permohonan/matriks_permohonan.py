"""Request pages: permohonan_a is the operator's own OPD's (a draft with its documents),
permohonan_b another OPD's. Admin (Diskominfo) reviews, Pimpinan read, Evaluators 403."""

from tests.opd.test_access import LOGIN
from tests.opd.test_access_post import OK, READ_ONLY, _roles

BACA_OWN = {"anon": LOGIN, "admin": 200, "operator": 200, "evaluator": 403, "pimpinan": 200}
BACA_OTHER = {"anon": LOGIN, "admin": 200, "operator": 404, "evaluator": 403, "pimpinan": 200}
OPERATOR = {"anon": LOGIN, "admin": 403, "operator": 200, "evaluator": 403, "pimpinan": 403}
OPERATOR_OTHER = {"anon": LOGIN, "admin": 403, "operator": 404, "evaluator": 403, "pimpinan": 403}
POST_ONLY = dict.fromkeys(("anon", "admin", "operator", "evaluator", "pimpinan"), 405)


def a(f):
    return {"pk": f["permohonan_a"].pk}


def b(f):
    return {"pk": f["permohonan_b"].pk}


def dok_a(f):
    return {"pk": f["permohonan_a"].dokumen.first().pk}


def dok_b(f):
    return {"pk": f["permohonan_b"].dokumen.first().pk}


GET = [
    ("permohonan:daftar", None, BACA_OWN),
    ("permohonan:buat", None, OPERATOR),
    ("permohonan:rinci", a, BACA_OWN),
    ("permohonan:rinci", b, BACA_OTHER),
    ("permohonan:ubah", a, OPERATOR),
    ("permohonan:ubah", b, OPERATOR_OTHER),
    ("permohonan:langkah", a, POST_ONLY),
    ("permohonan:dokumen_unduh", dok_a, BACA_OWN),
    ("permohonan:dokumen_unduh", dok_b, BACA_OTHER),
]
POST = [
    ("permohonan:daftar", None, READ_ONLY),
    ("permohonan:buat", None, _roles(403, anon=LOGIN, operator=OK)),
    ("permohonan:rinci", a, READ_ONLY),
    ("permohonan:ubah", a, _roles(403, anon=LOGIN, operator=OK)),
    ("permohonan:ubah", b, _roles(403, anon=LOGIN, operator=404)),
    # An empty step: a reviewer's (not "ajukan"), so the OPD's operator is refused (403).
    ("permohonan:langkah", a, _roles(403, anon=LOGIN, admin=OK)),
    ("permohonan:langkah", b, _roles(403, anon=LOGIN, admin=OK, operator=404)),
    ("permohonan:dokumen_unduh", dok_a, READ_ONLY),
]


def objek(objects, personas):
    from tests.factories import PenggunaFactory
    from tests.permohonan.pabrik import permohonan_buat

    pemohon_b = PenggunaFactory(peran="operator", opd=objects["other"])
    return {
        "permohonan_a": permohonan_buat(opd=objects["own"], user=personas["operator"]),
        "permohonan_b": permohonan_buat(opd=objects["other"], user=pemohon_b, nama="SIPEKA"),
    }
