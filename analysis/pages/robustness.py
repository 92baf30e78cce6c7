"""The robustness page: every study's conclusions across their specifications, as a table, in words and
as small multiples (the rules and the machinery are :mod:`analysis.ledger.conclusions`)."""

from __future__ import annotations

import html
import textwrap

import numpy as np
import pandas as pd

from analysis.ledger.conclusions import Context, assess, breakdown, summary
from analysis.studies import registry


def groups() -> list:
    """Each study with conclusions, its :class:`analysis.ledger.conclusions.Context` and its conclusions."""
    found = [(s, Context(s), s.conclusions) for s in registry.studies() if s.conclusions]
    return sorted(found, key=lambda g: g[0].notebook)  # in the order of the pages


def conclusion(groups: list, cid: str):
    """The conclusion ``cid`` of ``groups``, with its context: (conclusion, context)."""
    for _study, ctx, conclusions in groups:
        for c in conclusions:
            if c.id == cid:
                return c, ctx
    raise KeyError(f"no conclusion {cid!r}")


def evaluate() -> tuple[list, pd.DataFrame, pd.DataFrame]:
    """Every conclusion over its grid: (groups, runs, summary)."""
    g = groups()
    runs = assess(g)
    return g, runs, summary(runs, g)


def _num(x: float) -> str:
    return f"{x:.0f}" if float(x).is_integer() else f"{x:.2f}" if abs(x) < 10 else f"{x:.1f}"


def table(s: pd.DataFrame) -> pd.DataFrame:
    """The page's table: conclusion, specifications, share holding, range of the figure, published, verdict."""
    return pd.DataFrame({
        "conclusion": s["statement"], "source": s["source"],
        "specifications": s["specifications"].astype(str) + " (" + s["varied"] + ")",
        "holds in": [f"{k} of {n} ({p:.0f}%)" for k, n, p in zip(s["holding"], s["specifications"], s["share_holding"])],
        "figure: min to max": [_num(a) if a == b else f"{_num(a)} to {_num(b)}" for a, b in zip(s["min"], s["max"])],
        "published": s["published_text"], "verdict": s["verdict"]})


#: the colour of a verdict's label (its text always says the verdict): every, most, some, none
VERDICT_CLASS = {"holds in every specification": "lu-v-reproduced", "holds in most specifications": "lu-v-consistent",
                 "holds in some specifications": "lu-v-differs", "holds in no specification": "lu-v-inconsistent"}


def html_table(s: pd.DataFrame) -> str:
    """:func:`table` as the book's claims table: each conclusion linked to the page that shows its
    analysis, its source, rule and the choices varied folded under it, the verdict as a labelled colour."""
    t = table(s)
    rows = []
    for (_, r), (_, row) in zip(s.iterrows(), t.iterrows()):
        e = {k: html.escape(str(v)) for k, v in row.items()}
        more = (f"<details><summary>source, rule and specifications</summary><p>{e['source']}. Rule: "
                f"{html.escape(r['rule'])}. Specifications: {e['specifications']}.</p></details>")
        rows.append(f'<tr><td class="lu-c-claim"><a href="{html.escape(r["page"])}.html">{e["conclusion"]}</a>{more}</td>'
                    f'<td class="lu-c-num" data-label="holds in">{e["holds in"]}</td>'
                    f'<td class="lu-c-num" data-label="figure">{e["figure: min to max"]}</td>'
                    f'<td class="lu-c-num" data-label="published">{e["published"]}</td>'
                    f'<td class="lu-c-verdict"><span class="lu-verdict {VERDICT_CLASS[r["verdict"]]}">'
                    f'{e["verdict"]}</span></td></tr>')
    widths = (("lu-c-claim", 38), ("lu-c-num", 14), ("lu-c-num", 12), ("lu-c-num", 14), ("lu-c-verdict", 22))
    cols = "".join(f'<col class="{c}" style="width: {w}%">' for c, w in widths)
    head = "".join(f'<th scope="col">{h}</th>' for h in ("conclusion", "holds in", "figure: min to max",
                                                          "published", "verdict"))
    return (f'<div class="lu-claims-wrap"><table class="lu-conclusions"><caption>{len(s)} conclusions; each links to the '
            f'page that shows its analysis.</caption><colgroup>{cols}</colgroup><thead><tr>{head}</tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table></div>')


