"""The committed notebooks are the published record: executed, error-free, with clean metadata,
and with at least one cell whose printed headline numbers nbval checks."""

from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9]*.ipynb"))


def test_there_are_notebooks():
    assert NOTEBOOKS


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_is_stored_executed_and_clean(path):
    nb = nbformat.read(path, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code, "no code cells"
    assert all(c.execution_count is not None for c in code), "stored without executing every cell"
    assert [c.execution_count for c in code] == list(range(1, len(code) + 1)), "not one clean top-to-bottom run"
    assert any(c.outputs for c in code), "stored without outputs: nbval would pass vacuously"
    for c in code:
        assert not [o for o in c.outputs if o.get("output_type") == "error"], "an error is stored"
        assert "papermill" not in c.metadata and "execution" not in c.metadata
        assert not any("injected-parameters" in c.metadata.get("tags", []) for c in code), "injected cell stored"
    assert "papermill" not in nb.metadata
    checked = [c for c in code if c.source.startswith("# NBVAL_CHECK_OUTPUT")]
    assert checked and all(c.outputs for c in checked), "no headline cell for nbval to compare"
