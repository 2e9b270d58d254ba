"""`read_articles`: one reader per format, each turning a file into Articles and Rejecteds.

A reader never raises for bad input: the pipeline quarantines what it cannot read and goes on
with the rest."""

from __future__ import annotations

import datetime
import errno
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import TypeGuard

from sitrep.ingest import tabular
from sitrep.ingest.article import make_article
from sitrep.ingest.decoding import DecodeError, decode_text, looks_binary
from sitrep.ingest.files import Refused, open_regular
from sitrep.ingest.frontmatter import split_front_matter
from sitrep.ingest.model import Article, IngestOptions, Rejected

Result = Iterator[Article | Rejected]

# htmldate's extensive search reads years out of page footers ("© 2024" became 2024-01-01 in a
# test): only dates the page declares (meta tags, JSON-LD, <time>) are publication dates.
_HTML_DATE_PARAMS = {"extensive_search": False, "original_date": True}


def os_rejected(uri: str, error: OSError) -> Rejected:
    if error.errno == errno.ELOOP:
        return Rejected(uri, "symlink_loop", f"symbolic links loop: {error.strerror}")
    return Rejected(uri, "unreadable", f"{error.strerror or error} (moved, deleted or not permitted?)")


def _read_bounded(path: Path, uri: str, options: IngestOptions) -> bytes | Rejected:
    """The file's bytes, the size checked before reading (a single article is never 50 MB)."""
    limit = options.max_file_bytes
    with open_regular(path, options) as f:
        size = os.fstat(f.fileno()).st_size
        if size > limit:
            return Rejected(
                uri,
                "too_large",
                f"{size:,} bytes; the limit is {limit:,} (raise max_file_bytes, sitrep run --max-file-mb)",
            )
        data = f.read(limit + 1)
    if len(data) > limit:  # grew since the stat
        return Rejected(uri, "too_large", f"over {limit:,} bytes (raise max_file_bytes, sitrep run --max-file-mb)")
    if not data.strip():
        return Rejected(uri, "empty", "the file is empty or only whitespace")
    return data


def _decoded(path: Path, uri: str, options: IngestOptions) -> str | Rejected:
    data = _read_bounded(path, uri, options)
    if isinstance(data, Rejected):
        return data
    try:
        return decode_text(data)[0]
    except DecodeError as e:
        return Rejected(uri, e.reason, e.detail)


_MD_IMAGE = re.compile(r"!\[[^\]\n]*\]\([^)\n]*\)")
_MD_LINK = re.compile(r"\[([^\]\n]+)\]\([^)\n]*\)")
_MD_HEADING = re.compile(r"^[ \t]{0,3}#{1,6}[ \t]+|[ \t]+#+[ \t]*$", re.MULTILINE)
_MD_STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
# A rule ("---", "***", "* * *") or a heading's underline ("====="): a line of one mark.
_RULE_LINE = re.compile(r"[ \t]{0,3}([-*_=])(?:[ \t]*\1){2,}[ \t]*(?:\r?\n|$)")
_MD_HEADING_LINE = re.compile(r"#{1,6}[ \t]+\S")


def _strip_markdown(text: str) -> str:
    """Markup that would otherwise end up inside sentences and offsets."""
    text = _MD_IMAGE.sub("", text)
    text = _MD_LINK.sub(r"\1", text)
    text = _MD_HEADING.sub("", text)
    return _MD_STRONG.sub(r"\2", text)


def read_text(path: Path, uri: str, options: IngestOptions) -> Result:
    """.txt/.md: the front matter if the file opens with one (frontmatter.py), then the first
    non-empty line is the title and the rest the body.

    With front matter, its title is the title, and the body's first line stays body text
    unless it repeats that title; where the front matter has none, a Markdown heading opening
    the body is the title, and a first line of prose is no title at all."""
    text = _decoded(path, uri, options)
    if isinstance(text, Rejected):
        yield text
        return
    front, text = split_front_matter(text)
    markdown = path.suffix.lower() == ".md"
    first, _, rest = _without_leading_rules(text).partition("\n")
    heading = markdown and _MD_HEADING_LINE.match(first) is not None
    if markdown:
        first, rest = _strip_markdown(first), _strip_markdown(rest)
    if front is None:
        yield make_article(first, rest, source_uri=uri, options=options)
        return
    title: str | None
    if front.title:
        title, body = front.title, (rest if _same_words(first, front.title) else f"{first}\n{rest}")
    else:
        title, body = (first, rest) if heading else (None, f"{first}\n{rest}")
    yield make_article(
        title,
        body,
        source_uri=uri,
        publisher=front.publisher,
        published_on=front.published_on,
        url=front.url,
        external_id=front.external_id,
        options=options,
        body_may_lack_title=not title,
        warnings=front.problems,
    )


