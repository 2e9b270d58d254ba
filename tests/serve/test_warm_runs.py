"""Warm runs: `sitrep run` forked from the runner `sitrep server start` keeps warm.

One real `sitrep server start` (a Prefect server and the runner) in a Prefect home of its own,
real `sitrep run` processes against it. A warm run must be the same run as a cold one: its rows,
its flow run on the server, its exit status, Ctrl-C; and a run the runner cannot give the same
result runs cold."""

import json
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request

import duckdb
import pytest

from tests.conftest import ROOT, SEED
from tests.serve.test_serve import SERVER_TIMEOUT, free_port, live_processes, prefect_env

CLI = [sys.executable, "-m", "sitrep.cli"]
RUN_TIMEOUT = 180


@pytest.fixture(scope="module")
def warm_server(tmp_path_factory):
    home = tmp_path_factory.mktemp("warm")
    env = prefect_env(home)
    started = subprocess.run(
        [*CLI, "server", "start", "--port", str(free_port())],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=SERVER_TIMEOUT + 90,
    )
    assert started.returncode == 0, started.stdout + started.stderr
    try:
        yield env, home
    finally:
        subprocess.run([*CLI, "server", "stop"], cwd=ROOT, env=env, capture_output=True, timeout=90)
    assert not (home / "sitrep-runs.sock").exists()
    assert not live_processes(lambda _, cmd: "sitrep.warm_runs" in cmd and str(home) in cmd)


def _inbox(tmp_path, name="inbox"):
    inbox = tmp_path / name
    inbox.mkdir()
    shutil.copy(SEED, inbox)
    return inbox


def _run(env, *args, **kw):
    return subprocess.run(
        [*CLI, "run", *map(str, args)], cwd=ROOT, env=env, capture_output=True, text=True, timeout=RUN_TIMEOUT, **kw
    )


def _runner_log(home) -> str:
    return (home / "sitrep-runner.log").read_text(encoding="utf-8")


def _counts(warehouse) -> tuple[int, int, int]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute(
            "SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM events), (SELECT count(*) FROM casualties)"
        ).fetchone()


def test_a_warm_run_codes_what_a_cold_run_codes_as_a_flow_run_of_the_server(warm_server, tmp_path):
    env, home = warm_server
    inbox = _inbox(tmp_path)
    warm = _run(env, "--input", inbox, "--warehouse", tmp_path / "warm.duckdb")
    assert warm.returncode == 0, warm.stderr
    assert "warm run" in _runner_log(home) and "ended: exit 0" in _runner_log(home)
    assert "sitrep run completed: 1 articles read, 1 new" in warm.stdout  # printed to the caller's stdout
    cold = _run(env, "--input", inbox, "--warehouse", tmp_path / "cold.duckdb", "--verbose")  # --verbose: cold
    assert cold.returncode == 0, cold.stderr
    assert _runner_log(home).count("warm run") == 2  # started and ended: the verbose run was never sent
    assert _counts(tmp_path / "warm.duckdb") == _counts(tmp_path / "cold.duckdb")
    again = _run(env, "--input", inbox, "--warehouse", tmp_path / "warm.duckdb")
    assert again.returncode == 0 and "1 unchanged" in again.stdout
    with duckdb.connect(str(tmp_path / "warm.duckdb"), read_only=True) as con:
        run_ids = {r[0] for r in con.execute("SELECT run_id FROM pipeline_runs").fetchall()}
    assert len(run_ids) == 2 and run_ids <= _flow_run_parameters(home, "run_id")  # flow runs of the server


