# Two commands set up everything on a fresh machine with python3 and make:
#   make demo   – create .venv, install stc, run the bundled demo study, write reports/
#   make test   – create .venv with the test extra, run linters and the test suite
#   make mutation – mutation testing of the core modules (slow; not part of make test)
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test lint bench mutation clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.stc-installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.stc-test-installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.stc-installed

demo: $(VENV)/.stc-installed
	$(BIN)/stc status
	$(BIN)/stc check
	$(BIN)/stc report --format md
	$(BIN)/stc report --format docx
	$(BIN)/stc report --format html
	$(BIN)/stc report --format docx --language en --out reports/report-en.docx
	@echo
	@echo "To read and code the demo study in your browser:"
	@echo "  $(BIN)/stc serve --researcher tl        (Ctrl+C stops it; --read-only for reviewers)"

lint: $(VENV)/.stc-test-installed
	$(BIN)/ruff check stc tests tools bench
	$(BIN)/ruff format --check stc tests tools bench
	$(BIN)/mypy

test: lint
	$(BIN)/pytest -q

# make mutation MODULES=stc/text.py CHILDREN=4 ARGS=--full-suite
MODULES ?=
CHILDREN ?= 2
ARGS ?=
mutation: $(VENV)/.stc-test-installed
	$(BIN)/python tools/mutation.py --max-children $(CHILDREN) $(ARGS) $(MODULES)

bench: $(VENV)/.stc-installed
	$(BIN)/python bench/run.py --write
	$(BIN)/python bench/anon.py --write

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache *.egg-info .mutation mutants
