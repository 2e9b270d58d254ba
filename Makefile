# sitrep: `make run` and `make test` do all the set-up on a fresh machine.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: setup run lint test bench clean

setup: $(STAMP)

# -qq: pip's errors only (not its notices, nor warnings about this machine's index settings).
PIP    := PIP_DISABLE_PIP_VERSION_CHECK=1 $(BIN)/pip
$(STAMP): pyproject.toml
	@echo "setting up $(VENV) (a few minutes the first time)"
	@$(PYTHON) -m venv $(VENV)
	@$(PIP) install -qq --upgrade pip
	@$(PIP) install -qq -e '.[test,dev]'
	@$(BIN)/python -m sitrep.extract.place_store    # index the world gazetteer once (~30 s)
	@touch $(STAMP)

run: setup
	$(BIN)/sitrep run --input seeds --warehouse warehouse/sitrep.duckdb

# The linter, the formatter's check and the type checker ([tool.ruff] and [tool.mypy] in
# pyproject.toml), at the dev extra's versions; `make test` runs them before the tests.
lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

test: setup lint
	$(BIN)/python -m pytest -q

# The benchmarks (bench/README.md): their own extra, never needed by run or test.
# make bench BENCH_ARGS=--quick   for a smoke run of a few minutes.
$(VENV)/.bench-installed: $(STAMP) pyproject.toml
	@$(PIP) install -qq -e '.[bench]'
	@touch $@

bench: setup $(VENV)/.bench-installed
	$(BIN)/python bench/run.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) warehouse/*.duckdb warehouse/*.wal
