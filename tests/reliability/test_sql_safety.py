"""`sitrep sql` and reports cannot be turned against the warehouse or the machine. One test per
rule, each through the real CLI (exit code 1, one clear line on stderr), and each rule also held
by DuckDB itself on the reader's connection, so that it does not rest on the statement filter
alone. After every attempt the warehouse is unchanged and no file has appeared."""

import subprocess
import sys

import duckdb
import pytest

from sitrep.cli import main as sitrep
from sitrep.load import warehouse as wh
from sitrep.load.readers import open_reader
from sitrep.sandbox import landlock_abi
from tests.conftest import ROOT
from tests.reliability.conftest import checksums


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory):
    folder = tmp_path_factory.mktemp("safety")
    path = folder / "sitrep.duckdb"
    with wh.connect(path) as con:
        wh.migrate(con)
        wh.load_reference(con)
        con.execute(
            "INSERT INTO articles (article_id, source_uri, title, text, ingested_at) "
            "VALUES ('a1', 'a.txt', 'Title', 'Title\nBody', now())"
        )
    (folder / "secret.csv").write_text("password\nhunter2\n")
    return path


@pytest.fixture
def refused(warehouse, capsys):
    """Run `sitrep sql QUERY`; assert exit 1 with one 'sitrep: error:' line; return the line."""
    before = checksums(warehouse)
    files = set(warehouse.parent.iterdir())

    def run(query: str) -> str:
        code = sitrep(["sql", query, "--warehouse", str(warehouse)])
        out, err = capsys.readouterr()
        assert code == 1, f"{query!r} was allowed: {out}"
        lines = err.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("sitrep: error: "), err
        assert checksums(warehouse) == before and set(warehouse.parent.iterdir()) == files
        return lines[0]

    return run


def engine_refuses(warehouse, statement: str) -> str:
    """The reader's connection itself, without the CLI's statement filter."""
    con = open_reader(warehouse)
    try:
        with pytest.raises(duckdb.Error) as caught:
            con.execute(statement).fetchall()
        return str(caught.value)
    finally:
        con.close()


@pytest.mark.parametrize(
    "statement",
    [
        "INSERT INTO articles (article_id, source_uri, text, ingested_at) VALUES ('x', 'x', 'x', now())",
        "UPDATE articles SET title = 'changed'",
        "DELETE FROM articles",
        "DROP TABLE articles",
        "CREATE TABLE extra AS SELECT 1",
        "ALTER TABLE articles ADD COLUMN extra INTEGER",
        "SELECT 1; DELETE FROM articles",
        "WITH gone AS (SELECT 1) DELETE FROM articles",
    ],
)
def test_cannot_write(refused, warehouse, statement):
    assert "is refused" in refused(statement)
    assert "read-only mode" in engine_refuses(warehouse, statement)


@pytest.mark.parametrize(
    "statement",
    [
        "ATTACH '{dir}/other.duckdb' AS other",
        "ATTACH '{dir}/other.duckdb' AS other (READ_ONLY false)",
        "ATTACH ':memory:' AS scratch",
        "DETACH sitrep",
    ],
)
def test_cannot_attach_or_detach(refused, warehouse, statement):
    statement = statement.format(dir=warehouse.parent)
    assert "ATTACH is refused" in refused(statement) or "DETACH is refused" in refused(statement)
    engine_refuses(warehouse, statement)


@pytest.mark.parametrize(
    "statement",
    [
        "SELECT * FROM read_csv('{dir}/secret.csv')",
        "SELECT * FROM '{dir}/secret.csv'",
        "SELECT * FROM read_text('/etc/passwd')",
        "SELECT * FROM read_blob('/etc/hostname')",
        "SELECT * FROM glob('/etc/*')",
        "SELECT * FROM read_json('{dir}/secret.csv')",
        "SELECT * FROM read_parquet('{dir}/*.parquet')",
        "SELECT * FROM sniff_csv('{dir}/secret.csv')",
        "SELECT * FROM read_csv('https://example.com/data.csv')",
    ],
)
def test_cannot_read_the_file_system(refused, warehouse, statement):
    statement = statement.format(dir=warehouse.parent)
    message = refused(statement)
    assert "file system operations are disabled" in message or "LocalFileSystem has been disabled" in message


