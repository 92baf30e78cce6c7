"""Run notebooks with papermill: validated parameters, clean metadata, clear failures.

- ``run(name)`` with no parameters executes ``notebooks/<name>.ipynb`` and, only if every cell
  succeeds, replaces the committed notebook with the executed one (the published record), its
  metadata cleaned of timestamps and durations.
- With parameters, the executed copy goes to ``_build/runs/<name>/<slug>/`` (git-ignored) together
  with the run's machine-readable results; the committed notebook is never touched.

Allowed values are declared in the notebook's ``parameters`` cell, in the comment after each
assignment: ``sex = "male"  # one of: male, female`` or ``cutoff = 0.3  # range: 0.05-0.95``.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nbformat
import yaml

from analysis import config
from analysis.errors import NotebookError, ParameterError


def notebook_path(name: str) -> Path:
    p = Path(name)
    if p.suffix != ".ipynb":
        p = config.NOTEBOOKS / f"{p.name}.ipynb"
    elif not p.is_absolute() and not p.exists():
        p = config.NOTEBOOKS / p.name
    if not p.is_file():
        known = ", ".join(n.stem for n in all_notebooks())
        raise ParameterError(f"no notebook {name!r}; the notebooks are: {known}")
    return p.resolve()


def all_notebooks() -> list[Path]:
    return sorted(config.NOTEBOOKS.glob("[0-9]*.ipynb"))


@dataclass(frozen=True)
class Parameter:
    name: str
    default: Any
    choices: tuple | None
    low: float | None
    high: float | None
    help: str


def _parse_default(text: str) -> Any:
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError:
        return text


def declared_parameters(path: Path) -> dict[str, Parameter]:
    """The parameters declared in the notebook's cell tagged ``parameters``."""
    nb = nbformat.read(path, as_version=4)
    cells = [c for c in nb.cells if "parameters" in c.get("metadata", {}).get("tags", [])]
    if not cells:
        return {}
    out = {}
    for line in cells[0].source.splitlines():
        m = re.match(r"^(\w+)\s*(?::[^=]+)?=\s*(.+?)\s*(?:#\s*(.*))?$", line)
        if not m:
            continue
        name, value, comment = m.group(1), m.group(2), m.group(3) or ""
        choices = low = high = None
        if c := re.search(r"one of:\s*(.+)$", comment):
            choices = tuple(_parse_default(v.strip()) for v in c.group(1).split(","))
        if r := re.search(r"range:\s*([-\d.]+)\s*(?:-|to)\s*([-\d.]+)", comment):
            low, high = float(r.group(1)), float(r.group(2))
        out[name] = Parameter(name, _parse_default(value), choices, low, high, comment)
    return out


def validate_parameters(path: Path, params: dict[str, Any]) -> dict[str, Any]:
    """Check names and values against the declaration; return the values with proper types."""
    declared = declared_parameters(path)
    clean = {}
    for name, value in params.items():
        if name not in declared:
            allowed = "; ".join(f"{p.name} (default {p.default!r}{', ' + p.help if p.help else ''})"
                                for p in declared.values()) or "none"
            raise ParameterError(f"{path.stem}: unknown parameter {name!r}. Allowed parameters: {allowed}")
        p = declared[name]
        if isinstance(value, str) and not isinstance(p.default, str):
            value = _parse_default(value)
        if isinstance(p.default, bool) != isinstance(value, bool) or (
                isinstance(p.default, (int, float)) and not isinstance(p.default, bool)
                and not isinstance(value, (int, float))):
            raise ParameterError(f"{path.stem}: parameter {name!r} must be of type "
                                 f"{type(p.default).__name__} like its default {p.default!r}, not {value!r}")
        if isinstance(p.default, float) and isinstance(value, int):
            value = float(value)
        if p.choices is not None and value not in p.choices:
            raise ParameterError(f"{path.stem}: parameter {name!r} = {value!r} is not allowed; "
                                 f"one of: {', '.join(map(repr, p.choices))}")
        if p.low is not None and not (p.low <= float(value) <= p.high):
            raise ParameterError(f"{path.stem}: parameter {name!r} = {value!r} is out of range; "
                                 f"allowed {p.low:g} to {p.high:g}")
        clean[name] = value
    return clean


