# Thin wrappers: every target is one call into the package's command line (python -m analysis ...).
# The README's two commands are `make reproduce` and `make test`; both set up what they need.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: setup data run book reproduce test lock clean

setup: $(STAMP)

$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -c 'import sys; assert sys.version_info[:2] == (3, 11), "Python 3.11 is required, found " + sys.version.split()[0]'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $@

data: setup
	$(PY) -m analysis data

run: setup
	$(PY) -m analysis run

book: setup
	$(PY) -m analysis book

reproduce: setup
	$(PY) -m analysis reproduce

test: setup
	$(PY) -m analysis test

# regenerate the lock file from pyproject.toml's pins (needs the network)
lock:
	rm -rf .lockenv && $(PYTHON) -m venv .lockenv && .lockenv/bin/pip install --quiet . \
	  && (echo '# Full pinned environment for Python 3.11 (pip freeze of a working install). Regenerate with: make lock'; \
	      .lockenv/bin/pip freeze --exclude levelling-up-compendium) > requirements.lock && rm -rf .lockenv

clean:
	rm -rf _build data/processed
