"""The Levelling Up Fund: its priority list (March 2021) and its successful bids (rounds 1 and 2)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from analysis.data.loaders.core import cached, read_excel, require_columns, validate

# --------------------------------------------------------------------------------------------
# luf_priority_2021

LUF_PRIORITY_SCHEMA = pa.DataFrameSchema(
    {
        "country": pa.Column(str, pa.Check.isin(["England", "Scotland", "Wales"])),
        "name": pa.Column(str, unique=True),
        "priority_category": pa.Column(int, pa.Check.isin([1, 2, 3])),
    },
    strict=True,
    checks=[pa.Check(lambda d: len(d) == 368, element_wise=False, name="368 local authorities")],
)


def luf_priority() -> pd.DataFrame:
    """Levelling Up Fund priority categories (March 2021): 368 LAs by name (1 = greatest need).

    England 314 (April 2020 LAs), Scotland 32, Wales 22; no Northern Ireland; no codes. Map names
    to codes with :func:`analysis.data.geography.luf_priority_lad19`.
    """
    def parse(p: Path) -> pd.DataFrame:
        raw = read_excel(p, "Levelling Up Fund Index")
        cols = {"Country": "country", "Name": "name", "Priority category": "priority_category"}
        require_columns(raw, list(cols), f"{p.name} sheet 'Levelling Up Fund Index'")
        df = raw[list(cols)].rename(columns=cols).dropna(how="all")
        df["name"] = df["name"].str.strip()
        df["country"] = df["country"].str.strip()
        return validate(df.reset_index(drop=True), LUF_PRIORITY_SCHEMA, p.name)
    return cached("luf_priority", [("luf_priority_2021", None)], parse)


# --------------------------------------------------------------------------------------------
# luf_round1_2021 (rounds 1 and 2)

LUF_BIDS_SCHEMA = pa.DataFrameSchema(
    {
        "round": pa.Column(int, pa.Check.isin([1, 2])),
        "bid_id": pa.Column(str, unique=True),
        "area": pa.Column(str),
        "grant_recipient": pa.Column(str, nullable=True),
        "bid_name": pa.Column(str),
        "country": pa.Column(str, nullable=True),
        "bid_value": pa.Column(float, pa.Check.gt(0)),
        "lad23_codes": pa.Column(str, pa.Check.str_matches(r"^[ENSW]\d{8}(;[ENSW]\d{8})*$")),
        "notes": pa.Column(str, nullable=True),
    },
    strict=True,
    checks=[pa.Check(lambda d: d.groupby("round").size().to_dict() == {1: 105, 2: 111}, element_wise=False,
                     name="105 round-1 and 111 round-2 bids")],
)


def luf_bids() -> pd.DataFrame:
    """Levelling Up Fund successful bids, round 1 (105, Oct 2021) and round 2 (111, Jan 2023).

    ``lad23_codes`` holds one or more 2023 LAD codes joined by ``;`` (added by Open Innovations);
    map them back to 2019/2020 LAs before joining to the priority list or IoD 2019. ``bid_id`` is
    ``R<round>-<row>`` in the published row order.
    """
    def parse(p1: Path, p2: Path) -> pd.DataFrame:
        r1 = pd.read_csv(p1, dtype=str)
        c1 = ["Local Authority Name / Area", "Grant Recipient (if not Local Authority)", "Bid Name", "Bid Value", "LADs", "Notes"]
        require_columns(r1, c1, p1.name)
        r1 = r1[c1].set_axis(["area", "grant_recipient", "bid_name", "bid_value", "lad23_codes", "notes"], axis=1)
        r1["round"], r1["country"] = 1, None
        r2 = pd.read_csv(p2, dtype=str)
        c2 = ["Legal name of lead applicant organisation", "Bid Name", "Country", "Bid Value", "LADs", "Notes"]
        require_columns(r2, c2, p2.name)
        r2 = r2[c2].set_axis(["area", "bid_name", "country", "bid_value", "lad23_codes", "notes"], axis=1)
        r2["round"], r2["grant_recipient"] = 2, None
        frames = []
        for r in (r1, r2):
            r = r.reset_index(drop=True)
            r["bid_id"] = [f"R{rnd}-{i + 1:03d}" for rnd, i in zip(r["round"], r.index)]
            frames.append(r)
        df = pd.concat(frames, ignore_index=True)
        df["bid_value"] = df["bid_value"].str.replace(",", "", regex=False).str.replace("£", "", regex=False).astype(float)
        df["lad23_codes"] = df["lad23_codes"].fillna("").str.replace(r"\s+", "", regex=True).str.replace(",", ";")
        for c in ("area", "bid_name"):
            df[c] = df[c].str.strip()
        df = df[["round", "bid_id", "area", "grant_recipient", "bid_name", "country", "bid_value", "lad23_codes", "notes"]]
        df = df.astype({"grant_recipient": object, "country": object, "notes": object})
        return validate(df, LUF_BIDS_SCHEMA, f"{p1.name} + {p2.name}")
    return cached("luf_bids", [("luf_round1_2021", "levelling-up-fund-round-1.csv"),
                                ("luf_round1_2021", "levelling-up-fund-round-2.csv")], parse)
