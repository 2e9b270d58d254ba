"""What an incident's reports said, kept with the incident so that a new report updates it
without re-reading the old ones (incidents.tally, JSON), and the incident's columns made
from it (docs/incidents.md, "The incident's values").

Keeping counts instead of re-reading members is what keeps a run linear: an incident that
hundreds of articles report is updated by the new ones alone. The tally holds, per value, how
many reports gave it and the first report that did (ties go to the earliest); per death and
injury figure, what each publisher last said, what articles without a publisher said, and
the latest day a figure was reported (for a rising toll)."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from dataclasses import dataclass
from typing import Any

from sitrep.incidents.rules import armed_side, day_span, settings

NO_DATE = "0001-01-01"  # an article without a publication date reports before any other


@dataclass(slots=True)
class Member:
    """One event of an incident with its article's and names' facts
    (sql/incidents/event_facts.sql)."""

    event_id: str
    article_id: str
    publisher: str | None
    published_on: dt.date | None
    sentence_no: int
    event_type: str
    sub_event_type: str
    event_date: dt.date | None
    date_precision: str | None
    date_source: str | None
    place_id: str | None
    place_type: str | None
    actor1_id: str | None
    actor1_type: str | None
    actor1_side: str | None
    actor2_id: str | None
    actor2_type: str | None
    actor2_side: str | None
    killed: tuple[int | None, int | None, int | None]  # low, best, high
    wounded: tuple[int | None, int | None, int | None]
    is_primary: bool

    @property
    def order(self) -> str:
        """Sorts reports oldest first: publication day, article, sentence."""
        return f"{self.published_on or NO_DATE}|{self.article_id}|{self.sentence_no:06d}"


def empty(anchor: dt.date, anchor_from_text: bool) -> dict[str, Any]:
    """A new incident's tally. `anchor` is its first report's day, which later reports are
    matched against (sitrep/incidents/rules.py)."""
    return {
        "anchor": anchor.isoformat(),
        "anchor_from_text": anchor_from_text,
        "headlines": 0,
        "events": 0,
        "articles": 0,
        "publishers": [],
        "anonymous": 0,
        "types": {},
        "days": {},
        "earliest": None,
        "latest": None,
        "places": {},
        "actors1": {},
        "actors2": {},
        "sides1": [],
        "sides2": [],
        "first_reported": None,
        "last_reported": None,
        "killed": _empty_figures(),
        "wounded": _empty_figures(),
    }


def _empty_figures() -> dict[str, Any]:
    # by_publisher: publisher -> [day, figure] of its latest article; anonymous: figure -> the
    # stories without a publisher that gave it; latest_on/latest: the last day a figure was
    # reported and the figures of that day; before: the highest figure of earlier days;
    # seen: every figure given (the matcher compares tolls with them).
    return {
        "low": None,
        "high": None,
        "by_publisher": {},
        "anonymous": {},
        "latest_on": None,
        "latest": [],
        "before": None,
        "lowest": None,
        "seen": [],
    }


def add_article(tally: dict[str, Any], members: list[Member], new_source: bool = True) -> None:
    """One article's events of the incident (all of them, in one call). `new_source` is False
    for a copy of a text the incident already counts (the same story filed twice)."""
    first = members[0]
    tally["events"] += len(members)
    tally["articles"] += 1
    tally["headlines"] += any(m.is_primary for m in members)
    if new_source:
        if first.publisher is None:
            tally["anonymous"] += 1
        elif first.publisher not in tally["publishers"]:
            tally["publishers"].append(first.publisher)
    if first.published_on:
        day = first.published_on.isoformat()
        tally["first_reported"] = min(filter(None, (tally["first_reported"], day)))
        tally["last_reported"] = max(filter(None, (tally["last_reported"], day)))
    for m in members:
        _count(tally["types"], f"{m.event_type}|{m.sub_event_type}", m.order)
        _add_day(tally, m)
        if m.place_id:
            rank = settings().place_rank.get(m.place_type or "", 0)
            _count(tally["places"], m.place_id, m.order, rank)
        for n, actor, actor_type, side in (
            (1, m.actor1_id, m.actor1_type, m.actor1_side),
            (2, m.actor2_id, m.actor2_type, m.actor2_side),
        ):
            if actor:
                _count(tally[f"actors{n}"], actor, m.order, int(actor_type in settings().armed_types))
            side = armed_side(actor_type, side)
            if side and side not in tally[f"sides{n}"]:
                tally[f"sides{n}"].append(side)
    for outcome, index in (("killed", "killed"), ("wounded", "wounded")):
        figures = [getattr(m, index) for m in members if getattr(m, index)[1] is not None]
        if figures:
            _add_figure(tally[outcome], figures, first, new_source)


def _count(table: dict[str, list], key: str, order: str, rank: int = 0) -> None:
    """table[key] = [reports, rank, first report's order]."""
    entry = table.get(key)
    if entry is None:
        table[key] = [1, rank, order]
    else:
        entry[0] += 1
        entry[2] = min(entry[2], order)


def _add_day(tally: dict[str, Any], m: Member) -> None:
    span = day_span(m.event_date, m.date_precision, m.date_source)
    if span is None:
        return
    day = span[1].isoformat()
    entry = tally["days"].setdefault(day, [0, 0])
    entry[0] += 1
    entry[1] += m.date_source == "text"
    tally["earliest"] = min(filter(None, (tally["earliest"], span[0].isoformat())))
    tally["latest"] = max(filter(None, (tally["latest"], day)))


def _add_figure(f: dict[str, Any], figures: list[tuple], first: Member, new_source: bool) -> None:
    """The article's fullest figure: its largest best, its lowest low and highest high."""
    best = max(b for _, b, _ in figures)
    low = min(lo if lo is not None else b for lo, b, _ in figures)
    high = max(hi if hi is not None else b for _, b, hi in figures)
    f["low"] = low if f["low"] is None else min(f["low"], low)
    f["high"] = high if f["high"] is None else max(f["high"], high)
    f["lowest"] = best if f["lowest"] is None else min(f["lowest"], best)
    if best not in f["seen"]:
        f["seen"].append(best)
    on = first.published_on.isoformat() if first.published_on else NO_DATE
    if first.publisher is not None:
        known = f["by_publisher"].get(first.publisher)
        if known is None or on >= known[0]:
            f["by_publisher"][first.publisher] = [on, best]
    elif new_source:
        f["anonymous"][str(best)] = f["anonymous"].get(str(best), 0) + 1
    if f["latest_on"] is None or on > f["latest_on"]:
        if f["latest"]:
            f["before"] = max([x for x in (f["before"], *f["latest"]) if x is not None])
        f["latest_on"], f["latest"] = on, [best]
    elif on == f["latest_on"]:
        f["latest"].append(best)
    else:
        f["before"] = best if f["before"] is None else max(f["before"], best)


def columns(tally: dict[str, Any]) -> dict[str, Any]:
    """The incident's columns (without its id and run), from its tally."""
    event_type, _, sub_event_type = _most(tally["types"]).partition("|")
    killed, wounded = _figures(tally["killed"]), _figures(tally["wounded"])
    return {
        "event_type": event_type,
        "sub_event_type": sub_event_type,
        "event_date": _agreed_day(tally["days"]),
        "date_earliest": _date(tally["earliest"]),
        "date_latest": _date(tally["latest"]),
        "place_id": _most(tally["places"], by_rank=True) if tally["places"] else None,
        "actor1_id": _most(tally["actors1"], by_rank=True) if tally["actors1"] else None,
        "actor2_id": _most(tally["actors2"], by_rank=True) if tally["actors2"] else None,
        "killed_low": killed[0],
        "killed_best": killed[1],
        "killed_high": killed[2],
        "killed_best_rule": killed[3],
        "wounded_low": wounded[0],
        "wounded_best": wounded[1],
        "wounded_high": wounded[2],
        "n_events": tally["events"],
        "n_articles": tally["articles"],
        "headline_reports": tally["headlines"],
        "n_sources": len(tally["publishers"]) + tally["anonymous"],
        "killed_sources": killed[4],
        "first_reported": _date(tally["first_reported"]),
        "last_reported": _date(tally["last_reported"]),
    }


def _most(table: dict[str, list], by_rank: bool = False) -> str:
    """The key most reports gave (the highest rank first, when ranked); ties to the earliest."""
    return min(table.items(), key=lambda kv: ((-kv[1][1] if by_rank else 0), -kv[1][0], kv[1][2]))[0]


def _agreed_day(days: dict[str, list]) -> dt.date | None:
    """The day most text-dated reports give, else most reports give; ties to the earlier day."""
    if not days:
        return None
    from_text = {d: v[1] for d, v in days.items() if v[1]}
    pool = from_text or {d: v[0] for d, v in days.items()}
    return _date(min(pool.items(), key=lambda kv: (-kv[1], kv[0]))[0])


def _figures(f: dict[str, Any]) -> tuple:
    """(low, best, high, rule, sources giving a figure) by UCDP's rule (docs/incidents.md)."""
    votes: Counter[int] = Counter(best for _, best in f["by_publisher"].values())
    for best, stories in f["anonymous"].items():
        votes[int(best)] += stories
    sources = sum(votes.values())
    if not sources:
        return None, None, None, None, 0
    if sources == 1:
        return f["low"], next(iter(votes)), f["high"], "one report", 1
    latest = f["latest"][0] if len(f["latest"]) == 1 else None
    if latest is not None and f["before"] is not None and latest >= f["before"] and latest > f["lowest"]:
        return f["low"], latest, f["high"], "rising toll", sources
    top = max(votes.values())
    tied = sorted(b for b, n in votes.items() if n == top)
    rule = "most sources" if len(tied) == 1 else "lowest of the most given"
    return f["low"], tied[0], f["high"], rule, sources


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def dumps(tally: dict[str, Any]) -> str:
    return json.dumps(tally, separators=(",", ":"))


def loads(text: str) -> dict[str, Any]:
    return json.loads(text)
