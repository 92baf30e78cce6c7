"""Interactive figures: a matplotlib figure in the house style, shown as inline SVG with a tooltip per
area and a "Find an area" box, with the same figure as a PNG inside the same output (for print, PDF,
nbval and any viewer without HTML).

Why inline SVG rather than plotly: the interactive figure is the same matplotlib figure in the same
house style as the static PNG, its tooltips are SVG ``<title>`` elements that work with no script at
all, nothing is loaded from anywhere (offline by construction), and it adds no dependency.
"""

from __future__ import annotations

import base64
import hashlib
import html as _html
import io
import re
import xml.etree.ElementTree as ET

import matplotlib.pyplot as plt
import pandas as pd

from analysis.figures.phone import PHONE_MAX_PX, PHONE_MIN_PT, PHONE_WIDTH_IN, for_phone  # noqa: F401
from analysis.figures.style import GREY, choropleth, finish, strip

#: the Okabe-Ito colours that reach WCAG 2's 3:1 contrast for graphics against a white page on their
#: own; the lighter ones (orange, sky blue, yellow) need a dark outline, which the interactive figures
#: below always draw
OKABE_ITO_CONTRAST = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#000000"]
OUTLINE = "#222222"
#: category colours for interactive figures: the high-contrast ones first, yellow never (too pale on white)
CATEGORY_COLOURS = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9", "#000000"]
#: the static copy inside each interactive output is for print and viewers without HTML: 80 dpi reads
#: well on paper at the figure's size and keeps the stored notebook small
PNG_DPI = 80
PNG_COLOURS = 64
#: text stays text in the SVG (no glyph outlines: a tenth of the bytes, and selectable); the browser
#: draws it in the first of these fonts it has; the hash salt keeps matplotlib's element ids (of an embedded
#: image, a clip path) the same on every run whatever the caller's style
SVG_RC = {"svg.fonttype": "none", "font.family": "sans-serif", "svg.hashsalt": "levelup",
          "font.sans-serif": ["DejaVu Sans", "Helvetica", "Arial", "Liberation Sans"]}
_SVG = "http://www.w3.org/2000/svg"
_XLINK = "http://www.w3.org/1999/xlink"


