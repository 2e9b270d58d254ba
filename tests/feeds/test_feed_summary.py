"""What a run says of its feeds: the terminal's line and the artifact's table."""

from sitrep.runs import RunSummary
from sitrep.runs import feeds_markdown as _feeds_markdown

FEEDS = [
    dict(
        feed_url="https://a.example/rss",
        title="A",
        status="ok",
        error=None,
        items=12,
        pages_fetched=5,
        pages_refused=1,
        consecutive_failures=0,
        failing=False,
        next_check_after=None,
    ),
    dict(
        feed_url="https://b.example/rss",
        title=None,
        status="bad_feed",
        error="not an RSS or Atom feed",
        items=0,
        pages_fetched=0,
        pages_refused=0,
        consecutive_failures=3,
        failing=True,
        next_check_after="2026-12-03 20:00:00",
    ),
    dict(
        feed_url="https://c.example/rss",
        title="C",
        status="resting",
        error=None,
        items=0,
        pages_fetched=0,
        pages_refused=0,
        consecutive_failures=4,
        failing=True,
        next_check_after="2026-12-04 08:00:00",
    ),
]


def test_the_run_line_counts_polls_fetches_and_failing_feeds():
    note = RunSummary(run_id="r", warehouse="w", feeds=FEEDS).feeds_note()
    assert note == (
        "; feeds: 2 polled (0 unchanged, 1 resting after failures), 5 new items fetched, 2 failing again and again"
    )
    assert RunSummary(run_id="r", warehouse="w").feeds_note() == ""


def test_the_artifact_lists_failing_feeds_first_with_when_they_are_asked_next():
    table = _feeds_markdown(FEEDS).splitlines()
    rows = [line for line in table if line.startswith("| https://")]
    assert [r.split(" | ")[0] for r in rows] == [
        "| https://b.example/rss",
        "| https://c.example/rss",
        "| https://a.example/rss",
    ]
    assert "failing: rests until 2026-12-03 20:00:00" in rows[0] and "not an RSS or Atom feed" in rows[0]
