"""Properties every extractor keeps for any text: no exception, every offset inside the text and
giving back its words, no negative or unstorable count, and rows the warehouse accepts.

The strategies mix arbitrary Unicode with the words the grammars react to (figures of any size,
number words, qualifiers, casualty verbs, quotation marks nested deep, dates, places, actors),
since random text alone almost never reaches the interesting code."""

import datetime as dt

import duckdb
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from sitrep.extract.actors import actor_catalog
from sitrep.extract.article import code_article
from sitrep.extract.dates import find_dates
from sitrep.extract.document import Document
from sitrep.extract.numbers import MAX_COUNT, find_quantities
from sitrep.extract.quotes import find_quotes
from sitrep.extract.text import split_sentences, tokenize
from sitrep.ingest import Article, make_article
from sitrep.load import warehouse as wh
from sitrep.load.batches import to_tables

BIGINT_MAX = 2**63 - 1

words = st.sampled_from(
    [
        "killed",
        "were killed",
        "dead",
        "died",
        "wounded",
        "injured",
        "death toll rose to",
        "killing",
        "people",
        "civilians",
        "soldiers",
        "fighters",
        "children",
        "including",
        "among them",
        "at least",
        "more than",
        "up to",
        "nearly",
        "between",
        "and",
        "to",
        "-",
        "–",
        "dozens of",
        "several",
        "hundreds",
        "thousands of",
        "a dozen",
        "twenty-one",
        "two hundred and fifty",
        "million",
        "billion",
        "thousand",
        "1.5",
        "0",
        "00",
        "280,000",
        "1,000,000,000,000",
        "9" * 40,
        '"',
        "“",
        "”",
        "'",
        "‘",
        "’",
        "«",
        "»",
        '“"“"',
        "said",
        "he said",
        "told",
        ":",
        ",",
        ".",
        ". ",
        "!",
        "?",
        "(",
        ")",
        "\n",
        " ",
        "  ",
        "U.S.",
        "Gen.",
        "Mr.",
        "Islamic State",
        "IS",
        "SANA",
        "the Syrian Observatory for Human Rights",
        "Aleppo",
        "Deir ez-Zor",
        "Idlib",
        "province",
        "Syria",
        "Saturday",
        "on Monday",
        "14 January",
        "January 14, 2016",
        "May 5",
        "2016-02-30",
        "2016-02-29",
        "31 February",
        "yesterday",
        "last week",
        "air strike",
        "shelling",
        "suicide bomber",
        "Bashar al-Assad",
        "ISIS",
        "al-Nusra",
        "e\u0301",
        "\u200b",
        "\u202e",
        "\ufeff",
        "\u0627\u0644",
    ]
)
huge = st.integers(min_value=0, max_value=10**40).map(lambda n: f"{n:,}" if n % 2 else str(n))
pieces = st.one_of(words, words, words, huge, st.text(max_size=6))
texts = st.lists(pieces, max_size=60).map(" ".join)
published = st.one_of(
    st.none(),
    st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)),
    st.sampled_from([dt.date.min, dt.date.max, dt.date(9999, 12, 30)]),
)


def deep_quotes(depth: int) -> str:
    opening = "".join("“\"'‘«"[i % 5] for i in range(depth))
    closing = "".join("”\"'’»"[i % 5] for i in reversed(range(depth)))
    return f"He said {opening}seven people were killed in Aleppo{closing} on Monday, the monitor said."


def _inside(text: str, start, end, surface=None) -> None:
    assert 0 <= start < end <= len(text), (start, end, len(text))
    if surface is not None:
        assert text[start:end] == surface, (text[start:end], surface)


def _count(v, ceiling: int = MAX_COUNT) -> None:
    assert v is None or 0 <= v <= ceiling, v


def check_coded(text: str, coded) -> None:
    for s in coded.sentences:
        _inside(text, s["char_start"], s["char_end"])
    for table in (coded.actor_mentions, coded.place_mentions, coded.dates):
        for m in table:
            _inside(text, m["char_start"], m["char_end"], m["surface"])
    for q in coded.quotes:
        _inside(text, q["char_start"], q["char_end"], q["text"])
    for c in coded.casualties:
        _inside(text, c["char_start"], c["char_end"])
        _count(c["count_low"]), _count(c["count_high"])
        assert c["count_low"] is not None or c["count_high"] is not None
        if c["count_low"] is not None and c["count_high"] is not None:
            assert c["count_low"] <= c["count_high"]
    for e in coded.events:
        for k in ("killed_low", "killed_best", "killed_high", "wounded_low", "wounded_best", "wounded_high"):
            _count(e[k], BIGINT_MAX)  # a list's figures add up (each one at most MAX_COUNT)
        if e["char_start"] is not None:
            _inside(text, e["char_start"], e["char_end"])
    assert sum(e["is_primary"] for e in coded.events) <= 1


