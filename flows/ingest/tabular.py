"""Readers for collections with one article per row: .csv, .jsonl, .parquet.

Files are streamed in batches (a 1 GB CSV is never in memory at once); a bad row is quarantined
on its own and the rest of the file loads."""
from __future__ import annotations

import codecs
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from flows.ingest.article import make_article
from flows.ingest.decoding import DecodeError, guess_encoding
from flows.ingest.model import Article, IngestOptions, Rejected

Result = Iterator[Article | Rejected]

BATCH_ROWS = 1000
CSV_BLOCK_BYTES = 1 << 20
_SNIFF_BYTES = 1 << 20

# Common names per role, most specific first; matched case-insensitively.
COMMON_NAMES = {
    "text": ("text", "body", "content", "article", "article_text", "full_text", "story"),
    "title": ("title", "headline", "heading"),
    "date": ("published_on", "published", "date", "publication_date", "pub_date",
             "published_at", "datetime"),
    "url": ("url", "link", "source_url"),
    "id": ("id", "article_id", "doc_id", "guid"),
    "publisher": ("publisher", "source", "outlet", "site"),
}
# Roles whose names also come prefixed ("article_content", "article_title" in FA-KES's own
# CSV). Not dates: "event_date" is not a publication date.
_SUFFIX_ROLES = ("text", "title")


@dataclass(frozen=True)
class Columns:
    text: str | None
    title: str | None = None
    date: str | None = None
    url: str | None = None
    id: str | None = None
    publisher: str | None = None

    def needed(self) -> list[str]:
        names = (self.text, self.title, self.date, self.url, self.id, self.publisher)
        return list(dict.fromkeys(n for n in names if n))


def _find(names: list[str], role: str, override: str | None) -> str | None:
    by_lower = {n.lower(): n for n in reversed(names)}   # first spelling wins
    if override:
        return by_lower.get(override.lower())
    for candidate in COMMON_NAMES[role]:
        if candidate in by_lower:
            return by_lower[candidate]
    if role in _SUFFIX_ROLES:
        for candidate in COMMON_NAMES[role]:
            for name in names:
                if name.lower().endswith("_" + candidate):
                    return name
    return None


def resolve_columns(names: list[str], options: IngestOptions) -> Columns:
    found = {role: _find(names, role, getattr(options, f"{role}_column")) for role in COMMON_NAMES}
    return Columns(**found)


def _no_text_column(uri: str, names: list[str], options: IngestOptions) -> Rejected:
    seen = ", ".join(repr(n) for n in names[:30]) or "none"
    wanted = (f"a column named {options.text_column!r}" if options.text_column
              else "a text column (" + ", ".join(COMMON_NAMES["text"]) + ")")
    return Rejected(uri, "no_text_column",
                    f"no {wanted}; columns seen: {seen}. Name it with the text_column option")


def row_article(row: Mapping[str, object], cols: Columns, uri: str, row_no: int,
                options: IngestOptions) -> Article | Rejected:
    """One row through the shared normalisation path; addressed by its id, else its number."""
    ext_id = row.get(cols.id) if cols.id else None
    ext_id = None if ext_id is None or str(ext_id).strip() == "" else str(ext_id).strip()
    source_uri = f"{uri}#{ext_id if ext_id is not None else row_no}"
    if cols.text not in row:
        return Rejected(source_uri, "bad_row", f"row {row_no} has no {cols.text!r} field")
    body = row[cols.text]
    if isinstance(body, (dict, list)):
        return Rejected(source_uri, "bad_row", f"row {row_no}: {cols.text!r} is not text but {type(body).__name__}")
    if body is None or not str(body).strip():
        return Rejected(source_uri, "empty", f"row {row_no}: the {cols.text!r} column is empty")

    def value(col: str | None) -> object:
        v = row.get(col) if col else None
        return None if isinstance(v, (dict, list)) else v

    title = value(cols.title)
    return make_article(None if title is None else str(title), str(body), source_uri=source_uri,
                        publisher=value(cols.publisher), published_on=value(cols.date),
                        url=value(cols.url), external_id=ext_id, options=options,
                        body_may_lack_title=cols.title is None)


