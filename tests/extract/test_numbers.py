from sitrep.extract.numbers import find_quantities
from sitrep.extract.text import tokenize


def quantities(text):
    return [(q.low, q.high, q.qualifier) for q in find_quantities(tokenize(text))]


def test_digits_and_thousands_separators():
    assert quantities("12 and 1,250 and 280000") == [
        (12, 12, "exact"),
        (1250, 1250, "exact"),
        (280000, 280000, "exact"),
    ]


def test_number_words():
    assert quantities("twenty-one") == [(21, 21, "exact")]
    assert quantities("forty five") == [(45, 45, "exact")]
    assert quantities("two hundred and fifty") == [(250, 250, "exact")]
    assert quantities("a dozen") == [(12, 12, "exact")]
    assert quantities("half a dozen") == [(6, 6, "exact")]


def test_qualifiers_follow_the_codebook_table():
    assert quantities("at least 30") == [(30, None, "at_least")]
    assert quantities("more than 100") == [(100, None, "more_than")]
    assert quantities("over 100") == [(100, None, "more_than")]
    assert quantities("nearly 50") == [(50, 50, "about")]
    assert quantities("up to 20") == [(None, 20, "up_to")]
    assert quantities("as high as 900") == [(None, 900, "up_to")]
    assert quantities("between 10 and 15") == [(10, 15, "range")]
    assert quantities("10-15") == [(10, 15, "range")]


def test_vague_quantities():
    assert quantities("several") == [(3, None, "vague")]
    assert quantities("a few") == [(3, None, "vague")]
    assert quantities("dozens of") == [(12, None, "vague")]
    assert quantities("tens of") == [(10, None, "vague")]
    assert quantities("scores of") == [(20, None, "vague")]
    assert quantities("hundreds of") == [(100, None, "vague")]


def test_some_without_a_number_is_no_quantity():
    assert quantities("some residents fled") == []


def test_decimal_with_multiplier():
    assert quantities("1.5 million") == [(1500000, 1500000, "exact")]


def _every_position(words):
    """find_quantities_in as first written: _quantity_at asked at every word."""
    from sitrep.extract.numbers import _quantity_at

    found, i = [], 0
    while i < len(words):
        q = _quantity_at(words, i)
        found.append(q) if q else None
        i = q.last if q else i + 1
    return found


def test_only_possible_starts_are_asked():
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from sitrep.extract.lexicon import lexicon
    from sitrep.extract.numbers import find_quantities_in

    g = lexicon("numbers")
    grammar = sorted(
        {k for section in ("units", "tens", "multipliers", "phrases", "vague") for k in g[section]}
        | {p for ps in g["qualifiers"].values() for p in ps}
    )
    pieces = st.one_of(
        st.sampled_from(grammar),
        st.sampled_from(grammar),
        st.sampled_from(
            [
                "between",
                "and",
                "to",
                "-",
                "of",
                "in",
                "as",
                "a",
                "people",
                "twenty-one",
                "forty-ten",
                "al-assad",
                "6-week",
                "1.5",
                "1,000",
                "7",
            ]
        ),
        st.text(max_size=4),
    )

    @settings(max_examples=1000, deadline=None)
    @given(st.lists(pieces, max_size=8))
    def check(ps):
        words = [w for p in ps for w in (p.split() or [p])]
        assert find_quantities_in(words) == _every_position(words)

    check()


def test_two_dozen_a_handful_and_both():
    assert quantities("two dozen") == [(24, 24, "exact")]
    assert quantities("a handful of") == [(3, None, "vague")]
    assert quantities("both") == [(2, 2, "exact")]


def test_ordinal_days_are_no_quantity():
    assert quantities("1st") == []
    assert quantities("23rd") == []
