"""The pages that read every study: the data page, the robustness page and "your area". They find the
studies through :mod:`analysis.studies.registry` and name none of them."""
