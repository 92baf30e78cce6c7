"""Build the book from the table of contents' files only (Jupyter Book 1 `local_extensions`).

The book's root is the repository root, so Sphinx would read every Markdown file under it: a
`.github/PULL_REQUEST_TEMPLATE.md`, or the `README.md` pytest leaves in `.pytest_cache/`, then
stops a `-W` build with "document isn't included in any toctree" (Jupyter Book's
`only_build_toc_files` does not cover files in hidden folders). This extension adds every source
file that `_toc.yml` does not list to `exclude_patterns` before Sphinx reads anything.
"""

from __future__ import annotations

import os
from pathlib import Path

import yaml

SUFFIXES = (".md", ".ipynb", ".rst", ".markdown", ".myst")
#: folders never walked (environments, build output, caches)
SKIP_DIRS = {"_build", "node_modules", "__pycache__", "venv"}


def toc_files(root: Path) -> set[str]:
    """The toc's documents as paths relative to ``root``, without suffix."""
    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    found: set[str] = set()

    def walk(entry):
        if isinstance(entry, dict):
            if "file" in entry:
                found.add(os.path.splitext(entry["file"])[0])
            if "root" in entry:
                found.add(os.path.splitext(entry["root"])[0])
            for value in entry.values():
                if isinstance(value, (list, dict)):
                    walk(value)
        elif isinstance(entry, list):
            for e in entry:
                walk(e)

    walk(toc)
    return found


def stray_sources(root: Path) -> list[str]:
    """Every source file under ``root`` that the toc does not list (relative POSIX paths)."""
    keep = toc_files(root)
    stray = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS and not d.startswith("."))
        rel_dir = Path(folder).relative_to(root)
        for f in sorted(files):
            if f.endswith(SUFFIXES):
                rel = (rel_dir / f).as_posix()
                if os.path.splitext(rel)[0] not in keep:
                    stray.append(rel)
    return stray


def _exclude_strays(app, config):
    root = Path(app.srcdir)
    if not (root / "_toc.yml").is_file():
        return
    # hidden folders (.github, .pytest_cache, .venv, ...) as a whole, and every other stray file
    patterns = [".*", "**/.*", *stray_sources(root)]
    config.exclude_patterns = list(dict.fromkeys([*config.exclude_patterns, *patterns]))


def setup(app):
    app.connect("config-inited", _exclude_strays)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
