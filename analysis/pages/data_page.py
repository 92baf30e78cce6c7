"""The data page (``notebooks/00_data.ipynb``): the registry's files, their caveats, and a first look at the data.

Tables come back as Markdown (the book renders them as tables, links included); the first checks are the
values the page's prose quotes, keyed by their glue names.
"""

from __future__ import annotations

import pandas as pd

from analysis.data import registry

SOURCE_COLUMNS = ("dataset", "file", "description", "publisher", "landing_page", "published", "licence", "sha256",
                  "caveats")


def _check(table: pd.DataFrame) -> None:
    missing = [c for c in SOURCE_COLUMNS if c not in table.columns]
    if missing:
        raise ValueError(f"registry table: missing column(s) {missing}; expected the columns of registry.table()")


def _code(text: str) -> str:
    return f"`{text}`"


def sources_markdown(table: pd.DataFrame | None = None) -> str:
    """What each file is and who publishes it (with a link to the publisher's page)."""
    t = registry.table() if table is None else table
    _check(t)
    view = pd.DataFrame({"dataset": t["dataset"], "description": t["description"],
                         "source": [f"[{p}]({u})" for p, u in zip(t["publisher"], t["landing_page"])],
                         "published": t["published"], "licence": t["licence"]})
    return view.to_markdown(index=False)


def files_markdown(table: pd.DataFrame | None = None) -> str:
    """Each file's name and the first 12 hex digits of its sha256."""
    t = registry.table() if table is None else table
    _check(t)
    view = pd.DataFrame({"dataset": t["dataset"], "file": t["file"].map(_code),
                         "sha256": t["sha256"].str[:12].map(_code)})
    return view.to_markdown(index=False)


def caveats_markdown(table: pd.DataFrame | None = None) -> str:
    """Each file's caveats, in words, as the registry records them; a file without any stops here."""
    t = registry.table() if table is None else table
    _check(t)
    empty = t.loc[t["caveats"].str.strip() == "", "file"].tolist()
    if empty:
        raise ValueError(f"data/sources.yml: no caveats recorded for {', '.join(empty)}")
    view = pd.DataFrame({"dataset": t["dataset"], "file": t["file"].map(_code), "caveats": t["caveats"]})
    return view.to_markdown(index=False)


def turnout_leave_r(ref: pd.DataFrame) -> float:
    """Pearson correlation of turnout and Leave share across the referendum's counting areas."""
    missing = [c for c in ("pct_turnout", "pct_leave") if c not in ref.columns]
    if missing:
        raise ValueError(f"referendum: missing column(s) {missing}")
    return float(ref["pct_turnout"].corr(ref["pct_leave"]))


def first_checks(ref: pd.DataFrame, cni: pd.DataFrame) -> dict[str, str | int | float]:
    """The referendum's vote totals and areas, the CNI's wards and left-behind flags, and the
    turnout-Leave correlation (Pearson) across the counting areas."""
    need = {"referendum": (ref, ["leave", "remain"]), "cni": (cni, ["left_behind"])}
    for name, (df, cols) in need.items():
        missing = [c for c in cols if c not in df.columns]
        if missing:
            raise ValueError(f"{name}: missing column(s) {missing}")
    return {"ref_leave": f"{int(ref['leave'].sum()):,}", "ref_remain": f"{int(ref['remain'].sum()):,}",
            "ref_areas": len(ref), "cni_wards": f"{len(cni):,}", "cni_left_behind": int(cni["left_behind"].sum()),
            "ref_turnout_r": turnout_leave_r(ref)}


def referendum_figure(ref: pd.DataFrame):
    """Leave share against turnout, one point per counting area (interactive, with a PNG fallback)."""
    from analysis import figures

    r = turnout_leave_r(ref)
    figures.use_style()
    return figures.interactive_scatter(
        ref, "pct_turnout", "pct_leave", name="area", hover=["region", "electorate"],
        labels={"pct_turnout": "Turnout (%)", "pct_leave": "Leave (% of valid votes)", "region": "Region",
                "electorate": "Electorate"},
        hlines={50: "Leave = Remain"},
        title="Leave's share of the vote varied widely at every level of turnout",
        subtitle=f"EU referendum 2016, {len(ref)} counting areas; Pearson r = {r:.2f}",
        source="The Electoral Commission, EU referendum results by counting area (2016)",
        alt=("Scatter plot with one point per referendum counting area: turnout in per cent across, Leave share "
             "of valid votes in per cent up, and a dashed line where Leave equals Remain. The points form a wide "
             "cloud with no clear trend; one point, Gibraltar, sits alone at the bottom right with a very high "
             "turnout and by far the lowest Leave share."),
    )


# --------------------------------------------------------------------------------------------
# ONS Explore Local Statistics


#: the levels of the current areas, in words
LEVEL_WORDS = {"england": "England", "region": "regions", "county": "counties", "lad": "local authorities"}


