"""Incremental runs and sweeps, on a toy notebook (the real notebooks are covered by nbval; sweeps on
the local pool and on Dask in tests/test_sweeps.py)."""

from pathlib import Path

import nbformat
import pytest
from toy_study import toy  # noqa: F401 (the fixture)

from analysis.tooling import pipeline
from analysis.errors import ParameterError


def _toy(path: Path) -> Path:
    """A notebook that is no study: no parameters, one cell."""
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("k = 2"), nbformat.v4.new_code_cell("print(k)")]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, path)
    return path


def test_read_grid_is_the_cartesian_product(tmp_path):
    g = tmp_path / "g.yml"
    g.write_text("parameters:\n  k: [1, 2]\n  scale: [0.5, 1.0, 2.0]\n  fixed: x\n")
    grid = pipeline.read_grid(g)
    assert len(grid) == 6 and {"k": 1, "scale": 0.5, "fixed": "x"} in grid
    g.write_text("k: [1]\n")
    with pytest.raises(ParameterError, match="needs a 'parameters' mapping"):
        pipeline.read_grid(g)


def test_sweep_validates_every_run_before_starting(toy, tmp_path):
    nb, _ = toy
    with pytest.raises(ParameterError, match="'k' = 7 is not allowed"):
        pipeline.sweep(str(nb), [{"k": 1}, {"k": 7}], out=tmp_path / "out", progress=False)
    assert not (tmp_path / "out").exists()


def test_input_hash_changes_with_source_and_parameters_not_outputs(tmp_path):
    nb = _toy(tmp_path / "toy.ipynb")
    h = pipeline.input_hash(nb, None)
    nbk = nbformat.read(nb, as_version=4)
    nbk.cells[1].outputs = [nbformat.v4.new_output("stream", text="hello")]
    nbformat.write(nbk, nb)
    assert pipeline.input_hash(nb, None) == h
    assert pipeline.input_hash(nb, {"k": 1}) != h
    nbk.cells[1].source += "\n# changed"
    nbformat.write(nbk, nb)
    assert pipeline.input_hash(nb, None) != h


def test_run_stale_runs_each_notebook_once_and_no_sweep(tmp_path, monkeypatch):
    from concurrent.futures import ThreadPoolExecutor

    from analysis.ledger import claims

    nbs = [_toy(tmp_path / "01_toy.ipynb"), _toy(tmp_path / "91_toy_report.ipynb")]
    calls = []
    monkeypatch.setattr(pipeline.runner, "all_notebooks", lambda: nbs)
    monkeypatch.setattr(pipeline, "_run_one", lambda name, params=None, output_dir=None: calls.append((name, params)))
    monkeypatch.setattr(pipeline, "STAMPS", tmp_path / "stamps.json")
    monkeypatch.setattr(claims, "combine", lambda out=None: None)
    with ThreadPoolExecutor(max_workers=1) as ex:
        ran = pipeline.run_stale(force=True, executor=ex, progress=False)
    assert ran == ["01_toy", "91_toy_report"], "analyses first, then reports, each once"
    assert calls == [(str(nbs[0]), None), (str(nbs[1]), None)]
    with ThreadPoolExecutor(max_workers=1) as ex:
        assert pipeline.run_stale(executor=ex, progress=False) == [], "nothing changed: nothing runs"
