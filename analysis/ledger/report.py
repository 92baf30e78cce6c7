"""The reproduction report, built from the ledger (no numbers are typed): its summary counts, and
the claims tables every page shows as HTML (the verdict box at the top of an analysis page, the
report's filterable table)."""

from __future__ import annotations

import html
import re

import pandas as pd

from analysis import config
from analysis.ledger.claims import AUDITS, NOT_TESTABLE, RULES
from analysis.ledger.documents import CENSUS

REPRODUCED = ("reproduced", "reproduced within tolerance")
ORDER = ["reproduced", "reproduced within tolerance", "differs", "consistent", "inconsistent in source", NOT_TESTABLE]


def summary(ledger: pd.DataFrame) -> dict:
    """Counts for the summary line, each a part of the one before, so that they add up to the table:

    claims = tested against the data + audits of the sources' own arithmetic + not testable;
    tested = reproduced (exactly or within tolerance) + differs; audits = consistent + inconsistent.
    ``census`` is how many checkable statements a reading of the sources found (declared once, in
    :data:`analysis.ledger.documents.CENSUS`); ``tested_or_audited`` is how many of them the ledger checks."""
    v, audit = ledger["verdict"], ledger["kind"].isin(AUDITS)
    untestable = v == NOT_TESTABLE
    out = {
        "claims": len(ledger),
        "testable": int((~audit & ~untestable).sum()),
        "reproduced": int((~audit & v.isin(REPRODUCED)).sum()),
        "reproduced_exactly": int((~audit & (v == "reproduced")).sum()),
        "differs": int((~audit & (v == "differs")).sum()),
        "audits": int((audit & ~untestable).sum()),
        "consistent": int((audit & (v == "consistent")).sum()),
        "inconsistent": int((audit & (v == "inconsistent in source")).sum()),
        "not_testable": int(untestable.sum()),
        "analyses": int(ledger["analysis"].nunique()),
        "census": CENSUS.checkable,
        "census_about": "about " if CENSUS.approximate else "",
        "census_provenance": CENSUS.provenance,
    }
    out["tested_or_audited"] = out["testable"] + out["audits"]
    parts = {"claims": out["testable"] + out["audits"] + out["not_testable"],
             "testable": out["reproduced"] + out["differs"], "audits": out["consistent"] + out["inconsistent"]}
    wrong = {k: (out[k], total) for k, total in parts.items() if out[k] != total}
    if wrong:  # a verdict outside its kind's rules (e.g. an audit that "differs"): the ledger is wrong
        raise ValueError(f"the ledger's counts do not add up (count, sum of its parts): {wrong}")
    return out


def by_analysis(ledger: pd.DataFrame, labels: dict[str, str] | None = None) -> pd.DataFrame:
    """Claims per analysis (rows, named by ``labels`` where given) and verdict (columns), with totals."""
    t = pd.crosstab(ledger["analysis"], ledger["verdict"], margins=True, margins_name="all")
    t = t[[c for c in ORDER if c in t.columns] + ["all"]]
    if labels:
        t = t.rename(index=labels)
    t.index.name, t.columns.name = "analysis", None
    return t


#: the counts of :func:`summary` a reader meets, in the order of the overview table (good news first), each
#: with its column header
OVERVIEW = {"reproduced": "reproduced", "differs": "differ", "consistent": "consistent",
            "inconsistent": "inconsistent", "not_testable": "not testable", "claims": "all"}


def _count(key: str, value: int) -> str:
    return f'<span class="lu-count" data-count="{key}">{value:,}</span>'


