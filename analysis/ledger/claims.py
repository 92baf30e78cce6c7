"""The claims ledger: every published figure the compendium tests, with its verdict.

Verdicts are applied by code, by kind of figure:

- ``count``: reproduced only if equal;
- ``coefficient`` / ``share``: reproduced if the reproduced value, rounded to the published
  precision, equals the published value; within tolerance if it is within ``tolerance``; else differs;
- ``audit``: the published figure is checked against a recomputation from the source's own parts:
  ``consistent`` if within tolerance, else ``inconsistent in source``;
- ``remark``: a qualitative statement tested by a rule stated in the note: reproduced if it holds;
- a claim whose reproduced value is None is ``not testable with open data``.

Each notebook writes its rows to ``<output>/claims/<analysis>.csv``; :func:`write` also refreshes
the combined ``<output>/claims.csv``.
"""

from __future__ import annotations

import math
from decimal import Decimal

import pandas as pd

from analysis import config

#: the verdict rule for each kind of figure, as the report page states it (applied by verdict())
RULES = {
    "count": "reproduced only if the reproduced count equals the published one exactly; otherwise differs",
    "coefficient": "reproduced if the reproduced value, rounded to the published number of decimals, equals it; "
                   "reproduced within tolerance if within the tolerance stated on the row; otherwise differs",
    "share": "as for coefficients: equal at the published precision, or within the stated tolerance",
    "audit": "the published figure is recomputed from the source's own parts: consistent if within the stated "
             "tolerance (the published rounding), otherwise inconsistent in source",
    "remark": "a qualitative statement tested by a numeric rule stated in the row's note: reproduced if the "
              "rule holds (reproduced = 1), otherwise differs (reproduced = 0)",
    "no reproduced value": "not testable with open data",
}

COLUMNS = ["claim_id", "analysis", "source", "statement", "published", "reproduced", "kind", "tolerance",
           "verdict", "note", "page"]
VERDICTS = ("reproduced", "reproduced within tolerance", "differs", "consistent", "inconsistent in source",
            "not testable with open data")


def decimals_of(published: str | float | int) -> int:
    """Decimal places of a published figure, as printed (``'0.18'`` -> 2, ``93`` -> 0)."""
    exp = Decimal(str(published)).as_tuple().exponent
    return max(0, -exp) if isinstance(exp, int) else 0


def verdict(published, reproduced, kind: str, tolerance: float | None = None) -> str:
    if reproduced is None or (isinstance(reproduced, float) and math.isnan(reproduced)):
        return "not testable with open data"
    if kind == "remark":
        return "reproduced" if float(reproduced) == 1 else "differs"
    pub = float(published)
    if kind == "count":
        return "reproduced" if float(reproduced) == pub else "differs"
    if kind in ("coefficient", "share"):
        if round(float(reproduced), decimals_of(published)) == pub:
            return "reproduced"
        if tolerance is not None and abs(float(reproduced) - pub) <= tolerance:
            return "reproduced within tolerance"
        return "differs"
    if kind == "audit":
        tol = 0.0 if tolerance is None else tolerance
        return "consistent" if abs(float(reproduced) - pub) <= tol + 1e-12 else "inconsistent in source"
    raise ValueError(f"unknown claim kind {kind!r}; expected count, coefficient, share, audit or remark")


def claim(claim_id: str, analysis: str, statement: str, published, reproduced, kind: str, *,
          source: str = "", tolerance: float | None = None, note: str = "", page: str = "") -> dict:
    """One ledger row, with its verdict computed from the rule for its kind."""
    return {"claim_id": claim_id, "analysis": analysis, "source": source, "statement": statement,
            "published": str(published), "reproduced": None if reproduced is None else reproduced,
            "kind": kind, "tolerance": tolerance, "verdict": verdict(published, reproduced, kind, tolerance),
            "note": note, "page": page}


def ledger(rows: list[dict]) -> pd.DataFrame:
    df = pd.DataFrame(rows, columns=COLUMNS)
    if not df["claim_id"].is_unique:
        raise ValueError(f"duplicate claim ids: {df.loc[df['claim_id'].duplicated(), 'claim_id'].tolist()}")
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
