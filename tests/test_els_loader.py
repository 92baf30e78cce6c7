"""The ONS Explore Local Statistics loader: unit tests on small synthetic files (every period format, the
byte-order mark and Windows line endings, the older layout, status codes, obsolete codes), then
invariants on the real files of the mirror.

The known values are read off the raw files by hand: England's key stage 2 share 65 in 2018/19 (63 in
2024/25); England's median weekly pay £396.1 in April 2008 (95% interval 394.5 to 397.7) and £648.4 in
April 2025; Barnsley's pay £618.6 in 2025 under its old code E08000016; GVA per hour worked £42.39 for
England (ITL code TLB) in 2023; Buckinghamshire county's drive time 7.739 minutes in 2019; North
Yorkshire county's life satisfaction 7.62 (7.38 to 7.87) in 2022/23; the City of London police area
low reliability (u) with no value; the Isles of Scilly's first-time buyer values empty with no status.
"""

import csv
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest

from analysis.data import loaders, registry
from analysis.data.loaders.els import ELS_DATASETS, ElsDataset, parse_els, parse_periods
from analysis.errors import DataError

HEADER = "areacd,areanm,geography,indicator,period,observation,measure,unit,lci_95,uci_95,status,notes"
SPEC = ElsDataset("toy", "toy.csv", 1, "a toy share", "%", {"Share": (0.0, 100.0)}, rows=0, levels=("england", "lad"))


def write(tmp_path: Path, rows: list[str], *, bom: bool = True, crlf: bool = True, header: str = HEADER) -> Path:
    nl = "\r\n" if crlf else "\n"
    p = tmp_path / "toy.csv"
    p.write_bytes(((b"\xef\xbb\xbf" if bom else b"") + (nl.join([header, *rows]) + nl).encode("utf-8")))
    return p


def parse(tmp_path, rows, spec=SPEC, **kw):
    p = write(tmp_path, rows, **kw)
    return parse_els(p, replace(spec, rows=len(rows)))


def row(code="E06000001", name="Hartlepool", period="2019-01-01/P1Y", value="50", status="", notes="",
        geography="County or Unitary Authority", indicator="Share", lci="", uci=""):
    return f'{code},{name},{geography},{indicator},{period},{value},Percentage,%,{lci},{uci},{status},"{notes}"'


ENGLAND = row("E92000001", "England", geography="Nation")


# --- periods ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, start, end, months, kind, label", [
    ("2019-01-01/P1Y", "2019-01-01", "2019-12-31", 12, "calendar year", "2019"),
    ("2019-04-01/P1Y", "2019-04-01", "2020-03-31", 12, "financial year", "2019/20"),
    ("2018-09-01/P1Y", "2018-09-01", "2019-08-31", 12, "academic year", "2018/19"),
    ("2019-08-01/P1Y", "2019-08-01", "2020-07-31", 12, "academic year", "2019/20"),
    ("2014-04-01/P3Y", "2014-04-01", "2017-03-31", 36, "financial year", "2014/15 to 2016/17"),
    ("2011-01-01/P3Y", "2011-01-01", "2013-12-31", 36, "calendar year", "2011 to 2013"),
    ("2025-04-30", "2025-04-30", "2025-04-30", 0, "date", "30 April 2025"),
    ("2026-01-01", "2026-01-01", "2026-01-01", 0, "date", "January 2026"),
    ("2023-01-13T00:00:00", "2023-01-13", "2023-01-13", 0, "date", "13 January 2023"),
    ("2022-09", "2022-09-01", "2022-09-30", 1, "month", "September 2022"),
    ("2024-02-01/P1M", "2024-02-01", "2024-02-29", 1, "month", "February 2024"),
    ("2020-07-15/P6M", "2020-07-15", "2021-01-14", 6, "other", "15 July 2020 to 14 January 2021"),
])
def test_every_period_format(text, start, end, months, kind, label):
    got = parse_periods(pd.Series([text, text])).iloc[1]
    assert (got["period_start"], got["period_end"]) == (pd.Timestamp(start), pd.Timestamp(end))
    assert (got["period_months"], got["period_type"], got["period_label"]) == (months, kind, label)


