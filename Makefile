# Thin wrappers: each target is one call into the package's command line (python -m analysis ...), or into
# Jupyter for `kernel` and `lab`. The README's two commands are `make reproduce` and `make test`; both set up what they need.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
# JupyterLab: the project's kernel, its port (make lab PORT=8899) and any further options (LAB_ARGS=...)
KERNEL    := levelling-up-compendium
PORT      ?= 8888
LAB_ARGS  ?=
CACHE_DIR := $(or $(LEVELUP_CACHE_DIR),$(CURDIR)/data/raw)
# jupyter refuses root unless told; containers (Binder, CI) often run as root
AS_ROOT   := $(if $(filter 0,$(shell id -u)),--allow-root)

.PHONY: setup data run book reproduce test lab kernel lock clean

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

# the project's kernel, inside the venv: this checkout's package and caches, whatever the working directory
kernel: setup
	$(PY) -m ipykernel install --sys-prefix --name $(KERNEL) --display-name "Python ($(KERNEL))" \
	  --env PYTHONPATH "$(CURDIR)" --env LEVELUP_CACHE_DIR "$(CACHE_DIR)"

# JupyterLab on the project (no browser; open the URL it prints); notebooks run with the project's kernel
lab: kernel
	cd "$(CURDIR)" && PYTHONPATH="$(CURDIR)" LEVELUP_CACHE_DIR="$(CACHE_DIR)" $(VENV)/bin/jupyter lab \
	  --no-browser --ServerApp.ip=127.0.0.1 --ServerApp.port=$(PORT) --ServerApp.port_retries=0 \
	  --ServerApp.root_dir="$(CURDIR)" --MappingKernelManager.default_kernel_name=$(KERNEL) $(AS_ROOT) $(LAB_ARGS)

# regenerate the lock file from pyproject.toml's pins (needs the network)
lock:
	rm -rf .lockenv && $(PYTHON) -m venv .lockenv && .lockenv/bin/pip install --quiet . \
	  && (echo '# Full pinned environment for Python 3.11 (pip freeze of a working install). Regenerate with: make lock'; \
	      .lockenv/bin/pip freeze --exclude levelling-up-compendium) > requirements.lock && rm -rf .lockenv

clean:
	rm -rf _build data/processed
