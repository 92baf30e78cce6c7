"""The repository stands on its own, and its tests never rewrite the published record.

- No tracked file cites a document outside the repository (the data workshop's per-dataset source
  notes and its analyses spec, or anything in the workshop folder beside it): what a page, test or
  ledger row relies on is written into the repository itself (dataset notes live in the registry's
  ``caveats``).
- ``pytest notebooks/`` on its own (nbval re-executing a notebook that writes claims) leaves
  ``results/`` untouched: the root ``conftest.py`` points every kernel at a temporary output folder.
"""

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import nbformat

from analysis import config

ROOT = Path(__file__).resolve().parent.parent
#: the names of the notes outside the repository, spelled in parts so that this file does not cite them
OUTSIDE = ("SOURCE" + ".md", "ANALYSES" + ".md", "../" + "shared")


def _tracked() -> list[Path]:
    out = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout
    return [ROOT / p for p in out.decode().split("\0") if p]


def test_no_tracked_file_cites_a_document_outside_the_repository():
    needles = [n.encode() for n in OUTSIDE]
    hits = []
    for path in _tracked():
        if not path.is_file():
            continue
        data = path.read_bytes()
        for n in needles:
            if n in data:
                line = data[:data.index(n)].count(b"\n") + 1
                hits.append(f"{path.relative_to(ROOT)}:{line}: {n.decode()}")
    assert not hits, "cites a file outside the repository:\n  " + "\n  ".join(hits)


def test_this_session_writes_results_to_a_temporary_folder():
    out = Path(os.environ["LEVELUP_OUTPUT_DIR"]).resolve()
    assert config.output_dir() == out
    assert out != (ROOT / "results").resolve() and ROOT not in out.parents


def _tree_digest(folder: Path) -> str:
    h = hashlib.sha256()
    for p in sorted(folder.rglob("*")):
        if p.is_file():
            h.update(str(p.relative_to(folder)).encode() + b"\0" + p.read_bytes())
    return h.hexdigest()


def test_pytest_on_a_notebook_folder_leaves_results_untouched(tmp_path):
    """nbval on a toy notebook that writes a claim, with the repository's conftest: nothing lands in
    ``results/``; the claim lands in the temporary folder instead."""
    (tmp_path / "conftest.py").write_text((ROOT / "conftest.py").read_text())
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(
        "import os\nfrom analysis.ledger import claims\nfrom analysis.ledger.documents import Document\n"
        "one = claims.Claim('toy_one', Document('toy', 'a toy'), 'nowhere', 'one is one', 1, 'count')\n"
        "claims.write(claims.ledger([one.row('toy', 1)]), 'toy')\n"
        f"open({str(tmp_path / 'where.txt')!r}, 'w').write(os.environ['LEVELUP_OUTPUT_DIR'])")]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, tmp_path / "toy.ipynb")
    before = _tree_digest(ROOT / "results")
    env = {k: v for k, v in os.environ.items() if k != "LEVELUP_OUTPUT_DIR"}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    proc = subprocess.run([sys.executable, "-m", "pytest", "--nbval-lax", "-p", "no:cacheprovider", "-q",
                           "--rootdir", str(tmp_path), str(tmp_path / "toy.ipynb")],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert _tree_digest(ROOT / "results") == before
    assert not (ROOT / "results" / "claims" / "toy.csv").exists()
    out = Path((tmp_path / "where.txt").read_text())
    assert out.name.startswith("levelup-test-output-") and (out / "claims" / "toy.csv").is_file()
