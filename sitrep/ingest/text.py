"""Text normalisation, boilerplate removal and the content key.

Every offset the pipeline stores indexes `articles.text`, so the text is fixed here, once, and
everything downstream reads it as stored."""

from __future__ import annotations

import hashlib
import os
import re
import unicodedata

from sitrep.ingest.lexicon import boilerplate_patterns

_LINE_BREAKS = re.compile(r"\r\n?|[\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
# Dropped: invisible characters with no meaning in running text (ZWNJ/ZWJ stay: they matter in
# Persian and Arabic names), and C0/C1 control characters other than tab and newline, stray
# bytes of a bad conversion. One pattern, so one pass over the text.
_DROPPED = re.compile(r"[\u00ad\u200b\u2060\ufeff\x00-\x08\x0e-\x1b\x1f\x7f-\x84\x86-\x9f]")
# Runs of spaces, tabs, no-break and typographic spaces become one plain space, so that regexes
# over the text see one kind of space. Never a newline: lines are kept.
_SPACE_RUNS = re.compile(r"[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
_NOT_PLAIN = re.compile(r"[^\x20-\x7e\n]")

# A boilerplate line is short; a long line that happens to mention a copyright is a paragraph.
MAX_BOILERPLATE_CHARS = 300


def normalise_lines(raw: str) -> list[str]:
    """NFC, one kind of space, no empty lines. Curly quotes are kept: quote extraction needs
    them."""
    if _NOT_PLAIN.search(raw):  # most texts are plain ASCII lines: nothing to normalise
        s = unicodedata.normalize("NFC", raw)
        s = _DROPPED.sub("", _LINE_BREAKS.sub("\n", s))
    else:
        s = raw
    s = _SPACE_RUNS.sub(" ", s)
    return [stripped for line in s.split("\n") if (stripped := line.strip(" "))]


def is_boilerplate(line: str) -> bool:
    if len(line) > MAX_BOILERPLATE_CHARS:
        return False
    return any(p.fullmatch(line) for p in boilerplate_patterns())


def split_boilerplate(lines: list[str]) -> tuple[list[str], list[str]]:
    """(kept, removed): whole lines only, so no sentence is ever cut."""
    kept: list[str] = []
    removed: list[str] = []
    for line in lines:
        (removed if is_boilerplate(line) else kept).append(line)
    return kept, removed


def content_hash(text: str) -> str:
    """The text's own key: the same words from any source give the same hash (finds copies)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def article_id(text: str, source_uri: str = "") -> str:
    """The article key: its text and the name of the source it came from (the file name, or
    "file#row" for tabular input), not the folder. Re-reading the same file gives the same id,
    so a re-run is a no-op, while one story filed twice under two names stays two articles,
    each coded and each findable by its file name (copies share `content_hash`)."""
    # a web page's name is its whole URL: two sites' "index.html" are two articles
    name = source_uri if "://" in source_uri else source_uri.replace("\\", "/").rsplit("/", 1)[-1]
    return hashlib.sha256(f"{name}\n{text}".encode()).hexdigest()[:16]


def source_path(source_uri: str) -> str:
    """Where an article was read from, the same however its path was written on the command line
    (relative, absolute, with "./"): a page's URL as it is, a file's path made absolute. Links
    are not followed: the link is the file the user gave."""
    return source_uri if "://" in source_uri else os.path.abspath(source_uri)
