"""Process-level guards, through the Linux kernel (ctypes, no dependency).

- `forbid_writes()`: the process gives up, for good, the right to open a file for writing,
  create, truncate, rename or remove one, anywhere (Landlock, Linux 5.13+). `sitrep sql` and
  `sitrep report` call it before they open the warehouse, so even a query that got past the
  statement filter and DuckDB's own settings could not write the warehouse file: the kernel
  refuses. Files already open (stdout) stay usable. Without Landlock it does nothing and says so.
- `die_with_parent()`: this process gets SIGKILL when the one that started it dies
  (PR_SET_PDEATHSIG), so a worker does not outlive a killed run."""

from __future__ import annotations

import ctypes
import os
import signal

_SYS_LANDLOCK_CREATE_RULESET = 444  # the same number on every Linux architecture
_SYS_LANDLOCK_RESTRICT_SELF = 446
_LANDLOCK_CREATE_RULESET_VERSION = 1
_PR_SET_PDEATHSIG = 1
_PR_SET_NO_NEW_PRIVS = 38

# LANDLOCK_ACCESS_FS_*: every right that changes the file system; reading stays unrestricted
# (DuckDB's external-access setting governs what a query may read).
_WRITE_FILE = 1 << 1
_CHANGES = (
    _WRITE_FILE | 1 << 4 | 1 << 5 | 1 << 6 | 1 << 7 | 1 << 8 | 1 << 9 | 1 << 10 | 1 << 11 | 1 << 12
)  # remove dir/file, make char/dir/reg/sock/fifo/block/symlink
_REFER = 1 << 13  # ABI 2: link or rename across folders
_TRUNCATE = 1 << 14  # ABI 3


def _libc() -> ctypes.CDLL:
    libc = ctypes.CDLL(None, use_errno=True)
    libc.syscall.restype = ctypes.c_long
    return libc


def landlock_abi() -> int:
    """The kernel's Landlock ABI version; 0 where there is none."""
    try:
        abi = _libc().syscall(
            _SYS_LANDLOCK_CREATE_RULESET, None, ctypes.c_size_t(0), ctypes.c_uint32(_LANDLOCK_CREATE_RULESET_VERSION)
        )
    except (OSError, AttributeError):
        return 0
    return max(int(abi), 0)


def forbid_writes() -> bool:
    """Give up every file-system change for the rest of this process. False if the kernel
    cannot (no Landlock): the engine-level guards still hold."""
    abi = landlock_abi()
    if abi < 1:
        return False
    handled = _CHANGES | (_REFER if abi >= 2 else 0) | (_TRUNCATE if abi >= 3 else 0)
    libc = _libc()
    attr = ctypes.c_uint64(handled)  # struct landlock_ruleset_attr's first field is enough
    fd = libc.syscall(_SYS_LANDLOCK_CREATE_RULESET, ctypes.byref(attr), ctypes.c_size_t(8), ctypes.c_uint32(0))
    if fd < 0:
        return False
    try:
        if libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
            return False
        # No rule grants any handled right: nothing may be changed, anywhere.
        return libc.syscall(_SYS_LANDLOCK_RESTRICT_SELF, ctypes.c_int(fd), ctypes.c_uint32(0)) == 0
    finally:
        os.close(fd)


def die_with_parent(sig: int = signal.SIGKILL) -> bool:
    """Ask the kernel to send `sig` to this process when its parent exits. The parent is the
    thread that forked us, so call this only in children of a long-lived thread."""
    try:
        libc = _libc()
        if libc.prctl(_PR_SET_PDEATHSIG, sig, 0, 0, 0) != 0:
            return False
    except (OSError, AttributeError):
        return False
    return True
