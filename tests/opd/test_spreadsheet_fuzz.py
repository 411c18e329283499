"""Uploads are untrusted: whatever bytes arrive, reading and preparing them either works or
fails with a SpreadsheetError / row errors, never with another exception."""

import contextlib

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from opd.imports import prepare_opd
from opd.spreadsheet import SpreadsheetError, read_dataset
from tests.helpers import MAX, csv_bytes

cells = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40)


@given(data=st.binary(max_size=2048), name=st.sampled_from(["a.csv", "a.xlsx", "a.xls", "a.txt"]))
def test_arbitrary_bytes_never_crash_the_reader(data, name):
    with contextlib.suppress(SpreadsheetError):
        read_dataset(data, name, max_bytes=MAX)


@pytest.mark.django_db
@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.lists(cells, min_size=2, max_size=2), min_size=1, max_size=8))
def test_arbitrary_opd_rows_give_row_errors_not_exceptions(rows):
    try:
        dataset = read_dataset(csv_bytes([["nama", "jenis"], *rows]), "a.csv", max_bytes=MAX)
    except SpreadsheetError:
        return
    prepared, errors = prepare_opd(dataset)
    assert len(prepared) == len(dataset)
    for line, messages in errors.items():
        assert line >= 2 and messages
