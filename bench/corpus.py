"""The benchmark input: the 513 FA-KES development articles replicated to N articles.

Every copy gets one unique last line, so every article has its own text and `content_hash`
(and its own file name, so its own `article_id`): the warehouse keeps each copy, as it would
keep a real article, and a re-run can only skip them by their key.

Layout: one `.txt` per article, 1,000 per folder (`corpus-100000/txt/042/...`). That is the
FA-KES corpus's own format and the README's first example (`sitrep run --input ~/articles`),
and it is the dearer path to ingest and re-run: every article costs a `stat`, an `open` and a
decode, where a JSONL collection costs one line. So the numbers are the conservative ones;
`--format jsonl` writes the same articles as ten JSONL collections for comparison.

    .venv/bin/python bench/corpus.py --n 10000             # prints the folder it wrote (or reused)
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
# The sitrep sources under test: this checkout, or a snapshot of one commit (run.py --commit).
SRC = Path(os.environ.get("SITREP_BENCH_SRC") or REPO)
# Inputs, snapshots and scratch warehouses; SITREP_BENCH_CACHE moves them (two benchmark runs
# at once on one machine must not share it: they would clobber each other's warehouses).
CACHE = Path(os.environ.get("SITREP_BENCH_CACHE") or BENCH / ".cache")
# The FA-KES development set lives in the workspace's shared folder beside the repo.
DEFAULT_SOURCE = REPO.parent / "shared" / "corpus" / "fakes-dev" / "articles"
PER_FOLDER = 1000
JSONL_FILES = 10
_LETTERS = "bcdfghjklmnpqrstvwxz"  # no vowels: the copy tag never spells a word a grammar knows


class CorpusMissing(SystemExit):
    pass


def source_dir() -> Path:
    """The FA-KES articles: $SITREP_BENCH_CORPUS, else the copy beside the checkout on the
    project's own machines (DEFAULT_SOURCE)."""
    path = Path(os.environ.get("SITREP_BENCH_CORPUS", DEFAULT_SOURCE))
    if not path.is_dir() or not any(path.glob("*.txt")):
        raise CorpusMissing(
            f"bench: no FA-KES articles at {path}. The benchmark replicates the 513 FA-KES "
            'articles (FA-KES, CC BY 4.0: README, "Accuracy"); point SITREP_BENCH_CORPUS at a '
            "folder of them, or of any .txt articles (title on the first line)."
        )
    return path


def source_articles(source: Path | None = None) -> list[tuple[str, str]]:
    """(file stem, raw text) of every source article, in file-name order."""
    source = source or source_dir()
    return [(p.stem, p.read_text(encoding="utf-8")) for p in sorted(source.glob("*.txt"))]


def copy_tag(i: int) -> str:
    """A letters-only tag unique to copy `i`: no digits, so no number or date grammar reads it."""
    out = ""
    while True:
        i, r = divmod(i, len(_LETTERS))
        out = _LETTERS[r] + out
        if i == 0:
            return out


def copy_line(i: int) -> str:
    return f"Benchmark archive reference {copy_tag(i)}."


def replicated(n: int, source: Path | None = None):
    """(index, file stem, text) of the first n articles: the sources in turn, each copy with
    its own last line. Article i is source i % 513, so every batch mixes all kinds of story."""
    articles = source_articles(source)
    for i in range(n):
        stem, raw = articles[i % len(articles)]
        yield i, stem, raw.rstrip("\n") + "\n" + copy_line(i) + "\n"


def build(n: int, fmt: str = "txt", cache: Path = CACHE, source: Path | None = None) -> Path:
    """Writes (or reuses) the corpus of n articles; returns the folder to pass to --input."""
    source = source or source_dir()
    digest = _source_digest(source)
    root = cache / f"corpus-{n}-{fmt}"
    manifest = root / "MANIFEST.json"
    want = dict(n=n, format=fmt, source=str(source), source_digest=digest, version=1)
    if manifest.exists() and json.loads(manifest.read_text()) == want:
        return root / "input"
    if root.exists():
        shutil.rmtree(root)
    out = root / "input"
    out.mkdir(parents=True)
    if fmt == "txt":
        for i, stem, text in replicated(n, source):
            folder = out / f"{i // PER_FOLDER:03d}"
            if i % PER_FOLDER == 0:
                folder.mkdir()
            (folder / f"{i:06d}-{stem}.txt").write_text(text, encoding="utf-8")
    elif fmt == "jsonl":
        per_file = -(-n // JSONL_FILES)
        handle = None
        for i, stem, text in replicated(n, source):
            if i % per_file == 0:
                if handle:
                    handle.close()
                handle = open(out / f"collection-{i // per_file:02d}.jsonl", "w", encoding="utf-8")  # noqa: SIM115 - one file per slice, closed on rotation
            assert handle is not None  # opened at i == 0
            title, _, body = text.partition("\n")
            handle.write(json.dumps(dict(id=f"{i:06d}-{stem}", title=title, text=body)) + "\n")
        if handle:
            handle.close()
    else:
        raise ValueError(f"unknown corpus format {fmt!r} (txt or jsonl)")
    manifest.write_text(json.dumps(want))
    return out


def _source_digest(source: Path) -> str:
    h = hashlib.sha256()
    for p in sorted(source.glob("*.txt")):
        h.update(p.name.encode())
        h.update(p.read_bytes())
    return h.hexdigest()[:16]


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--n", type=int, default=10_000, help="articles to write (default 10000)")
    p.add_argument("--format", choices=("txt", "jsonl"), default="txt")
    args = p.parse_args(argv)
    print(build(args.n, args.format))
    return 0


if __name__ == "__main__":
    sys.exit(main())
