"""Extraction on a process pool codes every article exactly as one process does."""
from flows import parallel
from flows.ingest import Article, read_articles
from tests.conftest import FIXTURES, SEED


def test_pool_and_single_process_agree():
    articles = [a for p in [SEED, *sorted((FIXTURES / "fakes").glob("*.txt"))]
                for a in read_articles(p) if isinstance(a, Article)]
    batch = (articles * 20)[:parallel.MIN_PARALLEL_BATCH]   # large enough to use the pool
    try:
        pooled = parallel.code_articles(batch, workers=2)
    finally:
        parallel.shutdown()
    inline = parallel.code_articles(batch, workers=1)
    assert [c.casualties for c in pooled] == [c.casualties for c in inline]
    assert [c.events for c in pooled] == [c.events for c in inline]
