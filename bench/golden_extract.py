"""Golden dump of extraction: every CodedArticle of the FA-KES development set and the seeds,
as canonical JSON, to prove an optimisation changes no output; and its speed on one core.

    PYTHONPATH=. .venv/bin/python bench/golden_extract.py --out /tmp/extract-golden/after.json
    diff /tmp/extract-golden/before.json /tmp/extract-golden/after.json
    PYTHONPATH=. .venv/bin/python bench/golden_extract.py --time 3   # articles per CPU-second

Speed is measured in CPU time (`time.process_time()`), so another process on the machine does
not skew it; the median of the repeats is reported.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import statistics
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
import corpus  # noqa: E402

sys.path.insert(0, str(corpus.SRC))
SEEDS = corpus.SRC / "seeds"


def load_articles() -> list:
    from sitrep.ingest import Article, read_articles

    paths = sorted(corpus.source_dir().glob("*.txt")) + sorted(SEEDS.glob("*.txt"))
    return [a for p in paths for a in read_articles(p) if isinstance(a, Article)]


def _plain(value):
    if dataclasses.is_dataclass(value):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return {"__date__": value.isoformat()}
    if isinstance(value, float):
        return {"__float__": repr(value)}
    return value


def dump(articles, out: Path) -> None:
    from sitrep.extract.article import code_article

    coded = [_plain(code_article(a.article_id, a.text, a.published_on, a.dateline)) for a in articles]
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(coded, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{len(coded)} articles -> {out}")


def measure(articles, repeats: int) -> float:
    from sitrep.extract.article import code_article

    code_article(articles[0].article_id, articles[0].text, articles[0].published_on, articles[0].dateline)
    rates = []
    for _ in range(repeats):
        t0 = time.process_time()
        for a in articles:
            code_article(a.article_id, a.text, a.published_on, a.dateline)
        rates.append(len(articles) / (time.process_time() - t0))
        print(f"  {rates[-1]:.1f} articles per CPU-second")
    median = statistics.median(rates)
    print(f"median of {repeats}: {median:.1f} articles per CPU-second ({len(articles)} articles)")
    return median


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--out", type=Path, help="write the golden JSON here")
    p.add_argument("--time", type=int, default=0, metavar="N", help="time N passes over the articles")
    args = p.parse_args(argv)
    articles = load_articles()
    if args.out:
        dump(articles, args.out)
    if args.time:
        measure(articles, args.time)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
