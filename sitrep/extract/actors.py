"""Actors behind their aliases (docs/codebook.md#actors).

The cast lives in `sitrep/data/actors/` (actors.csv, actor_aliases.csv); this module only
compiles it and finds mentions."""

from __future__ import annotations

import hashlib
import os
import pickle
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from sitrep.extract.document import Document
from sitrep.extract.gazetteer import NameIndex
from sitrep.extract.lexicon import DATA_DIR, keep_for_process, read_csv

_CLASS_PREFIX = "generic-"  # actors.csv ids of the generic classes (generic_classes.yaml)
_UNNAMED = ("unidentified-armed-group-",)  # per-country actors of attackers nobody named
COMBATANT_TYPES = frozenset(
    {"state_forces", "rebel_group", "political_militia", "identity_militia", "external_force", "rioters", "protesters"}
)


@dataclass(frozen=True, slots=True)
class Actor:
    actor_id: str
    name: str
    actor_type: str
    country_code: str | None
    victim_kind: str
    side: str | None
    generic: bool = False

    @property
    def is_combatant(self) -> bool:
        return self.actor_type in COMBATANT_TYPES


@dataclass(frozen=True, slots=True)
class ActorMention:
    actor_id: str
    sentence_no: int
    surface: str
    char_start: int
    char_end: int
    first: int  # token indices
    last: int


class _Alias(NamedTuple):
    """A tuple, not a frozen dataclass: the cached catalogue holds 55,000 of them, and a
    dataclass's __setstate__ cost 0.3 s of every process's start to unpickle them."""

    actor_id: str
    alias: str
    case_sensitive: bool


class ActorCatalog:
    def __init__(self, actors: list[Actor], aliases: list[_Alias], instances: dict[tuple[str, str], str] | None = None):
        self.by_id = {a.actor_id: a for a in actors}
        self.aliases = aliases
        self.index = NameIndex((a.alias, a) for a in aliases)
        self.instances = instances or {}

    def names_a_group(self, actor_id: str) -> bool:
        """A named actor ("al-Shabaab", "NAF"), not a class word ("militants") nor an unknown."""
        actor = self.by_id[actor_id]
        if actor_id.startswith(_UNNAMED):
            return False
        return not actor.generic or actor_id.endswith("-acronym")

    def instance(self, actor_id: str, country_code: str | None) -> str:
        """A class actor ("troops": generic-state-forces) as the actor of the article's country
        ("Military Forces of Nigeria"); any other actor, or a class with no instance there, as is."""
        if not country_code or not actor_id.startswith(_CLASS_PREFIX):
            return actor_id
        cls = actor_id[len(_CLASS_PREFIX) :]
        found = self.instances.get((cls, country_code))
        if found is None:
            template = self.instances.get((cls, ""))
            found = template.replace("{cc}", country_code.lower()) if template else None
        return found if found in self.by_id else actor_id

    def in_country(self, mentions: list[ActorMention], country_code: str | None) -> list[ActorMention]:
        """The mentions with every class resolved to the article's country's actor."""
        if not country_code:
            return mentions
        return [
            m
            if not m.actor_id.startswith(_CLASS_PREFIX)
            else ActorMention(
                self.instance(m.actor_id, country_code),
                m.sentence_no,
                m.surface,
                m.char_start,
                m.char_end,
                m.first,
                m.last,
            )
            for m in mentions
        ]

    def resolve(self, name: str) -> Actor | None:
        """The actor a name stands for, if the gazetteer knows it."""
        for alias in self.index.lookup(name):
            if not alias.case_sensitive or alias.alias == name:
                return self.by_id[alias.actor_id]
        return None

    def mentions(self, doc: Document) -> list[ActorMention]:
        found = []
        for hit in self.index.find(doc.folded):
            surface = doc.text[hit.start : hit.end]
            alias = _accepting_alias(hit.payloads, surface)
            if alias is None:
                continue
            found.append(
                ActorMention(
                    alias.actor_id, doc.sentence_of_token(hit.first), surface, hit.start, hit.end, hit.first, hit.last
                )
            )
        return self._without_head_nouns(found, doc)

    def _without_head_nouns(self, mentions: list[ActorMention], doc: Document) -> list[ActorMention]:
        """ "IS (Daesh) terrorists" names one actor: the generic noun after a named actor is its head."""
        kept: list[ActorMention] = []
        for m in mentions:
            prev = kept[-1] if kept else None
            if (
                prev is not None
                and self.by_id[m.actor_id].generic
                and self.names_a_group(prev.actor_id)
                and prev.sentence_no == m.sentence_no
                and m.first - prev.last <= 1 + _parenthetical(doc, prev.last, m.first)
            ):
                continue
            kept.append(m)
        return kept