def _flow_run_parameters(home, name: str) -> set:
    api_url = json.loads((home / "sitrep-local-server.json").read_text())["api_url"]
    body = json.dumps({"flows": {"name": {"any_": ["sitrep-pipeline"]}}}).encode()
    request = urllib.request.Request(
        f"{api_url}/flow_runs/filter", data=body, headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return {r["parameters"].get(name) for r in json.load(response) if r["state_type"] == "COMPLETED"}


def test_a_caller_with_other_prefect_settings_runs_cold(warm_server, tmp_path):
    env, home = warm_server
    other = dict(env, PREFECT_LOGGING_LEVEL="DEBUG")  # read when Prefect is imported
    run = _run(other, "--input", _inbox(tmp_path), "--warehouse", tmp_path / "w.duckdb")
    assert run.returncode == 0, run.stderr
    assert "cold run" in _runner_log(home) and "another environment" in _runner_log(home)
    assert _counts(tmp_path / "w.duckdb")[0] == 1


def test_ctrl_c_stops_a_warm_run_and_the_run_says_so(warm_server, tmp_path):
    env, home = warm_server
    warehouse = tmp_path / "w.duckdb"
    proc = subprocess.Popen(
        [*CLI, "run", "--input", str(_inbox(tmp_path)), "--warehouse", str(warehouse)],
        cwd=ROOT,
        env=dict(env, SITREP_PAUSE_BEFORE_COMMIT="60"),  # read during the run: still warm
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        for line in proc.stderr:
            if "COMMIT in" in line:
                break
        proc.send_signal(signal.SIGINT)
        assert proc.wait(60) == 130
    finally:
        if proc.poll() is None:
            proc.kill()
    assert "ended: exit 130" in _runner_log(home)
    with duckdb.connect(str(warehouse), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM articles").fetchone() == (0,)  # the batch rolled back
        status, message = con.execute("SELECT status, message FROM pipeline_runs").fetchone()
    assert status == "failed" and "Ctrl-C" in message


def test_a_killed_caller_takes_its_warm_run_along(warm_server, tmp_path):
    env, home = warm_server
    warehouse = tmp_path / "w.duckdb"
    proc = subprocess.Popen(
        [*CLI, "run", "--input", str(_inbox(tmp_path)), "--warehouse", str(warehouse)],
        cwd=ROOT,
        env=dict(env, SITREP_PAUSE_BEFORE_COMMIT="60"),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    for line in proc.stderr:
        if "COMMIT in" in line:
            break
    proc.kill()
    proc.wait()
    deadline = time.monotonic() + 60
    while "ended" not in _runner_log(home).rsplit("warm run", 1)[-1] and time.monotonic() < deadline:
        time.sleep(0.5)
    assert "ended" in _runner_log(home).rsplit("warm run", 1)[-1]  # not left running for 60 s
    run = _run(env, "--input", warehouse.parent / "inbox", "--warehouse", warehouse)  # the lock is free
    assert run.returncode == 0, run.stderr
    assert _counts(warehouse)[0] == 1


def test_the_runner_refuses_callers_of_another_user_by_its_socket_mode(warm_server):
    _, home = warm_server
    assert os.stat(home / "sitrep-runs.sock").st_mode & 0o077 == 0


def test_after_sitrep_changes_a_run_is_cold_and_the_runner_restarts(warm_server, tmp_path):
    env, home = warm_server
    edited = ROOT / "sitrep" / "warm_runs.py"
    before = edited.stat()
    readies = _runner_log(home).count("ready on")
    os.utime(edited, ns=(before.st_atime_ns, before.st_mtime_ns + 1_000_000_000))  # as an edit would
    try:
        run = _run(env, "--input", _inbox(tmp_path), "--warehouse", tmp_path / "w.duckdb")
        assert run.returncode == 0, run.stderr
        assert "sitrep changed since the runner started" in _runner_log(home)
        deadline = time.monotonic() + 120
        while _runner_log(home).count("ready on") == readies and time.monotonic() < deadline:
            time.sleep(0.5)
        assert _runner_log(home).count("ready on") == readies + 1
        warm = _run(env, "--input", _inbox(tmp_path, "again"), "--warehouse", tmp_path / "w.duckdb")
        assert warm.returncode == 0, warm.stderr
        assert _runner_log(home).rstrip().endswith("ended: exit 0")  # the restarted runner's warm run
    finally:
        os.utime(edited, ns=(before.st_atime_ns, before.st_mtime_ns))
