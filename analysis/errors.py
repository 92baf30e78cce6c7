"""Errors that stop a run with a message a researcher can act on."""


class CompendiumError(Exception):
    """Base class: the message says what was expected and how to fix it."""


class DataError(CompendiumError):
    """A raw file is missing, corrupt, or not shaped as the loader expects."""


class ChecksumError(DataError):
    """A file's sha256 does not match the registry."""


class ParameterError(CompendiumError):
    """A notebook parameter is unknown or has a value that is not allowed."""


class NotebookError(CompendiumError):
    """A notebook failed during execution."""
