"""Settings come from the environment; production settings pass `check --deploy`."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

ROOT = Path(__file__).resolve().parent.parent


def _manage(*args, env_overrides: dict[str, str], tmp_path) -> subprocess.CompletedProcess:
    # A production-like environment: none of the test run's development switches.
    dropped = {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {k: v for k, v in os.environ.items() if k not in dropped}
    env.setdefault("DATABASE_URL", f"sqlite:///{tmp_path / 'db.sqlite3'}")
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )


def test_production_settings_pass_check_deploy(tmp_path):
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env_overrides={
            "DEBUG": "0",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "spbe.sulbarprov.go.id",
        },
        tmp_path=tmp_path,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_secret_key(tmp_path):
    result = _manage("check", env_overrides={"DEBUG": "0"}, tmp_path=tmp_path)

    assert result.returncode != 0
    assert "SECRET_KEY wajib diisi" in result.stderr


def test_defaults_are_indonesian_and_makassar_time(settings):
    assert settings.LANGUAGE_CODE == "id"
    assert settings.USE_TZ is True
    assert os.environ.get("TIME_ZONE", "Asia/Makassar") == settings.TIME_ZONE


def test_seed_demo_refuses_when_debug_is_off(settings, db):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="seed_demo menolak berjalan saat DEBUG mati"):
        call_command("seed_demo")


def test_seed_demo_creates_sulbar_opds_and_one_login_per_role(settings, db, capsys):
    from opd.models import Opd, Pengguna, Peran
    from tests.helpers import fixture_rows

    settings.DEBUG = True
    call_command("seed_demo")
    call_command("seed_demo")  # idempotent

    out = capsys.readouterr().out
    assert Opd.objects.count() == len(fixture_rows("opd_sulbar.csv")) - 1
    assert set(Pengguna.objects.values_list("peran", flat=True)) == set(Peran.values)
    from spbe_portal.management.commands.seed_demo import DEMO_PASSWORD

    assert DEMO_PASSWORD in out
    for user in Pengguna.objects.all():
        assert user.username in out
        assert user.check_password(DEMO_PASSWORD)


@pytest.mark.django_db
def test_pages_carry_a_strict_content_security_policy(client):
    response = client.get("/akun/masuk/")

    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "script-src 'self'" in policy
    assert "object-src 'none'" in policy and "frame-ancestors 'self'" in policy
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_evidence_downloads_keep_their_own_sandboxed_policy(client, operator_a, bukti_a):
    client.force_login(operator_a)

    response = client.get(f"/evaluasi/bukti/{bukti_a.pk}/")

    assert response["Content-Security-Policy"].startswith("sandbox")
