"""Extraction on every core: a pool of worker processes that lives for one run.

Extraction is CPU-bound Python, so threads do not help; processes do. Workers start from a
fork server (not a fork of the Prefect process, whose threads may hold locks) and load the
gazetteers once each, so the ~1 s that costs is paid once per run, not per batch. Small batches
are coded in the calling process: starting workers for them costs more than it saves."""
from __future__ import annotations

import atexit
import math
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from itertools import repeat

from flows.extract.article import CodedArticle, code_article
from flows.ingest import Article, Rejected
from flows.load.batches import CodedBatch

# Below this many articles a batch is coded in the calling process.
MIN_PARALLEL_BATCH = 64

_pool: ProcessPoolExecutor | None = None
_pool_size = 0


def default_workers() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)


def code_batch(articles: list[Article], run_id: str, workers: int) -> CodedBatch:
    """The batch's rows as Arrow tables, coded and converted on `workers` processes in
    `workers * 4` chunks (so a slow chunk does not leave a worker idle), merged in order. An
    article an extractor fails on is quarantined ('extract_failed') with its cause; the rest
    go on."""
    if workers <= 1 or len(articles) < MIN_PARALLEL_BATCH:
        return code_chunk(articles, run_id)
    size = max(1, math.ceil(len(articles) / (workers * 4)))
    chunks = [articles[i:i + size] for i in range(0, len(articles), size)]
    return CodedBatch.merge(list(_get_pool(workers).map(code_chunk, chunks, repeat(run_id))))


def code_chunk(articles: list[Article], run_id: str) -> CodedBatch:
    kept, coded, failed = [], [], []
    for a in articles:
        result = _code(a)
        if isinstance(result, BaseException):   # an extractor bug costs one article, with its cause
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
    except Exception as e:  # noqa: BLE001 - returned, so one article's failure stays its own
        return e


def _get_pool(workers: int) -> ProcessPoolExecutor:
    global _pool, _pool_size
    if _pool is None or _pool_size != workers:
        shutdown()
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["flows.extract.article"])
        _pool = ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_warm_up)
        _pool_size = workers
    return _pool


def _warm_up() -> None:
    """Load the gazetteers and lexicons before the first real article arrives."""
    code_article("warm-up", "Warm-up\nThree people were killed in Aleppo on Monday.", None)


atexit.register(shutdown)
