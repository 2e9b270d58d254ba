"""Articles streamed from files in batches, with what was refused on the way."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from sitrep.ingest import Article, IngestOptions, Rejected, read_articles


def article_batches(
    files: Iterable[str], options: IngestOptions, size: int, done: list[int] | None = None, ledger: dict | None = None
) -> Iterator[tuple[list[Article], list[Rejected]]]:
    """Streams articles from every file in batches of `size`, with the inputs refused on the way
    (`done[0]` counts the files read so far; `ledger` gets each file read whole without a refusal:
    its size and mtime as they were before reading, and its articles). Files are opened only
    here, so one that vanished or changed since discovery is refused ('unreadable') when its
    turn comes."""
    done = done if done is not None else [0]
    batch: list[Article] = []
    refused: list[Rejected] = []
    for path in files:
        stat, articles, clean = file_stat(path), 0, True
        for item in read_articles(Path(path), options):
            if isinstance(item, Rejected):
                refused.append(item)
                clean = False
            else:
                batch.append(item)
                articles += 1
            if len(batch) >= size:
                yield batch, refused
                batch, refused = [], []
        done[0] += 1
        if ledger is not None and clean and articles and stat:
            ledger[path] = dict(path=path, size=stat[0], mtime_ns=stat[1], articles=articles)
    if batch or refused:
        yield batch, refused


def file_stat(path: str) -> tuple[int, int] | None:
    """(size, modification time in ns), or None for a file that is gone."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_size, st.st_mtime_ns
