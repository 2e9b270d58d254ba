"""One-pass name matching over an article's tokens.

Aliases are folded (lower case, no diacritics, hyphens and apostrophes as spaces) and compiled
once per process into an Aho-Corasick automaton; an article is folded the same way, token by
token, so a hit maps back to token boundaries and so to character offsets in the original text."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable
from functools import lru_cache
from itertools import accumulate
from operator import add
from typing import Generic, NamedTuple, TypeVar

import ahocorasick

from sitrep.extract.text import Token, fold, fold_name

P = TypeVar("P")
_SEPARATOR = "|"  # stands for punctuation so no name matches across it


class Hit(NamedTuple, Generic[P]):
    """A NamedTuple, not a frozen dataclass: an article has dozens, built 5x faster."""

    first: int  # token index
    last: int  # token index after the match
    start: int  # char offsets in the article text
    end: int
    payloads: tuple  # every entry sharing this folded name


@lru_cache(maxsize=200_000)
def _fold_key(token_text: str) -> str:
    return fold(token_text) or _SEPARATOR


# Names looked up while coding articles recur; the gazetteers' own names are folded once, uncached.
_lookup_key = lru_cache(maxsize=65_536)(fold_name)


class FoldedTokens:
    """The folded form of a token list, with the map from folded positions back to tokens.
    `breaks` are token indices that open a new sentence: no name matches across them."""

    def __init__(self, tokens: list[Token], breaks: Iterable[int] = (), texts: list[str] | None = None):
        self.tokens = tokens
        keys = list(map(_fold_key, texts if texts is not None else [t.text for t in tokens]))
        self.keys = keys
        n = len(keys)
        cuts = sorted({b for b in breaks if 0 < b < n})
        # each key and its space; a break adds "| " before its token
        steps = [len(k) + 1 for k in keys]
        for b in cuts:
            steps[b - 1] += len(_SEPARATOR) + 1
        # where each token's key starts and ends in `text`: both increasing, so bisectable (an
        # article has a few dozen hits to place, too few to pay for building dicts)
        self.key_starts = list(accumulate(steps[:-1], initial=0)) if n else []
        self.key_ends = list(map(add, self.key_starts, map(len, keys)))
        segments = [" ".join(keys[a:b]) for a, b in zip([0, *cuts], [*cuts, n], strict=False)]
        self.text = f" {_SEPARATOR} ".join(segments)
        # padded with spaces like the automaton's keys, so it reports only whole-word hits
        self.padded = f" {self.text} "

    def token_starting_at(self, pos: int) -> int | None:
        """The token whose key starts at `pos` of `text`, if one does."""
        return _index_of(self.key_starts, pos)

    def token_ending_at(self, pos: int) -> int | None:
        """The token whose key ends just before `pos` of `text`, if one does."""
        return _index_of(self.key_ends, pos)

    @property
    def starts(self) -> dict[int, int]:
        return dict(zip(self.key_starts, range(len(self.key_starts)), strict=False))

    @property
    def ends(self) -> dict[int, int]:
        return dict(zip(self.key_ends, range(len(self.key_ends)), strict=False))


def _index_of(increasing: list[int], value: int) -> int | None:
    k = bisect_left(increasing, value)
    return k if k < len(increasing) and increasing[k] == value else None


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
            # spaces around the key: it matches only whole words of a FoldedTokens.padded
            self._automaton.add_word(f" {key} ", (len(key) + 1, tuple(payloads)))
        self._automaton.make_automaton()
        self.keys = by_key

    def lookup(self, name: str) -> tuple[P, ...]:
        return tuple(self.keys.get(_lookup_key(name), ()))

    def find(self, folded: FoldedTokens) -> list[Hit[P]]:
        spans = []
        for end_pos, (width, payloads) in self._automaton.iter(folded.padded):
            # end_pos is the padding space after the key: the key spans
            # folded.text[end_pos - width:end_pos - 1]
            first = folded.token_starting_at(end_pos - width)
            if first is not None:
                last = folded.token_ending_at(end_pos - 1)
                if last is not None:
                    spans.append((first, last + 1, payloads))
                # else inside a token: "ez" of "Deir-ez-Zour", one token folded to three words
        toks = folded.tokens
        return [
            Hit(first, last, toks[first].start, toks[last - 1].end, payloads)
            for first, last, payloads in _longest_leftmost(spans)
        ]


def _longest_leftmost(spans: list[tuple[int, int, tuple]]) -> list[tuple[int, int, tuple]]:
    """The longest of overlapping (first, last, payloads) token spans, the leftmost of equals."""
    chosen = []
    taken: set[int] = set()  # token indices of the spans chosen so far
    for span in sorted(spans, key=lambda s: (s[0] - s[1], s[0])):
        tokens = range(span[0], span[1])
        if taken.isdisjoint(tokens):
            chosen.append(span)
            taken.update(tokens)
    return sorted(chosen)


_ARTICLES = re.compile(r"\b(al|el|ez|az|as|ad|ar|an|at|ash|adh|ul|the|of)\b")
_FINAL_AH = re.compile(r"ah\b")
_DOUBLED = re.compile(r"(.)\1+")


@lru_cache(maxsize=65_536)  # an article's capitalised n-grams: the same names, article after article
def skeleton(name: str) -> str:
    """A coarse key under which transliterations of one Arabic name meet: "Deir ez-Zour",
    "Deir ez-Zor", "Dayr az Zawr" -> "darzur". Used only as a fallback for capitalised names."""
    s = _ARTICLES.sub(" ", fold(name))
    s = s.replace("ou", "u").replace("aw", "u").replace("ay", "e").replace("ei", "e").replace("ee", "i")
    s = s.replace("oo", "u").replace("kh", "k").replace("q", "k").replace("dh", "d").replace("th", "t")
    s = _FINAL_AH.sub("a", s)
    s = _DOUBLED.sub(r"\1", s)
    s = s.replace(" ", "").replace("h", "").replace("y", "i").replace("e", "a").replace("o", "u")
    s = s.replace("w", "u").replace("'", "")
    return s
