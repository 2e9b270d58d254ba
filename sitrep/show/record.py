"""What the warehouse holds of one article, as one dict: the queries of sql/show/, run read-only
on one connection (so they see one state of the warehouse and share one --timeout)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sitrep.errors import SitrepError
from sitrep.load.readers import DEFAULT_TIMEOUT, Read, reading
from sitrep.load.warehouse import SQL_DIR

SHOW_SQL = SQL_DIR / "show"
# sql/show/find_article.sql's rules, by number: how ARTICLE named the article.
MATCH_RULES = {1: "article_id", 2: "source_uri or url", 3: "file name", 4: "title"}
# The sections of a record after `article`, each one query of sql/show/ (events is split in two).
LISTS = ("casualties", "places", "actors", "quotes", "dates", "sentences")


class NoSuchArticle(SitrepError, LookupError):
    """ARTICLE names no article in the warehouse."""


class AmbiguousArticle(SitrepError, LookupError):
    """ARTICLE names several articles by the same rule; `matches` lists the latest 20 of them."""

    def __init__(self, article: str, rule: str, matches: list[dict], total: int):
        super().__init__(f"{total} articles match {article!r} by {rule}")
        self.article, self.rule, self.matches, self.total = article, rule, matches, total


def article_record(
    warehouse: str | Path, article: str, timeout: float = DEFAULT_TIMEOUT, memory_limit: str | None = None
) -> dict:
    """The article ARTICLE names (an article_id, a source_uri or url, a file name with or without
    its extension, or a fragment of its title, tried in that order) with every row coded from it.
    Keys are those of the sql/show/ queries' columns; offsets index `article.text`."""
    article = article.strip()
    if not article:
        raise NoSuchArticle("name an article: its id, file name, URL or words of its title")
    with reading(warehouse, timeout, memory_limit) as read:
        found = find_article(read, article)
        article_row = _rows(read, "article", found["article_id"])[0]
        text = article_row.pop("text")  # last, after the short values
        record: dict[str, Any] = {"article": {**article_row, "matched_by": MATCH_RULES[found["rule"]], "text": text}}
        events = _rows(read, "events", found["article_id"])
        record["primary_event"] = next((e for e in events if e["is_primary"]), None)
        record["other_events"] = [e for e in events if not e["is_primary"]]
        for name in LISTS:
            record[name] = _rows(read, name, found["article_id"])
    return record


def find_article(read: Read, article: str) -> dict:
    """The one article `article` names; NoSuchArticle or AmbiguousArticle otherwise."""
    matches = _rows(read, "find_article", article, param="q")
    if not matches:
        raise NoSuchArticle(
            f"no article matches {article!r} (by id, source, URL, file name or title); "
            "'sitrep sql \"SELECT article_id, title, source_uri FROM articles\"' lists them"
        )
    if matches[0]["matches"] > 1:
        raise AmbiguousArticle(article, MATCH_RULES[matches[0]["rule"]], matches, matches[0]["matches"])
    return matches[0]


def _rows(read: Read, name: str, value: str, param: str = "id") -> list[dict]:
    columns, rows = read((SHOW_SQL / f"{name}.sql").read_text(encoding="utf-8"), {param: value})
    return [dict(zip(columns, row, strict=False)) for row in rows]