def _rows(batch: pa.RecordBatch | pa.Table, cols: Columns, uri: str, first_row: int,
          options: IngestOptions) -> Result:
    for offset, row in enumerate(batch.to_pylist()):
        yield row_article(row, cols, uri, first_row + offset, options)


def _no_rows(uri: str) -> Rejected:
    return Rejected(uri, "empty", "no rows: the file holds a header or schema only")


# --- CSV ---------------------------------------------------------------------------------

def _csv_encoding(path: Path) -> str:
    """pyarrow reads UTF-8; another encoding is detected on the first megabyte."""
    with open(path, "rb") as f:
        sample = f.read(_SNIFF_BYTES)
    if b"\x00" in sample:
        raise DecodeError("binary", "NUL bytes: this is not a CSV text file")
    try:
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=False)
        return "utf-8-sig" if sample.startswith(codecs.BOM_UTF8) else "utf8"
    except UnicodeDecodeError:
        pass
    encoding = guess_encoding(sample)
    if encoding is None:
        raise DecodeError("undecodable", "not UTF-8 and no text encoding fits; re-save as UTF-8")
    return encoding


def read_csv(path: Path, uri: str, options: IngestOptions) -> Result:
    if path.stat().st_size == 0:
        yield Rejected(uri, "empty", "the file is empty")
        return
    try:
        encoding = _csv_encoding(path)
    except DecodeError as e:
        yield Rejected(uri, e.reason, e.detail)
        return
    read = pacsv.ReadOptions(encoding=encoding, block_size=CSV_BLOCK_BYTES)
    # The probe reads the header; a malformed row in the first block is reported by the real
    # read below, not allowed to fail the whole file here.
    lenient = pacsv.ParseOptions(newlines_in_values=True, invalid_row_handler=lambda row: "skip")
    with pacsv.open_csv(path, read_options=read, parse_options=lenient) as probe:
        names = probe.schema.names
    cols = resolve_columns(names, options)
    if cols.text is None:
        yield _no_text_column(uri, names, options)
        return
    bad: list[pacsv.InvalidRow] = []

    def skip_bad(row: pacsv.InvalidRow) -> str:
        bad.append(row)
        return "skip"

    parse = pacsv.ParseOptions(newlines_in_values=True, invalid_row_handler=skip_bad)
    # Every column as text: a column that looks numeric in the first block and not later would
    # otherwise stop the stream half-way.
    convert = pacsv.ConvertOptions(column_types={n: pa.string() for n in cols.needed()},
                                   include_columns=cols.needed())
    rows = 0
    with pacsv.open_csv(path, read_options=read, parse_options=parse, convert_options=convert) as reader:
        for batch in reader:
            yield from _bad_csv_rows(uri, bad)
            yield from _rows(batch, cols, uri, rows + 1, options)
            rows += batch.num_rows
    yield from _bad_csv_rows(uri, bad)
    if rows == 0:
        yield _no_rows(uri)


def _bad_csv_rows(uri: str, bad: list[pacsv.InvalidRow]) -> Iterator[Rejected]:
    # pyarrow cannot number rows when values may hold newlines, so the row's own text says
    # which one it is.
    for row in bad:
        yield Rejected(uri, "bad_row", f"a row with {row.actual_columns} fields where the header has "
                                       f"{row.expected_columns}: {row.text[:100]!r}")
    bad.clear()


# --- JSON Lines ------------------------------------------------------------------------------

