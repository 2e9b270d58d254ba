"""Acceptance: a folder of good and bad inputs together, through the real flow into a real
DuckDB file. Every good article loads exactly once, every bad input is quarantined with the
right reason, the run goes on and ends 'completed_with_warnings'."""

import pytest

from sitrep.flows.pipeline import pipeline
from sitrep.ingest import make_article
from tests.reliability.conftest import BODY, MAX_ARTICLE_CHARS, build_inbox, checksums, query, write_article


def _rchar() -> int:
    """Bytes this process has read through read() so far (Linux)."""
    with open("/proc/self/io") as f:
        return int(next(line for line in f if line.startswith("rchar:")).split()[1])


@pytest.fixture(scope="module")
def loaded(tmp_path_factory, prefect_server):
    root = tmp_path_factory.mktemp("acceptance")
    inbox = build_inbox(root)
    warehouse = root / "sitrep.duckdb"
    before = _rchar()
    summary = pipeline(inputs=inbox.inputs, warehouse=str(warehouse), batch_size=3, max_article_chars=MAX_ARTICLE_CHARS)
    read = _rchar() - before
    return inbox, warehouse, summary, read


def test_every_good_article_loads_exactly_once(loaded):
    inbox, warehouse, summary, _ = loaded
    rows = query(warehouse, "SELECT source_uri, count(*) FROM articles GROUP BY ALL")
    assert {uri for uri, _ in rows} == inbox.good
    assert all(n == 1 for _, n in rows)
    assert summary.read == summary.new == len(inbox.good)
    # each one was coded: sentences for all, and the synthetic articles' figures were read
    assert query(warehouse, "SELECT count(DISTINCT article_id) FROM sentences") == [(len(inbox.good),)]
    assert query(
        warehouse,
        "SELECT count(*) FROM casualties c JOIN articles a USING (article_id) "
        "WHERE a.source_uri LIKE '%wire.csv#c1' AND c.count_low = 4",
    ) == [(1,)]


def test_every_bad_input_is_quarantined_with_its_reason(loaded):
    inbox, warehouse, summary, _ = loaded
    found = dict(query(warehouse, "SELECT source_uri, reason FROM quarantine"))
    assert found == inbox.bad
    assert summary.quarantined == len(inbox.bad)
    details = dict(query(warehouse, "SELECT reason, detail FROM quarantine WHERE reason IN ('too_large', 'too_long')"))
    assert "limit is 50,000,000" in details["too_large"] and "max_article_chars" in details["too_long"]


def test_the_200_mb_file_is_refused_by_its_size_without_being_read(loaded):
    *_, read = loaded
    # The whole run (gazetteers, DuckDB, Prefect's API replies included) reads ~35 MB; reading
    # the file, or even its first max_file_bytes, would add 50-200 MB.
    assert read < 100_000_000, f"the run read {read:,} bytes"


def test_the_run_is_recorded_completed_with_warnings(loaded):
    inbox, warehouse, summary, _ = loaded
    assert summary.status == "completed_with_warnings" and summary.failed_batches == 0
    [(status, read, new, quarantined, failed, settings)] = query(
        warehouse,
        "SELECT status, articles_read, articles_new, articles_quarantined, failed_batches, settings FROM pipeline_runs",
    )
    assert (status, read, new, quarantined, failed) == (
        "completed_with_warnings",
        len(inbox.good),
        len(inbox.good),
        len(inbox.bad),
        0,
    )
    assert '"max_article_chars": 20000' in settings and '"casualty_ceiling": 100000' in settings


def test_quality_checks_are_recorded_for_the_run_and_none_fails(loaded):
    _, warehouse, summary, _ = loaded
    checks = query(
        warehouse, "SELECT check_name, severity, failures FROM quality_checks WHERE run_id = ?", [summary.run_id]
    )
    assert {name for name, _, _ in checks} >= {
        "offsets_valid",
        "one_primary_event",
        "fatality_order",
        "no_orphans",
        "casualty_offsets_valid",
        "casualty_ceiling",
    }
    assert [c for c in checks if c[1] == "error" and c[2]] == []


