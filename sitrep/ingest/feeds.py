"""News feeds in: the items of RSS 2.0, RSS 1.0 and Atom feeds, their pages fetched and read
like any HTML article (`sitrep run --feed URL`, `--feeds FILE`).

A run asks each feed with the validators of its last answer (ETag, Last-Modified), so an
unchanged feed costs one 304; it fetches only the pages of items the warehouse has never seen
(by their URL and by the feed's id for them); a feed that keeps failing rests, longer each
time, instead of being asked every run. The state lives in the warehouse (tables `feeds` and
`feed_items`; sitrep/load/feed_state.py): this module only fetches and reads."""

from __future__ import annotations

import calendar
import datetime as dt
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from sitrep.errors import SitrepError
from sitrep.ingest.model import Article, IngestOptions, Rejected
from sitrep.ingest.readers import article_from_html
from sitrep.ingest.web import FetchError, FetchOptions, PoliteFetcher, fetch_all

# Query parameters that only say where a reader clicked from: one story, one key.
_TRACKING = ("utm_", "fbclid", "gclid", "mc_cid", "mc_eid", "ocid", "cmpid", "at_medium", "at_campaign")
# A feed failing this many times in a row is reported as failing in the run's summary.
FAILING_AFTER = 3
# After its n-th failure in a row a feed rests REST_BASE * 2**(n-1), at most REST_MAX.
REST_BASE = dt.timedelta(minutes=15)
REST_MAX = dt.timedelta(days=1)
# A page whose fetch failed for a reason that may pass is tried again by this many runs in all.
MAX_ATTEMPTS = 3


class FeedListError(SitrepError, ValueError):
    """The feed list cannot be read; the message says why and where."""


def read_feed_list(path: str | Path) -> list[str]:
    """The feed URLs of an OPML file (what feed readers export: every outline's xmlUrl, nested
    folders included) or of a plain list (one URL a line; blank lines and # comments skipped)."""
    p = Path(path)
    try:
        raw = p.read_text(encoding="utf-8-sig")
    except OSError as e:
        raise FeedListError(f"feed list {str(path)!r}: {e.strerror or e}") from None
    except UnicodeDecodeError:
        raise FeedListError(f"feed list {str(path)!r} is not UTF-8 text (an OPML file or one URL a line)") from None
    if raw.lstrip().startswith("<"):
        urls = _opml_urls(raw, path)
    else:
        urls = [line.strip() for line in raw.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    bad = [u for u in urls if urlsplit(u).scheme not in ("http", "https") or not urlsplit(u).netloc]
    if bad:
        raise FeedListError(f"feed list {str(path)!r}: not an http(s) URL: {bad[0]!r}")
    if not urls:
        raise FeedListError(f"feed list {str(path)!r} names no feed")
    return list(dict.fromkeys(urls))


def _opml_urls(raw: str, path: str | Path) -> list[str]:
    try:
        root = ET.fromstring(raw)
    except ET.ParseError as e:
        raise FeedListError(f"feed list {str(path)!r} is not well-formed OPML: {e}") from None
    return [o.get("xmlUrl", "").strip() for o in root.iter("outline") if o.get("xmlUrl", "").strip()]


def item_key(url: str) -> str:
    """An item's URL as a key: scheme and host lower-case, no fragment, no tracking tags."""
    parts = urlsplit(url.strip())
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not k.lower().startswith(_TRACKING)]
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path or "/", urlencode(query), ""))


@dataclass(frozen=True)
class FeedState:
    """What the warehouse remembers of a feed (table `feeds`)."""

    feed_url: str
    etag: str | None = None
    last_modified: str | None = None
    consecutive_failures: int = 0
    next_check_after: dt.datetime | None = None


@dataclass(frozen=True)
class FeedItem:
    feed_url: str
    key: str
    url: str
    guid: str | None
    title: str | None
    published: dt.datetime | None
    attempts: int = 1  # this fetch included


@dataclass
class FeedPoll:
    """One feed asked once: its new state and its items."""

    feed_url: str
    status: str  # ok | not_modified | resting | the quarantine reason
    checked_at: dt.datetime
    title: str | None = None
    site_url: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    error: str | None = None
    consecutive_failures: int = 0
    next_check_after: dt.datetime | None = None
    items: list[FeedItem] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return self.status not in ("ok", "not_modified", "resting")


def poll_feed(fetcher: PoliteFetcher, state: FeedState, now: dt.datetime) -> FeedPoll:
    """Ask one feed for what is new since its last answer; a resting feed is not asked."""
    if state.next_check_after is not None and now < state.next_check_after:
        return FeedPoll(
            state.feed_url,
            "resting",
            now,
            consecutive_failures=state.consecutive_failures,
            next_check_after=state.next_check_after,
            etag=state.etag,
            last_modified=state.last_modified,
        )
    headers = {
        "Accept": "application/rss+xml, application/atom+xml, application/rdf+xml, "
        "application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5"
    }
    if state.etag:
        headers["If-None-Match"] = state.etag
    if state.last_modified:
        headers["If-Modified-Since"] = state.last_modified
    try:
        answer = fetcher.get(state.feed_url, headers, obey_robots=False)
    except FetchError as e:
        return _failed(state, now, e.reason, e.detail)
    if answer.status == 304:
        return FeedPoll(state.feed_url, "not_modified", now, etag=state.etag, last_modified=state.last_modified)
    import feedparser  # only runs that follow feeds pay its import

    parsed = feedparser.parse(
        answer.body,
        response_headers={
            "content-location": answer.url,
            "content-type": answer.headers.get("content-type", "application/xml"),
        },
    )
    if not parsed.get("version") and not parsed.entries:
        problem = parsed.get("bozo_exception")
        return _failed(
            state,
            now,
            "bad_feed",
            f"{state.feed_url} is not an RSS or Atom feed" + (f" ({str(problem).splitlines()[0]})" if problem else ""),
        )
    poll = FeedPoll(
        state.feed_url,
        "ok",
        now,
        title=_clean(parsed.feed.get("title")),
        site_url=_clean(parsed.feed.get("link")),
        etag=answer.headers.get("etag"),
        last_modified=answer.headers.get("last-modified"),
    )
    poll.items = [item for entry in parsed.entries if (item := _item(state.feed_url, entry))]
    return poll


