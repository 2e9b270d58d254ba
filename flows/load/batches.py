"""Coded articles -> one pyarrow table per warehouse table (the batch format between steps)."""
from __future__ import annotations

import datetime as dt

import pyarrow as pa

from flows.extract.article import CodedArticle
from flows.ingest import Article

_CHILD_TABLES = ("sentences", "actor_mentions", "place_mentions", "events", "casualties", "quotes")


def to_tables(articles: list[Article], coded: list[CodedArticle], run_id: str) -> dict[str, pa.Table]:
    now = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
    tables = {"articles": pa.Table.from_pylist([_article_row(a, now, run_id) for a in articles],
                                               schema=_ARTICLE_SCHEMA)}
    for name in _CHILD_TABLES:
        rows = [r for c in coded for r in getattr(c, name)]
        if rows:
            tables[name] = pa.Table.from_pylist(rows)
    dates = [r for c in coded for r in c.dates]
    if dates:
        tables["date_mentions"] = pa.Table.from_pylist(dates)
    places = {r["place_id"]: r for c in coded for r in c.places}
    if places:
        tables["places"] = pa.Table.from_pylist(list(places.values()), schema=_PLACE_SCHEMA)
    actors = {r["actor_id"]: r for c in coded for r in c.new_actors}
    if actors:
        tables["actors"] = pa.Table.from_pylist(list(actors.values()))
    return tables


def _article_row(a: Article, now: dt.datetime, run_id: str) -> dict:
    return dict(article_id=a.article_id, content_hash=a.content_hash, source_uri=a.source_uri, title=a.title, publisher=a.publisher,
                published_on=a.published_on, copyright=a.copyright, text=a.text, url=a.url,
                external_id=a.external_id, ingested_at=now, run_id=run_id)


_ARTICLE_SCHEMA = pa.schema([
    ("article_id", pa.string()), ("content_hash", pa.string()), ("source_uri", pa.string()), ("title", pa.string()),
    ("publisher", pa.string()), ("published_on", pa.date32()), ("copyright", pa.string()),
    ("text", pa.string()), ("url", pa.string()), ("external_id", pa.string()),
    ("ingested_at", pa.timestamp("us")), ("run_id", pa.string()),
])
_PLACE_SCHEMA = pa.schema([
    ("place_id", pa.string()), ("name", pa.string()), ("place_type", pa.string()),
    ("country_code", pa.string()), ("admin1_name", pa.string()), ("latitude", pa.float64()),
    ("longitude", pa.float64()), ("geonames_id", pa.int64()),
])
