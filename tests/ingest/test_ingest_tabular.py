"""Collections with one article per row: .csv, .jsonl, .parquet."""

import datetime as dt
import json

import pyarrow as pa
import pyarrow.parquet as pq

from sitrep.ingest import Article, IngestOptions, Rejected, read_articles

BODY = "Four people were killed in Homs on Monday state media said."  # no comma: CSV-safe


def split(results):
    results = list(results)
    return ([r for r in results if isinstance(r, Article)], [r for r in results if isinstance(r, Rejected)])


def test_csv_with_common_names_and_quoted_newlines(tmp_path):
    p = tmp_path / "news.csv"
    p.write_text(
        "ID,Headline,Body,Date,Link,Source\n"
        f'a1,Strike kills 4,"{BODY}\nRescuers searched the rubble.",2017-04-05,http://x/1,Levant Herald\n'
        f"a2,Raid on Raqqa,Wed 05 Apr 2017 A raid hit Raqqa.,,,\n"
        f',"No id, no link",{BODY},,,\n',
        encoding="utf-8",
    )
    arts, rejected = split(read_articles(p))
    assert rejected == []
    first, second, third = arts
    assert first.title == "Strike kills 4"
    assert first.text == f"Strike kills 4\n{BODY}\nRescuers searched the rubble."
    assert first.published_on == dt.date(2017, 4, 5)
    assert (first.url, first.publisher, first.external_id) == ("http://x/1", "Levant Herald", "a1")
    assert first.source_uri == f"{p}#a1"
    assert second.published_on == dt.date(2017, 4, 5) and second.publisher is None
    assert third.source_uri == f"{p}#3" and third.external_id is None
    assert third.title == "No id, no link"


def test_csv_rows_that_are_empty_or_malformed_are_rejected_one_by_one(tmp_path):
    p = tmp_path / "rows.csv"
    p.write_text(f"title,text\nOne,{BODY}\nTwo,\nThree,{BODY},extra field\nFour,{BODY} Again.\n")
    arts, rejected = split(read_articles(p))
    assert [a.title for a in arts] == ["One", "Four"]
    assert sorted(r.reason for r in rejected) == ["bad_row", "empty"]
    empty = next(r for r in rejected if r.reason == "empty")
    assert empty.source_uri == f"{p}#2"
    bad = next(r for r in rejected if r.reason == "bad_row")
    assert "extra field" in bad.detail


def test_csv_without_text_column_names_what_it_saw(tmp_path):
    p = tmp_path / "notext.csv"
    p.write_text("headline,when\nStrike,2017-04-05\n")
    [r] = read_articles(p)
    assert r.reason == "no_text_column" and "'headline'" in r.detail and "'when'" in r.detail


def test_column_overrides(tmp_path):
    p = tmp_path / "custom.csv"
    p.write_text(f"hed,copy,day,body\nStrike,{BODY},05/04/2017,not this one\n")
    opts = IngestOptions(title_column="HED", text_column="copy", date_column="day")
    [a] = read_articles(p, opts)
    assert (a.title, a.published_on) == ("Strike", dt.date(2017, 4, 5))
    assert a.text == f"Strike\n{BODY}"
    [r] = read_articles(p, IngestOptions(text_column="missing"))
    assert r.reason == "no_text_column" and "'missing'" in r.detail


def test_prefixed_names_are_found(tmp_path):
    p = tmp_path / "fakes.csv"
    p.write_text(
        f"unit_id,article_title,article_content,source,date,location\n1914947530,Strike,{BODY},nna,4/5/2017,idlib\n"
    )
    [a] = read_articles(p)
    assert (a.title, a.publisher) == ("Strike", "nna")


def test_csv_in_cp1252(tmp_path):
    p = tmp_path / "latin.csv"
    p.write_bytes("title,text\nCafé hit,The owner said “it was a massacre” in the café.\n".encode("cp1252"))
    [a] = read_articles(p)
    assert a.text == "Café hit\nThe owner said “it was a massacre” in the café."


def test_csv_streams_in_batches(tmp_path, monkeypatch):
    p = tmp_path / "many.csv"
    p.write_text("id,text\n" + "".join(f"{i},Row {i} {BODY}\n" for i in range(2000)))
    arts, rejected = split(read_articles(p))
    assert len(arts) == 2000 and not rejected
    assert arts[-1].source_uri == f"{p}#1999"


def test_header_only_and_empty_csv(tmp_path):
    header = tmp_path / "header.csv"
    header.write_text("title,text\n")
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    assert [r.reason for r in read_articles(header)] == ["empty"]
    assert [r.reason for r in read_articles(empty)] == ["empty"]


