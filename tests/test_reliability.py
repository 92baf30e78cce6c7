"""Holding up in a researcher's hands: deciding what is stale imports no notebook library, a cache
that cannot be read heals itself, a stored notebook is written whole or not at all, and Ctrl-C stops a
run at once with one line."""

import os
import signal
import subprocess
import sys
import time
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


def test_two_runs_building_one_table_at_once_keep_to_their_own_files(tmp_path, monkeypatch):
    """Notebooks run side by side, and on a fresh cache both may parse the same table: the run that
    finishes second must neither delete the first's table nor write through the temporary file the
    other is writing (each run's is its own)."""
    from analysis.data.loaders import core

    monkeypatch.setenv("LEVELUP_CACHE_DIR", str(tmp_path / "raw"))
    table = pd.DataFrame({"a": [1, 2]})
    first = core.cached("toy", [("cni_2019", None)], lambda p: table)
    [out] = (tmp_path / "processed").glob("toy-*.parquet")
    out.unlink()
    others = [out.with_suffix(".part"), out.with_name(f"{out.name}.{os.getpid() + 1}.part")]

    def parse_while_the_other_run_finishes(p):
        for other in others:  # the other run, mid-write under the names a run has used or could use
            other.write_bytes(b"half a table")
        table.to_parquet(out, index=False)  # ... and another that has just finished
        return table

    second = core.cached("toy", [("cni_2019", None)], parse_while_the_other_run_finishes)
    pd.testing.assert_frame_equal(second, first)
    assert [o.read_bytes() for o in others] == [b"half a table"] * 2
    pd.testing.assert_frame_equal(pd.read_parquet(out), table)
    assert not list(out.parent.glob(f"{out.name}.{os.getpid()}.part"))


def test_an_interrupted_write_leaves_the_old_file_whole(tmp_path, monkeypatch):
    dest = tmp_path / "nb.ipynb"
    dest.write_text("old")

    def boom(self, target):
        raise KeyboardInterrupt

    monkeypatch.setattr(Path, "replace", boom)
    with pytest.raises(KeyboardInterrupt):
        runner.write_atomically(dest, "new")
    assert dest.read_text() == "old"


#: the command line, its notebooks being the ones in the folder given first (the rest are its arguments)
DRIVER = """import sys
from pathlib import Path
from analysis.tooling import cli, pipeline, runner
folder = Path(sys.argv[1])
runner.all_notebooks = lambda: sorted(folder.glob("0*.ipynb"))
pipeline.STAMPS = folder / "stamps.json"
cli.main(sys.argv[2:])
"""

#: a cell that says its kernel is busy (a file holding the kernel's process id), then works for minutes
BUSY = "import os, pathlib, time\npathlib.Path({marker!r}).write_text(str(os.getpid()))\ntime.sleep(600)"


def _busy_notebooks(folder: Path) -> list[Path]:
    import nbformat

    paths = []
    for stem in ("01_busy", "02_busy"):
        nb = nbformat.v4.new_notebook()
        nb.cells = [nbformat.v4.new_code_cell(BUSY.format(marker=str(folder / f"{stem}.busy")))]
        nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
        nbformat.write(nb, folder / f"{stem}.ipynb")
        paths.append(folder / f"{stem}.ipynb")
    return paths


@pytest.mark.parametrize("command", ["reproduce", "run"])
def test_ctrl_c_stops_at_once_with_one_line_and_exit_130(tmp_path, command):
    """Ctrl-C at the terminal (SIGINT to the command's process group) once every kernel is busy in a cell:
    the command exits 130 within seconds, its last line says what was interrupted, nothing prints a
    traceback (the kernels' own logs do not reach the terminal), no kernel is left running, and the
    stored notebooks are unchanged. Waiting for the kernels to say they are busy, not for a time, makes
    it certain the signal arrives mid-cell."""
    import psutil

    notebooks = _busy_notebooks(tmp_path)
    before = {p: p.read_bytes() for p in notebooks}
    args = ["reproduce", "--force", "-q"] if command == "reproduce" else ["run", str(notebooks[0])]
    busy = [tmp_path / f"{p.stem}.busy" for p in (notebooks if command == "reproduce" else notebooks[:1])]
    proc = subprocess.Popen([sys.executable, "-c", DRIVER, str(tmp_path), *args], cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)},
                            start_new_session=True)
    try:
        deadline = time.monotonic() + 180
        while not all(m.exists() and m.read_text() for m in busy):
            assert proc.poll() is None, proc.communicate()
            assert time.monotonic() < deadline, "the kernels never started their cells"
            time.sleep(0.1)
        kernels = [int(m.read_text()) for m in busy]
        os.killpg(proc.pid, signal.SIGINT)
        sent = time.monotonic()
        out, err = proc.communicate(timeout=60)
        took = time.monotonic() - sent
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    assert proc.returncode == 130, err
    assert took < 10, f"it took {took:.1f}s to stop"
    lines = [line for line in err.splitlines() if line.strip()]
    assert lines[-1].startswith(f"interrupted: {command} stopped;") and "notebooks and results are unchanged" in lines[-1]
    assert [line for line in lines if not line.startswith("[1/1] running ")] == lines[-1:], err
    assert "Traceback" not in out + err and "KeyboardInterrupt" not in out + err
    time.sleep(0.5)
    for pid in kernels:
        assert not psutil.pid_exists(pid) or psutil.Process(pid).status() == psutil.STATUS_ZOMBIE, f"kernel {pid} lives"
    assert {p: p.read_bytes() for p in notebooks} == before
    assert not (tmp_path / "stamps.json").exists()
