"""The claims ledger: verdict rules (with their rounding edges) and provenance, on synthetic rows."""

import pandas as pd
import pytest

from analysis.ledger import claims


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
    (58, None, "count", None, "not testable with open data"),
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
        claims.claim("q", "a", "s", "most", 0.7, "share")


def test_unknown_kind_and_duplicate_ids_are_refused(sources):
    with pytest.raises(ValueError, match="unknown claim kind"):
        claims.verdict(1, 1, "vibes")
    row = claims.claim("a1", "a", "s", 1, 1, "count")
    with pytest.raises(ValueError, match="duplicate claim ids"):
        claims.ledger([row, row], sources=sources)


def test_the_tolerance_keeps_its_reason():
    row = claims.claim("c", "a", "s", "270", 268.0, "coefficient", tolerance=5,
                       tolerance_reason="published to the nearest £10m")
    assert row["verdict"] == "reproduced within tolerance" and row["tolerance_reason"].startswith("published")
    with pytest.raises(ValueError, match="tolerance_reason without a tolerance"):
        claims.claim("c", "a", "s", "270", 268.0, "coefficient", tolerance_reason="because")


@pytest.fixture
def sources(tmp_path):
    p = tmp_path / "claim_sources.csv"
    pd.DataFrame({"claim_id": ["a1", "b1"], "document": ["Doc A (2021)", "Doc B (2022)"],
                  "where": ["Figure 2", "Table 1, p. 4"], "claim": ["one thing", "another"]}).to_csv(p, index=False)
    return p


def test_ledger_carries_the_document_and_where(sources):
    df = claims.ledger([claims.claim("b1", "b", "s", 2, 2, "count"), claims.claim("a1", "a", "s", 1, 0, "count")],
                       sources=sources)
    assert list(df.columns) == claims.COLUMNS
    assert df.set_index("claim_id").loc["b1", ["document", "where"]].tolist() == ["Doc B (2022)", "Table 1, p. 4"]


def test_ledger_refuses_a_claim_without_provenance(sources):
    with pytest.raises(ValueError, match=r"no provenance for claim ids \['zz'\] in .*claim_sources.csv"):
        claims.ledger([claims.claim("a1", "a", "s", 1, 1, "count"), claims.claim("zz", "a", "s", 1, 1, "count")],
                      sources=sources)


def test_provenance_table_is_checked(tmp_path):
    bad = tmp_path / "claim_sources.csv"
    bad.write_text("claim_id,document,where,claim\nx,Doc,,a claim\n")
    with pytest.raises(ValueError, match=r"empty document, where or claim: \['x'\]"):
        claims.provenance(bad)
    bad.write_text("claim_id,document\nx,Doc\n")
    with pytest.raises(ValueError, match="expected"):
        claims.provenance(bad)
    with pytest.raises(ValueError, match="is missing"):
        claims.provenance(tmp_path / "nowhere.csv")


def test_write_combines_parts_deterministically(tmp_path, monkeypatch, sources):
    monkeypatch.setenv("LEVELUP_OUTPUT_DIR", str(tmp_path))
    claims.write(claims.ledger([claims.claim("b1", "b", "s", 2, 2, "count")], sources=sources), "b")
    claims.write(claims.ledger([claims.claim("a1", "a", "s", 1, 0, "count")], sources=sources), "a")
    df = claims.read(tmp_path)
    assert df["claim_id"].tolist() == ["a1", "b1"]
    assert df["verdict"].tolist() == ["differs", "reproduced"]
    assert df["document"].tolist() == ["Doc A (2021)", "Doc B (2022)"] and df["where"].tolist()[0] == "Figure 2"


# ---------------------------------------------------------------- the committed provenance table


def test_committed_provenance_table_is_well_formed():
    table = claims.provenance()
    assert len(table) > 0
    # that it cites documents, never notes outside the repository, is tests/test_repository.py's check
    assert table.notna().all().all() and (table.apply(lambda c: c.str.strip().str.len()) > 0).all().all()


def test_every_published_claim_of_the_committed_ledger_has_provenance():
    led = claims.read_published()
    table = claims.provenance()
    missing = sorted(set(led["claim_id"]) - set(table.index))
    assert missing == []
    orphans = sorted(set(table.index) - set(led["claim_id"]))
    assert orphans == [], f"provenance rows for claims no page tests any more: {orphans}"


# ---------------------------------------------------------------- tolerances and one-sided audits


def test_a_tolerance_needs_its_reason_chosen_before_the_run():
    with pytest.raises(ValueError, match="needs its reason"):
        claims.claim("t1", "t", "s", "0.18", 0.2, "coefficient", tolerance=0.05)
    row = claims.claim("t1", "t", "s", "0.18", 0.2, "coefficient", tolerance=0.05,
                       tolerance_reason="published to two decimals")
    assert row["verdict"] == "reproduced within tolerance" and row["tolerance_reason"]


@pytest.mark.parametrize("kind, reproduced, expected", [
    ("audit_over", 62.01, "consistent"), ("audit_over", 62, "inconsistent in source"),
    ("audit_over", 61.87, "inconsistent in source"), ("audit_under", 14.0, "consistent"),
    ("audit_under", 62.5, "inconsistent in source")])
def test_one_sided_audits_hold_only_strictly_beyond_the_published_value(kind, reproduced, expected):
    assert claims.verdict("62", reproduced, kind) == expected


def test_a_one_sided_audit_takes_no_tolerance():
    with pytest.raises(ValueError, match="takes no tolerance"):
        claims.claim("t1", "t", "s", 62, 63, "audit_over", tolerance=1, tolerance_reason="x")
