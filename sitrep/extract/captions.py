"""Photo captions inside an article's text: web pages put them between the paragraphs, and a
text scraped from a page keeps them ("A boy injured in Saturday's blast sits in a tent (File
photo) (Agencies)"). A caption tells of a picture, often of an earlier event; its figures,
dates and events are page furniture, not the article's report (docs/codebook.md)."""

from __future__ import annotations

import bisect
import re

from sitrep.extract.document import Document
from sitrep.extract.lexicon import lexicon

# A parenthesised credit: "(AFP Photo)", "(Photo: Police)", "(File photo)", "(21 Images)".
_PARENS = re.compile(r"\(([^()\n]{1,60})\)")
_SPACES = re.compile(r"\s*")


def _after_spaces(text: str, pos: int) -> int:
    m = _SPACES.match(text, pos)
    assert m is not None  # `\s*` matches the empty string at any position
    return m.end()


def _credit_words() -> frozenset[str]:
    return frozenset(lexicon("casualties")["photo_credit_words"])


def _is_credit(inner: str, words: frozenset[str]) -> bool:
    return any(w.strip(".:,;'\"").lower() in words for w in re.split(r"[\s/]+", inner))


def photo_captions(doc: Document) -> list[tuple[int, int]]:
    """Character spans of the captions: each from the start of the sentence its credit closes
    (or the sentence before, when the credit stands alone after a full stop) to the credit's
    end, with the credits stacked after it ("(File photo) (Agencies)")."""
    words = _credit_words()
    text = doc.text
    starts = [s.start for s in doc.sentences]
    limit = lexicon("casualties")["caption_max_chars"]
    spans: list[tuple[int, int]] = []
    for m in _PARENS.finditer(text):
        if not _is_credit(m.group(1), words) or (spans and m.start() < spans[-1][1]):
            continue
        no = bisect.bisect_right(starts, m.start()) - 1
        if no < 0:
            continue
        start = starts[no]
        if not text[start : m.start()].strip() and no > 1:
            start = starts[no - 1]  # "... on Main Street. (Photo: Police)"; never the title
        if m.start() - start > limit or no <= 1:
            # too long for a caption, or a page's headline run into it: keep the text
            start = m.start()
        end = m.end()
        while (nxt := _PARENS.match(text, _after_spaces(text, end))) and len(nxt.group(1).split()) <= 6:
            end = nxt.end()
        spans.append((start, end))
    return spans


def outside(spans: list[tuple[int, int]], char_start: int) -> bool:
    return not any(a <= char_start < b for a, b in spans)
