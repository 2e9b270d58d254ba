"""Warm runs: `sitrep run` forked from a process that has already imported and loaded everything.

A one-article run spent 1.7 s of its 3.2 s importing Prefect, pyarrow and the pipeline, and
loading lexicons and gazetteers, before its flow did anything (README, "Performance"). `sitrep
server start` therefore starts, beside the Prefect server, a runner that does that once and then
waits on a Unix socket in PREFECT_HOME. `sitrep run` hands it its arguments, working directory,
environment and its terminal (stdin, stdout, stderr, passed as file descriptors); the runner
forks, and the child is the run: the same CLI, the same Prefect flow run on the same server,
printing to the caller's terminal. The caller forwards Ctrl-C and SIGTERM to the child and exits
with its status.

The caller runs the flow itself (a cold run) whenever the runner could not give the same
result: no runner, another Python, another sitrep (a file changed since the runner started:
the runner then restarts itself), or environment that was read at import (PREFECT_*, SITREP_*,
the cache and home directories) set differently. A fork is safe here: the runner has one thread
and holds no DuckDB connection; the gazetteer's SQLite handle is reopened per process."""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import selectors
import signal
import socket
import sys
from pathlib import Path

# What was read when the runner imported Prefect and loaded the gazetteers: a caller whose values
# differ would get the runner's, so it runs cold. (Other SITREP_* variables are read while a run
# runs, from the caller's environment.)
_SHAPING_PREFIXES = ("PREFECT_",)
_SHAPING_NAMES = ("SITREP_CACHE_DIR", "XDG_CACHE_HOME", "HOME")
# The caller's own: the runner points every run at its server.
_PER_CALLER = ("PREFECT_API_URL",)
# Set in a forked run, so that its `sitrep run` runs rather than asks the runner again.
IN_WARM_RUN = False
RUN_MARK = "SITREP_WARM_RUN"
MAX_REQUEST_BYTES = 1 << 20
STALE = "sitrep changed since the runner started"


def socket_path(prefect_home: Path) -> Path:
    return prefect_home / "sitrep-runs.sock"


def shaping_environment(env: dict[str, str]) -> dict[str, str]:
    return {
        k: v
        for k, v in env.items()
        if (k.startswith(_SHAPING_PREFIXES) or k in _SHAPING_NAMES) and k not in _PER_CALLER
    }


def code_fingerprint() -> str:
    """Every file of the installed library, flows and data by name, size and modification time:
    an edit since the runner started makes it stale."""
    import sitrep
    import sitrep.flows

    digest = hashlib.blake2b(digest_size=16)
    for root in (Path(sitrep.__file__).parent, Path(sitrep.flows.__file__).parent):
        for dirpath, dirnames, filenames in os.walk(root):
            dirnames[:] = sorted(d for d in dirnames if d != "__pycache__")
            for name in sorted(filenames):
                st = os.stat(os.path.join(dirpath, name))
                digest.update(f"{dirpath}/{name}:{st.st_size}:{st.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def _python() -> list[str]:
    """The interpreter and environment (venv): `python` and `python3` in one venv are the same."""
    return [os.path.realpath(sys.executable), sys.prefix]


# --- the caller ---------------------------------------------------------------------------------


def run_warm(argv: list[str], runner_socket: str) -> int | None:
    """Have the runner at `runner_socket` do `sitrep run ARGV`; its exit status, or None if the
    caller must run it cold (no runner, or one that could not give the same result)."""
    try:
        conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        conn.connect(runner_socket)
    except OSError:
        return None
    with conn:
        request = {
            "argv": argv,
            "cwd": os.getcwd(),
            "env": dict(os.environ),
            "python": _python(),
            "encoding": {name: getattr(sys, name).encoding for name in ("stdin", "stdout", "stderr")},
        }
        try:
            socket.send_fds(conn, [json.dumps(request).encode() + b"\n"], [0, 1, 2])
            reader = conn.makefile("rb")
            first = json.loads(reader.readline() or b"{}")
        except (OSError, ValueError):
            return None
        if "pid" not in first:
            return None  # {"cold": reason}
        return _wait_for(first["pid"], reader)


def _wait_for(pid: int, reader) -> int:
    """Forward Ctrl-C and SIGTERM to the run, and return its exit status when the runner sends it."""

    def forward(signum, _frame):
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signum)

    previous = {s: signal.signal(s, forward) for s in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)}
    try:
        while True:
            try:
                line = reader.readline()
                break
            except InterruptedError:
                continue
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)
    try:
        return int(json.loads(line)["exit"])
    except (ValueError, KeyError, TypeError):
        return 1  # the runner went away before the run ended


# --- the runner ---------------------------------------------------------------------------------


