"""Every URL of the namespaces kept per part (`tindak:`, `jaringan:`, `permohonan:`) × every
role, GET and POST, as tests/opd/test_access.py and test_access_post.py do for the rest of the
project.

Each part lists its pages in `tests/<namespace>/matriks_<part>.py`:
- `GET` and `POST`: (url name, kwargs builder, expected per role), with the statuses and the
  LOGIN / OK / REFUSED markers of the project matrices;
- `objek(objects, personas)`: the part's own objects, built from the project matrix's
  `objects` (opd_a is the operator's own OPD, opd_b another's; `periode` is open).
A new URL of those namespaces without an entry in some part's GET and POST lists fails here.
"""

import importlib
import pkgutil
from pathlib import Path

import pytest
from django.urls import get_resolver, reverse

from tests.opd import test_access, test_access_post
from tests.opd.test_access import _names

pytestmark = pytest.mark.django_db

objects = test_access.objects
personas_post = test_access_post.personas_post
LOGIN, OK, REFUSED = test_access_post.LOGIN, test_access_post.OK, test_access_post.REFUSED

BAGIAN = [
    importlib.import_module(f"tests.{ns.rstrip(':')}.{m.name}")
    for ns in test_access.PER_BAGIAN
    for m in pkgutil.iter_modules([str(Path(__file__).parent / ns.rstrip(":"))])
    if m.name.startswith("matriks_")
]
GET = [row for modul in BAGIAN for row in modul.GET]
POST = [row for modul in BAGIAN for row in modul.POST]
_ids = {"ids": lambda v: v if isinstance(v, str) else ""}


@pytest.fixture
def objek(objects, personas):
    semua = dict(objects)
    for modul in BAGIAN:
        semua.update(modul.objek(semua, personas))
    return semua


def test_every_url_kept_per_part_is_in_a_get_and_a_post_matrix():
    names = {n for n in _names(get_resolver()) if n.startswith(test_access.PER_BAGIAN)}

    assert names == {name for name, _, _ in GET}
    assert names == {name for name, _, _ in POST}


@pytest.mark.parametrize("role", test_access.ROLES)
@pytest.mark.parametrize(("name", "kwargs", "expected"), GET, **_ids)
def test_get_status_per_role(client, personas, objek, role, name, kwargs, expected):
    if role != "anon":
        client.force_login(personas[role])
    url = reverse(name, kwargs=kwargs(objek) if kwargs else None)

    response = client.get(url)

    want = expected[role]
    if want == LOGIN:
        assert response.status_code == 302
        assert response.url.startswith(reverse("akun:masuk") + "?next=")
    else:
        assert response.status_code == want, f"{role} GET {url}"


@pytest.mark.parametrize("role", test_access_post.ROLES)
@pytest.mark.parametrize(("name", "kwargs", "expected"), POST, **_ids)
def test_post_status_per_role(client, personas_post, objek, role, name, kwargs, expected):
    if role != "anon":
        client.force_login(personas_post[role])
    url = reverse(name, kwargs=kwargs(objek) if kwargs else None)

    response = client.post(url, {})

    want = expected[role]
    if want == LOGIN:
        assert response.status_code == 302, f"{role} POST {url}"
        assert response.url.startswith(reverse("akun:masuk") + "?next=")
    elif want == REFUSED:
        assert test_access_post._refused(response), f"{role} POST {url}: {response.status_code}"
    elif want == OK:
        assert not test_access_post._refused(response), f"{role} POST {url}"
        assert response.status_code < 500
    else:
        assert response.status_code == want, f"{role} POST {url}"
