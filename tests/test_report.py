"""analysis.ledger.report: the verdict box and the report's claims table, on small synthetic ledgers."""

import re

import pandas as pd
import pytest

from analysis.ledger import report


def _rows():
    return pd.DataFrame({
        "claim_id": ["a_count", "a_r"], "analysis": ["hle", "hle"], "source": ["Paper (2021)", "Paper (2021)"],
        "statement": ["Figure 2: LAs in the lowest 30% <men>", "Pearson r"], "published": ["93", "0.18"],
        "reproduced": ["95", "0.2681"], "kind": ["count", "coefficient"], "tolerance": ["", ""],
        "verdict": ["differs", "reproduced"], "note": ["sex=male; cutoff=0.3", ""],
        "page": ["notebooks/01_hle_priority", "notebooks/01_hle_priority"]})


def test_verdict_label_says_the_verdict_and_refuses_an_unknown_one():
    assert report.verdict_label("differs") == '<span class="lu-verdict lu-v-differs">differs</span>'
    for v in report.ORDER:
        assert f">{v}</span>" in report.verdict_label(v)
    with pytest.raises(ValueError, match="unknown verdict 'fine'"):
        report.verdict_label("fine")


def test_verdict_box_links_each_claim_to_its_section_and_folds_the_notes():
    box = report.verdict_box(_rows(), {"a_count": "figure-2", "a_r": "the-correlation"})
    assert "\n\n" not in box  # one HTML block when glued as Markdown
    rows = re.findall(r"<tr id=\"([^\"]+)\"[^>]*>(.*?)</tr>", box)
    assert [r[0] for r in rows] == ["claim-a_count", "claim-a_r"]
    assert '<a href="#figure-2">Figure 2: LAs in the lowest 30% &lt;men&gt;</a>' in rows[0][1]
    assert ">93<" in rows[0][1] and ">95<" in rows[0][1] and ">differs</span>" in rows[0][1]
    assert "<details><summary>source and note</summary><p>Published in Paper (2021). sex=male; cutoff=0.3</p></details>" in rows[0][1]
    assert ">0.268<" in rows[1][1] and ">0.18<" in rows[1][1]  # reproduced to 3 figures; published as printed
    assert "2 claims: 1 reproduced; 1 differs" in box
    assert [h for h in re.findall(r"<th scope=\"col\">(\w+)</th>", box)] == ["claim", "published", "reproduced", "verdict"]


@pytest.mark.parametrize("anchors, message", [({"a_count": "x"}, r"no anchor for \['a_r'\]"),
                                              ({"a_count": "x", "a_r": "y", "zz": "z"}, r"unknown claims \['zz'\]")])
def test_verdict_box_needs_an_anchor_for_every_claim(anchors, message):
    with pytest.raises(ValueError, match=message):
        report.verdict_box(_rows(), anchors)


def test_verdict_box_names_missing_columns():
    with pytest.raises(ValueError, match=r"no column\(s\) \['verdict'\]"):
        report.verdict_box(_rows().drop(columns="verdict"), {"a_count": "x", "a_r": "y"})


def test_report_table_has_filters_for_every_analysis_and_verdict_present(monkeypatch):
    rows = pd.concat([_rows(), _rows().assign(claim_id=["b1", "b2"], analysis="leave", verdict="consistent",
                                                   page="notebooks/02_leave_imd_cni")])
    monkeypatch.setattr(report, "page_has_anchor", lambda stem, anchor: anchor == "claim-a_r")
    t = report.report_table(rows, {"leave": "Deprivation and Leave", "hle": "Health and the Fund"})
    analyses = re.findall(r'<option value="([^"]*)">([^<]*)<', re.findall(r'<select id="lu-f-analysis">(.*?)</select>', t)[0])
    assert analyses == [("", "all"), ("leave", "Deprivation and Leave"), ("hle", "Health and the Fund")]  # labels' order
    verdict_options = re.findall(r'<option value="([^"]*)">', re.findall(r'<select id="lu-f-verdict">(.*?)</select>', t)[0])
    assert verdict_options == ["", "reproduced", "differs", "consistent"]  # in the report's order
    hrefs = re.findall(r'<td class="lu-c-claim"><a href="([^"]+)"', t)
    assert hrefs == ["01_hle_priority.html", "01_hle_priority.html#claim-a_r",
                     "02_leave_imd_cni.html", "02_leave_imd_cni.html"]
    assert t.count('data-analysis="leave"') == 2 and "<script>" in t and "http" not in t


