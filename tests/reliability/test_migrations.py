"""Schema versions: a warehouse written by an older sitrep is migrated in place, in one
transaction, keeping every row; a migration that fails leaves it exactly as it was; a warehouse
from a newer sitrep is refused with a message that says what to do."""

import shutil

import duckdb
import pytest

from sitrep.cli import main as sitrep
from sitrep.flows.pipeline import pipeline
from sitrep.load import warehouse as wh
from tests.reliability.conftest import checksums, query, write_article

V1_TABLES = ("articles", "events", "casualties", "pipeline_runs", "quarantine")


def _version_1(tmp_path):
    """A warehouse as sitrep with only migration 001 left it, with rows in it."""
    only_001 = tmp_path / "migrations_v1"
    only_001.mkdir()
    shutil.copy(wh.MIGRATIONS / "001_core.sql", only_001)
    path = tmp_path / "old.duckdb"
    with wh.connect(path) as con:
        assert wh.migrate(con, only_001) == 1
        con.execute(
            "INSERT INTO articles (article_id, source_uri, title, text, ingested_at) VALUES "
            "('a1', 'old/a.txt', 'Old', 'Old\nBody', TIMESTAMP '2024-01-02 03:04:05')"
        )
        con.execute(
            "INSERT INTO events (event_id, article_id, sentence_no, event_type, sub_event_type, is_primary, "
            "killed_low, killed_best, killed_high) VALUES ('a1-e0', 'a1', 1, 'Battles', 'Armed clash', true, 3, 5, 7)"
        )
        con.execute(
            "INSERT INTO casualties (casualty_id, article_id, sentence_no, outcome, count_low, count_high, "
            "qualifier, victim_kind, is_subset, char_start, char_end) "
            "VALUES ('a1-c0', 'a1', 1, 'killed', 5, 5, 'exact', 'civilians', false, 4, 8)"
        )
        con.execute(
            "INSERT INTO pipeline_runs (run_id, started_at, finished_at, status, articles_read) VALUES "
            "('r1', TIMESTAMP '2024-01-02 03:04:00', TIMESTAMP '2024-01-02 03:05:00', 'completed', 1)"
        )
        con.execute("INSERT INTO quarantine VALUES ('old/x.txt', 'empty', 'the file is empty', now(), 'r1')")
    return path


def _rows(path, tables=V1_TABLES, columns_of=None):
    """Every row of the version-1 columns, so that new columns do not change the comparison."""
    with duckdb.connect(str(path), read_only=True) as con:
        out = {}
        for t in tables:
            cols = [
                r[0]
                for r in con.execute(
                    "SELECT column_name FROM information_schema.columns WHERE table_name = ? ORDER BY ordinal_position",
                    [t],
                ).fetchall()
            ]
            cols = [c for c in cols if c in (columns_of or {}).get(t, cols)]
            out[t] = (cols, sorted(con.execute(f"SELECT {', '.join(cols)} FROM {t}").fetchall(), key=str))
        return out


def test_an_older_warehouse_is_migrated_in_place_keeping_every_row(tmp_path, prefect_server):
    path = _version_1(tmp_path)
    before = _rows(path)
    write_article(tmp_path / "new.txt", "Strike on Aleppo", "Aleppo", 4, 2)
    summary = pipeline(inputs=[str(tmp_path / "new.txt")], warehouse=str(path))  # opening it migrates it
    assert summary.new == 1
    after = _rows(path, columns_of={t: cols for t, (cols, _) in before.items()})
    for table, (_cols, rows) in before.items():
        assert set(rows) <= set(after[table][1]), table
    assert query(path, "SELECT version FROM schema_version ORDER BY version") == [(v,) for v, _ in wh.migrations()]
    assert query(
        path,
        "SELECT data_type FROM information_schema.columns WHERE table_name = 'events' AND column_name = 'killed_best'",
    ) == [("BIGINT",)]
    assert query(path, "SELECT failed_batches, settings FROM pipeline_runs WHERE run_id = 'r1'") == [(0, None)]
    assert query(path, "SELECT killed_low, killed_best, killed_high FROM article_summary WHERE article_id = 'a1'") == [
        (3, 5, 7)
    ]
    # the old event is placed in an incident of its own before the new batch loads
    assert query(
        path,
        "SELECT i.incident_id, i.n_articles, i.killed_low, i.killed_best, i.killed_high "
        "FROM incidents i JOIN events e USING (incident_id) WHERE e.event_id = 'a1-e0'",
    ) == [("a1-e0", 1, 3, 5, 7)]


def test_a_failing_migration_changes_nothing(tmp_path):
    path = _version_1(tmp_path)
    before = checksums(path)
    broken = tmp_path / "migrations_broken"
    broken.mkdir()
    for f in wh.MIGRATIONS.glob("*.sql"):
        shutil.copy(f, broken)
    (broken / "099_broken.sql").write_text(
        "ALTER TABLE articles ADD COLUMN language VARCHAR;\n"
        "UPDATE articles SET title = 'rewritten';\n"
        "SELECT no_such_column FROM articles;\n"
    )
    with wh.connect(path) as con, pytest.raises(duckdb.BinderException):
        wh.migrate(con, broken)
    assert query(path, "SELECT max(version) FROM schema_version") == [(1,)]  # 002 rolled back with 099
    assert query(
        path,
        "SELECT data_type FROM information_schema.columns WHERE table_name = 'events' AND column_name = 'killed_best'",
    ) == [("INTEGER",)]
    assert query(path, "SELECT count(*) FROM information_schema.columns WHERE column_name = 'language'") == [(0,)]
    assert checksums(path) == before


def test_a_newer_warehouse_is_refused_with_a_clear_message(tmp_path, capsys, prefect_server):
    path = _version_1(tmp_path)
    with wh.connect(path) as con:
        wh.migrate(con)
        con.execute("INSERT INTO schema_version VALUES (99, now())")
    before = checksums(path)
    with (
        wh.connect(path) as con,
        pytest.raises(
            wh.WarehouseError, match=rf"schema version 99, newer than this sitrep knows \({wh.schema_version_known()}\)"
        ),
    ):
        wh.migrate(con)
    write_article(tmp_path / "new.txt", "Strike on Aleppo", "Aleppo", 4, 2)
    assert sitrep(["run", "--input", str(tmp_path / "new.txt"), "--warehouse", str(path)]) == 1
    err = capsys.readouterr().err.strip().splitlines()[-1]
    assert err == (
        "sitrep: error: this warehouse has schema version 99, newer than this sitrep knows "
        f"({wh.schema_version_known()}). Upgrade sitrep to open it."
    )
    assert checksums(path) == before
