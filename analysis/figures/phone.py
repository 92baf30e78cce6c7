"""The phone copy of a figure: the same matplotlib figure redrawn for a phone's column.

At 390 px a page's column is about 360 px wide; a figure drawn 8 in wide for a desktop and scaled down
to it shows its text at 5 px. :func:`for_phone` redraws the figure :data:`PHONE_WIDTH_IN` wide (a point
of it is then about 1.2 px), with panels that sat side by side stacked one per row, no text under
:data:`PHONE_MIN_PT`, and titles, labels and source lines wrapped to the width. The interactive and
static figures keep both copies and let the page's CSS show the one that fits.
"""

from __future__ import annotations

import contextlib
import textwrap

#: the phone copy of every figure: drawn this wide (inches; at 390 px a page's column is about 360 px,
#: so a point of the figure is about 1.2 px there) with no text under this size (points), so that no
#: text on a phone is under 9 px; panels side by side are stacked one per row
PHONE_WIDTH_IN = 3.8
PHONE_MIN_PT = 9.0
#: below this page width the phone copy is shown instead of the desktop one
PHONE_MAX_PX = 640


def _wrapped(text, width_in: float) -> float:
    """Wrap a figure-level text to ``width_in`` (by characters: about 0.62 em each) and return its height
    in inches."""
    size = text.get_fontsize()
    per_line = max(16, int(width_in * 72 / (0.62 * size)))
    lines = textwrap.wrap(" ".join(text.get_text().split()), per_line) or [""]
    text.set_text("\n".join(lines))
    text.set_wrap(False)
    return len(lines) * size * 1.3 / 72


def _fill(text: str, width_in: float, size: float) -> str:
    """``text`` wrapped, line by line, to ``width_in`` at ``size`` points (about 0.62 em a character)."""
    per_line = max(8, int(width_in * 72 / (0.62 * size)))
    return "\n".join(w for line in text.split("\n") for w in (textwrap.wrap(line, per_line) or [""]))


def _wrap_axis_texts(ax, width_in: float, height_in: float) -> None:
    """Wrap a panel's title and axis labels to the panel, and its category labels (fixed tick labels) to
    their share of the width, so that nothing overlaps or leaves the figure on a phone."""
    if ax.get_title():
        ax.set_title(_fill(ax.get_title(), width_in, ax.title.get_fontsize()))
    if ax.get_xlabel():
        ax.set_xlabel(_fill(ax.get_xlabel(), width_in, ax.xaxis.label.get_fontsize()))
    if ax.get_ylabel():
        ax.set_ylabel(_fill(ax.get_ylabel(), height_in, ax.yaxis.label.get_fontsize()))
    for note in ax.texts:  # a long note in a panel, wrapped, grows upwards
        wrapped = _fill(note.get_text(), width_in, max(note.get_fontsize(), PHONE_MIN_PT))
        if wrapped != note.get_text():
            note.set_text(wrapped)
            note.set_verticalalignment("bottom")
    if ax.xaxis.get_scale() == "linear" and not ax.xaxis.get_major_locator().__class__.__name__ == "AutoLocator":
        ticks = ax.get_xticks()
        labels = [t.get_text() for t in ax.get_xticklabels()]
        if ticks.size and any(len(t) > 12 for t in labels):
            size = ax.get_xticklabels()[0].get_fontsize()
            ax.set_xticks(ticks, [_fill(t, width_in / len(ticks), size) for t in labels])


def _notes_to_foot(fig, panels: list) -> list:
    """A map's note at its foot (its boundaries' vintage), moved from the panel to the figure's foot, above
    the source line: on a phone the map fills its panel to the edges, and the note would sit on its corner
    (Cornwall) or on the colour bar under it. The figure's new texts, each once."""
    moved = {}
    for ax in panels:
        for note in [t for t in ax.texts if t.get_transform() == ax.transAxes and t.get_position()[1] <= 0.05]:
            if note.get_text() not in moved:
                moved[note.get_text()] = fig.text(0.01, 0, note.get_text(), ha="left", color=note.get_color(),
                                                  fontsize=max(note.get_fontsize(), PHONE_MIN_PT))
            note.remove()
    return list(moved.values())


def _colourbars_below(fig) -> None:
    """Move each vertical colour bar from beside its panel to under it, across the panel's width: beside
    a map it widens the figure past the phone's column (and so shrinks all its text)."""
    for cax in list(fig.axes):
        bar = getattr(cax, "_colorbar", None)
        if bar is None or bar.orientation != "vertical":
            continue
        parent = next((ax for ax in fig.axes if ax is not cax and cax in getattr(ax, "_colorbars", [])), None)
        label, mappable = cax.get_ylabel(), bar.mappable
        bar.remove()
        if parent is not None and hasattr(parent.get_subplotspec().get_gridspec(), "_subplot_spec"):
            parent.set_subplotspec(parent.get_subplotspec().get_gridspec()._subplot_spec)  # the bar's room back
        fig.colorbar(mappable, ax=parent if parent is not None else fig.axes, location="bottom", fraction=0.05,
                     pad=0.02, shrink=0.9, label=_fill(label, PHONE_WIDTH_IN * 0.9, PHONE_MIN_PT))


