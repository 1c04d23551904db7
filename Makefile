# The two commands a new user needs: `make site` and `make test`.
# Each sets up everything itself: system packages where it can, .venv, the package.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

NODE_STAMP := node_modules/.installed

.PHONY: site test validate check clean system-deps serve benchmark

site: $(STAMP)
	$(BIN)/briefings build

check: $(STAMP)
	$(BIN)/briefings check

test: $(STAMP) system-deps-test $(NODE_STAMP)
	$(BIN)/python -m pytest -n 2 --dist loadgroup

# The validators a public body runs (pa11y-ci, the Nu HTML Checker, PDF structure checks)
# over every page and every PDF of the default site. CI runs it after `make test`. Two
# workers share one build of the default site (tests/conftest.py) and keep both cores busy.
validate: $(STAMP) system-deps-test $(NODE_STAMP)
	$(BIN)/python -m pytest -m validators -n 2

serve: $(STAMP)
	$(BIN)/briefings serve

benchmark: $(STAMP)
	$(BIN)/python benchmarks/run.py

system-deps:
	@bash scripts/system-deps.sh

system-deps-test:
	@bash scripts/system-deps.sh --test

$(STAMP): pyproject.toml
	@bash scripts/system-deps.sh
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

# pa11y-ci and the Nu HTML Checker, at the versions in package-lock.json. No install
# scripts: they would download a browser and a Java runtime; we use the system's.
$(NODE_STAMP): package.json package-lock.json
	PUPPETEER_SKIP_DOWNLOAD=1 npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
	touch $(NODE_STAMP)

clean:
	rm -rf $(VENV) site .briefings-cache node_modules
