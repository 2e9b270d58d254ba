"""One benchmark process: the real `pipeline` flow over a folder, then again over the same folder.

run.py starts this in a fresh process with a fresh PREFECT_HOME, so the first flow run pays
what a user's first `sitrep run` pays (imports, the temporary Prefect server). The second run
is the re-run over unchanged input, in the same process (server already up), so its rate is
the skip path's and not the server's start.

Nothing in the flow is changed: the times of each batch come from Prefect's own task-run log
records ("Load batch ... Finished"). Memory: every 0.1 s a thread reads, for this process and
each of its children (the temporary server, the pool's workers), the kernel's own peak RSS
since the last reading (VmHWM in /proc/PID/status, then reset by writing 5 to
/proc/PID/clear_refs). The sum over the processes in each window bounds the tree's RSS in that
window from above, spikes between samples included; the largest window is the tree's peak.
(Not ru_maxrss, which on Linux keeps the RSS of the parent at fork across exec, here the
benchmark's, well over a GB.)

    .venv/bin/python bench/flow_driver.py --input DIR --warehouse FILE --out result.json
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import threading
import time
from pathlib import Path
from typing import Any

import psutil

T0 = float(os.environ.get("SITREP_BENCH_T0", time.time()))  # when run.py started this process
# The sources under test: this checkout, or run.py's snapshot of one commit.
sys.path.insert(0, os.environ.get("SITREP_BENCH_SRC") or str(Path(__file__).resolve().parents[1]))


class Memory(threading.Thread):
    """Peaks per phase of this process (own), of it with its children (tree), and of the
    children alone, each a sum of per-process kernel peaks over one `every`-second window."""

    def __init__(self, every: float = 0.1):
        super().__init__(daemon=True)
        self.me = psutil.Process()
        self.every = every
        self.phase = "startup"
        self.peaks: dict[str, dict[str, int]] = {}
        self.stop = threading.Event()
        self.own_peak = 0  # this process's peak over the whole run, as the kernel counts it
        self.hwm_jumps: list[dict] = []
        self.method = "kernel peak per window"

    def window(self) -> tuple[int, int]:
        """(own, tree): each process's peak RSS since the last window, reset for the next."""
        own = self._peak_since_last(self.me)
        tree = own
        for child in self.me.children(recursive=True):
            tree += self._peak_since_last(child)
        return own, tree

    def _peak_since_last(self, proc: psutil.Process) -> int:
        peak = vm_hwm(proc.pid)
        try:
            with open(f"/proc/{proc.pid}/clear_refs", "w") as f:
                f.write("5")
        except OSError:  # gone, or not ours to reset: its current RSS, sampled
            self.method = "sampled RSS (clear_refs refused)"
            try:
                return proc.memory_info().rss
            except psutil.Error:
                return 0
        return peak

    def run(self) -> None:
        while not self.stop.is_set():
            own, tree = self.window()
            peak = self.peaks.setdefault(self.phase, {"own": 0, "tree": 0, "children": 0})
            peak["own"] = max(peak["own"], own)
            peak["tree"] = max(peak["tree"], tree)
            peak["children"] = max(peak["children"], tree - own)
            if own > self.own_peak + 50 * 2**20 and self.own_peak:
                self.hwm_jumps.append(
                    dict(
                        at_s=round(time.time() - T0, 2),
                        phase=self.phase,
                        peak_mb=own // 2**20,
                        before_mb=self.own_peak // 2**20,
                    )
                )
            self.own_peak = max(self.own_peak, own)
            time.sleep(self.every)


def vm_hwm(pid: int | str = "self") -> int:
    """A process's peak RSS, in bytes, as the kernel counts it (since its last reset); 0 if gone."""
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


class TaskClock(logging.Handler):
    """When each 'Load batch' task run finished, and when the flow run began, from Prefect's logs."""

    def __init__(self, memory: Memory):
        super().__init__(level=logging.INFO)
        self.memory = memory
        self.loads: list[tuple[float, int]] = []  # (seconds since T0, own RSS)
        self.flow_began: list[float] = []

    def emit(self, record: logging.LogRecord) -> None:
        msg = record.getMessage()
        now = time.time() - T0
        if (
            record.name.startswith("prefect.task_runs")
            and msg.startswith("Finished")
            and str(getattr(record, "task_run_name", "")).startswith("Load batch")
        ):
            self.loads.append((now, self.memory.me.memory_info().rss))
        elif record.name.startswith("prefect.flow_runs") and msg.startswith("Beginning flow run"):
            self.flow_began.append(now)


