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


@pytest.fixture
def instrumen(db):
    """The bundled PermenPANRB 59/2020 instrument, loaded through the real loader."""
    from evaluasi.bundled import BUNDLED, load
    from evaluasi.services import instrumen_save, instrumen_set_default

    data, errors = load(BUNDLED[0])
    assert errors == []
    obj = instrumen_save(data=data)
    instrumen_set_default(instrumen=obj)
    return obj


@pytest.fixture
def instrumen_pemdi(db):
    from evaluasi.bundled import BUNDLED, load
    from evaluasi.services import instrumen_save

    data, errors = load(BUNDLED[1])
    assert errors == []
    return instrumen_save(data=data)


@pytest.fixture
def instrumen_terkunci(db):
    """A second, frozen copy of the 59/2020 instrument (as if a period had used it)."""
    from evaluasi.bundled import BUNDLED, load
    from evaluasi.services import instrumen_freeze, instrumen_save

    data, _ = load(BUNDLED[0])
    data.kode, data.nama = "spbe-2020-lama", "Instrumen lama"
    obj = instrumen_save(data=data)
    instrumen_freeze(instrumen=obj)
    return obj
