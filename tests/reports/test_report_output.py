"""What `sitrep report` and `sitrep sql` give back: table, csv, json, markdown, and the files
parquet and xlsx (read back with pyarrow and openpyxl); the prompt's dot-commands; and a
reader that stops reading (`| head`), which must end the command quietly."""

import csv
import datetime as dt
import io
import json
import subprocess
import sys

import openpyxl
import pyarrow.parquet as pq
import pytest

from sitrep.cli import main as sitrep
from sitrep.sandbox import landlock_abi
from tests.conftest import ROOT

NIGERIA = ["Boko Haram fighters kill 14 villagers in Borno", "Police clash with gunmen in Kano"]  # latest first
FILTERED = ["report", "event_timeline", "--country", "NG"]


def run(capsys, *args) -> tuple[int, str, str]:
    code = sitrep(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_table_and_markdown(capsys, warehouse):
    code, out, _ = run(capsys, *FILTERED, "--warehouse", str(warehouse))
    lines = out.splitlines()
    assert code == 0 and lines[0].split()[:2] == ["event_date", "date_precision"] and lines[-1] == "(2 rows)"
    assert NIGERIA[0] in lines[2] and NIGERIA[1] in lines[3]
    code, out, _ = run(capsys, *FILTERED, "--warehouse", str(warehouse), "--format", "markdown")
    lines = out.splitlines()
    assert code == 0 and lines[0].startswith("| event_date") and set(lines[1]) <= {"|", "-"}
    assert len(lines) == 4 and NIGERIA[0] in lines[2]


def test_csv_and_json(capsys, warehouse):
    _, out, _ = run(capsys, *FILTERED, "--warehouse", str(warehouse), "--format", "csv")
    assert [r["title"] for r in csv.DictReader(io.StringIO(out))] == NIGERIA
    _, out, _ = run(capsys, *FILTERED, "--warehouse", str(warehouse), "--format", "json")
    found = json.loads(out)
    assert [r["title"] for r in found] == NIGERIA
    assert found[0]["event_date"] == "2024-02-09" and found[0]["killed_best"] == 14


def test_parquet_keeps_the_column_types(capsys, warehouse, tmp_path):
    path = tmp_path / "nigeria.parquet"
    code, out, err = run(capsys, *FILTERED, "--warehouse", str(warehouse), "--format", "parquet", "--out", str(path))
    assert code == 0, err
    assert out.strip() == f"2 rows written to {path} (parquet)"
    table = pq.read_table(path)
    assert table.column("title").to_pylist() == NIGERIA
    assert table.column("event_date").to_pylist() == [dt.date(2024, 2, 9), dt.date(2023, 5, 1)]
    assert str(table.schema.field("killed_best").type) == "int64"


def test_xlsx_holds_the_rows_typed(capsys, warehouse, tmp_path):
    path = tmp_path / "nigeria.xlsx"
    code, _, err = run(capsys, *FILTERED, "--warehouse", str(warehouse), "--format", "xlsx", "--out", str(path))
    assert code == 0, err
    sheet = openpyxl.load_workbook(path).active
    table = [[c.value for c in row] for row in sheet.iter_rows()]
    head = table[0]
    assert head[:4] == ["event_date", "date_precision", "event_type", "sub_event_type"]
    assert [r[head.index("title")] for r in table[1:]] == NIGERIA
    assert table[1][head.index("event_date")] == dt.datetime(2024, 2, 9)
    assert table[1][head.index("killed_best")] == 14


def test_xlsx_writes_text_as_text_never_as_a_formula(capsys, warehouse, tmp_path):
    path = tmp_path / "sql.xlsx"
    code, _, err = run(
        capsys,
        "sql",
        "SELECT '=HYPERLINK(\"http://x\")' AS f, 'http://example.org' AS u, "
        "'00123' AS z, 'a\x07b' AS ctl, repeat('x', 40000) AS long",
        "--warehouse",
        str(warehouse),
        "--format",
        "xlsx",
        "--out",
        str(path),
    )
    assert code == 0, err
    assert "1 cells were cut to Excel's 32,767 characters" in err
    row = next(iter(openpyxl.load_workbook(path).active.iter_rows(min_row=2, values_only=False)))
    assert [c.data_type for c in row] == ["s"] * 5
    assert [c.value for c in row[:4]] == ['=HYPERLINK("http://x")', "http://example.org", "00123", "ab"]
    assert len(row[4].value) == 32767


def test_sql_has_the_same_formats(capsys, warehouse, tmp_path):
    query = "SELECT title, published_on FROM articles WHERE title LIKE '%Kano%'"
    _, out, _ = run(capsys, "sql", query, "--warehouse", str(warehouse), "--format", "json")
    assert json.loads(out) == [{"title": NIGERIA[1], "published_on": "2023-05-02"}]
    for fmt in ("parquet", "xlsx", "csv"):
        path = tmp_path / f"kano.{fmt}"
        code, _, err = run(capsys, "sql", query, "--warehouse", str(warehouse), "--format", fmt, "--out", str(path))
        assert code == 0, err
    assert pq.read_table(tmp_path / "kano.parquet").to_pylist() == [
        {"title": NIGERIA[1], "published_on": dt.date(2023, 5, 2)}
    ]
    assert list(openpyxl.load_workbook(tmp_path / "kano.xlsx").active.values)[1][0] == NIGERIA[1]
    assert (tmp_path / "kano.csv").read_text().splitlines() == ["title,published_on", f"{NIGERIA[1]},2023-05-02"]


@pytest.mark.parametrize("command", [FILTERED, ["sql", "SELECT 1 AS one"]])
@pytest.mark.parametrize("fmt", ["parquet", "xlsx"])
def test_a_file_format_needs_out(capsys, warehouse, command, fmt):
    code, out, err = run(capsys, *command, "--warehouse", str(warehouse), "--format", fmt)
    assert code == 1 and out == ""
    assert err == f"sitrep: error: --format {fmt} writes a file: give --out FILE\n"


def test_out_is_never_the_warehouse_and_a_failed_query_leaves_a_file_as_it_was(capsys, warehouse, tmp_path):
    code, _, err = run(
        capsys, "sql", "SELECT 1", "--warehouse", str(warehouse), "--format", "xlsx", "--out", str(warehouse)
    )
    assert code == 1 and "is the warehouse itself" in err
    kept = tmp_path / "kept.parquet"
    kept.write_bytes(b"last week's rows")
    code, _, err = run(
        capsys,
        "sql",
        "SELECT * FROM no_such_table",
        "--warehouse",
        str(warehouse),
        "--format",
        "parquet",
        "--out",
        str(kept),
    )
    assert code == 1 and "no_such_table does not exist" in err
    assert kept.read_bytes() == b"last week's rows"
    code, _, err = run(
        capsys,
        "sql",
        "SELECT 1",
        "--warehouse",
        str(warehouse),
        "--format",
        "csv",
        "--out",
        str(tmp_path / "no" / "such" / "folder.csv"),
    )
    assert code == 1 and "cannot write --out" in err and "No such file or directory" in err


def _sitrep_process(*args: str, **popen) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "sitrep.cli", *args], cwd=ROOT, text=True, **popen)