def _parenthetical(doc: Document, start: int, end: int) -> int:
    """Tokens of a closing bracket between two mentions ("IS (Daesh) terrorists")."""
    return sum(1 for t in doc.tokens[start:end] if t.text in ")]")


def _accepting_alias(aliases: tuple, surface: str) -> _Alias | None:
    """Case-sensitive aliases ("IS", "US", "SAA") must match as written, so "is" stays a verb."""
    for alias in aliases:
        if not alias.case_sensitive or surface == alias.alias or surface.replace("’", "'") == alias.alias:
            return alias
    return None


def catalogue_rows() -> tuple[list[dict], list[dict]]:
    """The catalogue's actors and aliases as rows, without compiling the matcher (the warehouse's
    reference tables need only these)."""
    folder = DATA_DIR / "actors"
    return read_csv(folder / "actors.csv"), read_csv(folder / "actor_aliases.csv")


def catalogue_digest() -> str:
    """A digest of the catalogue's files: equal digests, equal catalogues."""
    h = hashlib.sha256()
    for name in ("actors.csv", "actor_aliases.csv", "generic_instances.csv"):
        h.update((DATA_DIR / "actors" / name).read_bytes())
    return h.hexdigest()[:16]


# Bump when ActorCatalog or NameIndex change shape: older cached catalogues are then rebuilt.
_CACHE_LAYOUT = 2


@lru_cache(maxsize=1)
def actor_catalog() -> ActorCatalog:
    """The compiled catalogue. Compiling it (folding 55,000 aliases) took 1.2-1.6 s of every
    process's start; it is kept in the user's cache beside the place index, keyed by the
    catalogue's digest, and read back in a third of that."""
    from sitrep.extract.place_store import cache_dir

    path = cache_dir() / f"actors-{catalogue_digest()}-v{_CACHE_LAYOUT}.pickle"
    try:
        with open(path, "rb") as f:
            return keep_for_process(pickle.load(f))
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError):
        pass
    catalog = _compile_catalog()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        with open(tmp, "wb") as f:
            pickle.dump(catalog, f, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(path)  # atomic: a process reading it never sees half a file
    except OSError:
        pass  # a read-only cache only costs the next process the compile
    return keep_for_process(catalog)


def _compile_catalog() -> ActorCatalog:
    folder = DATA_DIR / "actors"
    actors = [
        Actor(
            r["actor_id"],
            r["name"],
            r["actor_type"],
            r.get("country_code") or None,
            r.get("victim_kind") or "unknown",
            r.get("side") or None,
            r.get("generic", "").lower() == "true",
        )
        for r in read_csv(folder / "actors.csv")
    ]
    aliases = [
        _Alias(r["actor_id"], r["alias"], r.get("case_sensitive", "").lower() == "true")
        for r in read_csv(folder / "actor_aliases.csv")
    ]
    instances = {(r["class"], r["country_code"]): r["actor_id"] for r in read_csv(folder / "generic_instances.csv")}
    return ActorCatalog(actors, aliases, instances)
