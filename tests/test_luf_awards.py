"""Levelling Up Fund round 1 (analysis ``luf_round1``): unit tests on synthetic frames, then
invariants on the real award list checked against its SOURCE.md and published facts."""

import pandas as pd
import pytest

from analysis.data import geography, loaders
from analysis.studies import luf as L

NAMES = pd.Series({"E07000027": "Barrow-in-Furness", "E07000030": "Eden", "E07000031": "South Lakeland",
                   "E08000012": "Liverpool", "E06000006": "Halton"})
SUCC = {"E06000064": ("Westmorland and Furness", ("E07000027", "E07000030", "E07000031"))}


def bids(rows):
    return pd.DataFrame(rows, columns=["bid_id", "area", "bid_name", "bid_value", "lad23_codes"])


# --- mapping ------------------------------------------------------------------------------------


def test_split_codes_one_row_per_code_and_refuses_empty_or_duplicate_ids():
    b = bids([("a", "X", "n", 10.0, "E08000012;E06000006"), ("b", "Y", "n", 5.0, "E08000012")])
    long = L.split_codes(b)
    assert long["lad23_code"].tolist() == ["E08000012", "E06000006", "E08000012"]
    assert long["n_codes"].tolist() == [2, 2, 1]
    with pytest.raises(ValueError, match="empty"):
        L.split_codes(bids([("a", "X", "n", 1.0, "")]))
    with pytest.raises(ValueError, match="not unique"):
        L.split_codes(bids([("a", "X", "n", 1.0, "E08000012"), ("a", "X", "n", 1.0, "E08000012")]))
    with pytest.raises(ValueError, match="lad23_codes"):
        L.split_codes(pd.DataFrame({"bid_id": ["a"], "area": ["X"], "bid_value": [1.0]}))


def test_map_keeps_2019_codes_and_maps_a_2023_unitary_by_lead_name():
    b = bids([("a", "Barrow-in-Furness", "n", 9.0, "E06000064"), ("b", "Cumbria", "n", 3.0, "E06000064"),
              ("c", "Liverpool", "n", 1.0, "E08000012")])
    placed, report = L.map_bids_to_lad19(b, NAMES, unitary_2023="lead_name", successors=SUCC)
    assert report.empty
    got = placed.groupby("bid_id")["lad19_code"].apply(list).to_dict()
    assert got == {"a": ["E07000027"], "b": ["E07000027", "E07000030", "E07000031"], "c": ["E08000012"]}
    assert placed.set_index("bid_id").loc["c", "route"] == "unchanged"
    placed2, _ = L.map_bids_to_lad19(b, NAMES, unitary_2023="predecessors", successors=SUCC)
    assert placed2.groupby("bid_id").size().to_dict() == {"a": 3, "b": 3, "c": 1}


def test_map_reports_outside_england_and_unknown_codes_with_reasons():
    b = bids([("w", "Powys", "n", 1.0, "W06000023"), ("x", "Nowhere", "n", 2.0, "E07999999"),
              ("m", "Mixed", "n", 4.0, "E08000012;S12000033"), ("n", "NI", "n", 3.0, "N09000001;N09000002")])
    placed, report = L.map_bids_to_lad19(b, NAMES, successors=SUCC)
    r = report.set_index("bid_id")
    assert sorted(r.index) == ["m", "n", "w", "x"]
    assert r.loc["w", "reason"].startswith("Wales: outside England")
    assert r.loc["x", "reason"].startswith("unexplained")
    assert r.loc["n", "lad23_codes"] == "N09000001;N09000002"
    assert r.loc["n", "reason"].startswith("Northern Ireland")  # one reason per bid, not repeated
    assert r["partly_placed"].to_dict() == {"m": True, "n": False, "w": False, "x": False}
    assert placed["bid_id"].tolist() == ["m"]


def test_map_refuses_bad_parameter():
    with pytest.raises(ValueError, match="'unitary_2023' = .* is not allowed; one of: 'lead_name', 'predecessors'"):
        L.map_bids_to_lad19(bids([("a", "X", "n", 1.0, "E08000012")]), NAMES, unitary_2023="biggest")


# --- apportioning and totals --------------------------------------------------------------------


def placed_frame():
    return pd.DataFrame({"bid_id": ["a", "a", "b"], "lad19_code": ["L1", "L2", "L1"], "bid_value": [30.0, 30.0, 5.0]})


