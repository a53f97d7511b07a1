"""Scale benchmark: one table of what a nightly run costs as the corpus and the warehouse grow.

    .venv/bin/python bench/run.py --n 10000                 # a run over 10k generated articles, then a re-run
    .venv/bin/python bench/run.py --n 1000 --repo /work/main  # the same with another checkout's code (before/after)
    .venv/bin/python bench/run.py --link 10000,100000,1000000 # link + speaker time per new statement as it grows
    .venv/bin/python bench/run.py --search 10000,100000,1000000

The articles are real paragraphs recombined (bench/corpus.py), written to a temporary folder and deleted after:
the text is licensed and never kept. Vectors for the link and search parts are real embeddings of real statements
plus perturbed copies (see `realistic_vectors`). Run it under `nice -n 10` on a shared machine.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench import corpus  # noqa: E402


def _tree_rss(root: int) -> int:
    """Resident bytes of a process and all its descendants (the run and its temporary Prefect server)."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            children.setdefault(int(fields[1]), []).append(int(entry))
            rss[int(entry)] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, IndexError, ValueError):
            continue
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        total += rss.get(pid, 0)
        todo += children.get(pid, [])
    return total


def run_quoteline(repo: Path, source: Path, db: Path) -> dict:
    """`quoteline run` of `repo` in a process of its own: wall time, peak RSS (the run's own, and with its
    children sampled twice a second), and the stage seconds the run recorded."""
    started = time.perf_counter()
    proc = subprocess.Popen([str(repo / ".venv" / "bin" / "quoteline"), "run", "--source", str(source), "--db", str(db)],
                            cwd=repo, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    peak_tree, done = [0], threading.Event()

    def sample() -> None:
        while not done.wait(0.5):
            peak_tree[0] = max(peak_tree[0], _tree_rss(proc.pid))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    output_lines = []
    for line in proc.stdout:
        output_lines.append(line)
    _, status, usage = os.wait4(proc.pid, 0)
    done.set()
    wall = time.perf_counter() - started
    output = "".join(output_lines)
    if status != 0:
        raise SystemExit(f"bench: quoteline run failed ({status}):\n{output[-3000:]}")
    import duckdb

    with duckdb.connect(str(db), read_only=True) as con:
        stages, read = con.execute("SELECT stage_seconds, n_read FROM runs ORDER BY started_at DESC LIMIT 1").fetchone()
    return {"wall": wall, "peak_rss": usage.ru_maxrss * 1024, "peak_tree": peak_tree[0],
            "stages": json.loads(stages or "{}"), "read": read, "summary": output.strip().splitlines()[-2:]}


def bench_flow(n: int, repo: Path, size: int, keep: Path | None) -> list[dict]:
    tmp = Path(tempfile.mkdtemp(prefix="quoteline-bench-"))
    try:
        source, db = tmp / "corpus", (keep or tmp) / f"bench-{n}.duckdb"
        started = time.perf_counter()
        paths = corpus.write_corpus(source, n, size=size)
        megabytes = sum(p.stat().st_size for p in paths) / 1e6
        print(f"corpus: {n} articles, {megabytes:.1f} MB, generated in {time.perf_counter() - started:.1f} s",
              flush=True)
        rows = []
        for label in ("first run", "re-run, nothing changed"):
            r = run_quoteline(repo, source, db)
            r.update(label=label, n=n, mb=megabytes, db_mb=db.stat().st_size / 1e6)
            print(json.dumps({k: v for k, v in r.items() if k != "summary"}), *r["summary"], sep="\n", flush=True)
            rows.append(r)
        return rows
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def flow_table(rows: list[dict]) -> str:
    out = ["| articles | run | wall s | extract s (art/s, MB/s) | embed s | link s | load s | peak RSS run / +children "
           "| DuckDB MB (per 10k) |", "|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        st = r["stages"]
        ex = st.get("extract", 0.0)
        rate = f"{r['n'] / ex:.0f}/s, {r['mb'] / ex:.2f} MB/s" if ex > 0.01 else "—"
        out.append(f"| {r['n']:,} | {r['label']} | {r['wall']:.0f} | {ex:.0f} ({rate}) | {st.get('embed', 0):.1f} "
                   f"| {st.get('link', 0):.1f} | {st.get('load', 0):.1f} | {r['peak_rss'] / 1e9:.2f} / "
                   f"{r['peak_tree'] / 1e9:.2f} GB | {r['db_mb']:.0f} ({r['db_mb'] * 10000 / r['n']:.0f}) |")
    return "\n".join(out)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, help="articles in the generated corpus (a run, then a re-run)")
    ap.add_argument("--size", type=int, default=8192, help="bytes per article (default 8192)")
    ap.add_argument("--repo", type=Path, default=REPO, help="the checkout whose quoteline runs (its .venv)")
    ap.add_argument("--keep", type=Path, help="keep the warehouse in this folder")
    args = ap.parse_args()
    if args.n:
        print(flow_table(bench_flow(args.n, args.repo.resolve(), args.size, args.keep)))


if __name__ == "__main__":
    main()
