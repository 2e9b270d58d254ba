"""When a report (an event coded from one article) belongs to an incident others reported.

The rule (docs/codebook.md, "Incidents") follows UCDP GED and ACLED, which code one event per
place, day and pair of actors: a report joins an incident when its day fits the incident's,
its place is the incident's or one contains the other, its type and actors are compatible and
its death toll does not contradict. A province-level place, or a place that only contains the
other, is weak evidence: two strikes in one province on one day are common, so such a match
also needs the death tolls to agree exactly. When in doubt, two incidents: a false merge
destroys information, a missed one only double counts. The thresholds live in
sitrep/data/lexicon/incidents.yaml."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import lru_cache

from sitrep.extract.lexicon import lexicon


@dataclass(frozen=True)
class Settings:
    publication_lag: dt.timedelta
    tolerance: dt.timedelta
    place_rank: dict[str, int]
    strong_place_rank: int
    sub_event_family: dict[str, int]
    ratio: float
    slack: float
    distinctive_toll: int
    armed_types: frozenset[str]
    sides_unknown: frozenset[str]


@lru_cache(maxsize=1)
def settings() -> Settings:
    d = lexicon("incidents")
    family = {sub: i for i, group in enumerate(d["compatible_sub_events"]) for sub in group}
    return Settings(
        publication_lag=dt.timedelta(days=d["publication_lag_days"]),
        tolerance=dt.timedelta(days=d["date_tolerance_days"]),
        place_rank=dict(d["place_rank"]),
        strong_place_rank=d["strong_place_rank"],
        sub_event_family=family,
        ratio=d["figures"]["ratio"],
        slack=d["figures"]["slack"],
        distinctive_toll=d["figures"]["distinctive"],
        armed_types=frozenset(d["armed_actor_types"]),
        sides_unknown=frozenset(d["sides_unknown"]),
    )


@dataclass(slots=True)
class Report:
    """One event as the matcher sees it (sql/incidents/event_facts.sql)."""

    event_id: str
    story: str  # the article's text (content_hash): copies of one story are one
    event_type: str
    sub_event_type: str
    event_date: dt.date | None
    date_precision: str | None
    date_source: str | None
    place_id: str | None
    place_type: str | None
    place_name: str | None
    admin1_name: str | None
    country_code: str | None
    actor1_side: str | None  # the side of an armed actor1, else None
    actor2_side: str | None
    killed_best: int | None
    is_primary: bool = False
    copy_of: str | None = None  # the incident of the same event in an earlier copy of the text

    def day_span(self) -> tuple[dt.date, dt.date] | None:
        """The days the report allows: the day its text gives, else its publication day or the
        day before. None when it gives no day (month, year, nothing): it matches nothing."""
        return day_span(self.event_date, self.date_precision, self.date_source)

    def matchable(self) -> bool:
        """A report can join others only with a day and a place below its country."""
        return (
            self.day_span() is not None
            and self.admin1_name is not None
            and self.country_code is not None
            and self.place_type not in (None, "country")
        )

    @property
    def block(self) -> tuple[str | None, str | None]:
        return self.country_code, self.admin1_name


@dataclass(eq=False, slots=True)  # one incident is one object: compared by identity
class Incident:
    """What the matcher keeps of an incident: its agreed values and what its reports said."""

    incident_id: str
    event_type: str
    sub_event_type: str
    day: dt.date  # the incident's day, fixed by its first report
    day_from_text: bool
    place_id: str | None
    place_type: str | None
    place_name: str | None
    admin1_name: str | None
    country_code: str | None
    sides1: set[str] = field(default_factory=set)
    sides2: set[str] = field(default_factory=set)
    killed: set[int] = field(default_factory=set)
    stories: set[str] = field(default_factory=set)
    headline: bool = False  # some article's primary event is a report of it

    @classmethod
    def founded_by(cls, r: Report) -> Incident:
        span = r.day_span()
        assert span is not None
        inc = cls(
            r.event_id,
            r.event_type,
            r.sub_event_type,
            span[1],
            r.date_source == "text",
            r.place_id,
            r.place_type,
            r.place_name,
            r.admin1_name,
            r.country_code,
        )
        inc.add(r)
        return inc

    def add(self, r: Report) -> None:
        """The report joined: a more precise place becomes the incident's place."""
        rank = settings().place_rank
        if r.place_id and rank.get(r.place_type or "", -1) > rank.get(self.place_type or "", -1):
            self.place_id, self.place_type, self.place_name = r.place_id, r.place_type, r.place_name
        for side, sides in ((r.actor1_side, self.sides1), (r.actor2_side, self.sides2)):
            if side:
                sides.add(side)
        if r.killed_best:
            self.killed.add(r.killed_best)
        self.stories.add(r.story)
        self.headline = self.headline or r.is_primary