def test_claim_anchor_is_a_safe_id():
    assert report.claim_anchor("mission7_hle_male_england_2011-13") == "claim-mission7_hle_male_england_2011-13"
    assert report.claim_anchor("a b/c") == "claim-a-b-c"


def test_every_analysis_in_the_ledger_has_a_page():
    from analysis.ledger import claims

    led = claims.read_published()
    assert led["page"].str.fullmatch(r"notebooks/\d\d_[a-z0-9_]+").all()
    assert all((report.config.NOTEBOOKS / f"{p.removeprefix('notebooks/')}.ipynb").is_file() for p in set(led["page"]))


def _findings():
    return pd.DataFrame({"finding": ["Range gap, men, since 2011-13", "England, men, against the path"],
                         "figure": ["14.5 to 18.4 years: +3.9 (95% interval -0.9 to +7.1)", "60.9 against 64.3"],
                         "verdict": ["no clear change", "behind the path"], "anchor": ["m7-changes", "m7-aim"]})


def test_findings_box_looks_like_the_verdict_box_and_links_each_finding():
    box = report.findings_box(_findings())
    assert "\n\n" not in box and box.startswith('<div class="lu-verdicts"')
    rows = re.findall(r'<tr data-verdict="([^"]+)">(.*?)</tr>', box)
    assert [v for v, _ in rows] == ["no clear change", "behind the path"]
    assert '<a href="#m7-changes">Range gap, men, since 2011-13</a>' in rows[0][1]
    assert '<span class="lu-verdict lu-v-differs">behind the path</span>' in rows[1][1]
    assert "2 findings: 1 no clear change; 1 behind the path." in box
    # not a claims table: the report's checks of claims tables leave it alone
    assert 'class="lu-claims"' not in box
    assert re.findall(r"<th scope=\"col\">([^<]+)</th>", box) == ["finding", "what the data say", "verdict"]


@pytest.mark.parametrize("change, message", [
    (lambda f: f.drop(columns="anchor"), r"no column\(s\) \['anchor'\]"),
    (lambda f: f.assign(verdict=["narrowed", "fine"]), r"unknown verdict\(s\) \['fine'\]"),
    (lambda f: f.assign(anchor=["m7-changes", ""]), r"without an anchor: \['England, men, against the path'\]"),
    (lambda f: f.iloc[:0], "no findings")])
def test_findings_box_refuses_bad_rows(change, message):
    with pytest.raises(ValueError, match=message):
        report.findings_box(change(_findings()))


def test_published_figures_read_as_printed_and_details_give_the_place_and_the_tolerance():
    assert [report._published(v) for v in ("20.5", "5568", "0.18", "includes")] == ["20.5", "5,568", "0.18", "includes"]
    r = pd.Series({"document": "Paper (2021)", "where": "Table 2", "tolerance": "0.5",
                   "tolerance_reason": "printed to a whole per cent", "note": "100 x 22 / 29 = 75.86%"})
    assert report._details(r) == ("Published in Paper (2021), Table 2. Tolerance 0.5 (printed to a whole per cent). "
                                  "100 x 22 / 29 = 75.86%")


def _ledger(rows):
    cols = ["claim_id", "analysis", "statement", "published", "reproduced", "kind", "verdict", "rule", "test_data"]
    return pd.DataFrame(rows, columns=cols)


def _mixed():
    """A ledger with a row of every kind of verdict, over two analyses."""
    return _ledger([
        ("a", "x", "s", "93", "93", "count", "reproduced", "", ""),
        ("b", "x", "s", "0.18", "0.2", "coefficient", "reproduced within tolerance", "", ""),
        ("c", "x", "s", "few", "0", "remark", "differs", "holds if few", ""),
        ("d", "y", "s", "62", "61.9", "audit_over", "inconsistent in source", "", ""),
        ("e", "y", "s", "14.29", "15.8", "audit_over", "consistent", "", ""),
        ("f", "y", "s", "5568", "5567", "audit", "consistent", "", ""),
        ("g", "y", "s", "35", "", "share", "not testable", "", "ONS ASHE by industry")])


def test_the_summary_counts_add_up_to_the_table_audits_of_every_kind_included():
    led = _mixed()
    s = report.summary(led)
    assert (s["claims"], s["testable"], s["audits"], s["not_testable"]) == (7, 3, 3, 1)
    assert (s["reproduced"], s["reproduced_exactly"], s["differs"]) == (2, 1, 1)
    assert (s["consistent"], s["inconsistent"]) == (2, 1)
    assert s["tested_or_audited"] == 6 and s["census"] == report.CENSUS.checkable
    t = report.by_analysis(led, {"x": "Analysis X"})
    assert t.loc["all", "all"] == s["claims"] and t.loc["Analysis X", "all"] == 3
    assert t.loc["all", ["reproduced", "reproduced within tolerance", "differs"]].sum() == s["testable"]


