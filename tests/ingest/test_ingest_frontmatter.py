"""Front matter: the YAML block before a Markdown or text article fills its fields and leaves
its text; a malformed block never costs the article. Every example written for these tests."""

import datetime as dt

import pytest

from sitrep.ingest import Article, IngestOptions, read_articles
from sitrep.ingest.frontmatter import FrontMatter, split_front_matter

D = dt.date


def test_front_matter_fills_the_fields_and_leaves_the_text():
    front, rest = split_front_matter(
        "---\ntitle: Airstrike kills 4 near Marib\ndate: 2021-03-14\nurl: https://news.example/marib\n"
        "source: Example News\nid: 0042\ntags: [yemen, airstrike]\n---\nAn airstrike killed four.\n"
    )
    assert front == FrontMatter(
        title="Airstrike kills 4 near Marib",
        published_on=D(2021, 3, 14),
        url="https://news.example/marib",
        publisher="Example News",
        external_id="0042",
    )
    assert rest == "An airstrike killed four.\n"


@pytest.mark.parametrize(
    "key,value,date",
    [
        ("date", "2021-03-14", D(2021, 3, 14)),  # a YAML date
        ("date", "2021-03-14T23:30:00+04:30", D(2021, 3, 14)),  # a YAML datetime, its own day
        ("published", "March 14, 2021", D(2021, 3, 14)),  # a string
        ("published_on", "'14/03/2021'", D(2021, 3, 14)),
        ("pubdate", "Sun, 14 Mar 2021 08:00:00 GMT", D(2021, 3, 14)),
        ("date_published", "2021-03-14 08:00", D(2021, 3, 14)),
        ("publishDate", "2021-03-14", D(2021, 3, 14)),  # Hugo's camel case
    ],
)
def test_every_date_key_and_form(key, value, date):
    front, _ = split_front_matter(f"---\n{key}: {value}\n---\nBody.")
    assert front.published_on == date and front.problems == ()


@pytest.mark.parametrize(
    "block,field,value",
    [
        ("link: https://news.example/a", "url", "https://news.example/a"),
        ("source_url: https://news.example/b", "url", "https://news.example/b"),
        ("publisher: Daily Example", "publisher", "Daily Example"),
        ("outlet: Example Wire", "publisher", "Example Wire"),
        ("site: example.org", "publisher", "example.org"),
        ("Title: No", "title", "No"),  # not YAML 1.1's False
    ],
)
def test_aliases_fill_the_same_field(block, field, value):
    front, _ = split_front_matter(f"---\n{block}\n---\nBody.")
    assert getattr(front, field) == value


def test_the_first_listed_key_wins():
    front, _ = split_front_matter("---\npublished: 2021-03-10\ndate: 2021-03-14\n---\nBody.")
    assert front.published_on == D(2021, 3, 14)


def test_bad_yaml_keeps_what_reads_and_says_where():
    front, rest = split_front_matter("---\ntitle: Clashes: 5 killed in Tripoli\ndate: 2021-03-14\n---\nBody.")
    assert (front.title, front.published_on, rest) == ("Clashes: 5 killed in Tripoli", D(2021, 3, 14), "Body.")
    [problem] = front.problems
    assert "not valid YAML" in problem and "line 2" in problem and "quote" in problem


def test_a_block_never_closed_ends_at_the_first_line_that_is_no_key():
    front, rest = split_front_matter(
        "---\ntitle: Raid on a village\ndate: 2021-03-14\n\nTRIPOLI: Gunmen raided a village.\n"
    )
    assert (front.title, front.published_on) == ("Raid on a village", D(2021, 3, 14))
    assert rest.strip() == "TRIPOLI: Gunmen raided a village."
    [problem] = front.problems
    assert "never closed" in problem and "lines 2-3 read as front matter" in problem


@pytest.mark.parametrize(
    "block,problem",
    [
        ("date: sometime last week", "'date: sometime last week' is not a date"),
        ("date: 2021-02-30", "'date: 2021-02-30' is not a date"),
        ("source: [Wire A, Wire B]", "'source' holds a list"),
    ],
)
def test_values_that_cannot_be_read_are_named(block, problem):
    front, rest = split_front_matter(f"---\ntitle: T\n{block}\n---\nBody.")
    assert front.title == "T" and rest == "Body."
    assert any(problem in p for p in front.problems)


