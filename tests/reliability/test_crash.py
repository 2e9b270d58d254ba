"""Atomic loads: a `sitrep run` killed with SIGKILL in the middle of a batch's transaction leaves
the warehouse as it was after the batch before, and the next run ends with exactly the rows of a
run that was never interrupted."""

import signal
import subprocess

from sitrep.flows.pipeline import pipeline
from tests.reliability.conftest import MAX_ARTICLE_CHARS, build_inbox, checksums, query, sitrep_process, wait_for_line

BATCH = 3


def test_sigkill_mid_load_then_rerun_gives_the_uninterrupted_rows(tmp_path, prefect_env):
    inbox = build_inbox(tmp_path, big_file=False)
    args = ["--batch-size", str(BATCH), "--max-article-chars", str(MAX_ARTICLE_CHARS)]
    inputs = [a for path in inbox.inputs for a in ("--input", path)]

    reference = tmp_path / "uninterrupted.duckdb"
    pipeline(inputs=inbox.inputs, warehouse=str(reference), batch_size=BATCH, max_article_chars=MAX_ARTICLE_CHARS)

    # Every load holds its transaction open 1.5 s. Loads: the inputs refused at discovery, then
    # batch 1, then batch 2: the kill lands while batch 2's rows are inserted but not committed.
    warehouse = tmp_path / "killed.duckdb"
    run = sitrep_process(
        "run",
        *inputs,
        "--warehouse",
        str(warehouse),
        *args,
        env=dict(prefect_env, SITREP_PAUSE_BEFORE_COMMIT="1.5"),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        wait_for_line(run, "COMMIT in", count=3)
        run.send_signal(signal.SIGKILL)
    finally:
        run.kill()
        run.wait(30)
    assert run.returncode == -signal.SIGKILL

    # The warehouse is batch 1, whole: three articles with every row the reference has for them.
    ids = [r[0] for r in query(warehouse, "SELECT article_id FROM articles")]
    assert len(ids) == BATCH
    only = "WHERE article_id IN (" + ", ".join(f"'{i}'" for i in ids) + ")"
    assert checksums(warehouse, only) == checksums(reference, only)
    assert set(query(warehouse, "SELECT * FROM places")) <= set(query(reference, "SELECT * FROM places"))
    assert set(query(warehouse, "SELECT source_uri, reason FROM quarantine")) <= set(
        query(reference, "SELECT source_uri, reason FROM quarantine")
    )
    [(killed_run, status)] = query(warehouse, "SELECT run_id, status FROM pipeline_runs")
    assert status == "running"

    summary = pipeline(
        inputs=inbox.inputs, warehouse=str(warehouse), batch_size=BATCH, max_article_chars=MAX_ARTICLE_CHARS
    )
    assert summary.new == len(inbox.good) - BATCH and summary.unchanged == BATCH
    assert summary.interrupted_runs == [killed_run]
    assert checksums(warehouse) == checksums(reference)
    assert dict(query(warehouse, "SELECT run_id, status FROM pipeline_runs")) == {
        killed_run: "interrupted",
        summary.run_id: "completed_with_warnings",
    }
