"""The sources registry and the checksummed fetch: unit tests on throw-away files, and the real registry."""

import csv
import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from analysis.data import fetch, registry
from analysis.errors import ChecksumError, DataError
from analysis.data.registry import Source

ROOT = Path(__file__).resolve().parent.parent


def _source(tmp_path, content=b"a,b\n1,2\n", **kw) -> Source:
    base = dict(dataset="toy", file="toy.csv", sha256=hashlib.sha256(content).hexdigest(), description="d",
                publisher="p", published="2020-01-01", landing_page="https://example.org/toy", licence="OGL-3.0",
                upstream="", urls=("http://127.0.0.1:9/toy.csv",))
    base.update(kw)
    return Source(**base)


def _mirror(tmp_path, content=b"a,b\n1,2\n"):
    d = tmp_path / "mirror" / "toy"
    d.mkdir(parents=True)
    (d / "toy.csv").write_bytes(content)
    return tmp_path / "mirror"


def test_mirror_copy_is_verified_and_cached(tmp_path, isolated_cache, monkeypatch):
    monkeypatch.setenv("LEVELUP_DATA_MIRROR", str(_mirror(tmp_path)))
    src = _source(tmp_path)
    p = fetch.fetch(src)
    assert p == isolated_cache / "toy" / "toy.csv"
    assert p.read_bytes() == b"a,b\n1,2\n"


def test_corrupt_mirror_file_is_refused_naming_file_and_checksums(tmp_path, isolated_cache, monkeypatch):
    monkeypatch.setenv("LEVELUP_DATA_MIRROR", str(_mirror(tmp_path, b"a,b\n1,3\n")))
    src = _source(tmp_path)
    with pytest.raises(ChecksumError) as exc:
        fetch.fetch(src)
    msg = str(exc.value)
    assert "toy/toy.csv" in msg and src.sha256 in msg
    assert hashlib.sha256(b"a,b\n1,3\n").hexdigest() in msg
    assert not (isolated_cache / "toy" / "toy.csv").exists(), "a refused file must not reach the cache"


def test_corrupt_mirror_is_caught_even_with_a_good_cached_copy(tmp_path, isolated_cache, monkeypatch):
    monkeypatch.setenv("LEVELUP_DATA_MIRROR", str(_mirror(tmp_path)))
    src = _source(tmp_path)
    fetch.fetch(src)
    (tmp_path / "mirror" / "toy" / "toy.csv").write_bytes(b"tampered")
    with pytest.raises(ChecksumError):
        fetch.fetch(src)


def test_missing_mirror_file_names_file_and_alternative(tmp_path, isolated_cache, monkeypatch):
    (tmp_path / "empty").mkdir()
    monkeypatch.setenv("LEVELUP_DATA_MIRROR", str(tmp_path / "empty"))
    with pytest.raises(DataError, match=r"toy/toy.csv is not in the mirror.*unset LEVELUP_DATA_MIRROR"):
        fetch.fetch(_source(tmp_path))


def test_no_network_names_file_and_where_to_get_it(tmp_path, isolated_cache, monkeypatch):
    monkeypatch.delenv("LEVELUP_DATA_MIRROR", raising=False)
    with pytest.raises(DataError) as exc:
        fetch.fetch(_source(tmp_path))
    msg = str(exc.value)
    assert "could not download toy/toy.csv" in msg and "https://example.org/toy" in msg
    assert "LEVELUP_DATA_MIRROR" in msg


def test_corrupted_cache_without_mirror_is_refetched_not_trusted(tmp_path, isolated_cache, monkeypatch):
    monkeypatch.delenv("LEVELUP_DATA_MIRROR", raising=False)
    dest = isolated_cache / "toy" / "toy.csv"
    dest.parent.mkdir(parents=True)
    dest.write_bytes(b"garbage")
    with pytest.raises(DataError):  # re-download attempted (and fails offline) instead of using garbage
        fetch.fetch(_source(tmp_path))


def _age(path: Path, seconds: float = 60) -> None:
    """Move a file's modification time into the past, as for a file written a while ago."""
    t = path.stat().st_mtime - seconds
    os.utime(path, (t, t))


def test_a_verified_file_is_not_hashed_again_until_it_changes(tmp_path, isolated_cache, monkeypatch):
    """The checksum is remembered with the file's size, times and inode: an unchanged file is trusted
    without reading it, a changed one (same size, other bytes) is hashed again and refused."""
    monkeypatch.setenv("LEVELUP_DATA_MIRROR", str(_mirror(tmp_path)))
    src = _source(tmp_path)
    origin = tmp_path / "mirror" / "toy" / "toy.csv"
    _age(origin)
    fetch.fetch(src)  # copies into the cache: the copy is too new to be remembered yet
    cached = isolated_cache / "toy" / "toy.csv"
    _age(cached)
    hashed = []
    real = fetch.sha256_of
    monkeypatch.setattr(fetch, "sha256_of", lambda p: hashed.append(Path(p)) or real(p))
    fetch.fetch(src)
    assert hashed == [cached], "the mirror's copy was remembered; the cached copy is hashed once it has settled"
    hashed.clear()
    fetch.fetch(src)
    assert hashed == [], "nothing changed: nothing is read"
    origin.write_bytes(b"a,b\n1,3\n")  # the same size, other bytes
    _age(origin)
    with pytest.raises(ChecksumError):
        fetch.fetch(src)
    assert hashed == [origin]