def relative_luminance(colour: str) -> float:
    """WCAG 2 relative luminance of a colour (any matplotlib colour spec)."""
    from matplotlib.colors import to_rgb

    def lin(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (lin(c) for c in to_rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(colour: str, background: str = "#ffffff") -> float:
    """WCAG 2 contrast ratio between two colours (1 to 21); graphics need 3, body text 4.5."""
    a, b = sorted((relative_luminance(colour), relative_luminance(background)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def palette_png(png: bytes, colours: int = PNG_COLOURS) -> bytes:
    """The same image with at most ``colours`` colours (median cut, no dithering: deterministic, and flat
    areas stay flat), compressed as tightly as PNG allows."""
    from PIL import Image

    img = Image.open(io.BytesIO(png)).convert("RGB")
    out = io.BytesIO()
    img.quantize(colors=colours, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE).save(
        out, format="PNG", optimize=True)
    return out.getvalue()


def _tenths(t: int) -> str:
    """A number of tenths of a point, as short as SVG allows (15 -> 1.5, 20 -> 2, -5 -> -.5)."""
    whole, tenth = divmod(abs(t), 10)
    text = (str(whole) if whole or not tenth else "") + (f".{tenth}" if tenth else "")
    return ("-" if t < 0 else "") + text


def _compact_path(d: str) -> str:
    """A path's data at 0.1 pt (finer than any screen), as short as SVG allows.

    A path of straight lines (an area's boundary) is rewritten with each point relative to the one
    before, from the rounded points, so that rounding errors do not add up; any other path (a marker's
    curves) keeps its absolute points, rounded.
    """
    tokens = re.findall(r"[A-Za-z]|-?(?:\d+\.?\d*|\.\d+)(?:e-?\d+)?", d)
    if not set(t for t in tokens if t.isalpha()) <= {"M", "L", "z", "Z"}:
        d = re.sub(r"(-?\d+\.\d)\d+", r"\1", d)
        d = re.sub(r"\.0\b", "", d)
        return re.sub(r"\s*([A-Za-z])\s*", r"\1", d).strip()
    out, here, start, i = [], (0, 0), (0, 0), 0
    cmd = ""
    while i < len(tokens):
        t = tokens[i]
        if t.isalpha():
            cmd, i = t, i + 1
            if cmd in "zZ":
                out.append("z")
                here = start
            continue
        x, y = (round(float(v) * 10) for v in tokens[i:i + 2])
        i += 2
        if cmd == "M":
            out.append(f"M{_tenths(x)} {_tenths(y)}")
            start = (x, y)
        else:
            dx, dy = _tenths(x - here[0]), _tenths(y - here[1])
            sep = "" if dy.startswith("-") else " "
            out.append(f"{'l' if out[-1][0] in 'Mz' else ' ' if not dx.startswith('-') else ''}{dx}{sep}{dy}")
        here = (x, y)
    return "".join(out)


class InteractiveFigure:
    """A matplotlib figure shown as inline SVG with a tooltip on each marked element, plus its PNG.

    Displayed in a notebook it is one output with two representations: ``text/html`` (the SVG, with a
    "Find an area" box; the book and JupyterLab show this) and ``image/png`` (the same figure as a static
    image, for print, PDF and any viewer without HTML). Hover works without any script: each element
    carries an SVG ``<title>``, which browsers show as a tooltip. A few lines of inline script (nothing
    loaded from anywhere) let a reader type their area's name to highlight it and read its values.
    """

    def __init__(self, fig, *, alt: str, layers: list[tuple[str, list[str], list[str]]]):
        if not alt or not alt.strip():
            plt.close(fig)
            raise ValueError("alt: describe what the figure shows (the text a screen reader reads); got nothing")
        self.fig, self.alt, self.layers = fig, alt.strip(), layers
        self._svg = self._png = self._phone = None

    # -- rendering -------------------------------------------------------------------------------
    def png(self) -> bytes:
        """The print copy: at :data:`PNG_DPI`, as a palette PNG (a third of the bytes of full colour)."""
        if self._png is None:
            buf = io.BytesIO()
            self.fig.savefig(buf, format="png", bbox_inches="tight", dpi=PNG_DPI, metadata={"Software": None})
            self._png = palette_png(buf.getvalue())
        return self._png

    def svg(self) -> str:
        """The desktop copy: the figure as drawn, as annotated SVG."""
        if self._svg is None:
            self._svg = self._render_svg()
        return self._svg

    def phone_svg(self) -> str:
        """The phone copy: the same figure redrawn :data:`PHONE_WIDTH_IN` wide, panels one per row and no
        text under :data:`PHONE_MIN_PT`, annotated like the desktop copy. Draws the desktop copy first,
        since this changes the figure."""
        if self._phone is None:
            self.svg(), self.png()
            for_phone(self.fig)
            self._phone = self._render_svg(titles=False)
        return self._phone

    def _render_svg(self, titles: bool = True) -> str:
        buf = io.StringIO()
        with plt.rc_context(SVG_RC):
            self.fig.savefig(buf, format="svg", bbox_inches="tight",
                             metadata={"Date": None, "Creator": None, "Format": None, "Type": None})
        return _annotate_svg(buf.getvalue(), self.layers, self.alt, titles=titles)

    def render(self) -> "InteractiveFigure":
        """Draw every copy now (desktop, print, phone) and release the matplotlib figure, so that the
        notebook shows only this output."""
        self.svg(), self.png(), self.phone_svg()
        plt.close(self.fig)
        return self

    def names(self) -> list[str]:
        return sorted({n for _, names, _ in self.layers for n in names})

    def html(self) -> str:
        svg, phone = self.svg(), self.phone_svg()
        uid = "lu" + hashlib.sha256((svg + phone).encode()).hexdigest()[:10]
        svg, phone = _prefix_ids(svg, uid + "d"), _prefix_ids(phone, uid + "p")
        options = "".join(f'<option value="{_html.escape(n)}"></option>' for n in self.names())
        return f"""<div class="lu-interactive" id="{uid}">
<style>
#{uid} svg {{ max-width: 100%; height: auto; display: block; }}
#{uid} .lu-phone {{ display: none; }}
@media (max-width: {PHONE_MAX_PX}px) {{ #{uid} .lu-desktop {{ display: none; }} #{uid} .lu-phone {{ display: block; }} }}
#{uid} .lu-el {{ cursor: pointer; outline: none; }}
#{uid} .lu-el:hover > *, #{uid} .lu-el:focus > *, #{uid} .lu-hit > * {{ stroke: #000 !important; stroke-width: 2.5px !important; }}
#{uid} .lu-find {{ font-size: 0.9em; margin: 0 0 0.3em 0; }}
#{uid} .lu-find input {{ width: 16em; max-width: 100%; }}
#{uid} .lu-find output {{ display: block; min-height: 1.4em; }}
</style>
<p class="lu-find"><label for="{uid}-q">Find an area:</label>
<input id="{uid}-q" type="search" list="{uid}-names" autocomplete="off" placeholder="type a name">
<output id="{uid}-out" for="{uid}-q" aria-live="polite">Tap or hover over a mark to read its values.</output></p>
<datalist id="{uid}-names">{options}</datalist>
<div class="lu-desktop">{svg}</div>
<div class="lu-phone">{phone}</div>
<script>{_script(uid)}</script>
</div>"""

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {"text/html": self.html(), "image/png": base64.b64encode(self.png()).decode("ascii"),
                "text/plain": f"<Figure: {self.alt}>"}


#: how the "Find an area" box matches a name: forgiving of case, punctuation, "&"/"and", "St"/"Saint"
#: and spacing; an exact match first, then the areas whose name contains what was typed, then the
#: nearest names by edit distance as suggestions (the area page's search forgives the same things)
_SCRIPT = """
(function () {
  var root = document.getElementById("UID"), q = document.getElementById("UID-q"),
      out = document.getElementById("UID-out"),
      desktop = [].slice.call(root.querySelectorAll(".lu-desktop .lu-el")),
      phone = [].slice.call(root.querySelectorAll(".lu-phone .lu-el")),
      raw = desktop.map(function (el) { return el.getAttribute("data-name") || ""; }), names;
  function norm(s) {
    return (" " + s.toLowerCase().replace(/['\u2019]/g, "").replace(/&/g, " and ").replace(/[^a-z0-9]+/g, " ") + " ")
      .replace(/ saint /g, " st ").replace(/ +/g, " ").trim();
  }
  function dist(a, b) {
    var d = [], i, j;
    for (i = 0; i <= a.length; i++) { d[i] = [i]; }
    for (j = 1; j <= b.length; j++) { d[0][j] = j; }
    for (i = 1; i <= a.length; i++) { for (j = 1; j <= b.length; j++) {
      d[i][j] = Math.min(d[i-1][j] + 1, d[i][j-1] + 1, d[i-1][j-1] + (a[i-1] === b[j-1] ? 0 : 1)); } }
    return d[a.length][b.length];
  }
  names = raw.map(norm);
  function tip(i) { return desktop[i].querySelector("title").textContent.replace(/\\n/g, "; "); }
  function mark(hits) {
    desktop.concat(phone).forEach(function (el) { el.classList.remove("lu-hit"); });
    hits.forEach(function (i) {
      [desktop[i], phone[i]].forEach(function (el) {
        if (el) { el.classList.add("lu-hit"); el.parentNode.appendChild(el); } });
    });
  }
  function all(test) { var hits = []; names.forEach(function (n, i) { if (test(n)) { hits.push(i); } }); return hits; }
  function find() {
    var v = norm(q.value), hits, seen = {}, list;
    if (v.length < 2) { mark([]); out.textContent = ""; return; }
    hits = all(function (n) { return n === v; });
    if (!hits.length) { hits = all(function (n) { return (" " + n + " ").indexOf(" " + v) >= 0; }); }
    mark(hits);
    list = hits.map(function (i) { return raw[i]; }).filter(function (n) { return !seen[n] && (seen[n] = true); });
    if (list.length === 1) { out.textContent = tip(hits[0]); return; }
    if (list.length > 1) {
      out.textContent = list.length + " areas match: " + list.sort().slice(0, 8).join(", ") + (list.length > 8 ? ", ..." : "");
      return;
    }
    list = raw.slice().sort(function (a, b) { return dist(v, norm(a)) - dist(v, norm(b)); })
      .filter(function (n, k, xs) { return xs.indexOf(n) === k; }).slice(0, 3);
    out.textContent = "No area called \\u201c" + q.value.trim() + "\\u201d in this figure. Did you mean " + list.join(", ") + "?";
  }
  q.addEventListener("input", find);
  function show(i) { mark([i]); out.textContent = tip(i); }
  [desktop, phone].forEach(function (copy) {
    copy.forEach(function (el, i) {
      el.setAttribute("tabindex", "0");
      el.addEventListener("click", function () { show(i); });
      el.addEventListener("focus", function () { show(i); });
    });
  });
})();
"""


def _script(uid: str) -> str:
    return _SCRIPT.replace("UID", uid)


def _annotate_svg(svg: str, layers, alt: str, titles: bool = True) -> str:
    """Give every element of each layer (an SVG group with the artist's gid) a name and, with ``titles``,
    a tooltip. The phone copy has neither (a phone has no hover): the page's script finds and shows its
    elements through the desktop copy's, in the same order, which halves what the phone copy weighs."""
    ET.register_namespace("", _SVG)
    ET.register_namespace("xlink", _XLINK)
    root = ET.fromstring(svg)
    for gid, names, tips in layers:
        group = root.find(f".//{{{_SVG}}}g[@id='{gid}']")
        if group is None:
            raise ValueError(f"the figure has no artist with gid={gid!r}: was it drawn and not removed?")
        # the drawn marks: <use> (markers) or <path> (shapes) outside <defs>, one per data row, in order
        items = [(parent, el) for parent in group.iter() if parent.tag != f"{{{_SVG}}}defs"
                 for el in list(parent) if el.tag in (f"{{{_SVG}}}use", f"{{{_SVG}}}path")]
        if len(items) != len(tips):
            raise ValueError(f"layer {gid!r}: {len(items)} drawn elements but {len(tips)} tooltips; "
                             "one tooltip per data row is expected (drop missing values before plotting)")
        for (parent, el), name, tip in zip(items, names, tips):
            wrap = ET.Element(f"{{{_SVG}}}g", {"class": "lu-el", **({"data-name": name} if titles else {})})
            if titles:
                title = ET.SubElement(wrap, f"{{{_SVG}}}title")
                title.text = tip
            parent.insert(list(parent).index(el), wrap)
            parent.remove(el)
            wrap.append(el)
    for el in root.iter(f"{{{_SVG}}}path"):  # halves a map's size
        if el.get("d"):
            el.set("d", _compact_path(el.get("d")))
    _share_styles(root)
    keep = {f"{{{_SVG}}}{t}" for t in ("title", "text", "tspan", "style")}
    for el in root.iter():  # the indentation between elements is a tenth of a figure's bytes
        if el.tail is not None and not el.tail.strip():
            el.tail = None
        if el.text is not None and not el.text.strip() and el.tag not in keep:
            el.text = None
    root.set("role", "img")
    root.set("aria-label", alt)
    for attr in ("width", "height"):  # scale with the page; the viewBox keeps the proportions
        root.attrib.pop(attr, None)
    title = ET.Element(f"{{{_SVG}}}title")
    title.text = alt
    root.insert(0, title)
    return ET.tostring(root, encoding="unicode")


def _share_styles(root) -> None:
    """Marks at 0.1 pt, and one CSS class for each style that several elements repeat (one per point of
    a scatter, one per area of a map), named by its content so that figures on one page agree."""
    uses = {}
    for el in root.iter():
        if el.tag == f"{{{_SVG}}}use":
            for xy in ("x", "y"):
                if el.get(xy):
                    el.set(xy, f"{float(el.get(xy)):.1f}".removesuffix(".0"))
        if el.get("style"):
            uses.setdefault(el.get("style"), []).append(el)
    rules = []
    for style, els in sorted(uses.items()):
        if len(els) < 5:
            continue
        name = "lu-s" + hashlib.sha256(style.encode()).hexdigest()[:8]
        rules.append(f".{name} {{ {style} }}")
        for el in els:
            del el.attrib["style"]
            el.set("class", f"{el.get('class')} {name}" if el.get("class") else name)
    if rules:
        css = ET.Element(f"{{{_SVG}}}style")
        css.text = "\n".join(rules)
        root.insert(0, css)


def _prefix_ids(svg: str, prefix: str) -> str:
    """Make the SVG's ids unique on a page that holds several figures."""
    ids = set(re.findall(r'\bid="([^"]+)"', svg))
    svg = re.sub(r'\bid="([^"]+)"', lambda m: f'id="{prefix}-{m.group(1)}"', svg)
    svg = re.sub(r'url\(#([^)]+)\)', lambda m: f"url(#{prefix}-{m.group(1)})" if m.group(1) in ids else m.group(0), svg)
    return re.sub(r'href="#([^"]+)"', lambda m: f'href="#{prefix}-{m.group(1)}"' if m.group(1) in ids else m.group(0), svg)


def _fmt(v) -> str:
    if isinstance(v, float):
        return f"{v:,.2f}".rstrip("0").rstrip(".") if v == v else "no data"
    if isinstance(v, int) and not isinstance(v, bool):
        return f"{v:,}"
    return str(v)


def _tooltips(rows, name: str, cols: list[str], labels: dict) -> list[str]:
    """One tooltip per row: the area's name, then 'label: value' for each column."""
    return ["\n".join([str(r[name])] + [f"{labels.get(col, col)}: {_fmt(r[col])}" for col in cols])
            for _, r in rows.iterrows()]


def _reference_lines(ax, hlines: dict | None) -> None:
    """Dashed horizontal reference lines, each labelled at the right edge."""
    for value, text in (hlines or {}).items():
        ax.axhline(value, color=GREY, linewidth=1, linestyle="--", zorder=2)
        ax.annotate(text, (1, value), xycoords=("axes fraction", "data"), ha="right", va="bottom",
                    fontsize=9, color="#444444", zorder=4,
                    bbox={"boxstyle": "square,pad=0.15", "facecolor": "white", "edgecolor": "none", "alpha": 0.8})


def _check_points(df, fn: str, xy: tuple[str, str], other: list[str], name: str) -> None:
    """Refuse missing columns, and rows with no position (so that no area disappears silently)."""
    needed = [c for c in [*xy, *other] if c not in df.columns]
    if needed:
        raise ValueError(f"{fn}: columns {needed} are not in the data; it has {list(df.columns)}")
    missing = df[df[list(xy)].isna().any(axis=1)]
    if len(missing):
        raise ValueError(f"{fn}: {len(missing)} rows have no {xy[0]!r} or {xy[1]!r} "
                         f"(e.g. {missing[name].astype(str).head(5).tolist()}); drop them explicitly and say so")


def interactive_scatter(df, x: str, y: str, *, name: str, alt: str, hover: list[str] | tuple = (),
                        color: str | None = None, colours: dict | None = None, labels: dict | None = None,
                        title: str | None = None, source: str | None = None, subtitle: str | None = None,
                        xlabel: str | None = None, ylabel: str | None = None, figsize=(8, 5.5),
                        size: float = 22, hlines: dict | None = None) -> InteractiveFigure:
    """A scatter of one row per area (an LA, a ward) in the house style, interactive in the book.

    ``name``: the column with each area's name (the tooltip's first line and what "Find an area" matches);
    ``hover``: further columns shown in the tooltip; ``color``: a categorical column, coloured with
    ``colours`` (default: Okabe-Ito in order) and shown in the legend; ``labels``: display names for
    columns; ``hlines``: reference lines ``{y value: label}``; ``alt``: what the figure shows, for screen
    readers. Rows with a missing x or y are
    refused, so that no area disappears silently.
    Display the result (last line of the cell, or ``display(fig)``); do not also call ``plt.show()``.
    """
    labels = dict(labels or {})
    _check_points(df, "interactive_scatter", (x, y), [name, *hover, *([color] if color else [])], name)
    fig, ax = plt.subplots(figsize=figsize)
    groups = [(None, df)] if color is None else [(k, df[df[color] == k]) for k in sorted(df[color].dropna().unique())]
    if color is not None and df[color].isna().any():
        raise ValueError(f"interactive_scatter: column {color!r} has missing values; fill them with a label")
    layers = []
    for i, (key, part) in enumerate(groups):
        c = (colours or {}).get(key, CATEGORY_COLOURS[i % len(CATEGORY_COLOURS)]) if key is not None \
            else CATEGORY_COLOURS[0]
        gid = f"layer{i}"
        ax.scatter(part[x], part[y], s=size, color=c, edgecolors=OUTLINE, linewidths=0.5, alpha=0.9,
                   label=None if key is None else str(key), gid=gid, zorder=3)
        cols = [x, y, *hover] + ([color] if color else [])
        tips = _tooltips(part, name, cols, labels)
        layers.append((gid, part[name].astype(str).tolist(), tips))
    _reference_lines(ax, hlines)
    ax.set_xlabel(xlabel or labels.get(x, x))
    ax.set_ylabel(ylabel or labels.get(y, y))
    if color is not None:
        ax.legend(title=labels.get(color, color), fontsize=9, loc="best")
    finish(fig, title=title, source=source, subtitle=subtitle)
    return InteractiveFigure(fig, alt=alt, layers=layers).render()


def interactive_choropleth(gdf, column: str, *, name: str, alt: str, hover: list[str] | tuple = (),
                           labels: dict | None = None, title: str | None = None, source: str | None = None,
                           subtitle: str | None = None, figsize=(7, 8.5), **choropleth_kwargs) -> InteractiveFigure:
    """:func:`choropleth` (British National Grid, legend, boundary vintage), interactive in the book.

    Every area, with data or without, gets a tooltip with its name, ``column`` and the ``hover`` columns,
    and the "Find an area" box finds it by name. Other keyword arguments go to :func:`choropleth`.
    Display the result; do not also call ``plt.show()``.
    """
    labels = dict(labels or {})
    needed = [c for c in [column, name, *hover] if c not in gdf.columns]
    if needed:
        raise ValueError(f"interactive_choropleth: columns {needed} are not in the data; it has {list(gdf.columns)}")
    if gdf.geometry.isna().any() or gdf.geometry.is_empty.any():
        bad = gdf.loc[gdf.geometry.isna() | gdf.geometry.is_empty, name].astype(str).head(5).tolist()
        raise ValueError(f"interactive_choropleth: rows without a boundary (e.g. {bad}); drop them explicitly and say so")
    if gdf.geometry.geom_type.eq("GeometryCollection").any():
        raise ValueError("interactive_choropleth: GeometryCollection boundaries are not supported; "
                         "keep (Multi)Polygons only")
    fig, ax = plt.subplots(figsize=figsize)
    choropleth(ax, gdf, column, **choropleth_kwargs)
    g = gdf.reset_index(drop=True)
    data = g[g[column].notna()]

    def tips(part):
        return ["\n".join([str(r[name])] + [f"{labels.get(c, c)}: {'no data' if pd.isna(r[c]) else _fmt(r[c])}"
                                            for c in [column, *hover]]) for _, r in part.iterrows()]

    # the collections choropleth draws, in order: the areas without data (grey, if any), then the data,
    # one collection per category
    parts = ([g[g[column].isna()]] if len(data) < len(g) else []) + \
        ([data[data[column] == c] for c in sorted(data[column].unique())] if choropleth_kwargs.get("categorical")
         else [data])
    polys = [c for c in ax.collections if c.get_paths()]
    if len(polys) != len(parts):
        raise ValueError(f"interactive_choropleth: expected {len(parts)} map layers, found {len(polys)}")
    layers = []
    for i, (coll, part) in enumerate(zip(polys, parts)):
        coll.set_gid(f"map{i}")
        coll.set_clip_on(False)  # the map lies inside its axes: no clip path repeated on every area
        layers.append((f"map{i}", part[name].astype(str).tolist(), tips(part)))
    finish(fig, title=title, source=source, subtitle=subtitle)
    return InteractiveFigure(fig, alt=alt, layers=layers).render()


def interactive_strip(df, category: str, y: str, *, name: str, alt: str, hover: list[str] | tuple = (),
                      colours: dict | None = None, labels: dict | None = None, filled: str | None = None,
                      ticklabels: dict | None = None, hlines: dict | None = None, title: str | None = None,
                      source: str | None = None, subtitle: str | None = None, xlabel: str | None = None,
                      ylabel: str | None = None, figsize=(8, 6), size: float = 22, jitter: float = 0.25,
                      seed: int = 2021) -> InteractiveFigure:
    """One column of jittered points per category (a strip plot), one point per area, interactive in the book.

    The points are drawn by :func:`analysis.figures.strip` (``seaborn.stripplot``, categories in sorted
    order, a uniform sideways jitter of +-``jitter`` seeded by ``seed``: the same layout on every run).
    ``filled``: a boolean column; its True points are filled, the others drawn as rings. ``ticklabels``:
    text under each category (default: the category). The tooltip shows the area's ``name``, its
    category, ``y`` and the ``hover`` columns, never the jitter. Other arguments as
    :func:`interactive_scatter`. Display the result; do not also call ``plt.show()``.
    """
    labels = dict(labels or {})
    _check_points(df, "interactive_strip", (category, y), [name, *hover, *([filled] if filled else [])], name)
    cats = sorted(df[category].unique())
    fig, ax = plt.subplots(figsize=figsize)
    drawn = strip(ax, df, category, y, colours=colours, filled=filled, order=cats, jitter=jitter, size=size,
                  seed=seed, outline=OUTLINE, palette=CATEGORY_COLOURS)
    layers = []
    for key, is_filled, rows, points in drawn:
        gid = f"strip{cats.index(key) + 1}_{0 if is_filled else 1}"
        points.set_gid(gid)
        layers.append((gid, rows[name].astype(str).tolist(), _tooltips(rows, name, [category, y, *hover], labels)))
    _reference_lines(ax, hlines)
    ax.set_xticks(range(len(cats)), [(ticklabels or {}).get(k, str(k)) for k in cats])
    ax.set_xlim(-0.5, len(cats) - 0.5)
    ax.set_xlabel(xlabel or labels.get(category, category))
    ax.set_ylabel(ylabel or labels.get(y, y))
    finish(fig, title=title, source=source, subtitle=subtitle)
    return InteractiveFigure(fig, alt=alt, layers=layers).render()

