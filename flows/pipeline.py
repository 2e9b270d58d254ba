"""The `pipeline` flow: discover -> ingest -> extract -> load -> check -> report.

The flow only orchestrates; the work is in plain libraries (`flows.ingest`, `flows.extract`,
`flows.load`). Tasks take and return batches of articles, never one sentence or one file, since
a Prefect task costs ~2 ms (NOTES-prefect-duckdb.md)."""
from __future__ import annotations

import datetime as dt
import os
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

# Offline, every run would log a telemetry error; the temporary server also needs time on a busy box.
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "90")

from prefect import flow, get_run_logger, task  # noqa: E402
from prefect.artifacts import create_markdown_artifact, create_table_artifact  # noqa: E402
from prefect.cache_policies import NO_CACHE  # noqa: E402

from flows.extract.article import code_article  # noqa: E402
from flows.ingest import Article, IngestOptions, Rejected, discover, read_articles  # noqa: E402
from flows.load import warehouse as wh  # noqa: E402
from flows.load.batches import to_tables  # noqa: E402

DEFAULT_BATCH_SIZE = 250


@dataclass
class RunSummary:
    run_id: str
    warehouse: str
    read: int = 0
    new: int = 0
    unchanged: int = 0
    quarantined: int = 0
    events: int = 0
    casualties: int = 0
    warnings: int = 0
    failed_batches: int = 0
    checks: list[dict] = field(default_factory=list)
    status: str = "running"

    def counts(self) -> dict:
        return dict(read=self.read, new=self.new, unchanged=self.unchanged, quarantined=self.quarantined,
                    events=self.events, casualties=self.casualties, warnings=self.warnings)


@task(name="Prepare warehouse", retries=3, retry_delay_seconds=[1, 3, 10], cache_policy=NO_CACHE)
def prepare_warehouse(path: str, run_id: str, inputs: list[str]) -> int:
    with wh.connect(path) as con:
        version = wh.migrate(con)
        wh.load_reference(con)
        wh.start_run(con, run_id, inputs)
    return version


@task(name="Discover inputs", cache_policy=NO_CACHE)
def discover_inputs(inputs: list[str]) -> tuple[list[str], list[Rejected]]:
    files, rejected = [], []
    for item in discover(inputs):
        (rejected if isinstance(item, Rejected) else files).append(item if isinstance(item, Rejected) else str(item))
    return files, rejected


def article_batches(files: list[str], options: IngestOptions, size: int) -> Iterator[tuple[list[Article], list[Rejected]]]:
    """Streams articles from every file in batches of `size`, with the inputs refused on the way."""
    batch, refused = [], []
    for path in files:
        for item in read_articles(Path(path), options):
            (refused if isinstance(item, Rejected) else batch).append(item)
            if len(batch) >= size:
                yield batch, refused
                batch, refused = [], []
    if batch or refused:
        yield batch, refused


@task(name="Skip known articles", retries=3, retry_delay_seconds=[1, 3, 10], cache_policy=NO_CACHE)
def skip_known(path: str, articles: list[Article]) -> list[Article]:
    with wh.connect(path) as con:
        known = wh.known_article_ids(con, (a.article_id for a in articles))
    unique: dict[str, Article] = {}
    for a in articles:
        if a.article_id not in known:
            unique.setdefault(a.article_id, a)
    return list(unique.values())


@task(name="Extract events", cache_policy=NO_CACHE)
def extract_batch(articles: list[Article]) -> list:
    return [code_article(a.article_id, a.text, a.published_on, a.dateline) for a in articles]


@task(name="Load batch", retries=3, retry_delay_seconds=[1, 3, 10], cache_policy=NO_CACHE)
def load_batch(path: str, articles: list[Article], coded: list, rejected: list[Rejected], run_id: str) -> int:
    tables = to_tables(articles, coded, run_id)
    with wh.connect(path) as con:
        new = wh.load_batch(con, tables)
        wh.record_quarantine(con, [dict(source_uri=r.source_uri, reason=r.reason, detail=r.detail)
                                   for r in rejected], run_id)
    return new


