"""Events into incidents, in the warehouse, incrementally.

Every event without an incident is matched, oldest day first, against the incidents already
in the warehouse and those founded earlier in the same pass (flows/incidents/rules.py): it
joins the one it fits best, or founds its own, named for itself. Incidents never merge with
each other after the fact, so an incident's id is the id of its first report for good, and a
run that brings no new events changes nothing. Each incident a pass touched gets its new
reports added to its tally and its columns remade from it (flows/incidents/tally.py).

Cost: a pass reads its own events, the incidents of their provinces and days (one row each,
with its tally), and rewrites the incidents it touched. It never compares events pairwise
and never re-reads an incident's earlier reports, so a run stays linear in its new articles."""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pyarrow as pa

from flows.incidents import tally as tallies
from flows.incidents.rules import Incident, Report, armed_side, match_score, settings, shifted
from flows.incidents.tally import Member

ONE_DAY = dt.timedelta(days=1)
SQL = Path(__file__).resolve().parents[2] / "sql" / "incidents"
# Articles whose events are matched per pass: bounds the memory of a run that places a whole
# old warehouse's events.
PASS_ARTICLES = 10_000
INCIDENT_COLUMNS = ("incident_id", "event_type", "sub_event_type", "event_date", "date_earliest", "date_latest",
                    "place_id", "admin1_name", "country_code", "actor1_id", "actor2_id", "killed_low",
                    "killed_best", "killed_high", "killed_best_rule", "wounded_low", "wounded_best",
                    "wounded_high", "n_events", "n_articles", "n_sources", "killed_sources",
                    "first_reported", "last_reported", "updated_run_id", "tally")


def reconcile(con: duckdb.DuckDBPyConnection, run_id: str | None) -> int:
    """Put every event without an incident into one; returns how many were placed. Runs in the
    caller's transaction (a batch's, so a crash leaves both or neither)."""
    con.execute(_sql("event_facts"))
    placed = 0
    while True:
        rows = _dicts(con.execute(_sql("unassigned_events"), {"articles": PASS_ARTICLES}))
        if not rows:
            return placed
        reports = [_report(r) for r in rows]
        known, known_tallies = _candidates(con, reports)
        assignment, founded = assign(reports, known)
        _write(con, rows, assignment, founded, known_tallies, run_id)
        placed += len(rows)


def assign(reports: list[Report], known: list[Incident]) -> tuple[dict[str, str], dict[str, Incident]]:
    """event_id -> incident_id for `reports` (oldest first), given the incidents they may join;
    and the incidents the reports founded, by id. A copy of an earlier text's event goes where
    the original went."""
    by_day: dict[tuple, list[Incident]] = defaultdict(list)
    by_id = {inc.incident_id: inc for inc in known}
    for inc in known:
        by_day[(inc.country_code, inc.admin1_name, inc.day)].append(inc)
    out: dict[str, str] = {}
    founded: dict[str, Incident] = {}
    for r in reports:
        if r.copy_of:
            out[r.event_id] = r.copy_of
            if r.copy_of in by_id:
                by_id[r.copy_of].add(r)
            continue
        if not r.matchable():
            out[r.event_id] = r.event_id
            continue
        best, best_score = None, -1
        for inc in _within_reach(r, by_day):
            score = match_score(r, inc)
            if score is not None and score > best_score:
                best, best_score = inc, score
        if best is None:
            best = founded[r.event_id] = by_id[r.event_id] = Incident.founded_by(r)
            by_day[(best.country_code, best.admin1_name, best.day)].append(best)
        else:
            best.add(r)
        out[r.event_id] = best.incident_id
    return out, founded


def _within_reach(r: Report, by_day: dict[tuple, list[Incident]]) -> Iterator[Incident]:
    """The incidents of the report's province whose day lies within its span and tolerance."""
    span = r.day_span()
    assert span is not None
    reach = settings().tolerance
    day, last = shifted(span[0], -reach), shifted(span[1], reach)
    while day <= last:
        yield from by_day.get((r.country_code, r.admin1_name, day), ())
        if day == last:
            return
        day += ONE_DAY


