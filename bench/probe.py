"""In-process measurements for bench/run.py (run inside the benchmark database's settings).

Prints one JSON object: query counts per page, index computation, PDF render and import time.
"""

import io
import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "spbe_portal.settings")

import django

django.setup()

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from evaluasi import scoring
from evaluasi.instrumen.selectors import scoring_def
from evaluasi.laporan.cetak import laporan_opd_pdf
from evaluasi.models import Jawaban, Penilaian, Periode, StatusPenilaian
from opd.models import Pengguna
from opd.services import opd_import
from opd.spreadsheet import read_dataset


def pages() -> dict[str, tuple[str | None, str]]:
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
        "public_page": (None, "/publik/"),
    }


def query_counts() -> dict[str, int]:
    result = {}
    for name, (username, url) in pages().items():
        client = Client()
        if username:
            client.force_login(Pengguna.objects.get(username=username))
        client.get(url)  # warm caches (sessions, content types)
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code == 200, (name, response.status_code)
        result[name] = len(ctx.captured_queries)
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
    laporan_opd_pdf(penilaian)  # warm-up: fonts, templates
    start = time.perf_counter()
    laporan_opd_pdf(penilaian)
    return time.perf_counter() - start


def import_seconds(rows: int = 1000) -> float:
    text = io.StringIO()
    text.write("nama,singkatan,jenis\n")
    for i in range(rows):
        text.write(f"OPD Impor Benchmark {i:05d},IMP{i:05d},Dinas\n")
    data = text.getvalue().encode()
    start = time.perf_counter()
    hasil = opd_import(
        dataset=read_dataset(data, "opd.csv", max_bytes=50 * 1024 * 1024), dry_run=False
    )
    elapsed = time.perf_counter() - start
    assert hasil.dibuat == rows, hasil.galat[:3]
    return elapsed


if __name__ == "__main__":
    print(
        json.dumps(
            {
                "queries": query_counts(),
                "index_all_opd_s": round(index_seconds(), 3),
                "pdf_one_opd_s": round(pdf_seconds(), 3),
                "import_1000_rows_s": round(import_seconds(), 3),
            }
        )
    )
