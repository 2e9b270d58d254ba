"""Events into incidents, in the warehouse, incrementally.

Every event without an incident is matched, oldest day first, against the incidents already
in the warehouse and those founded earlier in the same pass (sitrep/incidents/rules.py): it
joins the one it fits best, or founds its own, named for itself. Incidents never merge with
each other after the fact, so an incident's id is the id of its first report for good, and a
run that brings no new events changes nothing. Each incident a pass touched gets its new
reports added to its tally and its columns remade from it (sitrep/incidents/tally.py).

Cost: a batch's events are placed from its own rows, before they are inserted; a pass reads
those, the rows of incident_tallies at the places and days of the reports that could join
another article's incident, and rewrites the incidents it touched. It never compares events
pairwise and never re-reads an incident's earlier reports, so a run stays linear in its new
articles (docs/incidents.md)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator

import duckdb
import pyarrow as pa

from sitrep.incidents import tally as tallies
from sitrep.incidents.rules import Incident, Report, armed_side, match_score, settings, shifted
from sitrep.incidents.tally import Member
from sitrep.load.scalar import scalar
from sitrep.paths import sql_dir

ONE_DAY = dt.timedelta(days=1)
SQL = sql_dir() / "incidents"
# Articles whose events are matched per pass: bounds the memory of a run that places a whole
# old warehouse's events.
PASS_ARTICLES = 10_000
# Candidate incidents looked up per report and day (sql/incidents/candidates.sql).
CANDIDATES_PER_PROBE = 20
INCIDENT_COLUMNS = (
    "incident_id",
    "event_type",
    "sub_event_type",
    "event_date",
    "date_earliest",
    "date_latest",
    "place_id",
    "admin1_name",
    "country_code",
    "actor1_id",
    "actor2_id",
    "killed_low",
    "killed_best",
    "killed_high",
    "killed_best_rule",
    "wounded_low",
    "wounded_best",
    "wounded_high",
    "n_events",
    "n_articles",
    "n_sources",
    "headline_reports",
    "killed_sources",
    "first_reported",
    "last_reported",
    "updated_run_id",
)
TALLY_COLUMNS = (
    "incident_id",
    "event_type",
    "sub_event_type",
    "country_code",
    "admin1_name",
    "event_date",
    "place_id",
    "headline_reports",
    "killed_low",
    "killed_high",
    "tally",
)


def place_batch(con: duckdb.DuckDBPyConnection, events: pa.Table, run_id: str | None) -> pa.Table:
    """The incidents of a batch's events, before the events are inserted: `events` (the batch's
    Arrow table, registered with its articles as `batch_articles` and the new articles' ids as
    `new_ids` by the load) comes back with `incident_id` set for the events of new articles,
    and the incidents they found or join are written. Runs in the batch's transaction."""
    con.register("batch_events", events)
    try:
        _facts_view(con, "event_facts", "batch_events", "batch_articles")
        con.execute("CREATE OR REPLACE TEMP VIEW pending_articles AS SELECT article_id FROM new_ids")
        assignment = _place(con, _dicts(con.execute(_sql("pending_events"))), run_id)
    finally:
        con.unregister("batch_events")
    ids = [assignment.get(e) for e in events.column("event_id").to_pylist()]
    column = pa.array(ids, pa.string())
    if "incident_id" in events.column_names:
        return events.set_column(events.column_names.index("incident_id"), "incident_id", column)
    return events.append_column("incident_id", column)


def reconcile(con: duckdb.DuckDBPyConnection, run_id: str | None) -> int:
    """Put every event of the warehouse that has no incident into one (events an older version
    of sitrep loaded); returns how many were placed. Runs in the caller's transaction."""
    _facts_view(con, "event_facts", "events", "articles")
    placed = 0
    while True:
        con.execute(_sql("unplaced_articles"), {"articles": PASS_ARTICLES})
        rows = _dicts(con.execute(_sql("pending_events")))
        if not rows:
            return placed
        assignment = _place(con, rows, run_id)
        con.register("assigned", pa.table({"event_id": list(assignment), "incident_id": list(assignment.values())}))
        try:
            con.execute(
                "UPDATE events SET incident_id = assigned.incident_id FROM assigned "
                "WHERE events.event_id = assigned.event_id"
            )
        finally:
            con.unregister("assigned")
        placed += len(rows)


