"""Datelines: every format the FA-KES outlets use and the wire styles of the agencies, each written
afresh; offsets index the text."""

import datetime as dt

import pytest

from sitrep.ingest import parse_date_value, parse_dateline, publishers
from sitrep.ingest.datelines import find_dateline

D = dt.date

# (article text, the dateline as written, the date it says)
FORMATS = [
    (
        "Gas attack in Idlib\nWed 05 Apr 2017 Dozens of people were hurt in a gas attack.",
        "Wed 05 Apr 2017",
        D(2017, 4, 5),
    ),
    (
        "Missiles hit air base\nFri 07 Apr 2017 at 0914 Missiles struck an air base near Homs.",
        "Fri 07 Apr 2017 at 0914",
        D(2017, 4, 7),
    ),
    (
        "Blast in Damascus\nSat 24 Aug 2013 at 2354 Regional - A blast was heard in Damascus.",
        "Sat 24 Aug 2013 at 2354",
        D(2013, 8, 24),
    ),
    (
        "Raids on Raqqa\nDate of publication 3 October 2017 - Raids hit Raqqa overnight.",
        "Date of publication 3 October 2017",
        D(2017, 10, 3),
    ),
    ("Army advances in Latakia\n16-06-2016 Syrian Army units advanced in rural Latakia.", "16-06-2016", D(2016, 6, 16)),
    ("Strikes near Hama\n20.07.2016 - Strikes hit villages near Hama.", "20.07.2016", D(2016, 7, 20)),
    (
        "Six killed in Aleppo blast\nPosted on April 19 2017 by Asharq Al-Awsat English Six people died.",
        "Posted on April 19 2017",
        D(2017, 4, 19),
    ),
    (
        "Shelling in Daraa\nFriday 21 April 2017 18:32 Shelling hit Daraa city.",
        "Friday 21 April 2017 18:32",
        D(2017, 4, 21),
    ),
    (
        "Air raids kill 10 near Syria hospital Monitor\n"
        "Air raids kill 10 near Syria hospital Monitor AFP Saturday 6 Aug 2016 A barrage of raids hit.",
        "Saturday 6 Aug 2016",
        D(2016, 8, 6),
    ),
    ("Tribe members killed\nSun Aug 17 2014 Hundreds of tribe members were killed.", "Sun Aug 17 2014", D(2014, 8, 17)),
    (
        "Troops killed in Homs\nThu Dec 29 2016 Fifty fighters were killed east of Homs.",
        "Thu Dec 29 2016",
        D(2016, 12, 29),
    ),
    ("Banned weapons\nTuesday 21 June 2016 The opposition called for action.", "Tuesday 21 June 2016", D(2016, 6, 21)),
    (
        "Rocket attacks on Aleppo\n30 April 2016 25 civilians killed in rocket attacks on Aleppo.",
        "30 April 2016",
        D(2016, 4, 30),
    ),
    (
        "Strikes on Raqqa\nPublished July 5 2015 - Coalition aircraft struck Raqqa.",
        "Published July 5 2015",
        D(2015, 7, 5),
    ),
    ("Chemical attack reported\nAugust 22 2013 - Rockets hit the Ghouta suburbs.", "August 22 2013", D(2013, 8, 22)),
    ("Strikes near Damascus\n3 Apr 2017 - Strikes hit a town near Damascus.", "3 Apr 2017", D(2017, 4, 3)),
    ("Vacuum bomb dropped\n9 Aug 2016 - Five people were killed in Sevre.", "9 Aug 2016", D(2016, 8, 9)),
    ("Civilians killed in the north\nMon Jul 18 2016 Twenty civilians were killed.", "Mon Jul 18 2016", D(2016, 7, 18)),
    ("Strike on a bakery\n2016-08-06 A strike hit a bakery in Idlib.", "2016-08-06", D(2016, 8, 6)),
    (
        "Strike kills 15 near Raqqa\nLast updated at Apr 092017 - A strike killed 15 near Raqqa.",
        "Last updated at Apr 092017",
        D(2017, 4, 9),
    ),
    ("Helicopter downed\nAug. 1 2016 Rescuers said gas was dropped on the town.", "Aug. 1 2016", D(2016, 8, 1)),
    ("Talks resume\nSept. 5, 2016 Talks resumed in Geneva.", "Sept. 5, 2016", D(2016, 9, 5)),
    (
        "Ambush in Adra\nAmbush in Adra Middle East Syria Military 07-08-2013 0147 PM Troops ambushed.",
        "07-08-2013 0147 PM",
        D(2013, 8, 7),
    ),
    ("Car bomb in Homs\nSat Feb 28 2015 190703 35 people were killed.", "Sat Feb 28 2015 190703", D(2015, 2, 28)),
    (
        "Twelve killed near Tabqah\nTwelve killed near Tabqah © Wire Photo Desk Middle East 0041 "
        "06.04.2017Get short URL Twelve people died.",
        "06.04.2017",
        D(2017, 4, 6),
    ),
    (
        "Rebels kill 62\nRebels kill 62 Monitoring group the agency gave no toll Reuters Wednesday 7 Aug "
        "2013 sixty-two fighters were killed.",
        "Wednesday 7 Aug 2013",
        D(2013, 8, 7),
    ),
    (
        "Clashes in Aleppo - Region - World - Ahram Online\n"
        "Clashes in Aleppo NGO AFP Sunday 6 Apr 2014 Clashes went on.",
        "Sunday 6 Apr 2014",
        D(2014, 4, 6),
    ),
    ("Blast in Hama - 28.04.2017\nA blast hit Hama.", "28.04.2017", D(2017, 4, 28)),
]


