"""Upper-tier areas across vintages: the 151 of IoD 2019 (2019 codes, File 11) and those of a table on
2023 codes (ONS's HLE series). Facts of public record are typed here once (the Structural Changes
Orders named in :mod:`analysis.data.geography.vintages`); the function takes both tables as arguments.

Between 2019 and 2023 three counties became one unitary each, on the same boundary (Buckinghamshire
in April 2020, North Yorkshire and Somerset in April 2023), and two were split into two unitaries
each (Northamptonshire in April 2021, Cumbria in April 2023): a split county's value belongs to
neither of its successors, so they are left out, each with its reason. ONS also re-coded Barnsley
and Sheffield (E08000016 -> E08000038, E08000019 -> E08000039) after a minor boundary change; they
are matched by name under the newer code.
"""

from __future__ import annotations

import pandas as pd

from analysis.data.geography.counties import ABOLISHED_COUNTIES
from analysis.data.geography.reconcile import Reconciliation, name_key, reconcile
from analysis.data.geography.vintages import SUCCESSOR_YEAR

#: 2019 county code -> (2023 unitary code of the same area, name, April it took over): the abolished
#: counties (:data:`analysis.data.geography.counties.ABOLISHED_COUNTIES`) replaced by one unitary
SAME_AREA_2023 = {c: (us[0], name, SUCCESSOR_YEAR[us[0]]) for c, (name, us) in ABOLISHED_COUNTIES.items()
                  if len(us) == 1}
#: 2019 county code -> (name, the 2023 unitaries it was split into, April they took over)
SPLIT_2023 = {c: (name, us, SUCCESSOR_YEAR[us[0]]) for c, (name, us) in ABOLISHED_COUNTIES.items() if len(us) > 1}


def split_reasons() -> dict[str, str]:
    """Why a split county, or a unitary made from part of one, has no counterpart in the other vintage."""
    out = {}
    for county, (name, parts, year) in SPLIT_2023.items():
        out[county] = f"{name}: county split into {' and '.join(parts)} in April {year}; its value belongs to neither"
        for p in parts:
            out[p] = f"unitary made in April {year} from part of {name} ({county}): no 2019 upper-tier value of its own"
    return out


def utla19_to_2023(utla19: pd.DataFrame, areas23: pd.DataFrame, *, name: str = "upper-tier areas, 2019 to 2023",
                   right_label: str = "2023 areas", reasons: dict[str, str] | None = None
                   ) -> tuple[pd.DataFrame, Reconciliation]:
    """``utla19`` (``utla19_code``, ``utla19_name``, any values) on the 2023 codes of ``areas23``
    (``area_code``, ``area_name``): the rows matched, with ``area_code`` and ``match`` ("same code",
    "same area, new code" or "same name, newer code") added, and the :class:`Reconciliation` of the
    join, every code on either side that did not match given its reason (``reasons`` adds the
    caller's, such as areas a dataset does not publish)."""
    for df, cols, label in ((utla19, ["utla19_code", "utla19_name"], "utla19"),
                            (areas23, ["area_code", "area_name"], "areas23")):
        missing = [c for c in cols if c not in df.columns]
        if missing:
            raise ValueError(f"{label}: missing column(s) {missing}; expected {cols}")
    a23 = areas23[["area_code", "area_name"]].drop_duplicates("area_code")
    codes23 = set(a23["area_code"])
    by_name = a23.assign(key=a23["area_name"].map(name_key)).drop_duplicates("key", keep=False)
    by_name = dict(zip(by_name["key"], by_name["area_code"]))
    taken = set(utla19["utla19_code"]) & codes23
    code, how = [], []
    for c, n in zip(utla19["utla19_code"], utla19["utla19_name"]):
        if c in codes23:
            code.append(c), how.append("same code")
        elif c in SAME_AREA_2023 and SAME_AREA_2023[c][0] in codes23:
            code.append(SAME_AREA_2023[c][0]), how.append("same area, new code")
        elif c not in SPLIT_2023 and by_name.get(name_key(n)) not in (None, *taken):
            code.append(by_name[name_key(n)]), how.append("same name, newer code")
        else:
            code.append(None), how.append(None)
    mapped = utla19.assign(area_code=code, match=how)
    why = split_reasons() | {new: f"{nm}: unitary of the same area as county {old} from April {yr}"
                             for old, (new, nm, yr) in SAME_AREA_2023.items()} | (reasons or {})
    left = mapped.assign(key=mapped["area_code"].fillna(mapped["utla19_code"])).drop(columns="area_code")
    joined, rec = reconcile(left, a23.rename(columns={"area_code": "key"}), "key", name=name,
                            left_label="IoD 2019 upper-tier areas", right_label=right_label, left_name="utla19_name",
                            right_name="area_name", reasons=why)
    return joined.rename(columns={"key": "area_code"}).reset_index(drop=True), rec
