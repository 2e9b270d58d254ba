"""Loads the linguistic data files under `sitrep/data/` once per process.

Grammar code stays generic; the words it looks for live in these files (a new war or a new
language is a data change)."""

from __future__ import annotations

import csv
import gc
import json
from collections import ChainMap
from collections.abc import Mapping
from functools import cache
from itertools import compress
from pathlib import Path

import yaml

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
LEXICON_DIR = DATA_DIR / "lexicon"


# libyaml's parser where PyYAML was built with it (the wheels are): the lexicons took 0.7 s of
# every process's start with the pure-Python one, 0.06 s with this.
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _WordsLoader(_SafeLoader):  # type: ignore[misc, valid-type]
    """YAML 1.1 reads on/off/yes/no as booleans; in a word list they are words."""


_WordsLoader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:bool"]
    for k, v in _SafeLoader.yaml_implicit_resolvers.items()
}


class LexiconError(KeyError):
    """A data file lacks a key the code asks for, or holds a value of the wrong shape."""

    def __str__(self) -> str:  # KeyError would show the message in quotes
        return str(self.args[0])


# (file, key) and (file, group, key) of every lexicon entry the code has read in this process:
# tests/extract/test_lexicon_keys.py checks that no entry of a data file is dead.
READ: set[tuple[str, ...]] = set()


class Lexicon(Mapping):
    """One data file's top-level mapping, read-only. Reading an entry records it in READ; a
    missing key raises a LexiconError naming the file and the key. A value that is itself a
    mapping of rule groups (its values lists or mappings: `outcome_after: {killed: [...]}`) is
    a Lexicon too, so its groups are recorded one by one."""

    __slots__ = ("_data", "file", "path")

    def __init__(self, file: str, data: dict, path: tuple[str, ...] = ()):
        self.file, self.path, self._data = file, path, data

    def __getitem__(self, key):
        try:
            value = self._data[key]
        except KeyError:
            where = ".".join((*self.path, str(key)))
            raise LexiconError(f"sitrep/data/lexicon/{self.file} has no key {where!r}") from None
        READ.add((self.file, *self.path, key))
        if isinstance(value, dict) and not self.path and _rule_groups(value):
            return Lexicon(self.file, value, (key,))
        return value

    def __iter__(self):
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __repr__(self) -> str:
        return f"Lexicon({self.file!r}, {list(self._data)!r})"


def _rule_groups(mapping: dict) -> bool:
    return bool(mapping) and all(isinstance(v, (list, dict)) for v in mapping.values())


@cache
def lexicon(name: str) -> Lexicon:
    """The data file `name` (casualties.yaml, calendar.json: "casualties", "calendar"), parsed
    once per process on first use: a process that never codes an article never reads it."""
    path = _path(name, (".yaml", ".json"))
    with open(path, encoding="utf-8") as f:
        data = json.load(f) if path.suffix == ".json" else yaml.load(f, Loader=_WordsLoader)
    return Lexicon(path.name, _validated(path.name, data))


def _validated(file: str, data) -> dict:
    """A lexicon is a mapping of named entries, none left empty (`key:` with no value is a
    typing slip, not an empty list)."""
    if not isinstance(data, dict):
        raise LexiconError(f"sitrep/data/lexicon/{file} is no mapping of named entries")
    for key, value in data.items():
        if value is None:
            raise LexiconError(f"sitrep/data/lexicon/{file}: key {key!r} has no value")
    return data


@cache
def word_list(name: str) -> tuple[str, ...]:
    """A one-entry-per-line data file (abbreviations.txt: "abbreviations"); blank lines and
    '#' comments skipped."""
    with open(_path(name, (".txt",)), encoding="utf-8") as f:
        return tuple(line.strip() for line in f if line.strip() and not line.lstrip().startswith("#"))


def _path(name: str, suffixes: tuple[str, ...]) -> Path:
    for suffix in suffixes:
        if (LEXICON_DIR / (name + suffix)).is_file():
            return LEXICON_DIR / (name + suffix)
    raise LexiconError(f"no lexicon {name!r}: none of {', '.join(name + s for s in suffixes)} in sitrep/data/lexicon")


def with_derived(name: str) -> ChainMap:
    """The lexicon `name` behind an empty dict, for a module that keeps values it builds from
    the entries (frozensets, phrase tables) beside them: the file's own mapping stays read-only."""
    # Only a ChainMap's first map is ever written; typeshed asks every map to be mutable.
    return ChainMap({}, lexicon(name))  # type: ignore[arg-type]


def keep_for_process(loaded):
    """Marks what a loader built as permanent: the gazetteers are some 100,000 objects that
    live as long as the process, and every full collection of the cyclic GC would traverse
    them again (about 8% of extraction time). gc.freeze() moves everything alive now out of
    its reach; it stays reference-counted, and freed as usual when not part of a cycle."""
    gc.freeze()
    return loaded


