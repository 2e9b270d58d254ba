# sitrep: `make run` and `make test` do all the set-up on a fresh machine.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: setup run lint test bench lock clean

setup: $(STAMP)

# -qq: pip's errors only (not its notices, nor warnings about this machine's index settings).
PIP    := PIP_DISABLE_PIP_VERSION_CHECK=1 $(BIN)/pip
# constraints.txt (make lock) holds every package's version, transitive ones too: a fresh machine
# installs what CI ran, whatever has been released since.
$(STAMP): pyproject.toml constraints.txt
	@echo "setting up $(VENV) (a few minutes the first time)"
	@$(PYTHON) -m venv $(VENV)
	@$(PIP) install -qq --upgrade pip
	@$(PIP) install -qq -c constraints.txt -e '.[test,dev]'
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

# Rewrites constraints.txt from pyproject.toml after a pin there changes; every other pin stays where
# it is (pip-compile keeps the versions already in the file). The bench extra is not locked: never a
# product dependency. pip-tools lives in a venv of its own, so it never moves a locked package.
LOCK_TOOLS := .venv-lock
lock:
	@$(PYTHON) -m venv $(LOCK_TOOLS)
	@PIP_DISABLE_PIP_VERSION_CHECK=1 $(LOCK_TOOLS)/bin/pip install -qq pip-tools==7.6.2
	CUSTOM_COMPILE_COMMAND="make lock" $(LOCK_TOOLS)/bin/pip-compile -q --strip-extras \
	    --no-emit-index-url --no-emit-find-links --extra test --extra dashboard --extra dev \
	    -o constraints.txt pyproject.toml

clean:
	rm -rf $(VENV) $(LOCK_TOOLS) warehouse/*.duckdb warehouse/*.wal
