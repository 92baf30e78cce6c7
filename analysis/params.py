"""A study's parameters: declared once, checked once, where they enter.

A study declares its parameters as a :class:`ParamSet` of :class:`Param` (default, the allowed values
or range, a plain label for readers and a note for researchers). Whatever runs the study builds the
checked :class:`Params` from it, and nothing downstream checks a value again:

- the command line (``python -m analysis run NOTEBOOK -p NAME VALUE``) through :meth:`ParamSet.parse`,
  which reads each value from its text, then :meth:`ParamSet.check`;
- the notebook itself, in the cell after its ``parameters`` cell, through
  :meth:`ParamSet.from_namespace`, so a run straight through papermill or JupyterLab refuses exactly
  what the command line refuses, with the same message, before anything is computed.

The ``parameters`` cell of the notebook is :meth:`ParamSet.cell` (a test holds the stored notebook to
it), so the notebook shows what the declaration says and never says anything else.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Callable

import yaml

from analysis.errors import ParameterError

#: how a parameters cell starts: the notebook's own (:meth:`ParamSet.cell`) and the one papermill injects
CELL_MARK = "# Parameters"
CELL_HEAD = f"{CELL_MARK} of this page (each is checked in the next cell; allowed values after the #)"


def _assigned(source: str) -> set[str]:
    """The names a cell assigns at its top level (a cell that is not plain Python assigns none)."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return set()
    names = set()
    for node in tree.body:
        targets = node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(
            node, (ast.AnnAssign, ast.AugAssign)) else []
        names |= {t.id for t in targets if isinstance(t, ast.Name)}
    return names


def _show(value: Any) -> str:
    return repr(value)


@dataclass(frozen=True)
class Param:
    """One parameter: its default, what it may be, and what it means.

    ``choices`` lists the allowed values; ``range`` an inclusive numeric range; ``parse`` turns free
    text into the value the study uses (e.g. a tuple of region names), raising :class:`ParameterError`
    for text it refuses, and ``accepts`` says in words what the text may be. ``label`` says what the parameter is in plain words (for readers of the book),
    ``labels`` what each choice means, and ``note`` what the choice does (for researchers; it is the
    comment in the notebook's parameters cell).
    """

    name: str
    default: Any
    label: str
    choices: tuple = ()
    range: tuple[float, float] | None = None
    labels: Mapping[Any, str] = field(default_factory=dict)
    parse: Callable[[Any], Any] | None = field(default=None, compare=False)
    #: for free text: what the text may be, in words (e.g. "region names, comma-separated, or none")
    accepts: str = ""
    note: str = ""

    def __post_init__(self):
        if not self.name.isidentifier():
            raise ValueError(f"parameter name {self.name!r} is not a Python name")
        if self.choices and self.range:
            raise ValueError(f"parameter {self.name!r}: give choices or a range, not both")
        if unknown := set(self.labels) - set(self.choices):
            raise ValueError(f"parameter {self.name!r}: labels for values that are not choices: {sorted(map(str, unknown))}")
        self.check(self.default, "the declaration")  # a default must be allowed

    @property
    def kind(self) -> type:
        return type(self.default)

    def allowed(self) -> str:
        """What the parameter may be, in the words the error messages and the parameters cell use."""
        if self.choices:
            return "one of: " + ", ".join(map(_show, self.choices))
        if self.range:
            return f"range: {self.range[0]:g} to {self.range[1]:g}"
        return self.accepts or "free text"

    def check(self, value: Any, where: str) -> Any:
        """The checked value, or :class:`ParameterError` naming ``where``, the parameter and what is allowed."""
        prefix = f"{where}: parameter {self.name!r}"
        kind = self.kind
        if kind is bool:
            ok = isinstance(value, bool)
        elif kind is int:
            ok = isinstance(value, int) and not isinstance(value, bool)
        elif kind is float:
            ok = isinstance(value, (int, float)) and not isinstance(value, bool)
        else:
            ok = isinstance(value, kind)
        if not ok:
            raise ParameterError(f"{prefix} = {value!r} must be a {kind.__name__} like its default "
                                 f"{self.default!r}; {self.allowed()}")
        if self.choices and value not in self.choices:
            raise ParameterError(f"{prefix} = {value!r} is not allowed; {self.allowed()}")
        if self.range and not self.range[0] <= value <= self.range[1]:
            raise ParameterError(f"{prefix} = {value!r} is out of range; allowed {self.range[0]:g} to "
                                 f"{self.range[1]:g}")
        if kind is float:
            value = float(value)
        if self.parse is not None:
            try:
                return self.parse(value)
            except ParameterError as exc:
                raise ParameterError(f"{prefix} = {value!r}: {exc}") from None
        return value

    def read(self, text: str) -> Any:
        """A value typed on the command line, read as the default's type (``0.3``, ``True``, ``2019``)."""
        if not isinstance(text, str) or self.kind is str:
            return text
        try:
            value = yaml.safe_load(text)
        except yaml.YAMLError:
            return text
        return value

    def value_label(self, value: Any) -> str:
        """The plain words for a value of this parameter (its choice label, else the value itself)."""
        return self.labels.get(value, value if isinstance(value, str) else _show(value))

    def cell_line(self) -> str:
        """The parameter's line in the notebook's parameters cell."""
        comment = "; ".join(x for x in (self.note or self.label, self.allowed()) if x)
        return f"{self.name} = {self.default!r}  # {comment}"


