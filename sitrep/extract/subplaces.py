"""Places the gazetteer lacks, named by the words around them: "the village of Tarmala", "the
Karm al-Jabal neighbourhood of Aleppo", "the al-Kindi hospital in Homs"
(docs/codebook.md, "Places below the city").

A capitalised name after "the village of" or before "neighbourhood" is a place even when no
gazetteer lists it. It becomes a place of the article's country inside the container the text
gives ("... of Aleppo", "... in Idlib province"), with that container's admin1 and, where the
container is a city, its point at a lower precision (geo_precision 2): a sub-place is never
given a point of its own. Without a container it keeps its country and no point. The words
that introduce sub-places are data (places.yaml, `sub_place_words_before`/`_after`)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace

from sitrep.extract.countries import country_catalog
from sitrep.extract.document import Document
from sitrep.extract.lexicon import phrases_by_value
from sitrep.extract.place_store import Place
from sitrep.extract.text import fold

_MAX_NAME_TOKENS = 3
# connectors that join two names rather than stand inside one ("Kfeir and Jdeideh")
_JOINING = frozenset({"and", "&", "y", "e", "i", "of"})
# "the villages of A and B": a list in copy without commas runs its names together, so each
# name of a list is taken only this short
_MAX_LISTED_TOKENS = 2
# a synthetic row id far below the store's rows (which count from 0)
_TEXT_ROW = -1


@dataclass(frozen=True, slots=True)
class SubPlace:
    place: Place
    first: int  # token span of the surface: the name, and a facility's type word with it
    last: int


class SubPlaceReader:
    def __init__(self, lex: Mapping, gazetteer):
        self.before = phrases_by_value(_invert(lex["sub_place_words_before"]))
        self.after = phrases_by_value(_invert(lex["sub_place_words_after"]))
        self.plural = frozenset(lex["sub_place_plurals"])
        self.g = gazetteer

    def find(self, doc: Document, resolved, country_code: str | None, blocked) -> list[SubPlace]:
        """The sub-places the text introduces by type words; names inside resolved places or
        actors are left alone."""
        if country_code is None:
            return []  # no country: nothing to put the place in
        texts, words = doc.token_texts(), doc.words()
        taken = set(blocked) | {i for m in resolved for i in range(m.first, m.last)}
        out: list[SubPlace | None] = []  # a None: a name refused (abroad, a unit's name); dropped below
        titled = {n for n, sent in enumerate(doc.sentences) if n == 0 or _title_cased(sent.text)}
        for k in range(len(words)):
            hit = self.before.match(words, k)
            if hit is not None:
                phrase, place_type = hit
                end = k + len(phrase)
                for first, last in self._names_after(doc, texts, end, taken, phrase[0] in self.plural):
                    out.append(
                        self._sub_place(
                            doc, (first, last), (first, last), place_type, resolved, (last, k), country_code
                        )
                    )
                    taken.update(range(first, last))
            hit = self.after.match(words, k)
            if hit is not None and doc.sentence_of_token(k) not in titled:
                phrase, place_type = hit
                span = self._name_before(doc, texts, k, taken)
                if span is not None:
                    first, last = span
                    surface = (first, k + len(phrase)) if place_type == "facility" else span
                    out.append(
                        self._sub_place(
                            doc, span, surface, place_type, resolved, (k + len(phrase), first), country_code
                        )
                    )
                    taken.update(range(*surface))
        return [s for s in out if s is not None]

    def _names_after(self, doc, texts, start, taken, plural):
        """ "of Tokhar", "of Abu Hanaya and al-Hardaneh": the names a type word introduces."""
        spans = []
        k = start
        while True:
            last = _name_run(doc, texts, k, taken, self.g)
            limit = _MAX_LISTED_TOKENS if plural else _MAX_NAME_TOKENS
            if last == k or last - k > limit:
                break
            spans.append((k, last))
            if not (plural and last + 1 < len(texts) and doc.words()[last] == "and"):
                break
            k = last + 1
        return spans

    def _name_before(self, doc, texts, k, taken):
        """ "the Shahba neighbourhood": the capitalised words right before a type word, after a
        lower-case word (a sentence's first word may be capitalised for grammar alone)."""
        first = k
        while first > 0 and k - first < _MAX_NAME_TOKENS and _name_token(texts[first - 1]) and first - 1 not in taken:
            first -= 1
        if first == k or doc.sentence_of_token(first) != doc.sentence_of_token(k):
            return None
        before = first - 1
        if before < doc.sentence_first_token[doc.sentence_of_token(k)] or _capital_word(texts[before]):
            return None  # a sentence's first words, or part of a longer name
        if doc.words()[before] in ("a", "an"):
            return None  # "a Damascan suburb": a name is "the X suburb", an adjective "a X suburb"
        if not _plausible(texts[first:k], self.g):
            return None
        return first, k

    def _sub_place(self, doc, name, surface, place_type, resolved, around, cc) -> SubPlace | None:
        """`around`: the token after the phrase and the token where it starts, where the
        container is written ("... of Aleppo", "the Aleppo suburb of ...")."""
        container = _container(doc, resolved, around[0], around[1], self.g)
        if container is not None and container.country_code != cc:
            return None  # the text puts it abroad: not a place of this article's country
        known = self._known(doc, name, place_type, cc)
        if known is not None or self._named_otherwise(doc, name):
            return known
        shown = doc.text[doc.tokens[surface[0]].start : doc.tokens[surface[1] - 1].end]
        place = self.g.text_place(shown, place_type, cc, container)
        return None if place is None else SubPlace(place, *surface)

    def _named_otherwise(self, doc, name) -> bool:
        """ "the Kurd-held Syria town": a country's or a province's name, or a demonym, is not a
        village's, whatever type word follows it."""
        key = " ".join(doc.keys()[name[0] : name[1]])
        rows = self.g.store.lookup([key]).get(key, ())
        units = any(self.g.store.place(r).place_type in ("country", "admin1") for r, rank in rows if rank == 0)
        return units or bool(country_catalog().demonym_index.lookup(key))

    def _known(self, doc, name, place_type, cc) -> SubPlace | None:
        """ "the town of Manbij Killing" in copy without commas: a gazetteer place of the
        country that the name opens with is that place."""
        if place_type != "city":
            return None
        keys = doc.keys()
        for last in range(name[1], name[0], -1):
            key = " ".join(keys[name[0] : last])
            rows = self.g.store.lookup([key]).get(key, ())
            places = [p for p in map(self.g.store.place, (r for r, rank in rows if rank <= 1))]
            home = [p for p in places if p.country_code == cc and p.place_type == "city"]
            if len(home) == 1:
                return SubPlace(home[0], name[0], last)
        return None


def _invert(table: dict) -> dict:
    """{phrase: type} as {type: [phrases]}, the shape phrases_by_value reads."""
    out: dict = {}
    for phrase, value in table.items():
        out.setdefault(value, []).append(phrase)
    return out


def _name_run(doc: Document, texts, k: int, taken, g) -> int:
    """The end of the capitalised name starting at token k (k itself where there is none)."""
    last = k
    sentence = doc.sentence_of_token(k) if k < len(texts) else -1
    while (
        last < len(texts)
        and last - k < _MAX_NAME_TOKENS + 1
        and last not in taken
        and doc.sentence_of_token(last) == sentence
        and (
            _name_token(texts[last])
            or (
                last > k
                and fold(texts[last]) in g.connectors
                and fold(texts[last]) not in _JOINING
                and last + 1 < len(texts)
                and _name_token(texts[last + 1])
            )
        )
    ):
        last += 1
    while last > k and fold(texts[last - 1]) in g.not_places and last - 1 > k:
        last -= 1  # "Tokhar Monday": a date word closes the name, it is not part of it
    if last > k and not _plausible(texts[k:last], g):
        return k
    return last


def _plausible(tokens: list[str], g) -> bool:
    """A name of words that are not all words of another kind ("Syrian", "Monday", "Army")."""
    folded = [fold(t) for t in tokens]
    return (
        not all(w in g.not_places or w in g.connectors for w in folded) and fold(" ".join(tokens)) not in g.not_places
    )


# "Tokhar", "Qora'a", "al-Izaa", "Deir-ez-Zor"; not "IS-held" (a capitalised word and a suffix)
_ARTICLE = r"(?:al|el|ad|as|ar|az|at|an|ash|ez|es|ed)"
_NAME = re.compile(rf"^(?:{_ARTICLE}-)?[A-Z][a-z'’]+(?:-(?:{_ARTICLE}|[A-Z][a-z'’]+))*$")


def _name_token(text: str) -> bool:
    """ "Tokhar", "al-Izaa", "Qora'a": a capitalised word of letters (or an Arabic article and one)."""
    return bool(_NAME.match(text))


def _title_cased(sentence: str) -> bool:
    """A headline's capitals say nothing about names."""
    words = [w for w in sentence.split() if w[:1].isalpha()]
    return bool(words) and sum(w[:1].isupper() for w in words) * 2 > len(words)


def _capital_word(text: str) -> bool:
    return text[:1].isupper() and text.isalpha()


def _container(doc: Document, resolved, after: int, before: int, g) -> Place | None:
    """The place the text puts the sub-place in: "... of Aleppo", "... in Idlib province", "the
    Aleppo suburb of ...", "Aleppo's ... district"."""
    words = doc.words()
    k = after
    while k < len(words) and k - after < 4 and words[k] in g.container_links:
        k += 1
    if k > after:
        for m in resolved:
            if m.first == k:
                return _usable(g.by_id[m.place_id])
    for m in resolved:
        gap = words[m.last : before]
        if m.last <= before and len(gap) <= 2 and all(w in g.container_links for w in gap):
            return _usable(g.by_id[m.place_id])
    return None


def _usable(p: Place) -> Place | None:
    return p if p.place_type in ("city", "admin2", "admin1", "region", "facility") else None


def text_place(name: str, place_type: str, cc: str, container: Place | None, country: Place) -> Place:
    """The row of a place known only from the text: its container's admin1 and its container's
    point, as ACLED codes a place its gazetteer lacks: a city's point is a few km off (geo
    precision 2), an admin region's only says the region (3). A country's point says nothing."""
    point = container is not None and container.place_type != "country"
    holder = container or country
    slug = re.sub(r"[^a-z0-9]+", "-", fold(name)).strip("-")
    within = container.place_id.replace(":", "-") if container is not None else cc.lower()
    return replace(
        holder,
        row_id=_TEXT_ROW,
        place_id=f"txt:{within}:{slug}",
        name=name,
        place_type=place_type,
        country_code=cc,
        latitude=holder.latitude if point else None,
        longitude=holder.longitude if point else None,
        geonames_id=None,
        population=0,
        common_word=False,
        admin1_code=holder.admin1_code if container is not None else None,
        admin1_name=holder.admin1_name if container is not None else None,
        admin2_code=holder.admin2_code if container is not None and container.place_type != "admin1" else None,
        admin2_name=holder.admin2_name if container is not None and container.place_type != "admin1" else None,
    )
