"""Events with ACLED types, their actors, place and date, the primary event, and UCDP-style
fatality estimates from the casualty reports linked to them (docs/codebook.md#events)."""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections import ChainMap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from operator import itemgetter

from sitrep.extract.actors import ActorCatalog, ActorMention
from sitrep.extract.casualties import CasualtyReport
from sitrep.extract.dates import DateMention, is_year, year_pattern
from sitrep.extract.document import Document
from sitrep.extract.lexicon import PhraseTable, lexicon, phrases, phrases_by_value, positions, with_derived
from sitrep.extract.places import PlaceGazetteer, PlaceMention, inside, place_type_rank

# Where an event happened: a town, a facility or a named area before a governorate, and that
# before a country; among equals, the place named nearest the attack words.
_PASSIVE_AUX = frozenset({"was", "were", "been", "being", "is", "are", "got"})
_CLAUSE_BREAKS = frozenset({"but", ";", "while", "whereas", "meanwhile", "as"})
_NOT_BREAKING_BEFORE_AS = frozenset({"such", "well", "so", "known", "same", "much", "many", "soon"})


@dataclass(eq=False)  # events are compared by identity: two may carry the same values
class Event:
    sentence_no: int
    first: int  # token span of the clause the event was read from
    last: int
    char_start: int  # the trigger words
    char_end: int
    event_type: str
    sub_event_type: str
    rank: int
    actor1_id: str | None = None
    actor2_id: str | None = None
    place_id: str | None = None
    date: DateMention | None = None
    is_primary: bool = False
    sentences: set[int] = field(default_factory=set)  # sentences this event's story spans
    prior: bool = False  # told as what came before the story: "... a day after strikes killed 35"
    casualties: list[CasualtyReport] = field(default_factory=list)


@dataclass(frozen=True)
class Fatalities:
    killed_low: int | None
    killed_best: int | None
    killed_high: int | None
    wounded_low: int | None
    wounded_best: int | None
    wounded_high: int | None


@lru_cache(maxsize=1)
def _lexicon() -> ChainMap:
    lex = with_derived("events")
    triggers = [(tuple(str(t).split()), mode) for mode, words in lex["modes"].items() for t in words]
    lex["triggers"] = PhraseTable(triggers)  # a phrase listed twice keeps its first mode
    lex["trigger_words"] = frozenset(w for p, _ in triggers for w in p) - {"and", "of", "the"}
    lex["blocked_before_sets"] = {w: frozenset(ws) for w, ws in lex["blocked_before"].items()}
    lex["blocked_after_tables"] = {w: phrases(ws) for w, ws in lex["blocked_after"].items()}
    lex["civilian_killing"] = phrases(lex["civilian_killing_words"])
    lex["target_table"] = phrases_by_value(lex["target_nouns"])
    lex["intervention"] = phrases(lex["protest_intervention"])
    bg = lex["background"]
    lex["bg_war"] = phrases(bg["war_nouns"])
    lex["bg_war_modifies"] = frozenset(bg["war_noun_modifies"])
    lex["bg_cumulative"] = phrases(bg["cumulative_cues"])
    lex["bg_span"] = phrases(bg["span_cues"])
    lex["prior_table"] = phrases(lex["prior_event_openers"])
    lex["targets"] = phrases(lex["target_markers"])
    lex["agent_type_set"] = frozenset(lex["agent_types"])
    lex["armed_types"] = frozenset(lex["armed_actor_types"])
    lex["air_types"] = frozenset(lex["air_capable_types"])
    lex["responsibility"] = phrases(lex["responsibility_cues"])
    lex["quiet_labels"] = frozenset(lex["sub_events"][d][1] for d in lex["quiet_sub_events"])
    return lex


def find_events(
    doc: Document,
    actors: list[ActorMention],
    places: list[PlaceMention],
    dates: list[DateMention],
    casualties: list[CasualtyReport],
    catalog: ActorCatalog,
    gazetteer: PlaceGazetteer,
    quoted: Sequence[tuple[int, int]] = (),
    country_code: str | None = None,
    published_on: dt.date | None = None,
) -> list[Event]:
    """One event per clause that reports one. Speech inside quotation marks reports nothing, nor
    does a sentence set in an earlier year than the article's (a profile, a trial's history)."""
    events = []
    words = doc.words()
    triggers = _triggers(words, _tokens_within(doc, quoted))
    breaks = sorted(positions(words, _CLAUSE_BREAKS) + _prior_openers(words))
    lead_end = _lexicon()["lead_sentences"]
    air_story = any(mode == "air" for _, _, mode in triggers)
    history = _sentences_in_earlier_years(doc, dates, published_on)
    prior_starts = set(_prior_openers(words))
    for s in doc.sentences:
        if s.no in history:
            continue
        for first, last in _clauses(doc, s.no, breaks):
            event = _event_in_clause(
                doc,
                s.no,
                first,
                last,
                actors,
                places,
                dates,
                casualties,
                catalog,
                gazetteer,
                triggers,
                in_lead=s.no <= lead_end,
                air_story=air_story,
                country_code=country_code,
            )
            if event:
                event.prior = first in prior_starts
                events.append(event)
    return events


def _prior_openers(words: list[str]) -> list[int]:
    """Where a clause of an earlier event opens: the "after" of "a day after", "hours after"."""
    lex = _lexicon()
    return [
        k
        for k in positions(words, ("after",))
        if lex["prior_table"].ending_at(words, k + 1)
        and not any(w in lex["reporting_words"] for w in words[k + 1 : k + 5])  # "a day after it was announced"
    ]


