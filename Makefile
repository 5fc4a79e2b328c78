# Two entry points: `make deck` (install and build) and `make test` (install, lint, test).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
CHROMIUM := /usr/bin/chromium
SUDO := $(shell [ "$$(id -u)" -eq 0 ] || echo sudo)

.PHONY: deck test lint install dev chromium clean

deck: $(VENV)/.installed
	$(BIN)/cards build

test: $(VENV)/.dev-installed $(CHROMIUM) lint
	$(BIN)/pytest

lint: $(VENV)/.dev-installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

install: $(VENV)/.installed

dev: $(VENV)/.dev-installed

chromium: $(CHROMIUM)

# The preview's browser test drives Debian's chromium (Playwright downloads no browser).
# Without apt-get, install chromium yourself; until then that test is skipped (not on CI).
$(CHROMIUM):
	@if command -v apt-get >/dev/null; then \
	  echo "Installing chromium for the browser test (apt-get)"; \
	  $(SUDO) apt-get update -qq && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive \
	    apt-get install -y -qq chromium >/dev/null; \
	else \
	  echo "No apt-get: install chromium to run the preview's browser test"; \
	fi

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