@pytest.mark.parametrize("bad", ["2019", "2019-13-01/P1Y", "FY2019", "2019-01-01/P1D"])
def test_an_unknown_period_stops_naming_it(bad):
    with pytest.raises(DataError, match=r"toy.csv: column 'period' has value\(s\) in no known format: \['" + bad):
        parse_periods(pd.Series(["2019-01-01/P1Y", bad]), "toy.csv")


# --- reading the file ------------------------------------------------------------------------------

@pytest.mark.parametrize("bom, crlf", [(True, True), (True, False), (False, True), (False, False)])
def test_byte_order_mark_and_line_endings(tmp_path, bom, crlf):
    df = parse(tmp_path, [ENGLAND, row(value="51.5", lci="50", uci="53")], bom=bom, crlf=crlf)
    assert list(df["area_code"]) == ["E06000001", "E92000001"]  # the first column is not '\ufeffareacd'
    assert df["value"].tolist() == [51.5, 50.0] and df["lci"].iloc[0] == 50.0
    assert df["notes"].isna().all() and df["unit"].eq("%").all()


def test_the_older_layout_is_read_by_name(tmp_path):
    old = ("AREACD,AREANM,Geography,Variable Name,Indicator,Mission,Category,Period,Value,Measure,Unit,"
           "Lower Confidence Interval (95%),Upper Confidence Interval (95%),Observation Status,Polarity,Notes")
    lines = ["E06000001,Hartlepool,County or Unitary Authority,A share,Share,Mission 4,Cat,2022-09,97.5,Percentage,%,,,,1,",
             "E06000002,Middlesbrough,County or Unitary Authority,A share,Share,Mission 4,Cat,2022-09,88,Percentage,%,,,,1,"]
    df = parse(tmp_path, lines, replace(SPEC, levels=("lad",), extra=("Variable Name", "Mission", "Polarity")),
               header=old, bom=False, crlf=False)
    assert df["value"].tolist() == [97.5, 88.0] and set(df["period_label"]) == {"September 2022"}
    with pytest.raises(DataError, match=r"missing column\(s\) \['Polarity'\]"):
        parse(tmp_path, [x.rsplit(",", 2)[0] + "," for x in lines],
              replace(SPEC, levels=("lad",), extra=("Polarity",)), header=old.replace(",Polarity", ""))


def test_a_missing_column_or_a_changed_row_count_stops(tmp_path):
    p = write(tmp_path, [ENGLAND], header=HEADER.replace("lci_95", "lower"))
    with pytest.raises(DataError, match=r"toy.csv: missing column\(s\) \['lci_95'\]"):
        parse_els(p, replace(SPEC, rows=1))
    p = write(tmp_path, [ENGLAND, row()])
    with pytest.raises(DataError, match="toy.csv: expected 3 data rows, found 2"):
        parse_els(p, replace(SPEC, rows=3))


def test_a_value_that_is_not_a_number_stops(tmp_path):
    with pytest.raises(DataError, match=r"column 'observation' should hold numbers or nothing, found e\.g\. \['n/a'\]"):
        parse(tmp_path, [ENGLAND, row(value="n/a")])


# --- status codes, ranges, intervals ---------------------------------------------------------------

def test_status_codes_are_kept_as_data(tmp_path):
    df = parse(tmp_path, [ENGLAND, row(value="", status="x"), row("E06000002", "Middlesbrough", value="", status="u")])
    assert len(df) == 3 and df["reason"].isna().all()
    assert df.set_index("area_code")["status"].fillna("").to_dict() == {"E06000001": "x", "E06000002": "u", "E92000001": ""}
    assert df.loc[df["status"].notna(), "value"].isna().all()
    assert loaders.STATUS == {"x": "unavailable", "u": "low reliability", "c": "confidential"}


@pytest.mark.parametrize("bad, check", [
    (row(value="101"), "Share: values in [0, 100]"),
    (row(value="50", status="x"), "a row with a status code has no value"),
    (row(value=""), "empty values without a status code: 0"),
    (row(value="50", lci="52", uci="55"), "value within its interval"),
    (row(value="50", lci="49", uci=""), "both interval limits or neither"),
    (row(indicator="Other"), "isin"),
    (row("E12000001", "North East", geography="Region"), "publishes exactly the levels england, lad"),
])
def test_the_schema_catches(tmp_path, bad, check):
    with pytest.raises(DataError, match="toy.csv does not match its schema") as exc:
        parse(tmp_path, [ENGLAND, bad])
    assert check in str(exc.value)


