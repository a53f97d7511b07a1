"""An approximate-nearest-neighbour index of one model's vectors, kept beside the DuckDB file.

Brute force over every stored vector costs a second a query at a million statements, and linking a night's
statements against everything stored would cost the square of the warehouse. An HNSW graph (usearch) finds the
nearest texts in about a millisecond; callers re-rank its candidates exactly. The index holds the float32
vectors themselves (exactly as stored in `embeddings`), so re-ranking and linking read vectors from it without
scanning the table.

The index is a cache of the `embeddings` table, never the truth: one file per model version in
`<warehouse>.ann/`, with a small JSON beside it saying how many vectors it holds and the newest `embedded_at`
among them. Opening it adds what the table gained since (a run killed between storing vectors and saving the
index loses nothing), and a missing, unreadable or mismatched file is rebuilt from the table. Keys are the first
64 bits of a statement's `text_key` (a SHA-256 prefix: collisions are not a concern at any size a warehouse reaches).
"""
from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Sequence

import duckdb
import numpy as np

# Graph parameters: 16 neighbours a node, wide beams. Measured in bench/run.py (--search): recall@10 after
# exact re-ranking >= 0.99 at 1M real-like vectors.
CONNECTIVITY, EXPANSION_ADD, EXPANSION_SEARCH = 16, 128, 128
_CHUNK = 50_000
# Below this many vectors exact search in SQL answers in milliseconds (bench/RESULTS.md) and needs no index.
BRUTE_FORCE_BELOW = 20_000  # vectors read from DuckDB at a time when (re)building: a bounded slice, not the whole table


def text_id(text_key: str) -> int:
    return int(text_key[:16], 16)


def text_ids(text_keys: Sequence[str]) -> np.ndarray:
    return np.fromiter((int(k[:16], 16) for k in text_keys), dtype=np.uint64, count=len(text_keys))


def index_path(db_path: Path | str, model_version: str) -> Path:
    slug = hashlib.sha256(model_version.encode("utf-8")).hexdigest()[:16]
    return Path(f"{db_path}.ann") / f"{slug}.usearch"


