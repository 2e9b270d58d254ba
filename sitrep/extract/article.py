"""Codes one article: every extractor in order, and the rows of each warehouse table.

`code_article` is the extraction library's one entry point; the Prefect tasks call it for
batches of articles and hand its rows to the loader as Arrow tables."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

from sitrep.extract.actors import ActorCatalog, ActorMention, actor_catalog
from sitrep.extract.captions import outside, photo_captions
from sitrep.extract.casualties import CasualtyReport, find_casualties
from sitrep.extract.countries import ArticleCountry, country_catalog
from sitrep.extract.dates import find_dates
from sitrep.extract.document import Document
from sitrep.extract.events import (
    Event,
    absorb_retellings,
    adopt_figures,
    attribute_responsibility,
    choose_primary,
    event_date,
    fatalities,
    find_events,
    link_casualties,
    refine_primary_place,
    sharpen_primary_place,
    source_figures,
    told_nationwide,
)
from sitrep.extract.places import Candidate, PlaceGazetteer, PlaceMention, location_dateline, place_gazetteer
from sitrep.extract.quotes import find_quotes
from sitrep.extract.sources import article_actor_for


@dataclass
class CodedArticle:
    """Rows per table, as plain dicts ready for pyarrow."""

    article_id: str
    sentences: list[dict] = field(default_factory=list)
    actor_mentions: list[dict] = field(default_factory=list)
    place_mentions: list[dict] = field(default_factory=list)
    events: list[dict] = field(default_factory=list)
    casualties: list[dict] = field(default_factory=list)
    quotes: list[dict] = field(default_factory=list)
    dates: list[dict] = field(default_factory=list)
    places: list[dict] = field(default_factory=list)  # the gazetteer rows this article uses
    warnings: list[str] = field(default_factory=list)


def code_article(
    article_id: str, text: str, published_on: dt.date | None, dateline: tuple[int, int] | None = None
) -> CodedArticle:
    catalog, gazetteer = actor_catalog(), place_gazetteer()
    doc = Document.from_text(text)
    actors = catalog.mentions(doc)
    blocked = {i for m in actors if not _is_geographic(m, catalog) for i in range(m.first, m.last)}
    candidates = gazetteer.candidates(doc, blocked)
    filed_from = location_dateline(doc, dateline)
    country = article_country(doc, candidates, actors, catalog, gazetteer, filed_from)
    places = gazetteer.resolve(doc, candidates, country, blocked)
    actors = catalog.in_country(actors, country.code)
    captions = photo_captions(doc)
    dates = [
        d
        for s in doc.sentences
        for d in find_dates(s.no, s.text, s.start, published_on, dateline)
        if outside(captions, d.char_start)
    ]
    casualties = [
        c for s in doc.sentences for c in find_casualties(doc, s, actors, catalog) if outside(captions, c.char_start)
    ]
    casualties = _resolve_generic_sources(casualties, actors, catalog)
    quotes = find_quotes(text, doc.sentences, actors, catalog)
    # a dateline says where the reporter was, not where anything happened
    event_places = [m for m in places if not (filed_from and filed_from[0] <= m.char_start < filed_from[1])]
    events = find_events(
        doc,
        actors,
        event_places,
        dates,
        casualties,
        catalog,
        gazetteer,
        quoted=[(q.char_start, q.char_end) for q in quotes if not q.reports_casualties] + captions,
        country_code=country.code,
        published_on=published_on,
    )
    primary = choose_primary(doc, events)
    if primary is not None:
        home = (
            gazetteer.country_place(country.code)
            if told_nationwide(doc, primary, event_places, gazetteer, country.code)
            else None
        )
        moved: dict[str, str] = {}
        if home is not None:  # "air strikes across the country": the event is the country's
            primary.place_id = home.place_id
        else:
            refine_primary_place(primary, event_places, gazetteer, doc.words(), country.code)
            moved = sharpen_primary_place(primary, event_places, gazetteer, country.code, doc.words())
        places = [replace(m, place_id=moved.get(m.place_id, m.place_id)) for m in places]
        attribute_responsibility(primary, doc, actors, catalog)
        absorb_retellings(primary, events, gazetteer, catalog)
    linked = link_casualties(doc, events, primary, casualties, dates, published_on)
    if primary is not None:
        adopt_figures(primary, events)
        kept = {id(e) for e in events}
        linked = {i: (primary if e is not None and id(e) not in kept else e) for i, e in linked.items()}
    _fill_perpetrators(casualties, linked)
    return _rows(
        article_id, doc, actors, places, dates, casualties, linked, quotes, events, published_on, catalog, gazetteer
    )


def article_country(
    doc: Document,
    candidates: list[Candidate],
    actors: list[ActorMention],
    catalog: ActorCatalog,
    gazetteer: PlaceGazetteer,
    filed_from: tuple[int, int] | None,
) -> ArticleCountry:
    """The votes of places, demonyms, one-country actors and the dateline (countries.py)."""
    countries = country_catalog()
    weights = countries.weights
    in_dateline = [c for c in candidates if filed_from and filed_from[0] <= doc.tokens[c.first].start < filed_from[1]]
    votes, named = gazetteer.votes([c for c in candidates if c not in in_dateline])
    for c in in_dateline:
        for cc in gazetteer.votes([c])[0]:
            votes[cc] += weights["dateline"]
    for _, _, cc in countries.demonyms(doc):
        votes[cc] += weights["demonym"]
    for m in actors:
        actor = catalog.by_id[m.actor_id]
        if actor.country_code and not actor.generic and actor.actor_type in _ONE_COUNTRY_TYPES:
            votes[actor.country_code] += weights["actor"]
    return ArticleCountry(countries.infer(votes), votes, frozenset(named))


# Actors that belong to one country's conflict (a state's ministries and media speak of others').
_ONE_COUNTRY_TYPES = frozenset({"state_forces", "rebel_group", "political_militia", "identity_militia"})


def _is_geographic(m: ActorMention, catalog: ActorCatalog) -> bool:
    """A country's name as an actor ("Russia claimed") may still be a place ("in Russia")."""
    return catalog.by_id[m.actor_id].actor_type == "government" and " " not in m.surface.strip()


