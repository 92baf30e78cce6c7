"""Build the Jupyter Book (execution off: the notebooks were executed by the runner)."""

from __future__ import annotations

import platform
import re
import subprocess
import sys
from importlib import metadata
from pathlib import Path

from analysis import config
from analysis.errors import CompendiumError

PACKAGES = ["pandas", "numpy", "scipy", "statsmodels", "matplotlib", "seaborn", "geopandas", "pandera", "pooch",
            "papermill", "nbval", "jupyter-book", "myst-nb", "sphinx"]


def git_commit() -> str:
    try:
        out = subprocess.run(["git", "rev-parse", "HEAD"], cwd=config.ROOT, capture_output=True, text=True, check=True)
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=config.ROOT,
                               capture_output=True, text=True).stdout.strip()
        return out.stdout.strip() + (" (with uncommitted changes)" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return "unknown (not a git checkout)"


def write_colophon(path: Path | None = None) -> Path:
    """The colophon page (``book/colophon.md``, written at each build, not tracked): the version of the
    source and the software the book was built from, in words a reader can follow, the full commit and the
    environment in its folded "How this was computed" section."""
    path = path or config.ROOT / "book" / "colophon.md"
    rows = "\n".join(f"| {p} | {metadata.version(p)} |" for p in PACKAGES)
    commit = git_commit()
    sha = commit.split()[0] if re.match(r"[0-9a-f]{40}\b", commit) else ""
    changed = " (with changes not yet committed)" if commit.endswith("(with uncommitted changes)") else ""
    built_from = (f"revision {sha[:7]} of the compendium's source{changed}" if sha
                  else "a copy of the compendium's source outside version control")
    full = f"git commit `{sha}`{changed}" if sha else "a copy outside version control (no git commit)"
    path.write_text(f"""# Colophon

This book was built from {built_from}, with Python {platform.python_version()}. Every number in it was
computed by the notebooks from the raw files described on the [data page](../notebooks/00_data.ipynb), each
checked against its recorded checksum before use, and none was typed.

| software | version |
|---|---|
{rows}

## How this was computed

The book was built from {full}, with execution off: the notebooks were run by the
compendium's runner and stored executed, and the book shows their stored outputs. The full, pinned
environment is `requirements.lock` in the repository; `python -m analysis book` builds the book.
""", encoding="utf-8")
    return path


BOOK_STAMP = config.ROOT / "_build" / "book.stamp"


def book_inputs_hash() -> str:
    """Everything the HTML depends on: configuration, pages (with stored outputs) and the commit."""
    import hashlib

    h = hashlib.sha256(git_commit().encode())
    files = [config.ROOT / "_config.yml", config.ROOT / "_toc.yml"]
    files += sorted(p for p in (config.ROOT / "book").rglob("*") if p.is_file() and p.name != "colophon.md")
    files += sorted(config.NOTEBOOKS.glob("*.ipynb"))
    for p in files:
        h.update(str(p.relative_to(config.ROOT)).encode() + p.read_bytes())
    return h.hexdigest()


def book_is_current() -> bool:
    html = config.ROOT / "_build" / "html"
    return (html / "index.html").is_file() and BOOK_STAMP.is_file() and BOOK_STAMP.read_text() == book_inputs_hash()


def build(output: Path | None = None) -> Path:
    """Build the HTML book into ``<output>/_build/html`` (default: the repository's ``_build/html``).

    Warnings are errors (``-W -n --keep-going``), so a failed notebook or a broken reference fails.
    """
    write_colophon()
    cmd = [str(Path(sys.executable).parent / "jupyter-book"), "build", str(config.ROOT), "-W", "-n", "--keep-going"]
    if output is not None:
        cmd += ["--path-output", str(output)]
    proc = subprocess.run(cmd, cwd=config.ROOT)
    html = (output or config.ROOT) / "_build" / "html"
    if proc.returncode != 0:
        raise CompendiumError(f"the book build failed (exit {proc.returncode}); see the warnings above")
    if not (html / "intro.html").is_file() and not any(html.glob("book/intro.html")):
        raise CompendiumError(f"the book build produced no pages in {html} (is jupyter-book 1.x installed?)")
    if output is None:
        BOOK_STAMP.write_text(book_inputs_hash())
    return html
