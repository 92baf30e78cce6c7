"""The built book has a page for every toc entry, with every glued number resolved."""

import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent


def _toc_files():
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    files = [toc["root"]]
    for part in toc.get("parts", []):
        for ch in part.get("chapters", []):
            files.append(ch["file"])
            files += [s["file"] for s in ch.get("sections", [])]
    return files


@pytest.fixture(scope="module")
def html(book_html):
    return book_html


def test_every_toc_entry_has_a_page(html):
    for f in _toc_files():
        page = html / f"{f}.html"
        assert page.is_file(), f"missing page {page}"


def test_pages_hold_no_unresolved_glue_or_tracebacks(html):
    for f in _toc_files():
        text = (html / f"{f}.html").read_text(encoding="utf-8")
        assert "{glue" not in text and "Traceback (most recent call last)" not in text, f
        assert not re.search(r"<span class=\"pasted-text\">\s*</span>", text), f"empty glue in {f}"


def test_data_page_shows_the_registry_and_referendum_totals(html):
    text = (html / "notebooks/00_data.html").read_text(encoding="utf-8")
    assert "17,410,742" in text and "16,141,241" in text
    assert "eu_referendum_2016" in text and "23baf2fb9904" in text


def test_colophon_names_the_commit(html):
    text = (html / "book/colophon.html").read_text(encoding="utf-8")
    assert re.search(r"git commit <code[^>]*><span class=\"pre\">[0-9a-f]{40}", text) or "not a git checkout" in text


# ------------------------------------------------------------------ only the toc's files are read


def _ext():
    import importlib.util

    spec = importlib.util.spec_from_file_location("toc_only", ROOT / "book" / "_ext" / "toc_only.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


STRAYS = [".github/PULL_REQUEST_TEMPLATE.md", ".pytest_cache/README.md", "notes/draft.md", "README.md"]


def _mini_book(root: Path, with_extension: bool) -> None:
    import shutil

    (root / "book").mkdir(parents=True)
    (root / "book" / "intro.md").write_text("# Intro\n\nThe only page.\n")
    (root / "_toc.yml").write_text("format: jb-book\nroot: book/intro\n")
    config = {"title": "mini", "only_build_toc_files": True, "execute": {"execute_notebooks": "off"}}
    if with_extension:
        shutil.copytree(ROOT / "book" / "_ext", root / "book" / "_ext", ignore=shutil.ignore_patterns("__pycache__"))
        config["sphinx"] = {"local_extensions": {"toc_only": "book/_ext"}}
    (root / "_config.yml").write_text(yaml.safe_dump(config))
    for stray in STRAYS:
        (root / stray).parent.mkdir(parents=True, exist_ok=True)
        (root / stray).write_text("# A stray page\n\nNot in the toc.\n")


def test_stray_sources_are_every_source_the_toc_does_not_list(tmp_path):
    _mini_book(tmp_path, with_extension=True)
    (tmp_path / "_build").mkdir()
    (tmp_path / "_build" / "old.md").write_text("# built\n")
    assert _ext().stray_sources(tmp_path) == ["README.md", "notes/draft.md"]  # hidden folders are excluded whole
    assert _ext().toc_files(ROOT) >= {"book/intro", "notebooks/90_report", "notebooks/92_your_area"}


@pytest.mark.book
@pytest.mark.parametrize("with_extension", [True, False], ids=["toc_only", "without"])
def test_a_stray_markdown_file_changes_nothing(tmp_path, with_extension):
    """With the extension the strict build ignores stray Markdown (in hidden folders too); without it,
    the same book fails, so the test can tell the difference."""
    import subprocess
    import sys

    _mini_book(tmp_path, with_extension)
    jb = str(Path(sys.executable).parent / "jupyter-book")
    proc = subprocess.run([jb, "build", str(tmp_path), "-W", "-n", "--keep-going"], capture_output=True, text=True)
    html = tmp_path / "_build" / "html"
    if with_extension:
        assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
        assert sorted(p.relative_to(html).as_posix() for p in html.rglob("*.html") if not p.relative_to(html)
                      .parts[0].startswith("_") and p.name not in ("genindex.html", "search.html")) == \
            ["book/intro.html", "index.html"]
    else:
        assert proc.returncode != 0 and "isn't included in any toctree" in proc.stdout + proc.stderr


def test_the_book_has_no_page_outside_the_toc(html):
    pages = {p.relative_to(html).with_suffix("").as_posix() for p in html.rglob("*.html")
             if not p.relative_to(html).parts[0].startswith("_")}
    extra = pages - set(re.sub(r"\.(md|ipynb)$", "", f) for f in _toc_files()) - {"index", "genindex", "search"}
    assert not extra, f"pages built from files the toc does not list: {sorted(extra)}"


# ------------------------------------------------------- a Markdown page glues from the notebooks


def glued_from_notebooks(text: str) -> set[tuple[str, str]]:
    """The (notebook, key) pairs a Markdown page glues from other documents: MyST-NB's
    ``{glue:text}`<path>::<key>:<format>``` roles and ``{glue} <key>`` directives with ``:doc: <path>``."""
    roles = re.findall(r"\{glue(?::\w+)?\}`([^`:]+\.ipynb)::(\w+)(?::[^`]*)?`", text)
    blocks = re.findall(r"```\{glue\}\s+(\w+)\s*\n:doc:\s*(\S+\.ipynb)", text)
    return set(roles) | {(doc, key) for key, doc in blocks}


def test_the_glue_references_of_a_page_are_read():
    text = ("a {glue:text}`../notebooks/90_report.ipynb::claims:s` b {glue:text}`local`\n"
            "```{glue} summary\n:doc: ../notebooks/90_report.ipynb\n```\n")
    assert glued_from_notebooks(text) == {("../notebooks/90_report.ipynb", "claims"),
                                          ("../notebooks/90_report.ipynb", "summary")}


def test_every_number_a_markdown_page_glues_is_glued_by_its_notebook():
    """The front page's headline findings come from the notebooks that compute them; this fails (with
    no book build) when a notebook stops gluing a key a page uses, or a page names a notebook that is
    not there. A cross-document reference needs a format (``:s``): MyST-NB reads ``path::key`` alone as
    a key with a format."""
    import nbformat

    pages = [ROOT / f"{f}.md" for f in _toc_files() if (ROOT / f"{f}.md").is_file()]
    found = {}
    for page in pages:
        text = page.read_text(encoding="utf-8")
        bare = re.findall(r"\{glue:text\}`[^`]*\.ipynb::\w+`", text)
        assert not bare, f"{page.name}: cross-document glue without a format (add ':s'): {bare}"
        for doc, key in glued_from_notebooks(text):
            found.setdefault((page.parent / doc).resolve(), set()).add(key)
    assert found, "the front page glues its findings from the notebooks"
    for nb_path, keys in found.items():
        assert nb_path.is_file(), f"glue from a notebook that does not exist: {nb_path}"
        nb = nbformat.read(nb_path, as_version=4)
        glued = {o.get("metadata", {}).get("scrapbook", {}).get("name") for c in nb.cells if c.cell_type == "code"
                 for o in c.get("outputs", [])}
        assert keys <= glued, f"{nb_path.name} no longer glues {sorted(keys - glued)}"
