"""Errors that stop a run with a message a researcher can act on."""


class CompendiumError(Exception):
    """Base class: the message says what was expected and how to fix it."""


class DataError(CompendiumError, ValueError):
    """A raw file is missing, corrupt, or not shaped as the loader expects."""


class ChecksumError(DataError):
    """A file's sha256 does not match the registry."""


class ParameterError(CompendiumError, ValueError):
    """A notebook parameter is unknown or has a value that is not allowed."""


class NotebookError(CompendiumError):
    """A notebook failed during execution."""


def check_choice(name: str, value, allowed) -> None:
    """Stop with a message naming the parameter, its value and the allowed values."""
    if value not in allowed:
        raise ParameterError(f"parameter {name!r} = {value!r} is not allowed; one of: {', '.join(map(repr, allowed))}")


def check_range(name: str, value, low: float, high: float) -> None:
    """Stop with a message naming the parameter, its value and the allowed range (inclusive)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not low <= value <= high:
        raise ParameterError(f"parameter {name!r} = {value!r} is out of range; allowed {low:g} to {high:g}")


class SweepError(CompendiumError):
    """Some runs of a sweep failed; the finished ones are kept (``summary``) and ``failed`` says why each
    other one did not finish (its run's folder name -> the reason)."""

    def __init__(self, message: str, failed: dict[str, str], summary=None):
        super().__init__(message)
        self.failed = failed
        self.summary = summary
