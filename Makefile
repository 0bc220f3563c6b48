# Two commands on a fresh machine with Python 3.11+, git and make:
#   make run    set up .venv and start reflect on its default local database
#   make test   set up .venv and run every test (ruff, then pytest)
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: run test lint venv clean

$(BIN)/reflect: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(BIN)/reflect

venv: $(BIN)/reflect

run: venv
	$(BIN)/reflect $(ARGS)

lint: venv
	$(BIN)/ruff check .

test: venv lint
	$(BIN)/python -m pytest $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) dist build .pytest_cache .ruff_cache
