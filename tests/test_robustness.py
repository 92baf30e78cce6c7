"""The robustness page's machinery: verdict words, the grid runner and its summaries on a toy study's
conclusions, and, on the real data through the mirror, the conclusions' figures against the analysis
pages' own records."""

import math
from types import SimpleNamespace

import pytest

from analysis import config
from analysis.ledger import conclusions as lc
from analysis.ledger.documents import Document
from analysis.pages import robustness as page

TOY = SimpleNamespace(id="toy", notebook="00_toy", title="A toy study")
SOURCE = Document("toy", "a source")


def _toy(grid=None, published=2.0, cid="toy") -> lc.Conclusion:
    return lc.Conclusion(
        cid, "x is at least 2", "holds if x >= 2", "x (units)",
        grid if grid is not None else lc.product(x=(1.0, 2.0, 3.0)),
        lambda ctx, spec: (spec["x"] * spec.get("k", 1), spec["x"] * spec.get("k", 1) >= 2),
        published=published, published_text="2", document=SOURCE, threshold=2)


def _groups(*cs):
    return [(TOY, object(), cs or (_toy(),))]


# --------------------------------------------------------------------------------------------
# unit tests


@pytest.mark.parametrize("k, n, words", [(4, 4, "holds in every specification"), (3, 4, "holds in most specifications"),
                                         (2, 4, "holds in some specifications"), (1, 4, "holds in some specifications"),
                                         (0, 4, "holds in no specification"), (1, 1, "holds in every specification")])
def test_verdict_words_follow_the_share_holding(k, n, words):
    assert lc.verdict(k, n) == words


@pytest.mark.parametrize("k, n", [(1, 0), (-1, 3), (4, 3)])
def test_verdict_rejects_impossible_counts(k, n):
    with pytest.raises(ValueError, match="specifications"):
        lc.verdict(k, n)


def test_product_is_the_cartesian_product_in_order():
    grid = lc.product(a=(1, 2), b=("x", "y", "z"))
    assert len(grid) == 6 and grid[0] == {"a": 1, "b": "x"} and grid[-1] == {"a": 2, "b": "z"}


def test_summary_counts_range_published_and_verdict():
    runs = lc.assess(_groups())
    assert runs["holds"].tolist() == [False, True, True]
    s = lc.summary(runs, _groups()).iloc[0]
    assert (s["specifications"], s["holding"], s["min"], s["max"]) == (3, 2, 1.0, 3.0)
    assert math.isclose(s["share_holding"], 200 / 3)
    assert s["published_in_range"] and s["verdict"] == "holds in most specifications"
    assert s["source"] == "a source" and s["page"] == "00_toy"
    out = lc.summary(runs, _groups(_toy(published=9.0))).iloc[0]
    assert not out["published_in_range"]
    assert "outside that range" in page.sentence(out)
    row = page.table(lc.summary(runs, _groups())).iloc[0]
    assert row["holds in"] == "2 of 3 (67%)" and row["figure: min to max"] == "1 to 3"
    html = page.html_table(lc.summary(runs, _groups()))
    assert '<a href="00_toy.html">' in html and "x is at least 2" in html
    assert '<span class="lu-verdict lu-v-consistent">holds in most specifications</span>' in html


def test_a_conclusion_of_no_document_is_the_compendiums_own():
    c = _toy()
    own = lc.Conclusion(**{**c.__dict__, "document": None})
    assert lc.source_of(TOY, own) == "this compendium (A toy study), not a published figure"


def test_summary_without_a_published_value_says_nothing_of_it():
    g = _groups(_toy(published=None))
    s = lc.summary(lc.assess(g), g).iloc[0]
    assert s["published_in_range"] is None and "published" not in page.sentence(s)


def test_summary_stops_on_a_conclusion_without_runs():
    runs = lc.assess(_groups())
    with pytest.raises(ValueError, match="no runs for conclusion 'other'"):
        lc.summary(runs, _groups(_toy(cid="other")))


def test_assess_stops_on_an_empty_grid():
    with pytest.raises(ValueError, match="empty grid"):
        lc.assess(_groups(_toy(grid=[])))


def test_breakdown_and_varied_count_a_parameter_only_where_it_is_set():
    grid = [{"x": 1.0}, {"x": 2.0}, {"x": 1.0, "k": 3}, {"x": 2.0, "k": 3}]
    c = _toy(grid=grid)
    assert c.varied == "x (2) x k (1)"
    b = lc.breakdown(lc.assess(_groups(c)), "toy").set_index(["parameter", "value"])
    assert b.loc[("x", "1"), "specifications"] == 2 and b.loc[("x", "1"), "holding"] == 1
    assert b.loc[("k", "3"), "specifications"] == 2 and b.loc[("k", "3"), "holding"] == 2


def test_spec_text_names_every_choice():
    assert lc.spec_text({"sex": "male", "cutoff": 0.3, "exclude": ()}) == "sex=male, cutoff=0.3, exclude=none"


def test_conclusions_are_declared_completely():
    groups = page.groups()
    every = [c for _s, _ctx, cs in groups for c in cs]
    ids = [c.id for c in every]
    assert len(ids) == len(set(ids))
    for c in every:
        assert c.grid and c.rule.startswith("holds if") and c.statement and c.figure_label
        assert all(isinstance(s, dict) and s for s in c.grid)
        assert len({lc.spec_text(s) for s in c.grid}) == len(c.grid), f"{c.id}: a specification is repeated"
    with pytest.raises(KeyError, match="no conclusion 'nope'"):
        page.conclusion(groups, "nope")


# --------------------------------------------------------------------------------------------
# on the real data: every study's conclusions evaluate over their grids (each study's own tests hold its
# conclusions' default figures to its page's record)


def test_every_specification_evaluates_and_the_page_reads_one_row_per_conclusion():
    """Read on the stored page: nbval re-runs it and compares this cell's output, so the whole grid is
    evaluated once per test run, there, rather than twice."""
    import nbformat

    nb = nbformat.read(page_path := config.ROOT / "notebooks" / "91_robustness.ipynb", as_version=4)
    checked = [c for c in nb.cells if c.cell_type == "code" and c.source.startswith("# NBVAL_CHECK_OUTPUT")]
    assert len(checked) == 1, f"{page_path.name}: one checked cell, found {len(checked)}"
    first, _header, *rows = "".join(o.get("text", "") for o in checked[0].outputs).splitlines()
    every = [c for _s, _ctx, cs in page.groups() for c in cs]
    n = sum(len(c.grid) for c in every)
    assert first == f"{n} specifications evaluated of the {n} the grids declare; 0 without a figure"
    assert [r.split()[0] for r in rows] == [c.id for c in every]
