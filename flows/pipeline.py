"""The `pipeline` flow: discover -> ingest -> extract -> load -> check -> report.

The flow only orchestrates; the work is in plain libraries (`sitrep.ingest`, `sitrep.extract`,
`sitrep.load`). Tasks take and return batches of articles, never one sentence or one file, since
a Prefect task costs ~2 ms (measured with Prefect 3.9: 1,000 empty tasks take about 3 s).

What a run guarantees (README, "Guarantees"): one run writes to a warehouse at a time (the
writer lock); each batch commits in one transaction, a new text of a source already coded
replacing the old version's rows in it; an input that cannot be read, an article an
extractor chokes on and an article whose rows the warehouse refuses are quarantined with a
reason while the rest goes on; the run's row in `pipeline_runs` says how it ended."""

from __future__ import annotations

import datetime as dt
import itertools
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass
from typing import Any

import duckdb
from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact, create_table_artifact
from prefect.cache_policies import NO_CACHE

from sitrep import parallel, progress
from sitrep.handoff import Batch, Harvested, Listed
from sitrep.ingest import Article, IngestOptions, Rejected, discover
from sitrep.ingest import feeds as feed_reader
from sitrep.ingest.files import input_roots
from sitrep.ingest.streaming import article_batches, file_stat
from sitrep.ingest.web import FetchOptions, PoliteFetcher
from sitrep.load import feed_state
from sitrep.load import warehouse as wh
from sitrep.load.batches import CodedBatch
from sitrep.load.lock import writer_lock
from sitrep.paths import sql_dir
from sitrep.runs import DEFAULT_BATCH_SIZE, RunSettings, RunSummary, failure_reason, summary_markdown


def transient(task, task_run, state) -> bool:
    """Retry only what may pass on a second try: a file held by a reader, I/O errors. A
    constraint or conversion error fails the same way every time."""
    exc = state.data if isinstance(state.data, BaseException) else None
    if exc is None:
        try:
            state.result(raise_on_failure=True)
        except BaseException as e:
            exc = e
    return isinstance(exc, (wh.WarehouseBusy, duckdb.IOException, OSError))


_IO_RETRIES: dict[str, Any] = dict(
    retries=3, retry_delay_seconds=[1, 3, 10], retry_condition_fn=transient, cache_policy=NO_CACHE
)


@task(name="Prepare warehouse", **_IO_RETRIES)
def prepare_warehouse(path: str, run_id: str, inputs: list[str], settings: dict) -> list[str]:
    """Check every block of the file before the first write (a damaged warehouse is refused,
    unwritten), migrate, record the failed runs the journal holds, load the actor gazetteer,
    put events of older versions into incidents, record the run; returns the runs found
    interrupted."""
    wh.verify(path)
    with wh.connect(path) as con:
        wh.migrate(con)
        wh.replay_journal(con, path)
        wh.load_reference(con)
        wh.place_unassigned_events(con, run_id)
        return wh.start_run(con, run_id, inputs, settings)


@task(name="Discover inputs", cache_policy=NO_CACHE)
def discover_inputs(inputs: list[str], follow_symlinks: bool = False) -> tuple[Listed, list[Rejected]]:
    files: list[str] = []
    rejected: list[Rejected] = []
    for item in discover(inputs, follow_symlinks):
        if isinstance(item, Rejected):
            rejected.append(item)
        else:
            files.append(str(item))
    return Listed(files), rejected


@task(name="Fetch feeds", cache_policy=NO_CACHE)
def fetch_feeds(path: str, feed_urls: list[str], options: IngestOptions, fetch: FetchOptions) -> Harvested:
    """Poll every feed (conditionally; a failing feed rests) and read the pages of the items the
    warehouse has not seen, politely (sitrep/ingest/web.py)."""
    with wh.connect(path) as con:
        states = feed_state.feed_states(con, feed_urls)
    new_keys: dict[str, int] = {}

    def unseen(items: list[feed_reader.FeedItem], answered: list[str]) -> list[feed_reader.FeedItem]:
        with wh.connect(path) as con:
            todo = feed_state.unseen_items(con, items, answered)
        for item in todo:
            if item.attempts == 1:
                new_keys[item.feed_url] = new_keys.get(item.feed_url, 0) + 1
        return todo

    with PoliteFetcher(fetch) as fetcher:
        harvest = feed_reader.harvest_feeds(
            fetcher, list(states.values()), unseen, options, fetch, feed_state.utc_now()
        )
    return Harvested(harvest, new_keys)