@pytest.mark.parametrize(
    "statement",
    [
        "COPY articles TO '{dir}/dump.csv'",
        "COPY (SELECT * FROM articles) TO '{dir}/dump.parquet' (FORMAT parquet)",
        "COPY articles FROM '{dir}/secret.csv'",
        "EXPORT DATABASE '{dir}/export'",
    ],
)
def test_cannot_copy_to_or_from_files(refused, warehouse, statement):
    statement = statement.format(dir=warehouse.parent)
    assert "is refused" in refused(statement)
    assert "disabled" in engine_refuses(warehouse, statement)


@pytest.mark.parametrize(
    "statement",
    [
        "INSTALL httpfs",
        "FORCE INSTALL httpfs FROM core",
        "LOAD httpfs",
        "LOAD '{dir}/evil.duckdb_extension'",
    ],
)
def test_cannot_install_or_load_extensions(refused, warehouse, statement):
    statement = statement.format(dir=warehouse.parent)
    assert "is refused" in refused(statement)
    assert "disabled" in engine_refuses(warehouse, statement)


@pytest.mark.parametrize(
    "statement",
    [
        "SET enable_external_access = true",
        "RESET enable_external_access",
        "SET lock_configuration = false",
        "PRAGMA enable_external_access = true",
        "SET allowed_directories = ['/']",
    ],
)
def test_cannot_undo_the_lockdown(refused, warehouse, statement):
    assert "is refused" in refused(statement)
    assert "configuration has been locked" in engine_refuses(warehouse, statement)


def test_reports_and_sql_bind_parameters_never_paste_them(warehouse, capsys):
    injection = "x' OR '1'='1"
    assert (
        sitrep(
            [
                "sql",
                "SELECT count(*) AS n FROM articles WHERE title = $title",
                "--param",
                f"title={injection}",
                "--warehouse",
                str(warehouse),
                "--format",
                "csv",
            ]
        )
        == 0
    )
    assert capsys.readouterr().out.splitlines() == ["n", "0"]  # pasted, it would be 1
    assert (
        sitrep(
            [
                "sql",
                "SELECT $v AS v",
                "--param",
                "v='; DROP TABLE articles; --",
                "--warehouse",
                str(warehouse),
                "--format",
                "csv",
            ]
        )
        == 0
    )
    assert capsys.readouterr().out.splitlines()[1] == "'; DROP TABLE articles; --"
    assert sitrep(["report", "quarantined_inputs", "--warehouse", str(warehouse), "--param", "x=1"]) == 1
    assert "has no parameter $x" in capsys.readouterr().err


def test_a_refusal_from_the_installed_command(warehouse):
    """The same through a real `sitrep` process: exit status 1, the reason on stderr, no traceback."""
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "sitrep.cli",
            "sql",
            "SELECT * FROM read_text('/etc/passwd')",
            "--warehouse",
            str(warehouse),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr.startswith("sitrep: error: query failed: Permission Error: ")
    assert "Traceback" not in done.stderr


# --- issue 17: EXPLAIN ANALYZE ran what it explained, and DuckDB lets a connection open the
# database's own paths even with external access off.


def _red_team_warehouse(root):
    """A warehouse at warehouse/sitrep.duckdb under `root`, where the red team's command finds it."""
    path = root / "warehouse" / "sitrep.duckdb"
    path.parent.mkdir()
    with wh.connect(path) as con:
        wh.migrate(con)
        con.execute(
            "INSERT INTO articles (article_id, source_uri, title, text, ingested_at) "
            "VALUES ('a1', 'a.txt', 'Title', 'Title\nBody', now())"
        )
    return path


def _snapshot(folder):
    return {p.name: p.read_bytes() for p in folder.iterdir()}


