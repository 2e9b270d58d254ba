"""How well incidents group articles, against human labels (README, "Incidents").

    .venv/bin/python bench/incident_pairs.py fakes WAREHOUSE FAKES_LABELS.jsonl
    .venv/bin/python bench/incident_pairs.py acled WAREHOUSE WORLD_LABELS.jsonl

`fakes`: FA-KES labels (one JSON object per article: `file`, `events` with `date`,
`governorate`, `killed_total`). Two articles are "merged" when any of their events share an
incident. Prints how many of the pairs whose labels agree on date, governorate and killed total
are merged, and how many merged pairs have labels in different governorates or more than 7 days
apart (no pair of their label events in one governorate within 7 days), and the same counting only
articles whose label dates lie within 3 days of their publication date (FA-KES labels are dated
by hand, a quarter of them weeks from their article's own dateline).

`acled`: labels with `id` and `source`; ACLED's notes are separate events by construction, so
every merged pair of two ACLED notes joins different events. Prints how many there are."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import sys
from pathlib import Path

import duckdb


def merged_pairs(con, key_sql: str) -> set[tuple[str, str]]:
    """Pairs of article keys (file stem or external id) sharing an incident."""
    groups: dict[str, set[str]] = {}
    for incident, key in con.execute(
        f"SELECT DISTINCT e.incident_id, {key_sql} FROM events e JOIN articles a USING (article_id)"
    ).fetchall():
        groups.setdefault(incident, set()).add(key)
    return {p for keys in groups.values() for p in itertools.combinations(sorted(keys), 2)}


def fakes(con, labels_path: Path) -> str:
    labels = {}
    for line in labels_path.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        labels[Path(row["file"]).stem] = row["events"]
    merged = merged_pairs(con, "regexp_replace(a.source_uri, '^.*/|\\.txt$', '', 'g')")
    day = dt.date.fromisoformat

    def agree(a, b):
        return any(
            x["date"] == y["date"] and x["governorate"] == y["governorate"] and x["killed_total"] == y["killed_total"]
            for x in labels[a]
            for y in labels[b]
        )

    def apart(a, b):
        return not any(
            x["governorate"] == y["governorate"] and abs((day(x["date"]) - day(y["date"])).days) <= 7
            for x in labels[a]
            for y in labels[b]
        )

    agreeing = [p for p in itertools.combinations(sorted(labels), 2) if agree(*p)]
    found = sum(p in merged for p in agreeing)
    known = [p for p in merged if p[0] in labels and p[1] in labels]
    wrong = sum(apart(*p) for p in known)
    published = dict(
        con.execute("SELECT regexp_replace(source_uri, '^.*/|\\.txt$', '', 'g'), published_on FROM articles").fetchall()
    )

    def dated_near(a):
        return published.get(a) is not None and all(abs((day(x["date"]) - published[a]).days) <= 3 for x in labels[a])

    near = [p for p in known if dated_near(p[0]) and dated_near(p[1])]
    near_wrong = sum(apart(*p) for p in near)
    return (
        f"label-agreeing pairs one incident: {found}/{len(agreeing)} = {found / max(1, len(agreeing)):.3f}; "
        f"merged pairs with labels apart: {wrong}/{len(known)} = {wrong / max(1, len(known)):.3f}; "
        f"of pairs labelled near their publication dates: {near_wrong}/{len(near)} = "
        f"{near_wrong / max(1, len(near)):.3f}"
    )


def acled(con, labels_path: Path) -> str:
    sources = {}
    for line in labels_path.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        sources[row["id"]] = row["source"]
    merged = [
        p for p in merged_pairs(con, "a.external_id") if sources.get(p[0]) == "acled" and sources.get(p[1]) == "acled"
    ]
    notes = sum(1 for s in sources.values() if s == "acled")
    return f"ACLED notes: {notes}; merged pairs of two notes (each joins different events): {len(merged)}"


def main(argv: list[str]) -> None:
    kind, warehouse, labels = argv
    with duckdb.connect(warehouse, read_only=True) as con:
        print({"fakes": fakes, "acled": acled}[kind](con, Path(labels)))


if __name__ == "__main__":
    main(sys.argv[1:])
