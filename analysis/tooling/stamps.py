"""What each notebook's results depend on, hashed: the stamp that decides whether it must run again.

A notebook depends on its own cells (not their outputs), its parameters, the raw files' checksums (the
registry ``data/sources.yml``), the committed published tables (``data/published/``), and the code it
imports: every module of the ``analysis`` package its code cells import, and every module those
import, transitively (read with ``ast``; ``analysis/tooling`` excluded, since nothing in it can change
a result). A study's folder counts as one (its declaration runs its own modules by name), and a module
that imports the study registry depends on every study in full, since it finds them at run time. So editing one study re-runs its own page and the pages that read every study (the
report, robustness and "your area" pages), and no other analysis; editing shared code (data, ledger,
figures) re-runs every page that imports it.

Nothing here imports a notebook library, pandas or a kernel: deciding that nothing is stale is
cheap.
"""

from __future__ import annotations

import ast
import hashlib
import json
import re
from functools import lru_cache
from pathlib import Path

from analysis import config

#: the module that finds the studies at run time: importing it depends on every study
REGISTRY = "analysis.studies.registry"
PACKAGE = "analysis"


def notebook_cells(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def _code(source: str) -> str:
    """A cell's source as Python (IPython's ``%`` and ``!`` lines dropped)."""
    return "\n".join("" if line.lstrip().startswith(("%", "!")) else line for line in source.splitlines())


def _import_statements(source: str, within: str) -> list[str]:
    """The import statements of ``within`` in a piece of code, dedented, one after another: only these
    lines are parsed, which keeps deciding what is stale fast (a whole module's syntax tree is not needed)."""
    lines = _code(source).splitlines()
    out, i = [], 0
    head = re.compile(rf"^\s*(from\s+{within}[\w.]*\s+import\b|import\s+{within}\b)")
    while i < len(lines):
        if not head.match(lines[i]):
            i += 1
            continue
        stmt = lines[i].strip()
        while (stmt.count("(") > stmt.count(")") or stmt.endswith("\\")) and i + 1 < len(lines):
            i += 1
            stmt = stmt.rstrip("\\") + " " + lines[i].strip()
        out.append(stmt.split(";")[0])
        i += 1
    return out


def imported_modules(source: str, within: str = PACKAGE) -> set[str]:
    """The ``analysis`` modules a piece of code imports, anywhere in it (``from analysis.x import y``
    counts ``analysis.x`` and, if it is a module, ``analysis.x.y``)."""
    nodes = []
    for stmt in _import_statements(source, within):
        try:
            nodes += ast.parse(stmt).body
        except SyntaxError:  # a line of prose that starts like an import
            continue
    found = set()
    for node in nodes:
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.split(".")[0] == within}
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == within and not node.level:
            found.add(node.module)
            found |= {f"{node.module}.{a.name}" for a in node.names}
    return found


@lru_cache(maxsize=None)
def _file_imports(path: Path, mtime_ns: int, size: int) -> frozenset[str]:
    """:func:`imported_modules` of one file, read once per version of it (every notebook's closure
    shares the package's files)."""
    return frozenset(imported_modules(path.read_text(encoding="utf-8")))


def module_file(name: str, root: Path) -> Path | None:
    """The source file of an ``analysis`` module or package, if there is one."""
    base = root.joinpath(*name.split("."))
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def _parents(name: str) -> list[str]:
    parts = name.split(".")
    return [".".join(parts[:i]) for i in range(1, len(parts))]


def _modules_of(folder: Path, root: Path) -> set[str]:
    """The module names of every source file in a folder of the package."""
    return {".".join(p.relative_to(root).with_suffix("").parts).removesuffix(".__init__") for p in folder.rglob("*.py")}


def closure(modules: set[str], root: Path) -> list[Path]:
    """The files of ``modules``, of the packages above them, and of everything they import,
    transitively; tooling excluded; a module importing the registry brings every study folder."""
    seen: set[str] = set()
    files: set[Path] = set()
    todo = [m for name in modules for m in (*_parents(name), name)]
    while todo:
        name = todo.pop()
        if name in seen or name.startswith(f"{PACKAGE}.tooling"):
            continue
        seen.add(name)
        path = module_file(name, root)
        if path is None:
            continue
        files.add(path)
        st = path.stat()
        found = set(_file_imports(path, st.st_mtime_ns, st.st_size))
        studies = root / PACKAGE / "studies"
        if name == REGISTRY:  # it finds every study at run time: all of every study folder
            found |= {m for d in studies.iterdir() if (d / "__init__.py").is_file() for m in _modules_of(d, root)}
        elif path.parent != studies and studies in path.parents:  # a study runs its own modules by name
            found |= _modules_of(studies / path.relative_to(studies).parts[0], root)
        todo += [m for f in found for m in (*_parents(f), f) if m not in seen]
    return sorted(files)


def dependencies(path: Path, root: Path | None = None) -> list[Path]:
    """The package files a notebook's results depend on."""
    root = root or config.ROOT
    mods = set().union(*(imported_modules("".join(c["source"]) if isinstance(c["source"], list) else c["source"])
                         for c in notebook_cells(path) if c["cell_type"] == "code"))
    return closure(mods, root)


def source_hash(path: Path) -> str:
    """The notebook's cells (type, source, MyST-NB metadata), not their outputs."""
    h = hashlib.sha256()
    for c in notebook_cells(path):
        src = "".join(c["source"]) if isinstance(c["source"], list) else c["source"]
        h.update(c["cell_type"].encode() + b"\0" + src.encode() + b"\0")
        h.update(json.dumps(c.get("metadata", {}).get("mystnb", {}), sort_keys=True).encode())
    return h.hexdigest()


@lru_cache(maxsize=None)
def _file_digest(path: Path, mtime_ns: int, size: int) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _digest(h, path: Path, root: Path) -> None:
    st = path.stat()
    h.update(str(path.relative_to(root)).encode() + b"\0" + _file_digest(path, st.st_mtime_ns, st.st_size).encode())


def is_report(path: Path) -> bool:
    """Pages built from the analyses' results (``9x_``): they run after the analyses."""
    return bool(re.match(r"9\d_", path.stem))


def stamp(path: Path, params: dict | None = None, root: Path | None = None) -> str:
    """The hash of everything a notebook's results depend on (see the module's docstring)."""
    root = root or config.ROOT
    h = hashlib.sha256(source_hash(path).encode())
    h.update(json.dumps(params or {}, sort_keys=True, default=str).encode())
    for p in dependencies(path, root):
        _digest(h, p, root)
    registry = root / "data" / "sources.yml"
    if registry.is_file():
        _digest(h, registry, root)
    published = root / "data" / "published"
    for p in sorted(q for q in published.rglob("*") if q.is_file()) if published.is_dir() else []:
        _digest(h, p, root)
    if is_report(path):
        claims = root / "results" / "claims.csv"
        if claims.is_file():
            h.update(claims.read_bytes())
    return h.hexdigest()
