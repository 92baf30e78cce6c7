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
    assert _strip().svg().count('class="lu-el"') == 5
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


def test_interactive_png_is_a_small_palette_copy_and_the_svg_keeps_text_as_text():
    from PIL import Image
    import io

    figures.use_style()
    fig = _strip()
    img = Image.open(io.BytesIO(fig.png()))
    assert img.mode == "P" and len(img.getcolors(256)) <= figures.interactive.PNG_COLOURS
    assert img.info.get("dpi", (figures.interactive.PNG_DPI,))[0] == pytest.approx(figures.interactive.PNG_DPI, abs=1)
    svg = fig.svg()
    assert "<text" in svg and "glyph" not in svg  # text as text, no glyph outlines
    assert not re.search(r'\bd="[^"]*\d\.\d\d', svg)  # path data at 0.1 pt at most
    many = pd.DataFrame({"name": [f"area {i}" for i in range(12)], "x": range(12), "y": [i % 5 for i in range(12)]})
    svg = figures.interactive_scatter(many, "x", "y", name="name", alt="Scatter of twelve areas").svg()
    marks = re.findall(r'class="lu-el"[^>]*><title>[^<]*</title><use ([^>]*)/>', svg)
    assert len(marks) == 12 and not [m for m in marks if "style=" in m]  # one class for the repeated style
    assert re.search(r"<style[^>]*>\.lu-s[0-9a-f]{8} \{", svg)


def test_compact_path_keeps_the_shape_at_a_tenth_of_a_point():
    from analysis.figures.interactive import _compact_path

    # a boundary: each point relative to the one before, from the rounded points
    assert _compact_path("M 10.0 20.04 L 30.16 -40.98 \nL 5 6 z") == "M10 20l20.2-61-25.2 47z"
    assert _compact_path("M 1 1 L 1.04 1.26 z M 5 5 L 4.5 5 z") == "M1 1l0 .3zM5 5l-.5 0z"
    # a marker's curves: absolute points, at 0.1 pt
    assert _compact_path("M 0 -2.345 C 0.61 -2.3 1.2 -2.06 1.63 -1.63 z") == "M0 -2.3C0.6 -2.3 1.2 -2 1.6 -1.6z"


def test_compact_boundary_lands_on_every_rounded_point():
    import numpy as np

    from analysis.figures.interactive import _compact_path

    pts = np.random.default_rng(3).uniform(-50, 500, size=(200, 2))
    d = "M " + " L ".join(f"{x:.6f} {y:.6f}" for x, y in pts) + " z"
    nums = [float(v) for v in re.findall(r"-?(?:\d+\.?\d*|\.\d+)", _compact_path(d))]
    back = np.cumsum(np.array(nums).reshape(-1, 2), axis=0)
    assert np.allclose(back, np.round(pts, 1), atol=1e-9)


def test_simplified_boundaries_keep_every_area_and_their_shared_border():
    import geopandas as gpd
    from shapely.geometry import Polygon

    # two squares sharing a wiggly border of 10 m steps: simplified at 500 m the wiggle goes, the border stays shared
    wiggle = [(1000, y) if i % 2 else (1010, y) for i, y in enumerate(range(0, 1001, 50))]
    left = Polygon([(0, 0), *wiggle, (0, 1000)])
    right = Polygon([(2000, 0), (2000, 1000), *wiggle[::-1]])
    g = gpd.GeoDataFrame({"name": ["L", "R"]}, geometry=[left, right], crs=figures.BNG)
    s = figures.style.simplified(g, 500)
    assert len(s) == 2 and s.geometry.is_valid.all()
    assert sum(len(p.exterior.coords) for p in s.geometry) < sum(len(p.exterior.coords) for p in g.geometry)
    assert s.geometry.iloc[0].intersection(s.geometry.iloc[1]).area == pytest.approx(0, abs=1e-6)  # no overlap
    assert s.union_all().area == pytest.approx(g.union_all().area, rel=0.02)                      # no gap
    assert figures.style.simplified(g, 0) is g
    with pytest.raises(ValueError, match="tolerance in metres"):
        figures.style.simplified(g, -1)