@task(name="Record feeds", **_IO_RETRIES)
def record_feeds(path: str, harvested: Harvested) -> list[dict]:
    """Every feed's state and every fetched item's outcome, once the articles are loaded; returns
    per feed what the run's summary says of it."""
    harvest = harvested.harvest
    with wh.connect(path) as con:
        feed_state.record_harvest(con, harvest, harvested.new_keys)
        failing = {
            f["feed_url"]
            for f in feed_state.failing_feeds(con, [p.feed_url for p in harvest.polls], feed_reader.FAILING_AFTER)
        }
    fetched: dict[str, int] = {}
    refused: dict[str, int] = {}
    for item, _, rejected, _ in harvest.fetched:
        fetched[item.feed_url] = fetched.get(item.feed_url, 0) + 1
        if rejected is not None:
            refused[item.feed_url] = refused.get(item.feed_url, 0) + 1
    return [
        dict(
            feed_url=p.feed_url,
            title=p.title,
            status=p.status,
            error=p.error,
            items=len(p.items),
            pages_fetched=fetched.get(p.feed_url, 0),
            pages_refused=refused.get(p.feed_url, 0),
            consecutive_failures=p.consecutive_failures,
            failing=p.feed_url in failing,
            next_check_after=str(p.next_check_after) if p.next_check_after else None,
        )
        for p in harvest.polls
    ]


@task(name="Skip unchanged files", **_IO_RETRIES)
def skip_unchanged_files(path: str, files: Listed) -> tuple[Listed, int]:
    """The files to read, and the articles of those skipped: loaded whole before and unchanged
    since (same size and modification time), so not even opened."""
    stats = [dict(path=f, size=st[0], mtime_ns=st[1]) for f in files if (st := file_stat(f))]
    with wh.connect(path) as con:
        known = wh.unchanged_files(con, stats)
    return Listed(f for f in files if f not in known), sum(known.values())


@task(name="Record files", **_IO_RETRIES)
def record_files(path: str, rows: Listed) -> None:
    with wh.connect(path) as con:
        wh.record_files(con, rows.items)


@task(name="Skip known articles", **_IO_RETRIES)
def skip_known(path: str, batch: Batch) -> Batch:
    """The batch's articles the warehouse does not hold yet, each once."""
    return Batch(_unknown(path, batch.articles))


def _unknown(path: str, articles: list[Article]) -> list[Article]:
    with wh.connect(path) as con:
        known = wh.known_article_ids(con, (a.article_id for a in articles))
    unique: dict[str, Article] = {}
    for a in articles:
        if a.article_id not in known:
            unique.setdefault(a.article_id, a)
    return list(unique.values())


@task(name="Extract events", cache_policy=NO_CACHE)
def extract_batch(coding: parallel.Coding) -> CodedBatch:
    """The batch coded on the local process pool, as the warehouse's tables; an article the
    extractors fail on is quarantined, not the batch. The batch was queued on the pool before
    the previous one loaded, so this waits only for what is left of its coding."""
    return coding.result()


@task(name="Extract events on the cluster", cache_policy=NO_CACHE)
def extract_on_cluster(batch: Batch, run_id: str) -> CodedBatch:
    """One Dask worker's share of a batch, coded in that worker's process."""
    return parallel.code_batch(batch.articles, run_id, 1)


