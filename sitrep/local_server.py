"""`sitrep server start|stop|status`: a Prefect server on 127.0.0.1 that stays up between runs.

Without one, every `sitrep run` starts Prefect's temporary server and stops it at the end: 6 to
11 s of a one-article run's 12 to 16 (NOTES in README, "Performance"). With one, a run only
connects, and its flow run, logs and artifacts stay in that server's UI between runs. `sitrep
run` and `sitrep serve` use the server this starts whenever PREFECT_API_URL names no other.

The server runs detached (its own session), outlives the command that started it, and is found
again through a state file in PREFECT_HOME; `stop` ends its whole process group. Beside it runs
the warm runner (sitrep/warm_runs.py), from which `sitrep run` forks its runs with Prefect and
the gazetteers already loaded. Prefect is not imported here: the point is to spare a run its
start-up."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

DEFAULT_PORT = 4200
STARTUP_TIMEOUT = 180.0
RUNNER_STARTUP_TIMEOUT = 60.0
STOP_TIMEOUT = 20.0


def prefect_home() -> Path:
    return Path(os.environ.get("PREFECT_HOME", "~/.prefect")).expanduser()


def state_path() -> Path:
    return prefect_home() / "sitrep-local-server.json"


def log_path() -> Path:
    return prefect_home() / "sitrep-local-server.log"


def running() -> dict | None:
    """The server this module started, if it still answers; a stale state file is removed."""
    path = state_path()
    try:
        state = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if _alive(state.get("pid")) and answers(f"{state['api_url']}/health"):
        return state
    if not _alive(state.get("pid")):
        path.unlink(missing_ok=True)
    return None


def use_if_running() -> str | None:
    """Point this process (and its children) at the local server, unless PREFECT_API_URL is set."""
    if os.environ.get("PREFECT_API_URL"):
        return None
    state = running()
    if state is None:
        return None
    os.environ["PREFECT_API_URL"] = state["api_url"]
    return state["api_url"]


def start(port: int | None = None) -> tuple[dict, bool]:
    """(the server's state, whether it was started now): the running one, or a new one."""
    state = running()
    if state is not None:
        return state, False
    port = port or (DEFAULT_PORT if port_free(DEFAULT_PORT) else _free_port())
    if not port_free(port):
        raise RuntimeError(f"port {port} on 127.0.0.1 is taken; pick another with --port")
    home = prefect_home()
    home.mkdir(parents=True, exist_ok=True)
    env = {"PREFECT_SERVER_ANALYTICS_ENABLED": "false", **os.environ}
    env.pop("PREFECT_API_URL", None)
    with open(log_path(), "ab") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "prefect", "server", "start", "--host", "127.0.0.1", "--port", str(port)],
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            env=env,
            start_new_session=True,
        )
    api_url = f"http://127.0.0.1:{port}/api"
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while not answers(f"{api_url}/health"):
        if proc.poll() is not None:
            raise RuntimeError(
                f"the Prefect server exited with code {proc.returncode} while starting; see {log_path()}"
            )
        if time.monotonic() > deadline:
            _stop_group(proc.pid)
            raise RuntimeError(f"the Prefect server did not answer within {STARTUP_TIMEOUT:.0f} s; see {log_path()}")
        time.sleep(0.3)
    state = {
        "pid": proc.pid,
        "port": port,
        "api_url": api_url,
        "log": str(log_path()),
        "ui_url": f"http://127.0.0.1:{port}",
        "started_at": time.time(),
        **_start_runner(api_url),
    }
    tmp = state_path().with_suffix(".tmp")
    tmp.write_text(json.dumps(state), encoding="utf-8")
    tmp.replace(state_path())
    return state, True


def _start_runner(api_url: str) -> dict:
    """The warm runner beside the server (sitrep/warm_runs.py), with this shell's environment;
    waits until it is ready, so that the first run after `start` is warm too."""
    from sitrep.warm_runs import socket_path

    path = socket_path(prefect_home())
    if len(str(path)) > 100:  # a Unix socket's path has room for 107 bytes
        return {}
    path.unlink(missing_ok=True)
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    with open(runner_log_path(), "ab") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "sitrep.warm_runs", str(path), api_url],
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            env=env,
            start_new_session=True,
        )
    deadline = time.monotonic() + RUNNER_STARTUP_TIMEOUT
    while not path.exists():
        if proc.poll() is not None or time.monotonic() > deadline:
            _stop_group(proc.pid)
            return {}  # runs are cold, as without the runner; its log says why
        time.sleep(0.1)
    return {"runner_pid": proc.pid, "runner_socket": str(path), "runner_log": str(runner_log_path())}


def runner_log_path() -> Path:
    return prefect_home() / "sitrep-runner.log"


def stop() -> dict | None:
    """Stop the server this module started, and its runner; its state, or None if none was running."""
    path = state_path()
    try:
        state = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    for pid in (state.get("runner_pid"), state.get("pid")):
        if _alive(pid):
            _stop_group(pid)
    path.unlink(missing_ok=True)
    return state


def _stop_group(pid: int) -> None:
    try:
        os.killpg(pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    deadline = time.monotonic() + STOP_TIMEOUT
    while time.monotonic() < deadline:
        if not _alive(pid):
            return
        time.sleep(0.2)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pid, signal.SIGKILL)


def _alive(pid: int | None) -> bool:
    if not pid:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:  # a zombie (our own child, not yet reaped) is gone for our purposes
        with open(f"/proc/{pid}/stat", "rb") as f:
            return f.read().rsplit(b")", 1)[1].split()[0] != b"Z"
    except OSError:
        return True


def answers(url: str) -> bool:
    """The URL answers 200 within 2 s."""
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


def port_free(port: int) -> bool:
    """Free to bind on 127.0.0.1, as uvicorn binds (a port in TIME_WAIT is free)."""
    with socket.socket() as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
