"""Feed lists, feeds and polite fetching, against a site on 127.0.0.1 (no Prefect here)."""

import datetime as dt

import pytest

from sitrep.ingest.feeds import FeedListError, FeedState, item_key, poll_feed, read_feed_list
from sitrep.ingest.web import FetchError, FetchOptions, PoliteFetcher, user_agent
from tests.feeds.site import STORIES, Route, Site, rss1

NOW = dt.datetime(2026, 11, 11, 12, 0)


@pytest.fixture
def site():
    with Site() as s:
        yield s


def test_an_opml_file_names_every_feed_in_every_folder(tmp_path):
    opml = tmp_path / "subscriptions.opml"
    opml.write_text("""<?xml version="1.0"?><opml version="2.0"><head><title>Mine</title></head><body>
<outline text="Wires"><outline text="A" type="rss" xmlUrl="https://a.example/rss"/>
<outline text="B" type="rss" xmlUrl="https://b.example/atom.xml"/></outline>
<outline text="C" type="rss" xmlUrl="https://c.example/feed"/>
<outline text="A again" type="rss" xmlUrl="https://a.example/rss"/></body></opml>""")
    assert read_feed_list(opml) == ["https://a.example/rss", "https://b.example/atom.xml", "https://c.example/feed"]


def test_a_plain_list_takes_one_url_a_line_and_skips_comments(tmp_path):
    plain = tmp_path / "feeds.txt"
    plain.write_text("# wires\nhttps://a.example/rss\n\n  https://b.example/feed  \n")
    assert read_feed_list(plain) == ["https://a.example/rss", "https://b.example/feed"]


@pytest.mark.parametrize(
    "content, says",
    [
        ("not a url\n", r"not an http\(s\) URL"),
        ("<opml><body><outline", "not well-formed OPML"),
        ("# nothing yet\n", "names no feed"),
    ],
)
def test_a_bad_feed_list_says_what_is_wrong(tmp_path, content, says):
    path = tmp_path / "feeds.opml"
    path.write_text(content)
    with pytest.raises(FeedListError, match=says):
        read_feed_list(path)


def test_an_items_key_drops_fragments_and_tracking_tags():
    assert (
        item_key("HTTPS://News.Example/a/story?id=7&utm_source=rss&utm_medium=feed#top")
        == "https://news.example/a/story?id=7"
    )
    assert item_key("https://news.example/a?fbclid=x") == item_key("https://news.example/a")


def test_rss1_feeds_are_read_with_their_dates(site):
    entries = [(site.add_story(s), s) for s in STORIES[:2]]
    site.routes["/rss1"] = Route(rss1("Agency", site.base, entries).encode(), "application/rdf+xml")
    with PoliteFetcher(FetchOptions(delay=0)) as fetcher:
        poll = poll_feed(fetcher, FeedState(site.url("/rss1")), NOW)
    assert poll.status == "ok" and poll.title == "Agency"
    assert [i.url for i in poll.items] == [site.url(p) for p, _ in entries]
    assert poll.items[0].published == dt.datetime(2026, 11, 2, 7, 40)


def test_a_feed_is_asked_with_its_validators_and_a_304_brings_nothing(site):
    site.add_rss("/rss", "World", [(site.add_story(STORIES[0]), STORIES[0])])
    with PoliteFetcher(FetchOptions(delay=0)) as fetcher:
        first = poll_feed(fetcher, FeedState(site.url("/rss")), NOW)
        again = poll_feed(fetcher, FeedState(site.url("/rss"), first.etag, first.last_modified), NOW)
    assert first.etag and len(first.items) == 1
    assert again.status == "not_modified" and again.items == []
    assert site.headers_of("/rss")[-1]["If-None-Match"] == first.etag