def run_once(
    pipeline, clock: TaskClock, memory: Memory, phase: str, inputs: list[str], warehouse: str, batch_size: int
) -> dict:
    memory.phase = phase
    clock.loads.clear()
    start = time.time() - T0
    summary = pipeline(inputs=inputs, warehouse=warehouse, batch_size=batch_size)
    end = time.time() - T0
    loads = list(clock.loads)
    out = dict(
        start_s=start,
        end_s=end,
        wall_s=end - start,
        read=summary.read,
        new=summary.new,
        unchanged=summary.unchanged,
        quarantined=summary.quarantined,
        events=summary.events,
        casualties=summary.casualties,
        status=summary.status,
        failed_batches=summary.failed_batches,
        batch_done_s=[t for t, _ in loads],
        batch_rss=[r for _, r in loads],
        flow_began_s=clock.flow_began[-1] if clock.flow_began else None,
    )
    if len(loads) >= 2:
        # Steady state: the articles after the first batch over the time after it.
        after_first = summary.read - min(batch_size, summary.read)
        out["steady_articles_per_s"] = after_first / (loads[-1][0] - loads[0][0])
    return out


def prime(folder: str, warehouse: str, size: int = 1000) -> dict:
    """The warehouse a first run would leave, as far as a re-run can tell: every input article's
    row in `articles` (read and keyed exactly as the flow does) and every file in `source_files`
    (its size and mtime, as a run records a file it loaded whole), none of their extracted rows.
    For a re-run at a size whose first run would take hours."""
    from sitrep.ingest import Article, discover, read_articles
    from sitrep.load import warehouse as wh
    from sitrep.load.batches import to_tables

    t = time.time()
    n = 0
    with wh.connect(warehouse) as con:
        wh.migrate(con)
        wh.load_reference(con)
        batch: list = []
        files: list = []
        for path in discover([folder]):
            assert isinstance(path, Path), path  # the bench corpus: readable files only
            st = os.stat(path)
            articles = [a for a in read_articles(path) if isinstance(a, Article)]
            batch.extend(articles)
            files.append(dict(path=str(path), size=st.st_size, mtime_ns=st.st_mtime_ns, articles=len(articles)))
            if len(batch) >= size:
                n += wh.load_batch(con, to_tables(batch, [], "bench-prime")).new
                batch = []
        if batch:
            n += wh.load_batch(con, to_tables(batch, [], "bench-prime")).new
        wh.record_files(con, files)
    return dict(articles=n, seconds=time.time() - t)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--input", required=True)
    p.add_argument("--warehouse", required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--batch-size", type=int, default=1000)
    p.add_argument("--no-rerun", action="store_true")
    p.add_argument(
        "--prime",
        action="store_true",
        help="no first flow run: load the input's article rows (no extraction) into the "
        "warehouse, then time the re-run over it",
    )
    args = p.parse_args(argv)

    memory = Memory()
    memory.start()
    clock = TaskClock(memory)
    t = time.time()
    from sitrep.flows.pipeline import pipeline

    import_s = time.time() - t
    for name in ("prefect.task_runs", "prefect.flow_runs"):
        logging.getLogger(name).addHandler(clock)

    result: dict[str, Any] = dict(import_s=import_s, process_started_s=0.0)
    if args.prime:
        # The re-run of a real sequence finds the temporary server up; start it the same way,
        # with a flow run over nothing into a scratch warehouse.
        empty = Path(args.warehouse).with_name("empty-input")
        empty.mkdir(exist_ok=True)
        memory.phase = "warmup"
        result["warmup"] = run_once(
            pipeline,
            clock,
            memory,
            "warmup",
            [str(empty)],
            str(Path(args.warehouse).with_name("scratch.duckdb")),
            args.batch_size,
        )
        memory.phase = "prime"
        result["prime"] = prime(args.input, args.warehouse)
    else:
        result["first"] = run_once(pipeline, clock, memory, "first", [args.input], args.warehouse, args.batch_size)
        time.sleep(3 * memory.every)  # the run's last window read
        result["first"]["hwm_bytes"] = memory.own_peak
        result["first"]["warehouse_bytes"] = Path(args.warehouse).stat().st_size
    if not args.no_rerun:
        result["rerun"] = run_once(pipeline, clock, memory, "rerun", [args.input], args.warehouse, args.batch_size)
    memory.stop.set()
    memory.join()
    result["memory_peaks"] = memory.peaks
    result["hwm_jumps"] = memory.hwm_jumps
    result["hwm_bytes"] = memory.own_peak
    result["memory_method"] = memory.method
    Path(args.out).write_text(json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
