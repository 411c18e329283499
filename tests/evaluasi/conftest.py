"""Fixtures shared by the evaluation tests."""

import pytest

from evaluasi.verifikasi import services as verifikasi_services
from tests.evaluasi.test_scoring import PASER
from tests.evaluasi.test_verifikasi import _fill_and_submit, _review_all


@pytest.fixture
def final_a(penilaian_a, operator_a, evaluator, admin_user):
    """opd_a's penilaian finalized with the Paser levels (final index 2,13 Cukup)."""
    verifikasi_services.penugasan_add(
        periode=penilaian_a.periode, evaluator=evaluator, opds=[penilaian_a.opd], user=admin_user
    )
    _fill_and_submit(penilaian_a, operator_a, {})
    _review_all(penilaian_a, evaluator, dict(enumerate(PASER, start=1)))
    verifikasi_services.reviu_finalize(penilaian=penilaian_a, user=evaluator)
    penilaian_a.refresh_from_db()
    return penilaian_a