def for_phone(fig) -> None:
    """Redraw ``fig`` for a phone's column: :data:`PHONE_WIDTH_IN` wide; panels that sit side by side in
    one row stacked one per row; no text under :data:`PHONE_MIN_PT`; the title, subtitle and source line
    wrapped to the width, with room made for them above and below the panels."""
    import matplotlib.text as mtext

    _colourbars_below(fig)
    width, height = fig.get_size_inches()
    panels = [ax for ax in fig.axes if ax.get_subplotspec() is not None]
    notes = _notes_to_foot(fig, panels)
    grid = {ax.get_subplotspec().get_gridspec() for ax in panels}
    rows, cols = next(iter(grid)).get_geometry() if len(grid) == 1 else (1, 1)
    if rows == 1 and cols > 1:
        stacked = fig.add_gridspec(cols, 1)
        for ax in panels:
            ax.set_subplotspec(stacked[ax.get_subplotspec().colspan.start, 0])
        body = min(height * 0.85 * PHONE_WIDTH_IN / (width / cols), PHONE_WIDTH_IN * 1.2) * cols
    elif cols == 1 and rows > 1:  # already one a row (drawn for the phone, at its width): its rows keep their shape
        body = height * 0.85 * PHONE_WIDTH_IN / width
    else:
        body = max(height * 0.8, 3.2)
        drawn = [ax for ax in panels if not hasattr(ax, "_colorbar")]
        if len(drawn) == 1 and drawn[0].get_aspect() != "auto":  # a map: as tall as it is at the full width,
            (x0, x1), (y0, y1) = drawn[0].get_xlim(), drawn[0].get_ylim()  # and its colour bar under it
            bars = 0.6 + 1.2 * (len(panels) - 1)
            body = min(body, PHONE_WIDTH_IN * 0.95 * abs(y1 - y0) / abs(x1 - x0) * float(drawn[0].get_aspect()) + bars)
    for text in fig.findobj(mtext.Text):
        if text.get_fontsize() < PHONE_MIN_PT:
            text.set_fontsize(PHONE_MIN_PT)
    per_panel = body / (cols if rows == 1 and cols > 1 else rows if cols == 1 else 1)
    for ax in panels:
        _wrap_axis_texts(ax, PHONE_WIDTH_IN * 0.75, per_panel * 0.7)
    title = fig._suptitle if fig._suptitle is not None and fig._suptitle.get_text() else None
    sources = [t for t in fig.texts if t.get_text().startswith("Source:")]
    subtitles = [t for t in fig.texts if t not in sources and t not in notes and t.get_position()[1] > 0.5]
    headers = [(t, _wrapped(t, PHONE_WIDTH_IN * 0.98)) for t in ([title] if title else []) + subtitles]
    feet = [(t, _wrapped(t, PHONE_WIDTH_IN * 0.98)) for t in sources + notes]  # from the bottom up
    top = _PAD + sum(h for _, h in headers) + (0.1 if headers else 0)
    bottom = _PAD + sum(h for _, h in feet) + (0.1 if notes else 0)
    _lay_out(fig, body + top + bottom, top, bottom, headers, feet)
    for _ in range(3):  # a map (or a panel of equal axes) keeps its shape: give back the height it leaves blank
        spare = _spare_height(fig, panels)
        if spare < 0.05:
            break
        body -= spare
        _lay_out(fig, body + top + bottom, top, bottom, headers, feet)


#: the margin above the title and below the source line, inches
_PAD = 0.08


def _lay_out(fig, total: float, top: float, bottom: float, headers: list, feet: list) -> None:
    """Size ``fig`` ``total`` inches tall, its title and subtitles (each with its height) from the top, its
    source line and notes (each with its height) from the foot up, and its panels laid out between them."""
    fig.set_size_inches(PHONE_WIDTH_IN, total)
    y = 1 - _PAD / total
    for t, h in headers:
        t.set_position((0.01, y))
        t.set_verticalalignment("top")
        y -= h / total
    y = _PAD / 2 / total
    for t, h in feet:
        t.set_position((0.01, y))
        t.set_verticalalignment("bottom")
        y += h / total
    from analysis.figures.style import tight_under_title

    with contextlib.suppress(Exception):  # a figure whose parts cannot be laid out keeps its positions
        tight_under_title(fig, (0, bottom / total, 1, 1 - top / total))


def _spare_height(fig, panels: list) -> float:
    """Inches of height the figure could lose without changing its one panel, when the panel keeps a fixed
    shape (a map, equal axes): the blank left above and below it (it is drawn centred in its box). Not for
    several panels: taking height from their rows crowds each colour bar's label into the next title."""
    drawn = [ax for ax in panels if not hasattr(ax, "_colorbar")]
    if len(drawn) != 1 or drawn[0].get_aspect() == "auto":
        return 0.0
    [ax] = drawn
    box = ax.get_position(original=True)
    ax.apply_aspect()
    return max(0.0, (box.height - ax.get_position(original=False).height) * fig.get_size_inches()[1])
