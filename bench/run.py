"""Benchmark: a PostgreSQL database per size (`spbe_bench_<N>`), served by gunicorn on
loopback; per page the p50/p95 latency, response size, query count and its SQL floor (the
same statements replayed raw with psycopg), plus index computation, PDF rendering, the
OPD import, the "all OPD reports" batch bookkeeping per child and the recap .xlsx build.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/run.py \\
        --sizes 50,1000,5000,20000 --reuse

Options: --sizes (OPDs), --periods 3, --requests 30 (per page), --port 8765,
--reuse (keep an already seeded spbe_bench_<N>, only `migrate` it; seed it when missing),
--seed-only (prepare the databases and stop), --out bench/out/results.json.
A database counts as seeded only once its `bench_seeded` marker table holds a row for the
same size and period count (written after seed_scale succeeded).
Prints a Markdown table and the checks (PASS/FAIL); exits 1 when a check fails.
"""

import argparse
import gzip
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
# The goal of issue 19: flat from the smallest to the largest size, near the SQL floor.
FLAT_RATIO = 1.5  # page p50 at the largest N ≤ 1.5 × its p50 at the smallest N (+ FLAT_SLACK)
FLAT_SLACK_MS = 5.0  # absolute slack: a 4 → 9 ms page is noise on a shared machine, not growth
FLOOR_RATIO = 3.0  # page p50 ≤ 3 × the p50 of its own SQL replayed raw (+ FLAT_SLACK)
BATCH_RATIO = 1.5  # ms per finished child at the largest N ≤ 1.5 × at the smallest N


def _params(base: str) -> dict:
    parsed = urllib.parse.urlparse(base)
    params = {
        "host": parsed.hostname or "127.0.0.1",
        "port": parsed.port or 5432,
        "user": parsed.username or "postgres",
    }
    if parsed.password:
        params["password"] = parsed.password
    return params


def database_url(base: str, name: str) -> str:
    return urllib.parse.urlparse(base)._replace(path=f"/{name}").geturl()


def seeded(base: str, name: str, size: int, periods: int) -> dict | None:
    """The marker row of a complete seed of this size, or None (missing database or seed)."""
    try:
        with psycopg.connect(dbname=name, **_params(base)) as conn:
            row = conn.execute(
                "SELECT opd, periods, seed_s, seeded_at FROM bench_seeded "
                "WHERE opd = %s AND periods = %s",
                [size, periods],
            ).fetchone()
    except psycopg.Error:
        return None
    if row is None:
        return None
    return {"opd": row[0], "periods": row[1], "seed_s": row[2], "seeded_at": str(row[3])}


def recreate(base: str, name: str) -> None:
    with psycopg.connect(dbname="postgres", autocommit=True, **_params(base)) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def mark_seeded(base: str, name: str, size: int, periods: int, seed_s: float) -> None:
    with psycopg.connect(dbname=name, autocommit=True, **_params(base)) as conn:
        conn.execute(
            "CREATE TABLE IF NOT EXISTS bench_seeded (opd int, periods int, seed_s real, "
            "seeded_at timestamptz DEFAULT now())"
        )
        conn.execute(
            "INSERT INTO bench_seeded (opd, periods, seed_s) VALUES (%s, %s, %s)",
            [size, periods, seed_s],
        )
        conn.execute(f"COMMENT ON DATABASE \"{name}\" IS 'seed_scale --opd {size} done'")
        conn.execute("VACUUM ANALYZE")  # fresh statistics and visibility map, as in production


