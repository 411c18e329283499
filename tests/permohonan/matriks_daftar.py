"""The request list: Admin (Diskominfo), Operator and Pimpinan; Evaluators have no part."""

from tests.opd.test_access_post import LOGIN, READ_ONLY

GET = [
    (
        "permohonan:daftar",
        None,
        {"anon": LOGIN, "admin": 200, "operator": 200, "evaluator": 403, "pimpinan": 200},
    )
]
POST = [("permohonan:daftar", None, READ_ONLY)]


def objek(objects, personas):
    return {}
