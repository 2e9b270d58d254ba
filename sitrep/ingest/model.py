"""The records the ingest layer hands to the rest of the pipeline."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

# Quarantine reason codes (`quarantine.reason`). A code says what went wrong; `detail` says what
# to do about it. The last two are the pipeline's: an article an extractor raised on, and one
# whose rows the warehouse refused (both are retried by the next run).
REASONS = frozenset(
    {
        "empty",
        "binary",
        "undecodable",
        "too_large",
        "too_long",
        "no_article",
        "no_text_column",
        "bad_row",
        "bad_json",
        "bad_parquet",
        "unreadable",
        "symlink_loop",
        "unsupported",
        "not_a_file",
        "outside_input",
        "extract_failed",
        "load_failed",
        # news feeds (sitrep/ingest/feeds.py): a page gone, a fetch that failed, a page robots.txt
        # keeps sitrep from, a feed that does not parse
        "dead_link",
        "fetch_failed",
        "robots_disallowed",
        "bad_feed",
        # a table's row whose id an earlier row of the same file has, with another text: a row
        # with an id is one article (sitrep/ingest/readers.py, first_per_id)
        "duplicate_id",
    }
)


@dataclass(frozen=True)
class Article:
    article_id: str  # 16 hex of sha256(source file name + text): stable key, see text.article_id
    source_uri: str  # file path as given; tabular: "path#<row number>" or "path#<id>"
    title: str | None
    text: str  # title on the first line, then the body, normalised
    copyright: str | None  # the removed boilerplate lines, joined with "\n"
    publisher: str | None
    published_on: datetime.date | None
    dateline: tuple[int, int] | None  # char span of the dateline inside `text`
    url: str | None
    external_id: str | None
    content_hash: str = ""  # 16 hex of sha256(text): equal for copies of one story
    feed_url: str | None = None  # the news feed it came from (sitrep run --feed)
    source_path: str = ""  # the file's absolute path, or the page's URL (text.source_path)
    # What makes two versions one article: a new text under the same key replaces the old one
    # (sitrep/load/history.py). source_path for a file or page, "source_path#id" for a table's
    # row with an id; None for a row without one (its number shifts when rows are added).
    source_key: str | None = None
    # What was read but not all understood (malformed front matter): the article is coded, and
    # the run logs each warning with the file's name. Not a quarantine: the article is let in.
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class Rejected:
    source_uri: str
    reason: str  # one of REASONS
    detail: str  # one line a human can act on

    def __post_init__(self) -> None:
        if self.reason not in REASONS:
            raise ValueError(f"unknown quarantine reason {self.reason!r}")
        # `detail` lands in one table cell and one log line.
        object.__setattr__(self, "detail", " ".join(str(self.detail).split()))


@dataclass(frozen=True)
class IngestOptions:
    # Applies to single-article files (.txt/.md/.html); tabular files are streamed, so a large
    # collection is fine and only each row is bounded (by max_article_chars).
    max_file_bytes: int = 50_000_000
    max_article_chars: int = 200_000
    # Column overrides for tabular inputs; None = found by common names.
    title_column: str | None = None
    text_column: str | None = None
    date_column: str | None = None
    url_column: str | None = None
    id_column: str | None = None
    publisher_column: str | None = None
    # The caller's reference date: the publication date when neither metadata nor a dateline
    # gives one.
    default_published_on: datetime.date | None = None
    # Where the inputs really are (sitrep.ingest.files.input_roots): a file a link leads to
    # outside them is refused ('outside_input') unless follow_symlinks. Empty: no such check.
    input_roots: tuple[str, ...] = ()
    follow_symlinks: bool = False