def test_a_failing_feed_rests_longer_after_each_failure(site):
    site.routes["/gone.rss"] = Route(b"<html>moved</html>", status=410)
    with PoliteFetcher(FetchOptions(delay=0)) as fetcher:
        first = poll_feed(fetcher, FeedState(site.url("/gone.rss")), NOW)
        third = poll_feed(fetcher, FeedState(site.url("/gone.rss"), consecutive_failures=2), NOW)
        resting = poll_feed(
            fetcher,
            FeedState(site.url("/gone.rss"), consecutive_failures=3, next_check_after=NOW + dt.timedelta(hours=1)),
            NOW,
        )
    assert first.status == "dead_link" and first.consecutive_failures == 1
    assert third.next_check_after - NOW == 4 * (first.next_check_after - NOW)
    assert resting.status == "resting" and site.hits("/gone.rss") == 2


def test_requests_to_one_host_wait_their_turn_and_name_sitrep(site):
    for n in range(3):
        site.routes[f"/p{n}"] = Route(b"<html>x</html>")
    waits = []
    with PoliteFetcher(FetchOptions(delay=5), sleep=waits.append) as fetcher:
        for n in range(3):
            fetcher.get(site.url(f"/p{n}"))
    assert len(waits) == 3 and all(4 < w <= 5 for w in waits)  # robots.txt, then three pages
    assert site.headers_of("/p0")[0]["User-Agent"] == user_agent() and "sitrep" in user_agent()


def test_robots_txt_is_obeyed_and_its_crawl_delay_kept(site):
    site.routes["/robots.txt"] = Route(b"User-agent: *\nCrawl-delay: 7\nDisallow: /private/\n", "text/plain")
    site.routes["/a"] = Route(b"<html>a</html>")
    site.routes["/b"] = Route(b"<html>b</html>")
    site.routes["/private/c"] = Route(b"<html>c</html>")
    waits = []
    with PoliteFetcher(FetchOptions(delay=0), sleep=waits.append) as fetcher:
        fetcher.get(site.url("/a"))
        fetcher.get(site.url("/b"))
        with pytest.raises(FetchError) as refused:
            fetcher.get(site.url("/private/c"))
    assert refused.value.reason == "robots_disallowed" and site.hits("/private/c") == 0
    assert site.hits("/robots.txt") == 1 and any(6 < w <= 7 for w in waits)


def test_transient_failures_are_retried_with_backoff_and_permanent_ones_are_not(site):
    site.routes["/busy"] = Route(b"<html>ok</html>", fail_first=2)
    site.routes["/down"] = Route(b"<html>ok</html>", fail_first=99)
    waits = []
    with PoliteFetcher(FetchOptions(delay=0, retries=2, backoff=1), sleep=waits.append) as fetcher:
        assert fetcher.get(site.url("/busy")).body == b"<html>ok</html>"
        assert waits == [1, 2]
        with pytest.raises(FetchError) as down:
            fetcher.get(site.url("/down"))
        with pytest.raises(FetchError) as gone:
            fetcher.get(site.url("/nowhere"))
    assert down.value.transient and down.value.reason == "fetch_failed" and site.hits("/down") == 3
    assert gone.value.reason == "dead_link" and not gone.value.transient and site.hits("/nowhere") == 1


def test_a_page_over_the_size_limit_is_abandoned(site):
    site.routes["/huge"] = Route(b"<html>" + b"x" * 200_000 + b"</html>")
    with PoliteFetcher(FetchOptions(delay=0, max_bytes=100_000)) as fetcher, pytest.raises(FetchError) as big:
        fetcher.get(site.url("/huge"))
    assert big.value.reason == "too_large"


def test_a_page_that_does_not_answer_in_time_is_a_transient_failure(site):
    site.routes["/slow"] = Route(b"<html>late</html>", delay=1.5)
    with PoliteFetcher(FetchOptions(delay=0, timeout=0.3, retries=0)) as fetcher, pytest.raises(FetchError) as late:
        fetcher.get(site.url("/slow"))
    assert late.value.transient and "no answer within" in late.value.detail


def test_the_example_feed_list_shipped_with_sitrep_reads():
    from tests.conftest import ROOT

    urls = read_feed_list(ROOT / "feeds.example.opml")
    assert len(urls) == 5 and all(u.startswith("https://") for u in urls)