def clean_metadata(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Drop what changes from run to run: timestamps, durations, papermill's bookkeeping."""
    nb.metadata.pop("papermill", None)
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        cell.metadata.pop("papermill", None)
        cell.metadata.pop("execution", None)
        if cell.get("cell_type") == "code":
            for out in cell.get("outputs", []):
                out.get("metadata", {}).pop("papermill", None)
    return nb


def slug(params: dict[str, Any]) -> str:
    if not params:
        return "default"
    text = "_".join(f"{k}-{v}" for k, v in sorted(params.items()))
    text = re.sub(r"[^A-Za-z0-9.-]+", "-", text)[:80]
    return f"{text}-{hashlib.sha256(json.dumps(params, sort_keys=True, default=str).encode()).hexdigest()[:6]}"


def _failed_cell(nb_path: Path) -> str:
    nb = nbformat.read(nb_path, as_version=4)
    own = [c for c in nb.cells  # number cells as in the author's notebook, not papermill's additions
           if not {"papermill-error-cell-tag", "injected-parameters"} & set(c.get("metadata", {}).get("tags", []))]
    for i, cell in enumerate(own):
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                first = cell.source.strip().splitlines()[:1]
                return (f"cell {i} ({first[0][:70] if first else ''!r}): {out.get('ename')}: "
                        f"{out.get('evalue', '')[:500]}")
    return "unknown cell"


@contextlib.contextmanager
def _env(**values):
    old = {k: os.environ.get(k) for k in values}
    os.environ.update({k: str(v) for k, v in values.items()})
    try:
        yield
    finally:
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def run(name: str, params: dict[str, Any] | None = None, *, output_dir: Path | None = None,
        log_output: bool = False) -> Path:
    """Execute one notebook; return the path of the executed copy. Raises NotebookError on failure."""
    import papermill as pm

    path = notebook_path(name)
    params = validate_parameters(path, params or {})
    default = not params and output_dir is None
    run_dir = output_dir or (config.ROOT / "results" if default else config.RUNS / path.stem / slug(params))
    run_dir.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f"{path.stem}-"))
    out_nb = tmp / path.name
    # the kernel inherits these: where the run's results go, and the root for the package
    with _env(LEVELUP_OUTPUT_DIR=run_dir, PYTHONPATH=os.pathsep.join(
            filter(None, [str(config.ROOT), os.environ.get("PYTHONPATH")]))):
        try:
            pm.execute_notebook(str(path), str(out_nb), parameters=params or None, kernel_name="python3",
                                cwd=str(path.parent), progress_bar=False, log_output=log_output,
                                extra_arguments=["--IPKernelApp.log_level=ERROR"],
                                report_mode=False)
        except pm.PapermillExecutionError:
            failed = config.RUNS / "failed" / path.name
            failed.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(out_nb, failed)
            raise NotebookError(f"notebook {path.stem} failed in {_failed_cell(out_nb)}\n"
                                f"The executed copy is at {failed}; the committed notebook was not changed.") from None
        except Exception as exc:
            raise NotebookError(f"notebook {path.stem} could not run: {type(exc).__name__}: {exc}") from None
    nb = clean_metadata(nbformat.read(out_nb, as_version=4))
    for cell in nb.cells:  # papermill's injected cell is bookkeeping, not content: keep it off pages
        tags = cell.metadata.get("tags", [])
        if "injected-parameters" in tags and "remove-cell" not in tags:
            cell.metadata["tags"] = [*tags, "remove-cell"]
    if default:
        dest = path
    else:
        dest = run_dir / path.name
        (run_dir / "parameters.json").write_text(json.dumps(params, indent=1, sort_keys=True, default=str) + "\n")
    nbformat.write(nb, dest)
    shutil.rmtree(tmp, ignore_errors=True)
    return dest
