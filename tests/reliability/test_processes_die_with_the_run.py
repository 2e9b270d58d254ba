"""Issue 17, the process holes, with real `sitrep` processes and Prefect's own temporary server
(PREFECT_API_URL unset, as a user runs it):
- the writer lock is taken before Prefect's start-up: a second run started during the first's
  start-up fails at once, naming it;
- after a SIGKILL of `sitrep run` mid-batch, its temporary server, forkserver and workers die;
- after a SIGKILL of `sitrep serve --start-server`, the server it started stops."""

import os
import signal
import socket
import subprocess
import time

from sitrep.load.lock import lock_path
from tests.reliability.conftest import sitrep_process, sitrep_run, wait_for_line, write_article

PLACES = ["Aleppo", "Homs", "Hama", "Idlib", "Raqqa", "Daraa", "Latakia"]


def _descendants(pid: int) -> set[int]:
    children: dict[int, list[int]] = {}
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                with open(f"/proc/{name}/stat", "rb") as f:
                    ppid = int(f.read().rsplit(b")", 1)[1].split()[1])
            except OSError:
                continue
            children.setdefault(ppid, []).append(int(name))
    found, todo = set(), [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.add(child)
            todo.append(child)
    return found


def _alive(pids: set[int]) -> set[int]:
    out = set()
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat", "rb") as f:
                if f.read().rsplit(b")", 1)[1].split()[0] != b"Z":
                    out.add(pid)
        except OSError:
            pass
    return out


def _wait_gone(pids: set[int], seconds: float) -> set[int]:
    deadline = time.monotonic() + seconds
    while _alive(pids) and time.monotonic() < deadline:
        time.sleep(0.2)
    return _alive(pids)


def _own_env(prefect_env: dict) -> dict:
    env = dict(prefect_env)
    env.pop("PREFECT_API_URL")  # Prefect's temporary server, started by the run
    return env


def test_lock_before_start_up_and_nothing_outlives_a_sigkill(tmp_path, prefect_env):
    box = tmp_path / "box"
    box.mkdir()
    for i in range(70):  # one batch of 70: coded on the worker pool
        write_article(box / f"a{i:02d}.txt", f"Strike {i} on {PLACES[i % 7]}", PLACES[i % 7], i + 2, i + 1)
    warehouse = tmp_path / "w.duckdb"
    args = ["run", "--input", str(box), "--warehouse", str(warehouse), "--batch-size", "70", "--workers", "2"]
    first = sitrep_process(
        *args,
        env=dict(_own_env(prefect_env), SITREP_PAUSE_BEFORE_COMMIT="60"),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        # The lock holds the first run's pid long before Prefect's server is up (6-15 s here).
        deadline = time.monotonic() + 5
        while f'"pid": {first.pid}' not in (lock_path(warehouse).read_text() if lock_path(warehouse).exists() else ""):
            assert time.monotonic() < deadline, "the first run took no lock before its start-up"
            time.sleep(0.05)
        started = time.monotonic()
        second = sitrep_run(*args, env=_own_env(prefect_env))
        assert second.returncode == 1 and f"pid {first.pid} " in second.stderr, second.stderr
        assert time.monotonic() - started < 10

        wait_for_line(first, "COMMIT in", timeout=120)  # workers coded the batch; load open
        family = _descendants(first.pid)
        assert len(family) >= 4, family  # watchdog, temporary server, forkserver, workers
        first.send_signal(signal.SIGKILL)
        first.wait(10)
        assert _wait_gone(family, 15) == set()
    finally:
        first.kill()
        first.wait(10)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_a_server_started_by_serve_stops_when_serve_is_killed(tmp_path, prefect_env):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    port = _free_port()
    env = dict(_own_env(prefect_env), PREFECT_HOME=str(tmp_path / "prefect-home"))
    serve = sitrep_process(
        "serve",
        "--start-server",
        "--port",
        str(port),
        "--inbox",
        str(inbox),
        "--warehouse",
        str(tmp_path / "w.duckdb"),
        "--interval",
        "3600",
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 180
        for line in serve.stdout:
            if "Ctrl-C stops" in line:
                break
            assert time.monotonic() < deadline and serve.poll() is None, line
        family = _descendants(serve.pid)
        assert family
        serve.send_signal(signal.SIGKILL)
        serve.wait(10)
        assert _wait_gone(family, 30) == set()
        with socket.socket() as s:
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            s.bind(("127.0.0.1", port))  # the port is free again
    finally:
        serve.kill()
        serve.wait(10)
