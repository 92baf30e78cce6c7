"""Mission 7: the HLE gap between single-tier areas. Unit tests on synthetic frames; invariants on the
real series checked against data/hle_series/SOURCE.md."""

import matplotlib
import pandas as pd
import pytest

from analysis.studies import mission7

matplotlib.use("Agg")


def _frame(values: dict, period="2011-13", sex="male", england=60.0):
    rows = [{"area_code": c, "area_name": f"area {c[-2:]}", "period": period, "sex": sex, "hle": v}
            for c, v in values.items()]
    rows.append({"area_code": mission7.ENGLAND, "area_name": "England", "period": period, "sex": sex, "hle": england})
    return pd.DataFrame(rows)


TEN = {f"E060000{i:02d}": v for i, v in enumerate([50, 51, 52, 53, 54, 55, 56, 57, 58, 70], start=1)}


def test_gap_one_range_and_tails():
    g = mission7.gap_one(_frame(TEN).query("area_code != @mission7.ENGLAND"), tail=0.2)
    assert g["n_areas"] == 10 and g["k"] == 2
    assert g["range_gap"] == 20.0 and g["highest_area"] == "area 10" and g["lowest_area"] == "area 01"
    assert g["top_mean"] == 64.0 and g["bottom_mean"] == 50.5 and g["decile_gap"] == 13.5


def test_tail_size_rule():
    assert mission7.tail_size(130, 0.1) == 13
    assert mission7.tail_size(128, 0.1) == 13   # ceil(12.8)
    assert mission7.tail_size(120, 0.1) == 12   # exact, no float creep
    assert mission7.tail_size(5, 0.1) == 1
    with pytest.raises(ValueError, match="at least 2"):
        mission7.tail_size(1, 0.1)
    with pytest.raises(ValueError, match="tail"):
        mission7.tail_size(10, 0.7)


def test_england_is_not_an_area_and_na_are_dropped():
    f = _frame({**TEN, "E09000001": None}, england=99.0)
    g = mission7.gaps(f, sex="male", tail=0.1).iloc[0]
    assert g["n_areas"] == 10 and g["highest"] == 70


def test_ties_name_every_area():
    g = mission7.gap_one(pd.DataFrame({"area_code": ["E1", "E2", "E3"], "area_name": ["b", "a", "c"],
                                       "hle": [60.0, 60.0, 55.0]}), tail=0.1)
    assert g["highest_area"] == "a; b" and g["lowest_area"] == "c"


def test_exclusions():
    f = _frame(TEN)
    g = mission7.gaps(f, exclude=["E06000010"]).iloc[0]
    assert g["n_areas"] == 9 and g["highest"] == 58
    assert mission7.parse_codes("E06000010, E06000001", set(TEN)) == ["E06000010", "E06000001"]
    assert mission7.parse_codes("none", set(TEN)) == []
    with pytest.raises(ValueError, match="exclude: unknown area code"):
        mission7.parse_codes("E99999999", set(TEN))


def test_both_sexes_and_change():
    f = pd.concat([_frame(TEN), _frame({k: v + 1 for k, v in TEN.items()}, period="2012-14"),
                   _frame(TEN, sex="female"), _frame({k: v - (v == 70) * 5 for k, v in TEN.items()}, period="2012-14", sex="female")])
    g = mission7.gaps(f, sex="both")
    assert g["sex"].tolist() == ["male", "male", "female", "female"]
    ch = mission7.change(g, "range").set_index("sex")
    assert ch.loc["male", "change"] == 0 and ch.loc["female", "change"] == -5
    assert len(mission7.gaps(f, sex="female")) == 2


def test_bad_parameters_are_refused():
    f = _frame(TEN)
    with pytest.raises(ValueError, match="sex must be one of"):
        mission7.gaps(f, sex="all")
    with pytest.raises(ValueError, match="tail"):
        mission7.gaps(f, tail=0)
    with pytest.raises(ValueError, match="measure"):
        mission7.change(mission7.gaps(f), "iqr")
    with pytest.raises(ValueError, match="missing column"):
        mission7.gaps(f.drop(columns="hle"))
    with pytest.raises(ValueError, match="no England row"):
        mission7.england(f[f["area_code"] != mission7.ENGLAND])


def test_coverage_lists_areas_without_values():
    c = mission7.coverage(_frame({**TEN, "E09000001": None})).iloc[0]
    assert (c["areas_listed"], c["areas_with_value"], c["no_value"]) == (11, 10, "area 01")


# ------------------------------------------------------------------ the real series (SOURCE.md facts)


@pytest.fixture(scope="module")
def hle():
    return mission7.load()


def test_coverage_of_the_real_series(hle):
    cov = mission7.coverage(hle)
    assert len(cov) == 22  # 11 periods x 2 sexes
    assert set(cov["areas_with_value"]) == {130}
    assert set(cov["no_value"]) == {"City of London; Isles of Scilly"}
    codes = mission7.areas(hle)["area_code"]
    assert codes.str.match(r"^E0[689]").all()  # single-tier only: no shire districts (E07), no counties (E10)


def test_real_gaps(hle):
    g = mission7.gaps(hle)
    assert len(g) == 22 and set(g["n_areas"]) == {130} and set(g["k"]) == {13}
    last = g[(g["sex"] == "male") & (g["period"] == "2021-23")].iloc[0]
    # SOURCE.md: Blackpool male 51.8 and Richmond male 69.5 in 2021-23
    assert last["lowest"] <= 51.8 and last["highest"] >= 69.5 and last["range_gap"] >= 17.7
    first = g[(g["sex"] == "male") & (g["period"] == "2011-13")].iloc[0]
    assert first["lowest"] <= 55.3 and first["highest"] >= 68.3
    assert (g["decile_gap"] < g["range_gap"]).all()


def test_england_series(hle):
    e = mission7.england(hle, "male").set_index("period")["england_hle"]
    assert e["2011-13"] == 63.0 and e["2021-23"] == 61.5 and len(e) == 11


def test_claims_all_reproduced(hle):
    led = mission7.claims_rows(hle)
    assert len(led) == 8 and (led["verdict"] == "reproduced").all()


def test_figure_draws(hle):
    import matplotlib.pyplot as plt
    from matplotlib.figure import Figure

    fig = mission7.figure_gaps(mission7.gaps(hle, sex="female"), mission7.england(hle, "female"), measure="decile")
    assert isinstance(fig, Figure) and "decile" in fig._suptitle.get_text()
    plt.close("all")