@task(name="Load batch", **_IO_RETRIES)
def load_batch(path: str, batch: CodedBatch | None, rejected: list[Rejected], run_id: str) -> wh.Loaded:
    """One transaction: the new articles, all their rows, and the inputs refused with them; the
    earlier versions of their sources leave for article_history."""
    tables = batch.tables if batch is not None else CodedBatch.of([], [], run_id).tables
    with wh.connect(path, settings=wh.LOAD_SETTINGS) as con:
        return wh.load_batch(con, tables, [_quarantine_row(r) for r in rejected], run_id)


@task(name="Load articles one by one", **_IO_RETRIES)
def load_one_by_one(
    path: str, batch: CodedBatch, rejected: list[Rejected], run_id: str
) -> tuple[wh.Loaded, list[Rejected]]:
    """After a batch failed to load: each article in its own transaction, so only the articles
    the warehouse refuses are lost to this run (quarantined 'load_failed', retried next run)."""
    new, replaced, failed = 0, 0, []
    uris = dict(zip(batch.article_ids, batch.tables["articles"].column("source_uri").to_pylist(), strict=False))
    with wh.connect(path, settings=wh.LOAD_SETTINGS) as con:
        for article_id, uri in uris.items():
            try:
                loaded = wh.load_batch(con, batch.only(article_id), run_id=run_id)
                new, replaced = new + loaded.new, replaced + loaded.replaced
            except Exception as e:
                failed.append(Rejected(uri, "load_failed", f"{type(e).__name__}: {e}"))
        wh.record_quarantine(con, [_quarantine_row(r) for r in rejected + failed], run_id)
    return wh.Loaded(new, replaced), failed


def _quarantine_row(r: Rejected) -> dict:
    return dict(source_uri=r.source_uri, reason=r.reason, detail=r.detail)


@task(name="Quality checks", **_IO_RETRIES)
def quality_checks(path: str, run_id: str, casualty_ceiling: int) -> list[dict]:
    with wh.connect(path, settings=wh.CHECKS_SETTINGS) as con:
        return wh.run_checks(con, run_id, {"casualty_ceiling": casualty_ceiling})


@task(name="Finish run", **_IO_RETRIES)
def finish_run(path: str, summary: RunSummary) -> None:
    with wh.connect(path) as con:
        wh.finish_run(con, summary.run_id, summary.status, summary.counts(), "; ".join(summary.errors)[:2000])


