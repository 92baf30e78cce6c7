"""The built book in a real browser (headless Chromium driven by Playwright).

The book is built into a temporary folder and served from 127.0.0.1; every request that would leave
the machine is blocked, so a page that needs a CDN for its content fails here. Every page of the toc is
opened once and checked: no console errors, no failed or blocked request, every image loaded and with
meaningful alt text, every internal link resolving to an existing file and anchor, ``<html lang>`` set,
headings not skipping levels, no stderr or papermill bookkeeping on the page, the interactive figures
working, and (when npm can fetch axe-core) no serious or critical axe-core violation in the content.
A screenshot of each page goes to ``_build/screenshots/<page>.png`` for a person to look at.

Each page is also checked at 1280 px (on that visit) and at 390 px (a phone, a second visit): the page must not scroll sideways,
nothing may stick out of the text column (a wide table scrolls inside its own box), no printout may
be cut off at the column's edge, and every claims table must show claim, published, reproduced and
verdict without scrolling at 1280 px (seen on the same visit; screenshots ``<page>@390.png``). The budgets (each stored
notebook and each built page, with its images, at most 1 MB), the verdict box on every analysis
page, the report's filters and the "your area" search (compared with ``results/area.csv``) are
checked too.

Written for readers: at both widths no code name (a claim id, a snake_case word, a module path, a
``<code>``) shows outside a page's folded "How this was computed" section and its code cells
(:func:`code_names`), no page is taller than 12,000 px at 1280 px with its folds closed, and the report's
counts add up on the built report and front page. The pages still being rewritten are listed, with the
checks they do not pass yet, in :data:`PAGES_NOT_YET_FOR_READERS`; those checks fail strictly there, so
the list must shrink as they pass.

Unit tests of the pieces (the link resolver, the heading rule, the plotting helpers) come first; they
need no browser.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import json
import re
import shutil
import subprocess
import threading
from pathlib import Path
from urllib.parse import unquote, urldefrag, urljoin, urlparse

import pytest
import yaml

from analysis.figures import phone as _phone
from analysis.figures import static as _static

ROOT = Path(__file__).resolve().parent.parent
SHOTS = ROOT / "_build" / "screenshots"
AXE_DIR = ROOT / "_build" / "axe"
AXE_VERSION = "4.10.3"
AXE_JS = AXE_DIR / "node_modules" / "axe-core" / "axe.min.js"
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
#: alt texts that say nothing about the figure
MEANINGLESS_ALT = re.compile(r"^(image|figure|fig|plot|chart|graph|png|svg|picture|img|<Figure size.*>)?$|\.(png|jpe?g|svg|gif)$",
                             re.IGNORECASE)


# --------------------------------------------------------------------------------------------- helpers

def toc_pages(root: Path = ROOT) -> list[str]:
    """The book's pages, in toc order, as paths without suffix (``book/intro``)."""
    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    files = [toc["root"]]
    for part in toc.get("parts", []):
        for ch in part.get("chapters", []):
            files.append(ch["file"])
            files += [s["file"] for s in ch.get("sections", [])]
    return [re.sub(r"\.(md|ipynb)$", "", f) for f in files]


def heading_problems(levels: list[int]) -> list[str]:
    """Headings must start at h1 and never go down more than one level at a time."""
    problems = []
    if not levels:
        return ["no headings"]
    if levels[0] != 1:
        problems.append(f"first heading is h{levels[0]}, not h1")
    if levels.count(1) > 1:
        problems.append(f"{levels.count(1)} h1 headings")
    for a, b in zip(levels, levels[1:]):
        if b > a + 1:
            problems.append(f"h{a} followed by h{b}")
    return problems


def is_meaningful_alt(alt: str | None) -> bool:
    return alt is not None and len(alt.strip()) >= 10 and not MEANINGLESS_ALT.search(alt.strip())


#: what a code name looks like in text a reader sees: a snake_case word (a claim id, a parameter, a column,
#: a dataset: ``imd_vintage``, ``lad19_name``, ``luf_round1``), a dotted module path (``analysis.studies``),
#: a call (``luf_priority_lad19()``) or a parameter dump (``sex=male``)
CODE_NAME_PATTERNS = {
    "snake_case": re.compile(r"\b[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)+\b"),
    "module path": re.compile(r"\banalysis\.\w+(?:\.\w+)*"),
    "call": re.compile(r"\b\w+\(\)"),
    "parameter dump": re.compile(r"\b[a-z][a-z0-9_]*=[^\s=,;]+"),
}
#: web addresses are not code names, whatever their paths hold
WEB_ADDRESS = re.compile(r"(?:https?://|www\.)\S+")


def code_names(text: str, ids: frozenset[str] = frozenset()) -> list[str]:
    """The code names in ``text`` (sorted, each once): the patterns of :data:`CODE_NAME_PATTERNS`, and
    any of ``ids`` (claim ids, say) standing as a word. Web addresses are left out first."""
    text = WEB_ADDRESS.sub(" ", text)
    found = {m.group(0) for pattern in CODE_NAME_PATTERNS.values() for m in pattern.finditer(text)}
    found |= {i for i in ids if re.search(rf"(?<![\w-]){re.escape(i)}(?![\w-])", text)}
    return sorted(found)


@functools.lru_cache(maxsize=None)
def _ids_in(path: Path) -> frozenset[str]:
    text = path.read_text(encoding="utf-8", errors="replace")
    return frozenset(re.findall(r'\b(?:id|name)="([^"]+)"', text))


def broken_link(href: str, page_url: str, base_url: str, html_root: Path) -> str | None:
    """Why an internal link does not resolve (None when it does, or when it is not internal)."""
    url = urljoin(page_url, href)
    parsed = urlparse(url)
    if parsed.scheme not in ("http", "https") or parsed.hostname not in LOCAL_HOSTS:
        return None  # mailto:, external sites: not ours to check offline
    if not url.startswith(base_url):
        return f"{href}: outside the book"
    doc, frag = urldefrag(url)
    rel = unquote(urlparse(doc).path)[len(urlparse(base_url).path):]
    target = html_root / rel
    if rel == "" or rel.endswith("/"):
        target = target / "index.html"
    if not target.is_file():
        return f"{href}: no file {rel or 'index.html'}"
    if frag and target.suffix == ".html" and unquote(frag) not in _ids_in(target):
        return f"{href}: no anchor #{frag} in {rel}"
    return None


# ------------------------------------------------------------------------------------ unit tests

def test_toc_pages_include_the_intro_and_references():
    pages = toc_pages()
    assert pages[0] == "book/intro"
    assert "book/references" in pages and "notebooks/00_data" in pages
    assert pages.index("book/references") < pages.index("book/colophon")


@pytest.mark.parametrize("levels, ok", [([1, 2, 3, 2, 2], True), ([1, 3], False), ([2, 3], False),
                                        ([1, 2, 1], False), ([], False)])
def test_heading_rule(levels, ok):
    assert (heading_problems(levels) == []) is ok


@pytest.mark.parametrize("alt, ok", [(None, False), ("", False), ("figure", False), ("plot.png", False),
                                     ("<Figure size 800x500 with 1 Axes>", False),
                                     ("Scatter plot of Leave share against turnout by area", True)])
def test_alt_text_rule(alt, ok):
    assert is_meaningful_alt(alt) is ok


@pytest.mark.parametrize("text, names", [
    ("25 of the 35 published figures were reproduced; Yorkshire and The Humber, 2011-13, £1.7bn, E06000001.", []),
    ("Text before Figure 1 (the briefing's Figure 1): 93 of 309 LAs, 30%.", []),
    ("hle_fig1_g2_deprived_fifth_below differs", ["hle_fig1_g2_deprived_fifth_below"]),
    ("parameters imd_vintage and cni_aggregation; column lad19_name", ["cni_aggregation", "imd_vintage", "lad19_name"]),
    ("computed by analysis.studies.robustness (CONCLUSIONS)", ["analysis.studies.robustness"]),
    ("see geography.luf_priority_lad19()", ["luf_priority_lad19", "luf_priority_lad19()"]),
    ("sex=male, cutoff=0.3, unit=luf_list", ["cutoff=0.3", "luf_list", "sex=male", "unit=luf_list"]),
    ("the address https://www.ons.gov.uk/a_b/c_d and www.example.org/x_y are fine", []),
    ("a claim id without an underscore: leave-r", ["leave-r"]),
])
def test_code_names_are_found_in_text(text, names):
    assert code_names(text, frozenset({"leave-r"})) == names


