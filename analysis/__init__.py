"""levelling-up-compendium: every computation behind the notebooks lives in this package.

Sub-packages, in the order data flows (imports only go downstream; ``tests/test_layout.py`` checks):

- ``config``, ``errors``: paths and environment variables; the error types and the parameter checks
  (``check_choice``, ``check_range``: the runner and the studies refuse the same values alike);
- ``data``: the sources registry, checksummed fetch, one loader per dataset, geography lookups;
- ``ledger`` (claims, verdict rules, the report) and ``figures`` (house style, interactive figures);
- ``studies``: one module per analysis (and ``data_page`` for the data page), computing its tables, its
  claim rows and its figures;
- ``tooling``: the papermill runner, the incremental pipeline, the book build and the command line.

The run stamps hash the code of everything but ``tooling``: editing the command line re-runs nothing.
"""

__version__ = "0.1.0"