def test_a_declared_interval_tolerance_and_unflagged_gap_pass(tmp_path):
    rows = [ENGLAND, row(value="89", lci="88", uci="88"), row("E06000002", "Middlesbrough", value="")]
    df = parse(tmp_path, rows, replace(SPEC, ci_tolerance=1.0, unflagged_missing=1))
    assert len(df) == 3


def test_one_row_per_area_period_and_indicator(tmp_path):
    with pytest.raises(DataError, match="listed twice with different values"):
        parse(tmp_path, [ENGLAND, row(value="50"), row(value="51", geography="Local Authority District")])


# --- obsolete codes --------------------------------------------------------------------------------

BARNSLEY_OLD = row("E08000016", "Barnsley", value="40", geography="Local Authority District",
                   notes="Obsolete code since 2025 (replaced by E08000038 Barnsley)")


def test_an_obsolete_code_listed_beside_its_successor_is_set_aside(tmp_path):
    new = row("E08000038", "Barnsley", value="40", geography="Local Authority District")
    df = parse(tmp_path, [ENGLAND, BARNSLEY_OLD, new])
    kept, aside = df[df["reason"].isna()], df[df["reason"].notna()]
    assert kept["area_code"].tolist() == ["E08000038", "E92000001"]
    assert aside["published_code"].tolist() == ["E08000016"]
    assert aside["reason"].item() == "listed twice: also under its current code E08000038 with the same values"
    assert aside["obsolete_since"].item() == 2025 and aside["replaced_by"].item() == "E08000038"


def test_an_obsolete_code_of_the_same_area_alone_is_re_coded(tmp_path):
    df = parse(tmp_path, [ENGLAND, BARNSLEY_OLD])
    b = df[df["published_code"] == "E08000016"]
    assert b["area_code"].item() == "E08000038" and b["reason"].isna().item() and b["value"].item() == 40


def test_an_obsolete_code_of_a_merged_district_is_set_aside_with_its_successor(tmp_path):
    old = row("E07000190", "Taunton Deane", geography="Local Authority District", period="2018-01-01/P1Y",
              notes="Obsolete code since 2019 (replaced by E07000246 Somerset West and Taunton)")
    df = parse(tmp_path, [ENGLAND, old, row("E07000246", "Somerset West and Taunton", geography="Local Authority District")])
    aside = df[df["reason"].notna()]
    assert aside["published_code"].tolist() == ["E07000190"]
    assert aside["reason"].item() == ("obsolete code since 2019, replaced by E07000246: no current area's value")


def test_itl1_codes_become_england_and_the_regions(tmp_path):
    rows = [row("TLB", "England", geography="ITL Level 1"), row("TLC", "North East", geography="ITL Level 1"),
            row("TLC1", "Tees Valley and Durham", geography="ITL Level 2"), row()]
    df = parse(tmp_path, rows, replace(SPEC, levels=("england", "region", "lad"), itl1_as_regions=True))
    got = df.set_index("published_code")[["area_code", "level"]].apply(tuple, axis=1).to_dict()
    assert got == {"TLB": ("E92000001", "england"), "TLC": ("E12000001", "region"), "TLC1": ("TLC1", "itl2"),
                   "E06000001": ("E06000001", "lad")}
    kept = parse(tmp_path, rows, replace(SPEC, levels=("lad",)))
    assert set(kept["level"]) == {"itl1", "itl2", "lad"}  # without the flag ITL rows stay ITL rows


def test_an_unknown_dataset_names_the_declared_ones():
    with pytest.raises(DataError, match="'nope' is not an ELS dataset; declared: gross_median_weekly_pay"):
        loaders.els("nope")


# --- the real files --------------------------------------------------------------------------------


def raw_rows(dataset: str) -> list[dict]:
    spec = ELS_DATASETS[dataset]
    from analysis.data import fetch

    with fetch.path(spec.dataset, spec.file).open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def test_every_declared_dataset_has_its_csv_in_the_registry():
    for d, spec in ELS_DATASETS.items():
        s = registry.source(d, spec.file)
        assert "Explore Local Statistics" in s.publisher and len(s.caveats.split()) > 30, d
    in_development = {"employment_rate", "gross_value_added", "research_and_development_public_funded",
                      "average_travel_time", "qualifications_level_3_or_above"}
    for d in in_development:
        assert "official statistics in development" in registry.source(d).caveats.lower(), d


