"""Front matter: the YAML block static-site generators, note apps and exporters put before a
Markdown or text article (a "---" line, `title: ...`, `date: ...`, a "---" line). Its title,
date, URL, source and id fill the article's fields (the keys are in
sitrep/data/lexicon/front_matter.yaml) and the block leaves the article's text.

Malformed front matter never costs the article: what can be read is kept and `problems` says
what could not, in words a user can act on (the reader makes them the article's warnings)."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

import yaml

from sitrep.ingest.datelines import parse_date_value
from sitrep.ingest.lexicon import front_matter_keys

# A closing line further down than this is not the end of a front matter block: such a block
# is read as never closed. A block longer than MAX_YAML_CHARS is read line by line (a YAML
# parse costs about a millisecond a kilobyte).
MAX_FRONT_MATTER_LINES = 200
MAX_YAML_CHARS = 64_000
_OPENING = "---"
_MAY_OPEN = re.compile(r"[\ufeff\s]*---")
_CLOSINGS = ("---", "...")  # YAML's document end "..." closes it too (Pandoc)
# "key: value", read line by line when the block is not valid YAML.
_KEY_LINE = re.compile(r"(?P<key>[A-Za-z_][\w.-]*)[ \t]*:(?:[ \t]+(?P<value>.*?))?[ \t]*")
# In a block never closed, the lines that still read as front matter: a lower-case key (so a
# body opening "KABUL: ..." is not taken for one), an indented or listed continuation.
_UNCLOSED_LINE = re.compile(r"[a-z_][\w-]*[ \t]*:(?:[ \t].*)?|[ \t]+\S.*|-[ \t].*")


class _Loader(yaml.SafeLoader):
    """PyYAML's safe loader, reading dates but keeping every other plain value as written:
    YAML 1.1 reads `id: 0012` as the number 10 and `title: No` as False."""


_Loader.yaml_implicit_resolvers = {
    first: [
        (tag, pattern)
        for tag, pattern in resolvers
        if tag in ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:null", "tag:yaml.org,2002:merge")
    ]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@dataclass(frozen=True)
class FrontMatter:
    title: str | None = None
    published_on: datetime.date | None = None
    url: str | None = None
    publisher: str | None = None
    external_id: str | None = None
    problems: tuple[str, ...] = ()


def split_front_matter(text: str) -> tuple[FrontMatter | None, str]:
    """(the front matter, the text after it); (None, text) when the text opens with none.

    A block closed by "---" (or "...") is front matter if it reads as `key: value` pairs (a
    bullet list or a line of prose between two rules is not). A block never closed is the run
    of `key: value` lines after the opening "---", up to the first blank or other line."""
    if not _MAY_OPEN.match(text):
        return None, text  # most texts: no need to split them in lines
    lines = text.lstrip("\ufeff").splitlines(keepends=True)
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None or lines[first].strip() != _OPENING:
        return None, text
    opened_on = first + 1  # line numbers as an editor shows them
    close = next(
        (
            i
            for i in range(first + 1, min(len(lines), first + 1 + MAX_FRONT_MATTER_LINES))
            if lines[i].strip() in _CLOSINGS
        ),
        None,
    )
    if close is not None:
        block, rest, problems = lines[first + 1 : close], lines[close + 1 :], []
    else:
        end = first + 1
        while end < len(lines) and _UNCLOSED_LINE.fullmatch(lines[end].rstrip("\r\n")):
            end += 1
        block, rest = lines[first + 1 : end], lines[end:]
        if not any(_KEY_LINE.fullmatch(line.strip()) for line in block):
            return None, text  # a rule ("---") opening the text, not front matter
        read = f"line {end}" if end == opened_on + 1 else f"lines {opened_on + 1}-{end}"
        problems = [
            f"the front matter opened by '---' on line {opened_on} is never closed: {read} "
            f"read as front matter, the article from line {end + 1} on (close it with a '---' line)"
        ]
    mapping, problem = _read_block(block, opened_on + 1)
    if mapping is None:
        return None, text
    fields, field_problems = _fields(mapping)
    problems += [problem] if problem else []
    return FrontMatter(**fields, problems=tuple(problems + field_problems)), "".join(rest)


def _read_block(block: list[str], first_line: int) -> tuple[dict | None, str | None]:
    """The block's keys and values, and why it had to be read line by line; None if the block
    is not key-value pairs at all."""
    try:
        if sum(map(len, block)) > MAX_YAML_CHARS:
            raise yaml.YAMLError(f"over {MAX_YAML_CHARS:,} characters")
        data = _load("".join(block))
    except yaml.YAMLError as e:
        pairs = {
            m.group("key"): _unquote(m.group("value") or "")
            for line in block
            if (m := _KEY_LINE.fullmatch(line.strip()))
        }
        if not pairs:
            return None, None
        return pairs, (
            f"the front matter is not valid YAML ({_yaml_error(e, first_line)}); its "
            "'key: value' lines were read one by one, as plain text"
        )
    if data is None:
        return {}, None  # an empty block: "---" then "---"
    return (data, None) if isinstance(data, dict) else (None, None)


def _load(block: str) -> object:
    try:
        return yaml.load(block, Loader=_Loader)
    except ValueError:  # an impossible date ("2021-02-30"): every value as written, then
        return yaml.load(block, Loader=yaml.BaseLoader)


def _yaml_error(e: yaml.YAMLError, first_line: int) -> str:
    """ "line 3: mapping values are not allowed here (quote a value holding ': ')"."""
    mark = getattr(e, "problem_mark", None)
    what = getattr(e, "problem", None) or str(e)
    if "mapping values are not allowed" in what:
        what += " (quote a value holding ': ')"
    return f"line {first_line + mark.line}: {what}" if mark is not None else what


def _unquote(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        return value[1:-1]
    return value


def _fields(mapping: dict) -> tuple[dict, list[str]]:
    """The article fields the mapping's keys fill (front_matter.yaml), and what could not be
    read of them."""
    keys: dict[str, tuple[object, object]] = {}
    for key, value in mapping.items():
        keys.setdefault(str(key).strip().lower().replace("-", "_"), (key, value))
    fields: dict[str, object] = {}  # a date for published_on, else text or None
    problems: list[str] = []
    for field, aliases in front_matter_keys().items():
        found = next((keys[a] for a in aliases if a in keys and keys[a][1] not in (None, "")), None)
        if found is None:
            continue
        key, value = found
        if isinstance(value, (list, dict)):
            problems.append(
                f"'{key}' holds a {'list' if isinstance(value, list) else 'mapping'}, not one value: not read"
            )
        elif field == "published_on":
            date = parse_date_value(value)
            if date is None:
                problems.append(f"'{key}: {value}' is not a date: not read")
            fields[field] = date
        else:
            fields[field] = " ".join(str(value).split()) or None
    return fields, problems