@pytest.mark.parametrize(
    "target", ["warehouse/sitrep.duckdb", "warehouse/sitrep.duckdb.wal", "warehouse/sitrep.duckdb.tmp/x.csv"]
)
@pytest.mark.parametrize(
    "form",
    [
        "EXPLAIN ANALYZE COPY (SELECT 1 AS x) TO '{target}' (USE_TMP_FILE false)",
        "EXPLAIN (ANALYZE, FORMAT json) COPY (SELECT 1 AS x) TO '{target}'",
        "/* a query */ EXPLAIN -- comment\n ANALYSE COPY articles TO '{target}'",
        "SELECT 1; EXPLAIN ANALYZE COPY (SELECT 1 AS x) TO '{target}'",
    ],
)
def test_the_red_teams_explain_analyze_copy_leaves_the_warehouse_whole(tmp_path, form, target):
    """The red team's command as written, from the folder holding warehouse/: refused, the
    warehouse's bytes unchanged, no file created."""
    warehouse = _red_team_warehouse(tmp_path)
    before = _snapshot(warehouse.parent)
    done = subprocess.run(
        [sys.executable, "-m", "sitrep.cli", "sql", form.format(target=target)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1 and "EXPLAIN of anything but a query is refused" in done.stderr, done.stderr
    assert _snapshot(warehouse.parent) == before
    assert checksums(warehouse)["articles"][0] == 1


@pytest.mark.parametrize(
    "statement",
    [
        "EXPLAIN SELECT count(*) FROM articles",
        "EXPLAIN ANALYZE SELECT count(*) FROM articles",
        "EXPLAIN (FORMAT json) FROM articles",
        "DESCRIBE articles",
        "SUMMARIZE articles",
        "SHOW TABLES",
        "VALUES (1)",
    ],
)
def test_explain_and_the_other_read_only_forms_still_run(warehouse, capsys, statement):
    assert sitrep(["sql", statement, "--warehouse", str(warehouse), "--format", "csv"]) == 0, capsys.readouterr().err


@pytest.mark.parametrize("own_path", ["{db}", "{db}.wal", "{db}.tmp/x.csv", "{db}.wal.checkpoint"])
def test_the_engine_alone_cannot_write_the_databases_own_paths(tmp_path, own_path):
    """Without the statement filter: the reader's connection has DuckDB's local file system
    switched off, so it cannot open even the paths DuckDB allows a database by default."""
    warehouse = _red_team_warehouse(tmp_path)
    before = _snapshot(warehouse.parent)
    target = own_path.format(db=warehouse)
    message = engine_refuses(warehouse, f"COPY (SELECT 1 AS x) TO '{target}' (USE_TMP_FILE false)")
    assert "LocalFileSystem has been disabled" in message
    assert _snapshot(warehouse.parent) == before


SANDBOXED_WRITER = """import sys, duckdb
from sitrep.sandbox import forbid_writes
assert forbid_writes()
print("open for writing:", end=" ")
try:
    duckdb.connect(sys.argv[1]).execute("CREATE TABLE x AS SELECT 1").close()
    print("allowed")
except duckdb.Error as e:
    print("refused:", str(e).splitlines()[0])
try:
    open(sys.argv[1], "r+b")
    print("allowed")
except OSError as e:
    print("refused:", e.strerror)
"""


@pytest.mark.skipif(not landlock_abi(), reason="this kernel has no Landlock")
def test_the_sql_process_itself_cannot_write_any_file(tmp_path):
    """The third layer: a process that has called forbid_writes() (as `sitrep sql` and `sitrep
    report` do) is refused by the kernel even when it asks DuckDB for a read-write connection."""
    warehouse = _red_team_warehouse(tmp_path)
    before = _snapshot(warehouse.parent)
    done = subprocess.run(
        [sys.executable, "-c", SANDBOXED_WRITER, str(warehouse)], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.count("refused") == 2 and "allowed" not in done.stdout, done.stdout
    assert _snapshot(warehouse.parent) == before
