"""The claims ledger: verdict rules (with their rounding edges) and declared claims, on synthetic rows."""

import pytest

from analysis.ledger import claims
from analysis.ledger.claims import Claim
from analysis.ledger.documents import Document


@pytest.mark.parametrize("published,reproduced,kind,tol,expected", [
    (93, 93, "count", None, "reproduced"),
    (93, 92, "count", None, "differs"),
    (93, 93.4, "count", None, "differs"),
    ("0.66", 0.6551, "coefficient", None, "reproduced"),
    ("0.66", 0.654, "coefficient", None, "differs"),
    ("0.66", 0.6449, "coefficient", None, "differs"),
    ("0.66", 0.6449, "coefficient", 0.02, "reproduced within tolerance"),
    ("0.18", 0.35, "coefficient", 0.02, "differs"),
    ("20.5", 20.54, "share", None, "reproduced"),
    (5_568_000, 5_567_600, "audit", 500, "consistent"),
    (5_568_000, 5_517_000, "audit", 500, "inconsistent in source"),
    (58, None, "count", None, "not testable"),
    ("few (qualitative remark)", 1, "remark", None, "reproduced"),
    ("few (qualitative remark)", 0, "remark", None, "differs"),
])
def test_verdicts(published, reproduced, kind, tol, expected):
    assert claims.verdict(published, reproduced, kind, tol) == expected


@pytest.mark.parametrize("published,reproduced,expected", [
    ("0.18", 0.175, "reproduced"),     # round(0.175, 2) == 0.17: the float sits just below 0.175
    ("12.8", 12.75, "reproduced"),     # round(12.75, 1) == 12.8 only by luck of the binary value
    ("0.66", 0.6549, "differs"),       # rounds to 0.65, not 0.66: no rounding up twice
    ("2.5", 2.45, "reproduced"),       # half up, not half to even (round(2.45, 1) == 2.5 by accident)
    ("0.2", 0.25, "differs"),          # 0.25 rounds half up to 0.3
    ("0.3", 0.25, "reproduced"),       # ... where half-to-even would give 0.2
    ("-0.18", -0.175, "reproduced"),   # half away from zero for negatives, as printed tables do
    ("42", 41.5, "reproduced"),        # whole numbers: 41.5 -> 42 (round() gives 42 but 42.5 -> 42)
    ("43", 42.5, "reproduced"),
])
def test_rounding_edges_are_rounded_as_a_reader_would(published, reproduced, expected):
    assert claims.verdict(published, reproduced, "coefficient") == expected


def test_round_half_up_uses_the_decimal_value():
    assert str(claims.round_half_up(0.175, 2)) == "0.18" and round(0.175, 2) == 0.17
    assert str(claims.round_half_up(42.5, 0)) == "43" and round(42.5) == 42
    assert str(claims.round_half_up(0.6549, 2)) == "0.65"


def test_decimals_follow_the_published_text():
    assert claims.decimals_of("0.18") == 2 and claims.decimals_of(93) == 0 and claims.decimals_of("20.50") == 2


def test_qualitative_claims_must_be_remarks():
    with pytest.raises(ValueError, match="not a number: a qualitative claim is of kind 'remark', not 'count'"):
        claims.verdict("few (qualitative remark)", 1, "count")
    with pytest.raises(ValueError, match="qualitative"):
        _claim("q", "most", "share")


DOC_A, DOC_B = Document("a2021", "Doc A (2021)"), Document("b2022", "Doc B (2022)")


def _claim(cid="a1", published=1, kind="count", document=DOC_A, where="Figure 2", **kw) -> Claim:
    if kind == "remark":
        kw.setdefault("rule", "holds if most are")
    return Claim(cid, document, where, "s", published, kind, **kw)


def test_unknown_kind_and_duplicate_ids_are_refused():
    with pytest.raises(ValueError, match="unknown claim kind"):
        claims.verdict(1, 1, "vibes")
    with pytest.raises(ValueError, match="unknown kind 'vibes'"):
        _claim(kind="vibes")
    row = _claim().row("a", 1)
    with pytest.raises(ValueError, match="duplicate claim ids"):
        claims.ledger([row, row])


def test_a_claim_says_where_it_was_published():
    with pytest.raises(ValueError, match="say where in the document"):
        _claim(where=" ")


def test_the_tolerance_keeps_its_reason():
    row = _claim("c", "270", "coefficient", tolerance=5, tolerance_reason="published to the nearest £10m").row("a", 268.0)
    assert row["verdict"] == "reproduced within tolerance" and row["tolerance_reason"].startswith("published")
    with pytest.raises(ValueError, match="tolerance_reason without a tolerance"):
        _claim("c", "270", "coefficient", tolerance_reason="because")


def test_ledger_carries_the_document_and_where():
    df = claims.ledger([_claim("b1", 2, document=DOC_B, where="Table 1, p. 4").row("b", 2), _claim().row("a", 0)])
    assert list(df.columns) == claims.COLUMNS
    assert df.set_index("claim_id").loc["b1", ["document", "where"]].tolist() == ["Doc B (2022)", "Table 1, p. 4"]


