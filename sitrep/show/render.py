"""`sitrep show` as text: the article's header, its events, every casualty figure with its
words, its places, actors, quotes and dates, then the sentences that carry coded words, the
spans coloured by kind when standard output is a terminal (rich), plain when it is not.

Every value comes from other people's files, so each passes through `printable` on its way to
the screen, and rich is never asked to read markup or emoji codes in it."""

from __future__ import annotations

import itertools
import sys
from collections.abc import Iterable
from functools import lru_cache
from typing import TextIO

from rich.console import Console
from rich.text import Text

from sitrep.extract.lexicon import DATA_DIR, read_csv
from sitrep.terminal import printable

# One style per kind of span, in the sections and in the sentences alike; in this order over
# one another, so the figures, places and actors inside a quote keep their own colours.
STYLES = {
    "quote": "italic yellow",
    "date": "magenta",
    "place": "green",
    "actor": "cyan",
    "event": "bold blue underline",
    "figure": "bold red",
}
LEGEND = {
    "figure": "casualty figures",
    "event": "event words",
    "place": "places",
    "actor": "actors",
    "date": "dates",
    "quote": "quotes",
}
INDENT = "  "
LABEL_WIDTH = 10


def console_for(out: TextIO | None = None) -> Console:
    """A console on `out` (stdout) that colours only a terminal (rich also honours NO_COLOR and
    TERM=dumb) and, elsewhere, never breaks a line that a pipe or file should keep whole."""
    console = Console(file=out or sys.stdout, highlight=False, markup=False, emoji=False)
    console.soft_wrap = not console.is_terminal
    return console


def render_text(record: dict, console: Console) -> None:
    text = record["article"]["text"]
    _header(console, record["article"])
    _events(console, record["primary_event"], record["other_events"])
    _casualties(console, record["casualties"])
    _places(console, record["places"])
    _actors(console, record["actors"])
    _quotes(console, record["quotes"])
    _dates(console, record["dates"])
    _sentences(console, text, record["sentences"], spans(record))


def spans(record: dict) -> list[tuple[int, int, str]]:
    """(char_start, char_end, kind) of every coded span of the article."""
    out = [(c["char_start"], c["char_end"], "figure") for c in record["casualties"]]
    for e in filter(None, [record["primary_event"], *record["other_events"]]):
        if e["char_start"] is not None:
            out.append((e["char_start"], e["char_end"], "event"))
    for kind, rows in (("place", record["places"]), ("actor", record["actors"])):
        out += [(m["char_start"], m["char_end"], kind) for row in rows for m in row["mentions"]]
    out += [(q["char_start"], q["char_end"], "quote") for q in record["quotes"]]
    out += [(d["char_start"], d["char_end"], "date") for d in record["dates"]]
    return out


# -- the sections ------------------------------------------------------------------------------


def _header(console: Console, a: dict) -> None:
    console.print(_value(a["title"] or "(untitled)", "bold"))
    _field(console, "article", _value(a["article_id"]), f" (matched by {a['matched_by']})")
    _field(console, "source", _value(a["source_uri"]))
    if a["url"] and a["url"] != a["source_uri"]:
        _field(console, "url", _value(a["url"]))
    if a["feed_url"]:
        _field(console, "feed", _value(a["feed_url"]))
    _field(console, "publisher", _value(a["publisher"]))
    _field(console, "published", _value(a["published_on"]))
    basis = {
        "primary event": ", of the primary event's place",
        "places named": ", where most of the places it names are",
    }.get(a["country_basis"], "")
    _field(console, "country", _value(country_label(a["country_code"])), basis)


def _events(console: Console, primary: dict | None, others: list[dict]) -> None:
    _heading(console, "Primary event")
    if primary is None:
        console.print(INDENT + "none coded")
    else:
        _event(console, primary)
    if others:
        _heading(console, f"Other events ({len(others)})")
        for e in others:
            _event(console, e)


def _event(console: Console, e: dict) -> None:
    console.print(
        Text.assemble(
            INDENT,
            (_short_id(e["event_id"]), "bold"),
            " ",
            _value(f"{e['event_type']} / {e['sub_event_type']}", "bold"),
            f", sentence {e['sentence_no']}, words ",
            _quoted(e["words"], "event"),
        )
    )
    inner = INDENT * 2
    date_words = [" ", _quoted(e["date_text"], "date")] if e["date_text"] else []
    resolved = e["event_date"] or ("unresolved" if e["date_text"] else None)
    _field(
        console,
        "date",
        _value(resolved),
        _precision(e["date_precision"]),
        *date_words,
        f" (date_source {printable(str(e['date_source']))})",
        indent=inner,
    )
    _field(console, "place", _place(e["place"], e["place_type"], e["admin1"], e["country_code"]), indent=inner)
    _field(
        console,
        "actors",
        "actor1 ",
        _value(e["actor1"], STYLES["actor"]),
        ", actor2 ",
        _value(e["actor2"], STYLES["actor"]),
        indent=inner,
    )
    _field(console, "killed", _low_best_high(e, "killed"), indent=inner)
    _field(console, "wounded", _low_best_high(e, "wounded"), indent=inner)
    if e["incident_id"]:
        articles = e["incident_articles"] or 0
        _field(
            console,
            "incident",
            _value(e["incident_id"]),
            f", reported by {_plural(articles, 'article')} from {_plural(e['incident_sources'] or 0, 'source')}",
            indent=inner,
        )


