"""What this study gives the "your area" page: each LA's deprivation ranks (IoD 2019), its community
need (the wards' CNI scores, as this study aggregates them by default) and its Leave share in 2016."""

from __future__ import annotations

import pandas as pd

from analysis.data import geography, loaders
from analysis.data import imd as imd_vocabulary
from analysis.studies.leave import STUDY
from analysis.studies.leave import compute
from analysis.studies.study import AreaFigure, AreaPart

#: each IoD 2019 summary measure, in words, as the ranks' labels give it
BY = {"average_score": "by average score", "average_rank": "by average rank", "extent": "by extent",
      "local_concentration": "by local concentration",
      "share_most_deprived_10pc": "by share of neighbourhoods among England's most deprived 10%"}


def figures() -> tuple[AreaFigure, ...]:
    headline = STUDY.params["imd_measure"].default
    imd = [AreaFigure(imd_vocabulary.rank_column(m), f"Deprivation rank, Index of Multiple Deprivation 2019 ({BY[m]})",
                      2019, "rank", 0, rank_meaning="1 = most deprived", more=m != headline)
           for m in sorted(imd_vocabulary.IMD_MEASURES, key=lambda m: m != headline)]
    return (*imd,
            AreaFigure("cni", "Community Needs Index 2019 (the mean score of its wards)", 2019, "", 1, rank="highest",
                       rank_meaning="1 = greatest need"),
            AreaFigure("leave_pct", "Leave share of the valid votes, EU referendum 2016", 2016, "%", 1, rank="highest",
                       rank_meaning="1 = highest Leave share"))


def la_table(la: pd.DataFrame, imd_la: pd.DataFrame, places: pd.DataFrame,
             reasons: dict[str, str] | None = None) -> tuple[pd.DataFrame, dict]:
    """``places``' LAs with their IoD 2019 ranks (``imd_la``: File 10), community need and Leave share
    (``la``: the study's LA table on the LADs of 2019), with the default aggregation and share; and the
    two joins."""
    p = STUDY.params
    cni, share = f"cni_{p['cni_aggregation'].default}", f"leave_{p['leave_share_of'].default}"
    ranks = [imd_vocabulary.rank_column(m) for m in imd_vocabulary.IMD_MEASURES]
    loaders.require_columns(imd_la, ["lad19_code", "lad19_name", *ranks], "IoD 2019 File 10")
    loaders.require_columns(la, ["code", "name", cni, share], "referendum areas (LADs of 2019)")
    out, joins = places[["code", "name"]], {}
    out, joins["imd"] = geography.reconcile(
        out, imd_la[["lad19_code", "lad19_name", *ranks]].rename(columns={"lad19_code": "code", "lad19_name": "imd_name"}),
        "code", name="LADs of 2019 -> IoD 2019 File 10", left_label="LADs of 2019", right_label="IoD 2019 File 10",
        left_name="name", right_name="imd_name", how="left", reasons=reasons)
    out, joins["leave"] = geography.reconcile(
        out.drop(columns="imd_name"), la[["code", "name", cni, share]].rename(
            columns={"name": "ref_name", cni: "cni", share: "leave_pct"}), "code",
        name="LADs of 2019 -> referendum areas (LAD 2019)", left_label="LADs of 2019", right_label="referendum areas",
        left_name="name", right_name="ref_name", how="left", reasons=reasons)
    return out.drop(columns=["name", "ref_name"]), joins


def area(places: pd.DataFrame) -> AreaPart:
    src = compute.read_sources()
    la, _ = compute.la_data("lad19", src)
    table, joins = la_table(la, src.imd_la, places, geography.known_reasons(src.lookup, loaders.CNI_ABSENT_LAS))
    return AreaPart(table, figures(), joins)
