"""How well a warehouse agrees with human annotations: the README's "Accuracy" numbers.

    .venv/bin/python bench/accuracy.py --warehouse WAREHOUSE --gold GOLD [--json] [--min METRIC=VALUE ...]

GOLD is one of three formats, told apart by its first row:

- coded articles (a JSON object, or JSONL; rows with `casualties`): every casualty figure,
  quote and place of an article and its primary event, coded by hand by the codebook
  (bench/seed_gold.json codes the seed article). Rows are matched to articles by `file`, the file
  name at the end of `articles.source_uri`;
- FA-KES labels (JSONL; rows with `events`): the dataset's human article-level labels, one row
  per article `file`, each event with `date`, `governorate`, `actor`, `cause_of_death` and
  `killed_total`/`killed_civilians`/`killed_noncivilians`;
- world labels (JSONL; rows with `source` and `id`): ACLED, GTD and GVA coders' labels, one row
  per text (`source`, `country`, `iso3`, `admin1`, `lat`, `lon`, `date`, `killed`, `wounded`,
  `event_type`, `actor1`; null where the source does not code it), matched by `id` to
  `articles.external_id` (a JSONL input's `id`; else the file name without `.txt`). Each metric
  is printed overall and per source (`acled.killed_found`).

Prints one line per metric (its value and n, the cases it counts) and, last, every metric on
one line; `--json` prints the same as one JSON object. `--min METRIC=VALUE` (repeatable) exits 1
when a metric's value, as printed, is below VALUE or was not measured. Each `score_*` function
below says, metric by metric, how it is decided; the word lists and label mappings are data, in
bench/accuracy.yaml, and the warehouse is read through sql/accuracy/*.sql. The metrics and their
rules are the specification's, so that numbers stay comparable across commits.
"""

from __future__ import annotations

import argparse
import collections
import csv
import datetime as dt
import json
import math
import re
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # this checkout's flows/, not an installed copy

from sitrep.load.readers import open_reader  # noqa: E402
from sitrep.load.warehouse import SQL_DIR, WarehouseError  # noqa: E402

RULES = yaml.safe_load((Path(__file__).with_name("accuracy.yaml")).read_text(encoding="utf-8"))
COUNTRIES_CSV = ROOT / "sitrep" / "data" / "countries" / "countries.csv"
EARTH_DIAMETER_KM = 12742


# --- names -------------------------------------------------------------------------------


def words(text) -> str:
    """Lower case, every run of other characters than a-z and 0-9 one space."""
    return re.sub(r"[^a-z0-9]+", " ", str(text or "").lower()).strip()


def _fold_spelling(text) -> str:
    drop = set(RULES["place_fold"]["drop_words"])
    folded = " ".join(w for w in words(text).split() if w not in drop)
    for pattern, replacement in RULES["place_fold"]["rewrites"]:
        folded = re.sub(pattern, replacement, folded)
    return folded


_GOVERNORATE_KEYS = {
    _fold_spelling(spelling): _fold_spelling(name)
    for name, spellings in RULES["governorates"].items()
    for spelling in spellings
}


def place_key(name) -> str:
    """One key for the transliterations of a (Syrian) place name; a governorate's other
    spellings ("Rif Dimashq", "Ghouta") fold to its own. Empty for no name."""
    folded = _fold_spelling(name)
    return _GOVERNORATE_KEYS.get(folded, folded)


def ascii_words(text) -> str:
    """Accents dropped, lower case, every character but a-z and 0-9 a space (world labels)."""
    text = unicodedata.normalize("NFKD", str(text or "")).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]", " ", text)


_STOP = set(RULES["world"]["name_stop_words"])


def name_tokens(name) -> set[str]:
    """The words of a name that can identify it: three letters or more, no stop word, nothing
    in parentheses ("Military Forces of Ukraine (2019-)" -> {"ukraine"})."""
    return {w for w in ascii_words(re.sub(r"\(.*?\)", " ", str(name or ""))).split() if len(w) >= 3 and w not in _STOP}


