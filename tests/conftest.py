"""Persona fixtures shared by every test: two OPDs, an operator of each, and one user per role."""

import pytest

from opd.models import Peran
from tests.factories import OpdFactory, PenggunaFactory


@pytest.fixture(autouse=True)
def _fast_hashing_and_private_files(settings, tmp_path):
    # Fast hashing keeps login-heavy tests quick; files go to a per-test folder.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.PRIVATE_ROOT = tmp_path / "private"
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def opd_a(db):
    return OpdFactory(nama="Dinas Komunikasi dan Informatika", singkatan="Diskominfo")


@pytest.fixture
def opd_b(db):
    return OpdFactory(nama="Badan Kepegawaian Daerah", singkatan="BKD")


@pytest.fixture
def admin_user(db):
    return PenggunaFactory(username="admin", peran=Peran.ADMIN)


@pytest.fixture
def operator_a(opd_a):
    return PenggunaFactory(username="operator.a", peran=Peran.OPERATOR, opd=opd_a)


@pytest.fixture
def operator_b(opd_b):
    return PenggunaFactory(username="operator.b", peran=Peran.OPERATOR, opd=opd_b)


@pytest.fixture
def evaluator(db):
    return PenggunaFactory(username="evaluator", peran=Peran.EVALUATOR)


@pytest.fixture
def pimpinan(db):
    return PenggunaFactory(username="pimpinan", peran=Peran.PIMPINAN)


@pytest.fixture
def personas(admin_user, operator_a, operator_b, evaluator, pimpinan):
    """Every persona by name; operator_a is the operator used for 'own OPD' checks."""
    return {
        "admin": admin_user,
        "operator": operator_a,
        "evaluator": evaluator,
        "pimpinan": pimpinan,
    }
