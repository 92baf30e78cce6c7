"""Shared test set-up, for ``pytest``, ``pytest tests/`` and ``pytest notebooks/`` alike.

Notebook runs made by the tests (nbval, runner tests) write their results to a temporary folder, so
the test suite never rewrites the committed record in ``results/``. The book is built once per test
run, or not at all when the one in ``_build/html`` is current (``book_html``), and shared by the book
and browser tests.
"""

import os
import tempfile
from pathlib import Path

import pytest

_OUT = Path(tempfile.mkdtemp(prefix="levelup-test-output-"))
os.environ["LEVELUP_OUTPUT_DIR"] = str(_OUT)  # inherited by the kernels nbval starts

ROOT = Path(__file__).resolve().parent


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture
def isolated_cache(tmp_path, monkeypatch):
    """A throw-away raw/processed cache, so a test cannot disturb the real one."""
    monkeypatch.setenv("LEVELUP_CACHE_DIR", str(tmp_path / "raw"))
    return tmp_path / "raw"


@pytest.fixture(scope="session")
def book_html() -> Path:
    """The book, built once per test run and shared by the book and browser tests: the repository's
    ``_build/html`` when it was built from exactly the current pages, configuration and commit (as
    ``reproduce`` leaves it: ``analysis.tooling.book.book_is_current``), else built there now."""
    from analysis import config
    from analysis.tooling.book import book_is_current, build

    if book_is_current():
        return config.ROOT / "_build" / "html"
    return build()
