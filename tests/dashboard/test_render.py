"""render_dashboard on a warehouse coded from real articles: every panel, nothing fetched,
article text escaped, links that open the article, numbers that add up to the warehouse's."""

import re
from html import escape
from pathlib import Path

import duckdb
import pytest

from sitrep.dashboard import render_dashboard
from sitrep.dashboard.queries import panel_rows
from sitrep.load.warehouse import WarehouseError

PANELS = ("map", "governorates", "timeline", "perpetrators", "disagree", "latest")
CHARTS = ("event_map", "events_by_governorate", "killed_by_month", "killed_by_perpetrator")


def test_every_panel_is_on_the_page_with_its_chart(dashboard):
    path, html = dashboard
    assert path.name == "index.html" and html.startswith("<!DOCTYPE html>")
    for panel in PANELS:
        assert f'data-panel="{panel}"' in html, panel
    for chart in CHARTS:
        assert re.search(rf'<svg[^>]*data-chart="{chart}"', html), chart
    assert html.count("<svg") == len(CHARTS)
    assert "No data yet" not in html


def test_the_page_fetches_nothing(dashboard):
    _, html = dashboard
    lowered = html.lower()
    assert "<script" not in lowered and "<iframe" not in lowered and "@import" not in lowered
    fetching = r"<(img|link|source|video|audio|embed|object|use|image)\b[^>]*\s(src|href|data)=[\"']?(https?:)?//"
    assert not re.search(fetching, lowered)
    assert not re.search(r"url\(\s*['\"]?(https?:)?//", lowered)
    # The only web addresses left are links to articles and SVG's namespace names.
    rest = re.sub(r'<a href="https?://[^"]*"', "", html)
    rest = re.sub(r'xmlns(:\w+)?="http://www\.w3\.org/[^"]*"', "", rest)
    assert not re.search(r"https?://", rest), re.search(r".{80}https?://.{80}", rest, re.S).group(0)


def test_article_text_is_escaped(dashboard):
    _, html = dashboard
    assert "Air strike kills five civilians in &lt;b&gt;Azaz&lt;/b&gt; market" in html
    assert "<b>Azaz</b>" not in html
    assert "Idlib &amp; Saraqeb" in html


def test_latest_events_quote_their_sentence_from_the_offsets(dashboard, coded_warehouse):
    _, html = dashboard
    with duckdb.connect(str(coded_warehouse), read_only=True) as con:
        sentences = con.execute(
            "SELECT substr(a.text, s.char_start + 1, s.char_end - s.char_start) FROM events e "
            "JOIN articles a USING (article_id) JOIN sentences s ON s.article_id = e.article_id "
            "AND s.sentence_no = e.sentence_no WHERE e.is_primary"
        ).fetchall()
    latest = html[html.index('data-panel="latest"') :]
    plain = re.sub(r"</?mark>", "", latest)
    assert len(sentences) == 6
    for (sentence,) in sentences:
        assert f"“{_escape(sentence)}”" in plain, sentence
    assert "<mark>" in latest


def test_links_open_the_article(dashboard, coded_warehouse):
    _, html = dashboard
    hrefs = set(re.findall(r'<a href="([^"]*)"', html))
    assert "https://news.example.org/syria/azaz-market" in hrefs
    assert not any(h.lower().startswith(("javascript:", "data:")) for h in hrefs)
    with duckdb.connect(str(coded_warehouse), read_only=True) as con:
        files = {
            Path(uri.split("#")[0]).as_uri()
            for (uri,) in con.execute(
                "SELECT source_uri FROM articles WHERE url IS NULL OR url NOT LIKE 'http%'"
            ).fetchall()
        }
    assert files and files <= hrefs
    for href in files:
        assert Path(href.removeprefix("file://")).exists()


def test_timeline_adds_up_to_killed_best(coded_warehouse):
    rows = panel_rows(coded_warehouse, "killed_by_month")
    with duckdb.connect(str(coded_warehouse), read_only=True) as con:
        expected = con.execute(
            "SELECT sum(killed_best) FROM incidents WHERE killed_best > 0 AND event_date >= "
            "(SELECT date_trunc('month', min(published_on)) - INTERVAL 1 MONTH FROM articles)"
        ).fetchone()[0]
    assert {r["victim_kind"] for r in rows} >= {"civilians"}
    assert sum(r["killed"] for r in rows) == pytest.approx(expected)


def test_headline_figures_match_the_warehouse(dashboard, coded_warehouse):
    _, html = dashboard
    with duckdb.connect(str(coded_warehouse), read_only=True) as con:
        articles, incidents, killed = con.execute(
            "SELECT (SELECT count(*) FROM articles), count(*), sum(killed_best) FROM incidents"
        ).fetchone()
    for label, value in (("Articles", articles), ("Incidents", incidents), ("Killed", killed)):
        assert re.search(rf'kpi-label">{label}</div><div class="kpi-value">{value:,}<', html), label


def test_an_empty_warehouse_says_no_data_yet(empty_warehouse, tmp_path):
    html = render_dashboard(empty_warehouse, tmp_path / "empty.html").read_text(encoding="utf-8")
    for panel in PANELS:
        section = html[html.index(f'data-panel="{panel}"') :]
        section = section[: section.index("</section>")]
        assert "No data yet" in section, panel
    assert "<svg" not in html


def test_no_warehouse_or_a_foreign_file_is_a_clear_error(tmp_path):
    with pytest.raises(WarehouseError, match="no warehouse at"):
        render_dashboard(tmp_path / "missing.duckdb", tmp_path / "out.html")
    foreign = tmp_path / "other.duckdb"
    duckdb.connect(str(foreign)).close()
    with pytest.raises(WarehouseError, match="holds no sitrep tables"):
        render_dashboard(foreign, tmp_path / "out.html")
    assert not (tmp_path / "out.html").exists()


def _escape(text: str) -> str:
    return escape(text, quote=True)
