"""The published figures about the Fund that the page tests: the Hansard statement, the breakdown of
winning bids summarised by grin.coop, the WMREDI and theqword blogs, the CEILUP collection's count of
the most deprived areas that received nothing (Graeme Atherton's summary chapter) and its Stoke-on-Trent
chapter's first allocation, and the Health Foundation's split of the Fund between the nations.

Figures about projects (counts, largest awards, nations) do not depend on the page's parameters; the
per-head, regional-share and most-deprived figures follow them, and their notes say under which.
"""

from __future__ import annotations

import pandas as pd

from analysis.data import imd as imd_vocab
from analysis.ledger import claims
from analysis.ledger.claims import Claim
from analysis.ledger.documents import CEILUP, GRIN, HANSARD, HEALTH_FOUNDATION, QWORD, WMREDI
from analysis.studies.luf_round1 import ATTRIBUTION, STUDY
from analysis.studies.luf_round1.compute import CEILUP_TOP, Result, top_award

PAGE = f"notebooks/{STUDY.notebook}"

_TEN = "published to the nearest £10m"
STOKE = "the Stoke-on-Trent chapter"
#: the Fund's announced split: an initial £4bn for England and at least £800m for the other three nations
ENGLAND_BN, OTHER_NATIONS_BN = 4.0, 0.8
OTHER_NATIONS = ("Scotland", "Wales", "Northern Ireland")

CLAIMS = (
    Claim("luf_r1_projects", HANSARD, "statement to the House", "Round 1 funded 105 bids", 105, "count"),
    Claim("luf_r1_total_bn", HANSARD, "statement to the House", "Round 1 awarded £1.7bn (£bn)", "1.7", "coefficient"),
    Claim("luf_r1_largest", GRIN, "list of the largest awards",
          "Largest grant: £49.6m to Derbyshire (South Derby growth zone) (£m)", "49.6", "coefficient"),
    Claim("luf_r1_second", GRIN, "list of the largest awards", "Second largest: £48m to the Isles of Scilly (£m)", "48",
          "coefficient"),
    Claim("luf_r1_third", GRIN, "list of the largest awards", "Third largest: £38.7m to Renfrewshire (£m)", "38.7",
          "coefficient"),
    Claim("luf_r1_fourth", GRIN, "list of the largest awards", "Next largest: £37m to the Liverpool City Region (£m)",
          "37", "coefficient"),
    Claim("luf_r1_scotland", GRIN, "nations", "£172m allocated to Scotland (£m)", "172", "coefficient"),
    Claim("luf_r1_nw_projects", GRIN, "regions", "More projects in the North West (12) than any other region", 12,
          "count"),
    Claim("luf_r1_nw_share", WMREDI, "regional distribution", "The North West received 13.7% of the funding (%)",
          "13.7", "share"),
    Claim("luf_r1_ni_share", WMREDI, "regional distribution", "Northern Ireland received 2.9% of the funding (%)",
          "2.9", "share"),
    Claim("luf_r1_em_per_capita", WMREDI, "spend per capita by region",
          "East Midlands: highest spend per capita, £42 (£ per head)", "42", "coefficient"),
    Claim("luf_r1_em_highest", WMREDI, "spend per capita by region",
          "The East Midlands had the highest spend per capita of the regions", 1, "remark",
          rule="holds if the East Midlands has the highest round-1 money per resident of the nine English regions"),
    Claim("luf_r1_ceilup_none", CEILUP, "Graeme Atherton's summary chapter",
          f"5 of the {CEILUP_TOP} most deprived areas in the IMD rankings received no resources from the Fund's "
          "October 2021 distribution", 5, "count"),
    Claim("luf_r1_gb_projects", QWORD, "allocations by priority category",
          "94 allocations across England, Scotland and Wales", 94, "count"),
    Claim("luf_r1_gb_total_bn", QWORD, "allocations by priority category", "... totalling £1.6bn (£bn)", "1.6",
          "coefficient"),
    Claim("luf_r1_cat2_projects", QWORD, "allocations by priority category", "18 projects in priority category 2", 18,
          "count"),
    Claim("luf_r1_cat2_money", QWORD, "allocations by priority category", "approximately £270m to category 2 (£m)",
          "270", "coefficient", tolerance=5, tolerance_reason=_TEN),
    Claim("luf_r1_cat3_money", QWORD, "allocations by priority category", "a further £100m to category 3 (£m)", "100",
          "coefficient", tolerance=5, tolerance_reason=_TEN),
    Claim("luf_r1_mean_cat1", QWORD, "average allocation by category", "Average allocation, category 1: £17.3m* (£m)",
          "17.3", "coefficient"),
    Claim("luf_r1_mean_cat2", QWORD, "average allocation by category", "Average allocation, category 2: £15.1m (£m)",
          "15.1", "coefficient"),
    Claim("luf_r1_mean_cat3", QWORD, "average allocation by category", "Average allocation, category 3: £12.8m (£m)",
          "12.8", "coefficient"),
    Claim("luf_stoke_bids", CEILUP, STOKE, "A total of 105 bids were successful in the Fund's first allocation", 105,
          "count"),
    Claim("luf_stoke_total_bn", CEILUP, STOKE, "... in the first allocation of £1.5 billion (£bn)", "1.5", "coefficient"),
    Claim("luf_nations_split", HEALTH_FOUNDATION, "Box 3, on the Levelling Up Fund",
          "The Fund: an initial £4bn for England, with at least £800m for Scotland, Wales and Northern Ireland",
          "£4bn England; at least £800m the other nations", "remark",
          rule=f"holds if Scotland, Wales and Northern Ireland together received at least one sixth "
               f"(£{OTHER_NATIONS_BN:g}bn of £{ENGLAND_BN + OTHER_NATIONS_BN:g}bn) of the money of rounds 1 and 2 (two of "
               "the Fund's three rounds, so the split is read as shares)"),
)
CLAIMS_BY_ID = {c.id: c for c in CLAIMS}


