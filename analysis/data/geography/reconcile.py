"""Joins that report what did not match: every join between geographies goes through :func:`reconcile`,
which returns the joined table *and* a :class:`Reconciliation` listing each unmatched key with the
reason; nothing is dropped silently. :func:`name_key` is how joins and searches compare LA names."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pandas as pd

COUNTRY = {"E": "England", "W": "Wales", "S": "Scotland", "N": "Northern Ireland"}
_NAME_OF = re.compile(r"\b(city|county|royal borough|borough|district|metropolitan borough) of\b")


def name_key(name: str) -> str:
    """A local authority's name as joins and searches compare it: lower case, "&" as "and", no
    punctuation, no "City of" / "County of" ("Kingston upon Hull, City of" and "Kingston upon Hull"
    agree; so do "St. Helens" and "St Helens", "Stoke-on-Trent" and "Stoke on Trent"). Unique over
    the 317 LAD 2019 names (tested)."""
    s = _NAME_OF.sub(" ", str(name).lower().replace("&", " and "))
    return re.sub(r"\s+", " ", re.sub(r"[^a-z0-9]+", " ", s)).strip()


@dataclass
class Reconciliation:
    """What a join matched and what it did not, with a reason for every unmatched key."""

    name: str
    left_label: str
    right_label: str
    matched: int
    unmatched_left: pd.DataFrame = field(repr=False)
    unmatched_right: pd.DataFrame = field(repr=False)

    @property
    def unexplained(self) -> pd.DataFrame:
        both = pd.concat([self.unmatched_left.assign(side=self.left_label),
                          self.unmatched_right.assign(side=self.right_label)])
        return both[both["reason"].astype(str).str.startswith("unexplained")]

    def table(self) -> pd.DataFrame:
        """One row per unmatched key: side, key, name, reason."""
        return pd.concat([self.unmatched_left.assign(side=f"only in {self.left_label}"),
                          self.unmatched_right.assign(side=f"only in {self.right_label}")],
                         ignore_index=True)[["side", "key", "name", "reason"]]

    def summary(self) -> str:
        return (f"{self.name}: {self.matched} matched; {len(self.unmatched_left)} only in {self.left_label}, "
                f"{len(self.unmatched_right)} only in {self.right_label}; {len(self.unexplained)} unexplained")

    def __str__(self) -> str:
        lines = [self.summary()]
        for _, r in self.table().iterrows():
            lines.append(f"  {r['side']}: {r['key']} {r['name']} - {r['reason']}")
        return "\n".join(lines)

    def _repr_markdown_(self) -> str:
        md = f"**{self.summary()}**\n\n"
        t = self.table()
        if len(t):
            md += t.to_markdown(index=False)
        return md



def _reason(code: str, reasons: dict[str, str], other: str) -> str:
    if code in reasons:
        return reasons[code]
    if isinstance(code, str) and code[:1] in "WSN" and code[1:2].isdigit():
        return f"{COUNTRY[code[0]]}: outside England"
    return f"unexplained: no counterpart in {other}"


def reconcile(left: pd.DataFrame, right: pd.DataFrame, left_on: str, right_on: str | None = None, *,
              name: str = "join", left_label: str = "left", right_label: str = "right",
              left_name: str | None = None, right_name: str | None = None,
              reasons: dict[str, str] | None = None, how: str = "inner") -> tuple[pd.DataFrame, Reconciliation]:
    """Join two tables on a code and report every key that did not match, with its reason.

    ``reasons`` maps a key to why it may be missing (the caller builds it from the lookups it holds,
    e.g. :func:`analysis.data.geography.merger_reasons`); a code outside England is explained by its
    country; keys with no reason are reported as ``unexplained`` so a test can pin the expected set.
    """
    right_on = right_on or left_on
    reasons = reasons or {}
    if not left[left_on].is_unique or not right[right_on].is_unique:
        dup = left_label if not left[left_on].is_unique else right_label
        raise ValueError(f"{name}: join key is not unique in {dup}")
    lk, rk = set(left[left_on]), set(right[right_on])

    def unmatched(df, key, keys, other, name_col):
        rows = df[df[key].isin(keys)]
        names = rows[name_col] if name_col else pd.Series([""] * len(rows), index=rows.index)
        out = pd.DataFrame({"key": rows[key].astype(str), "name": names.astype(str)})
        out["reason"] = pd.Series([_reason(k, reasons, other) for k in out["key"]], index=out.index, dtype=object)
        return out.sort_values("key").reset_index(drop=True)

    merged = left.merge(right, left_on=left_on, right_on=right_on, how=how, validate="one_to_one")
    rec = Reconciliation(
        name=name, left_label=left_label, right_label=right_label, matched=len(lk & rk),
        unmatched_left=unmatched(left, left_on, lk - rk, right_label, left_name),
        unmatched_right=unmatched(right, right_on, rk - lk, left_label, right_name))
    return merged, rec

