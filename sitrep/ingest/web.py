"""Polite HTTP for feeds and their pages: what a crawler owes the sites it reads.

One request at a time per host, `delay` seconds apart (or the host's robots.txt Crawl-delay,
if longer); a User-Agent that names sitrep; robots.txt obeyed for pages; timeouts; transient
failures (timeouts, refused connections, 429 and 5xx) retried with a doubling backoff that
honours Retry-After; a page larger than `max_bytes` abandoned while it streams in. Hosts are
independent: different hosts are fetched at once, each in its own thread (`fetch_all`).

Nothing here raises for a bad site: a failure is a `FetchError` with a quarantine reason
(sitrep/ingest/model.py) and a one-line detail, marked transient when a later run may succeed."""

from __future__ import annotations

import email.utils
import threading
import time
import urllib.robotparser
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import lru_cache
from importlib.metadata import PackageNotFoundError, version
from typing import TypeVar
from urllib.parse import urlsplit

import httpx

from sitrep.errors import SitrepError

T = TypeVar("T")
R = TypeVar("R")


@lru_cache(maxsize=1)
def user_agent() -> str:
    """Computed when first needed: reading the installed version scans site-packages (80 ms
    that every run paid at import, feeds or not)."""
    try:
        v = version("sitrep")
    except PackageNotFoundError:
        v = "dev"
    return f"sitrep/{v} (conflict-event coding of news feeds; +https://pypi.org/project/sitrep/)"


# Statuses a later try may not get: rate limits and server trouble.
_TRANSIENT_STATUS = frozenset({408, 425, 429, 500, 502, 503, 504})
_GONE_STATUS = frozenset({404, 410})


@dataclass(frozen=True)
class FetchOptions:
    delay: float = 1.0  # seconds between two requests to one host
    timeout: float = 20.0  # seconds to connect, and between two reads
    retries: int = 2  # further tries after a transient failure
    backoff: float = 1.0  # seconds before the first retry; doubles each time
    max_retry_after: float = 60.0  # a longer Retry-After is not waited for: the next run tries
    max_bytes: int = 5_000_000  # a page or feed larger than this is abandoned
    max_crawl_delay: float = 30.0  # a robots.txt Crawl-delay beyond this is held at this
    max_hosts_at_once: int = 8


@dataclass(frozen=True)
class Fetched:
    url: str  # where the answer came from, after redirects
    status: int  # 200, or 304 for a conditional request that found nothing new
    headers: httpx.Headers
    body: bytes


class FetchError(SitrepError):
    def __init__(self, reason: str, detail: str, transient: bool = False):
        super().__init__(detail)
        self.reason, self.detail, self.transient = reason, detail, transient


@dataclass
class _Host:
    lock: threading.Lock = field(default_factory=threading.Lock)
    last_request: float = 0.0
    robots: urllib.robotparser.RobotFileParser | None = None
    robots_error: FetchError | None = None
    robots_read: bool = False