def summary_html(s: dict) -> str:
    """The report's opening in words, from :func:`summary`: what held up first, then what did not and
    why, then how much of the sources the ledger covers. Each count is a ``<span data-count="<key>">``,
    so that a test can read it off the built page. One HTML block with no blank line (glue it)."""
    c = {k: _count(k, s[k]) for k in ("claims", "analyses", "testable", "reproduced", "reproduced_exactly",
                                      "differs", "audits", "consistent", "inconsistent", "not_testable",
                                      "tested_or_audited", "census")}
    return ('<div class="lu-summary">'
            f'<p><strong>What held up.</strong> Of the {c["testable"]} published figures tested against the data, '
            f'{c["reproduced"]} were reproduced ({c["reproduced_exactly"]} exactly, the rest within a tolerance '
            f'stated before the run), and {c["consistent"]} of the {c["audits"]} figures checked against the '
            "source's own numbers are consistent with them.</p>"
            f'<p><strong>What did not, and why.</strong> {c["differs"]} figures differ from what the data give; '
            f'{c["inconsistent"]} do not agree with the source\'s own numbers (the source contradicts itself); '
            f'and {c["not_testable"]} could not be tested with the compendium\'s data: each names the data that '
            "would test it, or says why this run could not.</p>"
            "<p><strong>How much of the sources this covers.</strong> A reading of the source documents found "
            f'{s["census_about"]}{c["census"]} figures or statements that data could check. The ledger holds '
            f'{c["claims"]} of them, from {c["analyses"]} analyses, and checks {c["tested_or_audited"]}: '
            "the rest are not yet in it.</p></div>")


def overview(ledger: pd.DataFrame, studies: list[dict], prefix: str = "") -> str:
    """The overall picture: one row per study (``studies``: dicts with ``id``, ``title``, ``question`` and
    ``page``, the notebook's stem, passed in by the page, since the ledger knows no study), with the
    counts of :data:`OVERVIEW` and a total row. Each study's title links to ``<prefix><page>.html``;
    each count is a cell with ``data-count``. A study with no ledger rows (one with no published figures
    to test) shows zeros and says so; an analysis in the ledger that is not in ``studies`` stops with its id."""
    _check_ledger(ledger, "overview")
    known = {st["id"] for st in studies}
    unknown = sorted(set(ledger["analysis"]) - known)
    if unknown:
        raise ValueError(f"overview: the ledger has analyses {unknown} that are not among the studies {sorted(known)}")

    def cells(s: dict) -> str:
        return "".join(f'<td class="lu-t-num" data-label="{html.escape(h)}" data-count="{k}">{s[k]:,}</td>'
                       for k, h in OVERVIEW.items())

    rows = []
    for st in studies:
        s = summary(ledger[ledger["analysis"] == st["id"]])
        question = st.get("question", "") + ("" if s["claims"] else " No published figures to test.")
        rows.append(f'<tr data-analysis="{html.escape(st["id"])}"><th scope="row">'
                    f'<a href="{html.escape(prefix + st["page"])}.html">{html.escape(st["title"])}</a>'
                    f'<span class="lu-question">{html.escape(question.strip())}</span></th>{cells(s)}</tr>')
    rows.append(f'<tr class="lu-total" data-analysis=""><th scope="row">All analyses</th>{cells(summary(ledger))}</tr>')
    head = "".join(f'<th scope="col">{html.escape(h)}</th>' for h in OVERVIEW.values())
    return ('<div class="lu-table-wrap"><table class="lu-table lu-overview">'
            "<caption>The published figures of each analysis by verdict. Reproduced or differ: tested against "
            "the data; consistent or inconsistent: checked against the source's own numbers; not testable: "
            "the compendium's data cannot test them.</caption>"
            f'<thead><tr><th scope="col">analysis</th>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table></div>')


#: each kind of figure (:data:`analysis.ledger.claims.RULES`) as a reader calls it
KIND_LABELS = {"count": "a count", "coefficient": "a coefficient, an amount or a rate",
               "share": "a share (%)", "audit": "a figure checked against the source's own parts",
               "audit_over": "a figure the source says is over a value",
               "audit_under": "a figure the source says is under a value",
               "remark": "a qualitative statement", "no reproduced value": "a figure the data cannot test"}


def rules() -> pd.DataFrame:
    """The verdict rule of each kind of figure, the kind in plain words (``kind``, ``rule``)."""
    missing = sorted(set(RULES) - set(KIND_LABELS))
    if missing:
        raise ValueError(f"rules: no plain label for the kinds {missing}; add them to KIND_LABELS")
    return pd.DataFrame({"kind": [KIND_LABELS[k] for k in RULES], "rule": list(RULES.values())})


