"""Publisher: as the article says it, never guessed."""

import pytest

from sitrep.ingest import publishers


@pytest.mark.parametrize(
    "line,name",
    [
        ("© Copyright IBTimes 2024. All rights reserved.", "IBTimes"),
        ("Copyright 2017 Reuters", "Reuters"),
        ("Copyright © 2016 The Associated Press. All rights reserved.", "AP"),
        ("(c) 2015-2017 Levant Herald", "Levant Herald"),
        ("All rights reserved", None),
        ("© 2024", None),
    ],
)
def test_publisher_from_copyright_line(line, name):
    assert publishers.from_copyright(line) == name


@pytest.mark.parametrize(
    "body,name",
    [
        ("Troops advanced on the town, the ministry said. -- REUTERS", "Reuters"),
        ("Troops advanced on the town, the ministry said.---Reuters", "Reuters"),
        ("Troops advanced on the town, the ministry said (AFP)", "AFP"),
        ("Troops advanced on the town. (Source: Syrian Coalition) Twitter", "Syrian Coalition"),
        ("Troops advanced on the town. Source SANA", "SANA"),
        ("Troops advanced on the town – Syria", None),
        ("Smoke rises over the town. (Photo: smoke over the town, by AFP)", None),
        ("Troops advanced on the town.", None),
    ],
)
def test_publisher_from_trailing_wire_credit(body, name):
    assert publishers.from_trailing_credit(body) == name


def test_byline_gives_a_publisher_only_when_it_names_an_outlet():
    outlet = "Posted on April 19 2017 by Asharq Al-Awsat English Six Killed in Aleppo Six people died."
    person = "Posted on April 2 2017 by Youssef Diab MSF Says Gas Was Used Doctors said."
    assert publishers.from_byline(outlet) == "Asharq Al-Awsat"
    assert publishers.from_byline(person) is None


def test_wire_credit_before_the_dateline_and_in_an_opening():
    body = "Air raids kill 10 near hospital Monitor AFP Saturday 6 Aug 2016 A barrage hit."
    assert publishers.from_leading_credit(body, body.index("Saturday")) == "AFP"
    assert publishers.from_leading_credit("BEIRUT (Reuters) - Strikes hit Idlib.", None) == "Reuters"
    assert publishers.from_leading_credit("Strikes hit Idlib (Homs) - again.", None) is None


def test_title_suffix_names_a_known_outlet():
    assert publishers.from_title_suffix("Clashes in Aleppo - Region - World - Ahram Online") == "Al-Ahram"
    assert publishers.from_title_suffix("Clashes in Aleppo - Monitor") is None


def test_copyright_line_comes_first():
    assert (
        publishers.find_publisher("T", "Strikes hit. -- REUTERS", ["Copyright 2017 Levant Herald"]) == "Levant Herald"
    )
    assert publishers.find_publisher("T", "Strikes hit.", []) is None