@flow(name="sitrep-pipeline", log_prints=False)
def pipeline(
    inputs: list[str],
    warehouse: str = "warehouse/sitrep.duckdb",
    reference_date: dt.date | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
    max_file_mb: float = RunSettings.max_file_mb,
    max_article_chars: int = RunSettings.max_article_chars,
    casualty_ceiling: int = RunSettings.casualty_ceiling,
    wait: float = 0.0,
    workers: int | None = None,
    task_runner: str = "local",
    columns: dict[str, str] | None = None,
    run_id: str | None = None,
    follow_symlinks: bool = False,
    feeds: list[str] | None = None,
    feed_list: str | None = None,
    fetch_delay: float = RunSettings.fetch_delay,
    fetch_timeout: float = RunSettings.fetch_timeout,
    max_page_mb: float = RunSettings.max_page_mb,
) -> RunSummary:
    """Code every article under `inputs`, and the new items of the news `feeds` (URLs) and of
    the feeds the file `feed_list` names (OPML or one URL a line, read at every run), into the
    DuckDB file `warehouse`. Another run writing to it: wait up to `wait` seconds for it, then
    fail. `columns` names the columns of tabular inputs where their common names do not
    ({"text": "story", "date": "pubdate", ...}). `run_id` is the caller's id for the run (sitrep
    run records its failures under it); a link out of the inputs is refused unless
    `follow_symlinks`. Feed pages: `fetch_delay` seconds apart per host, `fetch_timeout` seconds
    at most without an answer, at most `max_page_mb` MB each."""
    logger = get_run_logger()
    settings = RunSettings(
        batch_size,
        max_file_mb,
        max_article_chars,
        casualty_ceiling,
        workers or parallel.default_workers(),
        task_runner,
        follow_symlinks,
        fetch_delay,
        fetch_timeout,
        max_page_mb,
    )
    feed_urls = list(dict.fromkeys([*(feeds or []), *(feed_reader.read_feed_list(feed_list) if feed_list else [])]))
    options = IngestOptions(
        default_published_on=reference_date,
        max_file_bytes=int(max_file_mb * 1_000_000),
        max_article_chars=max_article_chars,
        follow_symlinks=follow_symlinks,
        input_roots=input_roots(inputs),
        **{f"{kind}_column": name for kind, name in (columns or {}).items()},
    )
    with writer_lock(warehouse, wait, on_wait=logger.warning):
        summary = RunSummary(run_id=run_id or str(uuid.uuid4()), warehouse=warehouse)
        started_at = wh._now()
        try:
            summary.interrupted_runs = prepare_warehouse(warehouse, summary.run_id, inputs, asdict(settings))
            for stale in summary.interrupted_runs:
                logger.warning("run %s never finished (killed or crashed): marked 'interrupted'", stale)
            try:
                with parallel.fewer_gc_passes():
                    _ingest_extract_load(summary, inputs, options, settings, logger, feed_urls)
            finally:
                parallel.shutdown()
            summary.checks = quality_checks(warehouse, summary.run_id, settings.casualty_ceiling)
            summary.status = summary.final_status()
        except BaseException as e:  # the run's row must say why it failed (KeyboardInterrupt too)
            summary.status = "failed"
            summary.errors.append(failure_reason(e))
            where = wh.record_failed_run(
                warehouse,
                dict(
                    run_id=summary.run_id,
                    started_at=started_at,
                    inputs="; ".join(inputs),
                    settings=asdict(settings),
                    counts=summary.counts(),
                    message="; ".join(summary.errors),
                ),
            )
            if where != "warehouse":
                logger.error(
                    "could not record the failed run in %s; the next run will (%s)",
                    warehouse,
                    wh.journal_path(warehouse),
                )
            raise
        finish_run(warehouse, summary)
    _publish(summary)
    logger.info("run %s %s: %s", summary.run_id, summary.status, summary.counts())
    return summary


def _ingest_extract_load(
    summary: RunSummary,
    inputs: list[str],
    options: IngestOptions,
    settings: RunSettings,
    logger,
    feed_urls: Sequence[str] = (),
) -> None:
    warehouse, run_id = summary.warehouse, summary.run_id
    harvested = (
        fetch_feeds(
            warehouse,
            list(feed_urls),
            options,
            FetchOptions(
                delay=settings.fetch_delay,
                timeout=settings.fetch_timeout,
                max_bytes=int(settings.max_page_mb * 1_000_000),
            ),
        )
        if feed_urls
        else None
    )
    if harvested is not None:
        h = harvested.harvest
        logger.info(
            "%d feeds: %d items, %d pages fetched, %d articles read",
            len(h.polls),
            h.items_found,
            len(h.fetched),
            len(h.articles),
        )
    files, refused = discover_inputs(inputs, options.follow_symlinks)
    logger.info("%d input files under %s", len(files), ", ".join(inputs))
    if refused:
        load_batch(warehouse, None, refused, run_id)
        summary.refused(refused)
    to_read, skipped = skip_unchanged_files(warehouse, files)
    summary.read += skipped
    summary.unchanged += skipped
    if skipped:
        logger.info(
            "%d files (%d articles) unchanged since they were loaded: not read", len(files) - len(to_read), skipped
        )
    files_done = [0]
    ledger: dict[str, dict] = {}  # path: the file's size, mtime and articles (article_batches)
    with progress.files_bar(len(to_read)) as bar:
        # Batch k+1 is read and coded while batch k loads: the workers never wait for the load.
        # One batch in flight at most, so memory holds two batches whatever the input's size.
        loading: InFlight | None = None
        batches = article_batches(to_read, options, settings.batch_size, files_done, ledger)
        if harvested is not None:
            batches = itertools.chain(_feed_batches(harvested.harvest, settings.batch_size), batches)
        for number, (articles, rejected) in enumerate(batches, 1):
            coding = _start_batch(summary, number, articles, rejected, settings, logger)
            if loading is not None:
                _finish_batch(summary, loading, logger)
            bar.update(files_done[0], loading.read if loading else 0)
            loading = coding
        if loading is not None:
            _finish_batch(summary, loading, logger)
            bar.update(files_done[0], loading.read)
    if not summary.failed_batches:  # a file counts as loaded only when every batch of the run loaded
        record_files(warehouse, Listed(ledger.values()))
    if harvested is not None:  # an item counts as seen only when its article is loaded
        summary.feeds = record_feeds(warehouse, harvested)


