"""Tables for people: what a page shows of a data frame.

:func:`table` turns a frame into an HTML table a reader can read: plain column headers (declared by the
caller, never the frame's column names), numbers with thousands separators and a fixed number of
decimals, units in the header, no index column, headers that wrap instead of being cut, and long tables
in a scrolling box of their own, the first rows showing. The same table as plain text goes to viewers
without HTML and to nbval.
"""

from __future__ import annotations

import hashlib
import html as _html
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import pandas as pd

#: rows shown before a long table scrolls in its own box
VISIBLE_ROWS = 12


def number(value, decimals: int = 0, *, prefix: str = "", suffix: str = "", missing: str = "–") -> str:
    """``value`` with thousands separators and ``decimals`` places (``1234.5`` -> ``"1,235"``); a missing
    value as ``missing``; a whole number stays whole (``4934939.0`` -> ``"4,934,939"``)."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return missing
    if isinstance(value, str):
        return value
    return f"{prefix}{float(value):,.{decimals}f}{suffix}"


@dataclass(frozen=True)
class Table:
    """A table ready for a page: ``frame`` holds the shown text, column by column, under its headers."""

    frame: pd.DataFrame
    caption: str | None = None
    numeric: tuple[str, ...] = ()
    visible_rows: int = VISIBLE_ROWS

    def _repr_html_(self) -> str:
        num = ' class="lu-t-num"'

        def cls(c: str) -> str:
            return num if c in self.numeric else ""

        head = "".join(f'<th scope="col"{cls(c)}>{_html.escape(c)}</th>' for c in self.frame.columns)
        body = "".join(
            "<tr>" + "".join(f"<td{cls(c)}>{_html.escape(str(v))}</td>" for c, v in zip(self.frame.columns, row))
            + "</tr>"
            for row in self.frame.itertuples(index=False, name=None))
        n = len(self.frame)
        long = n > self.visible_rows
        caption = self.caption or ""
        if long:
            caption = (caption + " " if caption else "") + f"({n:,} rows: scroll the table to see them all.)"
        style = f' style="max-height: {self.visible_rows * 2.1 + 3:.0f}em"' if long else ""
        # a box that may scroll (down when long, sideways on a narrow screen) is a tab stop, so the keyboard
        # can scroll it, and a named region for screen readers, named by the caption. The caption stands
        # above the box, not in it: a table wider than a phone's column scrolls sideways, and a caption
        # inside would be cut off with it, mid-sentence
        if caption:
            ident = "lu-t-" + hashlib.sha1((caption + head + body).encode()).hexdigest()[:10]
            cap = f'<p class="lu-table-caption" id="{ident}">{_html.escape(caption)}</p>'
            named = f' aria-labelledby="{ident}"'
        else:
            cap, named = "", ' aria-label="table"'
        return (f'{cap}<div class="lu-table-wrap{" lu-table-long" if long else ""}"{style} tabindex="0" '
                f'role="region"{named}><table class="lu-table"{named}><thead><tr>{head}</tr></thead>'
                f'<tbody>{body}</tbody></table></div>')

    def __repr__(self) -> str:
        text = self.frame.to_string(index=False)
        return f"{self.caption}\n{text}" if self.caption else text


def table(df: pd.DataFrame, columns: Mapping[str, str], *, formats: Mapping[str, Callable | int] | None = None,
          caption: str | None = None, visible_rows: int = VISIBLE_ROWS) -> Table:
    """``df``'s ``columns`` (``{column: header shown}``, in that order) as a :class:`Table`.

    ``formats``: per column, a number of decimals (numbers get thousands separators) or a function of the
    value returning its text. Columns without a format: whole numbers with separators, other numbers to 1
    decimal place, text as it is. A column that is not in ``df`` stops with a message naming it.
    """
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise ValueError(f"table: columns {missing} are not in the data; it has {list(df.columns)}")
    formats = dict(formats or {})
    shown, numeric = {}, []
    for col, header in columns.items():
        s = df[col]
        fmt = formats.get(col)
        is_num = pd.api.types.is_numeric_dtype(s) and not pd.api.types.is_bool_dtype(s)
        if callable(fmt):
            shown[header] = [fmt(v) for v in s]
        elif is_num:
            decimals = fmt if isinstance(fmt, int) else (0 if _whole(s) else 1)
            shown[header] = [number(v, decimals) for v in s]
        else:
            shown[header] = ["–" if v is None or (isinstance(v, float) and math.isnan(v)) else str(v) for v in s]
        if is_num:
            numeric.append(header)
    return Table(pd.DataFrame(shown), caption=caption, numeric=tuple(numeric), visible_rows=visible_rows)


def _whole(s: pd.Series) -> bool:
    v = pd.to_numeric(s, errors="coerce").dropna()
    return bool(len(v)) and bool((v == v.round()).all())


def settings_table(params, caption: str = "The settings of this run, and what each may be.") -> Table:
    """A run's settings (:class:`analysis.params.Params`), one row per parameter: its plain label, this
    run's value in words, the parameter's name on the command line, its default and what it may be."""
    rows = [{"setting": p.label[:1].upper() + p.label[1:], "value": str(params.label(p.name)), "name": p.name,
             "default": str(p.default),
             "allowed": p.allowed().removeprefix("one of: ").removeprefix("range: ").replace("'", "")}
            for p in params.spec]
    return table(pd.DataFrame(rows), {"setting": "Setting", "value": "This run", "name": "Parameter",
                                      "default": "Default", "allowed": "Allowed values"}, caption=caption)
