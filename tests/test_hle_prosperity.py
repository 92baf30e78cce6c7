"""The briefing's "14 areas ... more prosperous than the national average ... in the highest priority
group": the readings on synthetic frames, then the join and the counts' invariants on the real data."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.data import geography
from analysis.studies.hle import STUDY, compute, prosperity


def _listed():
    return pd.DataFrame({"la_code": ["A", "B", "C", "D", "E"], "la_name": ["Ay", "Be", "Ce", "De", "Ee"],
                         "priority_category": [1, 1, 1, 2, 1]})


def _els(values: dict[str, float], england: float, year: str = prosperity.YEAR, indicator: str = "X"):
    rows = [{"area_code": c, "area_name": c.lower(), "level": "lad", "indicator": indicator, "period_label": year,
             "value": v} for c, v in values.items()]
    rows.append({"area_code": prosperity.ENGLAND, "area_name": "England", "level": "england", "indicator": indicator,
                 "period_label": year, "value": england})
    return pd.DataFrame(rows)


def test_above_counts_the_group_strictly_above_the_threshold():
    values = pd.DataFrame({"area_code": ["A", "B", "C", "D"], "value": [10.0, 20.0, 30.0, 99.0]})
    out = prosperity.above(_listed(), values, 20.0)
    # B sits on the threshold (not above), D is group 2, E has no value
    assert out == {"n": 1, "of": 3, "names": ["Ce"]}
    assert prosperity.above(_listed(), values, 20.0, group=2)["names"] == ["De"]


def test_year_values_needs_the_year_and_englands_value():
    t = _els({"E06000001": 1.0}, 2.0)
    las, eng = prosperity.year_values(t, "X")
    assert eng == 2.0 and las["area_code"].tolist() == ["E06000001"]
    with pytest.raises(ValueError, match="no rows for 1999"):
        prosperity.year_values(t, "X", "1999")
    with pytest.raises(ValueError, match="England"):
        prosperity.year_values(t[t["area_code"] != prosperity.ENGLAND], "X")


def test_listed_2020_puts_buckinghamshire_together_and_recodes_barnsley():
    p = pd.DataFrame({"lad19_code": [*geography.BUCKS_DISTRICTS_2019, "E08000016", "E06000001"],
                      "lad19_name": ["a", "b", "c", "d", "Barnsley", "Hartlepool"],
                      "priority_category": [2, 2, 2, 2, 1, 1]})
    out = prosperity.listed_2020(p).set_index("la_name")
    assert out.loc["Buckinghamshire", "la_code"] == geography.BUCKS_UA_2020[0]
    assert out.loc["Buckinghamshire", "priority_category"] == 2
    assert out.loc["Barnsley", "la_code"] == "E08000038"
    assert len(out) == 3
    p.loc[0, "priority_category"] = 3
    with pytest.raises(ValueError, match="different categories"):
        prosperity.listed_2020(p)


def test_nearest_prefers_the_smallest_distance():
    t = pd.DataFrame({"label": ["a", "b"], "above_england": [5, 13], "above_median": [16, 20]})
    assert prosperity.nearest(t, 14) == {"label": "b", "average": "England's value", "n": 13, "distance": 1}


# --------------------------------------------------------------------------------------------
# the real data


@pytest.fixture(scope="module")
def inputs():
    return compute.load()


@pytest.fixture(scope="module")
def listed(inputs):
    return prosperity.listed_2020(inputs.priority)


def test_the_funds_english_list_as_published(listed):
    assert len(listed) == 314 and listed["la_code"].is_unique
    assert listed["priority_category"].value_counts().to_dict() == {3: 113, 2: 108, 1: 93}


def test_every_reading_leaves_out_exactly_the_districts_merged_since_2020(inputs, listed):
    merged = {d for u, (_, ds) in geography.SUCCESSORS_2023.items() if geography.SUCCESSOR_YEAR[u] > 2020 for d in ds}
    created = {u for u in geography.SUCCESSORS_2023 if geography.SUCCESSOR_YEAR[u] > 2020}
    table, recs = prosperity.readings(listed, inputs.prosperity)
    assert len(recs) == len(prosperity.READINGS)
    for rec in recs:
        assert rec.unexplained.empty, str(rec)
        assert set(rec.unmatched_left["key"]) == merged
        assert set(rec.unmatched_right["key"]) == created
    merged_g1 = listed[listed["la_code"].isin(merged) & (listed["priority_category"] == 1)]
    assert (table["of"] == 93 - len(merged_g1)).all()


def test_counts_bounded_and_the_median_reading_counts_at_least_as_many_when_it_is_lower(inputs, listed):
    table, _ = prosperity.readings(listed, inputs.prosperity)
    assert ((table["above_england"] >= 0) & (table["above_england"] <= table["of"])).all()
    for _, r in table.iterrows():
        assert len(r["names"]) == r["above_england"]
        if r["median"] <= r["england"]:
            assert r["above_median"] >= r["above_england"]


def test_the_ledger_row_tests_the_headline_reading(inputs):
    res = compute.run(inputs, STUDY.check())
    row = STUDY.ledger(res).set_index("claim_id").loc["hle_prosperous_in_g1"]
    head = res.prosperity.set_index("reading").loc[prosperity.HEADLINE]
    assert row["published"] == "14" and row["kind"] == "count"
    assert row["reproduced"] == head["above_england"]
    assert row["verdict"] == ("reproduced" if head["above_england"] == 14 else "differs")
    assert any(r.name.startswith("the Fund's list (2020)") for r in res.reconciliations)
