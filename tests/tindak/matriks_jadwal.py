"""The interview and visit schedule: every page × every role. sesi_a is opd_a's (the
operator's own OPD, the one "ditugaskan" is assigned to), sesi_b another OPD's; the plain
evaluator persona is neither assigned nor in either session."""

from datetime import timedelta

from django.utils import timezone

from opd.models import Peran
from tests.factories import PenggunaFactory
from tests.opd.test_access import LOGGED_IN, OTHER_OPD, OWN_OPD
from tests.opd.test_access_post import LOGIN, OK, READ_ONLY, _roles

ALL_405 = dict.fromkeys(("anon", "admin", "operator", "evaluator", "pimpinan"), 405)
NONE = dict.fromkeys(("admin", "operator", "evaluator", "pimpinan"), 404)
TIM_GET = {"anon": LOGIN, "admin": 200, "operator": 403, "evaluator": 404, "pimpinan": 403}
TIM_GET_OTHER = {"anon": LOGIN, "admin": 200, "operator": 404, "evaluator": 404, "pimpinan": 403}
TIM_OWN = _roles(403, anon=LOGIN, admin=OK, evaluator=404, ditugaskan=OK)
TIM_OTHER = _roles(403, anon=LOGIN, admin=OK, operator=404, evaluator=404, ditugaskan=404)
# Only an Admin or an evaluator of the session writes the berita acara ("ditugaskan" is
# assigned to the OPD but not in this session).
BA_OWN = _roles(403, anon=LOGIN, admin=OK, evaluator=404, ditugaskan=403)


def a(f):
    return {"pk": f["sesi_a"].pk}


def b(f):
    return {"pk": f["sesi_b"].pk}


GET = [
    ("tindak:jadwal", None, LOGGED_IN),
    (
        "tindak:jadwal_tambah",
        None,
        {"anon": LOGIN, "admin": 200, "operator": 403, "evaluator": 403, "pimpinan": 403},
    ),
    ("tindak:jadwal_detail", a, OWN_OPD),
    ("tindak:jadwal_detail", b, OTHER_OPD),
    ("tindak:jadwal_detail", lambda f: {"pk": 999999}, {"anon": LOGIN, **NONE}),
    ("tindak:jadwal_ubah", a, TIM_GET),
    ("tindak:jadwal_ubah", b, TIM_GET_OTHER),
    ("tindak:jadwal_batal", a, ALL_405),
    ("tindak:jadwal_undangan", a, ALL_405),
    ("tindak:jadwal_berita_acara", a, TIM_GET),
    ("tindak:jadwal_berita_acara", b, TIM_GET_OTHER),
    ("tindak:jadwal_pdf", a, OWN_OPD),
    ("tindak:jadwal_pdf", b, OTHER_OPD),
    ("tindak:jadwal_ics", a, OWN_OPD),
    ("tindak:jadwal_ics", b, OTHER_OPD),
]

POST = [
    ("tindak:jadwal", None, READ_ONLY),
    ("tindak:jadwal_tambah", None, _roles(403, anon=LOGIN, admin=OK, ditugaskan=OK)),
    ("tindak:jadwal_detail", a, READ_ONLY),
    ("tindak:jadwal_ubah", a, TIM_OWN),
    ("tindak:jadwal_ubah", b, TIM_OTHER),
    ("tindak:jadwal_batal", a, TIM_OWN),
    ("tindak:jadwal_batal", b, TIM_OTHER),
    ("tindak:jadwal_undangan", a, TIM_OWN),
    ("tindak:jadwal_undangan", b, TIM_OTHER),
    ("tindak:jadwal_berita_acara", a, BA_OWN),
    ("tindak:jadwal_berita_acara", b, TIM_OTHER | {"ditugaskan": 404}),
    ("tindak:jadwal_pdf", a, READ_ONLY),
    ("tindak:jadwal_ics", a, READ_ONLY),
]


def objek(objects, personas):
    from evaluasi.jadwal import services
    from evaluasi.models import JenisSesi

    penilai = PenggunaFactory(username="evaluator.sesi", peran=Peran.EVALUATOR)
    mulai = timezone.now() + timedelta(days=3)

    def sesi(opd):
        return services.sesi_simpan(
            user=personas["admin"],
            data=services.DataSesi(
                periode=objects["periode"],
                opd=opd,
                jenis=JenisSesi.INTERVIU,
                mulai=mulai,
                selesai=mulai + timedelta(hours=2),
                tempat="Ruang Rapat Diskominfo",
                tautan="",
                evaluator=[penilai],
                operator=[],
            ),
            kirim_undangan=False,
        )

    return {"sesi_a": sesi(objects["own"]), "sesi_b": sesi(objects["other"])}