def test_every_interactive_figure_has_a_phone_copy_with_the_same_marks_and_larger_text():
    figures.use_style()
    fig = _strip()
    desktop, phone = fig.svg(), fig.phone_svg()
    assert phone.count('class="lu-el"') == desktop.count('class="lu-el"') == 5
    width = float(re.search(r'viewBox="0 0 ([\d.]+) ', phone).group(1))  # points
    assert width <= figures.interactive.PHONE_WIDTH_IN * 72 * 1.15  # drawn for a phone's column
    sizes = [float(x) for x in re.findall(r"font(?:-size)?:\s*(?:[\w ]*?)([\d.]+)px", phone)]
    assert sizes and min(sizes) >= figures.interactive.PHONE_MIN_PT
    html = fig.html()
    assert html.count("lu-desktop") >= 1 and html.count("lu-phone") >= 1
    assert f"max-width: {figures.interactive.PHONE_MAX_PX}px" in html


def test_find_box_script_forgives_case_punctuation_and_saint():
    """The find box's matching, run in node when it is on the machine (the book's browser tests run it too)."""
    import shutil
    import subprocess

    node = shutil.which("node")
    if not node:
        pytest.skip("node is not installed")
    script = figures.interactive._SCRIPT
    norm = script[script.index("function norm"):script.index("function dist")]
    js = norm + "console.log([norm(\"King's  Lynn & West Norfolk\"), norm('Saint Helens'), norm('St. Helens')].join('|'))"
    out = subprocess.run([node, "-e", js], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "kings lynn and west norfolk|st helens|st helens"


def test_static_figure_has_a_desktop_and_a_phone_copy_and_closes_its_figure():
    import matplotlib.pyplot as plt

    figures.use_style()
    fig, axes = plt.subplots(1, 3, figsize=(12, 4))
    for ax in axes:
        ax.plot([1, 2, 3], [3, 1, 2])
        ax.set_title("a panel with a title long enough to need wrapping on a phone")
    figures.finish(fig, title="Three panels side by side", source="made up")
    axes[0].text(1, 1, "a 6.5-pt note", fontsize=6.5)
    axes[2].text(1, 1, "a 5-pt note on a hidden panel", fontsize=5)
    axes[2].set_visible(False)
    out = figures.static_figure(fig, alt="Three line charts side by side")
    assert not plt.get_fignums()
    from PIL import Image
    import io
    desktop, phone = (Image.open(io.BytesIO(b)) for b in (out.desktop, out.phone))
    assert phone.width < desktop.width and phone.height > desktop.height  # panels stacked, one per row
    html = out.html()
    assert html.count("<img") == 2 and 'alt="Three line charts side by side"' in html
    assert 'class="lu-desktop" alt="Three line charts side by side" data-min-pt="6.5"' in html  # what is shown
    bundle = out._repr_mimebundle_()
    assert set(bundle) == {"text/html", "text/plain"}  # each image stored once, in the page
    assert figures.is_figure(bundle) and not figures.is_figure({"text/html": "<table></table>"})
    with pytest.raises(ValueError, match="alt"):
        figures.static_figure(plt.figure(), alt=" ")
    assert not plt.get_fignums()


def test_panels_drawn_one_a_row_for_a_phone_keep_their_rows_and_labels_inside_them():
    import matplotlib.pyplot as plt

    from analysis.figures.phone import PHONE_WIDTH_IN, for_phone

    figures.use_style()
    fig, axes = plt.subplots(3, 1, figsize=(PHONE_WIDTH_IN, 11.5), sharex=True)
    for ax in axes:
        ax.plot([1, 2, 3], [3, 1, 2])
        ax.set_ylabel("gap in healthy life expectancy (years)")
    figures.finish(fig, title="Three panels, one a row", source="made up")
    for_phone(fig)
    fig.canvas.draw()
    assert fig.get_size_inches()[0] == pytest.approx(PHONE_WIDTH_IN)
    for ax in axes:  # each row about as tall as drawn, and its label wrapped to it rather than into the next
        box, label = ax.get_window_extent(), ax.yaxis.label.get_window_extent()
        assert box.height / fig.dpi >= 0.6 * PHONE_WIDTH_IN
        assert label.height <= box.height
    plt.close(fig)


@pytest.mark.parametrize("copy", ["desktop", "phone"])
def test_a_figure_keeps_no_band_of_blank_between_its_header_and_its_panel(copy):
    """tight_layout keeps room for a figure's title (its suptitle) above the panels; the house style places
    the title itself, above the rectangle it lays the panels out in, so that room would be kept twice (about
    half an inch of blank under every desktop figure's subtitle, and up to an inch under a phone copy's)."""
    import matplotlib.pyplot as plt

    from analysis.figures.phone import for_phone

    figures.use_style()
    fig, ax = plt.subplots(figsize=(8, 5))
    ax.plot([1, 2, 3], [3, 1, 2])
    ax.set_title("a panel")
    figures.finish(fig, title="A title that states the finding", subtitle="Its subtitle", source="made up")
    if copy == "phone":
        for_phone(fig)
    fig.canvas.draw()
    subtitle = next(t for t in fig.texts if t.get_text() == "Its subtitle").get_window_extent()
    gap = (subtitle.y0 - ax.get_tightbbox().y1) / fig.dpi
    assert 0 < gap < 0.35, f"{gap:.2f} in of blank between the subtitle and the panel"
    assert fig._suptitle.get_in_layout(), "the title is in the saved image's bounds"
    plt.close(fig)


def test_a_maps_note_moves_to_the_foot_of_its_phone_copy():
    """A map's boundary note sits at its panel's corner on a desktop; on a phone the map fills its panel, and
    the note would cover its corner or the colour bar under it: it goes above the source line, once."""
    import matplotlib.pyplot as plt
    from matplotlib.patches import Rectangle

    from analysis.figures.phone import for_phone

    figures.use_style()
    fig, ax = plt.subplots(figsize=(7, 7.4))
    ax.add_patch(Rectangle((0, 0), 1, 2))
    ax.set_xlim(0, 1), ax.set_ylim(0, 2), ax.set_aspect("equal"), ax.set_axis_off()
    ax.text(0.0, 0.0, "Boundaries: made up; British National Grid", transform=ax.transAxes, fontsize=7)
    figures.finish(fig, title="A map", source="made up")
    for_phone(fig)
    fig.canvas.draw()
    [note] = [t for t in fig.texts if t.get_text().startswith("Boundaries")]
    [source] = [t for t in fig.texts if t.get_text().startswith("Source")]
    assert not ax.texts
    assert source.get_window_extent().y1 <= note.get_window_extent().y0 < note.get_window_extent().y1 <= \
        ax.get_window_extent().y0
    box = ax.get_position(original=True).height * fig.get_size_inches()[1]
    assert box - ax.get_position(original=False).height * fig.get_size_inches()[1] < 0.1, "the map's box is its height"
    plt.close(fig)


def test_a_phone_copy_wraps_long_category_labels_to_their_share_of_the_width():
    import matplotlib.pyplot as plt

    from analysis.figures.phone import for_phone

    figures.use_style()
    fig, ax = plt.subplots(figsize=(8, 5))
    ax.bar([0, 1, 2], [1, 2, 3])
    ax.set_xticks([0, 1, 2], ["the most deprived tenth of areas", "the middle of the distribution", "the rest"])
    figures.finish(fig, title="Bars", source="made up")
    for_phone(fig)
    labels = [t.get_text() for t in ax.get_xticklabels()]
    assert "\n" in labels[0] and "\n" in labels[1] and labels[2] == "the rest"
    plt.close(fig)


def test_a_title_of_two_lines_and_a_long_source_keep_clear_of_the_rest():
    """A desktop title wrapped to two lines moves the subtitle and the panels down a line (they sit under it as
    under a title of one line); a source line that wraps to two or three lines gets room under the panels (at
    9 pt it no longer fits the old fixed margin)."""
    import matplotlib.pyplot as plt

    def drawn(title: str, source: str):
        fig, ax = plt.subplots(figsize=(8, 5))
        ax.plot([2012, 2020, 2035], [63, 62, 68])
        ax.set_xlabel("middle year of the 3-year period")
        figures.finish(fig, title=title, subtitle="Bars: intervals; dashed: the path", source=source)
        fig.canvas.draw()
        box = {t.get_text()[:4]: t.get_window_extent() for t in fig.texts}
        out = (box["Bars"].y1 - fig._suptitle.get_window_extent().y0, box["Bars"].y0 - ax.get_tightbbox().y1,
               ax.get_tightbbox().y0 - box["Sour"].y1)
        plt.close(fig)
        return out

    figures.use_style()
    one = drawn("England's healthy life expectancy was well off the path", "ONS")
    two = drawn("In 2022-24 England's healthy life expectancy was well off the path\nto five more years",
                "a long list of publishers, " * 8)
    assert two[0] <= one[0] + 1, "the title's second line runs into the subtitle"
    assert two[1] >= 0, "the subtitle runs into the panel"
    assert two[2] >= 0, "the source line runs into the panel's labels"
