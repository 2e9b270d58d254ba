"""make_article: the shared normalisation path."""

import datetime as dt
from pathlib import Path

from sitrep.ingest import Article, IngestOptions, Rejected, make_article, read_articles

SEED = Path(__file__).resolve().parents[2] / "seeds" / "000_a7069af8299b54a7.txt"


def test_text_is_title_then_body_with_boilerplate_kept_apart():
    a = make_article(
        "  Strike kills 5\n",
        "Five people died  in Homs.\n\n© Copyright Levant Herald 2016. All rights reserved.\nShare this article\n",
        source_uri="x.txt",
    )
    assert isinstance(a, Article)
    assert a.text == "Strike kills 5\nFive people died in Homs."
    assert a.title == "Strike kills 5"
    assert a.copyright == "© Copyright Levant Herald 2016. All rights reserved.\nShare this article"
    assert a.publisher == "Levant Herald"
    assert a.published_on is None  # a copyright year is not a publication date


def test_a_body_repeating_its_title_is_kept_as_is():
    a = make_article("Bomb kills 4", "Bomb kills 4 Wed 05 Apr 2017 A bomb killed four.", source_uri="x")
    assert a.text == "Bomb kills 4\nBomb kills 4 Wed 05 Apr 2017 A bomb killed four."
    assert a.published_on == dt.date(2017, 4, 5)
    start, end = a.dateline
    assert a.text[start:end] == "Wed 05 Apr 2017"


def test_without_a_title_the_first_body_line_is_the_title():
    a = make_article(None, "\nFirst line\nSecond line", source_uri="x")
    assert (a.title, a.text) == ("First line", "First line\nSecond line")


def test_metadata_date_then_dateline_then_default():
    body = "Wed 05 Apr 2017 A strike hit Idlib."
    ref = dt.date(2020, 1, 1)
    opts = IngestOptions(default_published_on=ref)
    assert make_article("T", body, source_uri="x", published_on="2017-04-04", options=opts).published_on == dt.date(
        2017, 4, 4
    )
    assert make_article("T", body, source_uri="x", options=opts).published_on == dt.date(2017, 4, 5)
    assert make_article("T", "A strike hit Idlib.", source_uri="x", options=opts).published_on == ref
    assert make_article("T", body, source_uri="x", published_on="not a date").published_on == dt.date(2017, 4, 5)


def test_publisher_from_text_beats_metadata_and_metadata_beats_nothing():
    assert make_article("T", "Strikes hit. -- REUTERS", source_uri="x", publisher="Site").publisher == "Reuters"
    assert make_article("T", "Strikes hit.", source_uri="x", publisher=" Site ").publisher == "Site"
    assert make_article("T", "Strikes hit.", source_uri="x").publisher is None


def test_empty_and_too_long_are_rejected():
    assert make_article(" ", "\n\t\u00a0\n", source_uri="x") == Rejected(
        "x", "empty", "no text after normalising whitespace; nothing to analyse"
    )
    only = make_article(None, "All rights reserved", source_uri="x")
    assert isinstance(only, Rejected) and only.reason == "empty"
    long = make_article("T", "word " * 100, source_uri="x", options=IngestOptions(max_article_chars=100))
    assert isinstance(long, Rejected) and long.reason == "too_long"
    huge = make_article("T", "w" * 1000, source_uri="x", options=IngestOptions(max_article_chars=100))
    assert isinstance(huge, Rejected) and huge.reason == "too_long"


def test_same_text_same_content_hash_whatever_the_source():
    a = make_article("T", "Body", source_uri="a.txt", url="http://a")
    b = make_article(" T ", "Body\n\n", source_uri="b.txt")
    c = make_article("T", "Body", source_uri="elsewhere/a.txt")
    assert a.content_hash == b.content_hash and a.article_id != b.article_id
    assert a.article_id == c.article_id  # the folder is not part of the key


def test_seed_article():
    [a] = list(read_articles(SEED))
    assert a.title == "At least 30 dead in Deir ez-Zour after Isis launches biggest attack in Syria for months"
    assert a.publisher == "IBTimes"
    assert "IBTimes 2024" in a.copyright
    assert a.published_on is None and a.dateline is None
    assert "©" not in a.text
    assert a.text.startswith(a.title + "\nThe area is of strategic importance")
    assert a.source_uri == str(SEED)


def test_a_wire_dateline_dates_the_article_and_names_its_agency():
    a = make_article(
        "Bomb kills 9 in Kabul",
        "KABUL, Afghanistan, May 3, 2020 (AP) — A car bomb killed nine people on Sunday.",
        source_uri="kabul.txt",
    )
    assert (a.published_on, a.publisher) == (dt.date(2020, 5, 3), "AP")
    start, end = a.dateline  # the span is the dateline that gave the date
    assert a.text[start:end] == "KABUL, Afghanistan, May 3, 2020 (AP)"


def test_a_wire_dateline_without_a_year_takes_it_from_the_reference_date():
    body = "BEIRUT, Dec. 30 (Reuters) - Strikes hit Idlib on Monday."
    ref = IngestOptions(default_published_on=dt.date(2020, 1, 4))
    assert make_article("T", body, source_uri="x", options=ref).published_on == dt.date(2019, 12, 30)
    undated = make_article("T", body, source_uri="x")
    assert undated.published_on is None and undated.dateline is not None  # still no event date
    assert make_article("T", body, source_uri="x", published_on="2019-12-31", options=ref).published_on == dt.date(
        2019, 12, 31
    )  # metadata first
