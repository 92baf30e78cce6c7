"""Run notebooks with papermill: validated parameters, clean metadata, clear failures.

- ``run(name)`` with no parameters executes ``notebooks/<name>.ipynb`` and, only if every cell
  succeeds, replaces the committed notebook with the executed one (the published record), its
  metadata cleaned of timestamps and durations.
- With parameters, the executed copy goes to ``_build/runs/<name>/<slug>/`` (git-ignored) together
  with the run's machine-readable results; the committed notebook is never touched. Beside it go a
  standalone HTML report (``report.html``: code hidden, figures inline, nothing loaded from the
  network) and ``claims_diff.csv``: each ledger row of the run against the published record.

Allowed values are declared in the notebook's ``parameters`` cell, in the comment after each
assignment: ``sex = "male"  # one of: male, female`` or ``cutoff = 0.3  # range: 0.05-0.95``.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from analysis import config
from analysis.errors import NotebookError, ParameterError

if TYPE_CHECKING:  # both are imported where a notebook is read or a table made, not to decide what is stale
    import nbformat
    import pandas as pd


def write_atomically(dest: Path, text: str) -> None:
    """Write ``text`` to ``dest`` through a temporary file beside it, renamed into place: an interrupted
    write leaves the old file whole. The temporary file is this process's own, so runs at once never
    write into one file."""
    part = dest.with_name(f".{dest.name}.{os.getpid()}.part")
    part.write_text(text, encoding="utf-8")
    part.replace(dest)


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
    import nbformat

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


def study_for(path: Path):
    """The study whose page is this notebook (:func:`analysis.studies.registry.for_notebook`), or None."""
    from analysis.studies import registry

    return registry.for_notebook(path.stem)


def validate_parameters(path: Path, params: dict[str, Any]) -> dict[str, Any]:
    """Check names and values against the study's declaration (the one check the notebook's own first
    cell makes too); return the values with proper types. A value typed on the command line is read
    as its default's type."""
    study = study_for(path)
    if study is None and params:
        raise ParameterError(f"{path.stem} has no parameters; it takes none (given: {', '.join(params)})")
    if study is None:
        return {}
    checked = study.params.parse(params)
    return {name: checked.as_given[name] for name in params}


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
    import nbformat

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


def _kernel_manager(env: dict[str, str], cwd: Path, log: Path):
    """The kernel manager of one run: its kernel gets the run's environment and working folder (passed
    to the kernel alone: this process's, shared by the runs of its other threads, is left alone), and
    writes its own output (its log, not the cells') to ``log`` rather than to the terminal. Kernels
    start in their own session, so a Ctrl-C at the terminal reaches the command, which stops them."""
    from jupyter_client.manager import AsyncKernelManager

    class RunKernelManager(AsyncKernelManager):
        async def _async_launch_kernel(self, kernel_cmd, **kw):
            kw["env"] = {**(kw.get("env") or os.environ), **env}
            kw["cwd"] = str(cwd)
            with open(log, "ab") as out:  # the kernel holds its own copy of the descriptor
                kw["stdout"] = kw["stderr"] = out
                return await super()._async_launch_kernel(kernel_cmd, **kw)

    return RunKernelManager


def _log_tail(log: Path, lines: int = 15) -> str:
    try:
        text = log.read_text(encoding="utf-8", errors="replace").strip()
    except OSError:
        return ""
    return ("\nThe kernel's own log ended with:\n  " + "\n  ".join(text.splitlines()[-lines:])) if text else ""


def run(name: str, params: dict[str, Any] | None = None, *, output_dir: Path | None = None,
        log_output: bool = False, report: bool = True, checked: bool = False) -> Path:
    """Execute one notebook; return the path of the executed copy. Raises NotebookError on failure.

    A run that is not the default one also leaves, beside the executed copy, its claims diff
    (:func:`write_claims_diff`) and, if ``report``, its HTML report (:func:`write_report`). With
    ``checked``, the parameters were checked already (a sweep checks every run before it starts any)
    and are used as given. Runs in several threads of one process do not disturb one another."""
    import nbformat
    import papermill as pm

    path = notebook_path(name)
    params = dict(params or {}) if checked else validate_parameters(path, params or {})
    default = not params and output_dir is None
    run_dir = output_dir or (config.ROOT / "results" if default else config.RUNS / path.stem / slug(params))
    run_dir.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f"{path.stem}-"))
    out_nb = tmp / path.name
    # the kernel's own: where the run's results go, and the root for the package
    env = {"LEVELUP_OUTPUT_DIR": str(run_dir),
           "PYTHONPATH": os.pathsep.join(filter(None, [str(config.ROOT), os.environ.get("PYTHONPATH")]))}
    log = tmp / "kernel.log"
    try:
        pm.execute_notebook(str(path), str(out_nb), parameters=params or None, kernel_name="python3",
                            progress_bar=False, log_output=log_output,
                            kernel_manager_class=_kernel_manager(env, path.parent, log),
                            extra_arguments=["--IPKernelApp.log_level=ERROR"], report_mode=False)
    except pm.PapermillExecutionError:
        failed = config.RUNS / "failed" / path.name
        failed.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(out_nb, failed)
        raise NotebookError(f"notebook {path.stem} failed in {_failed_cell(out_nb)}\n"
                            f"The executed copy is at {failed}; the committed notebook was not changed.") from None
    except Exception as exc:
        raise NotebookError(f"notebook {path.stem} could not run: {type(exc).__name__}: {exc}"
                            f"{_log_tail(log)}") from None
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
    write_atomically(dest, nbformat.writes(nb) + "\n")
    shutil.rmtree(tmp, ignore_errors=True)
    if not default:
        diff = write_claims_diff(run_dir)
        if report:
            write_report(dest, params, diff)
    return dest