def _failed(state: FeedState, now: dt.datetime, reason: str, detail: str) -> FeedPoll:
    n = state.consecutive_failures + 1
    rest = min(REST_BASE * 2 ** (n - 1), REST_MAX)
    return FeedPoll(
        state.feed_url,
        reason,
        now,
        error=detail,
        consecutive_failures=n,
        next_check_after=now + rest,
        etag=state.etag,
        last_modified=state.last_modified,
    )


def _item(feed_url: str, entry) -> FeedItem | None:
    link = _clean(entry.get("link"))
    if not link or urlsplit(link).scheme not in ("http", "https"):
        return None
    when = entry.get("published_parsed") or entry.get("updated_parsed")
    published = dt.datetime.fromtimestamp(calendar.timegm(when), dt.UTC).replace(tzinfo=None) if when else None
    return FeedItem(feed_url, item_key(link), link, _clean(entry.get("id")), _clean(entry.get("title")), published)


def _clean(value) -> str | None:
    text = " ".join(str(value).split()) if value else ""
    return text or None


@dataclass
class Harvest:
    """What one run took from its feeds: articles to code, items refused, and every feed's poll
    with the items whose pages were fetched (to be recorded once the articles are loaded)."""

    articles: list[Article] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)
    polls: list[FeedPoll] = field(default_factory=list)
    fetched: list[tuple[FeedItem, str | None, Rejected | None, bool]] = field(default_factory=list)
    # (item, article_id or None, its refusal or None, whether the refusal may pass)

    @property
    def items_found(self) -> int:
        return sum(len(p.items) for p in self.polls)


def read_pages(
    fetcher: PoliteFetcher,
    items: list[FeedItem],
    titles: dict[str, str | None],
    options: IngestOptions,
    fetch_options: FetchOptions,
    harvest: Harvest,
) -> None:
    """Fetch every item's page (hosts side by side, each host politely) and read its article."""

    def read(item: FeedItem) -> tuple[Article | None, Rejected | None, bool]:
        try:
            page = fetcher.get(item.url, {"Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5"})
        except FetchError as e:
            return None, Rejected(item.url, e.reason, e.detail), e.transient
        kind = page.headers.get("content-type", "text/html").split(";")[0].strip().lower()
        if kind and "html" not in kind and "xml" not in kind:
            return None, Rejected(item.url, "unsupported", f"{kind} at {item.url}, not a web page"), False
        made = article_from_html(
            page.body,
            item.url,
            options,
            url=item.url,
            feed_url=item.feed_url,
            fallback_title=item.title,
            fallback_date=item.published,
            fallback_publisher=titles.get(item.feed_url),
        )
        if isinstance(made, Rejected):
            return None, made, False
        return made, None, False

    for item, (article, rejected, transient) in zip(
        items, fetch_all(items, lambda i: i.url, read, fetch_options), strict=False
    ):
        if article is not None:
            harvest.articles.append(article)
        if rejected is not None:
            harvest.rejected.append(rejected)
        harvest.fetched.append((item, article.article_id if article else None, rejected, transient))


def new_items(polls: list[FeedPoll]) -> list[FeedItem]:
    """Every item of this run's feeds, once per key (a story in two feeds is one page)."""
    seen: dict[str, FeedItem] = {}
    for poll in polls:
        for item in poll.items:
            seen.setdefault(item.key, item)
    return list(seen.values())


def harvest_feeds(
    fetcher: PoliteFetcher,
    states: list[FeedState],
    unseen,
    options: IngestOptions,
    fetch_options: FetchOptions,
    now: dt.datetime,
) -> Harvest:
    """Poll every feed, then fetch and read the pages of the items `unseen(items)` keeps (the
    ones the warehouse has not seen, and the failed ones it may retry: `unseen(items, feeds)`
    is given the feeds that answered). A feed that failed is refused like an unreadable file."""
    polls = fetch_all(states, lambda s: s.feed_url, lambda s: poll_feed(fetcher, s, now), fetch_options)
    harvest = Harvest(polls=polls)
    harvest.rejected.extend(Rejected(p.feed_url, p.status, p.error or p.status) for p in polls if p.failed)
    todo = unseen(new_items(polls), [p.feed_url for p in polls if p.status in ("ok", "not_modified")])
    read_pages(fetcher, todo, {p.feed_url: p.title for p in polls}, options, fetch_options, harvest)
    return harvest
