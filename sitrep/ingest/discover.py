"""`discover`: the input files under the paths a user gave, in a stable order."""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path

from sitrep.ingest.files import input_roots, inside, kind_of
from sitrep.ingest.model import Rejected
from sitrep.ingest.readers import SUPPORTED_SUFFIXES, os_rejected, unsupported


def discover(paths: Iterable[str | Path], follow_symlinks: bool = False) -> Iterator[Path | Rejected]:
    """Files under each path, recursively, sorted; hidden files and folders skipped.

    Inside a folder, unsupported files are skipped silently (a folder of articles holds READMEs
    and images too); a file named explicitly is reported 'unsupported' instead, since the user
    asked for it. A folder link back to one of its own ancestors is reported 'symlink_loop'
    rather than followed. Only regular files are read: a FIFO, socket or device with an
    article's name is 'not_a_file', never opened. A link that leads outside every input path is
    'outside_input' unless `follow_symlinks` (an inbox others can write to must not leak the
    machine's files)."""
    paths = list(paths)
    roots = () if follow_symlinks else input_roots(paths)
    for given in paths:
        path = Path(given)
        try:
            st = os.stat(path)
        except OSError as e:
            yield os_rejected(str(path), e)
            continue
        if stat.S_ISDIR(st.st_mode):
            yield from _walk(path, frozenset({(st.st_dev, st.st_ino)}), roots)
        elif path.suffix.lower() not in SUPPORTED_SUFFIXES:
            yield unsupported(path)
        elif not stat.S_ISREG(st.st_mode):
            yield _not_a_file(path, st.st_mode)
        else:
            yield path


def _walk(folder: Path, ancestors: frozenset[tuple[int, int]], roots: tuple[str, ...]) -> Iterator[Path | Rejected]:
    try:
        with os.scandir(folder) as it:
            entries = sorted((e for e in it if not e.name.startswith(".")), key=lambda e: e.name)
    except OSError as e:
        yield os_rejected(str(folder), e)
        return
    for entry in entries:
        path = folder / entry.name
        supported = path.suffix.lower() in SUPPORTED_SUFFIXES
        try:
            st = os.stat(path)  # follows links
        except OSError as e:
            # A dangling link to an article is a missing article; a link loop is always news.
            if supported or e.errno == errno.ELOOP:
                yield os_rejected(str(path), e)
            continue
        is_dir = stat.S_ISDIR(st.st_mode)
        if not (is_dir or supported):
            continue
        if roots and entry.is_symlink() and not inside(os.path.realpath(path), roots):
            yield Rejected(
                str(path),
                "outside_input",
                f"a link to {os.path.realpath(path)}, outside the inputs: not read "
                "(sitrep run --follow-symlinks reads such files)",
            )
            continue
        if is_dir:
            key = (st.st_dev, st.st_ino)
            if key in ancestors:
                yield Rejected(
                    str(path),
                    "symlink_loop",
                    f"links back to {os.path.realpath(path)}, a folder it is inside; not followed",
                )
                continue
            yield from _walk(path, ancestors | {key}, roots)
        elif stat.S_ISREG(st.st_mode):
            yield path
        else:
            yield _not_a_file(path, st.st_mode)


def _not_a_file(path: Path, mode: int) -> Rejected:
    return Rejected(str(path), "not_a_file", f"{kind_of(mode)}, not a regular file: not read")
