"""The claims ledger: every published figure the compendium tests, with its verdict.

Verdicts are applied by code, by kind of figure:

- ``count``: reproduced only if equal;
- ``coefficient`` / ``share``: reproduced if the reproduced value, rounded half up on its decimal
  value to the published precision (as a reader rounds: 0.175 -> 0.18, 12.75 -> 12.8; Python's
  ``round`` gives 0.17 and rounds exact halves to even), equals the published value; within
  tolerance if it is within ``tolerance``; else differs;
- ``audit``: the published figure is checked against a recomputation from the source's own parts:
  ``consistent`` if within tolerance, else ``inconsistent in source``;
- ``audit_over`` / ``audit_under``: the source says a figure is over (under) a value: ``consistent``
  if the recomputation from its own parts lies strictly above (below) it, else ``inconsistent in source``;
- ``remark``: a qualitative statement tested by a rule declared with the claim (``rule``, in plain
  words, written before the computation; the pages show it beside the verdict): reproduced if it
  holds; a published value that is not a number is qualitative and must be a ``remark``;
- a claim whose reproduced value is None is ``not testable``: either the claim names the dataset that
  would test it (``test_data``: the compendium's data cannot), or the row's note says why this run
  could not (e.g. a tie).

Every claim is declared once, by its study (:class:`Claim`: the document, where in it, the figure as
printed, a plain label, the kind, any tolerance, the rule of a remark and the data a claim the
compendium cannot test would need); the ledger row adds the reproduced value, the verdict, a note and
the page that shows the work. A tolerance is chosen before the run, from how the
figure was published (e.g. "printed to the nearest £10m"), never from the result, and the row keeps
the reason in ``tolerance_reason`` (:class:`Claim` refuses a tolerance without one).

Each notebook writes its rows to ``<output>/claims/<analysis>.csv``; :func:`write` also refreshes
the combined ``<output>/claims.csv``.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

import pandas as pd

from analysis import config
from analysis.ledger.documents import Document

#: the verdict rule for each kind of figure, as the report page states it (applied by verdict())
RULES = {
    "count": "reproduced only if the reproduced count equals the published one exactly; otherwise differs",
    "coefficient": "reproduced if the reproduced value, rounded half up to the published number of decimals, "
                   "equals it; reproduced within tolerance if within the tolerance stated on the row (chosen "
                   "before the run, with its reason); otherwise differs",
    "share": "as for coefficients: equal at the published precision, or within the stated tolerance",
    "audit": "the published figure is recomputed from the source's own parts: consistent if within the stated "
             "tolerance (the published rounding), otherwise inconsistent in source",
    "audit_over": "the source says a figure is over a value: consistent if the recomputation from its own parts "
                  "is strictly above it, otherwise inconsistent in source",
    "audit_under": "the source says a figure is under a value: consistent if the recomputation from its own parts "
                   "is strictly below it, otherwise inconsistent in source",
    "remark": "a qualitative statement (any published value that is not a number) tested by a rule written in "
              "plain words with the claim, before the computation, and shown beside its verdict: reproduced if the "
              "rule holds (reproduced = 1), otherwise differs (reproduced = 0)",
    "no reproduced value": "not testable: the row names the dataset that would test it (the compendium's data "
                           "cannot), or its note says why this run could not",
}

COLUMNS = ["claim_id", "analysis", "document", "where", "statement", "published", "reproduced", "kind", "rule",
           "tolerance", "tolerance_reason", "verdict", "test_data", "note", "page"]
KINDS = ("count", "coefficient", "share", "audit", "audit_over", "audit_under", "remark")
#: the kinds that check a source's figure against its own parts (the rest test it against the data)
AUDITS = ("audit", "audit_over", "audit_under")
NOT_TESTABLE = "not testable"
VERDICTS = ("reproduced", "reproduced within tolerance", "differs", "consistent", "inconsistent in source",
            NOT_TESTABLE)


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _decimal(value) -> Decimal | None:
    """The decimal value a reader sees: ``0.175`` is 0.175 (not the binary float just below it)."""
    if isinstance(value, float):
        value = repr(value)
    try:
        d = Decimal(str(value).strip())
    except InvalidOperation:
        return None
    return d if d.is_finite() else None


def is_numeric(published) -> bool:
    return _decimal(published) is not None


def decimals_of(published: str | float | int) -> int:
    """Decimal places of a published figure, as printed (``'0.18'`` -> 2, ``93`` -> 0)."""
    exp = Decimal(str(published)).as_tuple().exponent
    return max(0, -exp) if isinstance(exp, int) else 0


def round_half_up(value, decimals: int) -> Decimal:
    """``value`` rounded half up on its decimal value: 0.175 -> 0.18 and 12.75 -> 12.8 (Python's
    ``round`` gives 0.17, as the float 0.175 is stored just below it, and rounds exact halves to even)."""
    return _decimal(float(value)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def verdict(published, reproduced, kind: str, tolerance: float | None = None) -> str:
    if kind not in KINDS:
        raise ValueError(f"unknown claim kind {kind!r}; expected one of: {', '.join(KINDS)}")
    if kind != "remark" and not is_numeric(published):
        raise ValueError(f"published value {published!r} is not a number: a qualitative claim is of kind "
                         f"'remark', not {kind!r}")
    if _missing(reproduced):
        return NOT_TESTABLE
    if kind == "remark":
        return "reproduced" if float(reproduced) == 1 else "differs"
    pub = _decimal(published)
    if kind == "count":
        return "reproduced" if _decimal(float(reproduced)) == pub else "differs"
    if kind in ("coefficient", "share"):
        if round_half_up(reproduced, decimals_of(published)) == pub:
            return "reproduced"
        if tolerance is not None and abs(float(reproduced) - float(pub)) <= tolerance:
            return "reproduced within tolerance"
        return "differs"
    if kind in ("audit_over", "audit_under"):
        beyond = float(reproduced) > float(pub) if kind == "audit_over" else float(reproduced) < float(pub)
        return "consistent" if beyond else "inconsistent in source"
    tol = 0.0 if tolerance is None else tolerance
    return "consistent" if abs(float(reproduced) - float(pub)) <= tol + 1e-12 else "inconsistent in source"


@dataclass(frozen=True)
class Claim:
    """One published figure a study tests, declared once: where it was published, as printed, and how
    it is judged.

    ``statement`` says in plain words what the figure is (the label a reader sees); ``published`` is
    the figure as printed (a number, or for a ``remark`` the words); ``kind`` picks the verdict rule
    (:data:`RULES`). ``tolerance`` is fixed here, before any run, from how the figure was published
    (e.g. "printed to the nearest £10m"), never from the result, and ``tolerance_reason`` says why.
    ``rule`` (required for a ``remark``) says in plain words what would count as the statement holding,
    written before the computation. ``test_data`` names the dataset that would test a claim the
    compendium's data cannot: such a claim is always ``not testable`` (its reproduced value is None).
    """

    id: str
    document: Document
    where: str
    statement: str
    published: Any
    kind: str
    tolerance: float | None = None
    tolerance_reason: str = ""
    rule: str = ""
    test_data: str = ""

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"claim {self.id!r}: unknown kind {self.kind!r}; expected one of: {', '.join(KINDS)}")
        if self.kind != "remark" and not is_numeric(self.published):
            raise ValueError(f"claim {self.id!r}: published value {self.published!r} is not a number: a qualitative "
                             f"claim is of kind 'remark', not {self.kind!r}")
        if self.tolerance_reason and self.tolerance is None:
            raise ValueError(f"claim {self.id!r}: a tolerance_reason without a tolerance")
        if self.tolerance is not None and not self.tolerance_reason.strip():
            raise ValueError(f"claim {self.id!r}: tolerance {self.tolerance!r} needs its reason (tolerance_reason=), "
                             "chosen before the run from how the figure was published")
        if self.kind in ("audit_over", "audit_under") and self.tolerance is not None:
            raise ValueError(f"claim {self.id!r}: a one-sided audit ({self.kind}) takes no tolerance")
        if not self.where.strip():
            raise ValueError(f"claim {self.id!r}: say where in the document the figure is published")
        if not self.statement.strip():
            raise ValueError(f"claim {self.id!r}: give the claim a plain label (statement=)")
        if self.kind == "remark" and not self.rule.strip():
            raise ValueError(f"claim {self.id!r}: a qualitative claim (remark) needs its rule (rule=): what would "
                             "count as the statement holding, in plain words, written before the computation")

    def row(self, analysis: str, reproduced, *, note: str = "", page: str = "", fill: dict | None = None) -> dict:
        """This claim's ledger row for a reproduced value (None: not testable), with its verdict. ``fill``
        completes a statement that names a choice of the run (``"... of the {denominator} constituencies"``).

        A claim that names the data that would test it takes no value; any other claim without a value
        needs a note saying why this run could not test it."""
        if self.test_data and not _missing(reproduced):
            raise ValueError(f"claim {self.id!r} names the data that would test it ({self.test_data!r}), so it "
                             f"is not testable here; got a reproduced value {reproduced!r}")
        if _missing(reproduced) and not (self.test_data or note.strip()):
            raise ValueError(f"claim {self.id!r}: no reproduced value and no note saying why it could not be tested")
        return {"claim_id": self.id, "analysis": analysis, "document": self.document.citation, "where": self.where,
                "statement": self.statement.format(**fill) if fill else self.statement,
                "published": str(self.published), "reproduced": reproduced, "kind": self.kind, "rule": self.rule,
                "tolerance": self.tolerance, "tolerance_reason": self.tolerance_reason,
                "verdict": verdict(self.published, reproduced, self.kind, self.tolerance),
                "test_data": self.test_data, "note": note, "page": page}


def ledger(rows: list[dict]) -> pd.DataFrame:
    """The ledger of these rows (:meth:`Claim.row`), in their order; claim ids must be unique."""
    df = pd.DataFrame(rows, columns=COLUMNS)
    if not df["claim_id"].is_unique:
        raise ValueError(f"duplicate claim ids: {df.loc[df['claim_id'].duplicated(), 'claim_id'].tolist()}")
    return df


def rows_for(claims: tuple[Claim, ...], analysis: str, page: str, reproduced: dict[str, Any],
             notes: dict[str, str] | None = None, fill: dict | None = None) -> pd.DataFrame:
    """The ledger of declared ``claims``, each with its reproduced value (by claim id) and note.

    Every declared claim needs a value (None where the data cannot test it) and every value a declared
    claim, so a study can neither drop a claim silently nor report one it never declared."""
    ids = [c.id for c in claims]
    missing, unknown = [i for i in ids if i not in reproduced], sorted(set(reproduced) - set(ids))
    if missing or unknown:
        raise ValueError(f"{analysis}: reproduced values must match the declared claims; no value for {missing}, "
                         f"values for undeclared claims {unknown}")
    notes = notes or {}
    return ledger([c.row(analysis, reproduced[c.id], note=notes.get(c.id, ""), page=page, fill=fill) for c in claims])


def write(df: pd.DataFrame, analysis: str) -> None:
    """Write one analysis's claims and refresh the combined ledger (sorted, deterministic)."""
    out = config.output_dir()
    part = out / "claims" / f"{analysis}.csv"
    part.parent.mkdir(parents=True, exist_ok=True)
    _atomic_csv(df, part, float_format="%.10g")
    combine(out)


def combine(out=None) -> pd.DataFrame:
    out = out or config.output_dir()
    parts = sorted((out / "claims").glob("*.csv"))
    frames = [pd.read_csv(p, dtype=str, keep_default_na=False) for p in parts]
    df = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=COLUMNS)
    _atomic_csv(df, out / "claims.csv")
    return df


def _atomic_csv(df: pd.DataFrame, dest, **kw) -> None:
    """Write through a temporary file renamed into place: an interrupted write leaves the old file whole."""
    tmp = dest.with_name(f".{dest.name}.{os.getpid()}.part")  # this process's own
    df.to_csv(tmp, index=False, lineterminator="\n", **kw)
    tmp.replace(dest)


def read(out=None) -> pd.DataFrame:
    out = out or config.output_dir()
    return pd.read_csv(out / "claims.csv", dtype=str, keep_default_na=False)


def read_published() -> pd.DataFrame:
    """The ledger of the default run, as committed in ``results/claims.csv``."""
    return read(config.ROOT / "results")