def _tokens_within(doc: Document, spans: Sequence[tuple[int, int]]) -> set[int]:
    """Indices of the tokens that start inside any of the character spans."""
    starts = doc.token_starts()
    return {i for a, b in spans for i in range(bisect.bisect_left(starts, a), bisect.bisect_left(starts, b))}


def _triggers(words: list[str], quoted_tokens: set[int]) -> list[tuple[int, tuple, str]]:
    """(token index, phrase, mode) of the longest trigger starting at each token outside
    quotes, in token order: found once per article, not once per clause."""
    lex = _lexicon()
    table = lex["triggers"]
    found = []
    for k in positions(words, table.first_words):
        if k not in quoted_tokens:
            hit = table.match(words, k)
            if hit and not _blocked(words, k, hit[0], lex):
                found.append((k, *hit))
    return found


def _blocked(words: list[str], k: int, phrase: tuple, lex: Mapping) -> bool:
    """ "general strike", "hunger strike", "strike action": the word names no violence here."""
    word = " ".join(phrase)
    before = lex["blocked_before_sets"].get(word)
    if before and k > 0 and words[k - 1] in before:
        return True
    after = lex["blocked_after_tables"].get(word)
    return bool(after and after.match(words, k + len(phrase)))


def _clauses(doc: Document, sentence_no: int, breaks: list[int]) -> list[tuple[int, int]]:
    """The sentence's token spans, cut before clause-breaking words; `breaks` holds the
    article's tokens that are such words, in order."""
    rng = doc.token_range(sentence_no)
    words = doc.words()
    spans, start = [], rng.start
    for i in breaks[bisect.bisect_left(breaks, rng.start) : bisect.bisect_left(breaks, rng.stop)]:
        if words[i] == "as" and (
            i == rng.start
            or words[i - 1] in _NOT_BREAKING_BEFORE_AS
            or (i + 1 < rng.stop and words[i + 1] in ("well", "a", "an", "part"))
        ):
            continue
        if i > start:
            spans.append((start, i))
            start = i
    spans.append((start, rng.stop))
    return spans


def _event_in_clause(
    doc,
    sentence_no,
    first,
    last,
    actors,
    places,
    dates,
    casualties,
    catalog,
    gazetteer,
    triggers,
    in_lead,
    air_story,
    country_code=None,
):
    words = doc.words()
    lo = bisect.bisect_left(triggers, first, key=itemgetter(0))
    hi = bisect.bisect_left(triggers, last, key=itemgetter(0))
    hits = _non_overlapping(triggers[lo:hi])
    if not hits:
        return None
    mode_rank = _lexicon()["mode_rank"]
    t_first, phrase, mode = max(hits, key=lambda h: (mode_rank[h[2]], -h[0]))
    rank = mode_rank[mode]  # how specific the words are, whatever type they make
    clause_casualties = [c for c in casualties if first <= c.first < last]
    # Bare casualty words ("30 dead") or a bare "attack" make an event only where the story is
    # told (title and lead) or, for an attack, where people died in it; elsewhere their figures
    # belong to an event already told.
    if mode == "casualty" and not (in_lead and clause_casualties):
        return None
    if mode == "attack" and not (in_lead or clause_casualties):
        return None
    date = _date(sentence_no, first, last, doc, dates, t_first) or _story_date(doc, sentence_no, dates)
    victims = [(c.first, c.last) for c in clause_casualties]
    actor1, actor2 = _actors(
        doc, words, first, last, t_first, actors, victims, clause_casualties, catalog, country_code
    )
    place = _place(first, last, t_first, places, gazetteer, words)
    dated_lead = in_lead and date is not None and date.date is not None and mode != "casualty"
    if not (actor1 or actor2 or place or clause_casualties or dated_lead):
        return None  # "the fighting comes as ...": no one, nowhere, no victims: nothing to code
    decision = decide(
        {h[2] for h in hits}, words, first, last, t_first, actor1, actor2, clause_casualties, catalog, air_story
    )
    if decision is None:
        return None
    event_type, sub_event_type = _lexicon()["sub_events"][decision]
    t_last = t_first + len(phrase)
    return Event(
        sentence_no,
        first,
        last,
        doc.tokens[t_first].start,
        doc.tokens[t_last - 1].end,
        event_type,
        sub_event_type,
        rank,
        actor1,
        actor2,
        place,
        date,
        sentences={sentence_no},
    )


def _non_overlapping(hits: list[tuple[int, tuple, str]]) -> list[tuple[int, tuple, str]]:
    """The triggers of a clause, without those inside a longer trigger just read."""
    out, resume = [], -1
    for h in hits:
        if h[0] >= resume:
            out.append(h)
            resume = h[0] + len(h[1])
    return out


