"""Top-k cosine search in DuckDB: brute force vs the vss HNSW index, at 10k / 100k / 1M vectors.

    python bench/bench_search.py [--sizes 10000 100000 1000000] [--queries 50] [--k 10]

Vectors are synthetic, 384-d, L2-normalized and clustered like sentence embeddings (topics; texts of
one topic ~0.7 apart); half the queries are near-duplicates of stored vectors (a translation, cosine
~0.93), half fresh points of the same mixture. Each size gets a fresh persistent DuckDB file, as the
warehouse is one. Brute force is `array_cosine_distance` over a FLOAT[384] column, ORDER BY … LIMIT k,
the query bound as a parameter (array text cast `?::FLOAT[384]`; a Python-list binding is timed too);
the same SQL is what the HNSW index rewrites (checked with EXPLAIN).
Prints one JSON object per size.
"""
from __future__ import annotations

import argparse
import importlib.resources
import json
import os
import resource
import tempfile
import time
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa

DIM = 384
TOPK_SQL = "SELECT id FROM vectors ORDER BY array_cosine_distance(vec, ?::FLOAT[384]) LIMIT ?"
SIM_SQL = "SELECT id FROM vectors ORDER BY array_cosine_similarity(vec, ?::FLOAT[384]) DESC LIMIT ?"


def vss_extension_path() -> Path:
    """The vss build the `duckdb-extension-vss` wheel ships for this duckdb version (no network)."""
    return Path(str(importlib.resources.files("duckdb_extension_vss").joinpath(
        "extensions", f"v{duckdb.__version__}", "vss.duckdb_extension")))


def load_vss(con: duckdb.DuckDBPyConnection) -> None:
    # LOAD takes no bound parameters; the path is ours, quoted for SQL.
    con.execute("LOAD '{}'".format(str(vss_extension_path()).replace("'", "''")))


def unit(x: np.ndarray) -> np.ndarray:
    return (x / np.linalg.norm(x, axis=1, keepdims=True)).astype(np.float32)


class Mixture:
    """Topic centers; a text = its topic + noise (cos to topic ~0.86, to a same-topic text ~0.74)."""

    def __init__(self, n_topics: int, seed: int = 7):
        self.rng = np.random.default_rng(seed)
        self.centers = unit(self.rng.standard_normal((n_topics, DIM))) if n_topics else None

    def sample(self, n: int) -> np.ndarray:
        noise = unit(self.rng.standard_normal((n, DIM)))
        if self.centers is None:  # isotropic: no structure at all, the hardest case for HNSW
            return noise
        return unit(self.centers[self.rng.integers(0, len(self.centers), n)] + 0.6 * noise)


def fill(con, n: int, mixture: Mixture, chunk: int = 100_000) -> np.ndarray:
    """Insert n vectors in chunks (bounded memory); return a sample of them for near-duplicate queries."""
    con.execute(f"CREATE TABLE vectors (id INTEGER PRIMARY KEY, vec FLOAT[{DIM}] NOT NULL)")
    keep = []
    for start in range(0, n, chunk):
        x = mixture.sample(min(chunk, n - start))
        table = pa.table({"id": pa.array(np.arange(start, start + len(x), dtype=np.int32)),
                          "vec": pa.FixedSizeListArray.from_arrays(pa.array(x.ravel()), DIM)})
        con.register("chunk", table)
        con.execute("INSERT INTO vectors SELECT id, vec FROM chunk")
        con.unregister("chunk")
        keep.append(x[:50])
    return np.vstack(keep)


def as_text(q: np.ndarray) -> str:
    """The vector as DuckDB array text. Bound as VARCHAR and cast, it costs ~1 ms; bound as a Python
    list of 384 floats the binding alone costs ~50-130 ms (duckdb 1.5.5 Python value conversion)."""
    return "[" + ",".join(map(repr, q.astype(np.float64).tolist())) + "]"  # float32 -> exact decimal


def timed(con, sql: str, queries: np.ndarray, k: int, bind=as_text) -> tuple[list[list[int]], list[float]]:
    ids, ms = [], []
    for q in queries:
        t = time.perf_counter()
        rows = con.execute(sql, [bind(q), k]).fetchall()
        ms.append((time.perf_counter() - t) * 1000)
        ids.append([r[0] for r in rows])
    return ids, ms


def stats(ms: list[float]) -> dict:
    return {"p50_ms": round(float(np.percentile(ms, 50)), 2), "p95_ms": round(float(np.percentile(ms, 95)), 2),
            "n": len(ms)}


def recall(approx: list[list[int]], exact: list[list[int]]) -> float:
    return float(np.mean([len(set(a) & set(e)) / len(e) for a, e in zip(approx, exact)]))


def rss_mb() -> int:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)


