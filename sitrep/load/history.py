"""Articles leaving the warehouse: an earlier version replaced by a new one, or an article
forgotten (`sitrep forget`, sitrep/load/forget.py).

An article is its source: a file, a row of a table with an id, a page (`articles.source_key`).
When a batch brings a new text of a source the warehouse holds, the old version's rows go in the
batch's own transaction, before the new version's events are placed in incidents: its articles
row and every row extracted from it, its events taken out of their incidents (an incident left
with no report goes, one that keeps others is remade from them under its id). The old version is
kept in `article_history` with what it had coded (sql/history/record.sql)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import duckdb

from sitrep.incidents.reconcile import recount
from sitrep.load.scalar import scalar
from sitrep.paths import sql_dir

SQL = sql_dir() / "history"

# Child tables written per article, in load order (an article's rows are deleted in it too,
# its articles row last).
ARTICLE_TABLES = ("sentences", "actor_mentions", "place_mentions", "events", "casualties", "quotes", "date_mentions")


@dataclass
class Removed:
    """What left the warehouse: rows per table, incidents deleted (no report left) and
    recounted (remade from the reports they keep)."""

    rows: dict[str, int] = field(default_factory=dict)
    incidents_deleted: int = 0
    incidents_recounted: int = 0

    @property
    def articles(self) -> int:
        return self.rows.get("articles", 0)


def replace_earlier_versions(con: duckdb.DuckDBPyConnection, run_id: str | None) -> Removed:
    """Take out the earlier versions of the batch's new articles (batch_articles, new_ids: see
    warehouse.load_batch), in the caller's transaction."""
    con.execute(_sql("earlier_versions"))
    return take_out(con, "replaced", run_id)


def take_out(con: duckdb.DuckDBPyConnection, removed: str, run_id: str | None) -> Removed:
    """Move the articles of the temp table `leaving` (article_id, replaced_by_article_id) to
    article_history as `removed` ('replaced' by run `run_id`'s new versions, or 'forgotten'),
    delete them and every row extracted from them, and recount their incidents. Runs in the
    caller's transaction."""
    if not scalar(con, "SELECT count(*) FROM leaving"):
        return Removed()
    con.execute(
        _sql("record"),
        {"removed": removed, "removed_at": _now(), "replaced_by_run_id": run_id if removed == "replaced" else None},
    )
    incidents = [
        r[0]
        for r in con.execute(
            "SELECT DISTINCT incident_id FROM events SEMI JOIN leaving USING (article_id) WHERE incident_id IS NOT NULL"
        ).fetchall()
    ]
    out = Removed()
    for table in (*ARTICLE_TABLES, "articles"):
        out.rows[table] = scalar(con, f"DELETE FROM {table} WHERE article_id IN (SELECT article_id FROM leaving)")
    out.incidents_deleted, out.incidents_recounted = recount(con, incidents, run_id)
    return out


def _sql(name: str) -> str:
    return (SQL / f"{name}.sql").read_text(encoding="utf-8")


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)
