"""The data page's helpers: unit tests on synthetic frames, and the real files against published counts.

The real-data facts are public: the Electoral Commission's declared UK totals for the 2016 referendum
(Leave 17,410,742; Remain 16,141,241; 382 counting areas in its results file) and Local Trust's 225
left-behind wards among the 7,433 wards of the Community Needs Index.
"""

import matplotlib
import pandas as pd
import pytest

from analysis.data import loaders, registry
from analysis.pages import data_page

matplotlib.use("Agg")


@pytest.fixture
def toy_registry():
    return pd.DataFrame({"dataset": ["a", "b"], "file": ["a.csv", "b.csv"], "description": ["A", "B"],
                         "publisher": ["P", "Q"], "landing_page": ["https://p.org", "https://q.org"],
                         "published": ["2020-01-01", "2021-01-01"], "licence": ["OGL-3.0", "OGL-3.0"],
                         "sha256": ["0123456789abcdef" * 4, "f" * 64], "caveats": ["Old codes.", "Derived."]})


def test_tables_show_links_short_checksums_and_caveats(toy_registry):
    src = data_page.sources_markdown(toy_registry)
    assert "[P](https://p.org)" in src and "[Q](https://q.org)" in src
    files = data_page.files_markdown(toy_registry)
    assert "`0123456789ab`" in files and "0123456789abc" not in files
    cav = data_page.caveats_markdown(toy_registry)
    assert "Old codes." in cav and "`b.csv`" in cav


def test_a_file_without_caveats_stops_the_page(toy_registry):
    with pytest.raises(ValueError, match="no caveats recorded for b.csv"):
        data_page.caveats_markdown(toy_registry.assign(caveats=["Old codes.", " "]))
    with pytest.raises(ValueError, match=r"missing column\(s\) \['caveats'\]"):
        data_page.files_markdown(toy_registry.drop(columns="caveats"))


def test_first_checks_on_a_synthetic_referendum():
    ref = pd.DataFrame({"leave": [1000, 2500], "remain": [1500, 500], "pct_turnout": [60.0, 70.0],
                        "pct_leave": [40.0, 83.3]})
    cni = pd.DataFrame({"left_behind": [True, False, True]})
    f = data_page.first_checks(ref, cni)
    assert (f["ref_leave"], f["ref_remain"], f["ref_areas"]) == ("3,500", "2,000", 2)
    assert (f["cni_wards"], f["cni_left_behind"]) == ("3", 2)
    assert f["ref_turnout_r"] == pytest.approx(1.0)  # two points lie on a line
    with pytest.raises(ValueError, match=r"cni: missing column\(s\) \['left_behind'\]"):
        data_page.first_checks(ref, cni.rename(columns={"left_behind": "lb"}))


def test_first_checks_on_the_real_files_match_the_published_counts():
    f = data_page.first_checks(loaders.referendum(), loaders.cni())
    assert (f["ref_leave"], f["ref_remain"], f["ref_areas"]) == ("17,410,742", "16,141,241", 382)
    assert (f["cni_wards"], f["cni_left_behind"]) == ("7,433", 225)
    assert -0.3 < f["ref_turnout_r"] < 0.3  # turnout tells little about the vote


def test_the_real_registry_renders_every_file():
    t = registry.table()
    cav = data_page.caveats_markdown(t)
    assert all(f"`{f}`" in cav for f in t["file"])


def test_the_figure_draws():
    import matplotlib.pyplot as plt

    fig = data_page.referendum_figure(loaders.referendum())
    assert fig.alt.startswith("Scatter plot")
    plt.close("all")


# --- the missions' local indicators (ONS Explore Local Statistics) -----------------------------------


def test_els_table_in_plain_labels():
    from analysis.data.geography import Reconciliation

    empty = pd.DataFrame(columns=["key", "name", "reason"])
    rec = Reconciliation("a", "a", "current areas", 3, empty,
                         pd.DataFrame({"key": ["E06000063"], "name": ["Cumberland"], "reason": ["replaced"]}))
    summary = pd.DataFrame({"dataset": ["a"], "mission": [4], "measures": ["a share (%)"], "levels": [("england", "lad")],
                            "rows": [10], "set_aside": [2], "periods": [5], "first": ["2014"], "last": ["2019"],
                            "england_latest": ["7.62 (2019)"]})
    t = data_page.els_table(summary, {"a": rec})
    assert t.iloc[0].to_dict() == {
        "mission": 4, "dataset": "a", "what it measures": "a share (%)", "periods": "2014 to 2019 (5 periods)",
        "areas published": "England, local authorities", "rows": 10, "rows set aside": 2,
        "current areas matched": 3, "current areas lacking": 1, "England, latest": "7.62 (2019)"}
    assert "Cumberland (E06000063)" in data_page.els_unmatched_markdown({"a": rec})
    with pytest.raises(ValueError, match="no reconciliation for a"):
        data_page.els_table(summary, {})
    with pytest.raises(ValueError, match=r"missing column\(s\) \['levels'\]"):
        data_page.els_table(summary.drop(columns="levels"), {"a": rec})


def test_els_table_on_the_real_files_lists_every_els_dataset():
    joins = {d: loaders.els_join(d)[1] for d in loaders.ELS_DATASETS}
    t = data_page.els_table(loaders.els_summary(), joins).set_index("dataset")
    assert list(t.index) == list(loaders.ELS_DATASETS)
    assert t.loc["pupils_at_expected_standards_by_end_of_primary_school", "England, latest"] == "63 (2024/25)"
    assert t.loc["average_travel_time", "periods"] == "2014 to 2019 (5 periods)"
    assert t.loc["average_travel_time", "current areas lacking"] == 8
    assert t["current areas matched"].add(t["current areas lacking"]).loc["gross_value_added"] == 1 + 9 + 296
    text = data_page.els_unmatched_markdown(joins)
    assert "Cumberland (E06000063)" in text and "65 areas of Scotland, Wales and Northern Ireland" in text
