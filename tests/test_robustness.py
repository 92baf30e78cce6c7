"""The robustness page's machinery: verdict words, the grid runner and its summaries on toy conclusions,
and, on the real data through the mirror, the in-process adapters against the analysis pages' own runs."""

import math

import pandas as pd
import pytest

from analysis.errors import ParameterError
from analysis.ledger import claims
from analysis.studies import robustness as rb


def _toy(grid=None, published=2.0) -> rb.Conclusion:
    return rb.Conclusion(
        "toy", "00_toy", "a source", "x is at least 2", "holds if x >= 2", "x (units)", published, "2",
        grid if grid is not None else rb.product(x=(1.0, 2.0, 3.0)),
        lambda inputs, spec: (spec["x"] * spec.get("k", 1), spec["x"] * spec.get("k", 1) >= 2), threshold=2)


# --------------------------------------------------------------------------------------------
# unit tests


@pytest.mark.parametrize("k, n, words", [(4, 4, "holds in every specification"), (3, 4, "holds in most specifications"),
                                         (2, 4, "holds in some specifications"), (1, 4, "holds in some specifications"),
                                         (0, 4, "holds in no specification"), (1, 1, "holds in every specification")])
def test_verdict_words_follow_the_share_holding(k, n, words):
    assert rb.verdict(k, n) == words


@pytest.mark.parametrize("k, n", [(1, 0), (-1, 3), (4, 3)])
def test_verdict_rejects_impossible_counts(k, n):
    with pytest.raises(ValueError, match="specifications"):
        rb.verdict(k, n)


def test_product_is_the_cartesian_product_in_order():
    grid = rb.product(a=(1, 2), b=("x", "y", "z"))
    assert len(grid) == 6 and grid[0] == {"a": 1, "b": "x"} and grid[-1] == {"a": 2, "b": "z"}


def test_summary_counts_range_published_and_verdict():
    runs = rb.assess([_toy()], inputs=object())
    assert runs["holds"].tolist() == [False, True, True]
    s = rb.summary(runs, [_toy()]).iloc[0]
    assert (s["specifications"], s["holding"], s["min"], s["max"]) == (3, 2, 1.0, 3.0)
    assert math.isclose(s["share_holding"], 200 / 3)
    assert s["published_in_range"] and s["verdict"] == "holds in most specifications"
    out = rb.summary(runs, [_toy(published=9.0)]).iloc[0]
    assert not out["published_in_range"]
    assert "outside that range" in rb.sentence(out)
    row = rb.table(rb.summary(runs, [_toy()])).iloc[0]
    assert row["holds in"] == "2 of 3 (67%)" and row["figure: min to max"] == "1 to 3"
    page = rb.html_table(rb.summary(runs, [_toy()]))
    assert '<a href="00_toy.html">' in page and "x is at least 2" in page
    assert '<span class="lu-verdict lu-v-consistent">holds in most specifications</span>' in page


def test_summary_without_a_published_value_says_nothing_of_it():
    runs = rb.assess([_toy(published=None)], inputs=object())
    s = rb.summary(runs, [_toy(published=None)]).iloc[0]
    assert s["published_in_range"] is None and "published" not in rb.sentence(s)


def test_summary_stops_on_a_conclusion_without_runs():
    runs = rb.assess([_toy()], inputs=object())
    other = _toy()
    object.__setattr__(other, "id", "other")
    with pytest.raises(ValueError, match="no runs for conclusion 'other'"):
        rb.summary(runs, [other])


def test_assess_stops_on_an_empty_grid():
    with pytest.raises(ValueError, match="empty grid"):
        rb.assess([_toy(grid=[])], inputs=object())


def test_breakdown_and_varied_count_a_parameter_only_where_it_is_set():
    grid = [{"x": 1.0}, {"x": 2.0}, {"x": 1.0, "k": 3}, {"x": 2.0, "k": 3}]
    c = _toy(grid=grid)
    assert c.varied == "x (2) x k (1)"
    b = rb.breakdown(rb.assess([c], inputs=object()), "toy").set_index(["parameter", "value"])
    assert b.loc[("x", "1"), "specifications"] == 2 and b.loc[("x", "1"), "holding"] == 1
    assert b.loc[("k", "3"), "specifications"] == 2 and b.loc[("k", "3"), "holding"] == 2


def test_spec_text_names_every_choice():
    assert rb.spec_text({"sex": "male", "cutoff": 0.3, "exclude": ()}) == "sex=male, cutoff=0.3, exclude=none"