def test_a_file_hashed_just_after_it_changed_is_hashed_again_next_time(tmp_path, isolated_cache, monkeypatch):
    """A file changed within two seconds of its hashing is not remembered: a change within one tick of
    the clock could leave its timestamps as they were."""
    monkeypatch.setenv("LEVELUP_DATA_MIRROR", str(_mirror(tmp_path)))
    src = _source(tmp_path)
    hashed = []
    real = fetch.sha256_of
    monkeypatch.setattr(fetch, "sha256_of", lambda p: hashed.append(Path(p).name) or real(p))
    for _ in range(2):
        fetch.fetch(src)
    assert hashed == ["toy.csv", f"toy.csv.{os.getpid()}.part", "toy.csv", "toy.csv"], \
        "the mirror's copy and the cached copy are read on every fetch while they are new"


ENTRY = """files:
  - dataset: x
    file: y.csv
    sha256: {sha}
    description: d
    publisher: p
    published: 2020-01-01
    landing_page: https://example.org
    licence: OGL-3.0
    urls: [https://example.org/y.csv]
    caveats: >-
      Folded over
      two lines.
"""


def test_registry_rejects_incomplete_entries(tmp_path):
    bad = tmp_path / "sources.yml"
    bad.write_text("files:\n  - dataset: x\n    file: y.csv\n    sha256: abc\n")
    with pytest.raises(DataError, match=r"entry 0 \(y.csv\) lacks description, publisher"):
        registry.read_registry(bad)


def test_registry_reads_caveats_and_refuses_unknown_fields(tmp_path):
    path = tmp_path / "sources.yml"
    path.write_text(ENTRY.format(sha="a" * 64))
    assert registry.read_registry(path)[0].caveats == "Folded over two lines."
    path.write_text(ENTRY.format(sha="a" * 64) + "    caveat: a typo\n")
    with pytest.raises(DataError, match=r"\(y.csv\) has unknown field\(s\) caveat"):
        registry.read_registry(path)
    path.write_text(ENTRY.format(sha="a" * 63))
    with pytest.raises(DataError, match="y.csv sha256 must be 64 hex digits"):
        registry.read_registry(path)


# --- the real registry ----------------------------------------------------------------------


def test_registry_pins_every_url_to_a_commit():
    for s in registry.sources():
        assert s.urls and all(u.startswith("https://") for u in s.urls), s.key
        assert "/main/" not in s.urls[0] and "/master/" not in s.urls[0], f"{s.key}: URLs must pin a commit"


def test_every_registry_entry_states_its_caveats():
    """The dataset notes the code relies on are in the registry, in words, and on the data page."""
    missing = [s.key for s in registry.sources() if len(s.caveats.split()) < 8]
    assert not missing, f"data/sources.yml: add `caveats` (a sentence or more) to {missing}"
    cni = registry.source("cni_2019")
    assert "lad 2017" in cni.caveats.lower()  # the loader's renaming of the misnamed 2019 codes rests on it


def test_registry_table_is_the_registry():
    t = registry.table()
    assert t["file"].tolist() == [s.file for s in registry.sources()]
    assert (t["sha256_short"] == t["sha256"].str[:12]).all() and t["caveats"].str.len().gt(0).all()


@pytest.mark.skipif(not os.environ.get("LEVELUP_DATA_MIRROR"), reason="needs the data mirror's manifest")
def test_registry_agrees_with_the_mirror_manifest():
    manifest = Path(os.environ["LEVELUP_DATA_MIRROR"]) / "manifest.csv"
    rows = {(r["dataset"], r["file"]): r["sha256"] for r in csv.DictReader(manifest.open())}
    ours = {(s.dataset, s.file): s.sha256 for s in registry.sources()}
    # the mirror may hold sources no analysis uses yet; every registered one must be there, unchanged
    assert {k: rows.get(k) for k in ours} == ours


def test_no_registry_file_is_tracked_by_git():
    tracked = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout.split(b"\0")
    hashes = {s.sha256 for s in registry.sources()}
    names = {s.file for s in registry.sources()}
    for t in filter(None, tracked):
        p = ROOT / t.decode()
        assert p.name not in names, f"{p} has the name of a third-party data file"
        if p.is_file() and p.stat().st_size > 1000:
            assert fetch.sha256_of(p) not in hashes, f"{p} is a copy of a registry file"


def test_make_data_fails_on_a_corrupted_mirror_copy(tmp_path):
    """End to end: `python -m analysis data` exits non-zero naming the file and its checksums."""
    real = os.environ.get("LEVELUP_DATA_MIRROR")
    if not real:
        pytest.skip("needs the data mirror")
    mirror = tmp_path / "mirror"
    for s in registry.sources():
        (mirror / s.dataset).mkdir(parents=True, exist_ok=True)
        (mirror / s.dataset / s.file).symlink_to(Path(real) / s.dataset / s.file)
    victim = registry.source("eu_referendum_2016")
    target = mirror / victim.dataset / victim.file
    data = target.read_bytes()
    target.unlink()
    target.write_bytes(data.replace(b"Peterborough", b"Peterboro"))
    env = {**os.environ, "LEVELUP_DATA_MIRROR": str(mirror), "LEVELUP_CACHE_DIR": str(tmp_path / "raw")}
    proc = subprocess.run([sys.executable, "-m", "analysis", "data", "-q"], cwd=ROOT, env=env,
                          capture_output=True, text=True)
    assert proc.returncode == 1
    assert "checksum mismatch for eu_referendum_2016/EU-referendum-result-data.csv" in proc.stderr
    assert victim.sha256 in proc.stderr
