"""Sweeps that hold up: a finished run is not run again, a failed or lost run is named and the others
kept, a dead worker's runs run again, and a Dask cluster gives the local pool's summary, run for run.

The fast tests stand a stub in for the notebook run; the others run the toy study's notebook
(``tests/toy_study.py``) in real kernels, on the local pool and on a ``LocalCluster`` on 127.0.0.1."""

from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from toy_study import toy  # noqa: F401 (the fixture)

from analysis.errors import NotebookError, SweepError
from analysis.tooling import pipeline

GRID = [{"k": k, "scale": s} for k in (1, 3) for s in (1.0, 2.0)]


def _claims(params: dict) -> bytes:
    """The claims file a toy run writes (its two claims, the first k times the scale)."""
    value = params["k"] * params["scale"]
    return ("analysis,claim_id,reproduced\n"
            f"toy,toy_k2,{value}\ntoy,toy_fixed,1\n").encode()


def _stub(calls: list, fail: dict | None = None):
    """A notebook run that writes only its claims, records each call, and fails for ``fail``'s runs."""
    def run(name, params):
        calls.append(dict(params))
        if fail and params == fail:
            raise NotebookError("notebook 01_toy failed in cell 2 ('params = ...'): ValueError: toy")
        return {"claims.csv": _claims(params)}
    return run


def test_a_sweep_run_again_runs_only_what_is_not_done(toy, tmp_path, monkeypatch, capsys):
    nb, _ = toy
    calls: list = []
    monkeypatch.setattr(pipeline, "_sweep_one", _stub(calls))
    out = tmp_path / "out"
    with ThreadPoolExecutor(max_workers=2) as ex:
        first = pipeline.sweep(str(nb), GRID, executor=ex, out=out, progress=False)
    assert sorted(map(str, calls)) == sorted(map(str, GRID)) and len(first) == 4
    assert "already done" not in capsys.readouterr().err

    calls.clear()
    unfinished = sorted(p for p in out.iterdir() if p.is_dir())[2]
    (unfinished / pipeline.RUN_RECORD).unlink()  # as a run stopped before it was stored whole
    with ThreadPoolExecutor(max_workers=2) as ex:
        again = pipeline.sweep(str(nb), GRID, executor=ex, out=out, progress=False)
    assert "3 of 4 runs already done; running 1" in capsys.readouterr().err
    assert len(calls) == 1 and pipeline.runner.slug(calls[0]) == unfinished.name
    pd.testing.assert_frame_equal(again, first)

    calls.clear()
    with ThreadPoolExecutor(max_workers=2) as ex:
        pipeline.sweep(str(nb), GRID, executor=ex, out=out, progress=False)
    assert calls == [] and "4 of 4 runs already done; running 0" in capsys.readouterr().err

    cells = nbformat.read(nb, as_version=4)
    cells.cells.append(nbformat.v4.new_code_cell("print('changed')"))
    nbformat.write(cells, nb)  # the notebook changed: no run of the old one counts as done
    with ThreadPoolExecutor(max_workers=2) as ex:
        pipeline.sweep(str(nb), GRID, executor=ex, out=out, progress=False)
    assert len(calls) == 4 and "already done" not in capsys.readouterr().err


def test_a_failed_run_is_named_and_every_finished_one_kept(toy, tmp_path, monkeypatch, capsys):
    nb, _ = toy
    calls: list = []
    bad = {"k": 3, "scale": 1.0}
    monkeypatch.setattr(pipeline, "_sweep_one", _stub(calls, fail=bad))
    out = tmp_path / "out"
    with ThreadPoolExecutor(max_workers=2) as ex, pytest.raises(SweepError) as exc:
        pipeline.sweep(str(nb), GRID, executor=ex, out=out, progress=False)
    err = exc.value
    assert list(err.failed) == [pipeline.runner.slug(bad)]
    assert "1 of 4 runs of 01_toy failed; the 3 finished are kept" in str(err)
    assert "k=3, scale=1.0: notebook 01_toy failed in cell 2" in str(err)
    assert err.summary[["k", "scale"]].to_dict("records") == [p for p in GRID if p != bad]
    assert len(pd.read_csv(out / "summary.csv")) == 3

    calls.clear()
    monkeypatch.setattr(pipeline, "_sweep_one", _stub(calls))  # the cause fixed
    with ThreadPoolExecutor(max_workers=2) as ex:
        df = pipeline.sweep(str(nb), GRID, executor=ex, out=out, progress=False)
    assert calls == [bad] and "3 of 4 runs already done; running 1" in capsys.readouterr().err
    assert df[["k", "scale"]].to_dict("records") == GRID and df["toy_k2"].tolist() == [1.0, 2.0, 3.0, 6.0]


class _DyingPool:
    """A stand-in for the local process pool whose worker dies on ``culprit``'s run: that run and every
    one submitted after it in the same pool fail as a dead pool's do; a new pool works again."""

    def __init__(self, log: list, culprit: dict, calls: list):
        self.log, self.culprit, self.calls, self.dead = log, culprit, calls, False
        log.append("pool")

    def submit(self, fn, name, params):
        fut: Future = Future()
        if not self.dead and params == self.culprit:
            self.dead = True
        if self.dead:
            fut.set_exception(BrokenProcessPool("A process in the process pool was terminated abruptly"))
        else:
            fut.set_result(fn(name, params))
        return fut

    def shutdown(self, wait=True, cancel_futures=False):
        pass


