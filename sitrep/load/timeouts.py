"""How long a reader's query may run: here, apart from the DuckDB code, so that the command line
can name the default without importing DuckDB and pyarrow (0.2 s of every command's start)."""

# A run's writer waits longer than this for a reader (sitrep/load/warehouse.py).
DEFAULT_TIMEOUT = 60.0
