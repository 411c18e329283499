"""The network agenda's home page: Admin, Operator and Pimpinan read it; Evaluators have no
part in this agenda."""

from tests.opd.test_access_post import LOGIN, READ_ONLY

GET = [
    (
        "jaringan:beranda",
        None,
        {"anon": LOGIN, "admin": 200, "operator": 200, "evaluator": 403, "pimpinan": 200},
    )
]
POST = [("jaringan:beranda", None, READ_ONLY)]


def objek(objects, personas):
    return {}