def match_score(r: Report, inc: Incident) -> int | None:
    """How well the report fits the incident (higher is better), or None when it does not."""
    s = settings()
    span = r.day_span()
    other_story = r.story not in inc.stories
    if other_story and not (r.is_primary and inc.headline):
        return None  # an aside in another article's story: too little said to match on
    if span is None or (r.country_code, r.admin1_name) != (inc.country_code, inc.admin1_name):
        return None
    if not _days_fit(r, span, inc) or not _types_compatible(r, inc) or _tolls_contradict(r, inc):
        return None
    same_toll = bool(r.killed_best) and r.killed_best in inc.killed
    telling_toll = same_toll and r.killed_best is not None and r.killed_best >= s.distinctive_toll
    # Outlets blame different sides for one attack (a state agency "terrorists", a monitor
    # the government): the same death toll outweighs the blame.
    if not telling_toll and _actors_contradict(r, inc):
        return None
    place = _place_match(r, inc)
    if place is None or (place != "strong" and not telling_toll):
        return None
    # Across articles, a province is too large a place to match on: only a place named alike
    # (a text's "Idlib" read as the city and as the province) counts.
    if other_story and place == "weak":
        return None
    # Two articles are one story only on positive evidence: the same toll, or (for a precise
    # place) tolls of a sizeable attack that agree, from reports that blame the same side.
    # Place, day and type alone fit many events: fighting in one city, shootings in one town.
    if other_story and not (
        telling_toll
        or (place == "strong" and _sizeable_tolls_agree(r, inc) and bool(r.actor1_side) and r.actor1_side in inc.sides1)
    ):
        return None
    return (
        (4 if place == "strong" else 0)
        + (2 if same_toll else 0)
        + (1 if r.sub_event_type == inc.sub_event_type else 0)
        + (1 if span[0] <= inc.day <= span[1] else 0)
    )


def _days_fit(r: Report, span: tuple[dt.date, dt.date], inc: Incident) -> bool:
    """Two days given by the texts must be one day; a publication date allows its span, with
    `tolerance` either side."""
    if r.date_source == "text" and inc.day_from_text:
        return span[0] == inc.day
    tolerance = settings().tolerance
    return shifted(span[0], -tolerance) <= inc.day <= shifted(span[1], tolerance)


def day_span(event_date: dt.date | None, precision: str | None, source: str | None) -> tuple[dt.date, dt.date] | None:
    """The days an event's date allows (Report.day_span), for reports and tallies alike."""
    if event_date is None or precision != "day":
        return None
    if source == "text":
        return event_date, event_date
    return shifted(event_date, -settings().publication_lag), event_date


def shifted(day: dt.date, by: dt.timedelta) -> dt.date:
    """`day` moved by `by`, held at the calendar's ends (a text may say year 1 or 9999)."""
    try:
        return day + by
    except OverflowError:
        return dt.date.max if by > dt.timedelta(0) else dt.date.min


def _place_match(r: Report, inc: Incident) -> str | None:
    """'strong' for one precise place (a town or finer), 'named alike' for two places of one
    name (the city of Idlib and its province: a text's "Idlib" read two ways), 'weak' for one
    district or province or for a province and a place in it; None for two places neither of which contains
    the other. Both lie in one admin1 (the caller checked); below the province the gazetteer
    does not say what contains what, so two distinct towns are two places."""
    s = settings()
    r_rank, i_rank = s.place_rank.get(r.place_type or "", -1), s.place_rank.get(inc.place_type or "", -1)
    if r.place_id == inc.place_id:
        return "strong" if r_rank >= s.strong_place_rank else "weak"
    if r.place_name and r.place_name == inc.place_name:
        return "named alike"
    if min(r_rank, i_rank) == s.place_rank["admin1"]:
        return "weak"
    return None


def _sizeable_tolls_agree(r: Report, inc: Incident) -> bool:
    """Both give a death toll of `distinctive` or more (the caller has checked they do not
    contradict): 45 and 12 dead in one city's air raids on one day are one day's raids."""
    low = settings().distinctive_toll
    return bool(r.killed_best and r.killed_best >= low and inc.killed and min(inc.killed) >= low)


def _types_compatible(r: Report, inc: Incident) -> bool:
    if r.event_type != inc.event_type:
        return False
    if r.sub_event_type == inc.sub_event_type:
        return True
    family = settings().sub_event_family
    return family.get(r.sub_event_type, -1) == family.get(inc.sub_event_type, -2)


def _actors_contradict(r: Report, inc: Incident) -> bool:
    """Both name an armed actor, and the report's is on a side the incident's reports never
    named. A battle's two sides may be told in either order."""
    if r.event_type == "Battles":
        mine = {x for x in (r.actor1_side, r.actor2_side) if x}
        theirs = inc.sides1 | inc.sides2
        return bool(mine and theirs and not (mine & theirs))
    return any(
        side and sides and side not in sides
        for side, sides in ((r.actor1_side, inc.sides1), (r.actor2_side, inc.sides2))
    )


def _tolls_contradict(r: Report, inc: Incident) -> bool:
    if not r.killed_best or not inc.killed:
        return False
    s = settings()
    low, high = min(inc.killed | {r.killed_best}), max(inc.killed | {r.killed_best})
    return high > s.ratio * low + s.slack


def armed_side(actor_type: str | None, side: str | None) -> str | None:
    """The side an actor brings to the comparison, or None when it says nothing."""
    s = settings()
    if actor_type in s.armed_types and side and side not in s.sides_unknown:
        return side
    return None
