"""Incremental runs and sweeps, on a toy notebook (the real notebooks are covered by nbval)."""

from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import nbformat
import pytest

from analysis import config
from analysis.tooling import pipeline
from analysis.errors import ParameterError


def _toy(path: Path) -> Path:
    nb = nbformat.v4.new_notebook()
    p = nbformat.v4.new_code_cell('k = 2  # one of: 1, 2, 3\nscale = 1.0  # range: 0-10')
    p.metadata["tags"] = ["parameters"]
    nb.cells = [p, nbformat.v4.new_code_cell(
        "from analysis.ledger import claims\n"
        "claims.write(claims.ledger([claims.claim('toy_k2', 'toy', 's', 2 * 1.0, k * scale, 'coefficient')],\n"
        "                           sources='claim_sources.csv'), 'toy')")]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, path)
    (path.parent / "claim_sources.csv").write_text("claim_id,document,where,claim\ntoy_k2,toy,cell 2,k times scale\n")
    return path


def test_read_grid_is_the_cartesian_product(tmp_path):
    g = tmp_path / "g.yml"
    g.write_text("parameters:\n  k: [1, 2]\n  scale: [0.5, 1.0, 2.0]\n  fixed: x\n")
    grid = pipeline.read_grid(g)
    assert len(grid) == 6 and {"k": 1, "scale": 0.5, "fixed": "x"} in grid
    g.write_text("k: [1]\n")
    with pytest.raises(ParameterError, match="needs a 'parameters' mapping"):
        pipeline.read_grid(g)


def test_sweep_validates_every_run_before_starting(tmp_path):
    nb = _toy(tmp_path / "toy.ipynb")
    with pytest.raises(ParameterError, match="'k' = 7 is not allowed"):
        pipeline.sweep(str(nb), [{"k": 1}, {"k": 7}], out=tmp_path / "out", progress=False)
    assert not (tmp_path / "out").exists()


def test_sweep_runs_in_a_process_pool_and_tabulates_claims(tmp_path):
    nb = _toy(tmp_path / "toy.ipynb")
    grid = [{"k": 1, "scale": 1.0}, {"k": 3, "scale": 2.0}]
    with ProcessPoolExecutor(max_workers=2) as ex:
        df = pipeline.sweep(str(nb), grid, executor=ex, out=tmp_path / "out", progress=False)
    assert df.to_dict("records") == [{"k": 1, "scale": 1.0, "toy_k2": 1.0}, {"k": 3, "scale": 2.0, "toy_k2": 6.0}]
    assert (tmp_path / "out" / "summary.csv").is_file()
    assert nbformat.read(nb, as_version=4).cells[1].outputs == [], "the source notebook must not be touched"


def test_input_hash_changes_with_source_and_parameters_not_outputs(tmp_path):
    nb = _toy(tmp_path / "toy.ipynb")
    h = pipeline.input_hash(nb, None, "base")
    nbk = nbformat.read(nb, as_version=4)
    nbk.cells[1].outputs = [nbformat.v4.new_output("stream", text="hello")]
    nbformat.write(nbk, nb)
    assert pipeline.input_hash(nb, None, "base") == h
    assert pipeline.input_hash(nb, {"k": 1}, "base") != h
    assert pipeline.input_hash(nb, None, "other") != h
    nbk.cells[1].source += "\n# changed"
    nbformat.write(nbk, nb)
    assert pipeline.input_hash(nb, None, "base") != h


def test_result_code_is_every_sub_package_but_tooling():
    files = {p.relative_to(config.ROOT).as_posix() for p in pipeline.result_code_files()}
    assert "analysis/studies/hle.py" in files and "analysis/data/loaders/core.py" in files
    assert "analysis/ledger/claims.py" in files and "analysis/figures/style.py" in files
    assert not any(f.startswith("analysis/tooling/") for f in files)
    every = {p.relative_to(config.ROOT).as_posix() for p in (config.ROOT / "analysis").rglob("*.py")}
    assert every - files == {p for p in every if p.startswith("analysis/tooling/")} | {"analysis/__main__.py"}


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
