"""Targets of the roadmap: every role reads the pemda's targets; an OPD's target is out of
scope (404) for an operator of another OPD and for evaluators not assigned to it; only Admins
add, change, delete, download the template and import."""

from decimal import Decimal

from tests.opd.test_access import ADMIN_ONLY, LOGGED_IN
from tests.opd.test_access_post import ADMIN_WRITE, LOGIN, OK, READ_ONLY, _roles

METHOD_NOT_ALLOWED = {"anon": 405, "admin": 405, "operator": 405, "evaluator": 405, "pimpinan": 405}
# The pemda's target: in everyone's scope, changed by Admins only.
PEMDA_WRITE_GET = {"anon": LOGIN, "admin": 200, "operator": 403, "evaluator": 403, "pimpinan": 403}
# opd_b's target: another OPD for the operator, unassigned for the evaluator.
OPD_B_WRITE_GET = {"anon": LOGIN, "admin": 200, "operator": 404, "evaluator": 404, "pimpinan": 403}
OPD_B_WRITE = _roles(403, anon=LOGIN, admin=OK, operator=404, evaluator=404, ditugaskan=404)


def pemda(f):
    return {"pk": f["target_pemda"].pk}


def opd_b(f):
    return {"pk": f["target_b"].pk}


GET = [
    ("tindak:target", None, LOGGED_IN),
    ("tindak:target_ekspor", None, LOGGED_IN),
    ("tindak:target_templat", None, ADMIN_ONLY),
    ("tindak:target_tambah", None, ADMIN_ONLY),
    ("tindak:target_impor", None, ADMIN_ONLY),
    ("tindak:target_ubah", pemda, PEMDA_WRITE_GET),
    ("tindak:target_ubah", opd_b, OPD_B_WRITE_GET),
    ("tindak:target_hapus", opd_b, METHOD_NOT_ALLOWED),
    ("tindak:target_impor_konfirmasi", None, METHOD_NOT_ALLOWED),
]
POST = [
    ("tindak:target", None, READ_ONLY),
    ("tindak:target_ekspor", None, READ_ONLY),
    ("tindak:target_templat", None, READ_ONLY),
    ("tindak:target_tambah", None, ADMIN_WRITE),
    ("tindak:target_impor", None, ADMIN_WRITE),
    ("tindak:target_impor_konfirmasi", None, ADMIN_WRITE),
    ("tindak:target_ubah", pemda, ADMIN_WRITE),
    ("tindak:target_ubah", opd_b, OPD_B_WRITE),
    ("tindak:target_hapus", pemda, ADMIN_WRITE),
    ("tindak:target_hapus", opd_b, OPD_B_WRITE),
]


def objek(objects, personas):
    from evaluasi.models import TargetIndeks

    periode = objects["periode"]
    dasar = {"tahun": periode.tahun, "instrumen": periode.instrumen}
    return {
        "target_pemda": TargetIndeks.objects.create(**dasar, nilai=Decimal("2.50")),
        "target_b": TargetIndeks.objects.create(**dasar, opd=objects["other"], nilai=Decimal("3")),
    }