def test_the_summary_refuses_a_verdict_outside_its_kinds_rules():
    led = _ledger([("a", "x", "s", "62", "61", "audit", "differs", "", "")])
    with pytest.raises(ValueError, match="do not add up"):
        report.summary(led)


def test_the_rule_and_the_data_that_would_test_stand_beside_the_verdict():
    led = _ledger([("c", "x", "Few inner-city areas", "few", "0", "remark", "differs", "holds if the share is below", ""),
                   ("g", "x", "Sector median", "10.30", "", "coefficient", "not testable", "", "ONS ASHE by industry")])
    box = report.verdict_box(led.assign(page="notebooks/01_x"), {"c": "fig-1", "g": "sectors"})
    rows = re.findall(r"<tr id=\"([^\"]+)\"[^>]*>(.*?)</tr>", box)
    assert '>does not hold<' in rows[0][1]  # a remark's value in words, not 0
    assert '<span class="lu-rule">Rule: holds if the share is below</span></td>' in rows[0][1]
    assert '<span class="lu-rule">Would be tested by: ONS ASHE by industry</span></td>' in rows[1][1]
    assert ">not testable</span>" in rows[1][1]


def test_the_report_filter_names_each_analysis_by_its_label():
    t = report.report_table(_rows(), {"hle": "Healthy life expectancy and the Fund"})
    assert '<option value="hle">Healthy life expectancy and the Fund</option>' in t


def test_the_report_table_needs_a_label_for_every_analysis_and_its_caption_says_what_is_shown():
    with pytest.raises(ValueError, match=r"no label for the analyses \['hle'\]"):
        report.report_table(_rows(), {"leave": "Deprivation and Leave"})
    t = report.report_table(_rows(), {"hle": "Health and the Fund"})
    assert '<caption><span id="lu-f-n" aria-live="polite">All 2 claims</span>.' in t
    assert '" of " + rows.length + " claims ("' in t  # the script rewrites it when a filter is chosen


def test_the_summary_in_words_gives_every_count_good_news_first():
    led = _mixed()
    s = report.summary(led)
    text = report.summary_html(s)
    counts = dict(re.findall(r'data-count="(\w+)">([\d,]+)<', text))
    assert counts == {"testable": "3", "reproduced": "2", "reproduced_exactly": "1", "consistent": "2", "audits": "3",
                      "differs": "1", "inconsistent": "1", "not_testable": "1", "census": f"{report.CENSUS.checkable:,}",
                      "claims": "7", "analyses": "2", "tested_or_audited": "6"}
    assert text.index("What held up") < text.index("What did not") < text.index("How much of the sources")
    assert "\n\n" not in text


def test_the_overview_counts_each_study_and_adds_up_to_the_summary():
    led = _ledger([
        ("a", "x", "s", "93", "93", "count", "reproduced", "", ""),
        ("c", "x", "s", "few", "0", "remark", "differs", "holds if few", ""),
        ("d", "y", "s", "62", "61.9", "audit_over", "inconsistent in source", "", ""),
        ("e", "y", "s", "5568", "5567", "audit", "consistent", "", "")])
    studies = [{"id": "x", "title": "Study X", "question": "Does X?", "page": "01_x"},
               {"id": "y", "title": "Study Y", "question": "Does Y?", "page": "02_y"},
               {"id": "z", "title": "Study Z", "question": "Findings only", "page": "03_z"}]
    t = report.overview(led, studies, prefix="../notebooks/")
    rows = {a: dict(re.findall(r'data-count="(\w+)">(\d+)<', body))
            for a, body in re.findall(r'<tr[^>]*data-analysis="(\w*)">(.*?)</tr>', t)}
    assert list(rows) == ["x", "y", "z", ""]  # the studies in the page's order, then the total
    assert rows["x"] == {"reproduced": "1", "differs": "1", "consistent": "0", "inconsistent": "0",
                         "not_testable": "0", "claims": "2"}
    assert set(rows["z"].values()) == {"0"}  # a study with no published figures: zeros, not missing
    assert "Findings only No published figures to test." in t and "Does X? No published" not in t
    for key in report.OVERVIEW:
        assert int(rows[""][key]) == sum(int(rows[a][key]) for a in "xyz") == report.summary(led)[key]
    assert '<a href="../notebooks/01_x.html">Study X</a>' in t and "Does Y?" in t
    with pytest.raises(ValueError, match=r"analyses \['y'\] that are not among the studies"):
        report.overview(led, studies[:1])


