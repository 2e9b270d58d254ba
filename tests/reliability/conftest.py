"""Shared pieces of the reliability suite: a folder of good and bad inputs, table checksums, and
`sitrep` subprocesses that use the session's Prefect server (a subprocess that started its own
temporary server would pay 6-11 s for it)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from tests.conftest import FIXTURES, ROOT, SEED

INGEST_FIXTURES = ROOT / "tests" / "ingest" / "fixtures"

# Tables whose rows are the warehouse's content; the columns left out of a checksum are the ones
# that say when or by which run a row was written.
CONTENT_TABLES = (
    "articles",
    "sentences",
    "actors",
    "actor_aliases",
    "actor_mentions",
    "places",
    "place_mentions",
    "events",
    "casualties",
    "quotes",
    "date_mentions",
    "quarantine",
)
VOLATILE_COLUMNS = {"ingested_at", "run_id", "seen_at"}

MAX_ARTICLE_CHARS = 20_000  # the inbox's too-long article is over it

BODY = (
    "{place}, Syria (AFP) - An air strike killed {n} civilians in {place} on Saturday, the Syrian "
    "Observatory for Human Rights said.\nRescue workers said {w} people were wounded."
)


@pytest.fixture(scope="session")
def prefect_env(prefect_server) -> dict:
    """Environment for `sitrep` subprocesses: the session's Prefect server and home."""
    from prefect.settings import PREFECT_API_URL

    env = dict(os.environ, PREFECT_API_URL=PREFECT_API_URL.value(), PYTHONUNBUFFERED="1")
    env.pop("SITREP_PAUSE_BEFORE_COMMIT", None)
    return env


def sitrep_process(*args: str, env: dict, **popen) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "sitrep.cli", *args], cwd=ROOT, env=env, text=True, **popen)


def sitrep_run(*args: str, env: dict, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "sitrep.cli", *args], cwd=ROOT, env=env, text=True, capture_output=True, timeout=timeout
    )


def wait_for_line(proc: subprocess.Popen, needle: str, count: int = 1, timeout: float = 90) -> list[str]:
    """Read the process's stderr until `needle` has appeared `count` times; the lines read."""
    import threading

    lines: list[str] = []
    seen = threading.Event()

    def pump():
        n = 0
        for line in proc.stderr:
            lines.append(line)
            if needle in line:
                n += 1
                if n == count:
                    seen.set()
        seen.set()

    threading.Thread(target=pump, daemon=True).start()
    assert seen.wait(timeout), f"no {needle!r} after {timeout} s:\n" + "".join(lines[-30:])
    assert sum(needle in line for line in lines) >= count, "".join(lines[-30:])
    return lines


def checksums(warehouse: Path, where: str = "") -> dict[str, tuple[int, int]]:
    """Per table: (rows, sum of row hashes) over the content columns. With `where` (a filter on
    article_id), only the tables whose rows belong to an article."""
    out = {}
    with duckdb.connect(str(warehouse), read_only=True) as con:
        for table in CONTENT_TABLES:
            cols = [
                r[0]
                for r in con.execute(
                    "SELECT column_name FROM information_schema.columns WHERE table_name = ? ORDER BY ordinal_position",
                    [table],
                ).fetchall()
                if r[0] not in VOLATILE_COLUMNS
            ]
            if where and "article_id" not in cols:
                continue
            out[table] = con.execute(
                f"SELECT count(*), coalesce(sum(hash({', '.join(cols)})), 0) FROM {table} {where}"
            ).fetchone()
    return out


def query(warehouse: Path, sql: str, params=None) -> list[tuple]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute(sql, params).fetchall()


def write_article(path: Path, title: str, place: str, n: int, w: int, encoding: str = "utf-8") -> None:
    path.write_bytes(f"{title}\n{BODY.format(place=place, n=n, w=w)}\n".encode(encoding))


@dataclass
class Inbox:
    root: Path
    inputs: list[str]  # what to pass as --input
    good: set[str]  # source_uri of every article that must load
    bad: dict[str, str]  # source_uri -> quarantine reason