def test_rows_for_needs_a_value_for_every_declared_claim_and_no_other():
    declared = (_claim("a1"), _claim("a2", 2))
    df = claims.rows_for(declared, "a", "notebooks/01_a", {"a1": 1, "a2": None}, {"a1": "a note", "a2": "a tie"})
    assert df["verdict"].tolist() == ["reproduced", "not testable"]
    assert df["note"].tolist() == ["a note", "a tie"] and set(df["page"]) == {"notebooks/01_a"}
    with pytest.raises(ValueError, match=r"no value for \['a2'\], values for undeclared claims \['zz'\]"):
        claims.rows_for(declared, "a", "p", {"a1": 1, "zz": 3})


def test_a_statement_can_name_a_choice_of_the_run():
    c = Claim("c1", DOC_A, "Table 2", "391 is 62% of the {n} constituencies", 62, "audit", tolerance=0.5,
              tolerance_reason="printed to a whole per cent")
    assert c.row("a", 61.9, fill={"n": 632})["statement"] == "391 is 62% of the 632 constituencies"


def test_write_combines_parts_deterministically(tmp_path, monkeypatch):
    monkeypatch.setenv("LEVELUP_OUTPUT_DIR", str(tmp_path))
    claims.write(claims.ledger([_claim("b1", 2, document=DOC_B).row("b", 2)]), "b")
    claims.write(claims.ledger([_claim("a1").row("a", 0)]), "a")
    df = claims.read(tmp_path)
    assert df["claim_id"].tolist() == ["a1", "b1"]
    assert df["verdict"].tolist() == ["differs", "reproduced"]
    assert df["document"].tolist() == ["Doc A (2021)", "Doc B (2022)"] and df["where"].tolist()[0] == "Figure 2"


# ---------------------------------------------------------------- the committed ledger


def test_every_claim_of_the_committed_ledger_is_declared_by_its_study():
    from analysis.studies import registry

    led = claims.read_published()
    declared = {c.id: s.id for s in registry.studies() for c in s.claims}
    missing = sorted(set(led["claim_id"]) - set(declared))
    assert missing == []
    assert all(declared[cid] == analysis for cid, analysis in zip(led["claim_id"], led["analysis"]))
    orphans = sorted(set(declared) - set(led["claim_id"]))
    assert orphans == [], f"declared claims no page tests: {orphans}"


# ---------------------------------------------------------------- tolerances and one-sided audits


def test_a_tolerance_needs_its_reason_chosen_before_the_run():
    with pytest.raises(ValueError, match="needs its reason"):
        _claim("t1", "0.18", "coefficient", tolerance=0.05)
    row = _claim("t1", "0.18", "coefficient", tolerance=0.05, tolerance_reason="published to two decimals").row("t", 0.2)
    assert row["verdict"] == "reproduced within tolerance" and row["tolerance_reason"]


@pytest.mark.parametrize("kind, reproduced, expected", [
    ("audit_over", 62.01, "consistent"), ("audit_over", 62, "inconsistent in source"),
    ("audit_over", 61.87, "inconsistent in source"), ("audit_under", 14.0, "consistent"),
    ("audit_under", 62.5, "inconsistent in source")])
def test_one_sided_audits_hold_only_strictly_beyond_the_published_value(kind, reproduced, expected):
    assert claims.verdict("62", reproduced, kind) == expected


def test_a_one_sided_audit_takes_no_tolerance():
    with pytest.raises(ValueError, match="takes no tolerance"):
        _claim("t1", 62, "audit_over", tolerance=1, tolerance_reason="x")


# ---------------------------------------------------------------- rules of qualitative claims, untestable claims


def test_a_qualitative_claim_carries_its_rule_into_the_ledger():
    with pytest.raises(ValueError, match="needs its rule"):
        Claim("q1", DOC_A, "Figure 1", "Few inner-city areas", "few", "remark")
    row = Claim("q1", DOC_A, "Figure 1", "Few inner-city areas", "few", "remark",
                rule="holds if the inner-city share is below the all-ward share").row("a", 0)
    assert row["verdict"] == "differs" and row["rule"].startswith("holds if")
    assert list(claims.ledger([row]).columns) == claims.COLUMNS


def test_a_claim_the_data_cannot_test_names_the_data_that_would():
    c = _claim("u1", "35", "share", test_data="ONS ASHE by industry")
    row = c.row("a", None)
    assert row["verdict"] == claims.NOT_TESTABLE and row["test_data"] == "ONS ASHE by industry"
    with pytest.raises(ValueError, match="is not testable here"):
        c.row("a", 35.0)


def test_a_missing_value_without_a_reason_is_refused():
    with pytest.raises(ValueError, match="no note saying why"):
        _claim("m1").row("a", None)
    assert _claim("m1").row("a", None, note="a tie for first place")["verdict"] == claims.NOT_TESTABLE


def test_a_claim_needs_a_plain_label():
    with pytest.raises(ValueError, match="plain label"):
        Claim("l1", DOC_A, "Figure 2", " ", 1, "count")


def test_every_declared_qualitative_claim_states_its_rule_and_every_untestable_one_says_why():
    from analysis.studies import registry

    declared = [c for s in registry.studies() for c in s.claims]
    assert all(c.rule.startswith("holds if") for c in declared if c.kind == "remark")
    led = claims.read_published()
    untestable = led[led["verdict"] == claims.NOT_TESTABLE]
    assert ((untestable["test_data"] != "") | (untestable["note"] != "")).all()
    assert (led.loc[led["test_data"] != "", "verdict"] == claims.NOT_TESTABLE).all()