def _resolve_generic_sources(
    casualties: list[CasualtyReport], actors: list[ActorMention], catalog: ActorCatalog
) -> list[CasualtyReport]:
    """ "the monitor said" names the article's monitor when the article names exactly one."""
    out = []
    for c in casualties:
        actor = article_actor_for(c.reported_by, actors, catalog) if c.reported_by_actor_id is None else None
        out.append(_replace(c, reported_by=actor.name, reported_by_actor_id=actor.actor_id) if actor else c)
    return out


def _replace(c: CasualtyReport, **changes) -> CasualtyReport:
    from dataclasses import replace

    return replace(c, **changes)


def _fill_perpetrators(casualties: list[CasualtyReport], linked: dict[int, Event | None]) -> None:
    for i, c in enumerate(casualties):
        event = linked.get(i)
        if (
            c.perpetrator_actor_id is None
            and event is not None
            and event.actor1_id
            and event.actor1_id != c.victim_actor_id
        ):
            casualties[i] = _replace(c, perpetrator_actor_id=event.actor1_id)
            event.casualties[event.casualties.index(c)] = casualties[i]


def _rows(
    article_id, doc, actors, places, dates, casualties, linked, quotes, events, published_on, catalog, gazetteer
) -> CodedArticle:
    out = CodedArticle(article_id)
    out.sentences = [
        dict(article_id=article_id, sentence_no=s.no, char_start=s.start, char_end=s.end)
        for s in doc.sentences
        if s.end > s.start
    ]  # an untitled article has no row 0
    out.actor_mentions = [
        dict(
            article_id=article_id,
            actor_id=m.actor_id,
            sentence_no=m.sentence_no,
            surface=m.surface,
            char_start=m.char_start,
            char_end=m.char_end,
        )
        for m in actors
    ]
    out.place_mentions = [
        dict(
            article_id=article_id,
            place_id=m.place_id,
            sentence_no=m.sentence_no,
            surface=m.surface,
            char_start=m.char_start,
            char_end=m.char_end,
        )
        for m in places
    ]
    used = {m.place_id for m in places} | {e.place_id for e in events if e.place_id}
    out.places = [_place_row(gazetteer.by_id[pid], gazetteer) for pid in sorted(used)]
    event_ids = {id(e): f"{article_id}-e{n}" for n, e in enumerate(events)}
    headline = 0 if doc.sentences and doc.sentences[0].end > doc.sentences[0].start else 1
    words = doc.words()
    out.events = [
        _event_row(article_id, event_ids[id(e)], e, published_on, headline)
        | {"geo_precision": _geo_precision(e, places, gazetteer, words)}
        for e in events
    ]
    out.casualties = [
        _casualty_row(article_id, n, c, event_ids.get(id(linked.get(n)))) for n, c in enumerate(casualties)
    ]
    out.quotes = [
        dict(
            quote_id=f"{article_id}-q{n}",
            article_id=article_id,
            sentence_no=q.sentence_no,
            speaker=q.speaker,
            speaker_actor_id=q.speaker_actor_id,
            text=q.text,
            char_start=q.char_start,
            char_end=q.char_end,
        )
        for n, q in enumerate(quotes)
    ]
    out.dates = [
        dict(
            article_id=article_id,
            sentence_no=d.sentence_no,
            surface=d.text,
            char_start=d.char_start,
            char_end=d.char_end,
            resolved=d.date,
            precision=d.precision,
            weekday_conflict=d.weekday_conflict,
        )
        for d in dates
    ]
    out.warnings = [f"weekday contradicts date: {d.text!r}" for d in dates if d.weekday_conflict]
    return out


