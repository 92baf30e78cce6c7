"""The committed notebooks are the published record: executed, error-free, with clean metadata,
and with at least one cell whose printed headline numbers nbval checks; and the pages follow the
house conventions (parameters, narrative and calls only; code folded; checked cells off the page)."""

import re
from pathlib import Path

import nbformat
import pytest

from analysis.figures import is_figure

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9]*.ipynb"))
#: every page follows the conventions below
CONVENTIONS = [p.stem for p in NOTEBOOKS]
MAX_CELL_LINES = 30
MAX_TOTAL_LINES = 600
MAX_BYTES = 1_000_000


def test_there_are_notebooks():
    assert NOTEBOOKS


def test_all_notebooks_together_hold_little_code():
    lines = {p.stem: sum(len(c.source.splitlines()) for c in nbformat.read(p, as_version=4).cells
                         if c.cell_type == "code") for p in NOTEBOOKS}
    assert sum(lines.values()) <= MAX_TOTAL_LINES, f"{sum(lines.values())} code lines in the notebooks: {lines}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_is_stored_executed_and_clean(path):
    nb = nbformat.read(path, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code, "no code cells"
    assert all(c.execution_count is not None for c in code), "stored without executing every cell"
    assert [c.execution_count for c in code] == list(range(1, len(code) + 1)), "not one clean top-to-bottom run"
    assert any(c.outputs for c in code), "stored without outputs: nbval would pass vacuously"
    for c in code:
        assert not [o for o in c.outputs if o.get("output_type") == "error"], "an error is stored"
        assert "papermill" not in c.metadata and "execution" not in c.metadata
        assert not any("injected-parameters" in c.metadata.get("tags", []) for c in code), "injected cell stored"
    assert "papermill" not in nb.metadata
    checked = [c for c in code if c.source.startswith("# NBVAL_CHECK_OUTPUT")]
    assert checked and all(c.outputs for c in checked), "no headline cell for nbval to compare"


@pytest.mark.parametrize("name", CONVENTIONS)
def test_page_follows_the_conventions(name):
    path = ROOT / "notebooks" / f"{name}.ipynb"
    assert path.stat().st_size < MAX_BYTES, "stored notebook over 1 MB"
    nb = nbformat.read(path, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    for i, c in enumerate(code):
        tags = set(c.metadata.get("tags", []))
        where = f"code cell {i} ({c.source.splitlines()[0][:50]!r})"
        assert len(c.source.splitlines()) <= MAX_CELL_LINES, f"{where}: over {MAX_CELL_LINES} lines"
        assert not re.search(r"^\s*(def|class)\s|\blambda\b", c.source, re.M), f"{where}: logic belongs in the module"
        if i == 0 and "parameters" in tags:
            continue
        assert "parameters" not in tags, f"{where}: only the first code cell holds parameters"
        if c.source.startswith("# NBVAL_CHECK_OUTPUT"):
            assert "remove-cell" in tags, f"{where}: a checked cell stays off the page (remove-cell)"
        else:
            assert tags & {"hide-input", "remove-cell"}, f"{where}: code is folded on the page (hide-input)"
        figures = [o for o in c.outputs if is_figure(o.get("data", {}))]
        assert len(figures) <= 1, f"{where}: one figure per cell"
        if figures:
            meta = c.metadata.get("mystnb", {})
            assert meta.get("figure", {}).get("caption") and meta.get("image", {}).get("alt"), \
                f"{where}: a figure needs a caption and alt text in the cell metadata"
        for o in c.outputs:
            if o.get("output_type") == "stream" and "remove-cell" not in tags:
                wide = [line for line in o.get("text", "").splitlines() if len(line) > 100]
                assert not wide, f"{where}: printed lines wider than the text column; show a table"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_glued_float_keeps_steady_digits(path):
    """A page glues through :func:`analysis.figures.glue`, which rounds a float to 12 significant digits:
    the last digits of a computed float differ between processors, and a stored notebook must not."""
    from analysis.figures.glue import SIGNIFICANT

    nb = nbformat.read(path, as_version=4)
    assert not [c for c in nb.cells if c.cell_type == "code" and "from myst_nb import glue" in c.source], \
        "glue through analysis.figures.glue, not myst_nb's own"
    long = []
    for c in nb.cells:
        for o in c.get("outputs", []) if c.cell_type == "code" else []:
            name = o.get("metadata", {}).get("scrapbook", {}).get("name")
            text = o.get("data", {}).get("application/papermill.record/text/plain", "")
            if name and re.fullmatch(r"-?\d+\.\d*(e[-+]\d+)?", text):
                digits = re.sub(r"e.*|[-.]", "", text).lstrip("0")
                if len(digits) > SIGNIFICANT:
                    long.append(f"{name} = {text}")
    assert not long, f"glued with more than {SIGNIFICANT} significant digits: {long[:5]}"


#: the width a figure is shown at on a 390 px page (measured in the browser: the column less the figure's margins)
PHONE_COLUMN_PX = 342


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_static_figure_on_a_phone_shows_its_text_at_9_px_or_more(path):
    """A phone copy's text is drawn at 9 pt or more, at the static figures' resolution; an image wider than
    the phone's column is shown shrunk to it, and its text with it (the browser test measures it on the built
    pages; this checks the stored notebooks without a browser)."""
    import base64
    import io

    from PIL import Image

    from analysis.figures.phone import PHONE_MIN_PT
    from analysis.figures.static import STATIC_DPI

    nb = nbformat.read(path, as_version=4)
    for c in nb.cells:
        for o in c.get("outputs", []):
            page = "".join(o.get("data", {}).get("text/html", ""))
            for data in re.findall(r'class="lu-phone"[^>]*src="data:image/png;base64,([^"]+)"', page):
                width = Image.open(io.BytesIO(base64.b64decode(data))).width
                shown = PHONE_MIN_PT * STATIC_DPI / 72 * min(1.0, PHONE_COLUMN_PX / width)  # px of 9-pt text
                assert shown >= 9, (f"{path.stem}: a phone copy {width} px wide shows its text at {shown:.1f} px; "
                                    "draw it for the phone (static_figure(..., phone=...))")
