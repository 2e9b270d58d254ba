"""Where the time goes: pyinstrument over extraction alone and over one flow run.

    .venv/bin/python bench/profiling.py                 # extraction over the 513 texts; a flow over 1,000
    .venv/bin/python bench/profiling.py --flow-articles 2000 --skip-extract --rerun

Writes bench/results/profile-{extract,flow,rerun}.{txt,html}: the call tree (the .txt, and the
.html to open in a browser) and a flat list of the functions that spend the most time in
their own code (`-flat.txt`). The flow's temporary Prefect server is another process and is
not in the flow profile; `py-spy record --subprocesses -- .venv/bin/sitrep run ...` sees it.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
import corpus  # noqa: E402

sys.path.insert(0, str(corpus.SRC))
RESULTS = BENCH / "results"


def _write(profiler, name: str) -> Path:
    from pyinstrument.renderers import ConsoleRenderer, HTMLRenderer

    RESULTS.mkdir(parents=True, exist_ok=True)
    tree = profiler.output(ConsoleRenderer(unicode=False, color=False, show_all=False, short_mode=False))
    flat = profiler.output(ConsoleRenderer(unicode=False, color=False, flat=True))
    (RESULTS / f"profile-{name}.txt").write_text(tree)
    (RESULTS / f"profile-{name}-flat.txt").write_text(flat)
    (RESULTS / f"profile-{name}.html").write_text(profiler.output(HTMLRenderer()))
    # Re-render later with every frame (Prefect's own are hidden above):
    #   pyinstrument --load bench/results/profile-flow.pyisession --show-all
    profiler.last_session.save(str(RESULTS / f"profile-{name}.pyisession"))
    return RESULTS / f"profile-{name}.txt"


def profile_extraction() -> Path:
    from pyinstrument import Profiler

    from sitrep.extract.article import code_article
    from sitrep.ingest import Article, read_articles

    articles = [
        a for p in sorted(corpus.source_dir().glob("*.txt")) for a in read_articles(p) if isinstance(a, Article)
    ]
    code_article(articles[0].article_id, articles[0].text, articles[0].published_on, articles[0].dateline)
    profiler = Profiler(interval=0.001)
    profiler.start()
    for a in articles:
        code_article(a.article_id, a.text, a.published_on, a.dateline)
    profiler.stop()
    return _write(profiler, "extract")


def profile_flow(n: int, rerun: bool = False) -> Path:
    """A first flow run over n articles (imports and the temporary server included), or with
    `rerun`, the second run over the same, unchanged input (the first one not profiled)."""
    folder = corpus.build(n)
    work = Path(tempfile.mkdtemp(prefix="sitrep-profile-"))
    os.environ["PREFECT_HOME"] = str(work / "prefect-home")
    from pyinstrument import Profiler

    profiler = Profiler(interval=0.001)
    if not rerun:
        profiler.start()
    from sitrep.flows.pipeline import pipeline

    pipeline(inputs=[str(folder)], warehouse=str(work / "warehouse.duckdb"))
    if rerun:
        profiler.start()
        pipeline(inputs=[str(folder)], warehouse=str(work / "warehouse.duckdb"))
    profiler.stop()
    shutil.rmtree(work, ignore_errors=True)
    return _write(profiler, "rerun" if rerun else "flow")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--flow-articles", type=int, default=1000)
    p.add_argument("--skip-extract", action="store_true")
    p.add_argument("--skip-flow", action="store_true")
    p.add_argument("--rerun", action="store_true", help="also profile a re-run over the same input")
    args = p.parse_args(argv)
    if not args.skip_extract:
        print(profile_extraction())
    if not args.skip_flow:
        print(profile_flow(args.flow_articles))
    if args.rerun:
        print(profile_flow(args.flow_articles, rerun=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
