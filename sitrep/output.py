"""What `sitrep report` and `sitrep sql` give back: text for the terminal (table, csv, json,
markdown) or a file (parquet, xlsx, or any format with --out).

`sitrep sql` and `sitrep report` give up the right to write files before they run a query
(sitrep/sandbox.py), so the --out file is opened first (`OutFile`) and written after: the kernel
checks the right to write when a file is opened, not at each write. An existing file keeps its
bytes until the rows are ready; a query that fails leaves it as it was (a new one empty)."""

from __future__ import annotations

import csv
import datetime as dt
import decimal
import io
import json
import os
from pathlib import Path

from sitrep.errors import SitrepError
from sitrep.terminal import printable

TEXT_FORMATS = ("table", "csv", "json", "markdown")
FILE_FORMATS = ("parquet", "xlsx")  # binary: only with --out
FORMATS = TEXT_FORMATS + FILE_FORMATS

XLSX_MAX_ROWS = 1_048_576  # Excel's limit, the header row included
XLSX_MAX_CHARS = 32_767  # Excel's limit for one cell


class OutputError(SitrepError, ValueError):
    """An output that cannot be written as asked."""


def check_output(fmt: str, out: str | None, warehouse: str | None = None) -> None:
    """Refuse, before anything runs, what could not be written."""
    if fmt in FILE_FORMATS and not out:
        raise OutputError(f"--format {fmt} writes a file: give --out FILE")
    if out and warehouse and Path(warehouse).exists() and Path(out).exists() and os.path.samefile(out, warehouse):
        raise OutputError(f"--out {out} is the warehouse itself")


class OutFile:
    """The --out file, opened now (created if need be, not emptied) and written at `write`."""

    def __init__(self, path: str):
        self.path = path
        self.created = not os.path.lexists(path)
        try:
            self._fd = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o666)
        except OSError as e:
            raise OutputError(f"cannot write --out {path}: {e.strerror}") from None

    def write(self, data: bytes) -> None:
        os.ftruncate(self._fd, 0)
        view = memoryview(data)
        while view:
            view = view[os.write(self._fd, view) :]

    def close(self) -> None:
        os.close(self._fd)


def render(columns: list[str], rows: list[tuple], fmt: str) -> str:
    """Rows as text for the terminal; every value and name stripped of control characters and
    escape sequences (JSON escapes them itself)."""
    if fmt == "json":
        return json.dumps([dict(zip(columns, r, strict=False)) for r in rows], default=str, indent=1)
    if fmt == "csv":
        out = io.StringIO()
        w = csv.writer(out)
        w.writerow([printable(c, keep_lines=True) for c in columns])
        w.writerows(
            [
                [v if isinstance(v, (int, float)) or v is None else printable(str(v), keep_lines=True) for v in r]
                for r in rows
            ]
        )
        return out.getvalue().rstrip("\n")
    columns = [_cell(c) for c in columns]
    cells = [[_cell(v) for v in r] for r in rows]
    widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(columns)]
    if fmt == "markdown":
        head = "| " + " | ".join(c.ljust(w) for c, w in zip(columns, widths, strict=False)) + " |"
        rule = "|" + "|".join("-" * (w + 2) for w in widths) + "|"
        body = ["| " + " | ".join(v.ljust(w) for v, w in zip(r, widths, strict=False)) + " |" for r in cells]
        return "\n".join([head, rule, *body])
    head = "  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=False))
    rule = "  ".join("-" * w for w in widths)
    body = [
        "  ".join(v.rjust(w) if _numeric(v) else v.ljust(w) for v, w in zip(r, widths, strict=False)) for r in cells
    ]
    return "\n".join([head, rule, *body, f"({len(rows)} rows)"])


def _cell(v) -> str:
    if v is None:
        return ""
    s = printable(str(v).replace("\n", " ").replace("\t", " "))
    return s if len(s) <= 80 else s[:77] + "..."


def _numeric(v: str) -> bool:
    return v.replace(".", "", 1).replace("-", "", 1).isdigit()


def parquet_bytes(table) -> bytes:
    """A pyarrow Table (DuckDB's own types: dates stay dates) as a Parquet file."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    sink = pa.BufferOutputStream()
    pq.write_table(table, sink, compression="zstd")
    return sink.getvalue().to_pybytes()


def xlsx_bytes(columns: list[str], rows: list[tuple]) -> tuple[bytes, int]:
    """The rows as one worksheet, and how many cells were cut to Excel's 32,767 characters.
    Built in memory: XlsxWriter's other modes go through temporary files, which a sandboxed
    process may not create. Every text is written as text, never as a formula or a link."""
    import xlsxwriter

    if len(rows) >= XLSX_MAX_ROWS:
        raise OutputError(
            f"{len(rows):,} rows do not fit in one xlsx worksheet "
            f"({XLSX_MAX_ROWS - 1:,} at most); use --format parquet or csv"
        )
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(
        buffer,
        {
            "in_memory": True,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
            "nan_inf_to_errors": True,
        },
    )
    sheet = book.add_worksheet("rows")
    bold = book.add_format({"bold": True})
    dates = book.add_format({"num_format": "yyyy-mm-dd"})
    times = book.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"})
    sheet.write_row(0, 0, [_xlsx_text(c)[0] for c in columns], bold)
    sheet.freeze_panes(1, 0)
    cut = 0
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row):
            cut += _xlsx_write(sheet, r, c, value, dates, times)
    book.close()
    return buffer.getvalue(), cut


def _xlsx_write(sheet, r: int, c: int, value, dates, times) -> int:
    """One cell, typed: numbers, booleans, dates and times as themselves, anything else as text.
    1 when its text was cut."""
    if value is None:
        return 0
    if isinstance(value, bool):
        sheet.write_boolean(r, c, value)
    elif isinstance(value, (int, float, decimal.Decimal)):
        sheet.write_number(r, c, float(value))
    elif isinstance(value, dt.datetime):
        naive = value.astimezone(dt.UTC).replace(tzinfo=None) if value.tzinfo else value
        sheet.write_datetime(r, c, naive, times)
    elif isinstance(value, dt.date):
        sheet.write_datetime(r, c, dt.datetime.combine(value, dt.time()), dates)
    else:
        text, was_cut = _xlsx_text(value)
        sheet.write_string(r, c, text)
        return was_cut
    return 0


def _xlsx_text(value) -> tuple[str, int]:
    """Text an xlsx cell can hold: no control characters (XML refuses them), at most 32,767."""
    text = printable(str(value), keep_lines=True)
    if len(text) > XLSX_MAX_CHARS:
        return text[:XLSX_MAX_CHARS], 1
    return text, 0
