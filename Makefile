# Two entry points: `make deck` (install and build) and `make test` (install, lint, test).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
CHROMIUM := /usr/bin/chromium
XVFB := /usr/bin/Xvfb /usr/share/doc/libxcb-cursor0
# What Qt's xcb platform needs beyond Chromium's libraries, for Anki's desktop test.
QT_LIBS := xvfb libxcb-cursor0 libxkbcommon-x11-0 libxcb-icccm4 libxcb-image0 \
  libxcb-keysyms1 libxcb-render-util0 libxcb-xinerama0 libxcb-xkb1 libxcb-shape0
SUDO := $(shell [ "$$(id -u)" -eq 0 ] || echo sudo)

.PHONY: deck test lint install dev chromium xvfb clean

deck: $(VENV)/.installed
	$(BIN)/cards build

test: $(VENV)/.dev-installed $(CHROMIUM) $(XVFB) lint
	$(BIN)/pytest

lint: $(VENV)/.dev-installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

install: $(VENV)/.installed

dev: $(VENV)/.dev-installed

chromium: $(CHROMIUM)

xvfb: $(XVFB)

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

# The desktop test runs Anki (aqt, from PyPI) under Debian's Xvfb. Without apt-get,
# install Xvfb and Qt's xcb libraries yourself; until then it is skipped (not on CI).
$(XVFB):
	@if command -v apt-get >/dev/null; then \
	  echo "Installing Xvfb for the Anki desktop test (apt-get)"; \
	  $(SUDO) apt-get update -qq && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive \
	    apt-get install -y -qq $(QT_LIBS) >/dev/null; \
	else \
	  echo "No apt-get: install xvfb to run the Anki desktop test"; \
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