def _casualties(console: Console, rows: list[dict]) -> None:
    _heading(console, f"Casualty figures ({len(rows)})")
    for c in rows:
        victims: list[str | Text] = [_value(c["victim_group"] or "-"), f" [{printable(c['victim_kind'])}]"]
        if c["victim_actor"]:
            victims += [" = ", _value(c["victim_actor"], STYLES["actor"])]
        event = f"event {_short_id(c['event_id'])}" if c["event_id"] else "no event"
        console.print(
            Text.assemble(
                INDENT,
                (_short_id(c["casualty_id"]), "bold"),
                " ",
                (printable(c["outcome"]), STYLES["figure"]),
                " ",
                (_figure(c["count_low"], c["count_high"]), STYLES["figure"]),
                f" {printable(c['qualifier'])}",
                ", subset" if c["is_subset"] else "",
                "; victims ",
                *victims,
                "; perpetrator ",
                _value(c["perpetrator"], STYLES["actor"]),
                "; reported by ",
                _value(c["reported_by"], STYLES["actor"] if c["reported_by_actor_id"] else ""),
                f" ({event}, sentence {c['sentence_no']})",
            )
        )
        console.print(Text.assemble(INDENT * 3, _quoted(c["words"], "figure")))


def _places(console: Console, rows: list[dict]) -> None:
    _heading(console, f"Places ({len(rows)})")
    for p in rows:
        where = [] if p["latitude"] is None else [f", {p['latitude']:.4f}, {p['longitude']:.4f}"]
        console.print(
            Text.assemble(
                INDENT,
                _place(p["name"], p["place_type"], p["admin1"], p["country_code"]),
                *where,
                " ",
                _value(p["place_id"], "dim"),
            )
        )
        console.print(Text.assemble(INDENT * 3, _surfaces(p["mentions"], "place")))


def _actors(console: Console, rows: list[dict]) -> None:
    _heading(console, f"Actors ({len(rows)})")
    for a in rows:
        side = f", side {printable(a['side'])}" if a["side"] else ""
        console.print(
            Text.assemble(
                INDENT, _value(a["name"], "bold " + STYLES["actor"]), f" ({printable(a['actor_type'])}{side})"
            )
        )
        console.print(Text.assemble(INDENT * 3, _surfaces(a["mentions"], "actor")))


def _quotes(console: Console, rows: list[dict]) -> None:
    _heading(console, f"Quotes ({len(rows)})")
    for q in rows:
        named = q["speaker_actor"] and q["speaker_actor"] != q["speaker"]
        actor: list[str | Text] = [" = ", _value(q["speaker_actor"], STYLES["actor"])] if named else []
        console.print(
            Text.assemble(
                INDENT,
                (_short_id(q["quote_id"]), "bold"),
                " ",
                _value(q["speaker"] or "(no speaker)", "bold"),
                *actor,
                f", sentence {q['sentence_no']}:",
            )
        )
        console.print(Text.assemble(INDENT * 3, _quoted(q["text"], "quote")))


def _dates(console: Console, rows: list[dict]) -> None:
    _heading(console, f"Dates ({len(rows)})")
    for d in rows:
        conflict = ", the weekday contradicts the date" if d["weekday_conflict"] else ""
        console.print(
            Text.assemble(
                INDENT,
                _quoted(d["surface"], "date"),
                " ",
                _value(d["resolved"] or "unresolved"),
                _precision(d["precision"]),
                f", sentence {d['sentence_no']}{conflict}",
            )
        )


