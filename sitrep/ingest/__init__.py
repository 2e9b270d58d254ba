"""sitrep's ingest layer: files in, normalised articles (or reasons they were refused) out.

A plain library: no Prefect here, the pipeline's tasks call these functions in batches."""

from sitrep.ingest.article import make_article
from sitrep.ingest.datelines import parse_date_value, parse_dateline
from sitrep.ingest.discover import discover
from sitrep.ingest.model import REASONS, Article, IngestOptions, Rejected
from sitrep.ingest.readers import SUPPORTED_SUFFIXES, read_articles

__all__ = [
    "REASONS",
    "SUPPORTED_SUFFIXES",
    "Article",
    "IngestOptions",
    "Rejected",
    "discover",
    "make_article",
    "parse_date_value",
    "parse_dateline",
    "read_articles",
]
