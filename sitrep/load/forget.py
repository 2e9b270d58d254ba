"""`sitrep forget PATH|ID`: take articles out of the warehouse, with every row extracted from
them, in one transaction, under the writer lock a run takes (so it never races one).

Deleting an input file does not delete its article: the warehouse keeps what it coded until it
is told to forget it. A forgotten article goes to `article_history` ('forgotten'), its events
out of their incidents as when an article is replaced (sitrep/load/history.py). Forgetting is not
a block list: its files are no longer counted as loaded, so an input still there is read and
coded again by the next run over it (feed items excepted: a feed's page is fetched once)."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa

from sitrep.load import warehouse as wh
from sitrep.load.history import SQL, Removed, take_out
from sitrep.load.lock import writer_lock


class NothingToForget(wh.WarehouseError):
    """A target that names no article of the warehouse; nothing was forgotten."""


@dataclass
class Forgotten:
    warehouse: str
    articles: list[tuple[str, str, str | None]]  # article_id, source_uri, title; by source_uri
    removed: Removed
    still_there: list[str]  # files of forgotten articles that are still where they were read
    dry_run: bool


def forget(
    warehouse: str | Path,
    targets: list[str],
    dry_run: bool = False,
    wait: float = 0.0,
    on_wait: Callable[[str], None] | None = None,
) -> Forgotten:
    """Forget every article a target names: an article_id, a source_uri ("file.csv#7"), the file,
    table row or page it was read from (the path as given to `sitrep run` or any other way to
    the same file), or a folder (everything read from under it). A target that names nothing
    fails the whole command (NothingToForget) before anything is removed. `dry_run`: the same
    work, rolled back."""
    path = Path(warehouse)
    if not path.is_file():
        raise wh.WarehouseError(f"no warehouse at {path} (give it with --warehouse FILE)")
    with writer_lock(path, wait, on_wait=on_wait):
        wh.verify(path)
        with wh.connect(path) as con:
            wh.migrate(con)
            con.execute("BEGIN TRANSACTION")
            try:
                articles = _matched(con, targets, path)
                still_there = sorted({p for *_, p in articles if "://" not in p and os.path.exists(p)})
                con.execute(_sql("forget_files"))
                removed = take_out(con, "forgotten", None)
                con.execute("ROLLBACK" if dry_run else "COMMIT")
            except BaseException:
                con.execute("ROLLBACK")
                raise
    return Forgotten(str(path), [(a, u, t) for a, u, t, _ in articles], removed, still_there, dry_run)


def _matched(con, targets: list[str], warehouse: Path) -> list[tuple[str, str, str | None, str]]:
    """The articles the targets name, into the temp table `leaving` (sql/history/forget_matches.sql),
    and each one's (article_id, source_uri, title, source_path). NothingToForget if a target
    names none."""
    rows = [(t, value, kind) for t in targets for value, kind in _values(t)]
    con.register(
        "forget_targets",
        pa.table({"target": [r[0] for r in rows], "value": [r[1] for r in rows], "kind": [r[2] for r in rows]}),
    )
    try:
        con.execute(_sql("forget_matches"))
    finally:
        con.unregister("forget_targets")
    named = {r[0] for r in con.execute("SELECT DISTINCT target FROM forget_matches").fetchall()}
    unknown = [t for t in targets if t not in named]
    if unknown:
        raise NothingToForget(
            f"nothing in {warehouse} matches "
            + ", ".join(repr(t) for t in unknown)
            + " (give an article_id, a source_uri, or a file or folder as sitrep run read it); nothing was forgotten"
        )
    return con.execute(
        "SELECT a.article_id, a.source_uri, a.title, coalesce(a.source_path, a.source_uri) "
        "FROM articles a SEMI JOIN leaving USING (article_id) ORDER BY a.source_uri"
    ).fetchall()


def _values(target: str) -> list[tuple[str, str]]:
    """What a target is looked up as: itself, and, for a path, the path made absolute; and the
    folder it would be, for the articles read from under it."""
    forms = [target] if "://" in target else list(dict.fromkeys([target, os.path.abspath(os.path.expanduser(target))]))
    return [(f, "exact") for f in forms] + [(f.rstrip("/") + "/", "under") for f in forms]


def _sql(name: str) -> str:
    return (SQL / f"{name}.sql").read_text(encoding="utf-8")