def headline_text(s: pd.DataFrame, runs: pd.DataFrame, groups: list) -> str:
    """What nbval compares on the page: how many specifications were evaluated against how many the grids
    declare, how many gave no figure, and the summary's headline columns as fixed-width text."""
    declared = sum(len(c.grid) for _s, _ctx, cs in groups for c in cs)
    cols = ["conclusion", "specifications", "holding", "min", "max", "published", "verdict"]
    return (f"{len(runs)} specifications evaluated of the {declared} the grids declare; "
            f"{int(runs['figure'].isna().sum())} without a figure\n"
            + s[cols].to_string(index=False, float_format=lambda x: f"{x:.3f}"))


def breakdown_html(runs: pd.DataFrame, s: pd.DataFrame) -> str:
    """:func:`breakdown` of every conclusion that does not hold in every specification (``s``: the
    summary), as HTML."""
    parts = [f"<p><b>{html.escape(cid)}</b></p>" + breakdown(runs, cid).to_html(
        index=False, border=0, float_format=lambda x: f"{x:.3g}")
        for cid in s.loc[s["holding"] < s["specifications"], "conclusion"]]
    return "\n".join(parts)


def what_we_found(s: pd.DataFrame) -> str:
    """The page's findings in plain words, from the summary: how many conclusions hold in every, most, some
    and no specification, and which hold in none."""
    n = s["verdict"].value_counts()
    count = {v: n.get(v, 0) for v in VERDICT_CLASS}
    every, most, some, none_ = count.values()
    none = s.loc[s["holding"] == 0, "statement"].tolist()
    tail = ("" if not none else " Those that hold in none are: " + "; ".join(f"\u201c{x}\u201d" for x in none) + ".")
    return (f"Of the {len(s)} published conclusions the compendium tests, each re-computed over the other reasonable "
            f"choices of data and method, {every} hold in every specification, {most} in most, {some} in some and "
            f"{none_} in none.{tail}")


def sentence(row: pd.Series) -> str:
    """What the page says of one conclusion, from its summary row."""
    rng = _num(row["min"]) if row["min"] == row["max"] else f"from {_num(row['min'])} to {_num(row['max'])}"
    pub = ("" if row["published"] is None or pd.isna(row["published"]) else
           f"; the published {row['published_text']} is {'inside' if row['published_in_range'] else 'outside'} that range")
    return (f"{row['verdict']} ({row['holding']} of {row['specifications']}, {row['share_holding']:.0f}%); "
            f"the figure runs {rng}{pub}")


# --------------------------------------------------------------------------------------------
# figure (house style: call figures.use_style() first)


def static_figure(runs: pd.DataFrame, groups: list, s: pd.DataFrame):
    """:func:`figure` finished (its title the count that holds in every specification, ``s``: the summary) as
    the page's static figure: two panels a row for a desktop column, one a row for a phone."""
    from analysis import figures
    from analysis.figures.phone import PHONE_WIDTH_IN

    every = int((s["holding"] == s["specifications"]).sum())

    def finished(fig):
        return figures.finish(
            fig, title=f"{every} of {len(s)} conclusions hold in every reasonable specification",
            subtitle="Each dot is one specification of a conclusion: its figure, and whether the conclusion's rule holds",
            source="the compendium's analyses (ONS HLE; MHCLG IoD 2019; OCSI/Local Trust CNI; Electoral Commission; "
                   "Levelling Up Fund lists), recomputed per specification")

    return figures.static_figure(finished(figure(runs, groups)), alt=FIGURE_ALT,
                                 phone=finished(figure(runs, groups, ncols=1, width=PHONE_WIDTH_IN)))


