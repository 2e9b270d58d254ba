"""`sitrep`: code news articles about armed conflict into a DuckDB warehouse, and read it.

sitrep run --input ~/articles              # code articles into warehouse/sitrep.duckdb
sitrep run --feeds feeds.opml              # code the new items of news feeds
sitrep report                              # list the reports
sitrep report casualties_by_actor          # run one
sitrep report event_timeline --country SY --since 2016-01-01 --format xlsx --out syria.xlsx
sitrep sql "SELECT * FROM article_summary" # ad-hoc, read-only (no query: a prompt)
sitrep show 000_a7069af8299b54a7           # what was coded from one article
sitrep dashboard --out dashboard.html      # one offline HTML page of the warehouse
sitrep serve --start-server --inbox ~/inbox --interval 900   # on a schedule
sitrep export --out lake/                  # Hive-partitioned Parquet
sitrep forget ~/articles/retracted.txt     # take an article out (kept in article_history)
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import signal
import sys
import uuid
from pathlib import Path

from sitrep import reports
from sitrep.errors import SitrepError
from sitrep.output import FILE_FORMATS, FORMATS, OutFile, OutputError, check_output, render
from sitrep.paths import sql_dir
from sitrep.terminal import StdoutClosed, printable, quiet_when_stdout_closes, stdout_reader_gone

DEFAULT_WAREHOUSE = "warehouse/sitrep.duckdb"
SQL_DIR = sql_dir()
# Set by `command()`: `sql` and `report` then run without the right to write any file.
_SANDBOXED = False


def main(argv: list[str] | None = None) -> int:
    try:
        with quiet_when_stdout_closes():
            return _main(argv)
    except StdoutClosed:  # `sitrep ... | head` stopped reading: end quietly, as Unix tools do
        return 141


def _main(argv: list[str] | None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    args.argv = sys.argv[1:] if argv is None else list(argv)
    if not getattr(args, "command", None):
        parser.print_help()
        return 2
    try:
        return args.handler(args)
    except KeyboardInterrupt:
        print("sitrep: interrupted", file=sys.stderr)
        return 130
    except SitrepError as e:  # foreseen (sitrep/errors.py): its message is written for the user
        if getattr(args, "debug", False):
            raise
        return _error(e)
    except Exception as e:  # anything else (a missing file, DuckDB's own errors): one line too
        if getattr(args, "debug", False) or (isinstance(e, BrokenPipeError) and stdout_reader_gone()):
            raise
        return _error(e)


def _error(e: Exception) -> int:
    """One clear line on stderr; the traceback only with --debug."""
    print(f"sitrep: error: {printable(_one_line(e))}", file=sys.stderr)
    return 1


def command() -> int:
    """The installed `sitrep` command (and `python -m sitrep.cli`): as `main`, and a command that
    only reads the warehouse gives up the right to write files first (sitrep/sandbox.py). Tests
    that call `main` in their own process keep theirs."""
    global _SANDBOXED
    _SANDBOXED = True
    return main()


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="sitrep", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument("--debug", action="store_true", help="show tracebacks")
    sub = p.add_subparsers(dest="command")

    run = sub.add_parser(
        "run",
        help="code articles into the warehouse (a Prefect flow run)",
        description="Ingest every article under each --input (files or folders, read "
        "recursively: .txt .md .html .htm .csv .jsonl .parquet), extract "
        "events, casualties, actors, places and quotes, and load them. "
        "Re-running on the same input adds nothing; an edited file replaces its "
        "article (the old version is kept in article_history). With --feed/--feeds, "
        "also the new items of RSS and Atom news feeds (their pages "
        "fetched politely, each once).\n\n"
        "example: sitrep run --input ~/articles --warehouse warehouse/sitrep.duckdb\n"
        "example: sitrep run --feeds feeds.opml",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    run.add_argument(
        "--input",
        action="append",
        dest="inputs",
        metavar="PATH",
        help="file or folder of articles (repeatable; default: seeds/)",
    )
    run.add_argument("--warehouse", default=DEFAULT_WAREHOUSE, metavar="FILE")
    run.add_argument(
        "--reference-date",
        type=dt.date.fromisoformat,
        metavar="YYYY-MM-DD",
        help="publication date for articles that carry none (resolves 'on Saturday')",
    )
    run.add_argument("--batch-size", type=_positive(int), default=1000, help="articles per batch (default 1000)")
    run.add_argument(
        "--max-file-mb",
        type=_positive(float),
        default=50,
        metavar="MB",
        help="refuse a single-article file (.txt .md .html) larger than this, by its size, "
        "without reading it (default 50; tabular files are streamed)",
    )
    run.add_argument(
        "--max-article-chars",
        type=_positive(int),
        default=200_000,
        metavar="N",
        help="refuse an article longer than this many characters (default 200000)",
    )
    run.add_argument(
        "--casualty-ceiling",
        type=_positive(int),
        default=100_000,
        metavar="N",
        help="flag casualty figures above N in the run's quality checks (default 100000)",
    )
    run.add_argument(
        "--wait",
        type=_non_negative(float),
        default=0,
        metavar="SECONDS",
        help="if another run is writing to the warehouse, wait up to SECONDS for it (default 0: fail at once)",
    )
    run.add_argument(
        "--workers",
        type=_positive(int),
        default=None,
        metavar="N",
        help="processes that code articles (default: one per core)",
    )
    for kind in ("text", "title", "date", "url", "id", "publisher"):
        run.add_argument(
            f"--{kind}-column",
            metavar="NAME",
            help=f"the {kind} column of .csv/.jsonl/.parquet inputs, where its common names do not find it",
        )
    add_feed_arguments(run)
    run.add_argument(
        "--follow-symlinks",
        action="store_true",
        help="read files that links in the inputs lead to outside them (default: refused, quarantined 'outside_input')",
    )
    run.add_argument("--quiet", action="store_true", help="no progress bar (there is none when not in a terminal)")
    run.add_argument(
        "--verbose",
        action="store_true",
        help="print Prefect's log lines (every task's); by default only warnings, the progress bar and the summary",
    )
    run.add_argument(
        "--task-runner",
        choices=("local", "dask"),
        default=os.environ.get("SITREP_TASK_RUNNER", "local"),
        help="where articles are coded: local (a process pool on this machine) or dask "
        "(a Dask cluster: local by default, or --dask-address); env SITREP_TASK_RUNNER",
    )
    run.add_argument(
        "--dask-address",
        default=os.environ.get("SITREP_DASK_ADDRESS"),
        metavar="tcp://HOST:8786",
        help="an existing Dask scheduler (with --task-runner dask); env SITREP_DASK_ADDRESS",
    )
    run.set_defaults(handler=_run)

    chk = sub.add_parser(
        "check",
        help="the rows a run's quality check found (no NAME: list the checks)",
        description="example: sitrep check casualty_ceiling   (the latest run; --run RUN_ID for another)",
    )
    chk.add_argument("name", nargs="?", metavar="NAME")
    chk.add_argument("--run", metavar="RUN_ID", help="the run (default: the latest)")
    chk.add_argument("--warehouse", default=DEFAULT_WAREHOUSE, metavar="FILE")
    chk.add_argument("--format", choices=("table", "csv", "json", "markdown"), default="table")
    chk.set_defaults(handler=_check)
    fg = sub.add_parser(
        "forget",
        help="take articles out of the warehouse (by file, folder or article_id)",
        description="Remove articles and every row extracted from them (events, casualties, "
        "mentions, quotes, their part in incidents) in one transaction; each is "
        "kept in the table article_history. Deleting an input file does not "
        "remove its article: this does. A file still among a run's inputs is "
        "read and coded again by that run.\n\n"
        "example: sitrep forget ~/inbox/retracted.txt\n"
        "example: sitrep forget ~/inbox/2019/ --dry-run\n"
        "example: sitrep forget 3f2a9c0d1e2b4a5f",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    fg.add_argument(
        "targets",
        nargs="+",
        metavar="PATH|ID",
        help="an article_id, a source_uri (a table's row: file.csv#ID), a file or a folder "
        "(every article read from under it), or a page's URL",
    )
    fg.add_argument("--warehouse", default=DEFAULT_WAREHOUSE, metavar="FILE")
    fg.add_argument("--dry-run", action="store_true", help="say what would be removed; change nothing")
    fg.add_argument(
        "--wait",
        type=_non_negative(float),
        default=0,
        metavar="SECONDS",
        help="if a run is writing to the warehouse, wait up to SECONDS for it (default 0: fail at once)",
    )
    fg.set_defaults(handler=_forget)

    rep = sub.add_parser(
        "report",
        help="run a report from sql/reports/ (no NAME: list them)",
        description="Run a report of sql/reports/; without NAME, list them with the "
        "filters and parameters each takes. A filter a report cannot "
        "apply is refused, never ignored.\n\n"
        "example: sitrep report casualties_by_actor --format markdown\n"
        "example: sitrep report event_timeline --country NG --admin1 Borno "
        "--since 2024-01-01 --actor 'Boko Haram' --format csv",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    rep.add_argument("name", nargs="?", metavar="NAME")
    rep.add_argument("--warehouse", default=DEFAULT_WAREHOUSE, metavar="FILE")
    _output_arguments(rep)
    rep.add_argument(
        "--param",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        type=_param,
        help="bind $NAME in the report's SQL to VALUE, for a report that takes it, "
        "e.g. --param limit=50 (repeatable); values are bound, never pasted",
    )
    _filter_arguments(rep)
    rep.add_argument(
        "--html",
        metavar="FILE",
        help="write the dashboard (one offline HTML page: map, charts, latest events, "
        "disagreeing sources) to FILE instead of a table",
    )
    _query_limits(rep)
    rep.set_defaults(handler=_report)

    show = sub.add_parser(
        "show",
        help="what was coded from one article: events, figures with their words, places, actors, quotes, dates",
        description="Print one article's primary event and other events, every casualty "
        "figure with its source and the words it was read from, its places, "
        "actors, quotes and dates, then the sentences that carry them, coloured "
        "by kind in a terminal. ARTICLE is tried as an article_id, then a "
        "source_uri or url, then a file name (with or without its extension), "
        "then a fragment of the title (any case). No match: exit 1; several: "
        "they are listed, exit 2 (an article_id always names one).\n\n"
        "example: sitrep show 000_a7069af8299b54a7\n"
        'example: sitrep show "car bomb toll" --format json',
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    show.add_argument(
        "article", metavar="ARTICLE", help="an article_id, a source_uri or url, a file name, or words of the title"
    )
    show.add_argument("--warehouse", default=DEFAULT_WAREHOUSE, metavar="FILE")
    show.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="text for reading (default), json for scripts: one object, offsets into article.text",
    )
    _query_limits(show)
    show.set_defaults(handler=_show)

    from sitrep.flows.serve import add_serve_parser

    add_serve_parser(sub)

    srv = sub.add_parser(
        "server",
        help="a local Prefect server that stays up between runs (start|stop|status)",
        description="Start a Prefect server on 127.0.0.1 that outlives this command: every "
        "`sitrep run` then uses it instead of starting Prefect's temporary "
        "server (a one-article run in ~3 s instead of ~12), and its runs, logs "
        "and artifacts stay in its UI. `sitrep server stop` ends it.\n\n"
        "example: sitrep server start && sitrep run --input article.txt",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    srv.add_argument("action", choices=("start", "stop", "status"))
    srv.add_argument(
        "--port",
        type=_positive(int),
        default=None,
        help="port for `start` (default 4200, or a free one if it is taken)",
    )
    srv.set_defaults(handler=_server)

    dash = sub.add_parser(
        "dashboard",
        help="write the offline HTML dashboard of the warehouse",
        description="example: sitrep dashboard --out warehouse/dashboard.html",
    )
    dash.add_argument("--warehouse", default=DEFAULT_WAREHOUSE, metavar="FILE")
    dash.add_argument("--out", default="warehouse/dashboard.html", metavar="FILE")
    dash.set_defaults(handler=_dashboard)

    exp = sub.add_parser(
        "export",
        help="write the tables as Hive-partitioned Parquet (year=/month=)",
        description="Write every table under OUT: article-level tables partitioned by the "
        "year and month of the article's primary event (--by event) or of its "
        "ingestion (--by ingestion); reference tables as one file each. "
        "DuckDB, Spark and Trino read it: "
        "read_parquet('OUT/events/**/*.parquet', hive_partitioning=true).\n\n"
        "example: sitrep export --out lake/2026-11-26",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    exp.add_argument("--warehouse", default=DEFAULT_WAREHOUSE, metavar="FILE")
    exp.add_argument("--out", required=True, metavar="DIR", help="a new (or empty) folder")
    exp.add_argument("--by", choices=("event", "ingestion"), default="event")
    exp.set_defaults(handler=_export)

    sql = sub.add_parser(
        "sql",
        help="ad-hoc read-only SQL against the warehouse",
        description='example: sitrep sql "SELECT title, killed_best FROM article_summary"',
    )
    sql.add_argument("query", nargs="?", help="a SELECT; without one, an interactive prompt opens")
    sql.add_argument("--warehouse", default=DEFAULT_WAREHOUSE, metavar="FILE")
    _output_arguments(sql)
    sql.add_argument(
        "--param",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        type=_param,
        help="bind $NAME in the query to VALUE (repeatable), e.g. "
        'sitrep sql "SELECT * FROM quarantine WHERE reason = $r" --param r=empty',
    )
    _query_limits(sql)
    sql.set_defaults(handler=_sql)
    return p


def add_feed_arguments(p: argparse.ArgumentParser) -> None:
    """--feed/--feeds and the manners of fetching, for `run` and `serve` alike."""
    p.add_argument(
        "--feed",
        action="append",
        dest="feeds",
        default=[],
        metavar="URL",
        help="an RSS or Atom feed whose new items to code (repeatable); their pages are "
        "fetched politely and read like .html files",
    )
    p.add_argument(
        "--feeds",
        dest="feed_list",
        metavar="FILE",
        help="a file of feeds: OPML (as feed readers export it) or one URL a line",
    )
    p.add_argument(
        "--fetch-delay",
        type=_non_negative(float),
        default=1.0,
        metavar="SECONDS",
        help="seconds between two requests to one host (default 1; a longer robots.txt Crawl-delay wins)",
    )
    p.add_argument(
        "--fetch-timeout",
        type=_positive(float),
        default=20.0,
        metavar="SECONDS",
        help="give up on a feed or page that does not answer within SECONDS (default 20)",
    )
    p.add_argument(
        "--max-page-mb",
        type=_positive(float),
        default=5.0,
        metavar="MB",
        help="abandon a feed or page larger than this (default 5)",
    )


def check_feed_arguments(args) -> None:
    """A feed list that cannot be read fails here, before Prefect starts, in one line."""
    from urllib.parse import urlsplit

    for url in args.feeds:
        if urlsplit(url).scheme not in ("http", "https") or not urlsplit(url).netloc:
            raise ValueError(f"--feed {url!r} is not an http(s) URL")
    if args.feed_list:
        from sitrep.ingest.feeds import read_feed_list  # httpx and pyarrow: only when needed

        read_feed_list(args.feed_list)


def _output_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--format",
        choices=FORMATS,
        default="table",
        help="table (default), csv, json, markdown; parquet and xlsx write a file (--out)",
    )
    p.add_argument(
        "--out", metavar="FILE", help="write the rows to FILE instead of the terminal (needed for parquet and xlsx)"
    )


def _filter_arguments(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group(
        "filters", "keep the rows of matching events or incidents; 'sitrep report' lists the filters each report takes"
    )
    g.add_argument(
        "--country",
        type=reports.country_code,
        metavar="CC",
        help="ISO 3166-1 alpha-2 code of the event's place, e.g. SY, NG",
    )
    g.add_argument(
        "--admin1",
        metavar="NAME",
        help="first-level division of the event's place (governorate, state, province), any case",
    )
    g.add_argument("--since", type=reports.iso_date, metavar="YYYY-MM-DD", help="events on or after this date")
    g.add_argument("--until", type=reports.iso_date, metavar="YYYY-MM-DD", help="events on or before this date")
    g.add_argument(
        "--actor",
        metavar="NAME",
        help="actor1 or actor2 of the event (the perpetrator in casualties_by_actor): "
        "its actor_id, name or any alias, any case",
    )
    g.add_argument(
        "--event-type",
        type=reports.event_type,
        metavar="TYPE",
        help="ACLED event type or sub-event type, any case, e.g. Battles or 'Air/drone strike'",
    )


def _query_limits(p: argparse.ArgumentParser) -> None:
    from sitrep.load.timeouts import DEFAULT_TIMEOUT

    p.add_argument(
        "--timeout",
        type=_positive(float),
        default=DEFAULT_TIMEOUT,
        metavar="SECONDS",
        help=f"stop a query after SECONDS (default {DEFAULT_TIMEOUT:g}); Ctrl-C stops it too",
    )
    p.add_argument(
        "--memory-limit",
        metavar="SIZE",
        default=None,
        help="DuckDB memory for a query, e.g. 2GB (default: a quarter of the machine's memory)",
    )


def _positive(kind):
    def parse(text: str):
        value = kind(text)
        if value <= 0:
            raise argparse.ArgumentTypeError(f"must be above 0, not {text}")
        return value

    parse.__name__ = kind.__name__
    return parse


def _non_negative(kind):
    def parse(text: str):
        value = kind(text)
        if value < 0:
            raise argparse.ArgumentTypeError(f"must be 0 or more, not {text}")
        return value

    parse.__name__ = kind.__name__
    return parse


def _param(text: str) -> tuple[str, str]:
    name, sep, value = text.partition("=")
    if not sep or not name.isidentifier():
        raise argparse.ArgumentTypeError(f"expected NAME=VALUE, not {text!r}")
    return name, value


def _run(args) -> int:
    inputs = args.inputs or ([] if args.feeds or args.feed_list else ["seeds"])
    check_feed_arguments(args)
    for item in inputs:
        if not Path(item).exists():
            raise FileNotFoundError(f"input {item!r} does not exist (give a file or a folder of articles)")
    warm = _run_warm(args)
    if warm is not None:
        return warm
    # The writer lock first, before Prefect's minute of start-up: a second run fails at once
    # (or queues, --wait), and no other run can slip in while this one starts. The flow takes
    # the same lock again in this process (re-entrant).
    from sitrep.load.lock import writer_lock
    from sitrep.watchdog import watch_over_me

    watch_over_me()  # a SIGKILL of this process takes its server, forkserver and workers along
    from sitrep.local_server import use_if_running

    use_if_running()  # `sitrep server start`'s server, unless PREFECT_API_URL names another
    run_id = str(uuid.uuid4())
    started_at = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    with writer_lock(args.warehouse, args.wait, on_wait=_say):
        try:
            summary = _run_flow(args, inputs, run_id)
        except BaseException as e:
            _record_failure(args, inputs, run_id, started_at, e)
            raise
    replaced = f" ({summary.replaced} of them new versions that replaced an earlier one)" if summary.replaced else ""
    print(
        printable(
            f"sitrep run {summary.status}: {summary.read} articles read, {summary.new} new{replaced}, "
            f"{summary.unchanged} unchanged, {summary.quarantined} quarantined; "
            f"{summary.events} events, {summary.casualties} casualty reports{summary.incidents_note()}"
            f"{summary.feeds_note()} -> {summary.warehouse}"
        )
    )
    _print_findings(summary)
    return 0 if summary.status != "failed" else 1


# How many rows of each part of a run's summary are printed; the command after them lists all.
_SUMMARY_ROWS = 12


def _print_findings(summary) -> None:
    """What the run found, the articles with no event, and each warning with the command that
    lists its rows: what an analyst asks of a run before opening the warehouse."""
    from sitrep.load.run_report import run_findings

    if not summary.new and not summary.quarantined and not any(c["failures"] for c in summary.checks):
        return
    try:
        found = run_findings(summary.warehouse, summary.run_id)
    except Exception as e:
        print(printable(f"  (no summary table: {_one_line(e)})"))
        found = None
    run = summary.run_id
    if found and found.found:
        print("  found (events of this run's articles; killed and wounded as each reports them):")
        table = render(["event_type", "country", "events", "killed", "wounded"], found.found[:_SUMMARY_ROWS], "table")
        print("\n".join("    " + line for line in table.splitlines()))
        if len(found.found) > _SUMMARY_ROWS:
            print(f"    ... {len(found.found) - _SUMMARY_ROWS} more rows")
    if found and found.without_events:
        print(printable(f"  articles with no event: {len(found.without_events)} (see one with: sitrep show FILE)"))
        for uri, title in found.without_events[:_SUMMARY_ROWS]:
            print(printable(f"    {uri}  {title or ''}"))
        if len(found.without_events) > _SUMMARY_ROWS:
            print(
                printable(
                    f'    ... all of them: sitrep sql "SELECT source_uri, title FROM articles a WHERE run_id = '
                    f"'{run}' AND NOT EXISTS (SELECT 1 FROM events e WHERE e.article_id = a.article_id)\""
                )
            )
    warnings = [
        (f"{c['check_name']} ({c['severity']}): {c['failures']} rows", f"sitrep check {c['check_name']} --run {run}")
        for c in summary.checks
        if c["failures"]
    ]
    if found and found.quarantined:
        reasons = ", ".join(f"{reason} {n}" for reason, n in found.quarantined)
        warnings.append(
            (
                f"quarantined: {reasons}",
                f"sitrep sql \"SELECT reason, source_uri, detail FROM quarantine WHERE run_id = '{run}'\"",
            )
        )
    warnings += [(f"batch failed: {e}", "sitrep report run_quality") for e in summary.errors[:3]]
    if warnings:
        print("  warnings (each with the command that lists its rows):")
        for what, command in warnings:
            print(printable(f"    {what}"))
            print(printable(f"      {command}"))


def _check(args) -> int:
    from sitrep.load.run_report import check_names, check_rows

    _give_up_writes()
    if not args.name:
        print("\n".join(check_names()))
        return 0
    _, columns, rows = check_rows(args.warehouse, args.name, args.run)
    print(render(columns, rows, args.format))
    return 0


# `sitrep forget` lists at most this many articles (article_history holds every one).
FORGET_LISTED = 50


def _forget(args) -> int:
    from sitrep.load.forget import forget

    done = forget(args.warehouse, args.targets, dry_run=args.dry_run, wait=args.wait, on_wait=_say)
    removed = done.removed
    verb = "would remove" if done.dry_run else "removed"
    print(
        printable(
            f"sitrep forget{' --dry-run' if done.dry_run else ''}: {verb} {len(done.articles)} "
            f"article{'s' if len(done.articles) != 1 else ''} from {done.warehouse}"
            + (" (nothing changed)" if done.dry_run else " (kept in article_history)")
        )
    )
    for article_id, source_uri, title in done.articles[:FORGET_LISTED]:
        print(printable(f"  {article_id}  {source_uri}  {title or '(no title)'}"))
    if len(done.articles) > FORGET_LISTED:
        print(f"  ... and {len(done.articles) - FORGET_LISTED} more")
    rows = sorted(removed.rows.items(), key=lambda kv: kv[0] != "articles")  # articles first
    print("rows: " + ", ".join(f"{table} {n}" for table, n in rows))
    print(
        f"incidents: {removed.incidents_deleted} deleted (no report left), "
        f"{removed.incidents_recounted} recounted from the reports they keep"
    )
    if done.still_there:
        print(
            printable(
                f"note: still there, so a run that reads them codes them again (move or delete them "
                f"first): {', '.join(done.still_there[:10])}" + (" ..." if len(done.still_there) > 10 else "")
            )
        )
    return 0


def _say(message: str) -> None:
    print(f"sitrep: {printable(message)}", file=sys.stderr, flush=True)


def _run_warm(args) -> int | None:
    """The run forked from `sitrep server start`'s warm runner (sitrep/warm_runs.py), if one is up
    and can give the same result; None to run here. --verbose runs here: the runner's Prefect
    logs to the console at WARNING."""
    from sitrep import local_server, warm_runs

    if warm_runs.IN_WARM_RUN or os.environ.get(warm_runs.RUN_MARK) or args.verbose or args.argv is None:
        return None
    state = local_server.running()
    if not state or not state.get("runner_socket"):
        return None
    return warm_runs.run_warm(args.argv, state["runner_socket"])


def _run_flow(args, inputs: list[str], run_id: str):
    from sitrep import progress

    progress.enable(None if not args.quiet else False)
    if not args.verbose:
        # The bar and the summary say how the run went; Prefect's line per task (245 lines for
        # the seed) would bury them. They still reach the Prefect UI, and warnings still print.
        os.environ.setdefault("PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL", "WARNING")
    from prefect.settings import PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings

    from sitrep.flows.pipeline import run_pipeline

    # No flow-run heartbeats from a run in the foreground: its thread sleeps in 1 s steps and is
    # joined at the end (0.5-1 s of a small run), and a run that dies here is recorded by
    # sitrep itself (pipeline_runs, the watchdog). Served and deployed runs keep Prefect's.
    with temporary_settings(updates={PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}):
        return _run_pipeline_now(run_pipeline, args, inputs, run_id)


def _run_pipeline_now(run_pipeline, args, inputs: list[str], run_id: str):
    return run_pipeline(
        task_runner=args.task_runner,
        dask_address=args.dask_address,
        inputs=inputs,
        warehouse=args.warehouse,
        reference_date=args.reference_date,
        batch_size=args.batch_size,
        max_file_mb=args.max_file_mb,
        max_article_chars=args.max_article_chars,
        casualty_ceiling=args.casualty_ceiling,
        wait=args.wait,
        workers=args.workers,
        run_id=run_id,
        follow_symlinks=args.follow_symlinks,
        feeds=args.feeds or None,
        feed_list=str(Path(args.feed_list).resolve()) if args.feed_list else None,
        fetch_delay=args.fetch_delay,
        fetch_timeout=args.fetch_timeout,
        max_page_mb=args.max_page_mb,
        columns={
            kind: getattr(args, f"{kind}_column")
            for kind in ("text", "title", "date", "url", "id", "publisher")
            if getattr(args, f"{kind}_column")
        },
    )


def _record_failure(args, inputs: list[str], run_id: str, started_at, e: BaseException) -> None:
    """A run that failed before its flow could record it (Prefect did not start, the flow
    crashed) still gets its pipeline_runs row; one the flow recorded keeps its own."""
    from sitrep.load import warehouse as wh
    from sitrep.runs import failure_reason

    wh.record_failed_run(
        args.warehouse,
        dict(run_id=run_id, started_at=started_at, inputs="; ".join(inputs), settings={}, message=failure_reason(e)),
    )


def _server(args) -> int:
    from sitrep import local_server

    state: dict | None
    if args.action == "start":
        state, started = local_server.start(args.port)
        print(
            f"sitrep server {'started' if started else 'already running'}: {state['ui_url']} (pid {state['pid']}, "
            f"log {state['log']}); sitrep run and serve use it; {_runner_note(state)}; "
            "'sitrep server stop' ends it"
        )
    elif args.action == "stop":
        state = local_server.stop()
        print(f"sitrep server stopped (was {state['ui_url']})" if state else "sitrep server: none was running")
    else:
        state = local_server.running()
        print(
            f"sitrep server running: {state['ui_url']} (pid {state['pid']}); {_runner_note(state)}"
            if state
            else "sitrep server: not running"
        )
        return 0 if state else 3
    return 0


def _runner_note(state: dict) -> str:
    if state.get("runner_socket") and Path(state["runner_socket"]).exists():
        return f"warm runner pid {state['runner_pid']} (log {state['runner_log']})"
    return "no warm runner: runs start cold"


def _export(args) -> int:
    from sitrep.load.export import export_parquet

    written = export_parquet(args.warehouse, args.out, args.by)
    print(
        f"exported {sum(written.values()):,} rows in {len(written)} tables to {args.out} "
        f"(partitioned by {args.by} year/month)"
    )
    return 0


def _dashboard(args) -> int:
    from sitrep.dashboard import render_dashboard

    path = render_dashboard(args.warehouse, args.out)
    print(f"dashboard written to {path} (open it in a browser; it needs no network)")
    return 0


def _report(args) -> int:
    if args.html:
        args.out = args.html
        return _dashboard(args)
    if not args.name:
        asked = [f for f in reports.FILTERS if getattr(args, f) is not None] + args.param
        if asked or args.out:
            raise reports.ReportError("filters, --param and --out need a report: sitrep report NAME ...")
        for rep in reports.all_reports():
            print(f"{rep.name:20s} {rep.takes():31s} {rep.description}")
        return 0
    rep = reports.report(args.name)
    params = reports.report_parameters(rep, _filters(args), dict(args.param))
    check_output(args.format, args.out, args.warehouse)
    _check_names(args, params)
    return _write_query(args, rep.sql, params)


def _filters(args) -> dict:
    if args.since and args.until and args.since > args.until:
        raise reports.ReportError(f"--since {args.since} is after --until {args.until}")
    return {name: getattr(args, name) for name in reports.FILTERS}


def _check_names(args, params: dict) -> None:
    """An --actor the warehouse does not know is refused, an --admin1 it has no place in noted:
    both are typos more often than questions."""
    actor, admin1 = params.get("actor"), params.get("admin1")
    if actor is None and admin1 is None:
        return
    from sitrep.load.readers import read_query

    _, [(actor_known, admin1_known)] = read_query(
        args.warehouse,
        (SQL_DIR / "filters" / "known_names.sql").read_text(encoding="utf-8"),
        {"actor": actor, "admin1": admin1},
        timeout=args.timeout,
        memory_limit=args.memory_limit,
    )
    if not actor_known:
        raise reports.ReportError(
            f"no actor is named {actor!r} (by actor_id, name or alias); "
            'sitrep sql "SELECT actor_id, name FROM actors" lists them'
        )
    if not admin1_known:
        _say(
            f"note: no place in the warehouse is in an admin1 named {admin1!r}; sitrep sql "
            '"SELECT DISTINCT country_code, admin1_name FROM places ORDER BY ALL" lists them'
        )


def _sql(args) -> int:
    check_output(args.format, args.out, args.warehouse)
    if args.query is None:
        if args.out or args.format in FILE_FORMATS:
            raise OutputError("--out writes the rows of one query: give the query")
        _give_up_writes()
        return _sql_prompt(args)
    return _write_query(args, args.query, reports.query_params(args.query, dict(args.param)))


def _show(args) -> int:
    from sitrep.show import AmbiguousArticle, article_record, console_for, render_text

    _give_up_writes()
    if _SANDBOXED:
        # rich handles a broken pipe itself by opening /dev/null, which a process that gave up
        # writing files may not: the reader leaving (`| head`) ends `show` by SIGPIPE instead,
        # quietly, as it ends Unix tools (the shell sees 141, as from the other commands).
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    try:
        record = article_record(args.warehouse, args.article, timeout=args.timeout, memory_limit=args.memory_limit)
    except AmbiguousArticle as e:
        _list_matches(e)
        return 2
    if args.format == "json":
        # ASCII-only JSON escapes every control character (ESC, C1, bidi overrides) in the
        # values, which stay as stored so that their offsets hold.
        print(json.dumps(record, default=str, indent=1, ensure_ascii=True))
    else:
        render_text(record, console_for(sys.stdout))
    return 0


def _list_matches(e) -> None:
    more = f", the latest {len(e.matches)} here" if e.total > len(e.matches) else ""
    print(
        printable(
            f"sitrep: {e.total} articles match {e.article!r} by {e.rule}{more}; "
            "name one by its article_id (or more of its title):"
        ),
        file=sys.stderr,
    )
    for m in e.matches:
        print(
            printable(
                f"  {m['article_id']}  {m['published_on'] or '----------'}  "
                f"{m['title'] or '(untitled)'}  [{m['source_uri']}]"
            ),
            file=sys.stderr,
        )


def _give_up_writes() -> None:
    if _SANDBOXED:
        from sitrep.sandbox import forbid_writes

        forbid_writes()


def _write_query(args, query: str, params: dict | None) -> int:
    """Run a read-only query and print its rows, or write them to --out: that file is opened
    before this process gives up writing files, and written once the rows are there."""
    from sitrep.load.readers import read_query
    from sitrep.load.warehouse import WarehouseError

    out = OutFile(args.out) if args.out else None
    try:
        _give_up_writes()
        try:
            columns, rows = read_query(
                args.warehouse,
                query,
                params,
                timeout=args.timeout,
                memory_limit=args.memory_limit,
                arrow=args.format == "parquet",
            )
            if out is None:
                print(render(columns, rows, args.format))
                return 0
            data = _file_bytes(columns, rows, args.format)
        except (WarehouseError, OutputError) as e:
            if out and out.created:  # it cannot be removed any more (sitrep/output.py)
                raise type(e)(f"{_one_line(e)} ({args.out} is left empty)") from e
            raise
        out.write(data)
    finally:
        if out:
            out.close()
    print(printable(f"{len(rows):,} rows written to {args.out} ({args.format})"))
    return 0


def _file_bytes(columns: list[str], rows, fmt: str) -> bytes:
    from sitrep import output

    if fmt == "parquet":
        return output.parquet_bytes(rows)
    if fmt == "xlsx":
        data, cut = output.xlsx_bytes(columns, rows)
        if cut:
            _say(
                f"note: {cut:,} cells were cut to Excel's {output.XLSX_MAX_CHARS:,} characters "
                "(csv and parquet keep them whole)"
            )
        return data
    return (render(columns, rows, fmt) + "\n").encode("utf-8")


PROMPT_HELP = """Statements end with ';' and may span lines. Commands (a line of their own, at any point):
  .tables           the tables and views
  .schema [TABLE]   the columns of TABLE, or of every table
  .help             this
  .quit  .exit      leave (Ctrl-D too)"""


def _sql_prompt(args) -> int:
    """A read-only SQL prompt: statements end with ';'; a line that starts with '.' is a command
    wherever it comes, and never part of a statement, so '.quit' always leaves. Each query
    opens the warehouse for itself, so the prompt never keeps a scheduled run out."""
    print(f"sitrep sql on {args.warehouse} (read-only). End statements with ';'. .help lists commands; .quit leaves.")
    buffer: list[str] = []
    while True:
        try:
            line = input("sitrep> " if not buffer else "   ...> ")
        except (EOFError, KeyboardInterrupt):
            print()
            return 0
        command = line.strip()
        if command.startswith(".") or (not buffer and command.lower() in ("quit", "exit")):
            if _prompt_command(args, command):
                return 0
            continue
        buffer.append(line)
        if not line.rstrip().endswith(";"):
            continue
        query, buffer = "\n".join(buffer), []
        _prompt_query(args, query, None)


def _prompt_command(args, command: str) -> bool:
    """Run one of the prompt's commands; True when it is the one that leaves."""
    word, _, rest = command.partition(" ")
    word = word.lower()
    if word in (".quit", ".exit", "quit", "exit"):
        return True
    if word == ".help":
        print(PROMPT_HELP)
    elif word == ".tables":
        _prompt_query(args, (SQL_DIR / "prompt" / "tables.sql").read_text(encoding="utf-8"), {})
    elif word == ".schema":
        table = rest.strip().strip('"') or None
        _prompt_query(
            args,
            (SQL_DIR / "prompt" / "schema.sql").read_text(encoding="utf-8"),
            {"table": table},
            none_found=f"no table or view named {table!r}; .tables lists them" if table else "",
        )
    else:
        print(printable(f"unknown command {word}; .help lists the commands"))
    return False


def _prompt_query(args, query: str, params: dict | None, none_found: str = "") -> None:
    """Print one statement's rows, or its error: the prompt goes on."""
    from sitrep.load.readers import read_query
    from sitrep.load.warehouse import WarehouseError

    try:
        if params is None:
            params = reports.query_params(query, dict(args.param))
        columns, rows = read_query(args.warehouse, query, params, timeout=args.timeout, memory_limit=args.memory_limit)
    except (WarehouseError, reports.ReportError) as e:
        print(f"error: {printable(_one_line(e))}")
        return
    except KeyboardInterrupt:  # Ctrl-C stops the query, not the prompt
        print("query interrupted")
        return
    print(printable(none_found) if none_found and not rows else render(columns, rows, args.format))


def _one_line(e: Exception) -> str:
    text = str(e).strip().splitlines()
    return text[0] if text else type(e).__name__


if __name__ == "__main__":
    sys.exit(command())
