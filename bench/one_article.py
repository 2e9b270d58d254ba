"""One article, end to end, as an analyst runs it (`make bench`, part "one"): the wall time of
`sitrep run --input ONE_FILE` from the shell's point of view (process start to exit), with
Prefect's temporary server (no set-up) and with `sitrep server start`'s server up.

Each run codes a new article (the seed with a different title), into a fresh warehouse for the
first run and the same one for the later runs, in a Prefect home of its own."""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SITREP = [str(REPO / ".venv" / "bin" / "python"), "-m", "sitrep.cli"]


def _article(folder: Path, n: int) -> Path:
    seed = next((REPO / "seeds").glob("*.txt")).read_text(encoding="utf-8")
    title, _, body = seed.partition("\n")
    path = folder / f"article-{n}" / f"article-{n}.txt"
    path.parent.mkdir(parents=True)
    path.write_text(f"{title} (report {n})\n{body}", encoding="utf-8")
    return path.parent


def _timed_run(env: dict, folder: Path, warehouse: Path) -> float:
    started = time.monotonic()
    done = subprocess.run(
        [*SITREP, "run", "--input", str(folder), "--warehouse", str(warehouse), "--quiet"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    elapsed = time.monotonic() - started
    if done.returncode != 0:
        raise RuntimeError(f"sitrep run failed: {done.stderr[-500:]}")
    return elapsed


def measure(later_runs: int = 3) -> dict:
    work = Path(tempfile.mkdtemp(prefix="sitrep-one-"))
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env.update(PREFECT_HOME=str(work / "prefect"), PREFECT_SERVER_ANALYTICS_ENABLED="false")
    n = 0

    def next_article() -> Path:
        nonlocal n
        n += 1
        return _article(work / "in", n)

    try:
        temporary = [_timed_run(env, next_article(), work / "t.duckdb") for _ in range(2)]
        started = time.monotonic()
        subprocess.run([*SITREP, "server", "start"], cwd=REPO, env=env, check=True, capture_output=True, timeout=300)
        server_start = time.monotonic() - started
        try:
            first = _timed_run(env, next_article(), work / "s.duckdb")
            later = [_timed_run(env, next_article(), work / "s.duckdb") for _ in range(later_runs)]
        finally:
            subprocess.run([*SITREP, "server", "stop"], cwd=REPO, env=env, capture_output=True, timeout=120)
        return dict(
            temporary_first_s=temporary[0],
            temporary_later_s=temporary[1],
            server_start_s=server_start,
            server_first_s=first,
            server_later_median_s=statistics.median(later),
            server_later_s=later,
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    import json

    print(json.dumps(measure(), indent=1))
