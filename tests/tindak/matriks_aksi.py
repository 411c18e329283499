"""Rencana aksi pages: aksi_a is the operator's own OPD's (opd_a), aksi_b another OPD's. The
unassigned evaluator sees neither; "ditugaskan" (assigned to opd_a) works on aksi_a."""

from datetime import timedelta

from django.utils import timezone

from tests.opd.test_access import LOGGED_IN, LOGIN, OTHER_OPD, OWN_OPD
from tests.opd.test_access_post import OK, READ_ONLY, _roles

POST_ONLY = {"anon": 405, "admin": 405, "operator": 405, "evaluator": 405, "pimpinan": 405}
TIM = {"anon": LOGIN, "admin": 200, "operator": 403, "evaluator": 200, "pimpinan": 403}
UBAH_OWN = {"anon": LOGIN, "admin": 200, "operator": 403, "evaluator": 404, "pimpinan": 403}


def a(f):
    return {"pk": f["aksi_a"].pk}


def b(f):
    return {"pk": f["aksi_b"].pk}


GET = [
    ("tindak:aksi_daftar", None, LOGGED_IN),
    ("tindak:aksi_rekomendasi", None, LOGGED_IN),
    ("tindak:aksi_buat", None, TIM),
    ("tindak:aksi_xlsx", None, LOGGED_IN),
    ("tindak:aksi_pdf", None, LOGGED_IN),
    ("tindak:aksi", a, OWN_OPD),
    ("tindak:aksi", b, OTHER_OPD),
    ("tindak:aksi_ubah", a, UBAH_OWN),
    ("tindak:aksi_langkah", a, POST_ONLY),
    ("tindak:aksi_komentar", a, POST_ONLY),
    ("tindak:aksi_bukti", a, POST_ONLY),
]

KERJA_OWN = _roles(403, anon=LOGIN, admin=OK, operator=OK, evaluator=404, ditugaskan=OK)
KERJA_OTHER = _roles(404, anon=LOGIN, admin=OK, pimpinan=403)
POST = [
    ("tindak:aksi_daftar", None, READ_ONLY),
    ("tindak:aksi_rekomendasi", None, READ_ONLY),
    ("tindak:aksi_buat", None, _roles(OK, anon=LOGIN, operator=403, pimpinan=403)),
    ("tindak:aksi_xlsx", None, READ_ONLY),
    ("tindak:aksi_pdf", None, READ_ONLY),
    ("tindak:aksi", a, READ_ONLY),
    ("tindak:aksi_ubah", a, _roles(403, anon=LOGIN, admin=OK, evaluator=404, ditugaskan=OK)),
    ("tindak:aksi_ubah", b, _roles(404, anon=LOGIN, admin=OK, operator=404, pimpinan=403)),
    ("tindak:aksi_langkah", a, KERJA_OWN),
    ("tindak:aksi_langkah", b, KERJA_OTHER),
    ("tindak:aksi_komentar", a, KERJA_OWN),
    ("tindak:aksi_komentar", b, KERJA_OTHER),
    # The evidence goes into the PIC OPD's library: its operators and Admins only.
    ("tindak:aksi_bukti", a, _roles(403, anon=LOGIN, admin=OK, operator=OK, evaluator=404)),
    ("tindak:aksi_bukti", b, KERJA_OTHER),
]


def objek(objects, personas):
    from evaluasi.aksi import services

    batas = timezone.localdate() + timedelta(days=10)
    return {
        f"aksi_{k}": services.aksi_buat(
            user=personas["admin"], opd=objects[opd], uraian=f"Aksi {k}", batas=batas, tahun=2025
        )
        for k, opd in (("a", "own"), ("b", "other"))
    }
