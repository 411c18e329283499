"""Backup and restore: dump, restore into an empty database, compare rows and file hashes."""

import hashlib
import os
import sqlite3
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

from evaluasi.models import Bukti, Jawaban, Penilaian
from opd.models import Opd, Pengguna

ROOT = Path(__file__).resolve().parent.parent
TABLES = {
    "opd_opd": Opd,
    "opd_pengguna": Pengguna,
    "evaluasi_penilaian": Penilaian,
    "evaluasi_jawaban": Jawaban,
    "evaluasi_bukti": Bukti,
}


def _hashes(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in root.rglob("*")
        if p.is_file()
    }


@pytest.fixture
def target_database(tmp_path):
    """An empty database of the same kind as the test database, and a way to count its rows."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        path = tmp_path / "pulih.sqlite3"

        def count(table):
            with sqlite3.connect(path) as conn:
                return conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]

        yield f"sqlite:///{path}", count
        return
    import psycopg

    name = f"spbe_pulih_{uuid.uuid4().hex[:8]}"
    params = {
        "host": db["HOST"] or "127.0.0.1",
        "port": db["PORT"] or 5432,
        "user": db["USER"],
        "password": db["PASSWORD"],
    }
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')

    def count(table):
        with psycopg.connect(dbname=name, **params) as conn:
            return conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]

    auth = f"{db['USER']}:{db['PASSWORD'] or ''}@" if db["USER"] else ""
    yield f"postgres://{auth}{params['host']}:{params['port']}/{name}", count
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.mark.django_db(transaction=True)
def test_backup_and_restore_give_back_the_same_rows_and_files(
    tmp_path, settings, bukti_a, bukti_b, target_database
):
    url, count = target_database
    folder = tmp_path / "cadangan"
    call_command("cadangkan", "--out", str(folder))
    expected_rows = {table: model.objects.count() for table, model in TABLES.items()}
    expected_files = _hashes(Path(settings.PRIVATE_ROOT))
    assert expected_rows["evaluasi_bukti"] == 2 and len(expected_files) == 2

    env = {
        **os.environ,
        "DEBUG": "1",
        "DATABASE_URL": url,
        "PRIVATE_ROOT": str(tmp_path / "pulih-private"),
        "MEDIA_ROOT": str(tmp_path / "pulih-media"),
    }

    def run(*args):
        return subprocess.run(
            [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
        )

    restored = run("pulihkan", str(folder))

    assert restored.returncode == 0, restored.stderr
    assert "cocok dengan manifest" in restored.stdout
    assert {table: count(table) for table in TABLES} == expected_rows
    assert _hashes(tmp_path / "pulih-private") == expected_files
    # A second restore would overwrite: refused, exit 2.
    again = run("pulihkan", str(folder))
    assert again.returncode == 2 and "tidak kosong" in again.stderr


def test_backup_refuses_a_folder_that_is_not_empty(tmp_path, db):
    (tmp_path / "lama.txt").write_text("x")

    with pytest.raises(Exception, match="tidak kosong") as excinfo:
        call_command("cadangkan", "--out", str(tmp_path))

    assert excinfo.value.returncode == 2
