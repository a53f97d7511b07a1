"""Extraction's instruction count: a measure of its cost that the machine's load does not change.

    .venv/bin/python -m bench.bench_instructions                       # this checkout, 60 articles
    .venv/bin/python -m bench.bench_instructions --repo /tmp/before --n 60

Two runs of `bench/bench_extract.py` on the same code differ by up to 10 % on a shared machine, more than most
single changes gain. Here a child process reads the same generated articles as bench_extract (imports, models and a
first pass over them, so the caches are as warm as in its best of two), then extracts them once more under valgrind's
callgrind, which counts the instructions of that second pass only (instrumentation switched on between the passes
with `callgrind_control`). Counts are deterministic to ~0.1 %; they weigh an instruction the same wherever memory
makes it slow, so they back a timing, not replace it. Needs valgrind (not a project dependency); ~4–5 minutes a
checkout for 60 articles. Prints one line; asserts nothing.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

CHILD = """
import os, sys, time
sys.path[:0] = [{repo!r}, {bench!r}]
from bench.bench_extract import articles, extract
texts = articles({n}, {size}, {seed})
for text in texts[:20] + texts:
    extract(text, "text", time.perf_counter)
print("WARM", flush=True)
while not os.path.exists({go!r}):
    time.sleep(0.1)
for text in texts:
    extract(text, "text", time.perf_counter)
print("DONE", flush=True)
while os.path.exists({go!r}):
    time.sleep(0.1)
"""


def instructions(repo: Path, n: int, size: int, seed: int) -> int:
    """Instructions of the second pass over ``n`` generated articles with ``repo``'s extractors."""
    with tempfile.TemporaryDirectory() as tmp:
        go, out = Path(tmp) / "go", Path(tmp) / "callgrind.out"
        code = CHILD.format(repo=str(repo), bench=str(REPO), n=n, size=size, seed=seed, go=str(go))
        child = subprocess.Popen(["valgrind", "--tool=callgrind", "--instr-atstart=no", f"--callgrind-out-file={out}",
                                  sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                 text=True, env={**os.environ, "OMP_NUM_THREADS": "1"})
        _wait_for(child, "WARM")
        subprocess.run(["callgrind_control", "-i", "on", str(child.pid)], check=True, capture_output=True)
        go.touch()
        _wait_for(child, "DONE")
        subprocess.run(["callgrind_control", "-i", "off", str(child.pid)], check=True, capture_output=True)
        go.unlink()
        child.wait()
        totals = [line for line in out.read_text().splitlines() if line.startswith("totals:")]
        return int(totals[-1].split()[1])


def _wait_for(child: subprocess.Popen, word: str) -> None:
    for line in child.stdout:
        if line.strip() == word:
            return
    raise RuntimeError(f"the extraction child ended before {word} (exit {child.wait()})")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=60, help="articles (default 60)")
    ap.add_argument("--size", type=int, default=8192, help="bytes per article (default 8192)")
    ap.add_argument("--seed", type=int, default=16, help="corpus seed (bench/run.py's is 16)")
    ap.add_argument("--repo", type=Path, default=REPO, help="the checkout whose extractors run")
    args = ap.parse_args()
    started = time.perf_counter()
    count = instructions(args.repo.resolve(), args.n, args.size, args.seed)
    print(f"{args.repo}: {count:,} instructions for {args.n} articles ({count / args.n / 1e6:.1f} M an article; "
          f"callgrind, second pass; {time.perf_counter() - started:.0f} s)")


if __name__ == "__main__":
    main()