def read_jsonl(path: Path, uri: str, options: IngestOptions) -> Result:
    """Line by line, so one broken line is one Rejected and the rest load. The first object's
    keys name the columns, as a CSV header would."""
    cols: Columns | None = None
    rows = 0
    with open(path, "rb") as f:
        for line_no, line in _bounded_lines(f, _max_line_bytes(options)):
            if line is None:
                yield Rejected(f"{uri}#{line_no}", "too_long",
                               f"line {line_no} is over {_max_line_bytes(options):,} bytes, more than an article "
                               f"of max_article_chars ({options.max_article_chars:,}) needs; skipped unread")
                continue
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except ValueError as e:   # also UnicodeDecodeError
                yield Rejected(f"{uri}#{line_no}", "bad_json", f"line {line_no}: {e}")
                continue
            if not isinstance(obj, dict):
                yield Rejected(f"{uri}#{line_no}", "bad_json",
                               f"line {line_no}: expected a JSON object, found {type(obj).__name__}")
                continue
            if cols is None:
                cols = resolve_columns(list(obj), options)
                if cols.text is None:
                    yield _no_text_column(uri, list(obj), options)
                    return
            rows += 1
            yield row_article(_casefold_keys(obj, cols), cols, uri, line_no, options)
    if rows == 0:
        yield _no_rows(uri)


def _max_line_bytes(options: IngestOptions) -> int:
    # JSON escapes ("\u0627" is 6 bytes for one character) and the other fields need room.
    return options.max_article_chars * 8 + 65536


def _bounded_lines(f, limit: int) -> Iterator[tuple[int, bytes | None]]:
    """(line number, line) for each line, None for a line over `limit` bytes: one 200 MB line is
    never held in memory, only skipped through in `limit`-sized pieces."""
    line_no = 0
    while True:
        line = f.readline(limit + 1)
        if not line:
            return
        line_no += 1
        if len(line) > limit and not line.endswith(b"\n"):
            while (rest := f.readline(limit)) and not rest.endswith(b"\n"):
                pass
            yield line_no, None
        else:
            yield line_no, line


def _casefold_keys(obj: dict, cols: Columns) -> dict:
    """Later objects may spell a key differently ("Text" for "text")."""
    lower = {k.lower(): k for k in obj}
    out = dict(obj)
    for name in cols.needed():
        if name not in out and name.lower() in lower:
            out[name] = obj[lower[name.lower()]]
    return out


# --- Parquet ---------------------------------------------------------------------------------

_STRING_ROLES = ("text", "title", "url", "id", "publisher")


def _as_strings(batch: pa.RecordBatch, cols: Columns) -> pa.RecordBatch:
    """Text-like columns of another type (an int id, an int "text") are cast to string; the
    date column keeps its type (date/timestamp values are read as dates)."""
    arrays, names = [], []
    to_cast = {getattr(cols, role) for role in _STRING_ROLES} - {None}
    for name, array in zip(batch.schema.names, batch.columns):
        if name in to_cast and not pa.types.is_string(array.type):
            array = pc.cast(array, pa.string())
        arrays.append(array)
        names.append(name)
    return pa.RecordBatch.from_arrays(arrays, names=names)


def _nested_text_column(schema: pa.Schema, cols: Columns) -> str | None:
    for role in _STRING_ROLES:
        name = getattr(cols, role)
        if name and pa.types.is_nested(schema.field(name).type):
            return (f"the {role} column {name!r} holds {schema.field(name).type}, not text; "
                    f"name another column with the {role}_column option")
    return None


def read_parquet(path: Path, uri: str, options: IngestOptions) -> Result:
    try:
        yield from _read_parquet(path, uri, options)
    except (FileNotFoundError, PermissionError, IsADirectoryError):
        raise
    except (pa.ArrowException, OSError) as e:
        yield Rejected(uri, "bad_parquet", f"{type(e).__name__}: {e}")


def _read_parquet(path: Path, uri: str, options: IngestOptions) -> Result:
    pf = pq.ParquetFile(path)
    names = pf.schema_arrow.names
    cols = resolve_columns(names, options)
    if cols.text is None:
        yield _no_text_column(uri, names, options)
        return
    if (problem := _nested_text_column(pf.schema_arrow, cols)):
        yield Rejected(uri, "bad_parquet", problem)
        return
    rows = 0
    for batch in pf.iter_batches(batch_size=BATCH_ROWS, columns=cols.needed()):
        yield from _rows(_as_strings(batch, cols), cols, uri, rows + 1, options)
        rows += batch.num_rows
    if rows == 0:
        yield _no_rows(uri)
