"""One writer per warehouse: an advisory lock on `<warehouse>.lock`, held for a whole run.

DuckDB itself lets one process open the file for writing, but a run opens and closes it once
per task (so that readers get in between), and two runs interleaving their batches would race on
"is this article new?". The lock makes a second run wait for the first (`--wait SECONDS`) or
fail at once with a message naming the run that holds it. The kernel drops the lock when its
process dies, SIGKILL included, so a crashed run never leaves the warehouse locked. The lock
file is never deleted: deleting it would let two processes lock two different files."""

from __future__ import annotations

import datetime as dt
import fcntl
import json
import os
import socket
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from sitrep.load.warehouse import WarehouseError


class WarehouseLocked(WarehouseError):
    """Another run is writing to the warehouse."""

    def __init__(self, message: str, holder: str = "another sitrep run"):
        super().__init__(message)
        self.holder = holder


def lock_path(warehouse: str | Path) -> Path:
    warehouse = Path(warehouse)
    return warehouse.with_name(warehouse.name + ".lock")


# Locks this process holds, by path: `sitrep run` takes the lock before Prefect starts, and the
# flow it then runs in this process takes it again (a second flock on another descriptor of
# the same file would wait for ourselves).
_held: dict[str, int] = {}


@contextmanager
def writer_lock(
    warehouse: str | Path, wait: float = 0.0, on_wait: Callable[[str], None] | None = None
) -> Iterator[Path]:
    """Hold the warehouse's writer lock for the body of the `with`. Busy: poll until `wait`
    seconds have passed (0: fail at once), then raise WarehouseLocked. Re-entrant within one
    process."""
    path = lock_path(warehouse)
    key = os.path.realpath(path)
    if key in _held:
        _held[key] += 1
        try:
            yield path
        finally:
            _held[key] -= 1
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = time.monotonic() + max(wait, 0.0)
        told = False
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                holder = _holder(fd)
                if time.monotonic() >= deadline:
                    raise WarehouseLocked(_busy_message(warehouse, holder, wait), holder) from None
                if on_wait and not told:
                    on_wait(waiting_message(warehouse, holder, wait))
                    told = True
                time.sleep(min(0.25, max(deadline - time.monotonic(), 0.01)))
        os.ftruncate(fd, 0)
        os.pwrite(
            fd,
            json.dumps(
                {
                    "pid": os.getpid(),
                    "host": socket.gethostname(),
                    "since": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M:%S UTC"),
                }
            ).encode(),
            0,
        )
        _held[key] = 1
        try:
            yield path
        finally:
            del _held[key]
            os.ftruncate(fd, 0)
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def check_unlocked(warehouse: str | Path) -> None:
    """Raise WarehouseLocked now if a run holds the lock (the CLI's fail-fast check before it
    starts Prefect; the run itself takes the lock in the flow)."""
    with writer_lock(warehouse, wait=0):
        pass


def _holder(fd: int) -> str:
    try:
        info = json.loads(os.pread(fd, 4096, 0) or b"{}")
        return f"another sitrep run (pid {info['pid']} on {info['host']}, since {info['since']})"
    except (ValueError, KeyError, OSError):
        return "another sitrep run"


def waiting_message(warehouse, holder: str, wait: float) -> str:
    return f"{warehouse} is being written by {holder}; waiting up to {wait:g} s"


def _busy_message(warehouse, holder: str, wait: float) -> str:
    waited = f"waited {wait:g} s; " if wait > 0 else ""
    return (
        f"{warehouse} is being written by {holder}; {waited}only one run writes at a time. "
        "Let it finish, or pass --wait SECONDS to queue behind it"
    )
