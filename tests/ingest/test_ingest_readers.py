"""Single-article files: .txt, .md, .html, and every way they can be bad."""

import datetime as dt
import os
import shutil

import pytest

from sitrep.ingest import Article, IngestOptions, Rejected, read_articles

ARTICLE = "Strike kills 4 in Homs\nFour people were killed in Homs on Monday, state media said.\n"


def read_one(path, **options):
    results = list(read_articles(path, IngestOptions(**options)))
    assert len(results) == 1
    return results[0]


def test_text_file_title_then_body(tmp_path):
    p = tmp_path / "homs.txt"
    p.write_text("\n\n  " + ARTICLE + "\n\nRescuers searched the rubble.\n", encoding="utf-8")
    a = read_one(p)
    assert isinstance(a, Article)
    assert a.title == "Strike kills 4 in Homs"
    assert a.text == (
        "Strike kills 4 in Homs\nFour people were killed in Homs on Monday, state media said.\n"
        "Rescuers searched the rubble."
    )
    assert a.source_uri == str(p)


def test_utf8_bom_and_crlf(tmp_path):
    p = tmp_path / "bom.txt"
    p.write_bytes(b"\xef\xbb\xbf" + ARTICLE.replace("\n", "\r\n").encode())
    assert read_one(p).text == ARTICLE.strip()


def test_cp1252_file_with_smart_quotes_and_accents(tmp_path):
    p = tmp_path / "cp1252.txt"
    text = (
        "Café bombing kills 3 in Aleppo\n"
        "The owner of the café said “it was a massacre” after the blast in Aleppo’s old city.\n"
    )
    p.write_bytes(text.encode("cp1252"))
    a = read_one(p)
    assert a.text == text.strip()
    assert "“it was a massacre”" in a.text and "Café" in a.title


def test_utf16_with_bom(tmp_path):
    p = tmp_path / "utf16.txt"
    p.write_bytes(ARTICLE.encode("utf-16"))
    assert read_one(p).text == ARTICLE.strip()


def test_markdown_markup_is_removed(tmp_path):
    p = tmp_path / "a.md"
    p.write_text(
        "# Strike kills 4 in Homs\n\n**Four people** were killed in [Homs](https://x.example/homs) "
        "on Monday.\n\n![a photo](img.png)\n## Reaction\nThe governor condemned it.\n"
    )
    a = read_one(p)
    assert a.text == (
        "Strike kills 4 in Homs\nFour people were killed in Homs on Monday.\nReaction\nThe governor condemned it."
    )


@pytest.mark.parametrize(
    "content,reason",
    [
        (b"", "empty"),
        (b"  \n\t\r\n ", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200), "binary"),
        (bytes(range(1, 32)) * 20, "binary"),
        (bytes(range(0x80, 0x100)) * 4, "undecodable"),
    ],
)
def test_bad_text_files(tmp_path, content, reason):
    p = tmp_path / "bad.txt"
    p.write_bytes(content)
    r = read_one(p)
    assert isinstance(r, Rejected) and r.reason == reason and r.source_uri == str(p)


def test_too_large_is_checked_before_reading(tmp_path, monkeypatch):
    p = tmp_path / "big.txt"
    p.write_text(ARTICLE * 100)

    def no_open(*args, **kwargs):
        raise AssertionError("the file was opened")

    monkeypatch.setattr("builtins.open", no_open)
    r = read_one(p, max_file_bytes=1000)
    assert r.reason == "too_large" and "max_file_bytes" in r.detail


def test_too_long_article(tmp_path):
    p = tmp_path / "long.txt"
    p.write_text(ARTICLE * 10)
    assert read_one(p, max_article_chars=200).reason == "too_long"


def test_vanished_file_is_unreadable(tmp_path):
    r = read_one(tmp_path / "gone.txt")
    assert r.reason == "unreadable" and "No such file" in r.detail


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file")
def test_unpermitted_file_is_unreadable(tmp_path):
    p = tmp_path / "secret.txt"
    p.write_text(ARTICLE)
    p.chmod(0)
    assert read_one(p).reason == "unreadable"


def test_symlink_loop_file(tmp_path):
    (tmp_path / "a.txt").symlink_to(tmp_path / "b.txt")
    (tmp_path / "b.txt").symlink_to(tmp_path / "a.txt")
    assert read_one(tmp_path / "a.txt").reason == "symlink_loop"


def test_unsupported_extension(tmp_path):
    p = tmp_path / "report.pdf"
    p.write_bytes(b"%PDF-1.4")
    r = read_one(p)
    assert r.reason == "unsupported" and ".txt" in r.detail


def test_html_main_text_and_metadata(fixtures):
    a = read_one(fixtures / "strike_idlib.html")
    assert a.title == "Air strike kills 12 in Idlib market"
    lines = a.text.split("\n")
    assert lines[0] == a.title and lines[1].startswith("An air strike hit a crowded market")
    assert lines.count(a.title) == 1  # the <h1> is not repeated
    assert "“The market was full of people buying food for the evening,”" in a.text
    for junk in ("Home", "Subscribe", "Football results", "Privacy policy", "©"):
        assert junk not in a.text
    assert a.published_on == dt.date(2017, 4, 5)
    assert a.publisher == "Levant Herald"
    assert a.url == "https://levant-herald.example/world/air-strike-idlib-market"


def test_html_copyright_footer_is_not_a_date(tmp_path, fixtures):
    page = (fixtures / "strike_idlib.html").read_text(encoding="utf-8")
    page = page.replace('<meta property="article:published_time" content="2017-04-05T09:30:00+03:00">', "")
    p = tmp_path / "nodate.htm"
    p.write_text(page, encoding="utf-8")
    assert read_one(p).published_on is None


def test_html_without_main_text_is_no_article(fixtures, tmp_path):
    assert read_one(fixtures / "nav_only.html").reason == "no_article"
    empty = tmp_path / "empty.html"
    empty.write_text("<html><body></body></html>")
    assert read_one(empty).reason == "no_article"


def test_same_text_from_two_files_shares_a_content_hash_and_rereads_are_stable(tmp_path):
    (tmp_path / "one.txt").write_text(ARTICLE)
    shutil.copy(tmp_path / "one.txt", tmp_path / "two.txt")
    first, again, other = (read_one(tmp_path / n) for n in ("one.txt", "one.txt", "two.txt"))
    assert first == again
    assert first.content_hash == other.content_hash and first.article_id != other.article_id


def test_rejected_reasons_are_codes():
    with pytest.raises(ValueError):
        Rejected("x", "broken", "not a code")
    assert Rejected("x", "empty", "two\nlines").detail == "two lines"
