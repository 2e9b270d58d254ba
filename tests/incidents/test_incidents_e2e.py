"""Incidents end to end: articles written for these tests (tests/fixtures/incidents), coded by
the real Prefect flow into a real DuckDB file, in two runs, as a coder would group them."""

import shutil

import duckdb
import pytest

from sitrep.flows.pipeline import pipeline
from tests.conftest import FIXTURES

ARTICLES = FIXTURES / "incidents"
FIRST_RUN = ("a1_strike_outlet1", "b1_toll_day1", "b2_toll_day2", "c1_town_coalition", "c2_town_houthi")
SECOND_RUN = ("a2_strike_outlet2", "b3_toll_day3", "d1_retelling")


def _copy(names, inbox):
    for name in names:
        shutil.copy(ARTICLES / f"{name}.txt", inbox)


def _incidents(warehouse):
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute("SELECT * FROM incidents ORDER BY incident_id").fetchall()


def _incident_of(warehouse, name):
    """The incident of the article's headline event, as incident_summary shows it."""
    with duckdb.connect(str(warehouse), read_only=True) as con:
        row = con.execute(
            "SELECT s.* FROM incident_summary s JOIN events e ON e.incident_id = s.incident_id AND e.is_primary "
            "JOIN articles a USING (article_id) WHERE a.source_uri LIKE ?",
            [f"%{name}.txt"],
        ).fetchone()
        columns = [d[0] for d in con.description]
    return dict(zip(columns, row, strict=False))


@pytest.fixture(scope="module")
def runs(tmp_path_factory, prefect_server):
    inbox = tmp_path_factory.mktemp("incident-inbox")
    warehouse = tmp_path_factory.mktemp("incident-wh") / "sitrep.duckdb"
    _copy(FIRST_RUN, inbox)
    pipeline(inputs=[str(inbox)], warehouse=str(warehouse))
    after_first = {name: _incident_of(warehouse, name) for name in FIRST_RUN}
    _copy(SECOND_RUN, inbox)
    pipeline(inputs=[str(inbox)], warehouse=str(warehouse))
    after_second = _incidents(warehouse)
    pipeline(inputs=[str(inbox)], warehouse=str(warehouse))
    return warehouse, after_first, after_second


def test_two_outlets_on_one_strike_are_one_incident_with_both_figures(runs):
    warehouse, first, _ = runs
    reuters, afp = _incident_of(warehouse, "a1_strike_outlet1"), _incident_of(warehouse, "a2_strike_outlet2")
    assert reuters["incident_id"] == afp["incident_id"] == first["a1_strike_outlet1"]["incident_id"]
    assert (reuters["killed_low"], reuters["killed_high"]) == (12, 15)
    assert (reuters["wounded_low"], reuters["wounded_high"]) == (20, 23)
    with duckdb.connect(str(warehouse), read_only=True) as con:
        figures = sorted(
            r[0]
            for r in con.execute(
                "SELECT killed_best FROM incident_reports WHERE incident_id = ?", [reuters["incident_id"]]
            ).fetchall()
        )
    assert figures == [12, 12, 15]  # each article's own figure stays queryable


def test_a_rising_toll_is_one_incident_whose_best_is_the_latest_report(runs):
    warehouse, first, _ = runs
    days = [_incident_of(warehouse, n) for n in ("b1_toll_day1", "b2_toll_day2", "b3_toll_day3")]
    assert len({d["incident_id"] for d in days}) == 1
    toll = days[0]
    assert (toll["killed_low"], toll["killed_best"], toll["killed_high"]) == (8, 27, 27)
    assert toll["killed_best_rule"] == "rising toll"
    assert toll["n_articles"] == 3
    assert str(toll["first_reported"]) == "2023-06-03" and str(toll["last_reported"]) == "2023-06-05"
    assert str(toll["event_date"]) == "2023-06-03"
    # the id the first run gave stays when later reports join
    assert toll["incident_id"] == first["b1_toll_day1"]["incident_id"]


def test_two_strikes_in_one_town_on_one_day_by_different_sides_stay_apart(runs):
    warehouse, _, _ = runs
    coalition, houthi = _incident_of(warehouse, "c1_town_coalition"), _incident_of(warehouse, "c2_town_houthi")
    assert coalition["incident_id"] != houthi["incident_id"]
    assert (coalition["killed_best"], houthi["killed_best"]) == (7, 4)
    assert coalition["n_articles"] == houthi["n_articles"] == 1


def test_a_retelling_a_week_later_joins_the_incident_it_retells(runs):
    warehouse, _, _ = runs
    retold = _incident_of(warehouse, "d1_retelling")
    assert retold["incident_id"] == _incident_of(warehouse, "a1_strike_outlet1")["incident_id"]
    assert str(retold["event_date"]) == "2023-03-14"
    assert str(retold["last_reported"]) == "2023-03-21"
    assert retold["killed_best"] == 12 and retold["killed_best_rule"] == "most sources"


def test_every_event_is_in_an_incident_and_a_rerun_changes_nothing(runs):
    warehouse, _, after_second = runs
    assert _incidents(warehouse) == after_second
    with duckdb.connect(str(warehouse), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM events WHERE incident_id IS NULL").fetchone()[0] == 0
        assert (
            con.execute("SELECT count(*) FROM incidents").fetchone()[0]
            == con.execute("SELECT count(DISTINCT incident_id) FROM events").fetchone()[0]
        )
        checks = con.execute(
            "SELECT sum(failures) FROM quality_checks WHERE check_name = 'incidents_complete'"
        ).fetchone()
    assert checks[0] == 0
