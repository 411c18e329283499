"""`manage.py import_opd FILE [--dry-run]`: output and exit codes."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from opd.models import Opd
from tests.helpers import FIXTURES, csv_bytes

pytestmark = pytest.mark.django_db


def test_imports_file_and_prints_summary(capsys):
    call_command("import_opd", str(FIXTURES / "opd_dompu.csv"))

    assert "41 dibuat, 0 diperbarui, 0 tidak berubah" in capsys.readouterr().out
    assert Opd.objects.count() == 41


def test_second_run_reports_zero_created_zero_updated(capsys):
    call_command("import_opd", str(FIXTURES / "opd_sulbar.csv"))
    capsys.readouterr()

    call_command("import_opd", str(FIXTURES / "opd_sulbar.csv"))

    assert "0 dibuat, 0 diperbarui, 42 tidak berubah" in capsys.readouterr().out


def test_dry_run_saves_nothing(capsys):
    call_command("import_opd", str(FIXTURES / "opd_sulbar.csv"), "--dry-run")

    assert "Uji coba (tidak disimpan): 42 akan dibuat" in capsys.readouterr().out
    assert Opd.objects.count() == 0


def test_bad_rows_exit_1_and_list_every_row(tmp_path, capsys):
    path = tmp_path / "opd.csv"
    path.write_bytes(
        csv_bytes([["nama", "jenis"], ["Dinas A", "Dinas"], ["", "Dinas"], ["Dinas B", "Pusat"]])
    )

    with pytest.raises(CommandError) as excinfo:
        call_command("import_opd", str(path))

    assert excinfo.value.returncode == 1
    err = capsys.readouterr().err
    assert "Baris 3: Nama OPD kosong." in err
    assert "Baris 4: Jenis 'Pusat' tidak dikenal" in err
    assert Opd.objects.count() == 0


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("tidak-ada.csv", None, "Berkas tidak ditemukan"),
        ("opd.txt", b"nama,jenis\nA,Dinas\n", "Format berkas tidak didukung"),
        ("opd.csv", b"nama\nA\n", "Kolom wajib tidak ada: jenis"),
    ],
)
def test_unreadable_file_exits_2(tmp_path, name, content, message):
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)

    with pytest.raises(CommandError, match=message) as excinfo:
        call_command("import_opd", str(path))

    assert excinfo.value.returncode == 2


def test_exit_codes_through_manage_py(tmp_path):
    """The real process exit codes a shell script sees."""
    import os
    import subprocess
    import sys

    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"nama,jenis\n,Dinas\n")
    env = {**os.environ, "DEBUG": "1", "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], env=env, check=True)

    def run(*args):
        return subprocess.run(
            [sys.executable, "manage.py", "import_opd", *args],
            env=env,
            capture_output=True,
            text=True,
        )

    assert run(str(FIXTURES / "opd_dompu.csv")).returncode == 0
    again = run(str(FIXTURES / "opd_dompu.csv"))
    assert again.returncode == 0 and "0 dibuat, 0 diperbarui, 41 tidak berubah" in again.stdout
    assert run(str(bad)).returncode == 1
    assert run(str(tmp_path / "none.csv")).returncode == 2
