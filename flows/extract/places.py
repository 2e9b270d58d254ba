"""Places on the map, resolved offline against the gazetteer in `flows/data/places/`
(GeoNames extract plus curated facilities and regions; see its README).

Resolution order for a name: an exact (folded) spelling from the gazetteer, else, for a
capitalised name in a focus country, its transliteration skeleton ("Dayr az Zawr" and
"Deir ez-Zour" meet). Among several places of one name the context decides: "province"
or "rural" selects the governorate, then a governorate the article names, then the focus
countries, then population."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from itertools import compress

from flows.extract.actors import ActorMention
from flows.extract.document import Document
from flows.extract.gazetteer import NameIndex, skeleton
from flows.extract.lexicon import DATA_DIR, keep_for_process, load_yaml, phrases, read_csv
from flows.extract.text import fold


@dataclass(frozen=True, slots=True)
class Place:
    place_id: str
    name: str
    place_type: str        # country, admin1, city, facility, region
    country_code: str | None
    admin1_name: str | None
    latitude: float | None
    longitude: float | None
    geonames_id: int | None
    population: int


@dataclass(frozen=True, slots=True)
class PlaceMention:
    place_id: str
    sentence_no: int
    surface: str
    char_start: int
    char_end: int
    first: int
    last: int


_TYPE_RANK = {"facility": 0, "city": 1, "region": 2, "admin1": 3, "country": 4}


class PlaceGazetteer:
    def __init__(self, places: list[Place], names: list[tuple[str, str]], curated_names: list[tuple[str, str]] = ()):
        lex = load_yaml("places.yaml")
        self.by_id = {p.place_id: p for p in places}
        self.focus = frozenset(lex["focus_countries"])
        self.index = NameIndex((n, pid) for pid, n in names if pid in self.by_id)
        self.skeletons: dict[str, list[str]] = {}
        for pid, n in names:
            p = self.by_id.get(pid)
            if p and p.country_code in self.focus and p.place_type != "country":
                self.skeletons.setdefault(skeleton(n), []).append(pid)
        # memoised per gazetteer: an article's capitalised n-grams recur, article after article
        self._sounding_like = lru_cache(maxsize=65_536)(self._sounding_like_uncached)
        self.admin_after = phrases(lex["admin_after"])
        self.admin_before = phrases(lex["admin_before"])
        self.locative = frozenset(lex["locative_words"])
        self.modifiers = frozenset(lex["modifiers"])
        self.descriptors = NameIndex((d, name) for d, name in lex["descriptors"].items())
        self.not_places = frozenset(fold(w) for w in lex["not_places"])
        self.admin1_by_name = {fold(p.name): p for p in places if p.place_type == "admin1"}
        self.big_city = lex["big_city_population"]
        self.primary_names: dict[str, set[str]] = {}
        for p in places:
            self.primary_names.setdefault(p.place_id, set()).add(fold(p.name))
        for pid, n in curated_names:
            self.primary_names.setdefault(pid, set()).add(fold(n))

    def by_name(self, name: str) -> Place | None:
        ids = self.index.lookup(name)
        return self.pick(ids, admin=False, context_admin1=set()) if ids else None

    def mentions(self, doc: Document, blocked: list[ActorMention]) -> list[PlaceMention]:
        words = doc.words()
        blocked_tokens = {i for m in blocked for i in range(m.first, m.last)}
        raw = self._candidates(doc, words, blocked_tokens)
        # governorates named anywhere in the article steer ambiguous towns toward them
        context = {self.by_id[ids[0]].admin1_name for _, _, ids, _, _ in raw
                   if len(ids) == 1 and self.by_id[ids[0]].admin1_name}
        found = []
        for first, last, ids, admin, exact in raw:
            place = self.pick(ids, admin, context)
            if place is None or not self._acceptable(place, doc, words, first, last, exact):
                continue
            start, end = doc.tokens[first].start, doc.tokens[last - 1].end
            found.append(PlaceMention(place.place_id, doc.sentence_of_token(first), doc.text[start:end],
                                      start, end, first, last))
        return self._without_contradictions(found, words)

    def _without_contradictions(self, found: list[PlaceMention], words: list[str]) -> list[PlaceMention]:
        """"Mallah Farms in Aleppo", "Aleppo's Salah Eddin": a place said to lie in a governorate
        of the focus countries but resolved to another one was resolved wrongly; drop it."""
        kept = []
        for i, m in enumerate(found):
            container = self._container(found, i, words)
            p = self.by_id[m.place_id]
            if container is not None and p.place_type in ("city", "facility", "region") \
                    and p.admin1_name and container.admin1_name and p.admin1_name != container.admin1_name:
                continue
            kept.append(m)
        return kept

    def _container(self, found: list[PlaceMention], i: int, words: list[str]) -> Place | None:
        m = found[i]
        nxt = found[i + 1] if i + 1 < len(found) else None
        prev = found[i - 1] if i > 0 else None
        if nxt is not None and nxt.first == m.last + 1 and words[m.last] in ("in", "of"):
            c = self.by_id[nxt.place_id]
        elif prev is not None and prev.last + 1 == m.first and words[prev.last] in ("'s", "’s"):
            c = self.by_id[prev.place_id]
        else:
            return None
        return c if c.country_code in self.focus and c.place_type in ("admin1", "city") else None

    def _candidates(self, doc, words, blocked):
        out, covered = [], set(blocked)
        for hit in self.descriptors.find(doc.folded):   # "the Syrian capital" before "Syrian"
            ids = self.index.lookup(hit.payloads[0])
            if ids:
                out.append((hit.first, hit.last, list(ids), False, True))
                covered.update(range(hit.first, hit.last))
        for hit in self.index.find(doc.folded):
            span = range(hit.first, hit.last)
            if not covered.isdisjoint(span) or not self._proper(doc, hit.first, hit.last):
                continue
            # other spellings of the same sound compete too: the article's context decides
            sounds = self.skeletons.get(skeleton(doc.text[hit.start:hit.end]), []) if hit.last - hit.first > 1 else []
            ids = list(hit.payloads) + [i for i in sounds if i not in hit.payloads]
            out.append((hit.first, hit.last, ids, self._admin_context(words, hit.first, hit.last), True))
            covered.update(span)
        out.extend(self._possessive_hits(doc, words, covered))
        out.extend(self._skeleton_hits(doc, words, covered))
        return sorted(out)

    def _possessive_hits(self, doc, words, covered):
        """"Aleppos", "Syrias": the possessive of copy whose apostrophes were stripped."""
        hits = []
        texts = doc.token_texts()
        for i in compress(range(len(texts)), map(_possessive_shape, texts)):
            if i in covered:
                continue
            ids = self.index.lookup(texts[i][:-1])
            if ids:
                hits.append((i, i + 1, list(ids), self._admin_context(words, i, i + 1), True))
                covered.add(i)
        return hits

    def _skeleton_hits(self, doc, words, covered):
        """Capitalised names the exact index missed, tried by their transliteration skeleton."""
        n, text = len(doc.tokens), doc.text
        starts, ends = doc.token_starts(), doc.token_ends()
        capitalised = list(map(_capitalised, doc.token_texts()))
        sentence = doc.token_sentences()
        hits, resume = [], 0
        for i in compress(range(n), capitalised):
            if i < resume or i in covered:
                continue
            for size in (4, 3, 2, 1):
                last = i + size
                if last > n or not capitalised[last - 1] or not covered.isdisjoint(range(i, last)):
                    continue
                if size == 1 and fold(words[i]) in self.not_places:
                    continue
                if sentence[i] != sentence[last - 1]:
                    continue
                ids = self._sounding_like(text[starts[i]:ends[last - 1]])
                if ids is not None and (size > 1 or self._locative(words, i, doc)):
                    hits.append((i, last, ids, self._admin_context(words, i, last), False))
                    resume = last
                    break
        return hits

    def _sounding_like_uncached(self, surface: str) -> list[str] | None:
        """The places whose skeleton is the surface's, if it is long enough to trust."""
        key = skeleton(surface)
        return self.skeletons.get(key) if len(key) >= 4 else None

    def _acceptable(self, place: Place, doc, words, first, last, exact: bool) -> bool:
        """Countries count only where something happens in them ("in Syria", not "Syria said").
        Outside the focus countries a town counts under its own name, and a small one only
        where the text puts something in it: alternate names there are too often words
        ("Main"), first names ("Rami") or outlets ("Al-Awsat")."""
        if place.place_type == "country":
            return self._locative(words, first, doc)
        if place.country_code in self.focus:
            return True
        surface = fold(doc.text[doc.tokens[first].start:doc.tokens[last - 1].end])
        if surface not in self.primary_names.get(place.place_id, ()):
            return False
        return place.population >= self.big_city or place.place_type == "facility" or self._locative(words, first, doc)

    def _proper(self, doc, first, last) -> bool:
        texts = doc.token_texts()[first:last]
        if not any(t[:1].isupper() for t in texts):
            return False      # "of", "hit", "main": a place's name only when capitalised
        if fold(" ".join(texts)) in self.not_places:
            return False
        return True

    def _admin_context(self, words, first, last) -> bool:
        return bool(self.admin_after.match(words, last) or self.admin_before.ending_at(words, first))

    def _locative(self, words, first, doc) -> bool:
        k = first - 1
        while k >= 0 and words[k] in self.modifiers:
            k -= 1
        return k >= 0 and words[k] in self.locative and doc.sentence_of_token(k) == doc.sentence_of_token(first)

    def pick(self, ids, admin: bool, context_admin1: set) -> Place | None:
        places = [self.by_id[i] for i in dict.fromkeys(ids) if i in self.by_id]
        if not places:
            return None
        if any(p.place_type == "country" for p in places):
            return next(p for p in places if p.place_type == "country")
        if admin and not any(p.place_type in ("region", "facility") for p in places):
            admins = [p for p in places if p.place_type == "admin1"]
            if admins:
                places = admins
            elif places[0].admin1_name and fold(places[0].admin1_name) in self.admin1_by_name:
                return self.admin1_by_name[fold(places[0].admin1_name)]
        elif any(p.place_type != "admin1" for p in places):
            places = [p for p in places if p.place_type != "admin1"] or places

        def rank(p: Place):
            return (p.admin1_name not in context_admin1, p.country_code not in self.focus,
                    _TYPE_RANK.get(p.place_type, 5), -p.population)
        return min(places, key=rank)


