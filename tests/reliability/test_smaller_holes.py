"""Issue 17, the smaller holes, each through the real `sitrep` command:
- terminal escape sequences in file names and in the publisher, id and url columns are not
  printed raw by `sql`, `report` or the run summary;
- a file mixing UTF-8 and cp1252 lines is decoded line by line, without mojibake;
- a damaged warehouse (one flipped block) is refused before any write, and the failed run is
  recorded once the warehouse is sound again."""

import hashlib
import shutil

import duckdb
import pytest

from sitrep.load import warehouse as wh
from tests.reliability.conftest import BODY, query, sitrep_run, write_article

ESCAPES = ("\x1b", "\x07", "\x9b")
CLEAR = "\x1b[2J\x1b[H"
TITLE = "\x1b]0;pwned\x07"


@pytest.fixture(scope="module")
def coded(tmp_path_factory, prefect_env):
    root = tmp_path_factory.mktemp("smaller")
    box = root / "box"
    box.mkdir()
    write_article(box / f"evil{CLEAR}.txt", f"Strike on Aleppo {TITLE}", "Aleppo", 4, 2)
    (box / f"empty{TITLE}.txt").write_text("")  # quarantined under its name
    body = BODY.format(place="Homs", n=3, w=5).replace("\n", " ")
    (box / "wire.csv").write_text(
        f'id,title,text,publisher,url\n"x{CLEAR}1",Shelling in Homs,"{body}","Wire{TITLE}","http://x/{CLEAR}"\n',
        encoding="utf-8",
    )
    (box / "mixed.txt").write_bytes(
        "Strike near the café in Idlib\n".encode()
        + "Residents of Ma’arrat said “seven were killed”.\n".encode("cp1252")
        + "Rescuers reached the café at dawn.\n".encode()
    )
    folder = root / f"w{CLEAR}"  # the summary prints this path
    folder.mkdir()
    warehouse = folder / "sitrep.duckdb"
    run = sitrep_run("run", "--input", str(box), "--warehouse", str(warehouse), "--quiet", env=prefect_env)
    assert run.returncode == 0, run.stderr[-3000:]
    return box, warehouse, run


def _clean(text: str) -> bool:
    return not any(c in text for c in ESCAPES)


def test_the_run_summary_prints_no_escape_sequence(coded):
    _, _warehouse, run = coded
    assert "sitrep run completed_with_warnings" in run.stdout and _clean(run.stdout), repr(run.stdout)


@pytest.mark.parametrize(
    "command",
    [
        [
            "sql",
            "SELECT source_uri, title, publisher, url, id_from_csv FROM (SELECT *, split_part(source_uri, '#', 2) "
            "AS id_from_csv FROM articles)",
        ],
        ["sql", "SELECT * FROM quarantine", "--format", "markdown"],
        ["sql", "SELECT source_uri, publisher, url FROM articles", "--format", "csv"],
        ["report", "quarantined_inputs"],
        ["report", "event_timeline"],
    ],
)
def test_sql_and_reports_print_no_escape_sequence(coded, command, prefect_env):
    _, warehouse, _ = coded
    done = sitrep_run(*command, "--warehouse", str(warehouse), env=prefect_env)
    assert done.returncode == 0, done.stderr
    assert _clean(done.stdout) and _clean(done.stderr), repr(done.stdout)
    assert any(word in done.stdout for word in ("Aleppo", "Homs", "box/"))


def test_the_warehouse_keeps_the_values_as_they_were(coded):
    box, warehouse, _ = coded
    assert query(warehouse, "SELECT url FROM articles WHERE source_uri LIKE '%wire.csv%'") == [(f"http://x/{CLEAR}",)]
    assert (str(box / f"evil{CLEAR}.txt"),) in query(warehouse, "SELECT source_uri FROM articles")


def test_a_file_mixing_utf8_and_cp1252_is_decoded_line_by_line(coded):
    box, warehouse, _ = coded
    [(text,)] = query(warehouse, "SELECT text FROM articles WHERE source_uri = ?", [str(box / "mixed.txt")])
    assert "the café in Idlib" in text and "Ma’arrat said “seven were killed”" in text and "café at dawn" in text
    assert "Ã" not in text and "â€" not in text


def _flip_a_used_block(path) -> None:
    """XOR 64 bytes inside a block that holds actor_aliases rows (block k starts at 12 KiB of
    headers + k blocks of 256 KiB)."""
    with duckdb.connect(str(path), read_only=True) as con:
        [(block,)] = con.execute(
            "SELECT min(block_id) FROM pragma_storage_info('actor_aliases') WHERE block_id >= 0"
        ).fetchall()
    with open(path, "r+b") as f:
        f.seek(12288 + block * 262144 + 5000)
        data = f.read(64)
        f.seek(12288 + block * 262144 + 5000)
        f.write(bytes(b ^ 0xFF for b in data))


def test_a_damaged_warehouse_is_refused_before_any_write(tmp_path, prefect_env):
    warehouse = tmp_path / "w.duckdb"
    with wh.connect(warehouse) as con:
        wh.migrate(con)
        wh.load_reference(con)
    backup = tmp_path / "backup.duckdb"
    shutil.copy(warehouse, backup)
    _flip_a_used_block(warehouse)
    damaged = hashlib.sha256(warehouse.read_bytes()).hexdigest()
    write_article(tmp_path / "new.txt", "Strike on Raqqa", "Raqqa", 6, 1)

    done = sitrep_run("run", "--input", str(tmp_path / "new.txt"), "--warehouse", str(warehouse), env=prefect_env)
    assert done.returncode == 1
    assert "fails DuckDB's checks and was not written to" in done.stderr and "Corrupt database file" in done.stderr
    assert hashlib.sha256(warehouse.read_bytes()).hexdigest() == damaged
    assert not (tmp_path / "w.duckdb.wal").exists()
    assert "fails DuckDB's checks" in wh.journal_path(warehouse).read_text()

    shutil.copy(backup, warehouse)  # restored: the next run records the failed one, then runs
    again = sitrep_run("run", "--input", str(tmp_path / "new.txt"), "--warehouse", str(warehouse), env=prefect_env)
    assert again.returncode == 0, again.stderr[-3000:]
    runs = query(warehouse, "SELECT status, message FROM pipeline_runs ORDER BY started_at")
    assert [r[0] for r in runs] == ["failed", "completed"] and "fails DuckDB's checks" in runs[0][1]
    assert not wh.journal_path(warehouse).exists()
