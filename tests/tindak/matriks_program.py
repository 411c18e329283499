"""The roadmap's programs (Peta Rencana): every role reads the list, the progress page and the
export; an operator reads their OPD's programs and the pemda-wide ones (another OPD's: 404);
only Admins add, edit, remove and import; the operators of the responsible OPD (and Admins)
report a year's progress."""

from tests.opd.test_access import ADMIN_ONLY, ADMIN_ONLY_POST, LOGGED_IN, LOGIN
from tests.opd.test_access_post import ADMIN_WRITE, OK, READ_ONLY, _roles

BACA_LAIN = {"anon": LOGIN, "admin": 200, "operator": 404, "evaluator": 200, "pimpinan": 200}
HANYA_POST = {"anon": LOGIN, "admin": 405, "operator": 405, "evaluator": 405, "pimpinan": 405}
LAPOR_SENDIRI = _roles(403, anon=LOGIN, admin=OK, operator=OK)
LAPOR_LAIN = _roles(403, anon=LOGIN, admin=OK, operator=404)
LAPOR_PEMDA = _roles(403, anon=LOGIN, admin=OK)


def _pk(kunci):
    def kwargs(f):
        return {"pk": f[kunci].pk}

    return kwargs


sendiri, lain, pemda = _pk("program_a"), _pk("program_b"), _pk("program_pemda")
tahun_sendiri, tahun_lain, tahun_pemda = _pk("kemajuan_a"), _pk("kemajuan_b"), _pk("kemajuan_pemda")

GET = [
    ("tindak:program_daftar", None, LOGGED_IN),
    ("tindak:program_kemajuan", None, LOGGED_IN),
    ("tindak:program_ekspor", None, LOGGED_IN),
    ("tindak:program_templat", None, ADMIN_ONLY),
    ("tindak:program_tambah", None, ADMIN_ONLY),
    ("tindak:program_impor", None, ADMIN_ONLY),
    ("tindak:program_impor_konfirmasi", None, ADMIN_ONLY_POST),
    ("tindak:program_detail", sendiri, LOGGED_IN),
    ("tindak:program_detail", lain, BACA_LAIN),
    ("tindak:program_detail", pemda, LOGGED_IN),
    # The role is checked before the object: 403 for every non-admin, own OPD or not.
    ("tindak:program_ubah", sendiri, ADMIN_ONLY),
    ("tindak:program_ubah", lain, ADMIN_ONLY),
    ("tindak:program_hapus", sendiri, ADMIN_ONLY_POST),
    ("tindak:program_lapor", tahun_sendiri, HANYA_POST),
    ("tindak:program_lapor", tahun_lain, HANYA_POST),
]
POST = [
    ("tindak:program_daftar", None, READ_ONLY),
    ("tindak:program_kemajuan", None, READ_ONLY),
    ("tindak:program_ekspor", None, READ_ONLY),
    ("tindak:program_templat", None, READ_ONLY),
    ("tindak:program_tambah", None, ADMIN_WRITE),
    ("tindak:program_impor", None, ADMIN_WRITE),
    ("tindak:program_impor_konfirmasi", None, ADMIN_WRITE),
    ("tindak:program_detail", sendiri, READ_ONLY),
    ("tindak:program_ubah", sendiri, ADMIN_WRITE),
    ("tindak:program_ubah", lain, ADMIN_WRITE),
    ("tindak:program_hapus", sendiri, ADMIN_WRITE),
    ("tindak:program_hapus", lain, ADMIN_WRITE),
    ("tindak:program_lapor", tahun_sendiri, LAPOR_SENDIRI),
    ("tindak:program_lapor", tahun_lain, LAPOR_LAIN),
    ("tindak:program_lapor", tahun_pemda, LAPOR_PEMDA),
]


def objek(objects, personas):
    from evaluasi.models import KemajuanProgram, Program

    def program(nama, opd):
        p = Program.objects.create(nama="Program uji", sub_program=nama)
        if opd is not None:
            p.opd.set([opd])
        k = KemajuanProgram.objects.create(program=p, tahun=2026)
        KemajuanProgram.objects.create(program=p, tahun=2027)
        return p, k

    program_a, kemajuan_a = program("Sub A", objects["own"])
    program_b, kemajuan_b = program("Sub B", objects["other"])
    program_pemda, kemajuan_pemda = program("Sub pemda", None)
    return {
        "program_a": program_a,
        "program_b": program_b,
        "program_pemda": program_pemda,
        "kemajuan_a": kemajuan_a,
        "kemajuan_b": kemajuan_b,
        "kemajuan_pemda": kemajuan_pemda,
    }
