"""Read-only access for reports and `sitrep sql`.

Three layers keep a query from writing, each enough on its own for the warehouse file:
1. the statement filter: DuckDB's own parser splits the SQL, and only SELECT-like statements
   (SELECT, WITH, FROM-first, DESCRIBE, SHOW, SUMMARIZE, VALUES) and EXPLAIN [ANALYZE] of one
   of them get through (EXPLAIN ANALYZE runs what it explains: `EXPLAIN ANALYZE COPY ... TO
   'warehouse.duckdb'` overwrote the warehouse);
2. the engine: the connection is read-only, external access is off, and DuckDB's local file
   system is switched off altogether once the file is open. External access alone still lets a
   connection open the database's own paths (the file, its `.wal`, its temp folder); with the
   local file system off DuckDB cannot open any file by name, so it never spills to disk either
   (a query over `memory_limit` fails). The configuration is locked before any user SQL runs;
3. the process (sitrep/sandbox.py): `sitrep sql` and `sitrep report` give up, through Landlock,
   the right to open any file for writing, create, truncate or remove one, where the kernel has
   Landlock.

A reader holds the file only for one query (or, with `reading`, for a few that share one
deadline), stopped after `timeout` seconds through DuckDB's `interrupt()` (Ctrl-C stops it the
same way), so it never keeps a run out for longer than that; when a run holds the file, the
reader retries with backoff (DuckDB does not wait on a lock)."""

from __future__ import annotations

import os
import re
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from sitrep.load.timeouts import DEFAULT_TIMEOUT
from sitrep.load.warehouse import WarehouseError

# Set at open, so no statement ever runs with them on.
_READER_CONFIG: dict[str, str | bool | int | float | list[str]] = {
    "enable_external_access": False,
    "autoload_known_extensions": False,
    "autoinstall_known_extensions": False,
}
# DuckDB refuses these before the database is started, so they follow the open; the lock comes
# last, and stops SET/RESET/PRAGMA from undoing any of them.
_LOCKDOWN = ("SET disabled_filesystems = 'LocalFileSystem'", "SET lock_configuration = true")

# After interrupt(), DuckDB stops at its next check, within milliseconds; this bounds a wait on
# a query that does not.
_STOP_GRACE = 10.0

_SELECT = duckdb.StatementType.SELECT
_EXPLAIN = duckdb.StatementType.EXPLAIN
_ALLOWED_TEXT = "SELECT, WITH, FROM, DESCRIBE, SHOW, SUMMARIZE, VALUES, and EXPLAIN of those"


class QueryRefused(WarehouseError):
    """The SQL would do something other than read the warehouse."""


class QueryTimedOut(WarehouseError):
    """The query ran past its timeout and was stopped."""


def default_memory_limit() -> str:
    """A quarter of the machine's memory (DuckDB's own default is 80%)."""
    total = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    return f"{max(total // 4, 64 << 20) >> 20}MiB"


Rows = tuple[list[str], list[tuple]]
Read = Callable[..., Rows]


def read_query(
    warehouse: str | Path,
    query: str,
    params: list | dict | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    memory_limit: str | None = None,
    attempts: int = 12,
    first_wait: float = 0.25,
    arrow: bool = False,
) -> Rows:
    """Run one read-only query; `params` are bound to its `?` or `$name` placeholders. The
    query is stopped after `timeout` seconds (QueryTimedOut) or at Ctrl-C (KeyboardInterrupt).
    Its rows as tuples, or with `arrow` as one pyarrow Table (DuckDB's own column types)."""
    with reading(warehouse, timeout, memory_limit, attempts, first_wait) as read:
        return read(query, params, arrow)


@contextmanager
def reading(
    warehouse: str | Path,
    timeout: float = DEFAULT_TIMEOUT,
    memory_limit: str | None = None,
    attempts: int = 12,
    first_wait: float = 0.25,
) -> Iterator[Read]:
    """`read(query, params)` for several read-only queries on one connection, each guarded as
    `read_query`'s. They see one state of the warehouse (no run can commit while a reader has
    the file open) and share one deadline: together they hold the file `timeout` seconds at most."""
    path = Path(warehouse)
    if not path.exists():
        raise WarehouseError(f"no warehouse at {path}; create it with 'sitrep run' or pass --warehouse")
    con = open_reader(path, attempts, first_wait, memory_limit)
    deadline = time.monotonic() + timeout

    def read(query: str, params: list | dict | None = None, arrow: bool = False) -> Rows:
        try:
            refuse_non_queries(con, query)
            return _run_stoppable(con, query, params or None, deadline - time.monotonic(), timeout, arrow)
        except duckdb.Error as e:
            raise WarehouseError(f"query failed: {_explain_error(e)}") from e

    try:
        yield read
    finally:
        con.close()


def open_reader(
    path: Path, attempts: int = 12, first_wait: float = 0.25, memory_limit: str | None = None
) -> duckdb.DuckDBPyConnection:
    """The locked-down read-only connection. While a run holds the file (one task at a time,
    seconds at most), retry with backoff capped at 2 s, ~18 s in all: a run's tasks leave gaps
    between them, and frequent tries find one."""
    config = {**_READER_CONFIG, "memory_limit": memory_limit or default_memory_limit()}
    wait = first_wait
    for attempt in range(attempts):
        try:
            con = duckdb.connect(str(path), read_only=True, config=config)
            break
        except duckdb.InvalidInputException as e:
            raise WarehouseError(f"bad setting: {str(e).splitlines()[0]}") from e
        except duckdb.IOException as e:
            if "lock" not in str(e).lower():
                raise WarehouseError(f"cannot open {path}: {str(e).splitlines()[0]}") from e
            if attempt == attempts - 1:
                raise WarehouseError(f"{path} is busy (a run is loading); try again in a moment") from e
            time.sleep(wait)
            wait = min(wait * 2, 2.0)
    try:
        for statement in _LOCKDOWN:
            con.execute(statement)
    except BaseException:
        con.close()
        raise
    return con


