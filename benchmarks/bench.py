"""Benchmark the reproduction and the test suite (run by hand, never by the tests): medians over runs.

    .venv/bin/python benchmarks/bench.py [--repeat 3] [--notebooks] [--sweep 01_hle_priority]

Reports, in this order:

- the kernel floor: a one-cell notebook through papermill (what every notebook run pays at least);
- a forced full reproduction (``reproduce --force``: every notebook once, then the book);
- a no-op reproduction (``reproduce`` with nothing stale), target under 1 s;
- the test suite as ``make test`` runs it once the environment is set up (``python -m analysis test``),
  right after the reproduction, and its ratio to the full reproduction, target at most 3.5;
- with ``--notebooks``, each notebook's own time; with ``--sweep NOTEBOOK``, 8 runs of its example grid
  serial against parallel.

Writes ``_build/benchmarks.json``, with the machine's load average before and after: on a shared
machine the timings are under whatever else is running.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from analysis import config  # noqa: E402
from analysis.tooling import pipeline, runner  # noqa: E402

NOOP_TARGET_S = 1.0
TEST_RATIO_TARGET = 3.5


def timed(fn, repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t)
    return out


def cli(*args: str, check: bool = True) -> int:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    return subprocess.run([sys.executable, "-m", "analysis", *args], cwd=ROOT, check=check, env=env,
                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode


def floor_notebook(folder: Path) -> Path:
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("1 + 1")]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    path = folder / "floor.ipynb"
    nbformat.write(nb, path)
    return path


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repeat", type=int, default=3, help="runs of each timing (the test suite runs once)")
    ap.add_argument("--notebooks", action="store_true", help="also time each notebook on its own")
    ap.add_argument("--sweep", metavar="NOTEBOOK", help="also time 8 runs of NOTEBOOK's example grid")
    args = ap.parse_args()
    res: dict[str, object] = {"cores": os.cpu_count(), "repeat": args.repeat, "load_before": os.getloadavg()}
    tmp = Path(tempfile.mkdtemp(prefix="levelup-bench-"))

    floor_nb = floor_notebook(tmp)
    runner.run(str(floor_nb), output_dir=tmp / "floor")  # once to import papermill: the floor is the kernel's
    res["kernel_floor_s"] = statistics.median(timed(lambda: runner.run(str(floor_nb), output_dir=tmp / "floor"),
                                                    args.repeat))
    print(f"kernel floor: {res['kernel_floor_s']:.2f}s", flush=True)

    res["reproduce_full_s"] = statistics.median(timed(lambda: cli("reproduce", "--force", "-q"), args.repeat))
    print(f"full reproduction: {res['reproduce_full_s']:.1f}s", flush=True)
    res["reproduce_noop_s"] = statistics.median(timed(lambda: cli("reproduce", "-q"), max(5, args.repeat)))
    print(f"no-op reproduction: {res['reproduce_noop_s']:.2f}s", flush=True)

    t = time.perf_counter()
    res["test_exit_code"] = cli("test", "-q", check=False)
    res["test_s"] = time.perf_counter() - t
    res["test_over_full"] = res["test_s"] / res["reproduce_full_s"]
    print(f"test suite: {res['test_s']:.1f}s (exit {res['test_exit_code']}), "
          f"{res['test_over_full']:.2f} x the full reproduction", flush=True)

    notebooks = runner.all_notebooks()
    res["notebooks"] = len(notebooks)
    res["reproduce_full_over_floor"] = res["reproduce_full_s"] / res["kernel_floor_s"]
    if args.notebooks:
        os.environ["LEVELUP_OUTPUT_DIR"] = str(tmp / "out")  # never touch results/ while timing
        res["notebook_s"] = {p.stem: statistics.median(timed(lambda: runner.run(str(p), {}, output_dir=tmp / p.stem),
                                                             args.repeat)) for p in notebooks}
    grid_file = pipeline.GRIDS / f"{args.sweep}.yml" if args.sweep else None
    if grid_file and grid_file.exists():
        grid = pipeline.read_grid(grid_file)[:8]
        with ProcessPoolExecutor(max_workers=1) as ex:
            serial = timed(lambda: pipeline.sweep(args.sweep, grid, executor=ex, out=tmp / "s1", progress=False), 1)[0]
        with ProcessPoolExecutor(max_workers=os.cpu_count()) as ex:
            parallel = timed(lambda: pipeline.sweep(args.sweep, grid, executor=ex, out=tmp / "s2", progress=False), 1)[0]
        res["sweep"] = {"runs": len(grid), "serial_s": serial, "parallel_s": parallel, "speedup": serial / parallel}
    res["load_after"] = os.getloadavg()

    print(json.dumps(res, indent=1))
    out = config.ROOT / "_build" / "benchmarks.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(res, indent=1) + "\n")
    print(f"targets: no-op {res['reproduce_noop_s']:.2f}s < {NOOP_TARGET_S:g}s: {res['reproduce_noop_s'] < NOOP_TARGET_S}"
          f" | test suite {res['test_over_full']:.2f} x full <= {TEST_RATIO_TARGET:g}: "
          f"{res['test_over_full'] <= TEST_RATIO_TARGET} | full = {res['reproduce_full_over_floor']:.1f} x floor"
          f" ({res['notebooks']} notebooks) | load average {res['load_before'][0]:.1f} before, "
          f"{res['load_after'][0]:.1f} after (2 cores shared: timings are under that load)")


if __name__ == "__main__":
    main()