@task(name="Quality checks", retries=2, retry_delay_seconds=[1, 5], cache_policy=NO_CACHE)
def quality_checks(path: str, run_id: str) -> list[dict]:
    with wh.connect(path) as con:
        return wh.run_checks(con, run_id)


@task(name="Finish run", retries=3, retry_delay_seconds=[1, 3, 10], cache_policy=NO_CACHE)
def finish_run(path: str, summary: RunSummary) -> None:
    with wh.connect(path) as con:
        wh.finish_run(con, summary.run_id, summary.status, summary.counts())


@flow(name="sitrep-pipeline", log_prints=False)
def pipeline(inputs: list[str], warehouse: str = "warehouse/sitrep.duckdb",
             reference_date: dt.date | None = None, batch_size: int = DEFAULT_BATCH_SIZE) -> RunSummary:
    """Code every article under `inputs` into the DuckDB file `warehouse`."""
    logger = get_run_logger()
    summary = RunSummary(run_id=str(uuid.uuid4()), warehouse=warehouse)
    prepare_warehouse(warehouse, summary.run_id, inputs)
    files, refused = discover_inputs(inputs)
    logger.info("%d input files under %s", len(files), ", ".join(inputs))
    options = IngestOptions(default_published_on=reference_date)
    if refused:
        load_batch(warehouse, [], [], refused, summary.run_id)
        summary.quarantined += len(refused)
    for articles, rejected in article_batches(files, options, batch_size):
        summary.read += len(articles)
        summary.quarantined += len(rejected)
        try:
            fresh = skip_known(warehouse, articles)
            coded = extract_batch(fresh)
            summary.new += load_batch(warehouse, fresh, coded, rejected, summary.run_id)
        except Exception as e:   # one bad batch must not cost the others (issue: failed batches)
            summary.failed_batches += 1
            logger.error("batch of %d articles failed: %s", len(articles), e)
            continue
        summary.unchanged += len(articles) - len(fresh)
        summary.events += sum(len(c.events) for c in coded)
        summary.casualties += sum(len(c.casualties) for c in coded)
        summary.warnings += sum(len(c.warnings) for c in coded)
    summary.checks = quality_checks(warehouse, summary.run_id)
    summary.status = _status(summary)
    finish_run(warehouse, summary)
    _publish(summary)
    logger.info("run %s %s: %s", summary.run_id, summary.status, summary.counts())
    return summary


def _status(s: RunSummary) -> str:
    if s.failed_batches and not s.new and not s.unchanged:
        return "failed"
    errors = any(c["failures"] and c["severity"] == "error" for c in s.checks)
    if s.failed_batches or s.quarantined or errors or any(c["failures"] for c in s.checks):
        return "completed_with_warnings"
    return "completed"


def _publish(s: RunSummary) -> None:
    rows = [("articles read", s.read), ("new", s.new), ("unchanged", s.unchanged),
            ("quarantined", s.quarantined), ("events", s.events), ("casualty reports", s.casualties),
            ("failed batches", s.failed_batches)]
    checks = "\n".join(f"| {c['check_name']} | {c['severity']} | {c['failures']} |" for c in s.checks)
    body = (f"# sitrep run `{s.run_id}`: {s.status}\n\nWarehouse: `{s.warehouse}`\n\n"
            "| what | count |\n|---|---|\n" + "\n".join(f"| {k} | {v} |" for k, v in rows) +
            "\n\n## Quality checks\n\n| check | severity | failures |\n|---|---|---|\n" + checks + "\n")
    create_markdown_artifact(key="sitrep-run-summary", markdown=body, description="sitrep run summary")
    create_table_artifact(key="sitrep-quality-checks", table=[
        {k: c[k] for k in ("check_name", "severity", "failures", "detail")} for c in s.checks] or [{}],
        description="Quality checks after the load")
