"""The Levelling Up Fund's priority list (names of the English LAs of April 2020) on the LADs of 2019."""

from __future__ import annotations

import pandas as pd

from analysis.data.geography.reconcile import Reconciliation, reconcile
from analysis.data.geography.vintages import BUCKS_DISTRICTS_2019, BUCKS_UA_2020


def luf_priority_lad19(luf: pd.DataFrame, lad19: pd.DataFrame) -> tuple[pd.DataFrame, Reconciliation]:
    """England's Levelling Up Fund priority categories on the 317 LADs of 2019.

    ``luf`` is the priority list (``country, name, priority_category``), ``lad19`` the 2019 LADs
    (``lad19_code, lad19_name``: IoD 2019 File 10). The list names 314 English LAs of April 2020. 313
    names equal a File 10 name; the fourth, Buckinghamshire, is the unitary that replaced four 2019
    districts, which each take its category (``via = 'Buckinghamshire (2020)'``). Returns the table and
    the name reconciliation.
    """
    luf = luf[luf["country"] == "England"]
    imd = lad19[["lad19_code", "lad19_name"]]
    bucks_name = BUCKS_UA_2020[1]
    reasons = {bucks_name: f"2020 unitary ({BUCKS_UA_2020[0]}); its category is given to its four 2019 districts"}
    for code, nm in imd.set_index("lad19_code")["lad19_name"].items():
        if code in BUCKS_DISTRICTS_2019:
            reasons[nm] = f"2019 district merged into {bucks_name} in April 2020; takes {bucks_name}'s category"
    merged, rec = reconcile(luf, imd, "name", "lad19_name", name="Levelling Up Fund list -> IoD 2019 LADs",
                            left_label="Levelling Up Fund list (England)", right_label="IoD 2019 File 10",
                            left_name="name", right_name="lad19_code", reasons=reasons)
    merged["via"] = "name"
    cat = luf.set_index("name").loc[bucks_name, "priority_category"]
    extra = imd[imd["lad19_code"].isin(BUCKS_DISTRICTS_2019)].assign(
        country="England", name=bucks_name, priority_category=cat, via=f"{bucks_name} (2020)")
    out = pd.concat([merged, extra], ignore_index=True)[["lad19_code", "lad19_name", "priority_category", "via"]]
    return out.sort_values("lad19_code").reset_index(drop=True), rec