def test_a_claims_list_links_each_claim_to_its_page_from_elsewhere(monkeypatch):
    monkeypatch.setattr(report, "page_has_anchor", lambda stem, anchor: True)
    rows = pd.concat([_rows(), _rows().assign(claim_id=["b1", "b2"], analysis="leave", page="notebooks/02_leave_imd_cni")])
    labels = {"leave": "Deprivation and Leave", "hle": "Health and the Fund"}
    box = report.claims_list(rows, "What did not hold up", "4 claims.", labels, prefix="../notebooks/")
    assert re.findall(r'<td class="lu-c-claim"><a href="([^"]+)"', box) == [
        "../notebooks/02_leave_imd_cni.html#claim-b1", "../notebooks/02_leave_imd_cni.html#claim-b2",
        "../notebooks/01_hle_priority.html#claim-a_count", "../notebooks/01_hle_priority.html#claim-a_r"]
    assert re.findall(r'<th colspan="4" scope="rowgroup">([^<]+)</th>', box) == list(labels.values())
    assert "source and note" not in box and "What did not hold up" in box and "\n\n" not in box
    with pytest.raises(ValueError, match=r"no label for the analyses \['leave'\]"):
        report.claims_list(rows, "t", "c", {"hle": "Health and the Fund"})


def test_every_kind_of_figure_has_a_plain_label_and_its_rule():
    t = report.rules()
    assert len(t) == len(report.RULES) and not t["kind"].str.contains("_").any()
    assert t["rule"].tolist() == list(report.RULES.values())


# --------------------------------------------------------------- the published ledger, as the report shows it

@pytest.fixture(scope="module")
def published():
    from analysis.ledger import claims

    return claims.read_published()


def test_the_reports_counts_add_up_to_its_tables_on_the_published_ledger(published):
    """Every count of the report's summary is the sum of its parts and of its tables' columns: the
    table by verdict (report.by_analysis), the overview and the table of every claim."""
    s = report.summary(published)
    assert s["claims"] == len(published) == s["testable"] + s["audits"] + s["not_testable"]
    assert s["testable"] == s["reproduced"] + s["differs"] and s["audits"] == s["consistent"] + s["inconsistent"]
    assert s["reproduced_exactly"] <= s["reproduced"] and s["tested_or_audited"] <= s["census"]
    t = report.by_analysis(published)
    col = t.loc["all"]
    assert col["all"] == s["claims"] and s["analyses"] == len(t) - 1
    assert sum(col[c] for c in col.index if c != "all") == s["claims"]  # each claim has one verdict
    assert col.get("reproduced", 0) == s["reproduced_exactly"]
    assert col.get("consistent", 0) == s["consistent"] and col.get("inconsistent in source", 0) == s["inconsistent"]
    studies = [{"id": a, "title": a, "page": "00_x"} for a in sorted(set(published["analysis"]))]
    total = dict(re.findall(r'data-count="(\w+)">([\d,]+)<',
                            re.search(r'<tr class="lu-total".*?</tr>', report.overview(published, studies)).group(0)))
    assert {k: int(v.replace(",", "")) for k, v in total.items()} == {k: s[k] for k in report.OVERVIEW}
    table = report.report_table(published, {a: a for a in set(published["analysis"])})
    assert table.count('<tr data-analysis=') == s["claims"]


def test_every_qualitative_claim_shows_its_statement_and_the_rule_that_decided_it(published):
    remarks = published[published["kind"] == "remark"]
    assert len(remarks) and (remarks["rule"].str.strip() != "").all(), "a qualitative claim without its rule"
    table = report.report_table(published, {a: a for a in set(published["analysis"])})
    rows = re.findall(r"<tr data-analysis=.*?</tr>", table)
    for (_, r), row in zip(published.iterrows(), rows):
        assert __import__("html").escape(r["statement"]) in row
        if r["kind"] == "remark":
            assert f'Rule: {__import__("html").escape(r["rule"])}</span>' in row, r["claim_id"]
            if r["verdict"] != report.NOT_TESTABLE:
                assert re.search(r'data-label="reproduced">(holds|does not hold)<', row), r["claim_id"]
