"""Benchmark the reproduction (run by hand, never by the tests): medians over several runs.

    .venv/bin/python benchmarks/bench.py [--repeat 3] [--sweep-notebook 01_hle_priority]

Reports: the kernel-start floor (a one-cell notebook through papermill), each notebook's run time,
a full reproduction with the environment set up (``reproduce --force``), a no-op reproduction, and
a command-line sweep of 8 runs serial against parallel, with their targets: a no-op reproduction
under 3 s; a full one within 4 x (number of notebooks) x (kernel floor), since it runs each notebook
once (the robustness page computes its specifications in-process, no sweep is part of it); a sweep
speed-up of at least 1.7. Writes ``_build/benchmarks.json``. Run it on an otherwise idle machine.
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

import nbformat

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from analysis import config
from analysis.tooling import pipeline, runner


def timed(fn, repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t)
    return out


def cli(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "analysis", *args], cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--sweep-notebook", default="01_hle_priority")
    args = ap.parse_args()
    res: dict[str, object] = {"cores": os.cpu_count(), "repeat": args.repeat}
    tmp = Path(tempfile.mkdtemp(prefix="levelup-bench-"))
    os.environ["LEVELUP_OUTPUT_DIR"] = str(tmp / "out")  # never touch results/ while timing

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("1 + 1")]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    floor_nb = tmp / "floor.ipynb"
    nbformat.write(nb, floor_nb)
    floor = timed(lambda: runner.run(str(floor_nb), output_dir=tmp / "floor"), args.repeat)
    res["kernel_floor_s"] = statistics.median(floor)

    per_nb = {}
    for p in runner.all_notebooks():
        per_nb[p.stem] = statistics.median(timed(lambda: runner.run(str(p), {}, output_dir=tmp / p.stem), args.repeat))
    res["notebook_s"] = per_nb

    from analysis.tooling.book import build
    res["book_build_s"] = statistics.median(timed(lambda: build(output=tmp / "book"), 1))
    os.environ.pop("LEVELUP_OUTPUT_DIR")
    res["reproduce_full_s"] = statistics.median(timed(lambda: cli("reproduce", "--force", "-q"), args.repeat))
    res["reproduce_noop_s"] = statistics.median(timed(lambda: cli("reproduce", "-q"), args.repeat))
    # the target for a full run: 4 x (number of notebooks) x (kernel floor); `reproduce --force` runs
    # each notebook once and no sweep
    res["notebooks"] = len(per_nb)
    res["reproduce_full_target_s"] = 4 * len(per_nb) * res["kernel_floor_s"]
    res["reproduce_full_over_floor"] = res["reproduce_full_s"] / res["kernel_floor_s"]

    grid_file = pipeline.GRIDS / f"{args.sweep_notebook}.yml"
    if grid_file.exists():
        grid = pipeline.read_grid(grid_file)[:8]
        os.environ["LEVELUP_OUTPUT_DIR"] = str(tmp / "out")
        with ProcessPoolExecutor(max_workers=1) as ex:
            serial = timed(lambda: pipeline.sweep(args.sweep_notebook, grid, executor=ex, out=tmp / "s1",
                                                  progress=False), 1)[0]
        with ProcessPoolExecutor(max_workers=os.cpu_count()) as ex:
            parallel = timed(lambda: pipeline.sweep(args.sweep_notebook, grid, executor=ex, out=tmp / "s2",
                                                    progress=False), 1)[0]
        res["sweep"] = {"runs": len(grid), "serial_s": serial, "parallel_s": parallel, "speedup": serial / parallel}

    print(json.dumps(res, indent=1))
    out = config.ROOT / "_build" / "benchmarks.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(res, indent=1) + "\n")
    print("targets: no-op < 3 s:", res["reproduce_noop_s"] < 3,
          f"| full {res['reproduce_full_s']:.1f}s = {res['reproduce_full_over_floor']:.1f} x floor "
          f"<= 4 x {res['notebooks']} x floor = {res['reproduce_full_target_s']:.1f}s:",
          res["reproduce_full_s"] <= res["reproduce_full_target_s"],
          "| sweep speed-up >= 1.7:", res.get("sweep", {}).get("speedup", 0) >= 1.7)


if __name__ == "__main__":
    main()
