"""The layers: `opd` is the ground every app stands on and imports no higher app, not even
inside a function; `notifikasi` (the outbox) imports no project app but `spbe_portal`'s
infrastructure modules."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
HIGHER = {"evaluasi", "arsitektur", "tpp"}


def _imported_top_packages(package: str) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for path in (ROOT / package).rglob("*.py"):
        if "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names = [node.module]
            else:
                continue
            for name in names:
                found.setdefault(name.split(".")[0], set()).add(path.relative_to(ROOT).as_posix())
    return found


def test_opd_imports_no_higher_app():
    imported = _imported_top_packages("opd")

    assert {app: sorted(imported[app]) for app in HIGHER & imported.keys()} == {}


@pytest.mark.parametrize("app", ["evaluasi", "arsitektur", "tpp", "opd"])
def test_the_outbox_imports_no_domain_app(app):
    assert app not in _imported_top_packages("notifikasi")


def test_no_code_branches_on_an_error_message():
    # Refusals are typed (evaluasi/galat.py); what a view answers follows the type.
    offenders = [
        path.relative_to(ROOT).as_posix()
        for app in ("opd", "evaluasi", "arsitektur", "tpp", "notifikasi", "spbe_portal")
        for path in (ROOT / app).rglob("*.py")
        if " in str(exc)" in path.read_text(encoding="utf-8")
    ]

    assert offenders == []


def test_one_family_of_evaluation_refusals():
    from evaluasi import galat, states
    from evaluasi.instrumen import services as instrumen_services
    from evaluasi.penilaian import services as penilaian_services
    from evaluasi.verifikasi import services as verifikasi_services

    assert issubclass(instrumen_services.InstrumenTerkunci, galat.Terkunci)
    assert states.TransisiTidakSah is galat.TransisiTidakSah
    assert issubclass(galat.TransisiTidakSah, galat.GalatEvaluasi)
    for modul in (instrumen_services, penilaian_services, verifikasi_services):
        assert not hasattr(modul, "ReviuTerkunci") and not hasattr(modul, "KonflikReviu")