def _fmt(value: str) -> str:
    try:
        x = float(value)
    except (TypeError, ValueError):
        return value
    return f"{x:,.0f}" if x.is_integer() and abs(x) >= 1 else f"{x:,.3g}" if abs(x) < 1 else f"{x:,.2f}"


# --------------------------------------------------------------------------------------------
# claims tables as HTML: the verdict box at the top of each page and the report's table

#: verdict -> CSS class of its label (colour); the label's text is always the verdict itself
VERDICT_CLASS = {"reproduced": "lu-v-reproduced", "reproduced within tolerance": "lu-v-reproduced",
                 "consistent": "lu-v-consistent", "differs": "lu-v-differs",
                 "inconsistent in source": "lu-v-inconsistent", NOT_TESTABLE: "lu-v-untestable"}
CLAIM_COLUMNS = ["claim_id", "analysis", "statement", "published", "reproduced", "verdict"]


def claim_anchor(claim_id: str) -> str:
    """The id of a claim's row in a verdict box (``claim-<claim_id>``, safe for HTML)."""
    return "claim-" + re.sub(r"[^A-Za-z0-9_-]+", "-", str(claim_id))


def verdict_label(verdict: str) -> str:
    """A coloured label whose text says the verdict (colour is never the only signal)."""
    if verdict not in VERDICT_CLASS:
        raise ValueError(f"unknown verdict {verdict!r}; expected one of: {', '.join(VERDICT_CLASS)}")
    return f'<span class="lu-verdict {VERDICT_CLASS[verdict]}">{html.escape(verdict)}</span>'


def _check_ledger(rows: pd.DataFrame, where: str) -> None:
    missing = [c for c in CLAIM_COLUMNS if c not in rows.columns]
    if missing:
        raise ValueError(f"{where}: the ledger rows have no column(s) {missing}; expected {CLAIM_COLUMNS}")


def _published(value: str) -> str:
    """A published figure as the source printed it (thousands separated; 20.5 stays 20.5, not 20.50)."""
    text = str(value).strip()
    try:
        x = float(text)
    except ValueError:
        return text
    return f"{int(x):,}" if x.is_integer() and "." not in text else text


def _text(r: pd.Series, key: str) -> str:
    value = r.get(key)
    return "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value).strip()


def _details(r: pd.Series) -> str:
    """Where the figure was published, the tolerance and why, and the row's note, in sentences."""
    where = ", ".join(x for x in (_text(r, "document") or _text(r, "source"), _text(r, "where")) if x)
    parts = [f"Published in {where}." if where else ""]
    if _text(r, "tolerance"):
        reason = _text(r, "tolerance_reason")
        parts.append(f"Tolerance {_text(r, 'tolerance')}" + (f" ({reason})." if reason else "."))
    parts.append(_text(r, "note"))
    return " ".join(p for p in parts if p)


def _reproduced(r: pd.Series) -> str:
    """The reproduced value as a reader reads it: a remark's 1 or 0 as whether its rule holds."""
    value = _text(r, "reproduced")
    if _text(r, "kind") == "remark" and value:
        return "holds" if float(value) == 1 else "does not hold"
    return _fmt(value)


def _beside_verdict(r: pd.Series) -> str:
    """What stands beside the verdict: a remark's rule, or the data that would test a claim."""
    parts = []
    if _text(r, "rule"):
        parts.append(f'<span class="lu-rule">Rule: {html.escape(_text(r, "rule"))}</span>')
    if _text(r, "test_data"):
        parts.append(f'<span class="lu-rule">Would be tested by: {html.escape(_text(r, "test_data"))}</span>')
    return "".join(parts)


def _row(r: pd.Series, href: str, row_id: str = "", notes: bool = True) -> str:
    note = _details(r) if notes else ""
    claim = f'<a href="{html.escape(href)}">{html.escape(str(r["statement"]))}</a>' if href else \
        html.escape(str(r["statement"]))
    details = (f"<details><summary>source and note</summary><p>{html.escape(note)}</p></details>" if note else "")
    attrs = f' id="{row_id}"' if row_id else ""
    return (f'<tr{attrs} data-analysis="{html.escape(str(r["analysis"]))}" data-verdict="{html.escape(r["verdict"])}">'
            f'<td class="lu-c-claim">{claim}{details}</td>'
            f'<td class="lu-c-num" data-label="published">{html.escape(_published(r["published"]))}</td>'
            f'<td class="lu-c-num" data-label="reproduced">{html.escape(_reproduced(r))}</td>'
            f'<td class="lu-c-verdict">{verdict_label(r["verdict"])}{_beside_verdict(r)}</td></tr>')


