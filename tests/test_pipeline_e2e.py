"""End to end: the real Prefect flow into a real DuckDB file, queried through the contract."""

import os
import shutil

import duckdb
import pytest

from sitrep.cli import main as sitrep
from sitrep.flows.pipeline import pipeline
from tests.conftest import FIXTURES, SEED

TABLES = (
    "articles",
    "sentences",
    "actors",
    "actor_aliases",
    "actor_mentions",
    "places",
    "place_mentions",
    "events",
    "casualties",
    "quotes",
    "quarantine",
    "pipeline_runs",
)


@pytest.fixture(scope="module")
def coded(tmp_path_factory, prefect_server):
    inbox = tmp_path_factory.mktemp("inbox")
    shutil.copy(SEED, inbox)
    for f in (FIXTURES / "fakes").glob("*.txt"):
        shutil.copy(f, inbox)
    (inbox / "empty.txt").write_text("   \n")
    warehouse = tmp_path_factory.mktemp("wh") / "sitrep.duckdb"
    summary = pipeline(inputs=[str(inbox)], warehouse=str(warehouse))
    return inbox, warehouse, summary


def counts(warehouse):
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES if t != "pipeline_runs"}


def test_run_codes_every_article_and_quarantines_the_empty_file(coded):
    _, warehouse, summary = coded
    assert summary.read == 4 and summary.new == 4 and summary.quarantined == 1
    with duckdb.connect(str(warehouse), read_only=True) as con:
        assert con.execute("SELECT reason FROM quarantine").fetchall() == [("empty",)]
        assert con.execute("SELECT status FROM pipeline_runs").fetchone()[0] == "completed_with_warnings"


def test_seed_primary_event_is_coded_as_the_codebook_says(coded):
    _, warehouse, _ = coded
    with duckdb.connect(str(warehouse), read_only=True) as con:
        row = con.execute(
            "SELECT event_type, sub_event_type, actor1_name, place_name, country_code, event_date, "
            "date_text, killed_low, killed_best FROM article_summary WHERE source_uri LIKE '%000_a7069af8299b54a7.txt'"
        ).fetchone()
    assert row[:5] == (
        "Explosions/Remote violence",
        "Shelling/artillery/missile attack",
        "Islamic State",
        "Deir ez-Zor",
        "SY",
    )
    assert row[5] is None and "14 January" in row[6]  # no year in the text: no date invented
    # best is the rocket attack's own toll, the headline's "at least 30 dead"; the monitor's
    # "12 Syrian Arab Army forces and 20 IS terrorists" (32) are of "the fighting that ensued",
    # an armed clash of its own (docs/codebook.md#fatalities-low-best-high)
    assert row[7] <= 30 and row[8] == 30


def test_seed_casualties_keep_sources_and_never_sum_killed_with_wounded(coded):
    _, warehouse, _ = coded
    with duckdb.connect(str(warehouse), read_only=True) as con:
        rows = set(
            con.execute(
                "SELECT c.outcome, c.count_low, c.qualifier, c.reported_by "
                "FROM casualties c JOIN articles a USING (article_id) "
                "WHERE a.source_uri LIKE '%000_a7069af8299b54a7.txt'"
            ).fetchall()
        )
    assert ("killed", 3, "exact", "SANA") in rows
    assert ("wounded", 9, "exact", "SANA") in rows
    assert ("killed", 20, "exact", "Syrian Observatory for Human Rights") in rows
    assert ("killed", 62, "exact", None) in rows and ("wounded", 100, "more_than", None) in rows
    assert not any(r[1] in (162, 32, 380, 27) for r in rows)


def test_offsets_give_back_every_surface(coded):
    _, warehouse, _ = coded
    with duckdb.connect(str(warehouse), read_only=True) as con:
        bad = con.execute(
            "SELECT count(*) FROM place_mentions m JOIN articles a USING (article_id) "
            "WHERE substr(a.text, m.char_start + 1, m.char_end - m.char_start) <> m.surface"
        ).fetchone()[0]
        checks = con.execute("SELECT check_name, failures FROM quality_checks WHERE severity = 'error'").fetchall()
    assert bad == 0
    assert all(f == 0 for _, f in checks), checks


def test_rerun_adds_no_rows(coded, prefect_server):
    inbox, warehouse, _ = coded
    before = counts(warehouse)
    summary = pipeline(inputs=[str(inbox)], warehouse=str(warehouse))
    assert summary.new == 0 and summary.unchanged == 4
    assert counts(warehouse) == before


