"""One writer, readers never in the way. Real `sitrep` subprocesses on one warehouse:

- a run is mid-load (its batch transactions held open by SITREP_PAUSE_BEFORE_COMMIT);
- a second `sitrep run` fails at once, naming the run that holds the warehouse;
- a third, with --wait, queues behind the first and then runs;
- `sitrep sql` gets its answer while the runs go on;
- two input files vanish or turn into a folder after discovery: quarantined, the run goes on.

And the other way round: a reader holding the file makes a run wait and retry, not fail."""

import subprocess
import sys
import time

import pytest

from sitrep.flows.pipeline import pipeline
from sitrep.load import warehouse as wh
from sitrep.load.lock import WarehouseLocked, check_unlocked, writer_lock
from tests.reliability.conftest import query, sitrep_process, sitrep_run, wait_for_line, write_article

PLACES = ["Aleppo", "Homs", "Hama", "Idlib", "Raqqa", "Daraa"]


@pytest.fixture(scope="module")
def runs(tmp_path_factory, prefect_env):
    root = tmp_path_factory.mktemp("one_writer")
    box = root / "box"
    box.mkdir()
    for i, place in enumerate(PLACES):
        write_article(box / f"a{i}.txt", f"Strike on {place}", place, i + 2, i + 3)
    write_article(box / "y_vanishes.txt", "Gone", "Hama", 9, 9)
    write_article(box / "z_becomes_a_folder.txt", "Changed", "Homs", 9, 9)
    warehouse = root / "sitrep.duckdb"
    run_args = ["run", "--input", str(box), "--warehouse", str(warehouse), "--batch-size", "2"]

    first = sitrep_process(
        *run_args, env=dict(prefect_env, SITREP_PAUSE_BEFORE_COMMIT="2"), stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    first_log = wait_for_line(first, "COMMIT in")  # holds the writer lock, batch 1 uncommitted
    (box / "y_vanishes.txt").unlink()
    (box / "z_becomes_a_folder.txt").unlink()
    (box / "z_becomes_a_folder.txt").mkdir()

    started = time.monotonic()
    second = sitrep_run(*run_args, env=prefect_env)
    second_seconds = time.monotonic() - started
    third = sitrep_process(*run_args, "--wait", "120", env=prefect_env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    reader = sitrep_run(
        "sql", "SELECT count(*) AS n FROM articles", "--warehouse", str(warehouse), "--format", "csv", env=prefect_env
    )
    first_out = first.stdout.read()
    first.wait(120)
    third_out, third_err = third.communicate(timeout=120)
    return dict(
        box=box,
        warehouse=warehouse,
        first=first,
        first_out=first_out,
        first_log=first_log,
        second=second,
        second_seconds=second_seconds,
        third=third,
        third_out=third_out,
        third_err=third_err,
        reader=reader,
    )


def test_a_second_run_fails_fast_naming_the_run_that_writes(runs):
    second = runs["second"]
    assert second.returncode == 1
    [line] = second.stderr.strip().splitlines()
    assert line.startswith("sitrep: error: ") and f"another sitrep run (pid {runs['first'].pid} " in line
    assert "--wait SECONDS" in line
    assert runs["second_seconds"] < 10


def test_a_run_with_wait_queues_behind_the_first_and_then_runs(runs):
    first, third = runs["first"], runs["third"]
    assert first.returncode == 0, "".join(runs["first_log"][-20:])
    assert third.returncode == 0, runs["third_err"][-3000:]
    assert f"being written by another sitrep run (pid {first.pid} " in runs["third_err"]
    assert "waiting up to 120 s" in runs["third_err"]
    rows = query(
        runs["warehouse"],
        "SELECT status, articles_new, articles_unchanged, started_at, finished_at "
        "FROM pipeline_runs ORDER BY started_at",
    )
    assert [r[:3] for r in rows] == [("completed_with_warnings", 6, 0), ("completed", 0, 6)]
    assert rows[1][3] >= rows[0][4], "the runs overlapped"


def test_nothing_is_duplicated(runs):
    assert query(
        runs["warehouse"], "SELECT count(*), count(DISTINCT source_uri), count(DISTINCT article_id) FROM articles"
    ) == [(6, 6, 6)]


def test_a_reader_gets_its_answer_while_runs_go_on(runs):
    reader = runs["reader"]
    assert reader.returncode == 0, reader.stderr
    assert reader.stdout.splitlines()[0] == "n" and 0 <= int(reader.stdout.splitlines()[1]) <= 6


def test_files_that_vanish_or_change_mid_run_are_quarantined(runs):
    box = runs["box"]
    found = {
        (uri, reason): detail
        for uri, reason, detail in query(runs["warehouse"], "SELECT source_uri, reason, detail FROM quarantine")
    }
    assert set(found) == {
        (str(box / "y_vanishes.txt"), "unreadable"),
        (str(box / "z_becomes_a_folder.txt"), "not_a_file"),
    }
    assert "No such file" in found[(str(box / "y_vanishes.txt"), "unreadable")]
    assert "a folder" in found[(str(box / "z_becomes_a_folder.txt"), "not_a_file")]


HOLD = """import duckdb, sys, time
con = duckdb.connect(sys.argv[1], read_only=True)
print("holding", flush=True)
time.sleep(float(sys.argv[2]))
"""


def _hold(warehouse, seconds: float) -> subprocess.Popen:
    """Another process holding a read-only connection, as `duckdb -readonly` or a BI tool would."""
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(warehouse), str(seconds)], stdout=subprocess.PIPE, text=True
    )
    assert holder.stdout.readline().strip() == "holding"
    return holder


