"""The sources registry (``data/sources.yml``): every raw file, its checksum and where to get it."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from analysis.config import REGISTRY
from analysis.errors import DataError

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
        if len(e["sha256"]) != 64:
            raise DataError(f"{path}: {e['file']} sha256 must be 64 hex digits")
        sources.append(Source(**{**e, "published": str(e["published"]), "urls": tuple(e["urls"]),
                                 "upstream": e.get("upstream", ""), "caveats": e.get("caveats", "")}))
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
