"""A small Sphinx extension: every page's "How this was computed" section is folded in the built book.

A page of the book is a report for someone who never opens the code, so each page keeps its technical
detail (the settings, reconciliation tables, estimator checks, how to re-run it) in one section at its
end headed "How this was computed". This wraps that section's content, code cells and outputs
included, in a native ``<details>`` element, closed until the reader opens it: it needs no script, the
keyboard and screen readers know it, and the notebook itself (in JupyterLab) shows the section open.
"""

from __future__ import annotations

from docutils import nodes

#: the heading, in any page, whose section is folded
HEADING = "How this was computed"
SUMMARY = "Show the method, the settings and the checks"


def _fold(app, doctree, docname) -> None:
    for section in list(doctree.findall(nodes.section)):
        title = section.next_node(nodes.title)
        if title is None or title.parent is not section or title.astext().strip() != HEADING:
            continue
        at = section.index(title) + 1
        section.insert(at, nodes.raw("", f'<details class="lu-how"><summary>{SUMMARY}</summary>', format="html"))
        section.append(nodes.raw("", "</details>", format="html"))


def setup(app):
    app.connect("doctree-resolved", _fold)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