def _place(con: duckdb.DuckDBPyConnection, rows: list[dict], run_id: str | None) -> dict[str, str]:
    """One pass: match the events of `rows` (pending_events.sql), write the incidents they
    found or join, and return event_id -> incident_id."""
    if not rows:
        return {}
    _mark_copies(con, rows)
    reports = [_report(r) for r in rows]
    known, known_tallies = _candidates(con, reports)
    assignment, founded = assign(reports, known)
    _write(con, rows, reports, assignment, founded, known_tallies, run_id)
    return assignment


def _mark_copies(con: duckdb.DuckDBPyConnection, rows: list[dict]) -> None:
    """Set each row's `copy_of` (sql/incidents/copies.sql); skipped, with its scans, when no
    pending text is already in the warehouse."""
    texts = {(r["article_id"], r["content_hash"], r["external_id"]) for r in rows if r["content_hash"]}
    for r in rows:
        r["copy_of"] = None
    if not texts:
        return
    table = pa.table(
        {
            "article_id": pa.array([t[0] for t in texts], pa.string()),
            "content_hash": pa.array([t[1] for t in texts], pa.string()),
            "external_id": pa.array([t[2] for t in texts], pa.string()),
        }
    )
    con.register("pending_texts", table)
    try:
        known = scalar(
            con,
            "SELECT count(*) FROM articles a SEMI JOIN pending_texts t "
            "ON a.content_hash = t.content_hash AND a.article_id <> t.article_id",
        )
        copies = dict(con.execute(_sql("copies")).fetchall()) if known else {}
    finally:
        con.unregister("pending_texts")
    for r in rows:
        r["copy_of"] = copies.get(r["event_id"])


def _facts_view(con: duckdb.DuckDBPyConnection, view: str, events: str, articles: str) -> None:
    con.execute(_sql("event_facts").format(view=view, events=events, articles=articles))


def assign(reports: list[Report], known: list[Incident]) -> tuple[dict[str, str], dict[str, Incident]]:
    """event_id -> incident_id for `reports` (oldest first), given the incidents they may join;
    and the incidents the reports founded, by id. A copy of an earlier text's event goes where
    the original went. Only a report that can join another article's incident (`_joinable`)
    is compared with every incident of its province and days; any other only with those its
    own story's reports are in."""
    by_day: dict[tuple, list[Incident]] = defaultdict(list)
    by_story: dict[str, list[Incident]] = defaultdict(list)
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
        for inc in _within_reach(r, by_day) if _joinable(r) else by_story[r.story]:
            score = match_score(r, inc)
            if score is not None and score > best_score:
                best, best_score = inc, score
        if best is None:
            best = founded[r.event_id] = by_id[r.event_id] = Incident.founded_by(r)
            by_day[(best.country_code, best.admin1_name, best.day)].append(best)
        else:
            best.add(r)
        if best not in by_story[r.story]:
            by_story[r.story].append(best)
        out[r.event_id] = best.incident_id
    return out, founded


def _within_reach(r: Report, by_day: dict[tuple, list[Incident]]) -> Iterator[Incident]:
    """The incidents of the report's province whose day lies within its span and tolerance."""
    span = r.day_span()
    assert span is not None
    for day in _days(span, settings().tolerance):
        yield from by_day.get((r.country_code, r.admin1_name, day), ())


