"""Loads the ingest layer's data files under `sitrep/data/lexicon/` once per process.

Month names, boilerplate patterns and outlet names are data, so a new outlet or a new
language is a data change."""

from __future__ import annotations

import re
from functools import cache

from sitrep.extract.lexicon import lexicon, word_list


@cache
def calendar() -> dict[str, dict[str, int]]:
    """{"months": {"jan": 1, ...}, "weekdays": {"mon": 0, ...}}"""
    data = lexicon("calendar")
    return {"months": data["months"], "weekdays": data["weekdays"]}


@cache
def place_particles() -> tuple[str, ...]:
    """Lower-case words inside a dateline's place name ("al" of "Ras al-Ain")."""
    return tuple(lexicon("datelines")["place_particles"])


@cache
def not_agencies() -> frozenset[str]:
    """Capitalised words in brackets that credit no wire ("(VIDEO)")."""
    return frozenset(lexicon("datelines")["not_agencies"])


@cache
def front_matter_keys() -> dict[str, tuple[str, ...]]:
    """Article field -> the front matter keys that fill it, in order of preference."""
    return {field: tuple(keys) for field, keys in lexicon("front_matter").items()}


@cache
def boilerplate_patterns() -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p, re.IGNORECASE) for p in word_list("boilerplate"))


@cache
def outlets() -> dict[str, str]:
    """Lower-cased alias -> canonical outlet name (the canonical name is its own alias)."""
    table: dict[str, str] = {}
    for line in word_list("outlets"):
        names = [n.strip() for n in line.split("|") if n.strip()]
        for alias in names:
            table[alias.lower()] = names[0]
    return table


@cache
def outlet_regex() -> re.Pattern[str]:
    """Any outlet alias as whole words; longest first so "Asharq Al-Awsat English" beats
    "Asharq Al-Awsat"."""
    aliases = sorted(outlets(), key=len, reverse=True)
    body = "|".join(re.escape(a) for a in aliases)
    return re.compile(rf"(?<![\w-])(?:{body})(?![\w-])", re.IGNORECASE)


def canonical_outlet(name: str) -> str | None:
    return outlets().get(name.strip().lower())


def agency_name(name: str) -> str | None:
    """A wire credit's name as we spell it: an outlet we know ("Reuters", "dpa"), or a
    capitalised acronym ("PTI", "APP") that is no word like "VIDEO"; else None."""
    name = " ".join(name.split())
    if known := canonical_outlet(name):
        return known
    return name if re.fullmatch(r"[A-Z]{2,8}", name) and name not in not_agencies() else None
