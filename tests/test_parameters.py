"""Declared parameters agree with the code that uses them: what the runner lets through, the study
accepts, and what the runner refuses, the study refuses with the same words.

Each notebook's owner adds its notebook here or in its own test file; these cover 00 and 03.
"""

from pathlib import Path

import pytest

from analysis.errors import ParameterError, check_choice, check_range
from analysis.studies import lowpay
from analysis.tooling import runner

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"


def test_check_choice_and_check_range():
    check_choice("sex", "male", ("male", "female"))
    with pytest.raises(ParameterError, match=r"^parameter 'sex' = 'other' is not allowed; one of: 'male', 'female'$"):
        check_choice("sex", "other", ("male", "female"))
    check_range("cutoff", 0.05, 0.05, 0.95)
    check_range("cutoff", 1, 0, 1)
    for bad in (0.96, -1, "0.5", None, True):
        with pytest.raises(ParameterError, match=r"^parameter 'cutoff' = .* is out of range; allowed 0.05 to 0.95$"):
            check_range("cutoff", bad, 0.05, 0.95)


def test_the_data_page_has_no_parameters():
    assert runner.declared_parameters(NOTEBOOKS / "00_data.ipynb") == {}


@pytest.fixture(scope="module")
def low_pay():
    return runner.declared_parameters(NOTEBOOKS / "03_low_pay.ipynb")


def test_low_pay_declares_what_the_module_checks(low_pay):
    assert set(low_pay) == {"highlight", "threshold", "denominator"}
    assert low_pay["denominator"].choices == lowpay.DENOMINATORS
    assert (low_pay["threshold"].low, low_pay["threshold"].high) == lowpay.THRESHOLD_RANGE
    assert lowpay.parse_regions(low_pay["highlight"].default)  # the default names real regions
    assert low_pay["denominator"].default in lowpay.DENOMINATORS
    assert lowpay.THRESHOLD_RANGE[0] <= low_pay["threshold"].default <= lowpay.THRESHOLD_RANGE[1]


def _message(exc: Exception) -> str:
    """The runner prefixes the notebook's name; the rest must be the study's message."""
    return str(exc).split(": ", 1)[1] if str(exc).startswith("03_low_pay: ") else str(exc)


@pytest.mark.parametrize("name,value", [("denominator", "england"), ("threshold", 31.0), ("threshold", 9.5)])
def test_runner_and_module_refuse_alike(low_pay, name, value):
    table = lowpay.published_table()
    with pytest.raises(ParameterError) as by_runner:
        runner.validate_parameters(NOTEBOOKS / "03_low_pay.ipynb", {name: value})
    with pytest.raises(ParameterError) as by_module:
        if name == "denominator":
            lowpay.constituency_total_check(table, denominator=value)
        else:
            lowpay.highlight_above(table, value)
    assert _message(by_runner.value) == _message(by_module.value)


@pytest.mark.parametrize("params", [{"denominator": "uk"}, {"threshold": 10}, {"threshold": "30"},
                                    {"highlight": "none"}, {"highlight": "Wales, Scotland"}])
def test_what_the_runner_accepts_the_module_accepts(params):
    clean = runner.validate_parameters(NOTEBOOKS / "03_low_pay.ipynb", params)
    table = lowpay.published_table()
    lowpay.findings(table, lowpay.published_sectors(), threshold=clean.get("threshold", 20.0),
                    denominator=clean.get("denominator", "gb"))
    lowpay.parse_regions(clean.get("highlight", "none"))


def test_free_text_highlight_is_checked_by_the_module():
    """``highlight`` is free text to the runner (a list of names); the module refuses an unknown name."""
    runner.validate_parameters(NOTEBOOKS / "03_low_pay.ipynb", {"highlight": "Atlantis"})
    with pytest.raises(ParameterError, match="'highlight' = 'Atlantis' is not allowed"):
        lowpay.parse_regions("Atlantis")
