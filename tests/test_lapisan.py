"""The layers: `opd` is the ground every app stands on and imports no higher app, not even
inside a function; `notifikasi` (the outbox) imports no project app but `spbe_portal`'s
infrastructure modules."""

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
HIGHER = {"evaluasi", "arsitektur", "jaringan", "tpp"}


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


@pytest.mark.parametrize("app", ["evaluasi", "arsitektur", "jaringan", "tpp", "opd"])
def test_the_outbox_imports_no_domain_app(app):
    assert app not in _imported_top_packages("notifikasi")


def test_no_code_branches_on_an_error_message():
    # Refusals are typed (evaluasi/galat.py); what a view answers follows the type.
    offenders = [
        path.relative_to(ROOT).as_posix()
        for app in APPS
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


APPS = ("opd", "evaluasi", "arsitektur", "jaringan", "tpp", "notifikasi", "spbe_portal")


def _project_modules() -> dict[str, Path]:
    modules = {}
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            modules[".".join(parts)] = path
    return modules


def _import_graph() -> dict[str, set[str]]:
    """Module → project modules it imports, at the top or inside a function alike."""
    modules = _project_modules()
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                # `from pkg import mod` imports the module pkg.mod; `from mod import name` mod.
                targets = [
                    f"{node.module}.{alias.name}"
                    if f"{node.module}.{alias.name}" in modules
                    else node.module
                    for alias in node.names
                ]
            else:
                continue
            graph[name] |= {t for t in targets if t in modules and t != name}
    return graph


def test_no_import_cycle_between_project_modules_not_even_a_lazy_one():
    graph = _import_graph()
    # Tarjan's strongly connected components: any component of two or more is a loop.
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    loops: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in graph[node]:
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                loops.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)

    assert loops == []


def test_report_requests_reach_jobs_only_through_tasks():
    graph = _import_graph()

    assert "evaluasi.laporan.permintaan" not in graph["evaluasi.laporan.pekerjaan"]
    assert "evaluasi.tasks" not in graph["evaluasi.laporan.pekerjaan"]
    assert "evaluasi.laporan.permintaan" not in graph["evaluasi.tasks"]


def test_no_module_is_over_800_lines():
    long = {
        name: n
        for name, path in _project_modules().items()
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > 800
    }

    assert long == {}


def test_evaluasi_shows_its_parts():
    for part, modules in {
        "instansi": {"aturan", "services", "selectors", "views", "forms", "peta"},
        "dokumen": {"aturan", "services", "selectors", "views", "forms", "usulan"},
        "instrumen": {"spreadsheet", "bundled", "services", "selectors", "views", "forms"},
        "penilaian": {"berkas", "services", "selectors", "views", "forms"},
        "verifikasi": {"services", "selectors", "views", "forms"},
        "laporan": {"dasbor", "grafik", "cetak", "permintaan", "pekerjaan", "views"},
        "padanan": {"aturan", "model", "services", "selectors", "buku_kerja", "views", "forms"},
        "aksi": {
            "aturan",
            "model",
            "services",
            "selectors",
            "views",
            "forms",
            "cetak",
            "pengingat",
        },
        "target": {"aturan", "model", "services", "selectors", "buku_kerja", "views", "forms"},
        "jadwal": {"aturan", "model", "services", "selectors", "views", "forms", "ics"},
        "program": {"aturan", "model", "services", "selectors", "buku_kerja", "views", "forms"},
    }.items():
        present = {p.stem for p in (ROOT / "evaluasi" / part).glob("*.py")}
        assert modules <= present, part
    top = {p.stem for p in (ROOT / "evaluasi").glob("*.py")}
    assert {"models", "scoring", "states", "urls", "tasks"} <= top
    assert not top & {"services", "selectors", "views", "forms", "laporan", "instrumen_io"}


def test_jaringan_and_permohonan_show_their_parts():
    for part, modules in {
        "jaringan/standar": {"aturan", "model", "services", "selectors", "views", "forms", "urls"},
        "jaringan/gangguan": {"aturan", "model", "services", "selectors", "views", "forms", "urls"},
        "jaringan/mrtg": {"log", "aturan", "grafik", "model", "services", "selectors", "views"},
        "arsitektur/permohonan": {"aturan", "model", "services", "selectors", "views", "forms"},
    }.items():
        present = {p.stem for p in (ROOT / part).glob("*.py")}
        assert modules <= present, part
    top = {p.stem for p in (ROOT / "jaringan").glob("*.py")}
    assert not top & {"services", "selectors", "views", "forms"}


STATUS_VALUES = (
    "persiapan|pengisian|verifikasi|selesai|dipublikasi|draft|diajukan|diverifikasi"
    "|perlu_perbaikan|final"
)