def decide(
    modes: set[str],
    words: list[str],
    first: int,
    last: int,
    trigger: int,
    actor1: str | None,
    actor2: str | None,
    casualties: list[CasualtyReport],
    catalog: ActorCatalog,
    air_story: bool = False,
) -> str | None:
    """The ACLED sub-event (a key of `sub_events` in events.yaml) that a clause's modes and its
    target make, by ACLED's rules: the weapon first, then who was attacked. `air_story`: the
    article tells of aircraft, so its "bombing" and "strikes" are from the air."""
    lex = _lexicon()
    attacker = catalog.by_id.get(actor1) if actor1 else None
    air_capable = air_story or (attacker is not None and attacker.actor_type in lex["air_types"])
    for weapon in ("chemical", "suicide", "air"):
        if weapon in modes:
            return weapon
    if modes & {"bombing", "strike"} and (
        air_capable or (("strike" in modes and not modes & {"ied", "bombing"}) and (casualties or attacker is not None))
    ):
        return "air"
    if modes & {"ied", "bombing"}:
        return "ied"
    if "grenade" in modes:
        return "grenade"
    if "explosion" in modes and not modes & {"direct_fire", "clash", "shelling"}:
        return "ied"
    target = _target_kind(words, first, last, trigger, actor2, casualties, catalog)
    if "explosion" in modes and "shelling" not in modes:
        return "clash"
    if "shelling" in modes:
        return "clash" if modes & {"direct_fire", "clash"} and target != "civilian" else "shelling"
    for mode in lex["always_civilian_modes"]:
        if mode in modes:
            return mode
    if modes & {"protest", "riot", "mob"}:
        return _protest(modes, words, first, last, attacker, casualties, lex)
    if "territory" in modes:
        return (
            "territory_state"
            if attacker and attacker.actor_type in lex["territory_state_types"]
            else "territory_non_state"
        )
    if modes & {"killing", "attack", "direct_fire", "clash", "casualty"}:
        return _violence(modes, words, first, last, target, lex)
    for mode in ("looting", "disrupted", "arrest", "agreement"):
        if mode in modes:
            return mode
    return None


def _violence(modes, words, first, last, target, lex) -> str:
    """Fighting between armed parties is a battle; violence against people who are not armed is
    violence against civilians. An execution is of a captive, whoever he was."""
    if "killing" in modes and lex["civilian_killing"].occurs_in(words[first:last]):
        return "attack_civilians"
    if target == "armed" or "clash" in modes:
        return "clash"  # a clash is between armed parties, whoever else it hurt
    return "attack_civilians"


def _protest(modes, words, first, last, attacker, casualties, lex) -> str:
    if "mob" in modes:
        return "mob"
    forces = attacker is not None and attacker.actor_type in ("state_forces", "government")
    if forces and any(c.outcome == "killed" for c in casualties):
        return "protest_excessive_force"
    if "riot" in modes or modes & {"clash", "attack", "killing"}:
        return "riot"
    if lex["intervention"].occurs_in(words[first:last]):
        return "protest_intervention"
    return "protest"


def _target_kind(words, first, last, trigger, actor2, casualties, catalog) -> str | None:
    """ "armed" or "civilian": what the clause's attack was aimed at. The object named just after
    the attack words decides ("opened fire on a civilian vehicle", "attacked army positions"),
    then the actor attacked, then the victims' kinds; None where nothing says."""
    lex = _lexicon()
    kind = _object_kind(words, trigger, last, lex)
    if kind:
        return kind
    target = catalog.by_id.get(actor2) if actor2 else None
    if target is not None:
        if target.actor_type in lex["armed_types"]:
            return "armed"
        if target.actor_type in ("civilians", "protesters"):
            return "civilian"
    kinds = {c.victim_kind for c in casualties}
    if kinds & {"state_forces", "armed_group"}:
        return "armed"
    if "civilians" in kinds:
        return "civilian"
    return None


@lru_cache(maxsize=1)
def _people_kinds() -> dict[str, str]:
    """Victim nouns -> kind (victims.yaml): "soldiers" are state forces, "villagers" civilians."""
    v = lexicon("victims")
    return {w: kind for kind in ("armed_group", "state_forces", "civilians") for w in v[kind]}


def _object_kind(words: list[str], trigger: int, last: int, lex: Mapping, reach: int = 12) -> str | None:
    """The first target noun (a unit, a place or people) within a few words after the trigger,
    or, for a passive ("a police officer was attacked"), its subject."""
    people = _people_kinds()
    if trigger > 0 and words[trigger - 1] in _PASSIVE_AUX:
        for k in range(trigger - 2, max(-1, trigger - 8), -1):
            kind = people.get(words[k])
            if kind:
                return "civilian" if kind == "civilians" else "armed"
    for k in range(trigger + 1, min(last, trigger + reach)):
        hit = lex["target_table"].match(words, k)
        if hit:
            return hit[1]
        kind = people.get(words[k])
        if kind in ("state_forces", "armed_group"):
            return "armed"
        if kind == "civilians":
            return "civilian"
    return None


def _actors(doc, words, first, last, trigger, actors, victim_spans, casualties, catalog, country_code=None):
    """actor1 acts, actor2 is acted on. The attacker is named before the attack words ("Russian
    jets bombed", "IS attacked") or after "by"; a party named after them is the target, and a
    party named right before a casualty figure is among the victims ("Nusra commander and 20
    fighters killed")."""
    lex = _lexicon()
    agent_types = lex["agent_type_set"]
    victim_spans = victim_spans + _named_before_figures(words, casualties, actors)
    fighters = [
        m
        for m in actors
        if first <= m.first < last
        and catalog.by_id[m.actor_id].actor_type in agent_types
        and not any(a <= m.first < b for a, b in victim_spans)
        and not _holder(words, m.first)
    ]
    adjective = _attacker_adjective(words, trigger, fighters, catalog, country_code)
    if adjective and not any(a <= adjective.first < b for a, b in victim_spans):
        fighters.append(adjective)
    agents, targets, unmarked = [], [], []
    for m in fighters:
        before = words[max(first, m.first - 3) : m.first]
        marked_target = lex["targets"].ending_at(before, len(before)) is not None
        by = _agent_by(words, m.first)
        if by or (m.first <= trigger and not marked_target):
            agents.append(m)
        else:
            targets.append(m)
            if not marked_target:
                unmarked.append(m)
    if not agents:
        # "10 troops killed in clashes with IS": with no attacker before the attack words, the
        # other party named in the clause did it
        agents = (
            unmarked[:1] or [m for m in targets if "clash" in " ".join(words[max(first, m.first - 3) : m.first])][:1]
        )
        targets = [m for m in targets if m not in agents]
    agents.sort(
        key=lambda m: (not _agent_by(words, m.first), catalog.by_id[m.actor_id].generic, abs(m.first - trigger))
    )
    actor1 = agents[0].actor_id if agents else None
    victim_actors = [c.victim_actor_id for c in casualties if c.victim_actor_id]
    actor2 = (
        next((m.actor_id for m in targets if m.actor_id != actor1), None)
        or next((a for a in victim_actors if a != actor1), None)
        or next((m.actor_id for m in agents[1:] if m.actor_id != actor1), None)
    )
    return actor1, actor2


