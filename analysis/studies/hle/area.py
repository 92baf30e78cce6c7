"""What this study gives the "your area" page: each LA's healthy life expectancy of 2009-13, the
figure the Fund analysis used, for both sexes, with the study's default parameters on the LAs of 2019."""

from __future__ import annotations

import pandas as pd

from analysis.data import geography, loaders
from analysis.studies.hle import STUDY
from analysis.studies.study import AreaFigure, AreaPart

#: how each value was obtained, in words (the study's ``hle_source``)
HOW = {"official": "published by ONS", "estimate": "estimated from its neighbourhoods",
       "estimate (merged 2019 LA)": "estimated from its former districts' neighbourhoods"}
PEOPLE = {"male": "men", "female": "women"}
NOTE = ("The figure the Health Foundation set against the Fund's priority groups (2021). It comes from ONS's "
        "2009-13 release, based on the 2011 Census, while ONS's series above comes from a survey, with another "
        "method: the two are not comparable, and a difference between them is not a change over time.")

FIGURES = tuple(AreaFigure(f"hle_{sex}", f"Healthy life expectancy 2009-13, {PEOPLE[sex]}", 2013, "years", 1,
                           rank="lowest", rank_meaning="1 = lowest", note=NOTE if sex == "male" else "",
                           detail=f"hle_{sex}_how") for sex in STUDY.params["sex"].choices)


def values_table(values: dict[str, pd.DataFrame], places: pd.DataFrame) -> tuple[pd.DataFrame, dict]:
    """Each LA's HLE 2009-13 by sex (``values``: the study's ``Result.values`` by sex), how it was obtained
    in words, and the join of each sex's values with the LAs of ``places``."""
    out, joins = places[["code", "name"]].copy(), {}
    for sex, v in values.items():
        loaders.require_columns(v, ["lad19_code", "lad19_name", "hle", "hle_source"], f"HLE 2009-13 values ({sex})")
        unknown = sorted(set(v["hle_source"].dropna()) - set(HOW))
        if unknown:
            raise ValueError(f"HLE 2009-13 values ({sex}): no words for how {unknown} were obtained; known: {list(HOW)}")
        right = pd.DataFrame({"code": v["lad19_code"], "hle_name": v["lad19_name"], f"hle_{sex}": v["hle"],
                              f"hle_{sex}_how": v["hle_source"].map(HOW)})
        out, joins[f"hle_{sex}"] = geography.reconcile(
            out, right, "code", name=f"LADs of 2019 -> HLE 2009-13 ({PEOPLE[sex]})", left_label="LADs of 2019",
            right_label="HLE 2009-13 values", left_name="name", right_name="hle_name", how="left")
        out = out.drop(columns="hle_name")
    return out.drop(columns="name"), joins


def area(places: pd.DataFrame) -> AreaPart:
    inputs = STUDY.load()
    values = {s: STUDY.run(inputs, STUDY.check(sex=s, unit="lad19")).values for s in STUDY.params["sex"].choices}
    table, joins = values_table(values, places)
    return AreaPart(table, FIGURES, joins)
