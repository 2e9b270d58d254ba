"""`discover`: the input files under the paths a user gave, in a stable order."""
from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path

from flows.ingest.model import Rejected
from flows.ingest.readers import SUPPORTED_SUFFIXES, os_rejected, unsupported


def discover(paths: Iterable[str | Path]) -> Iterator[Path | Rejected]:
    """Files under each path, recursively, sorted; hidden files and folders skipped.

    Inside a folder, unsupported files are skipped silently (a folder of articles holds READMEs
    and images too); a file named explicitly is reported 'unsupported' instead, since the user
    asked for it. A folder link back to one of its own ancestors is reported 'symlink_loop'
    rather than followed."""
    for given in paths:
        path = Path(given)
        try:
            st = os.stat(path)
        except OSError as e:
            yield os_rejected(str(path), e)
            continue
        if stat.S_ISDIR(st.st_mode):
            yield from _walk(path, ancestors=frozenset({(st.st_dev, st.st_ino)}))
        elif path.suffix.lower() in SUPPORTED_SUFFIXES:
            yield path
        else:
            yield unsupported(path)


def _walk(folder: Path, ancestors: frozenset[tuple[int, int]]) -> Iterator[Path | Rejected]:
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
            st = os.stat(path)               # follows links
        except OSError as e:
            # A dangling link to an article is a missing article; a link loop is always news.
            if supported or e.errno == errno.ELOOP:
                yield os_rejected(str(path), e)
            continue
        if stat.S_ISDIR(st.st_mode):
            key = (st.st_dev, st.st_ino)
            if key in ancestors:
                yield Rejected(str(path), "symlink_loop",
                               f"links back to {os.path.realpath(path)}, a folder it is inside; not followed")
                continue
            yield from _walk(path, ancestors | {key})
        elif stat.S_ISREG(st.st_mode) and supported:
            yield path