def _table(body: list[str], caption: str, escape: bool = True, scroll: str = "") -> str:
    """A claims table; with ``scroll`` (its name for screen readers) a long one scrolls in a box of its own,
    which the keyboard can reach and scroll."""
    wrap = (f'<div class="lu-claims-wrap lu-claims-scroll" tabindex="0" role="region" aria-label="{html.escape(scroll)}">'
            if scroll else '<div class="lu-claims-wrap">')
    return (wrap + '<table class="lu-claims">'
            f"<caption>{html.escape(caption) if escape else caption}</caption>"
            '<colgroup><col class="lu-c-claim"><col class="lu-c-num"><col class="lu-c-num"><col class="lu-c-verdict">'
            "</colgroup><thead><tr><th scope=\"col\">claim</th><th scope=\"col\">published</th>"
            "<th scope=\"col\">reproduced</th><th scope=\"col\">verdict</th></tr></thead>"
            f"<tbody>{''.join(body)}</tbody></table></div>")


def verdict_box(rows: pd.DataFrame, anchors: dict[str, str]) -> str:
    """The box that opens an analysis page: claim by claim, what the source said and what the data say.

    ``rows`` are the analysis's ledger rows (``claims.ledger(...)`` or ``claims.read_published()``
    filtered to the analysis); ``anchors`` maps every ``claim_id`` to the id of the section on the
    page that shows the work (MyST makes ``## Figure 2: the lowest 30%`` into
    ``figure-2-the-lowest-30``; or put a ``(my-label)=`` target above the heading and use
    ``my-label``). Each claim links to its section, its row has the id :func:`claim_anchor`
    (the report links there), its verdict is a coloured label that says the verdict, and its source
    and note fold away in ``<details>``. Returns one HTML block with no blank line, so it can be
    glued as Markdown. A claim without an anchor, or an anchor for no claim, stops with the ids.

    A page adds exactly two cells. Near the top, right after the introduction (the Markdown cell
    that follows the title), a Markdown cell holding only::

        ```{glue:md} verdicts
        :format: myst
        ```

    and, right after the code cell that builds the page's ledger rows (here ``ledger``), a code cell
    tagged ``remove-cell`` (the page already imports ``glue`` from ``myst_nb``)::

        from IPython.display import Markdown
        from analysis.ledger import report
        glue("verdicts", Markdown(report.verdict_box(ledger, {
            "hle_fig2_n_lowest": "figure-2-healthy-life-expectancy-by-priority-group",
            ...})), display=False)

    then re-run the page (``python -m analysis run <notebook>``) and, so that the report links to the
    new rows, ``python -m analysis run 90_report``.
    """
    _check_ledger(rows, "verdict_box")
    ids = set(rows["claim_id"])
    missing, unknown = sorted(ids - set(anchors)), sorted(set(anchors) - ids)
    if missing or unknown:
        raise ValueError(f"verdict_box: anchors must name every claim once; no anchor for {missing}, "
                         f"anchors for unknown claims {unknown}")
    body = [_row(r, f"#{anchors[r['claim_id']]}" if anchors[r["claim_id"]] else "", claim_anchor(r["claim_id"]))
            for _, r in rows.iterrows()]
    counts = rows["verdict"].value_counts()
    said = "; ".join(f"{n} {v}" for v, n in ((v, counts.get(v, 0)) for v in ORDER) if n)
    return ('<div class="lu-verdicts" role="note" aria-label="Verdicts">'
            '<p class="lu-verdicts-title">What the sources claimed, and what the data say</p>'
            + _table(body, f"{len(rows)} claims: {said}. Each claim links to the section that shows the work.")
            + "</div>")


