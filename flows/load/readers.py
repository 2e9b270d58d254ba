"""Read-only access for reports and `sitrep sql`.

A reader holds the file only for the length of one query, so it never keeps a scheduled run
out for long; when a run holds the file, the reader retries with backoff (DuckDB does not wait
on a lock, see NOTES-prefect-duckdb.md). The connection cannot write, attach files, touch the
file system or load extensions."""
from __future__ import annotations

import time
from pathlib import Path

import duckdb

from flows.load.warehouse import WarehouseError

_LOCKED_SETTINGS = (
    "SET enable_external_access = false",
    "SET autoload_known_extensions = false",
    "SET autoinstall_known_extensions = false",
    "SET lock_configuration = true",
)


def read_query(warehouse: str | Path, query: str, params: list | None = None,
               attempts: int = 8, first_wait: float = 0.25) -> tuple[list[str], list[tuple]]:
    path = Path(warehouse)
    if not path.exists():
        raise WarehouseError(f"no warehouse at {path}; create it with 'sitrep run' or pass --warehouse")
    wait = first_wait
    for attempt in range(attempts):
        try:
            con = duckdb.connect(str(path), read_only=True)
            break
        except duckdb.IOException as e:
            if "lock" not in str(e).lower() or attempt == attempts - 1:
                raise WarehouseError(f"{path} is busy (a run is loading); try again in a moment") from e
            time.sleep(wait)
            wait = min(wait * 2, 4.0)
    try:
        for statement in _LOCKED_SETTINGS:
            con.execute(statement)
        cursor = con.execute(query, params or [])
        columns = [d[0] for d in cursor.description] if cursor.description else []
        return columns, cursor.fetchall()
    except duckdb.Error as e:
        raise WarehouseError(f"query failed: {str(e).splitlines()[0]}") from e
    finally:
        con.close()
