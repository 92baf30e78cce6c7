"""Paths and environment variables, in one place.

- ``LEVELUP_DATA_MIRROR``: a folder laid out as ``<dataset>/<file>``; when set, raw files are copied
  from it (and checked) instead of downloaded.
- ``LEVELUP_CACHE_DIR``: where raw files are cached (default ``data/raw``); parsed tidy tables go in
  its sibling ``processed`` folder.
- ``LEVELUP_OUTPUT_DIR``: where a notebook run writes its machine-readable results (default
  ``results/``); the runner points non-default runs elsewhere so the published record is never
  overwritten.
"""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REGISTRY = ROOT / "data" / "sources.yml"
NOTEBOOKS = ROOT / "notebooks"
RUNS = ROOT / "_build" / "runs"


def raw_dir() -> Path:
    return Path(os.environ.get("LEVELUP_CACHE_DIR") or ROOT / "data" / "raw").resolve()


def processed_dir() -> Path:
    return raw_dir().parent / "processed"


def mirror_dir() -> Path | None:
    value = os.environ.get("LEVELUP_DATA_MIRROR")
    return Path(value).resolve() if value else None


def output_dir() -> Path:
    return Path(os.environ.get("LEVELUP_OUTPUT_DIR") or ROOT / "results").resolve()


#: tables transcribed from published documents (facts with provenance, committed)
PUBLISHED = ROOT / "data" / "published"
