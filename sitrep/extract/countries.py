"""The article's own country, inferred from its text (docs/codebook.md, "Actors and places").

Every name in an article votes for the countries it can be in: a country named where something
happens in it, the admin1 units and towns only it has, the demonyms ("Nigerian troops"), the
armed groups that belong to one country, the chains wires write ("Sopore, Baramulla, Jammu and
Kashmir, India") and, weakly, the dateline (where the reporter was). Names resolve inside the
winner first, and a name that fits only another country stays unresolved rather than move the
event abroad."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from sitrep.extract.document import Document
from sitrep.extract.gazetteer import NameIndex
from sitrep.extract.lexicon import DATA_DIR, keep_for_process, lexicon, read_csv


@dataclass(frozen=True, slots=True)
class Country:
    iso2: str
    iso3: str
    name: str
    names: tuple[str, ...]
    demonyms: tuple[str, ...]


@dataclass
class ArticleCountry:
    """The article's country (None where the text does not say) and the evidence behind it."""

    code: str | None
    scores: Counter = field(default_factory=Counter)
    named: frozenset[str] = frozenset()  # countries the text names as places

    def ranked(self) -> list[str]:
        return [cc for cc, _ in self.scores.most_common()]


class CountryCatalog:
    def __init__(self, countries: list[Country]):
        self.by_code = {c.iso2: c for c in countries}
        self.demonym_index = NameIndex((d, c.iso2) for c in countries for d in c.demonyms)
        self.weights = lexicon("places")["country_evidence"]

    def demonyms(self, doc: Document) -> list[tuple[int, int, str]]:
        """(first token, last token, country) of every demonym in the article, capitalised."""
        texts = doc.token_texts()
        return [
            (h.first, h.last, h.payloads[0])
            for h in self.demonym_index.find(doc.folded)
            if texts[h.first][:1].isupper() and len(set(h.payloads)) == 1
        ]

    def infer(self, votes: Counter) -> str | None:
        """The country with the most evidence, if it has enough and no rival as much."""
        if not votes:
            return None
        (best, score), *rest = [*votes.most_common(2), (None, 0.0)]
        runner_up = rest[0][1]
        if score < self.weights["minimum"] or score - runner_up < self.weights["margin"]:
            return None
        return best


@lru_cache(maxsize=1)
def country_catalog() -> CountryCatalog:
    rows = read_csv(DATA_DIR / "countries" / "countries.csv")
    countries = [
        Country(
            r["iso2"],
            r["iso3"],
            r["name"],
            tuple(n for n in [r["name"], *r["aliases"].split("|")] if n),
            tuple(d for d in r["demonyms"].split("|") if d),
        )
        for r in rows
    ]
    return keep_for_process(CountryCatalog(countries))
