"""The studies, found in one place: every folder of ``analysis/studies`` that declares a ``STUDY``.

A study is a folder with the same few modules (the README's "Adding a study" shows one):

- ``__init__.py``: ``STUDY = Study(...)`` (:class:`analysis.studies.study.Study`), its id, a title in plain words, its notebook and its
  parameters (:class:`analysis.params.ParamSet`);
- ``compute.py``: ``load() -> inputs`` (the only function that reads data) and
  ``run(inputs, params) -> result`` (pure; ``params`` is the checked :class:`analysis.params.Params`);
- ``claims.py``: ``CLAIMS``, the published figures it tests (:class:`analysis.ledger.claims.Claim`,
  each with its document, place, the figure as printed and a plain label), and
  ``ledger(result) -> the ledger rows``;
- ``page.py``: what its page shows (the words and numbers it glues, its tables and figures);
- ``robustness.py`` (optional): ``CONCLUSIONS``, the conclusions the robustness page tests across
  specifications (:class:`analysis.ledger.conclusions.Conclusion`).

The runner, the report, the robustness page, the "your area" page and the tests find studies here;
nothing else names one.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
from functools import cache
from pathlib import Path

from analysis.errors import CompendiumError
from analysis.studies.study import Study


def discover(root: Path, package: str) -> dict[str, Study]:
    """Every study under ``root`` (a folder importable as ``package``), by id.

    A study is a sub-folder whose ``__init__.py`` defines ``STUDY``; ids and notebooks must be unique.
    """
    if package not in sys.modules and str(root.parent) not in sys.path:
        sys.path.insert(0, str(root.parent))
    found: dict[str, Study] = {}
    notebooks: dict[str, str] = {}
    for folder in sorted(p for p in root.iterdir() if (p / "__init__.py").is_file()):
        mod = importlib.import_module(f"{package}.{folder.name}")
        study = getattr(mod, "STUDY", None)
        if study is None:
            continue
        if not isinstance(study, Study):
            raise CompendiumError(f"{folder}/__init__.py: STUDY must be a Study, not {type(study).__name__}")
        if study.id in found:
            raise CompendiumError(f"two studies have the id {study.id!r}: {found[study.id].package} and {mod.__name__}")
        if study.notebook in notebooks:
            raise CompendiumError(f"studies {notebooks[study.notebook]!r} and {study.id!r} share the notebook "
                                  f"{study.notebook!r}")
        if study.package != mod.__name__:
            raise CompendiumError(f"{folder}/__init__.py: STUDY must declare package=__name__ ({mod.__name__!r}), "
                                  f"not {study.package!r}")
        found[study.id] = study
        notebooks[study.notebook] = study.id
    return found


@cache
def _studies() -> dict[str, Study]:
    return discover(Path(__file__).resolve().parent, __package__)


def studies() -> tuple[Study, ...]:
    """Every study of the compendium, in the order of their notebooks."""
    return tuple(sorted(_studies().values(), key=lambda s: s.notebook))


def get(study_id: str) -> Study:
    try:
        return _studies()[study_id]
    except KeyError:
        raise CompendiumError(f"no study {study_id!r}; the studies are: {', '.join(_studies())}") from None


def for_notebook(stem: str) -> Study | None:
    """The study whose page is the notebook ``stem``, or None for a page that is no study (data, report...)."""
    return next((s for s in _studies().values() if s.notebook == stem), None)
