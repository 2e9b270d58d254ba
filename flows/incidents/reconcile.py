"""Events into incidents, in the warehouse, incrementally.

Every event without an incident is matched, oldest day first, against the incidents already
in the warehouse and those founded earlier in the same pass (flows/incidents/rules.py): it
joins the one it fits best, or founds its own, named for itself. Incidents never merge with
each other after the fact, so an incident's id is the id of its first report for good, and a
run that brings no new events changes nothing. Each incident a pass touched is recomputed from
its member events (sql/incidents/refresh.sql).

Cost: one pass reads the unassigned events, the incidents of their provinces and days (and
their reports' sides and tolls), and rewrites the incidents it touched; it never compares
events pairwise, so a run stays linear in its new articles, plus the size of the incidents
they join."""
from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import duckdb
import pyarrow as pa

from flows.incidents.rules import Incident, Report, armed_side, match_score, settings

SQL = Path(__file__).resolve().parents[2] / "sql" / "incidents"
# Events matched per pass: bounds the memory of a run that assigns a whole old warehouse.
PASS_SIZE = 50_000


def reconcile(con: duckdb.DuckDBPyConnection, run_id: str | None) -> int:
    """Put every event without an incident into one; returns how many were placed. Runs in the
    caller's transaction (a batch's, so a crash leaves both or neither)."""
    placed = 0
    while True:
        rows = con.execute(_sql("unassigned_events"), {"limit": PASS_SIZE}).fetchall()
        if not rows:
            return placed
        reports = [_report(r) for r in rows]
        assignment = assign(reports, _candidates(con, reports))
        _write(con, assignment, run_id)
        placed += len(reports)


def assign(reports: list[Report], known: list[Incident]) -> dict[str, str]:
    """event_id -> incident_id for `reports` (oldest first), given the incidents they may join."""
    blocks: dict[tuple, list[Incident]] = defaultdict(list)
    for inc in known:
        blocks[(inc.country_code, inc.admin1_name)].append(inc)
    out: dict[str, str] = {}
    for r in reports:
        if not r.matchable():
            out[r.event_id] = r.event_id
            continue
        best, best_score = None, -1
        for inc in blocks[r.block]:
            score = match_score(r, inc)
            if score is not None and score > best_score:
                best, best_score = inc, score
        if best is None:
            best = Incident.founded_by(r)
            blocks[r.block].append(best)
        else:
            best.add(r)
        out[r.event_id] = best.incident_id
    return out


def _report(row: tuple) -> Report:
    (event_id, article_id, event_type, sub_event_type, event_date, precision, date_source, place_id,
     place_type, place_name, admin1, country, a1_type, a1_side, a2_type, a2_side, killed, is_primary) = row
    return Report(event_id, article_id, event_type, sub_event_type, event_date, precision, date_source,
                  place_id, place_type, place_name, admin1, country, armed_side(a1_type, a1_side),
                  armed_side(a2_type, a2_side), killed, is_primary)


def _candidates(con: duckdb.DuckDBPyConnection, reports: list[Report]) -> list[Incident]:
    """The warehouse's incidents in the provinces and days of the matchable reports."""
    probes = {}
    for r in reports:
        span = r.day_span()
        if span and r.matchable():
            probes[(r.country_code, r.admin1_name, span[0], span[1])] = None
    if not probes:
        return []
    keys = list(probes)
    con.register("probe_days", pa.table({
        "country_code": [k[0] for k in keys], "admin1_name": [k[1] for k in keys],
        "day_lo": pa.array([k[2] for k in keys], pa.date32()), "day_hi": pa.array([k[3] for k in keys], pa.date32())}))
    try:
        reach = (settings().tolerance + settings().publication_lag).days
        rows = con.execute(_sql("candidates"), {"reach": reach}).fetchall()
    finally:
        con.unregister("probe_days")
    return [_incident(r) for r in rows]


def _incident(row: tuple) -> Incident:
    (incident_id, event_type, sub_event_type, day, place_id, place_type, place_name, admin1, country,
     sides1, sides2, killed, articles, headline, day_from_text) = row
    return Incident(incident_id, event_type, sub_event_type, day, bool(day_from_text), place_id, place_type,
                    place_name, admin1, country,
                    _sides(sides1), _sides(sides2), set(killed or ()), set(articles), bool(headline))


def _sides(typed: list[str] | None) -> set[str]:
    out = set()
    for pair in typed or ():
        actor_type, _, side = pair.partition("|")
        side = armed_side(actor_type, side)
        if side:
            out.add(side)
    return out


def _write(con: duckdb.DuckDBPyConnection, assignment: dict[str, str], run_id: str | None) -> None:
    """Link the events, then rewrite every incident they touched from its members."""
    con.register("assigned", pa.table({"event_id": list(assignment), "incident_id": list(assignment.values())}))
    con.register("touched", pa.table({"incident_id": sorted(set(assignment.values()))}))
    try:
        con.execute("UPDATE events SET incident_id = assigned.incident_id FROM assigned "
                    "WHERE events.event_id = assigned.event_id")
        con.execute("DELETE FROM incidents WHERE incident_id IN (SELECT incident_id FROM touched)")
        s = settings()
        place_types = [t for t, _ in sorted(s.place_rank.items(), key=lambda kv: kv[1])]
        con.execute("INSERT INTO incidents BY NAME " + _sql("refresh"), {
            "place_types": place_types, "armed_types": sorted(s.armed_types),
            "publication_lag": s.publication_lag.days, "run_id": run_id})
    finally:
        con.unregister("assigned")
        con.unregister("touched")


def _sql(name: str) -> str:
    return (SQL / f"{name}.sql").read_text(encoding="utf-8").strip().rstrip(";")