def test_broken_link_resolver(tmp_path):
    (tmp_path / "book").mkdir()
    (tmp_path / "book" / "a.html").write_text('<h1 id="top">A</h1>')
    base = "http://127.0.0.1:1/"
    page = base + "book/a.html"
    assert broken_link("a.html#top", page, base, tmp_path) is None
    assert broken_link("https://example.org/x", page, base, tmp_path) is None
    assert "no anchor" in broken_link("a.html#nowhere", page, base, tmp_path)
    assert "no file" in broken_link("../notebooks/b.html", page, base, tmp_path)


def bibliography(root: Path = ROOT) -> dict[str, dict[str, str]]:
    """The entries of ``book/references.bib``: key -> fields (lower-case names), as Sphinx reads them."""
    from pybtex.database import parse_file

    data = parse_file(str(root / "book" / "references.bib"), bib_format="bibtex")
    return {key: {k.lower(): str(v) for k, v in e.fields.items()} for key, e in data.entries.items()}


def test_every_registry_dataset_and_source_document_is_in_the_bibliography():
    """Every source a claim relies on is on the References page with its address: every dataset of the
    registry, every Document a claim names (analysis.ledger.documents), every document the ledger's rows
    cite, and the documents the book cites for context; the page lists them by their ``keywords``."""
    from analysis.ledger import documents
    from analysis.ledger.documents import Document

    bib = (ROOT / "book" / "references.bib").read_text(encoding="utf-8")
    assert len(set(re.findall(r"^@\w+\{([^,]+),", bib, re.MULTILINE))) == len(re.findall(r"^@\w+\{", bib, re.MULTILINE)), \
        "duplicate keys"
    entries = bibliography()
    kinds = {key: {k.strip() for k in e.get("keywords", "").split(",") if k.strip()} for key, e in entries.items()}
    unsorted = sorted(k for k, v in kinds.items() if not v & {"source", "background", "dataset"})
    assert not unsorted, f"entries the References page would not list (no keywords source/background/dataset): {unsorted}"
    no_url = sorted(k for k, e in entries.items() if not e.get("url", "").startswith("https://"))
    assert not no_url, f"entries without their address (url): {no_url}"

    datasets = {e["dataset"] for e in yaml.safe_load((ROOT / "data" / "sources.yml").read_text())["files"]}
    assert datasets <= {k for k, v in kinds.items() if "dataset" in v}, \
        f"datasets without a bibliography entry: {sorted(datasets - set(entries))}"
    declared = {d.key: d for d in vars(documents).values() if isinstance(d, Document)}
    sources = {k for k, v in kinds.items() if "source" in v}
    assert set(declared) <= sources, f"documents claims rely on, not among the sources: {sorted(set(declared) - sources)}"
    assert {"hansard2023", "grin2021", "qword2021", "wmredi2021", "ceilup2022"} <= set(declared), \
        "the Fund's sources are declared documents"
    import pandas as pd

    ledger = pd.read_csv(ROOT / "results" / "claims.csv", dtype=str, keep_default_na=False)
    cited = set(ledger["document"])
    by_citation = {d.citation for d in declared.values()}
    assert cited <= by_citation, f"ledger rows citing no declared document: {sorted(cited - by_citation)}"
    for key in ("whitepaper2022", "lufprospectus2021"):
        assert "background" in kinds[key], key
    page = (ROOT / "book" / "references.md").read_text(encoding="utf-8")
    for kind in ("source", "background", "dataset"):
        assert f'keywords % "{kind}"' in page, f"the References page does not list the {kind} entries"


def test_citation_file_is_valid_cff():
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert cff["cff-version"] == "1.2.0"
    assert cff["title"] and cff["authors"] and cff["message"]
    assert cff["version"] == __import__("analysis").__version__


def test_ensure_chromium_explains_how_to_install_when_it_cannot(monkeypatch):
    from tests import browser_support as browser
    from analysis.errors import CompendiumError

    monkeypatch.setattr(browser, "_find", lambda: None)
    with pytest.raises(CompendiumError, match="apt-get install -y chromium"):
        browser.ensure_chromium(install=False)
    monkeypatch.setattr(browser.os, "geteuid", lambda: 1000)  # not root: no attempt to install
    monkeypatch.setattr(browser.subprocess, "run", lambda *a, **k: pytest.fail("must not run apt-get"))
    with pytest.raises(CompendiumError, match="not installed"):
        browser.ensure_chromium()


def test_ensure_chromium_returns_the_system_browser(monkeypatch, tmp_path):
    from tests import browser_support as browser

    fake = tmp_path / "chromium"
    monkeypatch.setattr(browser, "_find", lambda: fake)
    assert browser.ensure_chromium() == fake


# ------------------------------------------------------------------ plotting helpers (no browser)

def _frame():
    import pandas as pd

    return pd.DataFrame({"name": ["Alpha", "Beta", "Gamma", "Delta"], "x": [1.0, 2.0, 3.0, 4.0],
                         "y": [10.0, 30.0, 20.0, 40.0], "group": ["a", "a", "b", "b"], "pop": [1000, 2000, 3000, 4000]})


def test_contrast_ratio_matches_wcag():
    from analysis import figures

    assert figures.contrast_ratio("#000000") == pytest.approx(21.0)
    assert figures.contrast_ratio("#ffffff") == pytest.approx(1.0)
    assert figures.contrast_ratio("#777777") == pytest.approx(4.48, abs=0.01)
    for c in figures.OKABE_ITO_CONTRAST:  # graphics need 3:1 against the white page
        assert figures.contrast_ratio(c) >= 3, c
    assert figures.contrast_ratio(figures.OUTLINE) >= 3  # outlines make the pale colours visible
    assert "#F0E442" not in figures.CATEGORY_COLOURS  # yellow is never a category colour


def test_interactive_scatter_has_one_tooltip_per_row_and_a_png():
    from analysis import figures

    figures.use_style()
    fig = figures.interactive_scatter(_frame(), "x", "y", name="name", hover=["pop"], color="group",
                                       labels={"x": "Ex (%)", "pop": "Population"}, title="t", source="s",
                                       alt="Scatter of y against x for four areas", hlines={25: "middle"})
    html = fig.html()
    assert fig.svg().count('class="lu-el"') == 4
    assert re.search(r'data-name="Gamma"><title>Gamma\nEx \(%\): 3\ny: 20\nPopulation: 3,000\ngroup: b</title>', html)
    assert 'role="img"' in html and 'aria-label="Scatter of y against x for four areas"' in html
    assert "<script" in html and "http" not in html.split("<svg", 1)[0]  # nothing loaded from anywhere
    assert not re.search(r'<svg[^>]*\swidth="', html)  # scales with the page
    bundle = fig._repr_mimebundle_()
    assert set(bundle) == {"text/html", "image/png", "text/plain"}
    assert fig.png().startswith(b"\x89PNG")
    assert fig.html() == figures.interactive_scatter(  # deterministic: no dates, random ids
        _frame(), "x", "y", name="name", hover=["pop"], color="group", labels={"x": "Ex (%)", "pop": "Population"},
        title="t", source="s", alt="Scatter of y against x for four areas", hlines={25: "middle"}).html()


def test_interactive_scatter_single_colour_and_unique_ids():
    from analysis import figures

    a = figures.interactive_scatter(_frame(), "x", "y", name="name", alt="Scatter of four areas, one colour")
    b = figures.interactive_scatter(_frame().assign(y=[1.0, 2.0, 3.0, 4.0]), "x", "y", name="name",
                                     alt="Another scatter of four areas")
    assert a.svg().count('class=\"lu-el\"') == 4
    ids_a = set(re.findall(r'\bid="([^"]+)"', a.html()))
    ids_b = set(re.findall(r'\bid="([^"]+)"', b.html()))
    assert not ids_a & ids_b, "two figures on one page would share element ids"


@pytest.mark.parametrize("kwargs, message", [
    ({"x": "nope"}, "columns \\['nope'\\]"),
    ({"alt": " "}, "alt: describe"),
])
def test_interactive_scatter_refuses_bad_input(kwargs, message):
    from analysis import figures

    args = {"x": "x", "alt": "Scatter of four areas"} | kwargs
    with pytest.raises(ValueError, match=message):
        figures.interactive_scatter(_frame(), args["x"], "y", name="name", alt=args["alt"])


def test_interactive_scatter_refuses_missing_values_rather_than_drop_them():
    from analysis import figures

    df = _frame()
    df.loc[1, "y"] = float("nan")
    with pytest.raises(ValueError, match=r"1 rows have no 'x' or 'y' \(e.g. \['Beta'\]\)"):
        figures.interactive_scatter(df, "x", "y", name="name", alt="Scatter of four areas")


