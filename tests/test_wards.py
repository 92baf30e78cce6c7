"""analysis.wards: unit tests on synthetic frames, and invariants on the real data."""

import numpy as np
import pandas as pd
import pytest

from analysis.data import geography
from analysis.studies import wards


def _wards(n=20):
    return pd.DataFrame({"ward17_code": [f"E05{i:06d}" for i in range(n)],
                         "cni_score": np.arange(n, 0, -1, dtype=float),
                         "imd_score": np.r_[np.arange(n, 0, -1, dtype=float)[:1], [0.5], np.arange(n - 2, 0, -1.0)],
                         "left_behind": [True, True] + [False] * (n - 2)})


def test_inner_city_definitions():
    codes = pd.Series(["E09000007", "E09000011", "E08000025", "E08000001", "E07000001"])
    assert wards.inner_city(codes, "inner_london").tolist() == [True, False, False, False, False]
    assert wards.inner_city(codes, "inner_london_and_core_cities").tolist() == [True, False, True, False, False]
    assert wards.inner_city(codes, "london").tolist() == [True, True, False, False, False]
    assert wards.inner_city(codes, "metropolitan").tolist() == [True, True, True, True, False]
    with pytest.raises(ValueError, match="inner_city"):
        wards.inner_city(codes, "downtown")
    assert len(wards.INNER_LONDON) == 14 and len(wards.CORE_CITIES) == 8


def test_derive_compare_and_agreement():
    w = wards.derive_left_behind(_wards(), "own", 0.1)
    assert w["left_behind_derived"].tolist()[:2] == [True, False]  # ward 2 is not worst on IMD
    a = wards.agreement(w)
    assert a == {"derived": 1, "published": 2, "both": 1, "derived_only": 0, "published_only": 1}
    diff = wards.compare_flags(w)
    assert diff["ward17_code"].tolist() == ["E05000001"] and "ward IMD" in diff["why"].iloc[0]
    with pytest.raises(ValueError, match="universe"):
        wards.derive_left_behind(_wards(), "global")


def test_common_universe_ranks_only_shared_wards():
    w = _wards().assign(imd_score=lambda d: d["imd_score"].where(d.index != 0))
    own = wards.derive_left_behind(w, "own", 0.1)
    common = wards.derive_left_behind(w, "common", 0.1)
    assert bool(own.loc[0, "cni_worst"]) and not bool(common.loc[0, "cni_worst"])


def test_high_on_both_and_per_la():
    w = wards.derive_left_behind(_wards(), "own", 0.1).assign(la=["a"] * 10 + ["b"] * 10)
    t = wards.high_on_both_by_group(w, w["la"].eq("b")).set_index("wards")
    assert t.loc["inner city", "high_on_both"] == 0 and t.loc["all wards", "n"] == 20
    p = wards.per_la(w, "la").set_index("la")
    assert p.loc["a", "left_behind"] == 1 and p.loc["a", "pct_left_behind"] == 10.0


# ---------------------------------------------------------------------------------------------
# the real data (facts from cni_2019/SOURCE.md and imd2019_ward/SOURCE.md)

MISSING_IMD = {"E05003230", "E05003257", "E05003259", "E05006760", "E05006764", "E05008917", "E05008922",
               "E05009880", "E05010102", "E05010187", "E05010593", "E05010599"}


@pytest.fixture(scope="module")
def real():
    return wards.ward_data()


def test_ward_join_unmatched_sets(real):
    df, rec = real
    assert rec.matched == 7421
    assert set(rec.unmatched_left["key"]) == MISSING_IMD
    right = rec.unmatched_right
    assert len(right) == 6 and "E05011093" in set(right["key"])  # 5 City of London wards + Scilly
    assert rec.unexplained.empty
    assert len(df) == 7433 + 6


def test_left_behind_rederivation_matches_the_data_notes(real):
    df, _ = real
    w = wards.derive_left_behind(df, "own", 0.1)
    a = wards.agreement(w)
    assert a["published"] == 225  # Local Trust's published count
    assert a["derived"] == 225 and a["both"] == 218  # cni_2019/SOURCE.md check on the definition
    assert int(w["cni_worst"].sum()) == 743


def test_published_flag_within_cni_worst_decile(real):
    df, _ = real
    lb = df[df["left_behind"]]
    assert lb["cni_rank"].between(4, 732).all()  # cni_2019/SOURCE.md: ranks 4 to 732


def test_no_inner_london_ward_is_published_left_behind(real):
    df, _ = real
    inner = wards.inner_city(df["lad17_code"], "inner_london")
    assert inner.sum() > 200
    assert not (df["left_behind"] & inner).any()


def test_new_reasons_are_additive():
    r = geography.lad19_created_reasons()
    assert set(r) == {"E06000058", "E06000059", "E07000244", "E07000245", "E07000246"}
    assert "E07000049" in r["E06000059"]
