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
from analysis.tooling import book, pipeline


def _toy(path: Path, body: str = "x = 1") -> Path:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(body)]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)
    return path


@pytest.fixture
def tree(tmp_path, monkeypatch):
    """A repository in miniature: two analyses, one report, a package with result code and tooling."""
    root = tmp_path / "repo"
    for part in pipeline.RESULT_CODE:
        p = root / "analysis" / part
        (p / "m.py" if not part.endswith(".py") else p).parent.mkdir(parents=True, exist_ok=True)
        (p / "m.py" if not part.endswith(".py") else p).write_text(f"# {part}\n")
    (root / "analysis" / "tooling").mkdir(parents=True)
    (root / "analysis" / "tooling" / "cli.py").write_text("# the command line\n")
    (root / "data" / "published").mkdir(parents=True)
    (root / "data" / "published" / "table.csv").write_text("a\n1\n")
    (root / "results").mkdir()
    for name in ("01_a", "02_b", "90_report"):
        _toy(root / "notebooks" / f"{name}.ipynb")
    monkeypatch.setattr(config, "ROOT", root)
    monkeypatch.setattr(config, "NOTEBOOKS", root / "notebooks")
    monkeypatch.setattr(pipeline, "STAMPS", root / "_build" / "stamps.json")
    monkeypatch.setattr(pipeline, "GRIDS", root / "none", raising=False)  # no default sweeps here
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
        return pipeline.run_stale(executor=ex, progress=False, **kw)


def test_first_run_runs_everything_analyses_before_reports(tree, recorder):
    calls, _ = recorder
    ran = _run()
    assert sorted(ran) == ["01_a", "02_b", "90_report"]
    assert calls[-1] == "90_report" and set(calls[:2]) == {"01_a", "02_b"}


def test_a_matching_stamp_skips(tree, recorder):
    calls, _ = recorder
    _run()
    calls.clear()
    assert _run() == [] and calls == []


def test_a_changed_notebook_reruns_only_itself_and_the_reports(tree, recorder):
    calls, _ = recorder
    _run()
    calls.clear()
    _toy(tree / "notebooks" / "02_b.ipynb", "x = 2")
    assert _run() == ["02_b"]  # the report depends on the claims, which the recorder does not change


def test_result_code_reruns_everything_but_tooling_reruns_nothing(tree, recorder):
    calls, _ = recorder
    _run()
    calls.clear()
    (tree / "analysis" / "tooling" / "cli.py").write_text("# the command line, edited\n")
    assert _run() == [] and calls == []
    (tree / "analysis" / "studies" / "m.py").write_text("# a study, edited\n")
    assert sorted(_run()) == ["01_a", "02_b", "90_report"]


def test_changed_published_tables_and_claims_rerun(tree, recorder):
    calls, _ = recorder
    _run()
    (tree / "data" / "published" / "table.csv").write_text("a\n2\n")
    assert sorted(_run()) == ["01_a", "02_b", "90_report"]
    (tree / "results" / "claims.csv").write_text("claim_id\nnew\n")
    assert _run() == ["90_report"]


def test_a_failed_run_leaves_no_stamp(tree, recorder):
    calls, fail = recorder
    fail.add("02_b")
    with pytest.raises(CompendiumError, match="notebook 02_b failed"):
        _run()
    stamps = pipeline._load_stamps()
    assert "01_a" in stamps and "02_b" not in stamps
    assert "90_report" not in calls, "reports must not run on top of a failed analysis"
    fail.clear()
    calls.clear()
    assert sorted(_run()) == ["02_b", "90_report"]


def test_parameters_change_the_stamp(tree):
    nb = tree / "notebooks" / "01_a.ipynb"
    assert pipeline.input_hash(nb, {"k": 1}, "base") != pipeline.input_hash(nb, None, "base")


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
