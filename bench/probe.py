"""In-process measurements for bench/run.py (run inside the benchmark database's settings).

    python bench/probe.py [--reps 30]   one JSON object: per page the query count, its SQL
                                        replayed raw (the page's SQL floor), and the index,
                                        PDF, import, batch bookkeeping timings
    python bench/probe.py rekap         one JSON object: recap .xlsx build time and peak RSS
                                        (a fresh process, so the peak is this build's)

Leaves the database as it found it (the import is rolled back, the batch jobs deleted), so a
seeded database can be measured again and again (bench/run.py --reuse).
"""

import io
import json
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "spbe_portal.settings")

import django

django.setup()

import psycopg
from django.conf import settings
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from evaluasi import scoring
from evaluasi.instrumen.selectors import scoring_def
from evaluasi.laporan import cetak, pekerjaan
from evaluasi.models import (
    Jawaban,
    JenisLaporan,
    LaporanJob,
    Penilaian,
    Periode,
    StatusLaporan,
    StatusPenilaian,
)
from opd.models import Pengguna
from opd.services import opd_import
from opd.spreadsheet import read_dataset
from spbe_portal.files import delete_private_file


def pages() -> dict[str, tuple[str | None, str]]:
    """Page name → (username or None for anonymous, URL). The first page of a paginated list."""
    periode = Periode.objects.order_by("-tahun").first()
    operator = Pengguna.objects.get(username="bench.operator")
    own = Penilaian.objects.get(periode=periode, opd=operator.opd)
    final = Penilaian.objects.filter(periode=periode, status=StatusPenilaian.FINAL).first()
    return {
        "dashboard": ("bench.admin", f"/evaluasi/dashboard/?periode={periode.pk}"),
        "opd_detail": ("bench.admin", f"/evaluasi/penilaian/{final.pk}/hasil/"),
        "operator_overview": ("bench.operator", f"/evaluasi/penilaian/{own.pk}/"),
        "indicator_page": ("bench.operator", f"/evaluasi/penilaian/{own.pk}/indikator/1/"),
        "evaluator_queue": ("bench.evaluator", f"/evaluasi/?periode={periode.pk}"),
        "period_detail": ("bench.admin", f"/evaluasi/periode/{periode.pk}/"),
        # A search that finds one OPD at every size (seed_scale names them "OPD Skala 00001"…).
        "period_search": ("bench.admin", f"/evaluasi/periode/{periode.pk}/?q=skala+00007"),
        "assignment": ("bench.admin", f"/evaluasi/periode/{periode.pk}/penugasan/"),
        "architecture": ("bench.admin", "/arsitektur/"),
        "public_page": (None, "/publik/"),
    }


def capture() -> dict[str, list[str]]:
    """The SQL each page runs (as sent: Django binds parameters client-side with psycopg 3)."""
    result = {}
    for name, (username, url) in pages().items():
        client = Client()
        if username:
            client.force_login(Pengguna.objects.get(username=username))
        client.get(url)  # warm caches (sessions, content types)
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code == 200, (name, response.status_code)
        result[name] = [q["sql"] for q in ctx.captured_queries]
    return result


def _dsn() -> dict:
    db = settings.DATABASES["default"]
    dsn = {"dbname": db["NAME"], "user": db.get("USER") or "postgres"}
    for key, setting in (("host", "HOST"), ("port", "PORT"), ("password", "PASSWORD")):
        if db.get(setting):
            dsn[key] = db[setting]
    return dsn


def sql_floor(statements: dict[str, list[str]], reps: int) -> dict[str, dict]:
    """Replay each page's statements on one warm psycopg connection, fetching every row, in a
    transaction rolled back each time (a page's own writes, such as a session save, are undone).
    A page whose writes cannot be replayed falls back to its reads (mode "reads")."""
    result = {}
    with psycopg.connect(**_dsn()) as conn:

        def once(sqls: list[str]) -> float:
            start = time.perf_counter()
            with conn.transaction(force_rollback=True), conn.cursor() as cur:
                for sql in sqls:
                    cur.execute(sql)
                    if cur.description is not None:
                        cur.fetchall()
            return (time.perf_counter() - start) * 1000

        for name, sqls in statements.items():
            mode = "all"
            try:
                once(sqls)
            except psycopg.Error:
                mode = "reads"
                sqls = [s for s in sqls if s.lstrip().upper().startswith(("SELECT", "WITH"))]
                once(sqls)
            samples = [once(sqls) for _ in range(reps)]
            result[name] = {"p50_ms": round(statistics.median(samples), 2), "mode": mode}
    return result


def index_seconds() -> float:
    """Recompute every OPD's self and final index of the newest period from the answers."""
    periode = Periode.objects.order_by("-tahun").first()
    start = time.perf_counter()
    definition = scoring_def(periode.instrumen)
    levels: dict[int, dict] = {}
    finals: dict[int, dict] = {}
    rows = Jawaban.objects.filter(penilaian__periode=periode).values_list(
        "penilaian_id", "indikator__nomor", "level", "level_final"
    )
    for pid, nomor, level, final in rows.iterator(chunk_size=20_000):
        levels.setdefault(pid, {})[nomor] = level
        finals.setdefault(pid, {})[nomor] = final
    for pid in levels:
        scoring.hitung(definition, levels[pid])
        scoring.hitung(definition, finals[pid])
    return time.perf_counter() - start


def pdf_seconds() -> float:
    penilaian = (
        Penilaian.objects.filter(status=StatusPenilaian.FINAL)
        .select_related("periode__instrumen", "opd")
        .first()
    )
    cetak.laporan_opd_pdf(penilaian)  # warm-up: fonts, templates
    start = time.perf_counter()
    cetak.laporan_opd_pdf(penilaian)
    return time.perf_counter() - start


