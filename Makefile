# Two entry points: `make deck` (install and build) and `make test` (install, lint, test).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: deck test lint install dev clean

deck: $(VENV)/.installed
	$(BIN)/cards build

test: $(VENV)/.dev-installed lint
	$(BIN)/pytest

lint: $(VENV)/.dev-installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

install: $(VENV)/.installed

dev: $(VENV)/.dev-installed

$(BIN)/python:
	$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "cards needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.dev-installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(VENV)/.installed $@

clean:
	rm -rf $(VENV) output/*.apkg .pytest_cache .mypy_cache .ruff_cache
