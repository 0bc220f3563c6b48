# Two commands on a fresh machine with Python 3.11+, git and make:
#   make run    set up .venv and start reflect on its default local database
#   make test   set up .venv and run every test (ruff, then pytest)
# and, to have `reflect` on your PATH as a tool (pipx, uv, or a private venv):
#   make install
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: run test lint venv clean bench install guard-eval bench-voice

$(BIN)/reflect: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(BIN)/reflect

venv: $(BIN)/reflect

run: venv
	@echo "reflect here is $(abspath $(BIN))/reflect (make install puts one on your PATH)" >&2
	@$(BIN)/reflect $(ARGS)

# reflect for you, as a tool: pipx or uv when present, else a private virtual environment in
# the user data directory with a link in ~/.local/bin (scripts/install.py; INSTALL_WITH=venv,
# EXTRAS=encrypt).
install:
	@$(PYTHON) scripts/install.py $(if $(INSTALL_WITH),--with $(INSTALL_WITH)) $(if $(EXTRAS),--extras $(EXTRAS))

lint: venv
	$(BIN)/ruff check .

test: venv lint
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# How well the identifier guard finds what identifies someone, on the labelled sets in tests/data
# (recall, precision and a table per kind; the figures in the README come from here).
guard-eval: venv
	$(BIN)/python scripts/guard_eval.py tests/data/guard_sentences.jsonl \
	  $(wildcard tests/data/guard_dev2.jsonl) tests/data/guard_holdout.jsonl

# Benchmark against jrnl 4.6 (in its own virtual environment) at 1,000 to 100,000 entries:
#   make bench                      writes benchmarks/RESULTS.md (about 10 minutes)
#   make bench BENCH_ARGS="--sizes 1000 --runs 3"
.venv-jrnl/bin/jrnl:
	$(PYTHON) -m venv .venv-jrnl
	.venv-jrnl/bin/python -m pip install --quiet 'jrnl==4.6'

# reflect as a user has it: a regular (not editable) install, byte-compiled at install time.
.venv-bench/bin/reflect: pyproject.toml $(shell find src -name "*.py") prompts/*.yaml
	$(PYTHON) -m venv .venv-bench
	.venv-bench/bin/python -m pip install --quiet --upgrade pip
	.venv-bench/bin/python -m pip install --quiet --force-reinstall --no-deps . && \
	  .venv-bench/bin/python -m pip install --quiet .

bench: .venv-bench/bin/reflect .venv-jrnl/bin/jrnl
	.venv-bench/bin/python benchmarks/bench.py --reflect .venv-bench/bin/reflect \
	  --jrnl .venv-jrnl/bin/jrnl $(BENCH_ARGS)

# How fast a 3-minute voice note is transcribed with pocketsphinx (benchmarks/VOICE.md; about
# seven minutes: three runs of the engine alone and of reflect quick --audio as a whole process)
bench-voice: venv
	$(BIN)/python benchmarks/voice.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) .venv-jrnl .venv-bench dist build .pytest_cache .ruff_cache
