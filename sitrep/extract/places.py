"""Places on the map, resolved offline against the world gazetteer (`place_store`, built from
GeoNames; see sitrep/data/places/README.md) inside the article's own country (`countries`).

A name is read in three steps. Candidates: every run of capitalised words the gazetteer knows
("Sopore", "Jammu and Kashmir"), with the places each can be. Country: the article's country is
voted by those names and by actors and demonyms (countries.py). Resolution: chains of names
("Tikrit, Salah ad Din, Iraq", "Bar village (Kismaayo, Lower Juba)") are read container first,
each name inside the next; other names resolve inside the article's country first, an admin1
where the text says "province", and by the admin1 units the article names. A name that fits only
another country than the article's stays unresolved, unless it is a country, a big city under
its own name, or its chain names that country: a wrong place is worse than none. Transliteration
variants the gazetteer lacks ("Dayr az Zawr") are tried by sound only inside the article's
country."""

from __future__ import annotations

import re
import string
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import compress
from operator import or_

from sitrep.extract.countries import ArticleCountry, country_catalog
from sitrep.extract.document import Document
from sitrep.extract.gazetteer import skeleton
from sitrep.extract.lexicon import keep_for_process, lexicon, phrases
from sitrep.extract.place_store import Place, PlaceStore, place_store
from sitrep.extract.subplaces import SubPlaceReader, text_place
from sitrep.extract.text import fold


@dataclass(frozen=True, slots=True)
class PlaceMention:
    place_id: str
    sentence_no: int
    surface: str
    char_start: int
    char_end: int
    first: int
    last: int


@dataclass(slots=True)
class Candidate:
    """A run of words the gazetteer knows, before the article's country is known."""

    first: int  # token span
    last: int
    rows: tuple[tuple[int, int], ...]  # (row_id, kind_rank): every place the words can be
    context: str | None  # "admin1", "admin2", "city": what a type word beside it says
    locative: bool  # "in X", "near X": the text puts something in it
    exact: bool = True  # False: matched by sound, not spelling
    after_comma: bool = False  # ", Pakistan": the end of a chain whose other names are unknown
    in_longer_name: bool = False  # "Vila Ipiranga", "Aziz Market": part of another proper name
    sentence_initial: bool = False  # "Most ...", "Police said": capitalised as any first word
    next_is_place: bool = False  # "Aleppo Damascus": another name follows, not a surname
    village: bool = False  # "X village", "the village of X"
    chained_to: Candidate | None = None  # the candidate that may contain this one ("X, Y")
    strong_chain: bool = False  # "X, Y" or "X (Y": a coder's chain, not "X in Y"
    typed_chain: bool = False  # "X area of Y", "X village in Y": containment stated in words
    tail: bool = False  # the container at the end of a coder's chain ("..., Iraq")
    chars: tuple[int, int] | None = None  # the name's characters where they are part of a token


_CONJUNCTIONS = frozenset({"and", "y", "e", "i", "&", "of"})  # they join two names, not one


@lru_cache(maxsize=1)
def place_type_rank() -> dict[str, int]:
    """Place types, most precise first (places.yaml, place_type_rank; types of one tier tie);
    events.py ranks an event's places by it too. Read on first use, as every lexicon is."""
    return {t: n for n, tier in enumerate(lexicon("places")["place_type_rank"]) for t in tier}


@lru_cache(maxsize=1)
def _container_type_rank() -> dict[str, int]:
    """The last names of a chain are units: "La Flor, Durango" is Durango state, not a Durango
    village, so a chain's container ranks the other way round."""
    ranks = place_type_rank()
    return {t: max(ranks.values()) - n for t, n in ranks.items()}


# Below this population two homonyms in one country are a coin toss: neither is chosen.
_TOSS_UP_POPULATION = 15000
# No village has this many people: a city of the name the text calls a village is another place.
_VILLAGE_POPULATION = 50000
_MAX_NAME_TOKENS = 6


# Containers whose point is within a few km of a place inside them: a text place there is at
# geo precision 2; inside a region it has the region's point, precision 3.
_TOWNS = frozenset({"city", "facility"})


class _ById:
    """`gazetteer.by_id[place_id]`: places by their id, from the store, and the places known
    only from the texts read so far (subplaces.py)."""

    def __init__(self, store: PlaceStore):
        self.store = store
        self.from_text: dict[str, Place] = {}

    def __getitem__(self, place_id: str) -> Place:
        place = self.get(place_id)
        if place is None:
            raise KeyError(place_id)
        return place

    def get(self, place_id: str, default=None):
        if place_id.startswith("txt:"):
            return self.from_text.get(place_id, default)
        return self.store.by_place_id(place_id) or default


