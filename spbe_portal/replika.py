"""The read replica: dashboard and report reads may go to `DATABASE_REPLICA_URL` (SPEC §16).

Code that only reads published or slowly changing data runs under `baca_replika` (a decorator
or a `with` block); the router sends the reads made inside it to the `replica` alias, when one
is configured. Everything else (writes, logins, sessions, every other page) reads and writes
`default`. The replica lags the primary by its replication delay, so nothing that must see its
own write may run under `baca_replika`: report jobs read published figures, which are final
before the job is queued.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import DEFAULT_DB_ALIAS, connections

REPLIKA = "replica"

# A context variable, not a thread-local: also right under ASGI and in nested calls.
_baca_replika: ContextVar[bool] = ContextVar("baca_replika", default=False)


@contextmanager
def baca_replika() -> Iterator[None]:
    """Reads inside this block (or the decorated function) may go to the replica."""
    token = _baca_replika.set(True)
    try:
        yield
    finally:
        _baca_replika.reset(token)


def replika_tersedia() -> bool:
    """Whether the `replica` alias is configured (DATABASE_REPLICA_URL was set)."""
    return REPLIKA in connections.settings


def basis_baca() -> str:
    """The alias a read goes to now: the replica only inside `baca_replika`, only when one is
    configured, and never inside a transaction on `default` (which may hold rows the replica
    has not got yet)."""
    if _baca_replika.get() and replika_tersedia() and not _dalam_transaksi():
        return REPLIKA
    return DEFAULT_DB_ALIAS


def _dalam_transaksi() -> bool:
    """Whether `default` has an open transaction. On-commit callbacks (an eager report job)
    run after the commit but before Django clears `in_atomic_block`: autocommit is back on."""
    primer = connections[DEFAULT_DB_ALIAS]
    return primer.in_atomic_block and not primer.autocommit


class ReplikaRouter:
    """Reads to `basis_baca()`, every write and every migration to `default`.

    Outside `baca_replika` the answer is `default` even for an object read from the replica,
    so an object that leaves the block is saved and followed on the primary.
    """

    def db_for_read(self, model, **hints) -> str:
        return basis_baca()

    def db_for_write(self, model, **hints) -> str:
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints) -> bool | None:
        # The replica holds the same rows as the primary: objects from both may be related.
        both = {obj1._state.db, obj2._state.db}
        return True if both <= {DEFAULT_DB_ALIAS, REPLIKA} else None

    def allow_migrate(self, db, app_label, model_name=None, **hints) -> bool:
        # The replica receives the schema by replication, never by `migrate`.
        return db == DEFAULT_DB_ALIAS
