"""A small Sphinx extension: no "Fig. N" before a figure's caption.

Every caption carries the book's own figure number ("Figure 2. ..., the briefing's Figure 1"), so
Sphinx's numbering ("Fig. 2") would number each figure twice. ``numfig: false`` in ``_config.yml`` is
not enough: Jupyter Book loads sphinx-jupyterbook-latex, whose ``config-inited`` handler sets
``numfig = True`` for every builder, HTML included. This handler runs after it and turns it off again.
"""

from __future__ import annotations


def _numbers_off(app, config) -> None:
    config.numfig = False


def setup(app):
    app.connect("config-inited", _numbers_off, priority=900)  # after sphinx-jupyterbook-latex's (500)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