def _geo_precision(e: Event, places: list[PlaceMention], gazetteer: PlaceGazetteer, words) -> int | None:
    """The precision of the event's place, and 2 at best where the text puts the event near it
    ("near Aleppo", "the outskirts of Idlib")."""
    if not e.place_id:
        return None
    precision = gazetteer.geo_precision(gazetteer.by_id[e.place_id])
    said = [m for m in places if m.place_id == e.place_id]
    # the mention the event was placed by: in its clause, its sentence, else the first (a
    # headline's event placed by its lead)
    own = (
        [m for m in said if e.first <= m.first < e.last] or [m for m in said if m.sentence_no == e.sentence_no] or said
    )
    if own and gazetteer.near(words, own[0]):
        return max(precision, 2)
    return precision


def _place_row(p, gazetteer: PlaceGazetteer) -> dict:
    # the columns of `places` (docs/warehouse.md#places); admin2 is not one of them (yet)
    return dict(
        place_id=p.place_id,
        name=p.name,
        place_type=p.place_type,
        country_code=p.country_code,
        admin1_name=p.admin1_name,
        latitude=p.latitude,
        longitude=p.longitude,
        geonames_id=p.geonames_id,
        geo_precision=gazetteer.geo_precision(p),
    )


def _event_row(article_id: str, event_id: str, e: Event, published_on, headline: int = 0) -> dict:
    f = fatalities(e.casualties, headline)
    sources = source_figures(e.casualties)
    date, precision, date_text, date_source = event_date(e, published_on)
    return dict(
        event_id=event_id,
        article_id=article_id,
        sentence_no=e.sentence_no,
        event_type=e.event_type,
        sub_event_type=e.sub_event_type,
        actor1_id=e.actor1_id,
        actor2_id=e.actor2_id,
        place_id=e.place_id,
        event_date=date,
        date_precision=precision,
        date_text=date_text,
        date_source=date_source,
        is_primary=e.is_primary,
        killed_low=f.killed_low,
        killed_best=f.killed_best,
        killed_high=f.killed_high,
        wounded_low=f.wounded_low,
        wounded_best=f.wounded_best,
        wounded_high=f.wounded_high,
        killed_sources=len(sources) or None,
        killed_sources_min=min(sources.values(), default=None),
        killed_sources_max=max(sources.values(), default=None),
        char_start=e.char_start,
        char_end=e.char_end,
    )


def _casualty_row(article_id: str, n: int, c: CasualtyReport, event_id: str | None) -> dict:
    return dict(
        casualty_id=f"{article_id}-c{n}",
        article_id=article_id,
        event_id=event_id,
        sentence_no=c.sentence_no,
        outcome=c.outcome,
        count_low=c.count_low,
        count_high=c.count_high,
        qualifier=c.qualifier,
        victim_group=c.victim_group,
        victim_kind=c.victim_kind,
        victim_actor_id=c.victim_actor_id,
        perpetrator_actor_id=c.perpetrator_actor_id,
        reported_by=c.reported_by,
        reported_by_actor_id=c.reported_by_actor_id,
        is_subset=c.is_subset,
        char_start=c.char_start,
        char_end=c.char_end,
    )
