"""What the left-behind page shows: the facts it glues, its tables and its map. Page code only: the
numbers come from :mod:`analysis.studies.left_behind.compute`."""

from __future__ import annotations

import pandas as pd

from analysis.data.loaders import require_columns
from analysis.studies.left_behind import UNIVERSE_TEXT
from analysis.studies.left_behind.compute import agreement, compare_flags

SOURCE = ("OCSI for Local Trust, Community Needs Index 2019 (with the left-behind flag); MHCLG IoD 2019, ward "
          "aggregation by British Red Cross")


def page_facts(wards: pd.DataFrame, universe: str, share: float) -> dict:
    """The numbers the page quotes (``wards`` after the rule is applied), keyed for ``glue``."""
    require_columns(wards, ["cni_score", "imd_score", "cni_worst", "imd_worst"], "page_facts")
    diff = compare_flags(wards)
    published_only = diff[diff["in"] == "published only"]
    facts = {f"lb_{k}": v for k, v in agreement(wards).items()}
    facts.update({
        "worst_share_pct": f"{100 * share:.0f}%", "universe_text": UNIVERSE_TEXT[universe],
        "n_cni": f"{int(wards['cni_score'].notna().sum()):,}", "n_imd": f"{int(wards['imd_score'].notna().sum()):,}",
        "n_common": f"{int((wards['cni_score'].notna() & wards['imd_score'].notna()).sum()):,}",
        "n_cni_worst": int(wards["cni_worst"].sum()), "n_imd_worst": int(wards["imd_worst"].sum()),
        "n_diff": len(diff), "n_pub_not_imd": int((~published_only["imd_worst"]).sum()),
        "n_pub_not_cni": int((~published_only["cni_worst"]).sum()),
    })
    return facts


def la_facts(by_la: pd.DataFrame, k: int = 5) -> dict:
    """How many LAs have a left-behind ward, and the ``k`` with the most (from :func:`compute.la_table`)."""
    require_columns(by_la, ["lad19_name", "left_behind"], "la_facts")
    top = by_la.head(k)
    return {"n_la_with": int((by_la["left_behind"] > 0).sum()), "n_la": len(by_la),
            "top_las": ", ".join(f"{r.lad19_name} ({r.left_behind})" for r in top.itertuples())}


def differences_view(differences: pd.DataFrame) -> pd.DataFrame:
    """The wards where the two lists disagree, as the page shows them (scores to one decimal)."""
    return differences[["in", "ward17_code", "ward17_name", "lad17_name", "cni_rank", "cni_score", "imd_score",
                        "why"]].round(1)


def ledger_view(ledger: pd.DataFrame) -> pd.DataFrame:
    """The ledger rows as the page shows them, with the rule of each qualitative claim."""
    return ledger[["statement", "published", "reproduced", "verdict", "rule", "note"]]


def gaps_view(gaps: pd.DataFrame) -> pd.DataFrame:
    """The domain comparison as the page shows it (plain headings, three significant figures)."""
    return gaps.rename(columns={"domain": "IMD 2019 domain", "flagged mean": "left-behind wards (mean)",
                                "others mean": "other wards of the same deciles (mean)",
                                "difference": "difference, decile-adjusted", "ci_low": "95% interval from",
                                "ci_high": "to", "worse": "more deprived"}).round(3)


def crowe_facts(gaps: pd.DataFrame, civic: dict) -> dict:
    """The numbers the page quotes on Kate Crowe's statements."""
    worse = gaps[gaps["worse"]]
    return {"crowe_n_flagged": gaps.attrs["n_flagged"], "crowe_n_others": gaps.attrs["n_others"],
            "crowe_deciles": " and ".join(map(str, gaps.attrs["deciles"])), "crowe_n_worse": len(worse),
            "crowe_worse_domains": ", ".join(worse["domain"]).lower() or "none",
            "crowe_better_domains": ", ".join(gaps.loc[gaps["ci_high"] < 0, "domain"]).lower() or "none",
            "crowe_civic_pct": f"{civic['pct_worse_than_mean']:.0f}%",
            "crowe_civic_median_pct": f"{civic['pct_worse_than_median']:.0f}%"}


def left_behind_map(boundaries, by_la: pd.DataFrame, share: float):
    """Interactive map of the re-derived left-behind wards as a share of each English LA's wards."""
    from analysis.figures import interactive_choropleth

    require_columns(by_la, ["lad19_code", "wards", "left_behind", "pct_left_behind"], "left_behind_map")
    gdf = boundaries[boundaries["lad19_code"].str.startswith("E")].merge(
        by_la[["lad19_code", "wards", "left_behind", "pct_left_behind"]], on="lad19_code", how="left")
    return interactive_choropleth(
        gdf, "pct_left_behind", name="lad19_name", hover=["wards", "left_behind"],
        labels={"pct_left_behind": "Left-behind wards (% of the LA's wards)", "wards": "Wards with a CNI score",
                "left_behind": "Re-derived left-behind wards"},
        legend_title="left-behind wards (% of the LA's wards)", cmap="magma_r", figsize=(7, 7.5),
        title="Left-behind wards are concentrated in the North, the Midlands and on the east coast",
        subtitle=f"Re-derived left-behind wards (worst {100 * share:.0f}% on both CNI and ward IMD) as a share of "
                 "each LA's wards; grey = no CNI",
        source=SOURCE + "; ONS LAD December 2019 boundaries",
        alt=("Choropleth map of England by 2019 local authority, shaded by the share of the authority's wards that "
             "are left-behind, from pale (none) to dark (the highest shares). Most authorities have none; the dark "
             "ones are in the North, the Midlands and on the east coast. Each authority's tooltip gives its number "
             "of wards, its number of left-behind wards and the share."))