def same_name(ours, theirs) -> bool:
    """Two names are one when they are equal but for case, accents, spaces and punctuation, or
    share an identifying word (name_tokens)."""
    a, b = ascii_words(ours).replace(" ", ""), ascii_words(theirs).replace(" ", "")
    if not a or not b:
        return False
    return a == b or bool(name_tokens(ours) & name_tokens(theirs))


def km_between(lat1, lon1, lat2, lon2) -> float:
    """Great-circle distance (haversine)."""
    p = math.pi / 180
    h = (
        math.sin((lat2 - lat1) * p / 2) ** 2
        + math.cos(lat1 * p) * math.cos(lat2 * p) * math.sin((lon2 - lon1) * p / 2) ** 2
    )
    return EARTH_DIAMETER_KM * math.asin(math.sqrt(min(1.0, h)))


def as_date(value) -> dt.date | None:
    if value is None or (isinstance(value, dt.date) and not isinstance(value, dt.datetime)):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def days_apart(a, b) -> int | None:
    a, b = as_date(a), as_date(b)
    return None if a is None or b is None else abs((a - b).days)


# --- the warehouse -----------------------------------------------------------------------


@dataclass
class Warehouse:
    """What the metrics read, per article_id, loaded in one pass (sql/accuracy/)."""

    by_file: dict[str, str] = field(default_factory=dict)  # file name -> article_id
    by_id: dict[str, str] = field(default_factory=dict)  # external id or file stem -> article_id
    published_on: dict[str, dt.date | None] = field(default_factory=dict)
    primary: dict[str, dict] = field(default_factory=dict)  # the primary event's columns
    casualties: dict[str, list[dict]] = field(default_factory=lambda: collections.defaultdict(list))
    places: dict[str, list[dict]] = field(default_factory=lambda: collections.defaultdict(list))
    quotes: dict[str, list[dict]] = field(default_factory=lambda: collections.defaultdict(list))
    actor_names: dict[str, set[str]] = field(default_factory=lambda: collections.defaultdict(set))

    def names_of(self, actor: str | None) -> set[str]:
        """An actor's canonical name and every alias."""
        return (self.actor_names.get(actor) or {actor}) if actor else set()


def _rows(con, name: str) -> list[dict]:
    cursor = con.execute((SQL_DIR / "accuracy" / f"{name}.sql").read_text(encoding="utf-8"))
    columns = [d[0] for d in cursor.description]
    return [dict(zip(columns, row, strict=False)) for row in cursor.fetchall()]


def read_warehouse(path: str | Path) -> Warehouse:
    """Everything the metrics read, through one read-only connection (sitrep/load/readers.py)."""
    con = open_reader(Path(path))
    try:
        wh = Warehouse()
        for a in _rows(con, "articles"):  # oldest first: a file coded again is its latest text
            file_name = re.split(r"[/\\]", a["source_uri"].split("#")[0])[-1]
            wh.by_file[file_name] = a["article_id"]
            stem = re.sub(r"\.txt$", "", a["source_uri"].split("#")[-1].split("/")[-1])
            wh.by_id[a["external_id"] or stem] = a["article_id"]
            wh.published_on[a["article_id"]] = a["published_on"]
        wh.primary = {r["article_id"]: r for r in _rows(con, "primary_events")}
        for into, query in ((wh.casualties, "casualties"), (wh.places, "places_mentioned"), (wh.quotes, "quotes")):
            for r in _rows(con, query):
                into[r["article_id"]].append(r)
        for r in _rows(con, "actor_names"):
            wh.actor_names[r["name"]].update(x for x in (r["name"], r["alias"]) if x)
        return wh
    finally:
        con.close()


# --- counting ----------------------------------------------------------------------------


