# The two commands a new user needs: `make site` and `make test`.
# Each sets up everything itself: system packages where it can, .venv, the package.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: site test check clean system-deps serve benchmark

site: $(STAMP)
	$(BIN)/briefings build

check: $(STAMP)
	$(BIN)/briefings check

test: $(STAMP) system-deps-test
	$(BIN)/python -m pytest -n 2 --dist loadgroup

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

clean:
	rm -rf $(VENV) site .briefings-cache