def run(n: int, n_queries: int, k: int, workdir: Path, threads: int, memory_limit: str, mixture: str) -> dict:
    db = workdir / f"bench_{n}.duckdb"
    con = duckdb.connect(str(db))
    con.execute(f"SET threads = {threads}")
    con.execute(f"SET memory_limit = '{memory_limit}'")
    load_vss(con)
    con.execute("SET hnsw_enable_experimental_persistence = true")
    data = Mixture(n_topics=max(50, n // 200) if mixture == "topics" else 0)
    t = time.perf_counter()
    stored = fill(con, n, data)
    con.execute("CHECKPOINT")
    out: dict = {"n": n, "mixture": mixture, "k": k, "threads": threads, "load_s": round(time.perf_counter() - t, 1),
                 "load_avg_1m": round(os.getloadavg()[0], 2)}

    rng = np.random.default_rng(11)
    near = unit(stored[rng.choice(len(stored), n_queries // 2, replace=False)]
                + 0.38 * unit(rng.standard_normal((n_queries // 2, DIM))))  # cosine ~0.93 to a stored vector
    fresh = data.sample(n_queries - len(near))
    queries = np.empty((n_queries, DIM), np.float32)
    queries[0::2], queries[1::2] = near, fresh  # interleaved: any prefix has both kinds
    brute_q = queries if n < 1_000_000 else queries[: max(10, n_queries // 2)]  # 1M brute: fewer, each ~s

    timed(con, TOPK_SQL, brute_q[:2], k)  # warm the buffer pool
    exact, ms = timed(con, TOPK_SQL, brute_q, k)
    out["brute_distance"] = stats(ms)
    _, ms = timed(con, SIM_SQL, brute_q[: len(brute_q) // 2 or 1], k)
    out["brute_similarity_desc"] = stats(ms)
    _, ms = timed(con, TOPK_SQL, brute_q[:5], k, bind=lambda q: q.tolist())
    out["brute_distance_list_bound"] = stats(ms)

    t = time.perf_counter()
    con.execute("CREATE INDEX vectors_hnsw ON vectors USING HNSW (vec) WITH (metric = 'cosine')")
    out["hnsw_build_s"] = round(time.perf_counter() - t, 1)
    t = time.perf_counter()
    con.execute("CHECKPOINT")
    out["hnsw_checkpoint_s"] = round(time.perf_counter() - t, 1)
    plan = con.execute("EXPLAIN " + TOPK_SQL, [as_text(queries[0]), k]).fetchall()[0][1]
    out["hnsw_used_by_plan"] = "HNSW_INDEX_SCAN" in plan
    out["hnsw_used_for_similarity_desc"] = "HNSW_INDEX_SCAN" in con.execute(
        "EXPLAIN " + SIM_SQL, [as_text(queries[0]), k]).fetchall()[0][1]

    timed(con, TOPK_SQL, queries[:2], k)
    approx, ms = timed(con, TOPK_SQL, queries, k)
    out["hnsw"] = stats(ms)
    _, ms = timed(con, TOPK_SQL, queries[:5], k, bind=lambda q: q.tolist())
    out["hnsw_list_bound"] = stats(ms)
    approx = approx[: len(exact)]
    out["hnsw_recall_at_k"] = round(recall(approx, exact), 4)
    out["hnsw_recall_near_duplicate_queries"] = round(recall(approx[0::2], exact[0::2]), 4)
    out["hnsw_recall_fresh_queries"] = round(recall(approx[1::2], exact[1::2]), 4)
    out["hnsw_top1_near_duplicate"] = float(np.mean([a[:1] == e[:1] for a, e in zip(approx[0::2], exact[0::2])]))
    con.execute("SET hnsw_ef_search = 128")
    approx128, ms = timed(con, TOPK_SQL, queries, k)
    out["hnsw_ef128"] = {**stats(ms), "recall_at_k": round(recall(approx128[: len(exact)], exact), 4)}
    con.close()

    out["db_file_mb"] = round(db.stat().st_size / 1e6)
    t = time.perf_counter()
    con = duckdb.connect(str(db))
    load_vss(con)
    con.execute("SET hnsw_enable_experimental_persistence = true")
    con.execute(TOPK_SQL, [as_text(queries[0]), k]).fetchall()
    out["reopen_first_hnsw_query_s"] = round(time.perf_counter() - t, 2)
    con.close()
    out["peak_rss_mb_so_far"] = rss_mb()
    db.unlink()
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    ap.add_argument("--queries", type=int, default=50)
    ap.add_argument("--k", type=int, default=10)
    ap.add_argument("--threads", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--memory-limit", default="12GB")
    ap.add_argument("--workdir", type=Path, default=None)
    ap.add_argument("--mixture", choices=["topics", "uniform"], default="topics",
                    help="topics: clustered like sentence embeddings; uniform: isotropic random (worst case)")
    args = ap.parse_args()
    print(json.dumps({"duckdb": duckdb.__version__, "vss": str(vss_extension_path().name),
                      "load_avg": os.getloadavg()}))
    with tempfile.TemporaryDirectory(prefix="quoteline-search-", dir=args.workdir) as tmp:
        for n in args.sizes:
            print(json.dumps(run(n, args.queries, args.k, Path(tmp), args.threads, args.memory_limit, args.mixture)),
                  flush=True)


if __name__ == "__main__":
    main()
