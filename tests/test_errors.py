"""sitrep's own errors have one base, SitrepError, and the `sitrep` command prints them as one
line (no traceback); each keeps the built-in base it had, so older `except` clauses still hold."""

import subprocess
import sys

import pytest

from sitrep.errors import SitrepError
from sitrep.flows.serve import NoServer
from sitrep.ingest.decoding import DecodeError
from sitrep.ingest.feeds import FeedListError
from sitrep.ingest.files import Refused
from sitrep.ingest.web import FetchError
from sitrep.load import warehouse as wh
from sitrep.load.forget import NothingToForget
from sitrep.load.lock import WarehouseLocked
from sitrep.load.readers import QueryRefused, QueryTimedOut
from sitrep.output import OutputError
from sitrep.reports import ReportError
from sitrep.show.record import AmbiguousArticle, NoSuchArticle
from sitrep.terminal import StdoutClosed

# Each error and the built-in base it had before SitrepError.
ERRORS = {
    wh.WarehouseError: RuntimeError,
    wh.WarehouseBusy: RuntimeError,
    wh.WarehouseDamaged: RuntimeError,
    WarehouseLocked: RuntimeError,
    QueryRefused: RuntimeError,
    QueryTimedOut: RuntimeError,
    NothingToForget: RuntimeError,
    OutputError: ValueError,
    ReportError: ValueError,
    FeedListError: ValueError,
    DecodeError: ValueError,
    NoSuchArticle: LookupError,
    AmbiguousArticle: LookupError,
    FetchError: Exception,
    Refused: Exception,
    NoServer: Exception,
}


@pytest.mark.parametrize("error", ERRORS, ids=lambda e: e.__name__)
def test_every_error_of_sitrep_is_a_sitrep_error(error):
    assert issubclass(error, SitrepError)
    assert issubclass(error, ERRORS[error])


def test_a_closed_stdout_is_no_error():
    """`sitrep ... | head` ending early is how a pipe works, not a failure to report."""
    assert not issubclass(StdoutClosed, SitrepError)


@pytest.fixture
def empty_warehouse(tmp_path):
    path = tmp_path / "w.duckdb"
    with wh.connect(path) as con:
        wh.migrate(con)
    return path


@pytest.mark.parametrize(
    "args,message",
    [
        (["show", "no-such-article"], "no article matches 'no-such-article'"),
        (["report", "no_such_report"], "no report 'no_such_report'"),
    ],
)
def test_the_command_prints_a_sitrep_error_as_one_line(empty_warehouse, args, message):
    done = subprocess.run(
        [sys.executable, "-m", "sitrep.cli", *args, "--warehouse", str(empty_warehouse)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1
    assert done.stderr.splitlines() == [done.stderr.strip()], done.stderr
    assert done.stderr.startswith(f"sitrep: error: {message}")
    assert "Traceback" not in done.stderr


def test_debug_shows_the_traceback(empty_warehouse):
    done = subprocess.run(
        [sys.executable, "-m", "sitrep.cli", "--debug", "show", "x", "--warehouse", str(empty_warehouse)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1
    assert "Traceback" in done.stderr and "NoSuchArticle" in done.stderr