def _feed_batches(harvest: feed_reader.Harvest, size: int) -> Iterator[tuple[list[Article], list[Rejected]]]:
    """The feeds' articles in batches, with the feeds and pages refused on the way."""
    articles, rejected = harvest.articles, harvest.rejected
    if rejected and not articles:
        yield [], rejected
    for start in range(0, len(articles), size):
        yield articles[start : start + size], rejected if start == 0 else []


@dataclass
class InFlight:
    """A batch whose known articles are skipped and whose coding runs while the one before loads."""

    number: int
    read: int
    rejected: list[Rejected]
    fresh: Batch
    coding: parallel.Coding | list  # on the local pool, or Prefect futures of the cluster's shares

    def coded(self) -> CodedBatch:
        if isinstance(self.coding, parallel.Coding):
            return extract_batch(self.coding)
        # In order: the warehouse gets the same rows on any runner.
        return CodedBatch.merge([future.result() for future in self.coding])


def _start_batch(
    summary: RunSummary, number: int, articles: list[Article], rejected: list[Rejected], settings: RunSettings, logger
) -> InFlight | None:
    """Skip known articles and submit the rest for coding; None if the batch already failed."""
    summary.read += len(articles)
    _warn_of_inputs(summary, articles, logger)
    try:
        fresh = skip_known(summary.warehouse, Batch(articles))
        return InFlight(number, len(articles), rejected, fresh, _submit_extract(fresh, summary.run_id, settings))
    except Exception as e:
        _batch_failed(summary, number, len(articles), e, logger)
        return None


def _warn_of_inputs(summary: RunSummary, articles: list[Article], logger) -> None:
    """What of an article's input was read but not understood (malformed front matter): the
    article is coded all the same, so this is a warning, logged and counted, not a quarantine."""
    for a in articles:
        for warning in a.warnings:
            logger.warning("%s: %s", a.source_uri, warning)
            summary.input_warnings.append(f"{a.source_uri}: {warning}")
            summary.warnings += 1


def _finish_batch(summary: RunSummary, batch: InFlight | None, logger) -> None:
    """Wait for the batch's coding and load it: one bad batch must not cost the others, and its
    articles stay unknown to the warehouse, so the next run retries them."""
    if batch is None:
        return
    warehouse, run_id = summary.warehouse, summary.run_id
    try:
        coded = batch.coded()
        rejected = batch.rejected + coded.failed
        try:
            loaded = load_batch(warehouse, coded, rejected, run_id)
        except Exception as e:  # one article's rows can sink a batch: isolate it
            logger.warning(
                "batch %d failed to load (%s); loading its %d articles one by one", batch.number, e, len(coded)
            )
            loaded, unloaded = load_one_by_one(warehouse, coded, rejected, run_id)
            rejected = rejected + unloaded
            summary.failed_batches += bool(unloaded)
            summary.errors.extend(f"{r.source_uri}: {r.detail}" for r in unloaded)
    except Exception as e:
        _batch_failed(summary, batch.number, batch.read, e, logger)
        return
    summary.refused(rejected)
    summary.new += loaded.new
    summary.replaced += loaded.replaced
    summary.unchanged += batch.read - len(batch.fresh)
    summary.events += coded.events
    summary.casualties += coded.casualties
    summary.warnings += coded.warnings
    logger.info(
        "batch %d loaded: %d articles, %d new (%d replacing an earlier version)",
        batch.number,
        batch.read,
        loaded.new,
        loaded.replaced,
    )