def test_jsonl_broken_line_among_good_ones(tmp_path):
    p = tmp_path / "news.jsonl"
    lines = [
        json.dumps({"title": "One", "text": BODY, "published": "2017-04-05", "id": 7}),
        '{"title": "Two", "text": "unterminated',
        "",
        json.dumps(["not", "an", "object"]),
        json.dumps({"Title": "Four", "Text": BODY + " Again."}),
        json.dumps({"title": "Five", "text": ""}),
        json.dumps({"title": "Six"}),
    ]
    p.write_text("\n".join(lines) + "\n")
    arts, rejected = split(read_articles(p))
    assert [a.title for a in arts] == ["One", "Four"]
    assert arts[0].source_uri == f"{p}#7" and arts[0].external_id == "7"
    assert arts[0].published_on == dt.date(2017, 4, 5)
    assert arts[1].source_uri == f"{p}#5"
    assert [(r.source_uri, r.reason) for r in rejected] == [
        (f"{p}#2", "bad_json"),
        (f"{p}#4", "bad_json"),
        (f"{p}#6", "empty"),
        (f"{p}#7", "bad_row"),
    ]
    assert rejected[0].detail.startswith("line 2:")


def test_jsonl_line_that_is_not_utf8_is_read_in_its_own_encoding(tmp_path):
    p = tmp_path / "mixed.jsonl"
    good = json.dumps({"text": BODY}).encode()
    p.write_bytes(good + b"\n" + '{"text": "Shelling near the café in Homs."}'.encode("cp1252") + b"\n" + good + b"\n")
    results = list(read_articles(p))
    assert [getattr(r, "reason", "article") for r in results] == ["article", "article", "article"]
    assert "café" in results[1].text


def test_jsonl_without_text_field(tmp_path):
    p = tmp_path / "notext.jsonl"
    p.write_text(json.dumps({"headline": "x", "when": "2017"}) + "\n")
    [r] = read_articles(p)
    assert r.reason == "no_text_column" and "'headline'" in r.detail


def test_parquet_with_typed_columns(tmp_path):
    p = tmp_path / "news.parquet"
    pq.write_table(
        pa.table(
            {
                "doc_id": pa.array([10, 11], pa.int64()),
                "headline": ["Strike kills 4", "Raid on Raqqa"],
                "content": [BODY, "Thu Dec 29 2016 A raid hit Raqqa."],
                "published_at": pa.array([dt.datetime(2017, 4, 5, 9, 30), None], pa.timestamp("s")),
            }
        ),
        p,
    )
    first, second = read_articles(p)
    assert (first.source_uri, first.external_id) == (f"{p}#10", "10")
    assert first.published_on == dt.date(2017, 4, 5)
    assert second.published_on == dt.date(2016, 12, 29)


def test_parquet_with_an_int_text_column_is_cast_to_string(tmp_path):
    p = tmp_path / "ints.parquet"
    pq.write_table(pa.table({"title": ["Count", None], "text": pa.array([42, None], pa.int32())}), p)
    arts, rejected = split(read_articles(p))
    assert [a.text for a in arts] == ["Count\n42"]
    assert [(r.source_uri, r.reason) for r in rejected] == [(f"{p}#2", "empty")]


def test_parquet_with_a_nested_text_column(tmp_path):
    p = tmp_path / "nested.parquet"
    pq.write_table(pa.table({"text": pa.array([["a", "b"]], pa.list_(pa.string()))}), p)
    [r] = read_articles(p)
    assert r.reason == "bad_parquet" and "text_column" in r.detail


def test_parquet_that_is_not_parquet(tmp_path):
    p = tmp_path / "broken.parquet"
    p.write_bytes(b"PAR1 this is not really a parquet file PAR1")
    [r] = read_articles(p)
    assert r.reason == "bad_parquet"


def test_parquet_without_text_column_and_without_rows(tmp_path):
    p = tmp_path / "notext.parquet"
    pq.write_table(pa.table({"headline": ["x"]}), p)
    assert [r.reason for r in read_articles(p)] == ["no_text_column"]
    empty = tmp_path / "norows.parquet"
    pq.write_table(pa.table({"text": pa.array([], pa.string())}), empty)
    assert [r.reason for r in read_articles(empty)] == ["empty"]


def test_a_row_without_a_title_column_keeps_its_prose_in_the_body(tmp_path):
    """A table of one-paragraph notes: the first sentence is no headline, and sentence 0 (the
    title) is empty rather than the whole note."""
    from sitrep.ingest.article import make_article

    note = "On 3 May, gunmen attacked a checkpoint near the town. Two soldiers were wounded."
    a = make_article(None, note, source_uri="notes.jsonl#1", body_may_lack_title=True)
    assert a.title is None and a.text == "\n" + note
    headline = make_article(
        None, "Blast kills 12 in Kabul\nThe blast hit a market.", source_uri="notes.jsonl#2", body_may_lack_title=True
    )
    assert headline.title == "Blast kills 12 in Kabul"
