"""A small Sphinx extension for the book's pages (Jupyter Book 1 `local_extensions`).

sphinx-thebe registers its configuration script each time Sphinx reads the sources, so a page can
carry two ``const THEBE_JS_URL = ...`` scripts and the browser reports "Identifier 'THEBE_JS_URL' has
already been declared". This drops exact duplicate scripts from every page.

docutils writes each bibliography entry as ``<div role="doc-biblioentry">`` inside a ``role="list"``
container; that role is deprecated in DPUB-ARIA 1.1 and a list must hold list items, so screen readers
(and axe-core) get an invalid list. The entries are given ``role="listitem"`` instead.

The browser test (tests/test_browser.py) fails on console errors and axe-core violations, so it keeps
both fixes honest.
"""

from __future__ import annotations


def _dedupe_scripts(app, pagename, templatename, context, doctree):
    seen, kept = set(), []
    for js in context.get("script_files", []):
        key = (str(getattr(js, "filename", js) or ""), tuple(sorted((k, str(v)) for k, v in
                                                             getattr(js, "attributes", {}).items())))
        if key not in seen:
            seen.add(key)
            kept.append(js)
    context["script_files"] = kept
    if "body" in context and 'role="doc-biblioentry"' in context["body"]:
        context["body"] = context["body"].replace('role="doc-biblioentry"', 'role="listitem"')


def setup(app):
    app.connect("html-page-context", _dedupe_scripts, priority=900)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
