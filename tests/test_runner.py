"""The papermill runner: parameters checked by the study's declaration, clean metadata, failures that name the cell."""

import subprocess
import sys
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from toy_study import toy  # noqa: F401 (the fixture)

from analysis.errors import NotebookError, ParameterError
from analysis.tooling import runner

ROOT = Path(__file__).resolve().parent.parent


def _nb(path: Path, body: str) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("n = 3"), nbformat.v4.new_code_cell(body)]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, path)
    return path


@pytest.mark.parametrize("params,message", [
    ({"kk": "2"}, "01_toy: unknown parameter 'kk'. Allowed parameters: k (default 2, one of: 1, 2, 3)"),
    ({"k": "7"}, "01_toy: parameter 'k' = 7 is not allowed; one of: 1, 2, 3"),
    ({"scale": "11"}, "01_toy: parameter 'scale' = 11 is out of range; allowed 0 to 10"),
    ({"k": "many"}, "01_toy: parameter 'k' = 'many' must be a int like its default 2"),
])
def test_bad_parameters_are_refused_with_what_is_allowed(toy, params, message):
    path, _ = toy
    with pytest.raises(ParameterError) as exc:
        runner.validate_parameters(path, params)
    assert message in str(exc.value)


def test_values_from_the_command_line_get_the_default_type(toy):
    path, _ = toy
    assert runner.validate_parameters(path, {"scale": "0.5", "k": "3"}) == {"scale": 0.5, "k": 3}


def test_a_page_that_is_no_study_takes_no_parameters():
    with pytest.raises(ParameterError, match="90_report has no parameters"):
        runner.validate_parameters(ROOT / "notebooks" / "90_report.ipynb", {"colour": "red"})
    assert runner.validate_parameters(ROOT / "notebooks" / "90_report.ipynb", {}) == {}


def test_clean_metadata_drops_timestamps():
    nb = nbformat.v4.new_notebook()
    nb.metadata["papermill"] = {"start_time": "2026-01-01"}
    c = nbformat.v4.new_code_cell("1")
    c.metadata["papermill"] = {"duration": 1.0}
    c.metadata["execution"] = {"iopub.execute_input": "2026"}
    nb.cells = [c]
    out = runner.clean_metadata(nb)
    assert "papermill" not in out.metadata and out.cells[0].metadata == {}


def test_failing_notebook_names_the_cell_and_leaves_the_original(tmp_path):
    path = _nb(tmp_path / "bad.ipynb", "raise ValueError('boom: the input is wrong')")
    before = path.read_bytes()
    with pytest.raises(NotebookError) as exc:
        runner.run(str(path))
    msg = str(exc.value)
    assert "notebook bad failed in cell 1" in msg and "ValueError" in msg and "boom" in msg
    assert path.read_bytes() == before


def test_run_with_parameters_writes_elsewhere(toy, tmp_path):
    path, _ = toy
    before = path.read_bytes()
    out = runner.run(str(path), {"k": "3"}, output_dir=tmp_path / "run", report=False)
    assert out == tmp_path / "run" / "01_toy.ipynb" and path.read_bytes() == before
    nb = nbformat.read(out, as_version=4)
    injected = [c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", [])]
    assert injected and "remove-cell" in injected[0].metadata["tags"] and "k = 3" in injected[0].source
    assert "papermill" not in nb.metadata
    ledger = pd.read_csv(tmp_path / "run" / "claims" / "toy.csv")
    assert ledger.set_index("claim_id").loc["toy_k2", "reproduced"] == 3.0


def test_cli_refuses_an_unknown_parameter_before_running():
    proc = subprocess.run([sys.executable, "-m", "analysis", "run", "03_low_pay", "-p", "colour", "red"],
                          cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 1
    assert proc.stderr.startswith("error: 03_low_pay: unknown parameter 'colour'"), proc.stderr  # before "running"
    proc = subprocess.run([sys.executable, "-m", "analysis", "run", "00_data", "-p", "colour", "red"],
                          cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 1 and "00_data has no parameters" in proc.stderr


def test_cli_refuses_an_unknown_notebook():
    proc = subprocess.run([sys.executable, "-m", "analysis", "run", "99_nothing"], cwd=ROOT,
                          capture_output=True, text=True)
    assert proc.returncode == 1 and "no notebook '99_nothing'; the notebooks are: 00_data" in proc.stderr
