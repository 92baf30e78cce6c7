"""Do the published conclusions hold across reasonable specifications? The rules and the machinery.

Each :class:`Conclusion` is a published statement (or, where it names no document, one of this
compendium's own), a rule stated in words before anything is computed, the published figure where
there is one, a grid of reasonable specifications, and a function of one specification returning the
figure and whether the rule holds. A study declares its conclusions in its ``robustness.py``
(``CONCLUSIONS``); :func:`assess` evaluates every specification of every conclusion in-process with
the study's own functions, and :func:`summary` turns the runs into one row per conclusion.

Only choices that can move a conclusion's figure are in its grid: the deprivation measure is not
varied for a count that does not use deprivation, nor the tail share for a range.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Any, Callable

import pandas as pd

from analysis.ledger.documents import Document

#: verdict words by the share of specifications in which a conclusion holds (decided before computing)
VERDICT_RULE = ("holds in every specification: 100%; holds in most specifications: more than half; "
                "holds in some specifications: more than none, at most half; holds in no specification: 0%")


def verdict(n_holding: int, n_specs: int) -> str:
    """The verdict words for a conclusion that holds in ``n_holding`` of ``n_specs`` specifications."""
    if n_specs <= 0 or not 0 <= n_holding <= n_specs:
        raise ValueError(f"need 0 <= holding <= specifications and specifications > 0; got {n_holding} of {n_specs}")
    if n_holding == n_specs:
        return "holds in every specification"
    if 2 * n_holding > n_specs:
        return "holds in most specifications"
    if n_holding > 0:
        return "holds in some specifications"
    return "holds in no specification"


def product(**axes) -> list[dict[str, Any]]:
    """The cartesian product of named value lists, as a list of specifications."""
    names = list(axes)
    return [dict(zip(names, combo)) for combo in itertools.product(*(axes[n] for n in names))]


@dataclass(frozen=True)
class Conclusion:
    id: str
    statement: str
    rule: str            # in words, decided before computing
    figure_label: str    # what the figure is, with its unit
    grid: list[dict] = field(repr=False)
    figure: Callable[[Any, dict], tuple[float, bool]] = field(repr=False)
    published: float | None = None
    published_text: str = ""  # the published figure as the source gives it
    #: the document that published the conclusion; None for the compendium's own question
    document: Document | None = None
    threshold: float | None = None  # where the rule changes verdict, drawn on the figure

    @property
    def varied(self) -> str:
        """The parameters varied, each with its number of values (a parameter some specifications lack,
        such as the tail share of a range, counts only where it is set)."""
        names = dict.fromkeys(k for s in self.grid for k in s)
        return " x ".join(f"{k} ({len({repr(s[k]) for s in self.grid if k in s})})" for k in names)


class Context:
    """What a study's conclusions share across their specifications: the study's inputs, loaded once
    (lazily), its runs by parameters, and a memo for any other figure several specifications use."""

    def __init__(self, study):
        self.study = study
        self._inputs = None
        self.memo: dict[Any, Any] = {}

    @property
    def inputs(self):
        if self._inputs is None:
            self._inputs = self.study.load()
        return self._inputs

    def run(self, **params):
        """The study's result for these parameters (the rest at their defaults), computed once."""
        checked = self.study.check(params)
        key = ("run", checked)
        if key not in self.memo:
            self.memo[key] = self.study.run(self.inputs, checked)
        return self.memo[key]


def spec_text(spec: dict) -> str:
    def fmt(v):
        if isinstance(v, tuple):
            return "+".join(v) or "none"
        return f"{v:g}" if isinstance(v, float) else str(v)
    return ", ".join(f"{k}={fmt(v)}" for k, v in spec.items())


def source_of(study, c: Conclusion) -> str:
    """Who published the conclusion: its document, or this compendium's own question on a study's page."""
    return c.document.citation if c.document else f"this compendium ({study.title}), not a published figure"


def assess(groups) -> pd.DataFrame:
    """One row per (conclusion, specification): the specification in words, the figure, and whether it
    holds. ``groups`` holds ``(study, context, conclusions)``: each study's conclusions are evaluated
    on that study's :class:`Context`."""
    rows = []
    for _study, ctx, conclusions in groups:
        for c in conclusions:
            if not c.grid:
                raise ValueError(f"conclusion {c.id!r} has an empty grid")
            for spec in c.grid:
                value, holds = c.figure(ctx, spec)
                rows.append({"conclusion": c.id, "specification": spec_text(spec), "figure": float(value),
                             "holds": bool(holds), "spec": spec})
    return pd.DataFrame(rows, columns=["conclusion", "specification", "figure", "holds", "spec"])


def summary(runs: pd.DataFrame, groups) -> pd.DataFrame:
    """One row per conclusion: specifications, how many hold and the share, the figure's range, the
    published value (and whether it lies in the range), and the verdict words."""
    rows = []
    for study, _ctx, conclusions in groups:
        for c in conclusions:
            r = runs[runs["conclusion"] == c.id]
            if r.empty:
                raise ValueError(f"no runs for conclusion {c.id!r}")
            n, k = len(r), int(r["holds"].sum())
            lo, hi = float(r["figure"].min()), float(r["figure"].max())
            inside = None if c.published is None else bool(lo - 1e-9 <= c.published <= hi + 1e-9)
            rows.append({"conclusion": c.id, "page": study.notebook, "statement": c.statement,
                         "source": source_of(study, c), "rule": c.rule, "varied": c.varied, "specifications": n,
                         "holding": k, "share_holding": 100 * k / n, "min": lo, "max": hi, "published": c.published,
                         "published_text": c.published_text, "published_in_range": inside, "verdict": verdict(k, n)})
    return pd.DataFrame(rows)


def breakdown(runs: pd.DataFrame, cid: str) -> pd.DataFrame:
    """For one conclusion: per parameter and value, the specifications and how many of them hold."""
    r = runs[runs["conclusion"] == cid]
    if r.empty:
        raise ValueError(f"no runs for conclusion {cid!r}")
    rows = []
    for name in dict.fromkeys(k for s in r["spec"] for k in s):
        values = r["spec"].map(lambda s: spec_text({name: s[name]}).split("=", 1)[1] if name in s else None)
        for value, g in r.groupby(values, sort=False):
            rows.append({"parameter": name, "value": value, "specifications": len(g),
                         "holding": int(g["holds"].sum()), "min": g["figure"].min(), "max": g["figure"].max()})
    return pd.DataFrame(rows, columns=["parameter", "value", "specifications", "holding", "min", "max"])