class ParamSet:
    """A study's parameters, in order, with the one check every entry point uses."""

    def __init__(self, *params: Param, owner: str = ""):
        names = [p.name for p in params]
        if len(set(names)) != len(names):
            raise ValueError(f"duplicate parameter names in {names}")
        self._params = {p.name: p for p in params}
        self.owner = owner  # what the error messages name (the notebook), set by the study

    def __iter__(self) -> Iterator[Param]:
        return iter(self._params.values())

    def __len__(self) -> int:
        return len(self._params)

    def __getitem__(self, name: str) -> Param:
        return self._params[name]

    def __contains__(self, name: object) -> bool:
        return name in self._params

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(self._params)

    def defaults(self) -> Params:
        return self.check()

    def _unknown(self, name: str) -> ParameterError:
        allowed = "; ".join(f"{p.name} (default {p.default!r}, {p.allowed()})" for p in self) or "none"
        return ParameterError(f"{self.owner}: unknown parameter {name!r}. Allowed parameters: {allowed}")

    def check(self, values: Mapping[str, Any] | None = None, **more: Any) -> Params:
        """The checked parameters: the defaults, overridden by ``values``; any unknown name or value
        that is not allowed stops with :class:`ParameterError`."""
        given = {**(values or {}), **more}
        for name in given:
            if name not in self._params:
                raise self._unknown(name)
        given = {p.name: given.get(p.name, p.default) for p in self}
        return Params(self, {n: self._params[n].check(v, self.owner) for n, v in given.items()}, given)

    def parse(self, texts: Mapping[str, str]) -> Params:
        """The checked parameters from values typed on the command line (each read as its default's type)."""
        for name in texts:
            if name not in self._params:
                raise self._unknown(name)
        return self.check({name: self._params[name].read(text) for name, text in texts.items()})

    def from_namespace(self, namespace: Mapping[str, Any]) -> Params:
        """The checked parameters of a notebook run, from its namespace (``globals()``) after the
        ``parameters`` cell and any cell papermill injected after it.

        Every declared name is read from the namespace. A name that such a cell sets but the study does
        not declare (``papermill -p nosuch 1``, or a stray line in the parameters cell) is refused as
        unknown: the cells are found in IPython's input history (``In``) by their first line,
        ``# Parameters``, which both the notebook's own cell (:meth:`cell`) and papermill's start with.
        """
        missing = [n for n in self._params if n not in namespace]
        if missing:
            raise ParameterError(f"{self.owner}: the parameters cell does not set {missing}; it must set "
                                 f"{list(self._params)}")
        history = [c for c in namespace.get("In", ()) if isinstance(c, str) and c.lstrip().startswith(CELL_MARK)]
        for name in sorted(set().union(set(), *map(_assigned, history)) - set(self._params)):
            raise self._unknown(name)
        return self.check({n: namespace[n] for n in self._params})

    def cell(self) -> str:
        """The text of the notebook's ``parameters`` cell."""
        return "\n".join([CELL_HEAD, *(p.cell_line() for p in self)])


class Params(Mapping):
    """Checked parameter values: read as ``params.sex`` or ``params["sex"]``; immutable. A free-text
    parameter reads as the value its ``parse`` made of the text (``as_given`` keeps the text)."""

    __slots__ = ("_spec", "_values", "_given")

    def __init__(self, spec: ParamSet, values: dict[str, Any], given: dict[str, Any]):
        object.__setattr__(self, "_spec", spec)
        object.__setattr__(self, "_values", dict(values))
        object.__setattr__(self, "_given", dict(given))

    def __getattr__(self, name: str) -> Any:
        try:
            return self._values[name]
        except KeyError:
            raise AttributeError(name) from None

    def __setattr__(self, name, value):
        raise AttributeError("Params are immutable: use .replace(name=value)")

    def __getitem__(self, name: str) -> Any:
        return self._values[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def __repr__(self) -> str:
        return "Params(" + ", ".join(f"{k}={v!r}" for k, v in self._values.items()) + ")"

    def __hash__(self) -> int:
        return hash(tuple((k, repr(v)) for k, v in self._given.items()))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Params) and self._given == other._given

    @property
    def spec(self) -> ParamSet:
        return self._spec

    @property
    def as_given(self) -> dict[str, Any]:
        """The values as they were given (a free-text parameter as its text), e.g. to run again."""
        return dict(self._given)

    def replace(self, **changes: Any) -> Params:
        """These parameters with some changed (the changes are checked)."""
        return self._spec.check({**self._given, **changes})

    def changed(self) -> dict[str, Any]:
        """The parameters that differ from their defaults, as given."""
        return {k: v for k, v in self._given.items() if v != self._spec[k].default}

    def label(self, name: str) -> str:
        """The plain words for the current value of ``name``."""
        return self._spec[name].value_label(self._given[name])