class _Runner:
    def __init__(self, path: Path, api_url: str, shaping: dict[str, str], log):
        self.path, self.api_url, self.shaping, self.log = path, api_url, shaping, log
        self.fingerprint = code_fingerprint()
        self.children: dict[int, socket.socket] = {}  # run pid -> its caller's connection
        self.selector = selectors.DefaultSelector()
        self.wakeup_r, self.wakeup_w = os.pipe()
        for fd in (self.wakeup_r, self.wakeup_w):
            os.set_blocking(fd, False)
        signal.set_wakeup_fd(self.wakeup_w)
        self.stopping = self.restart = False

    def serve(self, listener: socket.socket) -> dict | None:
        """Answer callers until stopped (returns None); in a forked child, returns its request."""
        self.selector.register(listener, selectors.EVENT_READ, "listener")
        self.selector.register(self.wakeup_r, selectors.EVENT_READ, "signal")
        while not (self.stopping and not self.children):
            for key, _ in self.selector.select(timeout=1.0):
                if key.data == "signal":
                    with contextlib.suppress(BlockingIOError):
                        os.read(self.wakeup_r, 512)
                    self._reap()
                elif key.data == "listener":
                    request = self._accept(listener)
                    if request is not None:
                        return request  # the child
                elif isinstance(key.fileobj, socket.socket):
                    self._caller_event(key.fileobj)
            self._reap()
        return None

    def _accept(self, listener: socket.socket) -> dict | None:
        conn, _ = listener.accept()
        try:
            request, fds = _read_request(conn)
        except (OSError, ValueError):
            conn.close()
            return None
        refusal = "the runner is stopping" if self.stopping else self._refusal(request)
        if refusal is not None:
            _close_all(fds)
            _send(conn, {"cold": refusal})
            conn.close()
            self.log(f"cold run for {request.get('cwd')}: {refusal}")
            if refusal == STALE:  # start again from scratch once the runs in flight have ended
                self.stopping = self.restart = True
            return None
        pid = os.fork()
        if pid == 0:
            self._become_run(conn, listener, request, fds)
            return request
        _close_all(fds)
        self.children[pid] = conn
        self.selector.register(conn, selectors.EVENT_READ, "caller")
        _send(conn, {"pid": pid})
        self.log(f"warm run {pid} for {request['cwd']}: sitrep {' '.join(request['argv'])}")
        return None

    def _refusal(self, request: dict) -> str | None:
        if (request.get("env") or {}).get(RUN_MARK):
            return "a run started from a warm run"
        if request.get("python") != _python():
            return "another Python"
        env = request.get("env") or {}
        if env.get("PREFECT_API_URL") not in (None, "", self.api_url):
            return "another Prefect server"
        if shaping_environment(env) != self.shaping:
            return "another environment"
        if code_fingerprint() != self.fingerprint:
            return STALE
        return None

    def _become_run(self, conn: socket.socket, listener: socket.socket, request: dict, fds: list[int]) -> None:
        """In the child: the caller's terminal, directory, environment and signals."""
        signal.set_wakeup_fd(-1)
        for s in (signal.SIGCHLD, signal.SIGTERM, signal.SIGHUP):
            signal.signal(s, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.default_int_handler)
        self.selector.close()
        os.close(self.wakeup_w)
        listener.close()
        conn.close()
        for other in self.children.values():
            other.close()
        os.close(self.wakeup_r)
        for target, fd in enumerate(fds[:3]):
            os.dup2(fd, target)
        _close_all(fds)
        encodings = request.get("encoding") or {}
        sys.stdin = _text_stream(0, encodings.get("stdin"))
        sys.stdout = _text_stream(1, encodings.get("stdout"))
        sys.stderr = _text_stream(2, encodings.get("stderr"), errors="backslashreplace")
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        os.environ["PREFECT_API_URL"] = self.api_url
        os.environ[RUN_MARK] = "1"  # also in the environment: a run never asks the runner again
        sys.argv = ["sitrep", *request["argv"]]
        global IN_WARM_RUN
        IN_WARM_RUN = True

    def _caller_event(self, conn: socket.socket) -> None:
        """A caller's connection is readable: it went away (killed) while its run goes on."""
        with contextlib.suppress(OSError):
            if conn.recv(1):
                return
        self.selector.unregister(conn)
        for pid, c in self.children.items():
            if c is conn:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGTERM)

    def _reap(self) -> None:
        for pid in list(self.children):
            try:
                done, status = os.waitpid(pid, os.WNOHANG)
            except ChildProcessError:
                done, status = pid, 1 << 8
            if done:
                conn = self.children.pop(pid)
                with contextlib.suppress(KeyError, ValueError):
                    self.selector.unregister(conn)
                code = os.waitstatus_to_exitcode(status) % 256
                _send(conn, {"exit": code})
                conn.close()
                self.log(f"warm run {pid} ended: exit {code}")

    def stop(self, *_):
        """`sitrep server stop`: the runs in flight are stopped (each records it), then the runner."""
        self.stopping = True
        for pid in self.children:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGTERM)