def claims_list(rows: pd.DataFrame, title: str, caption: str, labels: dict[str, str], prefix: str = "") -> str:
    """Claims gathered from several pages (e.g. those that did not hold up), in the look of
    :func:`verdict_box`, under a heading row for each analysis (``labels``: its page's title, in the
    order given; an analysis without one stops with its id). Each claim links to its row on its own page
    (:func:`report_link`, behind ``prefix``, the way from the page that shows the list to the notebooks'
    pages), where the source, the note and the work are. One HTML block with no blank line."""
    _check_ledger(rows, "claims_list")
    unlabelled = sorted(set(rows["analysis"]) - set(labels))
    if unlabelled:
        raise ValueError(f"claims_list: no label for the analyses {unlabelled}: give each its page's title")
    body = []
    for a, label in labels.items():
        group = rows[rows["analysis"] == a]
        if len(group):
            body.append(f'<tr class="lu-group"><th colspan="4" scope="rowgroup">{html.escape(label)}</th></tr>')
            body += [_row(r, (prefix + link) if (link := report_link(r)) else "", notes=False)
                     for _, r in group.iterrows()]
    return ('<div class="lu-verdicts" role="note" aria-label="' + html.escape(title) + '">'
            f'<p class="lu-verdicts-title">{html.escape(title)}</p>' + _table(body, caption) + "</div>")


def page_has_anchor(stem: str, anchor: str) -> bool:
    """Whether the stored notebook ``notebooks/<stem>.ipynb`` carries the element id ``anchor``."""
    path = config.NOTEBOOKS / f"{stem}.ipynb"
    return path.is_file() and f'id=\\"{anchor}\\"' in path.read_text(encoding="utf-8")


def report_link(r: pd.Series) -> str:
    """Where a report row points: the claim's row in its page's verdict box, else the page itself."""
    stem = str(r["page"]).removeprefix("notebooks/")  # every claim names its study's page
    if not stem or not (config.NOTEBOOKS / f"{stem}.ipynb").is_file():
        return ""
    anchor = claim_anchor(r["claim_id"])
    return f"{stem}.html#{anchor}" if page_has_anchor(stem, anchor) else f"{stem}.html"


_FILTER_SCRIPT = """(function () {
  const box = document.getElementById("lu-report"), rows = [...box.querySelectorAll("tbody tr")];
  const a = box.querySelector("#lu-f-analysis"), v = box.querySelector("#lu-f-verdict"), n = box.querySelector("#lu-f-n");
  function apply() {
    let shown = 0;
    rows.forEach(r => { const ok = (!a.value || r.dataset.analysis === a.value) && (!v.value || r.dataset.verdict === v.value);
                        r.hidden = !ok; shown += ok; });
    const chosen = [a, v].filter(s => s.value).map(s => s.options[s.selectedIndex].text);
    n.textContent = chosen.length ? shown + " of " + rows.length + " claims (" + chosen.join(", ") + ")"
                                  : "All " + rows.length + " claims";
  }
  a.addEventListener("change", apply); v.addEventListener("change", apply); apply();
})();"""


def report_table(ledger: pd.DataFrame, labels: dict[str, str]) -> str:
    """The report's claims table: every claim, filterable by analysis and by verdict, each row linking
    to the place on its page that shows the work. ``labels`` names each analysis in the filter, in the
    filter's order (its page's title; the page passes them in, since the ledger knows no study): an
    analysis without a label stops with its id. The caption says how many claims the filters show, and which. One HTML block (no
    blank line) with a short inline script."""
    _check_ledger(ledger, "report_table")
    unlabelled = sorted(set(ledger["analysis"]) - set(labels))
    if unlabelled:
        raise ValueError(f"report_table: no label for the analyses {unlabelled}: give each its page's title")
    body = [_row(r, report_link(r)) for _, r in ledger.iterrows()]

    def select(id_, label, values, names):
        opts = "".join(f'<option value="{html.escape(v)}">{html.escape(names.get(v, v))}</option>' for v in values)
        return f'<label for="{id_}">{label}</label><select id="{id_}"><option value="">all</option>{opts}</select>'

    verdicts = [v for v in ORDER if v in set(ledger["verdict"])]
    present = set(ledger["analysis"])
    analyses = [a for a in labels if a in present]  # in the order the page gives them
    caption = (f'<span id="lu-f-n" aria-live="polite">All {len(ledger)} claims</span>. Each claim links to the '
               "page that shows the work.")
    return ('<div class="lu-report" id="lu-report"><div class="lu-filters">'
            + select("lu-f-analysis", "Analysis", analyses, labels)
            + select("lu-f-verdict", "Verdict", verdicts, {})
            + "</div>" + _table(body, caption, escape=False, scroll="Every claim")
            + f"<script>{_FILTER_SCRIPT}</script></div>")