def _holder(words: list[str], k: int) -> bool:
    """ "a town held by IS": IS names the place's holder here, not a party to the event."""
    return k > 1 and words[k - 1] == "by" and words[k - 2] in _lexicon()["not_agent_by"]


def _agent_by(words: list[str], k: int) -> bool:
    """ "killed by IS", not "a town held by IS"."""
    return k > 1 and words[k - 1] == "by" and words[k - 2] not in _lexicon()["not_agent_by"]


def _named_before_figures(words, casualties, actors) -> list[tuple[int, int]]:
    """Spans of actors named just before a casualty figure with no verb between them."""
    lex = _lexicon()
    spans = []
    for c in casualties:
        for m in actors:
            if 0 <= c.first - m.last <= 3 and lex["trigger_words"].isdisjoint(words[m.last : c.first]):
                spans.append((m.first, m.last))
    return spans


def _attacker_adjective(words, trigger, mentions, catalog, country_code=None) -> ActorMention | None:
    """ "Russian strikes", "regime shelling": the word before the attack words names the attacker:
    a demonym its country's forces, "regime" or "army" the article's country's forces."""
    table = _lexicon()["attacker_adjectives"]
    demonyms = _demonym_countries()
    for k in (trigger - 1, trigger - 2):
        if k < 0:
            continue
        actor_id = table.get(words[k])
        if actor_id is None and words[k] in demonyms:
            actor_id = catalog.instance("generic-state-forces", demonyms[words[k]])
        elif actor_id is not None:
            actor_id = catalog.instance(actor_id, country_code)
        if actor_id is None or actor_id not in catalog.by_id:
            continue
        if any(m.first <= k < m.last for m in mentions):
            return None  # already an actor mention ("Syrian warplanes")
        return ActorMention(actor_id, -1, words[k], -1, -1, k, k + 1)
    return None


@lru_cache(maxsize=1)
def _demonym_countries() -> dict[str, str]:
    """One-word demonyms (lower case) -> the country they name ("nigerian" -> NG)."""
    from sitrep.extract.countries import country_catalog

    out: dict[str, str] = {}
    for c in country_catalog().by_code.values():
        for d in c.demonyms:
            if " " not in d:
                out.setdefault(d.lower(), c.iso2)
    return out


def _place(first, last, trigger, places, gazetteer, words):
    inside = [p for p in places if first <= p.first < last]
    if not inside:
        return None
    return min(
        inside,
        key=lambda p: (
            place_type_rank().get(gazetteer.by_id[p.place_id].place_type, len(place_type_rank())),
            _is_origin(words, p),
            not _located_at(words, p),
            abs(p.first - trigger),
        ),
    ).place_id


_LOCATING = frozenset({"in", "near", "at", "inside", "outside", "around", "into", "on"})
_UNIT_WORDS = frozenset(
    {
        "the",
        "of",
        "district",
        "province",
        "city",
        "town",
        "village",
        "area",
        "region",
        "state",
        "governorate",
        "county",
        "neighbourhood",
        "neighborhood",
    }
)


def _located_at(words: list[str], p: PlaceMention) -> bool:
    """ "in the district of Maiwand in Kandahar province", not "the governor of Helmand"."""
    k = p.first - 1
    while k >= 0 and words[k] in _UNIT_WORDS and k >= p.first - 4:
        k -= 1
    return k >= 0 and words[k] in _LOCATING


def _is_origin(words: list[str], p: PlaceMention) -> bool:
    """ "residents evacuated from Fuaa": where people came from, not where it happened."""
    k = p.first - 1
    while k >= 0 and words[k] in ("the", "towns", "town", "of", "city", "village", "villages", "and"):
        k -= 1
    return k >= 0 and words[k] == "from"


def _date(sentence_no, first, last, doc, dates, trigger=None):
    """The date nearest the event's words in its clause, else in its sentence, a resolved date
    before one that stays unresolved. A date that dates a statement or an arrest ("police said
    Monday") dates the event only where nothing else does ("as reported on 2 May")."""
    own = [d for d in dates if d.sentence_no == sentence_no]
    if not own:
        return None
    events_dates = [d for d in own if not _reporting_date(doc, d)] or own
    start, end = doc.tokens[first].start, doc.tokens[last - 1].end
    inside = [d for d in events_dates if start <= d.char_start < end] or events_dates
    at = doc.tokens[trigger].start if trigger is not None else start
    return min(inside, key=lambda d: (d.date is None, abs(d.char_start - at)))


def _story_date(doc: Document, sentence_no: int, dates: list[DateMention]) -> DateMention | None:
    """News tells the when a sentence or two after the what ("A man was shot. The shooting
    happened around 10 p.m. Friday."): the first resolved event date of the next two
    sentences, else of the sentence before."""
    for no in (sentence_no + 1, sentence_no + 2, sentence_no - 1):
        if no < 1 or no >= len(doc.sentences):
            continue
        found = [d for d in dates if d.sentence_no == no and d.date is not None and not _reporting_date(doc, d)]
        if found:
            return found[0]
    return None