class PlaceGazetteer:
    def __init__(self, store: PlaceStore):
        lex = lexicon("places")
        self.store = store
        self.by_id = _ById(store)
        self.type_after = {tuple(k.split()): v for k, v in lex["type_words_after"].items()}
        self.type_before = {tuple(k.split()): v for k, v in lex["type_words_before"].items()}
        self.type_words = frozenset(w for k in list(self.type_after) + list(self.type_before) for w in k) - {
            "of",
            "the",
            "'s",
        }
        self.locative = frozenset(lex["locative_words"])
        self.modifiers = frozenset(lex["modifiers"])
        self.connectors = frozenset(lex["name_connectors"])
        self.prefixes = frozenset(lex["name_prefixes"])
        self.suffixes = frozenset(w for p in lex["name_suffixes"] for w in p.split())
        self._inner = self.connectors | self.suffixes
        self.capital_words = frozenset(lex["capital_words"])
        self.container_links = frozenset(lex["container_links"])
        self.precision = lex["geo_precision"]
        self.near_words = frozenset(lex["near_words"])
        self.area_reach_km = lex["area_reach_km"]
        self.reference_bearings = frozenset(lex["reference_bearings"])
        self.sub_places = SubPlaceReader(lex, self)
        self.not_locative = phrases(lex["not_locative"])
        self.government_verbs = frozenset(lex["government_verbs"])
        self.government_nouns = phrases(lex["government_nouns"])
        self.not_places = frozenset(fold(w) for w in lex["not_places"])
        self.person_titles = phrases(lex["person_titles"])
        self.landmarks = (
            frozenset(w for p in lex["landmark_words"] for w in p.split()) | self.type_words | self.suffixes
        )
        self.big_city = lex["big_city_population"]
        self.transliterated = frozenset(lex["transliterated_countries"])
        self.named_town = lex["foreign_town_population"]
        self.weights = lex["country_evidence"]
        self._strong_rows: dict[tuple, bool] = {}

    # ------------------------------------------------------------------ candidates
    def candidates(self, doc: Document, blocked: set[int]) -> list[Candidate]:
        words = doc.words()
        texts = doc.token_texts()
        keys = doc.keys()
        sentence = doc.token_sentences()
        spans = self._spans(texts, keys, sentence, blocked)
        found = self.store.lookup(k for _, _, k in spans)
        self.store.prefetch(r for rows in found.values() for r, _ in rows)
        taken: set[int] = set(blocked)
        out: list[Candidate] = []
        for first, last, key in sorted(spans, key=lambda s: (s[0] - s[1], s[0])):  # longest first
            rows = found.get(key)
            if not rows or not taken.isdisjoint(range(first, last)) or not self._proper(texts, first, last):
                continue
            out.append(
                Candidate(first, last, rows, self._context(words, first, last), self._is_locative(words, first, doc))
            )
            taken.update(range(first, last))
        out.extend(self._capital_hits(doc, taken))
        out.extend(self._based_hits(doc, texts, taken - blocked))
        out.extend(self._possessive_hits(doc, texts, words, taken))
        out.sort(key=lambda c: c.first)
        self._annotate(doc, out)
        self._link_chains(out, words, texts)
        return out

    def _annotate(self, doc: Document, cands: list[Candidate]) -> None:
        titled = _title_cased_sentences(doc, {doc.sentence_of_token(c.first) for c in cands})
        starts = set(doc.sentence_first_token)
        texts, keys = doc.token_texts(), doc.keys()
        strong = [c for c in cands if self._strong(c)]
        bounds = {c.first for c in strong} | {c.last - 1 for c in strong}
        for c in cands:
            c.sentence_initial = c.first in starts or (c.first - 1 in starts and not texts[c.first - 1].isalnum())
            c.after_comma = c.first > 0 and texts[c.first - 1] == ","
            c.next_is_place = c.last in bounds
            c.village = keys[c.last : c.last + 1] in (["village"], ["hamlet"]) or keys[
                max(0, c.first - 2) : c.first
            ] in (["village", "of"], ["villages", "of"])
            if doc.sentence_of_token(c.first) not in titled:
                c.in_longer_name = self._longer_name(texts, keys, c, starts, bounds)

    def _strong(self, c: Candidate) -> bool:
        """A name that is a place wherever it stands: a country, an admin1 unit or a city of
        100,000 under its own name ("Aleppo Damascus" in comma-less copy is two places)."""
        known = self._strong_rows.get(c.rows)
        if known is None:
            if len(self._strong_rows) > 65_536:
                self._strong_rows.clear()
            known = self._strong_rows[c.rows] = self._strong_uncached(c.rows)
        return known

    def _strong_uncached(self, rows) -> bool:
        for row, rank in rows:
            p = self.store.place(row)
            if rank == 0 and (p.place_type in ("country", "admin1") or p.population >= self.named_town):
                return True
        return False

    def _longer_name(self, texts, keys, c: Candidate, starts, bounds) -> bool:
        """A capitalised word right before or after the name (not a place word, a title, another
        place or a sentence's first word) makes it part of another name: a neighbourhood, a
        company, a person ("Campina da Barra", "Vila Ipiranga", "Aziz Market", "Qasim Soleimani")."""
        k = c.last
        while (
            k + 1 < len(texts)
            and keys[k] in self.connectors
            and keys[k] not in _CONJUNCTIONS
            and _capitalised(texts[k + 1])
        ):
            k += 1
        if (
            k < len(texts)
            and k not in bounds
            and _name_word(texts[k])
            and keys[k] not in self.landmarks
            and keys[k] not in self.not_places
        ):
            return True
        b = c.first - 1
        while b > 0 and keys[b] in self.connectors and keys[b] not in _CONJUNCTIONS and _name_word(texts[b - 1]):
            b -= 1  # "Vila das Flores": the name runs on through its particles
        return (
            b >= 0
            and b not in starts
            and b not in bounds
            and _name_word(texts[b])
            and keys[b] not in self.prefixes
            and keys[b] not in self.locative
            and keys[b] not in self.modifiers
            and not self.person_titles.ending_at([keys[b]], 1)
        )

    def _spans(self, texts, keys, sentence, blocked) -> list[tuple[int, int, str]]:
        """(first, last, folded key) of every run of up to six name words that starts and ends
        with a capitalised word (or a word that opens or closes names: "rural Damascus",
        "Deir ez-Zor airport"), within a sentence and outside actor names."""
        spans = []
        n = len(texts)
        capital = list(map(_capitalised, texts))
        suffix = list(map(self.suffixes.__contains__, keys))
        inner = list(map(self._inner.__contains__, keys))  # connectors and suffixes
        opening = list(map(self.prefixes.__contains__, keys))
        starts = [i for i in compress(range(n), map(or_, capital, opening)) if i not in blocked and keys[i] != "|"]
        longest = self.store.longest_from(keys[i] for i in starts)
        for i in starts:
            reach = longest.get(keys[i], 0)  # no name opens with this word: nothing to try
            sent = sentence[i]
            for k in range(i, min(n, i + min(reach, _MAX_NAME_TOKENS))):
                if k > i and (k in blocked or sentence[k] != sent or not (capital[k] or inner[k])):
                    break
                if (capital[k] and (capital[i] or k > i)) or (k > i and suffix[k]):
                    spans.append((i, k + 1, " ".join(keys[i : k + 1])))
        return spans

    def _proper(self, texts: list[str], first: int, last: int) -> bool:
        if last - first == 1 and fold(texts[first]) in self.not_places:
            return False
        return fold(" ".join(texts[first:last])) not in self.not_places

    def _capital_hits(self, doc: Document, taken: set[int]) -> list[Candidate]:
        """ "the Syrian capital", "the Kazakh capital": a demonym and "capital" stand for the
        country's capital, whatever the country."""
        keys = doc.keys()
        out = []
        for first, last, cc in country_catalog().demonyms(doc):
            if (
                last >= len(keys)
                or keys[last] not in self.capital_words
                or not taken.isdisjoint(range(first, last + 1))
            ):
                continue
            capital = self.store.capital(cc)
            if capital is not None:
                out.append(Candidate(first, last + 1, ((capital.row_id, 0),), "city", True))
                taken.update(range(first, last + 1))
        return out

    def _based_hits(self, doc: Document, texts: list[str], taken: set[int]) -> list[Candidate]:
        """ "the Britain-based monitor": the country where something is based is a place, named
        inside one hyphenated word."""
        shaped = {i: fold(t[: -len("-based")]) for i, t in enumerate(texts) if t.endswith("-based") and i not in taken}
        found = self.store.lookup(shaped.values()) if shaped else {}
        out = []
        for i, key in shaped.items():
            rows = tuple(r for r in found.get(key, ()) if r[1] == 0 and self.store.place(r[0]).place_type == "country")
            if rows and _capitalised(texts[i]):
                token = doc.tokens[i]
                out.append(Candidate(i, i + 1, rows, None, True, chars=(token.start, token.end - len("-based"))))
                taken.add(i)
        return out

    def _possessive_hits(self, doc, texts, words, taken) -> list[Candidate]:
        """ "Aleppos", "Syrias": the possessive of copy whose apostrophes were stripped."""
        shaped = [i for i in compress(range(len(texts)), map(_possessive_shape, texts)) if i not in taken]
        keys = {i: fold(texts[i][:-1]) for i in shaped}
        found = self.store.lookup(keys.values()) if keys else {}
        out = []
        for i, key in keys.items():
            rows = tuple(r for r in found.get(key, ()) if r[1] == 0)
            if rows:
                out.append(Candidate(i, i + 1, rows, self._context(words, i, i + 1), self._is_locative(words, i, doc)))
                taken.add(i)
        return out

    def _context(self, words: list[str], first: int, last: int) -> str | None:
        """ "Yala province" -> admin1, "Baramulla district" -> admin2, "Baghdad city" -> city."""
        for n in (2, 1):
            after = tuple(words[last : last + n])
            if after in self.type_after:
                return self.type_after[after]
            before = tuple(words[max(0, first - n) : first])
            if len(before) == n and before in self.type_before:
                return self.type_before[before]
        return None

    def _is_locative(self, words: list[str], first: int, doc: Document) -> bool:
        k = first - 1
        while k >= 0 and (words[k] in self.modifiers or words[k] in self.type_words):
            k -= 1
        return (
            k >= 0
            and words[k] in self.locative
            and not self.not_locative.ending_at(words, k + 1)
            and doc.sentence_of_token(k) == doc.sentence_of_token(first)
        )

    def _link_chains(self, cands: list[Candidate], words: list[str], texts: list[str]) -> None:
        """ "A, B", "A (B", "A, B province", "A district of B", "A in B": B may contain A."""
        for c in cands:
            c.chained_to, c.strong_chain, c.typed_chain, c.tail = None, False, False, False
        for i in range(len(cands) - 1):
            a, b = cands[i], cands[i + 1]
            if b.first - a.last > 6:
                continue  # too far apart to be one chain
            between = [w for w in words[a.last : b.first] if w not in self.type_words and w != "the"]
            if all(w in (",", "(") for w in between) and between:
                a.chained_to, a.strong_chain, b.tail = b, True, True
            elif between in (["in"], ["of"], ["'s"]) or (not between and b.first > a.last):
                a.chained_to = b
                a.typed_chain = between in (["in"], ["of"]) and any(
                    w in self.type_words for w in words[a.last : b.first]
                )

    # ------------------------------------------------------------------ country votes
    def votes(self, cands: list[Candidate]) -> tuple[Counter, set[str]]:
        """Each candidate's vote for the countries it can be in, and the countries named."""
        w = self.weights
        votes: Counter = Counter()
        named: set[str] = set()
        for c in cands:
            if c.chars is not None:
                continue  # "Britain-based": where a source sits, not where the story is
            places = [self.store.place(r) for r, rank in c.rows if rank <= 1]
            countries = [p for p in places if p.place_type == "country"]
            if countries and (cc := countries[0].country_code) is not None:
                located = c.locative or c.chained_to is not None or c.tail or c.after_comma
                votes[cc] += w["country_located"] if located else w["country_named"]
                named.add(cc)
                continue
            if c.in_longer_name or (c.sentence_initial and c.last - c.first == 1):
                continue
            # a share per country: a weight (admin) or a population (towns)
            admin: defaultdict[str | None, float] = defaultdict(float)
            for p in places:
                if p.place_type in ("admin1", "admin2"):
                    admin[p.country_code] = max(admin[p.country_code], 2.0 if p.place_type == "admin1" else 1.0)
            towns: defaultdict[str | None, float] = defaultdict(float)
            for p in places:
                if not p.common_word and p.place_type in ("facility", "region"):
                    towns[p.country_code] += self.big_city
                elif not p.common_word and p.place_type == "city" and p.population >= w["town_population"]:
                    towns[p.country_code] += p.population
            # a name shared by a few countries votes for each in proportion: an admin1 over an
            # admin2, a big city over a small one ("Tripoli" is Libya's more than Lebanon's)
            for shares, weight in ((admin, w["admin"]), (towns, w["town"])):
                total = sum(shares.values())
                if shares and len(shares) <= w["max_homonym_countries"]:
                    for cc, share in shares.items():
                        votes[cc] += weight * share / total
        return votes, named

    # ------------------------------------------------------------------ resolution
    def resolve(
        self, doc: Document, cands: list[Candidate], country: ArticleCountry, blocked=frozenset()
    ) -> list[PlaceMention]:
        words = doc.words()
        if country.code is not None and country.code in self.transliterated:
            cands = cands + self._sounding_like(doc, cands, country.code, blocked)
            cands.sort(key=lambda c: c.first)
            self._link_chains(cands, words, doc.token_texts())
        chosen: dict[int, Place | None] = {}
        for i in reversed(range(len(cands))):  # containers first: they come after
            inner = [o for o in cands if o.chained_to is cands[i] and o.strong_chain]
            chosen[id(cands[i])] = self._choose(cands[i], chosen, country, contained=inner)
        context_admin1 = {
            (p.country_code, p.admin1_code)
            for p in chosen.values()
            if p is not None and p.place_type in ("admin1", "admin2")
        }
        # the admin1 units a chain states ("in Acapulco, Guerrero"): where the article says it is
        stated = {
            (p.country_code, p.admin1_code)
            for c in cands
            if (p := chosen[id(c)]) is not None and p.place_type in ("admin1", "admin2") and (c.tail or c.after_comma)
        }
        out = []
        for c in cands:
            place = chosen[id(c)]
            if (
                c.chained_to is None
                and context_admin1
                and (
                    place is None
                    or (
                        place.place_type in ("city", "admin2")
                        and (place.country_code, place.admin1_code) not in context_admin1
                    )
                )
            ):
                place = self._choose(c, chosen, country, context_admin1)  # the article's admin1 decide
            if (
                place is None
                or self._contradicts_chain(c, place, chosen)
                or self._outside_context(c, place, stated)
                or not self._acceptable(place, c, cands, doc, country)
            ):
                continue
            start, end = c.chars or (doc.tokens[c.first].start, doc.tokens[c.last - 1].end)
            out.append(
                PlaceMention(
                    place.place_id, doc.sentence_of_token(c.first), doc.text[start:end], start, end, c.first, c.last
                )
            )
        return self.with_sub_places(doc, out, country.code, blocked)

    def _contradicts_chain(self, c: Candidate, place: Place, chosen) -> bool:
        """ "Orikhove, Luhansk" where the only Orikhove known lies in another oblast: the text says
        where it is, and a place elsewhere is a wrong place; the chain's container stands."""
        if c.chained_to is None or not (c.strong_chain or c.typed_chain):
            return False
        container = chosen.get(id(c.chained_to))
        units = ("country", "admin1", "admin2") + (("city",) if c.typed_chain else ())
        return container is not None and container.place_type in units and not _contains(container, place)

    def _outside_context(self, c: Candidate, place: Place, context_admin1) -> bool:
        """A small town outside every admin1 unit the article's chains state is another town of
        that name ("Colonia Libertad" in a report from "Acapulco, Guerrero"); so is a city the
        text calls a village ("the Banda village")."""
        if c.context == "city" and c.village and place.population >= _VILLAGE_POPULATION:
            return True
        return (
            bool(context_admin1)
            and c.chained_to is None
            and place.place_type == "city"
            and place.population < _TOSS_UP_POPULATION
            and (place.country_code, place.admin1_code) not in context_admin1
        )

    def _choose(
        self,
        c: Candidate,
        chosen,
        country: ArticleCountry,
        context_admin1=frozenset(),
        contained: Sequence[Candidate] = (),
    ) -> Place | None:
        places = [(self.store.place(r), rank) for r, rank in c.rows]
        if len(places) == 1 and not contained and c.chained_to is None:
            return places[0][0]
        if country.code and len(places) > 1:  # the ranking puts home first: rank only those
            home = [
                (p, rank)
                for p, rank in places
                if p.country_code == country.code or (p.place_type == "country" and rank == 0)
            ]
            places = home or places
        container = chosen.get(id(c.chained_to)) if c.chained_to is not None else None
        if container is not None:
            inside = [(p, rank) for p, rank in places if _contains(container, p)]
            if inside:
                return self._best(inside, c, country, context_admin1)
        if contained:  # a container: the unit that holds what the chain names before it
            inner = [self.store.place(r) for o in contained for r, _ in o.rows]
            holding = [(p, rank) for p, rank in places if any(_contains(p, q) for q in inner)]
            places = holding or places
        return self._best(places, c, country, context_admin1, container_role=bool(contained) or c.after_comma)

    def _best(
        self, places, c: Candidate, country: ArticleCountry, context_admin1, container_role: bool = False
    ) -> Place | None:
        types = _container_type_rank() if container_role else place_type_rank()
        units = {p.admin1_code for p, rank in places if p.place_type == "admin1" and rank == 0}

        def key(item):
            p, rank = item
            type_rank = types.get(p.place_type, 9)
            if units and p.place_type == "city" and p.admin1_code not in units and p.population < self.named_town:
                type_rank = 9  # "Sinaloa": the state, not a village of that name in Chiapas
            order = (type_rank, rank) if container_role else (rank, type_rank)
            return (
                p.place_type != "country" or rank > 0,
                country.code is not None and p.country_code != country.code,
                p.country_code not in country.named,
                _context_mismatch(c.context, p.place_type),
                (p.country_code, p.admin1_code) not in context_admin1,
                *order,
                -p.population,
            )

        if not places:
            return None
        ranked = sorted(places, key=key)
        best = ranked[0][0]
        if len(ranked) > 1 and _homonyms(ranked[0], ranked[1], key):
            return None  # two villages of one name and nothing to tell them apart
        return best

    def _acceptable(self, place: Place, c: Candidate, cands, doc, country: ArticleCountry) -> bool:
        """Countries count only where something happens in them ("in Syria", not "Syria said").
        A small town, an alternate spelling or a name that is also a word needs the text to put
        something in it or a chain around it; abroad, only big cities and named chains pass."""
        rank = min(r for row, r in c.rows if row == place.row_id) if c.exact else 2
        chained = (c.chained_to is not None and c.strong_chain) or c.tail
        situated = c.locative or chained or c.context is not None or c.after_comma
        if (place.place_type == "country" or self._capital(place)) and self._government(doc, c):
            return False
        if place.place_type == "country":
            return c.locative or chained or c.tail or c.after_comma
        if _person_name(doc, c, self.person_titles):
            return False
        if c.in_longer_name and place.place_type != "admin1" and not chained:
            return False
        if place.common_word and not (situated and not _sentence_initial(doc, c)):
            return False
        home = country.code is None or place.country_code == country.code
        if not home:
            if place.country_code in country.named and (
                chained or place.place_type == "admin1" or (situated and place.population >= self.named_town)
            ):
                return True
            return rank == 0 and (place.population >= self.big_city or self._capital(place))
        if not c.exact:
            return situated or c.last - c.first > 1
        if country.code is None and place.place_type == "city" and not chained:
            return rank == 0 and (place.population >= self.named_town or (situated and place.population > 0))
        return rank <= 1 or situated or place.population >= self.named_town

    def _government(self, doc: Document, c: Candidate) -> bool:
        """ "Moscow denied", "Ankara's offensive": a country or capital standing for its
        government, the subject of a government's verb or the owner of a government's noun."""
        words = doc.words()
        k = c.last
        if k >= len(words) or doc.sentence_of_token(k) != doc.sentence_of_token(c.first) or c.locative:
            return False
        if words[k] in ("'s", "’s"):
            return any(self.government_nouns.match(words, k + 1 + skip) for skip in (0, 1))
        return words[k] in self.government_verbs and not (
            words[k] == "and" and k + 1 < len(words) and not _name_word(doc.token_texts()[k + 1])
        )

    def _capital(self, place: Place) -> bool:
        """A national capital (the country's row stands at its capital's point)."""
        home = self.store.country(place.country_code) if place.country_code else None
        return (
            home is not None
            and place.place_type == "city"
            and home.latitude == place.latitude
            and home.longitude == place.longitude
        )

    def _sounding_like(self, doc: Document, cands: list[Candidate], cc: str, blocked=frozenset()) -> list[Candidate]:
        """Capitalised names the spelling index missed, tried by their transliteration skeleton
        among the places of the article's own country only (longest first, as spellings)."""
        texts, words = doc.token_texts(), doc.words()
        n = len(texts)
        free = [True] * n
        for c in cands:
            free[c.first : c.last] = [False] * (c.last - c.first)
        capital = list(map(_capitalised, texts))
        # a word a name may hold: capitalised, or a particle ("al", "ez")
        namey = list(map(or_, capital, map(self.connectors.__contains__, doc.keys())))
        sentence = doc.token_sentences()
        spans = []
        for i in compress(range(n), capital):
            t = texts[i]
            if not free[i] or i in blocked or fold(t) in self.connectors or (t.isupper() and len(t) > 1):
                continue
            last = i + 1  # the longest run of free name words in the sentence, up to 4
            while (
                last < n
                and last - i < 4
                and free[last]
                and namey[last]
                and sentence[last] == sentence[i]
                and last not in blocked
            ):
                last += 1
            # a one-word name is tried only where the text puts something in it ("in Raqa")
            shortest = 1 if fold(t) not in self.not_places and self._is_locative(words, i, doc) else 2
            for end in range(last, i + shortest - 1, -1):
                if capital[end - 1]:
                    key = skeleton(doc.text[doc.tokens[i].start : doc.tokens[end - 1].end])
                    if len(key) >= 4:
                        spans.append((i, end, key))
        found = self.store.sounding_like((k for _, _, k in spans), cc) if spans else {}
        out: list[Candidate] = []
        for i, last, key in sorted(spans, key=lambda s: (s[0] - s[1], s[0])):
            rows = found.get(key)
            if not rows or not all(free[i:last]):
                continue
            out.append(
                Candidate(
                    i,
                    last,
                    tuple((r, 2) for r in rows),
                    self._context(words, i, last),
                    self._is_locative(words, i, doc),
                    exact=False,
                )
            )
            free[i:last] = [False] * (last - i)
        return out

    def country_place(self, cc: str | None) -> Place | None:
        return self.store.country(cc) if cc else None

    def text_place(self, name: str, place_type: str, cc: str, container: Place | None) -> Place | None:
        """A place known only from the text, inside its container or its country."""
        country = self.store.country(cc)
        if country is None:
            return None
        place = text_place(name, place_type, cc, container, country)
        if len(self.by_id.from_text) > 100_000:
            self.by_id.from_text.clear()  # a long run's villages: start again rather than grow
        return self.by_id.from_text.setdefault(place.place_id, place)

    def placed_inside(self, place_id: str, holder: Place) -> str:
        """A place of the text with no container named, put inside the place that holds the
        event ("Tokhar" in an article whose event is at Manbij); any other place as it is."""
        place = self.by_id[place_id]
        if (
            not place_id.startswith("txt:")
            or place.admin1_code is not None
            or place.country_code is None
            or holder.place_type == "country"
        ):
            return place_id
        inner = self.text_place(place.name, place.place_type, place.country_code, holder)
        if inner is None:
            return place_id
        return inner.place_id

    def geo_precision(self, place: Place) -> int:
        """ACLED's geo-precision of the place's point (places.yaml, geo_precision)."""
        if place.place_id.startswith("txt:"):
            container = self.by_id.get(place.place_id.split(":")[1].replace("-", ":", 1))
            at_town = place.latitude is not None and container is not None and container.place_type in _TOWNS
            return self.precision["text_place_at_container" if at_town else "text_place_without_point"]
        return self.precision.get(place.place_type, 3)

    def town_of_area(self, area: Place, p: Place) -> bool:
        """A town of a named area ("the village of Hadar" in "the Golan Heights"): a populated
        place in the area's admin1, within the reach of an area (places.yaml, area_reach_km)."""
        return (
            area.place_type == "region"
            and p.place_type == "city"
            and (p.country_code, p.admin1_code) == (area.country_code, area.admin1_code)
            and _near(area, p, self.area_reach_km)
        )

    def seat_of_its_admin1(self, city: Place) -> bool:
        """A city that shares its name with its admin1 ("Aleppo", "Deir ez-Zor"): a headline that
        names it may mean the province ("Northeastern Aleppo", "Deir ez-Zor dead")."""
        return (
            city.place_type == "city"
            and city.admin1_name is not None
            and self.fold_name(city.name) == self.fold_name(city.admin1_name)
        )

    @staticmethod
    def fold_name(name: str) -> str:
        return " ".join(fold(w) for w in re.split(r"[\s-]+", name) if w)

    def reference(self, words: list[str], m: PlaceMention) -> bool:
        """ "north of Aleppo": the place locates another (places.yaml, reference_bearings)."""
        return m.first >= 2 and words[m.first - 1] == "of" and words[m.first - 2] in self.reference_bearings

    def near(self, words: list[str], m: PlaceMention) -> bool:
        """ "near Aleppo", "the outskirts of Idlib": the text puts something by the place."""
        k = m.first - 1
        while k >= 0 and (words[k] in ("the", "of", "to", "city") or words[k] in self.modifiers):
            k -= 1
        return k >= 0 and words[k] in self.near_words

    def with_sub_places(
        self, doc: Document, mentions: list[PlaceMention], cc: str | None, blocked
    ) -> list[PlaceMention]:
        """The resolved mentions, and the sub-places the text introduces with every later
        mention of their names."""
        found = self.sub_places.find(doc, mentions, cc, blocked)
        if not found:
            return mentions
        out = list(mentions)
        taken = {i for m in mentions for i in range(m.first, m.last)} | set(blocked)
        texts = doc.token_texts()
        # one place per name: the mention that says where it is speaks for the others
        best: dict[str, Place] = {}
        for s in found:
            key = fold(s.place.name)
            if key not in best or (best[key].admin1_name is None and s.place.admin1_name is not None):
                best[key] = s.place
        found = [replace(s, place=best.get(fold(s.place.name), s.place)) for s in found]
        for s in found:
            taken.update(range(s.first, s.last))
            out.append(self._mention(doc, s.place.place_id, s.first, s.last))
        for s in found:  # "Tokhar" again, in the title or later: the same place
            name = texts[s.first : s.last]
            n = len(name)
            for k in range(len(texts) - n + 1):
                if texts[k : k + n] == name and taken.isdisjoint(range(k, k + n)):
                    out.append(self._mention(doc, s.place.place_id, k, k + n))
                    taken.update(range(k, k + n))
        return sorted(out, key=lambda m: m.char_start)

    @staticmethod
    def _mention(doc: Document, place_id: str, first: int, last: int) -> PlaceMention:
        start, end = doc.tokens[first].start, doc.tokens[last - 1].end
        return PlaceMention(place_id, doc.sentence_of_token(first), doc.text[start:end], start, end, first, last)


