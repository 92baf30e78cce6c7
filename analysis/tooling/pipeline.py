"""The reproduction pipeline: run what changed, in parallel, then build the book once.

A notebook is re-run only when one of its inputs changed (its stamp, :mod:`analysis.tooling.stamps`):
its own source (cells, not outputs), the code it imports (its study, and the shared code that study
imports; never ``analysis/tooling``), the registry of raw files, the committed published tables under
``data/published/``, and its parameters. Report notebooks (``9x_``) also depend on the claims the
analyses wrote, so they run after the others. The
robustness page computes its grid of specifications in-process (``analysis.pages.robustness``),
so a reproduction runs each notebook once and no sweep. Stamps live in ``_build/stamps.json``
(git-ignored): a fresh clone runs everything once.

``sweep()`` is the command-line tool for notebook-level sweeps (``python -m analysis sweep``): it
runs one notebook over a grid of parameters (``read_grid``; an example grid is in
``notebooks/grids/``) on any ``concurrent.futures.Executor`` (a local process pool by default; a
Dask ``distributed.Client.get_executor()`` works the same way) and collects each run's claims into
one summary table under ``_build/sweeps/``.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import sys
from concurrent.futures import Executor, ProcessPoolExecutor, as_completed
from pathlib import Path
from typing import Any

import yaml
from tqdm import tqdm

from analysis import config
from analysis.errors import CompendiumError, ParameterError
from analysis.tooling import runner, stamps

STAMPS = config.ROOT / "_build" / "stamps.json"
SWEEPS = config.ROOT / "_build" / "sweeps"
#: example grids for ``python -m analysis sweep``: notebooks/grids/<notebook>.yml
GRIDS = config.NOTEBOOKS / "grids"


def is_report(path: Path) -> bool:
    return stamps.is_report(path)


def input_hash(path: Path, params: dict | None = None) -> str:
    """The stamp of a notebook: what its results depend on (:func:`analysis.tooling.stamps.stamp`)."""
    return stamps.stamp(path, params)


def _load_stamps() -> dict:
    try:
        return json.loads(STAMPS.read_text())
    except (OSError, ValueError):
        return {}


def _save_stamps(done: dict) -> None:
    STAMPS.parent.mkdir(parents=True, exist_ok=True)
    STAMPS.write_text(json.dumps(done, indent=1, sort_keys=True) + "\n")


def _run_one(name: str, params: dict | None = None, output_dir: str | None = None) -> str:
    return str(runner.run(name, params, output_dir=Path(output_dir) if output_dir else None))


def _ignore_interrupt() -> None:
    """A worker leaves Ctrl-C to the parent, which stops it (:func:`stop`): no traceback per worker."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)


def pool(workers: int) -> ProcessPoolExecutor:
    """The local pool of notebook runs."""
    return ProcessPoolExecutor(max_workers=workers, initializer=_ignore_interrupt)


def stop(ex: Executor) -> None:
    """Stop a process pool at once on Ctrl-C: its workers and their kernels are killed, its queued runs
    cancelled. A notebook is stored only when its run has finished (written through a temporary file),
    so the stored notebooks of the runs stopped are unchanged."""
    import psutil

    for proc in list((getattr(ex, "_processes", None) or {}).values()):
        try:
            family = psutil.Process(proc.pid).children(recursive=True) + [psutil.Process(proc.pid)]
        except psutil.NoSuchProcess:
            continue
        for p in family:
            with contextlib.suppress(psutil.NoSuchProcess):
                p.kill()
    ex.shutdown(wait=False, cancel_futures=True)


def _workers() -> int:
    return max(1, min(os.cpu_count() or 1, int(os.environ.get("LEVELUP_WORKERS", "0")) or os.cpu_count() or 1))


def run_stale(force: bool = False, executor: Executor | None = None, progress: bool = True) -> list[str]:
    """Run every notebook whose inputs changed since its last successful run; return their names."""
    done = {} if force else _load_stamps()
    ran: list[str] = []
    analyses = [p for p in runner.all_notebooks() if not is_report(p)]
    reports = [p for p in runner.all_notebooks() if is_report(p)]
    for group in (analyses, reports):
        stale = [p for p in group if done.get(p.stem) != input_hash(p)]
        if not stale:
            continue
        own = executor is None
        ex = executor or pool(min(_workers(), len(stale)))
        errors = []
        try:
            futures = {ex.submit(_run_one, str(p)): p for p in stale}
            bar = tqdm(total=len(stale), desc="notebooks", unit="nb", disable=not progress, file=sys.stderr)
            for fut in as_completed(futures):
                p = futures[fut]
                try:
                    fut.result()
                    done[p.stem] = input_hash(p)
                    ran.append(p.stem)
                    bar.set_postfix_str(p.stem)
                except Exception as exc:  # collect, report all, fail
                    errors.append(str(exc))
                bar.update()
            bar.close()
        except KeyboardInterrupt:
            if own:
                stop(ex)
                own = False
            raise
        finally:
            if own:
                ex.shutdown()
        _save_stamps(done)
        from analysis.ledger import claims  # only once something ran: deciding what is stale needs no pandas

        claims.combine(config.ROOT / "results")
        if errors:
            raise CompendiumError("\n".join(errors))
    return ran


# --------------------------------------------------------------------------------------------
# sweeps


