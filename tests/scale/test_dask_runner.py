"""The flow on a two-worker local Dask cluster (prefect-dask) writes the same warehouse as the
default run on the same articles."""

import shutil

from sitrep.flows.pipeline import run_pipeline
from tests.conftest import FIXTURES, SEED
from tests.reliability.conftest import checksums


def test_dask_cluster_and_local_run_write_the_same_warehouse(tmp_path, prefect_server):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copy(SEED, inbox)
    for f in sorted((FIXTURES / "fakes").glob("*.txt")):
        for copy in range(12):  # enough articles that each batch is split between the two workers
            (inbox / f"{copy:02d}_{f.name}").write_text(f.read_text() + f"\nCopy {copy}.\n")
    local, dask = tmp_path / "local.duckdb", tmp_path / "dask.duckdb"
    a = run_pipeline(task_runner="local", inputs=[str(inbox)], warehouse=str(local), workers=2, batch_size=10)
    b = run_pipeline(task_runner="dask", inputs=[str(inbox)], warehouse=str(dask), workers=2, batch_size=10)
    assert a.new == b.new == 37
    assert checksums(local) == checksums(dask)
