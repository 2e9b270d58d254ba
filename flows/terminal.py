"""What reaches the terminal is text, never a command to it.

Values in the warehouse come from other people's files: a file name, a publisher or an id can
hold escape sequences that clear the screen, set the window title or rewrite what was printed
before. Everything `sitrep` prints from the warehouse or from input goes through `printable`."""
from __future__ import annotations

import re

# ESC-introduced sequences whole (CSI ... final byte; OSC/DCS/APC/PM ... BEL or ST; two-byte
# escapes), then any other C0/C1 control character, DEL, and the bidirectional overrides that
# make text display in another order than it reads.
_ESCAPES = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]"
                      r"|\x1b[\]PX^_][^\x07\x1b]*(?:\x07|\x1b\\)?"
                      r"|\x1b[@-Z\\-_]?"
                      r"|\x9b[0-?]*[ -/]*[@-~]")
_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_CONTROLS_BUT_LINES = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def printable(text: str, keep_lines: bool = False) -> str:
    """`text` without terminal escape sequences and control characters; with `keep_lines`, tab
    and newline stay (CSV values may hold them)."""
    text = _ESCAPES.sub("", text)
    return (_CONTROLS_BUT_LINES if keep_lines else _CONTROLS).sub("", text)
