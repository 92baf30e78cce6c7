"""Parameters are declared once (each study's ``STUDY.params``) and checked once, where they enter.

Unit tests of :mod:`analysis.params` on small declarations; then, for every declared study, that its
notebook's parameters cell is the declaration's own text, that every default is allowed, and that the
command line refuses each value outside what is declared with a message naming the notebook, the
parameter and what is allowed.
"""

from pathlib import Path

import nbformat
import pytest

from analysis.errors import ParameterError
from analysis.params import CELL_HEAD, Param, ParamSet
from analysis.studies import registry
from analysis.tooling import runner

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"


def _set() -> ParamSet:
    return ParamSet(Param("sex", "male", "sex", choices=("male", "female")),
                    Param("cutoff", 0.3, "the cut-off", range=(0.05, 0.95)),
                    Param("n", 10, "how many", range=(0, 20)),
                    Param("strict", False, "strictly", choices=(False, True)),
                    Param("names", "a, b", "names", parse=lambda t: tuple(x.strip() for x in t.split(",")),
                          accepts="names, comma-separated"), owner="01_toy")


# ------------------------------------------------------------------ unit tests


def test_defaults_and_overrides_are_checked_and_typed():
    p = _set().check(cutoff=1 / 2)
    assert (p.sex, p.cutoff, p.n, p.strict, p.names) == ("male", 0.5, 10, False, ("a", "b"))
    assert p.as_given["names"] == "a, b" and p.changed() == {"cutoff": 0.5}
    assert p.replace(sex="female").sex == "female" and p.sex == "male"
    with pytest.raises(AttributeError, match="immutable"):
        p.sex = "female"


@pytest.mark.parametrize("values, message", [
    ({"sex": "other"}, r"^01_toy: parameter 'sex' = 'other' is not allowed; one of: 'male', 'female'$"),
    ({"cutoff": 0.96}, r"^01_toy: parameter 'cutoff' = 0.96 is out of range; allowed 0.05 to 0.95$"),
    ({"cutoff": "0.5"}, r"^01_toy: parameter 'cutoff' = '0.5' must be a float like its default 0.3"),
    ({"n": 2.5}, r"^01_toy: parameter 'n' = 2.5 must be a int like its default 10"),
    ({"n": True}, r"must be a int"),
    ({"strict": 1}, r"^01_toy: parameter 'strict' = 1 must be a bool"),
    ({"nosuch": 1}, r"^01_toy: unknown parameter 'nosuch'\. Allowed parameters: sex \(default 'male', one of"),
])
def test_a_value_outside_the_declaration_stops_naming_it(values, message):
    with pytest.raises(ParameterError, match=message):
        _set().check(values)


def test_command_line_text_is_read_as_the_defaults_type():
    p = _set().parse({"cutoff": "0.25", "n": "3", "strict": "True", "names": "x"})
    assert (p.cutoff, p.n, p.strict, p.names) == (0.25, 3, True, ("x",))
    with pytest.raises(ParameterError, match="'n' = 'three' must be a int"):
        _set().parse({"n": "three"})


def test_a_declaration_refuses_a_default_it_does_not_allow():
    with pytest.raises(ParameterError, match="the declaration: parameter 'x' = 5 is out of range"):
        Param("x", 5, "x", range=(0, 1))
    with pytest.raises(ValueError, match="duplicate"):
        ParamSet(Param("x", 1, "x"), Param("x", 2, "x"))


def test_the_notebook_namespace_is_checked_and_unknown_names_refused():
    s = _set()
    ns = {"sex": "female", "cutoff": 0.3, "n": 10, "strict": False, "names": "a",
          "In": ["import x", s.cell(), "# Parameters\ncutoff = 0.4\n"]}
    assert s.from_namespace(ns).sex == "female"
    injected = dict(ns, In=[s.cell(), "# Parameters\nnosuch = 1\n"])
    with pytest.raises(ParameterError, match="unknown parameter 'nosuch'"):
        s.from_namespace(injected)
    with pytest.raises(ParameterError, match=r"does not set \['strict'\]"):
        s.from_namespace({k: v for k, v in ns.items() if k != "strict"})


# ------------------------------------------------------------------ every declared study

STUDIES = registry.studies()


def _parameters_cell(stem: str) -> str:
    nb = nbformat.read(NOTEBOOKS / f"{stem}.ipynb", as_version=4)
    cells = [c for c in nb.cells if "parameters" in c.get("metadata", {}).get("tags", [])]
    assert len(cells) == 1, f"{stem}: expected one cell tagged parameters, found {len(cells)}"
    return cells[0].source


@pytest.mark.parametrize("study", STUDIES, ids=lambda s: s.id)
def test_the_notebooks_parameters_cell_is_the_declaration(study):
    source = _parameters_cell(study.notebook)
    assert source.startswith(CELL_HEAD)
    assert source == study.params.cell(), f"{study.notebook}: parameters cell differs from STUDY.params.cell()"


@pytest.mark.parametrize("study", STUDIES, ids=lambda s: s.id)
def test_the_command_line_refuses_what_the_declaration_refuses(study):
    path = NOTEBOOKS / f"{study.notebook}.ipynb"
    assert runner.validate_parameters(path, {}) == {}
    with pytest.raises(ParameterError, match=rf"^{study.notebook}: unknown parameter 'nosuch'"):
        runner.validate_parameters(path, {"nosuch": "1"})
    for p in study.params:
        if p.choices:
            bad = "not-a-choice" if p.kind is str else "12345"
            with pytest.raises(ParameterError, match=rf"^{study.notebook}: parameter '{p.name}'"):
                runner.validate_parameters(path, {p.name: bad})
            for choice in p.choices:
                assert runner.validate_parameters(path, {p.name: str(choice)}) == {p.name: choice}
        if p.range:
            above = p.range[1] + (1 if p.kind is int else 0.5)
            with pytest.raises(ParameterError, match=rf"is out of range; allowed {p.range[0]:g} to {p.range[1]:g}$"):
                runner.validate_parameters(path, {p.name: str(above)})


PAGES = sorted(p.stem for p in NOTEBOOKS.glob("*.ipynb") if registry.for_notebook(p.stem) is None)


@pytest.mark.parametrize("stem", PAGES)
def test_a_page_that_is_no_study_takes_no_parameters(stem):
    with pytest.raises(ParameterError, match=rf"^{stem} has no parameters"):
        runner.validate_parameters(NOTEBOOKS / f"{stem}.ipynb", {"x": "1"})
    nb = nbformat.read(NOTEBOOKS / f"{stem}.ipynb", as_version=4)
    assert not [c for c in nb.cells if "parameters" in c.get("metadata", {}).get("tags", [])], \
        f"{stem} has a parameters cell but no study declares them"
