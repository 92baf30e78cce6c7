"""The loaders' machinery: require columns, validate against a schema, parse once and cache.

A parsed table is cached as parquet under ``processed/``, keyed by the raw files' sha256 and by the
source of the loaders package (and of the geography modules the ELS loader re-codes with), so a
change to either re-parses and a notebook loads a table in milliseconds.
"""

from __future__ import annotations

import hashlib
import os
import re
import sys
import warnings
from pathlib import Path
from typing import Callable

import pandas as pd
import pandera.pandas as pa
from pandera.errors import SchemaError, SchemaErrors

from analysis import config
from analysis.data import fetch
from analysis.data.registry import source
from analysis.errors import DataError

#: the loaders' own code and the geography they re-code with: a change to any of it re-parses every table
_RECODING = [Path(__file__).parent.parent / "geography" / f for f in ("current.py", "vintages.py")]
_CODE = hashlib.sha256(b"".join(p.read_bytes() for p in [*sorted(Path(__file__).parent.glob("*.py")), *_RECODING]
                                )).hexdigest()[:12]

# GSS code patterns used in schemas
LAD_ENGLAND = r"^E0[6-9]\d{6}$"
WARD = r"^E05\d{6}$"


def require_columns(df: pd.DataFrame, expected: list[str], where: str) -> None:
    """Stop with a clear message if the raw file lacks a column the loader relies on."""
    missing = [c for c in expected if c not in df.columns]
    if missing:
        raise DataError(
            f"{where}: missing column(s) {missing}. Expected columns: {expected}; found: "
            f"{list(df.columns)}. The source has changed shape: check the registry's sha256 and "
            f"the loader in analysis/data/loaders/.")


def validate(df: pd.DataFrame, schema: pa.DataFrameSchema, where: str) -> pd.DataFrame:
    """Validate with pandera; on failure name the file, the column, the check and bad values."""
    try:
        return schema.validate(df, lazy=True)
    except SchemaErrors as exc:
        fc = exc.failure_cases
        lines = []
        for (col, check), grp in fc.groupby(["column", "check"], dropna=False, sort=False):
            sample = ", ".join(map(repr, grp["failure_case"].head(5).tolist()))
            lines.append(f"  column {col!r} failed {check}: e.g. {sample} ({len(grp)} case(s))")
        raise DataError(f"{where} does not match its schema:\n" + "\n".join(lines)) from None
    except SchemaError as exc:  # pragma: no cover - lazy=True raises SchemaErrors
        raise DataError(f"{where} does not match its schema: {exc}") from None


def cached(name: str, sources: list[tuple[str, str | None]], parse: Callable[..., pd.DataFrame]) -> pd.DataFrame:
    """The table ``name`` parsed by ``parse`` from the verified raw files of ``sources``, from the cache
    when the files and the loaders' code are unchanged."""
    srcs = [source(d, f) for d, f in sources]
    key = hashlib.sha256(("|".join(s.sha256 for s in srcs) + _CODE + name).encode()).hexdigest()[:16]
    out = config.processed_dir() / f"{name}-{key}.parquet"
    paths = [fetch.fetch(s) for s in srcs]  # always verifies the mirror copy when one is set
    if out.is_file():
        try:
            return pd.read_parquet(out)
        except Exception as exc:  # truncated, overwritten, another version's: rebuild from the raw files
            print(f"warning: the cached table {out.name} cannot be read ({type(exc).__name__}); rebuilding it "
                  f"from its verified raw files", file=sys.stderr)
    df = parse(*paths)
    out.parent.mkdir(parents=True, exist_ok=True)
    for stale in out.parent.glob(f"{name}-*.parquet"):
        if stale != out:  # another run (a notebook beside this one) may have just written this very table
            stale.unlink(missing_ok=True)
    tmp = out.with_name(f"{out.name}.{os.getpid()}.part")  # its own name: runs at once never share one
    df.to_parquet(tmp, index=False)
    tmp.replace(out)
    return df


def read_excel(path: Path, sheet: str, **kw) -> pd.DataFrame:
    with warnings.catch_warnings():  # openpyxl warns about the Notes sheet's drawing; harmless
        warnings.simplefilter("ignore")
        try:
            return pd.read_excel(path, sheet_name=sheet, **kw)
        except ValueError as exc:
            raise DataError(f"{path.name}: cannot read sheet {sheet!r}: {exc}") from None


def snake(s: str) -> str:
    return re.sub(r"[^0-9a-z]+", "_", s.strip().lower()).strip("_")
