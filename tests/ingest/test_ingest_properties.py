"""Properties that hold for any input: make_article never raises, and what it returns keeps the
invariants the rest of the pipeline relies on (offsets index `text`, the id is the content)."""

import hashlib

from hypothesis import given, settings
from hypothesis import strategies as st

from sitrep.ingest import Article, Rejected, make_article, parse_dateline

# Text with the characters that matter here: spaces of every kind, newlines, digits, dates.
pieces = st.sampled_from(
    [
        " ",
        "  ",
        "\t",
        "\n",
        "\r\n",
        "\u00a0",
        "\u200b",
        "\u2028",
        "©",
        "“",
        "”",
        "'",
        "-",
        "--",
        ".",
        "Wed",
        "05",
        "Apr",
        "2017",
        "April",
        "19",
        "Posted on",
        "by",
        "Reuters",
        "AFP",
        "(AFP)",
        "Copyright",
        "All rights reserved",
        "Share this article",
        "e\u0301",
        "Homs",
        "killed",
        "12",
        "20.07.2016",
        "16-06-2016",
        "2016-08-06",
        "at",
        "0914",
        "18:32",
    ]
)
texts = st.lists(st.one_of(pieces, st.text(max_size=5)), max_size=40).map("".join)


@settings(max_examples=300, deadline=None)
@given(title=st.one_of(st.none(), texts), body=texts)
def test_make_article_invariants(title, body):
    a = make_article(title, body, source_uri="p.txt")
    if isinstance(a, Rejected):
        assert a.reason in {"empty", "too_long"}
        return
    assert isinstance(a, Article)
    lines = a.text.split("\n")
    assert lines[0] == a.title and all(line == line.strip() and line for line in lines)
    assert "  " not in a.text and "\t" not in a.text and "\r" not in a.text
    assert a.content_hash == hashlib.sha256(a.text.encode()).hexdigest()[:16]
    if a.dateline:
        start, end = a.dateline
        assert 0 <= start < end <= len(a.text)
        assert parse_dateline(a.text)[1] == a.dateline
    again = make_article(a.title, "\n".join(lines[1:]), source_uri=a.source_uri)
    assert again.text == a.text and again.article_id == a.article_id


@settings(max_examples=300, deadline=None)
@given(texts)
def test_parse_dateline_span_is_inside_the_text(text):
    found = parse_dateline(text)
    if found:
        start, end = found[1]
        assert 0 <= start < end <= len(text)
        assert any(ch.isdigit() for ch in text[start:end])
