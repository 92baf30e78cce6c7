"""A study's declaration, :class:`Study`: its id, title, notebook and parameters, and the way to its
modules; and what a study may give the "your area" page (:class:`AreaFigure`, :class:`AreaPart`).
Each study's ``__init__.py`` declares ``STUDY = Study(...)``; :mod:`analysis.studies.registry` finds
them all."""

from __future__ import annotations

import importlib
import importlib.util
import re
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any, Mapping

from analysis.errors import CompendiumError
from analysis.params import Params, ParamSet


@dataclass(frozen=True)
class Study:
    """A study's declaration: what it is called, where its page is and what it may be asked."""

    id: str
    title: str
    notebook: str
    params: ParamSet = field(default_factory=ParamSet)
    #: one plain sentence: what the study asks
    question: str = ""
    #: the import path of the study's folder: ``package=__name__`` in its ``__init__.py``
    package: str = ""

    def __post_init__(self):
        if not re.fullmatch(r"[a-z][a-z0-9_]*", self.id):
            raise ValueError(f"study id {self.id!r} must be lower-case letters, digits and _")
        if not re.fullmatch(r"\d\d_[a-z0-9_]+", self.notebook):
            raise ValueError(f"study {self.id!r}: notebook {self.notebook!r} must be a stem like '01_name'")
        self.params.owner = self.notebook

    # ----------------------------------------------------------------------------------------
    # parameters: checked once, where they enter

    def check(self, values: Mapping[str, Any] | None = None, **more: Any) -> Params:
        return self.params.check(values, **more)

    def from_namespace(self, namespace: Mapping[str, Any]) -> Params:
        """The checked parameters of a notebook run (the cell after the ``parameters`` cell calls this
        with ``globals()``)."""
        return self.params.from_namespace(namespace)

    # ----------------------------------------------------------------------------------------
    # the study's modules

    def module(self, name: str) -> ModuleType:
        """One of the study's modules (``compute``, ``claims``, ``page``, ``robustness``)."""
        if not self.package:
            raise CompendiumError(f"study {self.id!r} declares no package: give package=__name__ in its __init__.py")
        return importlib.import_module(f"{self.package}.{name}")

    def has(self, name: str) -> bool:
        return importlib.util.find_spec(f"{self.package}.{name}") is not None

    def load(self):
        return self.module("compute").load()

    def run(self, inputs, params: Params):
        return self.module("compute").run(inputs, params)

    def ledger(self, result):
        """The study's ledger rows for a result (its ``claims.ledger``)."""
        return self.module("claims").ledger(result)

    @property
    def claims(self) -> tuple:
        """The published figures the study tests (its ``claims.CLAIMS``)."""
        return tuple(self.module("claims").CLAIMS) if self.has("claims") else ()

    def area(self, places) -> "AreaPart | None":
        """What the study gives the "your area" page for the LAs of 2019 in ``places`` (its ``area.area``),
        or None for a study without an ``area.py``."""
        return self.module("area").area(places) if self.has("area") else None

    @property
    def conclusions(self) -> tuple:
        """The conclusions the robustness page tests (its ``robustness.CONCLUSIONS``)."""
        return tuple(self.module("robustness").CONCLUSIONS) if self.has("robustness") else ()


# --------------------------------------------------------------------------------------------
# what a study gives the "your area" page (its optional ``area.py``)


@dataclass(frozen=True)
class AreaFigure:
    """One figure a study gives the "your area" page for each LA of 2019, declared in its ``area.py``.

    The page shows the figures of every study latest first (``year``), each with its rank among the LAs
    that have a value, computed by the page (``rank``: ``highest`` when 1 is the highest value, ``lowest``
    when 1 is the lowest, empty for none; ``rank_unit``: the column whose distinct values are ranked, e.g.
    ``region`` for a figure of the LA's region)."""

    column: str
    label: str
    year: int
    unit: str = ""              # "years", "%", "£m", "£", or a word ("score"); "" for a rank or a category
    decimals: int = 1
    rank: str = ""
    rank_meaning: str = ""      # what rank 1 is, in words ("1 = most money")
    rank_unit: str = "code"
    among: str = "local authorities"  # what a rank counts, in words
    note: str = ""              # a sentence shown under the label
    detail: str = ""            # a column of plain words shown beside the value
    zero: str = ""              # what 0 means, shown instead of a rank ("no award")
    more: bool = False          # shown under "More figures", folded, rather than in the main table

    def __post_init__(self):
        if self.rank not in ("", "highest", "lowest"):
            raise ValueError(f"figure {self.column!r}: rank must be 'highest', 'lowest' or '', not {self.rank!r}")


@dataclass(frozen=True)
class AreaPart:
    """What a study's ``area(places)`` gives the "your area" page.

    ``table``: one row per LA of 2019 of ``places`` (column ``code``) with the figures' columns;
    ``joins``: every join made, by name, each a :class:`analysis.data.geography.Reconciliation`;
    ``facts``: numbers and names the page's prose quotes; ``series``: a series by upper-tier area that
    the page leads with, for the study that has one (the table then has ``series_code``, the area whose
    series an LA takes, and ``series_match``, how it was matched, in words)."""

    table: Any
    figures: tuple[AreaFigure, ...] = ()
    joins: Mapping[str, Any] = field(default_factory=dict)
    facts: Mapping[str, Any] = field(default_factory=dict)
    series: Mapping[str, Any] | None = None
