"""Normalisation, boilerplate and the content key."""

from hypothesis import given, settings
from hypothesis import strategies as st

from sitrep.ingest.text import article_id, normalise_lines, split_boilerplate


def test_spaces_lines_and_unicode_are_normalised():
    raw = "  Cafe\u0301\u00a0bombing\t\tkills  3 \r\n\r\n\u2003\nSecond\u202fline \u200b\n"
    assert normalise_lines(raw) == ["Café bombing kills 3", "Second line"]


def test_curly_quotes_are_kept():
    assert normalise_lines("He said “it was a massacre” and ‘left’.") == ["He said “it was a massacre” and ‘left’."]


def test_boilerplate_lines_are_split_off_whole():
    lines = [
        "Three people were killed, Sana said.",
        "© Copyright IBTimes 2024. All rights reserved.",
        "Copyright 2017 Reuters",
        "All rights reserved",
        "Share this article",
        "Follow us on Twitter",
        "Click here to subscribe to our newsletter",
        "Read more: Syria talks stall",
        "Tweet Email Print",
        "The copyright of the photo, taken in 2016, is disputed by the agency and the family.",
    ]
    kept, removed = split_boilerplate(lines)
    assert kept == [lines[0], lines[-1]]
    assert removed == lines[1:-1]


def test_a_long_paragraph_is_never_boilerplate():
    line = "All rights reserved, the lawyer said, " + "and the case went on. " * 20
    assert split_boilerplate([line]) == ([line], [])


def test_article_id_is_a_16_hex_hash_of_file_name_and_text():
    assert article_id("Title\nBody", "a/x.txt") == article_id("Title\nBody", "b/x.txt")
    assert article_id("Title\nBody", "x.txt") != article_id("Title\nBody.", "x.txt")
    assert article_id("Title\nBody", "x.txt") != article_id("Title\nBody", "y.txt")
    assert len(article_id("x")) == 16 and int(article_id("x"), 16) >= 0


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_normalised_lines_are_clean_and_stable(raw):
    lines = normalise_lines(raw)
    for line in lines:
        assert line and line == line.strip() and "  " not in line and "\n" not in line
        assert "\t" not in line and "\u00a0" not in line
    assert normalise_lines("\n".join(lines)) == lines