class Tally:
    """Per metric, the cases that count (n) and those that went right (hits)."""

    def __init__(self):
        self.hits: collections.Counter[str] = collections.Counter()
        self.n: collections.Counter[str] = collections.Counter()

    def add(self, metric: str, hits, cases: int = 1, source: str | None = None) -> None:
        for name in (metric, f"{source}.{metric}") if source else (metric,):
            self.hits[name] += int(hits)
            self.n[name] += cases

    def values(self) -> dict[str, float]:
        return {m: self.hits[m] / n for m, n in self.n.items() if n}


def f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


# --- coded articles (seed gold.json, FA-KES coded.jsonl) ---------------------------------


def figure_key(outcome: str, low, high) -> tuple:
    """What identifies a reported figure: its outcome and number ("up to N" by N)."""
    return (outcome, low) if low is not None else (outcome, "up to", high)


def score_casualties(gold: dict, ours: list[dict], tally: Tally) -> None:
    """casualty_recall, casualty_precision: the article's figures other than vague ones
    ("dozens"), each once however often it is repeated, identified by outcome and number
    (figure_key): gold figures found among ours over gold figures; ours found among the gold's
    over ours. Summed over articles.
    victim_kind_of_matched: of the figures found, those with the gold's victim_kind among our
    rows of that figure."""
    gold_kind = {
        figure_key(c["outcome"], c["count_low"], c["count_high"]): c["victim_kind"]
        for c in gold["casualties"]
        if c["qualifier"] != "vague"
    }
    our_kinds = collections.defaultdict(set)
    for c in ours:
        if c["qualifier"] != "vague":
            our_kinds[figure_key(c["outcome"], c["count_low"], c["count_high"])].add(c["victim_kind"])
    found = gold_kind.keys() & our_kinds.keys()
    tally.add("casualty_recall", len(found), len(gold_kind))
    tally.add("casualty_precision", len(found), len(our_kinds))
    tally.add("victim_kind_of_matched", sum(gold_kind[k] in our_kinds[k] for k in found), len(found))


def score_quotes(gold: dict, ours: list[dict], tally: Tally) -> None:
    """quote_recall: a gold quote is found when one of ours begins with the first 40 characters
    of its `text_starts` (both as words(): lower case, punctuation as spaces) and our speaker
    contains the gold speaker's last word (any speaker when the gold names none).
    quote_precision: the gold quotes found (at most as many as ours) over our quotes."""
    said = [(words(q["speaker"]), words(q["text"])) for q in ours]
    found = 0
    for q in gold.get("quotes", []):
        start = words(q["text_starts"])[:40]
        speaker = words(q["speaker"])
        surname = speaker.split()[-1] if speaker else ""
        found += any(text.startswith(start) and surname in who for who, text in said)
    tally.add("quote_recall", found, len(gold.get("quotes", [])))
    tally.add("quote_precision", min(found, len(said)), len(said))


def place_matches(gold: dict, ours: dict, strict: bool) -> bool:
    """The same name (place_key of the gold's name or surface against our place's name or any
    of its surfaces); strict also asks the same place_type, and then a spot within 50 km is as
    good as the name (for places with coordinates on both sides, countries and admin1 aside)."""
    keys = {place_key(ours["name"])} | {place_key(s) for s in ours["surfaces"] or []}
    named = place_key(gold["name"]) in keys or (bool(gold.get("surface")) and place_key(gold["surface"]) in keys)
    if not strict:
        return named
    if gold.get("place_type") != ours["place_type"]:
        return False
    both_points = (
        gold.get("latitude") is not None
        and ours["latitude"] is not None
        and ours["place_type"] not in ("country", "admin1")
    )
    near = both_points and km_between(gold["latitude"], gold["longitude"], ours["latitude"], ours["longitude"]) <= 50
    return near or named


