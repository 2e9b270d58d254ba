"""`transaction()`: every write of sitrep/load is all or nothing. A batch that fails after its
last insert, just before COMMIT, leaves a real warehouse file as it was."""

import shutil

import pytest

from sitrep.flows.pipeline import pipeline
from sitrep.load import warehouse as wh
from sitrep.load.history import ARTICLE_TABLES
from tests.reliability.conftest import checksums, write_article


@pytest.fixture(scope="module")
def one_article_out(tmp_path_factory, prefect_server):
    """A warehouse of two articles, then one of them taken out again by hand: its rows are a
    batch ready to load into the warehouse that no longer holds it."""
    root = tmp_path_factory.mktemp("transaction")
    write_article(root / "a0.txt", "Strike on Aleppo", "Aleppo", 4, 2)
    write_article(root / "a1.txt", "Strike on Idlib", "Idlib", 7, 3)
    warehouse = root / "two.duckdb"
    summary = pipeline(inputs=[str(root)], warehouse=str(warehouse))
    assert summary.new == 2
    with wh.connect(warehouse) as con:
        article_id = con.execute("SELECT article_id FROM articles WHERE title LIKE '%Idlib%'").fetchone()[0]
        where = "WHERE article_id = ?"
        batch = {
            t: con.execute(f"SELECT * FROM {t} {where}", [article_id]).to_arrow_table()
            for t in ("articles", *ARTICLE_TABLES)
        }
        for table in (*ARTICLE_TABLES, "articles"):
            con.execute(f"DELETE FROM {table} {where}", [article_id])
    assert batch["events"].num_rows and batch["casualties"].num_rows
    return warehouse, batch, summary.run_id


def _fail_before_commit():
    raise RuntimeError("the machine fails between the last insert and COMMIT")


def test_a_batch_that_fails_before_commit_leaves_nothing(one_article_out, tmp_path, monkeypatch):
    warehouse, batch, run_id = one_article_out
    copy = tmp_path / "copy.duckdb"
    shutil.copy(warehouse, copy)
    before = checksums(copy)
    monkeypatch.setattr(wh, "_pause_before_commit", _fail_before_commit)
    article_id = batch["articles"]["article_id"][0].as_py()
    with wh.connect(copy) as con:
        with pytest.raises(RuntimeError, match="COMMIT"):
            wh.load_batch(con, batch, run_id=run_id)
        # asked on the same connection: an open transaction would show it its own inserts
        left = {table: _rows_of(con, table, article_id) for table in batch}
    assert left == dict.fromkeys(batch, 0)
    assert checksums(copy) == before


def _rows_of(con, table: str, article_id: str) -> int:
    return con.execute(f"SELECT count(*) FROM {table} WHERE article_id = ?", [article_id]).fetchone()[0]


def test_the_same_batch_loads_whole_when_nothing_fails(one_article_out, tmp_path):
    """The batch above is a real one: without the failure every one of its rows goes in."""
    warehouse, batch, run_id = one_article_out
    copy = tmp_path / "copy.duckdb"
    shutil.copy(warehouse, copy)
    article_id = batch["articles"]["article_id"][0].as_py()
    with wh.connect(copy) as con:
        assert wh.load_batch(con, batch, run_id=run_id).new == 1
        loaded = {table: _rows_of(con, table, article_id) for table in batch}
    assert loaded == {table: rows.num_rows for table, rows in batch.items()}


def test_transaction_commits_the_block_or_rolls_all_of_it_back(tmp_path):
    with wh.connect(tmp_path / "t.duckdb") as con:
        con.execute("CREATE TABLE t (x INTEGER)")
        with wh.transaction(con):
            con.execute("INSERT INTO t VALUES (1)")
        with pytest.raises(ZeroDivisionError), wh.transaction(con):
            con.execute("INSERT INTO t VALUES (2)")
            con.execute("INSERT INTO t VALUES (3)")
            _ = 1 / 0
        assert con.execute("SELECT list(x) FROM t").fetchone()[0] == [1]
        with wh.transaction(con):  # the connection is usable again: no transaction left open
            con.execute("INSERT INTO t VALUES (4)")
        assert con.execute("SELECT list(x ORDER BY x) FROM t").fetchone()[0] == [1, 4]
