"""Fetch raw files: from the mirror (``LEVELUP_DATA_MIRROR``) or the pinned URLs, checked by sha256.

A file is only ever placed in the cache after its checksum matched, so downstream code can trust
whatever it finds there. Each verification is remembered (``.verified.json`` in the cache: the file's
checksum with its size, modification time and inode when it was hashed), so a file that has not changed
since is not read again: a run with nothing to do does not re-hash the whole cache and mirror. A file
whose size, times or inode moved is hashed again; one modified too recently for its timestamp to tell
(within two seconds of being hashed) is not remembered, so it is hashed again next time too.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
import time
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


#: seconds a file's modification time must lie behind its hashing for the verification to be remembered
#: (a file rewritten within the timestamps' granularity could otherwise look unchanged)
SETTLED = 2.0


def _verified_record() -> Path:
    return config.raw_dir() / ".verified.json"


def _read_verified() -> dict:
    try:
        return json.loads(_verified_record().read_text())
    except (OSError, ValueError):
        return {}


def _signature(path: Path) -> list[int]:
    st = path.stat()
    return [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino]


def _known_good(path: Path, sha256: str) -> bool:
    """Whether ``path`` was hashed to ``sha256`` and has not changed since (size, times and inode)."""
    entry = _read_verified().get(str(path))
    try:
        return bool(entry) and entry["sha256"] == sha256 and entry["stat"] == _signature(path)
    except (OSError, KeyError, TypeError):
        return False


def _remember(path: Path, sha256: str) -> None:
    """Record that ``path`` hashed to ``sha256`` as it is now (unless it changed too recently to tell)."""
    sig = _signature(path)
    if time.time_ns() - sig[1] < SETTLED * 1e9:
        return
    record = _verified_record()
    done = _read_verified()
    done[str(path)] = {"sha256": sha256, "stat": sig}
    try:
        record.parent.mkdir(parents=True, exist_ok=True)
        part = record.with_name(f"{record.name}.{os.getpid()}.part")
        part.write_text(json.dumps(done, indent=1, sort_keys=True) + "\n")
        part.replace(record)
    except OSError:  # a read-only cache: verify by hashing every time
        pass


def _matches(path: Path, sha256: str) -> bool:
    """Whether the file's sha256 is ``sha256``: remembered if it has not changed, hashed otherwise."""
    if _known_good(path, sha256):
        return True
    if sha256_of(path) != sha256:
        return False
    _remember(path, sha256)
    return True


def _check(path: Path, src: Source, origin: str, remember: bool = True) -> None:
    if remember and _known_good(path, src.sha256):
        return
    actual = sha256_of(path)
    if actual != src.sha256:
        raise ChecksumError(
            f"checksum mismatch for {src.key} (from {origin}):\n"
            f"  expected sha256 {src.sha256}\n  actual   sha256 {actual}\n"
            f"The file is corrupt or is not the pinned version. Replace it with the original "
            f"(pinned URL: {src.urls[0]}; publisher's page: {src.landing_page}), or fix the mirror. "
            f"Nothing downstream was run.")
    if remember:
        _remember(path, actual)


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
        if dest.is_file() and dest.stat().st_size == origin.stat().st_size and _matches(dest, src.sha256):
            return dest
        dest.parent.mkdir(parents=True, exist_ok=True)
        part = dest.with_name(f"{dest.name}.{os.getpid()}.part")
        shutil.copyfile(origin, part)
        _check(part, src, f"copy of {origin}", remember=False)
        part.replace(dest)
        return dest
    if dest.is_file():
        if _matches(dest, src.sha256):
            return dest
        print(f"cached {src.key} fails its checksum; fetching it again", file=sys.stderr)
    dest.parent.mkdir(parents=True, exist_ok=True)
    part = dest.with_name(f"{dest.name}.{os.getpid()}.part")
    url = _download(src, part, progress)
    try:
        _check(part, src, url, remember=False)
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