def score_places(gold: dict, ours: list[dict], tally: Tally) -> None:
    """place_recall: each gold place, in the gold's order, takes the first of our places (in the
    article's order, each taken once) that matches it strictly, else the first that matches by
    name (place_matches); found when it takes one.
    place_precision: our places taken over our places (each distinct place of the article once).
    Our places are taken in the order of their first mention; the specification's scorer took
    them in the warehouse's unspecified row order, which can decide the match where one gold
    place lies within 50 km of several of ours."""
    taken: set[int] = set()
    for place in gold.get("places", []):
        hit = next(
            (
                i
                for strict in (True, False)
                for i, p in enumerate(ours)
                if i not in taken and place_matches(place, p, strict)
            ),
            None,
        )
        if hit is not None:
            taken.add(hit)
        tally.add("place_recall", hit is not None)
    tally.add("place_precision", len(taken), len(ours))


def score_primary_event(gold: dict, ours: dict, published_on, tally: Tally) -> None:
    """published_on (where the gold has the key): our publication date equals the gold's (no
    date on both sides is right).
    Where the gold codes a primary_event, our primary event (article_summary) against it:
    primary_governorate (where given): our place's admin1 has the gold governorate's place_key;
    primary_event_type, primary_sub_event_type: equal;
    primary_killed_best (where given): our killed_best is one of `killed_best_any_of`, or is
    `killed_best`;
    primary_place (where given): our place's name has the gold place's place_key;
    primary_date (where the gold has the key): our event_date equals the gold's (null when the
    text gives no year: null on both sides is right)."""
    if "published_on" in gold:
        tally.add("published_on", as_date(published_on) == as_date(gold["published_on"]))
    want = gold.get("primary_event") or {}
    if not want:
        return
    if want.get("governorate"):
        tally.add("primary_governorate", place_key(want["governorate"]) == place_key(ours.get("admin1_name")))
    tally.add("primary_event_type", ours.get("event_type") == want.get("event_type"))
    tally.add("primary_sub_event_type", ours.get("sub_event_type") == want.get("sub_event_type"))
    killed = want.get("killed_best_any_of") or ([want["killed_best"]] if want.get("killed_best") is not None else [])
    if killed:
        tally.add("primary_killed_best", ours.get("killed_best") in killed)
    if want.get("place"):
        tally.add("primary_place", place_key(want["place"]) == place_key(ours.get("place_name")))
    if "event_date" in want:
        tally.add("primary_date", as_date(ours.get("event_date")) == as_date(want["event_date"]))


def score_coded(wh: Warehouse, gold: list[dict], tally: Tally) -> dict[str, float]:
    """coverage: the gold's articles found in the warehouse (by file name). The F1 metrics
    (casualty_f1, quote_f1, place_f1) are the harmonic means of precision and recall."""
    for g in gold:
        aid = wh.by_file.get(g["file"])
        tally.add("coverage", aid is not None)
        if aid is None:
            continue
        score_casualties(g, wh.casualties.get(aid, []), tally)
        score_quotes(g, wh.quotes.get(aid, []), tally)
        score_places(g, wh.places.get(aid, []), tally)
        score_primary_event(g, wh.primary.get(aid, {}), wh.published_on.get(aid), tally)
    values = tally.values()
    for family in ("casualty", "quote", "place"):
        p, r = values.get(f"{family}_precision"), values.get(f"{family}_recall")
        if p is not None and r is not None:
            values[f"{family}_f1"] = f1(p, r)
    return values


# --- FA-KES article-level labels ---------------------------------------------------------


def score_fakes_figures(labels: list[dict], ours: list[dict], tally: Tally) -> None:
    """killed_found: per labelled event with killed_total > 0, one of its non-zero figures
    (total, civilians, non-civilians) is the low or high end of one of our killed figures (any
    qualifier)."""
    ends = {
        c[end] for c in ours if c["outcome"] == "killed" for end in ("count_low", "count_high") if c[end] is not None
    }
    for e in labels:
        if e["killed_total"] > 0:
            figures = {e["killed_total"], e["killed_civilians"], e["killed_noncivilians"]} - {0}
            tally.add("killed_found", bool(figures & ends))


