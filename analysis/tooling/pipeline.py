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
``notebooks/grids/``) on any ``concurrent.futures.Executor`` (a local process pool by default; a Dask
cluster through :func:`dask_executor`, ``--scheduler ADDRESS`` on the command line) and collects each
run's claims into one summary table under ``_build/sweeps/``. Each worker returns its run's files and
the caller stores them, so Dask's workers need the checkout and the data but not the caller's disk. A
sweep run again skips the runs it finished already (same inputs), and a failed or lost run is named,
never dropped.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import shutil
import sys
import tempfile
from concurrent.futures import BrokenExecutor, Executor, ProcessPoolExecutor, as_completed
from pathlib import Path
from typing import Any

import yaml
from tqdm import tqdm

from analysis import config
from analysis.errors import CompendiumError, ParameterError, SweepError
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


#: in each finished run's folder, written last: its parameters and the stamp of its inputs
RUN_RECORD = "run.json"
#: a local pool whose worker died is replaced this many times before the unfinished runs are run one at
#: a time, each in a pool of its own (so a run that kills its worker is named exactly)
POOL_RETRIES = 1


def _sweep_one(name: str, params: dict) -> dict[str, bytes]:
    """One run of a sweep, on whichever worker it lands: the notebook run into a temporary folder (its
    executed copy, results and claims diff), returned as its files (name -> bytes) for the caller to
    store. A worker needs the checkout and the data, not the caller's disk: a notebook path it does not
    have is found by name in its own checkout."""
    path = Path(name)
    tmp = Path(tempfile.mkdtemp(prefix="levelup-sweep-"))
    try:
        runner.run(name if path.is_file() else path.stem, params, output_dir=tmp, report=False, checked=True)
        return {p.relative_to(tmp).as_posix(): p.read_bytes() for p in sorted(tmp.rglob("*")) if p.is_file()}
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _store(run_dir: Path, files: dict[str, bytes], record: dict) -> None:
    """Store a finished run: its files and, last, its record, in a folder renamed into place whole."""
    part = run_dir.with_name(f".{run_dir.name}.part")
    shutil.rmtree(part, ignore_errors=True)
    for rel, data in files.items():
        (part / rel).parent.mkdir(parents=True, exist_ok=True)
        (part / rel).write_bytes(data)
    (part / RUN_RECORD).write_text(json.dumps(record, indent=1, sort_keys=True, default=str) + "\n")
    shutil.rmtree(run_dir, ignore_errors=True)
    part.rename(run_dir)


def is_done(run_dir: Path, stamp: str) -> bool:
    """Whether a sweep's run folder holds a finished run of these very inputs (:func:`stamps.stamp`)."""
    try:
        return json.loads((run_dir / RUN_RECORD).read_text()).get("stamp") == stamp
    except (OSError, ValueError, AttributeError):
        return False


def _why(exc: BaseException) -> str:
    if isinstance(exc, BrokenExecutor):
        return "its worker died (killed, or out of memory) before the run finished"
    return str(exc) if isinstance(exc, CompendiumError) else f"{type(exc).__name__}: {exc}"


def _say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def sweep(notebook: str, grid: list[dict[str, Any]], *, executor: Executor | None = None,
          out: Path | None = None, progress: bool = True):
    """Run a notebook once per parameter set (in parallel) and tabulate each run's claims.

    Returns one row per run: the parameters, then one column per claim id holding the reproduced
    value. Each run's executed notebook, results and claims diff are kept under ``out/<slug>/``; the
    table is written as ``out/summary.csv`` and, for reading, ``out/summary.html``.

    Every run is checked before any starts. A run whose folder already holds a finished run of the same
    inputs (the notebook, the code it imports, the data registry and its parameters: its stamp) is not
    run again, so a sweep stopped part way resumes where it stopped. A run that fails does not stop the
    others: every finished run is stored and tabulated, then :class:`SweepError` names each failed run
    and why. On the local pool (no ``executor`` given), a worker that dies (killed, out of memory) is
    replaced and its unfinished runs run again; a Dask cluster reschedules them itself.
    """
    path = runner.notebook_path(notebook)
    runs: dict[str, dict] = {}
    for params in grid:  # validate every run before starting any
        checked = runner.validate_parameters(path, params)
        runs.setdefault(runner.slug(checked), checked)
    out = Path(out or SWEEPS / path.stem)
    stamp = {s: stamps.stamp(path, p) for s, p in runs.items()}
    todo = [s for s in runs if not is_done(out / s, stamp[s])]
    if len(todo) < len(runs):
        _say(f"{len(runs) - len(todo)} of {len(runs)} runs already done; running {len(todo)}")
    bar = tqdm(total=len(runs), initial=len(runs) - len(todo), desc=f"sweep {path.stem}", unit="run",
               disable=not progress, file=sys.stderr)

    def finished(s: str, fut) -> None:
        _store(out / s, fut.result(), {"parameters": runs[s], "stamp": stamp[s]})
        bar.set_postfix_str(s[:40])
        bar.update()

    failed = _run_all(path, runs, todo, executor, finished)
    bar.close()
    df = _summary(path, {s: p for s, p in runs.items() if s not in failed}, grid, out)
    if failed:
        lines = "\n".join(f"  {', '.join(f'{k}={v!r}' for k, v in runs[s].items())}: {why}" for s, why in failed.items())
        raise SweepError(f"{len(failed)} of {len(runs)} runs of {path.stem} failed; the {len(df)} finished are kept "
                         f"in {out} and its summary. Run the same sweep again to run only the unfinished ones.\n"
                         f"{lines}", failed, df)
    return df


