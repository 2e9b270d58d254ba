"""Readers for collections with one article per row: .csv, .jsonl, .parquet.

Files are streamed (a 1 GB CSV is never in memory at once) and read row by row: a row that
cannot be parsed or decoded ('bad_row', 'bad_json') or is too long ('too_long') is quarantined
on its own, with its file and row number, and every other row loads."""

from __future__ import annotations

import codecs
import csv
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from sitrep.ingest.article import make_article
from sitrep.ingest.decoding import LineDecoder
from sitrep.ingest.files import open_regular
from sitrep.ingest.model import Article, IngestOptions, Rejected
from sitrep.ingest.text import source_path

Result = Iterator[Article | Rejected]

BATCH_ROWS = 1000
_SNIFF_BYTES = 1 << 20

# Common names per role, most specific first; matched case-insensitively.
COMMON_NAMES = {
    "text": ("text", "body", "content", "article", "article_text", "full_text", "story"),
    "title": ("title", "headline", "heading"),
    "date": ("published_on", "published", "date", "publication_date", "pub_date", "published_at", "datetime"),
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
    by_lower = {n.lower(): n for n in reversed(names)}  # first spelling wins
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
    wanted = (
        f"a column named {options.text_column!r}"
        if options.text_column
        else "a text column (" + ", ".join(COMMON_NAMES["text"]) + ")"
    )
    return Rejected(uri, "no_text_column", f"no {wanted}; columns seen: {seen}. Name it with the text_column option")


def row_article(
    row: Mapping[str, object], cols: Columns, uri: str, row_no: int, options: IngestOptions
) -> Article | Rejected:
    """One row through the shared normalisation path; addressed by its id, else its number."""
    ext_id = row.get(cols.id) if cols.id else None
    ext_id = None if ext_id is None or str(ext_id).strip() == "" else str(ext_id).strip()
    source_uri = f"{uri}#{ext_id if ext_id is not None else row_no}"
    if cols.text is None or cols.text not in row:
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
    # a row with an id is one article, its new text a new version of it; a row without one
    # is known only by its number, which a row added above it shifts: never replaced
    key = f"{source_path(uri)}#{ext_id}" if ext_id is not None else None
    return make_article(
        None if title is None else str(title),
        str(body),
        source_uri=source_uri,
        publisher=value(cols.publisher),
        published_on=value(cols.date),
        url=value(cols.url),
        external_id=ext_id,
        options=options,
        body_may_lack_title=cols.title is None,
        path=uri,
        source_key=key,
    )


def _guarded(
    row: Mapping[str, object], cols: Columns, uri: str, row_no: int, options: IngestOptions
) -> Article | Rejected:
    """One row that cannot spoil its file: a value that is no text (a lone surrogate from a
    JSON escape such as "\\ud800"), or anything else that fails on it, rejects that row alone."""
    if problem := _not_text(row, cols):
        return Rejected(f"{uri}#{row_no}", "bad_row", f"row {row_no}: {problem}")
    try:
        return row_article(row, cols, uri, row_no, options)
    except Exception as e:
        return Rejected(f"{uri}#{row_no}", "bad_row", f"row {row_no}: {type(e).__name__}: {e}"[:500])


def _not_text(row: Mapping[str, object], cols: Columns) -> str | None:
    for name in cols.needed():
        value = row.get(name)
        if isinstance(value, str):
            try:
                value.encode("utf-8")
            except UnicodeEncodeError as e:
                return f"the {name!r} value holds {value[e.start : e.end]!r} at {e.start}, which is no character"
    return None


def _rows(batch: pa.RecordBatch | pa.Table, cols: Columns, uri: str, first_row: int, options: IngestOptions) -> Result:
    """Each row of an Arrow batch; a batch that will not convert whole is taken row by row, so
    only the rows that fail are rejected."""
    try:
        rows = _as_strings(batch, cols).to_pylist()
    except Exception:
        rows = None
    if rows is not None:
        for offset, row in enumerate(rows):
            yield _guarded(row, cols, uri, first_row + offset, options)
        return
    for offset in range(batch.num_rows):
        row_no = first_row + offset
        try:
            [row] = _as_strings(batch.slice(offset, 1), cols).to_pylist()
        except Exception as e:
            yield Rejected(f"{uri}#{row_no}", "bad_row", f"row {row_no}: {type(e).__name__}: {e}"[:500])
            continue
        yield _guarded(row, cols, uri, row_no, options)


def _no_rows(uri: str) -> Rejected:
    return Rejected(uri, "empty", "no rows: the file holds a header or schema only")


def _max_line_bytes(options: IngestOptions) -> int:
    # JSON escapes ("\u0627" is 6 bytes for one character) and the other fields need room.
    return options.max_article_chars * 8 + 65536


def _too_long(uri: str, row_no: int, what: str, options: IngestOptions) -> Rejected:
    return Rejected(
        f"{uri}#{row_no}",
        "too_long",
        f"{what} is over {_max_line_bytes(options):,} bytes, more than an article of "
        f"max_article_chars ({options.max_article_chars:,}) needs; skipped unread",
    )


class _Lines:
    """The decoded lines of a file, each at most `limit` bytes: a longer line is never held in
    memory, only skipped through, and stands in the stream as an empty line whose number is
    kept in `too_long` (a CSV row holding it is then refused whole). Each line is decoded on its
    own (UTF-8, else the encoding the others are in); one no encoding fits is kept in
    `undecodable` and stands as an empty line too."""

    def __init__(self, f: BinaryIO, limit: int, decoder: LineDecoder):
        self.f, self.limit, self.decoder = f, limit, decoder
        self.number = 0
        self.too_long: set[int] = set()
        self.undecodable: set[int] = set()

    def __iter__(self) -> Iterator[str]:
        return self

    def __next__(self) -> str:
        line = self.f.readline(self.limit + 1)
        if not line:
            raise StopIteration
        self.number += 1
        if self.number == 1:
            line = line.removeprefix(codecs.BOM_UTF8)
        if len(line) > self.limit and not line.endswith(b"\n"):
            while (rest := self.f.readline(self.limit)) and not rest.endswith(b"\n"):
                pass
            self.too_long.add(self.number)
            return "\n"
        text = self.decoder.decode(line)
        if text is None:
            self.undecodable.add(self.number)
            return "\n"
        return text


# --- CSV ---------------------------------------------------------------------------------


def _sample(f: BinaryIO) -> bytes:
    sample = f.read(_SNIFF_BYTES)
    f.seek(0)
    return sample


def read_csv(path: Path, uri: str, options: IngestOptions) -> Result:
    """Row by row with Python's csv module (the dialect pyarrow and spreadsheets write: commas,
    double quotes, quoted newlines): a row that cannot be parsed or decoded is 'bad_row', one
    over the size limit 'too_long', each with its row number, and every other row loads."""
    with open_regular(path, options) as f:
        sample = _sample(f)
        if not sample:
            yield Rejected(uri, "empty", "the file is empty")
            return
        if b"\x00" in sample:
            yield Rejected(uri, "binary", "NUL bytes: this is not a CSV text file")
            return
        yield from _csv_rows(f, uri, options, LineDecoder.for_sample(sample))


def _csv_rows(f: BinaryIO, uri: str, options: IngestOptions, decoder: LineDecoder) -> Result:
    lines = _Lines(f, _max_line_bytes(options), decoder)
    _allow_fields_of(lines.limit)
    reader = csv.reader(lines)
    names = next(reader, None)
    if names is None:
        yield Rejected(uri, "empty", "the file is empty")
        return
    cols = resolve_columns(names, options)
    if cols.text is None:
        yield _no_text_column(uri, names, options)
        return
    rows, last_line = 0, lines.number
    while True:
        try:
            fields = next(reader)
            problem = None
        except StopIteration:
            break
        except csv.Error as e:
            fields, problem = None, str(e)
        span = set(range(last_line + 1, lines.number + 1))
        last_line = lines.number
        if fields == [] and not (span & (lines.too_long | lines.undecodable)):
            continue  # a blank line
        rows += 1
        if span & lines.too_long or (problem and "field larger" in problem):
            yield _too_long(uri, rows, f"row {rows} (line {min(span, default=last_line)})", options)
        elif span & lines.undecodable:
            yield Rejected(
                f"{uri}#{rows}",
                "bad_row",
                f"row {rows}: line {min(span & lines.undecodable)} is in no text encoding; re-save the file as UTF-8",
            )
        elif fields is None:  # csv.Error: `problem` says why
            yield Rejected(f"{uri}#{rows}", "bad_row", f"row {rows}: {problem}")
        elif len(fields) != len(names):
            yield Rejected(
                f"{uri}#{rows}",
                "bad_row",
                f"row {rows} has {len(fields)} fields where the header has {len(names)}: {','.join(fields)[:100]!r}",
            )
        else:
            yield _guarded(dict(zip(names, fields, strict=False)), cols, uri, rows, options)
    if rows == 0:
        yield _no_rows(uri)


def _allow_fields_of(limit: int) -> None:
    # csv's field limit is process-wide; only ever raised, to what the line limit lets through.
    if csv.field_size_limit() < limit:
        csv.field_size_limit(limit)


# --- JSON Lines ------------------------------------------------------------------------------


def read_jsonl(path: Path, uri: str, options: IngestOptions) -> Result:
    """Line by line, so one broken line is one Rejected and the rest load. The first object's
    keys name the columns, as a CSV header would."""
    cols: Columns | None = None
    rows = 0
    with open_regular(path, options) as f:
        lines = _Lines(f, _max_line_bytes(options), LineDecoder.for_sample(_sample(f)))
        for line in lines:
            line_no = lines.number
            if line_no in lines.too_long:
                yield _too_long(uri, line_no, f"line {line_no}", options)
                continue
            if line_no in lines.undecodable:
                yield Rejected(f"{uri}#{line_no}", "bad_row", f"line {line_no} is in no text encoding")
                continue
            if not line.strip():
                continue
            obj = yield from _parsed(uri, line_no, line)
            if obj is None:
                continue
            if cols is None:
                cols = resolve_columns(list(obj), options)
                if cols.text is None:
                    yield _no_text_column(uri, list(obj), options)
                    return
            rows += 1
            yield _guarded(_casefold_keys(obj, cols), cols, uri, line_no, options)
    if rows == 0:
        yield _no_rows(uri)


def _parsed(uri: str, line_no: int, line: str):
    """The line's JSON object, or None after yielding why not."""
    try:
        obj = json.loads(line)
    except RecursionError:
        yield Rejected(f"{uri}#{line_no}", "bad_row", f"line {line_no}: JSON nested too deep to read")
        return None
    except ValueError as e:
        yield Rejected(f"{uri}#{line_no}", "bad_json", f"line {line_no}: {e}")
        return None
    if not isinstance(obj, dict):
        yield Rejected(
            f"{uri}#{line_no}", "bad_json", f"line {line_no}: expected a JSON object, found {type(obj).__name__}"
        )
        return None
    return obj


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
    for name, array in zip(batch.schema.names, batch.columns, strict=False):
        if name in to_cast and not pa.types.is_string(array.type):
            array = pc.cast(array, pa.string())
        arrays.append(array)
        names.append(name)
    return pa.RecordBatch.from_arrays(arrays, names=names)


def _nested_text_column(schema: pa.Schema, cols: Columns) -> str | None:
    for role in _STRING_ROLES:
        name = getattr(cols, role)
        if name and pa.types.is_nested(schema.field(name).type):
            return (
                f"the {role} column {name!r} holds {schema.field(name).type}, not text; "
                f"name another column with the {role}_column option"
            )
    return None


def read_parquet(path: Path, uri: str, options: IngestOptions) -> Result:
    with open_regular(path, options) as f:
        try:
            pf = pq.ParquetFile(f)
        except (pa.ArrowException, OSError) as e:
            yield Rejected(uri, "bad_parquet", f"{type(e).__name__}: {e}")
            return
        yield from _read_parquet(pf, uri, options)


def _read_parquet(pf: pq.ParquetFile, uri: str, options: IngestOptions) -> Result:
    """Row group by row group: a group that cannot be read is refused with its row numbers, the
    others load; inside a group, rows that do not convert are refused one by one (`_rows`)."""
    names = pf.schema_arrow.names
    cols = resolve_columns(names, options)
    if cols.text is None:
        yield _no_text_column(uri, names, options)
        return
    if problem := _nested_text_column(pf.schema_arrow, cols):
        yield Rejected(uri, "bad_parquet", problem)
        return
    rows = 0
    for group in range(pf.num_row_groups):
        size = pf.metadata.row_group(group).num_rows
        done = 0
        try:
            for batch in pf.iter_batches(batch_size=BATCH_ROWS, row_groups=[group], columns=cols.needed()):
                yield from _rows(batch, cols, uri, rows + done + 1, options)
                done += batch.num_rows
        except (pa.ArrowException, OSError) as e:
            yield Rejected(
                f"{uri}#{rows + done + 1}-{rows + size}",
                "bad_parquet",
                f"rows {rows + done + 1}-{rows + size} (row group {group}): {type(e).__name__}: {e}",
            )
        rows += size
    if rows == 0:
        yield _no_rows(uri)