def test_apportion_equal_conserves_totals_and_whole_credits_each_lad():
    eq = L.apportion(placed_frame(), "equal")
    assert eq["value"].tolist() == [15.0, 15.0, 5.0] and eq["weight"].sum() == 2
    wh = L.apportion(placed_frame(), "whole")
    assert wh["value"].tolist() == [30.0, 30.0, 5.0] and wh["weight"].sum() == 3
    with pytest.raises(ValueError, match="'apportion' = .* is not allowed; one of: 'equal', 'whole'"):
        L.apportion(placed_frame(), "population")


def test_awards_by_lad19():
    aw = L.awards_by_lad19(L.apportion(placed_frame(), "equal")).set_index("lad19_code")
    assert aw.loc["L1"].tolist() == [20.0, 1.5, 2] and aw.loc["L2"].tolist() == [15.0, 0.5, 1]


# --- deciles and the LA table ------------------------------------------------------------------


def imd_frame(n=20, ties=False):
    ranks = list(range(1, n + 1))
    if ties:
        ranks[1] = 1
    return pd.DataFrame({"lad19_code": [f"L{i}" for i in range(1, n + 1)], "lad19_name": [f"LA {i}" for i in range(1, n + 1)],
                         **{c: ranks for c in L.IMD_MEASURES.values()}})


def test_imd_deciles_cut_ranks_into_tenths():
    d = L.imd_deciles(imd_frame(20))
    assert d["imd_decile"].tolist() == [k for k in range(1, 11) for _ in range(2)]
    d317 = L.imd_deciles(imd_frame(317))
    assert sorted(d317.groupby("imd_decile").size().unique()) == [31, 32]
    assert d317.set_index("imd_rank").loc[[1, 32, 33, 317], "imd_decile"].tolist() == [1, 1, 2, 10]
    assert L.imd_deciles(imd_frame(20, ties=True))["imd_decile"].tolist()[:2] == [1, 1]
    with pytest.raises(ValueError, match="parameter .imd_measure. = .score. is not allowed; one of:"):
        L.imd_deciles(imd_frame(), "score")
    bad = imd_frame(10).assign(imd_rank_of_avg_score=range(2, 12))
    with pytest.raises(ValueError, match="ranks must lie in 1..10"):
        L.imd_deciles(bad)


def la_inputs():
    dec = L.imd_deciles(imd_frame(20))
    prio = pd.DataFrame({"lad19_code": dec["lad19_code"], "priority_category": [1] * 7 + [2] * 7 + [3] * 6})
    awards = pd.DataFrame({"lad19_code": ["L1", "L15"], "money": [10e6, 4e6], "awards": [1.0, 0.5], "bids": [1, 1]})
    electors = pd.DataFrame({"lad19_code": dec["lad19_code"], "electorate": [1000] * 20})
    return awards, prio, dec, electors


def test_la_table_fills_zero_and_adds_per_elector():
    awards, prio, dec, electors = la_inputs()
    la = L.la_table(awards, prio, dec, electors)
    assert len(la) == 20 and la["money"].sum() == 14e6 and (la["money"] == 0).sum() == 18
    assert la.set_index("lad19_code").loc["L1", "per_elector"] == 10e6 / 1000
    with pytest.raises(ValueError, match="cover different LAs"):
        L.la_table(awards, prio.iloc[:-1], dec)
    with pytest.raises(ValueError, match=r"outside the LA table: \['L99'\]"):
        L.la_table(pd.DataFrame({"lad19_code": ["L99"], "money": [1.0], "awards": [1.0], "bids": [1]}), prio, dec)


def test_summarise_by_category_with_total_row():
    la = L.la_table(*la_inputs())
    s = L.summarise(la, "priority_category")
    assert s.index.tolist() == ["1", "2", "3", "all"]
    assert s["LAs"].tolist() == [7, 7, 6, 20] and s["LAs with an award"].tolist() == [1, 0, 1, 2]
    assert s.loc["1", "money (£m)"] == 10 and s.loc["all", "share of money (%)"] == 100
    assert s.loc["3", "share of money (%)"] == pytest.approx(100 * 4 / 14)
    assert s.loc["1", "£ per elector"] == pytest.approx(10e6 / 7000)


def test_most_deprived_orders_by_rank_and_validates_n():
    la = L.la_table(*la_inputs())
    top = L.most_deprived(la, 3)
    assert top["lad19_name"].tolist() == ["LA 1", "LA 2", "LA 3"] and top["money"].tolist() == [10e6, 0, 0]
    for bad in (0, 2.5, True):
        with pytest.raises(ValueError, match="n_most_deprived"):
            L.most_deprived(la, bad)


