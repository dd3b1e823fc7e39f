# chainrule: one entry point. `make site` and `make test` are the two commands of the README.
# Everything runs from a virtual environment inside the checkout (.venv), created on demand.

PY      ?= .venv/bin/python
PYTHON3 ?= python3
VENV_STAMP := .venv/.installed-stamp

.PHONY: setup test lint format unit bench clean

## setup: create .venv and install the package with its docs and test extras
setup: $(VENV_STAMP)

$(VENV_STAMP): pyproject.toml
	$(PYTHON3) -m venv .venv
	.venv/bin/pip install --quiet --upgrade pip
	.venv/bin/pip install --quiet -e '.[docs,test]'
	touch $@

## lint: ruff, as configured in pyproject.toml
lint: setup
	$(PY) -m ruff check .
	$(PY) -m ruff format --check src tests benchmarks

## format: apply ruff's formatting
format: setup
	$(PY) -m ruff format src tests benchmarks

## unit: the engine's unit tests only (fast)
unit: setup
	$(PY) -m pytest tests/engine

## test: everything CI checks: lint, the strict site build, the whole test suite
test: setup lint
	$(PY) -m pytest

clean:
	rm -rf _build .pytest_cache .hypothesis

# ---- site (docs) targets below ----
