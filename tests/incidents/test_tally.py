"""An incident's tally (sitrep/incidents/tally.py): UCDP's low, best and high from what each
source said, and the same columns for an incident of one event whether made in SQL or from
a tally."""

import datetime as dt

from sitrep.incidents import reconcile, tally
from sitrep.incidents.tally import Member
from sitrep.load import warehouse as wh

DAY = dt.date(2023, 6, 3)


def member(article, killed, published=DAY, publisher=None, **changes):
    values = dict(
        event_id=f"{article}-e0",
        article_id=article,
        publisher=publisher,
        published_on=published,
        sentence_no=0,
        event_type="Explosions/Remote violence",
        sub_event_type="Remote explosive/landmine/IED",
        event_date=DAY,
        date_precision="day",
        date_source="text",
        place_id="gn:1",
        place_type="city",
        actor1_id="al-shabaab",
        actor1_type="rebel_group",
        actor1_side="jihadist",
        actor2_id=None,
        actor2_type=None,
        actor2_side=None,
        killed=(killed, killed, killed),
        wounded=(None, None, None),
        is_primary=True,
    )
    values.update(changes)
    return Member(**values)


def incident(*members, new_source=True):
    t = tally.empty(DAY, True)
    for m in members:
        tally.add_article(t, [m], new_source=new_source)
    return tally.columns(tally.loads(tally.dumps(t)))


def figures(cols):
    return cols["killed_low"], cols["killed_best"], cols["killed_high"], cols["killed_best_rule"]


def test_a_rising_toll_takes_the_latest_report():
    days = [DAY + dt.timedelta(days=n) for n in range(3)]
    cols = incident(member("a", 8, days[0]), member("b", 19, days[1]), member("c", 27, days[2]))
    assert figures(cols) == (8, 27, 27, "rising toll")
    assert (cols["n_articles"], cols["n_sources"], cols["killed_sources"]) == (3, 3, 3)
    assert (cols["first_reported"], cols["last_reported"]) == (days[0], days[2])


def test_else_the_toll_most_sources_give_and_the_lowest_on_a_tie():
    assert figures(incident(member("a", 12), member("b", 15), member("c", 12))) == (12, 12, 15, "most sources")
    assert figures(incident(member("a", 15), member("b", 12))) == (12, 12, 15, "lowest of the most given")


def test_a_publisher_counts_once_with_its_latest_figure():
    later = DAY + dt.timedelta(days=1)
    cols = incident(
        member("a", 10, publisher="AFP"),
        member("b", 10, publisher="Reuters"),
        member("c", 14, later, publisher="AFP"),
        member("d", 14, later, publisher="SANA"),
    )
    # AFP updated 10 to 14: the votes are Reuters 10, AFP 14, SANA 14
    assert figures(cols) == (10, 14, 14, "most sources")
    assert (cols["n_sources"], cols["killed_sources"]) == (3, 3)


def test_a_copy_of_a_counted_text_is_no_new_source():
    t = tally.empty(DAY, True)
    tally.add_article(t, [member("a", 12)])
    tally.add_article(t, [member("a-copy", 12)], new_source=False)
    cols = tally.columns(t)
    assert (cols["n_articles"], cols["n_sources"], cols["killed_best_rule"]) == (2, 1, "one report")


def test_an_incident_of_one_event_has_the_same_columns_from_sql_and_from_a_tally(tmp_path):
    path = tmp_path / "w.duckdb"
    with wh.connect(path) as con:
        wh.migrate(con)
        con.execute(
            "INSERT INTO articles (article_id, content_hash, source_uri, publisher, published_on, text, "
            "ingested_at) VALUES ('a1', 'h1', 'a1.txt', 'AFP', DATE '2023-06-04', 'x', now())"
        )
        con.execute(
            "INSERT INTO places (place_id, name, place_type, country_code, admin1_name, latitude, longitude, "
            "geonames_id, geo_precision) VALUES ('gn:1', 'Mogadishu', 'city', 'SO', 'Banaadir', 2.0, 45.3, 1, 1)"
        )
        con.execute(
            "INSERT INTO events (event_id, article_id, sentence_no, event_type, sub_event_type, place_id, "
            "event_date, date_precision, date_source, is_primary, killed_low, killed_best, killed_high, "
            "wounded_best) VALUES "
            "('a1-e0', 'a1', 0, 'Battles', 'Armed clash', 'gn:1', DATE '2023-06-04', 'day', "
            "'published_on', true, 3, 5, 9, 2), "
            "('a1-e1', 'a1', 4, 'Protests', 'Peaceful protest', NULL, NULL, NULL, 'none', false, "
            "NULL, NULL, NULL, NULL), "
            "('a1-e2', 'a1', 6, 'Explosions/Remote violence', 'Grenade', 'gn:1', DATE '2023-05-30', "
            "'day', 'text', false, NULL, 2, NULL, 1)"
        )
        con.execute("BEGIN")
        assert reconcile.reconcile(con, "r1") == 3
        con.execute("COMMIT")
        cur = con.execute("SELECT * FROM incidents ORDER BY incident_id")
        names = [d[0] for d in cur.description]
        from_sql = [dict(zip(names, r, strict=False)) for r in cur.fetchall()]
        kept = {r[0] for r in con.execute("SELECT incident_id FROM incident_tallies").fetchall()}
        rebuilt = reconcile._stored_tallies(con, ["a1-e0", "a1-e1", "a1-e2"])
    # a headline with a toll others may match keeps a tally; the rest are made in SQL
    assert kept == {"a1-e0"}
    for row in from_sql:
        expected = tally.columns(rebuilt[row["incident_id"]])
        assert {k: row[k] for k in expected} == expected, row["incident_id"]
    assert (from_sql[0]["date_earliest"], from_sql[0]["admin1_name"]) == (dt.date(2023, 6, 3), "Banaadir")
