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
- ``remark``: a qualitative statement tested by a rule stated in the note: reproduced if it holds;
  a published value that is not a number is qualitative and must be a ``remark``;
- a claim whose reproduced value is None is ``not testable with open data``.

A tolerance is chosen before the run, from how the figure was published (e.g. "printed to the
nearest £10m"), never from the result, and the row keeps the reason in ``tolerance_reason``
(:func:`claim` refuses a tolerance without one).

Every claim's provenance (document, where in it, the claim in a few words) is a row of the committed
table ``data/published/claim_sources.csv``; :func:`ledger` refuses a claim without one and the
written ledger carries the document and the place.

Each notebook writes its rows to ``<output>/claims/<analysis>.csv``; :func:`write` also refreshes
the combined ``<output>/claims.csv``.
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path

import pandas as pd

from analysis import config

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
    "remark": "a qualitative statement (any published value that is not a number) tested by a numeric rule "
              "stated in the row's note: reproduced if the rule holds (reproduced = 1), otherwise differs "
              "(reproduced = 0)",
    "no reproduced value": "not testable with open data",
}

COLUMNS = ["claim_id", "analysis", "source", "document", "where", "statement", "published", "reproduced", "kind",
           "tolerance", "tolerance_reason", "verdict", "note", "page"]
#: the committed provenance table: claim_id, document, where (figure, table, section or page), claim
SOURCES = config.ROOT / "data" / "published" / "claim_sources.csv"
SOURCE_COLUMNS = ["claim_id", "document", "where", "claim"]
KINDS = ("count", "coefficient", "share", "audit", "audit_over", "audit_under", "remark")
VERDICTS = ("reproduced", "reproduced within tolerance", "differs", "consistent", "inconsistent in source",
            "not testable with open data")


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
    if reproduced is None or (isinstance(reproduced, float) and math.isnan(reproduced)):
        return "not testable with open data"
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


def claim(claim_id: str, analysis: str, statement: str, published, reproduced, kind: str, *,
          source: str = "", tolerance: float | None = None, note: str = "", page: str = "",
          tolerance_reason: str = "") -> dict:
    """One ledger row, with its verdict computed from the rule for its kind.

    ``tolerance`` is fixed before the run from how the figure was published; ``tolerance_reason``
    says why in a few words (e.g. "printed to the nearest £10m")."""
    if tolerance_reason and tolerance is None:
        raise ValueError(f"claim {claim_id!r}: a tolerance_reason without a tolerance")
    if tolerance is not None and not tolerance_reason.strip():
        raise ValueError(f"claim {claim_id!r}: tolerance {tolerance!r} needs its reason (tolerance_reason=), "
                         "chosen before the run from how the figure was published")
    if kind in ("audit_over", "audit_under") and tolerance is not None:
        raise ValueError(f"claim {claim_id!r}: a one-sided audit ({kind}) takes no tolerance")
    return {"claim_id": claim_id, "analysis": analysis, "source": source, "document": "", "where": "",
            "statement": statement, "published": str(published),
            "reproduced": None if reproduced is None else reproduced, "kind": kind, "tolerance": tolerance,
            "tolerance_reason": tolerance_reason, "verdict": verdict(published, reproduced, kind, tolerance),
            "note": note, "page": page}


def provenance(path: Path | None = None) -> pd.DataFrame:
    """The committed provenance table, indexed by claim id (checked: its columns, unique ids, no blanks)."""
    path = Path(path or SOURCES)
    try:
        df = pd.read_csv(path, dtype=str, keep_default_na=False)
    except FileNotFoundError:
        raise ValueError(f"the provenance table {path} is missing") from None
    if list(df.columns) != SOURCE_COLUMNS:
        raise ValueError(f"{path}: columns {list(df.columns)}; expected {SOURCE_COLUMNS}")
    if not df["claim_id"].is_unique:
        raise ValueError(f"{path}: duplicate claim ids {df.loc[df['claim_id'].duplicated(), 'claim_id'].tolist()}")
    blank = df.loc[(df[SOURCE_COLUMNS].apply(lambda c: c.str.strip()) == "").any(axis=1), "claim_id"].tolist()
    if blank:
        raise ValueError(f"{path}: rows with an empty document, where or claim: {blank}")
    return df.set_index("claim_id")


def ledger(rows: list[dict], *, sources: Path | None = None) -> pd.DataFrame:
    """The ledger of these rows, each with its document and place from the provenance table
    (``sources``, by default the committed ``data/published/claim_sources.csv``)."""
    df = pd.DataFrame(rows, columns=COLUMNS)
    if not df["claim_id"].is_unique:
        raise ValueError(f"duplicate claim ids: {df.loc[df['claim_id'].duplicated(), 'claim_id'].tolist()}")
    table = provenance(sources)
    missing = [c for c in df["claim_id"] if c not in table.index]
    if missing:
        raise ValueError(f"no provenance for claim ids {missing} in {Path(sources or SOURCES)}: add a row "
                         f"(claim_id, document, where, claim) giving the document, the figure/table/section "
                         f"or page, and the claim in a few words")
    df["document"] = df["claim_id"].map(table["document"])
    df["where"] = df["claim_id"].map(table["where"])
    return df


def write(df: pd.DataFrame, analysis: str) -> None:
    """Write one analysis's claims and refresh the combined ledger (sorted, deterministic)."""
    out = config.output_dir()
    part = out / "claims" / f"{analysis}.csv"
    part.parent.mkdir(parents=True, exist_ok=True)
    df.to_csv(part, index=False, float_format="%.10g", lineterminator="\n")
    combine(out)


def combine(out=None) -> pd.DataFrame:
    out = out or config.output_dir()
    parts = sorted((out / "claims").glob("*.csv"))
    frames = [pd.read_csv(p, dtype=str, keep_default_na=False) for p in parts]
    df = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=COLUMNS)
    df.to_csv(out / "claims.csv", index=False, lineterminator="\n")
    return df


def read(out=None) -> pd.DataFrame:
    out = out or config.output_dir()
    return pd.read_csv(out / "claims.csv", dtype=str, keep_default_na=False)


def read_published() -> pd.DataFrame:
    """The ledger of the default run, as committed in ``results/claims.csv``."""
    return read(config.ROOT / "results")
