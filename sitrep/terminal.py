"""What reaches the terminal is text, never a command to it.

Values in the warehouse come from other people's files: a file name, a publisher or an id can
hold escape sequences that clear the screen, set the window title or rewrite what was printed
before. Everything `sitrep` prints from the warehouse or from input goes through `printable`.

And a reader that stops reading is no error: `sitrep report ... | head -2` ends quietly
(`quiet_when_stdout_closes`)."""

from __future__ import annotations

import os
import re
import select
import sys
from contextlib import contextmanager

# ESC-introduced sequences whole (CSI ... final byte; OSC/DCS/APC/PM ... BEL or ST; two-byte
# escapes), then any other C0/C1 control character, DEL, and the bidirectional overrides that
# make text display in another order than it reads.
_ESCAPES = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"
    r"|\x1b[\]PX^_][^\x07\x1b]*(?:\x07|\x1b\\)?"
    r"|\x1b[@-Z\\-_]?"
    r"|\x9b[0-?]*[ -/]*[@-~]"
)
_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_CONTROLS_BUT_LINES = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def printable(text: str, keep_lines: bool = False) -> str:
    """`text` without terminal escape sequences and control characters; with `keep_lines`, tab
    and newline stay (CSV values may hold them)."""
    text = _ESCAPES.sub("", text)
    return (_CONTROLS_BUT_LINES if keep_lines else _CONTROLS).sub("", text)


class StdoutClosed(Exception):
    """Whoever read this process's output stopped reading (`| head`)."""


@contextmanager
def quiet_when_stdout_closes():
    """Turn a broken pipe on stdout into StdoutClosed, with nothing more written to it: what
    is still buffered would raise again when Python flushes it at exit ("Exception ignored ...
    Broken pipe"), so stdout is pointed at /dev/null. /dev/null is opened here, first: `sitrep
    sql` and `sitrep report` may open no file for writing once they run a query."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        try:
            yield
        finally:  # argparse's --help and errors leave by SystemExit: flushed here too
            sys.stdout.flush()
    except BrokenPipeError:
        if not stdout_reader_gone():  # another pipe (a worker's, a socket's): a real error
            raise
        os.dup2(devnull, sys.stdout.fileno())
        raise StdoutClosed from None
    finally:
        os.close(devnull)


def stdout_reader_gone() -> bool:
    """True when stdout is a pipe whose reading end is closed (the kernel flags it POLLERR)."""
    try:
        fd = sys.stdout.fileno()
    except (OSError, ValueError, AttributeError):  # no file behind it (tests capture it)
        return False
    poller = select.poll()
    poller.register(fd, select.POLLOUT)
    return any(events & select.POLLERR for _, events in poller.poll(0))