def _homonyms(a, b, key) -> bool:
    """Two equally good small places of one name in different admin1 units."""
    (pa, _), (pb, _) = a, b
    return (
        key(a)[:-1] == key(b)[:-1]
        and pa.place_type == "city"
        and pa.admin1_code != pb.admin1_code
        and pa.population < _TOSS_UP_POPULATION
        and pa.population < 3 * max(pb.population, 1)
    )


def _title_cased_sentences(doc: Document, among: set[int]) -> set[int]:
    """Which of these sentences have mostly capitalised words (headlines): capitals say nothing
    there."""
    out = {0}
    for no in among:
        initials = "".join(_WORD_START.findall(doc.sentences[no].text))  # each word's first letter
        capitals = len(initials) - len(initials.translate(_WITHOUT_CAPITALS))
        if initials and capitals * 2 > len(initials):
            out.add(no)
    return out


_WORD_START = re.compile(r"(?<![^\W\d_])[^\W\d_]")
_WITHOUT_CAPITALS = str.maketrans("", "", string.ascii_uppercase)


@lru_cache(maxsize=65_536)
def _name_word(text: str) -> bool:
    return text[:1].isupper() and text.replace("-", "").replace("'", "").isalpha()


def _contains(container: Place, p: Place) -> bool:
    if container.row_id == p.row_id or container.country_code != p.country_code:
        return False
    t = container.place_type
    if t == "country":
        return True
    if t == "admin1":
        return p.admin1_code == container.admin1_code and p.place_type != "admin1"
    if t == "admin2":
        if p.place_type not in ("city", "facility", "region"):
            return False
        if p.admin2_code is not None:
            return p.admin2_code == container.admin2_code
        # GeoNames links only some towns to their district: one in the same province nearby
        return p.admin1_code == container.admin1_code and _near(container, p, 60)
    if t == "city":  # a district, a camp or a village of a city: same admin1, a few km away
        return (
            p.place_type in ("city", "facility", "region")
            and p.admin1_code == container.admin1_code
            and _near(container, p, 25)
        )
    return False


