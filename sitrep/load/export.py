"""`sitrep export`: the warehouse as Hive-partitioned Parquet that DuckDB, Spark or Trino read.

Article-level tables land under `OUT/<table>/year=YYYY/month=M/*.parquet`, partitioned by the
article's primary event month (or ingestion month); reference tables (actors, places, ...) as
one file each. Reading it back: `read_parquet('OUT/events/**/*.parquet', hive_partitioning=true)`."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb

from sitrep.load.scalar import scalar
from sitrep.load.warehouse import SQL_DIR, WarehouseError

ARTICLE_TABLES = (
    "articles",
    "sentences",
    "actor_mentions",
    "place_mentions",
    "events",
    "casualties",
    "quotes",
    "date_mentions",
)
REFERENCE_TABLES = ("actors", "actor_aliases", "places", "quarantine", "pipeline_runs", "quality_checks")


def export_parquet(warehouse: str | Path, out_dir: str | Path, by: str = "event") -> dict[str, int]:
    """Write every table; returns rows written per table. `by` is 'event' or 'ingestion'."""
    if by not in ("event", "ingestion"):
        raise ValueError("--by is 'event' or 'ingestion'")
    out = Path(out_dir)
    if out.exists() and any(out.iterdir()):
        raise WarehouseError(f"{out} is not empty; export into a new folder (or delete it first)")
    out.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        partitions = (SQL_DIR / "export" / "article_partitions.sql").read_text(encoding="utf-8")
        con.execute(f"CREATE TEMP TABLE part AS {partitions.rstrip().rstrip(';')}", {"by": by})
        written = {t: _copy_partitioned(con, t, out / t) for t in ARTICLE_TABLES}
        written |= {t: _copy_single(con, t, out / f"{t}.parquet") for t in REFERENCE_TABLES}
    except Exception:
        shutil.rmtree(out, ignore_errors=True)  # no half export left behind
        raise
    finally:
        con.close()
    return written


def _copy_partitioned(con: duckdb.DuckDBPyConnection, table: str, target: Path) -> int:
    rows = scalar(con, f"SELECT count(*) FROM {table}")
    if rows:
        con.execute(
            f"COPY (SELECT t.*, p.year, p.month FROM {table} t JOIN part p USING (article_id)) "
            f"TO '{_quoted(target)}' (FORMAT parquet, PARTITION_BY (year, month), COMPRESSION zstd)"
        )
    return rows


def _copy_single(con: duckdb.DuckDBPyConnection, table: str, target: Path) -> int:
    rows = scalar(con, f"SELECT count(*) FROM {table}")
    con.execute(f"COPY {table} TO '{_quoted(target)}' (FORMAT parquet, COMPRESSION zstd)")
    return rows


def _quoted(path: Path) -> str:
    return str(path).replace("'", "''")
