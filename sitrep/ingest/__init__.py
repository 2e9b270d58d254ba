"""sitrep's ingest layer: files in, normalised articles (or reasons they were refused) out.

A plain library: no Prefect here, the pipeline's tasks call these functions in batches."""
from sitrep.ingest.article import make_article
from sitrep.ingest.datelines import parse_date_value, parse_dateline
from sitrep.ingest.discover import discover
from sitrep.ingest.model import REASONS, Article, IngestOptions, Rejected
from sitrep.ingest.readers import SUPPORTED_SUFFIXES, read_articles

__all__ = [
    "Article", "Rejected", "IngestOptions", "REASONS", "SUPPORTED_SUFFIXES",
    "discover", "read_articles", "make_article", "parse_dateline", "parse_date_value",
]
