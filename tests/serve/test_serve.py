"""`sitrep serve` against a real Prefect server on loopback, started here.

- a served deployment runs on its interval over an inbox: the article in it is coded once; an
  article added later is picked up by a later scheduled run; nothing is coded twice;
- Ctrl-C stops `serve` with no traceback, and leaves no process behind;
- with no server (PREFECT_API_URL unset, or pointing at nothing) it says how to start one and
  exits non-zero;
- `--start-server` starts a server, serves on it, and stops it on SIGTERM.

Every Prefect process here is a subprocess with its own environment (home, database, API URL),
so the session's test harness in tests/conftest.py is never touched. Everything is polled with
generous timeouts: a server took 9-14 s to answer here (2 cores, load average 3), a scheduled
run 5-10 s to complete; a busy CI box may take several times that."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from sitrep.load.readers import read_query
from tests.conftest import FIXTURES, ROOT, SEED

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="process checks read /proc (Linux)")

SECOND_ARTICLE = FIXTURES / "fakes" / "fakes_1914947534.txt"
SERVER_TIMEOUT = 180  # seconds for `prefect server start` to answer
RUN_TIMEOUT = 90  # seconds for a scheduled run to complete
HOW_TO = "export PREFECT_API_URL=http://127.0.0.1:4200/api"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def prefect_env(home: Path, api_url: str | None = None) -> dict:
    """This process's environment without any Prefect setting, plus a home and database of its own."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env.update(
        PREFECT_HOME=str(home),
        PYTHONUNBUFFERED="1",
        PREFECT_API_DATABASE_CONNECTION_URL=f"sqlite+aiosqlite:///{home / 'prefect.db'}",
        PREFECT_SERVER_ANALYTICS_ENABLED="false",
        PREFECT_RUNNER_POLL_FREQUENCY="1",
    )  # the runner looks for due runs every second
    if api_url:
        env["PREFECT_API_URL"] = api_url
    return env


def start(args: list[str], env: dict, log: Path) -> subprocess.Popen:
    # A session of its own, so every process it starts can be found (and must be gone) afterwards.
    # SIGINT back to its default: a shell that started pytest in the background leaves it ignored,
    # and children inherit that.
    wrapper = (
        "import runpy, signal, sys; signal.signal(signal.SIGINT, signal.default_int_handler); "
        "sys.argv = sys.argv[1:]; runpy.run_module(sys.argv[0], run_name='__main__', alter_sys=True)"
    )
    with open(log, "wb") as out:
        return subprocess.Popen(
            [sys.executable, "-c", wrapper, *args],
            cwd=ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=3) as response:
            return response.status == 200
    except OSError:
        return False


def wait_until(condition, timeout: float, what: str, alive: subprocess.Popen, log: Path):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        assert alive.poll() is None, f"exited ({alive.returncode}) before {what}:\n{tail(log)}"
        time.sleep(1)
    pytest.fail(f"no {what} after {timeout} s:\n{tail(log)}")


def tail(log: Path, lines: int = 40) -> str:
    return "\n".join(log.read_text(errors="replace").splitlines()[-lines:]) if log.exists() else ""