def test_choropleth_draws_in_british_national_grid_with_legend_and_vintage():
    import geopandas as gpd
    import matplotlib.pyplot as plt
    from shapely.geometry import box

    from analysis import figures

    g = gpd.GeoDataFrame({"code": ["A", "B", "C"], "cat": [1, 2, None]},
                         geometry=[box(-1, 52, -0.9, 52.1), box(-0.9, 52, -0.8, 52.1), box(-0.8, 52, -0.7, 52.1)],
                         crs="EPSG:4326")
    fig, ax = plt.subplots()
    figures.choropleth(ax, g, "cat", categorical=True, colours=figures.PRIORITY_COLOURS, legend_title="Priority")
    x0, x1 = ax.get_xlim()
    assert 400_000 < x0 < x1 < 600_000  # eastings in metres: British National Grid, not degrees
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["1.0", "2.0", "no data"]
    assert any("Boundaries: LAD December 2019" in t.get_text() and "British National Grid" in t.get_text()
               for t in ax.texts)
    plt.close(fig)


def test_a_figure_of_several_maps_is_drawn_once_when_saved_not_after_each_layer(monkeypatch):
    import io

    import geopandas as gpd
    import matplotlib.pyplot as plt
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from shapely.geometry import box

    from analysis import figures

    draws = []
    real_draw = FigureCanvasAgg.draw
    monkeypatch.setattr(FigureCanvasAgg, "draw", lambda self, *a, **k: (draws.append(1), real_draw(self, *a, **k)))
    g = gpd.GeoDataFrame({"v": [1.0, 2.0, None]}, geometry=[box(-1, 52, -0.9, 52.1), box(-0.9, 52, -0.8, 52.1),
                                                            box(-0.8, 52, -0.7, 52.1)], crs="EPSG:4326")
    fig, axes = plt.subplots(1, 3)
    fig.set_canvas(FigureCanvasAgg(fig))
    for ax in axes:
        figures.choropleth(ax, g, "v", legend_title="v")  # two layers each: the grey areas, then the values
    assert draws == []
    assert "draw_idle" not in vars(fig.canvas)  # the canvas's own method again, for whoever draws next
    fig.savefig(io.BytesIO(), format="png")
    assert draws == [1]
    plt.close(fig)


def test_interactive_choropleth_gives_every_area_a_tooltip():
    import geopandas as gpd
    from shapely.geometry import MultiPolygon, box

    from analysis import figures

    g = gpd.GeoDataFrame(
        {"code": ["A", "B", "C"], "name": ["Aytown", "Beeshire", "Cee Isles"], "cat": [1, 2, None], "pop": [5, 6, 7]},
        geometry=[box(-1, 52, -0.9, 52.1), box(-0.9, 52, -0.8, 52.1),
                  MultiPolygon([box(-0.8, 52, -0.75, 52.1), box(-0.74, 52, -0.7, 52.1)])], crs="EPSG:4326")
    fig = figures.interactive_choropleth(g, "cat", name="name", hover=["pop"], categorical=True,
                                          colours=figures.PRIORITY_COLOURS, legend_title="Priority",
                                          alt="Map of three areas by priority category")
    html = fig.html()
    # every area once: grey where it has no data
    assert fig.svg().count('class="lu-el"') == 3
    assert 'data-name="Cee Isles"><title>Cee Isles\ncat: no data\npop: 7</title>' in html
    assert html.count('data-name="Aytown"') == 1  # named in the desktop copy; the phone copy follows it
    with pytest.raises(ValueError, match="columns \\['nope'\\]"):
        figures.interactive_choropleth(g, "nope", name="name", alt="Map of three areas")
    with pytest.raises(ValueError, match="without a boundary"):
        figures.interactive_choropleth(g.assign(geometry=[None, g.geometry[1], g.geometry[2]]), "cat",
                                        name="name", alt="Map of three areas")


# ------------------------------------------------------- every stored figure has a caption and alt text

NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9]*.ipynb"))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_figure_cell_has_a_caption_and_alt_text(path):
    import nbformat

    from analysis.figures import is_figure

    nb = nbformat.read(path, as_version=4)
    problems = []
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        figures = [o for o in cell.get("outputs", []) if is_figure(o.get("data", {}))]
        if not figures:
            continue
        meta = cell.metadata.get("mystnb", {})
        first = cell.source.strip().splitlines()[0][:60] if cell.source.strip() else ""
        if len(figures) > 1:
            problems.append(f"cell {i} ({first!r}): {len(figures)} figures; one per cell (each takes the caption)")
        if not is_meaningful_alt(meta.get("image", {}).get("alt")):
            problems.append(f"cell {i} ({first!r}): no meaningful mystnb.image.alt")
        if not str(meta.get("figure", {}).get("caption", "")).strip():
            problems.append(f"cell {i} ({first!r}): no mystnb.figure.caption")
    assert not problems, f"{path.name}: " + "; ".join(problems)


# ------------------------------------------------------------------------- the book in a browser

@pytest.fixture(scope="module")
def html(book_html) -> Path:
    return book_html


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep the test output readable
        pass


@contextlib.contextmanager
def serve(directory: Path):
    """Serve a folder on 127.0.0.1 (a free port); yields the base URL."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(directory)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def base_url(html):
    with serve(html) as url:
        yield url


def _axe_script() -> Path | None:
    """axe-core from the npm registry, installed once under _build/axe; None when npm is absent."""
    if AXE_JS.is_file():
        return AXE_JS
    npm = shutil.which("npm")
    if not npm:
        return None
    AXE_DIR.mkdir(parents=True, exist_ok=True)
    proc = subprocess.run([npm, "install", "--prefix", str(AXE_DIR), "--no-audit", "--no-fund", "--no-save",
                           f"axe-core@{AXE_VERSION}"], capture_output=True, text=True, timeout=300)
    if proc.returncode != 0 or not AXE_JS.is_file():
        pytest.fail(f"npm could not install axe-core@{AXE_VERSION}:\n{proc.stderr[-2000:]}")
    return AXE_JS


@pytest.fixture(scope="module")
def axe_js():
    return _axe_script()


_PAGE_FACTS = """() => {
  const main = document.querySelector("main article") || document.querySelector("main") || document.body;
  const imgs = [...document.querySelectorAll("main img")].map(i => ({
      src: i.getAttribute("src"), alt: i.getAttribute("alt"), ok: i.complete && i.naturalWidth > 0}));
  const svgs = [...main.querySelectorAll("svg[role=img]")].filter(s => s.getClientRects().length).map(s => ({
      label: s.getAttribute("aria-label"), width: s.getBoundingClientRect().width}));
  const headings = [...main.querySelectorAll("h1, h2, h3, h4, h5, h6")]
      .filter(h => !h.closest(".output, .cell_output"))
      .map(h => ({level: +h.tagName[1], text: h.textContent.trim().slice(0, 60)}));
  const links = [...document.querySelectorAll("a[href]")].map(a => a.getAttribute("href"));
  const stderr = [...main.querySelectorAll(".output.stderr, .stderr")].map(e => e.textContent.slice(0, 200));
  const injected = main.querySelectorAll(".tag_injected-parameters").length;
  const interactive = [...main.querySelectorAll(".lu-interactive")].map(d => ({
      id: d.id, points: d.querySelectorAll(".lu-desktop .lu-el").length,
      titled: d.querySelectorAll(".lu-desktop .lu-el > title").length,
      phone: d.querySelectorAll(".lu-phone .lu-el").length,
      first: (d.querySelector(".lu-el") || {getAttribute: () => null}).getAttribute("data-name")}));
  return {lang: document.documentElement.lang, title: document.title, imgs, svgs, headings, links,
          stderr, injected, interactive, text: main.innerText.length};
}"""


def visit_pages(base_url: str, names: list[str], axe_js: Path | None = None, shots: Path = SHOTS) -> dict:
    """Open each page (``<base_url><name>.html``) once in headless Chromium; return what was seen."""
    from playwright.sync_api import sync_playwright

    from tests.browser_support import CHROMIUM_ARGS, ensure_chromium

    chromium = ensure_chromium()
    shots.mkdir(parents=True, exist_ok=True)
    results = {}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(chromium), headless=True,
                                     args=[a for a in CHROMIUM_ARGS if a != "--headless"])
        context = browser.new_context(viewport={"width": VISIT_WIDTH, "height": 900}, locale="en-GB",
                                      service_workers="block")
        blocked: list[str] = []

        def route(r):
            if urlparse(r.request.url).hostname in LOCAL_HOSTS:
                r.continue_()
            else:
                blocked.append(r.request.url)
                r.abort()

        context.route("**/*", route)
        for name in names:
            page = context.new_page()
            seen = {"console": [], "failed": [], "blocked": []}
            blocked.clear()
            page.on("console", lambda m, s=seen: s["console"].append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e, s=seen: s["console"].append(f"uncaught: {e}"))
            page.on("requestfailed", lambda r, s=seen: s["failed"].append(f"{r.url} ({r.failure})"))
            page.on("response", lambda r, s=seen: s["failed"].append(f"{r.url} (HTTP {r.status})")
                    if r.status >= 400 else None)
            url = f"{base_url}{name}.html"
            response = page.goto(url, wait_until="load")
            seen["status"] = response.status if response else None
            page.evaluate("""() => Promise.all([...document.images].map(i => {
                i.loading = "eager"; return i.decode().catch(() => null); }))""")
            page.wait_for_load_state("networkidle")
            seen.update(page.evaluate(_PAGE_FACTS))
            seen["layout"] = page.evaluate(_LAYOUT_FACTS)  # at 1280 px: the layout walk need not open it again
            seen["url"] = url
            shot = shots / f"{name.replace('/', '_')}.png"  # before any interaction: what a reader sees
            page.screenshot(path=str(shot), full_page=True)
            seen["layout"] |= page.evaluate(_TEXT_FACTS)  # opens the reader's folds, so after the screenshot
            # the interactive figures: typing an area's name highlights it and shows its values
            seen["find"] = []
            for fig in seen["interactive"]:
                if fig["first"]:
                    box = page.locator(f"#{fig['id']}-q")
                    box.fill(fig["first"])
                    hits = page.locator(f"#{fig['id']} .lu-desktop .lu-hit").count()
                    out = page.locator(f"#{fig['id']}-out").text_content() or ""
                    seen["find"].append({"id": fig["id"], "hits": hits, "output": out.strip()})
                    box.fill("")
            if axe_js is not None:
                page.add_script_tag(path=str(axe_js))
                # opening a fold fades its content in (MyST-NB's and togglebutton's 0.3 s animations): axe
                # measures colours as drawn, so mid-fade text reads as faint; check the page once it is still
                res = page.evaluate("""async () => {
                    await Promise.all(document.getAnimations().map(a => a.finished.catch(() => null)));
                    const r = await axe.run(document.querySelector("main") || document,
                        {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
                         resultTypes: ["violations"], preload: false});
                    return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                        nodes: v.nodes.slice(0, 3).map(n => n.target.join(" "))}));
                }""")
                seen["axe"] = res
            seen["blocked"] = list(blocked)
            results[name] = seen
            page.close()
        context.close()
        browser.close()
    return results


#: browsers walking the pages at once, each its own half: the pages' rendering and checks use both cores
WALKERS = 2


def in_parallel(walk, names: list[str]) -> dict:
    """``walk(some_names) -> {name: findings}`` over every name, split across :data:`WALKERS` browsers (one
    thread and one Playwright each); the findings in the order of ``names``."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(WALKERS) as ex:
        found = {k: v for part in ex.map(walk, [names[i::WALKERS] for i in range(WALKERS)]) for k, v in part.items()}
    return {n: found[n] for n in names}


