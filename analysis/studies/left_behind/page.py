"""What the left-behind page shows: the facts it glues, its tables and its map. Page code only: the
numbers come from :mod:`analysis.studies.left_behind.compute`."""

from __future__ import annotations

import pandas as pd

from analysis.data.loaders import require_columns
from analysis.figures import Table, table
from analysis.studies.left_behind import UNIVERSE_TEXT
from analysis.studies.left_behind.compute import agreement, compare_flags
from analysis.studies.left_behind.outcomes import DOMAINS, MOST_DOMAINS

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


def differences_view(differences: pd.DataFrame) -> Table:
    """The wards where the two lists disagree, for readers (scores to one decimal)."""
    return table(differences, {"in": "On the list", "ward17_name": "Ward", "lad17_name": "Local authority",
                               "ward17_code": "Code", "cni_rank": "CNI rank", "cni_score": "CNI score",
                               "imd_score": "Ward IMD score", "why": "Why"},
                 formats={"cni_score": 1, "imd_score": 1},
                 caption="The wards on one list only: re-derived here, or flagged by Local Trust (CNI rank 1 = the "
                         "most need).", visible_rows=len(differences))


def la_view(by_la: pd.DataFrame, k: int = 10) -> Table:
    """The ``k`` local authorities with the most re-derived left-behind wards (:func:`compute.la_table`)."""
    return table(by_la.head(k), {"lad19_name": "Local authority", "wards": "Wards", "left_behind": "Left-behind wards",
                                 "pct_left_behind": "Share of its wards (%)"},
                 formats={"pct_left_behind": 1},
                 caption=f"Table 1. The {k} local authorities with the most left-behind wards (re-derived; 2019 "
                         "boundaries).")


def gaps_table(gaps: pd.DataFrame) -> Table:
    """The domain comparison (:func:`outcomes.domain_gaps`) for readers."""
    return table(gaps, {"domain": "Domain of deprivation", "flagged mean": "Left behind", "others mean": "Others",
                        "difference": "Difference", "ci_low": "From", "ci_high": "To", "worse": "More deprived"},
                 formats={"flagged mean": _three, "others mean": _three, "difference": _three, "ci_low": _three,
                          "ci_high": _three, "worse": lambda v: "yes" if v else "no"},
                 caption="Table 2. Local Trust's left-behind wards against the other wards of the same IMD deciles "
                         "on each domain of the IMD 2019: the mean score of each (higher = more deprived), and the "
                         "difference allowing for the decile with its 95% interval (from, to).")


def _three(v) -> str:
    """A score to three significant figures (the domains' scores run from fractions to tens)."""
    return f"{v:.3g}"


def join_view(rec) -> Table:
    """What the join of the CNI wards to the ward IMD left over, and why."""
    return table(rec.table(), {"side": "Left over", "key": "Code", "name": "Ward", "reason": "Why"},
                 caption=f"{rec.summary()}.", visible_rows=len(rec.table()))




def found(res, ledger: pd.DataFrame) -> dict[str, str]:
    """The page's opening sentences ("What we found"), from a run (:class:`compute.Result`) and its ledger
    rows, keyed for glue (as Markdown: whole sentences, not figures to stand out)."""
    a, share = res.agreement, f"{100 * res.params.worst_share:g}%"
    verdict = ledger.set_index("claim_id")["verdict"]
    same = a["derived"] == a["published"]
    rule = (f"Local Trust's rule (a ward in the worst {share} on both the Community Needs Index and the Index of "
            f"Multiple Deprivation), applied to the open ward data, gives {a['derived']} left-behind wards, "
            + ("the number Local Trust published" if same else f"against the {a['published']} Local Trust published"))
    rule += (f"; {a['both']} of them are the wards it flagged, and the {a['derived_only']} that differ sit near the "
             "cut-off of the ward deprivation score, which OCSI built its own way." if a["derived_only"] else
             f"; all {a['both']} are the wards it flagged.")
    gaps = res.gaps
    worse = gaps[gaps["worse"]]
    better = gaps.loc[gaps["ci_high"] < 0, "domain"].str.lower().tolist()
    holds = verdict["crowe_worse_outcomes"] == "reproduced"
    skills = verdict["crowe_lower_skills"] == "reproduced"
    crowe = (f"Set against other wards equally deprived overall, Local Trust's left-behind wards are more deprived "
             f"on {len(worse)} of the {len(DOMAINS)} domains of deprivation"
             + (", education and skills among them" if skills else ", though not on education and skills")
             + (", as Kate Crowe of Local Trust writes" if holds and skills else
                ", which bears out only part of what Kate Crowe of Local Trust writes")
             + (f" (they are less deprived on {' and '.join(better)})." if better else "."))
    pct = res.civic["pct_worse_than_mean"]
    published = ledger.set_index("claim_id").loc["crowe_community_space", "published"]
    differs = verdict["crowe_community_space"] != "reproduced"
    space = (f"{'But only' if differs else 'And'} {pct:.0f}% of them have fewer community and civic assets than the "
             f"average ward, {'not' if differs else 'as in'} the {published}% with less community space that she "
             "gives; the data hold no measure of community space itself, so this is a proxy.")
    return {"found_rule": rule, "found_crowe": crowe, "found_space": space}


def gaps_view(gaps: pd.DataFrame) -> pd.DataFrame:
    """The domain comparison as the page shows it (plain headings, three significant figures)."""
    return gaps.rename(columns={"domain": "IMD 2019 domain", "flagged mean": "left-behind wards (mean)",
                                "others mean": "other wards of the same deciles (mean)",
                                "difference": "difference, decile-adjusted", "ci_low": "95% interval from",
                                "ci_high": "to", "worse": "more deprived"}).round(3)


def crowe_facts(gaps: pd.DataFrame, civic: dict) -> dict:
    """The numbers the page quotes on Kate Crowe's statements."""
    worse = gaps[gaps["worse"]]
    return {"crowe_n_flagged": gaps.attrs["n_flagged"], "crowe_n_others": f"{gaps.attrs['n_others']:,}",
            "crowe_deciles": " and ".join(map(str, gaps.attrs["deciles"])), "crowe_n_worse": len(worse),
            "crowe_worse_domains": ", ".join(worse["domain"]).lower() or "none",
            "crowe_better_domains": ", ".join(gaps.loc[gaps["ci_high"] < 0, "domain"]).lower() or "none",
            "crowe_min_domains": MOST_DOMAINS, "n_domains": len(DOMAINS),
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
        source=SOURCE + "; ONS local authority district boundaries, December 2019",
        vintage="local authority districts, December 2019 (ONS)",
        alt=("Choropleth map of England by 2019 local authority, shaded by the share of the authority's wards that "
             "are left-behind, from pale (none) to dark (the highest shares). Most authorities have none; the dark "
             "ones are in the North, the Midlands and on the east coast. Each authority's tooltip gives its number "
             "of wards, its number of left-behind wards and the share."))
