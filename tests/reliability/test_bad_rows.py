"""Issue 17, item 3: one bad row costs that row only. A JSON line nested 100,000 deep, a JSON
line with a lone surrogate escape, CSV cells over 1 MB and 2 MB, a CSV row torn apart, a Parquet
value that is no text: each is quarantined ('bad_row' / 'too_long') with its file and row
number, every other row loads, on the first run and on every re-run. The real `sitrep run`."""

import json

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from tests.reliability.conftest import BODY, query, sitrep_run

PLACES = ["Aleppo", "Homs", "Hama", "Idlib"]


def _row(i: int) -> dict:
    return {
        "id": f"r{i}",
        "title": f"Strike on {PLACES[i % 4]} {i}",
        "text": BODY.format(place=PLACES[i % 4], n=i + 2, w=i + 3).replace("\n", " "),
    }


@pytest.fixture(scope="module")
def loaded(tmp_path_factory, prefect_env):
    root = tmp_path_factory.mktemp("bad_rows")
    box = root / "box"
    box.mkdir()
    good, bad = set(), {}

    deep = box / "deep.jsonl"  # line 2: nested 100,000 deep; line 3: a lone surrogate
    deep.write_text(
        json.dumps(_row(1))
        + "\n"
        + '{"id": "x", "text": '
        + "[" * 100_000
        + "]" * 100_000
        + "}\n"
        + '{"id": "s", "title": "Lone", "text": "broken \\ud800 escape"}\n'
        + json.dumps(_row(2))
        + "\n",
        encoding="utf-8",
    )
    good |= {f"{deep}#r1", f"{deep}#r2"}
    bad |= {f"{deep}#2": "bad_row", f"{deep}#3": "bad_row"}

    wide = box / "wide.csv"  # a 1.2 MB cell (refused by its size, by id), a 2 MB line, a torn row
    with open(wide, "wb") as f:
        f.write(b"id,title,text\n")
        for i, line in enumerate([None, "big", "huge", "torn", None], start=3):
            if line == "big":
                f.write(b'big,Too big,"' + b"Shelling went on. " * 70_000 + b'"\n')
            elif line == "huge":
                f.write(b'huge,Over the line limit,"' + b"Shelling went on. " * 120_000 + b'"\n')
            elif line == "torn":
                f.write(b"torn,Cut,short,by,a,writer\n")
            else:
                row = _row(i)
                f.write(f'{row["id"]},{row["title"]},"{row["text"]}"\n'.encode())
                good.add(f"{wide}#r{i}")
    bad |= {f"{wide}#big": "too_long", f"{wide}#3": "too_long", f"{wide}#4": "bad_row"}

    table = box / "table.parquet"  # row 2 of 3: bytes that are no UTF-8, in the text column
    texts = [_row(5)["text"].encode(), b"\xff\xfe not text", _row(6)["text"].encode()]
    pq.write_table(pa.table({"id": ["r5", "b", "r6"], "text": pa.array(texts, pa.binary())}), table)
    good |= {f"{table}#r5", f"{table}#r6"}
    bad[f"{table}#2"] = "bad_row"

    warehouse = root / "w.duckdb"
    args = ["run", "--input", str(box), "--warehouse", str(warehouse), "--quiet"]
    first = sitrep_run(*args, env=prefect_env)
    second = sitrep_run(*args, env=prefect_env)
    return warehouse, good, bad, first, second


def test_every_good_row_loads(loaded):
    warehouse, good, _, first, _ = loaded
    assert first.returncode == 0, first.stderr[-3000:]
    assert {r[0] for r in query(warehouse, "SELECT source_uri FROM articles")} == good


def test_each_bad_row_is_quarantined_with_its_file_and_row_number(loaded):
    warehouse, _, bad, _, _ = loaded
    found = dict(query(warehouse, "SELECT source_uri, reason FROM quarantine"))
    assert found == bad
    details = dict(query(warehouse, "SELECT source_uri, detail FROM quarantine"))
    deep = next(uri for uri in bad if uri.endswith("deep.jsonl#2"))
    assert "nested too deep" in details[deep]
    assert "'\\ud800'" in details[deep.replace("#2", "#3")]


def test_a_rerun_loads_nothing_twice_and_refuses_the_same_rows(loaded):
    warehouse, good, bad, _, second = loaded
    assert second.returncode == 0, second.stderr[-3000:]
    assert query(warehouse, "SELECT count(*), count(DISTINCT source_uri) FROM articles") == [(len(good), len(good))]
    assert [r[0] for r in query(warehouse, "SELECT articles_new FROM pipeline_runs ORDER BY started_at")] == [
        len(good),
        0,
    ]
    assert dict(query(warehouse, "SELECT source_uri, reason FROM quarantine")) == bad
