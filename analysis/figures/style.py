"""One plotting style for the whole book.

- a colour-blind-safe palette (Okabe-Ito) and a fixed order for categories;
- titles that state the finding, axis labels with units, and a source line under every figure;
- maps in British National Grid (EPSG:27700) with the boundary vintage noted.

Statistical marks are drawn by seaborn, inside the house style: jittered strip plots (:func:`strip`,
``seaborn.stripplot``, seeded) and fitted lines with their confidence band (:func:`fitted_line`,
``seaborn.regplot``, seeded bootstrap).

Figures with one mark per area are interactive (``analysis.figures.interactive``): the same figure
as inline SVG with tooltips, and its PNG inside the same output for print.
"""

# Captions and alt text: the convention for every figure cell
# ------------------------------------------------------------
# Put them in the cell's metadata (MyST-NB 1.4 reads it; the book renders the caption under the figure
# and the alt text as the <img alt> attribute):
#
#     {"mystnb": {"figure": {"caption": "What the figure is, in one sentence."},
#                 "image": {"alt": "What the figure shows: the kind of chart, what is across and up,
#                                   and the pattern a sighted reader sees."}}}
#
# One figure per cell, shown once (plt.show() for matplotlib; the value of the cell for
# interactive_scatter, which also takes alt= because its SVG carries the text itself).
# tests/test_browser.py checks every stored figure output has both, and that the built pages' images
# and SVG figures carry meaningful alt text. Figures with one point or one shape per local authority
# should use the interactive figures (analysis.figures.interactive): hover shows each area's name and
# values, a box finds an area by name, and the same figure is kept as a PNG for print.

from __future__ import annotations

import contextlib
import math

import matplotlib
import matplotlib.pyplot as plt  # the backend is the caller's: inline in notebooks, Agg when headless
import numpy as np
import seaborn as sns

#: Okabe & Ito (2008), safe for the common colour-vision deficiencies
OKABE_ITO = ["#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#000000"]
#: Levelling Up Fund priority categories: 1 = greatest need
PRIORITY_COLOURS = {1: "#D55E00", 2: "#CC79A7", 3: "#0072B2"}
GREY = "#777777"
BNG = "EPSG:27700"

# Colours by role, so that no study or page types a colour of its own
INK = "#000000"            # reference lines: a published value, the UK figure, a rule's threshold
LABEL = "#222222"          # text labels beside marks
MUTED = "#444444"          # secondary text and lines: notes on a chart, a second reference line
LEGEND_GREY = "#555555"    # legend keys that stand for a shape, not a colour
FAINT = "#999999"          # leader lines, zero lines
EDGE = "#cccccc"           # the edge of a text box
NOT_SHOWN = "#C8C8C8"      # areas present but not in the highlighted groups
HIGHLIGHT = OKABE_ITO[5]   # vermillion: what the chart points at
BASE = OKABE_ITO[1]        # sky blue: everything else
SEX_COLOURS = {"male": OKABE_ITO[4], "female": OKABE_ITO[5]}


def use_style() -> None:
    """Apply the house style (call once at the top of a notebook)."""
    plt.rcParams.update({
        "figure.dpi": 100, "savefig.dpi": 110, "figure.figsize": (8, 5),
        "font.size": 10, "axes.titlesize": 12, "axes.titleweight": "bold", "axes.titlelocation": "left",
        "axes.labelsize": 10, "axes.spines.top": False, "axes.spines.right": False,
        "axes.prop_cycle": matplotlib.cycler(color=OKABE_ITO), "axes.grid": True, "grid.alpha": 0.3,
        "legend.frameon": False, "svg.hashsalt": "levelup", "image.cmap": "viridis",
    })


#: the source line's size (points): 9 pt reads at 9 px or more on a desktop for a figure drawn up to 9 in wide
SOURCE_PT = 9


def _source_height_in(fig, source: str | None) -> float:
    """The room the source line takes at the foot of ``fig`` (inches): its lines as matplotlib will wrap
    them to the figure's width (about 0.55 em a character), and a margin."""
    if not source:
        return 0.0
    per_line = fig.get_size_inches()[0] * 0.98 * 72 / (0.55 * SOURCE_PT)
    return math.ceil(len(f"Source: {source}") / per_line) * SOURCE_PT * 1.3 / 72 + 0.06


def source_line(fig, text: str) -> None:
    """Put 'Source: ...' under the figure, left-aligned."""
    fig.text(0.01, 0.005, f"Source: {text}", ha="left", va="bottom", fontsize=SOURCE_PT, color="#444444", wrap=True)


#: the height of a line of a figure's title (12 pt, with its leading), inches
TITLE_LINE_IN = 0.24


