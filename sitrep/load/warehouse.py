"""The DuckDB warehouse: schema migrations, reference data, and one transaction per batch.

Rows arrive as pyarrow tables and go in with one `INSERT ... SELECT` per table (row-by-row
inserts are ~600x slower: docs/warehouse.md#how-rows-get-in). Articles are keyed by content hash
and every child row is inserted only for articles the warehouse did not hold, so a re-run,
or a batch retried after a crash, adds nothing twice. A new text of a source the warehouse
holds replaces the old version's rows in the same transaction (sitrep/load/history.py)."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import sys
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import NamedTuple

import duckdb
import pyarrow as pa

from sitrep.errors import SitrepError
from sitrep.extract.actors import catalogue_digest, catalogue_rows
from sitrep.incidents.reconcile import place_batch, reconcile
from sitrep.load.history import ARTICLE_TABLES, replace_earlier_versions
from sitrep.load.scalar import scalar
from sitrep.paths import sql_dir

SQL_DIR = sql_dir()
MIGRATIONS = SQL_DIR / "migrations"
VIEWS = SQL_DIR / "views"
CHECKS = SQL_DIR / "checks"


# A reader (`sitrep sql`, a report) holds the file for one query, stopped after READER_TIMEOUT
# seconds by default (sitrep/load/readers.py); DuckDB does not wait on a lock, so the writer
# retries with backoff for longer than that before the task's own retries take over.
READER_TIMEOUT = 60.0
WRITER_LOCK_TIMEOUT = READER_TIMEOUT + 30.0
# Recording a failed run waits less: the run has failed already, and what it could not record
# goes to the journal (`journal_path`).
FAILURE_RECORD_TIMEOUT = 10.0
RUNS_SQL = SQL_DIR / "runs"

# DuckDB settings for the run's connections (past a memory cap it spills to `<warehouse>.tmp`).
# Loads: every batch is a few new row groups, and the checkpoint at its end merges them into
# their neighbours, in a binary pattern: the 64th batch re-wrote 64,000 articles' texts and took
# +490 MB uncapped, the 123rd +918 MB; capped at 128MB, +150 MB (and 0.2 s more per merge).
# Checks: over a 100,000-article run they took 1.1 GB with DuckDB's default (80% of RAM),
# +382 MB capped at 256MB, +228 MB capped at 192MB on one thread (each thread holds its own
# partitions of a join's texts), in 8.3 s instead of 4.5 s. A cap needs the big tables to have
# no key index (migrations 005, 006): an index is held in memory whole and cannot spill.
# A batch loads on one thread while the workers code the next: more threads only take cores
# from them. SITREP_LOAD_MEMORY_LIMIT and SITREP_CHECKS_MEMORY_LIMIT override the caps.
LOAD_SETTINGS = {"memory_limit": os.environ.get("SITREP_LOAD_MEMORY_LIMIT", "128MB"), "threads": 1}
VERIFY_SETTINGS = {"memory_limit": LOAD_SETTINGS["memory_limit"]}
CHECKS_SETTINGS = {"memory_limit": os.environ.get("SITREP_CHECKS_MEMORY_LIMIT", "192MB"), "threads": 1}


class WarehouseError(SitrepError, RuntimeError):
    """A problem the user can act on (wrong version, locked file); the message says how."""


class WarehouseBusy(WarehouseError):
    """Another process holds the DuckDB file: transient, worth retrying."""


class WarehouseDamaged(WarehouseError):
    """The file fails DuckDB's checks (a block's checksum, its header): never written to."""


def verify(path: str | Path) -> None:
    """Read every block of the warehouse on a read-only connection before a run writes to it:
    DuckDB checks each block's checksum as it reads it, and a run must not add articles to a
    damaged file (a flipped block was found only by the quality checks, after a load). Costs a
    scan of the file (1.3 s for 440 MB here). Raises WarehouseDamaged."""
    path = Path(path)
    if not path.exists():
        return
    template = (RUNS_SQL / "verify_table.sql").read_text(encoding="utf-8")
    try:
        with connect(path, read_only=True, settings=VERIFY_SETTINGS) as con:
            tables = con.execute("SELECT schema_name, table_name FROM duckdb_tables()").fetchall()
            for schema, table in tables:
                con.execute(template.format(table=f"{_quoted(schema)}.{_quoted(table)}")).fetchall()
    except WarehouseBusy:
        raise
    except (duckdb.Error, WarehouseError) as e:
        raise WarehouseDamaged(
            f"{path} fails DuckDB's checks and was not written to: "
            f"{str(e).splitlines()[0]}. Restore it from a backup (or move it "
            "away to start a new one)"
        ) from e


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """BEGIN ... COMMIT around the block; ROLLBACK and re-raise if it raises, so a failure at any
    statement leaves the warehouse as it was before the block."""
    con.execute("BEGIN TRANSACTION")
    try:
        yield con
    except BaseException:
        con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def migrations(folder: Path | None = None) -> list[tuple[int, Path]]:
    out = []
    for path in sorted((folder or MIGRATIONS).glob("*.sql")):
        m = re.match(r"(\d+)_", path.name)
        if m:
            out.append((int(m.group(1)), path))
    return out


def schema_version_known(folder: Path | None = None) -> int:
    return max(v for v, _ in migrations(folder))


@contextmanager
def connect(
    path: str | Path, read_only: bool = False, lock_timeout: float | None = None, settings: dict | None = None
) -> Iterator[duckdb.DuckDBPyConnection]:
    """A connection to the warehouse, with DuckDB `settings` (LOAD_SETTINGS, CHECKS_SETTINGS).
    When another process holds the file (a reader's query), retry with exponential backoff for
    up to `lock_timeout` seconds, then raise WarehouseBusy."""
    path = Path(path)
    if not read_only:
        path.parent.mkdir(parents=True, exist_ok=True)
    timeout = WRITER_LOCK_TIMEOUT if lock_timeout is None else lock_timeout
    deadline = time.monotonic() + timeout
    wait = 0.05
    while True:
        try:
            con = duckdb.connect(str(path), read_only=read_only, config=dict(settings or {}))
            break
        except duckdb.IOException as e:
            if "lock" not in str(e).lower():
                raise WarehouseError(f"cannot open {path}: {str(e).splitlines()[0]}") from e
            left = deadline - time.monotonic()
            if left <= 0:
                raise WarehouseBusy(
                    f"{path} is held by another process (a reader or a run) for over "
                    f"{timeout:g} s; {_holder(e)}try again when it is done"
                ) from e
            time.sleep(min(wait, left))
            wait = min(wait * 2, 2.0)
    try:
        yield con
    finally:
        con.close()


def _holder(e: Exception) -> str:
    m = re.search(r"\(PID (\d+)\)", str(e))
    return f"it is process {m.group(1)}; " if m else ""


def migrate(con: duckdb.DuckDBPyConnection, folder: Path | None = None) -> int:
    """Bring the schema to this version inside one transaction; refuse a newer warehouse.
    `folder` replaces sql/migrations (tests build older and newer warehouses with it)."""
    con.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied_at TIMESTAMP)")
    current = scalar(con, "SELECT coalesce(max(version), 0) FROM schema_version")
    known = schema_version_known(folder)
    if current > known:
        raise WarehouseError(
            f"this warehouse has schema version {current}, newer than this sitrep "
            f"knows ({known}). Upgrade sitrep to open it."
        )
    pending = [(v, p) for v, p in migrations(folder) if v > current]
    if pending:
        with transaction(con):
            for version, path in pending:
                con.execute(path.read_text(encoding="utf-8"))
                con.execute("INSERT INTO schema_version VALUES (?, ?)", [version, _now()])
    if folder is None:  # the views are this version's; another folder is another schema
        for view in sorted(VIEWS.glob("*.sql")):
            con.execute(view.read_text(encoding="utf-8"))
    return known


def load_reference(con: duckdb.DuckDBPyConnection) -> None:
    """The actor gazetteer, so users can join names and aliases (idempotent); skipped when the
    warehouse holds this version of it already."""
    digest = catalogue_digest()
    if con.execute("SELECT digest FROM reference_versions WHERE name = 'actors'").fetchall() == [(digest,)]:
        return
    actor_rows, alias_rows = catalogue_rows()
    actors = pa.Table.from_pylist(
        [
            dict(
                actor_id=a["actor_id"],
                name=a["name"],
                actor_type=a["actor_type"],
                country_code=a["country_code"] or None,
                side=a["side"] or None,
                victim_kind=a["victim_kind"] or "unknown",
            )
            for a in actor_rows
        ]
    )
    aliases = pa.Table.from_pylist([dict(actor_id=a["actor_id"], alias=a["alias"]) for a in alias_rows])
    con.register("incoming_actors", actors)
    con.register("incoming_aliases", aliases)
    try:
        with transaction(con):
            con.execute(
                "INSERT INTO actors SELECT actor_id, name, actor_type, country_code, side, victim_kind "
                "FROM incoming_actors ON CONFLICT (actor_id) DO UPDATE SET name = excluded.name, "
                "actor_type = excluded.actor_type, country_code = excluded.country_code, "
                "side = excluded.side, victim_kind = excluded.victim_kind"
            )
            con.execute(
                "INSERT INTO actor_aliases SELECT DISTINCT actor_id, alias FROM incoming_aliases ON CONFLICT DO NOTHING"
            )
            con.execute(
                "INSERT INTO reference_versions VALUES ('actors', ?, ?) ON CONFLICT (name) DO UPDATE "
                "SET digest = excluded.digest, loaded_at = excluded.loaded_at",
                [digest, _now()],
            )
    finally:
        con.unregister("incoming_actors")
        con.unregister("incoming_aliases")


def place_unassigned_events(con: duckdb.DuckDBPyConnection, run_id: str) -> int:
    """Events loaded without an incident (a warehouse from before incidents existed) are put
    into incidents, in one transaction; a warehouse where every event has one is untouched."""
    with transaction(con):
        placed = reconcile(con, run_id)
    return placed


def known_article_ids(con: duckdb.DuckDBPyConnection, ids: Iterable[str]) -> set[str]:
    ids = list(ids)
    if not ids:
        return set()
    table = pa.table({"article_id": pa.array(ids, pa.string())})
    con.register("probe_ids", table)
    try:
        return {
            r[0]
            for r in con.execute("SELECT a.article_id FROM articles a JOIN probe_ids p USING (article_id)").fetchall()
        }
    finally:
        con.unregister("probe_ids")


class Loaded(NamedTuple):
    new: int  # articles new to the warehouse
    replaced: int  # earlier versions of their sources that they replaced


def load_batch(
    con: duckdb.DuckDBPyConnection,
    tables: dict[str, pa.Table],
    quarantine: Sequence[dict] = (),
    run_id: str | None = None,
) -> Loaded:
    """Insert one batch in one transaction: articles new to the warehouse, all their rows, and
    the inputs refused on the way; the earlier versions of their sources (a file, a table's row
    with an id, a page) leave, to article_history. A crash at any point leaves the warehouse as
    it was before the batch."""
    articles = tables["articles"]
    try:
        with transaction(con):
            con.register("batch_articles", articles)
            con.execute(
                "CREATE OR REPLACE TEMP TABLE new_ids AS SELECT DISTINCT article_id FROM batch_articles "
                "WHERE article_id NOT IN (SELECT article_id FROM articles)"
            )
            new = scalar(con, "SELECT count(*) FROM new_ids")
            # before the new events are placed: they must not join incidents of the texts they replace
            replaced = replace_earlier_versions(con, run_id).articles if new else 0
            columns = _columns(con)
            _insert(con, "articles", articles, columns["articles"])
            for name, key in (("places", "place_id"), ("actors", "actor_id")):
                if name in tables and tables[name].num_rows:
                    _upsert_new(con, name, tables[name], key, columns[name])
            if new and "events" in tables and tables["events"].num_rows:
                # the new events into incidents before they are inserted, in the batch's transaction
                tables = {**tables, "events": place_batch(con, tables["events"], run_id)}
            for name in ARTICLE_TABLES:
                if name in tables and tables[name].num_rows:
                    _insert(con, name, tables[name], columns[name])
            _record_quarantine(con, list(quarantine), run_id)
            _pause_before_commit()
    finally:
        for view in ("batch_articles", "incoming"):
            with suppress(Exception):
                con.unregister(view)
    return Loaded(new, replaced)


def _columns(con) -> dict[str, list[str]]:
    """Each table's columns in order (one catalog query per batch, not one per table)."""
    out: dict[str, list[str]] = {}
    for table, column in con.execute(
        "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'main' "
        "ORDER BY table_name, ordinal_position"
    ).fetchall():
        out.setdefault(table, []).append(column)
    return out


def _insert(con, table: str, rows: pa.Table, table_columns: list[str]) -> None:
    """The rows of articles new in this batch (`new_ids`); an articles row once per id."""
    cols = [c for c in table_columns if c in rows.column_names]
    con.register("incoming", rows)
    select = ", ".join(f'"{c}"' for c in cols)
    dedupe = "DISTINCT ON (article_id) " if table == "articles" else ""
    con.execute(
        f"INSERT INTO {table} ({select}) SELECT {dedupe}{select} FROM incoming "
        "WHERE article_id IN (SELECT article_id FROM new_ids)"
    )
    con.unregister("incoming")


def _upsert_new(con, table: str, rows: pa.Table, key: str, table_columns: list[str]) -> None:
    cols = [c for c in table_columns if c in rows.column_names]
    con.register("incoming", rows)
    select = ", ".join(f'"{c}"' for c in cols)
    con.execute(
        f"INSERT INTO {table} ({select}) SELECT DISTINCT ON ({key}) {select} FROM incoming ON CONFLICT DO NOTHING"
    )
    con.unregister("incoming")


def _pause_before_commit() -> None:
    """Fault injection for the crash tests (tests/reliability): with SITREP_PAUSE_BEFORE_COMMIT
    set, hold every batch's transaction open that many seconds, saying so on stderr, so that a
    test can SIGKILL a run mid-load. Unset (always, in normal use) it does nothing."""
    seconds = os.environ.get("SITREP_PAUSE_BEFORE_COMMIT")
    if seconds:
        print(
            f"sitrep: batch inserted, COMMIT in {seconds} s (SITREP_PAUSE_BEFORE_COMMIT)", file=sys.stderr, flush=True
        )
        time.sleep(float(seconds))


def record_quarantine(con: duckdb.DuckDBPyConnection, rows: list[dict], run_id: str) -> None:
    """Refused inputs, in their own transaction (load_batch records a batch's with its rows)."""
    if not rows:
        return
    with transaction(con):
        _record_quarantine(con, rows, run_id)


def _record_quarantine(con: duckdb.DuckDBPyConnection, rows: list[dict], run_id: str | None) -> None:
    if not rows:
        return
    table = pa.Table.from_pylist([dict(r, seen_at=_now(), run_id=run_id) for r in rows])
    con.register("incoming", table)
    con.execute(
        "INSERT INTO quarantine SELECT DISTINCT ON (source_uri, reason) source_uri, reason, detail, "
        "seen_at, run_id FROM incoming ON CONFLICT (source_uri, reason) DO UPDATE SET "
        "detail = excluded.detail, seen_at = excluded.seen_at, run_id = excluded.run_id"
    )
    con.unregister("incoming")


def start_run(
    con: duckdb.DuckDBPyConnection, run_id: str, inputs: list[str], settings: dict | None = None
) -> list[str]:
    """Record a new run as 'running'. Runs still 'running' are marked 'interrupted' and their ids
    returned: the caller holds the writer lock (sitrep/load/lock.py), so no other run is alive and
    a 'running' row is a run that was killed or crashed before it could finish."""
    now = _now()
    with transaction(con):
        stale = [
            r[0]
            for r in con.execute(
                "SELECT run_id FROM pipeline_runs WHERE status = 'running' AND run_id <> ? ORDER BY started_at",
                [run_id],
            ).fetchall()
        ]
        con.execute(
            "UPDATE pipeline_runs SET status = 'interrupted', finished_at = ?, message = "
            "'ended without finishing (killed or crashed); its finished batches are kept, the rest "
            "were loaded by a later run' WHERE status = 'running' AND run_id <> ?",
            [now, run_id],
        )
        con.execute(
            "INSERT INTO pipeline_runs (run_id, started_at, status, inputs, settings) "
            "VALUES (?, ?, 'running', ?, ?) ON CONFLICT (run_id) DO NOTHING",
            [run_id, now, "; ".join(inputs), json.dumps(settings or {}, default=str)],
        )
    return stale


def journal_path(warehouse: str | Path) -> Path:
    """Failed runs that could not be recorded in the warehouse (it was held past the wait, or
    damaged), one JSON object a line; the next run that opens the warehouse moves them in."""
    warehouse = Path(warehouse)
    return warehouse.with_name(warehouse.name + ".failed-runs.jsonl")


def record_failed_run(path: str | Path, run: dict) -> str:
    """Record `run` (run_id, started_at, inputs, settings, message, counts) as failed in the
    warehouse, else in its journal. Returns where it went. Never writes to a damaged file."""
    run = dict(run, finished_at=_now())
    try:
        verify(path)
        with connect(path, lock_timeout=FAILURE_RECORD_TIMEOUT) as con:
            migrate(con)
            _upsert_failed(con, run)
        return "warehouse"
    except Exception:
        with open(journal_path(path), "a", encoding="utf-8") as f:
            f.write(json.dumps(run, default=str) + "\n")
        return "journal"


def replay_journal(con: duckdb.DuckDBPyConnection, path: str | Path) -> int:
    """Move the journal's failed runs into pipeline_runs (the caller holds the writer lock)."""
    journal = journal_path(path)
    if not journal.exists():
        return 0
    runs = [json.loads(line) for line in journal.read_text(encoding="utf-8").splitlines() if line.strip()]
    with transaction(con):
        for run in runs:
            _upsert_failed(con, run)
    journal.unlink()
    return len(runs)


_RUN_COUNTS = (
    "read",
    "new",
    "replaced",
    "unchanged",
    "quarantined",
    "events",
    "casualties",
    "warnings",
    "failed_batches",
)


def _upsert_failed(con: duckdb.DuckDBPyConnection, run: dict) -> None:
    counts = run.get("counts") or {}
    params = dict(
        run_id=run["run_id"],
        started_at=run.get("started_at") or run["finished_at"],
        finished_at=run["finished_at"],
        inputs=run.get("inputs", ""),
        settings=json.dumps(run.get("settings") or {}, default=str),
        message=str(run.get("message", ""))[:2000],
        **{k: int(counts.get(k, 0)) for k in _RUN_COUNTS},
    )
    con.execute((RUNS_SQL / "record_failed.sql").read_text(encoding="utf-8"), params)


def finish_run(con: duckdb.DuckDBPyConnection, run_id: str, status: str, counts: dict, message: str = "") -> None:
    con.execute(
        "UPDATE pipeline_runs SET finished_at = ?, status = ?, articles_read = ?, articles_new = ?, "
        "articles_replaced = ?, articles_unchanged = ?, articles_quarantined = ?, events = ?, casualties = ?, "
        "warnings = ?, failed_batches = ?, message = ? WHERE run_id = ?",
        [_now(), status, *(counts.get(k, 0) for k in _RUN_COUNTS), message, run_id],
    )


# Settings the checks read, bound as `$name` parameters.
CHECK_DEFAULTS = {"casualty_ceiling": 100_000}


def run_checks(con: duckdb.DuckDBPyConnection, run_id: str, params: dict | None = None) -> list[dict]:
    """Each `sql/checks/*.sql` returns the rows that break a rule among the articles run `run_id`
    loaded; none is a pass. A check's settings (`$casualty_ceiling`, `$run_id`) are bound from
    `params`, never pasted into its SQL. Checking only the run's rows keeps a run's memory and
    time independent of how much the warehouse already holds."""
    params = {**CHECK_DEFAULTS, **(params or {}), "run_id": run_id}
    results = []
    for path in sorted(CHECKS.glob("*.sql")):
        sql = path.read_text(encoding="utf-8")
        severity = "warning" if "-- severity: warning" in sql else "error"
        query = f"SELECT count(*) FROM ({_strip_semicolon(sql)})"
        bound = {k: v for k, v in params.items() if re.search(rf"\${k}\b", query)}
        failures = _count(con, query, bound)
        results.append(
            dict(
                run_id=run_id,
                check_name=path.stem,
                failures=failures,
                severity=severity,
                detail=_first_comment(sql),
                checked_at=_now(),
            )
        )
    if results:
        con.register("incoming", pa.Table.from_pylist(results))
        con.execute(
            "INSERT INTO quality_checks SELECT run_id, check_name, failures, severity, detail, checked_at "
            "FROM incoming ON CONFLICT (run_id, check_name) DO UPDATE SET failures = excluded.failures"
        )
        con.unregister("incoming")
    return results


def _count(con: duckdb.DuckDBPyConnection, query: str, params: dict) -> int:
    """The check's failures. Its connection's cap (CHECKS_SETTINGS) is there to keep a laptop's
    peak down, not to fail a run whose rows are already loaded: a check that cannot run inside
    it runs, and the checks after it, with DuckDB's defaults."""
    try:
        return scalar(con, query, params or None)
    except duckdb.OutOfMemoryException:
        con.execute("SET memory_limit = ?", [_default_memory_limit()])  # RESET does not reach the buffer pool
        con.execute("RESET threads")
        return scalar(con, query, params or None)


def _default_memory_limit() -> str:
    with duckdb.connect() as fresh:
        return scalar(fresh, "SELECT current_setting('memory_limit')")


def _strip_semicolon(sql: str) -> str:
    lines = [line for line in sql.splitlines() if not line.strip().startswith("--")]
    return "\n".join(lines).strip().rstrip(";")


def _first_comment(sql: str) -> str:
    for line in sql.splitlines():
        if line.startswith("--") and "severity:" not in line:
            return line.lstrip("- ").strip()
    return ""


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def unchanged_files(con: duckdb.DuckDBPyConnection, stats: list[dict]) -> dict[str, int]:
    """Of the files (path, size, mtime_ns) given, those loaded whole before and unchanged since:
    path -> the articles they held."""
    if not stats:
        return {}
    con.register("probe_files", pa.Table.from_pylist(stats))
    try:
        return dict(
            con.execute(
                "SELECT f.path, f.articles FROM source_files f JOIN probe_files p "
                "ON f.path = p.path AND f.size = p.size AND f.mtime_ns = p.mtime_ns"
            ).fetchall()
        )
    finally:
        con.unregister("probe_files")


def record_files(con: duckdb.DuckDBPyConnection, rows: list[dict]) -> None:
    """Files read whole and loaded (path, size, mtime_ns, articles)."""
    if not rows:
        return
    con.register("incoming_files", pa.Table.from_pylist([dict(r, recorded_at=_now()) for r in rows]))
    try:
        con.execute(
            "INSERT INTO source_files SELECT DISTINCT ON (path) path, size, mtime_ns, articles, recorded_at "
            "FROM incoming_files ON CONFLICT (path) DO UPDATE SET size = excluded.size, "
            "mtime_ns = excluded.mtime_ns, articles = excluded.articles, recorded_at = excluded.recorded_at"
        )
    finally:
        con.unregister("incoming_files")