@pytest.mark.parametrize(
    "text",
    [
        "Title\nBody.",
        "---\nA line of prose between two rules.\n",  # a rule, never closed, no key
        "---\n- a bullet\n- another\n---\nBody.",  # a list between rules
        "---\nJust prose here\n---\nBody.",  # a scalar between rules
    ],
)
def test_no_front_matter(text):
    assert split_front_matter(text) == (None, text)


def test_bom_crlf_and_the_yaml_document_end_closing():
    front, rest = split_front_matter("\ufeff---\r\ntitle: T\r\ndate: 2021-03-14\r\n...\r\nBody.\r\n")
    assert (front.title, front.published_on, rest) == ("T", D(2021, 3, 14), "Body.\r\n")


# --- through the .md and .txt readers ------------------------------------------------------


def read_one(path, **options):
    [a] = list(read_articles(path, IngestOptions(**options)))
    assert isinstance(a, Article)
    return a


FRONT = (
    "---\ntitle: Airstrike kills 4 near Marib\ndate: 2021-03-14\nurl: https://news.example/marib\n"
    "source: Example News\n---\n"
)


def test_markdown_heading_repeating_the_title_is_not_kept_twice(tmp_path):
    p = tmp_path / "marib.md"
    p.write_text(FRONT + "# Airstrike kills 4 near Marib\n\nAn airstrike killed four fighters on Saturday.\n")
    a = read_one(p)
    assert (a.title, a.published_on, a.url, a.publisher) == (
        "Airstrike kills 4 near Marib",
        D(2021, 3, 14),
        "https://news.example/marib",
        "Example News",
    )
    assert a.text == "Airstrike kills 4 near Marib\nAn airstrike killed four fighters on Saturday."
    assert a.warnings == ()


def test_with_a_front_matter_title_the_first_line_is_body_text(tmp_path):
    p = tmp_path / "marib.txt"
    p.write_text(FRONT + "An airstrike killed four fighters on Saturday.\nTribal leaders condemned it.\n")
    a = read_one(p)
    assert a.text == (
        "Airstrike kills 4 near Marib\nAn airstrike killed four fighters on Saturday.\nTribal leaders condemned it."
    )


def test_without_a_front_matter_title_a_heading_is_the_title_and_prose_is_not(tmp_path):
    heading, prose = tmp_path / "h.md", tmp_path / "p.md"
    heading.write_text("---\ndate: 2021-03-14\n---\n## Clashes in Marib\n\nFighting went on overnight.\n")
    prose.write_text("---\ndate: 2021-03-14\n---\nFighting went on overnight, residents said. Four died.\n")
    assert read_one(heading).title == "Clashes in Marib"
    assert read_one(prose).title is None
    assert read_one(prose).text == "\nFighting went on overnight, residents said. Four died."


def test_metadata_date_beats_the_dateline(tmp_path):
    p = tmp_path / "a.md"
    p.write_text(FRONT + "Wed 10 Mar 2021 An airstrike killed four fighters.\n")
    assert read_one(p).published_on == D(2021, 3, 14)


def test_malformed_front_matter_codes_the_article_and_says_why(tmp_path):
    p = tmp_path / "broken.md"
    p.write_text(
        "---\ntitle: Clashes: 5 killed in Tripoli\ndate: 2021-03-14\nurl: https://news.example/t\n"
        "Five people were killed in clashes in Tripoli on Sunday.\n"
    )
    a = read_one(p)
    assert (a.title, a.published_on, a.url) == (
        "Clashes: 5 killed in Tripoli",
        D(2021, 3, 14),
        "https://news.example/t",
    )
    assert "---" not in a.text and "url:" not in a.text
    assert a.text.endswith("Five people were killed in clashes in Tripoli on Sunday.")
    assert any("never closed" in w for w in a.warnings)


@pytest.mark.parametrize("rule", ["-----", "---", "* * *"])
def test_a_rule_opening_a_file_is_never_its_title(tmp_path, rule):
    p = tmp_path / "rule.txt"
    p.write_text(f"{rule}\nStrike kills 4 in Homs\nFour people were killed.\n")
    assert read_one(p).text == "Strike kills 4 in Homs\nFour people were killed."
