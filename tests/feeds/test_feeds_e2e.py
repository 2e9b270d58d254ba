"""News feeds end to end: `sitrep run --feed` against a news site served on 127.0.0.1, through
the real Prefect flow into a real DuckDB file. No test reaches beyond the machine."""

import duckdb
import pytest

from sitrep.cli import main as sitrep
from tests.feeds.site import FURNITURE, STORIES, Route, Site

RSS_STORIES, ATOM_STORIES = STORIES[:12], STORIES[12:]


@pytest.fixture(scope="module")
def site():
    with Site() as s:
        rss_entries = [(s.add_story(story, with_date=i % 3 != 0), story) for i, story in enumerate(RSS_STORIES)]
        dead = {**STORIES[0], "slug": "withdrawn-story", "title": "A story the site withdrew"}
        s.add_rss("/feeds/world.rss", "Example Times: World", [*rss_entries, ("/news/withdrawn-story.html", dead)])
        s.add_atom(
            "/feeds/africa.atom", "Example Times: Africa", [(s.add_story(story), story) for story in ATOM_STORIES]
        )
        yield s


@pytest.fixture(scope="module")
def runs(site, tmp_path_factory, prefect_server):
    """Run 1 follows the RSS feed; run 2 the RSS and the Atom feed."""
    warehouse = str(tmp_path_factory.mktemp("feeds") / "sitrep.duckdb")
    rss, atom = site.url("/feeds/world.rss"), site.url("/feeds/africa.atom")
    first = sitrep(["run", "--feed", rss, "--warehouse", warehouse, "--fetch-delay", "0", "--quiet"])
    with duckdb.connect(warehouse, read_only=True) as con:
        after_first = con.execute("SELECT count(*) FROM articles").fetchone()[0]
    hits_after_first = {path: site.hits(path) for path in site.routes}
    second = sitrep(["run", "--feed", rss, "--feed", atom, "--warehouse", warehouse, "--fetch-delay", "0", "--quiet"])
    return warehouse, first, second, after_first, hits_after_first


def rows(warehouse, sql):
    with duckdb.connect(warehouse, read_only=True) as con:
        return con.execute(sql).fetchall()


def test_a_feed_run_codes_every_live_item_and_quarantines_the_dead_link(runs, site):
    warehouse, first, _, after_first, _ = runs
    assert first == 1 - 1 and after_first == 12
    assert rows(warehouse, "SELECT source_uri, reason FROM quarantine") == [
        (site.url("/news/withdrawn-story.html"), "dead_link")
    ]


def test_the_next_run_codes_only_the_new_feeds_items_and_fetches_no_page_twice(runs, site):
    warehouse, _, second, _, hits_after_first = runs
    assert second == 0
    assert rows(warehouse, "SELECT count(*) FROM articles")[0][0] == 18
    for story in RSS_STORIES:
        path = f"/news/{story['slug']}.html"
        assert hits_after_first[path] == 1 and site.hits(path) == 1, path
    for story in ATOM_STORIES:
        assert site.hits(f"/news/{story['slug']}.html") == 1
    # the unchanged RSS feed was asked conditionally and answered 304
    assert site.headers_of("/feeds/world.rss")[-1].get("If-None-Match")
    assert rows(warehouse, "SELECT last_status FROM feeds WHERE feed_url LIKE '%world.rss'") == [("not_modified",)]


def test_every_feed_article_has_its_url_title_date_feed_and_no_page_furniture(runs, site):
    warehouse = runs[0]
    articles = rows(warehouse, "SELECT url, title, published_on, feed_url, publisher, text FROM articles")
    by_title = {s["title"]: s for s in STORIES}
    for url, title, published_on, feed_url, publisher, text in articles:
        story = by_title[title]
        assert url == site.url(f"/news/{story['slug']}.html")
        assert feed_url.endswith(("/feeds/world.rss", "/feeds/africa.atom"))
        assert published_on is not None and published_on.isoformat() == story["published"][:10]
        assert publisher
        assert story["body"][0] in text
        for furniture in FURNITURE:
            assert furniture not in text, (title, furniture)


def test_feed_articles_are_coded_like_any_article(runs):
    warehouse = runs[0]
    [(killed,)] = rows(
        warehouse,
        "SELECT s.killed_best FROM article_summary s WHERE s.title = 'Car bomb kills 14 at Mogadishu checkpoint'",
    )
    assert killed == 14
    assert rows(warehouse, "SELECT count(*) FROM feed_items WHERE status = 'coded'")[0][0] == 18


def test_failures_stay_small_and_a_failing_feed_rests(site, tmp_path, prefect_server):
    s = site
    s.routes["/slow/story.html"] = Route(b"<html><body><p>late</p></body></html>", delay=2)
    s.routes["/links.html"] = Route(
        b"<html><body><ul>"
        + b"".join(f'<li><a href="/n{i}">Story {i}</a></li>'.encode() for i in range(30))
        + b"</ul></body></html>"
    )
    s.routes["/robots.txt"] = Route(b"User-agent: *\nDisallow: /private/\n", "text/plain")
    s.routes["/private/story.html"] = Route(s.routes[f"/news/{STORIES[1]['slug']}.html"].body)
    s.routes["/busy/story.html"] = Route(s.routes[f"/news/{STORIES[2]['slug']}.html"].body, fail_first=1)
    s.routes["/broken.rss"] = Route(b"<html><body>Moved to our new website</body></html>", "text/html")
    s.add_rss(
        "/mixed.rss",
        "Mixed",
        [
            ("/slow/story.html", {**STORIES[3], "slug": "slow"}),
            ("/links.html", {**STORIES[4], "slug": "links"}),
            ("/private/story.html", {**STORIES[1], "slug": "private"}),
            ("/busy/story.html", {**STORIES[2], "slug": "busy"}),
        ],
    )
    warehouse = str(tmp_path / "sitrep.duckdb")
    args = [
        "run",
        "--feed",
        s.url("/mixed.rss"),
        "--feed",
        s.url("/broken.rss"),
        "--warehouse",
        warehouse,
        "--fetch-delay",
        "0",
        "--fetch-timeout",
        "0.5",
        "--quiet",
    ]
    assert sitrep(args) == 0
    reasons = dict(rows(warehouse, "SELECT source_uri, reason FROM quarantine"))
    assert reasons == {
        s.url("/slow/story.html"): "fetch_failed",
        s.url("/links.html"): "no_article",
        s.url("/private/story.html"): "robots_disallowed",
        s.url("/broken.rss"): "bad_feed",
    }
    assert s.hits("/private/story.html") == 0
    # retried after a 503, then coded
    assert rows(warehouse, "SELECT count(*) FROM articles WHERE url LIKE '%/busy/story.html'")[0][0] == 1
    [(failures, rest)] = rows(
        warehouse,
        "SELECT consecutive_failures, next_check_after > last_checked_at FROM feeds WHERE feed_url LIKE '%broken.rss'",
    )
    assert failures == 1 and rest
    broken_hits, slow_hits = s.hits("/broken.rss"), s.hits("/slow/story.html")
    assert sitrep(args) == 0
    assert s.hits("/broken.rss") == broken_hits  # resting: not asked again at once
    assert s.hits("/slow/story.html") > slow_hits  # a timeout may pass: tried again
    assert s.hits("/links.html") == 1  # not an article: never again
    assert rows(warehouse, "SELECT count(*) FROM quarantine")[0][0] == 4  # no duplicates
