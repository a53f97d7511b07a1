"""Embedding inside the pipeline vs the bare model, and what a run costs when nothing changed.

Loads N statements (sentences of the example articles, as quotes of synthetic articles) into a fresh
warehouse, then times, with the same loaded model:
  bare      Embedder.encode(texts)
  pipeline  the flow's embed task body (pending-text query, encode, store in chunks)
  re-run    the embed task again, with nothing pending (the model is not needed)
and the search latency of `quoteline similar` over those vectors (query vector bound as text).

    .venv/bin/python bench/bench_pipeline_embedding.py [--statements 400] [--repeat 3]
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from concurrent.futures import Future
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from bench_embedding import sentences  # noqa: E402
from extractors.records import Document, Quote  # noqa: E402
from flows.pipeline import embed_new  # noqa: E402
from quoteline.config import load_config  # noqa: E402
from quoteline.embedder import load_embedder  # noqa: E402
from warehouse import db, load, vectors  # noqa: E402


def fresh_warehouse(path: Path, texts: list[str]) -> None:
    items = []
    for i in range(0, len(texts), 20):
        chunk = texts[i:i + 20]
        body = "\n".join(chunk)
        quotes = [Quote(n, t, "Ana Tavares", 0, len(t), 0, 1, "xx", "bench", 1.0) for n, t in enumerate(chunk, 1)]
        items.append(load.ArticleLoad(f"a{i}", f"a{i}.txt", f"/bench/a{i}.txt", f"h{i}",
                                      Document(body, body, "text", "t", None, "xx"), (), quotes))
    with db.open_warehouse(path) as con:
        load.load_articles(con, items, "bench")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--statements", type=int, default=400)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()

    texts = list(dict.fromkeys(sentences(args.statements * 2)))[:args.statements]
    base = load_config(REPO / "config" / "quoteline.toml")
    started = time.perf_counter()
    embedder = load_embedder(base)
    print(f"model load (import + weights): {time.perf_counter() - started:.2f} s")
    ready: Future = Future()
    ready.set_result(embedder)
    embedder.encode(texts[:8])  # warm-up

    bare, pipeline, rerun, search = [], [], [], []
    for _ in range(args.repeat):
        started = time.perf_counter()
        embedder.encode(texts)
        bare.append(time.perf_counter() - started)
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "q.duckdb"
            fresh_warehouse(path, texts)
            cfg = base.with_overrides(warehouse={"path": str(path)})
            started = time.perf_counter()
            assert embed_new.fn(cfg, 5.0, ready) == len(texts)
            pipeline.append(time.perf_counter() - started)
            started = time.perf_counter()
            assert embed_new.fn(cfg, 5.0, None) == 0
            rerun.append(time.perf_counter() - started)
            query = embedder.encode(["Transparency builds trust with customers."])[0]
            with db.connect(path, read_only=True) as con:
                for _ in range(5):
                    started = time.perf_counter()
                    vectors.search(con, query, embedder.model_version, 10)
                    search.append(time.perf_counter() - started)

    b, p = statistics.median(bare), statistics.median(pipeline)
    print(f"statements: {len(texts)}, repeats: {args.repeat}")
    print(f"bare model:  {len(texts) / b:6.1f} sentences/s  ({b:.2f} s)")
    print(f"in pipeline: {len(texts) / p:6.1f} sentences/s  ({p:.2f} s)  overhead {100 * (p - b) / b:+.1f} %")
    print(f"re-run with nothing to embed: {1000 * statistics.median(rerun):.0f} ms (model not loaded)")
    print(f"similar search over {len(texts)} vectors: p50 {1000 * statistics.median(search):.1f} ms")


if __name__ == "__main__":
    main()
