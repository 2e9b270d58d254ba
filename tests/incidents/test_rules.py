"""The rule that groups reports into incidents (sitrep/incidents/rules.py), report by report."""

import datetime as dt
from dataclasses import replace

from sitrep.incidents.reconcile import assign
from sitrep.incidents.rules import Incident, Report, match_score

DAY = dt.date(2023, 3, 14)
STRIKE = Report(
    event_id="a-e0",
    story="a",
    event_type="Explosions/Remote violence",
    sub_event_type="Air/drone strike",
    event_date=DAY,
    date_precision="day",
    date_source="text",
    place_id="gn:1",
    place_type="city",
    place_name="Taiz",
    admin1_name="Taizz",
    country_code="YE",
    actor1_side="saudi-coalition",
    actor2_side=None,
    killed_best=12,
    is_primary=True,
)


def other(**changes) -> Report:
    """The same strike as another article tells it, with `changes`."""
    return replace(STRIKE, **{"event_id": "b-e0", "story": "b", **changes})


def fits(report: Report) -> bool:
    return match_score(report, Incident.founded_by(STRIKE)) is not None


def test_the_same_strike_told_by_another_outlet_fits():
    assert fits(other())
    assert fits(other(killed_best=15))  # tolls that agree, the same side blamed
    assert fits(other(sub_event_type="Shelling/artillery/missile attack"))  # a missile to one outlet


def test_an_undated_report_or_one_on_another_day_does_not():
    assert not fits(other(event_date=DAY + dt.timedelta(days=1)))  # two days given by the texts
    assert not fits(other(event_date=None))
    assert not fits(other(date_precision="month"))
    # a report dated only by its publication may be of that day or the day before
    assert fits(other(date_source="published_on", event_date=DAY + dt.timedelta(days=1)))
    assert not fits(other(date_source="published_on", event_date=DAY + dt.timedelta(days=3)))


def test_another_town_or_a_whole_province_does_not():
    assert not fits(other(place_id="gn:2", place_name="Mocha"))
    assert not fits(other(place_id="gn:3", place_type="admin1", place_name="Taizz"))
    assert not fits(other(admin1_name="Aden", place_id="gn:4", place_name="Aden"))


def test_another_side_or_a_contradicting_toll_does_not_unless_the_toll_is_the_same():
    assert not fits(other(actor1_side="houthi", killed_best=4))
    assert fits(other(actor1_side="houthi", killed_best=12))  # outlets blame different sides
    assert not fits(other(killed_best=126))  # 12 and 126 are two events
    assert not fits(other(killed_best=None))  # nothing positive ties them
    assert not fits(other(event_type="Battles", sub_event_type="Armed clash"))


def test_a_small_toll_alone_does_not_tie_two_articles():
    base = replace(STRIKE, killed_best=2)
    assert match_score(other(killed_best=2), Incident.founded_by(base)) is None


def test_an_aside_in_another_article_does_not_join_but_a_retelling_in_the_same_one_does():
    assert not fits(other(is_primary=False))
    same_article = replace(STRIKE, event_id="a-e3", is_primary=False, killed_best=None, actor1_side=None)
    assert fits(same_article)


def test_assign_founds_an_incident_per_event_and_names_it_for_its_first_report():
    far = other(event_id="c-e0", story="c", place_id="gn:9", place_name="Sanaa", admin1_name="Sanaa")
    out, founded = assign([STRIKE, other(), far, other(event_id="d-e0", story="d", event_date=None)], [])
    assert out == {"a-e0": "a-e0", "b-e0": "a-e0", "c-e0": "c-e0", "d-e0": "d-e0"}
    assert set(founded) == {"a-e0", "c-e0"}  # an undated report founds nothing others can join
