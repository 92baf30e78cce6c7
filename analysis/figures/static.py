"""Static figures: a figure with no marks to point at (a line chart, a map of many small areas), kept as a
desktop and a phone image."""

from __future__ import annotations

import base64
import hashlib
import html as _html
import io

import matplotlib.pyplot as plt

from analysis.figures.interactive import palette_png
from analysis.figures.phone import PHONE_MAX_PX, for_phone


class StaticFigure:
    """A figure with no marks to point at (a line chart, a map of many small areas), shown as an image in
    two copies: as drawn for a desktop column, and redrawn by :func:`for_phone` for a phone's, the page's
    CSS showing the one that fits. Its only rich output is that HTML: each image is stored once, in the page,
    and a notebook reader (JupyterLab, the book) shows the copy for its width."""

    def __init__(self, fig, *, alt: str, phone=None):
        if not alt or not alt.strip():
            for f in (fig, phone):
                if f is not None:
                    plt.close(f)
            raise ValueError("alt: describe what the figure shows (the text a screen reader reads); got nothing")
        self.alt = alt.strip()
        self.desktop = _palette_savefig(fig)
        self.desktop_min_pt = smallest_text_pt(fig)
        if phone is not None:  # drawn for the phone's column by the caller (a grid of panels one per row)
            plt.close(fig)
            fig = phone
        for_phone(fig)
        self.phone = _palette_savefig(fig)
        plt.close(fig)

    def html(self) -> str:
        uid = "lu" + hashlib.sha256(self.desktop + self.phone).hexdigest()[:10]
        alt = _html.escape(self.alt)

        smallest = f' data-min-pt="{self.desktop_min_pt:g}"'  # its smallest text, for the browser test

        def img(data: bytes, cls: str, extra: str = "") -> str:
            return (f'<img class="{cls}" alt="{alt}"{extra} style="max-width: 100%; height: auto;" '
                    f'src="data:image/png;base64,{base64.b64encode(data).decode("ascii")}">')

        return (f'<div class="lu-static" id="{uid}"><style>#{uid} .lu-phone {{ display: none; }} '
                f'@media (max-width: {PHONE_MAX_PX}px) {{ #{uid} .lu-desktop {{ display: none; }} '
                f'#{uid} .lu-phone {{ display: block; }} }}</style>'
                f'{img(self.desktop, "lu-desktop", smallest)}{img(self.phone, "lu-phone")}</div>')

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {"text/html": self.html(), "text/plain": f"<Figure: {self.alt}>"}


#: the static figures' resolution: sharp on a high-density phone screen at the phone copy's width
STATIC_DPI = 110


def smallest_text_pt(fig) -> float:
    """The size (points) of the smallest text ``fig`` shows as last drawn: titles, labels, tick labels, keys,
    notes and the source line (the browser test measures it as shown, against the column's width)."""
    import matplotlib.text as mtext

    sizes = [t.get_fontsize() for t in fig.findobj(mtext.Text)
             if t.get_visible() and t.get_text().strip() and (t.axes is None or t.axes.get_visible())]
    return round(min(sizes), 2) if sizes else 0.0


def _palette_savefig(fig) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", bbox_inches="tight", dpi=STATIC_DPI, metadata={"Software": None})
    return palette_png(buf.getvalue(), 256)


def is_figure(data: dict) -> bool:
    """Whether an output's ``data`` bundle is a figure: an image, or a :class:`StaticFigure`'s page."""
    return ("image/png" in data or "image/svg+xml" in data
            or '<div class="lu-static"' in "".join(data.get("text/html", "")))


def static_figure(fig, *, alt: str, phone=None) -> StaticFigure:
    """``fig`` (finished: titles, source line) as a :class:`StaticFigure`; the matplotlib figure is closed.
    ``phone``: the same figure drawn one panel per row, for a grid that :func:`for_phone` cannot stack
    (it is then redrawn to the phone's width and text sizes). Display the result as the last line of a
    cell; do not also call ``plt.show()``."""
    return StaticFigure(fig, alt=alt, phone=phone)