def read_grid(path: Path) -> list[dict[str, Any]]:
    """A grid file is YAML: ``{notebook: NAME, parameters: {name: [values...]}}``; the runs are the
    cartesian product of the value lists (a scalar is a one-value list)."""
    spec = yaml.safe_load(Path(path).read_text())
    if not isinstance(spec, dict) or "parameters" not in spec:
        raise ParameterError(f"{path}: a grid needs a 'parameters' mapping of name -> list of values")
    names = list(spec["parameters"])
    values = [v if isinstance(v, list) else [v] for v in spec["parameters"].values()]
    return [dict(zip(names, combo)) for combo in itertools.product(*values)]


def _sweep_one(name: str, params: dict, output_dir: str) -> str:
    """One run of a sweep: its notebook, results and claims diff (the grid gets one HTML summary)."""
    return str(runner.run(name, params, output_dir=Path(output_dir), report=False))


def sweep(notebook: str, grid: list[dict[str, Any]], *, executor: Executor | None = None,
          out: Path | None = None, progress: bool = True):
    """Run a notebook once per parameter set (in parallel) and tabulate each run's claims.

    Returns one row per run: the parameters, then one column per claim id holding the reproduced
    value. Each run's executed notebook, results and claims diff are kept under ``out/<slug>/``; the
    table is written as ``out/summary.csv`` and, for reading, ``out/summary.html``.
    """
    path = runner.notebook_path(notebook)
    for params in grid:  # validate every run before starting any
        runner.validate_parameters(path, params)
    out = Path(out or SWEEPS / path.stem)
    own = executor is None
    ex = executor or pool(_workers())
    rows, slugs = [], []
    try:
        futures = {ex.submit(_sweep_one, str(path), params, str(out / runner.slug(params))): params
                   for params in grid}
        bar = tqdm(total=len(grid), desc=f"sweep {path.stem}", unit="run", disable=not progress, file=sys.stderr)
        for fut in as_completed(futures):
            params = futures[fut]
            fut.result()
            rows.append(_sweep_row(out / runner.slug(params), params))
            slugs.append(runner.slug(params))
            bar.update()
        bar.close()
    except KeyboardInterrupt:
        if own:
            stop(ex)
            own = False
        raise
    finally:
        if own:
            ex.shutdown()
    import pandas as pd

    df = pd.DataFrame(rows, index=slugs)
    order = list(grid[0]) if grid else []
    df = df.sort_values(order, kind="stable") if order else df
    run_dirs = [out / s for s in df.index]
    df = df.reset_index(drop=True)
    out.mkdir(parents=True, exist_ok=True)
    df.to_csv(out / "summary.csv", index=False, lineterminator="\n")
    (out / "summary.html").write_text(sweep_html(path.stem, df, order, run_dirs, out), encoding="utf-8")
    return df


def sweep_html(name: str, df, params: list[str], run_dirs: list[Path], out: Path) -> str:
    """A standalone page for a sweep: one row per run (its parameters, each claim's reproduced value,
    how many claims changed against the published record), each run linked to its HTML report if it
    has one, then the published record's values for comparison."""
    import html

    import pandas as pd

    from analysis.ledger import claims

    table = df.copy()
    changed, links = [], []
    for run_dir in run_dirs:
        diff_csv = run_dir / "claims_diff.csv"
        diff = pd.read_csv(diff_csv, dtype=str, keep_default_na=False) if diff_csv.exists() else None
        changed.append("" if diff is None else f"{(diff['changed'] == 'True').sum()} of {len(diff)}")
        nb = run_dir / f"{name}.ipynb"
        links.append(f'<a href="{html.escape(nb.relative_to(out).as_posix())}">notebook</a>' if nb.exists() else "")
    table.insert(len(params), "claims changed", changed)
    table["run"] = links
    published = config.ROOT / "results" / "claims.csv"
    record = claims.read_published() if published.exists() else pd.DataFrame(columns=claims.COLUMNS)
    record = record[record["claim_id"].isin(df.columns)][["claim_id", "statement", "published", "reproduced",
                                                          "verdict"]]
    style = ("body{font-family:system-ui,sans-serif;margin:2em;max-width:80em} table{border-collapse:collapse;"
             "font-size:.9em} td,th{border:1px solid #ccc;padding:.25em .5em;text-align:right} th{background:#f3f3f3}")
    return (f"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Sweep of {html.escape(name)}"
            f"</title><style>{style}</style></head><body>\n<h1>Sweep of {html.escape(name)}: {len(df)} runs</h1>\n"
            f"<p>Parameters: {html.escape(', '.join(params))}. One row per run; each claim's reproduced value.</p>\n"
            f"{table.to_html(index=False, escape=False, na_rep='', float_format=lambda v: f'{v:.4g}')}\n"
            f"<h2>The published record (default run)</h2>\n{record.to_html(index=False)}\n</body></html>\n")


def _sweep_row(run_dir: Path, params: dict) -> dict:
    import pandas as pd

    row = dict(params)
    claims_csv = run_dir / "claims.csv"
    if claims_csv.exists():
        c = pd.read_csv(claims_csv, dtype=str, keep_default_na=False)
        for _, r in c.iterrows():
            row[r["claim_id"]] = pd.to_numeric(r["reproduced"], errors="coerce")
    return row
