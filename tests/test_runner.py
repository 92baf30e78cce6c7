"""The papermill runner: parameter validation, clean metadata, failures that name the cell."""

import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from analysis.tooling import runner
from analysis.errors import NotebookError, ParameterError

ROOT = Path(__file__).resolve().parent.parent


def _nb(path: Path, body: str, params: str = 'sex = "male"  # one of: male, female\ncutoff = 0.3  # range: 0.05-0.95\nn = 3') -> Path:
    nb = nbformat.v4.new_notebook()
    p = nbformat.v4.new_code_cell(params)
    p.metadata["tags"] = ["parameters"]
    nb.cells = [p, nbformat.v4.new_code_cell(body)]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, path)
    return path


def test_declared_parameters_are_read_from_comments(tmp_path):
    decl = runner.declared_parameters(_nb(tmp_path / "t.ipynb", "pass"))
    assert decl["sex"].choices == ("male", "female") and decl["sex"].default == "male"
    assert (decl["cutoff"].low, decl["cutoff"].high) == (0.05, 0.95)
    assert decl["n"].default == 3 and decl["n"].choices is None


@pytest.mark.parametrize("params,message", [
    ({"sx": "male"}, "unknown parameter 'sx'. Allowed parameters: sex (default 'male'"),
    ({"sex": "other"}, "'sex' = 'other' is not allowed; one of: 'male', 'female'"),
    ({"cutoff": "1.5"}, "'cutoff' = 1.5 is out of range; allowed 0.05 to 0.95"),
    ({"n": "many"}, "'n' must be of type int"),
])
def test_bad_parameters_are_refused_with_what_is_allowed(tmp_path, params, message):
    with pytest.raises(ParameterError) as exc:
        runner.validate_parameters(_nb(tmp_path / "t.ipynb", "pass"), params)
    assert message in str(exc.value)


def test_values_from_the_command_line_get_the_default_type(tmp_path):
    ok = runner.validate_parameters(_nb(tmp_path / "t.ipynb", "pass"), {"cutoff": "0.2", "n": "5", "sex": "female"})
    assert ok == {"cutoff": 0.2, "n": 5, "sex": "female"}


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


def test_run_with_parameters_writes_elsewhere(tmp_path):
    path = _nb(tmp_path / "ok.ipynb", "print(sex, cutoff)")
    before = path.read_bytes()
    out = runner.run(str(path), {"sex": "female"}, output_dir=tmp_path / "run")
    assert out == tmp_path / "run" / "ok.ipynb" and path.read_bytes() == before
    nb = nbformat.read(out, as_version=4)
    injected = [c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", [])]
    assert injected and "remove-cell" in injected[0].metadata["tags"]
    assert "female 0.3" in nb.cells[-1].outputs[0]["text"]
    assert "papermill" not in nb.metadata


def test_cli_refuses_an_unknown_parameter_before_running():
    proc = subprocess.run([sys.executable, "-m", "analysis", "run", "00_data", "-p", "colour", "red"],
                          cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 1
    assert "unknown parameter 'colour'" in proc.stderr


def test_cli_refuses_an_unknown_notebook():
    proc = subprocess.run([sys.executable, "-m", "analysis", "run", "99_nothing"], cwd=ROOT,
                          capture_output=True, text=True)
    assert proc.returncode == 1 and "no notebook '99_nothing'; the notebooks are: 00_data" in proc.stderr
