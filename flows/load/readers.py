"""Read-only access for reports and `sitrep sql`.

A reader holds the file only for the length of one query, so it never keeps a scheduled run
out for long (the run's writer retries with backoff while a query runs); when a run holds the
file, the reader retries with backoff (DuckDB does not wait on a lock, see
NOTES-prefect-duckdb.md). Only queries get through: the connection is read-only, opened with
external access (files, URLs, ATTACH, COPY, extensions) switched off and the configuration locked
before any user SQL runs, and statements other than SELECT/EXPLAIN are refused up front."""
from __future__ import annotations

import time
from pathlib import Path

import duckdb

from flows.load.warehouse import WarehouseError

# Set at open, so no statement ever runs with them on; lock_configuration stops SET/RESET/PRAGMA
# from undoing them.
_READER_CONFIG = {
    "enable_external_access": False,
    "autoload_known_extensions": False,
    "autoinstall_known_extensions": False,
    "lock_configuration": True,
}
# DESCRIBE, SHOW, SUMMARIZE, PRAGMA table_info and FROM-first queries parse as SELECT.
_ALLOWED = {"SELECT", "EXPLAIN"}


class QueryRefused(WarehouseError):
    """The SQL would do something other than read the warehouse."""


def read_query(warehouse: str | Path, query: str, params: list | dict | None = None,
               attempts: int = 12, first_wait: float = 0.25) -> tuple[list[str], list[tuple]]:
    """Run one read-only query; `params` are bound to its `?` or `$name` placeholders."""
    path = Path(warehouse)
    if not path.exists():
        raise WarehouseError(f"no warehouse at {path}; create it with 'sitrep run' or pass --warehouse")
    con = open_reader(path, attempts, first_wait)
    try:
        _refuse_non_queries(con, query)
        cursor = con.execute(query, params or None)
        columns = [d[0] for d in cursor.description] if cursor.description else []
        return columns, cursor.fetchall()
    except duckdb.Error as e:
        raise WarehouseError(f"query failed: {str(e).splitlines()[0]}") from e
    finally:
        con.close()


def open_reader(path: Path, attempts: int = 12, first_wait: float = 0.25) -> duckdb.DuckDBPyConnection:
    """The locked-down read-only connection. While a run holds the file (one task at a time,
    seconds at most), retry with backoff capped at 2 s, ~18 s in all: a run's tasks leave gaps
    between them, and frequent tries find one."""
    wait = first_wait
    for attempt in range(attempts):
        try:
            return duckdb.connect(str(path), read_only=True, config=_READER_CONFIG)
        except duckdb.IOException as e:
            if "lock" not in str(e).lower():
                raise WarehouseError(f"cannot open {path}: {str(e).splitlines()[0]}") from e
            if attempt == attempts - 1:
                raise WarehouseError(f"{path} is busy (a run is loading); try again in a moment") from e
            time.sleep(wait)
            wait = min(wait * 2, 2.0)
    raise AssertionError("unreachable")


def _refuse_non_queries(con: duckdb.DuckDBPyConnection, query: str) -> None:
    statements = con.extract_statements(query)
    if not statements:
        raise QueryRefused("no SQL statement given")
    for statement in statements:
        if statement.type.name not in _ALLOWED:
            word = (statement.query.split() or [statement.type.name])[0].upper()
            raise QueryRefused(f"{word} is refused: the warehouse is read-only here; sitrep sql and "
                               "reports run queries (SELECT, WITH, DESCRIBE, SHOW, SUMMARIZE, EXPLAIN)")
