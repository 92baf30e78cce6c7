"""The researcher's workbench: JupyterLab on the project (``make lab``) with the project's kernel, and
what a run with parameters leaves for a reader (an HTML report and a diff against the published record)."""

import json
import os
import re
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from toy_study import toy  # noqa: F401 (the fixture)

from analysis import config
from analysis.tooling import cli, pipeline, runner

ROOT = Path(__file__).resolve().parent.parent
KERNEL = "levelling-up-compendium"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str, token: str):
    req = urllib.request.Request(url, headers={"Authorization": f"token {token}"})
    with urllib.request.urlopen(req, timeout=5) as r:
        return json.load(r)


def _make(*targets: str, **variables: str) -> list[str]:
    # the environment the tests run in is already set up: do not let make rebuild the venv
    return ["make", "--no-print-directory", "-o", f"{os.environ.get('VENV', '.venv')}/.installed", *targets,
            *(f"{k}={v}" for k, v in variables.items())]


def test_make_lab_serves_the_notebooks_with_the_project_kernel():
    port, token = _free_port(), "workbench-test-token"
    proc = subprocess.Popen(_make("lab", PORT=str(port), LAB_ARGS=f"--IdentityProvider.token={token}"), cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            assert proc.poll() is None, f"make lab exited:\n{proc.stdout.read().decode()[-3000:]}"
            try:
                _get(f"{base}/api/status", token)
                break
            except OSError:
                assert time.monotonic() < deadline, "JupyterLab did not answer within 120 s"
                time.sleep(1)
        with pytest.raises(urllib.error.HTTPError):  # the token is required
            urllib.request.urlopen(f"{base}/api/contents/notebooks", timeout=5)
        listed = {c["name"] for c in _get(f"{base}/api/contents/notebooks", token)["content"]}
        assert {p.name for p in (ROOT / "notebooks").glob("*.ipynb")} <= listed
        specs = _get(f"{base}/api/kernelspecs", token)
        assert specs["default"] == KERNEL
        env = specs["kernelspecs"][KERNEL]["spec"]["env"]
        assert Path(env["PYTHONPATH"]) == ROOT and Path(env["LEVELUP_CACHE_DIR"]) == config.raw_dir()
        assert "<title>JupyterLab</title>" in _page(f"{base}/lab", token)
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)


def _page(url: str, token: str) -> str:
    req = urllib.request.Request(url, headers={"Authorization": f"token {token}"})
    with urllib.request.urlopen(req, timeout=5) as r:
        return r.read().decode()


def test_the_project_kernel_imports_this_checkout_and_runs_a_notebook_top_to_bottom(tmp_path):
    import nbclient

    subprocess.run(_make("kernel"), cwd=ROOT, check=True, capture_output=True)
    probe = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("import analysis, os\nprint(analysis.__file__)")])
    nbclient.NotebookClient(probe, kernel_name=KERNEL, timeout=120).execute()
    assert Path(probe.cells[0].outputs[0]["text"].strip()) == ROOT / "analysis" / "__init__.py"
    nb = nbformat.read(ROOT / "notebooks" / "03_low_pay.ipynb", as_version=4)  # the defaults, as stored
    nbclient.NotebookClient(nb, kernel_name=KERNEL, timeout=600,
                            resources={"metadata": {"path": str(ROOT / "notebooks")}}).execute()
    assert not [o for c in nb.cells for o in c.get("outputs", []) if o.get("output_type") == "error"]


# ------------------------------------------------------------------ a run with parameters


def test_a_run_with_parameters_leaves_its_html_report_and_claims_diff(toy, tmp_path, monkeypatch, capsys):
    nb, _ = toy
    monkeypatch.setattr(config, "RUNS", tmp_path / "runs")
    cli.main(["run", str(nb), "-p", "k", "3"])
    out = capsys.readouterr().out
    run_dir = tmp_path / "runs" / "01_toy" / runner.slug({"k": 3})
    report, diff_csv = run_dir / "report.html", run_dir / "claims_diff.csv"
    assert report.is_file() and diff_csv.is_file()
    assert f"report:      {report}" in out and f"claims diff: {diff_csv}" in out
    assert re.search(r"^\*\s+toy_k2\s+2.0\s+3\s+differs", out, re.M), out  # the changed claim, marked
    html = report.read_text()
    assert "The toy&#39;s finding" in html or "The toy's finding" in html
    assert "claims.write" not in html and "plt.plot" not in html  # code hidden
    assert re.search(r'<img[^>]+src="data:image/png;base64,', html)  # the figure inline
    assert not re.search(r'<(script|link|img)[^>]+(src|href)="https?:', html)  # nothing from the network
    assert "k = 3" in html and "1 of 2 changed" not in html  # no committed record for a toy: both are new


def test_the_claims_diff_marks_what_changed():
    def ledger(rows):
        return pd.DataFrame(rows, columns=["claim_id", "analysis", "statement", "published", "reproduced", "verdict"])

    record = ledger([("same", "a", "s", "5", "5", "reproduced"), ("value", "a", "s", "0.18", "0.21", "differs"),
                     ("verdict", "a", "s", "0.66", "0.655", "reproduced"), ("gone", "a", "s", "1", "1", "reproduced"),
                     ("other", "b", "s", "9", "9", "reproduced")])
    run = ledger([("same", "a", "s", "5", "5", "reproduced"), ("value", "a", "s", "0.18", "0.25", "differs"),
                  ("verdict", "a", "s", "0.66", "0.6549", "differs"), ("new", "a", "s", "3", "3", "reproduced")])
    d = runner.claims_diff(run, record).set_index("claim_id")
    assert list(d.index) == ["same", "value", "verdict", "new", "gone"]  # not the other analysis's claims
    assert d["changed"].to_dict() == {"same": False, "value": True, "verdict": True, "new": True, "gone": True}
    assert d.loc["value", ["published", "committed", "this_run", "verdict"]].tolist() == ["0.18", "0.21", "0.25",
                                                                                          "differs"]
    assert d.loc["gone", "verdict"] == "not written by this run" and d.loc["new", "committed"] == ""
    assert runner.format_diff(d.reset_index()).splitlines()[2].startswith(" ")  # unchanged rows are not marked


def test_a_sweep_writes_an_html_summary_of_its_grid(toy, tmp_path):
    nb, _ = toy
    df = pipeline.sweep(str(nb), [{"k": 1}, {"k": 2}], out=tmp_path / "sweep", progress=False)
    assert df["toy_k2"].tolist() == [1, 2]
    html = (tmp_path / "sweep" / "summary.html").read_text()
    assert "<h1>Sweep of 01_toy: 2 runs</h1>" in html and html.count("<tr") >= 3
    assert "2 of 2" in html and "1 of 2" not in html  # a toy has no committed record: every claim is new
    for k in (1, 2):
        run_dir = tmp_path / "sweep" / runner.slug({"k": k})
        assert (run_dir / "claims_diff.csv").is_file() and not (run_dir / "report.html").exists()
        assert f'href="{runner.slug({"k": k})}/01_toy.ipynb"' in html