def test_the_sandboxed_command_still_writes_its_out_file(warehouse, tmp_path):
    """The installed command gives up writing files before its query (Landlock, where the kernel
    has it): the --out file, opened before, is written all the same, and nothing else is."""
    path = tmp_path / "out.parquet"
    proc = _sitrep_process(
        *FILTERED,
        "--warehouse",
        str(warehouse),
        "--format",
        "parquet",
        "--out",
        str(path),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    _out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    assert pq.read_table(path).column("title").to_pylist() == NIGERIA
    if landlock_abi():
        proc = _sitrep_process(
            "sql",
            "SELECT 1 AS x",
            "--warehouse",
            str(warehouse),
            "--format",
            "csv",
            "--out",
            str(tmp_path / "new.csv"),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
        assert (tmp_path / "new.csv").read_text() == "x\n1\n"


# --- the prompt ---------------------------------------------------------------------------------


def prompt(capsys, monkeypatch, warehouse, typed: str) -> str:
    monkeypatch.setattr("sys.stdin", io.StringIO(typed))
    code, out, err = run(capsys, "sql", "--warehouse", str(warehouse), "--format", "csv")
    assert code == 0, err
    return out.replace("\r\n", "\n")  # CSV's own line ends


def test_help_in_the_middle_of_a_statement_is_a_command_and_quit_leaves(capsys, monkeypatch, warehouse):
    out = prompt(capsys, monkeypatch, warehouse, "SELECT 41\n.help\n+ 1 AS answer;\n.quit\nSELECT 'after quit';\n")
    assert ".schema [TABLE]" in out and ".tables" in out and ".quit" in out
    assert "answer\n42" in out  # the statement went on around .help
    assert "after quit" not in out


def test_quit_leaves_even_inside_a_statement(capsys, monkeypatch, warehouse):
    out = prompt(capsys, monkeypatch, warehouse, "SELECT 1\n.quit\nAS never;\nSELECT 'still here';\n")
    assert "never" not in out and "still here" not in out


def test_tables_schema_and_unknown_commands(capsys, monkeypatch, warehouse):
    out = prompt(
        capsys,
        monkeypatch,
        warehouse,
        ".tables\n.schema QUOTES\n.schema no_such\n.frobnicate\nSELECT count(*) AS n FROM articles;\n.exit\n",
    )
    assert "article_summary,VIEW" in out and "incidents,BASE TABLE" in out
    assert "quotes,speaker,VARCHAR,YES" in out and "articles,title" not in out
    assert "no table or view named 'no_such'; .tables lists them" in out
    assert "unknown command .frobnicate; .help lists the commands" in out
    assert "n\n6" in out


def test_a_query_error_in_the_prompt_is_one_line_and_the_prompt_goes_on(capsys, monkeypatch, warehouse):
    out = prompt(capsys, monkeypatch, warehouse, "SELECT * FROM nowhere;\nSELECT $x AS x;\nSELECT 7 AS seven;\n")
    assert "error: query failed: Catalog Error: Table with name nowhere does not exist!" in out
    assert "error: the query uses $x; give --param x=VALUE" in out
    assert "seven\n7" in out


def test_the_prompt_writes_no_file(capsys, warehouse, tmp_path):
    code, _, err = run(capsys, "sql", "--warehouse", str(warehouse), "--format", "xlsx", "--out", str(tmp_path / "x"))
    assert code == 1 and "--out writes the rows of one query: give the query" in err


# --- a reader that stops reading ------------------------------------------------------------------


@pytest.mark.parametrize(
    "command",
    [
        ["report", "casualties_by_actor", "--format", "csv"],
        ["report", "event_timeline"],
        ["sql", "SELECT * FROM range(200000)"],
        ["report"],
    ],
)
def test_a_closed_stdout_ends_the_command_quietly(warehouse, command):
    """The reader is gone before the command writes a byte (as `| head` is once it has its lines):
    no 'Broken pipe', no traceback; 141 as for a Unix tool that SIGPIPE ended."""
    proc = _sitrep_process(*command, "--warehouse", str(warehouse), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdout.close()
    err = proc.stderr.read()
    proc.wait(timeout=120)
    assert "Broken pipe" not in err and "Traceback" not in err and "Exception ignored" not in err, err
    assert err == "" and proc.returncode == 141


def test_piping_into_head(warehouse):
    done = subprocess.run(
        f"{sys.executable} -m sitrep.cli report casualties_by_actor --format csv "
        f"--warehouse {warehouse} | head -2; "
        f"{sys.executable} -m sitrep.cli sql 'SELECT * FROM range(100000)' --format csv "
        f"--warehouse {warehouse} | head -1",
        shell=True,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    head, first, range_ = done.stdout.splitlines()
    assert head == "perpetrator,victim_kind,reports,killed,wounded,articles"
    assert first.startswith("Saudi-led coalition,") and range_ == "range"
    assert done.stderr == ""