def _run_all(path: Path, runs: dict[str, dict], todo: list[str], executor: Executor | None, finished) -> dict[str, str]:
    """Run ``todo`` (run names), calling ``finished(name, future)`` as each one finishes; return the runs that
    failed, name -> why. On the local pool a dead worker's unfinished runs run again, in a new pool
    (:data:`POOL_RETRIES` times), then one at a time, each in a pool of its own."""
    failed: dict[str, str] = {}
    pending, attempt = list(todo), 0
    while pending:
        alone = executor is None and attempt > POOL_RETRIES
        batches = [[s] for s in pending] if alone else [pending]
        broken = []
        for batch in batches:
            ex = executor or pool(min(_workers(), len(batch)))
            futures = {ex.submit(_sweep_one, str(path), runs[s]): s for s in batch}
            try:
                for fut in as_completed(futures):
                    s = futures[fut]
                    try:
                        finished(s, fut)
                    except BrokenExecutor as exc:
                        if executor is None and not alone:  # which run killed it is not known: run them again
                            broken.append(s)
                        else:
                            failed[s] = ("its worker died each time it ran, the last time on its own (killed, or "
                                         "out of memory)" if alone else _why(exc))
                    except Exception as exc:  # this run failed: the others go on
                        failed[s] = _why(exc)
            except KeyboardInterrupt:
                if executor is None:
                    stop(ex)
                else:
                    for fut in futures:
                        fut.cancel()
                raise
            if executor is None:
                ex.shutdown()
        if broken:
            _say(f"a worker died: running its {len(broken)} unfinished run(s) again"
                 + (", one at a time" if attempt + 1 > POOL_RETRIES else ""))
        pending, attempt = sorted(broken, key=list(runs).index), attempt + 1
    return dict(sorted(failed.items(), key=lambda kv: list(runs).index(kv[0])))


def _summary(path: Path, runs: dict[str, dict], grid: list[dict], out: Path):
    """The table of the finished runs (one row each, in the grid's order of parameters), written as
    ``summary.csv`` and ``summary.html``."""
    import pandas as pd

    rows = [_sweep_row(out / s, params) for s, params in runs.items()]
    order = list(grid[0]) if grid else []
    df = pd.DataFrame(rows, index=list(runs))
    df = df.sort_values(order, kind="stable") if order and len(df) else df
    run_dirs = [out / s for s in df.index]
    df = df.reset_index(drop=True)
    out.mkdir(parents=True, exist_ok=True)
    df.to_csv(out / "summary.csv", index=False, lineterminator="\n")
    (out / "summary.html").write_text(sweep_html(path.stem, df, order, run_dirs, out), encoding="utf-8")
    return df


def dask_executor(address: str, timeout: str = "10s"):
    """An executor on the Dask cluster whose scheduler is at ``address`` (``dask scheduler`` prints it),
    for :func:`sweep`; a context manager that closes the connection. Each worker needs this checkout
    (the same commit), its environment and the data (``python -m analysis data`` there)."""
    try:
        from distributed import Client
    except ImportError:
        raise CompendiumError("--scheduler needs Dask's distributed package, which is in the pinned environment "
                              "(requirements.lock): run make setup") from None

    @contextlib.contextmanager
    def connected():
        try:
            client = Client(address, timeout=timeout)
        except (OSError, TimeoutError) as exc:
            raise CompendiumError(f"no Dask scheduler answered at {address} ({type(exc).__name__}: {exc}); start one "
                                  "with `dask scheduler` and its workers with `dask worker ADDRESS`") from None
        try:
            if not client.scheduler_info().get("workers"):
                _say(f"the scheduler at {address} has no workers yet: the runs wait for one (`dask worker {address}`)")
            yield client.get_executor(pure=False)
        finally:
            client.close()

    return connected()


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
