"""Load test with Locust, headless, on loopback only: 50 users for 2 minutes against gunicorn.

    pip install -r requirements-bench.txt
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/load.py

Options: --users 50 --spawn-rate 10 --duration 2m --port 8766. Creates its own database
(spbe_load), checks that no request failed or answered 5xx, that every save and upload an
operator saw succeed is in the database (no lost writes), and reports p95 per request type.
Writes bench/out/load.json; exits 1 on errors or lost writes.
"""

import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from run import ROOT, database_url, manage, recreate, start_gunicorn

PY = sys.executable


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--spawn-rate", type=int, default=10)
    parser.add_argument("--duration", default="2m")
    parser.add_argument("--port", type=int, default=8766)
    args = parser.parse_args()
    base = os.environ.get("DATABASE_URL", "")
    if not base.startswith("postgres"):
        raise SystemExit("bench/load.py needs DATABASE_URL pointing at PostgreSQL.")
    recreate(base, "spbe_load")
    work = Path(tempfile.mkdtemp(prefix="spbe-load-"))
    env = {
        **os.environ,
        "DATABASE_URL": database_url(base, "spbe_load"),
        "DEBUG": "0",
        "SECRET_KEY": "load-only-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_COOKIES": "0",
        "STATIC_ROOT": str(work / "static"),
        "PRIVATE_ROOT": str(work / "private"),
        "LOG_LEVEL": "WARNING",
        "AXES_ENABLED": "0",  # 50 logins from one loopback address are not an attack
    }
    env.pop("REDIS_URL", None)
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "collectstatic", "--noinput", "-v0")
    accounts = (
        subprocess.run(
            [PY, "bench/load_seed.py", str(args.users)],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        .stdout.strip()
        .splitlines()[-1]
    )
    results_file = work / "client-results.jsonl"
    server = start_gunicorn(
        env,
        args.port,
        "--workers",
        "3",
        "--threads",
        "2",
        "--timeout",
        "60",
        # Longer than any user's think time, so the server never closes a keep-alive
        # connection just as the client reuses it (seen as "connection reset").
        "--keep-alive",
        "75",
    )
    host = f"http://127.0.0.1:{args.port}"
    try:
        subprocess.run(
            [
                PY,
                "-m",
                "locust",
                "-f",
                "bench/locustfile.py",
                "--headless",
                "-u",
                str(args.users),
                "-r",
                str(args.spawn_rate),
                "-t",
                args.duration,
                "--host",
                host,
                "--csv",
                str(work / "locust"),
                "--only-summary",
                "--stop-timeout",
                "10",
            ],
            cwd=ROOT,
            env={**env, "LOAD_ACCOUNTS": accounts, "LOAD_RESULTS": str(results_file)},
            check=False,
        )
    finally:
        server.terminate()
        server.wait(timeout=30)

    stats = list(csv.DictReader((work / "locust_stats.csv").open()))
    failures = (
        list(csv.DictReader((work / "locust_failures.csv").open()))
        if (work / "locust_failures.csv").exists()
        else []
    )
    client: dict[str, dict] = {}
    for line in results_file.read_text().splitlines():
        row = json.loads(line)
        entry = client.setdefault(row["username"], {"saves": 0, "uploads": 0})
        entry["saves"] += row["saves"]
        entry["uploads"] += row["uploads"]
    database = json.loads(
        subprocess.run(
            [PY, "bench/load_verify.py"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    )
    lost = {
        user: {
            "client": c,
            "database": {
                "saves": database["saves"].get(user, 0),
                "uploads": database["uploads"].get(user, 0),
            },
        }
        for user, c in client.items()
        if (database["saves"].get(user, 0), database["uploads"].get(user, 0))
        != (c["saves"], c["uploads"])
    }
    total = next(s for s in stats if s["Name"] == "Aggregated")
    print(f"\n{'request':<22}{'count':>8}{'fail':>6}{'p50 ms':>9}{'p95 ms':>9}")
    for s in stats:
        print(
            f"{s['Name']:<22}{s['Request Count']:>8}{s['Failure Count']:>6}{s['50%']:>9}{s['95%']:>9}"
        )
    saves = sum(c["saves"] for c in client.values())
    uploads = sum(c["uploads"] for c in client.values())
    print(
        f"\nsaves {saves}, uploads {uploads} by {len(client)} operators; lost writes: {len(lost)}; failures: {total['Failure Count']}"
    )
    out = ROOT / "bench" / "out"
    out.mkdir(exist_ok=True)
    (out / "load.json").write_text(
        json.dumps(
            {
                "stats": stats,
                "failures": failures,
                "lost_writes": lost,
                "saves": saves,
                "uploads": uploads,
            },
            indent=2,
        )
    )
    ok = int(total["Failure Count"]) == 0 and not lost and saves > 0
    print(
        "PASS" if ok else "FAIL",
        "— zero server errors and no lost writes"
        if ok
        else json.dumps(failures[:5] or lost, indent=1)[:2000],
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
