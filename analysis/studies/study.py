"""A study's declaration, :class:`Study`: its id, title, notebook and parameters, and the way to its
modules. Each study's ``__init__.py`` declares ``STUDY = Study(...)``; :mod:`analysis.studies.registry`
finds them all."""

from __future__ import annotations

import importlib
import importlib.util
import re
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any, Mapping

from analysis.errors import CompendiumError
from analysis.params import Params, ParamSet


@dataclass(frozen=True)
class Study:
    """A study's declaration: what it is called, where its page is and what it may be asked."""

    id: str
    title: str
    notebook: str
    params: ParamSet = field(default_factory=ParamSet)
    #: one plain sentence: what the study asks
    question: str = ""
    #: the import path of the study's folder: ``package=__name__`` in its ``__init__.py``
    package: str = ""

    def __post_init__(self):
        if not re.fullmatch(r"[a-z][a-z0-9_]*", self.id):
            raise ValueError(f"study id {self.id!r} must be lower-case letters, digits and _")
        if not re.fullmatch(r"\d\d_[a-z0-9_]+", self.notebook):
            raise ValueError(f"study {self.id!r}: notebook {self.notebook!r} must be a stem like '01_name'")
        self.params.owner = self.notebook

    # ----------------------------------------------------------------------------------------
    # parameters: checked once, where they enter

    def check(self, values: Mapping[str, Any] | None = None, **more: Any) -> Params:
        return self.params.check(values, **more)

    def from_namespace(self, namespace: Mapping[str, Any]) -> Params:
        """The checked parameters of a notebook run (the cell after the ``parameters`` cell calls this
        with ``globals()``)."""
        return self.params.from_namespace(namespace)

    # ----------------------------------------------------------------------------------------
    # the study's modules

    def module(self, name: str) -> ModuleType:
        """One of the study's modules (``compute``, ``claims``, ``page``, ``robustness``)."""
        if not self.package:
            raise CompendiumError(f"study {self.id!r} declares no package: give package=__name__ in its __init__.py")
        return importlib.import_module(f"{self.package}.{name}")

    def has(self, name: str) -> bool:
        return importlib.util.find_spec(f"{self.package}.{name}") is not None

    def load(self):
        return self.module("compute").load()

    def run(self, inputs, params: Params):
        return self.module("compute").run(inputs, params)

    def ledger(self, result):
        """The study's ledger rows for a result (its ``claims.ledger``)."""
        return self.module("claims").ledger(result)

    @property
    def claims(self) -> tuple:
        """The published figures the study tests (its ``claims.CLAIMS``)."""
        return tuple(self.module("claims").CLAIMS) if self.has("claims") else ()

    @property
    def conclusions(self) -> tuple:
        """The conclusions the robustness page tests (its ``robustness.CONCLUSIONS``)."""
        return tuple(self.module("robustness").CONCLUSIONS) if self.has("robustness") else ()
