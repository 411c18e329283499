"""Where a page's time goes, in-process, on a seeded benchmark database (after bench/run.py):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python \\
        bench/rincian.py --opd 20000 [page ...]

Per page (bench/probe.py's list, or the ones named), the mean over 30 requests through
Django's test client with the benchmark's settings (DEBUG off): the whole request, the time
inside the database cursor (executing and adapting rows, as Django does it), compiling
querysets to SQL, and rendering templates (which includes querysets a template evaluates).
What the three do not cover is middleware, the view's own Python and building model objects.
The SQL floor of bench/run.py is the same statements replayed raw; this says what lies between.
"""

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--opd", type=int, default=20000)
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("pages", nargs="*")
    args = parser.parse_args()

    from bench import run

    os.environ.update(run.environment(os.environ.get("DATABASE_URL", ""), args.opd))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "spbe_portal.settings")
    import django

    django.setup()
    from django.db import connection
    from django.db.models.sql.compiler import SQLCompiler
    from django.template.backends.django import Template
    from django.test import Client

    from bench import probe
    from opd.models import Pengguna

    waktu = {"sql": 0.0, "kompilasi": 0.0, "templat": 0.0}

    def ukur(kunci, fungsi):
        def dibungkus(*a, **k):
            if getattr(dibungkus, "di_dalam", False):  # nested calls count once
                return fungsi(*a, **k)
            dibungkus.di_dalam = True
            mulai = time.perf_counter()
            try:
                return fungsi(*a, **k)
            finally:
                dibungkus.di_dalam = False
                waktu[kunci] += time.perf_counter() - mulai

        return dibungkus

    def sql(execute, *a):
        mulai = time.perf_counter()
        try:
            return execute(*a)
        finally:
            waktu["sql"] += time.perf_counter() - mulai

    SQLCompiler.as_sql = ukur("kompilasi", SQLCompiler.as_sql)
    Template.render = ukur("templat", Template.render)
    n = args.requests
    for name, (username, url) in probe.pages().items():
        if args.pages and name not in args.pages:
            continue
        client = Client()
        if username:
            client.force_login(Pengguna.objects.get(username=username))
        for _ in range(3):  # warm: caches, the session's remembered period
            client.get(url)
        waktu.update(dict.fromkeys(waktu, 0.0))
        with connection.execute_wrapper(sql):
            mulai = time.perf_counter()
            for _ in range(n):
                client.get(url)
            total = (time.perf_counter() - mulai) * 1000 / n
        bagian = "  ".join(f"{k} {v * 1000 / n:5.1f}" for k, v in waktu.items())
        print(f"{name:18} total {total:6.1f} ms  {bagian}", flush=True)


if __name__ == "__main__":
    main()