def test_by_nation_and_by_region():
    b = bids([("a", "X", "n", 2.0, "S12000033"), ("b", "Y", "n", 3.0, "E08000012"), ("c", "Z", "n", 4.0, "E08000012")])
    assert L.by_nation(b).to_dict() == {"bids": {"England": 2, "Scotland": 1}, "money": {"England": 7.0, "Scotland": 2.0}}
    with pytest.raises(ValueError, match="spanning nations"):
        L.by_nation(bids([("a", "X", "n", 2.0, "S12000033;E08000012")]))
    alloc = L.apportion(placed_frame(), "equal")
    reg = L.by_region(alloc, pd.DataFrame({"lad19_code": ["L1", "L2"], "region": ["North", "South"]}))
    assert reg.to_dict() == {"bids": {"North": 2, "South": 1}, "money": {"North": 20.0, "South": 15.0}}
    with pytest.raises(ValueError, match="without a region"):
        L.by_region(alloc, pd.DataFrame({"lad19_code": ["L1"], "region": ["North"]}))


def test_lead_categories_and_projects_by_category():
    b = bids([("a", "Rhondda Cynon Taf", "n", 10.0, "W06000016"), ("b", "Kent", "n", 4.0, "E07000105"),
              ("c", "County", "n", 6.0, "E1;E2"), ("d", "Nowhere", "n", 1.0, "E3")])
    prio = pd.DataFrame({"name": ["Rhondda Cynon Taff"], "priority_category": [1]})
    pc = pd.DataFrame({"bid_id": ["b", "c", "c"], "priority_category": [2, 2, 3]})
    lead = L.lead_categories(b, prio, pc).set_index("bid_id")
    assert lead["lead_category"].to_dict() == {"a": "1", "b": "2", "c": "mixed", "d": "none"}
    p = L.projects_by_category(lead)
    assert p.loc["all", "projects"] == 4 and p.loc["1", "money (£m)"] == pytest.approx(10e-6)
    assert p.loc["all", "mean award (£m)"] == pytest.approx(21e-6 / 4)


# --- the successor table -----------------------------------------------------------------------


def test_successor_table_is_the_structural_changes_orders():
    t = geography.lad23_successor_table()
    assert len(t) == 28 and t["lad19_code"].is_unique
    names = loaders.imd_lad().set_index("lad19_code")["lad19_name"]
    assert t["lad19_code"].isin(names.index).all() and not t["lad23_code"].isin(names.index).any()
    got = t.assign(n=t["lad19_code"].map(names)).groupby("lad23_name")["n"].apply(sorted).to_dict()
    assert got == {
        "Buckinghamshire": ["Aylesbury Vale", "Chiltern", "South Bucks", "Wycombe"],
        "North Northamptonshire": ["Corby", "East Northamptonshire", "Kettering", "Wellingborough"],
        "West Northamptonshire": ["Daventry", "Northampton", "South Northamptonshire"],
        "Cumberland": ["Allerdale", "Carlisle", "Copeland"],
        "Westmorland and Furness": ["Barrow-in-Furness", "Eden", "South Lakeland"],
        "North Yorkshire": ["Craven", "Hambleton", "Harrogate", "Richmondshire", "Ryedale", "Scarborough", "Selby"],
        "Somerset": ["Mendip", "Sedgemoor", "Somerset West and Taunton", "South Somerset"]}
    assert geography.SUCCESSORS_2023["E06000060"][1] == geography.BUCKS_DISTRICTS_2019


# --- real data ---------------------------------------------------------------------------------

OUTSIDE_ENGLAND = {
    "Scotland": ["R1-001", "R1-029", "R1-039", "R1-042", "R1-045", "R1-067", "R1-078", "R1-100"],
    "Wales": ["R1-022", "R1-023", "R1-027", "R1-071", "R1-076", "R1-077", "R1-079", "R1-080", "R1-081", "R1-104"],
    "Northern Ireland": ["R1-002", "R1-003", "R1-004", "R1-008", "R1-024", "R1-032", "R1-033", "R1-034", "R1-040",
                         "R1-056", "R1-068"],
}


@pytest.fixture(scope="module")
def r1():
    b = loaders.luf_bids()
    return b[b["round"] == 1].reset_index(drop=True)


@pytest.fixture(scope="module")
def names():
    return loaders.imd_lad().set_index("lad19_code")["lad19_name"]


def test_round1_list_matches_its_source_notes(r1):
    assert len(r1) == 105  # SOURCE.md and the published 105 projects
    assert abs(r1["bid_value"].sum() - 1_693_323_657) < 1  # SOURCE.md: sum of Bid Value = £1,693,323,657