def _report(row: dict) -> Report:
    return Report(row["event_id"], row["story"], row["event_type"], row["sub_event_type"], row["event_date"],
                  row["date_precision"], row["date_source"], row["place_id"], row["place_type"], row["place_name"],
                  row["admin1_name"], row["country_code"], armed_side(row["actor1_type"], row["actor1_side"]),
                  armed_side(row["actor2_type"], row["actor2_side"]), row["killed_best"], row["is_primary"],
                  row.get("copy_of"))


def _member(row: dict) -> Member:
    return Member(row["event_id"], row["article_id"], row["publisher"], row["published_on"],
                  row["sentence_no"], row["event_type"], row["sub_event_type"], row["event_date"],
                  row["date_precision"], row["date_source"], row["place_id"], row["place_type"],
                  row["actor1_id"], row["actor1_type"], row["actor1_side"],
                  row["actor2_id"], row["actor2_type"], row["actor2_side"],
                  (row["killed_low"], row["killed_best"], row["killed_high"]),
                  (row["wounded_low"], row["wounded_best"], row["wounded_high"]), row["is_primary"])


def _candidates(con: duckdb.DuckDBPyConnection, reports: list[Report]) -> tuple[list[Incident], dict[str, dict]]:
    """The warehouse's incidents in the provinces and days of the matchable reports, and those
    copies go to, as the matcher sees them; and their tallies by id."""
    probes = {}
    for r in reports:
        span = r.day_span()
        if span and r.matchable() and not r.copy_of:
            probes[(r.country_code, r.admin1_name, span[0], span[1])] = None
    keys = list(probes)
    con.register("probe_days", pa.table({
        "country_code": pa.array([k[0] for k in keys], pa.string()),
        "admin1_name": pa.array([k[1] for k in keys], pa.string()),
        "day_lo": pa.array([k[2] for k in keys], pa.date32()), "day_hi": pa.array([k[3] for k in keys], pa.date32())}))
    con.register("copied_to", pa.table({"incident_id": pa.array(sorted({r.copy_of for r in reports if r.copy_of}),
                                                                   pa.string())}))
    try:
        # the incident's agreed day lies within a tolerance of the day reports are matched on
        reach = (2 * settings().tolerance + settings().publication_lag).days
        rows = _dicts(con.execute(_sql("candidates"), {"reach": reach}))
    finally:
        con.unregister("probe_days")
        con.unregister("copied_to")
    firsts = _first_events(con, [r["incident_id"] for r in rows if r["tally"] is None])
    known, known_tallies = [], {}
    for row in rows:
        t = tallies.loads(row["tally"]) if row["tally"] else _tally_of_one(firsts[row["incident_id"]])
        known_tallies[row["incident_id"]] = t
        known.append(Incident(
            row["incident_id"], row["event_type"], row["sub_event_type"], dt.date.fromisoformat(t["anchor"]),
            t["anchor_from_text"], row["place_id"], row["place_type"], row["place_name"], row["admin1_name"],
            row["country_code"], set(t["sides1"]), set(t["sides2"]), set(t["killed"]["seen"]), set(), t["headline"]))
    return known, known_tallies


def _first_events(con: duckdb.DuckDBPyConnection, incident_ids: list[str]) -> dict[str, dict]:
    """The one event of each incident that has no tally yet (it is named for that event)."""
    if not incident_ids:
        return {}
    con.register("wanted_events", pa.table({"event_id": pa.array(incident_ids, pa.string())}))
    try:
        rows = _dicts(con.execute("SELECT * FROM event_facts SEMI JOIN wanted_events USING (event_id)"))
    finally:
        con.unregister("wanted_events")
    return {r["event_id"]: r for r in rows}


