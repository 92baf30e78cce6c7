"""The pinned environment is consistent: pyproject pins = lock file = environment.yml."""

import re
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def _lock():
    pins = {}
    for line in (ROOT / "requirements.lock").read_text().splitlines():
        if line and not line.startswith("#"):
            name, version = line.split("==")
            pins[re.sub(r"[-_.]+", "-", name).lower()] = version
    return pins


def test_direct_dependencies_are_pinned_and_locked():
    deps = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    lock = _lock()
    for d in deps:
        name, version = d.split("==")
        key = re.sub(r"[-_.]+", "-", name).lower()
        assert lock.get(key) == version, f"{name}: pyproject {version}, lock {lock.get(key)}"
    assert lock["jupyter-book"] == "1.0.4.post1"


def test_environment_yml_uses_the_lock_file():
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    assert "python=3.11" in env["dependencies"]
    pip = next(d for d in env["dependencies"] if isinstance(d, dict))["pip"]
    assert "-r requirements.lock" in pip


def test_the_workbench_is_in_the_pinned_environment():
    deps = {d.split("==")[0] for d in tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]}
    lock = _lock()
    for name in ("jupyterlab", "nbconvert", "seaborn"):
        assert name in deps and name in lock, f"{name} must be pinned in pyproject.toml and locked"
    for transitive in ("jupyter-server", "jupyterlab-server", "mistune", "bleach"):
        assert transitive in lock, f"{transitive} (needed by JupyterLab/nbconvert) is missing from the lock"
