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
