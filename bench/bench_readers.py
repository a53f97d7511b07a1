"""Readers during a run, and the cost of a re-run on an unchanged corpus.

    python bench/bench_readers.py [--copies 8] [--interval 0.05] [--reader-wait 10] [--keep]

Builds a corpus of `copies` variants of the five seeds (`examples/*.txt`) and of `../shared/realworld/docs/*`
(each copy a new file name and a one-line edit, so no two files hash alike), then runs `quoteline run` over it
into a fresh DuckDB file while a second process asks `SELECT count(*) FROM v_tweets` every `interval` seconds,
each time on a new `duckdb.connect(path, read_only=True)` that retries every 10 ms while the run holds the file
(up to `reader-wait` seconds). The flow opens its write connection only while a batch loads, so readers get in
between batches. Then a second `quoteline run` over the unchanged corpus, with no reader.
Prints the reader's counts and latencies, and both runs' per-stage seconds (`runs.stage_seconds`).
"""
from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parents[1]
REALWORLD = ROOT.parent / "shared" / "realworld" / "docs"


def build_corpus(folder: Path, copies: int) -> int:
    sources = sorted((ROOT / "examples").glob("*.txt")) + sorted(p for p in REALWORLD.glob("*") if p.is_file())
    for k in range(copies):
        for src in sources:
            text = src.read_text(encoding="utf-8")
            if src.suffix in (".html", ".htm") and "</body>" in text:
                text = text.replace("</body>", f"<p>Copy {k}.</p></body>", 1)
            else:
                text += f"\n\nCopy {k}.\n"
            (folder / f"c{k:02d}_{src.name}").write_text(text, encoding="utf-8")
    return copies * len(sources)


def reader(db_path: str, interval: float, wait_s: float, stop, out: str) -> None:
    """Query every `interval` s until `stop` is set; one record per query: (latency s, lock retries, error)."""
    records = []
    while not Path(db_path).exists() and not stop.is_set():  # the run's first minutes: Prefect starting up
        time.sleep(0.01)
    while not stop.is_set():
        started, retries, error = time.perf_counter(), 0, None
        while True:
            try:
                with duckdb.connect(db_path, read_only=True) as con:
                    con.execute("SELECT count(*) FROM v_tweets").fetchone()
                break
            except duckdb.IOException as exc:
                if "lock" not in str(exc).lower() or time.perf_counter() - started > wait_s:
                    error = f"IOException: {exc}"[:200]
                    break
                retries += 1
                time.sleep(0.01)
            except duckdb.Error as exc:  # before the first load: no file, or no schema yet
                error = f"{exc.__class__.__name__}: {exc}"[:200]
                break
        records.append((time.perf_counter() - started, retries, error))
        time.sleep(interval)
    Path(out).write_text(json.dumps(records))


def run_quoteline(corpus: Path, db_path: Path, env: dict) -> float:
    t0 = time.perf_counter()
    done = subprocess.run([str(Path(sys.executable).parent / "quoteline"), "run", "--source", str(corpus),
                           "--db", str(db_path)], env=env, capture_output=True, text=True)
    if done.returncode:
        sys.exit(f"quoteline run failed ({done.returncode}):\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    return time.perf_counter() - t0


def pct(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1] if len(values) > 1 else values[0]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--copies", type=int, default=8)
    ap.add_argument("--interval", type=float, default=0.05)
    ap.add_argument("--reader-wait", type=float, default=10.0)
    ap.add_argument("--keep", action="store_true", help="keep the temp folder")
    args = ap.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="quoteline-bench-readers-"))
    corpus, db_path = tmp / "corpus", tmp / "bench.duckdb"
    corpus.mkdir()
    n = build_corpus(corpus, args.copies)
    (tmp / "prefect").mkdir()
    env = {**os.environ, "PREFECT_HOME": str(tmp / "prefect")}
    print(f"corpus: {n} files in {corpus}")

    stop = mp.Event()
    out = tmp / "reader.json"
    proc = mp.Process(target=reader, args=(str(db_path), args.interval, args.reader_wait, stop, str(out)))
    proc.start()
    wall1 = run_quoteline(corpus, db_path, env)
    stop.set()
    proc.join()
    wall2 = run_quoteline(corpus, db_path, env)

    records = json.loads(out.read_text())
    with duckdb.connect(str(db_path), read_only=True) as con:
        runs = con.execute("SELECT n_read, n_new, n_changed, n_skipped, n_failed, n_tweets, n_quotes, stage_seconds"
                           " FROM runs ORDER BY started_at").fetchall()
        first_load = con.execute("SELECT min(loaded_at) FROM articles").fetchone()[0]
        rows = con.execute("SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM tweets),"
                           " (SELECT count(*) FROM quotes)").fetchone()
    ok = [r for r in records if r[2] is None]
    at_once = [r for r in ok if r[1] == 0]
    waited = [r for r in ok if r[1] > 0]
    failed = [r for r in records if r[2] is not None]
    not_ready = [r for r in failed if "lock" not in r[2].lower()]
    lat = [r[0] * 1000 for r in ok]
    print(f"\nreader during run 1 ({len(records)} queries, one every {args.interval * 1000:.0f} ms + query time):")
    retries = [r[1] for r in waited] or [0]
    print(f"  succeeded at once: {len(at_once)}; after waiting for the writer: {len(waited)} "
          f"(retries p50 {pct(retries, 50):.0f}, max {max(retries)}); "
          f"failed: {len(failed) - len(not_ready)} lock time-outs (> {args.reader_wait:.0f} s), "
          f"{len(not_ready)} before the schema existed")
    if lat:
        print(f"  latency ms: p50 {pct(lat, 50):.1f}  p95 {pct(lat, 95):.1f}  max {max(lat):.1f}")
    if waited:
        wl = [r[0] * 1000 for r in waited]
        print(f"  latency of the waiting ones ms: p50 {pct(wl, 50):.1f}  p95 {pct(wl, 95):.1f}  max {max(wl):.1f}")
    if failed:
        print(f"  first error: {failed[0][2]}")
    print(f"  (first article loaded at {first_load})")
    for i, (run, wall) in enumerate(zip(runs, (wall1, wall2)), 1):
        stages = json.loads(run[7])
        print(f"\nrun {i}: {run[0]} read, {run[1]} new, {run[2]} changed, {run[3]} unchanged, {run[4]} failed; "
              f"{run[5]} tweets, {run[6]} quotes; wall {wall:.1f} s (`quoteline run`, with Prefect start-up)")
        print("  stage seconds: " + ", ".join(f"{k} {v:.2f}" for k, v in stages.items())
              + f"; total {sum(stages.values()):.2f}")
    s1, s2 = json.loads(runs[0][7]), json.loads(runs[1][7])
    print(f"\nre-run on the unchanged corpus: {sum(s2.values()):.2f} s of stages = "
          f"{100 * sum(s2.values()) / s1['extract']:.1f} % of run 1's extraction ({s1['extract']:.2f} s); "
          f"new rows: {runs[1][1] + runs[1][2]} articles, {runs[1][5]} tweets, {runs[1][6]} quotes; "
          f"warehouse {rows[0]} articles, {rows[1]} tweets, {rows[2]} quotes")
    if args.keep:
        print(f"kept {tmp}")
    else:
        shutil.rmtree(tmp)


if __name__ == "__main__":
    main()
