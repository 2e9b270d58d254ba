"""Warehouse in, one HTML page out: the panels' queries (sql/dashboard/), their charts, the page."""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from pathlib import Path

from sitrep.dashboard import charts
from sitrep.dashboard.page import (
    NO_DATA,
    card,
    disagreement_list,
    esc,
    kpis,
    latest_events_table,
    map_caption,
    number,
    page,
    stack,
)
from sitrep.dashboard.queries import is_sitrep_warehouse, panel_rows
from sitrep.load.warehouse import WarehouseError

TOP_PERPETRATORS = 10
TOP_GOVERNORATES = 10
LATEST_EVENTS = 15
DISAGREEMENTS = 8


def render_dashboard(warehouse: str | Path, out_path: str | Path) -> Path:
    """Write the dashboard of `warehouse` to `out_path` (one self-contained HTML file) and return
    its path. The warehouse is only read, one query at a time; an empty one gives a page whose
    panels say there is no data yet. Raises WarehouseError when the file is missing, busy for
    long, or not a sitrep warehouse."""
    warehouse, out_path = Path(warehouse), Path(out_path)
    if not is_sitrep_warehouse(warehouse):
        raise WarehouseError(
            f"{warehouse} holds no sitrep tables; create it with 'sitrep run --input FOLDER --warehouse {warehouse}'"
        )
    overview = panel_rows(warehouse, "overview")[0]
    has_events = bool(overview["events"])
    cards = [
        _map_card(warehouse),
        stack(_governorate_card(warehouse), _perpetrator_card(warehouse)),
        _timeline_card(warehouse, overview),
        _disagreement_card(warehouse, has_events),
        card(
            "latest",
            "Latest events",
            "Each article's main event, newest first, with the sentence it was "
            "read from (its trigger words marked) and a link to the article.",
            latest_events_table(panel_rows(warehouse, "latest_events", limit=LATEST_EVENTS)),
        ),
    ]
    text = page(
        warehouse=warehouse,
        generated=dt.datetime.now(dt.UTC),
        kpi_html=kpis(overview),
        cards=cards,
        empty=not overview["articles"],
    )
    out_path.parent.mkdir(parents=True, exist_ok=True)
    # Written beside the target and renamed, so a browser never shows a half-written page.
    fd, tmp = tempfile.mkstemp(prefix=f".{out_path.name}.", dir=out_path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, out_path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return out_path


def _map_card(warehouse: Path) -> str:
    rows = panel_rows(warehouse, "event_map")
    caption = (
        "Where events happened: one symbol per place and event type, its area the killed there, "
        "its colour the ACLED event type."
    )
    if not rows:
        return card("map", "Map of events", esc(caption), NO_DATA, "wide")
    svg, notes = charts.event_map(rows)
    return card("map", "Map of events", esc(caption), svg, "wide", note=map_caption(notes))


def _governorate_card(warehouse: Path) -> str:
    rows = panel_rows(warehouse, "events_by_governorate", top=TOP_GOVERNORATES)
    admin1 = [r for r in rows if r["place_level"] == "governorate"]
    unplaced = {r["place_level"]: r["events"] for r in rows if r["place_level"] != "governorate"}
    caption = f"Events per governorate (admin1), by ACLED event type; the {TOP_GOVERNORATES} with the most events."
    left_out = [
        f"{number(unplaced[level])} {words}"
        for level, words in (
            ("no governorate", "events placed at a country or a wider region"),
            ("no place", "with no place"),
        )
        if unplaced.get(level)
    ]
    note = "Not counted here: " + " and ".join(left_out) + "." if left_out else ""
    body = charts.events_by_governorate(admin1) if admin1 else NO_DATA
    return card("governorates", "Events by governorate", esc(caption), body, note=esc(note))


def _timeline_card(warehouse: Path, overview: dict) -> str:
    rows = panel_rows(warehouse, "killed_by_month")
    caption = (
        "Killed per month (best estimates), each incident once however many articles report it, "
        "split by victim kind in proportion to its reports' own casualty figures; 'not stated' where "
        "the articles do not say who was killed."
    )
    left_out = []
    if overview["incidents_before_period"]:
        left_out.append(
            f"{number(overview['incidents_before_period'])} incidents dated before "
            f"{overview['first_month']:%B %Y} (history the articles retell)"
        )
    if overview["undated_incidents"]:
        left_out.append(f"{number(overview['undated_incidents'])} incidents without a date")
    note = "Not shown: " + "; ".join(left_out) + "." if left_out else ""
    body = charts.killed_by_month(rows) if rows else NO_DATA
    return card("timeline", "Killed over time, by victim kind", esc(caption), body, note=esc(note))


def _perpetrator_card(warehouse: Path) -> str:
    rows = panel_rows(warehouse, "killed_by_perpetrator", top=TOP_PERPETRATORS)
    caption = (
        f"Killed (best estimates) by the actor who attacked (ACLED actor 1), each incident once, "
        f"the top {TOP_PERPETRATORS}, coloured by side."
    )
    body = charts.killed_by_perpetrator(rows) if rows else NO_DATA
    return card("perpetrators", "Killed by perpetrator", esc(caption), body)


def _disagreement_card(warehouse: Path, has_events: bool) -> str:
    rows = panel_rows(warehouse, "sources_disagree", limit=DISAGREEMENTS)
    total = rows[0]["disputed_events"] if rows else 0
    caption = (
        (
            f"{number(total)} events whose sources give different killed figures; the latest "
            f"{min(total, DISAGREEMENTS)}, each source's figure side by side (sitrep report sources_disagree "
            "lists them all)."
        )
        if rows
        else "Events whose sources give different killed figures."
    )
    return card("disagree", "Where sources disagree", esc(caption), disagreement_list(rows, has_events))