def ledger(res: Result) -> pd.DataFrame:
    """Round 1's ledger rows: each published figure against the award list, under the run's choices."""
    p = res.params
    r1 = res.rounds["1"]["bids"]
    total, gb = r1["bid_value"].sum(), r1[~r1["lad23_codes"].str.startswith("N")]
    nations, reg, proj, top, regions_ph = res.nations, res.regions, res.projects, res.ceilup, res.regions_per_head
    c1m = res.lead[res.lead["lead_category"].isin(["1", "mixed"])]
    name = top.columns[1]
    nothing = {a: top.loc[top[f"£m, {a}"] == 0, name].tolist() for a in ATTRIBUTION}
    em = regions_ph.loc["East Midlands"]
    received = STUDY.params["attribution"].labels
    values = {
        "luf_r1_projects": len(r1), "luf_r1_total_bn": total / 1e9,
        "luf_r1_largest": top_award(r1, 0, "Derbyshire"), "luf_r1_second": top_award(r1, 1, "Isles of Scilly"),
        "luf_r1_third": top_award(r1, 2, "Renfrewshire"), "luf_r1_fourth": top_award(r1, 3, "Liverpool City Region"),
        "luf_r1_scotland": nations.loc["Scotland", "money"] / 1e6,
        "luf_r1_nw_projects": int(reg.loc["North West", "bids"]) if reg["bids"].idxmax() == "North West" else None,
        "luf_r1_nw_share": 100 * reg.loc["North West", "money"] / total,
        "luf_r1_ni_share": 100 * nations.loc["Northern Ireland", "money"] / total,
        "luf_r1_em_per_capita": em["£ per head"], "luf_r1_em_highest": int(em["rank"] == 1),
        "luf_r1_ceilup_none": len(nothing[p.attribution]),
        "luf_r1_gb_projects": len(gb), "luf_r1_gb_total_bn": gb["bid_value"].sum() / 1e9,
        "luf_r1_cat2_projects": int(proj.loc["2", "projects"]), "luf_r1_cat2_money": proj.loc["2", "money (£m)"],
        "luf_r1_cat3_money": proj.loc["3", "money (£m)"], "luf_r1_mean_cat1": c1m["bid_value"].mean() / 1e6,
        "luf_r1_mean_cat2": proj.loc["2", "mean award (£m)"], "luf_r1_mean_cat3": proj.loc["3", "mean award (£m)"],
        "luf_stoke_bids": len(r1), "luf_stoke_total_bn": total / 1e9,
    }
    both = sum(res.nations_by_round[r]["money"] for r in ("1", "2"))
    other = both.reindex(list(OTHER_NATIONS)).sum()
    values["luf_nations_split"] = int(other / both.sum() >= OTHER_NATIONS_BN / (ENGLAND_BN + OTHER_NATIONS_BN))
    by_round = "; ".join(f"round {r}: " + ", ".join(f"{n} £{m / 1e6:,.0f}m" for n, m in t["money"].items())
                         for r, t in res.nations_by_round.items())
    readings = {"the UK": (len(r1), total), "Great Britain": (len(gb), gb["bid_value"].sum()),
                "England": (int(nations.loc["England", "bids"]), nations.loc["England", "money"])}
    giving = [k for k, (_, m) in readings.items() if claims.round_half_up(m / 1e9, 1) == claims.round_half_up(1.5, 1)]
    notes = {
        "luf_r1_fourth": "the list has £37.52m, which rounds to £38m; the published £37m looks truncated",
        "luf_r1_nw_projects": "regions of the referendum file; a tie or another leader would show as not testable",
        "luf_r1_em_per_capita": (f"round-1 money on English LAs (a bid received by {p.label('attribution')}) over "
                                 f"mid-{p.population_year} residents; the East Midlands ranks {int(em['rank'])} of "
                                 f"{len(regions_ph)} regions; the blog does not say which population year it used"),
        "luf_r1_em_highest": (f"mid-{p.population_year} residents, a bid received by {p.label('attribution')}; "
                              f"highest here: {regions_ph.index[0]}"),
        "luf_r1_ceilup_none": (f"the {len(top)} most deprived on the {imd_vocab.LABEL[p.imd_measure]}; this run counts "
                               f"a bid as received by {p.label('attribution')}. Counting " + "; counting ".join(
                                   f"{received[a]}: {len(v)} with nothing ({', '.join(v) or 'none'})"
                                   for a, v in nothing.items())),
        "luf_r1_cat2_projects": "lead applicant's category",
        "luf_stoke_bids": "the round-1 award list (October 2021)",
        "luf_stoke_total_bn": ("readings of the first allocation: " + "; ".join(
            f"{k}'s {n} bids £{m / 1e9:.2f}bn" for k, (n, m) in readings.items())
            + (f"; £1.5bn to one decimal only for {', '.join(giving)}" if giving else
               "; none of them rounds to £1.5bn")),
        "luf_nations_split": (f"rounds 1 and 2 together: £{both.sum() / 1e9:.2f}bn, of which Scotland, Wales and "
                              f"Northern Ireland £{other / 1e6:,.0f}m ({100 * other / both.sum():.1f}%, against "
                              f"{100 * OTHER_NATIONS_BN / (ENGLAND_BN + OTHER_NATIONS_BN):.1f}% for one sixth) and England "
                              f"£{both['England'] / 1e9:.2f}bn; in pounds the other nations' £{other / 1e6:,.0f}m is "
                              f"{'at least' if other >= OTHER_NATIONS_BN * 1e9 else 'short of'} £800m. By round: {by_round}"),
        "luf_r1_mean_cat1": (f"counting the {len(c1m)} category-1 and 'mixed' projects (94 - 18 - 8); category-1 leads "
                             f"only: £{proj.loc['1', 'mean award (£m)']:.1f}m; excluding awards above £20m: "
                             f"£{c1m.loc[c1m['bid_value'] <= 20e6, 'bid_value'].mean() / 1e6:.1f}m; "
                             "the blog's asterisk is not explained in our copy"),
    }
    return claims.rows_for(CLAIMS, STUDY.id, PAGE, values, notes)
