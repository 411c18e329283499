"""Concurrent writers wait for each other instead of failing with "database is locked"."""

import threading

import pytest
from django.db import connection, transaction

from opd.models import JenisOpd, Opd


@pytest.mark.django_db(transaction=True)
def test_two_writers_at_once_both_succeed():
    """Two requests that each read, then write, inside one transaction, at the same time.

    On SQLite with deferred transactions both take a read lock first; the second one to write
    cannot upgrade its lock and fails at once with OperationalError "database is locked"
    (SQLite does not wait there, as waiting could deadlock). Immediate transactions take the
    write lock at BEGIN, so the second writer waits (busy timeout) and then succeeds. On
    PostgreSQL the two inserts never block each other and the test passes trivially.
    """
    first_has_read = threading.Event()
    second_has_written = threading.Event()
    errors: list[BaseException] = []

    def writer(kode: str, *, first: bool) -> None:
        try:
            if not first:
                first_has_read.wait(timeout=30)
            with transaction.atomic():
                Opd.objects.count()
                if first:
                    first_has_read.set()
                    # Lets the second writer write first where the database allows it (deferred
                    # SQLite, PostgreSQL); with immediate transactions it is still waiting at
                    # BEGIN, so this wait simply runs out.
                    second_has_written.wait(timeout=1)
                Opd.objects.create(kode=kode, nama=f"Dinas {kode}", jenis=JenisOpd.DINAS)
                if not first:
                    second_has_written.set()
        except BaseException as exc:  # recorded for the main thread's assertion
            errors.append(exc)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=writer, args=("W-1",), kwargs={"first": True}),
        threading.Thread(target=writer, args=("W-2",), kwargs={"first": False}),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    assert set(Opd.objects.values_list("kode", flat=True)) == {"W-1", "W-2"}
