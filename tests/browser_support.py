"""Headless Chromium for the browser test of the built book.

The browser is Debian's ``chromium`` package (Playwright cannot download its own browser here, and
does not need to: it drives the system one through ``executable_path``). :func:`ensure_chromium`
returns its path, installing it with apt when it is missing and we are root (as on a fresh CI
machine); otherwise it stops with a message saying how to install it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from analysis.errors import CompendiumError

CHROMIUM = Path("/usr/bin/chromium")
#: flags known to work on these machines (no GPU, no sandbox as root, no background traffic)
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def _find() -> Path | None:
    if CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK):
        return CHROMIUM
    found = shutil.which("chromium")
    return Path(found) if found else None


def ensure_chromium(install: bool = True) -> Path:
    """The system Chromium; installed with ``apt-get`` when missing and running as root."""
    found = _find()
    if found:
        return found
    is_root = hasattr(os, "geteuid") and os.geteuid() == 0
    if install and is_root and shutil.which("apt-get"):
        print("Chromium is missing: installing Debian's chromium with apt-get (a minute or two) ...",
              file=sys.stderr, flush=True)
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        for cmd in (["apt-get", "update"], ["apt-get", "install", "-y", "chromium"]):
            proc = subprocess.run(cmd, env=env, capture_output=True, text=True)
            if proc.returncode != 0:
                raise CompendiumError(f"could not install Chromium: `{' '.join(cmd)}` failed "
                                      f"(exit {proc.returncode}):\n{proc.stderr[-2000:]}")
        found = _find()
        if found:
            return found
    raise CompendiumError(
        "the browser test needs Debian's Chromium at /usr/bin/chromium, and it is not installed. "
        "Install it with: sudo apt-get update && sudo apt-get install -y chromium")
