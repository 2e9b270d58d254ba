"""One warehouse for every test here: the report fixtures (four countries) and two outlets'
tolls of one strike in Yemen, coded by a real flow run into a real DuckDB file."""

import shutil

import pytest

from tests.conftest import FIXTURES


@pytest.fixture(scope="session")
def warehouse(tmp_path_factory, prefect_server):
    from sitrep.flows.pipeline import pipeline

    inbox = tmp_path_factory.mktemp("report-inbox")
    for article in sorted((FIXTURES / "reports").glob("*.txt")):
        shutil.copy(article, inbox)
    for name in ("a1_strike_outlet1.txt", "a2_strike_outlet2.txt"):
        shutil.copy(FIXTURES / "incidents" / name, inbox)
    path = tmp_path_factory.mktemp("report-warehouse") / "sitrep.duckdb"
    summary = pipeline(inputs=[str(inbox)], warehouse=str(path))
    assert summary.new == 6, summary
    return path
