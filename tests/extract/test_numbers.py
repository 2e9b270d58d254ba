from flows.extract.numbers import find_quantities
from flows.extract.text import tokenize


def quantities(text):
    return [(q.low, q.high, q.qualifier) for q in find_quantities(tokenize(text))]


def test_digits_and_thousands_separators():
    assert quantities("12 and 1,250 and 280000") == [(12, 12, "exact"), (1250, 1250, "exact"), (280000, 280000, "exact")]


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
