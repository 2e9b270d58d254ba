"""A watchdog that ends what a `sitrep` process started when that process dies, SIGKILL included.

`sitrep run` starts Prefect's temporary server, a forkserver and its workers; `sitrep serve
--start-server` starts a Prefect server and flow-run processes. A SIGKILL gives the process no
chance to stop them, and they lived on for 90 s or more (the server for good, on its port).
A parent-death signal (PR_SET_PDEATHSIG) cannot cover them: Prefect starts its server itself,
and the signal follows the thread that forked, not the process.

So `watch_over_me()` starts this module as a small process in its own session. It notes the
watched process's descendants four times a second (pid and start time, so a reused pid is never
hit) and, as soon as the process is gone (a pidfd becomes readable), sends SIGTERM to every one
of them and to their own children, then SIGKILL to what is left after a grace period."""

from __future__ import annotations

import os
import select
import shutil
import signal
import subprocess
import sys
import time

POLL_SECONDS = 0.25
GRACE_SECONDS = 3.0


def watch_over_me() -> subprocess.Popen | None:
    """Start the watchdog for this process (Linux; elsewhere nothing)."""
    if not hasattr(os, "pidfd_open") or not os.path.isdir("/proc"):
        return None
    # `nice`: its start-up must not take a core from the run it watches (0.1 s of a one-article
    # run on 2 cores); once started it sleeps on a pidfd, so its priority costs it nothing.
    return subprocess.Popen(
        ["nice", "-n", "10", sys.executable, "-m", "sitrep.watchdog", str(os.getpid())]
        if shutil.which("nice")
        else [sys.executable, "-m", "sitrep.watchdog", str(os.getpid())],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
        close_fds=True,
    )


def _stat(pid: int) -> tuple[int, int] | None:
    """(parent pid, start time) of a live process."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            fields = f.read().rsplit(b")", 1)[1].split()
    except OSError:
        return None
    return int(fields[1]), int(fields[19])


def _processes() -> dict[int, tuple[int, int]]:
    out = {}
    for name in os.listdir("/proc"):
        if name.isdigit() and (st := _stat(int(name))):
            out[int(name)] = st
    return out


def _descendants(roots: set[int], table: dict[int, tuple[int, int]]) -> set[int]:
    children: dict[int, list[int]] = {}
    for pid, (ppid, _) in table.items():
        children.setdefault(ppid, []).append(pid)
    found, todo = set(), list(roots)
    while todo:
        for child in children.get(todo.pop(), []):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


def watch(pid: int) -> None:
    me = os.getpid()
    try:
        pidfd = os.pidfd_open(pid)
    except OSError:
        return
    known: dict[int, int] = {}  # descendant pid -> start time
    while not select.select([pidfd], [], [], POLL_SECONDS)[0]:
        table = _processes()
        for child in _descendants({pid}, table) - {me}:
            known[child] = table[child][1]
        known = {p: t for p, t in known.items() if p in table and table[p][1] == t}
    _end(known, me)


def _end(known: dict[int, int], me: int) -> None:
    """SIGTERM to the orphans and everything under them, SIGKILL after the grace period."""
    table = _processes()
    alive = {p for p, t in known.items() if p in table and table[p][1] == t}
    targets = (alive | _descendants(alive, table)) - {me}
    started = {p: table[p][1] for p in targets}
    for sig, wait in ((signal.SIGTERM, GRACE_SECONDS), (signal.SIGKILL, 0)):
        for p in list(started):
            st = _stat(p)
            if st is None or st[1] != started[p]:
                started.pop(p)
                continue
            try:
                os.kill(p, sig)
            except OSError:
                started.pop(p)
        deadline = time.monotonic() + wait
        while started and time.monotonic() < deadline:
            time.sleep(0.1)
            started = {p: t for p, t in started.items() if (st := _stat(p)) and st[1] == t and not _zombie(p)}


def _zombie(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            return f.read().rsplit(b")", 1)[1].split()[0] == b"Z"
    except OSError:
        return True


if __name__ == "__main__":
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is for the watched process
    watch(int(sys.argv[1]))