@pytest.fixture(scope="module")
def visits(html, base_url, axe_js):
    """Every toc page, opened once; the findings are also written to _build/screenshots/report.json."""
    results = in_parallel(lambda names: visit_pages(base_url, names, axe_js), toc_pages())
    (SHOTS / "report.json").write_text(json.dumps(results, indent=1, default=str), encoding="utf-8")
    return results


@pytest.mark.browser
def test_the_checks_catch_a_bad_page(tmp_path):
    """A page with a CDN script, an image without alt, a missing image, a broken link and a skipped
    heading level: every check must see its problem (so a passing book means something)."""
    site = tmp_path / "site"
    (site / "book").mkdir(parents=True)
    (site / "book" / "bad.html").write_text("""<!doctype html><html><head><title>bad</title>
<script src="https://cdn.example.org/lib.js"></script></head><body><main>
<h1>Bad</h1><h3>skipped a level</h3><p>""" + "text " * 60 + """</p>
<img src="missing.png" alt="A chart of something that is not there">
<img src="data:image/gif;base64,R0lGODlhAQABAAAAACwAAAAAAQABAAA=">
<a href="nowhere.html">broken</a><a href="bad.html#nope">no anchor</a>
<script>undefinedFunction();</script></main></body></html>""", encoding="utf-8")
    with serve(site) as url:
        v = visit_pages(url, ["book/bad"], None, shots=tmp_path / "shots")["book/bad"]
    assert any("cdn.example.org" in b for b in v["blocked"])
    assert any("missing.png" in f for f in v["failed"])
    assert any("undefinedFunction" in c for c in v["console"])
    assert not v["lang"]
    assert heading_problems([h["level"] for h in v["headings"]]) == ["h1 followed by h3"]
    assert [i["ok"] for i in v["imgs"]] == [False, True]
    assert [is_meaningful_alt(i["alt"]) for i in v["imgs"]] == [True, False]
    broken = {broken_link(h, v["url"], url, site) for h in v["links"]}
    assert {"nowhere.html: no file book/nowhere.html", "bad.html#nope: no anchor #nope in book/bad.html"} <= broken



_LAYOUT_FACTS = """() => {
  const STATIC_TEXT_PX = __STATIC_TEXT_PX__;  // a phone copy's smallest text, in the image's own pixels
  const STATIC_DPI = __STATIC_DPI__;  // a static image's pixels an inch (a desktop copy says its smallest text in points)
  const height = document.documentElement.scrollHeight;  // as loaded: every fold closed
  const doc = document.scrollingElement || document.documentElement;
  const article = document.querySelector("main article") || document.querySelector("main") || document.body;
  const col = article.getBoundingClientRect();
  const name = el => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") +
      (el.classList.length ? "." + [...el.classList].slice(0, 2).join(".") : "");
  const scrolls = el => { const o = getComputedStyle(el).overflowX; return o === "auto" || o === "scroll" || o === "hidden"; };
  const sticking = [];
  for (const el of article.querySelectorAll("*")) {
    if (el.closest("svg") && el.tagName.toLowerCase() !== "svg") continue;
    const r = el.getBoundingClientRect();
    if (!r.width || !r.height || (r.right <= col.right + 1 && r.left >= col.left - 1)) continue;
    let p = el.parentElement, boxed = false;
    while (p && p !== article) {
      if (scrolls(p)) { const b = p.getBoundingClientRect(); if (b.right <= col.right + 1 && b.left >= col.left - 1) { boxed = true; break; } }
      p = p.parentElement;
    }
    if (!boxed) sticking.push(`${name(el)} [${Math.round(r.left)}-${Math.round(r.right)} vs column ${Math.round(col.left)}-${Math.round(col.right)}]`);
  }
  const cut = [...article.querySelectorAll(".cell_output pre, .output pre")]
      .filter(p => p.scrollWidth > p.clientWidth + 1).map(p => p.textContent.trim().slice(0, 80));
  // a caption inside a box that scrolls sideways runs past what the box shows: cut off mid-sentence
  const cut_captions = [...article.querySelectorAll("caption, p.lu-table-caption")].filter(c => {
      let p = c.parentElement;
      while (p && p !== article && !scrolls(p)) p = p.parentElement;
      return p && p !== article && c.getBoundingClientRect().right > p.getBoundingClientRect().right + 1;
  }).map(c => c.textContent.trim().slice(0, 60));
  const claims = [...article.querySelectorAll("table.lu-claims")].map(t => {
      const wrap = t.parentElement, r = t.getBoundingClientRect();
      const th = [...t.querySelectorAll("thead th")].map(h => h.textContent.trim());
      const visible = [...t.querySelectorAll("thead th")].every(h => { const b = h.getBoundingClientRect();
          return b.right <= Math.min(col.right, wrap.getBoundingClientRect().right) + 1 && b.width > 30; });
      return {columns: th, scrolls: wrap.scrollWidth > wrap.clientWidth + 1, visible, width: r.width};
  });
  const boxes = [...article.querySelectorAll(".lu-verdicts")].map(b => ({
      rows: b.querySelectorAll("tbody tr").length,
      labelled: [...b.querySelectorAll("tbody tr")].filter(r => { const l = r.querySelector(".lu-verdict");
          return l && l.textContent.trim() === r.dataset.verdict; }).length,
      linked: b.querySelectorAll("tbody tr td.lu-c-claim > a[href]").length,
      top: b.getBoundingClientRect().top + window.scrollY}));
  const small = [];
  for (const t of article.querySelectorAll("svg[role=img] text")) {
    if (!t.getClientRects().length || !t.textContent.trim()) continue;
    const m = t.getScreenCTM(), px = parseFloat(getComputedStyle(t).fontSize) * Math.hypot(m.a, m.b);  // rotated text too
    small.push({px: Math.round(px * 10) / 10, text: t.textContent.trim().slice(0, 40)});
  }
  for (const i of article.querySelectorAll("img.lu-phone, img.lu-desktop")) {  // a static figure: its text, as shown
    if (!i.getClientRects().length || !i.naturalWidth) continue;
    const own = i.classList.contains("lu-phone") ? STATIC_TEXT_PX : parseFloat(i.dataset.minPt) * STATIC_DPI / 72;
    const px = own * i.getBoundingClientRect().width / i.naturalWidth;
    small.push({px: Math.round(px * 10) / 10, text: `image: ${(i.getAttribute("alt") || "").slice(0, 40)}`});
  }
  small.sort((a, b) => a.px - b.px);
  const tapped = [...article.querySelectorAll(".lu-interactive")].map(d => {
    const el = [...d.querySelectorAll(".lu-el")].find(e => e.getClientRects().length);
    if (!el) return {id: d.id, shown: ""};
    el.dispatchEvent(new MouseEvent("click", {bubbles: true}));
    return {id: d.id, shown: d.querySelector("output").textContent.trim()};
  });
  return {height, sideways: doc.scrollWidth - doc.clientWidth, sticking: sticking.slice(0, 10), n_sticking: sticking.length,
          cut: cut.slice(0, 5), cut_captions, claims, boxes, smallest_text: small.slice(0, 3), tapped};
}"""
#: a static figure's phone copy draws no text under PHONE_MIN_PT, at STATIC_DPI
_LAYOUT_FACTS = _LAYOUT_FACTS.replace("__STATIC_TEXT_PX__", f"{_phone.PHONE_MIN_PT * _static.STATIC_DPI / 72:.4f}") \
    .replace("__STATIC_DPI__", str(_static.STATIC_DPI))

