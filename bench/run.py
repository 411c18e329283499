"""Benchmark: builds a PostgreSQL database per size, serves it with gunicorn on loopback,
and measures page latency and query counts, index computation, PDF rendering and import.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/run.py

Options: --sizes 50,1000 (OPDs), --periods 3, --requests 40 (per page), --port 8765.
Writes bench/out/results.json and prints one table; exits 1 when a target is missed.
"""

import argparse
import http.cookiejar
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
PASSWORD = "skala-bench-2026"
TARGETS = {"dashboard_p95_ms": 150.0, "pdf_one_opd_s": 3.0, "import_1000_rows_s": 10.0}


def database_url(base: str, name: str) -> str:
    parsed = urllib.parse.urlparse(base)
    return parsed._replace(path=f"/{name}").geturl()


def recreate(base: str, name: str) -> None:
    parsed = urllib.parse.urlparse(base)
    params = {
        "host": parsed.hostname or "127.0.0.1",
        "port": parsed.port or 5432,
        "user": parsed.username or "postgres",
    }
    if parsed.password:
        params["password"] = parsed.password
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def manage(env: dict, *args: str) -> str:
    result = subprocess.run(
        [PY, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    if result.returncode:
        raise SystemExit(f"manage.py {' '.join(args)} failed:\n{result.stderr[-3000:]}")
    return result.stdout


def start_gunicorn(env: dict, port: int, *options: str) -> subprocess.Popen:
    """gunicorn serving the portal on 127.0.0.1:port (loopback only); returns once healthy."""
    server = subprocess.Popen(
        [
            PY,
            "-m",
            "gunicorn",
            "spbe_portal.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
            *options,
        ],
        cwd=ROOT,
        env=env,
    )
    for _ in range(150):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1).read()
            return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("gunicorn did not become healthy")


def session(base_url: str, username: str | None) -> urllib.request.OpenerDirector:
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
    )
    if username:
        page = opener.open(f"{base_url}/akun/masuk/").read().decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        data = urllib.parse.urlencode(
            {"csrfmiddlewaretoken": token, "username": username, "password": PASSWORD}
        ).encode()
        request = urllib.request.Request(
            f"{base_url}/akun/masuk/", data=data, headers={"Referer": f"{base_url}/akun/masuk/"}
        )
        opener.open(request).read()
    return opener


def latency(opener, url: str, n: int) -> dict:
    opener.open(url).read()  # warm-up
    samples = []
    for _ in range(n):
        start = time.perf_counter()
        with opener.open(url) as response:
            response.read()
            assert response.status == 200
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    return {
        "p50_ms": round(statistics.median(samples), 1),
        "p95_ms": round(samples[max(0, int(len(samples) * 0.95) - 1)], 1),
    }


def run_size(base: str, size: int, periods: int, requests: int, port: int) -> dict:
    name = f"spbe_bench_{size}"
    recreate(base, name)
    private = Path(tempfile.gettempdir()) / f"spbe-bench-{size}"
    env = {
        **os.environ,
        "DATABASE_URL": database_url(base, name),
        "DEBUG": "0",
        "SECRET_KEY": "bench-only-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_COOKIES": "0",
        "STATIC_ROOT": str(private / "static"),
        "PRIVATE_ROOT": str(private / "private"),
        "LOG_LEVEL": "WARNING",
    }
    env.pop("REDIS_URL", None)
    manage(env, "migrate", "--noinput", "-v0")
    started = time.perf_counter()
    print(manage(env, "seed_scale", "--opd", str(size), "--periode-count", str(periods)).strip())
    seed_s = time.perf_counter() - started
    manage(env, "collectstatic", "--noinput", "-v0")

    server = start_gunicorn(env, port, "--workers", "2")
    base_url = f"http://127.0.0.1:{port}"
    try:
        probe = json.loads(
            subprocess.run(
                [PY, "bench/probe.py"],
                cwd=ROOT,
                env=env,
                capture_output=True,
                text=True,
                check=True,
            ).stdout
        )
        urls = json.loads(
            subprocess.run(
                [PY, "-c", "import bench.probe as p, json; print(json.dumps(p.pages()))"],
                cwd=ROOT,
                env=env,
                capture_output=True,
                text=True,
                check=True,
            )
            .stdout.strip()
            .splitlines()[-1]
        )
        sessions: dict = {}
        pages = {}
        for page, (username, path) in urls.items():
            opener = sessions.setdefault(username, session(base_url, username))
            pages[page] = {
                "queries": probe["queries"][page],
                **latency(opener, base_url + path, requests),
            }
    finally:
        server.terminate()
        server.wait(timeout=30)
    return {
        "opd": size,
        "periods": periods,
        "seed_s": round(seed_s, 1),
        "pages": pages,
        "index_all_opd_s": probe["index_all_opd_s"],
        "pdf_one_opd_s": probe["pdf_one_opd_s"],
        "import_1000_rows_s": probe["import_1000_rows_s"],
    }


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="50,1000")
    parser.add_argument("--periods", type=int, default=3)
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args()
    base = os.environ.get("DATABASE_URL", "")
    if not base.startswith("postgres"):
        raise SystemExit(
            "bench/run.py needs DATABASE_URL pointing at PostgreSQL (any database; it creates its own)."
        )
    results = [
        run_size(base, int(s), args.periods, args.requests, args.port)
        for s in args.sizes.split(",")
    ]

    print(f"\n{'measure':<34}" + "".join(f"{'N=' + str(r['opd']):>22}" for r in results))
    for page in results[0]["pages"]:
        cells = "".join(
            f"{r['pages'][page]['queries']:>5} q {r['pages'][page]['p50_ms']:>6} / {r['pages'][page]['p95_ms']:>6} ms"
            for r in results
        )
        print(f"{page + ' (queries, p50 / p95)':<34}{cells}")
    for key, label in (
        ("seed_s", "seed_scale (s)"),
        ("index_all_opd_s", "indices of every OPD (s)"),
        ("pdf_one_opd_s", "PDF of one OPD (s)"),
        ("import_1000_rows_s", "import 1,000 OPD rows (s)"),
    ):
        print(f"{label:<34}" + "".join(f"{r[key]:>22}" for r in results))

    largest = results[-1]
    checks = {
        "query counts equal for every size": all(
            len({r["pages"][p]["queries"] for r in results}) == 1 for p in results[0]["pages"]
        ),
        f"dashboard p95 < {TARGETS['dashboard_p95_ms']:.0f} ms at N={largest['opd']}": largest[
            "pages"
        ]["dashboard"]["p95_ms"]
        < TARGETS["dashboard_p95_ms"],
        f"one OPD PDF < {TARGETS['pdf_one_opd_s']:.0f} s": all(
            r["pdf_one_opd_s"] < TARGETS["pdf_one_opd_s"] for r in results
        ),
        f"1,000-row import < {TARGETS['import_1000_rows_s']:.0f} s": all(
            r["import_1000_rows_s"] < TARGETS["import_1000_rows_s"] for r in results
        ),
    }
    print()
    for check, ok in checks.items():
        print(f"{'PASS' if ok else 'FAIL'}  {check}")
    out = ROOT / "bench" / "out"
    out.mkdir(exist_ok=True)
    (out / "results.json").write_text(json.dumps({"results": results, "checks": checks}, indent=2))
    print(f"\nWritten to {out / 'results.json'}")
    return 0 if all(checks.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