def score_fakes_governorates(labels: list[dict], primary: dict, places: list[dict], tally: Tally) -> None:
    """governorate_primary: our primary event's admin1 is one of the labelled governorates
    (place_key).
    governorate_mentioned: one of the labelled governorates is the name or the admin1 of a place
    the article mentions."""
    wanted = {place_key(e["governorate"]) for e in labels}
    tally.add("governorate_primary", place_key(primary.get("admin1_name")) in wanted)
    seen = {place_key(p[column]) for p in places for column in ("name", "admin1_name")}
    tally.add("governorate_mentioned", bool(wanted & seen))


def score_fakes_single_event(label: dict, primary: dict, published_on, wh: Warehouse, tally: Tally) -> None:
    """For articles labelled with one event only, our primary event against it:
    killed_best_exact (killed_total > 0): our killed_best equals killed_total;
    killed_bracketed (killed_total > 0): our killed_low <= killed_total <= killed_high (no
    killed_high: no upper bound; no killed_low: wrong);
    cause_to_sub_event (causes in bench/accuracy.yaml): our sub_event_type is one the cause maps to;
    perpetrator_class (classes in bench/accuracy.yaml): our actor1's name or an alias matches the
    class's pattern;
    published_on_within_1d: our publication date within 1 day of the label's date;
    event_date_within_3d: our event_date within 3 days of the label's date."""
    total = label["killed_total"]
    if total > 0:
        tally.add("killed_best_exact", primary.get("killed_best") == total)
        low, high = primary.get("killed_low"), primary.get("killed_high")
        tally.add("killed_bracketed", low is not None and low <= total and (high is None or total <= high))
    causes = RULES["fakes_cause_sub_events"]
    if label["cause_of_death"] in causes:
        tally.add("cause_to_sub_event", primary.get("sub_event_type") in causes[label["cause_of_death"]])
    classes = RULES["fakes_actor_classes"]
    if label["actor"] in classes:
        names = wh.names_of(primary.get("actor1_name"))
        tally.add("perpetrator_class", any(re.search(classes[label["actor"]], words(n)) for n in names))
    apart = days_apart(published_on, label["date"])
    tally.add("published_on_within_1d", apart is not None and apart <= 1)
    apart = days_apart(primary.get("event_date"), label["date"])
    tally.add("event_date_within_3d", apart is not None and apart <= 3)


def score_fakes(wh: Warehouse, gold: list[dict], tally: Tally) -> dict[str, float]:
    """coverage: the labelled articles found in the warehouse (by file name)."""
    for g in gold:
        aid = wh.by_file.get(g["file"])
        tally.add("coverage", aid is not None)
        if aid is None:
            continue
        primary = wh.primary.get(aid, {})
        score_fakes_figures(g["events"], wh.casualties.get(aid, []), tally)
        score_fakes_governorates(g["events"], primary, wh.places.get(aid, []), tally)
        if len(g["events"]) == 1:
            score_fakes_single_event(g["events"][0], primary, wh.published_on.get(aid), wh, tally)
    return tally.values()


# --- world labels (ACLED, GTD, GVA) ------------------------------------------------------


def covers(row: dict, number: int) -> bool:
    """A figure covers a number within its range; a figure with one end is that number
    ("at least 30" covers 30 only)."""
    low = row["count_low"] or row["count_high"]
    high = row["count_high"] or row["count_low"]
    return low is not None and low <= number <= high


