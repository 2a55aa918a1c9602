# The two commands the README promises: `make site` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: site test clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

site: $(VENV)/.installed
	$(BIN)/gksite build

test: $(VENV)/.installed
	$(BIN)/python -m pytest

clean:
	rm -rf public .public.staging .public.old* .gksite-cache
