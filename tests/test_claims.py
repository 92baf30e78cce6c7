"""The claims ledger's verdict rules."""

import pytest

from analysis.ledger import claims


@pytest.mark.parametrize("published,reproduced,kind,tol,expected", [
    (93, 93, "count", None, "reproduced"),
    (93, 92, "count", None, "differs"),
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


def test_decimals_follow_the_published_text():
    assert claims.decimals_of("0.18") == 2 and claims.decimals_of(93) == 0 and claims.decimals_of("20.50") == 2


def test_unknown_kind_and_duplicate_ids_are_refused():
    with pytest.raises(ValueError, match="unknown claim kind"):
        claims.verdict(1, 1, "vibes")
    row = claims.claim("x", "a", "s", 1, 1, "count")
    with pytest.raises(ValueError, match="duplicate claim ids"):
        claims.ledger([row, row])


def test_write_combines_parts_deterministically(tmp_path, monkeypatch):
    monkeypatch.setenv("LEVELUP_OUTPUT_DIR", str(tmp_path))
    claims.write(claims.ledger([claims.claim("b1", "b", "s", 2, 2, "count")]), "b")
    claims.write(claims.ledger([claims.claim("a1", "a", "s", 1, 0, "count")]), "a")
    df = claims.read(tmp_path)
    assert df["claim_id"].tolist() == ["a1", "b1"]
    assert df["verdict"].tolist() == ["differs", "reproduced"]
