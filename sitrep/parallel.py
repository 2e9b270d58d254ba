"""Extraction on every core: a pool of worker processes that lives for one run.

Extraction is CPU-bound Python, so threads do not help; processes do. Workers start from a
fork server (not a fork of the Prefect process, whose threads may hold locks) and load the
gazetteers once each, so the ~1 s that costs is paid once per run, not per batch. Small batches
are coded in the calling process: starting workers for them costs more than it saves."""

from __future__ import annotations

import atexit
import gc
import math
import multiprocessing
import os
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager

from sitrep.extract.article import CodedArticle, code_article
from sitrep.ingest import Article, Rejected
from sitrep.load.batches import CodedBatch

# Below this many articles a batch is coded in the calling process.
MIN_PARALLEL_BATCH = 64

_pool: ProcessPoolExecutor | None = None
_pool_size = 0


def default_workers() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)


class Coding:
    """A batch being coded: its chunks queued on the pool (or, for a small batch or one worker,
    to be coded by whoever asks for the result). Opaque to Prefect, like the batches."""

    __slots__ = ("_articles", "_chunks", "_run_id")

    def __init__(self, articles: list[Article], run_id: str, workers: int):
        self._articles, self._run_id, self._chunks = articles, run_id, None
        if workers > 1 and len(articles) >= MIN_PARALLEL_BATCH:
            # workers * 4 chunks, so that a slow chunk does not leave a worker idle
            size = max(1, math.ceil(len(articles) / (workers * 4)))
            pool = _get_pool(workers)
            self._chunks = [
                pool.submit(code_chunk, articles[i : i + size], run_id) for i in range(0, len(articles), size)
            ]

    def result(self) -> CodedBatch:
        """Waits for every chunk; the parts merged in the articles' order."""
        if self._chunks is None:
            return code_chunk(self._articles, self._run_id)
        return CodedBatch.merge([chunk.result() for chunk in self._chunks])


def start_coding(articles: list[Article], run_id: str, workers: int) -> Coding:
    """Queue the batch on `workers` processes and return at once, so the caller can load the
    previous batch meanwhile. An article an extractor fails on is quarantined
    ('extract_failed') with its cause; the rest go on."""
    return Coding(articles, run_id, workers)


def code_batch(articles: list[Article], run_id: str, workers: int) -> CodedBatch:
    """The batch's rows as Arrow tables, coded on `workers` processes."""
    return start_coding(articles, run_id, workers).result()


def code_chunk(articles: list[Article], run_id: str) -> CodedBatch:
    kept, coded, failed = [], [], []
    for a in articles:
        result = _code(a)
        if isinstance(result, BaseException):  # an extractor bug costs one article, with its cause
            failed.append(Rejected(a.source_uri, "extract_failed", f"{type(result).__name__}: {result}"))
        else:
            kept.append(a)
            coded.append(result)
    return CodedBatch.of(kept, coded, run_id, failed)


def shutdown() -> None:
    global _pool, _pool_size
    if _pool is not None:
        _pool.shutdown(cancel_futures=True)
        _pool, _pool_size = None, 0


def _code(a: Article) -> CodedArticle | BaseException:
    try:
        return code_article(a.article_id, a.text, a.published_on, a.dateline)
    except Exception as e:
        return e


def _get_pool(workers: int) -> ProcessPoolExecutor:
    global _pool, _pool_size
    if _pool is None or _pool_size != workers:
        shutdown()
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["sitrep.extract.article"])
        _pool = ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_warm_up)
        _pool_size = workers
    return _pool


# Coding and ingest allocate many short-lived, acyclic objects (reference counting frees them):
# the cyclic collector's default of a pass every 700 allocations cost about 8% of a worker's
# time on the benchmark's articles. A pass every 50,000 keeps the rare cycles collected.
_FEWER_GC_PASSES = (50_000, 20, 20)


@contextmanager
def fewer_gc_passes() -> Iterator[None]:
    """The flow's own ingest and loads with the workers' collector settings, restored after."""
    before = gc.get_threshold()
    gc.set_threshold(*_FEWER_GC_PASSES)
    try:
        yield
    finally:
        gc.set_threshold(*before)


def _warm_up() -> None:
    """Load the gazetteers and lexicons before the first real article arrives. A worker dies
    with its forkserver (a single-threaded parent, so the signal is safe to ask for)."""
    from sitrep.sandbox import die_with_parent

    die_with_parent()
    code_article("warm-up", "Warm-up\nThree people were killed in Aleppo on Monday.", None)
    gc.set_threshold(*_FEWER_GC_PASSES)


atexit.register(shutdown)
