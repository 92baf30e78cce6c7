"""The package's layout shows the flow: imports only go downstream, and no test helper lives in it.

Layers, upstream first: ``config``/``errors``/``params`` < ``data`` < ``ledger``, ``figures``, ``stats`` <
``studies`` < ``pages`` < ``tooling``. ``stats`` (statistics shared by studies) imports only the base.
A study imports no page; the pages that gather every study (the robustness page, the area page) find
the studies through the registry.
``ledger`` and ``figures`` sit side by side and do not import each other; nothing outside ``tooling``
imports ``tooling`` (so the stamps, which hash everything but ``tooling``, miss no result code).
Every import is read with ``ast``, including those inside functions.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "analysis"

RANK = {"config": 0, "errors": 0, "params": 0, "data": 1, "ledger": 2, "figures": 2, "stats": 2, "studies": 3,
        "pages": 4, "tooling": 5}
BASE = {"config", "errors", "params"}
#: what each layer may import from the package (its own layer included)
ALLOWED = {
    "config": {"config", "errors"}, "errors": {"config", "errors"}, "params": {"errors", "params"},
    "data": BASE | {"data"},
    "ledger": BASE | {"data", "ledger"},
    "figures": BASE | {"data", "figures"},
    "stats": BASE | {"stats"},
    "studies": BASE | {"data", "ledger", "figures", "stats", "studies"},
    "pages": BASE | {"data", "ledger", "figures", "stats", "studies", "pages"},
    "tooling": set(RANK),
}
#: modules that belong to no layer: the package's docstring, and the entry point of ``python -m analysis``
UNLAYERED = {"analysis/__init__.py": set(), "analysis/__main__.py": {"tooling"}}


def layer_of(path: Path) -> str | None:
    rel = path.relative_to(PACKAGE)
    head = rel.parts[0].removesuffix(".py")
    return head if head in RANK else None


def imported_layers(path: Path) -> dict[str, int]:
    """The package layers a module imports, each with the first line that does."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: dict[str, int] = {}
    for node in ast.walk(tree):
        names = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                raise AssertionError(f"{path.relative_to(ROOT)}:{node.lineno}: relative import; use analysis.<layer>")
            if node.module == "analysis":
                names = [f"analysis.{a.name}" for a in node.names]
            elif node.module:
                names = [node.module]
        for name in names:
            parts = name.split(".")
            if parts[0] == "analysis" and len(parts) > 1:
                layer = parts[1]
                if layer not in RANK:
                    raise AssertionError(f"{path.relative_to(ROOT)}:{node.lineno}: imports analysis.{layer}, "
                                         f"which is in no layer ({', '.join(RANK)})")
                found.setdefault(layer, node.lineno)
    return found


MODULES = sorted(PACKAGE.rglob("*.py"))


def test_every_module_is_in_a_layer():
    assert MODULES
    stray = [p.relative_to(ROOT).as_posix() for p in MODULES
             if layer_of(p) is None and p.relative_to(ROOT).as_posix() not in UNLAYERED]
    assert not stray, f"modules in no layer: {stray}; put them in one of {', '.join(RANK)}"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_imports_only_go_downstream(path):
    rel = path.relative_to(ROOT).as_posix()
    allowed = UNLAYERED[rel] if rel in UNLAYERED else ALLOWED[layer_of(path)]
    bad = {layer: line for layer, line in imported_layers(path).items() if layer not in allowed}
    assert not bad, "; ".join(f"{rel}:{line} imports analysis.{layer}, upstream of it or beside it"
                              for layer, line in bad.items())


def test_the_checker_catches_an_upstream_import(tmp_path):
    """The test above can fail: a data module importing a study, inside a function, is caught."""
    fake = tmp_path / "analysis" / "data" / "bad.py"
    fake.parent.mkdir(parents=True)
    fake.write_text("def f():\n    from analysis.studies import hle\n    from analysis import tooling\n")
    found = imported_layers(fake)
    assert found == {"studies": 2, "tooling": 3}
    assert not set(found) <= ALLOWED["data"]


def test_no_test_helper_lives_in_the_package():
    """Test support (pytest, fixtures, browser helpers) lives under tests/, never in analysis/."""
    offenders = []
    for path in MODULES:
        rel = path.relative_to(ROOT).as_posix()
        if path.name.startswith(("test_", "conftest")) or path.name.endswith("_test.py"):
            offenders.append(f"{rel}: a test file")
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            mods = ([a.name for a in node.names] if isinstance(node, ast.Import)
                    else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            for m in mods:
                if m.split(".")[0] in {"pytest", "_pytest", "nbval", "playwright", "selenium", "unittest"}:
                    offenders.append(f"{rel}:{node.lineno} imports {m}")
    assert not offenders, offenders


def test_no_module_is_too_long_to_read():
    """A module over 600 lines is split by what it does (a study's compute, placing, page...)."""
    long = {p.relative_to(ROOT).as_posix(): n for p in MODULES if (n := len(p.read_text(encoding="utf-8").splitlines())) > 600}
    assert not long, f"modules over 600 lines: {long}"


def test_every_study_is_a_folder_of_one_shape_and_imports_no_other_study():
    studies = PACKAGE / "studies"
    folders = sorted(d for d in studies.iterdir() if (d / "__init__.py").is_file())
    assert len(folders) >= 6
    loose = sorted(p.name for p in studies.glob("*.py"))
    assert loose == ["__init__.py", "registry.py", "study.py"], f"study code outside a study folder: {loose}"
    for d in folders:
        assert (d / "compute.py").is_file() and (d / "claims.py").is_file(), f"{d.name}: needs compute.py and claims.py"
        for path in d.rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                mod = node.module if isinstance(node, ast.ImportFrom) else None
                if mod and mod.startswith("analysis.studies."):
                    other = mod.split(".")[2]
                    assert other in (d.name, "study", "registry"), \
                        f"{path.relative_to(ROOT)} imports the study {other}: share code through analysis.data"