def _report(row: dict) -> Report:
    return Report(
        row["event_id"],
        row["story"],
        row["event_type"],
        row["sub_event_type"],
        row["event_date"],
        row["date_precision"],
        row["date_source"],
        row["place_id"],
        row["place_type"],
        row["place_name"],
        row["admin1_name"],
        row["country_code"],
        armed_side(row["actor1_type"], row["actor1_side"]),
        armed_side(row["actor2_type"], row["actor2_side"]),
        row["killed_best"],
        row["is_primary"],
        row.get("copy_of"),
    )


def _member(row: dict) -> Member:
    return Member(
        row["event_id"],
        row["article_id"],
        row["publisher"],
        row["published_on"],
        row["sentence_no"],
        row["event_type"],
        row["sub_event_type"],
        row["event_date"],
        row["date_precision"],
        row["date_source"],
        row["place_id"],
        row["place_type"],
        row["actor1_id"],
        row["actor1_type"],
        row["actor1_side"],
        row["actor2_id"],
        row["actor2_type"],
        row["actor2_side"],
        (row["killed_low"], row["killed_best"], row["killed_high"]),
        (row["wounded_low"], row["wounded_best"], row["wounded_high"]),
        row["is_primary"],
    )


def _candidates(con: duckdb.DuckDBPyConnection, reports: list[Report]) -> tuple[list[Incident], dict[str, dict]]:
    """The warehouse's incidents that reports of this pass may join, as the matcher sees them,
    and their tallies by id: those copies go to, and, for each report that can join another
    article's incident at all (its story's headline, with a death toll of `distinctive` or
    more), those at its precise place or a place of its name, on its days, with such a toll
    (rules.match_score says why nothing else can match). Every other match is within an
    article, and an article's events are all in one pass."""
    probes: dict[tuple, None] = {}  # an ordered set of (country, admin1, day, place, name, toll)
    distinctive = settings().distinctive_toll
    # the incident's agreed day lies within a tolerance of the day reports are matched on
    reach = 2 * settings().tolerance + settings().publication_lag
    for r in reports:
        span = r.day_span()
        if span and not r.copy_of and _joinable(r):
            for day in _days(span, reach):
                probes[(r.country_code, r.admin1_name, day, r.place_id, r.place_name, r.killed_best)] = None
    keys = list(probes)
    con.register(
        "probe_days",
        pa.table(
            {
                "country_code": pa.array([k[0] for k in keys], pa.string()),
                "admin1_name": pa.array([k[1] for k in keys], pa.string()),
                "day": pa.array([k[2] for k in keys], pa.date32()),
                "place_id": pa.array([k[3] for k in keys], pa.string()),
                "place_name": pa.array([k[4] for k in keys], pa.string()),
                "killed": pa.array([k[5] for k in keys], pa.int64()),
            }
        ),
    )
    copied_to = sorted({r.copy_of for r in reports if r.copy_of})
    con.register("copied_to", pa.table({"incident_id": pa.array(copied_to, pa.string())}))
    try:
        strong_types = [t for t, rank in settings().place_rank.items() if rank >= settings().strong_place_rank]
        rows = _dicts(
            con.execute(
                _sql("candidates"),
                {"distinctive": distinctive, "strong_types": strong_types, "per_probe": CANDIDATES_PER_PROBE},
            )
        )
        if copied_to:
            seen = {r["incident_id"] for r in rows}
            rows += [r for r in _dicts(con.execute(_sql("copy_targets"))) if r["incident_id"] not in seen]
    finally:
        con.unregister("probe_days")
        con.unregister("copied_to")
    rebuilt = _stored_tallies(con, [r["incident_id"] for r in rows if r["tally"] is None])
    known, known_tallies = [], {}
    for row in rows:
        t = tallies.loads(row["tally"]) if row["tally"] else rebuilt[row["incident_id"]]
        known_tallies[row["incident_id"]] = t
        known.append(
            Incident(
                row["incident_id"],
                row["event_type"],
                row["sub_event_type"],
                dt.date.fromisoformat(t["anchor"]),
                t["anchor_from_text"],
                row["place_id"],
                row["place_type"],
                row["place_name"],
                row["admin1_name"],
                row["country_code"],
                set(t["sides1"]),
                set(t["sides2"]),
                set(t["killed"]["seen"]),
                set(),
                t["headlines"] > 0,
            )
        )
    return known, known_tallies


