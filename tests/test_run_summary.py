"""What `sitrep run` prints: the summary line, what the run found, the articles with no event,
each warning with the command that lists its rows, and no Prefect line per task unless asked."""

import os
import subprocess
import sys

import pytest

from sitrep.cli import main as sitrep
from tests.conftest import ROOT, SEED


@pytest.fixture(scope="module")
def inbox(tmp_path_factory):
    folder = tmp_path_factory.mktemp("inbox")
    (folder / "seed.txt").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "weather.txt").write_text("Weather update\nIt will rain in Lagos on Friday, forecasters said.\n")
    (folder / "empty.txt").write_text("  \n")
    return folder


def test_a_run_says_what_it_found_what_gave_nothing_and_how_to_list_each_warning(
    inbox, tmp_path, capsys, prefect_server
):
    warehouse = str(tmp_path / "w.duckdb")
    assert sitrep(["run", "--input", str(inbox), "--warehouse", warehouse, "--quiet", "--casualty-ceiling", "50"]) == 0
    out = capsys.readouterr().out
    assert "found (events of this run's articles" in out
    assert "Explosions/Remote violence" in out and "SY" in out
    assert "articles with no event: 1" in out and "weather.txt" in out
    assert "casualty_ceiling (warning)" in out and "sitrep check casualty_ceiling --run" in out
    assert "quarantined: empty 1" in out
    # the command the summary gives lists the figures over the ceiling with their words
    command = next(line.split()[1:] for line in out.splitlines() if line.strip().startswith("sitrep check"))
    assert sitrep([*command, "--warehouse", warehouse, "--format", "csv"]) == 0
    listed = capsys.readouterr().out.splitlines()
    assert listed[0] == "row_id,figure,source_uri,words" and len(listed) > 1
    assert all(int(row.split(",")[1]) > 50 for row in listed[1:])


def test_a_run_prints_no_line_per_task_unless_verbose(inbox, tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env.update(PREFECT_HOME=str(tmp_path / "home"), PREFECT_SERVER_ANALYTICS_ENABLED="false")
    quiet = subprocess.run(
        [sys.executable, "-m", "sitrep.cli", "run", "--input", str(inbox), "--warehouse", str(tmp_path / "w.duckdb")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert quiet.returncode == 0, quiet.stderr
    lines = (quiet.stdout + quiet.stderr).splitlines()
    assert not [line for line in lines if "Task run" in line or "Flow run" in line]
    assert len(lines) < 25, lines
    verbose = subprocess.run(
        [
            sys.executable,
            "-m",
            "sitrep.cli",
            "run",
            "--input",
            str(inbox),
            "--verbose",
            "--warehouse",
            str(tmp_path / "w2.duckdb"),
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert "Task run" in verbose.stdout + verbose.stderr