def _reporting_date(doc: Document, d: DateMention) -> bool:
    """ "said Monday", "announced on Monday", "(Published Wednesday, March 14, 2018)"."""
    starts = doc.token_starts()
    k = bisect.bisect_left(starts, d.char_start)
    words = doc.words()
    before = words[max(0, k - 3) : k]
    return any(w in _lexicon()["reporting_words"] for w in before)


def is_background(
    doc: Document, sentence_no: int, dates: Sequence[DateMention] = (), published_on: dt.date | None = None
) -> bool:
    """The war's history ("more than 280,000 people have been killed since the conflict broke
    out"), a count over a span ("450 killed in the last month") or another year's event."""
    lex = _lexicon()
    rng = doc.token_range(sentence_no)
    words = doc.words()[rng.start : rng.stop]
    if lex["bg_span"].occurs_in(words) or (_names_the_war(words, lex) and lex["bg_cumulative"].occurs_in(words)):
        return True
    return _earlier_year(doc, sentence_no, dates, published_on)


def _names_the_war(words: list[str], lex: Mapping) -> bool:
    """A war noun that stands for the war, not one that modifies the next noun: "war planes
    killed 16" and "the war monitor said" tell of one event, not of the war's history."""
    for k in positions(words, lex["bg_war"].first_words):
        hit = lex["bg_war"].match(words, k)
        if hit and (k + len(hit[0]) >= len(words) or words[k + len(hit[0])] not in lex["bg_war_modifies"]):
            return True
    return False


def _sentences_in_earlier_years(doc: Document, dates: list[DateMention], published_on: dt.date | None) -> set[int]:
    """The sentences set in an earlier year than the article's, found in one pass."""
    if published_on is None:
        return set()
    years: dict[int, set[int]] = {}
    for d in dates:
        if d.date is not None and d.precision in ("day", "month", "year"):
            years.setdefault(d.sentence_no, set()).add(d.date.year)
    starts = [s.start for s in doc.sentences]
    text = doc.text
    digits, word = _year_patterns()
    for m in digits.finditer(text):
        if word.match(text, m.start()):
            years.setdefault(bisect.bisect_right(starts, m.start()) - 1, set()).add(int(m.group()))
    return {no for no, ys in years.items() if all(y < published_on.year for y in ys)}


@lru_cache(maxsize=1)
def _year_patterns() -> tuple[re.Pattern, re.Pattern]:
    """A year is a run of exactly four digits in the year window (dates.yaml `years`), not part
    of a number ("1,998", "2017.5"). The digits alone are found by a fast scan (a pattern that
    opens with its first character), and only there are the boundaries checked: lookbehinds
    tried at every character cost 2% of coding. The scan cannot swallow a year, since a year is
    a whole digit run and a scan's hit never crosses into another run."""
    years = year_pattern()
    return re.compile(years), re.compile(rf"(?<!\w)(?<!\d[.,]){years}(?!\w|[.,]\d)")


def _earlier_year(doc: Document, sentence_no: int, dates: Sequence[DateMention], published_on: dt.date | None) -> bool:
    """The sentence is set in an earlier year than the article was published ("in 2016")."""
    if published_on is None:
        return False
    rng = doc.token_range(sentence_no)
    words = doc.words()[rng.start : rng.stop]
    years = {
        d.date.year
        for d in dates
        if d.sentence_no == sentence_no and d.date is not None and d.precision in ("day", "month", "year")
    }
    years |= {int(w) for w in words if w.isdigit() and len(w) == 4 and is_year(int(w))}
    return bool(years) and all(y < published_on.year for y in years)


def choose_primary(doc: Document, events: list[Event]) -> Event | None:
    """The headline event, refined by the lead: "30 dead after Isis attack" (title) becomes a
    shelling when the lead says rockets were fired into the same city."""
    if not events:
        return None
    lead_end = _lexicon()["lead_sentences"]
    # with no title, a report's first sentence is its headline (a wire lede, a coder's note)
    headline = 0 if doc.sentences and doc.sentences[0].end > doc.sentences[0].start else 1
    title_events = [e for e in events if e.sentence_no == headline]
    anchor = (
        max(title_events, key=lambda e: e.rank)
        if title_events
        else max((e for e in events if e.sentence_no <= lead_end), key=lambda e: e.rank, default=events[0])
    )
    story = [
        e for e in events if e is not anchor and e.sentence_no <= lead_end and not e.prior and _compatible(anchor, e)
    ]
    primary = anchor
    for e in story:
        events.remove(e)  # told again in the lead: one event, not two
        primary.sentences.add(e.sentence_no)
        if e.rank > primary.rank and not _quiet(e):
            primary.event_type, primary.sub_event_type, primary.rank = e.event_type, e.sub_event_type, e.rank
            primary.char_start, primary.char_end = e.char_start, e.char_end
        primary.actor1_id = primary.actor1_id or e.actor1_id
        primary.actor2_id = primary.actor2_id or e.actor2_id
        primary.place_id = primary.place_id or e.place_id
        primary.date = primary.date or e.date
    primary.is_primary = True
    return primary


