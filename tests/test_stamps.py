"""The machinery that decides what is re-run: stamps, order, and when the book is rebuilt.

Everything runs on a temporary tree of toy notebooks with ``pipeline._run_one`` replaced by a recorder,
so no real notebook executes. The real hash functions are used throughout.
"""

import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat
import pytest

from analysis import config
from analysis.errors import CompendiumError, NotebookError
from analysis.tooling import book, pipeline, stamps


def _toy(path: Path, body: str = "x = 1") -> Path:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(body)]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)
    return path


#: a package in miniature: shared code, two studies (one using the shared code), the registry, tooling
PACKAGE = {
    "__init__.py": "", "config.py": "",
    "data/__init__.py": "", "data/loaders.py": "# shared: read a file\n",
    "ledger/__init__.py": "", "ledger/claims.py": "# shared: the ledger\n",
    "studies/__init__.py": "", "studies/study.py": "# the Study class\n",
    "studies/registry.py": "from analysis.studies.study import Study\n",
    "studies/a/__init__.py": "from analysis.studies.study import Study\n",
    "studies/a/compute.py": "from analysis.data import loaders\n",
    "studies/b/__init__.py": "from analysis.studies.study import Study\n",
    "studies/b/compute.py": "from analysis.ledger import claims\n",
    "tooling/__init__.py": "", "tooling/cli.py": "# the command line\n",
}
#: the pages: two analyses, each importing its own study; a report on the ledger; a page on every study
PAGES = {"01_a": "from analysis.studies.a import STUDY", "02_b": "from analysis.studies.b import STUDY",
         "90_report": "from analysis.ledger import claims", "91_all": "from analysis.studies import registry"}


@pytest.fixture
def tree(tmp_path, monkeypatch):
    root = tmp_path / "repo"
    for rel, text in PACKAGE.items():
        (root / "analysis" / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / "analysis" / rel).write_text(text)
    (root / "data" / "published").mkdir(parents=True)
    (root / "data" / "published" / "table.csv").write_text("a\n1\n")
    (root / "data" / "sources.yml").write_text("files: []\n")
    (root / "results").mkdir()
    for name, body in PAGES.items():
        _toy(root / "notebooks" / f"{name}.ipynb", body)
    monkeypatch.setattr(config, "ROOT", root)
    monkeypatch.setattr(config, "NOTEBOOKS", root / "notebooks")
    monkeypatch.setattr(pipeline, "STAMPS", root / "_build" / "stamps.json")
    monkeypatch.setattr("analysis.ledger.claims.combine", lambda *a, **k: None)
    return root


@pytest.fixture
def recorder(monkeypatch):
    """Replace the notebook run: record the order, fail the notebooks listed in ``fail``."""
    calls, fail, lock = [], set(), threading.Lock()

    def run_one(name, params=None, output_dir=None):
        stem = Path(name).stem
        with lock:
            calls.append(stem)
        if stem in fail:
            raise NotebookError(f"notebook {stem} failed in cell 0")
        return name

    monkeypatch.setattr(pipeline, "_run_one", run_one)
    return calls, fail


def _run(**kw):
    with ThreadPoolExecutor(max_workers=2) as ex:
        return sorted(pipeline.run_stale(executor=ex, progress=False, **kw))


def _edit(tree: Path, rel: str) -> None:
    path = tree / rel
    path.write_text(path.read_text() + "# edited\n")


def test_first_run_runs_everything_analyses_before_reports(tree, recorder):
    calls, _ = recorder
    assert _run() == ["01_a", "02_b", "90_report", "91_all"]
    assert set(calls[-2:]) == {"90_report", "91_all"} and set(calls[:2]) == {"01_a", "02_b"}


def test_a_matching_stamp_skips(tree, recorder):
    calls, _ = recorder
    _run()
    calls.clear()
    assert _run() == [] and calls == []


def test_a_changed_notebook_reruns_only_itself(tree, recorder):
    _run()
    _toy(tree / "notebooks" / "02_b.ipynb", "from analysis.studies.b import STUDY\nx = 2")
    assert _run() == ["02_b"]  # the reports depend on the claims, which the recorder does not change


def test_a_study_reruns_its_own_page_and_the_pages_that_read_every_study(tree, recorder):
    _run()
    _edit(tree, "analysis/studies/a/compute.py")
    assert _run() == ["01_a", "91_all"]
    _edit(tree, "analysis/studies/b/__init__.py")
    assert _run() == ["02_b", "91_all"]