def figure(runs: pd.DataFrame, groups: list, ncols: int = 2, seed: int = 2022, width: float = 8.0):
    """Small multiples: per conclusion, the figure in every specification (filled: the rule holds;
    hollow: it does not), the published value as a dashed line and the rule's threshold dotted; ``ncols``
    panels a row across ``width`` inches (8: a desktop column's width, at which its text reads)."""
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D

    from analysis.figures import GREY, INK, OKABE_ITO, strip

    conclusions = [c for _s, _ctx, cs in groups for c in cs]
    # one a row (a phone's), a panel's title wraps to more lines, and a last panel holds the key
    nrows = int(np.ceil(len(conclusions) / ncols)) if ncols > 1 else len(conclusions) + 1
    row = 2.4 if ncols > 1 else 2.5
    fig, axes = plt.subplots(nrows, ncols, figsize=(width, row * nrows + 0.8), squeeze=False)
    wrap = int(48 * (width / ncols) / 4)  # characters of a title at 8.5 pt across a panel's width
    for ax, c in zip(axes.flat, conclusions):
        r = runs[runs["conclusion"] == c.id].assign(row=0)
        hold = r["holds"].to_numpy()
        strip(ax, r, "row", "figure", colours={0: OKABE_ITO[4]}, filled="holds", jitter=0.3, seed=seed,
              horizontal=True)
        if c.threshold is not None:
            ax.axvline(c.threshold, color=GREY, linestyle=":", linewidth=1)
        if c.published is not None:
            ax.axvline(c.published, color=INK, linestyle="--", linewidth=1.2)
        lo = min([r["figure"].min()] + [v for v in (c.published, c.threshold) if v is not None])
        hi = max([r["figure"].max()] + [v for v in (c.published, c.threshold) if v is not None])
        pad = 0.08 * (hi - lo) if hi > lo else 1
        ax.set_xlim(lo - pad, hi + pad)
        ax.set_ylim(-0.6, 0.6)
        ax.set_yticks([])
        ax.set_ylabel("")
        ax.set_title(textwrap.fill(f"{c.statement}: holds in {int(hold.sum())} of {len(r)}", wrap), fontsize=8.5,
                     fontweight="bold", loc="left")
        ax.set_xlabel(textwrap.fill(c.figure_label, wrap + 8), fontsize=8.5)  # not into the next panel's
        ax.tick_params(axis="x", labelsize=8.5)
        if ncols == 1:  # fewer ticks across a phone's width, so that their labels do not run together
            ax.locator_params(axis="x", nbins=4)
    spare = axes.flat[len(conclusions):]
    for ax in spare:
        ax.set_axis_off()
    handles = [Line2D([], [], marker="o", linestyle="", color=OKABE_ITO[4], label="rule holds"),
               Line2D([], [], marker="o", linestyle="", markerfacecolor="white", color=OKABE_ITO[4],
                      label="rule does not hold"),
               Line2D([], [], color=INK, linestyle="--", label="published value"),
               Line2D([], [], color=GREY, linestyle=":", label="where the rule changes verdict")]
    if len(spare):  # the key goes in the first empty panel, else under the panels
        spare[0].legend(handles=handles, loc="center", fontsize=9, frameon=False)
    else:
        # under the panels and above the source line (two lines at this width, in the bottom 0.45 in)
        fig.legend(handles=handles, loc="lower right", ncol=2 if ncols > 1 else 1, fontsize=8.5,
                   bbox_to_anchor=(0.99, 0.5 / fig.get_size_inches()[1]))
    return fig


#: the figure's description for screen readers
FIGURE_ALT = ("Small multiples, one panel per conclusion: dots along a horizontal axis give the conclusion's figure in "
              "each specification, filled where the conclusion's rule holds and hollow where it does not, with a dashed "
              "line at the published value and a dotted line where the rule changes verdict. Panels whose dots are all "
              "filled are conclusions that hold in every specification; panels mixing filled and hollow dots depend on "
              "the choices made.")


#: the choices varied that are no parameter of their study, in words
CHOICE_WORDS = {"method": "the correlation's method", "universe": "the wards counted",
                "worst_share": "the share of worst wards"}


def varied_in_words(groups: list) -> dict[str, str]:
    """Each conclusion's grid in plain words: the choices varied (their parameters' labels) and how many
    values each takes, e.g. ``"the sex of the HLE figures (2) × the share of LAs with the lowest HLE (3)"``."""
    out = {}
    for study, _ctx, conclusions in groups:
        for c in conclusions:
            names = dict.fromkeys(k for g in c.grid for k in g)
            parts = []
            for k in names:
                n = len({repr(g[k]) for g in c.grid if k in g})
                label = study.params[k].label if k in study.params else CHOICE_WORDS.get(k, k.replace("_", " "))
                parts.append(f"{label.split(' (')[0]} ({n})")
            out[c.id] = " × ".join(parts)
    return out


def in_words(s: pd.DataFrame, groups: list) -> pd.DataFrame:
    """The summary with each conclusion's choices varied in plain words (:func:`varied_in_words`)."""
    words = varied_in_words(groups)
    return s.assign(varied=s["conclusion"].map(words))