def absorb_retellings(primary: Event, events: list[Event], gazetteer: PlaceGazetteer, catalog: ActorCatalog) -> None:
    """News tells the headline event more than once: a later event of the same kind (or a bare
    "attack"), by the same attacker or its side, in the same governorate and within days, is the
    headline event told again, and its figures are the headline event's."""
    here = gazetteer.by_id.get(primary.place_id) if primary.place_id else None
    for e in list(events):
        if e is primary or e.prior or e.event_type == "Strategic developments":
            continue
        if not (e.sub_event_type == primary.sub_event_type or e.rank <= _lexicon()["mode_rank"]["attack"]):
            continue
        there = gazetteer.by_id.get(e.place_id) if e.place_id else None
        same_spot = (
            here is not None and there is not None and here.place_id == there.place_id and here.place_type != "country"
        )
        if not same_spot and not _same_side(primary.actor1_id, e.actor1_id, catalog):
            continue
        if (
            here
            and there
            and here.place_type != "country"
            and there.place_type != "country"
            and here.admin1_name != there.admin1_name
        ):
            continue
        if (
            primary.date
            and e.date
            and primary.date.date
            and e.date.date
            and abs((primary.date.date - e.date.date).days) > 3
        ):
            continue
        primary.sentences.add(e.sentence_no)
        primary.actor1_id = primary.actor1_id or e.actor1_id
        primary.actor2_id = primary.actor2_id or e.actor2_id
        events.remove(e)


def adopt_figures(primary: Event, events: list[Event]) -> None:
    """A headline event without a figure, in an article whose other event gives the deaths,
    takes that event's reports: the article's main toll is the headline story's toll more
    often than a second, unheadlined event's."""
    if any(c.outcome == "killed" and c.qualifier != "vague" for c in primary.casualties):
        return
    donors = [
        e
        for e in events
        if e is not primary
        and not e.prior
        and e.event_type != "Strategic developments"
        and any(c.outcome == "killed" and c.qualifier != "vague" for c in e.casualties)
    ]
    if not donors:
        return
    donor = max(
        donors, key=lambda e: max(_figure(c) for c in e.casualties if c.outcome == "killed" and c.qualifier != "vague")
    )
    primary.casualties.extend(donor.casualties)
    primary.sentences.add(donor.sentence_no)
    donor.casualties = []
    events.remove(donor)


def _same_side(a: str | None, b: str | None, catalog: ActorCatalog) -> bool:
    if a is None or b is None or a == b:
        return True
    side_a, side_b = catalog.by_id[a].side, catalog.by_id[b].side
    return side_a is not None and side_a == side_b and side_a not in ("neutral", "other")


def refine_primary_place(
    primary: Event,
    places: list[PlaceMention],
    gazetteer: PlaceGazetteer,
    words: list[str],
    country_code: str | None = None,
) -> None:
    """A headline says "in Syria" and a wire dateline says "BEIRUT"; the lead says which town.
    The primary event takes the first place below country level in the article's country that
    the title and lead name; failing that, the place of the admin1 the article names most; and
    failing everything, the article's country itself (the admin region, as ACLED codes it)."""
    current = gazetteer.by_id.get(primary.place_id) if primary.place_id else None
    if (
        current is not None
        and current.place_type != "country"
        and (country_code is None or current.country_code == country_code)
    ):
        return
    lead_end = _lexicon()["lead_sentences"]
    local = [
        m
        for m in places
        if gazetteer.by_id[m.place_id].place_type != "country"
        and (country_code is None or gazetteer.by_id[m.place_id].country_code == country_code)
    ]
    in_lead = sorted((m for m in local if m.sentence_no <= lead_end), key=lambda m: _is_origin(words, m))
    if in_lead:
        primary.place_id = in_lead[0].place_id
        return
    by_admin1: dict[str, list[PlaceMention]] = {}
    for m in local:
        by_admin1.setdefault(gazetteer.by_id[m.place_id].admin1_name or "", []).append(m)
    if by_admin1:
        busiest = max(by_admin1.values(), key=lambda ms: (len(ms), -ms[0].char_start))
        primary.place_id = busiest[0].place_id
    elif country_code and (current is None or current.country_code != country_code):
        home = gazetteer.country_place(country_code)
        primary.place_id = home.place_id if home else primary.place_id


def _quiet(e: Event) -> bool:
    """An event in which no one need be hurt (an arrest, a deal, a peaceful protest): events.yaml's
    `quiet_sub_events`."""
    return e.sub_event_type in _lexicon()["quiet_labels"]


def sharpen_primary_place(
    primary: Event,
    places: list[PlaceMention],
    gazetteer: PlaceGazetteer,
    country_code: str | None = None,
    words: Sequence[str] = (),
) -> dict[str, str]:
    """ "Air strikes on Aleppo ... the village of Tokhar": the primary event at the most precise
    place the title and lead support, a place inside the one it has. Where the lead names
    several such places the event stays at the place that holds them all. A village the text
    names without saying where takes the admin1 of the place it sharpens (placed_inside).
    A named area sharpens to a town of it, and a city named like its province ("Northeastern
    Aleppo") to a town of the province; never to a place that only locates another ("north of
    Aleppo"). Returns {old place_id: new} for the mentions of such a village."""
    current = gazetteer.by_id.get(primary.place_id) if primary.place_id else None
    if current is None:
        return {}
    lead_end = _lexicon()["lead_sentences"]
    if current.place_id.startswith("txt:") and current.admin1_code is None:
        return _place_in_lead_holder(primary, current, places, gazetteer, lead_end)
    rank = place_type_rank().get(current.place_type, len(place_type_rank()))
    # a city named like its province stands for the province, unless the lead names the province
    # itself: then the event is the province's, not one town's
    seat = gazetteer.seat_of_its_admin1(current) and not any(
        m.sentence_no <= lead_end
        and (u := gazetteer.by_id[m.place_id]).place_type == "admin1"
        and u.admin1_code == current.admin1_code
        for m in places
    )
    sharper = {
        m.place_id
        for m in places
        if m.sentence_no <= lead_end
        and (p := gazetteer.by_id[m.place_id]).country_code == (country_code or current.country_code)
        and p.place_id != current.place_id
        and (
            (_more_precise(p, rank) and inside(current, p))
            or (
                not (words and gazetteer.reference(list(words), m))
                and (
                    (
                        gazetteer.geo_precision(p) < gazetteer.geo_precision(current)
                        and gazetteer.town_of_area(current, p)
                        and not gazetteer.seat_of_its_admin1(p)  # "the farms in Aleppo": the province
                    )
                    or (seat and _town_of_province(current, p))
                )
            )
        )
    }
    chosen = _holding_all([gazetteer.by_id[pid] for pid in sorted(sharper)])
    if chosen is None:
        return {}
    primary.place_id = gazetteer.placed_inside(chosen, current)
    return {chosen: primary.place_id} if primary.place_id != chosen else {}