@lru_cache(maxsize=65_536)    # per distinct word, not per token
def _possessive_shape(text: str) -> bool:
    """"Aleppos": capitalised, five letters or more, a final s."""
    return len(text) >= 5 and text.endswith("s") and text[:1].isupper()


@lru_cache(maxsize=65_536)
def _capitalised(text: str) -> bool:
    """"Aleppo", and "az-Zour" (an Arabic article before a capitalised name)."""
    return text[:1].isupper() or ("-" in text and text.split("-", 1)[1][:1].isupper())


def _num(value: str, kind=float):
    try:
        return kind(value) if value not in ("", None) else None
    except ValueError:
        return None


@lru_cache(maxsize=1)
def place_gazetteer() -> PlaceGazetteer:
    folder = DATA_DIR / "places"
    places = [Place(r["place_id"], r["name"], r["place_type"], r.get("country_code") or None,
                    r.get("admin1_name") or None, _num(r.get("latitude")), _num(r.get("longitude")),
                    _num(r.get("geonames_id"), int), _num(r.get("population"), int) or 0)
              for r in read_csv(folder / "places.csv")]
    names = [(r["place_id"], r["name"]) for r in read_csv(folder / "place_names.csv")]
    curated = [(r["place_id"], r["name"]) for r in read_csv(folder / "curated_names.csv")]
    return keep_for_process(PlaceGazetteer(places, names, curated))
