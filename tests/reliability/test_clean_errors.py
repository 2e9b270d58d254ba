"""A run that fails on a SitrepError ends with its one line, no traceback: here a warehouse
written by a newer sitrep, which this one must refuse to touch."""

import duckdb

from tests.conftest import SEED
from tests.reliability.conftest import sitrep_run

TOO_NEW = "this warehouse has schema version 999, newer than this sitrep knows"


def _newer_warehouse(path) -> None:
    with duckdb.connect(str(path)) as con:
        con.execute("CREATE TABLE schema_version (version INTEGER PRIMARY KEY, applied_at TIMESTAMP)")
        con.execute("INSERT INTO schema_version VALUES (999, now())")


def test_a_run_into_a_newer_warehouse_fails_in_one_line(tmp_path, prefect_env):
    warehouse = tmp_path / "newer.duckdb"
    _newer_warehouse(warehouse)
    done = sitrep_run("run", "--input", str(SEED), "--warehouse", str(warehouse), env=prefect_env)
    assert done.returncode == 1
    assert done.stderr.strip().splitlines()[-1].startswith(f"sitrep: error: {TOO_NEW}")
    assert "Traceback" not in done.stderr, done.stderr
