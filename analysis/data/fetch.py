"""Fetch raw files: from the mirror (``LEVELUP_DATA_MIRROR``) or the pinned URLs, checked by sha256.

A file is only ever placed in the cache after its checksum matched, so downstream code can trust
whatever it finds there.
"""

from __future__ import annotations

import hashlib
import shutil
import sys
from pathlib import Path

from tqdm import tqdm

from analysis import config
from analysis.data.registry import Source, source, sources
from analysis.errors import ChecksumError, DataError


def sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def cached_path(src: Source) -> Path:
    return config.raw_dir() / src.dataset / src.file


def _check(path: Path, src: Source, origin: str) -> None:
    actual = sha256_of(path)
    if actual != src.sha256:
        raise ChecksumError(
            f"checksum mismatch for {src.key} (from {origin}):\n"
            f"  expected sha256 {src.sha256}\n  actual   sha256 {actual}\n"
            f"The file is corrupt or is not the pinned version. Replace it with the original "
            f"(pinned URL: {src.urls[0]}; publisher's page: {src.landing_page}), or fix the mirror. "
            f"Nothing downstream was run.")


def _download(src: Source, dest: Path, progress: bool) -> str:
    import pooch

    errors = []
    for url in src.urls:
        try:
            pooch.retrieve(url, known_hash=None, fname=dest.name, path=dest.parent,
                           progressbar=progress)
            return url
        except Exception as exc:  # network errors come in many types; report them all
            errors.append(f"{url}: {type(exc).__name__}: {exc}")
    raise DataError(
        f"could not download {src.key}; tried:\n  " + "\n  ".join(errors) +
        f"\nWith no network, set LEVELUP_DATA_MIRROR to a folder holding {src.dataset}/{src.file} "
        f"(publisher's page: {src.landing_page}).")


def fetch(src: Source, progress: bool = False) -> Path:
    """Return the cached, verified path of one raw file, fetching it first if needed.

    With a mirror set, the mirror's copy is always verified (so a corrupt mirror is caught even
    when an older good copy is cached) and copied into the cache when the cache lacks it.
    """
    dest = cached_path(src)
    mirror = config.mirror_dir()
    if mirror is not None:
        origin = mirror / src.dataset / src.file
        if not origin.is_file():
            raise DataError(
                f"{src.key} is not in the mirror LEVELUP_DATA_MIRROR={mirror} (looked for {origin}). "
                f"Add it there, or unset LEVELUP_DATA_MIRROR to download it from {src.urls[0]}.")
        _check(origin, src, f"mirror {origin}")
        if dest.is_file() and dest.stat().st_size == origin.stat().st_size and sha256_of(dest) == src.sha256:
            return dest
        dest.parent.mkdir(parents=True, exist_ok=True)
        part = dest.with_name(dest.name + ".part")
        shutil.copyfile(origin, part)
        _check(part, src, f"copy of {origin}")
        part.replace(dest)
        return dest
    if dest.is_file():
        if sha256_of(dest) == src.sha256:
            return dest
        print(f"cached {src.key} fails its checksum; fetching it again", file=sys.stderr)
    dest.parent.mkdir(parents=True, exist_ok=True)
    part = dest.with_name(dest.name + ".part")
    url = _download(src, part, progress)
    try:
        _check(part, src, url)
    except ChecksumError:
        part.unlink(missing_ok=True)
        raise
    part.replace(dest)
    return dest


def path(dataset: str, file: str | None = None) -> Path:
    """Verified local path of a registry file (fetching it if needed)."""
    return fetch(source(dataset, file))


def fetch_all(progress: bool = True) -> list[Path]:
    """Fetch and verify every file in the registry, with a progress bar."""
    out = []
    items = sources()
    bar = tqdm(items, desc="fetch + verify", unit="file", disable=not progress, file=sys.stderr)
    for src in bar:
        bar.set_postfix_str(src.file[:40])
        out.append(fetch(src, progress=progress))
    return out
