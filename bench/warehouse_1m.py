"""A warehouse of 1,000,000 articles written directly, then every report in sql/reports/ timed on it.

Coding a million articles through the flow would take hours; the reports only need a
warehouse of that size whose rows look like the flow's. So this writes one with the real
schema (`sitrep.load.warehouse.migrate`, the real actor gazetteer via `load_reference`), the
real places and actor aliases from `sitrep/data`, the FA-KES texts as article texts, and counts
and values drawn from the distributions the flow produced on the 513 FA-KES articles
(`_MEASURED` below), in chunks of 100,000 articles, each table one pyarrow bulk insert.

    .venv/bin/python bench/warehouse_1m.py                  # writes (or reuses) and times the reports
    .venv/bin/python bench/warehouse_1m.py --articles 200000 --rebuild
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import gzip
import json
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
import corpus  # noqa: E402

sys.path.insert(0, str(corpus.SRC))
from sitrep.load import warehouse as wh  # noqa: E402
from sitrep.load.readers import read_query  # noqa: E402

DATA = corpus.SRC / "sitrep" / "data"
DEFAULT_PATH = corpus.CACHE / "warehouse-1m.duckdb"
GENERATOR_VERSION = 3  # 2: events carry their sources' spread (migration 003); 3: incidents (007)

# What the flow wrote for the 513 FA-KES development articles (the rows per article of each
# table, as histograms of "articles with k rows"; the shares of NULLs and kinds below). The
# generator draws from these, so a million articles look like a million FA-KES articles.
_MEASURED: dict[str, Any] = dict(
    events_hist=[1, 97, 101, 78, 51, 60, 31, 31, 16, 18, 8, 5, 9, 4, 1, 1],
    casualties_hist=[7, 25, 40, 52, 63, 66, 63, 56, 46, 39, 14, 11, 8, 6, 4, 3, 2, 0, 1, 0, 1, 2, 1, 0, 1, 1],
    quotes_hist=[454, 31, 16, 4, 1, 1, 3, 1, 2],
    dates_hist=[39, 118, 119, 84, 52, 32, 22, 18, 10, 7, 3, 4, 3, 0, 1],
    sentences_mean=13.3,
    actor_mentions_mean=21.0,
    place_mentions_mean=11.1,
    event_types=[
        ("Explosions/Remote violence", "Air/drone strike", 624),
        ("Battles", "Armed clash", 417),
        ("Explosions/Remote violence", "Shelling/artillery/missile attack", 276),
        ("Explosions/Remote violence", "Chemical weapon", 158),
        ("Strategic developments", "Agreement", 152),
        ("Explosions/Remote violence", "Remote explosive/landmine/IED", 137),
        ("Protests", "Peaceful protest", 78),
        ("Battles", "Non-state actor overtakes territory", 76),
        ("Explosions/Remote violence", "Suicide bomb", 76),
        ("Violence against civilians", "Attack", 61),
        ("Battles", "Government regains territory", 28),
        ("Strategic developments", "Arrests", 4),
        ("Violence against civilians", "Abduction/forced disappearance", 3),
    ],
    event_actor1=0.78,
    event_actor2=0.53,
    event_place=0.74,
    event_killed=0.35,
    event_wounded=0.12,
    event_date_from_text=0.40,
    casualty_killed=0.82,
    casualty_linked=0.75,
    casualty_subset=0.08,
    casualty_victim_actor=0.37,
    casualty_perpetrator=0.42,
    casualty_reported=0.42,
    qualifiers=[("exact", 2003), ("at_least", 477), ("vague", 297), ("more_than", 245), ("about", 54), ("up_to", 3)],
    victim_kinds=[
        ("unknown", 1450),
        ("civilians", 1050),
        ("armed_group", 440),
        ("state_forces", 80),
        ("children", 30),
        ("journalists", 10),
    ],
    victim_groups=[
        (None, 629),
        ("people", 508),
        ("civilians", 501),
        ("children", 171),
        ("others", 153),
        ("terrorists", 82),
        ("women", 73),
        ("soldiers", 60),
        ("fighters", 58),
        ("militants", 40),
    ],
    publisher_share=0.26,
    published_null=0.02,
    quarantine_share=0.002,
    # Articles per year of the war (FA-KES leans on 2016; the archive of a newsroom less so).
    years={2011: 4, 2012: 10, 2013: 14, 2014: 16, 2015: 17, 2016: 20, 2017: 13, 2018: 6},
)
PUBLISHERS = [
    "AFP",
    "Reuters",
    "AP",
    "Syrian Coalition",
    "Daily Sabah",
    "Asharq Al-Awsat",
    "TRT World",
    "Sputnik",
    "SANA",
    "Al-Ahram",
    "Al-Araby",
    "Al Jazeera",
    "Anadolu Agency",
    "RT",
    "Xinhua",
]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
QUARANTINE_REASONS = ["empty", "too_long", "undecodable", "no_article", "bad_row", "bad_json", "binary"]
CHECKS = [
    "casualty_ceiling",
    "casualty_offsets_valid",
    "fatality_order",
    "no_orphans",
    "offsets_valid",
    "one_primary_event",
    "weekday_conflicts",
]


def _share(pairs) -> tuple[list, np.ndarray]:
    values = [p[:-1] if len(p) > 2 else p[0] for p in pairs]
    w = np.array([p[-1] for p in pairs], dtype=float)
    return values, w / w.sum()


def _hist_draw(rng, hist, size) -> np.ndarray:
    p = np.array(hist, dtype=float)
    return rng.choice(len(p), size=size, p=p / p.sum())


def _nb(rng, mean, size, shape=3.0, minimum=0) -> np.ndarray:
    """Overdispersed counts (negative binomial) with the measured mean."""
    m = max(mean - minimum, 0.01)
    return minimum + rng.negative_binomial(shape, shape / (shape + m), size)


def _within(counts: np.ndarray) -> np.ndarray:
    """0..k-1 for each group of k rows laid out one group after another."""
    starts = np.repeat(np.cumsum(counts) - counts, counts)
    return np.arange(counts.sum()) - starts


def _ids(parent: pa.Array, tag: str, numbers: np.ndarray) -> pa.Array:
    """'<article_id>-e3' the way the flow names child rows, built without a Python loop."""
    return pc.binary_join_element_wise(
        parent,
        pa.array(np.full(len(numbers), tag, dtype=object), pa.string()),
        pc.cast(pa.array(numbers), pa.string()),
        "",
    )


def _masked(values, mask: np.ndarray, type_=None) -> pa.Array:
    return pa.array(values, type=type_, mask=mask)


class Pools:
    """The real gazetteers, weighted: a few places and actors take most mentions, as in news."""

    def __init__(self, rng: np.random.Generator):
        by_place = {
            r["place_id"]: r for r in _csv(DATA / "places" / "curated.csv") + _csv(DATA / "places" / "places.csv.gz")
        }
        places = list(by_place.values())
        focus = [p for p in places if p["country_code"] in ("SY", "IQ") and p["place_type"] != "country"]
        countries = [p for p in places if p["place_type"] == "country"]
        pool = focus + countries
        pop = np.array([float(p.get("population") or 0) for p in focus])
        # Zipf over the population rank inside Syria and Iraq (Aleppo is in every sixth event,
        # as in FA-KES); the country names themselves take a few per cent, Syria's the most.
        rank = np.empty(len(focus))
        rank[np.argsort(-pop, kind="stable")] = np.arange(1, len(focus) + 1)
        w_focus = np.where([p["country_code"] == "SY" for p in focus], 1.0, 0.35) / rank**1.1
        w_focus = 0.94 * w_focus / w_focus.sum()
        w_country = np.array(
            [40.0 if p["country_code"] == "SY" else 10.0 if p["country_code"] == "IQ" else 1.0 for p in countries]
        )
        w_country = 0.06 * w_country / w_country.sum()
        w = np.concatenate([w_focus, w_country])
        self.places = pool
        self.place_id = pa.array([p["place_id"] for p in pool], pa.string())
        self.place_name = pa.array([p["name"] for p in pool], pa.string())
        self.place_w = w / w.sum()

        actors = _csv(DATA / "actors" / "actors.csv")
        by_id = {a["actor_id"]: a for a in actors}
        aliases = [r for r in _csv(DATA / "actors" / "actor_aliases.csv") if r["actor_id"] in by_id]
        a_rank = {a["actor_id"]: r for r, a in enumerate(rng.permutation(np.array(actors, dtype=object)), 1)}
        n_alias: dict[str, int] = {}
        for r in aliases:
            n_alias[r["actor_id"]] = n_alias.get(r["actor_id"], 0) + 1
        aw = np.array([1.0 / a_rank[r["actor_id"]] ** 0.9 / n_alias[r["actor_id"]] for r in aliases])
        self.alias_actor = pa.array([r["actor_id"] for r in aliases], pa.string())
        self.alias_text = pa.array([r["alias"] for r in aliases], pa.string())
        self.alias_w = aw / aw.sum()
        combatants = [
            a
            for a in actors
            if a["actor_type"]
            in ("state_forces", "rebel_group", "political_militia", "identity_militia", "external_force")
        ]
        cw = np.array([1.0 / a_rank[a["actor_id"]] ** 0.9 for a in combatants])
        self.combatant_id = pa.array([a["actor_id"] for a in combatants], pa.string())
        self.combatant_w = cw / cw.sum()
        sources = [a for a in actors if a["actor_type"] in ("media", "monitor", "government", "international_org")]
        sw = np.array([40.0 if a["actor_type"] == "monitor" else 1.0 for a in sources]) / np.array(
            [a_rank[a["actor_id"]] ** 0.5 for a in sources]
        )
        self.source_id = pa.array([a["actor_id"] for a in sources], pa.string())
        self.source_name = pa.array([a["name"] for a in sources], pa.string())
        self.source_w = sw / sw.sum()
        # Speakers: the gazetteer's people and bodies, and many people it does not know.
        speakers = [a for a in actors if a["actor_type"] in ("person", "government", "international_org", "monitor")]
        first = [
            "Ahmed",
            "Mohammed",
            "Ali",
            "Omar",
            "Sergei",
            "John",
            "Maria",
            "Hassan",
            "Youssef",
            "Khaled",
            "Rami",
            "Igor",
            "Staffan",
            "Laila",
            "Fatima",
            "Abdel",
            "Zakaria",
            "Ibrahim",
            "Nour",
            "Samir",
        ]
        last = [
            "Haddad",
            "Khalil",
            "Nasser",
            "Hamdan",
            "Lavrov",
            "Kerry",
            "Mistura",
            "Saleh",
            "Darwish",
            "Othman",
            "Suleiman",
            "Mansour",
            "Aziz",
            "Karimi",
            "Rahman",
            "Jaber",
            "Farah",
            "Sabbagh",
            "Halabi",
            "Idlibi",
            "Homsi",
            "Qassem",
            "Younes",
            "Barakat",
            "Tamimi",
        ]
        unknown = [
            f"{f} {surname}{'' if k == 0 else ' ' + 'ABCDEFGHJKLMNPRSTUVWYZ'[k % 22]}"
            for k in range(12)
            for f in first
            for surname in last
        ]
        self.speaker = pa.array([a["name"] for a in speakers] + unknown, pa.string())
        self.speaker_actor = pa.array([a["actor_id"] for a in speakers] + [None] * len(unknown), pa.string())
        spw = 1.0 / (rng.permutation(len(self.speaker)) + 1.0) ** 0.8
        self.speaker_w = spw / spw.sum()

        articles = corpus.source_articles()
        self.titles = [raw.split("\n", 1)[0].strip() for _, raw in articles]
        self.texts = [raw.strip() for _, raw in articles]
        snippets = [s.strip() for _, raw in articles for s in raw.split(". ") if 40 <= len(s.strip()) <= 180]
        self.snippets = pa.array(snippets[:5000], pa.string())


def _csv(path: Path) -> list[dict]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def _pick(rng, weights, size) -> pa.Array:
    return pa.array(rng.choice(len(weights), size=size, p=weights))


def _chunk(
    rng: np.random.Generator, pools: Pools, first: int, m: int, runs: list[tuple[str, dt.date]]
) -> dict[str, pa.Table]:
    M = _MEASURED
    idx = np.arange(first, first + m)
    aid_py = [f"{(int(i) * 0x9E3779B97F4A7C15) & 0xFFFFFFFFFFFFFFFF:016x}" for i in idx]
    aid = pa.array(aid_py, pa.string())
    src = rng.integers(0, len(pools.texts), m)
    years, yw = zip(*M["years"].items(), strict=False)
    year = rng.choice(years, size=m, p=np.array(yw) / sum(yw))
    day_of_year = rng.integers(0, 365, m)
    published: np.ndarray = np.array([f"{y}-01-01" for y in year], dtype="datetime64[D]") + day_of_year
    published = np.clip(published, np.datetime64("2011-03-15"), np.datetime64("2018-12-31"))
    pub_null = rng.random(m) < M["published_null"]
    run_no = np.clip(((published - np.datetime64("2011-03-15")).astype(int)), 0, len(runs) - 1)
    publisher = np.where(rng.random(m) < M["publisher_share"], rng.choice(PUBLISHERS, m), None)  # type: ignore[call-overload]  # None in an object array; numpy stubs refuse it
    tables: dict[str, pa.Table] = {}
    tables["articles"] = pa.table(
        {
            "article_id": aid,
            "content_hash": pa.array([f"{(int(i) * 0xC2B2AE3D27D4EB4F + 1) & 0xFFFFFFFFFFFFFFFF:016x}" for i in idx]),
            "source_uri": pa.array([f"archive/{i // 1000:04d}/{i:07d}.txt" for i in idx]),
            "title": pa.array([pools.titles[s] for s in src]),
            "publisher": pa.array(publisher, pa.string()),
            "published_on": _masked(published, pub_null, pa.date32()),
            "copyright": pa.nulls(m, pa.string()),
            "text": pa.array([f"{pools.texts[s]}\n{corpus.copy_line(int(i))}" for s, i in zip(src, idx, strict=False)]),
            "url": pa.nulls(m, pa.string()),
            "external_id": pa.nulls(m, pa.string()),
            "ingested_at": pa.array(published.astype("datetime64[us]") + np.timedelta64(30, "h")),
            "run_id": pa.array([runs[r][0] for r in run_no], pa.string()),
        }
    )

    def parent_rows(counts):
        rows = np.repeat(np.arange(m), counts)
        return rows, aid.take(pa.array(rows)), _within(counts)

    n_sent = _nb(rng, M["sentences_mean"], m, shape=3, minimum=2)
    rows, parent, k = parent_rows(n_sent)
    tables["sentences"] = pa.table(
        {
            "article_id": parent,
            "sentence_no": pa.array(k, pa.int32()),
            "char_start": pa.array(k * 150, pa.int32()),
            "char_end": pa.array(k * 150 + 140, pa.int32()),
        }
    )

    def sentence_of(rows):
        return pa.array((rng.random(len(rows)) * n_sent[rows]).astype(np.int32))

    def offsets(rows, width):
        start = rng.integers(0, 2000, len(rows)).astype(np.int32)
        return pa.array(start), pa.array(start + width)

    n_act = _nb(rng, M["actor_mentions_mean"], m, shape=2.5)
    rows, parent, _ = parent_rows(n_act)
    pick = _pick(rng, pools.alias_w, len(rows))
    surface = pools.alias_text.take(pick)
    start, end = offsets(rows, pc.utf8_length(surface).to_numpy(zero_copy_only=False).astype(np.int32))
    tables["actor_mentions"] = pa.table(
        {
            "article_id": parent,
            "actor_id": pools.alias_actor.take(pick),
            "sentence_no": sentence_of(rows),
            "surface": surface,
            "char_start": start,
            "char_end": end,
        }
    )

    n_pl = _nb(rng, M["place_mentions_mean"], m, shape=3, minimum=1)
    rows, parent, _ = parent_rows(n_pl)
    pick = _pick(rng, pools.place_w, len(rows))
    surface = pools.place_name.take(pick)
    start, end = offsets(rows, pc.utf8_length(surface).to_numpy(zero_copy_only=False).astype(np.int32))
    tables["place_mentions"] = pa.table(
        {
            "article_id": parent,
            "place_id": pools.place_id.take(pick),
            "sentence_no": sentence_of(rows),
            "surface": surface,
            "char_start": start,
            "char_end": end,
        }
    )

    n_ev = _hist_draw(rng, M["events_hist"], m)
    ev_rows, parent, k = parent_rows(n_ev)
    ne = len(ev_rows)
    types, tw = _share(M["event_types"])
    t = rng.choice(len(types), ne, p=tw)
    killed = np.minimum(np.exp(rng.normal(2.2, 1.3, ne)).astype(np.int64) + 1, 5000)
    has_killed = rng.random(ne) < M["event_killed"]
    wounded = np.minimum(np.exp(rng.normal(2.6, 1.2, ne)).astype(np.int64) + 1, 5000)
    has_wounded = rng.random(ne) < M["event_wounded"]
    lag = rng.integers(0, 4, ne)
    ev_date = published[ev_rows] - lag
    from_text = rng.random(ne) < M["event_date_from_text"]
    no_date = pub_null[ev_rows]
    start = rng.integers(0, 2000, ne).astype(np.int32)
    tables["events"] = pa.table(
        {
            "event_id": _ids(parent, "-e", k),
            "article_id": parent,
            "sentence_no": pa.array(np.where(k == 0, 0, rng.integers(1, 20, ne)), pa.int32()),
            "event_type": pa.array([types[i][0] for i in t]),
            "sub_event_type": pa.array([types[i][1] for i in t]),
            "actor1_id": _masked_take(rng, pools.combatant_id, pools.combatant_w, ne, M["event_actor1"]),
            "actor2_id": _masked_take(rng, pools.combatant_id, pools.combatant_w, ne, M["event_actor2"]),
            "place_id": _masked_take(rng, pools.place_id, pools.place_w, ne, M["event_place"]),
            "event_date": _masked(ev_date, no_date, pa.date32()),
            "date_precision": pa.array(np.where(no_date, None, "day"), pa.string()),  # type: ignore[call-overload]  # None in an object array; numpy stubs refuse it
            "date_text": pa.array(np.where(from_text & ~no_date, rng.choice(WEEKDAYS, ne), None), pa.string()),  # type: ignore[call-overload]  # None in an object array; numpy stubs refuse it
            "date_source": pa.array(np.where(no_date, "none", np.where(from_text, "text", "published_on"))),
            "is_primary": pa.array(k == 0),
            "killed_low": _masked((killed * rng.uniform(0.6, 1.0, ne)).astype(np.int32), ~has_killed, pa.int32()),
            "killed_best": _masked(killed.astype(np.int32), ~has_killed, pa.int32()),
            "killed_high": _masked((killed * rng.uniform(1.0, 1.5, ne)).astype(np.int32), ~has_killed, pa.int32()),
            "wounded_low": _masked((wounded * 0.8).astype(np.int32), ~has_wounded, pa.int32()),
            "wounded_best": _masked(wounded.astype(np.int32), ~has_wounded, pa.int32()),
            "wounded_high": _masked(wounded.astype(np.int32), ~has_wounded, pa.int32()),
            "char_start": pa.array(start),
            "char_end": pa.array(start + 8),
        }
    )

    n_cas = _hist_draw(rng, M["casualties_hist"], m)
    rows, parent, k = parent_rows(n_cas)
    nc = len(rows)
    has_event = (n_ev[rows] > 0) & (rng.random(nc) < M["casualty_linked"])
    ev_no = (rng.random(nc) * np.maximum(n_ev[rows], 1)).astype(np.int64)
    event_id = pc.if_else(pa.array(has_event), _ids(parent, "-e", ev_no), pa.nulls(nc, pa.string()))
    quals, qw = _share(M["qualifiers"])
    q = np.array(quals, dtype=object)[rng.choice(len(quals), nc, p=qw)]
    count = np.minimum(np.exp(rng.normal(2.0, 1.4, nc)).astype(np.int64) + 1, 100_000)
    # Most reports of an event repeat its figure; the rest disagree (measured: 0.22 disputed
    # events per article).
    event_row = (np.cumsum(n_ev) - n_ev)[rows] + ev_no
    agree = has_event & has_killed[np.minimum(event_row, ne - 1)] & (rng.random(nc) < 0.9)
    count = np.where(agree, killed[np.minimum(event_row, ne - 1)], count)
    low_null = q == "up_to"
    high_null = np.isin(q, ["vague", "at_least", "more_than"])
    kinds, kw = _share(M["victim_kinds"])
    groups, gw = _share(M["victim_groups"])
    reported = rng.random(nc) < M["casualty_reported"]
    src_pick = _pick(rng, pools.source_w, nc)
    start = rng.integers(0, 2000, nc).astype(np.int32)
    tables["casualties"] = pa.table(
        {
            "casualty_id": _ids(parent, "-c", k),
            "article_id": parent,
            "event_id": event_id,
            "sentence_no": sentence_of(rows),
            "outcome": pa.array(np.where(rng.random(nc) < M["casualty_killed"], "killed", "wounded")),
            "count_low": _masked(count, low_null, pa.int64()),
            "count_high": _masked(count, high_null, pa.int64()),
            "qualifier": pa.array(q, pa.string()),
            "victim_group": pa.array(np.array(groups, dtype=object)[rng.choice(len(groups), nc, p=gw)], pa.string()),
            "victim_kind": pa.array(np.array(kinds, dtype=object)[rng.choice(len(kinds), nc, p=kw)], pa.string()),
            "victim_actor_id": _masked_take(rng, pools.combatant_id, pools.combatant_w, nc, M["casualty_victim_actor"]),
            "perpetrator_actor_id": _masked_take(
                rng, pools.combatant_id, pools.combatant_w, nc, M["casualty_perpetrator"]
            ),
            "reported_by": pc.if_else(pa.array(reported), pools.source_name.take(src_pick), pa.nulls(nc, pa.string())),
            "reported_by_actor_id": pc.if_else(
                pa.array(reported), pools.source_id.take(src_pick), pa.nulls(nc, pa.string())
            ),
            "is_subset": pa.array(rng.random(nc) < M["casualty_subset"]),
            "char_start": pa.array(start),
            "char_end": pa.array(start + 24),
        }
    )

    n_q = _hist_draw(rng, M["quotes_hist"], m)
    rows, parent, k = parent_rows(n_q)
    nq = len(rows)
    sp = _pick(rng, pools.speaker_w, nq)
    text = pools.snippets.take(pa.array(rng.integers(0, len(pools.snippets), nq)))
    start = rng.integers(0, 2000, nq).astype(np.int32)
    tables["quotes"] = pa.table(
        {
            "quote_id": _ids(parent, "-q", k),
            "article_id": parent,
            "sentence_no": sentence_of(rows),
            "speaker": pools.speaker.take(sp),
            "speaker_actor_id": pools.speaker_actor.take(sp),
            "text": text,
            "char_start": pa.array(start),
            "char_end": pa.array(start + pc.utf8_length(text).to_numpy(zero_copy_only=False).astype(np.int32)),
        }
    )

    n_d = _hist_draw(rng, M["dates_hist"], m)
    rows, parent, k = parent_rows(n_d)
    nd = len(rows)
    month = rng.random(nd) < 0.08
    resolved = published[rows] - rng.integers(0, 7, nd)
    unresolved = pub_null[rows] | (rng.random(nd) < 0.02)
    start = rng.integers(0, 2000, nd).astype(np.int32)
    tables["date_mentions"] = pa.table(
        {
            "article_id": parent,
            "sentence_no": sentence_of(rows),
            "surface": pa.array(np.where(month, "August 2013", rng.choice(WEEKDAYS, nd)), pa.string()),
            "char_start": pa.array(start),
            "char_end": pa.array(start + 8),
            "resolved": _masked(resolved, unresolved, pa.date32()),
            "precision": pa.array(np.where(month, "month", "day"), pa.string()),
            "weekday_conflict": pa.array(np.zeros(nd, dtype=bool)),
        }
    )

    nq_ = int(m * M["quarantine_share"])
    tables["quarantine"] = pa.table(
        {
            "source_uri": pa.array([f"archive/bad/{first + j:07d}.txt" for j in range(nq_)], pa.string()),
            "reason": pa.array(rng.choice(QUARANTINE_REASONS, nq_), pa.string()),
            "detail": pa.array(np.full(nq_, "could not be read (generated)", dtype=object), pa.string()),
            "seen_at": pa.array(
                np.datetime64("2018-06-01T00:00:00", "us") + rng.integers(0, 10**13, nq_).astype("timedelta64[us]")
            ),
            "run_id": pa.array([runs[r][0] for r in rng.integers(0, len(runs), nq_)], pa.string()),
        }
    )
    return tables


def _masked_take(rng, values: pa.Array, weights: np.ndarray, n: int, share: float) -> pa.Array:
    taken = values.take(_pick(rng, weights, n))
    return pc.if_else(pa.array(rng.random(n) < share), taken, pa.nulls(n, pa.string()))


def _insert(con, table: str, rows: pa.Table) -> None:
    con.register("generated", rows)
    con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM generated")
    con.unregister("generated")


def generate(path: Path, articles: int = 1_000_000, chunk: int = 100_000, seed: int = 20111) -> dict:
    """Writes the warehouse; returns its row counts, size and how long it took."""
    t0 = time.perf_counter()
    path.parent.mkdir(parents=True, exist_ok=True)
    for p in (path, path.with_name(path.name + ".wal")):
        p.unlink(missing_ok=True)
    rng = np.random.default_rng(seed)
    pools = Pools(rng)
    # One run a day over the war, as a scheduled flow would leave them.
    days = (dt.date(2018, 12, 31) - dt.date(2011, 3, 15)).days + 1
    runs = [(f"run-{d:05d}", dt.date(2011, 3, 15) + dt.timedelta(days=d)) for d in range(days)]
    rows: dict[str, int] = {}
    with wh.connect(path) as con:
        wh.migrate(con)
        wh.load_reference(con)
        for first in range(0, articles, chunk):
            tables = _chunk(rng, pools, first, min(chunk, articles - first), runs)
            con.execute("BEGIN TRANSACTION")
            for name, table in tables.items():
                _insert(con, name, table)
                rows[name] = rows.get(name, 0) + table.num_rows
            con.execute("COMMIT")
            print(
                f"  {first + min(chunk, articles - first):>9,} articles  {time.perf_counter() - t0:6.1f} s",
                file=sys.stderr,
                flush=True,
            )
        used = {
            pid
            for (pid,) in con.execute(
                "SELECT DISTINCT place_id FROM place_mentions UNION SELECT DISTINCT place_id FROM events "
                "WHERE place_id IS NOT NULL"
            ).fetchall()
        }
        places = [p for p in pools.places if p["place_id"] in used]
        _insert(
            con,
            "places",
            pa.table(
                {
                    "place_id": [p["place_id"] for p in places],
                    "name": [p["name"] for p in places],
                    "place_type": [p["place_type"] for p in places],
                    "country_code": [p["country_code"] or None for p in places],
                    "admin1_name": [p["admin1_name"] or None for p in places],
                    "latitude": pa.array(
                        [float(p["latitude"]) if p["latitude"] else None for p in places], pa.float64()
                    ),
                    "longitude": pa.array(
                        [float(p["longitude"]) if p["longitude"] else None for p in places], pa.float64()
                    ),
                    "geonames_id": pa.array(
                        [int(p["geonames_id"]) if p["geonames_id"] else None for p in places], pa.int64()
                    ),
                }
            ),
        )
        counts = con.execute("SELECT run_id, count(*) FROM articles GROUP BY run_id").fetchall()
        per_run = dict(counts)
        _insert(
            con,
            "pipeline_runs",
            pa.table(
                {
                    "run_id": [r for r, _ in runs],
                    "started_at": pa.array([dt.datetime.combine(d, dt.time(6)) for _, d in runs], pa.timestamp("us")),
                    "finished_at": pa.array(
                        [dt.datetime.combine(d, dt.time(6, 1)) for _, d in runs], pa.timestamp("us")
                    ),
                    "status": ["completed"] * len(runs),
                    "articles_read": pa.array([per_run.get(r, 0) for r, _ in runs], pa.int32()),
                    "articles_new": pa.array([per_run.get(r, 0) for r, _ in runs], pa.int32()),
                    "inputs": ["archive/"] * len(runs),
                }
            ),
        )
        n_checks = len(runs) * len(CHECKS)
        _insert(
            con,
            "quality_checks",
            pa.table(
                {
                    "run_id": [r for r, _ in runs for _ in CHECKS],
                    "check_name": CHECKS * len(runs),
                    "failures": pa.array(
                        np.where(rng.random(n_checks) < 0.05, rng.integers(1, 4, n_checks), 0), pa.int64()
                    ),
                    "severity": ["error"] * n_checks,
                    "detail": [None] * n_checks,
                    "checked_at": pa.array(
                        [dt.datetime.combine(d, dt.time(6, 1)) for _, d in runs for _ in CHECKS], pa.timestamp("us")
                    ),
                }
            ),
        )
        # events carry their sources' spread (migration 003): filled the way the migration backfills it
        migration = (wh.MIGRATIONS / "003_event_sources.sql").read_text(encoding="utf-8")
        con.execute(next(part for part in migration.split(";") if "UPDATE events" in part))
        _incidents(con)
        con.execute("CHECKPOINT")
    info = dict(
        articles=articles,
        rows=rows,
        bytes=path.stat().st_size,
        seconds=time.perf_counter() - t0,
        version=GENERATOR_VERSION,
        seed=seed,
        schema_version=wh.schema_version_known(),
    )
    path.with_suffix(".json").write_text(json.dumps(info, indent=1))
    return info


def _incidents(con) -> None:
    """Every event an incident of its own, written as the flow writes an incident of one report
    (sql/incidents/insert_single.sql): the most incidents this many events can make, so the
    incident reports are timed on the largest table they could meet."""
    from sitrep.incidents import reconcile
    from sitrep.incidents.rules import settings

    reconcile._facts_view(con, "event_facts", "events", "articles")
    con.execute("CREATE OR REPLACE TEMP VIEW single_events AS SELECT event_id FROM events")
    con.execute(
        reconcile._sql("insert_single"), {"publication_lag": settings().publication_lag.days, "run_id": "generated"}
    )
    con.execute("UPDATE events SET incident_id = event_id")


def ensure(path: Path = DEFAULT_PATH, articles: int = 1_000_000, rebuild: bool = False) -> dict:
    """Reuses a warehouse this version of the generator wrote for the same size."""
    meta = path.with_suffix(".json")
    if not rebuild and path.exists() and meta.exists():
        info = json.loads(meta.read_text())
        if (info.get("version"), info.get("articles"), info.get("schema_version")) == (
            GENERATOR_VERSION,
            articles,
            wh.schema_version_known(),
        ):
            return dict(info, reused=True)
    return dict(generate(path, articles), reused=False)


def time_reports(path: Path, runs: int = 5, filters: dict | None = None) -> list[dict]:
    """Each report as `sitrep report` runs it (`read_query`: open read-only, query, fetch all,
    close): one warm-up, then the median of `runs`. Its filters NULL (none given), or with
    `filters` (as `sitrep.reports.FILTERS` names them) the reports that take them all."""
    out = []
    for name, sql, params in _reports(filters or {}):
        _, rows = read_query(path, sql, params)
        times = []
        for _ in range(runs):
            t = time.perf_counter()
            read_query(path, sql, params)
            times.append(time.perf_counter() - t)
        execute, fetch = _split(path, sql, params, runs)
        out.append(
            dict(
                report=name,
                median_s=statistics.median(times),
                min_s=min(times),
                max_s=max(times),
                rows=len(rows),
                runs=runs,
                execute_median_s=execute,
                fetch_median_s=fetch,
                connect_median_s=_connect_s(path, runs),
            )
        )
    return out


def _reports(filters: dict) -> list[tuple[str, str, dict]]:
    """(name, SQL, parameters) of the reports of the sources measured that take `filters`."""
    try:
        from sitrep import reports
    except ImportError:  # sources from before report filters (--commit): no parameters
        paths = sorted((corpus.SRC / "sql" / "reports").glob("*.sql"))
        return [(p.stem, p.read_text(encoding="utf-8"), {}) for p in paths if not filters]
    return [
        (r.name, r.sql, reports.report_parameters(r, filters, {}))
        for r in reports.all_reports()
        if set(filters) <= set(r.filters)
    ]


def _connect_s(path: Path, runs: int) -> float:
    """Opening the file read-only and closing it, as every report does."""
    import duckdb

    times = []
    for _ in range(runs):
        t = time.perf_counter()
        duckdb.connect(str(path), read_only=True).close()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def _split(path: Path, sql: str, params: dict, runs: int) -> tuple[float, float]:
    """Where a report's time goes, on one open connection: DuckDB running the query, and
    handing its rows to Python (medians)."""
    import duckdb

    con = duckdb.connect(str(path), read_only=True)
    try:
        con.execute(sql, params or None).fetchall()
        execute, fetch = [], []
        for _ in range(runs):
            t = time.perf_counter()
            cur = con.execute(sql, params or None)
            t1 = time.perf_counter()
            cur.fetchall()
            execute.append(t1 - t)
            fetch.append(time.perf_counter() - t1)
        return statistics.median(execute), statistics.median(fetch)
    finally:
        con.close()


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--articles", type=int, default=1_000_000)
    p.add_argument("--path", type=Path, default=None)
    p.add_argument("--rebuild", action="store_true", help="write it again even if a matching one exists")
    p.add_argument(
        "--filter",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="time the reports that take these filters with them (repeatable), e.g. "
        "--filter country=SY --filter since=2016-01-01 --filter event_type=Battles",
    )
    args = p.parse_args(argv)
    filters = {
        name: dt.date.fromisoformat(value) if name in ("since", "until") else value
        for name, _, value in (f.partition("=") for f in args.filter)
    }
    path = args.path or (
        DEFAULT_PATH if args.articles == 1_000_000 else corpus.CACHE / f"warehouse-{args.articles}.duckdb"
    )
    info = ensure(path, args.articles, args.rebuild)
    how = "reused" if info["reused"] else f"written in {info['seconds']:.0f} s"
    print(f"{path}: {info['articles']:,} articles, {info['bytes'] / 1e9:.2f} GB, {how}")
    if filters:
        print(f"filtered by {filters}")
    for r in time_reports(path, filters=filters):
        print(
            f"  {r['report']:24s} {r['median_s'] * 1000:8.1f} ms  ({r['rows']} rows; on an open connection "
            f"{r['execute_median_s'] * 1000:.0f} ms to run, {r['fetch_median_s'] * 1000:.0f} ms to fetch)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
