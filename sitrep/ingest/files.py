"""Opening an input file: only a regular file, only inside the inputs.

A FIFO opened the usual way blocks until someone writes to it (a run hung on `mkfifo f.txt`),
and a device or socket is no article. So every reader opens through `open_regular`: the open
itself never blocks (O_NONBLOCK), the kind of file is checked on the open descriptor (fstat,
so a file swapped for a FIFO after discovery is caught too), and only then is the descriptor
made blocking again and read. Where the file really is comes from the descriptor as well
(/proc/self/fd), so a link that leads out of the inputs is refused however it got there."""

from __future__ import annotations

import errno
import fcntl
import os
import stat
from pathlib import Path
from typing import BinaryIO

from sitrep.errors import SitrepError
from sitrep.ingest.model import IngestOptions


class Refused(SitrepError):
    """An input that is not read: `reason` is its quarantine reason."""

    def __init__(self, reason: str, detail: str):
        super().__init__(detail)
        self.reason = reason
        self.detail = detail


_KINDS = {
    stat.S_IFIFO: "a FIFO (named pipe)",
    stat.S_IFSOCK: "a socket",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFDIR: "a folder",
}


def kind_of(mode: int) -> str:
    return _KINDS.get(stat.S_IFMT(mode), "not a regular file")


def not_a_file(mode: int) -> Refused:
    return Refused("not_a_file", f"{kind_of(mode)}, not a regular file: not read")


def open_regular(path: str | Path, options: IngestOptions) -> BinaryIO:
    """The file opened for reading, or Refused ('not_a_file', 'outside_input'). OSError for
    the rest (gone, not permitted)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC)
    except OSError as e:
        if e.errno == errno.ENXIO:  # a socket, or a device with nothing behind it
            raise Refused("not_a_file", "a socket or device, not a regular file: not read") from None
        if e.errno == errno.EISDIR:
            raise Refused("not_a_file", "a folder, not a regular file: not read") from None
        raise
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise not_a_file(mode)
        check_inside(_real_path(fd, path), options)
        fcntl.fcntl(fd, fcntl.F_SETFL, fcntl.fcntl(fd, fcntl.F_GETFL) & ~os.O_NONBLOCK)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def _real_path(fd: int, path: str | Path) -> str:
    try:
        return os.readlink(f"/proc/self/fd/{fd}")
    except OSError:
        return os.path.realpath(path)


def check_inside(real: str, options: IngestOptions) -> None:
    """Refused('outside_input') when `real` lies outside every input root (and links are not
    to be followed out of them)."""
    if options.follow_symlinks or not options.input_roots:
        return
    if not inside(real, options.input_roots):
        raise Refused(
            "outside_input",
            f"a link to {real}, outside the inputs: not read (sitrep run --follow-symlinks reads such files)",
        )


def inside(real: str, roots: tuple[str, ...]) -> bool:
    return any(real == root or real.startswith(root.rstrip(os.sep) + os.sep) for root in roots)


def input_roots(paths) -> tuple[str, ...]:
    """Where each input really is: a folder, or a file named on its own."""
    return tuple(os.path.realpath(p) for p in paths)
