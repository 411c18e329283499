"""The read-replica router: where reads and writes go, with and without DATABASE_REPLICA_URL.

The dashboard and report jobs against a configured replica: tests/evaluasi/test_replika.py.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection, connections, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from evaluasi.models import Periode
from spbe_portal import replika
from spbe_portal.replika import REPLIKA, ReplikaRouter, baca_replika

ROOT = Path(__file__).resolve().parent.parent


class _Obj:
    """Stands in for a model instance: the router looks only at `_state.db`."""

    def __init__(self, db):
        self._state = type("State", (), {"db": db})()


@pytest.fixture
def replika_terpasang(monkeypatch):
    # As if DATABASE_REPLICA_URL were set, without a connection: the router alone is tested.
    monkeypatch.setattr(replika, "replika_tersedia", lambda: True)


def test_without_a_replica_every_read_goes_to_default_even_inside_the_block():
    router = ReplikaRouter()

    with baca_replika():
        inside = router.db_for_read(Periode)

    assert REPLIKA not in connections.settings
    assert (router.db_for_read(Periode), inside) == ("default", "default")


def test_with_a_replica_only_reads_inside_the_block_go_there(replika_terpasang):
    router = ReplikaRouter()

    with baca_replika():
        inside = router.db_for_read(Periode), router.db_for_write(Periode)
        with baca_replika():  # nesting keeps it on
            nested = router.db_for_read(Periode)
        after_nested = router.db_for_read(Periode)

    assert inside == (REPLIKA, "default")
    assert (nested, after_nested) == (REPLIKA, REPLIKA)
    assert router.db_for_read(Periode) == "default"


def test_the_decorator_turns_the_block_on_for_the_call_only(replika_terpasang):
    @baca_replika()
    def baca():
        return ReplikaRouter().db_for_read(Periode)

    assert (baca(), ReplikaRouter().db_for_read(Periode)) == (REPLIKA, "default")


def test_an_exception_inside_the_block_still_turns_it_off(replika_terpasang):
    with pytest.raises(LookupError), baca_replika():
        raise LookupError

    assert ReplikaRouter().db_for_read(Periode) == "default"


@pytest.mark.django_db
def test_inside_a_transaction_reads_stay_on_default(replika_terpasang):
    # A transaction may hold rows the replica has not got: read them back from the primary.
    with transaction.atomic(), baca_replika():
        assert ReplikaRouter().db_for_read(Periode) == "default"


def test_relations_and_migrations():
    router = ReplikaRouter()

    assert router.allow_relation(_Obj("default"), _Obj(REPLIKA)) is True
    assert router.allow_relation(_Obj(REPLIKA), _Obj(REPLIKA)) is True
    assert router.allow_relation(_Obj("default"), _Obj("lain")) is None
    assert router.allow_migrate("default", "evaluasi") is True
    assert router.allow_migrate(REPLIKA, "evaluasi") is False


def _databases(env: dict[str, str]) -> dict:
    code = (
        "import json; from django.conf import settings; "
        "print(json.dumps({'routers': settings.DATABASE_ROUTERS, 'db': settings.DATABASES}))"
    )
    environ = {k: v for k, v in os.environ.items() if k != "DATABASE_REPLICA_URL"}
    environ.update(DJANGO_SETTINGS_MODULE="spbe_portal.settings", DEBUG="1", **env)
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=environ, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_the_setting_adds_the_replica_alias_as_a_test_mirror_of_default():
    url = "postgres://baca:rahasia@replika.internal:5433/spbe"

    tanpa = _databases({})
    dengan = _databases({"DATABASE_REPLICA_URL": url})

    assert list(tanpa["db"]) == ["default"]
    assert tanpa["routers"] == ["spbe_portal.replika.ReplikaRouter"]
    replica = dengan["db"][REPLIKA]
    assert (replica["HOST"], replica["PORT"], replica["NAME"], replica["USER"]) == (
        "replika.internal",
        5433,
        "spbe",
        "baca",
    )
    assert replica["TEST"] == {"MIRROR": "default"}
    assert dengan["db"]["default"] == tanpa["db"]["default"]


@pytest.mark.django_db
def test_without_a_replica_the_dashboard_reads_default(client, admin_user, periode):
    client.force_login(admin_user)

    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("evaluasi:dashboard"))

    assert response.status_code == 200 and periode.nama in response.content.decode()
    assert len(queries) > 0
