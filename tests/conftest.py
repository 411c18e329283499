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


@pytest.fixture(autouse=True)
def _cache_per_test(settings, request):
    # REDIS_URL (set for the tests) makes the cache Redis, shared with every other run and
    # outliving each test's rolled-back database: each test gets an empty cache of its own.
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": request.node.nodeid,
        }
    }


@pytest.fixture(autouse=True)
def _celery_in_process():
    # CI sets REDIS_URL, which makes tasks go to the broker; without a worker they would
    # never run. Tests run them in-process; the test with a real worker turns this off.
    from spbe_portal.celery import app

    previous = app.conf.task_always_eager, app.conf.task_eager_propagates
    app.conf.task_always_eager, app.conf.task_eager_propagates = True, True
    yield
    app.conf.task_always_eager, app.conf.task_eager_propagates = previous


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
    from evaluasi.instrumen.bundled import BUNDLED, load
    from evaluasi.instrumen.services import instrumen_save, instrumen_set_default

    data, errors = load(BUNDLED[0])
    assert errors == []
    obj = instrumen_save(data=data)
    instrumen_set_default(instrumen=obj)
    return obj


@pytest.fixture
def instrumen_pemdi(db):
    from evaluasi.instrumen.bundled import BUNDLED, load
    from evaluasi.instrumen.services import instrumen_save

    data, errors = load(BUNDLED[1])
    assert errors == []
    return instrumen_save(data=data)


@pytest.fixture
def instrumen_terkunci(db):
    """A second, frozen copy of the 59/2020 instrument (as if a period had used it)."""
    from evaluasi.instrumen.bundled import BUNDLED, load
    from evaluasi.instrumen.services import instrumen_freeze, instrumen_save

    data, _ = load(BUNDLED[0])
    data.kode, data.nama = "spbe-2020-lama", "Instrumen lama"
    obj = instrumen_save(data=data)
    instrumen_freeze(instrumen=obj)
    return obj


@pytest.fixture
def periode(instrumen, opd_a, opd_b):
    """A period open for input today, with a penilaian for opd_a and opd_b."""
    from datetime import timedelta

    from django.utils import timezone

    from evaluasi.penilaian import services as penilaian_services

    today = timezone.localdate()
    obj = penilaian_services.periode_create(
        data={
            "nama": "Evaluasi SPBE OPD – 2026",
            "tahun": today.year,
            "instrumen": instrumen,
            "mulai_pengisian": today - timedelta(days=30),
            "batas_pengisian": today + timedelta(days=30),
            "batas_verifikasi": today + timedelta(days=60),
            "tahun_tpp": today.year + 1,
        }
    )
    obj, _ = penilaian_services.periode_advance(periode=obj)
    return obj


@pytest.fixture
def periode_pemdi(instrumen_pemdi, opd_a, opd_b):
    """A Pemdi period (judged item by item) open for input, year 2027."""
    from datetime import timedelta

    from django.utils import timezone

    from evaluasi.penilaian import services as penilaian_services

    today = timezone.localdate()
    obj = penilaian_services.periode_create(
        data={
            "nama": "Evaluasi Pemdi OPD – 2027",
            "tahun": 2027,
            "instrumen": instrumen_pemdi,
            "mulai_pengisian": today - timedelta(days=30),
            "batas_pengisian": today + timedelta(days=30),
            "batas_verifikasi": today + timedelta(days=60),
            "tahun_tpp": 2028,
        }
    )
    obj, _ = penilaian_services.periode_advance(periode=obj)
    return obj


@pytest.fixture
def penilaian_a(periode, opd_a):
    return periode.penilaian.get(opd=opd_a)


@pytest.fixture
def penilaian_b(periode, opd_b):
    return periode.penilaian.get(opd=opd_b)


PDF_BYTES = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


@pytest.fixture
def bukti_a(penilaian_a, operator_a):
    from evaluasi.penilaian import services as penilaian_services

    indikator = penilaian_a.periode.instrumen.indikator.get(nomor=1)
    return penilaian_services.bukti_upload(
        penilaian=penilaian_a, indikator=indikator, user=operator_a, data=PDF_BYTES, nama="SK A.pdf"
    )


@pytest.fixture
def bukti_b(penilaian_b, operator_b):
    from evaluasi.penilaian import services as penilaian_services

    indikator = penilaian_b.periode.instrumen.indikator.get(nomor=1)
    return penilaian_services.bukti_upload(
        penilaian=penilaian_b,
        indikator=indikator,
        user=operator_b,
        data=PDF_BYTES + b"%b",
        nama="SK B.pdf",
    )