def told_nationwide(
    doc: Document,
    primary: Event,
    places: list[PlaceMention],
    gazetteer: PlaceGazetteer,
    country_code: str | None,
) -> bool:
    """ "Air strikes on towns across the country killed 44": the title or a lead sentence of the
    primary story says it happened all over the country (events.yaml, nationwide_phrases), so
    the towns the lead goes on to name are parts of it, not its place. A headline that names a
    place below the country ("in Aleppo's countryside") wins over a roundup lead; a place
    abroad (a wire's "Beirut") is none of the event's."""
    if any(
        m.sentence_no == primary.sentence_no
        and (p := gazetteer.by_id[m.place_id]).place_type != "country"
        and p.country_code == country_code
        for m in places
    ):
        return False
    lead_end = _lexicon()["lead_sentences"]
    pattern = _nationwide_pattern()
    return any(
        pattern.search(doc.text[doc.sentences[n].start : doc.sentences[n].end])
        for n in primary.sentences | {primary.sentence_no}
        if n <= lead_end and n < len(doc.sentences)
    )


@lru_cache(maxsize=1)
def _nationwide_pattern() -> re.Pattern:
    words = sorted(_lexicon()["nationwide_phrases"], key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words) + r")\b", re.IGNORECASE)


def _town_of_province(city, p) -> bool:
    """A town or facility of the province a city is named like, outside the city."""
    return (
        p.place_type in ("city", "facility")
        and p.admin1_code == city.admin1_code
        and p.latitude is not None
        and not inside(city, p)
    )


def _more_precise(p, rank: int) -> bool:
    """A place of a lower rank, or a place of the text (a village, a neighbourhood) within its
    city or area."""
    if p.place_type == "country":
        return False
    return place_type_rank().get(p.place_type, rank) < rank or p.place_id.startswith("txt:")


def _holding_all(places) -> str | None:
    """The one place, or the one of them that holds all the others ("the town of Manbij" and
    the villages around it)."""
    if len(places) == 1:
        return places[0].place_id
    holders = [h for h in places if not h.place_id.startswith("txt:") and all(o is h or inside(h, o) for o in places)]
    return holders[0].place_id if len(holders) == 1 else None


def _place_in_lead_holder(primary, current, places, gazetteer, lead_end) -> dict[str, str]:
    """A village the text names without its container, at the event: inside the first place of
    the lead below country level that may hold it ("Tarmala ... in Idlib province")."""
    for m in places:
        holder = gazetteer.by_id[m.place_id]
        if (
            m.sentence_no <= lead_end
            and holder.place_type != "country"
            and holder.admin1_code is not None
            and inside(holder, current)
        ):
            primary.place_id = gazetteer.placed_inside(current.place_id, holder)
            return {current.place_id: primary.place_id}
    return {}


def _compatible(anchor: Event, other: Event) -> bool:
    if _quiet(other):
        return False
    return not (anchor.actor1_id and other.actor1_id and anchor.actor1_id != other.actor1_id)


def link_casualties(
    doc: Document,
    events: list[Event],
    primary: Event | None,
    casualties: list[CasualtyReport],
    dates: Sequence[DateMention] = (),
    published_on: dt.date | None = None,
) -> dict[int, Event | None]:
    """Each report to the event it tells of: the event of its own clause, else its sentence's,
    else the headline story; the war's history links to none."""
    linked: dict[int, Event | None] = {}
    background: dict[int, bool] = {}  # per sentence: its reports share the answer
    for i, c in enumerate(casualties):
        own = [e for e in events if e.first <= c.first < e.last]
        same_sentence = [e for e in events if e.sentence_no == c.sentence_no]
        if c.sentence_no not in background:
            background[c.sentence_no] = is_background(doc, c.sentence_no, dates, published_on)
        if background[c.sentence_no] or _figure(c) >= _lexicon()["background"]["cumulative_figure"]:
            target = None
        elif primary is not None and c.sentence_no in primary.sentences and not (own and own[0].prior):
            target = primary  # but "... a day after strikes killed 35" tells of another event
        elif own:
            target = own[0]
        elif same_sentence:
            target = min(same_sentence, key=lambda e: abs(e.first - c.first))
        else:
            target = _told_just_before(events, c.sentence_no) or primary
        linked[i] = target
        if target is not None:
            target.casualties.append(c)
    return linked


def _told_just_before(events: list[Event], sentence_no: int, reach: int = 3) -> Event | None:
    """A figure in a sentence with no event of its own, told right after a side story ("The
    monitor gave a toll of 36 dead" after two sentences on another strike), is that story's;
    None where the sentences just before tell no event, or tell the primary one."""
    earlier = [e for e in events if sentence_no - reach <= e.sentence_no < sentence_no]
    if not earlier:
        return None
    nearest = max(earlier, key=lambda e: (e.sentence_no, e.first))
    return None if nearest.is_primary else nearest