def manage(env: dict, *args: str, stream: bool = False) -> str:
    result = subprocess.run(
        [PY, "manage.py", *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=None if stream else subprocess.PIPE,
        text=True,
        check=False,
    )
    if result.returncode:
        raise SystemExit(f"manage.py {' '.join(args)} failed:\n{(result.stderr or '')[-3000:]}")
    return result.stdout


def environment(base: str, size: int) -> dict:
    private = Path(tempfile.gettempdir()) / f"spbe-bench-{size}"
    env = {
        **os.environ,
        "DATABASE_URL": database_url(base, f"spbe_bench_{size}"),
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
    return env


def prepare(base: str, size: int, periods: int, reuse: bool) -> dict:
    """The database of this size, seeded (or reused), migrated. Returns the seed marker."""
    name = f"spbe_bench_{size}"
    env = environment(base, size)
    marker = seeded(base, name, size, periods) if reuse else None
    if marker:
        print(f"[N={size}] reusing {name} (seeded {marker['seeded_at']}); migrate", flush=True)
        manage(env, "migrate", "--noinput", "-v0")
        return {**marker, "reused": True}
    print(f"[N={size}] creating and seeding {name}", flush=True)
    recreate(base, name)
    manage(env, "migrate", "--noinput", "-v0")
    started = time.perf_counter()
    print(
        manage(env, "seed_scale", "--opd", str(size), "--periode-count", str(periods), stream=True)
        .strip()
        .splitlines()[-1],
        flush=True,
    )
    seed_s = round(time.perf_counter() - started, 1)
    mark_seeded(base, name, size, periods, seed_s)
    return {"opd": size, "periods": periods, "seed_s": seed_s, "reused": False}


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
            "--timeout",
            "300",  # the unpaginated pages of a 20,000-OPD baseline take seconds
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


def latency(opener, url: str, n: int, budget_s: float) -> dict:
    """p50/p95 of n requests (fewer when a slow page would exceed budget_s), and the size of
    the response as sent (no Accept-Encoding) and gzip-compressed."""
    start = time.perf_counter()
    body = opener.open(url, timeout=300).read()  # warm-up
    first = time.perf_counter() - start
    n = max(5, min(n, int(budget_s / max(first, 1e-3))))
    samples = []
    for _ in range(n):
        start = time.perf_counter()
        with opener.open(url, timeout=300) as response:
            body = response.read()
            assert response.status == 200
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    return {
        "p50_ms": round(statistics.median(samples), 1),
        "p95_ms": round(samples[max(0, int(len(samples) * 0.95) - 1)], 1),
        "requests": n,
        "bytes": len(body),
        "gzip_bytes": len(gzip.compress(body, 6)),
    }


def _json(env: dict, *args: str, timeout: float | None = None) -> dict:
    try:
        result = subprocess.run(
            [PY, *args],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=False,
            timeout=timeout,
        )
    except subprocess.TimeoutExpired:
        return {"error": f"timeout after {timeout:.0f} s"}
    if result.returncode:
        raise SystemExit(f"{' '.join(args)} failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def run_size(base: str, size: int, args, marker: dict) -> dict:
    env = environment(base, size)
    manage(env, "collectstatic", "--noinput", "-v0")
    print(f"[N={size}] probe (queries, SQL floor, import, batch)", flush=True)
    probe = _json(env, "bench/probe.py", "--reps", str(args.requests))
    print(f"[N={size}] recap xlsx", flush=True)
    rekap = _json(env, "bench/probe.py", "rekap", timeout=args.rekap_timeout)
    urls = _json(env, "-c", "import bench.probe as p, json; print(json.dumps(p.pages()))")
    server = start_gunicorn(env, args.port, "--workers", "2")
    base_url = f"http://127.0.0.1:{args.port}"
    try:
        sessions: dict = {}
        pages = {}
        for page, (username, path) in urls.items():
            print(f"[N={size}] {page}", flush=True)
            opener = sessions.setdefault(username, session(base_url, username))
            measured = latency(opener, base_url + path, args.requests, args.page_budget)
            floor = probe["sql_floor"][page]
            pages[page] = {
                "queries": probe["queries"][page],
                **measured,
                "sql_floor_p50_ms": floor["p50_ms"],
                "sql_floor_mode": floor["mode"],
                "floor_ratio": round(measured["p50_ms"] / max(floor["p50_ms"], 0.01), 1),
            }
    finally:
        server.terminate()
        server.wait(timeout=30)
    return {
        "opd": size,
        "periods": args.periods,
        "seed_s": marker.get("seed_s"),
        "reused": marker.get("reused"),
        "pages": pages,
        "index_all_opd_s": probe["index_all_opd_s"],
        "pdf_one_opd_s": probe["pdf_one_opd_s"],
        "import_1000_rows_s": probe["import_1000_rows_s"],
        "import_1000_rows_dry_s": probe["import_1000_rows_dry_s"],
        "batch": probe["batch"],
        "rekap_xlsx": rekap,
        "loadavg_1m": round(os.getloadavg()[0], 1),  # a shared machine: how busy it was
    }


def _flat(small: float, large: float, ratio: float) -> bool:
    return large <= small * ratio + FLAT_SLACK_MS


def checks(results: list[dict]) -> dict[str, bool]:
    first, last = results[0], results[-1]
    out = {
        "query counts equal for every size": all(
            len({r["pages"][p]["queries"] for r in results}) == 1 for p in first["pages"]
        ),
        f"dashboard p95 < {TARGETS['dashboard_p95_ms']:.0f} ms at N={last['opd']}": last["pages"][
            "dashboard"
        ]["p95_ms"]
        < TARGETS["dashboard_p95_ms"],
        f"one OPD PDF < {TARGETS['pdf_one_opd_s']:.0f} s": all(
            r["pdf_one_opd_s"] < TARGETS["pdf_one_opd_s"] for r in results
        ),
        f"1,000-row import < {TARGETS['import_1000_rows_s']:.0f} s": all(
            r["import_1000_rows_s"] < TARGETS["import_1000_rows_s"] for r in results
        ),
    }
    for page in first["pages"]:
        a, b = first["pages"][page]["p50_ms"], last["pages"][page]["p50_ms"]
        if len(results) > 1:
            out[
                f"{page} flat: p50 {b} ms at N={last['opd']} ≤ {FLAT_RATIO}× {a} ms at "
                f"N={first['opd']} + {FLAT_SLACK_MS:.0f} ms"
            ] = _flat(a, b, FLAT_RATIO)
        floor = last["pages"][page]["sql_floor_p50_ms"]
        out[
            f"{page} near SQL floor: p50 {b} ms ≤ {FLOOR_RATIO}× {floor} ms + "
            f"{FLAT_SLACK_MS:.0f} ms at N={last['opd']}"
        ] = _flat(floor, b, FLOOR_RATIO)
    if len(results) > 1:
        a = first["batch"]["ms_per_child_p50"]
        b = last["batch"]["ms_per_child_p50"]
        out[
            f"batch linear: {b} ms per child at N={last['opd']} ≤ {BATCH_RATIO}× {a} ms at "
            f"N={first['opd']} + {FLAT_SLACK_MS:.0f} ms"
        ] = _flat(a, b, BATCH_RATIO)
    for r in results:
        if "full_batch_status" in r["batch"]:
            out[f"full batch of {r['opd']} children closes"] = (
                r["batch"]["full_batch_status"] != "diproses"
            )
    return out


def table(results: list[dict]) -> str:
    """Markdown: one row per page and size, then the other measures per size."""
    lines = [
        "| page | N | queries | p50 ms | p95 ms | SQL floor p50 ms | ratio | KB (gzip KB) |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for page in results[0]["pages"]:
        for r in results:
            m = r["pages"][page]
            floor = f"{m['sql_floor_p50_ms']}" + ("*" if m["sql_floor_mode"] != "all" else "")
            lines.append(
                f"| {page} | {r['opd']:,} | {m['queries']} | {m['p50_ms']} | {m['p95_ms']} | "
                f"{floor} | {m['floor_ratio']}× | {m['bytes'] / 1024:,.0f} "
                f"({m['gzip_bytes'] / 1024:,.0f}) |"
            )
    lines += ["", "| measure | " + " | ".join(f"N={r['opd']:,}" for r in results) + " |"]
    lines.append("|---|" + "---:|" * len(results))

    def row(label, cell):
        lines.append(f"| {label} | " + " | ".join(str(cell(r)) for r in results) + " |")

    row("seed_scale (s)", lambda r: f"{r['seed_s']}" + (" (reused)" if r["reused"] else ""))
    row("indices of every OPD (s)", lambda r: r["index_all_opd_s"])
    row("PDF of one OPD (s)", lambda r: r["pdf_one_opd_s"])
    row("import 1,000 OPD rows (s)", lambda r: r["import_1000_rows_s"])
    row("import 1,000 rows, dry run (s)", lambda r: r["import_1000_rows_dry_s"])
    row("batch: ms per finished child (p50)", lambda r: r["batch"]["ms_per_child_p50"])
    row("batch: projected bookkeeping (s)", lambda r: r["batch"]["projected_batch_s"])
    row(
        "recap .xlsx build (s)",
        lambda r: r["rekap_xlsx"].get("build_s", r["rekap_xlsx"].get("error")),
    )
    row("recap .xlsx peak RSS (MB)", lambda r: r["rekap_xlsx"].get("peak_rss_mb", "error"))
    row("machine load average (1 min)", lambda r: r["loadavg_1m"])
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="50,1000")
    parser.add_argument("--periods", type=int, default=3)
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument(
        "--page-budget", type=float, default=90.0, help="seconds per page (slow pages: fewer)"
    )
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument(
        "--rekap-timeout", type=float, default=600.0, help="seconds for the recap .xlsx build"
    )
    parser.add_argument("--reuse", action="store_true")
    parser.add_argument("--seed-only", action="store_true")
    parser.add_argument("--out", default=str(ROOT / "bench" / "out" / "results.json"))
    args = parser.parse_args()
    base = os.environ.get("DATABASE_URL", "")
    if not base.startswith("postgres"):
        raise SystemExit(
            "bench/run.py needs DATABASE_URL pointing at PostgreSQL (any database; it creates its own)."
        )
    sizes = [int(s) for s in args.sizes.split(",")]
    markers = {size: prepare(base, size, args.periods, args.reuse) for size in sizes}
    if args.seed_only:
        print(json.dumps(markers, indent=2))
        return 0
    results = [run_size(base, size, args, markers[size]) for size in sizes]
    report = table(results)
    verdicts = checks(results)
    print("\n" + report + "\n")
    for check, ok in verdicts.items():
        print(f"{'PASS' if ok else 'FAIL'}  {check}")
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"results": results, "checks": verdicts, "table": report}, indent=2))
    print(f"\nWritten to {out}")
    return 0 if all(verdicts.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