def inside(container: Place, p: Place) -> bool:
    """Whether the text may put p inside container: contained by the gazetteer's units, a few
    km from a city or region, or a place of the text whose whereabouts the text leaves open."""
    if container.country_code != p.country_code or container.row_id == p.row_id:
        return False
    if p.place_id.startswith("txt:") and p.latitude is None and p.admin1_code in (None, container.admin1_code):
        return True  # a village the text names without its container: it may be anywhere here
    if container.place_type in ("city", "region", "facility"):
        return _near(container, p, 25)
    return _contains(container, p)


def _near(a: Place, b: Place, km: float) -> bool:
    if a.latitude is None or a.longitude is None or b.latitude is None or b.longitude is None:
        return False
    return abs(a.latitude - b.latitude) * 111 <= km and abs(a.longitude - b.longitude) * 111 <= km * 1.5


def _context_mismatch(context: str | None, place_type: str) -> bool:
    if context is None:
        return False
    if context == "city":
        return place_type not in ("city", "facility", "region")
    return place_type != context


def _sentence_initial(doc: Document, c: Candidate) -> bool:
    return doc.sentence_first_token[doc.sentence_of_token(c.first)] == c.first


def _person_name(doc: Document, c: Candidate, titles) -> bool:
    """ "President Qasim", "Qasim Soleimani said": a one-word name beside a title or a surname."""
    if c.last - c.first != 1:
        return False
    words, texts = doc.words(), doc.token_texts()
    if titles.ending_at(words, c.first):
        return True
    nxt = c.last
    return (
        nxt < len(texts)
        and texts[nxt][:1].isupper()
        and texts[nxt].isalpha()
        and not c.next_is_place
        and doc.sentence_of_token(nxt) == doc.sentence_of_token(c.first)
        and not c.locative
    )