class PoliteFetcher:
    """An HTTP client that keeps the manners above; use it as a context manager."""

    def __init__(self, options: FetchOptions = FetchOptions(), sleep: Callable[[float], None] = time.sleep):
        self.options = options
        self._sleep = sleep
        self._hosts: dict[str, _Host] = {}
        self._hosts_lock = threading.Lock()
        self._client = httpx.Client(
            headers={"User-Agent": user_agent()},
            follow_redirects=True,
            max_redirects=5,
            timeout=httpx.Timeout(options.timeout),
        )

    def __enter__(self) -> PoliteFetcher:
        return self

    def __exit__(self, *exc) -> None:
        self._client.close()

    def get(self, url: str, headers: dict[str, str] | None = None, obey_robots: bool = True) -> Fetched:
        """The answer for `url` (200, or 304 to a conditional request), or a FetchError."""
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise FetchError("fetch_failed", f"not an http(s) URL: {url!r}")
        host = self._host(parts)
        with host.lock:  # one request at a time per host
            if obey_robots:
                self._check_robots(url, parts, host)
            return self._get_with_retries(url, headers or {}, host)

    def _host(self, parts) -> _Host:
        key = f"{parts.scheme}://{parts.netloc}".lower()
        with self._hosts_lock:
            return self._hosts.setdefault(key, _Host())

    def _check_robots(self, url: str, parts, host: _Host) -> None:
        if not host.robots_read:
            host.robots_read = True
            robots_url = f"{parts.scheme}://{parts.netloc}/robots.txt"
            try:
                answer = self._get_with_retries(robots_url, {}, host, allow_status=True)
            except FetchError as e:  # RFC 9309: an unreachable robots.txt means "do not crawl"
                host.robots_error = FetchError(
                    "fetch_failed",
                    f"robots.txt of {parts.netloc} unreachable ({e.detail}): its pages are not fetched this run",
                    True,
                )
            else:
                host.robots = _robots_rules(robots_url, answer)
                if host.robots is None and answer.status >= 500:
                    host.robots_error = FetchError(
                        "fetch_failed",
                        f"robots.txt of {parts.netloc} answered {answer.status}: its pages are not fetched this run",
                        True,
                    )
        if host.robots_error is not None:
            raise host.robots_error
        if host.robots is not None and not host.robots.can_fetch(user_agent(), url):
            raise FetchError(
                "robots_disallowed", f"{parts.netloc}/robots.txt disallows {parts.path or '/'} for sitrep: not fetched"
            )

    def _get_with_retries(self, url: str, headers: dict[str, str], host: _Host, allow_status: bool = False) -> Fetched:
        o = self.options
        wait = o.backoff
        for attempt in range(o.retries + 1):
            self._keep_distance(host)
            try:
                answer = self._get_once(url, headers)
            except FetchError as e:
                if not e.transient or attempt == o.retries:
                    raise
                self._sleep(wait)
                wait *= 2
                continue
            if answer.status in (200, 304) or (allow_status and answer.status not in _TRANSIENT_STATUS):
                return answer
            if answer.status in _TRANSIENT_STATUS:
                retry_after = _retry_after(answer.headers)
                if attempt == o.retries or (retry_after or 0) > o.max_retry_after:
                    raise FetchError("fetch_failed", f"HTTP {answer.status} from {url}", transient=True)
                self._sleep(max(wait, retry_after or 0))
                wait *= 2
                continue
            if answer.status in _GONE_STATUS:
                raise FetchError("dead_link", f"HTTP {answer.status}: {url} is not there (moved or removed)")
            raise FetchError("fetch_failed", f"HTTP {answer.status} from {url}")
        raise AssertionError("unreachable")

    def _keep_distance(self, host: _Host) -> None:
        delay = self.options.delay
        if host.robots is not None:
            crawl_delay = host.robots.crawl_delay(user_agent())
            if crawl_delay:
                delay = max(delay, min(float(crawl_delay), self.options.max_crawl_delay))
        since = time.monotonic() - host.last_request
        if host.last_request and since < delay:
            self._sleep(delay - since)
        host.last_request = time.monotonic()

    def _get_once(self, url: str, headers: dict[str, str]) -> Fetched:
        limit = self.options.max_bytes
        try:
            with self._client.stream("GET", url, headers=headers) as r:
                declared = r.headers.get("content-length", "")
                if declared.isdigit() and int(declared) > limit:
                    raise FetchError("too_large", f"{int(declared):,} bytes at {url}; the limit is {limit:,}")
                chunks, size = [], 0
                for chunk in r.iter_bytes():
                    size += len(chunk)
                    if size > limit:
                        raise FetchError("too_large", f"over {limit:,} bytes at {url}: abandoned")
                    chunks.append(chunk)
                return Fetched(str(r.url), r.status_code, r.headers, b"".join(chunks))
        except httpx.TimeoutException:
            raise FetchError(
                "fetch_failed", f"no answer within {self.options.timeout:g} s from {url}", transient=True
            ) from None
        except httpx.TooManyRedirects:
            raise FetchError("fetch_failed", f"more than 5 redirects from {url}") from None
        except (httpx.TransportError, httpx.DecodingError) as e:
            raise FetchError("fetch_failed", f"{type(e).__name__} from {url}: {e}", transient=True) from None


def _robots_rules(url: str, answer: Fetched) -> urllib.robotparser.RobotFileParser | None:
    """The rules of a robots.txt answer; None (no rules: all allowed) for a 4xx or no file."""
    if answer.status != 200:
        return None
    rules = urllib.robotparser.RobotFileParser(url)
    rules.parse(answer.body.decode("utf-8", errors="replace").splitlines())
    return rules


def _retry_after(headers: httpx.Headers) -> float | None:
    value = headers.get("retry-after")
    if not value:
        return None
    if value.strip().isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def host_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


def fetch_all(items: Iterable[T], url_of: Callable[[T], str], work: Callable[[T], R], options: FetchOptions) -> list[R]:
    """`work(item)` for every item, one host at a time per thread and hosts side by side;
    results in the items' order."""
    items = list(items)
    by_host: dict[str, list[int]] = {}
    for i, item in enumerate(items):
        by_host.setdefault(host_of(url_of(item)), []).append(i)
    results: list[R | None] = [None] * len(items)

    def one_host(indices: list[int]) -> None:
        for i in indices:
            results[i] = work(items[i])

    if len(by_host) <= 1:
        for indices in by_host.values():
            one_host(indices)
    else:
        with ThreadPoolExecutor(max_workers=min(options.max_hosts_at_once, len(by_host))) as pool:
            list(pool.map(one_host, by_host.values()))
    return results  # type: ignore[return-value]
