import csv
import io
import re
import zipfile
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