def _sentences(console: Console, text: str, sentences: list[dict], coded: list[tuple[int, int, str]]) -> None:
    """The sentences that carry coded words, numbered as the rows name them; the others are
    counted, not printed."""
    bounds = [(s["sentence_no"], s["char_start"], s["char_end"]) for s in sentences] or [(0, 0, len(text))]
    shown = [b for b in bounds if any(s < b[2] and e > b[1] for s, e, _ in coded)]
    _heading(console, f"Text: the {len(shown)} of {len(bounds)} sentences with coded words")
    if console.is_terminal:
        console.print(Text.assemble(INDENT, *_join([(LEGEND[k], STYLES[k]) for k in LEGEND], ", ")))
    previous = -1
    for no, start, end in shown:
        skipped = sum(1 for b in bounds if previous < b[0] < no)
        if skipped:
            console.print(f"{INDENT}... {_plural(skipped, 'sentence')} without coded words")
        console.print(Text.assemble(INDENT, (f"[{no}] ", "dim"), highlighted(text, start, end, coded)))
        previous = no
    after = sum(1 for b in bounds if b[0] > previous)
    if after and shown:
        console.print(f"{INDENT}... {_plural(after, 'sentence')} without coded words")


def highlighted(text: str, start: int, end: int, coded: Iterable[tuple[int, int, str]]) -> Text:
    """text[start:end] with each span styled by its kind. The text is cut at every span edge and
    each piece made printable on its own, so the styles land on the same words however many
    characters `printable` removes."""
    inside = [(max(s, start), min(e, end), kind) for s, e, kind in coded if s < end and e > start]
    cuts = sorted({start, end} | {s for s, _, _ in inside} | {e for _, e, _ in inside})
    out, at = Text(), {}
    for a, b in itertools.pairwise(cuts):
        at[a] = len(out)
        out.append(printable(text[a:b].replace("\n", " ").replace("\t", " ")))
    at[end] = len(out)
    order = list(STYLES)
    for s, e, kind in sorted(inside, key=lambda span: order.index(span[2])):
        out.stylize(STYLES[kind], at[s], at[e])
    return out


# -- pieces ------------------------------------------------------------------------------------


def _heading(console: Console, title: str) -> None:
    console.print()
    console.print(Text(title, style="bold"))


def _field(console: Console, label: str, *parts, indent: str = INDENT) -> None:
    console.print(Text.assemble(indent, label.ljust(LABEL_WIDTH), *parts))


def _value(value, style: str = "") -> Text:
    """A value from the warehouse, as text that cannot command the terminal; '-' for none."""
    return Text("-") if value is None else Text(printable(str(value)), style=style)


def _quoted(words: str | None, kind: str) -> Text:
    if words is None:
        return Text("-")
    return Text.assemble('"', _value(words, STYLES[kind]), '"')


def _surfaces(mentions: list[dict], kind: str) -> Text:
    """Each way the text writes a name, once, with the sentences it is written in."""
    sentences: dict[str, list[int]] = {}
    for m in mentions:
        sentences.setdefault(m["surface"], []).append(m["sentence_no"])
    return Text.assemble(
        *_join(
            [
                Text.assemble(_quoted(surface, kind), " (" + ", ".join(f"s{n}" for n in nos) + ")")
                for surface, nos in sentences.items()
            ],
            ", ",
        )
    )


def _join(parts: list, sep: str) -> list:
    out: list = []
    for i, part in enumerate(parts):
        out += [sep, part] if i else [part]
    return out


def _place(name, place_type, admin1, country_code) -> Text:
    if name is None:
        return Text("-")
    parts: list[str | Text] = [_value(name, STYLES["place"]), f" ({printable(str(place_type))})"]
    if admin1:
        parts += [", admin1 ", _value(admin1)]
    if country_code:
        parts += [", country ", _value(country_label(country_code))]
    return Text.assemble(*parts)


def _low_best_high(e: dict, outcome: str) -> Text:
    low, best, high = (e[f"{outcome}_{k}"] for k in ("low", "best", "high"))
    if best is None and low is None and high is None:
        return Text("-")
    return Text.assemble("low ", _value(low), ", best ", _value(best, "bold"), ", high ", _value(high))


def _figure(low: int | None, high: int | None) -> str:
    """count_low/count_high as one figure: 30, or 10-15 for a range."""
    if low is None or high is None or low == high:
        return str(low if low is not None else high)
    return f"{low}-{high}"


def _precision(precision: str | None) -> str:
    return f" ({printable(precision)})" if precision else ""


def _short_id(row_id: str | None) -> str:
    """'e0', 'c3', 'q1': a row's ordinal within its article (its id is the article's key, '-',
    then that)."""
    return "-" if row_id is None else printable(row_id.rsplit("-", 1)[-1])


def _plural(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def country_label(code: str | None) -> str | None:
    """'Syria (SY)' for 'SY'; the code alone where the country list lacks it."""
    if code is None:
        return None
    name = _country_names().get(code)
    return f"{name} ({code})" if name else code


@lru_cache(maxsize=1)
def _country_names() -> dict[str, str]:
    return {r["iso2"]: r["name"] for r in read_csv(DATA_DIR / "countries" / "countries.csv")}
