"""The dashboard's panels as queries: one commented file per panel in sql/dashboard/, each run
read-only through sitrep.load.readers (which holds the warehouse for one query at a time)."""

from __future__ import annotations

from pathlib import Path

from sitrep.load.readers import read_query
from sitrep.load.warehouse import SQL_DIR

DASHBOARD_SQL = SQL_DIR / "dashboard"


def panel_rows(warehouse: Path, panel: str, **params) -> list[dict]:
    """The rows of sql/dashboard/<panel>.sql as dicts, `params` bound to its $names."""
    sql = (DASHBOARD_SQL / f"{panel}.sql").read_text(encoding="utf-8")
    columns, rows = read_query(warehouse, sql, params or None)
    return [dict(zip(columns, row, strict=False)) for row in rows]


def is_sitrep_warehouse(warehouse: Path) -> bool:
    """Whether the file holds sitrep's tables (a fresh or foreign DuckDB file does not)."""
    _, rows = read_query(
        warehouse,
        "SELECT count(*) FROM information_schema.tables WHERE table_name IN ('articles', 'events', 'casualties')",
    )
    return rows[0][0] == 3
