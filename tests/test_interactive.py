"""analysis.figures.interactive_strip: one tooltip per area, no jitter in it, rings and fills, deterministic."""
import re

import matplotlib

matplotlib.use("Agg")
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from analysis import figures


def _frame():
    return pd.DataFrame({"name": ["Alpha", "Beta", "Gamma", "Delta", "Epsilon"], "group": [1, 1, 2, 2, 3],
                         "hle": [58.5, 63.0, 60.25, 66.0, 70.0], "low": [True, False, True, False, False],
                         "rank": [3, 150, 40, 200, 300]})


def _strip(**kw):
    return figures.interactive_strip(_frame(), "group", "hle", name="name", hover=["rank"], filled="low",
                                      labels={"group": "Priority group", "hle": "HLE (years)", "rank": "Rank"},
                                      ticklabels={1: "group 1", 2: "group 2", 3: "group 3"}, hlines={61: "lowest"},
                                      title="t", source="s", alt="Strip plot of HLE for five areas in three groups", **kw)


def test_interactive_strip_one_tooltip_per_area_without_the_jitter():
    figures.use_style()
    html = _strip().html()
    assert html.count('class="lu-el"') == 5
    assert re.search(r'data-name="Gamma"><title>Gamma\nPriority group: 2\nHLE \(years\): 60.25\nRank: 40</title>', html)
    assert 'aria-label="Strip plot of HLE for five areas in three groups"' in html
    assert html == _strip().html()  # the same jitter on every run
    assert _strip().png().startswith(b"\x89PNG")


def test_interactive_strip_rings_the_areas_not_filled():
    fig = _strip()
    # one layer per category and fill: group 1 filled and ringed, group 2 filled and ringed, group 3 ringed only
    assert [gid for gid, _, _ in fig.layers] == ["strip1_0", "strip1_1", "strip2_0", "strip2_1", "strip3_1"]
    assert [names for gid, names, _ in fig.layers if gid.endswith("_0")] == [["Alpha"], ["Gamma"]]


def test_interactive_strip_refuses_missing_values():
    with pytest.raises(ValueError, match="rows have no"):
        figures.interactive_strip(_frame().assign(hle=[1.0, None, 2.0, 3.0, 4.0]), "group", "hle", name="name",
                                   alt="Strip plot")
    with pytest.raises(ValueError, match="columns \\['nope'\\]"):
        figures.interactive_strip(_frame(), "group", "hle", name="name", hover=["nope"], alt="Strip plot")
