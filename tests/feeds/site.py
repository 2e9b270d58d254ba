"""A news site on 127.0.0.1 for the feed tests: RSS and Atom feeds, article pages wrapped in a
real page's furniture (menu, share buttons, related links, footer), dead links, slow answers,
feeds that change between runs. It records every request, so a test can say what was fetched.

The stories (tests/fixtures/feeds/stories.json) were written for these tests."""

from __future__ import annotations

import email.utils
import hashlib
import json
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

STORIES = json.loads(
    (Path(__file__).resolve().parents[1] / "fixtures" / "feeds" / "stories.json").read_text(encoding="utf-8")
)

# What surrounds every article; none of it may reach an article's text.
FURNITURE = [
    "Home",
    "World news",
    "Subscribe to our newsletter",
    "Share on Facebook",
    "Share on X",
    "Email this story",
    "Related coverage",
    "Fuel prices rise again in the capital",
    "Football: league leaders held to a draw",
    "All rights reserved",
    "Privacy policy",
    "Contact the newsroom",
]


@dataclass
class Route:
    body: bytes
    content_type: str = "text/html; charset=utf-8"
    status: int = 200
    delay: float = 0.0  # seconds before answering
    fail_first: int = 0  # answer 503 this many times first
    headers: dict = field(default_factory=dict)
    conditional: bool = False  # answer 304 to a matching If-None-Match / If-Modified-Since
    modified: float = field(default_factory=time.time)


