"""Dask against threads on the same machine: one `quoteline run` over N new articles with each task runner.

    nice -n 10 .venv/bin/python -m bench.bench_cluster --n 10000 --workers 2
    nice -n 10 .venv/bin/python -m bench.bench_cluster --n 600 --runners thread     # one runner only
    nice -n 10 .venv/bin/python -m bench.bench_cluster --corpus DIR --workers 2     # your own folder of articles

The articles are invented (bench/stories.py: each story in three languages, two tweets and a quotation each). Each
runner gets a fresh project (the bundled config, its model cache pointed at this checkout's) and a fresh warehouse,
and runs `quoteline run` in a process of its own, so the wall time includes what a user waits for: Prefect's
start, the local Dask cluster's start (for "dask" without an address), every model load. Prints the wall time,
articles/s and the stage seconds the run recorded (`runs.stage_seconds`: extract is the sum of the batches'
extraction time wherever they ran, the others are the flow's own wall time), then the per-worker rates that a
projection to N machines rests on. Run it under `nice` on a shared machine, and say so with the numbers.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.stories import write_stories  # noqa: E402


def make_project(folder: Path, runner: str, workers: int, address: str, embed: bool, batch_size: int) -> Path:
    from quoteline.config import load_config, render_config

    base = load_config(REPO / "config" / "quoteline.toml")
    cfg = base.with_overrides(
        warehouse={"path": str(folder / "warehouse.duckdb")}, state={"dir": str(folder / "state")},
        embedding={"cache_dir": str(base.resolve(base.embedding.cache_dir)), "enabled": embed},
        flow={"task_runner": runner, "max_workers": workers, "task_runner_address": address, "batch_size": batch_size,
              # enough batches in flight to keep every worker busy while one loads
              "extract_ahead": max(2, workers + 1)})
    config = folder / "config" / "quoteline.toml"
    config.parent.mkdir(parents=True)
    config.write_text(render_config(cfg.settings), encoding="utf-8")
    return config


def run(config: Path, corpus: Path) -> dict:
    started = time.perf_counter()
    proc = subprocess.run([str(REPO / ".venv" / "bin" / "quoteline"), "run", "--config", str(config),
                           "--source", str(corpus)], capture_output=True, text=True)
    wall = time.perf_counter() - started
    if proc.returncode:
        raise SystemExit(f"quoteline run failed ({proc.returncode}):\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")
    import duckdb

    with duckdb.connect(str(config.parent.parent / "warehouse.duckdb"), read_only=True) as con:
        n_new, n_embedded, stages = con.execute(
            "SELECT n_new, n_embedded, stage_seconds FROM runs ORDER BY started_at DESC LIMIT 1").fetchone()
        counts = dict(zip(("tweets", "quotes", "links"), con.execute(
            "SELECT (SELECT count(*) FROM tweets), (SELECT count(*) FROM quotes), (SELECT count(*) FROM links)")
            .fetchone()))
    return {"wall": wall, "new": n_new, "embedded": n_embedded, "stages": json.loads(stages), **counts}


def cluster_start_seconds(workers: int) -> float:
    """What starting (and stopping) a local cluster of `workers` processes costs on its own."""
    from distributed import Client, LocalCluster

    from flows.runners import local_cluster_settings

    started = time.perf_counter()
    with LocalCluster(**local_cluster_settings(workers)) as cluster, Client(cluster) as client:
        client.wait_for_workers(workers)
        ready = time.perf_counter() - started
    return ready


def task_overhead(workers: int, n: int = 40, size: int = 200_000) -> dict[str, float]:
    """Seconds per task of Prefect on each runner, for a task that only returns its `size`-byte argument (about a
    batch's records): the fixed cost every extraction and embedding task pays before and after its work."""
    from prefect import flow, task
    from prefect.cache_policies import NO_CACHE
    from prefect.task_runners import ThreadPoolTaskRunner
    from prefect_dask import DaskTaskRunner

    from flows.runners import local_cluster_settings

    @task(cache_policy=NO_CACHE)
    def echo(payload: bytes) -> bytes:
        return payload

    @flow
    def many(count: int) -> float:
        echo.submit(b"").result()  # the runner started, the first task's imports paid
        started = time.perf_counter()
        for future in [echo.submit(b"x" * size) for _ in range(count)]:
            future.result()
        return time.perf_counter() - started

    runners = {"thread": ThreadPoolTaskRunner(max_workers=workers),
               "dask": DaskTaskRunner(cluster_kwargs=local_cluster_settings(workers))}
    return {name: many.with_options(task_runner=runner)(n) / n for name, runner in runners.items()}


def worker_start_seconds() -> float:
    """What a fresh worker process pays before its first batch: importing the flow's modules and extracting one
    small article (the extractors' data and models load on first use)."""
    code = ("import time; t = time.perf_counter(); import flows.pipeline as p; from extractors.document import "
            "read_document; from extractors.quotes import extract_quotes; "
            "from extractors.tweets import extract_tweets; "
            "d = read_document('A title\\n\\n“We will see,” said Ana Lima.\\n', 'text'); extract_tweets(d); "
            "extract_quotes(d); print(time.perf_counter() - t)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True)
    return float(out.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=600, help="articles to generate (rounded down to a multiple of 3)")
    ap.add_argument("--corpus", type=Path, help="a folder of articles to use instead of generated ones")
    ap.add_argument("--workers", type=int, default=2, help="Dask worker processes, and threads of the thread runner")
    ap.add_argument("--runners", default="thread,dask", help="which runners, in order (default thread,dask)")
    ap.add_argument("--address", default="", help="a running Dask scheduler (default: a local cluster per run)")
    ap.add_argument("--batch-size", type=int, default=64, help="articles per batch, so per task (default 64)")
    ap.add_argument("--no-embed", action="store_true", help="extraction and loading only (embedding off)")
    ap.add_argument("--overhead", action="store_true", help="only the fixed costs: per task, per worker start")
    ap.add_argument("--keep", type=Path, help="keep the projects and warehouses in this folder")
    args = ap.parse_args()
    if args.overhead:
        # a Prefect of its own, offline, as `quoteline run` sets it up (bench processes share no state)
        os.environ.update({"PREFECT_HOME": tempfile.mkdtemp(prefix="bench-prefect-"), "DO_NOT_TRACK": "1",
                           "PREFECT_SERVER_ANALYTICS_ENABLED": "false", "PREFECT_UI_ENABLED": "false",
                           "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "300"})
        os.environ.pop("PREFECT_API_URL", None)
        print(f"load average {os.getloadavg()[0]:.1f}")
        print(f"worker start (imports + first small article): {worker_start_seconds():.1f} s")
        for name, seconds in task_overhead(args.workers).items():
            print(f"{name:6s} Prefect task round trip with a 200 KB argument and result: {seconds * 1000:.0f} ms")
        print(f"load average now {os.getloadavg()[0]:.1f}")
        return

    tmp = Path(tempfile.mkdtemp(prefix="bench-cluster-", dir=args.keep))
    try:
        corpus = args.corpus
        if corpus is None:
            corpus = tmp / "corpus"
            write_stories(corpus, args.n // 3)
        n = sum(1 for p in corpus.rglob("*") if p.is_file())
        print(f"{n} articles in {corpus}; {os.cpu_count()} cores; load average {os.getloadavg()[0]:.1f}")
        results = {}
        for runner in args.runners.split(","):
            workers = args.workers
            config = make_project(tmp / runner, runner, workers, args.address if runner == "dask" else "",
                                  not args.no_embed, args.batch_size)
            results[runner] = r = run(config, corpus)
            stages = ", ".join(f"{k} {v:.1f}" for k, v in r["stages"].items())
            # extract is summed over batches that overlap; the other stages are the flow's wall time
            outside = r["wall"] - sum(v for k, v in r["stages"].items() if k != "extract")
            stages += f"; waiting for extraction, start-up and the rest {outside:.1f}"
            print(f"{runner:6s} wall {r['wall']:7.1f} s  {r['new'] / r['wall']:6.1f} articles/s  new {r['new']}  "
                  f"embedded {r['embedded']}  tweets {r['tweets']}  quotes {r['quotes']}  links {r['links']}  "
                  f"| {stages}  (load average now {os.getloadavg()[0]:.1f})", flush=True)
        if {"thread", "dask"} <= results.keys():
            t, d = results["thread"], results["dask"]
            print(f"dask / thread wall time: {d['wall'] / t['wall']:.2f}")
        if "dask" in results and not args.address:
            alone = cluster_start_seconds(args.workers)
            print(f"local cluster of {args.workers} workers: start and stop alone {alone:.1f} s")
        for runner, r in results.items():
            extract, embed = r["stages"].get("extract", 0.0), r["stages"].get("embed", 0.0)
            print(f"{runner:6s} per worker: extraction {r['new'] / extract if extract else 0:.1f} articles/s "
                  f"(extraction seconds summed over batches: {extract:.1f}); embedding stage "
                  f"{r['embedded'] / embed if embed else 0:.1f} texts/s over all workers; "
                  f"coordinator stages (discover+read+load+link) "
                  f"{sum(r['stages'].get(k, 0.0) for k in ('discover', 'read', 'load', 'link')):.1f} s")
    finally:
        if args.keep is None:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