def _batch_failed(summary: RunSummary, number: int, articles: int, e: Exception, logger) -> None:
    summary.failed_batches += 1
    summary.errors.append(f"batch {number}: {type(e).__name__}: {e}")
    logger.error("batch %d of %d articles failed: %s", number, articles, e)


def _submit_extract(batch: Batch, run_id: str, settings: RunSettings) -> parallel.Coding | list:
    """Coding starts beside the flow: locally, queued on the process pool (collected later by
    the `Extract events` task, called in the flow: a result returned through a submitted
    Prefect task stayed in the flow's memory, ~9 MB a batch); on a Dask cluster, one task per
    worker's share, so every worker codes at once."""
    if settings.task_runner != "dask":
        return parallel.start_coding(batch.articles, run_id, settings.workers)
    share = max(1, -(-len(batch) // settings.workers))
    return [
        extract_on_cluster.submit(Batch(batch.articles[i : i + share]), run_id) for i in range(0, len(batch), share)
    ] or [extract_on_cluster.submit(batch, run_id)]


def run_pipeline(task_runner: str = "local", dask_address: str | None = None, **params) -> RunSummary:
    """The pipeline on the chosen task runner: `local`, or `dask` on a local cluster of
    `workers` processes (default) or on the scheduler at `dask_address` (tcp://host:8786)."""
    if task_runner != "dask":
        return pipeline(task_runner="local", **params)
    from prefect_dask import DaskTaskRunner

    workers = params.get("workers") or parallel.default_workers()
    runner = (
        DaskTaskRunner(address=dask_address)
        if dask_address
        else DaskTaskRunner(
            cluster_kwargs={"n_workers": workers, "threads_per_worker": 1, "processes": True, "dashboard_address": None}
        )
    )
    # prefect-dask subclasses the bare TaskRunner, whose future type then defaults to
    # PrefectConcurrentFuture; with_options asks for TaskRunner[PrefectFuture], an invariant generic.
    dask_pipeline = pipeline.with_options(task_runner=runner)  # type: ignore[arg-type]
    return dask_pipeline(task_runner="dask", **{**params, "workers": workers})


ARTIFACT_SQL = sql_dir() / "artifacts"


def _run_rows(s: RunSummary, *names: str) -> list[list[dict]]:
    """Rows of each `sql/artifacts/NAME.sql` for this run (for the Prefect UI), read on one
    connection."""
    from sitrep.load.readers import reading

    found = []
    with reading(s.warehouse) as read:
        for name in names:
            columns, rows = read((ARTIFACT_SQL / f"{name}.sql").read_text(encoding="utf-8"), {"run_id": s.run_id})
            found.append(
                [
                    {
                        c: (v if isinstance(v, (int, float, str, bool)) or v is None else str(v))
                        for c, v in zip(columns, r, strict=False)
                    }
                    for r in rows
                ]
            )
    return found


def _publish(s: RunSummary) -> None:
    """The run's summary and its new events, as artifacts on the Prefect UI's Artifacts page."""
    try:
        outcomes, new_events, incident_rows = _run_rows(s, "casualties_by_outcome", "new_events", "incidents")
        incidents = s.incidents = incident_rows[0]
    except Exception as e:
        outcomes, new_events, incidents = [], [], {}
        s.errors.append(f"artifacts: {e}")
    body = summary_markdown(s, outcomes, incidents)
    create_markdown_artifact(key="sitrep-run-summary", markdown=body, description="sitrep run summary")
    create_table_artifact(
        key="sitrep-quality-checks",
        table=[{k: c[k] for k in ("check_name", "severity", "failures", "detail")} for c in s.checks] or [{}],
        description="Quality checks after the load",
    )
    create_table_artifact(
        key="sitrep-new-events",
        table=new_events or [{"note": "no new events in this run"}],
        description="Events this run added (primary events first)",
    )
