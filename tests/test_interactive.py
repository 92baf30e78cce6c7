"""analysis.figures: the interactive strip plot (one tooltip per area, no jitter in it, rings and fills,
deterministic) and the seaborn marks under it: the seeded strip and the fitted line with its band."""
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


def test_strip_points_sit_in_their_column_within_the_jitter_and_carry_their_rows():
    import matplotlib.pyplot as plt
    import numpy as np

    fig, ax = plt.subplots()
    drawn = figures.strip(ax, _frame(), "group", "hle", filled="low", jitter=0.25, seed=7)
    assert [(k, f) for k, f, _, _ in drawn] == [(1, True), (1, False), (2, True), (2, False), (3, False)]
    for key, _, rows, points in drawn:
        xy = np.asarray(points.get_offsets())
        assert (np.abs(xy[:, 0] - (key - 1)) <= 0.25).all()          # column of category key, within the jitter
        assert xy[:, 1].tolist() == rows["hle"].tolist()              # each point is its row
    again = figures.strip(plt.subplots()[1], _frame(), "group", "hle", filled="low", jitter=0.25, seed=7)
    assert all(np.array_equal(a[3].get_offsets(), b[3].get_offsets()) for a, b in zip(drawn, again))
    plt.close("all")


def test_strip_leaves_numpy_global_generator_alone():
    import matplotlib.pyplot as plt
    import numpy as np

    np.random.seed(1)
    expected = np.random.uniform()
    np.random.seed(1)
    figures.strip(plt.subplots()[1], _frame(), "group", "hle")
    assert np.random.uniform() == expected
    plt.close("all")


def test_fitted_line_is_the_least_squares_line_with_a_band():
    import matplotlib.pyplot as plt
    import numpy as np

    rng = np.random.default_rng(0)
    df = pd.DataFrame({"x": np.linspace(0, 10, 40)})
    df["y"] = 2 + 0.5 * df["x"] + rng.normal(0, 1, len(df))
    fig, ax = plt.subplots()
    figures.fitted_line(ax, df.assign(y=df["y"].where(df.index != 3)), "x", "y", label="fit")
    line = ax.get_lines()[0]
    slope, intercept = np.polyfit(df["x"].drop(3), df["y"].drop(3), 1)
    xs, ys = line.get_data()
    assert np.allclose(ys, intercept + slope * np.asarray(xs)) and line.get_label() == "fit"
    assert len(ax.collections) == 1  # the confidence band
    with pytest.raises(ValueError, match="columns \\['z'\\]"):
        figures.fitted_line(ax, df, "x", "z")
    with pytest.raises(ValueError, match="at least 3"):
        figures.fitted_line(ax, df.head(2), "x", "y")
    plt.close("all")


def test_fitted_line_figure_is_the_same_svg_every_run():
    import io

    import matplotlib.pyplot as plt
    import numpy as np

    df = pd.DataFrame({"x": np.arange(20.0), "y": np.sin(np.arange(20.0)) + np.arange(20.0) / 4})

    def svg():
        fig, ax = plt.subplots()
        figures.fitted_line(ax, df, "x", "y")
        buf = io.StringIO()
        fig.savefig(buf, format="svg", metadata={"Date": None})
        plt.close(fig)
        return buf.getvalue()

    assert svg() == svg()
