import csv
import io
import re
import zipfile
from contextlib import contextmanager
from pathlib import Path
from xml.sax.saxutils import escape

from openpyxl import Workbook

from opd.spreadsheet import read_dataset

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
MAX = 5 * 1024 * 1024


def csv_bytes(rows: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode("utf-8")


def xlsx_bytes(rows: list[list[object]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def dataset_from_rows(rows: list[list[object]], fmt: str = "csv"):
    data = csv_bytes(rows) if fmt == "csv" else xlsx_bytes(rows)
    return read_dataset(data, f"berkas.{fmt}", max_bytes=MAX)


def fixture_rows(name: str) -> list[list[str]]:
    with (FIXTURES / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def fixture_dataset(name: str):
    return read_dataset((FIXTURES / name).read_bytes(), name, max_bytes=MAX)


def at_once(calls):
    """Run the callables in threads released at the same moment (two clicks at once).

    Returns each call's result, or the exception it raised. Each thread closes its own
    database connection. Needs a test marked django_db(transaction=True).
    """
    import threading

    from django.db import connection

    barrier = threading.Barrier(len(calls))
    results: list[object] = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait(timeout=30)
            results[index] = call()
        except BaseException as exc:  # the caller asserts on what each click got
            results[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def with_formula(xlsx: bytes, placeholder: str, formula: str, cached: str) -> bytes:
    """`xlsx` with the text cell holding `placeholder` turned into a formula cell whose last
    calculated value is `cached`, as Excel saves it (openpyxl cannot write cached values)."""
    source = zipfile.ZipFile(io.BytesIO(xlsx))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename.startswith("xl/worksheets/"):
                text = content.decode()
                opening = r'<c r="([A-Z]+\d+)"( s="\d+")? t="inlineStr">'
                cell = re.search(rf"{opening}<is><t>{re.escape(placeholder)}</t></is></c>", text)
                if cell:
                    where, style = cell.group(1), cell.group(2) or ""
                    formula_cell = f'<c r="{where}"{style} t="str"><f>{escape(formula)}</f>'
                    text = text.replace(cell.group(0), f"{formula_cell}<v>{cached}</v></c>")
                content = text.encode()
            target.writestr(item, content)
    return buffer.getvalue()


@contextmanager
def real_celery_worker(settings):
    """A `celery worker` process on a queue of its own, fed through the broker in
    `settings.REDIS_URL`, while this process sends tasks there (no eager mode). Yields a list
    that holds the worker's output once the block ends (for failure messages)."""
    import os
    import subprocess
    import sys
    import uuid

    from django.db import connection

    from spbe_portal.celery import app

    queue = f"uji-{uuid.uuid4().hex[:8]}"
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        database_url = f"sqlite:///{db['NAME']}"
    else:
        host = f"{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
        database_url = f"postgres://{db['USER']}:{db['PASSWORD']}@{host}/{db['NAME']}"
    env = {
        **os.environ,
        "DEBUG": "1",
        "DATABASE_URL": database_url,
        "REDIS_URL": settings.REDIS_URL,
        "CELERY_QUEUE": queue,
        "CELERY_TASK_ALWAYS_EAGER": "0",
        "PRIVATE_ROOT": str(settings.PRIVATE_ROOT),
    }
    command = ["celery", "-A", "spbe_portal", "worker", "--pool=solo", "--loglevel=WARNING"]
    worker = subprocess.Popen(
        [sys.executable, "-m", *command, "-Q", queue],
        cwd=FIXTURES.parent,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    previous = (app.conf.task_always_eager, app.conf.task_default_queue)
    app.conf.task_always_eager, app.conf.task_default_queue = False, queue
    output: list[str] = []
    try:
        yield output
    finally:
        app.conf.task_always_eager, app.conf.task_default_queue = previous
        worker.terminate()
        output.append(worker.communicate(timeout=30)[0].decode(errors="replace")[-3000:])
