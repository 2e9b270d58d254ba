"""Every entry of every data file under sitrep/data/lexicon is read by the code: a key no code
reads is a rule that silently does nothing.

The articles are read and coded in a fresh process, so that what this test session loaded
earlier (the lexicons are parsed once per process) cannot stand in for what coding reads."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from sitrep.extract.lexicon import LEXICON_DIR, LexiconError, lexicon, rule_groups
from tests.conftest import FIXTURES, SEED

# Entries a data file may hold that no code reads yet, each with its reason (none today).
ALLOWED_UNREAD: set[tuple[str, ...]] = set()

_CODE_ARTICLES = """
import json, sys
from sitrep.extract.article import code_article
from sitrep.extract.lexicon import READ
from sitrep.ingest.readers import read_articles
from sitrep.incidents.rules import settings
from sitrep.reports import event_type

for path in sys.argv[1:]:
    for article in read_articles(path):
        code_article(article.article_id, article.text, article.published_on)
event_type("Battles")  # the report filter, which knows every sub-event label
settings()  # the incident matcher's rules
print(json.dumps(sorted(READ)))
"""


# An article of our own in the shapes the fixtures lack: front matter, a bracketed word that
# credits no wire.
_FRONT_MATTER_ARTICLE = """---
title: Two farmers killed by a landmine near Example Town
date: 2024-03-02
url: https://news.example.org/landmine
source: Example Wire
id: story-17
---
EXAMPLE TOWN, March 2 (VIDEO) - Two farmers were killed on Saturday when their tractor hit a
landmine near Example Town, a local official said.
"""


def _articles(folder: Path) -> list[Path]:
    own = folder / "front_matter.md"
    own.write_text(_FRONT_MATTER_ARTICLE, encoding="utf-8")
    picked = [SEED, own]
    for folder in ("fakes", "reports", "incidents"):
        picked += sorted((FIXTURES / folder).glob("*.txt"))
    return picked


def _entries() -> set[tuple[str, ...]]:
    """(file, key) of every top-level entry and (file, key, group) of every group of a mapping
    of rule groups; keys opening with "_" are comments ("_about")."""
    entries = set()
    for path in sorted(LEXICON_DIR.glob("*.yaml")) + sorted(LEXICON_DIR.glob("*.json")):
        lex = lexicon(path.stem)
        for key in lex:
            if str(key).startswith("_"):
                continue
            entries.add((path.name, key))
            value = lex.peek(key)
            if isinstance(value, dict) and rule_groups(value):
                entries |= {(path.name, key, group) for group in value}
    return entries


@pytest.fixture(scope="module")
def read_while_coding(tmp_path_factory) -> set[tuple[str, ...]]:
    paths = [str(p) for p in _articles(tmp_path_factory.mktemp("articles"))]
    done = subprocess.run(
        [sys.executable, "-c", _CODE_ARTICLES, *paths], capture_output=True, text=True, check=True, timeout=300
    )
    return {tuple(entry) for entry in json.loads(done.stdout.splitlines()[-1])}


def test_every_lexicon_entry_is_read(read_while_coding):
    unread = sorted(_entries() - read_while_coding - ALLOWED_UNREAD)
    assert not unread, "entries of sitrep/data/lexicon no code reads:\n" + "\n".join(
        "  " + ": ".join(e) for e in unread
    )


def test_allowed_unread_entries_are_still_unread(read_while_coding):
    """An entry wired in since leaves the allow-list, so the list never hides a new dead key."""
    assert not ALLOWED_UNREAD & read_while_coding


def test_a_missing_key_names_the_file_and_the_key():
    with pytest.raises(LexiconError, match=r"casualties\.yaml has no key 'killed_by_lightning'"):
        lexicon("casualties")["killed_by_lightning"]
    with pytest.raises(LexiconError, match=r"events\.yaml has no key 'modes\.teleport'"):
        lexicon("events")["modes"]["teleport"]


def test_a_lexicon_is_read_only():
    with pytest.raises(TypeError):
        lexicon("quotes")["min_words"] = 1  # type: ignore[index]


def test_no_such_lexicon_says_where_it_looked():
    with pytest.raises(LexiconError, match="no lexicon 'weather'"):
        lexicon("weather")