def read_csv(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def positions(words: list[str], vocabulary) -> list[int]:
    """Indices of the words that are in `vocabulary` (a set), found in one C-level pass."""
    return list(compress(range(len(words)), map(vocabulary.__contains__, words)))


class PhraseTable:
    """Multi-word lexicon entries indexed by their first and last word, so looking one up at a
    position costs a dict lookup, not a scan of the lexicon. Longest phrase wins."""

    def __init__(self, items):
        self.values: dict[tuple[str, ...], object] = {}
        for phrase, value in items:
            self.values.setdefault(tuple(phrase), value)
        self._by_first: dict[str, list[tuple[str, ...]]] = {}
        self._by_last: dict[str, list[tuple[str, ...]]] = {}
        for phrase in sorted(self.values, key=len, reverse=True):
            self._by_first.setdefault(phrase[0], []).append(phrase)
            self._by_last.setdefault(phrase[-1], []).append(phrase)

    @property
    def first_words(self):
        """The words some entry starts with (a set-like view, for `positions`)."""
        return self._by_first.keys()

    def starts_with(self, word: str) -> bool:
        """Whether some entry starts with `word` (a cheap test before `match`)."""
        return word in self._by_first

    def match(self, words: list[str], i: int):
        """(phrase, value) of the longest entry starting at words[i], or None."""
        if i >= len(words):
            return None
        nxt = words[i + 1] if i + 1 < len(words) else None
        for phrase in self._by_first.get(words[i], ()):
            n = len(phrase)
            # a one-word entry filed under words[i] is words[i]: no slice to compare; a longer one
            # is mostly refused by its second word, before any slice is built
            if (n == 1 and i >= 0) or (phrase[1] == nxt and tuple(words[i : i + n]) == phrase):
                return phrase, self.values[phrase]
        return None

    def ending_at(self, words: list[str], end: int):
        """(phrase, value) of the longest entry ending just before words[end], or None."""
        if end <= 0 or end > len(words):
            return None
        before = words[end - 2] if end >= 2 else None
        for phrase in self._by_last.get(words[end - 1], ()):
            n = len(phrase)
            if end - n >= 0 and (n == 1 or phrase[-2] == before) and tuple(words[end - n : end]) == phrase:
                return phrase, self.values[phrase]
        return None

    def occurs_in(self, words: list[str]) -> bool:
        return any(self.match(words, k) for k in positions(words, self._by_first))

    def __iter__(self):
        return iter(self.values)


class GappedTable:
    """Entries "A ... B": the words of A, up to `gap` other words, then the words of B ("suffered
    ... injuries" matches "suffered non-life-threatening injuries"). The gap holds words only:
    a comma, semicolon or bracket ends the search, and so does a full stop unless it closes a
    short abbreviation ("St. Luke's Hospital")."""

    _STOPS = frozenset({",", ";", ":", "(", ")", "!", "?", '"', "“", "”"})

    def __init__(self, table: dict, gap: int = 4):
        self.gap = gap
        self.prefixes = PhraseTable(
            (tuple(str(p).lower().split(" ... ")[0].split()), None)
            for ps in table.values()
            for p in ps
            if " ... " in str(p)
        )
        self._suffixes: dict[tuple[str, ...], list[tuple[PhraseTable, object]]] = {}
        by_prefix: dict[tuple[str, ...], dict[object, list[tuple[str, ...]]]] = {}
        for value, ps in table.items():
            for p in ps:
                head, _, tail = str(p).lower().partition(" ... ")
                if tail:
                    by_prefix.setdefault(tuple(head.split()), {}).setdefault(value, []).append(tuple(tail.split()))
        for prefix, tails in by_prefix.items():
            self._suffixes[prefix] = [(PhraseTable((t, v) for t in ts), v) for v, ts in tails.items()]
        self.plain = phrases_by_value({v: [p for p in ps if " ... " not in str(p)] for v, ps in table.items()})

    def match(self, words: list[str], i: int):
        """(end, value) of an entry starting at words[i], or None; plain entries included."""
        plain = self.plain.match(words, i)
        if plain:
            return i + len(plain[0]), plain[1]
        hit = self.prefixes.match(words, i)
        if not hit:
            return None
        k = i + len(hit[0])
        for j in range(k, min(k + self.gap + 1, len(words))):
            for table, value in self._suffixes[hit[0]]:
                found = table.match(words, j)
                if found:
                    return j + len(found[0]), value
            w = words[j]
            if w in self._STOPS or (w == "." and len(words[j - 1]) > 3):
                return None
        return None

    @property
    def first_words(self):
        return set(self.plain.first_words) | set(self.prefixes.first_words)


def phrases(words, value=True) -> PhraseTable:
    """Lexicon entries (strings of one or more words) as a PhraseTable."""
    return PhraseTable((tuple(str(w).lower().split()), value) for w in words)


def phrases_by_value(table: dict) -> PhraseTable:
    """{value: [entries]} as a PhraseTable of entry -> value."""
    return PhraseTable((tuple(str(p).lower().split()), v) for v, ps in table.items() for p in ps)
