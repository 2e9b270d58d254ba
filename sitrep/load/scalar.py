"""`scalar`: the one value of a query that always returns one row."""

from __future__ import annotations

from typing import Any

import duckdb


def scalar(con: duckdb.DuckDBPyConnection, query: str, params: object = None) -> Any:
    """The first column of the one row of `query` (a count(*), a max(), a DELETE's row count).

    DuckDB types fetchone() as a row or None; these queries always return a row, so a None here
    is a broken query, and fails loudly."""
    row = con.execute(query, params).fetchone()
    if row is None:
        raise LookupError(f"no row from a query that always returns one: {query[:80]!r}")
    return row[0]