def refuse_non_queries(con: duckdb.DuckDBPyConnection, query: str) -> None:
    """Raise QueryRefused unless every statement only reads, as DuckDB's parser sees it."""
    statements = con.extract_statements(query)
    if not statements:
        raise QueryRefused("no SQL statement given")
    for statement in statements:
        if statement.type == _SELECT:
            continue
        if statement.type == _EXPLAIN and _explained_is_a_query(con, statement.query):
            continue
        word = _first_word(statement.query) or statement.type.name
        if statement.type == _EXPLAIN:
            word = "EXPLAIN of anything but a query"
        raise QueryRefused(
            f"{word} is refused: the warehouse is read-only here; sitrep sql and reports run queries ({_ALLOWED_TEXT})"
        )


def _explained_is_a_query(con: duckdb.DuckDBPyConnection, text: str) -> bool:
    """EXPLAIN [ANALYZE] [(options)] STATEMENT: true when STATEMENT is one SELECT-like statement.
    DuckDB's tokenizer finds the words, so comments cannot hide one."""
    tokens = [(start, _token_at(text, start)) for start, _ in duckdb.tokenize(text)]
    i = 0
    if i < len(tokens) and tokens[i][1].upper() == "EXPLAIN":
        i += 1
    if i < len(tokens) and tokens[i][1].upper() in ("ANALYZE", "ANALYSE"):
        i += 1
    elif i < len(tokens) and tokens[i][1] == "(":
        depth = 0
        while i < len(tokens):
            depth += {"(": 1, ")": -1}.get(tokens[i][1], 0)
            i += 1
            if depth == 0:
                break
    if i >= len(tokens):
        return False
    inner = con.extract_statements(text[tokens[i][0] :])
    return len(inner) == 1 and inner[0].type == _SELECT


_TOKEN = re.compile(r"\w+|\S")


def _first_word(text: str) -> str:
    tokens = duckdb.tokenize(text)
    return _token_at(text, tokens[0][0]).upper() if tokens else ""


def _token_at(text: str, start: int) -> str:
    m = _TOKEN.match(text, start)
    assert m is not None  # DuckDB's tokens start at a character that is not a space
    return m.group()


def _timed_out(seconds: float) -> QueryTimedOut:
    return QueryTimedOut(f"query stopped after {seconds:g} s (--timeout SECONDS allows longer)")


def _run_stoppable(
    con: duckdb.DuckDBPyConnection,
    query: str,
    params,
    timeout: float,
    allowed: float | None = None,
    arrow: bool = False,
) -> Rows:
    """The query runs on a thread while this one waits, so that a timeout or Ctrl-C can stop it
    with interrupt(): a query blocks its own thread inside DuckDB, where no signal reaches it.
    `allowed` is the user's whole timeout where `timeout` is what is left of it."""
    outcome: dict = {}
    finished = threading.Event()

    def work() -> None:
        started = time.monotonic()
        try:
            cursor = con.execute(query, params)
            outcome["columns"] = [d[0] for d in cursor.description] if cursor.description else []
            outcome["rows"] = cursor.to_arrow_table() if arrow else cursor.fetchall()
        except BaseException as e:
            outcome["error"] = e
        finally:
            outcome["took"] = time.monotonic() - started
            finished.set()

    worker = threading.Thread(target=work, name="sitrep-query", daemon=True)
    deadline = time.monotonic() + timeout
    try:
        worker.start()  # inside: a Ctrl-C while start() waits must still stop the query
        while not finished.is_set():
            left = deadline - time.monotonic()
            if left <= 0:
                _stop(con, worker, finished)
                raise _timed_out(allowed or timeout)
            finished.wait(min(left, 0.2))
    except KeyboardInterrupt:
        _stop(con, worker, finished)
        raise
    if "error" in outcome:
        raise outcome["error"]
    # A query that outran its time but finished before this thread looked (a busy machine
    # schedules the waiting thread late) is over its limit all the same: the limit, not the
    # scheduler, decides.
    if outcome["took"] > timeout:
        raise _timed_out(allowed or timeout)
    return outcome["columns"], outcome["rows"]


def _stop(con: duckdb.DuckDBPyConnection, worker: threading.Thread, finished: threading.Event) -> None:
    """Interrupt until the query's thread is done: a Ctrl-C in the instant before its query
    began would otherwise interrupt nothing, and the query would then run to its end (holding
    the exit). Done is the thread's own word (an Event): after a join that Ctrl-C interrupted,
    Thread.is_alive() can wrongly say False on this Python. A thread never started has nothing
    to stop."""
    if worker.ident is None:
        return
    deadline = time.monotonic() + _STOP_GRACE
    while not finished.is_set() and time.monotonic() < deadline:
        con.interrupt()
        finished.wait(0.05)


def _explain_error(e: duckdb.Error) -> str:
    line = str(e).splitlines()[0]
    if "LocalFileSystem has been disabled" in line:
        return (
            f"{line} (sitrep sql opens no file by name, and never spills to disk: a query must fit in --memory-limit)"
        )
    return line
