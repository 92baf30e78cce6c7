"""A toy study, written into a temporary folder the way a new study is added to the compendium: its
folder (declaration, compute, claims) and its notebook. ``make(tmp_path)`` writes it and returns the
notebook and the study as the registry finds it; the tests point the runner at it."""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat

from analysis.studies import registry

PACKAGE = "toy_studies"

INIT = '''"""A toy: k times scale, against a published 2."""
from analysis.params import Param, ParamSet
from analysis.studies.study import Study

STUDY = Study(
    id="toy", title="A toy study", notebook="01_toy", package=__name__,
    question="Is k times the scale two?",
    params=ParamSet(Param("k", 2, "the number k", choices=(1, 2, 3)),
                    Param("scale", 1.0, "the scale", range=(0.0, 10.0))),
)
'''
COMPUTE = '''def load():
    return {"two": 2}


def run(inputs, params):
    return {"params": params, "value": params.k * params.scale, "two": inputs["two"]}
'''
CLAIMS = '''from analysis.ledger import claims
from analysis.ledger.claims import Claim
from analysis.ledger.documents import Document
from toy_studies.toy import STUDY

TOY = Document("toy2026", "A toy document (2026)")
CLAIMS = (Claim("toy_k2", TOY, "cell 2", "k times the scale is two", 2.0, "coefficient"),
          Claim("toy_fixed", TOY, "cell 2", "one is one", 1, "count"))


def ledger(result):
    return claims.rows_for(CLAIMS, STUDY.id, "notebooks/01_toy", {"toy_k2": result["value"], "toy_fixed": 1})
'''
#: the notebook: its parameters cell, the check, the finding in words, the ledger and a figure
CELLS = [
    ("markdown", "# A toy study\n\n## The toy's finding"),
    ("parameters", None),
    ("code", "from analysis.ledger import claims\nfrom toy_studies.toy import STUDY\n\n"
             "params = STUDY.from_namespace(globals())\nres = STUDY.run(STUDY.load(), params)\n"
             "claims.write(STUDY.ledger(res), analysis=STUDY.id)"),
    ("code", "import matplotlib.pyplot as plt\nplt.plot([1, 2, 3], [params.k, 1, params.k])\nplt.show()"),
]


def make(tmp_path: Path) -> tuple[Path, object]:
    """Write the toy study and its notebook under ``tmp_path``; return (notebook path, study)."""
    folder = tmp_path / PACKAGE / "toy"
    folder.mkdir(parents=True)
    (tmp_path / PACKAGE / "__init__.py").write_text("")
    for name, text in (("__init__.py", INIT), ("compute.py", COMPUTE), ("claims.py", CLAIMS)):
        (folder / name).write_text(text)
    for mod in [m for m in sys.modules if m == PACKAGE or m.startswith(PACKAGE + ".")]:
        del sys.modules[mod]  # a fresh toy for each test
    if str(tmp_path) not in sys.path:
        sys.path.insert(0, str(tmp_path))
    study = registry.discover(tmp_path / PACKAGE, PACKAGE)["toy"]
    nb = nbformat.v4.new_notebook()
    for kind, source in CELLS:
        if kind == "parameters":
            cell = nbformat.v4.new_code_cell(study.params.cell())
            cell.metadata["tags"] = ["parameters"]
        elif kind == "markdown":
            cell = nbformat.v4.new_markdown_cell(source)
        else:
            cell = nbformat.v4.new_code_cell(source)
        nb.cells.append(cell)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    path = tmp_path / f"{study.notebook}.ipynb"
    nbformat.write(nb, path)
    return path, study


import pytest  # noqa: E402


@pytest.fixture
def toy(tmp_path, monkeypatch):
    """The toy study written under ``tmp_path``, and the runner pointed at it: (notebook path, study)."""
    from analysis.tooling import runner

    path, study = make(tmp_path)
    found = runner.study_for
    monkeypatch.setattr(runner, "study_for", lambda p: study if Path(p).stem == study.notebook else found(p))
    return path, study
