"""A small real warehouse for the dashboard: the seed, the three FA-KES fixtures and two web
articles with markup in their text, coded by the real extraction and loaded by the real loader.
These are the pipeline's own steps without Prefect (tests/test_pipeline_e2e.py runs the flow);
a few seconds instead of a Prefect server's start-up."""

import json
import shutil

import pytest

from sitrep.dashboard import render_dashboard
from sitrep.extract.article import code_article
from sitrep.ingest import Article, discover, read_articles
from sitrep.load import warehouse as wh
from sitrep.load.batches import to_tables
from tests.conftest import FIXTURES, SEED

# Markup in a title and a body, as scraped pages carry it: the page must show it as text.
# The second row's URL is no web address, so its link must fall back to the file.
WEB_ARTICLES = [
    {
        "id": "web-1",
        "url": "https://news.example.org/syria/azaz-market",
        "published_on": "2016-02-15",
        "title": "Air strike kills five civilians in <b>Azaz</b> market",
        "text": "An air strike killed five civilians in a market in the town of Azaz in northern Aleppo "
        "province on Monday, the Syrian Observatory for Human Rights said. Local activists said "
        "<script>alert('azaz')</script> seven people were killed and 12 wounded.",
    },
    {
        "id": "web-2",
        "url": "javascript:alert('link')",
        "published_on": "2016-03-02",
        "title": "Shelling kills three in Idlib & Saraqeb",
        "text": "Government shelling killed three civilians in the town of Saraqeb in Idlib province "
        "on Wednesday, activists said.",
    },
]


def build_warehouse(inbox, path):
    articles = [a for p in discover([inbox]) for a in read_articles(p) if isinstance(a, Article)]
    coded = [code_article(a.article_id, a.text, a.published_on, a.dateline) for a in articles]
    with wh.connect(path) as con:
        wh.migrate(con)
        wh.load_reference(con)
        wh.load_batch(con, to_tables(articles, coded, "dashboard-test"))
    return path


@pytest.fixture(scope="session")
def coded_warehouse(tmp_path_factory):
    inbox = tmp_path_factory.mktemp("dashboard-inbox")
    shutil.copy(SEED, inbox)
    for f in (FIXTURES / "fakes").glob("*.txt"):
        shutil.copy(f, inbox)
    (inbox / "web.jsonl").write_text("".join(json.dumps(r) + "\n" for r in WEB_ARTICLES), encoding="utf-8")
    return build_warehouse(inbox, tmp_path_factory.mktemp("dashboard-wh") / "sitrep.duckdb")


@pytest.fixture(scope="session")
def dashboard(coded_warehouse, tmp_path_factory):
    """The rendered page: (path, its text)."""
    out = render_dashboard(coded_warehouse, tmp_path_factory.mktemp("dashboard-out") / "report" / "index.html")
    return out, out.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def empty_warehouse(tmp_path_factory):
    """Migrated, reference actors loaded, no article yet: what a first `sitrep run` finds."""
    path = tmp_path_factory.mktemp("dashboard-empty") / "sitrep.duckdb"
    with wh.connect(path) as con:
        wh.migrate(con)
        wh.load_reference(con)
    return path
