"""Command line: ``python -m analysis {data,run,book,reproduce,sweep,test}``."""

from __future__ import annotations

import argparse
import subprocess
import sys
import time

from analysis import config
from analysis.errors import CompendiumError


def _params(pairs: list[list[str]] | None) -> dict:
    return {k: v for k, v in (pairs or [])}


def cmd_data(args) -> None:
    from analysis.data.fetch import fetch_all

    paths = fetch_all(progress=not args.quiet)
    print(f"{len(paths)} raw files present and verified in {config.raw_dir()}")


def cmd_run(args) -> None:
    import pandas as pd

    from analysis.ledger import claims
    from analysis.tooling import runner

    names = args.notebooks or [p.stem for p in runner.all_notebooks()]
    params = _params(args.param)
    if params and len(names) != 1:
        raise CompendiumError("-p applies to one notebook: name the notebook to run with parameters")
    for name in names:  # refuse a wrong notebook or parameter before anything says it is running
        runner.validate_parameters(runner.notebook_path(name), params)
    for i, name in enumerate(names, 1):
        t = time.perf_counter()
        print(f"[{i}/{len(names)}] running {name} ...", file=sys.stderr, flush=True)
        out = runner.run(name, params)
        print(f"[{i}/{len(names)}] {name} done in {time.perf_counter() - t:.1f}s -> {_shown(out)}",
              file=sys.stderr, flush=True)
    if not params:
        claims.combine(config.ROOT / "results")
        return
    diff = pd.read_csv(out.parent / "claims_diff.csv", dtype=str, keep_default_na=False)
    diff["changed"] = diff["changed"] == "True"
    print(f"claims against the published record ({int(diff['changed'].sum())} of {len(diff)} changed, marked *):")
    print(runner.format_diff(diff))
    print(f"claims diff: {_shown(out.parent / 'claims_diff.csv')}")
    print(f"report:      {_shown(out.parent / 'report.html')}")


def _shown(path):
    """A path relative to the project when it is inside it."""
    try:
        return path.relative_to(config.ROOT)
    except ValueError:
        return path


def cmd_book(args) -> None:
    from analysis.tooling.book import build

    html = build()
    print(f"book built: {html}/index.html")


def cmd_reproduce(args) -> None:
    from analysis.tooling import pipeline
    from analysis.tooling.book import book_is_current, build

    t0 = time.perf_counter()
    cmd_data(args)
    ran = pipeline.run_stale(force=args.force, progress=not args.quiet)
    print(f"notebooks re-run: {', '.join(ran) if ran else 'none (inputs unchanged)'}", file=sys.stderr)
    if not args.force and not ran and book_is_current():
        print("book: up to date", file=sys.stderr)
    else:
        html = build()
        print(f"book built: {html}/index.html", file=sys.stderr)
    print(f"reproduce finished in {time.perf_counter() - t0:.1f}s", file=sys.stderr)


def cmd_sweep(args) -> None:
    from analysis.tooling import pipeline

    grid = pipeline.read_grid(args.grid)
    if args.scheduler:
        with pipeline.dask_executor(args.scheduler) as ex:
            df = pipeline.sweep(args.notebook, grid, executor=ex, progress=not args.quiet)
    else:
        df = pipeline.sweep(args.notebook, grid, progress=not args.quiet)
    out = pipeline.SWEEPS / runner_stem(args.notebook)
    print(f"{len(df)} runs; summary: {_shown(out / 'summary.csv')}; report: {_shown(out / 'summary.html')}")


def runner_stem(name: str) -> str:
    from analysis.tooling import runner

    return runner.notebook_path(name).stem


def cmd_test(args) -> None:
    cmd_data(args)
    sys.exit(subprocess.call([sys.executable, "-m", "pytest", *args.pytest_args], cwd=config.ROOT))


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(prog="python -m analysis", description=__doc__)
    sub = ap.add_subparsers(dest="command", required=True)
    p = sub.add_parser("data", help="fetch and verify every raw file")
    p.add_argument("-q", "--quiet", action="store_true")
    p.set_defaults(func=cmd_data)
    p = sub.add_parser("run", help="run notebooks through papermill")
    p.add_argument("notebooks", nargs="*", help="notebook names (default: all)")
    p.add_argument("-p", "--param", nargs=2, action="append", metavar=("NAME", "VALUE"),
                   help="a parameter (repeatable); the run is written under _build/runs/")
    p.set_defaults(func=cmd_run)
    p = sub.add_parser("book", help="build the HTML book into _build/html")
    p.set_defaults(func=cmd_book)
    p = sub.add_parser("reproduce", help="data + run the notebooks whose inputs changed + book")
    p.add_argument("-q", "--quiet", action="store_true")
    p.add_argument("--force", action="store_true", help="re-run every notebook and rebuild the book")
    p.set_defaults(func=cmd_reproduce)
    p = sub.add_parser("sweep", help="run one notebook over a grid of parameters, in parallel (locally or on Dask)")
    p.add_argument("notebook")
    p.add_argument("--grid", required=True, help="YAML file: parameters: {name: [values]}")
    p.add_argument("--scheduler", metavar="ADDRESS",
                   help="run on the Dask cluster whose scheduler is at ADDRESS (e.g. tcp://127.0.0.1:8786)")
    p.add_argument("-q", "--quiet", action="store_true")
    p.set_defaults(func=cmd_sweep)
    p = sub.add_parser("test", help="data + the test suite (extra arguments go to pytest)")
    p.add_argument("-q", "--quiet", action="store_true")
    p.add_argument("pytest_args", nargs=argparse.REMAINDER)
    p.set_defaults(func=cmd_test)
    args = ap.parse_args(argv)
    try:
        args.func(args)
    except CompendiumError as exc:
        print(f"error: {exc}", file=sys.stderr)
        sys.exit(1)
    except KeyboardInterrupt:
        kept = "; the finished runs are kept: the same sweep again resumes" if args.command == "sweep" else ""
        print(f"\ninterrupted: {args.command} stopped; the runs still going were stopped and their stored "
              f"notebooks and results are unchanged{kept}", file=sys.stderr)
        sys.exit(130)