#: what a reader can read on the page, every fold opened but the method's (details.lu-how) and the code
#: cells' sources: the text of each shown element, and the text of each ``<code>`` element among them
_TEXT_FACTS = """() => {
  const article = document.querySelector("main article") || document.querySelector("main") || document.body;
  const skip = "details.lu-how, .cell_input, script, style, noscript, template";
  for (const d of article.querySelectorAll("details")) if (!d.closest(skip)) d.open = true;
  const shown = el => el.getClientRects().length && getComputedStyle(el).visibility !== "hidden";
  const walker = document.createTreeWalker(article, NodeFilter.SHOW_TEXT);
  const parts = [];
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const el = n.parentElement;
    if (!el || !n.textContent.trim() || el.closest(skip) || el.closest("svg title, svg desc") || !shown(el)) continue;
    parts.push(n.textContent);
  }
  const code = [...article.querySelectorAll("code")].filter(c => !c.closest(skip) && shown(c))
      .map(c => c.textContent.trim()).filter(Boolean);
  return {text: parts.join(" "), code};
}"""


def visit_layout(base_url: str, names: list[str], width: int, shots: Path = SHOTS) -> dict:
    """Open each page at ``width`` px; what sticks out, what is cut off, how the claims tables fit."""
    from playwright.sync_api import sync_playwright

    from tests.browser_support import CHROMIUM_ARGS, ensure_chromium

    shots.mkdir(parents=True, exist_ok=True)
    out = {}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(ensure_chromium()), headless=True,
                                     args=[a for a in CHROMIUM_ARGS if a != "--headless"])
        context = browser.new_context(viewport={"width": width, "height": 900}, locale="en-GB", service_workers="block")
        context.route("**/*", lambda r: r.continue_() if urlparse(r.request.url).hostname in LOCAL_HOSTS else r.abort())
        for name in names:
            page = context.new_page()
            page.goto(f"{base_url}{name}.html", wait_until="load")
            page.wait_for_load_state("networkidle")
            out[name] = page.evaluate(_LAYOUT_FACTS)
            page.screenshot(path=str(shots / f"{name.replace('/', '_')}@{width}.png"), full_page=True)
            out[name] |= page.evaluate(_TEXT_FACTS)
            page.close()
        context.close()
        browser.close()
    return out


@pytest.fixture(scope="module")
def layouts(visits, base_url):
    """Every toc page at 1280 px (seen on the one visit of each page) and at 390 px (a phone)."""
    found = {w: {n: v["layout"] for n, v in visits.items()} if w == VISIT_WIDTH
             else in_parallel(lambda names, w=w: visit_layout(base_url, names, w), toc_pages()) for w in WIDTHS}
    (SHOTS / "layout.json").write_text(json.dumps(found, indent=1), encoding="utf-8")
    return found


#: the width every page is visited at (its screenshot ``<page>.png``); the layout is checked at each width
VISIT_WIDTH = 1280
WIDTHS = (VISIT_WIDTH, 390)
BUDGET = 1_000_000  # bytes: each stored notebook, and each built page with its images
ANALYSIS_PAGES = [f"notebooks/{stem}" for stem in
                  ("01_hle_priority", "02_leave_imd_cni", "03_low_pay", "04_luf_round1", "05_mission7",
                   "06_left_behind_wards")]


def page_weight(html_root: Path, name: str) -> int:
    """Bytes a reader downloads for a page's content: its HTML and the local images it shows."""
    page = html_root / f"{name}.html"
    text = page.read_text(encoding="utf-8")
    images = {src for src in re.findall(r'<img[^>]+src="([^"]+)"', text) if not src.startswith(("data:", "http"))}
    return page.stat().st_size + sum((page.parent / unquote(src)).stat().st_size for src in images
                                     if (page.parent / unquote(src)).is_file())


def test_page_weight_counts_the_html_and_its_images(tmp_path):
    (tmp_path / "_images").mkdir()
    (tmp_path / "_images" / "a.png").write_bytes(b"x" * 500)
    (tmp_path / "p.html").write_text('<img src="_images/a.png"><img src="_images/a.png"><img src="data:x">')
    assert page_weight(tmp_path, "p") == len('<img src="_images/a.png"><img src="_images/a.png"><img src="data:x">') + 500


@pytest.mark.browser
def test_the_layout_checks_catch_a_page_that_sticks_out(tmp_path):
    """A page wider than the phone, a printout too long for its column, a claims table that scrolls and
    a caption that scrolls away with its wide table: each check must see its problem."""
    site = tmp_path / "site"
    (site / "book").mkdir(parents=True)
    (site / "book" / "wide.html").write_text("""<!doctype html><html lang="en"><head><title>wide</title></head>
<body><main><article style="max-width: 600px"><h1>Wide</h1>
<div style="width: 900px">a fixed-width box</div>
<div class="cell_output"><pre style="overflow: hidden">""" + "x" * 400 + """</pre></div>
<div><table class="lu-claims" style="width: 1200px"><thead><tr><th>claim</th><th>published</th><th>reproduced</th>
<th>verdict</th></tr></thead></table></div>
<div style="overflow-x: auto"><table style="width: 900px"><caption>A caption that scrolls away with its table</caption>
<tr><td>wide</td></tr></table></div></article></main></body></html>""", encoding="utf-8")
    with serve(site) as url:
        v = visit_layout(url, ["book/wide"], 390, shots=tmp_path / "shots")["book/wide"]
    assert v["sideways"] > 0 and v["n_sticking"] >= 1 and v["cut"]
    assert v["cut_captions"] == ["A caption that scrolls away with its table"]
    assert v["claims"][0]["scrolls"] and not v["claims"][0]["visible"]


@pytest.mark.browser
def test_the_reader_checks_catch_code_names_and_a_tall_page(tmp_path):
    """Code names in the text and in a note's fold, a ``<code>``, and a page too tall: each is seen; the
    method's fold, a code cell's source and a figure's tooltip are not read."""
    site = tmp_path / "site"
    (site / "book").mkdir(parents=True)
    (site / "book" / "tall.html").write_text("""<!doctype html><html lang="en"><head><title>tall</title></head>
<body><main><article><h1>Tall</h1><p>Set by the imd_vintage parameter, in <code>cell</code>.</p>
<details><summary>source and note</summary><p>sex=male</p></details>
<details class="lu-how"><summary>Show the method</summary><p>fine_here <code>also_fine</code></p></details>
<div class="cell_input"><pre>code_in_a_cell = 1</pre></div>
<svg role="img" aria-label="a figure"><title>tooltip_name</title><text x="5" y="15">Leave share (%)</text></svg>
<div style="height: 13000px"></div></article></main></body></html>""", encoding="utf-8")
    with serve(site) as url:
        v = visit_layout(url, ["book/tall"], 1280, shots=tmp_path / "shots")["book/tall"]
    assert code_names(v["text"]) == ["imd_vintage", "sex=male"] and v["code"] == ["cell"]
    assert "Leave share (%)" in v["text"] and v["height"] > MAX_HEIGHT