def live_processes(match) -> list[int]:
    """Pids of processes (not zombies) whose (pgid, cmdline) satisfy `match`."""
    pids = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            cmdline = (stat.parent / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if fields[0] != "Z" and match(int(fields[2]), cmdline):
            pids.append(int(stat.parent.name))
    return pids


def stop(proc: subprocess.Popen, sig: int, timeout: float = 60) -> int:
    """Signal the process, wait for it, and make sure nothing of its session is left running."""
    proc.send_signal(sig)
    try:
        return proc.wait(timeout)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        deadline = time.monotonic() + 15
        while live_processes(lambda pgid, _: pgid == proc.pid) and time.monotonic() < deadline:
            time.sleep(0.5)
        left = live_processes(lambda pgid, _: pgid == proc.pid)
        if left:
            os.killpg(proc.pid, signal.SIGKILL)
        assert not left, f"processes left behind by {proc.args}: {left}"


def flow_runs(api_url: str, deployment: str) -> list[dict]:
    body = json.dumps({"deployments": {"name": {"any_": [deployment]}}}).encode()
    request = urllib.request.Request(
        f"{api_url}/flow_runs/filter", data=body, headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.load(response)


def completed_after(api_url: str, deployment: str, since: dt.datetime) -> list[dict]:
    """Flow runs the scheduler made for the deployment, started after `since`, that completed."""
    return [
        r
        for r in flow_runs(api_url, deployment)
        if r["state_type"] == "COMPLETED" and r["auto_scheduled"] and dt.datetime.fromisoformat(r["start_time"]) > since
    ]


def article_counts(warehouse: Path) -> dict[str, int]:
    _, rows = read_query(warehouse, "SELECT source_uri, count(*) FROM articles GROUP BY source_uri")
    return {Path(uri).name: n for uri, n in rows}


def events_of(warehouse: Path, name: str) -> int:
    _, rows = read_query(
        warehouse,
        "SELECT count(*) FROM events JOIN articles USING (article_id) WHERE source_uri LIKE '%' || $name",
        {"name": name},
    )
    return rows[0][0]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """`prefect server start` on 127.0.0.1, its home and SQLite database in a temp dir."""
    home = tmp_path_factory.mktemp("prefect_home")
    port = free_port()
    api_url = f"http://127.0.0.1:{port}/api"
    log = home / "server.log"
    proc = start(["prefect", "server", "start", "--host", "127.0.0.1", "--port", str(port)], prefect_env(home), log)
    try:
        wait_until(lambda: answers(f"{api_url}/health"), SERVER_TIMEOUT, "server", proc, log)
        yield api_url
    finally:
        assert stop(proc, signal.SIGTERM) in (0, -signal.SIGTERM), tail(log)


def test_served_deployment_codes_the_inbox_on_its_schedule(server, tmp_path):
    inbox, warehouse, log = tmp_path / "inbox", tmp_path / "sitrep.duckdb", tmp_path / "serve.log"
    inbox.mkdir()
    shutil.copy(SEED, inbox)
    began = dt.datetime.now(dt.UTC)
    serve = start(
        [
            "sitrep.flows.serve",
            "--inbox",
            str(inbox),
            "--warehouse",
            str(warehouse),
            "--interval",
            "5",
            "--name",
            "every-5s",
        ],
        prefect_env(tmp_path, server),
        log,
    )
    try:
        wait_until(
            lambda: completed_after(server, "every-5s", began), RUN_TIMEOUT, "completed scheduled run", serve, log
        )
        assert article_counts(warehouse) == {SEED.name: 1}
        seed_events = events_of(warehouse, SEED.name)
        assert seed_events > 0

        added = dt.datetime.now(dt.UTC)
        shutil.copy(SECOND_ARTICLE, inbox)
        wait_until(
            lambda: completed_after(server, "every-5s", added),
            RUN_TIMEOUT,
            "scheduled run after the second article arrived",
            serve,
            log,
        )
        assert article_counts(warehouse) == {SEED.name: 1, SECOND_ARTICLE.name: 1}
        assert events_of(warehouse, SEED.name) == seed_events  # re-runs added nothing to it
        assert len(completed_after(server, "every-5s", began)) >= 2
    finally:
        before = log.stat().st_size
        code = stop(serve, signal.SIGINT)  # Ctrl-C
    after_ctrl_c = log.read_bytes()[before:].decode(errors="replace")
    assert code == 0, after_ctrl_c
    assert "Traceback" not in after_ctrl_c
    assert "sitrep serve: stopped" in after_ctrl_c


def test_served_feeds_code_items_that_appear_between_two_runs_once_each(server, tmp_path):
    from tests.feeds.site import STORIES, Site

    warehouse, log, feed_list = tmp_path / "sitrep.duckdb", tmp_path / "serve.log", tmp_path / "outlets.txt"
    with Site() as site:
        entries = [(site.add_story(story), story) for story in STORIES[:2]]
        site.add_rss("/world.rss", "World", entries)
        feed_list.write_text(f"# outlets\n{site.url('/world.rss')}\n")
        began = dt.datetime.now(dt.UTC)
        serve = start(
            [
                "sitrep.flows.serve",
                "--feeds",
                str(feed_list),
                "--warehouse",
                str(warehouse),
                "--interval",
                "5",
                "--fetch-delay",
                "0",
                "--name",
                "feeds-5s",
            ],
            prefect_env(tmp_path, server),
            log,
        )
        try:
            wait_until(
                lambda: completed_after(server, "feeds-5s", began), RUN_TIMEOUT, "completed scheduled run", serve, log
            )
            assert sorted(article_counts(warehouse).values()) == [1, 1]
            entries += [(site.add_story(story), story) for story in STORIES[2:4]]
            site.add_rss("/world.rss", "World", entries)  # two new items appear
            added = dt.datetime.now(dt.UTC)
            wait_until(
                lambda: len(completed_after(server, "feeds-5s", added)) >= 2,
                RUN_TIMEOUT * 2,
                "two scheduled runs after the feed changed",
                serve,
                log,
            )
            counts = article_counts(warehouse)
            assert sorted(counts) == sorted(Path(path).name for path, _ in entries)
            assert set(counts.values()) == {1}
            assert all(site.hits(path) == 1 for path, _ in entries)  # no page fetched twice
        finally:
            code = stop(serve, signal.SIGINT)
    assert code == 0, tail(log)


def test_sitrep_server_stays_up_between_runs_and_runs_use_it(tmp_path):
    env = prefect_env(tmp_path)
    cli = [sys.executable, "-m", "sitrep.cli"]
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copy(SEED, inbox)
    started = subprocess.run(
        [*cli, "server", "start", "--port", str(free_port())],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=SERVER_TIMEOUT + 30,
    )
    try:
        assert started.returncode == 0, started.stdout + started.stderr
        api_url = started.stdout.split("sitrep server started: ")[1].split()[0] + "/api"
        assert answers(f"{api_url}/health")  # still up after the command that started it ended
        for warehouse in ("a.duckdb", "b.duckdb"):
            run = subprocess.run(
                [*cli, "run", "--input", str(inbox), "--warehouse", str(tmp_path / warehouse)],
                cwd=ROOT,
                env=env,
                capture_output=True,
                text=True,
                timeout=RUN_TIMEOUT * 2,
            )
            assert run.returncode == 0, run.stderr
            assert "Starting temporary server" not in run.stdout + run.stderr
        body = json.dumps({"flows": {"name": {"any_": ["sitrep-pipeline"]}}}).encode()
        request = urllib.request.Request(
            f"{api_url}/flow_runs/filter", data=body, headers={"Content-Type": "application/json"}
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            runs = json.load(response)
        assert [r["state_type"] for r in runs] == ["COMPLETED", "COMPLETED"]  # both in its history
        status = subprocess.run([*cli, "server", "status"], cwd=ROOT, env=env, capture_output=True, text=True)
        assert status.returncode == 0 and "running" in status.stdout
    finally:
        stopped = subprocess.run(
            [*cli, "server", "stop"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
        )
    assert "stopped" in stopped.stdout
    assert not answers(f"{api_url}/health")
    assert not live_processes(lambda _, cmd: "server start" in cmd and api_url.split(":")[2].split("/")[0] in cmd)
    status = subprocess.run([*cli, "server", "status"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert status.returncode == 3 and "not running" in status.stdout


@pytest.mark.parametrize("api_url", [None, "unreachable"])
def test_without_a_server_it_says_how_to_start_one(tmp_path, api_url):
    if api_url == "unreachable":
        api_url = f"http://127.0.0.1:{free_port()}/api"
    started = time.monotonic()
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "sitrep.flows.serve",
            "--inbox",
            str(tmp_path),
            "--warehouse",
            str(tmp_path / "w.duckdb"),
            "--cron",
            "*/15 * * * *",
        ],
        cwd=ROOT,
        env=prefect_env(tmp_path, api_url),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "prefect server start --host 127.0.0.1" in result.stderr
    assert HOW_TO in result.stderr
    assert "--start-server" in result.stderr
    assert "Traceback" not in result.stderr
    assert time.monotonic() - started < 60  # it does not wait on a server that never comes


def test_start_server_serves_on_its_own_server_and_stops_it(tmp_path):
    port = free_port()
    api_url = f"http://127.0.0.1:{port}/api"
    log = tmp_path / "serve.log"
    serve = start(
        [
            "sitrep.flows.serve",
            "--inbox",
            str(tmp_path),
            "--warehouse",
            str(tmp_path / "w.duckdb"),
            "--interval",
            "3600",
            "--name",
            "own-server",
            "--start-server",
            "--port",
            str(port),
        ],
        prefect_env(tmp_path),
        log,
    )
    try:
        deployment = f"{api_url}/deployments/name/sitrep-pipeline/own-server"
        wait_until(lambda: answers(deployment), SERVER_TIMEOUT + 60, "deployment on its server", serve, log)
        server_pids = live_processes(lambda _, cmd: "server start" in cmd and f"--port {port}" in cmd)
        assert server_pids, "no `prefect server start` process found"
    finally:
        before = log.stat().st_size
        code = stop(serve, signal.SIGTERM)
    after_sigterm = log.read_bytes()[before:].decode(errors="replace")
    assert code == 0, after_sigterm
    assert "Traceback" not in after_sigterm
    assert not answers(f"{api_url}/health")
    assert not live_processes(lambda _, cmd: f"--port {port}" in cmd)


def test_prefect_yaml_deploys_the_pipeline_to_a_process_work_pool(server, tmp_path):
    env = dict(prefect_env(tmp_path, server), PWD=str(ROOT))  # as a shell in the checkout has it
    for command in (
        ["work-pool", "create", "sitrep", "--type", "process"],
        ["--no-prompt", "deploy", "--all", "--prefect-file", "prefect.yaml"],
    ):
        result = subprocess.run(
            [sys.executable, "-m", "prefect", *command], cwd=ROOT, env=env, capture_output=True, text=True, timeout=180
        )
        assert result.returncode == 0, result.stdout + result.stderr
    with urllib.request.urlopen(f"{server}/deployments/name/sitrep-pipeline/inbox", timeout=10) as response:
        deployment = json.load(response)
    assert deployment["work_pool_name"] == "sitrep"
    assert deployment["entrypoint"] == "flows/pipeline.py:pipeline"
    assert deployment["parameters"] == {"inputs": ["inbox"], "warehouse": "warehouse/sitrep.duckdb", "wait": 60}
    assert [s["schedule"]["cron"] for s in deployment["schedules"]] == ["*/15 * * * *"]
    assert deployment["global_concurrency_limit"]["limit"] == 1
    with urllib.request.urlopen(f"{server}/deployments/name/sitrep-pipeline/feeds", timeout=10) as response:
        feeds = json.load(response)
    assert feeds["parameters"] == {
        "inputs": [],
        "feed_list": "feeds.opml",
        "warehouse": "warehouse/sitrep.duckdb",
        "wait": 60,
        "fetch_delay": 1,
    }
    # flow runs start in the checkout that was deployed from (prefect.yaml's {{ $PWD }})
    assert deployment["pull_steps"] == [{"prefect.deployments.steps.set_working_directory": {"directory": str(ROOT)}}]