def _without_leading_rules(text: str) -> str:
    """The text from its first line that is not blank or a rule: "---" is never a title."""
    text = text.strip()
    while (m := _RULE_LINE.match(text)) is not None:
        text = text[m.end() :].strip()
    return text


def _same_words(line: str, title: str) -> bool:
    """ "# Strike kills 4 in Marib" repeats the title "Strike kills 4 in Marib"."""
    return re.findall(r"\w+", line.casefold()) == re.findall(r"\w+", title.casefold())


def read_html(path: Path, uri: str, options: IngestOptions) -> Result:
    """.html/.htm: trafilatura's main text and metadata, not the page's navigation."""
    data = _read_bounded(path, uri, options)
    if isinstance(data, Rejected):
        yield data
        return
    yield article_from_html(data, uri, options)


def article_from_html(
    data: bytes,
    uri: str,
    options: IngestOptions,
    *,
    url: str | None = None,
    feed_url: str | None = None,
    fallback_title: str | None = None,
    fallback_date: datetime.date | datetime.datetime | None = None,
    fallback_publisher: str | None = None,
) -> Article | Rejected:
    """A web page's article: trafilatura's main text (no menus, share buttons, related links or
    footers), title, date and site name from the page's own metadata; what the page lacks, from
    the caller (a feed's title and date for its item, the feed's title as the outlet)."""
    if looks_binary(data):
        return Rejected(uri, "binary", "NUL or control bytes: this is not an HTML page")
    from trafilatura import bare_extraction  # 0.25 s to import: only runs that read pages pay it

    # favor_precision: a page of links must give no article rather than its menu as "text".
    doc = bare_extraction(
        data,
        url=url,
        with_metadata=True,
        include_comments=False,
        favor_precision=True,
        date_extraction_params=_HTML_DATE_PARAMS,
    )
    assert not isinstance(doc, dict)  # a dict only with as_dict=True, which is not asked for
    if doc is None or not (doc.text or "").strip():
        return Rejected(uri, "no_article", "no main text found: a navigation, index or empty page?")
    body = doc.text or ""
    title = doc.title or fallback_title
    first, _, rest = body.partition("\n")
    if title and first.strip() == title.strip():  # the page's <h1> repeats the <title>
        body = rest
    return make_article(
        title,
        body,
        source_uri=uri,
        publisher=doc.sitename or fallback_publisher,
        published_on=doc.date or fallback_date,
        url=url or doc.url,
        feed_url=feed_url,
        options=options,
    )


READERS = {
    ".txt": read_text,
    ".md": read_text,
    ".html": read_html,
    ".htm": read_html,
    ".csv": tabular.read_csv,
    ".jsonl": tabular.read_jsonl,
    ".parquet": tabular.read_parquet,
}
SUPPORTED_SUFFIXES = frozenset(READERS)


def unsupported(path: Path) -> Rejected:
    return Rejected(
        str(path),
        "unsupported",
        f"'{path.suffix or path.name}' files are not read; use one of " + " ".join(sorted(SUPPORTED_SUFFIXES)),
    )


def read_articles(path: Path, options: IngestOptions = IngestOptions()) -> Result:
    """Every article in one file, and a Rejected for each thing that could not be read."""
    path = Path(path)
    uri = str(path)
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        yield unsupported(path)
        return
    try:
        yield from first_per_id(reader(path, uri, options))
    except Refused as e:
        yield Rejected(uri, e.reason, e.detail)
    except OSError as e:
        yield os_rejected(uri, e)
    except Exception as e:
        yield Rejected(uri, "unreadable", f"{type(e).__name__}: {e}")


def _refused_repeat(item: Article | Rejected, first: dict[str, str]) -> TypeGuard[Article]:
    """A row whose id an earlier row of its file had, with another text (see first_per_id);
    records the first article of each id in `first`."""
    if not isinstance(item, Article) or item.source_key is None or item.external_id is None:
        return False
    return first.setdefault(item.external_id, item.article_id) != item.article_id


def first_per_id(items: Result) -> Result:
    """A file's articles, where a table's rows with one id and different texts are refused after
    the first ('duplicate_id'): a row with an id is one article, and were the later one its new
    version, every re-read of the file would swap the two. The same row twice is one article,
    as before. Holds one entry per row with an id while its file is read."""
    first: dict[str, str] = {}
    for item in items:
        if _refused_repeat(item, first):
            yield Rejected(
                item.source_uri,
                "duplicate_id",
                f"an earlier row of this file has the id {item.external_id!r} with another text; "
                "only the first is coded (give each row its own id)",
            )
            continue
        yield item
