"""levelling-up-compendium: every computation behind the notebooks lives in this package.

The flow of data is one-directional, one module per arrow:
registry (data/sources.yml) -> fetch (checksum, cache) -> loaders (parse once, validate schema)
-> geography (explicit lookups, reconciliation reports) -> analysis modules (pure functions)
-> notebooks (parameters, narrative, figures, glue) -> runner (papermill) -> book.
"""

__version__ = "0.1.0"