@pytest.fixture(scope="module")
def schema():
    """An in-memory warehouse: each example's rows must load into the real schema."""
    con = duckdb.connect()
    wh.migrate(con)
    yield con
    con.close()


def loads(con, article: Article, coded) -> None:
    wh.load_batch(con, to_tables([article], [coded], "property-run"))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(title=texts, body=texts, published_on=published)
@example(title="Blast", body="99999999999999999999999 people were killed in Aleppo.", published_on=None)
@example(title="Blast", body="3,000,000,000 people were killed in Aleppo.", published_on=None)
@example(title="Blast", body=deep_quotes(40), published_on=dt.date(2016, 1, 16))
@example(title="Blast", body="9" * 5000 + " people were killed.", published_on=None)
@example(
    title="Blast",
    body="900,000,000 soldiers and 900,000,000 fighters and 900,000,000 civilians were killed.",
    published_on=None,
)  # one list adds up to killed_best = 2.7e9: over INTEGER, hence migration 002
@example(title="Blast", body="1" * 400 + ".5 million people were killed.", published_on=None)
@example(title="Blast", body="In ²²²² an air strike killed 5 people in Aleppo.", published_on=None)
@example(title="Blast", body="On 30 December an air strike killed 5 on Saturday.", published_on=dt.date.max)
@example(title="Blast", body="On 2 January an air strike killed 5 yesterday, on Saturday.", published_on=dt.date.min)
def test_code_article_any_text(schema, title, body, published_on):
    article = make_article(title, body, source_uri="prop.txt", published_on=published_on)
    if not isinstance(article, Article):
        return
    coded = code_article(article.article_id, article.text, article.published_on, article.dateline)
    check_coded(article.text, coded)
    loads(schema, article, coded)


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=300), published)
def test_code_article_raw_unicode(text, published_on):
    """Unnormalised text too (control characters, lone combining marks, odd line breaks)."""
    check_coded(text, code_article("raw", text, published_on))


@settings(max_examples=300, deadline=None)
@given(texts)
def test_find_quantities(text):
    tokens = tokenize(text)
    for q in find_quantities(tokens):
        assert 0 <= q.first <= q.number_first < q.last <= len(tokens), q
        _count(q.low), _count(q.high)
        assert q.low is not None or q.high is not None
        if q.low is not None and q.high is not None:
            assert q.low <= q.high


@settings(max_examples=300, deadline=None)
@given(texts, published)
def test_find_dates(text, published_on):
    for s in split_sentences(text):
        for d in find_dates(s.no, s.text, s.start, published_on):
            _inside(text, d.char_start, d.char_end, d.text)
            assert s.start <= d.char_start and d.char_end <= s.end


@settings(max_examples=300, deadline=None)
@given(texts, st.integers(min_value=0, max_value=60))
def test_find_quotes(text, depth):
    text = text + " " + deep_quotes(depth)
    doc = Document.from_text(text)
    catalog = actor_catalog()
    for q in find_quotes(text, doc.sentences, catalog.mentions(doc), catalog):
        _inside(text, q.char_start, q.char_end, q.text)


@pytest.mark.parametrize(
    "body",
    [
        "killed " * 4000,  # one 28k-character sentence
        " ".join(str(n) for n in range(5000)) + " were killed.",  # a list of 5,000 figures
        "“" * 3000 + "seven were killed" + "”" * 3000,  # quotation marks nested 3,000 deep
        "Aleppo, " * 3000 + "were shelled.",  # one place named 3,000 times
        "(" * 5000 + "12 killed" + ")" * 5000,
        "A" + " A" * 8000 + ' said "nothing at all here".',  # one 16k-character capitalised run
    ],
)
def test_pathological_sentences_finish_quickly(body):
    import time

    article = make_article("Title", body, source_uri="long.txt")
    started = time.perf_counter()
    coded = code_article(article.article_id, article.text, None)
    assert time.perf_counter() - started < 10
    check_coded(article.text, coded)