PAGES = toc_pages()
browser = pytest.mark.browser

#: the tallest a page may be at 1280 px with every fold closed
MAX_HEIGHT = 12_000
#: the pages being rewritten for their readers, and the checks of the rewrite (below) each does not pass
#: yet: those checks are expected to fail there, strictly, so an entry must go as soon as its page passes
#: ("code names": its visible text; "height": its height at 1280 px). Empty: every page passes both.
PAGES_NOT_YET_FOR_READERS: dict[str, set[str]] = {}


def for_readers(check: str) -> list:
    """PAGES, each page where ``check`` does not pass yet (:data:`PAGES_NOT_YET_FOR_READERS`) marked to fail
    strictly."""
    unknown = set(PAGES_NOT_YET_FOR_READERS) - set(PAGES)
    assert not unknown, f"PAGES_NOT_YET_FOR_READERS names pages not in the toc: {sorted(unknown)}"
    return [pytest.param(n, marks=pytest.mark.xfail(strict=True, reason=f"{n} is not yet rewritten for readers ({check})"))
            if check in PAGES_NOT_YET_FOR_READERS.get(n, ()) else n for n in PAGES]


@functools.lru_cache(maxsize=1)
def claim_ids() -> frozenset[str]:
    import pandas as pd

    return frozenset(pd.read_csv(ROOT / "results" / "claims.csv", dtype=str, keep_default_na=False)["claim_id"])


@browser
@pytest.mark.parametrize("name", PAGES)
def test_page_loads_offline_without_errors(visits, name):
    v = visits[name]
    assert v["status"] == 200, f"{name}: HTTP {v['status']}"
    assert not v["blocked"], f"{name} asked for something off this machine (not offline-clean): {v['blocked']}"
    assert not v["failed"], f"{name}: requests failed: {v['failed']}"
    assert not v["console"], f"{name}: console errors: {v['console']}"
    assert v["text"] > 200, f"{name}: the page shows almost no text ({v['text']} characters)"


@browser
@pytest.mark.parametrize("name", PAGES)
def test_images_load_and_have_alt_text(visits, name):
    v = visits[name]
    broken = [i["src"] for i in v["imgs"] if not i["ok"]]
    assert not broken, f"{name}: images that did not load: {broken}"
    no_alt = [i["src"] for i in v["imgs"] if not is_meaningful_alt(i["alt"])]
    assert not no_alt, (f"{name}: images without meaningful alt text (set the cell metadata "
                        f'{{"mystnb": {{"image": {{"alt": "..."}}}}}}): {no_alt}')
    unlabelled = [s for s in v["svgs"] if not is_meaningful_alt(s["label"])]
    assert not unlabelled, f"{name}: SVG figures without a meaningful aria-label: {unlabelled}"


@browser
@pytest.mark.parametrize("name", PAGES)
def test_internal_links_resolve(visits, html, base_url, name):
    v = visits[name]
    broken = sorted({b for h in v["links"] if (b := broken_link(h, v["url"], base_url, html))})
    assert not broken, f"{name}: broken internal links: {broken}"


@browser
@pytest.mark.parametrize("name", PAGES)
def test_language_and_headings(visits, name):
    v = visits[name]
    assert v["lang"], f"{name}: <html lang> is not set"
    problems = heading_problems([h["level"] for h in v["headings"]])
    assert not problems, f"{name}: headings out of order: {problems}; headings: {v['headings']}"


@browser
@pytest.mark.parametrize("name", PAGES)
def test_no_stderr_or_papermill_bookkeeping_on_the_page(visits, name):
    v = visits[name]
    assert not v["stderr"], f"{name}: warnings/stderr shown to readers (fix them in the analysis code): {v['stderr']}"
    assert v["injected"] == 0, f"{name}: papermill's injected-parameters cell is on the page"


@browser
@pytest.mark.parametrize("name", PAGES)
def test_interactive_figures_work(visits, name):
    v = visits[name]
    for fig in v["interactive"]:
        assert fig["points"] > 0 and fig["points"] == fig["titled"] == fig["phone"], f"{name}: {fig}"
    for svg in v["svgs"]:
        assert svg["width"] > 200, f"{name}: an SVG figure is drawn {svg['width']:.0f}px wide"
    for found in v["find"]:
        assert found["hits"] >= 1 and found["output"], f"{name}: 'Find an area' found nothing: {found}"


@browser
def test_the_data_page_has_an_interactive_figure(visits):
    v = visits["notebooks/00_data"]
    assert len(v["interactive"]) == 1 and v["interactive"][0]["points"] == 382  # 382 counting areas
    assert v["find"] and v["find"][0]["hits"] == 1


@browser
@pytest.mark.parametrize("name", PAGES)
def test_accessibility_axe_core(visits, name):
    v = visits[name]
    if "axe" not in v:
        pytest.skip("npm is not available, so axe-core could not be installed")
    serious = [x for x in v["axe"] if x["impact"] in ("serious", "critical")]
    assert not serious, f"{name}: axe-core violations: {json.dumps(serious, indent=1)}"


@browser
def test_references_page_lists_every_entry(visits, html):
    text = (html / "book" / "references.html").read_text(encoding="utf-8")
    bib = (ROOT / "book" / "references.bib").read_text(encoding="utf-8")
    keys = re.findall(r"^@\w+\{([^,]+),", bib, re.MULTILINE)
    entries = re.findall(r'<div class="citation" id="[^"]+" role="listitem">', text)
    assert len(entries) == len(keys), f"the references page lists {len(entries)} entries; the .bib has {len(keys)}"
    for title in ["Levelling up left behind places", "Levelling up and work", "Levelling Up Fund: prospectus",
                  "Community Needs Index 2019", "Levelling Up the United Kingdom", "Lessons on Levelling Up",
                  "Levelling Up: An Analysis of the Distribution of Funding in Round One", "Levelling-up Fund Round 2"]:
        assert title in text, title
    for key, e in bibliography().items():
        assert f'href="{e["url"]}"' in text.replace("&amp;", "&"), f"{key}: its address is not a link on the page"


@pytest.mark.book
@pytest.mark.parametrize("name", [p for p in PAGES if p.startswith("notebooks/")])
def test_notebook_pages_say_how_to_rerun_with_every_parameter(html, name):
    """Each notebook page gives the exact command and lists every parameter with its allowed values."""
    from analysis.tooling.runner import declared_parameters

    stem = name.split("/")[-1]
    text = re.sub(r"<[^>]+>", "", (html / f"{name}.html").read_text(encoding="utf-8"))
    text = __import__("html").unescape(text)
    assert "Re-run it" in text, f"{name}: no 'Re-run it' section"
    assert f"python -m analysis run {stem}" in text, f"{name}: the exact command is not given"
    params = declared_parameters(ROOT / f"{name}.ipynb")
    if params:
        assert f"python -m analysis run {stem} -p" in text, f"{name}: no example with -p NAME VALUE"
    rerun = text[text.index("Re-run it"):]
    for p in params.values():
        assert p.name in rerun, f"{name}: parameter {p.name!r} is not listed in 'Re-run it'"
        for value in p.choices or ():
            assert str(value) in rerun, f"{name}: allowed value {value!r} of {p.name!r} is not listed"
        if p.low is not None:
            assert f"{p.low:g}" in rerun and f"{p.high:g}" in rerun, f"{name}: the range of {p.name!r} is not given"


@browser
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", PAGES)
def test_nothing_sticks_out_of_the_column(layouts, name, width):
    v = layouts[width][name]
    assert v["sideways"] <= 0, f"{name} at {width}px scrolls sideways by {v['sideways']}px"
    assert not v["n_sticking"], f"{name} at {width}px: {v['n_sticking']} elements stick out of the column: {v['sticking']}"
    assert not v["cut"], f"{name} at {width}px: printouts cut off at the column's edge: {v['cut']}"
    assert not v["cut_captions"], f"{name} at {width}px: captions cut off in a box that scrolls: {v['cut_captions']}"


#: at each width, the pages whose figures do not yet show their text at 9 px, and what is smallest there, as
#: measured (strict: the test fails once a page reads at 9 px). At 1280 px the column is 672 px wide
TEXT_NOT_YET: dict[int, dict[str, str]] = {
    390: {},
    1280: {"notebooks/02_leave_imd_cni": "the specifications figure, 9 in wide and shown at 0.68: its row labels, 8.9 px"},
}


