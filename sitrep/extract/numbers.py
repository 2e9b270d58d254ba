"""The codebook's number grammar: digits, number words, qualifiers, ranges and vague quantities.

`find_quantities` reads every quantity in a token list and says what range of counts its words
allow (docs/codebook.md#figures-and-qualifiers). Whether a quantity counts people
killed or wounded is decided by `casualties.py`."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import compress

from sitrep.extract.lexicon import PhraseTable, lexicon, phrases_by_value
from sitrep.extract.text import Token


@dataclass(frozen=True, slots=True)
class Quantity:
    first: int  # token index of the first word (qualifier included)
    last: int  # token index after the last word
    low: int | None
    high: int | None
    qualifier: str  # exact, at_least, more_than, about, up_to, range, vague
    number_first: int  # token index where the number itself starts (after the qualifier)

    @property
    def value(self) -> int:
        value = self.low if self.low is not None else self.high
        if value is None:  # the grammar sets an end of every quantity it reads
            raise ValueError(f"a quantity with neither end at token {self.first}")
        return value


@dataclass(frozen=True)
class _Grammar:
    units: dict
    tens: dict
    multipliers: dict
    exact_phrases: PhraseTable  # "a dozen" -> 12
    vague_phrases: PhraseTable  # "dozens" -> 12
    qualifier_phrases: PhraseTable  # "at least" -> at_least
    vague_units: dict  # "dozen" -> 12, as in "several dozen"
    vague_taking_of: frozenset  # "dozens" of people
    range_opener: str  # "between"
    opener_joiners: tuple  # "between 10 and 15"
    bare_joiners: tuple  # "10 to 15", "10-15"
    number_words: frozenset  # words that are (or start) a number on their own: "three", "between"
    any_phrase: PhraseTable  # the three tables above in one, to ask whether one starts here


@lru_cache(maxsize=1)
def _grammar() -> _Grammar:
    g = lexicon("numbers")
    exact = PhraseTable((tuple(k.split()), v) for k, v in g["phrases"].items())
    vague = PhraseTable((tuple(k.split()), v) for k, v in g["vague"].items())
    qualifiers = phrases_by_value(g["qualifiers"])
    return _Grammar(
        units=g["units"],
        tens=g["tens"],
        multipliers=g["multipliers"],
        exact_phrases=exact,
        vague_phrases=vague,
        qualifier_phrases=qualifiers,
        vague_units=dict(g["vague_units"]),
        vague_taking_of=frozenset(g["vague_taking_of"]),
        range_opener=g["range_opener"],
        opener_joiners=tuple(g["range_joiners"]["after_opener"]),
        bare_joiners=tuple(g["range_joiners"]["bare"]),
        # one-word vague quantities ("several", "few") start a quantity like numbers do
        number_words=frozenset(
            {g["range_opener"]} | {w for w in g["vague"] if " " not in w} | set(g["units"]) | set(g["tens"])
        ),
        any_phrase=PhraseTable((p, True) for table in (exact, vague, qualifiers) for p in table),
    )


_DIGITS = re.compile(r"\d{1,3}(?:,\d{3})+|\d+")
_DECIMAL = re.compile(r"\d+\.\d+")


def match_phrase(words: list[str], i: int, table: PhraseTable) -> tuple[str, ...] | None:
    """The longest phrase of `table` starting at words[i]."""
    hit = table.match(words, i)
    return hit[0] if hit else None


def find_quantities(tokens: list[Token]) -> list[Quantity]:
    return find_quantities_in([t.lower for t in tokens])


def find_quantities_in(words: list[str]) -> list[Quantity]:
    found: list[Quantity] = []
    resume = 0
    for i in _possible_starts(words):
        if i < resume:
            continue  # inside the quantity just read
        q = _quantity_at(words, i)
        if q is not None:
            found.append(q)
            resume = q.last
    return found


def _possible_starts(words: list[str]) -> list[int]:
    """Where a quantity may start: a digit, a number word, a hyphenated number ("twenty-one"),
    or a phrase of the grammar ("more than", "a dozen", "dozens"). Anywhere else `_quantity_at`
    finds nothing, so it is not asked: "a", "in" and "as" start phrases but rarely one."""
    kinds = list(map(_start_kind, words))
    any_phrase = _grammar().any_phrase
    return [
        i for i in compress(range(len(words)), kinds) if kinds[i] == _STARTS or any_phrase.match(words, i) is not None
    ]


_STARTS, _IF_PHRASE = 1, 2


@lru_cache(maxsize=65_536)
def _start_kind(w: str) -> int:
    """0: no quantity starts with this word; _STARTS: one may; _IF_PHRASE: only if a qualifier,
    vague or exact phrase of the grammar starts here (nothing else in `_quantity_at` reads it)."""
    g = _grammar()
    if w in g.number_words or w[:1].isdigit() or ("-" in w and _word_below_hundred([w], 0) is not None):
        return _STARTS  # a hyphenated word only as "twenty-one", not "al-Assad"
    return _IF_PHRASE if g.any_phrase.starts_with(w) else 0


def _quantity_at(words: list[str], i: int) -> Quantity | None:
    g = _grammar()
    if words[i] == g.range_opener:
        rng = _range(words, i + 1, joiners=g.opener_joiners)
        if rng:
            return Quantity(i, rng[2], rng[0], rng[1], "range", i + 1)
    hit = g.qualifier_phrases.match(words, i)
    qual, qualifier = hit if hit else (None, None)
    j = i + len(qual) if qual else i
    if qual and qual == ("some",) and _is_vague_or_absent(words, j):
        return None  # "some residents" is not a number
    vague = _vague_at(words, j)
    if vague:
        value, end = vague
        return Quantity(i, end, value, None, "vague", j)
    num = number_at(words, j)
    if num is None:
        return None
    value, end = num
    if qualifier is None:
        rng = _range(words, j, joiners=g.bare_joiners)
        if rng and rng[1] > rng[0]:
            return Quantity(i, rng[2], rng[0], rng[1], "range", j)
        return Quantity(i, end, value, value, "exact", j)
    low, high = {
        "at_least": (value, None),
        "more_than": (value, None),
        "about": (value, value),
        "up_to": (None, value),
    }[qualifier]
    return Quantity(i, end, low, high, qualifier, j)


def _is_vague_or_absent(words: list[str], j: int) -> bool:
    return j >= len(words) or (number_at(words, j) is None and _vague_at(words, j) is None)


def _range(words: list[str], j: int, joiners) -> tuple[int, int, int] | None:
    first = number_at(words, j)
    if not first:
        return None
    a, k = first
    if k < len(words) and words[k] in joiners:
        second = number_at(words, k + 1)
        if second and second[0] >= a:
            return a, second[0], second[1]
    return None


def _vague_at(words: list[str], j: int) -> tuple[int, int] | None:
    g = _grammar()
    hit = g.vague_phrases.match(words, j)
    if not hit:
        return None
    phrase, value = hit
    end = j + len(phrase)
    if end < len(words) and words[end] in g.vague_units:
        return value * g.vague_units[words[end]], end + 1  # "several dozen": 3 x 12, a lower bound
    if phrase[-1] in g.vague_taking_of and end < len(words) and words[end] == "of":
        return value, end + 1 if end + 1 < len(words) else end
    return value, end


# A figure above this is no head count (a sum of money, a phone number, an ID) and would not
# fit the warehouse's count columns; a token with more digits is not even converted.
MAX_COUNT = 1_000_000_000
_MAX_DIGITS = len(str(MAX_COUNT))


def number_at(words: list[str], j: int) -> tuple[int, int] | None:
    """An exact number starting at words[j]: (value, index after it), at most MAX_COUNT."""
    if j < len(words) and len(words[j]) > _MAX_DIGITS and sum(c.isdigit() for c in words[j]) > _MAX_DIGITS:
        return None
    found = _number_at(words, j)
    return found if found is None or found[0] <= MAX_COUNT else None


def _number_at(words: list[str], j: int) -> tuple[int, int] | None:
    if j >= len(words):
        return None
    g = _grammar()
    hit = g.exact_phrases.match(words, j)
    if hit:
        return hit[1], j + len(hit[0])
    w = words[j]
    if _DIGITS.fullmatch(w):
        value, k = int(w.replace(",", "")), j + 1
    elif _DECIMAL.fullmatch(w) and j + 1 < len(words) and words[j + 1] in g.multipliers:
        return int(float(w) * g.multipliers[words[j + 1]]), j + 2
    else:
        spelled = _spelled_number(words, j)
        if spelled is None:
            return None
        value, k = spelled
    if k < len(words) and words[k] in g.multipliers and value < 1000:
        return value * g.multipliers[words[k]], k + 1
    return value, k


def _spelled_number(words: list[str], j: int) -> tuple[int, int] | None:
    """ "three", "twenty-one", "twenty one", "two hundred and fifty"."""
    g = _grammar()
    value = _word_below_hundred(words, j)
    if value is None:
        return None
    n, k = value
    if k < len(words) and words[k] in ("hundred", "thousand"):
        n *= g.multipliers[words[k]]
        k += 1
        if k + 1 < len(words) and words[k] == "and" and (below := _word_below_hundred(words, k + 1)):
            rest, k = below
            n += rest
    return n, k


def _word_below_hundred(words: list[str], j: int) -> tuple[int, int] | None:
    g = _grammar()
    w = words[j]
    if "-" in w:
        head, _, tail = w.partition("-")
        if head in g.tens and tail in g.units and 0 < g.units[tail] < 10:
            return g.tens[head] + g.units[tail], j + 1
        return None
    if w in g.units:
        return g.units[w], j + 1
    if w in g.tens:
        if j + 1 < len(words) and words[j + 1] in g.units and 0 < g.units[words[j + 1]] < 10:
            return g.tens[w] + g.units[words[j + 1]], j + 2
        return g.tens[w], j + 1
    return None