def test_conclusions_are_declared_completely():
    ids = [c.id for c in rb.CONCLUSIONS]
    assert len(ids) == len(set(ids))
    for c in rb.CONCLUSIONS:
        assert c.grid and c.rule.startswith("holds if") and c.statement and c.source and c.figure_label
        assert all(isinstance(s, dict) and s for s in c.grid)
        assert len({rb.spec_text(s) for s in c.grid}) == len(c.grid), f"{c.id}: a specification is repeated"
    with pytest.raises(ParameterError, match="no conclusion 'nope'"):
        rb.conclusion("nope")


# --------------------------------------------------------------------------------------------
# invariants on the real data (mirror): the in-process figures agree with the analysis pages' records


@pytest.fixture(scope="module")
def inputs():
    return rb.Inputs()


@pytest.fixture(scope="module")
def ledger():
    return claims.read_published().set_index("claim_id")


def test_hle_default_specification_matches_the_hle_page(inputs, ledger):
    c = rb.hle_result(inputs)["counts"]
    assert c["n_lowest"] == int(ledger.loc["hle_fig2_n_lowest", "reproduced"])
    assert c["lowest_not_g1"] == int(ledger.loc["hle_fig2_lowest_not_g1", "reproduced"])
    value, _ = rb.share_lowest_not_g1(inputs, {"sex": "male", "cutoff": 0.3, "estimator": "mean", "unit": "luf_list"})
    assert math.isclose(value, 100 * c["lowest_not_g1"] / c["n_lowest"])


def test_hle_shortcut_equals_a_full_run(inputs):
    from analysis.studies import hle

    spec = dict(sex="female", cutoff=0.25, average="median", estimator="median", merged="exclude", unit="lad19")
    short = rb.hle_result(inputs, imd_measure="extent", **spec)
    full = hle.run(inputs.hle, imd_measure="extent", **spec)
    assert short["counts"] == full.counts
    assert short["quadrants"].equals(full.quadrants)
    assert math.isclose(short["average"], full.average)


def test_leave_default_specification_matches_the_leave_page(inputs, ledger):
    spec = dict(la_vintage="lad19", imd_measure="average_score", leave_share_of="valid_votes", include_london=True,
                method="pearson")
    r_imd, _ = rb.imd_leave_weak(inputs, spec)
    r_cni, _ = rb.cni_leave_strong(inputs, {**{k: v for k, v in spec.items() if k != "imd_measure"},
                                            "cni_aggregation": "mean"})
    assert round(r_imd, 4) == float(ledger.loc["leave_imd_r", "reproduced"])
    assert round(r_cni, 4) == float(ledger.loc["leave_cni_r", "reproduced"])


def test_left_behind_default_matches_the_wards_page(inputs, ledger):
    n, _ = rb.left_behind_count(inputs, {"universe": "own"})
    assert n == int(ledger.loc["left_behind_count", "reproduced"])


def test_inner_city_default_matches_the_leave_page(inputs, ledger):
    diff, holds = rb.inner_city_fewer(inputs, {"inner_city": "inner_london", "universe": "own", "worst_share": 0.1})
    assert int(holds) == int(ledger.loc["leave_fig1_inner_city", "reproduced"])
    inner, every = rb.inner_city_shares(inputs, inner_city="inner_london")
    assert math.isclose(diff, 100 * (inner - every)) and 0 <= inner <= 1 and 0 < every < 1


def test_luf_default_specification_matches_the_luf_page(inputs, ledger):
    n, _ = rb.most_deprived_without(inputs, {"attribution": "covered", "imd_vintage": 2019})
    assert n == int(ledger.loc["luf_r1_ceilup_none", "reproduced"])
    per_head, highest = rb.east_midlands_highest(inputs, {"attribution": "covered", "population_year": 2022})
    assert math.isclose(per_head, float(ledger.loc["luf_r1_em_per_capita", "reproduced"]), rel_tol=1e-9)
    assert int(highest) == int(ledger.loc["luf_r1_em_highest", "reproduced"])


def test_mission7_change_is_the_mission7_pages_change(inputs):
    from analysis.studies import mission7

    ch = rb.mission7_change(inputs, sex="female", gap="decile", tail=0.1, interval="basic")
    page = mission7.widened_since(mission7.FIRST, hle=inputs.hle_series, sex="both", gap="decile", tail=0.1)
    page = page.set_index("sex").loc["female"]  # the page simulates both sexes in one draw, as the adapter does
    assert math.isclose(ch["change"], page["change"]) and math.isclose(ch["change_lo"], page["change_lo"])


def test_every_specification_evaluates_and_the_page_reads_one_row_per_conclusion(inputs):
    runs = rb.assess(inputs=inputs)
    assert len(runs) == sum(len(c.grid) for c in rb.CONCLUSIONS)
    assert runs["figure"].notna().all()
    s = rb.summary(runs)
    assert list(s["conclusion"]) == [c.id for c in rb.CONCLUSIONS]
    assert isinstance(rb.table(s), pd.DataFrame) and len(rb.table(s)) == len(s)
