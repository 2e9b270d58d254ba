"""`sitrep serve`: code what lands in an inbox folder, and what news feeds publish, on a
schedule, as a Prefect deployment.

    sitrep serve --start-server --inbox ~/inbox --interval 900   # starts a Prefect server on loopback too
    sitrep serve --inbox ~/inbox --cron "*/15 * * * *"             # PREFECT_API_URL points at your server
    sitrep serve --start-server --feeds outlets.opml --interval 900

Each scheduled run is an ordinary `pipeline` run over the whole inbox and the feeds. Articles are
keyed by file name and text, and a feed item once fetched is never fetched again, so only what
is new is coded (a corrected file replaces its article; a deleted one keeps it: `sitrep forget`).
Runs never overlap (`limit=1`): a run that falls due while another is going waits for it. The
feed list is read at every run: edit it and the next run follows it.

Prefect schedules only on a real server: on its temporary one, `flow.serve` logs a warning and
then never runs (README, "Scheduling"). So with no reachable PREFECT_API_URL this command says
how to start a server and exits 1, or, with --start-server, runs `prefect server start` on
127.0.0.1 for as long as it serves and stops it on the way out.

Prefect is imported inside the functions: sitrep/cli.py builds this parser on every `sitrep`
command, and `import prefect` costs most of a second.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sitrep.errors import SitrepError
from sitrep.local_server import answers as _answers
from sitrep.local_server import port_free as _port_free

DEFAULT_WAREHOUSE = "warehouse/sitrep.duckdb"
DEFAULT_PORT = 4200
# A server's first start took 9-14 s here (2 cores, load average 3); a busy CI box may take
# several times that.
SERVER_STARTUP_TIMEOUT = 180.0
SERVER_STOP_TIMEOUT = 20.0

HOW_TO_START = """\
Start one in another terminal and point sitrep at it:
    prefect server start --host 127.0.0.1
    export PREFECT_API_URL=http://127.0.0.1:4200/api