@lru_cache(maxsize=65_536)  # per distinct word, not per token
def _possessive_shape(text: str) -> bool:
    """ "Aleppos": capitalised, five letters or more, a final s."""
    return len(text) >= 5 and text.endswith("s") and text[:1].isupper()


@lru_cache(maxsize=65_536)
def _capitalised(text: str) -> bool:
    """ "Aleppo", and "az-Zour" (an Arabic article before a capitalised name)."""
    return text[:1].isupper() or ("-" in text and text.split("-", 1)[1][:1].isupper())


_DATELINE = re.compile(
    r"([A-Z][A-Z.'’ -]{1,40}[A-Z.])(?:,\s*[A-Z][\w.]*(?:\s[A-Z][\w.]*)?)?\s*(?:\([^)\n]{1,40}\))?\s*[-–—:]{1,3}\s"
)


def location_dateline(doc: Document, dateline: tuple[int, int] | None = None) -> tuple[int, int] | None:
    """ "CAIRO -", "GADSDEN, Alabama --", "BEIRUT (Reuters) -": where the reporter filed from,
    at the start of the body. `dateline` is the span the ingest layer read as the article's
    dateline: one that opens the body ("KABUL, Afghanistan, May 3, 2020 (AP)", "New Delhi,
    May 3 (PTI)") names that place too."""
    if len(doc.sentences) < 2:
        return None
    start = doc.sentences[1].start
    m = _DATELINE.match(doc.text, start)
    if m:
        return start, m.end()
    return dateline if dateline is not None and dateline[0] == start else None


@lru_cache(maxsize=1)
def place_gazetteer() -> PlaceGazetteer:
    return keep_for_process(PlaceGazetteer(place_store()))