def _days(span: tuple[dt.date, dt.date], reach: dt.timedelta) -> Iterator[dt.date]:
    """Every day from `reach` before the span to `reach` after it."""
    day, last = shifted(span[0], -reach), shifted(span[1], reach)
    while day <= last:
        yield day
        if day == last:
            return
        day += ONE_DAY


def _joinable(r: Report) -> bool:
    """Whether a report could match another article's (rules.match_score): its story's
    headline, matchable, with a death toll of `distinctive` or more."""
    return r.is_primary and r.matchable() and (r.killed_best or 0) >= settings().distinctive_toll


def _stored_tallies(con: duckdb.DuckDBPyConnection, incident_ids: list[str]) -> dict[str, dict]:
    """The tallies of incidents, rebuilt from their events, article by article: of those that
    keep none (nothing from another article could join them; a copy of one of their texts now
    does), and of those that lost reports (`recount`)."""
    if not incident_ids:
        return {}
    con.register("wanted_incidents", pa.table({"incident_id": pa.array(incident_ids, pa.string())}))
    try:
        _facts_view(con, "stored_event_facts", "events", "articles")
        rows = _dicts(
            con.execute(
                "SELECT f.*, e.incident_id FROM stored_event_facts f JOIN events e USING (event_id) "
                "SEMI JOIN wanted_incidents w ON e.incident_id = w.incident_id ORDER BY f.published_on, f.article_id"
            )
        )
    finally:
        con.unregister("wanted_incidents")
    by_article: dict[str, dict[str, list[dict]]] = defaultdict(lambda: defaultdict(list))
    for r in rows:
        by_article[r["incident_id"]][r["article_id"]].append(r)
    out = {}
    for incident_id, articles in by_article.items():
        first = next(
            (r for a in articles.values() for r in a if r["event_id"] == incident_id), next(iter(articles.values()))[0]
        )
        t = out[incident_id] = _anchored(first)
        stories: set[str] = set()
        for members in articles.values():
            # a copy of a text the incident already counts is no new source, as when it joined
            tallies.add_article(
                t,
                sorted((_member(r) for r in members), key=lambda m: m.order),
                new_source=members[0]["story"] not in stories,
            )
            stories.add(members[0]["story"])
    return out


def _write(
    con: duckdb.DuckDBPyConnection,
    rows: list[dict],
    reports: list[Report],
    assignment: dict[str, str],
    founded: dict[str, Incident],
    known_tallies: dict[str, dict],
    run_id: str | None,
) -> None:
    """Insert the new incidents of one event that nothing can join from another article
    straight from their event (in SQL, no tally); add each article's events to the tallies of
    the others and rewrite them from their tallies."""
    by_article: dict[tuple[str, str], list[dict]] = defaultdict(list)
    events_of: dict[str, list[Report]] = defaultdict(list)
    for row, report in zip(rows, reports, strict=False):
        incident_id = assignment[row["event_id"]]
        by_article[(incident_id, row["article_id"])].append(row)
        events_of[incident_id].append(report)
    single = [
        i
        for i, members in events_of.items()
        if len(members) == 1 and i not in known_tallies and not _joinable(members[0])
    ]
    single_set = set(single)
    touched: dict[str, dict] = {}
    for (incident_id, _), members in by_article.items():
        if incident_id in single_set:
            continue
        t = touched.get(incident_id)
        if t is None:
            t = touched[incident_id] = known_tallies.get(incident_id) or _new_tally(incident_id, founded, members)
        ordered = sorted((_member(r) for r in members), key=lambda m: m.order)
        tallies.add_article(t, ordered, new_source=not members[0].get("copy_of"))
    _rewrite(con, touched, run_id)
    if single:
        con.register("single_events", pa.table({"event_id": pa.array(single, pa.string())}))
        try:
            con.execute(_sql("insert_single"), {"publication_lag": settings().publication_lag.days, "run_id": run_id})
        finally:
            con.unregister("single_events")