def _tally_of_one(row: dict) -> dict:
    """The tally of an incident still made of its one first event."""
    t = _anchored(row)
    tallies.add_article(t, [_member(row)])
    return t


def _write(con: duckdb.DuckDBPyConnection, rows: list[dict], assignment: dict[str, str],
           founded: dict[str, Incident], known_tallies: dict[str, dict], run_id: str | None) -> None:
    """Link the events; insert the incidents of one report from their event (in SQL); add each
    article's events to the tallies of the others and rewrite them from their tallies."""
    by_article: dict[tuple[str, str], list[dict]] = defaultdict(list)
    events_of: dict[str, int] = defaultdict(int)
    for row in rows:
        incident_id = assignment[row["event_id"]]
        by_article[(incident_id, row["article_id"])].append(row)
        events_of[incident_id] += 1
    single = [i for i, n in events_of.items() if n == 1 and i not in known_tallies]
    single_set = set(single)
    touched: dict[str, dict] = {}
    for (incident_id, _), members in by_article.items():
        if incident_id in single_set:
            continue
        t = touched.get(incident_id)
        if t is None:
            t = touched[incident_id] = known_tallies.get(incident_id) or _new_tally(incident_id, founded, members)
        members.sort(key=lambda r: _member(r).order)
        tallies.add_article(t, [_member(r) for r in members], new_source=not members[0].get("copy_of"))
    out = [dict(incident_id=i, **tallies.columns(t), updated_run_id=run_id, tally=tallies.dumps(t))
           for i, t in touched.items()]
    _place_names(con, out)
    s = settings()
    con.register("assigned", pa.table({"event_id": list(assignment), "incident_id": list(assignment.values())}))
    con.register("touched", pa.table({c: [o[c] for o in out] for c in INCIDENT_COLUMNS}) if out
                 else pa.table({"incident_id": pa.array([], pa.string())}))
    con.register("single_events", pa.table({"event_id": pa.array(single, pa.string())}))
    try:
        con.execute("UPDATE events SET incident_id = assigned.incident_id FROM assigned "
                    "WHERE events.event_id = assigned.event_id")
        if out:
            con.execute("DELETE FROM incidents WHERE incident_id IN (SELECT incident_id FROM touched)")
            con.execute("INSERT INTO incidents BY NAME SELECT * FROM touched")
        if single:
            con.execute(_sql("insert_single"), {
                "publication_lag": s.publication_lag.days, "run_id": run_id})
    finally:
        for name in ("assigned", "touched", "single_events"):
            con.unregister(name)


def _new_tally(incident_id: str, founded: dict[str, Incident], members: list[dict]) -> dict:
    """The empty tally of an incident founded in this pass, anchored on its first report's day."""
    inc = founded.get(incident_id)
    if inc is not None:
        return tallies.empty(inc.day, inc.day_from_text)
    return _anchored(next((m for m in members if m["event_id"] == incident_id), members[0]))


def _anchored(row: dict) -> dict:
    span = _report(row).day_span()
    return tallies.empty(span[1] if span else dt.date.min, row["date_source"] == "text")


def _place_names(con: duckdb.DuckDBPyConnection, incidents: list[dict]) -> None:
    """Each incident's admin1 and country, from its place."""
    ids = sorted({i["place_id"] for i in incidents if i["place_id"]})
    found = {}
    if ids:
        con.register("wanted_places", pa.table({"place_id": ids}))
        try:
            found = {p: (a, c) for p, a, c in con.execute(
                "SELECT place_id, admin1_name, country_code FROM places SEMI JOIN wanted_places USING (place_id)"
            ).fetchall()}
        finally:
            con.unregister("wanted_places")
    for i in incidents:
        i["admin1_name"], i["country_code"] = found.get(i["place_id"], (None, None))


def _dicts(cursor) -> list[dict]:
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, r)) for r in cursor.fetchall()]


def _sql(name: str) -> str:
    return (SQL / f"{name}.sql").read_text(encoding="utf-8").strip().rstrip(";")