#: what a finding says -> CSS class of its label (the label's text is always the verdict itself)
#: (a page whose own findings lead may list its published claims in the same box, with their ledger verdicts)
FINDING_CLASS = {"narrowed": "lu-v-reproduced", "widened": "lu-v-differs", "no clear change": "lu-v-untestable",
                 "ahead of the path": "lu-v-reproduced", "on the path": "lu-v-consistent",
                 "behind the path": "lu-v-differs", "reproduced": "lu-v-reproduced", "differs": "lu-v-differs"}
FINDING_COLUMNS = ["finding", "figure", "verdict", "anchor"]


def findings_box(rows: pd.DataFrame, title: str = "What the data say") -> str:
    """The box that opens a page with no published claims to test: finding by finding, what the data
    say, in the look of :func:`verdict_box`.

    ``rows`` has one row per finding: ``finding`` (what is asked, e.g. "Range gap, men, since 2011-13"),
    ``figure`` (the numbers, with their interval), ``verdict`` (one of :data:`FINDING_CLASS`, shown as a
    coloured label that says it) and ``anchor`` (the id of the section that shows the work; the finding
    links there). Glue it as Markdown exactly as :func:`verdict_box`. Missing columns, an unknown verdict
    or a finding without an anchor stop with what was expected.
    """
    missing = [c for c in FINDING_COLUMNS if c not in rows.columns]
    if missing:
        raise ValueError(f"findings_box: the rows have no column(s) {missing}; expected {FINDING_COLUMNS}")
    if not len(rows):
        raise ValueError("findings_box: no findings to show")
    unknown = sorted(set(rows["verdict"]) - set(FINDING_CLASS))
    if unknown:
        raise ValueError(f"findings_box: unknown verdict(s) {unknown}; expected one of: {', '.join(FINDING_CLASS)}")
    unlinked = rows.loc[rows["anchor"].fillna("").astype(str).str.strip() == "", "finding"].tolist()
    if unlinked:
        raise ValueError(f"findings_box: findings without an anchor: {unlinked}")
    body = "".join(
        f'<tr data-verdict="{html.escape(r["verdict"])}">'
        f'<td class="lu-c-claim"><a href="#{html.escape(str(r["anchor"]))}">{html.escape(str(r["finding"]))}</a></td>'
        f'<td class="lu-c-figure">{html.escape(str(r["figure"]))}</td>'
        f'<td class="lu-c-verdict"><span class="lu-verdict {FINDING_CLASS[r["verdict"]]}">'
        f'{html.escape(r["verdict"])}</span></td></tr>' for _, r in rows.iterrows())
    counts = rows["verdict"].value_counts()
    said = "; ".join(f"{n} {v}" for v, n in ((v, counts.get(v, 0)) for v in FINDING_CLASS) if n)
    return ('<div class="lu-verdicts" role="note" aria-label="Findings">'
            f'<p class="lu-verdicts-title">{html.escape(title)}</p>'
            '<div class="lu-claims-wrap"><table class="lu-findings">'
            f"<caption>{len(rows)} findings: {html.escape(said)}. Each finding links to the section that shows "
            "the work.</caption>"
            '<colgroup><col class="lu-c-claim"><col class="lu-c-figure"><col class="lu-c-verdict"></colgroup>'
            '<thead><tr><th scope="col">finding</th><th scope="col">what the data say</th>'
            '<th scope="col">verdict</th></tr></thead>'
            f"<tbody>{body}</tbody></table></div></div>")