@pytest.mark.parametrize("unitary", L.UNITARY_2023)
def test_round1_unplaced_set_is_exactly_the_non_english_bids(r1, names, unitary):
    placed, report = L.map_bids_to_lad19(r1, names, unitary_2023=unitary)
    got = {nation: sorted(report.loc[report["reason"].str.startswith(nation), "bid_id"]) for nation in OUTSIDE_ENGLAND}
    assert got == OUTSIDE_ENGLAND
    assert len(report) == 29 and not report["partly_placed"].any()
    assert not report["reason"].str.startswith("unexplained").any()
    assert placed["bid_id"].nunique() == 76 and set(placed["lad19_code"]) <= set(names.index)


def test_round1_2023_unitaries(r1, names):
    placed, _ = L.map_bids_to_lad19(r1, names, unitary_2023="lead_name")
    via = placed[placed["route"] != "unchanged"].groupby("area")["lad19_code"].apply(sorted).to_dict()
    assert via == {"Barrow-in-Furness": ["E07000027"], "Somerset": ["E07000187", "E07000188", "E07000189", "E07000246"]}
    placed2, _ = L.map_bids_to_lad19(r1, names, unitary_2023="predecessors")
    assert sorted(placed2.loc[placed2["area"] == "Barrow-in-Furness", "lad19_code"]) == ["E07000027", "E07000030", "E07000031"]


@pytest.mark.parametrize("method", L.APPORTION)
def test_round1_england_table(r1, names, method):
    placed, report = L.map_bids_to_lad19(r1, names)
    alloc = L.apportion(placed, method)
    priority, _ = geography.luf_priority_lad19()
    la = L.la_table(L.awards_by_lad19(alloc), priority, L.imd_deciles(loaders.imd_lad()))
    assert len(la) == 317
    assert la.groupby("priority_category").size().tolist() == [93, 108, 116]
    english = r1.loc[~r1["bid_id"].isin(report["bid_id"]), "bid_value"].sum()
    if method == "equal":
        assert la["money"].sum() == pytest.approx(english) and la["awards"].sum() == pytest.approx(76)
    else:
        assert la["money"].sum() > english and la["awards"].sum() == len(placed)


def test_round1_published_facts(r1, names):
    """Figures published at the time (LocalGov via grin.coop; WMREDI; theqword), from the list itself."""
    top = r1.nlargest(3, "bid_value")
    assert top["area"].tolist() == ["Derbyshire", "Isles of Scilly", "Renfrewshire"]
    assert round(top["bid_value"].iloc[0] / 1e6, 1) == 49.6
    nations = L.by_nation(r1)
    assert nations["bids"].to_dict() == {"England": 76, "Northern Ireland": 11, "Scotland": 8, "Wales": 10}
    assert round(nations.loc["Scotland", "money"] / 1e6) == 172
    placed, _ = L.map_bids_to_lad19(r1, names)
    reg = L.by_region(L.apportion(placed, "equal"), geography.referendum_england("lad19"))
    assert reg["bids"].idxmax() == "North West" and reg.loc["North West", "bids"] == 12
    priority, _ = geography.luf_priority_lad19()
    pc = placed.merge(priority, on="lad19_code")
    lead = L.lead_categories(r1[~r1["lad23_codes"].str.startswith("N")], loaders.luf_priority(), pc)
    assert len(lead) == 94 and (lead["lead_category"] == "2").sum() == 18
    assert sorted(lead.loc[lead["lead_category"] == "mixed", "area"]) == [
        "Derbyshire", "East Sussex", "Gloucestershire", "Lincolnshire", "Liverpool City Region", "Somerset"]


def test_plot_money_by_rank_rings_the_most_deprived_and_lists_those_with_nothing():
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    la = pd.DataFrame({"priority_category": [1, 1, 2, 3], "imd_rank": [1, 2, 3, 4], "money": [0.0, 5e6, 0.0, 2e7],
                       "lad19_name": ["A", "B", "C", "D"]})
    fig, ax = plt.subplots()
    L.plot_money_by_rank(ax, la, la.head(2), "rank of average score")
    texts = [t.get_text() for t in ax.texts]
    assert "B" in texts and any(t.startswith("won nothing: A (1)") for t in texts)
    assert "1 = most deprived of 4" in ax.get_xlabel()
    plt.close(fig)
    with pytest.raises(ValueError, match="missing column"):
        L.plot_money_by_rank(ax, la.drop(columns="money"), la, "x")