@browser
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", PAGES)
def test_figure_text_is_readable(layouts, name, width):
    """At 1280 px and at 390 px every figure shown draws its text at 9 px or more: on a phone its phone copy,
    on a desktop an image wider than the column shrunk to it, and its text with it (a static figure's image
    says its smallest text in points)."""
    small = layouts[width][name]["smallest_text"]
    readable = not small or small[0]["px"] >= 9
    if name in TEXT_NOT_YET[width]:
        assert not readable, f"{name} now reads at 9 px or more at {width}px: take it off TEXT_NOT_YET[{width}]"
        pytest.xfail(TEXT_NOT_YET[width][name])
    assert readable, f"{name} at {width}px: figure text as small as {small}"


@browser
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", PAGES)
def test_figure_values_show_on_tap(layouts, name, width):
    """A tap (a click) on a figure's mark shows its values under the figure: a phone has no hover."""
    for fig in layouts[width][name]["tapped"]:
        assert fig["shown"] and "Tap or hover" not in fig["shown"], f"{name} at {width}px: a tap showed nothing: {fig}"


@browser
@pytest.mark.parametrize("name", for_readers("code names"))
def test_no_code_names_in_what_a_reader_sees(layouts, name):
    """At 1280 and 390 px, with every fold open but the method's: no claim id, parameter, column, module
    or function name, and no ``<code>``, outside the "How this was computed" fold and the code cells."""
    problems = {}
    for width in WIDTHS:
        v = layouts[width][name]
        found = code_names(v["text"], claim_ids())
        if found or v["code"]:
            problems[width] = {"code names": found[:25], "<code>": v["code"][:10]}
    assert not problems, f"{name}: code names in visible text: {problems}"


@browser
@pytest.mark.parametrize("name", for_readers("height"))
def test_page_height_at_1280(layouts, name):
    height = layouts[1280][name]["height"]
    assert height <= MAX_HEIGHT, f"{name} is {height:,} px tall at 1280 px with its folds closed (at most {MAX_HEIGHT:,})"


@browser
@pytest.mark.parametrize("name", PAGES)
def test_claims_tables_show_every_column_at_1280(layouts, name):
    for t in layouts[1280][name]["claims"]:
        assert t["columns"] == ["claim", "published", "reproduced", "verdict"], f"{name}: {t}"
        assert not t["scrolls"] and t["visible"], f"{name}: a claims table does not fit at 1280px: {t}"


@browser
@pytest.mark.parametrize("name", PAGES)
def test_page_budget(html, name):
    size = page_weight(html, name)
    assert size <= BUDGET, f"{name}: the page and its images weigh {size / 1e6:.2f} MB (budget {BUDGET / 1e6:.0f} MB)"


@browser
@pytest.mark.parametrize("path", sorted((ROOT / "notebooks").glob("*.ipynb")), ids=lambda p: p.stem)
def test_stored_notebook_budget(path):
    size = path.stat().st_size
    assert size <= BUDGET, f"{path.name} is {size / 1e6:.2f} MB stored (budget {BUDGET / 1e6:.0f} MB)"


@browser
@pytest.mark.parametrize("name", ANALYSIS_PAGES)
def test_analysis_page_opens_with_its_verdicts(layouts, name):
    boxes = layouts[1280][name]["boxes"]
    assert len(boxes) == 1, f"{name}: {len(boxes)} verdict boxes (expected one near the top; see report.verdict_box)"
    b = boxes[0]
    assert b["rows"] >= 1 and b["labelled"] == b["rows"] and b["linked"] == b["rows"], f"{name}: {b}"
    assert b["top"] < 1500, f"{name}: the verdict box starts {b['top']:.0f}px down the page, not near the top"


@browser
def test_report_table_filters_by_analysis_and_verdict(html, base_url):
    import pandas as pd
    from playwright.sync_api import sync_playwright

    from tests.browser_support import CHROMIUM_ARGS, ensure_chromium

    ledger = pd.read_csv(ROOT / "results" / "claims.csv", dtype=str, keep_default_na=False)
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(ensure_chromium()), headless=True,
                               args=[a for a in CHROMIUM_ARGS if a != "--headless"])
        page = b.new_page(viewport={"width": 1280, "height": 900})
        page.goto(f"{base_url}notebooks/90_report.html", wait_until="load")
        rows = "#lu-report tbody tr:not([hidden])"
        assert page.locator(rows).count() == len(ledger)
        page.select_option("#lu-f-analysis", "hle")
        assert page.locator(rows).count() == int((ledger["analysis"] == "hle").sum())
        page.select_option("#lu-f-verdict", "differs")
        assert page.locator(rows).count() == int(((ledger["analysis"] == "hle") & (ledger["verdict"] == "differs")).sum())
        page.select_option("#lu-f-analysis", "")
        assert page.locator(rows).count() == int((ledger["verdict"] == "differs").sum())
        links = page.locator("#lu-report tbody td.lu-c-claim > a").evaluate_all("as => as.map(a => a.getAttribute('href'))")
        b.close()
    assert len(links) == len(ledger), "every claim in the report links to the page that shows the work"
    broken = sorted({x for h in links if (x := broken_link(h, f"{base_url}notebooks/90_report.html", base_url, html))})
    assert not broken, broken


@browser
@pytest.mark.parametrize("query", ["Hull", "kingston upon hull"])
def test_your_area_shows_what_the_pipeline_wrote(html, base_url, query):
    import pandas as pd
    from playwright.sync_api import sync_playwright

    from tests.browser_support import CHROMIUM_ARGS, ensure_chromium

    table = pd.read_csv(ROOT / "results" / "area.csv")
    hull = table.set_index("code").loc["E06000010"]
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(ensure_chromium()), headless=True,
                               args=[a for a in CHROMIUM_ARGS if a != "--headless"])
        for width in WIDTHS:
            page = b.new_page(viewport={"width": width, "height": 900})
            page.goto(f"{base_url}notebooks/92_your_area.html", wait_until="load")
            page.fill("#lu-area-q", query)
            out = page.locator("#lu-area-out")
            assert "Kingston upon Hull" in out.inner_text()
            shown = out.locator("td[data-col]").evaluate_all(
                "tds => tds.map(t => [t.dataset.col, t.dataset.value, t.innerText])")
            page.screenshot(path=str(SHOTS / f"notebooks_92_your_area_{query.replace(' ', '_')}@{width}.png"),
                            full_page=True)
            sideways = page.evaluate("() => document.scrollingElement.scrollWidth - document.scrollingElement.clientWidth")
            assert sideways <= 0, f"the area box scrolls the page sideways at {width}px"
            page.close()
        b.close()
    assert len(shown) >= 10
    for col, value, text in shown:
        expected = hull[col]
        if pd.isna(expected):
            assert value == "" and "no value" in text, (col, text)
        elif isinstance(expected, str):
            assert value == expected and expected in text, (col, value, expected)
        else:
            assert float(value) == pytest.approx(float(expected), rel=1e-5), (col, value, expected)
    assert str(hull["hle_male_how"]) in " ".join(t for c, _, t in shown if c == "hle_male")
    assert "GBP" not in " ".join(t for _, _, t in shown)


_REPORT_FACTS = """() => {
  const counts = el => Object.fromEntries([...el.querySelectorAll("[data-count]")]
      .map(e => [e.dataset.count, Number(e.textContent.replace(/,/g, ""))]));
  const summary = document.querySelector(".lu-summary");
  const overview = [...document.querySelectorAll("table.lu-overview tbody tr")].map(r => ({
      analysis: r.dataset.analysis, label: r.querySelector("th").firstChild.textContent, counts: counts(r)}));
  const claims = [...document.querySelectorAll("#lu-report tbody tr")].map(r => r.dataset.verdict);
  const notHeld = [...document.querySelectorAll(".lu-verdicts tbody tr:not(.lu-group)")].map(r => r.dataset.verdict);
  const caption = (document.querySelector("#lu-f-n") || {}).textContent || "";
  return {summary: summary ? counts(summary) : null, overview, claims, notHeld, caption};
}"""