def score_world_figures(label: dict, ours: list[dict], killed_best, tally: Tally) -> None:
    """Over our figures other than vague ones:
    killed_found (label killed > 0): one of our killed figures covers it (covers());
    no_killed_invented (label killed = 0): none of our killed figures is above 0;
    killed_best_exact (label killed given): our primary event's killed_best (none = 0) equals it;
    wounded_found (label wounded > 0): one of our wounded figures covers it."""
    src = label["source"]
    firm = [c for c in ours if c["qualifier"] != "vague"]
    killed = [c for c in firm if c["outcome"] == "killed"]
    if label["killed"]:
        tally.add("killed_found", any(covers(c, label["killed"]) for c in killed), source=src)
    elif label["killed"] == 0:
        tally.add(
            "no_killed_invented", not any((c["count_high"] or c["count_low"] or 0) > 0 for c in killed), source=src
        )
    if label["killed"] is not None:
        tally.add("killed_best_exact", (killed_best or 0) == label["killed"], source=src)
    if label.get("wounded"):
        tally.add(
            "wounded_found", any(covers(c, label["wounded"]) for c in firm if c["outcome"] == "wounded"), source=src
        )


def country_codes() -> tuple[dict[str, str], dict[str, str]]:
    """ISO alpha-2 by alpha-3, and by name (the project's names and aliases, then the labels'
    own spellings), names compared without case, accents, spaces or punctuation. (The
    specification's scorer kept the two spaces its folding left in "Congo (Kinshasa)", so
    that label never matched its own alias.)"""
    by_iso3: dict[str, str] = {}
    by_name: dict[str, str] = {}
    with COUNTRIES_CSV.open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            by_iso3[row["iso3"]] = row["iso2"]
            for name in [row["name"], *row["aliases"].split("|")]:
                if name:
                    by_name.setdefault(ascii_words(name).replace(" ", ""), row["iso2"])
    for name, iso2 in RULES["world"]["label_countries"].items():
        by_name[ascii_words(name).replace(" ", "")] = iso2
    return by_iso3, by_name


def score_world_places(label: dict, primary: dict, places: list[dict], codes, tally: Tally) -> None:
    """country (all sources but GVA's US news): our primary event's country is the label's
    (its iso3, else its name, as ISO alpha-2);
    admin1 (label admin1 given): our primary event's admin1 is the same name (same_name);
    admin1_mentioned (label admin1 given): the name or the admin1 of a place the article mentions
    is the same name;
    place_50km (label coordinates given): our primary event's place lies within 50 km of them."""
    src, (by_iso3, by_name) = label["source"], codes
    if src not in RULES["world"]["country_not_scored_for"]:
        want = by_iso3.get(label.get("iso3") or "") or by_name.get(ascii_words(label["country"]).replace(" ", ""))
        tally.add("country", bool(want) and primary.get("country_code") == want, source=src)
    if label.get("admin1"):
        tally.add("admin1", same_name(primary.get("admin1_name"), label["admin1"]), source=src)
        mentioned = {p[c] for p in places for c in ("name", "admin1_name") if p[c]}
        tally.add("admin1_mentioned", any(same_name(p, label["admin1"]) for p in mentioned), source=src)
    if label.get("lat") is not None and not math.isnan(label["lat"]):
        lat, lon = primary.get("latitude"), primary.get("longitude")
        tally.add("place_50km", lat is not None and km_between(lat, lon, label["lat"], label["lon"]) <= 50, source=src)


def score_world_event(label: dict, primary: dict, wh: Warehouse, tally: Tally) -> None:
    """event_date (ACLED, GVA; label date given): our primary event's date is the label's;
    event_type (ACLED): our primary event's type is the label's;
    actor1 (label names an attacker, not a vague one such as "Unidentified Armed Group"): our
    primary event's actor1, by its name or an alias, is the same name (same_name)."""
    src, world = label["source"], RULES["world"]
    if src in world["event_date_scored_for"] and label.get("date"):
        tally.add("event_date", str(primary.get("event_date") or "") == label["date"], source=src)
    if src in world["event_type_scored_for"]:
        tally.add("event_type", primary.get("event_type") == label["event_type"], source=src)
    if label.get("actor1") and not re.match(world["vague_actor"], label["actor1"], re.I):
        names = wh.names_of(primary.get("actor1_name"))
        tally.add("actor1", any(same_name(n, label["actor1"]) for n in names), source=src)