@pytest.mark.parametrize("text,written,date", FORMATS, ids=[f[1] for f in FORMATS])
def test_every_dateline_format_parses_with_its_span(text, written, date):
    found = parse_dateline(text)
    assert found is not None
    got, (start, end) = found
    assert got == date
    assert text[start:end] == written


def test_body_only_text_is_read_as_a_body():
    assert parse_dateline("Wed 05 Apr 2017 A strike hit Idlib.") == (D(2017, 4, 5), (0, 15))


def test_numeric_dates_are_day_first():
    assert parse_dateline("T\n04.05.2016 - x")[0] == D(2016, 5, 4)
    assert parse_dateline("T\n04-05-2016 x")[0] == D(2016, 5, 4)


def test_month_first_only_when_day_first_is_impossible():
    assert parse_dateline("T\n05-25-2016 x")[0] == D(2016, 5, 25)
    assert parse_dateline("T\n31-31-2016 x") is None


@pytest.mark.parametrize(
    "text",
    [
        "Strike on Idlib\nSaturday (14 January) rockets hit the city.",  # no year
        "Strike on Idlib\nWed 05 Apr Strikes hit the city.",  # no year
        "Strike on Idlib\n31 February 2016 - impossible day.",
        "Strike on Idlib\nRockets hit the city.\n© Copyright Example Times 2024. All rights reserved.",
        "1. Ghouta\n1. Ghouta: On August 21 2013 - rockets hit Ghouta.",  # an event date in a sentence
        "Strike on Idlib\nRockets hit the city on 5 April 2017 a monitor said.",
        "Strike on Idlib\n" + "Rockets hit the city. " * 12 + "Wed 05 Apr 2017",  # past the window
    ],
)
def test_not_a_dateline(text):
    assert parse_dateline(text) is None


def test_a_date_never_runs_from_the_title_into_the_body():
    assert parse_dateline("Talks in Geneva on 5 April\n2017 will be a hard year.") is None


def test_clock_digits_that_are_not_a_time_stay_out_of_the_span():
    text = "Toll rises\nDate of publication 7 July 2016 9999 people fled."
    _date, (start, end) = parse_dateline(text)
    assert text[start:end] == "Date of publication 7 July 2016"


@pytest.mark.parametrize(
    "value,expected",
    [
        ("2017-04-05", D(2017, 4, 5)),
        ("2017-04-05T09:30:00+03:00", D(2017, 4, 5)),
        ("2017-04-05T09:30:00Z", D(2017, 4, 5)),
        ("Tue, 04 Apr 2017 10:00:00 GMT", D(2017, 4, 4)),
        ("April 4, 2017", D(2017, 4, 4)),
        ("04/05/2017", D(2017, 5, 4)),
        (dt.datetime(2017, 4, 5, 23, 0), D(2017, 4, 5)),
        (D(2017, 4, 5), D(2017, 4, 5)),
        ("April 2017", None),
        ("2017", None),
        ("", None),
        (None, None),
        (20170405, None),
    ],
)
def test_parse_date_value(value, expected):
    assert parse_date_value(value) == expected