def test_reports_run_on_the_warehouse(coded, capsys):
    _, warehouse, _ = coded
    assert sitrep(["report"]) == 0
    names = [line.split()[0] for line in capsys.readouterr().out.splitlines() if line.strip()]
    assert "casualties_by_actor" in names
    for name in names:
        assert sitrep(["report", name, "--warehouse", str(warehouse), "--format", "csv"]) == 0
    out = capsys.readouterr().out
    assert "Islamic State" in out


def test_sql_is_read_only(coded, capsys):
    _, warehouse, _ = coded
    assert sitrep(["sql", "SELECT count(*) AS n FROM articles", "--warehouse", str(warehouse)]) == 0
    assert "4" in capsys.readouterr().out
    assert sitrep(["sql", "DELETE FROM articles", "--warehouse", str(warehouse)]) == 1
    assert "read-only" in capsys.readouterr().err.lower()


def test_run_publishes_its_summary_and_new_events_as_artifacts(coded):
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterKey

    _, _, summary = coded
    with get_client(sync_client=True) as client:
        arts = client.read_artifacts(
            artifact_filter=ArtifactFilter(key=ArtifactFilterKey(any_=["sitrep-run-summary", "sitrep-new-events"]))
        )
    [ours] = [a for a in arts if a.key == "sitrep-run-summary" and summary.run_id in a.data]
    assert "casualty reports" in ours.data and "killed" in ours.data
    new_events = [a for a in arts if a.key == "sitrep-new-events" and a.flow_run_id == ours.flow_run_id]
    assert new_events and "Islamic State" in str(new_events[0].data)


def test_export_writes_hive_partitioned_parquet_that_reads_back(coded, tmp_path, capsys):
    _, warehouse, _ = coded
    lake = tmp_path / "lake"
    assert sitrep(["export", "--warehouse", str(warehouse), "--out", str(lake)]) == 0
    assert list((lake / "events").glob("year=*/month=*/*.parquet"))
    with duckdb.connect() as con:
        exported = con.execute(
            f"SELECT count(*) FROM read_parquet('{lake}/casualties/**/*.parquet', hive_partitioning=true)"
        ).fetchone()[0]
    with duckdb.connect(str(warehouse), read_only=True) as con:
        assert exported == con.execute("SELECT count(*) FROM casualties").fetchone()[0]
    assert sitrep(["export", "--warehouse", str(warehouse), "--out", str(lake)]) == 1  # not over an export
    assert "not empty" in capsys.readouterr().err


def test_tabular_columns_can_be_named_on_the_command_line(tmp_path, prefect_server, capsys):
    src = tmp_path / "feed.csv"
    src.write_text(
        'hed,copy,day\n"Blast kills 6 in Azaz","A car bomb killed six people in Azaz on Monday.",2016-05-03\n'
    )
    warehouse = tmp_path / "w.duckdb"
    assert sitrep(["run", "--input", str(src), "--warehouse", str(warehouse), "--quiet"]) == 0
    with duckdb.connect(str(warehouse), read_only=True) as con:
        assert con.execute("SELECT reason FROM quarantine").fetchall() == [("no_text_column",)]
    assert (
        sitrep(
            [
                "run",
                "--input",
                str(src),
                "--warehouse",
                str(warehouse),
                "--quiet",
                "--text-column",
                "copy",
                "--title-column",
                "hed",
                "--date-column",
                "day",
            ]
        )
        == 0
    )
    with duckdb.connect(str(warehouse), read_only=True) as con:
        assert con.execute("SELECT title, published_on::VARCHAR, killed_best FROM article_summary").fetchall() == [
            ("Blast kills 6 in Azaz", "2016-05-03", 6)
        ]


def test_rerun_skips_unchanged_files_without_opening_them(tmp_path, prefect_server):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for f in sorted((FIXTURES / "fakes").glob("*.txt")):
        shutil.copy(f, inbox)
    warehouse = str(tmp_path / "w.duckdb")
    assert pipeline(inputs=[str(inbox)], warehouse=warehouse).new == 3
    first, second, _third = sorted(inbox.glob("*.txt"))
    # same size and time, other bytes: only a skipped file would not be quarantined as binary
    st = first.stat()
    first.write_bytes(b"\x00" * st.st_size)
    os.utime(first, ns=(st.st_atime_ns, st.st_mtime_ns))
    second.write_text(second.read_text() + "\nA line added later.\n")  # changed: read again
    again = pipeline(inputs=[str(inbox)], warehouse=warehouse)
    assert (again.read, again.new, again.unchanged, again.quarantined) == (3, 1, 2, 0)
