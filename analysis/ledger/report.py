"""The reproduction report: tables and figures built from the ledger (no numbers are typed)."""

from __future__ import annotations

import pandas as pd

from analysis import config

REPRODUCED = ("reproduced", "reproduced within tolerance")
ORDER = ["reproduced", "reproduced within tolerance", "differs", "consistent", "inconsistent in source",
         "not testable with open data"]


def summary(ledger: pd.DataFrame) -> dict:
    """Counts for the summary line: claims tested, reproduced (of the reproducible ones), audits."""
    v = ledger["verdict"]
    audits = ledger["kind"] == "audit"
    testable = (~audits) & (v != "not testable with open data")
    return {
        "claims": len(ledger),
        "reproduction_claims": int((~audits).sum()),
        "testable": int(testable.sum()),
        "reproduced": int(v.isin(REPRODUCED).sum()),
        "reproduced_exactly": int((v == "reproduced").sum()),
        "differs": int((v == "differs").sum()),
        "not_testable": int((v == "not testable with open data").sum()),
        "audits": int(audits.sum()),
        "inconsistent": int((v == "inconsistent in source").sum()),
        "analyses": int(ledger["analysis"].nunique()),
    }


def by_analysis(ledger: pd.DataFrame) -> pd.DataFrame:
    t = pd.crosstab(ledger["analysis"], ledger["verdict"])
    return t[[c for c in ORDER if c in t.columns]]


def _fmt(value: str) -> str:
    try:
        x = float(value)
    except (TypeError, ValueError):
        return value
    return f"{x:,.0f}" if x.is_integer() and abs(x) >= 1 else f"{x:,.3g}" if abs(x) < 1 else f"{x:,.2f}"


def page_link(row: pd.Series) -> str:
    """A relative link from a report page (in notebooks/) to the page that shows the work."""
    page = str(row.get("page") or "").strip()
    stem = page.split("/")[-1].replace(".ipynb", "").replace(".html", "") if page else ""
    if not stem or not (config.NOTEBOOKS / f"{stem}.ipynb").is_file():
        return ""
    return f"[{stem}]({stem}.html)"


def table(ledger: pd.DataFrame) -> pd.DataFrame:
    """The report table: one row per claim, published beside reproduced, with the verdict and a link."""
    return pd.DataFrame({
        "analysis": ledger["analysis"], "claim": ledger["claim_id"], "source": ledger["source"],
        "statement": ledger["statement"], "published": ledger["published"].map(_fmt),
        "reproduced": ledger["reproduced"].map(_fmt), "verdict": ledger["verdict"],
        "page": ledger.apply(page_link, axis=1),
    })
