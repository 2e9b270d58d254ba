# sitrep: `make run` and `make test` do all the set-up on a fresh machine.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: setup run test bench clean

setup: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	$(BIN)/python -m flows.extract.place_store    # index the world gazetteer once (~30 s)
	touch $(STAMP)

run: setup
	$(BIN)/sitrep run --input seeds --warehouse warehouse/sitrep.duckdb

test: setup
	$(BIN)/python -m pytest -q

# The benchmarks (bench/README.md): their own extra, never needed by run or test.
# make bench BENCH_ARGS=--quick   for a smoke run of a few minutes.
$(VENV)/.bench-installed: $(STAMP) pyproject.toml
	$(BIN)/pip install --quiet -e '.[bench]'
	touch $@

bench: setup $(VENV)/.bench-installed
	$(BIN)/python bench/run.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) warehouse/*.duckdb warehouse/*.wal
