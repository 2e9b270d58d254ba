"""Loads the linguistic data files under `flows/data/` once per process.

Grammar code stays generic; the words it looks for live in these files (a new war or a new
language is a data change)."""
from __future__ import annotations

import csv
import json
from functools import lru_cache
from pathlib import Path

import yaml

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
LEXICON_DIR = DATA_DIR / "lexicon"


class _WordsLoader(yaml.SafeLoader):
    """YAML 1.1 reads on/off/yes/no as booleans; in a word list they are words."""


_WordsLoader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:bool"]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@lru_cache(maxsize=None)
def load_yaml(name: str) -> dict:
    with open(LEXICON_DIR / name, encoding="utf-8") as f:
        return yaml.load(f, Loader=_WordsLoader)


@lru_cache(maxsize=None)
def load_json(name: str) -> dict:
    with open(LEXICON_DIR / name, encoding="utf-8") as f:
        return json.load(f)


@lru_cache(maxsize=None)
def load_lines(name: str) -> tuple[str, ...]:
    """One entry per line; blank lines and '#' comments skipped."""
    with open(LEXICON_DIR / name, encoding="utf-8") as f:
        return tuple(line.strip() for line in f if line.strip() and not line.lstrip().startswith("#"))


def read_csv(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def phrases(words) -> tuple[tuple[str, ...], ...]:
    """Lexicon entries as token tuples, longest first, so matching prefers the longest phrase."""
    out = {tuple(str(w).lower().split()) for w in words}
    return tuple(sorted(out, key=len, reverse=True))