# --------------------------------------------------------------------------------------------
# what a run leaves for a reader: the claims diff and the HTML report

DIFF_COLUMNS = ["claim_id", "statement", "published", "committed", "committed_verdict", "this_run", "verdict",
                "changed"]


def claims_diff(run_claims: pd.DataFrame, record: pd.DataFrame) -> pd.DataFrame:
    """This run's ledger rows against the published record (the committed ledger), one row per claim.

    For each claim the run wrote, and each committed claim of the same analyses: the published figure,
    the committed reproduction and verdict, this run's value and verdict, and ``changed`` when the
    value or the verdict differs (a claim only one side has is changed too). Both ledgers are read as
    written (text), so equal means written the same.
    """
    import pandas as pd

    analyses = set(run_claims["analysis"])
    rec = record[record["analysis"].isin(analyses)].set_index("claim_id")
    run_ = run_claims.set_index("claim_id")
    ids = list(run_.index) + [c for c in rec.index if c not in run_.index]
    rows = []
    for cid in ids:
        r = run_.loc[cid] if cid in run_.index else None
        c = rec.loc[cid] if cid in rec.index else None
        either = r if r is not None else c
        row = {"claim_id": cid, "statement": either["statement"], "published": either["published"],
               "committed": "" if c is None else c["reproduced"], "committed_verdict": "" if c is None else c["verdict"],
               "this_run": "" if r is None else r["reproduced"], "verdict": "not written by this run" if r is None
               else r["verdict"]}
        row["changed"] = c is None or r is None or (row["committed"], row["committed_verdict"]) != (
            row["this_run"], row["verdict"])
        rows.append(row)
    return pd.DataFrame(rows, columns=DIFF_COLUMNS)


def write_claims_diff(run_dir: Path, record: pd.DataFrame | None = None) -> pd.DataFrame:
    """Write ``claims_diff.csv`` in the run's folder (from its ``claims.csv``) and return the diff."""
    import pandas as pd

    from analysis.ledger import claims

    run_csv = run_dir / "claims.csv"
    run_claims = (pd.read_csv(run_csv, dtype=str, keep_default_na=False) if run_csv.exists()
                  else pd.DataFrame(columns=claims.COLUMNS))
    if record is None:
        published = config.ROOT / "results" / "claims.csv"
        record = claims.read_published() if published.exists() else pd.DataFrame(columns=claims.COLUMNS)
    diff = claims_diff(run_claims, record)
    diff.to_csv(run_dir / "claims_diff.csv", index=False, lineterminator="\n")
    return diff


def format_diff(diff: pd.DataFrame) -> str:
    """The diff as a text table, a ``*`` before each changed claim."""
    from tabulate import tabulate

    if diff.empty:
        return "(the run wrote no claims)"
    t = diff.drop(columns=["statement", "changed"]).copy()
    t.insert(0, "", diff["changed"].map({True: "*", False: ""}))
    return tabulate(t, headers="keys", tablefmt="simple", showindex=False, disable_numparse=True)


#: nbconvert's lab template without the scripts it loads from a CDN (require.js, MathJax, mermaid)
_OFFLINE_TEMPLATE = """{%- extends 'lab/index.html.j2' -%}
{%- block html_head_js -%}{%- endblock html_head_js -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
"""


def html_report(nb: nbformat.NotebookNode, title: str) -> str:
    """A standalone HTML page of an executed notebook: code hidden, figures inline, nothing loaded from
    the network (nbconvert's lab template, its CDN scripts left out)."""
    import warnings

    import jinja2
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(extra_loaders=[jinja2.DictLoader({"offline.html.j2": _OFFLINE_TEMPLATE})],
                            template_file="offline.html.j2", exclude_input=True, exclude_input_prompt=True,
                            exclude_output_prompt=True, embed_images=True)
    with warnings.catch_warnings():  # papermill's record outputs have no HTML form: they are bookkeeping
        warnings.filterwarnings("ignore", message="Your element with mimetype", category=UserWarning)
        body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": title}})
    return body


def write_report(executed: Path, params: dict[str, Any], diff: pd.DataFrame | None = None) -> Path:
    """``report.html`` beside an executed notebook: a header with the parameters and the claims diff,
    then the notebook's narrative, tables and figures."""
    import nbformat

    nb = nbformat.read(executed, as_version=4)
    shown = ", ".join(f"{k} = {v!r}" for k, v in params.items()) or "the defaults"
    lines = [f"# {executed.stem}: a run with {shown}", "",
             "Not the published record: the committed notebook and results are unchanged.", ""]
    if diff is not None and not diff.empty:
        changed = int(diff["changed"].sum())
        lines += [f"**Claims against the published record**: {changed} of {len(diff)} changed (marked *).", "",
                  diff.assign(changed=diff["changed"].map({True: "*", False: ""}))
                  .to_markdown(index=False, disable_numparse=True), ""]
    nb.cells.insert(0, nbformat.v4.new_markdown_cell("\n".join(lines)))
    nb.cells = [c for c in nb.cells if "injected-parameters" not in c.get("metadata", {}).get("tags", [])]
    out = executed.parent / "report.html"
    out.write_text(html_report(nb, f"{executed.stem} ({shown})"), encoding="utf-8")
    return out