def test_a_run_that_meets_a_readers_lock_retries_instead_of_failing(tmp_path, prefect_server):
    warehouse = tmp_path / "w.duckdb"
    with wh.connect(warehouse) as con:
        wh.migrate(con)
    write_article(tmp_path / "a.txt", "Strike on Aleppo", "Aleppo", 4, 2)
    holder = _hold(warehouse, 3)
    started = time.monotonic()
    summary = pipeline(inputs=[str(tmp_path / "a.txt")], warehouse=str(warehouse))
    assert holder.wait(10) == 0
    assert time.monotonic() - started >= 2.5, "the run never met the reader's lock"
    assert summary.status == "completed" and summary.new == 1


def test_a_reader_that_never_lets_go_gets_a_clear_message_not_a_hang(tmp_path):
    warehouse = tmp_path / "w.duckdb"
    with wh.connect(warehouse) as con:
        wh.migrate(con)
    holder = _hold(warehouse, 5)
    try:
        with (
            pytest.raises(wh.WarehouseBusy, match=rf"held by another process .* it is process {holder.pid};"),
            wh.connect(warehouse, lock_timeout=0.5),
        ):
            pass
    finally:
        holder.kill()
        holder.wait()


def test_the_writer_lock_fails_fast_or_waits(tmp_path):
    warehouse = tmp_path / "w.duckdb"
    script = (
        "import sys, time\nfrom sitrep.load.lock import writer_lock\n"
        "with writer_lock(sys.argv[1]):\n    print('locked', flush=True)\n    time.sleep(1.5)\n"
    )
    holder = subprocess.Popen([sys.executable, "-c", script, str(warehouse)], stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "locked"
    with pytest.raises(WarehouseLocked, match=rf"pid {holder.pid} .*--wait SECONDS"):
        check_unlocked(warehouse)
    waited = []
    started = time.monotonic()
    with writer_lock(warehouse, wait=30, on_wait=waited.append):
        assert time.monotonic() - started > 0.5
    assert waited and "waiting up to 30 s" in waited[0]
    assert holder.wait(10) == 0


def test_a_lock_held_past_the_writers_patience_is_retried_by_the_task(tmp_path, prefect_server, monkeypatch, caplog):
    """Transient: the task fails with WarehouseBusy, Prefect retries it after its backoff delay,
    and the run completes. A constraint error, by contrast, is not retried (see
    test_bad_inputs.py: the refused batch costs ~2 s, not the 14 s of three retries)."""
    from prefect.states import Failed

    from sitrep.flows.pipeline import transient

    warehouse = tmp_path / "w.duckdb"
    with wh.connect(warehouse) as con:
        wh.migrate(con)
    write_article(tmp_path / "a.txt", "Strike on Aleppo", "Aleppo", 4, 2)
    monkeypatch.setattr(wh, "WRITER_LOCK_TIMEOUT", 0.3)
    holder = _hold(warehouse, 1.0)
    summary = pipeline(inputs=[str(tmp_path / "a.txt")], warehouse=str(warehouse))
    holder.wait(10)
    assert summary.status == "completed" and summary.new == 1
    assert "WarehouseBusy" in caplog.text and "Retry 1/3 will start 1 second" in caplog.text
    assert transient(None, None, Failed(data=wh.WarehouseBusy("busy")))
    assert transient(None, None, Failed(data=OSError("disk")))
    assert not transient(None, None, Failed(data=ValueError("bad row")))