def score_world(wh: Warehouse, gold: list[dict], tally: Tally) -> dict[str, float]:
    """coverage: the labelled texts found in the warehouse (by id). Every metric is counted
    overall and per source (`gtd.country`)."""
    codes = country_codes()
    for g in gold:
        aid = wh.by_id.get(g["id"])
        tally.add("coverage", aid is not None, source=g["source"])
        if aid is None:
            continue
        primary = wh.primary.get(aid, {})
        score_world_figures(g, wh.casualties.get(aid, []), primary.get("killed_best"), tally)
        score_world_places(g, primary, wh.places.get(aid, []), codes, tally)
        score_world_event(g, primary, wh, tally)
    return dict(sorted(tally.values().items()))


# --- the command -------------------------------------------------------------------------

SCORERS = {"coded": score_coded, "fakes": score_fakes, "world": score_world}


def read_gold(path: Path) -> tuple[str, list[dict]]:
    """The gold rows (one JSON object or JSON list, or JSONL) and their format."""
    text = path.read_text(encoding="utf-8")
    try:
        rows = json.loads(text)
        rows = [rows] if isinstance(rows, dict) else rows
    except json.JSONDecodeError:
        try:
            rows = [json.loads(line) for line in text.splitlines() if line.strip()]
        except json.JSONDecodeError as e:
            raise ValueError(f"{path}: neither JSON nor JSON lines ({e})") from e
    if not rows:
        raise ValueError(f"{path}: no rows")
    first = rows[0]
    kind = (
        "fakes"
        if "events" in first
        else "world"
        if "source" in first and "id" in first
        else "coded"
        if "casualties" in first
        else None
    )
    if kind is None:
        raise ValueError(
            f"{path}: rows have none of `casualties` (coded articles), `events` "
            f"(FA-KES labels), `source` and `id` (world labels)"
        )
    return kind, rows


def below_bounds(values: dict[str, float], bounds: list[str]) -> list[str]:
    """The --min bounds not met, compared with the values as printed (3 decimals)."""
    failed = []
    for bound in bounds:
        metric, _, floor = bound.partition("=")
        value = values.get(metric)
        if value is None:
            failed.append(f"{metric} not measured")
        elif round(value, 3) < float(floor):
            failed.append(f"{metric}={value:.3f}<{floor}")
    return failed


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        prog="bench/accuracy.py", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--warehouse", required=True, help="a sitrep warehouse (DuckDB file)")
    ap.add_argument("--gold", required=True, type=Path, help="coded articles, FA-KES labels or world labels")
    ap.add_argument("--json", action="store_true", help="print one JSON object")
    ap.add_argument(
        "--min",
        action="append",
        default=[],
        metavar="METRIC=VALUE",
        help="exit 1 when METRIC is below VALUE (repeatable)",
    )
    args = ap.parse_args(argv)
    for bound in args.min:
        if not re.fullmatch(r"[\w.]+=[0-9.]+", bound):
            ap.error(f"--min {bound}: expected METRIC=VALUE, e.g. killed_found=0.9")
    try:
        kind, gold = read_gold(args.gold)
        wh = read_warehouse(args.warehouse)
    except (OSError, ValueError, WarehouseError) as e:
        print(f"accuracy: {e}", file=sys.stderr)
        return 2
    tally = Tally()
    values = SCORERS[kind](wh, gold, tally)
    failed = below_bounds(values, args.min)
    if args.json:
        print(
            json.dumps(
                {
                    "gold": kind,
                    "metrics": {m: round(v, 3) for m, v in values.items()},
                    "hits": dict(tally.hits),
                    "counts": dict(tally.n),
                    "below": failed,
                }
            )
        )
    else:
        for metric, value in values.items():
            print(f"{metric:32s} {value:6.3f}   (n={tally.n.get(metric, '-')})")
        headline = {m: v for m, v in values.items() if "." not in m}
        print(
            " ".join(f"{m}={v:.3f}" for m, v in headline.items()) + (" BELOW: " + ", ".join(failed) if failed else "")
        )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
