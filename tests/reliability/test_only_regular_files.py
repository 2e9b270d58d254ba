"""Issue 17, item 4: only regular files inside the inputs are read. A FIFO named as the input,
FIFOs, sockets and devices in a folder are quarantined 'not_a_file' without hanging the run; a
file swapped for a FIFO after discovery too; links that lead outside the inputs (to
/etc/passwd, to an article elsewhere) are 'outside_input' unless --follow-symlinks. The real
`sitrep run`, with a timeout that a hang would hit."""

import os
import socket
import threading

import pytest

from sitrep.ingest import IngestOptions, Rejected
from sitrep.ingest.streaming import article_batches
from tests.reliability.conftest import query, sitrep_run, write_article


def test_a_fifo_named_as_the_input_does_not_hang_the_run(tmp_path, prefect_env):
    fifo = tmp_path / "f.txt"
    os.mkfifo(fifo)
    warehouse = tmp_path / "w.duckdb"
    done = sitrep_run("run", "--input", str(fifo), "--warehouse", str(warehouse), env=prefect_env, timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]
    assert query(warehouse, "SELECT source_uri, reason FROM quarantine") == [(str(fifo), "not_a_file")]
    assert query(warehouse, "SELECT status FROM pipeline_runs") == [("completed_with_warnings",)]


@pytest.fixture
def inbox(tmp_path):
    box = tmp_path / "inbox"
    box.mkdir()
    write_article(box / "good.txt", "Strike on Aleppo", "Aleppo", 4, 2)
    os.mkfifo(box / "pipe.txt")
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(box / "socket.md"))
    (box / "device.txt").symlink_to("/dev/zero")
    (box / "passwd.txt").symlink_to("/etc/passwd")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    write_article(elsewhere / "outside.txt", "Shelling in Homs", "Homs", 3, 5)
    (box / "outside.txt").symlink_to(elsewhere / "outside.txt")
    (box / "inside.txt").symlink_to(box / "good.txt")  # a link inside the inputs is fine
    yield box
    sock.close()


def test_fifos_sockets_devices_and_links_out_of_the_inbox_are_refused(inbox, tmp_path, prefect_env):
    warehouse = tmp_path / "w.duckdb"
    done = sitrep_run("run", "--input", str(inbox), "--warehouse", str(warehouse), env=prefect_env, timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]
    assert dict(query(warehouse, "SELECT source_uri, reason FROM quarantine")) == {
        str(inbox / "pipe.txt"): "not_a_file",
        str(inbox / "socket.md"): "not_a_file",
        str(inbox / "device.txt"): "outside_input",
        str(inbox / "passwd.txt"): "outside_input",
        str(inbox / "outside.txt"): "outside_input",
    }
    assert {r[0] for r in query(warehouse, "SELECT source_uri FROM articles")} == {
        str(inbox / "good.txt"),
        str(inbox / "inside.txt"),
    }
    assert not query(warehouse, "SELECT * FROM articles WHERE text LIKE '%root:%'")


def test_follow_symlinks_reads_files_elsewhere_but_never_a_device(inbox, tmp_path, prefect_env):
    warehouse = tmp_path / "w.duckdb"
    done = sitrep_run(
        "run", "--input", str(inbox), "--warehouse", str(warehouse), "--follow-symlinks", env=prefect_env, timeout=120
    )
    assert done.returncode == 0, done.stderr[-3000:]
    reasons = dict(query(warehouse, "SELECT source_uri, reason FROM quarantine"))
    assert reasons[str(inbox / "device.txt")] == "not_a_file"
    assert str(inbox / "outside.txt") in {r[0] for r in query(warehouse, "SELECT source_uri FROM articles")}


def test_a_file_swapped_for_a_fifo_or_a_link_out_after_discovery_is_refused_unopened(tmp_path):
    """The run's reading step, given files discovery found regular: one is now a FIFO, one a
    link to /etc/passwd. Each is refused when its turn comes; nothing blocks."""
    from sitrep.ingest.files import input_roots

    box = tmp_path / "box"
    box.mkdir()
    for name in ("a.txt", "fifo.txt", "passwd.txt", "z.txt"):
        write_article(box / name, "Strike on Idlib", "Idlib", 2, 2)
    (box / "fifo.txt").unlink()
    os.mkfifo(box / "fifo.txt")
    (box / "passwd.txt").unlink()
    (box / "passwd.txt").symlink_to("/etc/passwd")
    options = IngestOptions(input_roots=input_roots([box]))
    files = [str(box / n) for n in ("a.txt", "fifo.txt", "passwd.txt", "z.txt")]
    out = []
    reader = threading.Thread(target=lambda: out.extend(article_batches(files, options, size=10)), daemon=True)
    reader.start()
    reader.join(20)
    assert not reader.is_alive(), "reading hung on the FIFO"
    [(articles, refused)] = out
    assert [a.source_uri for a in articles] == [str(box / "a.txt"), str(box / "z.txt")]
    assert [(r.source_uri, r.reason) for r in refused] == [
        (str(box / "fifo.txt"), "not_a_file"),
        (str(box / "passwd.txt"), "outside_input"),
    ]
    assert all(isinstance(r, Rejected) for r in refused)
