"""Sentences and tokens with character offsets into `articles.text`.

Every extractor works on these, so every row it emits can point back at its surface
(docs/codebook.md#text-and-offsets)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache, partial
from itertools import accumulate
from typing import NamedTuple

from sitrep.extract.lexicon import word_list


@dataclass(frozen=True, slots=True)
class Sentence:
    no: int  # 0 is the title; the body counts from 1
    start: int
    end: int
    text: str


class Token(NamedTuple):
    """A NamedTuple rather than a dataclass: an article's few hundred tokens are then built by
    C code (`token_columns`), not one Python constructor call each."""

    text: str
    start: int  # offsets into the article text, not the sentence
    end: int

    @property
    def lower(self) -> str:
        return self.text.lower()

    @property
    def is_capitalised(self) -> bool:
        return self.text[:1].isupper()


# Words keep inner hyphens and apostrophes ("Deir-ez-Zour", "Syria's", "twenty-one");
# numbers keep thousands separators and decimals ("280,000", "1.5"); anything else is one char.
# A word stops before a possessive "'s" ("Syria" of "Syria's"), which is a token of its own.
# Possessive (++, *+) letter runs: a shorter run could only be followed by another letter, never
# by the hyphen or apostrophe the rest needs, so giving letters back is wasted backtracking.
_TOKEN = re.compile(
    r"(?:[A-Z]\.){2,}"
    r"|['’][sS]\b"
    r"|\d+(?:[.,]\d+)*(?:[-–]?[^\W\d_]+(?:-[^\W\d_]+)*)?"
    r"|[^\W\d_]++(?:(?!['’][sS]\b)[-'’][^\W\d_]++)*+"
    r"|\S"
)
_ABBREVIATION = re.compile(r"(?:[A-Z]\.){2,}$")  # U.S. U.N. U.K.
# Split on the tokens, kept: [gap, token, gap, token, ..., gap]. Every offset is then a running
# sum of lengths, all in C; one Match object per token cost a fifth of tokenising.
_TOKEN_SPLIT = re.compile(f"({_TOKEN.pattern})")
_new_token = partial(tuple.__new__, Token)


def token_columns(text: str, offset: int = 0) -> tuple[list[str], list[int], list[int], list[Token]]:
    """Texts, starts, ends and Tokens of `text`, each list built in one C-level pass.
    A token never holds whitespace, so tokenising a whole article gives the tokens of each of
    its sentences tokenised alone (sentences are cut at whitespace)."""
    parts = _TOKEN_SPLIT.split(text)
    bounds = list(accumulate(map(len, parts), initial=offset))
    texts = parts[1::2]
    starts = bounds[1:-1:2]
    ends = bounds[2::2]
    return texts, starts, ends, list(map(_new_token, zip(texts, starts, ends, strict=False)))


def tokenize(text: str, offset: int = 0) -> list[Token]:
    return token_columns(text, offset)[3]


@lru_cache(maxsize=1)
def _abbreviations() -> frozenset[str]:
    return frozenset(w.lower() for w in word_list("abbreviations"))


_SENTENCE_END = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s+|$)")


def split_sentences(text: str) -> list[Sentence]:
    """The title (first line) is sentence 0; body lines are split at sentence-final punctuation
    that is not an abbreviation ("U.S.", "Gen.") or an initial."""
    sentences: list[Sentence] = []
    line_start = 0
    for line_no, line in enumerate(text.split("\n")):
        if line_no == 0 and not line.strip():
            sentences.append(Sentence(0, 0, 0, ""))  # no title: sentence 0 is empty
        elif line.strip():
            pieces = [(line_start, line_start + len(line))] if line_no == 0 else _split_line(line, line_start)
            for start, end in pieces:
                sentences.append(Sentence(len(sentences), start, end, text[start:end]))
        line_start += len(line) + 1
    return sentences


def _split_line(line: str, base: int) -> list[tuple[int, int]]:
    spans, start = [], 0
    for m in _SENTENCE_END.finditer(line):
        end = m.end()
        if _is_abbreviation_end(line, m.start()) or not _next_starts_sentence(line, end):
            continue
        spans.append((start, end))
        start = end
    spans.append((start, len(line)))
    out = []
    for s, e in spans:
        while s < e and line[s].isspace():
            s += 1
        while e > s and line[e - 1].isspace():
            e -= 1
        if e > s:
            out.append((base + s, base + e))
    return out


def _is_abbreviation_end(line: str, dot: int) -> bool:
    if line[dot] != ".":
        return False
    start = max(line.rfind(" ", 0, dot), line.rfind("\t", 0, dot)) + 1
    w = line[start : dot + 1].lstrip("(\"'“‘")
    if not w:
        return False
    if _ABBREVIATION.match(w) and not _next_is_capitalised_common(line, dot + 1):
        return True
    return w.lower() in _abbreviations() or bool(_INITIAL.fullmatch(w))


# Matched at a position of the line rather than on a copy of its rest: a body is often one line.
_INITIAL = re.compile(r"[A-Z]\.")
_NEXT_WORD = re.compile(r"\s+([A-Z][a-z]+)")
_NEXT_VISIBLE = re.compile(r"\s*+(\S)")
_SENTENCE_OPENERS = frozenset({"the", "a", "an", "it", "he", "she", "they", "this", "in", "on", "but"})


def _next_is_capitalised_common(line: str, pos: int) -> bool:
    """After "U.S." a new sentence starts only if the next word is a typical sentence opener."""
    m = _NEXT_WORD.match(line, pos)
    return m is not None and m.group(1).lower() in _SENTENCE_OPENERS


def _next_starts_sentence(line: str, pos: int) -> bool:
    m = _NEXT_VISIBLE.match(line, pos)
    if m is None:
        return True  # nothing but whitespace follows
    first = m.group(1)
    return first.isupper() or first.isdigit() or first in "\"“‘'(-–—"


def fold_name(name: str) -> str:
    """The folded key of a multi-word name, token by token as the matcher sees an article."""
    return " ".join(fold(t.text) or "|" for t in tokenize(name))


@lru_cache(maxsize=200_000)
def fold(text: str) -> str:
    """Lower-case ASCII-ish key for matching names: diacritics off, apostrophes and hyphens
    to spaces, runs of spaces collapsed ("Ḩalab" -> "halab", "Deir ez-Zour" -> "deir ez zour")."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"[‘’'`ʿʾ]", "", text.lower())
    return re.sub(r"[^a-z0-9]+", " ", text).strip()