def _rewrite(con: duckdb.DuckDBPyConnection, touched: dict[str, dict], run_id: str | None) -> None:
    """Rewrite the incidents of `touched` (incident_id -> tally) from their tallies, and keep the
    tallies of those another article may join or several articles report."""
    if not touched:
        return
    out = [dict(incident_id=i, **tallies.columns(t), updated_run_id=run_id) for i, t in touched.items()]
    _place_names(con, out)
    distinctive = settings().distinctive_toll
    # kept for incidents another article may join, and for those of several articles (copies
    # of one text join them again and again: their tally must not be rebuilt each time)
    kept = [
        dict(o, tally=tallies.dumps(touched[o["incident_id"]]))
        for o in out
        if o["n_articles"] > 1 or (o["headline_reports"] and (o["killed_high"] or 0) >= distinctive)
    ]
    con.register("touched", pa.table({c: [o[c] for o in out] for c in INCIDENT_COLUMNS}))
    con.register(
        "touched_tallies",
        pa.table({c: [o[c] for o in kept] for c in TALLY_COLUMNS})
        if kept
        else pa.table({"incident_id": pa.array([], pa.string())}),
    )
    try:
        con.execute("DELETE FROM incidents WHERE incident_id IN (SELECT incident_id FROM touched)")
        con.execute("INSERT INTO incidents BY NAME SELECT * FROM touched")
        con.execute("DELETE FROM incident_tallies WHERE incident_id IN (SELECT incident_id FROM touched)")
        con.execute("INSERT INTO incident_tallies BY NAME SELECT * FROM touched_tallies")
    finally:
        for name in ("touched", "touched_tallies"):
            con.unregister(name)


def recount(con: duckdb.DuckDBPyConnection, incident_ids: list[str], run_id: str | None) -> tuple[int, int]:
    """After some of their reports were taken out (an article replaced or forgotten): the
    incidents of `incident_ids` that have no event left are deleted, the others remade from the
    events they keep, under the same id (even when the report they are named for is gone).
    Runs in the caller's transaction; returns (deleted, recounted)."""
    if not incident_ids:
        return 0, 0
    con.register("affected", pa.table({"incident_id": pa.array(sorted(set(incident_ids)), pa.string())}))
    try:
        kept = {
            r[0]
            for r in con.execute(
                "SELECT DISTINCT incident_id FROM events SEMI JOIN affected USING (incident_id)"
            ).fetchall()
        }
    finally:
        con.unregister("affected")
    emptied = set(incident_ids) - kept
    con.register("emptied", pa.table({"incident_id": pa.array(sorted(emptied), pa.string())}))
    try:
        con.execute("DELETE FROM incidents WHERE incident_id IN (SELECT incident_id FROM emptied)")
        con.execute("DELETE FROM incident_tallies WHERE incident_id IN (SELECT incident_id FROM emptied)")
    finally:
        con.unregister("emptied")
    _rewrite(con, _stored_tallies(con, sorted(kept)), run_id)
    return len(emptied), len(kept)


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
            found = {
                p: (a, c)
                for p, a, c in con.execute(
                    "SELECT place_id, admin1_name, country_code FROM places SEMI JOIN wanted_places USING (place_id)"
                ).fetchall()
            }
        finally:
            con.unregister("wanted_places")
    for i in incidents:
        i["admin1_name"], i["country_code"] = found.get(i["place_id"], (None, None))


def _dicts(cursor) -> list[dict]:
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, r, strict=False)) for r in cursor.fetchall()]


def _sql(name: str) -> str:
    return (SQL / f"{name}.sql").read_text(encoding="utf-8").strip().rstrip(";")
