"""The warehouse's memory of news feeds (tables `feeds` and `feed_items`, sql/feeds/): what a
run reads before it polls, and writes once its articles are loaded."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence

import duckdb
import pyarrow as pa

from sitrep.ingest.feeds import MAX_ATTEMPTS, FeedItem, FeedPoll, FeedState, Harvest
from sitrep.load.warehouse import SQL_DIR, _now, transaction

_SQL = SQL_DIR / "feeds"


def _sql(name: str) -> str:
    return (_SQL / f"{name}.sql").read_text(encoding="utf-8")


def feed_states(con: duckdb.DuckDBPyConnection, urls: list[str]) -> dict[str, FeedState]:
    """Every feed's remembered state; a feed never polled gets a blank one."""
    con.register("wanted_feeds", pa.table({"feed_url": pa.array(urls, pa.string())}))
    try:
        rows = con.execute(_sql("states")).fetchall()
    finally:
        con.unregister("wanted_feeds")
    known = {r[0]: FeedState(*r) for r in rows}
    return {u: known.get(u, FeedState(u)) for u in urls}


_ITEM_SCHEMA = pa.schema(
    [("item_key", pa.string()), ("feed_url", pa.string()), ("guid", pa.string()), ("url", pa.string())]
)


def unseen_items(
    con: duckdb.DuckDBPyConnection, items: list[FeedItem], feed_urls: Sequence[str] = ()
) -> list[FeedItem]:
    """The items whose pages this run fetches, each with its try's number: the feeds' items
    the warehouse has not seen, and the earlier items of `feed_urls` whose fetch may pass now."""
    retries = _retries(con, list(feed_urls)) if feed_urls else []
    if not items:
        return retries
    con.register(
        "incoming_items",
        pa.Table.from_pylist(
            [dict(item_key=i.key, feed_url=i.feed_url, guid=i.guid, url=i.url) for i in items], schema=_ITEM_SCHEMA
        ),
    )
    try:
        attempts = dict(con.execute(_sql("unseen_items"), {"max_attempts": MAX_ATTEMPTS}).fetchall())
    finally:
        con.unregister("incoming_items")
    fresh = [dataclasses.replace(i, attempts=attempts[i.key]) for i in items if i.key in attempts]
    keys = {i.key for i in fresh}
    return fresh + [r for r in retries if r.key not in keys]


def _retries(con: duckdb.DuckDBPyConnection, feed_urls: list[str]) -> list[FeedItem]:
    con.register("wanted_feeds", pa.table({"feed_url": pa.array(feed_urls, pa.string())}))
    try:
        found = con.execute(_sql("retry_items"), {"max_attempts": MAX_ATTEMPTS}).fetchall()
    finally:
        con.unregister("wanted_feeds")
    return [
        FeedItem(feed_url=f, key=k, url=u, guid=g, title=t, published=p, attempts=n) for k, f, u, g, t, p, n in found
    ]


_POLL_SCHEMA = pa.schema(
    [
        ("feed_url", pa.string()),
        ("title", pa.string()),
        ("site_url", pa.string()),
        ("etag", pa.string()),
        ("last_modified", pa.string()),
        ("checked_at", pa.timestamp("us")),
        ("failed", pa.bool_()),
        ("status", pa.string()),
        ("error", pa.string()),
        ("consecutive_failures", pa.int32()),
        ("next_check_after", pa.timestamp("us")),
        ("items_seen", pa.int32()),
    ]
)
_FETCHED_SCHEMA = pa.schema(
    [
        ("item_key", pa.string()),
        ("feed_url", pa.string()),
        ("guid", pa.string()),
        ("url", pa.string()),
        ("title", pa.string()),
        ("published", pa.timestamp("us")),
        ("article_id", pa.string()),
        ("reason", pa.string()),
        ("transient", pa.bool_()),
        ("attempts", pa.int32()),
    ]
)


def record_harvest(con: duckdb.DuckDBPyConnection, harvest: Harvest, new_keys: dict[str, int]) -> None:
    """Every polled feed's new state and every fetched item's outcome, in one transaction.
    `new_keys`: per feed, how many of its items this run saw for the first time."""
    polls = [p for p in harvest.polls if p.status != "resting"]
    with transaction(con):
        if polls:
            _upsert(
                con,
                "incoming_polls",
                pa.Table.from_pylist([_poll_row(p, new_keys) for p in polls], schema=_POLL_SCHEMA),
                "record_feeds",
                {},
            )
        if harvest.fetched:
            rows = [
                dict(
                    item_key=item.key,
                    feed_url=item.feed_url,
                    guid=item.guid,
                    url=item.url,
                    title=item.title,
                    published=item.published,
                    article_id=article_id,
                    reason=rejected.reason if rejected else None,
                    transient=transient,
                    attempts=item.attempts,
                )
                for item, article_id, rejected, transient in harvest.fetched
            ]
            _upsert(
                con,
                "incoming_fetched",
                pa.Table.from_pylist(rows, schema=_FETCHED_SCHEMA),
                "record_items",
                {"now": _now()},
            )


def _upsert(con, name: str, table: pa.Table, sql: str, params: dict) -> None:
    con.register(name, table)
    try:
        con.execute(_sql(sql), params)
    finally:
        con.unregister(name)


def _poll_row(p: FeedPoll, new_keys: dict[str, int]) -> dict:
    return dict(
        feed_url=p.feed_url,
        title=p.title,
        site_url=p.site_url,
        etag=p.etag,
        last_modified=p.last_modified,
        checked_at=p.checked_at,
        failed=p.failed,
        status=p.status,
        error=p.error,
        consecutive_failures=p.consecutive_failures,
        next_check_after=p.next_check_after,
        items_seen=new_keys.get(p.feed_url, 0),
    )


def failing_feeds(con: duckdb.DuckDBPyConnection, urls: list[str], threshold: int) -> list[dict]:
    """This run's feeds that have failed `threshold` times or more in a row."""
    states = feed_states(con, urls)
    return [
        dict(feed_url=s.feed_url, consecutive_failures=s.consecutive_failures, next_check_after=s.next_check_after)
        for s in states.values()
        if s.consecutive_failures >= threshold
    ]


def utc_now() -> dt.datetime:
    return _now()