def test_a_dead_local_worker_is_replaced_and_a_run_that_kills_it_named(toy, tmp_path, monkeypatch, capsys):
    nb, _ = toy
    calls: list = []
    pools: list = []
    culprit = {"k": 1, "scale": 2.0}
    monkeypatch.setattr(pipeline, "_sweep_one", _stub(calls))
    monkeypatch.setattr(pipeline, "pool", lambda workers: _DyingPool(pools, culprit, calls))
    with pytest.raises(SweepError) as exc:
        pipeline.sweep(str(nb), GRID, out=tmp_path / "out", progress=False)
    assert list(exc.value.failed) == [pipeline.runner.slug(culprit)], "only the run that kills its worker fails"
    assert "its worker died each time it ran, the last time on its own" in str(exc.value)
    assert len(exc.value.summary) == 3
    err = capsys.readouterr().err
    assert "a worker died: running its 3 unfinished run(s) again\n" in err
    assert "a worker died: running its 3 unfinished run(s) again, one at a time" in err
    # the first pool, its replacement, then one pool per unfinished run, in the grid's order
    assert len(pools) == 2 + 3


# ------------------------------------------------------------------ real kernels: the local pool and Dask

#: the runs in real kernels: two, so that one worker can die while the other goes on
REAL_GRID = [{"k": 1, "scale": 1.0}, {"k": 3, "scale": 2.0}]

KILL_ONCE = '''import os, pathlib, signal
marker = pathlib.Path({marker!r})
if params.k == 3 and not marker.exists():  # the first time only: its worker dies
    marker.write_text("killed")
    os.kill(os.getppid(), signal.SIGKILL)
    os._exit(1)'''


def _lean(nb: Path, kill_once: Path | None = None) -> Path:
    """The toy notebook without its figure (not needed here, and a second to draw), and with a cell that
    kills the worker running it (the kernel's parent) the first time it runs with k = 3."""
    book = nbformat.read(nb, as_version=4)
    book.cells = [c for c in book.cells if "matplotlib" not in c.source]
    if kill_once:
        book.cells.append(nbformat.v4.new_code_cell(KILL_ONCE.format(marker=str(kill_once))))
    nbformat.write(book, nb)
    return nb


def _expected() -> list[dict]:
    return [{**p, "toy_k2": p["k"] * p["scale"], "toy_fixed": 1} for p in REAL_GRID]


def test_a_worker_killed_mid_sweep_on_the_local_pool(toy, tmp_path, monkeypatch):
    nb = _lean(toy[0], kill_once=tmp_path / "killed")
    monkeypatch.setenv("LEVELUP_WORKERS", "2")
    df = pipeline.sweep(str(nb), REAL_GRID, out=tmp_path / "out", progress=False)
    assert (tmp_path / "killed").exists(), "the worker was killed"
    assert df.to_dict("records") == _expected(), "every run present, once"
    assert sorted(p.name for p in (tmp_path / "out").iterdir() if p.is_dir()) == \
        sorted(pipeline.runner.slug(p) for p in REAL_GRID)


@pytest.fixture(scope="module")
def cluster():
    """A Dask cluster on this machine: a scheduler and two single-threaded worker processes."""
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                  dashboard_address=None, silence_logs=50) as c:
        yield c


def test_a_sweep_on_dask_gives_the_local_pools_summary_run_for_run(toy, tmp_path, cluster, monkeypatch):
    nb = _lean(toy[0])
    monkeypatch.setenv("LEVELUP_WORKERS", "2")
    local = pipeline.sweep(str(nb), REAL_GRID, out=tmp_path / "local", progress=False)
    with pipeline.dask_executor(cluster.scheduler_address) as ex:
        on_dask = pipeline.sweep(str(nb), REAL_GRID, executor=ex, out=tmp_path / "dask", progress=False)
    pd.testing.assert_frame_equal(on_dask, local)
    assert local.to_dict("records") == _expected()
    assert (tmp_path / "local" / "summary.csv").is_file() and (tmp_path / "dask" / "summary.html").is_file()
    assert all(not c.get("outputs") for c in nbformat.read(nb, as_version=4).cells if c.cell_type == "code"), \
        "the source notebook must not be touched"
    for run in local.index:  # each run's stored claims are the same bytes
        slug = pipeline.runner.slug(REAL_GRID[run])
        assert (tmp_path / "dask" / slug / "claims.csv").read_bytes() == \
            (tmp_path / "local" / slug / "claims.csv").read_bytes()


def test_a_worker_killed_mid_sweep_on_dask(toy, tmp_path, cluster, monkeypatch, capsys):
    """Through the command line: ``python -m analysis sweep NOTEBOOK --grid GRID --scheduler ADDRESS``."""
    from analysis.tooling import cli

    nb = _lean(toy[0], kill_once=tmp_path / "killed")
    grid = tmp_path / "grid.yml"
    grid.write_text("parameters:\n  k: [1, 3]\n  scale: 1.0\n")
    monkeypatch.setattr(pipeline, "SWEEPS", tmp_path / "sweeps")
    cli.main(["sweep", str(nb), "--grid", str(grid), "--scheduler", cluster.scheduler_address, "-q"])
    assert (tmp_path / "killed").exists(), "the worker was killed"
    assert "2 runs; summary:" in capsys.readouterr().out
    df = pd.read_csv(tmp_path / "sweeps" / "01_toy" / "summary.csv")
    assert df.to_dict("records") == [{"k": 1, "scale": 1.0, "toy_k2": 1.0, "toy_fixed": 1},
                                     {"k": 3, "scale": 1.0, "toy_k2": 3.0, "toy_fixed": 1}], \
        "the cluster ran the lost run again: every run present, once"


def test_no_scheduler_at_the_address_is_a_clear_error():
    from analysis.errors import CompendiumError

    with pytest.raises(CompendiumError, match="no Dask scheduler answered at tcp://127.0.0.1:9.*dask scheduler"):
        with pipeline.dask_executor("tcp://127.0.0.1:9", timeout="1s"):
            pass
