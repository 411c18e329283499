"""Issue 19, item 3: two gunicorn replicas sharing only the database and object storage."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_two_replicas_share_only_the_database_and_the_object_storage():
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    result = subprocess.run(
        [sys.executable, "-m", "bench.dua_replika"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )

    output = result.stdout + result.stderr[-3000:]
    assert result.returncode == 0, output
    for step in (
        "evidence uploaded through A",
        "the same evidence downloaded through B, byte-identical",
        "report job requested on A, its ZIP served by B",
        "PRIVATE_ROOT is empty: nothing stored on local disk",
    ):
        assert f"ok  {step}" in result.stdout, output