@pytest.mark.parametrize("dataset", list(ELS_DATASETS))
def test_rows_kept_and_set_aside_add_up_to_the_raw_file(dataset):
    raw = raw_rows(dataset)
    kept, aside = loaders.els(dataset), loaders.els_set_aside(dataset)
    assert len(raw) == ELS_DATASETS[dataset].rows == len(kept) + len(aside)
    assert not kept.duplicated(["area_code", "period", "indicator"]).any()
    obsolete = sum("Obsolete code" in (r.get("notes") or r.get("Notes") or "") for r in raw)
    marked = kept["notes"].fillna("").str.contains("Obsolete code")
    # every row ONS marks obsolete is either set aside or kept re-coded to its successor (the same area)
    assert (kept.loc[marked, "published_code"] != kept.loc[marked, "area_code"]).all()
    assert obsolete == int(aside["obsolete_since"].notna().sum()) + int(marked.sum())


#: rows set aside: (as obsolete codes, as listed twice); rows re-coded to a current code (Barnsley and
#: Sheffield; a county of the same area as its unitary; re-coded Hertfordshire districts, Northumberland,
#: Gateshead; ITL1 codes where the file has no GSS rows for England and the regions)
SET_ASIDE = {
    "gross_median_weekly_pay": (0, 0, 36), "employment_rate": (0, 0, 80), "gross_value_added": (0, 0, 84 + 13 * 42),
    "gross_disposable_household_income_per_head": (0, 0, 54), "average_travel_time": (660, 0, 180),
    "gigabit_capable_broadband_2022_09": (0, 0, 2), "network_coverage_4g_2022_09": (0, 0, 2),
    "pupils_at_expected_standards_by_end_of_primary_school": (65, 10, 0),
    "further_education_and_skills_learner_achievements": (70, 0, 18), "apprenticeships": (140, 0, 36),
    "qualifications_level_3_or_above": (0, 0, 4), "personal_wellbeing_estimates": (864, 0, 192),
    "engagement_with_culture_and_heritage": (0, 20, 8 + 9 * 4), "first_time_buyer_mortgage_sales": (0, 24, 0),
    "net_additions_to_the_housing_stock": (883, 0, 111),
}


@pytest.mark.parametrize("dataset", list(ELS_DATASETS))
def test_rows_set_aside_and_re_coded(dataset):
    kept, aside = loaders.els(dataset), loaders.els_set_aside(dataset)
    twice = aside["reason"].str.startswith("listed twice")
    recoded = int((kept["published_code"] != kept["area_code"]).sum())
    assert (int((~twice).sum()), int(twice.sum()), recoded) == SET_ASIDE.get(dataset, (0, 0, 0))
    # a row listed twice always had the same values as the row kept
    assert not aside["reason"].str.contains("other values").any()


@pytest.mark.parametrize("dataset", list(ELS_DATASETS))
def test_values_in_range_and_england_row(dataset):
    spec = ELS_DATASETS[dataset]
    df = loaders.els(dataset)
    for ind, (lo, hi) in spec.indicators.items():
        v = df.loc[df["indicator"] == ind, "value"].dropna()
        assert len(v) and v.between(lo, hi).all(), ind
    eng = df[df["level"] == "england"]
    if "england" in spec.levels:
        assert set(eng["area_code"]) == {"E92000001"} and set(eng["area_name"]) == {"England"}
        assert eng.groupby("indicator")["period"].nunique().to_dict() == df.groupby("indicator")["period"].nunique().to_dict()
        assert df.loc[df["level"] == "region", "area_code"].nunique() == 9
    else:
        assert eng.empty


def test_england_latest_values():
    latest = {d: loaders.england_latest(loaders.els(d)).set_index("indicator")["value"].to_dict() for d in ELS_DATASETS}
    assert latest["pupils_at_expected_standards_by_end_of_primary_school"] == {
        "Pupils meeting the expected standard in reading, writing and maths": 63.0}
    assert latest["gross_median_weekly_pay"] == {"Gross median weekly pay": 648.4}
    assert latest["gross_value_added"]["Gross value added per hour worked"] == 42.39  # TLB in the file
    assert latest["gigabit_capable_broadband_2022_09"] == {} and latest["network_coverage_4g_2022_09"] == {}