class VectorIndex:
    """The vectors of one model version: nearest texts, and the vectors themselves by text key."""

    def __init__(self, path: Path, dim: int, index=None, watermark: str | None = None):
        from usearch.index import Index

        self.path, self.dim, self.watermark = path, dim, watermark
        self.index = index if index is not None else Index(
            ndim=dim, metric="cos", dtype="f32", connectivity=CONNECTIVITY, expansion_add=EXPANSION_ADD,
            expansion_search=EXPANSION_SEARCH)
        self.dirty = False
        self._ids = np.zeros(0, dtype=np.uint64)        # sorted key of every text in the index ...
        self._keys = np.zeros(0, dtype="S32")           # ... and its full text_key (found by `text_keys`)
        self._pending: list[tuple[np.ndarray, np.ndarray]] = []

    def __len__(self) -> int:
        return len(self.index)

    def add(self, keys: Sequence[str], vectors: np.ndarray) -> int:
        """Add vectors of texts not in the index yet; return how many were added."""
        if not len(keys):
            return 0
        ids = text_ids(keys)
        ids, first = np.unique(ids, return_index=True)
        vectors = np.asarray(vectors, dtype=np.float32)[first]
        new = ~np.asarray(self.index.contains(ids), dtype=bool).reshape(-1)
        if new.any():
            self.index.add(ids[new], np.ascontiguousarray(vectors[new]))
            self._pending.append((ids[new], np.asarray([keys[i] for i in first[new]], dtype="S32")))
            self.dirty = True
        return int(new.sum())

    def vectors(self, keys: Sequence[str]) -> np.ndarray:
        """The stored vectors of `keys` (every key must be in the index), one row each, unit length."""
        if not len(keys):
            return np.zeros((0, self.dim), dtype=np.float32)
        got = self.index.get(text_ids(keys))
        rows = list(got) if isinstance(got, tuple) else got
        if any(row is None for row in rows):
            missing = [k for k, row in zip(keys, rows) if row is None][:3]
            raise KeyError(f"{self.path}: no vector for text(s) {missing}")
        return np.ascontiguousarray(np.asarray(rows, dtype=np.float32).reshape(len(keys), self.dim))

    def text_keys(self, ids: np.ndarray) -> list[str]:
        """The full text_key of each id (an id the index does not hold gives an empty string)."""
        self._merge()
        ids = np.asarray(ids, dtype=np.uint64)
        at = np.minimum(np.searchsorted(self._ids, ids), max(len(self._ids) - 1, 0))
        if not len(self._ids):
            return [""] * len(ids)
        return [k.decode() if i == self._ids[a] else "" for i, a, k in zip(ids, at, self._keys[at])]

    def _merge(self) -> None:
        if self._pending:
            ids = np.concatenate([self._ids] + [p[0] for p in self._pending])
            keys = np.concatenate([self._keys] + [p[1] for p in self._pending])
            order = np.argsort(ids, kind="stable")
            self._ids, self._keys, self._pending = ids[order], keys[order], []

    def vectors_by_id(self, ids: np.ndarray) -> np.ndarray:
        got = self.index.get(np.asarray(ids, dtype=np.uint64))
        return np.asarray(list(got) if isinstance(got, tuple) else got, dtype=np.float32).reshape(len(ids), self.dim)

    def nearest(self, queries: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """(ids, cosines) of up to k texts per query, best first, by the graph (cosines exact, ranks approximate);
        a row shorter than k is padded with id 0 and cosine -inf."""
        queries = np.atleast_2d(np.asarray(queries, dtype=np.float32))
        k = max(1, min(k, len(self.index)))
        if not len(self.index) or not len(queries):
            return np.zeros((len(queries), 0), np.uint64), np.zeros((len(queries), 0), np.float32)
        # a small index is searched exactly: as fast, and the results never depend on the graph
        found = self.index.search(queries, k, exact=len(self.index) < BRUTE_FORCE_BELOW)
        if hasattr(found, "counts"):  # a batch
            ids = np.asarray(found.keys, dtype=np.uint64).reshape(len(queries), -1)
            cos = 1.0 - np.asarray(found.distances, dtype=np.float32).reshape(len(queries), -1)
            counts = np.asarray(found.counts).reshape(-1)
        else:  # one query: its matches only
            ids = np.zeros((1, k), np.uint64)
            cos = np.zeros((1, k), np.float32)
            got = np.asarray(found.keys, dtype=np.uint64).reshape(-1)
            ids[0, :len(got)] = got
            cos[0, :len(got)] = 1.0 - np.asarray(found.distances, dtype=np.float32).reshape(-1)
            counts = np.array([len(got)])
        cos[np.arange(ids.shape[1])[None, :] >= counts[:, None]] = -np.inf
        return ids, cos

    def save(self) -> None:
        if not self.dirty:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp")
        self.index.save(str(tmp))
        self._merge()
        keys_tmp = self.path.with_suffix(".keys.tmp")
        with open(keys_tmp, "wb") as f:
            np.savez(f, ids=self._ids, keys=self._keys)
        os.replace(keys_tmp, self.path.with_suffix(".keys"))
        os.replace(tmp, self.path)  # a reader never sees half a file
        meta = self.path.with_suffix(".json")
        meta.write_text(json.dumps({"count": len(self.index), "dim": self.dim, "watermark": self.watermark}))
        self.dirty = False


def _table_state(con: duckdb.DuckDBPyConnection, model_version: str) -> tuple[int, str | None, int]:
    count, newest = con.execute("SELECT count(*), max(embedded_at)::VARCHAR FROM embeddings WHERE model_version = ?",
                                [model_version]).fetchone()
    dim = con.execute("SELECT len(vector) FROM embeddings WHERE model_version = ? LIMIT 1", [model_version]).fetchone()
    return int(count), newest, int(dim[0]) if dim else 0


def _add_since(index: VectorIndex, con: duckdb.DuckDBPyConnection, model_version: str,
               since: str | None) -> None:
    """Add the table's vectors embedded at or after `since` (all when None), a bounded chunk at a time."""
    where, params = "model_version = ?", [model_version]
    if since is not None:
        where, params = where + " AND embedded_at >= ?::TIMESTAMP", params + [since]
    reader = con.execute(f"SELECT text_key, vector FROM embeddings WHERE {where}", params).to_arrow_reader(_CHUNK)
    for batch in reader:
        keys = batch.column(0).to_pylist()
        flat = batch.column(1).flatten().to_numpy(zero_copy_only=False).astype(np.float32, copy=False)
        index.add(keys, flat.reshape(len(keys), -1))


def open_index(con: duckdb.DuckDBPyConnection, db_path: Path | str, model_version: str,
               rebuild: bool = False) -> VectorIndex:
    """The index of `model_version`'s vectors, brought up to date with the table (and saved if it changed)."""
    path = index_path(db_path, model_version)
    count, newest, dim = _table_state(con, model_version)
    index = None if rebuild else _load(path, dim)
    if index is not None and index.watermark != newest:
        _add_since(index, con, model_version, index.watermark)
    if index is None or len(index) < count:  # missing, unreadable or fewer vectors than the table: rebuild
        index = VectorIndex(path, dim or 384)
        _add_since(index, con, model_version, None)
        index.dirty = True
    index.watermark = newest
    index.save()
    return index


_OPEN: dict[Path, tuple[int, VectorIndex]] = {}


def existing_index(con: duckdb.DuckDBPyConnection, model_version: str) -> VectorIndex | None:
    """The index of the warehouse `con` is open on, brought up to date, or None when it has none yet (a search
    on a read-only connection does not build one: the next run does). Its file is rewritten only when it gained
    vectors and the folder is writable."""
    row = con.execute("SELECT path FROM duckdb_databases() WHERE database_name = current_database()").fetchone()
    if not row or not row[0]:
        return None
    path = index_path(row[0], model_version)
    try:
        stamp = path.stat().st_mtime_ns
    except OSError:
        return None
    cached = _OPEN.get(path)
    index = cached[1] if cached and cached[0] == stamp else _load(path, 0)
    if index is None:
        return None
    _OPEN[path] = (stamp, index)  # a service asking again reuses it while the file is unchanged
    count, newest, _ = _table_state(con, model_version)
    if index.watermark != newest:
        _add_since(index, con, model_version, index.watermark)
        index.watermark = newest
        try:
            index.save()
            _OPEN[path] = (path.stat().st_mtime_ns, index)
        except OSError:
            pass
    return index if len(index) >= count else None


def _load(path: Path, dim: int) -> VectorIndex | None:
    from usearch.index import Index

    meta = path.with_suffix(".json")
    try:
        info = json.loads(meta.read_text())
        restored = Index.restore(str(path))
        with np.load(path.with_suffix(".keys")) as saved:
            ids, keys = saved["ids"], saved["keys"]
    except (OSError, ValueError, RuntimeError, KeyError):
        return None
    if restored is None or len(restored) != info.get("count") or len(ids) != len(restored) \
            or (dim and restored.ndim != dim):
        return None
    restored.expansion_search = EXPANSION_SEARCH
    index = VectorIndex(path, restored.ndim, restored, info.get("watermark"))
    index._ids, index._keys = ids, keys
    return index
