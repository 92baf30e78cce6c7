"""Shared test set-up, for ``pytest``, ``pytest tests/`` and ``pytest notebooks/`` alike.

Notebook runs made by the tests (nbval, runner tests) write their results to a temporary folder, so
the test suite never rewrites the committed record in ``results/``. The book is built once per test
run, or not at all when the one in ``_build/html`` is current (``book_html``), and shared by the book
and browser tests. The suite runs on every core (pytest-xdist, ``-n logical``; ``-n 0`` runs it in one
process): a test file to a worker, and the notebooks' folder whole to one (``NotebooksTogether``).
"""

import os
import tempfile
from pathlib import Path

import pytest

_OUT = Path(tempfile.mkdtemp(prefix="levelup-test-output-"))
os.environ["LEVELUP_OUTPUT_DIR"] = str(_OUT)  # inherited by the kernels nbval starts

ROOT = Path(__file__).resolve().parent


@pytest.hookimpl(optionalhook=True)  # a hook of pytest-xdist's: nothing to do when it is not loaded
def pytest_xdist_make_scheduler(config, log):
    from xdist.scheduler import LoadScopeScheduling

    class NotebooksTogether(LoadScopeScheduling):
        """A test file to a worker, as ``--dist loadfile``, but every item under ``notebooks/`` to one: each
        notebook's cells run in order in one kernel, and ``notebooks/test_claims_record.py`` compares
        what those runs wrote, so it must run after them, in the same process."""

        def _split_scope(self, nodeid: str) -> str:
            path = nodeid.split("::", 1)[0]
            return "notebooks" if path.startswith("notebooks/") else path

    return NotebooksTogether(config, log)


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
    ``reproduce`` leaves it: ``analysis.tooling.book.book_is_current``), else built there now. The test
    workers (``pytest -n``) each ask for it: the first builds it, the others wait for it and use it."""
    import fcntl

    from analysis import config
    from analysis.tooling.book import book_is_current, build

    lock = config.ROOT / "_build" / ".book.lock"
    lock.parent.mkdir(exist_ok=True)
    with lock.open("w") as held:
        fcntl.flock(held, fcntl.LOCK_EX)  # released when the file closes
        if book_is_current():
            return config.ROOT / "_build" / "html"
        return build()