def _read_request(conn: socket.socket) -> tuple[dict, list[int]]:
    conn.settimeout(5.0)
    data, fds, _, _ = socket.recv_fds(conn, MAX_REQUEST_BYTES, 3)
    while not data.endswith(b"\n") and len(data) < MAX_REQUEST_BYTES:
        more = conn.recv(MAX_REQUEST_BYTES)
        if not more:
            break
        data += more
    conn.settimeout(None)
    if len(fds) != 3:
        _close_all(fds)
        raise ValueError("a request without its terminal")
    return json.loads(data), fds


def _text_stream(fd: int, encoding: str | None, errors: str | None = None) -> io.TextIOWrapper:
    """The caller's stream on `fd`, as Python would have opened it: line-buffered on a terminal
    (and stderr always), so the progress bar and warnings appear as they are written."""
    raw = io.FileIO(fd, "rb" if fd == 0 else "wb", closefd=False)
    buffered = io.BufferedReader(raw) if fd == 0 else io.BufferedWriter(raw)
    return io.TextIOWrapper(
        buffered, encoding=encoding, errors=errors, line_buffering=fd == 2 or (fd == 1 and os.isatty(fd))
    )


def _send(conn: socket.socket, message: dict) -> None:
    with contextlib.suppress(OSError):
        conn.sendall(json.dumps(message).encode() + b"\n")


def _close_all(fds: list[int]) -> None:
    for fd in fds:
        with contextlib.suppress(OSError):
            os.close(fd)


def _warm_up() -> None:
    """Import what a run imports and load what its first article loads, short of DuckDB and
    pyarrow: each starts threads at import, and a fork keeps none of them (a DuckDB query in
    the child then hangs; pyarrow's pool aborts its exit). The run imports those itself."""
    import prefect.artifacts
    import prefect.cache_policies
    import prefect.client.orchestration
    import prefect.flow_engine
    import prefect.flows
    import prefect.task_engine

    import sitrep.cli  # noqa: F401
    from sitrep.extract.article import code_article

    code_article("warm-up", "Warm-up\nThree people were killed in Aleppo on Monday, the ministry said.", None)
    del prefect


def _threads() -> int:
    try:
        return len(os.listdir("/proc/self/task"))
    except OSError:
        return 0  # not Linux: unknown


def _listen(path: Path) -> socket.socket:
    path.unlink(missing_ok=True)
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    old_umask = os.umask(0o177)  # the socket is its user's alone: a caller chooses what gets written
    try:
        listener.bind(str(path))
    finally:
        os.umask(old_umask)
    listener.listen(16)
    return listener


def _log(message: str) -> None:
    import datetime as dt

    print(f"{dt.datetime.now().isoformat(sep=' ', timespec='milliseconds')} sitrep runner: {message}", flush=True)


def main(argv: list[str] | None = None) -> int:
    """`python -m sitrep.warm_runs SOCKET API_URL`, started by `sitrep server start` with the
    environment of the shell that started it."""
    path, api_url = Path((argv or sys.argv[1:])[0]), (argv or sys.argv[1:])[1]
    started_with = dict(os.environ)
    shaping = shaping_environment(started_with)  # as a caller's is, before anything is set
    os.environ["PREFECT_API_URL"] = api_url
    # As `sitrep run` without --verbose sets it before importing Prefect (sitrep/cli.py).
    os.environ.setdefault("PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL", "WARNING")
    _warm_up()
    if _threads() != 1:  # a fork is safe only from a process of one thread
        _log(f"not serving: {_threads()} threads after warming up (every run stays cold)")
        return 1
    runner = _Runner(path, api_url, shaping, _log)
    signal.signal(signal.SIGTERM, runner.stop)
    signal.signal(signal.SIGCHLD, lambda *_: None)  # wakes the loop through the wakeup fd
    listener = _listen(path)
    _log(f"ready on {path} (pid {os.getpid()})")
    request = runner.serve(listener)
    if request is not None:  # the forked run
        from sitrep.cli import main as sitrep_main

        return sitrep_main(request["argv"])
    listener.close()
    if runner.restart:
        os.execve(sys.executable, [sys.executable, "-m", "sitrep.warm_runs", str(path), api_url], started_with)
    path.unlink(missing_ok=True)
    return 0


if __name__ == "__main__":
    # Through the imported module, not this __main__ copy: a forked run must see IN_WARM_RUN set
    # on the module sitrep.cli reads.
    from sitrep.warm_runs import main as runner_main

    sys.exit(runner_main())