def value(dataset, code, period, indicator=None):
    df = loaders.els(dataset)
    sel = df[(df["area_code"] == code) & (df["period"] == period)]
    if indicator:
        sel = sel[sel["indicator"] == indicator]
    assert len(sel) == 1, (dataset, code, period, indicator)
    return sel.iloc[0]


def test_known_values_read_off_the_raw_files():
    ks2 = "pupils_at_expected_standards_by_end_of_primary_school"
    r = value(ks2, "E92000001", "2018-09-01/P1Y")
    assert (r["value"], r["period_label"], r["period_type"]) == (65.0, "2018/19", "academic year")
    r = value("gross_median_weekly_pay", "E92000001", "2008-04-16")
    assert (r["value"], round(r["lci"], 1), round(r["uci"], 1), r["period_label"]) == (396.1, 394.5, 397.7, "16 April 2008")
    r = value("gross_median_weekly_pay", "E08000038", "2025-04-30")  # published under E08000016
    assert (r["value"], r["published_code"], r["area_name"]) == (618.6, "E08000016", "Barnsley")
    r = value("gross_value_added", "E92000001", "2023-01-01/P1Y", "Gross value added per hour worked")
    assert (r["value"], r["published_code"], r["level"]) == (42.39, "TLB", "england")
    r = value("average_travel_time", "E06000060", "2019-01-01/P1Y", "Drive to work")  # the county's row
    assert (round(r["value"], 3), r["published_code"], r["level"]) == (7.739, "E10000002", "lad")
    r = value("personal_wellbeing_estimates", "E06000065", "2022-04-01/P1Y", "Satisfaction")
    assert (r["value"], r["lci"], r["uci"], r["published_code"]) == (7.62, 7.38, 7.87, "E10000023")
    r = value("homicide_offences", "E23000034", "2022-04-01/P3Y")
    assert (r["status"], pd.isna(r["value"]), r["period_label"]) == ("u", True, "2022/23 to 2024/25")
    r = value("first_time_buyer_mortgage_sales", "E06000053", "2024-01-01/P1Y")
    assert pd.isna(r["value"]) and pd.isna(r["status"])
    r = value("population_under_devolution_deal_in_england", "E92000001", "2023-01-13T00:00:00")
    assert round(r["value"], 1) == 41.1 and r["period_label"] == "13 January 2023"


def test_status_codes_on_the_real_files():
    """Status codes are kept, in the tidy rows or with the rows set aside, as many as the raw file has."""
    counts = {d: pd.concat([loaders.els(d), loaders.els_set_aside(d)])["status"].value_counts().to_dict()
              for d in ELS_DATASETS}
    assert counts["gross_median_weekly_pay"] == {"x": 94, "u": 35}
    assert counts["employment_rate"] == {"x": 60, "u": 3}
    assert counts["personal_wellbeing_estimates"] == {"x": 380, "u": 116}
    assert loaders.els("personal_wellbeing_estimates")["status"].value_counts().to_dict() == {"x": 380, "u": 108}
    assert counts["homicide_offences"] == {"u": 9}
    for d in ELS_DATASETS:
        raw = pd.Series([r.get("status", r.get("Observation Status", "")) for r in raw_rows(d)])
        assert counts[d] == raw[raw != ""].value_counts().to_dict(), d


def test_rounded_intervals_of_the_culture_file():
    df = loaders.els("engagement_with_culture_and_heritage")
    outside = df[(df["value"] < df["lci"]) | (df["value"] > df["uci"])]
    assert sorted(outside["published_code"]) == ["TLC", "TLE", "TLF", "TLG", "TLI", "TLJ"]
    assert ((outside["value"] - outside["uci"]) == 1).all()


def test_summary_lists_every_dataset():
    s = loaders.els_summary()
    assert s["dataset"].tolist() == list(ELS_DATASETS)
    assert s.set_index("dataset").loc["gross_median_weekly_pay", "england_latest"] == "648.4 (30 April 2025)"
    assert s.set_index("dataset").loc["gigabit_capable_broadband_2022_09", "england_latest"] == "no England row"
