"""One-pass name matching over an article's tokens.

Aliases are folded (lower case, no diacritics, hyphens and apostrophes as spaces) and compiled
once per process into an Aho-Corasick automaton; an article is folded the same way, token by
token, so a hit maps back to token boundaries and so to character offsets in the original text."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Generic, Iterable, TypeVar

import ahocorasick

from flows.extract.text import Token, fold, fold_name

P = TypeVar("P")
_SEPARATOR = "|"   # stands for punctuation so no name matches across it


@dataclass(frozen=True, slots=True)
class Hit(Generic[P]):
    first: int        # token index
    last: int         # token index after the match
    start: int        # char offsets in the article text
    end: int
    payloads: tuple   # every entry sharing this folded name


class FoldedTokens:
    """The folded form of a token list, with the map from folded positions back to tokens.
    `breaks` are token indices that open a new sentence: no name matches across them."""

    def __init__(self, tokens: list[Token], breaks: Iterable[int] = ()):
        self.tokens = tokens
        breaks = set(breaks)
        parts, self.starts, self.ends = [], {}, {}
        pos = 0
        for i, tok in enumerate(tokens):
            if i in breaks and i:
                parts.append(_SEPARATOR)
                pos += len(_SEPARATOR) + 1
            key = fold(tok.text) or _SEPARATOR
            self.starts[pos] = i
            self.ends[pos + len(key)] = i
            parts.append(key)
            pos += len(key) + 1
        self.text = " ".join(parts)


class NameIndex(Generic[P]):
    """Folded name -> payloads. `find` yields the longest, leftmost non-overlapping hits."""

    def __init__(self, entries: Iterable[tuple[str, P]]):
        by_key: dict[str, list[P]] = {}
        for name, payload in entries:
            key = fold_name(name)
            if key:
                by_key.setdefault(key, []).append(payload)
        self._automaton = ahocorasick.Automaton()
        for key, payloads in by_key.items():
            self._automaton.add_word(key, (key, tuple(payloads)))
        self._automaton.make_automaton()
        self.keys = by_key

    def lookup(self, name: str) -> tuple[P, ...]:
        return tuple(self.keys.get(fold_name(name), ()))

    def find(self, folded: FoldedTokens) -> list[Hit[P]]:
        candidates = []
        for end_pos, (key, payloads) in self._automaton.iter(folded.text):
            start_pos = end_pos - len(key) + 1
            first, last = folded.starts.get(start_pos), folded.ends.get(end_pos + 1)
            if first is None or last is None:
                continue   # not on token boundaries: "is" inside "crisis"
            toks = folded.tokens
            candidates.append(Hit(first, last + 1, toks[first].start, toks[last].end, payloads))
        return _longest_leftmost(candidates)


def _longest_leftmost(hits: list[Hit]) -> list[Hit]:
    chosen: list[Hit] = []
    for h in sorted(hits, key=lambda h: (-(h.last - h.first), h.first)):
        if all(h.last <= c.first or h.first >= c.last for c in chosen):
            chosen.append(h)
    return sorted(chosen, key=lambda h: h.first)


_ARTICLES = re.compile(r"\b(al|el|ez|az|as|ad|ar|an|at|ash|adh|ul|the|of)\b")


def skeleton(name: str) -> str:
    """A coarse key under which transliterations of one Arabic name meet: "Deir ez-Zour",
    "Deir ez-Zor", "Dayr az Zawr" -> "darzur". Used only as a fallback for capitalised names."""
    s = _ARTICLES.sub(" ", fold(name))
    s = s.replace("ou", "u").replace("aw", "u").replace("ay", "e").replace("ei", "e").replace("ee", "i")
    s = s.replace("oo", "u").replace("kh", "k").replace("q", "k").replace("dh", "d").replace("th", "t")
    s = re.sub(r"ah\b", "a", s)
    s = re.sub(r"(.)\1+", r"\1", s)
    s = s.replace(" ", "").replace("h", "").replace("y", "i").replace("e", "a").replace("o", "u")
    s = s.replace("w", "u").replace("'", "")
    return s
