"""Extraction on a process pool codes every article exactly as one process does."""

from sitrep import parallel
from sitrep.ingest import Article, read_articles
from tests.conftest import FIXTURES, SEED


def _rows(batch, name):
    rows = batch.tables[name].to_pylist()
    for r in rows:
        r.pop("ingested_at", None)  # when each part was converted
    return rows


def test_pool_and_single_process_agree():
    articles = [
        a
        for p in [SEED, *sorted((FIXTURES / "fakes").glob("*.txt"))]
        for a in read_articles(p)
        if isinstance(a, Article)
    ]
    batch = (articles * 20)[: parallel.MIN_PARALLEL_BATCH]  # large enough to use the pool
    try:
        pooled = parallel.code_batch(batch, "run", workers=2)
    finally:
        parallel.shutdown()
    inline = parallel.code_batch(batch, "run", workers=1)
    assert pooled.tables.keys() == inline.tables.keys()
    for name in pooled.tables:
        assert _rows(pooled, name) == _rows(inline, name), name
    assert (pooled.events, pooled.casualties) == (inline.events, inline.casualties) and pooled.casualties > 0