def report_problems(facts: dict) -> list[str]:
    """What does not add up in the report's numbers as a page shows them (``_REPORT_FACTS``): the summary's
    counts against each other, the overview's rows against its total and the summary, and the table of
    every claim (when the page has one) against the summary."""
    s, problems = facts["summary"], []
    if not s:
        return ["no summary on the page"]
    for whole, parts in (("claims", ("testable", "audits", "not_testable")), ("testable", ("reproduced", "differs")),
                         ("audits", ("consistent", "inconsistent")), ("tested_or_audited", ("testable", "audits"))):
        if s[whole] != sum(s[p] for p in parts):
            problems.append(f"{whole} = {s[whole]}, but {' + '.join(parts)} = {sum(s[p] for p in parts)}")
    rows = [r for r in facts["overview"] if r["analysis"]]
    total = next((r["counts"] for r in facts["overview"] if not r["analysis"]), None)
    if not rows or total is None:
        return problems + ["no overview table with a total row"]
    for key, value in total.items():
        if value != sum(r["counts"][key] for r in rows):
            problems.append(f"overview: the total {key} is {value}, its rows add up to {sum(r['counts'][key] for r in rows)}")
        if value != s[key]:
            problems.append(f"overview: the total {key} is {value}, the summary says {s[key]}")
    for r in rows:
        c = r["counts"]
        if c["claims"] != sum(v for k, v in c.items() if k != "claims"):
            problems.append(f"overview: {r['label']}'s counts do not add up to its {c['claims']} claims: {c}")
    if facts["claims"]:
        seen = {v: facts["claims"].count(v) for v in set(facts["claims"])}
        shown = {"claims": len(facts["claims"]), "differs": seen.get("differs", 0),
                 "reproduced": seen.get("reproduced", 0) + seen.get("reproduced within tolerance", 0),
                 "consistent": seen.get("consistent", 0), "inconsistent": seen.get("inconsistent in source", 0),
                 "not_testable": seen.get("not testable", 0)}
        problems += [f"the table of every claim shows {n} {k}, the summary says {s[k]}" for k, n in shown.items()
                     if n != s[k]]
    return problems


def test_the_report_arithmetic_check_sees_a_count_that_does_not_add_up():
    s = {"claims": 6, "testable": 3, "audits": 2, "not_testable": 1, "reproduced": 2, "differs": 1, "consistent": 1,
         "inconsistent": 1, "tested_or_audited": 5}
    row = {"reproduced": 2, "differs": 1, "consistent": 1, "inconsistent": 1, "not_testable": 1, "claims": 6}
    good = {"summary": s, "overview": [{"analysis": "x", "label": "X", "counts": row}, {"analysis": "", "label": "All",
            "counts": row}], "claims": ["reproduced", "reproduced within tolerance", "differs", "consistent",
                                        "inconsistent in source", "not testable"]}
    assert report_problems(good) == []
    bad = {**good, "summary": {**s, "claims": 7}, "claims": good["claims"][:-1]}
    assert report_problems(bad) == ["claims = 7, but testable + audits + not_testable = 6",
                                    "overview: the total claims is 6, the summary says 7",
                                    "the table of every claim shows 5 claims, the summary says 7",
                                    "the table of every claim shows 0 not_testable, the summary says 1"]


@browser
def test_the_reports_arithmetic_on_the_built_pages(html, base_url):
    """The report and the front page, as a reader sees them: the summary's counts add up, the overview's
    rows add up to its total and to the summary, the table of every claim holds as many of each verdict,
    its caption follows the filters, and the front page says the same as the report."""
    from playwright.sync_api import sync_playwright

    from tests.browser_support import CHROMIUM_ARGS, ensure_chromium

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(ensure_chromium()), headless=True,
                               args=[a for a in CHROMIUM_ARGS if a != "--headless"])
        page = b.new_page(viewport={"width": 1280, "height": 900})
        page.goto(f"{base_url}notebooks/90_report.html", wait_until="load")
        report = page.evaluate(_REPORT_FACTS)
        first = next(r for r in report["overview"] if r["analysis"] and r["counts"]["claims"])
        page.select_option("#lu-f-analysis", first["analysis"])
        filtered = page.evaluate(_REPORT_FACTS)["caption"]
        page.select_option("#lu-f-verdict", "differs")
        both = page.evaluate(_REPORT_FACTS)["caption"]
        shown = page.locator("#lu-report tbody tr:not([hidden])").count()
        page.goto(f"{base_url}book/intro.html", wait_until="load")
        front = page.evaluate(_REPORT_FACTS)
        b.close()
    assert not report_problems(report), report_problems(report)
    n = report["summary"]["claims"]
    assert report["caption"] == f"All {n} claims"
    assert filtered == f"{first['counts']['claims']} of {n} claims ({first['label']})", filtered
    assert both == f"{shown} of {n} claims ({first['label']}, differs)", both
    assert not report_problems(front), report_problems(front)
    assert front["summary"] == report["summary"] and front["overview"] == report["overview"]
    assert len(front["notHeld"]) == report["summary"]["differs"] + report["summary"]["inconsistent"]
    assert set(front["notHeld"]) <= {"differs", "inconsistent in source"}


#: what the area box shows for each search case: a text it must show and, for a list, how many buttons
AREA_CASES = {
    "Hull": ("Kingston upon Hull", 0), "Kings Lynn": ("King's Lynn and West Norfolk", 0),
    "Saint Albans": ("St Albans", 0), "  mid   SUFFOLK ": ("These are the figures of Suffolk", 0),
    "Shepway": ("former name of Folkestone and Hythe", 0), "Taunton Deane": ("part of Somerset since April 2023", 0),
    "Suffolk": ("Suffolk is a county with 5 districts", 5), "Cumbria": ("county until April 2023", 8),
    "Hartelpool": ("Did you mean", 2), "Cardiff": ("is in Wales", 0),
}


def _area_page(b, base_url, width):
    page = b.new_page(viewport={"width": width, "height": 900})
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"{base_url}notebooks/92_your_area.html", wait_until="load")
    return page, errors


@browser
def test_your_area_search_cases(html, base_url):
    """Each search case of the area page, typed into the built page at both widths."""
    from playwright.sync_api import sync_playwright

    from tests.browser_support import CHROMIUM_ARGS, ensure_chromium

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(ensure_chromium()), headless=True,
                               args=[a for a in CHROMIUM_ARGS if a != "--headless"])
        for width in WIDTHS:
            page, errors = _area_page(b, base_url, width)
            for query, (text, buttons) in AREA_CASES.items():
                page.fill("#lu-area-q", query)
                out = page.locator("#lu-area-out")
                seen = out.inner_text()
                assert text in seen, (width, query, seen[:300])
                assert out.locator("button[data-kind]").count() == buttons, (width, query)
                assert not re.search(r"\b[a-z0-9]+_[a-z0-9_]+\b", seen), (width, query, "a code name shows")
                sideways = page.evaluate("() => document.scrollingElement.scrollWidth - document.scrollingElement.clientWidth")
                assert sideways <= 0, (width, query, "the page scrolls sideways")
                page.screenshot(path=str(SHOTS / f"notebooks_92_your_area_{query.strip().replace(' ', '_')}@{width}.png"),
                                full_page=True)
            page.fill("#lu-area-q", "Hartelpool")  # a suggestion, chosen, shows the LA
            page.locator("#lu-area-out button[data-ref='E06000001']").click()
            assert "Healthy life expectancy at birth" in page.locator("#lu-area-out").inner_text()
            page.fill("#lu-area-q", "Suffolk")  # a district chosen from its county
            page.locator("#lu-area-out button[data-ref='E07000203']").click()
            assert "Mid Suffolk" in page.locator("#lu-area-out").inner_text()
            assert not errors, errors
            page.close()
        b.close()


@browser
def test_your_area_script_searches_as_the_python_does(html, base_url):
    """The page's script and analysis.data.geography.names give the same key for every name and the
    same answer for every query (each search case, every name with a letter dropped or doubled)."""
    from playwright.sync_api import sync_playwright

    from analysis.data import geography
    from tests.browser_support import CHROMIUM_ARGS, ensure_chromium

    text = (html / "notebooks" / "92_your_area.html").read_text(encoding="utf-8")
    blob = re.search(r'<script type="application/json" id="lu-area-data">(.*?)</script>', text, re.S).group(1)
    names = json.loads(blob.replace("<\\/", "</"))["names"]
    import pandas as pd
    index = pd.DataFrame(names, columns=geography.names.INDEX_COLUMNS)
    labels = index["label"].tolist()
    queries = [*AREA_CASES, "north", "east", "London", "City of London", "Somerset", "Durham", "Newcastle", "Atlantis",
               "Royal Borough of Greenwich", "Hull City Council", "", "   ",
               *[lab[:-1] for lab in labels[::7]], *[lab[:3] + lab[2:] for lab in labels[3::11]]]
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(ensure_chromium()), headless=True,
                               args=[a for a in CHROMIUM_ARGS if a != "--headless"])
        page, errors = _area_page(b, base_url, 1280)
        keys = page.evaluate("labels => labels.map(l => document.getElementById('lu-area').luKey(l))", labels)
        found = page.evaluate("qs => qs.map(q => document.getElementById('lu-area').luFind(q))", queries)
        b.close()
    assert keys == index["key"].tolist() == [geography.search_key(lab) for lab in labels]
    for q, js in zip(queries, found):
        py = geography.find(index, q)
        assert (js["how"], [tuple(t) for t in js["targets"]]) == (py.how, py.targets), q
    assert not errors, errors