class Site:
    def __init__(self):
        self.routes: dict[str, Route] = {}
        self.requests: list[tuple[str, dict, float]] = []  # path, headers, monotonic time
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> Site:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._server.shutdown()
        self._server.server_close()

    @property
    def base(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def url(self, path: str) -> str:
        return self.base + path

    def hits(self, path: str) -> int:
        with self._lock:
            return sum(1 for p, _, _ in self.requests if p == path)

    def headers_of(self, path: str) -> list[dict]:
        with self._lock:
            return [h for p, h, _ in self.requests if p == path]

    # -- content -------------------------------------------------------------------------------

    def add_story(self, story: dict, with_date: bool = True) -> str:
        path = f"/news/{story['slug']}.html"
        self.routes[path] = Route(article_page(story, with_date).encode("utf-8"))
        return path

    def add_rss(self, path: str, title: str, entries: list[tuple[str, dict]]) -> None:
        self.routes[path] = Route(
            rss(title, self.base, entries).encode("utf-8"), "application/rss+xml; charset=utf-8", conditional=True
        )

    def add_atom(self, path: str, title: str, entries: list[tuple[str, dict]]) -> None:
        self.routes[path] = Route(
            atom(title, self.base, entries).encode("utf-8"), "application/atom+xml; charset=utf-8", conditional=True
        )

    # -- serving -------------------------------------------------------------------------------

    def _handler(self):
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                with site._lock:
                    site.requests.append((self.path, dict(self.headers), time.monotonic()))
                route = site.routes.get(self.path)
                if route is None:
                    return self._answer(404, b"<html><body>Not found</body></html>", "text/html")
                if route.delay:
                    time.sleep(route.delay)
                if route.fail_first > 0:
                    route.fail_first -= 1
                    return self._answer(503, b"busy", "text/plain", {"Retry-After": "0"})
                etag = '"' + hashlib.sha1(route.body).hexdigest()[:12] + '"'
                modified = email.utils.formatdate(int(route.modified), usegmt=True)
                if route.conditional and self._not_modified(etag, int(route.modified)):
                    return self._answer(304, b"", route.content_type, {"ETag": etag})
                extra = {"ETag": etag, "Last-Modified": modified} if route.conditional else {}
                self._answer(route.status, route.body, route.content_type, {**extra, **route.headers})

            def _not_modified(self, etag: str, modified: int) -> bool:
                """RFC 9110: If-None-Match decides where given; else If-Modified-Since."""
                if "If-None-Match" in self.headers:
                    return self.headers["If-None-Match"] == etag
                since = self.headers.get("If-Modified-Since")
                if not since:
                    return False
                try:
                    return email.utils.parsedate_to_datetime(since).timestamp() >= modified
                except (TypeError, ValueError):
                    return False

            def _answer(self, status, body, content_type, headers=None):
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", content_type)
                    self.send_header("Content-Length", str(len(body)))
                    for k, v in (headers or {}).items():
                        self.send_header(k, v)
                    self.end_headers()
                    if status != 304:
                        self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (a timeout test)

            def log_message(self, *args):
                pass

        return Handler


# The boilerplate a real article page carries around its text, for the extractor to leave out.
SHARE_LINKS = (
    '<div class="share"><a href="#fb">Share on Facebook</a> <a href="#x">Share on X</a> '
    '<a href="#mail">Email this story</a></div>'
)


def article_page(story: dict, with_date: bool = True) -> str:
    meta = f'<meta property="article:published_time" content="{story["published"]}">' if with_date else ""
    paragraphs = "\n".join(f"<p>{escape(p)}</p>" for p in story["body"])
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{escape(story["title"])} | The Example Times</title>
{meta}<meta property="og:site_name" content="The Example Times"></head>
<body>
<header><nav class="menu"><ul><li><a href="/">Home</a></li><li><a href="/world">World news</a></li>
<li><a href="/subscribe">Subscribe to our newsletter</a></li></ul></nav></header>
<main><article>
<h1>{escape(story["title"])}</h1>
{SHARE_LINKS}
{paragraphs}
</article>
<aside class="related"><h2>Related coverage</h2><ul>
<li><a href="/news/fuel.html">Fuel prices rise again in the capital</a></li>
<li><a href="/sport/draw.html">Football: league leaders held to a draw</a></li></ul></aside>
</main>
<footer><p>&copy; 2026 The Example Times. All rights reserved.</p>
<p><a href="/privacy">Privacy policy</a> | <a href="/contact">Contact the newsroom</a></p></footer>
</body></html>"""


def _rfc822(iso: str) -> str:
    return email.utils.format_datetime(datetime.fromisoformat(iso.replace("Z", "+00:00")))


def rss(title: str, base: str, entries: list[tuple[str, dict]]) -> str:
    items = "\n".join(
        f"""<item><title>{escape(s["title"])}</title><link>{base}{path}</link>
<guid isPermaLink="false">example-{s["slug"]}</guid><pubDate>{_rfc822(s["published"])}</pubDate>
<description>{escape(s["body"][0][:80])}</description></item>"""
        for path, s in entries
    )
    return f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>{escape(title)}</title><link>{base}/</link>
<description>Conflict news</description>
{items}
</channel></rss>"""


def atom(title: str, base: str, entries: list[tuple[str, dict]]) -> str:
    items = "\n".join(
        f"""<entry><title>{escape(s["title"])}</title><link rel="alternate" href="{base}{path}"/>
<id>tag:example.org,2026:{s["slug"]}</id><updated>{s["published"]}</updated>
<summary>{escape(s["body"][0][:80])}</summary></entry>"""
        for path, s in entries
    )
    return f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>{escape(title)}</title>
<link href="{base}/"/><id>tag:example.org,2026:feed</id><updated>2026-11-10T00:00:00Z</updated>
{items}
</feed>"""


def rss1(title: str, base: str, entries: list[tuple[str, dict]]) -> str:
    """RSS 1.0 (RDF), as some agencies and NGOs still publish."""
    seq = "".join(f'<rdf:li rdf:resource="{base}{path}"/>' for path, _ in entries)
    items = "\n".join(
        f"""<item rdf:about="{base}{path}"><title>{escape(s["title"])}</title>
<link>{base}{path}</link><dc:date>{s["published"]}</dc:date></item>"""
        for path, s in entries
    )
    return f"""<?xml version="1.0" encoding="utf-8"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
 xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel rdf:about="{base}/rss1"><title>{escape(title)}</title><link>{base}/</link>
<description>Agency news</description><items><rdf:Seq>{seq}</rdf:Seq></items></channel>
{items}
</rdf:RDF>"""