def test_shared_code_reruns_what_imports_it(tree, recorder):
    _run()
    _edit(tree, "analysis/data/loaders.py")  # imported by study a only
    assert _run() == ["01_a", "91_all"]
    _edit(tree, "analysis/ledger/claims.py")  # imported by study b and the report
    assert _run() == ["02_b", "90_report", "91_all"]
    _edit(tree, "analysis/studies/study.py")  # every study declares itself with it
    assert _run() == ["01_a", "02_b", "91_all"]


def test_tooling_reruns_nothing(tree, recorder):
    calls, _ = recorder
    _run()
    calls.clear()
    _edit(tree, "analysis/tooling/cli.py")
    assert _run() == [] and calls == []


def test_the_registry_published_tables_and_claims_rerun(tree, recorder):
    _run()
    (tree / "data" / "published" / "table.csv").write_text("a\n2\n")
    assert _run() == ["01_a", "02_b", "90_report", "91_all"]
    (tree / "data" / "sources.yml").write_text("files: [] # a new checksum\n")
    assert _run() == ["01_a", "02_b", "90_report", "91_all"]
    (tree / "results" / "claims.csv").write_text("claim_id\nnew\n")
    assert _run() == ["90_report", "91_all"]


def test_a_failed_run_leaves_no_stamp(tree, recorder):
    calls, fail = recorder
    fail.add("02_b")
    with pytest.raises(CompendiumError, match="notebook 02_b failed"):
        _run()
    done = pipeline._load_stamps()
    assert "01_a" in done and "02_b" not in done
    assert "90_report" not in calls, "reports must not run on top of a failed analysis"
    fail.clear()
    calls.clear()
    assert _run() == ["02_b", "90_report", "91_all"]


def test_parameters_change_the_stamp(tree):
    nb = tree / "notebooks" / "01_a.ipynb"
    assert pipeline.input_hash(nb, {"k": 1}) != pipeline.input_hash(nb, None)


def test_deciding_what_is_stale_reads_no_notebook_library(tree):
    """The stamps read notebooks as JSON and code with ast: nbformat, pandas and kernels stay unloaded."""
    import ast
    imported = {n.names[0].name.split(".")[0] if isinstance(n, ast.Import) else (n.module or "").split(".")[0]
                for n in ast.walk(ast.parse(Path(stamps.__file__).read_text()))
                if isinstance(n, (ast.Import, ast.ImportFrom))}
    assert imported <= {"__future__", "ast", "hashlib", "json", "re", "functools", "pathlib", "analysis"}


# ------------------------------------------------------------------ the book


@pytest.fixture
def book_tree(tree, monkeypatch):
    (tree / "_config.yml").write_text("title: toy\n")
    (tree / "_toc.yml").write_text("root: book/intro\n")
    (tree / "book").mkdir()
    (tree / "book" / "intro.md").write_text("# Intro\n")
    # the commit is an input of the colophon page; held fixed so the test sees the files alone
    monkeypatch.setattr(book, "git_commit", lambda: "0" * 40)
    monkeypatch.setattr(book, "BOOK_STAMP", tree / "_build" / "book.stamp")
    return tree


def test_book_hash_changes_with_a_page_or_a_stored_notebook_not_with_tooling(book_tree):
    h = book.book_inputs_hash()
    (book_tree / "analysis" / "tooling" / "cli.py").write_text("# edited\n")
    (book_tree / "analysis" / "tooling" / "book.py").write_text("# edited\n")
    assert book.book_inputs_hash() == h
    (book_tree / "book" / "intro.md").write_text("# Intro, edited\n")
    h2 = book.book_inputs_hash()
    assert h2 != h
    nb = nbformat.read(book_tree / "notebooks" / "01_a.ipynb", as_version=4)
    nb.cells[0].outputs = [nbformat.v4.new_output("stream", text="a new stored output")]
    nbformat.write(nb, book_tree / "notebooks" / "01_a.ipynb")
    assert book.book_inputs_hash() != h2


def test_book_is_current_only_with_html_and_a_matching_stamp(book_tree):
    assert not book.book_is_current()
    (book_tree / "_build" / "html").mkdir(parents=True)
    (book_tree / "_build" / "html" / "index.html").write_text("<html></html>")
    book.BOOK_STAMP.write_text(book.book_inputs_hash())
    assert book.book_is_current()
    (book_tree / "_toc.yml").write_text("root: book/other\n")
    assert not book.book_is_current()
