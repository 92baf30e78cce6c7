"""Running the compendium: the papermill runner, the incremental pipeline, the book build, the command line.

Nothing here changes a result, so the run stamps do not hash this package."""