def test_no_period_or_penilaian_status_is_written_as_a_literal():
    # The values live in evaluasi/states.py only; code and templates name the members.
    compare = re.compile(
        rf"(?:periode|penilaian)\w*[._]status\s*(?:==|!=)\s*[\"'](?:{STATUS_VALUES})[\"']"
        rf"|periode_status\s*(?:==|!=)\s*[\"'](?:{STATUS_VALUES})[\"']"
        rf"|\bstatus\s*=\s*[\"'](?:draft|diajukan|diverifikasi|perlu_perbaikan|final"
        rf"|persiapan|pengisian|dipublikasi)[\"']"
    )
    files = [p for app in APPS for p in (ROOT / app).rglob("*.py") if "migrations" not in p.parts]
    files += list((ROOT / "templates").rglob("*.html"))
    offenders = [
        f"{path.relative_to(ROOT)}: {m.group(0)}"
        for path in files
        if path.name != "states.py"
        for m in compare.finditer(path.read_text(encoding="utf-8"))
    ]

    assert offenders == []


def _status_writes(func: ast.AST) -> bool:
    """Does this function assign a period's or penilaian's status (`x.status = …`, or
    `.update(status=StatusPenilaian…)`)? Report jobs and e-mails are other machines."""
    for node in ast.walk(func):
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Attribute) and t.attr == "status" for t in node.targets
        ):
            value = ast.unparse(node.value)
            if "StatusLaporan" not in value and "StatusSurel" not in value:
                return True
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in {"update", "update_or_create"}
            and any(
                kw.arg == "status" and re.search(r"StatusPe(nilaian|riode)", ast.unparse(kw.value))
                for kw in node.keywords
            )
        ):
            return True
    return False


def test_every_status_change_goes_through_its_transition_function():
    # A status set anywhere but the two transition functions would skip the table, the
    # publication guard and the history entry.
    allowed = {
        ("evaluasi/penilaian/services.py", "periode_transisi"),
        ("evaluasi/penilaian/services.py", "penilaian_transisi"),
        # A rencana aksi's own status (rencana → berjalan → selesai), through aksi/aturan.py.
        ("evaluasi/aksi/services.py", "aksi_transisi"),
        ("evaluasi/jadwal/services.py", "sesi_transisi"),
        # An application/domain request (draf → diajukan → … → disetujui/ditolak).
        ("arsitektur/permohonan/services.py", "permohonan_transisi"),
    }
    # seed_scale fabricates benchmark rows already in a state; it changes no one's status.
    fabricated = {"evaluasi/management/commands/seed_scale.py"}
    found = {
        (path.relative_to(ROOT).as_posix(), func.name)
        for app in APPS
        for path in (ROOT / app).rglob("*.py")
        if "migrations" not in path.parts and path.relative_to(ROOT).as_posix() not in fabricated
        for func in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(func, ast.FunctionDef) and _status_writes(func)
    }

    assert found == allowed


# Domain rules that must stay plain Python (STYLE: pure modules, no Django imports), so they
# are unit-tested without a database and never reach for a request or a model.
PURE = [
    "evaluasi/scoring.py",
    "evaluasi/states.py",
    "evaluasi/galat.py",
    "evaluasi/periode_bawaan.py",
    "evaluasi/saran.py",
    "evaluasi/ringkasan.py",
    "evaluasi/butir.py",
    "evaluasi/tampil.py",
    "evaluasi/instansi/aturan.py",
    "evaluasi/dokumen/aturan.py",
    "evaluasi/padanan/aturan.py",
    "evaluasi/rumus.py",
    "evaluasi/aksi/aturan.py",
    "evaluasi/target/aturan.py",
    "evaluasi/jadwal/aturan.py",
    "evaluasi/jadwal/ics.py",
    "evaluasi/program/aturan.py",
    "jaringan/gangguan/aturan.py",
    "arsitektur/permohonan/aturan.py",
    "jaringan/standar/aturan.py",
    "tpp/rules.py",
    "jaringan/bulan.py",
    "jaringan/mrtg/log.py",
    "jaringan/mrtg/aturan.py",
    "jaringan/mrtg/grafik.py",
]


@pytest.mark.parametrize("module", PURE)
def test_pure_domain_modules_import_no_django(module):
    tree = ast.parse((ROOT / module).read_text(encoding="utf-8"))
    imported = {
        name.split(".")[0]
        for node in ast.walk(tree)
        for name in (
            [a.name for a in node.names]
            if isinstance(node, ast.Import)
            else [node.module]
            if isinstance(node, ast.ImportFrom) and node.module
            else []
        )
    }
    project = {"opd", "arsitektur", "jaringan", "tpp", "notifikasi", "spbe_portal"}
    assert not imported & ({"django"} | project), imported
