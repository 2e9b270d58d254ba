import datetime as dt

from sitrep.extract.dates import find_dates


def dates(text, published=None):
    return [(m.text, m.date, m.precision) for m in find_dates(1, text, 0, published)]


def test_explicit_dates():
    assert dates("The raid on 3 March 2016 hit a bakery.") == [("3 March 2016", dt.date(2016, 3, 3), "day")]
    assert dates("Talks resumed on February 9, 2017.") == [("February 9, 2017", dt.date(2017, 2, 9), "day")]


def test_day_and_month_without_a_year_needs_the_publication_date():
    assert dates("The town fell on 14 January.") == [("14 January", None, "day")]
    assert dates("The town fell on 14 January.", dt.date(2017, 1, 16)) == [("14 January", dt.date(2017, 1, 14), "day")]
    # a day after publication belongs to the year before
    assert dates("Since 28 December the siege tightened.", dt.date(2017, 1, 3))[0][1] == dt.date(2016, 12, 28)


def test_weekday_resolves_to_the_latest_such_day():
    published = dt.date(2016, 6, 21)  # a Tuesday
    assert dates("Jets struck on Monday.", published) == [("Monday", dt.date(2016, 6, 20), "day")]
    assert dates("Jets struck on Tuesday.", published) == [("Tuesday", dt.date(2016, 6, 21), "day")]
    assert dates("Jets struck on Monday.") == [("Monday", None, "day")]


def test_weekday_beside_a_date_is_one_mention_and_contradictions_are_flagged():
    m = find_dates(1, "Shells fell on Saturday (14 January) at dawn.", 0, dt.date(2017, 1, 20))
    assert [(x.text, x.date) for x in m] == [("Saturday (14 January)", dt.date(2017, 1, 14))]
    assert m[0].weekday_conflict is False
    m = find_dates(1, "Shells fell on Friday (14 January).", 0, dt.date(2017, 1, 20))
    assert m[0].weekday_conflict is True


def test_month_and_year_and_relative_words():
    assert dates("Hundreds died in August 2013.") == [("August 2013", dt.date(2013, 8, 1), "month")]
    assert dates("Two were killed yesterday.", dt.date(2015, 5, 2)) == [("yesterday", dt.date(2015, 5, 1), "day")]


def test_may_the_verb_is_not_a_month():
    assert dates("Officials said the toll may 5 times higher.") == []


def test_dateline_span_is_skipped():
    text = "Wed 05 Apr 2017 Strikes hit on Tuesday."
    found = find_dates(1, text, 0, dt.date(2017, 4, 5), skip=(0, 15))
    assert [m.text for m in found] == ["Tuesday"]


def test_the_anchor_is_in_every_date_expression():
    """find_dates skips a sentence its anchor pattern does not match: no date pattern may match there."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from sitrep.extract.dates import _patterns

    p = _patterns()
    pieces = st.one_of(
        st.sampled_from(
            [
                "14",
                "2016",
                "2016-02-29",
                "January",
                "Jan.",
                "May",
                "Sept",
                "of",
                "Saturday",
                "TODAY",
                "Yesterday",
                "yeſterday",
                "laſt night",
                "thİs morning",
                "the day before",
                "two days ago",
                "Overnight",
                "-",
                ",",
                " ",
                "\n",
                "(",
                ")",
            ]
        ),
        st.text(max_size=5),
    )

    @settings(max_examples=1000, deadline=None)
    @given(st.lists(pieces, max_size=10).map(" ".join))
    def check(text):
        if any(rx.search(text) for rx in (p.full, p.day_month, p.month_year, p.weekday, p.relative)):
            assert p.anchor.search(text)

    check()


def test_the_first_character_lookaheads_change_no_match():
    """The date patterns look ahead at the first character only to fail faster."""
    import re

    from hypothesis import given, settings
    from hypothesis import strategies as st

    from sitrep.extract.dates import _patterns

    p = _patterns()
    pairs = []
    for rx in (p.full, p.day_month, p.month_year, p.weekday, p.relative):
        plain = re.sub(r"\(\?=[^()]*\)", "", rx.pattern)
        assert plain != rx.pattern
        pairs.append((rx, re.compile(plain, rx.flags)))
    pieces = st.one_of(
        st.sampled_from(
            [
                "14",
                "3rd",
                "2016",
                "2016-02-29",
                "January",
                "Jan.",
                "May",
                "of",
                "Saturday",
                "TODAY",
                "yeſterday",
                "laſt night",
                "thİs morning",
                "٣",
                "-",
                ",",
                " ",
                "(",
            ]
        ),
        st.text(max_size=5),
    )

    @settings(max_examples=1000, deadline=None)
    @given(st.lists(pieces, max_size=10).map(" ".join))
    def check(text):
        for fast, plain in pairs:
            assert [m.groupdict() | {"": m.span()} for m in fast.finditer(text)] == [
                m.groupdict() | {"": m.span()} for m in plain.finditer(text)
            ]

    check()