or let sitrep start one on 127.0.0.1 for as long as it serves:
    sitrep serve --start-server --inbox DIR --interval 900"""


class NoServer(SitrepError):
    """There is no Prefect server to schedule on; the message says what to do."""


def add_serve_parser(subparsers) -> argparse.ArgumentParser:
    """Register `serve` on the `sitrep` CLI's subparsers (sitrep/cli.py)."""
    p = subparsers.add_parser(
        "serve",
        help="code new articles in an inbox folder or news feeds on a schedule (a Prefect deployment)",
        description="Serve the pipeline as a Prefect deployment that codes the articles in --inbox "
        "and the new items of the --feed/--feeds news feeds on a schedule; articles "
        "already coded are skipped, runs never overlap. Needs a Prefect server: set "
        "PREFECT_API_URL, or pass --start-server.\n\n"
        "example: sitrep serve --start-server --inbox ~/inbox --interval 900\n"
        "example: sitrep serve --inbox ~/inbox --cron '*/15 * * * *'\n"
        "example: sitrep serve --start-server --feeds outlets.opml --interval 900",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--inbox", metavar="DIR", help="folder the articles arrive in (needed unless --feed/--feeds)")
    from sitrep.cli import add_feed_arguments

    add_feed_arguments(p)
    p.add_argument("--warehouse", default=DEFAULT_WAREHOUSE, metavar="FILE")
    when = p.add_mutually_exclusive_group(required=True)
    when.add_argument("--cron", type=_cron, metavar='"*/15 * * * *"', help="run on this cron schedule (UTC)")
    when.add_argument("--interval", type=_seconds, metavar="SECONDS", help="run every SECONDS")
    p.add_argument("--name", default="inbox", help="deployment name (default 'inbox'; shown as sitrep-pipeline/NAME)")
    p.add_argument(
        "--wait",
        type=_seconds_or_zero,
        default=60,
        metavar="SECONDS",
        help="a run that finds another run writing to the warehouse waits up to SECONDS for it (default 60)",
    )
    p.add_argument(
        "--start-server",
        action="store_true",
        help="start `prefect server start` on 127.0.0.1 for as long as this serves",
    )
    p.add_argument(
        "--port",
        type=int,
        default=DEFAULT_PORT,
        help=f"port of the server --start-server starts (default {DEFAULT_PORT})",
    )
    p.set_defaults(handler=serve_inbox)
    return p


def serve_inbox(args) -> int:
    """The `sitrep serve` handler: find or start a server, then serve until stopped."""
    if not (args.inbox or args.feeds or args.feed_list):
        raise ValueError("nothing to serve: give --inbox DIR, --feed URL or --feeds FILE")
    from sitrep.cli import check_feed_arguments

    check_feed_arguments(args)
    inbox, warehouse = _check_paths(args.inbox, args.warehouse)
    if not args.start_server:
        from sitrep.local_server import use_if_running

        use_if_running()  # `sitrep server start`'s server, before Prefect reads its settings
    from sitrep.watchdog import watch_over_me

    watch_over_me()  # a SIGKILL of this process stops the server and the runs it started too
    # Until the runner installs its own handler, SIGTERM must unwind like Ctrl-C so that a
    # server started here is stopped, not orphaned.
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        with _prefect_server(args.start_server, args.port):
            _serve(args, inbox, warehouse)
    except NoServer as e:
        print(f"sitrep serve: {e}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        pass
    print("sitrep serve: stopped", flush=True)
    return 0


def _interrupt(signum, frame):
    raise KeyboardInterrupt


def _check_paths(inbox: str | None, warehouse: str) -> tuple[str | None, str]:
    # Absolute, because flow runs execute in a subprocess and the deployment's parameters are
    # read in the Prefect UI, far from the directory this was started in.
    inbox_path = Path(inbox).expanduser().resolve() if inbox else None
    if inbox_path is not None and not inbox_path.is_dir():
        raise FileNotFoundError(f"inbox {inbox!r} is not a folder (create it, then drop articles in it)")
    warehouse_path = Path(warehouse).expanduser().resolve()
    warehouse_path.parent.mkdir(parents=True, exist_ok=True)
    return (str(inbox_path) if inbox_path else None), str(warehouse_path)


@contextmanager
def _prefect_server(start: bool, port: int) -> Iterator[str]:
    """The API URL to schedule on: a server started here (stopped on exit), or PREFECT_API_URL."""
    if not start:
        yield _configured_api_url()
        return
    api_url = f"http://127.0.0.1:{port}/api"
    server = _start_server(port)
    try:
        _wait_until_healthy(api_url, server)
        os.environ["PREFECT_API_URL"] = api_url  # flow-run subprocesses inherit it
        from prefect.settings import PREFECT_API_URL, temporary_settings

        # prefect read its settings when imported, maybe before the line above
        with temporary_settings(updates={PREFECT_API_URL: api_url}):
            yield api_url
    finally:
        _stop_server(server)


def _configured_api_url() -> str:
    from prefect.client.orchestration import get_client
    from prefect.settings import get_current_settings

    api_url = get_current_settings().api.url
    if not api_url:
        raise NoServer(
            f"Prefect schedules runs only on a running Prefect server, and PREFECT_API_URL is not set.\n{HOW_TO_START}"
        )
    with get_client(sync_client=True) as client:
        problem = client.api_healthcheck()  # through Prefect's client: Cloud needs its API key
    if problem is not None:
        raise NoServer(
            f"no Prefect server answers at PREFECT_API_URL={api_url} ({_first_line(problem)}).\n{HOW_TO_START}"
        )
    return api_url


def _start_server(port: int) -> subprocess.Popen:
    if not _port_free(port):
        raise NoServer(
            f"port {port} on 127.0.0.1 is taken. If it is a Prefect server, drop "
            f"--start-server and export PREFECT_API_URL=http://127.0.0.1:{port}/api; "
            "otherwise pick another --port."
        )
    log = _server_log_path()
    print(f"sitrep serve: starting a Prefect server on 127.0.0.1:{port} (log: {log})", flush=True)
    env = {"PREFECT_SERVER_ANALYTICS_ENABLED": "false", **os.environ}
    env.pop("PREFECT_API_URL", None)  # else the UI it serves would call whatever server that names
    with open(log, "ab") as out:
        # Its own session: Ctrl-C in the terminal reaches only us, so the runner pauses its
        # schedule through a server that is still up, and then we stop the server's whole group.
        return subprocess.Popen(
            [sys.executable, "-m", "prefect", "server", "start", "--host", "127.0.0.1", "--port", str(port)],
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            env=env,
            start_new_session=True,
        )


def _server_log_path() -> Path:
    from prefect.settings import get_current_settings

    home = Path(get_current_settings().home)
    home.mkdir(parents=True, exist_ok=True)
    return home / "sitrep-server.log"


def _wait_until_healthy(api_url: str, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + SERVER_STARTUP_TIMEOUT
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise NoServer(
                f"the Prefect server exited with code {server.returncode} while starting; see {_server_log_path()}"
            )
        if _answers(f"{api_url}/health"):
            return
        time.sleep(0.5)
    raise NoServer(f"the Prefect server did not answer within {SERVER_STARTUP_TIMEOUT:.0f} s; see {_server_log_path()}")


def _stop_server(server: subprocess.Popen) -> None:
    # A second Ctrl-C while stopping must not leave the server running: the stop is bounded.
    previous = {sig: signal.signal(sig, signal.SIG_IGN) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        _signal_group(server, signal.SIGTERM)
        try:
            server.wait(SERVER_STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            _signal_group(server, signal.SIGKILL)
            server.wait()
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _signal_group(server: subprocess.Popen, sig: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(server.pid, sig)  # the session started for the server, and only it


def _serve(args, inbox: str | None, warehouse: str) -> None:
    import asyncio

    from prefect.runner import Runner

    runner = Runner(name=f"sitrep-{args.name}", limit=1)  # limit=1: runs never overlap
    runner.add_deployment(_deployment(args, inbox, warehouse))

    # Ctrl-C takes the runner's SIGTERM path: the run in flight is marked Cancelled and the
    # schedule paused. A bare KeyboardInterrupt left the run 'Running' on the server (measured).
    def on_ctrl_c(signum, frame):
        if not runner.started:
            raise KeyboardInterrupt
        runner.handle_sigterm()

    signal.signal(signal.SIGINT, on_ctrl_c)
    _say_what_runs(args, inbox, warehouse)
    asyncio.run(runner.start())


def _say_what_runs(args, inbox: str | None, warehouse: str) -> None:
    from prefect.settings import get_current_settings

    when = f"on cron {args.cron!r} (UTC)" if args.cron else f"every {args.interval:g} s"
    print(
        f"sitrep serve: sitrep-pipeline/{args.name} codes the new articles in {_sources(args, inbox)} "
        f"into {warehouse} {when}; runs and logs in the Prefect UI at {get_current_settings().ui_url}. "
        "Ctrl-C stops.",
        flush=True,
    )


def _sources(args, inbox: str | None) -> str:
    """'~/inbox and 2 feeds and the feeds of outlets.opml' for a human."""
    parts = ([inbox] if inbox else []) + (
        [f"{len(args.feeds)} feed{'s' * (len(args.feeds) > 1)}"] if args.feeds else []
    )
    if args.feed_list:
        parts.append(f"the feeds of {args.feed_list}")
    return " and ".join(parts)


def _deployment(args, inbox: str | None, warehouse: str):
    from prefect.flows import EntrypointType

    from sitrep.flows.pipeline import pipeline

    # A deployment, not `pipeline.serve()`: that hands the runner the in-memory flow, which it
    # cloudpickles into a spawned process that lacks the module's globals, and Prefect's parameter
    # check then fails on the `dt.date` annotation (measured, Prefect 3.9.1). From a deployment the
    # runner starts `python -m prefect.engine`, which imports sitrep.flows.pipeline by its module path,
    # whatever the current directory. paused=False: resume a schedule the last stop paused.
    feed_list = str(Path(args.feed_list).expanduser().resolve()) if args.feed_list else None
    return pipeline.to_deployment(
        name=args.name,
        cron=args.cron,
        interval=args.interval,
        paused=False,
        parameters={
            "inputs": [inbox] if inbox else [],
            "warehouse": warehouse,
            "wait": args.wait,
            "feeds": args.feeds or None,
            "feed_list": feed_list,
            "fetch_delay": args.fetch_delay,
            "fetch_timeout": args.fetch_timeout,
            "max_page_mb": args.max_page_mb,
        },
        description=f"Codes the new articles in {_sources(args, inbox)} into {warehouse}.",
        tags=["sitrep"],
        entrypoint_type=EntrypointType.MODULE_PATH,
    )


def _cron(text: str) -> str:
    from prefect.client.schemas.schedules import CronSchedule

    try:
        CronSchedule(cron=text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"not a cron schedule: {text!r} (five fields: minute hour day-of-month month day-of-week)"
        ) from None
    return text


def _seconds(text: str) -> float:
    value = float(text)
    if value <= 0:
        raise argparse.ArgumentTypeError(f"must be above 0, not {text}")
    return value


def _seconds_or_zero(text: str) -> float:
    value = float(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more, not {text}")
    return value


def _first_line(e: object) -> str:
    lines = str(e).strip().splitlines()
    return lines[0] if lines else type(e).__name__


def main(argv: list[str] | None = None) -> int:
    """`python -m sitrep.flows.serve ...`: the same command, before sitrep/cli.py wires it in."""
    parser = argparse.ArgumentParser(prog="sitrep")
    serve = add_serve_parser(parser.add_subparsers(dest="command"))
    serve.add_argument("--debug", action="store_true", help="show tracebacks")
    args = parser.parse_args(["serve", *(sys.argv[1:] if argv is None else argv)])
    try:
        return args.handler(args)
    except Exception as e:  # one clear line, as the rest of sitrep
        if args.debug:
            raise
        print(f"sitrep: error: {_first_line(e)}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
