"""A small Sphinx extension: a page that glues a number from another page is rebuilt when that page changes.

The front page (a Markdown page) shows the compendium's headline findings by gluing them from the
notebooks that compute them (MyST-NB's ``{glue:text}`../notebooks/90_report.ipynb::key:s``` and the
``{glue}`` directive's ``:doc:`` option). MyST-NB resolves such a reference when it writes the page,
but does not tell Sphinx that the page depends on the notebook, so an incremental build would keep the
front page's old numbers after the notebook changed. This records the dependency: each notebook a
page glues from is noted as one of the page's dependencies, and Sphinx re-reads the page when it
changes.
"""

from __future__ import annotations

from myst_nb.ext.glue.utils import PendingGlueReference


def _note_glue_sources(app, doctree) -> None:
    env = app.env
    for node in doctree.findall(PendingGlueReference):
        env.note_dependency(str(env.doc2path(node.refdoc)))


def setup(app):
    app.connect("doctree-read", _note_glue_sources)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