def import_seconds(rows: int = 1000, dry_run: bool = False) -> float:
    """A `rows`-row OPD import, rolled back afterwards (the seeded database stays as it was)."""
    text = io.StringIO()
    text.write("nama,singkatan,jenis\n")
    for i in range(rows):
        text.write(f"OPD Impor Benchmark {i:05d},IMP{i:05d},Dinas\n")
    data = text.getvalue().encode()
    with transaction.atomic():
        start = time.perf_counter()
        hasil = opd_import(
            dataset=read_dataset(data, "opd.csv", max_bytes=50 * 1024 * 1024), dry_run=dry_run
        )
        elapsed = time.perf_counter() - start
        counted = getattr(hasil, "akan_dibuat" if dry_run else "dibuat", rows)
        assert counted == rows, (counted, getattr(hasil, "galat", [])[:3])
        transaction.set_rollback(True)
    return elapsed


def _run_child(job_id: int) -> None:
    try:
        pekerjaan.laporan_run(job_id=job_id)
    except TypeError:  # tolerate a positional signature
        pekerjaan.laporan_run(job_id)


def batch(sample: int = 20, full_up_to: int = 200) -> dict:
    """The "all OPD reports" bookkeeping: a batch of one child per penilaian of the newest period
    is created (as laporan_request does, without handing it to a worker); then `sample` children
    spread over the batch are run through `laporan_run` with the PDF renderer stubbed out, so
    the time is what finishing one child costs besides its PDF (claim, store, record, batch
    check). Up to `full_up_to` children the whole batch is run and must close. Jobs and files
    are removed afterwards."""
    periode = Periode.objects.order_by("-tahun").first()
    admin = Pengguna.objects.get(username="bench.admin")
    stub = b"%PDF-1.4\n% bench\n%%EOF\n"
    real = cetak.laporan_opd_pdf
    patched = [m for m in (cetak, pekerjaan) if hasattr(m, "laporan_opd_pdf")]
    for module in patched:
        module.laporan_opd_pdf = lambda penilaian, *a, **k: (stub, f"opd-{penilaian.pk}.pdf")
    with transaction.atomic():
        parent = LaporanJob.objects.create(
            jenis=JenisLaporan.SEMUA,
            periode=periode,
            peminta=admin,
            status=StatusLaporan.DIPROSES,
            mulai=timezone.now(),
        )
        children = LaporanJob.objects.bulk_create(
            LaporanJob(
                jenis=JenisLaporan.OPD, periode=periode, penilaian=p, peminta=admin, induk=parent
            )
            for p in periode.penilaian.order_by("opd__urutan", "opd__nama")
        )
        # The batch's count of unfinished children, as laporan_request sets it.
        LaporanJob.objects.filter(pk=parent.pk).update(sisa=len(children))
    ids = [c.pk for c in children]
    full = len(ids) <= full_up_to
    chosen = ids if full else ids[:: max(1, len(ids) // sample)][:sample]
    try:
        samples = []
        for job_id in chosen:
            start = time.perf_counter()
            _run_child(job_id)
            samples.append((time.perf_counter() - start) * 1000)
        parent.refresh_from_db()
        result = {
            "children": len(ids),
            "measured": len(chosen),
            "ms_per_child_p50": round(statistics.median(samples), 2),
            "ms_per_child_mean": round(statistics.fmean(samples), 2),
            "projected_batch_s": round(statistics.fmean(samples) * len(ids) / 1000, 1),
        }
        if full:
            result["full_batch_s"] = round(sum(samples) / 1000, 2)
            result["full_batch_status"] = parent.status
        return result
    finally:
        for module in patched:
            module.laporan_opd_pdf = real
        jobs = LaporanJob.objects.filter(pk__in=[parent.pk, *ids])
        for path in jobs.exclude(path="").values_list("path", flat=True):
            delete_private_file(path)  # the folder or the bucket, whichever is configured
        jobs.filter(induk=parent).delete()
        LaporanJob.objects.filter(pk=parent.pk).delete()


def _rss_mb() -> float:
    return int(Path("/proc/self/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def rekap() -> dict:
    """Build the recap workbook of the newest period once, as its report job does
    (`cetak.rekap_xlsx_tulis` into a temp file); time and peak RSS of this process."""
    periode = Periode.objects.select_related("instrumen").order_by("-tahun").first()
    before = _rss_mb()
    start = time.perf_counter()
    try:
        with tempfile.TemporaryFile() as out:
            cetak.rekap_xlsx_tulis(periode, out)
            size = out.tell()
    except Exception as exc:  # report rather than abort the whole benchmark
        return {"error": f"{exc.__class__.__name__}: {exc}"[:300]}
    elapsed = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "build_s": round(elapsed, 2),
        "peak_rss_mb": round(peak, 1),
        "rss_growth_mb": round(peak - before, 1),
        "bytes": size,
    }


def main() -> dict:
    if sys.argv[1:2] == ["rekap"]:
        return rekap()
    reps = int(sys.argv[sys.argv.index("--reps") + 1]) if "--reps" in sys.argv else 30
    statements = capture()
    floor = sql_floor(statements, reps)
    return {
        "queries": {name: len(sqls) for name, sqls in statements.items()},
        "sql_floor": floor,
        "index_all_opd_s": round(index_seconds(), 3),
        "pdf_one_opd_s": round(pdf_seconds(), 3),
        "import_1000_rows_s": round(import_seconds(), 3),
        "import_1000_rows_dry_s": round(import_seconds(dry_run=True), 3),
        "batch": batch(),
    }


if __name__ == "__main__":
    print(json.dumps(main()))