def _from_top(y: float, inches: float, height: float) -> float:
    """``y`` (figure coordinates), or ``inches`` below the top where that is closer: a figure's header keeps its
    place on a figure up to about 5.5 in tall and its size in inches on a taller one."""
    return y if (1 - y) * height <= inches + 1e-9 else 1 - inches / height


def finish(fig, title: str | None = None, source: str | None = None, subtitle: str | None = None):
    """Title that states the finding, optional subtitle, source line, tidy layout. The title and subtitle
    sit as far below the top as on a figure about 5.5 in tall, however tall the figure: no band of blank space
    between them and the panels on a tall one. A title of two lines (``"\\n"`` in it) moves the rest down
    by a line."""
    height = fig.get_size_inches()[1]
    down = (title or "").count("\n") * TITLE_LINE_IN / height  # each further line of the title
    if title:
        fig.suptitle(title, x=0.01, y=_from_top(0.98, 0.12, height), ha="left", fontsize=12, fontweight="bold")
    if subtitle:
        fig.text(0.01, _from_top(0.93, 0.4, height) - down, subtitle, ha="left", fontsize=9, color="#444444")
    top = _from_top(0.92, 0.46, height) if subtitle else _from_top(0.95, 0.3, height)
    tight_under_title(fig, (0, max(0.04, _source_height_in(fig, source) / height), 1, top - down))
    if source:
        source_line(fig, source)
    return fig


def tight_under_title(fig, rect: tuple[float, float, float, float]) -> None:
    """``fig.tight_layout(rect=rect)`` for a figure whose title (its suptitle) is placed above ``rect``:
    tight_layout would otherwise keep room for the title a second time, a band of blank under it."""
    title = fig._suptitle
    if title is not None:
        title.set_in_layout(False)
    try:
        fig.tight_layout(rect=rect)
    finally:
        if title is not None:
            title.set_in_layout(True)  # and in the saved image's bounds


#: metres: the tolerance to which map boundaries are simplified (see :func:`choropleth`)
SIMPLIFY_M = 500.0


def simplified(gdf, tolerance: float = SIMPLIFY_M):
    """``gdf`` with its boundaries simplified to ``tolerance`` (in the frame's units) as one coverage,
    so that neighbouring areas still share their border exactly. ``tolerance=0`` leaves them as they are."""
    if tolerance < 0:
        raise ValueError(f"simplify: a tolerance in metres, 0 or more; got {tolerance}")
    if not tolerance or not len(gdf):
        return gdf
    return gdf.set_geometry(gdf.geometry.simplify_coverage(tolerance))


def choropleth(ax, gdf, column: str, *, categorical: bool = False, colours: dict | None = None,
               legend_title: str = "", cmap: str = "viridis", vintage: str | None = "LAD December 2019 (ONS, BUC)",
               missing_label: str = "no data", simplify: float = SIMPLIFY_M, norm=None):
    """A map of one column in British National Grid with a legend and the boundary vintage noted (``norm``: a
    matplotlib normalisation of a continuous column, e.g. a diverging scale centred on a meaningful value).

    The boundaries are simplified once, in British National Grid, to ``simplify`` metres as one coverage
    (neighbours keep a shared border: no slivers, no gaps): at a page's width an English map shows about
    1 km a pixel, so nothing a reader can see is lost and the figure is a fraction of the bytes.
    """
    with _drawn_once(ax.figure):
        _choropleth(ax, simplified(gdf.to_crs(BNG), simplify), column, categorical=categorical, colours=colours,
                    legend_title=legend_title, cmap=cmap, missing_label=missing_label, norm=norm)
    ax.set_axis_off()
    if vintage:  # None: the figure's source line names the boundaries
        ax.text(0.0, 0.0, f"Boundaries: {vintage}; British National Grid", transform=ax.transAxes, fontsize=9,
                color="#444444")
    return ax


@contextlib.contextmanager
def _drawn_once(fig):
    """Hold the canvas's requests to redraw while ``fig`` gains a map: geopandas' ``plot`` ends with one
    (``draw_idle``, which a non-interactive backend carries out at once), so a figure of several maps was
    drawn in full after each layer of each map. It is drawn once, when it is saved or shown."""
    canvas = fig.canvas
    canvas.draw_idle = lambda *args, **kwargs: None  # shadows the method on this canvas only
    try:
        yield
    finally:
        del canvas.draw_idle


def _choropleth(ax, g, column: str, *, categorical: bool, colours: dict | None, legend_title: str, cmap: str,
                missing_label: str, norm) -> None:
    """:func:`choropleth`'s layers, on boundaries already in British National Grid and simplified."""
    data = g[g[column].notna()]
    if len(data) < len(g):  # the areas without data, in grey, so that gaps are visible
        g[g[column].isna()].plot(ax=ax, color="#dddddd", edgecolor="white", linewidth=0.2)
    if categorical:
        from matplotlib.patches import Patch

        colours = colours or {}
        cats = sorted(data[column].unique())
        for c in cats:
            data[data[column] == c].plot(ax=ax, color=colours.get(c, GREY), edgecolor="white", linewidth=0.2)
        handles = [Patch(color=colours.get(c, GREY), label=str(c)) for c in cats]
        handles.append(Patch(color="#dddddd", label=missing_label))
        ax.legend(handles=handles, title=legend_title, loc="upper left", fontsize=8)
    else:
        data.plot(ax=ax, column=column, cmap=cmap, norm=norm, edgecolor="white", linewidth=0.2, legend=True,
                  legend_kwds={"label": legend_title, "shrink": 0.6})


