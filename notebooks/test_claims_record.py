"""After nbval has re-executed the notebooks (they sort before this file), the claims they wrote
must equal the committed record in results/: a stale results/claims.csv fails here.

This file lives beside the notebooks so that pytest runs it after them, in the same process.
"""

import os
from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parent.parent
FRESH = Path(os.environ.get("LEVELUP_OUTPUT_DIR", "")) / "claims"
PARTS = sorted((ROOT / "results" / "claims").glob("*.csv"))


def test_combined_ledger_is_the_union_of_its_parts():
    combined = pd.read_csv(ROOT / "results" / "claims.csv", dtype=str, keep_default_na=False)
    parts = [pd.read_csv(p, dtype=str, keep_default_na=False) for p in PARTS]
    expected = pd.concat(parts, ignore_index=True) if parts else combined.iloc[:0]
    pd.testing.assert_frame_equal(combined.reset_index(drop=True), expected.reset_index(drop=True))


@pytest.mark.parametrize("part", PARTS, ids=lambda p: p.stem)
def test_committed_claims_equal_a_fresh_run(part, request):
    from analysis.studies import registry

    fresh = FRESH / part.name
    if not fresh.exists():
        notebook = f"notebooks/{registry.get(part.stem).notebook}.ipynb"
        if any(item.nodeid.startswith(f"{notebook}::") for item in request.session.items):
            pytest.fail(f"{notebook} is in this test run but wrote no claims to {FRESH}: it ran in another "
                        "process (the test workers must run the notebooks' folder whole: see conftest.py)")
        pytest.skip("the notebooks were not re-executed in this session (run the whole suite)")
    assert fresh.read_text() == part.read_text(), f"results/claims/{part.name} is stale: run `python -m analysis run`"
