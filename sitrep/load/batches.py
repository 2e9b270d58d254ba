"""Coded articles -> one pyarrow table per warehouse table (the batch format between steps)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import pyarrow as pa
import pyarrow.compute as pc

from sitrep.extract.article import CodedArticle
from sitrep.ingest import Article, Rejected


class CodedBatch:
    """A batch's rows as Arrow tables, built where the batch was coded (a worker process), so
    that only column buffers cross between processes: pickling the rows as dicts cost the flow
    3x the CPU of building the tables. Opaque to Prefect, like `sitrep.handoff.Batch`."""

    __slots__ = ("casualties", "events", "failed", "tables", "warnings")

    def __init__(
        self,
        tables: dict[str, pa.Table],
        failed: Sequence[Rejected] = (),
        events: int = 0,
        casualties: int = 0,
        warnings: int = 0,
    ):
        self.tables, self.failed = tables, list(failed)
        self.events, self.casualties, self.warnings = events, casualties, warnings

    @classmethod
    def of(
        cls, articles: list[Article], coded: list[CodedArticle], run_id: str, failed: Sequence[Rejected] = ()
    ) -> CodedBatch:
        return cls(
            to_tables(articles, coded, run_id),
            failed,
            sum(len(c.events) for c in coded),
            sum(len(c.casualties) for c in coded),
            sum(len(c.warnings) for c in coded),
        )

    @classmethod
    def merge(cls, parts: list[CodedBatch]) -> CodedBatch:
        """Parts in order; a column that is all NULL in one part takes its type from the others."""
        names = list(dict.fromkeys(name for part in parts for name in part.tables))
        tables = {
            name: pa.concat_tables([p.tables[name] for p in parts if name in p.tables], promote_options="default")
            for name in names
        }
        for name, key in _SHARED_TABLES.items():  # every part lists the places it used
            if name in tables:
                tables[name] = _first_per_key(tables[name], key)
        return cls(
            tables,
            [r for p in parts for r in p.failed],
            sum(p.events for p in parts),
            sum(p.casualties for p in parts),
            sum(p.warnings for p in parts),
        )

    @property
    def article_ids(self) -> list[str]:
        return self.tables["articles"].column("article_id").to_pylist() if "articles" in self.tables else []

    def __len__(self) -> int:
        return len(self.article_ids)

    def only(self, article_id: str) -> dict[str, pa.Table]:
        """One article's rows (and the shared places and actors, which load idempotently)."""
        return {
            name: (t.filter(pc.equal(t["article_id"], article_id)) if "article_id" in t.column_names else t)
            for name, t in self.tables.items()
        }


# Reference rows a batch carries for the articles that use them, keyed. Actors are never among
# them: the warehouse holds the catalogue's, loaded whole (warehouse.load_reference).
_SHARED_TABLES = {"places": "place_id"}


def _first_per_key(table: pa.Table, key: str) -> pa.Table:
    seen: set = set()
    keep = []
    for i, k in enumerate(table.column(key).to_pylist()):
        if k not in seen:
            seen.add(k)
            keep.append(i)
    return table.take(keep) if len(keep) < table.num_rows else table


_CHILD_TABLES = ("sentences", "actor_mentions", "place_mentions", "events", "casualties", "quotes")


def to_tables(articles: list[Article], coded: list[CodedArticle], run_id: str) -> dict[str, pa.Table]:
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    tables = {
        "articles": pa.Table.from_pylist([_article_row(a, now, run_id) for a in articles], schema=_ARTICLE_SCHEMA)
    }
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
    return tables


def _article_row(a: Article, now: dt.datetime, run_id: str) -> dict:
    return dict(
        article_id=a.article_id,
        content_hash=a.content_hash,
        source_uri=a.source_uri,
        title=a.title,
        publisher=a.publisher,
        published_on=a.published_on,
        copyright=a.copyright,
        text=a.text,
        url=a.url,
        external_id=a.external_id,
        ingested_at=now,
        run_id=run_id,
        feed_url=a.feed_url,
        source_path=a.source_path,
        source_key=a.source_key,
    )


_ARTICLE_SCHEMA = pa.schema(
    [
        ("article_id", pa.string()),
        ("content_hash", pa.string()),
        ("source_uri", pa.string()),
        ("title", pa.string()),
        ("publisher", pa.string()),
        ("published_on", pa.date32()),
        ("copyright", pa.string()),
        ("text", pa.string()),
        ("url", pa.string()),
        ("external_id", pa.string()),
        ("ingested_at", pa.timestamp("us")),
        ("run_id", pa.string()),
        ("feed_url", pa.string()),
        ("source_path", pa.string()),
        ("source_key", pa.string()),
    ]
)
_PLACE_SCHEMA = pa.schema(
    [
        ("place_id", pa.string()),
        ("name", pa.string()),
        ("place_type", pa.string()),
        ("country_code", pa.string()),
        ("admin1_name", pa.string()),
        ("latitude", pa.float64()),
        ("longitude", pa.float64()),
        ("geonames_id", pa.int64()),
        ("geo_precision", pa.int64()),
    ]
)