def test_the_runs_prefect_artifact_shows_checks_and_quarantine_reasons(loaded):
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterKey

    _, _, summary, _ = loaded
    with get_client(sync_client=True) as client:
        artifacts = client.read_artifacts(
            artifact_filter=ArtifactFilter(key=ArtifactFilterKey(any_=["sitrep-run-summary"]))
        )
    [body] = [a.data for a in artifacts if summary.run_id in a.data]
    assert f"# sitrep run `{summary.run_id}`: completed_with_warnings" in body
    assert "| one_primary_event | error | 0 |" in body and "| casualty_ceiling | warning |" in body
    assert "| symlink_loop | 3 |" in body and "| too_large | 1 |" in body


def test_a_rerun_adds_nothing(loaded, prefect_server):
    inbox, warehouse, _, _ = loaded
    before = checksums(warehouse)
    summary = pipeline(inputs=inbox.inputs, warehouse=str(warehouse), batch_size=3, max_article_chars=MAX_ARTICLE_CHARS)
    assert summary.new == 0 and summary.unchanged == len(inbox.good)
    assert checksums(warehouse) == before


def test_a_casualty_figure_over_the_ceiling_is_loaded_and_flagged(tmp_path, prefect_server):
    write_article(tmp_path / "toll.txt", "Toll rises", "Aleppo", 250_000, 3)
    warehouse = tmp_path / "w.duckdb"
    summary = pipeline(inputs=[str(tmp_path / "toll.txt")], warehouse=str(warehouse), casualty_ceiling=1000)
    flagged = {c["check_name"]: c["failures"] for c in summary.checks}["casualty_ceiling"]
    assert flagged >= 1 and summary.status == "completed_with_warnings"
    assert query(warehouse, "SELECT max(count_low) FROM casualties") == [(250_000,)]


def test_a_batch_the_warehouse_refuses_costs_only_its_bad_article(tmp_path, prefect_server):
    """A row left in the warehouse by hand takes the event id one new article needs, and a unique
    index made by hand guards that id: that article's insert fails (a real DuckDB constraint
    error), it is quarantined 'load_failed', and every other article, in its batch and in the
    next, loads. (Without the index the article loads and the check child_keys_unique flags the
    hand-made row: tests/reliability/test_checks.py.)"""
    from sitrep.load import warehouse as wh

    box = tmp_path / "box"
    box.mkdir()
    for i, place in enumerate(["Aleppo", "Homs", "Hama", "Idlib"]):
        write_article(box / f"{i}.txt", f"Strike on {place}", place, i + 2, i + 5)
    doomed = make_article("Strike on Homs", BODY.format(place="Homs", n=3, w=6), source_uri=str(box / "1.txt"))
    warehouse = tmp_path / "w.duckdb"
    with wh.connect(warehouse) as con:
        wh.migrate(con)
        con.execute("CREATE UNIQUE INDEX events_by_hand ON events (event_id)")
        con.execute(
            "INSERT INTO events (event_id, article_id, sentence_no, event_type, sub_event_type, is_primary) "
            "VALUES (?, 'left-by-hand', 0, 'x', 'y', false)",
            [f"{doomed.article_id}-e0"],
        )
    summary = pipeline(inputs=[str(box)], warehouse=str(warehouse), batch_size=2)
    assert summary.new == 3 and summary.failed_batches == 1
    assert summary.status == "completed_with_warnings"
    assert query(warehouse, "SELECT source_uri, reason FROM quarantine") == [(str(box / "1.txt"), "load_failed")]
    assert {r[0] for r in query(warehouse, "SELECT source_uri FROM articles")} == {
        str(box / f"{i}.txt") for i in (0, 2, 3)
    }
    assert query(warehouse, "SELECT count(*) FROM sentences WHERE article_id = ?", [doomed.article_id]) == [(0,)]
    [(failed, message)] = query(warehouse, "SELECT failed_batches, message FROM pipeline_runs")
    assert failed == 1 and "1.txt" in message and "Constraint" in message