def build_inbox(root: Path, big_file: bool = True) -> Inbox:
    """Good articles in every format next to every kind of bad input."""
    box = root / "inbox"
    box.mkdir()
    good: set[str] = set()
    bad: dict[str, str] = {}

    def ok(p: Path, *rows: str):
        good.update(f"{p}#{r}" for r in rows) if rows else good.add(str(p))

    # Good: the seed, three FA-KES articles, a cp1252 file, an HTML page, and rows of each table format.
    for src in [SEED, *sorted((FIXTURES / "fakes").glob("*.txt"))]:
        shutil.copy(src, box / src.name)
        ok(box / src.name)
    write_article(
        box / "cp1252.txt", "Strike on Ma\u2019arrat \u201cal-Numan\u201d caf\u00e9", "Idlib", 7, 12, encoding="cp1252"
    )
    ok(box / "cp1252.txt")
    shutil.copy(INGEST_FIXTURES / "strike_idlib.html", box / "strike_idlib.html")
    ok(box / "strike_idlib.html")

    csv = box / "wire.csv"
    csv.write_text(
        "id,title,text\n"
        f'c1,Shelling in Homs,"{BODY.format(place="Homs", n=4, w=9)}"\n'
        f'c2,Blast in Hama,"{BODY.format(place="Hama", n=11, w=30)}"\n'
        "c3,Nothing here,\n"
        "c4,too,many,fields,here\n",
        encoding="utf-8",
    )
    ok(csv, "c1", "c2")
    bad[f"{csv}#c3"] = "empty"
    bad[f"{csv}#4"] = "bad_row"  # too many fields: refused by its row number

    jsonl = box / "feed.jsonl"
    jsonl.write_text(
        json.dumps({"headline": "Raid on Raqqa", "body": BODY.format(place="Raqqa", n=5, w=2)})
        + "\n"
        + '{"headline": "Broken", "body": "no closing brace"\n'
        + json.dumps({"headline": "Deaths in Daraa", "body": BODY.format(place="Daraa", n=3, w=1)})
        + "\n",
        encoding="utf-8",
    )
    ok(jsonl, "1", "3")
    bad[f"{jsonl}#2"] = "bad_json"

    parquet = box / "archive.parquet"
    pq.write_table(
        pa.table(
            {
                "article_id": ["p1", "p2"],
                "title": ["Mortars on Damascus", "Strike in Latakia"],
                "text": [BODY.format(place="Damascus", n=2, w=6), BODY.format(place="Latakia", n=8, w=3)],
                "date": [None, "2016-05-02"],
            }
        ),
        parquet,
    )
    ok(parquet, "p1", "p2")

    # Bad, one of each reason the ingest layer knows.
    (box / "empty.txt").write_bytes(b"")
    bad[str(box / "empty.txt")] = "empty"
    (box / "blank.md").write_text("  \n\t\n")
    bad[str(box / "blank.md")] = "empty"
    (box / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(300))
    bad[str(box / "image.txt")] = "binary"
    (box / "garbled.txt").write_bytes(bytes(range(0x80, 0x100)) * 4)
    bad[str(box / "garbled.txt")] = "undecodable"
    if big_file:  # 200 MB on paper, no blocks on disk: refused by its size, never read
        with open(box / "huge.txt", "wb") as f:
            f.truncate(200 * 1024 * 1024)
        bad[str(box / "huge.txt")] = "too_large"
    write_article(box / "long.txt", "A very long article", "Aleppo", 3, 4)
    with open(box / "long.txt", "a") as f:
        f.write("More shelling was reported. " * (MAX_ARTICLE_CHARS // 20))
    bad[str(box / "long.txt")] = "too_long"
    shutil.copy(INGEST_FIXTURES / "nav_only.html", box / "nav_only.html")
    bad[str(box / "nav_only.html")] = "no_article"
    (box / "columns.csv").write_text("name,count\nAleppo,3\n")
    bad[str(box / "columns.csv")] = "no_text_column"
    pq.write_table(pa.table({"text": pa.array([[1, 2]], pa.list_(pa.int64()))}), box / "typed.parquet")
    bad[str(box / "typed.parquet")] = "bad_parquet"
    (box / "torn.parquet").write_bytes(b"PAR1 the writer died half-way PAR1")
    bad[str(box / "torn.parquet")] = "bad_parquet"
    (box / "moved.txt").symlink_to(box / "no-longer-here.txt")  # a link to a file that is gone
    bad[str(box / "moved.txt")] = "unreadable"
    (box / "a.txt").symlink_to(box / "b.txt")  # links that point at each other
    (box / "b.txt").symlink_to(box / "a.txt")
    bad[str(box / "a.txt")] = "symlink_loop"
    bad[str(box / "b.txt")] = "symlink_loop"
    (box / "sub").mkdir()
    (box / "sub" / "up").symlink_to(box, target_is_directory=True)  # a folder link to its ancestor
    bad[str(box / "sub" / "up")] = "symlink_loop"
    pdf = root / "report.pdf"  # named explicitly, so reported
    pdf.write_bytes(b"%PDF-1.4 not an article format")
    bad[str(pdf)] = "unsupported"
    return Inbox(root, [str(box), str(pdf)], good, bad)
