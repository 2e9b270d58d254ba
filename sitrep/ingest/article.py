"""`make_article`: the one normalisation path every reader goes through, so an article's text,
id, dateline and publisher do not depend on the format it came in."""

from __future__ import annotations

import re

from sitrep.ingest.datelines import find_dateline, parse_date_value
from sitrep.ingest.model import Article, IngestOptions, Rejected
from sitrep.ingest.publishers import find_publisher
from sitrep.ingest.text import article_id, content_hash, normalise_lines, source_path, split_boilerplate

# Whitespace normalisation can shrink a text, but not by this much: a raw body this many
# times over the limit is rejected before the work of normalising it.
_RAW_SLACK = 4

# make_article's default source key: the article's source path (a file or a page is one article).
SAME_AS_PATH = "same as source_path"


def _optional(value: object) -> str | None:
    if value is None:
        return None
    text = " ".join(str(value).split())
    return text or None


def make_article(
    raw_title: str | None,
    raw_body: str,
    *,
    source_uri: str,
    # What a column or metadata held, of any type (a table's cell may be a number or a
    # timestamp): normalised below, by _optional and parse_date_value.
    publisher: object = None,
    published_on: object = None,
    url: object = None,
    external_id: object = None,
    feed_url: str | None = None,
    options: IngestOptions = IngestOptions(),
    body_may_lack_title: bool = False,
    path: str | None = None,
    source_key: str | None = SAME_AS_PATH,
    warnings: tuple[str, ...] = (),
) -> Article | Rejected:
    """Normalise a title and body into an Article, or say why not.

    `published_on` and `publisher` are what metadata or a column said: the metadata date wins
    over the body's dateline, but a publisher the text names (copyright line, wire credit)
    wins over the metadata's. With no title given, the body's first line is the title (a text
    file's layout); where the body may lack one (a table with no title column) and its first
    line reads as prose, not a headline, the article has an empty title line instead.

    `path` is the file the article was read from where `source_uri` is more (a table's
    "file#row"); `source_key` what makes two versions one article (Article.source_key): by
    default its path, the file or page. `warnings` says what of the input's metadata could not
    be read; the article keeps them."""
    raw_body = raw_body or ""
    if len(raw_body) + len(raw_title or "") > _RAW_SLACK * options.max_article_chars:
        return Rejected(
            source_uri,
            "too_long",
            f"{len(raw_body):,} characters; the limit is {options.max_article_chars:,} "
            "(raise max_article_chars, sitrep run --max-article-chars, to accept it)",
        )
    title_lines = normalise_lines(raw_title or "")
    lines = ([" ".join(title_lines)] if title_lines else []) + normalise_lines(raw_body)
    kept, removed = split_boilerplate(lines)
    if not kept:
        what = "only boilerplate" if removed else "no text"
        return Rejected(source_uri, "empty", f"{what} after normalising whitespace; nothing to analyse")
    # Line 0 of `text` is always the title (sentence 0 downstream), empty if there is none.
    if not title_lines and body_may_lack_title and not looks_like_headline(kept[0]):
        kept.insert(0, "")
    title = kept[0]
    text = "\n".join(kept)
    if len(text) > options.max_article_chars:
        return Rejected(
            source_uri,
            "too_long",
            f"{len(text):,} characters after normalising; the limit is "
            f"{options.max_article_chars:,} (raise max_article_chars, sitrep run --max-article-chars, to accept it)",
        )
    # A dateline without a year ("BEIRUT, May 3 (Reuters) -") takes it from the reference date.
    dateline = find_dateline(text, options.default_published_on)
    body_start = len(title) + 1
    body_text = text[body_start:]
    dateline_in_body = dateline.span[0] - body_start if dateline and dateline.span[0] >= body_start else None
    return Article(
        article_id=article_id(text, source_uri),
        source_uri=source_uri,
        title=title or None,
        text=text,
        copyright="\n".join(removed) or None,
        publisher=find_publisher(title, body_text, removed, dateline_in_body) or _optional(publisher),
        published_on=(
            parse_date_value(published_on) or (dateline.date if dateline else None) or options.default_published_on
        ),
        dateline=dateline.span if dateline else None,
        url=_optional(url),
        external_id=_optional(external_id),
        content_hash=content_hash(text),
        feed_url=feed_url,
        source_path=source_path(path or source_uri),
        source_key=source_path(path or source_uri) if source_key == SAME_AS_PATH else source_key,
        warnings=tuple(warnings),
    )


# A headline is one short line that does not end like a sentence of prose.
_HEADLINE_MAX_CHARS = 200


def looks_like_headline(line: str) -> bool:
    """ "Blast kills 12 in Kabul" is a headline; "On 9 May, gunmen killed two. One fled." is not."""
    line = line.strip()
    if len(line) > _HEADLINE_MAX_CHARS or line.endswith((".", '."', ".”", ".'")):
        return False
    return not _SENTENCE_BREAK.search(line)


_SENTENCE_BREAK = re.compile(r"[a-z0-9)][.!?][\"”’']?\s+[A-Z]")