def els_table(summary: pd.DataFrame, joins: dict) -> pd.DataFrame:
    """The missions' local indicators, one row per file, in plain column labels: ``summary`` is
    ``loaders.els_summary()``, ``joins`` each dataset's reconciliation with the current areas (from
    ``geography.reconcile_current``)."""
    need = ["dataset", "mission", "measures", "levels", "rows", "set_aside", "periods", "first", "last",
            "england_latest"]
    missing = [c for c in need if c not in summary.columns]
    if missing:
        raise ValueError(f"ELS summary: missing column(s) {missing}; expected the columns of loaders.els_summary()")
    absent = sorted(set(summary["dataset"]) - set(joins))
    if absent:
        raise ValueError(f"no reconciliation for {', '.join(absent)}")
    matched = summary["dataset"].map(lambda d: joins[d].matched)
    lacking = summary["dataset"].map(lambda d: len(joins[d].unmatched_right))
    periods = [f if n == 1 else f"{f} to {last} ({n} periods)"
               for f, last, n in zip(summary["first"], summary["last"], summary["periods"])]
    levels = summary["levels"].map(lambda lv: ", ".join(LEVEL_WORDS[x] for x in lv))
    return pd.DataFrame({
        "mission": summary["mission"], "dataset": summary["dataset"], "what it measures": summary["measures"],
        "periods": periods, "areas published": levels, "rows": summary["rows"], "rows set aside": summary["set_aside"],
        "current areas matched": matched, "current areas lacking": lacking,
        "England, latest": summary["england_latest"]})


def els_markdown(table: pd.DataFrame) -> str:
    """:func:`els_table` as a Markdown table."""
    return table.to_markdown(index=False)


def els_unmatched_markdown(joins: dict) -> str:
    """Every current area a file lacks, and every English area of a file that is not a current one, with
    the reason (areas of Scotland, Wales and Northern Ireland are counted, not listed)."""
    rows = []
    for d, rec in joins.items():
        t = rec.table()
        outside = t["reason"].str.endswith("outside England")
        for _, r in t[~outside].iterrows():
            rows.append({"dataset": d, "area": f"{r['name']} ({r['key']})", "side": r["side"].replace(d, "the file"),
                         "why": r["reason"]})
        if outside.any():
            rows.append({"dataset": d, "area": f"{int(outside.sum())} areas of Scotland, Wales and Northern Ireland",
                         "side": "only in the file", "why": "outside England: not joined"})
    return pd.DataFrame(rows, columns=["dataset", "area", "side", "why"]).to_markdown(index=False)


# --------------------------------------------------------------------------------------------
# the page's tables for readers (the dataset ids stay in the closing section)


def sources_table(table: pd.DataFrame | None = None):
    """What each file is, who publishes it, when and under which licence, as a table for readers."""
    from analysis import figures

    t = registry.table() if table is None else table
    _check(t)
    return figures.table(t, {"description": "What it is", "publisher": "Published by", "published": "Published",
                             "licence": "Licence"},
                         caption="Each file the book uses, and who publishes it.")


def caveats_table(table: pd.DataFrame | None = None):
    """Each file's caveats, in words, as the registry records them, as a table for readers; a file
    without any stops here."""
    from analysis import figures

    t = registry.table() if table is None else table
    caveats_markdown(t)  # stops on a file without caveats
    return figures.table(t, {"description": "File", "caveats": "What a reader should know"},
                         caption="Each file's caveats, as the registry records them.", visible_rows=6)


def els_view(table: pd.DataFrame):
    """:func:`els_table` for readers: each file by what it measures (its dataset id left out)."""
    from analysis import figures

    return figures.table(table, {
        "mission": "Mission", "what it measures": "What it measures", "periods": "Periods",
        "areas published": "Areas", "rows": "Rows kept", "rows set aside": "Set aside",
        "current areas matched": "Matched", "current areas lacking": "Lacking",
        "England, latest": "England, latest"},
        caption="The missions' local indicators from ONS's Explore Local Statistics, one line per file: rows kept "
                "and set aside, and how many current areas each file matches and lacks.")


def what_we_found(n_files: int, n_datasets: int, checks: dict, n_els: int, set_aside: str) -> str:
    """The page's findings in plain words, from the counts the page computes."""
    return (f"Every number in this book is computed from {n_files} public files from {n_datasets} datasets, each "
            f"checked against the checksum recorded for it before anything is computed. As a first check, the "
            f"referendum file's {checks['ref_areas']} counting areas add up to {checks['ref_leave']} Leave and "
            f"{checks['ref_remain']} Remain votes, the Electoral Commission's declared totals, and the Community Needs "
            f"Index flags {checks['cni_left_behind']} of its {checks['cni_wards']} wards as left behind, Local Trust's "
            f"published count. {n_els} of the files are ONS's local indicators for "
            f"the White Paper's missions, put on one set of current areas, with {set_aside} rows set aside for areas "
            f"merged or split since, or listed twice.")
