"""The quality checks catch what the warehouse's own constraints no longer do: the big tables
have no key indexes (migrations 005, 006), so a duplicated key must be found by a check. A real
run's rows are doctored one way at a time, and exactly the check for that fault fails."""

import csv
import shutil

import duckdb
import pytest

from sitrep.cli import main
from sitrep.flows.pipeline import pipeline
from sitrep.load import warehouse as wh
from tests.reliability.conftest import write_article


@pytest.fixture(scope="module")
def clean_run(tmp_path_factory, prefect_server):
    root = tmp_path_factory.mktemp("checks")
    for n, place in enumerate(("Aleppo", "Idlib", "Homs")):
        write_article(root / f"a{n}.txt", f"Strike on {place}", place, 4 + n, 2 + n)
    warehouse = root / "clean.duckdb"
    summary = pipeline(inputs=[str(root)], warehouse=str(warehouse))
    assert summary.new == 3
    return warehouse, summary.run_id


DOCTORED = {
    "article_keys_unique": "INSERT INTO articles SELECT * FROM articles LIMIT 1",
    "child_keys_unique": "INSERT INTO sentences SELECT * FROM sentences LIMIT 1",
    "casualty_offsets_valid": "UPDATE casualties SET char_end = char_start WHERE casualty_id = "
    "(SELECT min(casualty_id) FROM casualties)",
}


def _failing(warehouse, run_id) -> dict[str, int]:
    with wh.connect(warehouse) as con:
        return {c["check_name"]: c["failures"] for c in wh.run_checks(con, run_id) if c["failures"]}


def test_a_clean_run_fails_no_check(clean_run):
    assert _failing(*clean_run) == {}


@pytest.mark.parametrize("check", sorted(DOCTORED))
def test_a_doctored_row_fails_its_check(clean_run, tmp_path, check):
    warehouse, run_id = clean_run
    copy = tmp_path / "doctored.duckdb"
    shutil.copy(warehouse, copy)
    with wh.connect(copy) as con:
        con.execute(DOCTORED[check])
    assert _failing(copy, run_id) == {check: 1}


@pytest.mark.parametrize(
    "kind,doctor",
    [
        ("sentence", "INSERT INTO sentences SELECT * FROM sentences LIMIT 1"),
        ("event", "INSERT INTO events SELECT * FROM events LIMIT 1"),
        (
            "casualty",
            "UPDATE casualties SET casualty_id = 'elsewhere-c9' WHERE casualty_id = "
            "(SELECT min(casualty_id) FROM casualties)",
        ),
        (
            "event",
            "INSERT INTO events (event_id, article_id, sentence_no, event_type, sub_event_type, is_primary) "
            "SELECT event_id, 'left-by-hand', 0, 'x', 'y', false FROM events LIMIT 1",
        ),
        (
            "quote",
            "INSERT INTO quotes (quote_id, article_id, sentence_no, text, char_start, char_end) "
            "SELECT article_id || '-q0', article_id, 1, 'x', 0, 1 "
            "FROM (SELECT article_id FROM articles LIMIT 1), range(2)",
        ),
    ],
)
def test_child_keys_unique_names_the_kind_of_row(clean_run, tmp_path, kind, doctor):
    """A duplicate, or an id that is not its article's key with an ordinal (which would let two
    articles' rows collide)."""
    warehouse, run_id = clean_run
    copy = tmp_path / "doctored.duckdb"
    shutil.copy(warehouse, copy)
    with wh.connect(copy) as con:
        con.execute(doctor)
        sql = wh._strip_semicolon((wh.CHECKS / "child_keys_unique.sql").read_text())
        found = {k for k, _ in con.execute(sql, {"run_id": run_id}).fetchall()}
    assert found == {kind}


def test_a_check_that_outgrows_its_memory_cap_still_runs(clean_run, tmp_path):
    """The checks' cap keeps a laptop's peak down; it must never fail a run whose rows are
    loaded. Capped at 1MB every check runs out of DuckDB memory, then runs uncapped."""
    warehouse, run_id = clean_run
    copy = tmp_path / "tight.duckdb"
    shutil.copy(warehouse, copy)
    with wh.connect(copy, settings={"memory_limit": "1MB", "threads": 1}) as con:
        with pytest.raises(duckdb.OutOfMemoryException):
            con.execute("SELECT count(*) FROM articles JOIN sentences USING (article_id)").fetchone()
        tight = {c["check_name"]: c["failures"] for c in wh.run_checks(con, run_id)}
    with wh.connect(copy) as con:
        assert tight == {c["check_name"]: c["failures"] for c in wh.run_checks(con, run_id)}
    assert len(tight) == len(list(wh.CHECKS.glob("*.sql")))


# A check that only ever reports 0 could be broken and no test would know. For each of these, one
# row is planted that breaks its rule, and the check must name exactly that row. The statements
# take their row from the clean run: `{event}` is its first event, `{article}` that event's article.
PLANTED = {
    "fatality_order": (
        "UPDATE events SET killed_low = killed_best + 5, killed_high = killed_best + 9 WHERE event_id = '{event}'",
        [("{event}",)],
    ),
    "no_orphans": (
        "UPDATE events SET place_id = 'no-such-place' WHERE event_id = '{event}'",
        [("event->place", "{event}")],
    ),
    "one_primary_event": (
        "UPDATE events SET is_primary = false WHERE article_id = '{article}'",
        [("{article}",)],
    ),
    "weekday_conflicts": (
        # the articles' "on Saturday", as if the date beside it fell on another day
        "UPDATE date_mentions SET weekday_conflict = true WHERE article_id = '{article}' AND surface = 'Saturday'",
        [("{article}", "Saturday")],
    ),
}


def _first_event(warehouse) -> dict[str, str]:
    with wh.connect(warehouse) as con:
        event, article = con.execute(
            "SELECT event_id, article_id FROM events WHERE killed_best IS NOT NULL ORDER BY event_id LIMIT 1"
        ).fetchone()
    return {"event": event, "article": article}


def _check_command(capsys, warehouse, check, run_id) -> list[tuple]:
    """`sitrep check NAME --format csv`: its rows, each a tuple of strings."""
    assert main(["check", check, "--run", run_id, "--warehouse", str(warehouse), "--format", "csv"]) == 0
    lines = capsys.readouterr().out.splitlines()
    return [tuple(row) for row in csv.reader(lines[1:])]


@pytest.mark.parametrize("check", sorted(PLANTED))
def test_a_clean_run_reports_no_row_to_the_check_command(clean_run, capsys, check):
    warehouse, run_id = clean_run
    assert _check_command(capsys, warehouse, check, run_id) == []


@pytest.mark.parametrize("check", sorted(PLANTED))
def test_a_planted_row_is_counted_and_named_by_its_check(clean_run, tmp_path, capsys, check):
    warehouse, run_id = clean_run
    ids = _first_event(warehouse)
    statement, expected = PLANTED[check]
    copy = tmp_path / "planted.duckdb"
    shutil.copy(warehouse, copy)
    with wh.connect(copy) as con:
        con.execute(statement.format(**ids))
    assert _failing(copy, run_id) == {check: 1}
    assert _check_command(capsys, copy, check, run_id) == [tuple(v.format(**ids) for v in row) for row in expected]
