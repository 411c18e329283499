"""The follow-up's home page: every signed-in role, read only."""

from tests.opd.test_access import LOGGED_IN
from tests.opd.test_access_post import READ_ONLY

GET = [("tindak:beranda", None, LOGGED_IN)]
POST = [("tindak:beranda", None, READ_ONLY)]


def objek(objects, personas):
    return {}
