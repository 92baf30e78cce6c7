"""Holding up in a researcher's hands: deciding what is stale imports no notebook library, a cache
that cannot be read heals itself, and a stored notebook is written whole or not at all."""

import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from analysis.data import loaders
from analysis.tooling import runner

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ("nbformat", "pandas", "papermill", "jupyter_client", "matplotlib")


def test_deciding_what_is_stale_imports_no_notebook_library():
    """The no-op path of ``reproduce`` (verify the raw files, stamp every notebook, check the book) runs
    without nbformat, pandas, papermill or a kernel; they are imported only when something runs."""
    code = ("import sys\nfrom analysis.data.fetch import fetch_all\nfrom analysis.tooling import book, pipeline\n"
            "fetch_all(progress=False)\n[pipeline.input_hash(p) for p in pipeline.runner.all_notebooks()]\n"
            "book.book_inputs_hash()\n"
            f"print(','.join(m for m in {HEAVY!r} if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                         env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "", f"imported on the no-op path: {out.stdout.strip()}"


def test_a_cached_table_that_cannot_be_read_is_rebuilt_with_a_warning(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("LEVELUP_CACHE_DIR", str(tmp_path / "raw"))
    good = loaders.cni()
    [parquet] = (tmp_path / "processed").glob("cni-*.parquet")
    parquet.write_bytes(parquet.read_bytes()[:100])  # truncated, as by a full disk or a killed write
    capsys.readouterr()
    healed = loaders.cni()
    err = capsys.readouterr().err
    assert f"the cached table {parquet.name} cannot be read" in err and "rebuilding it" in err
    pd.testing.assert_frame_equal(healed, good)
    assert pd.read_parquet(parquet).shape == good.shape  # rewritten whole


def test_an_interrupted_write_leaves_the_old_file_whole(tmp_path, monkeypatch):
    dest = tmp_path / "nb.ipynb"
    dest.write_text("old")

    def boom(self, target):
        raise KeyboardInterrupt

    monkeypatch.setattr(Path, "replace", boom)
    with pytest.raises(KeyboardInterrupt):
        runner.write_atomically(dest, "new")
    assert dest.read_text() == "old"
