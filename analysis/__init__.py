"""levelling-up-compendium: every computation behind the notebooks lives in this package.

Sub-packages, in the order data flows (imports only go downstream; ``tests/test_layout.py`` checks):

- ``config``, ``errors``, ``params``: paths and environment variables; the error types; a study's
  parameters, declared once and checked once where they enter (command line, notebook, robustness grid);
- ``data``: the sources registry, checksummed fetch, one loader per dataset, geography lookups;
- ``ledger`` (declared claims and conclusions, verdict rules, the report) and ``figures`` (house style,
  interactive figures);
- ``studies``: one folder per study, each of one shape (``STUDY`` declaration, ``compute``, ``claims``,
  ``page``, ``robustness``), found by ``studies.registry``;
- ``pages``: the pages that gather every study (data, robustness, your area);
- ``tooling``: the papermill runner, the incremental pipeline, the book build and the command line.

The run stamps hash the code of everything but ``tooling``: editing the command line re-runs nothing.
"""

__version__ = "0.1.0"
