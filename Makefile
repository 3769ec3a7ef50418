# The two commands a newcomer needs (see README):
#   make build   installs what is needed and builds dist/
#   make test    installs what is needed (Chromium too), builds, and runs the whole test suite
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python

.PHONY: build test deps chromium clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

node_modules/.installed: package-lock.json
	npm ci --no-audit --no-fund
	touch $@

# Browser tests drive Debian's Chromium (test tools cannot download browsers here).
chromium:
	@command -v chromium >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium)

deps: $(VENV)/.installed node_modules/.installed

build: deps
	$(PY) build.py --all

test: build chromium
	$(PY) -m pytest

clean:
	rm -rf build dist $(VENV) node_modules