def fatalities(reports: list[CasualtyReport], headline: int = 0) -> Fatalities:
    """UCDP's estimates; `headline` is the sentence that heads the report (the title, or an
    untitled report's first sentence)."""
    k = _estimate([r for r in reports if r.outcome == "killed"], headline)
    w = _estimate([r for r in reports if r.outcome == "wounded"], headline)
    return Fatalities(*k, *w)


def source_figures(reports: list[CasualtyReport]) -> dict[str, int]:
    """Each source's largest firm killed figure for the event ('(uncredited)' for none): where
    they differ, the sources disagree."""
    out: dict[str, int] = {}
    for r in reports:
        if r.outcome == "killed" and r.qualifier != "vague" and not r.is_subset:
            source = r.reported_by or "(uncredited)"
            out[source] = max(out.get(source, 0), _figure(r))
    return out


def _weighted(reports: list[CasualtyReport], headline: int = 0) -> list[CasualtyReport]:
    """The figures the text gives most weight to: where the headline gives one, the headline's
    and the lead's (a lead that details "10 killed" as "eleven members of ..." corrects it; a
    toll given deep in the story, often a different count, does not); else all of them."""
    if not any(r.sentence_no == headline for r in reports):
        return reports
    lead_end = headline + _lexicon()["lead_sentences"]
    return [r for r in reports if r.sentence_no <= lead_end]


def _estimate(reports: list[CasualtyReport], headline: int = 0) -> tuple[int | None, int | None, int | None]:
    """UCDP's low/best/high. Best: the largest figure one report gives, where a report's
    per-group figures (12 soldiers and 20 fighters) add up; subsets never add. Vague rows
    bound low and high but never set best; a ceiling ("up to 20") sets it only where no other
    firm figure does."""
    totals = [r for r in reports if not r.is_subset]
    if not totals:
        return None, None, None
    firm = [r for r in totals if r.qualifier != "vague"]
    # "up to 200", "could reach as many as 200": a ceiling bounds high, and is the estimate
    # only where the text gives no other
    floors = [r for r in firm if r.count_low is not None]
    weighted = _weighted(floors or firm, headline)
    figures = [_figure(r) for r in weighted]
    best = max(figures + _list_sums(weighted)) if figures else None
    lows = [r.count_low for r in totals if r.count_low is not None] + [
        r.count_high for r in totals if r.count_low is None and r.count_high
    ]
    highs = [max(_figure(r), r.count_high or 0) for r in firm] + [
        r.count_low for r in totals if r.qualifier == "vague" and r.count_low
    ]
    low = min(lows) if lows else None
    high = max(highs) if highs else None
    if best is not None:
        low = min(low, best) if low is not None else best
        high = max(high, best) if high is not None else best
    return low, best, high


def _list_sums(reports: list[CasualtyReport]) -> list[int]:
    """The sum of each list of per-group figures of one report ("12 soldiers and 20 fighters"),
    unless one group is a whole that may hold another ("16 civilians and three children")."""
    by_list: dict[tuple, list[CasualtyReport]] = {}
    for r in reports:
        if r.list_id is not None:
            by_list.setdefault((r.sentence_no, r.list_id, r.outcome), []).append(r)
    return [
        sum(_figure(r) for r in group)
        for group in by_list.values()
        if len(group) > 1 and len({r.victim_group for r in group}) == len(group) and not _may_overlap(group)
    ]


def _may_overlap(group: list[CasualtyReport]) -> bool:
    umbrellas = [r for r in group if r.victim_group and r.victim_group.split()[-1].lower() in _umbrella_nouns()]
    return any(
        r is not u and r.victim_kind in (u.victim_kind, "unknown", "civilians") for u in umbrellas for r in group
    )


@lru_cache(maxsize=1)
def _umbrella_nouns() -> frozenset:
    return frozenset(lexicon("victims")["umbrella_nouns"])


def _figure(r: CasualtyReport) -> int:
    """The figure a report gives: its low end, else its ceiling ("up to 200"); a report has one
    of the two (CasualtyReport is made from a quantity, which always has an end)."""
    figure = r.count_low if r.count_low is not None else r.count_high
    if figure is None:
        raise ValueError(f"a casualty report with no figure in sentence {r.sentence_no}")
    return figure


def event_date(event: Event, published_on: dt.date | None) -> tuple[dt.date | None, str | None, str | None, str]:
    """(date, precision, date_text, date_source). With no date words, an event reported in the
    news happened on or just before the report: the publication date, marked as such."""
    if event.date is not None:
        return event.date.date, event.date.precision if event.date.date else None, event.date.text, "text"
    if published_on is not None:
        return published_on, "day", None, "published_on"
    return None, None, None, "none"


def attribute_responsibility(primary: Event, doc: Document, actors: list[ActorMention], catalog: ActorCatalog) -> None:
    """ "Unidentified gunmen opened fire ... Al-Shabaab claimed responsibility" / "... it is
    suspected that the Taliban was behind the attack": where the attack's own words name no
    group, the group the article credits or blames for it is its actor1, as ACLED and the GTD
    code it."""
    if primary.actor1_id and catalog.names_a_group(primary.actor1_id):
        return
    cues = _lexicon()["responsibility"]
    words = doc.words()
    armed = _lexicon()["armed_types"]
    for s in doc.sentences:
        rng = doc.token_range(s.no)
        if not cues.occurs_in(words[rng.start : rng.stop]):
            continue
        for m in actors:
            if (
                m.sentence_no == s.no
                and m.actor_id != primary.actor2_id
                and catalog.names_a_group(m.actor_id)
                and catalog.by_id[m.actor_id].actor_type in armed
            ):
                primary.actor1_id = m.actor_id
                return
