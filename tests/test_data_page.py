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
