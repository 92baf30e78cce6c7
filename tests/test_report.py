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
    t = report.report_table(rows)
    assert re.findall(r'<select id="lu-f-analysis">(.*?)</select>', t)[0].count("<option") == 3  # all, hle, leave
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


def test_the_summary_counts_add_up_to_the_table_audits_of_every_kind_included():
    led = _ledger([
        ("a", "x", "s", "93", "93", "count", "reproduced", "", ""),
        ("b", "x", "s", "0.18", "0.2", "coefficient", "reproduced within tolerance", "", ""),
        ("c", "x", "s", "few", "0", "remark", "differs", "holds if few", ""),
        ("d", "y", "s", "62", "61.9", "audit_over", "inconsistent in source", "", ""),
        ("e", "y", "s", "14.29", "15.8", "audit_over", "consistent", "", ""),
        ("f", "y", "s", "5568", "5567", "audit", "consistent", "", ""),
        ("g", "y", "s", "35", "", "share", "not testable", "", "ONS ASHE by industry")])
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