@contextlib.contextmanager
def _seeded(seed: int):
    """seaborn 0.13 jitters with numpy's global generator: seed it for one call, then put it back."""
    state = np.random.get_state()
    np.random.seed(seed)
    try:
        yield
    finally:
        np.random.set_state(state)


def strip(ax, df, category: str, y: str, *, colours: dict | None = None, filled: str | None = None,
          order: list | None = None, jitter: float = 0.25, size: float = 22, seed: int = 2021,
          outline: str = "#222222", palette: list[str] | None = None, horizontal: bool = False) -> list[tuple]:
    """A jittered strip plot by ``seaborn.stripplot``: one column of points per category (sorted, or
    ``order``), at x = 0, 1, ... with a uniform sideways jitter of +-``jitter``, seeded so the layout
    is the same on every run; ``horizontal`` lays the categories out as rows (y = 0, 1, ...) instead.

    ``filled``: a boolean column; its True points are filled (dark outline), the others drawn as rings
    in the category's colour. Returns one ``(category, filled, rows, collection)`` per drawn set, the
    rows in the order of the points in the collection (the positions are the ones seaborn drew), so a
    caller can attach a label or a tooltip to each point.
    """
    cats = list(order if order is not None else sorted(df[category].unique()))
    palette = palette or OKABE_ITO
    colour = {k: (colours or {}).get(k, palette[i % len(palette)]) for i, k in enumerate(cats)}
    before = len(ax.collections)
    axes = {"x": y, "y": category, "orient": "h"} if horizontal else {"x": category, "y": y}
    with _seeded(seed):
        sns.stripplot(data=df, **axes, order=cats, hue=category, hue_order=cats, palette=colour,
                      jitter=jitter, size=np.sqrt(size), legend=False, ax=ax, zorder=3)
    drawn = ax.collections[before:]
    parts = [df[df[category] == k] for k in cats]
    if len(drawn) != len(cats):
        raise ValueError(f"strip: seaborn drew {len(drawn)} sets of points for {len(cats)} categories")
    value_axis = 0 if horizontal else 1
    out = []
    for key, part, coll in zip(cats, parts, drawn):
        xy = np.asarray(coll.get_offsets())
        if len(xy) != len(part) or not np.allclose(xy[:, value_axis], part[y].to_numpy(float)):
            raise ValueError(f"strip: the points seaborn drew for {key!r} are not the rows of that category")
        coll.remove()  # redrawn below at seaborn's positions, split into filled points and rings
        on = part[filled].astype(bool).to_numpy() if filled else np.ones(len(part), dtype=bool)
        for is_filled, mask in ((True, on), (False, ~on)):
            if not mask.any():
                continue
            style = ({"color": colour[key], "edgecolors": outline, "linewidths": 0.5} if is_filled
                     else {"facecolor": "none", "edgecolors": colour[key], "linewidths": 1.0})
            pts = ax.scatter(xy[mask, 0], xy[mask, 1], s=size, zorder=3, **style)
            out.append((key, is_filled, part[mask], pts))
    ax.grid(axis="y" if horizontal else "x", visible=False)
    return out


def fitted_line(ax, df, x: str, y: str, *, ci: int = 95, colour: str = "#000000", label: str | None = None,
                n_boot: int = 1000, seed: int = 2021):
    """The least-squares line of ``y`` on ``x`` with its ``ci``% confidence band, drawn by
    ``seaborn.regplot`` (line only: the caller draws the points in its own colours). The band is
    seaborn's bootstrap interval, seeded so the figure is the same on every run. Rows with a missing
    ``x`` or ``y`` are left out, as a fit must."""
    missing = [c for c in (x, y) if c not in df.columns]
    if missing:
        raise ValueError(f"fitted_line: columns {missing} are not in the data; it has {list(df.columns)}")
    d = df.dropna(subset=[x, y])
    if len(d) < 3:
        raise ValueError(f"fitted_line: need at least 3 complete ({x}, {y}) pairs; got {len(d)}")
    sns.regplot(data=d, x=x, y=y, ax=ax, scatter=False, ci=ci, n_boot=n_boot, seed=seed, truncate=True,
                color=colour, label=label, line_kws={"linewidth": 1.2, "zorder": 4})
    return ax
