"""The sources registry (``data/sources.yml``): every raw file, its checksum, where to get it, and the
caveats a reader of any result built on it must know."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

from analysis.config import REGISTRY
from analysis.errors import DataError

if TYPE_CHECKING:  # imported where a table is made: deciding what is stale needs no pandas
    import pandas as pd

REQUIRED = ("dataset", "file", "sha256", "description", "publisher", "published", "landing_page",
            "licence", "urls")


@dataclass(frozen=True)
class Source:
    dataset: str
    file: str
    sha256: str
    description: str
    publisher: str
    published: str
    landing_page: str
    licence: str
    upstream: str
    urls: tuple[str, ...]
    #: what a reader must know about the file, in words (vintage, coverage, a derived or re-saved copy)
    caveats: str = ""

    @property
    def key(self) -> str:
        return f"{self.dataset}/{self.file}"


def read_registry(path: Path = REGISTRY) -> tuple[Source, ...]:
    entries = yaml.safe_load(path.read_text(encoding="utf-8"))["files"]
    sources = []
    for i, e in enumerate(entries):
        missing = [k for k in REQUIRED if not e.get(k)]
        if missing:
            raise DataError(f"{path}: entry {i} ({e.get('file', '?')}) lacks {', '.join(missing)}")
        if not re.fullmatch(r"[0-9a-f]{64}", str(e["sha256"])):
            raise DataError(f"{path}: {e['file']} sha256 must be 64 hex digits")
        unknown = sorted(set(e) - set(Source.__dataclass_fields__))
        if unknown:
            raise DataError(f"{path}: entry {i} ({e['file']}) has unknown field(s) {', '.join(unknown)}")
        sources.append(Source(**{**e, "published": str(e["published"]), "urls": tuple(e["urls"]),
                                 "upstream": e.get("upstream", ""), "caveats": " ".join(str(e.get("caveats", "")).split())}))
    keys = [s.key for s in sources]
    if len(set(keys)) != len(keys):
        raise DataError(f"{path}: duplicate dataset/file entries")
    return tuple(sources)


@lru_cache(maxsize=1)
def sources() -> tuple[Source, ...]:
    return read_registry()


def source(dataset: str, file: str | None = None) -> Source:
    """The registry entry for a dataset (and file, where the dataset has several)."""
    found = [s for s in sources() if s.dataset == dataset and (file is None or s.file == file)]
    if len(found) != 1:
        known = sorted({s.key for s in sources()})
        raise DataError(f"no single registry entry for dataset={dataset!r} file={file!r}; "
                        f"the registry lists: {', '.join(known)}")
    return found[0]


def table(items: tuple[Source, ...] | None = None) -> pd.DataFrame:
    """The registry as a table for the data page: one row per file, with the first 12 hex digits of
    its sha256 (``sha256_short``) and its caveats."""
    import pandas as pd

    items = sources() if items is None else items
    cols = ["dataset", "file", "description", "publisher", "landing_page", "published", "licence", "sha256",
            "caveats"]
    df = pd.DataFrame([{c: getattr(s, c) for c in cols} for s in items], columns=cols)
    return df.assign(sha256_short=df["sha256"].str[:12])