# Wire datelines, written afresh in each agency's style: (body, the dateline as read, the date
# it says with the reference date 10 May 2020, the agency).
REF = D(2020, 5, 10)
WIRES = [
    (
        "KABUL, Afghanistan, May 3, 2020 (AP) — A bomb hit a checkpoint.",
        "KABUL, Afghanistan, May 3, 2020 (AP)",
        D(2020, 5, 3),
        "AP",
    ),
    ("BEIRUT, April 5 (Reuters) - Air strikes hit a market.", "BEIRUT, April 5 (Reuters)", D(2020, 4, 5), "Reuters"),
    (
        "DAMASCUS, Jan. 12 (Xinhua) -- Shells fell on the old city.",
        "DAMASCUS, Jan. 12 (Xinhua)",
        D(2020, 1, 12),
        "Xinhua",
    ),
    ("New Delhi, May 3 (PTI) Two jawans were killed in an ambush.", "New Delhi, May 3 (PTI)", D(2020, 5, 3), "PTI"),
    (
        "Kabul [Afghanistan], May 3 (ANI): Gunmen attacked a mosque.",
        "Kabul [Afghanistan], May 3 (ANI)",
        D(2020, 5, 3),
        "ANI",
    ),
    ("Srinagar, May 9 (IANS) Militants fired on a patrol.", "Srinagar, May 9 (IANS)", D(2020, 5, 9), "IANS"),
    (
        "RAS AL-AIN, Syria, Oct. 10, 2019 (AFP) - Shelling went on.",
        "RAS AL-AIN, Syria, Oct. 10, 2019 (AFP)",
        D(2019, 10, 10),
        "AFP",
    ),
    (
        "Ras al-Ain, 11 October 2019 (AFP) - Shelling went on.",
        "Ras al-Ain, 11 October 2019 (AFP)",
        D(2019, 10, 11),
        "AFP",
    ),
    ("MOSCOW, May 4. /TASS/. Two officers died in the blast.", "MOSCOW, May 4. /TASS/", D(2020, 5, 4), "TASS"),
    ("WASHINGTON, Feb. 29 (UPI) -- Troops left the base.", "WASHINGTON, Feb. 29 (UPI)", D(2020, 2, 29), "UPI"),
    (
        "MOGADISHU, Somalia, Dec. 30 (AP) — A truck bomb exploded.",
        "MOGADISHU, Somalia, Dec. 30 (AP)",
        D(2019, 12, 30),
        "AP",
    ),  # the latest 30 December on or before the reference date
    ("BAGHDAD, March 2, 2018 - A car bomb killed four people.", "BAGHDAD, March 2, 2018", D(2018, 3, 2), None),
]


@pytest.mark.parametrize("body,written,date,agency", WIRES, ids=[w[1] for w in WIRES])
def test_wire_datelines_give_date_span_and_agency(body, written, date, agency):
    text = "Attack reported\n" + body
    found = find_dateline(text, REF)
    assert found is not None and found.date == date
    start, end = found.span
    assert text[start:end] == written
    assert publishers.find_publisher("Attack reported", body, []) == agency


def test_a_wire_dateline_without_a_year_dates_nothing_without_a_reference():
    text = "Strikes on Idlib\nBEIRUT, April 5 (Reuters) - Strikes hit Idlib on Wednesday."
    found = find_dateline(text)
    assert found.date is None and text[found.span[0] : found.span[1]] == "BEIRUT, April 5 (Reuters)"
    assert parse_dateline(text) is None  # no date: the old API says none


@pytest.mark.parametrize(
    "body,agency",
    [
        ("BEIRUT (Reuters) - Strikes hit Idlib.", "Reuters"),
        ("GILLETTE, Wyo. (AP) — Two men were shot.", "AP"),
        ("Berlin (dpa) - Police raided a flat.", "dpa"),
        ("Damascus, SANA - Army units advanced.", "SANA"),
        ("Desk Reports - TAMPA, Fla. (WFLA) -- Deputies found a man shot.", "WFLA"),
        ("ISLAMABAD, May 3 (APP):Security forces killed three militants.", "APP"),
    ],
)
def test_undated_wire_datelines_give_the_agency(body, agency):
    assert publishers.find_publisher("T", body, []) == agency
    assert parse_dateline("T\n" + body) is None


@pytest.mark.parametrize(
    "body",
    [
        "Free Syrian Army (FSA) fighters took the hill.",  # an acronym in a sentence
        "Strike on Idlib (VIDEO) - the footage shows a crater.",  # a bracket that credits no wire
        "Kabul, May 3, 2020 - a date after a place in lower case.",  # no credit: capitals required
        "On Sunday, May 3 — rockets hit the base.",
        "The ministry (MoD) said five soldiers died.",
    ],
)
def test_not_a_wire_dateline(body):
    text = "T\n" + body
    assert find_dateline(text, REF) is None
    assert publishers.find_publisher("T", body, []) is None


@pytest.mark.parametrize(
    "text,written",
    [
        ("Strike on Idlib\nBy Jane Doe\nApril 5, 2017\nA strike hit Idlib.", "April 5, 2017"),
        (
            "Strike on Idlib\nJane Doe | Staff Writer | 5 April 2017 10:32 GMT\nA strike hit Idlib.",
            "5 April 2017 10:32",
        ),
    ],
)
def test_a_date_ending_a_byline_or_alone_on_its_line_is_a_dateline(text, written):
    date, (start, end) = parse_dateline(text)
    assert date == D(2017, 4, 5) and text[start:end] == written


def test_a_date_ending_a_sentence_line_is_no_dateline():
    assert parse_dateline("Strike on Idlib\nRockets hit the city on 5 April 2017\nMore follows.") is None
