"""Inputs keep their metadata through the real command: front matter, datelines, wire datelines.
Every article written for this test."""

import datetime as dt

import duckdb
import pytest

from sitrep.cli import main as sitrep

FRONT_MATTER_MD = """\
---
title: Airstrike kills four fighters near Marib
date: 2021-03-14
url: https://news.example/yemen/marib-airstrike
source: Example News
id: em-2021-0314
---
# Airstrike kills four fighters near Marib

An airstrike killed four fighters near Marib on Saturday, a military official said.
"""

DATELINE_TXT = (
    "Mortar fire hits market in Idlib\n"
    "Wed 05 Apr 2017 Mortar shells struck a crowded market in Idlib city on Wednesday, killing seven civilians, "
    "a local monitor said.\n"
)

WIRE_TXT = (
    "Car bomb kills nine near Kabul checkpoint\n"
    "KABUL, Afghanistan, May 3, 2020 (AP) — A car bomb exploded near a police checkpoint in Kabul on Sunday, "
    "killing nine people, officials said.\n"
)

BROKEN_MD = """\
---
title: Clashes: five killed in Tripoli
date: 2019-04-07
---
Five people were killed in clashes in Tripoli on Sunday, the health ministry said.
"""


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory, prefect_server):
    inbox = tmp_path_factory.mktemp("inbox")
    (inbox / "marib.md").write_text(FRONT_MATTER_MD)
    (inbox / "idlib.txt").write_text(DATELINE_TXT)
    (inbox / "kabul.txt").write_text(WIRE_TXT)
    (inbox / "tripoli.md").write_text(BROKEN_MD)
    path = tmp_path_factory.mktemp("wh") / "sitrep.duckdb"
    assert sitrep(["run", "--input", str(inbox), "--warehouse", str(path), "--quiet"]) == 0
    return path


def rows(path, sql):
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute(sql).fetchall()


def test_articles_keep_title_date_url_and_publisher(warehouse):
    got = {
        r[0].rsplit("/", 1)[-1]: r[1:]
        for r in rows(warehouse, "SELECT source_uri, title, published_on, url, publisher, external_id FROM articles")
    }
    assert got["marib.md"] == (
        "Airstrike kills four fighters near Marib",
        dt.date(2021, 3, 14),
        "https://news.example/yemen/marib-airstrike",
        "Example News",
        "em-2021-0314",
    )
    assert got["idlib.txt"] == ("Mortar fire hits market in Idlib", dt.date(2017, 4, 5), None, None, None)
    assert got["kabul.txt"] == ("Car bomb kills nine near Kabul checkpoint", dt.date(2020, 5, 3), None, "AP", None)
    assert got["tripoli.md"][:2] == ("Clashes: five killed in Tripoli", dt.date(2019, 4, 7))


def test_the_front_matter_leaves_the_text_and_the_summary_shows_its_title(warehouse):
    [(title, text, published_on, event_date)] = rows(
        warehouse,
        "SELECT s.title, a.text, s.published_on, s.event_date FROM article_summary s "
        "JOIN articles a USING (article_id) WHERE a.source_uri LIKE '%marib.md'",
    )
    assert title == "Airstrike kills four fighters near Marib"
    assert text == (
        "Airstrike kills four fighters near Marib\n"
        "An airstrike killed four fighters near Marib on Saturday, a military official said."
    )
    assert "---" not in text and "source:" not in text
    assert (published_on, event_date) == (dt.date(2021, 3, 14), dt.date(2021, 3, 13))  # "on Saturday"


def test_a_wire_dateline_dates_the_article_not_the_event(warehouse):
    [(date_text, event_date)] = rows(
        warehouse, "SELECT date_text, event_date FROM article_summary WHERE source_uri LIKE '%kabul.txt'"
    )
    assert date_text == "Sunday" and event_date == dt.date(2020, 5, 3)


def test_malformed_front_matter_is_coded_with_a_warning_not_quarantined(warehouse):
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterKey

    assert rows(warehouse, "SELECT count(*) FROM quarantine") == [(0,)]
    [(run_id, status, warnings)] = rows(warehouse, "SELECT run_id, status, warnings FROM pipeline_runs")
    assert warnings >= 1 and status == "completed_with_warnings"
    [(text,)] = rows(warehouse, "SELECT text FROM articles WHERE source_uri LIKE '%tripoli.md'")
    assert text.startswith("Clashes: five killed in Tripoli\nFive people were killed")
    with get_client(sync_client=True) as client:  # the run's summary names the file and why
        arts = client.read_artifacts(artifact_filter=ArtifactFilter(key=ArtifactFilterKey(any_=["sitrep-run-summary"])))
    [summary] = [a.data for a in arts if run_id in a.data]
    assert "Inputs read with warnings" in summary
    assert "tripoli.md: the front matter is not valid YAML (line 2" in summary
