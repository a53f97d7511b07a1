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

from warehouse.db import sql_list

# Graph parameters: 16 neighbours a node, wide beams. Measured in bench/run.py (--search): recall@10 after
# exact re-ranking 0.99 at 100k real-like vectors, but 0.85 at 1M with a search beam of 128.
CONNECTIVITY, EXPANSION_ADD, EXPANSION_SEARCH = 16, 128, 128
# A `similar` question (one query, a person waiting) searches wider: recall@10 after re-ranking at 1M real-like
# vectors 0.85 with a beam of 128, 0.93 with 256, 0.98 with 512, the graph's part 1-3 ms (bench/RESULTS.md).
# Linking (thousands of queries a run) keeps 128.
EXPANSION_SIMILAR = 512
_CHUNK = 50_000
# Below this many vectors exact search in SQL answers in milliseconds (bench/RESULTS.md) and needs no index.
BRUTE_FORCE_BELOW = 20_000  # vectors read from DuckDB at a time when (re)building: a bounded slice, not the whole table


def text_id(text_key: str) -> int:
    return int(text_key[:16], 16)


def text_ids(text_keys: Sequence[str]) -> np.ndarray:
    """`text_id` of each key: their first 16 hex digits read at once (a big-endian 64-bit number each)."""
    heads = "".join([k[:16] for k in text_keys])
    if len(heads) == 16 * len(text_keys):
        try:
            raw = bytes.fromhex(heads)
        except ValueError:
            raw = b""
        if len(raw) == 8 * len(text_keys):  # (fromhex skips blanks: then the digits are read one key at a time)
            return np.frombuffer(raw, dtype=">u8").astype(np.uint64)
    return np.fromiter((int(k[:16], 16) for k in text_keys), dtype=np.uint64, count=len(text_keys))


def index_path(db_path: Path | str, model_version: str) -> Path:
    slug = hashlib.sha256(model_version.encode("utf-8")).hexdigest()[:16]
    return Path(f"{db_path}.ann") / f"{slug}.usearch"


def _new_index(dim: int):
    from usearch.index import Index

    return Index(ndim=dim, metric="cos", dtype="f32", connectivity=CONNECTIVITY, expansion_add=EXPANSION_ADD,
                 expansion_search=EXPANSION_SEARCH)


def _fetch(graph, ids: np.ndarray, dim: int) -> tuple[np.ndarray, np.ndarray]:
    """The vectors `graph` holds for `ids`: an (n, dim) float32 matrix and a mask of the ids it holds (the rows of
    the others are zeros). usearch's `get` gives one array per key and casts each in Python; its compiled call and
    one concatenation cost a tenth of that (and np.stack of the rows as much again) at 100k vectors."""
    if not len(ids) or not len(graph):
        return np.zeros((len(ids), dim), dtype=np.float32), np.zeros(len(ids), dtype=bool)
    compiled = getattr(graph, "_compiled", None)
    if compiled is not None and hasattr(compiled, "get_many"):
        from usearch.index import ScalarKind

        rows = compiled.get_many(np.ascontiguousarray(ids, dtype=np.uint64), ScalarKind.F32)
    else:
        rows = graph.get(ids)
    rows = [rows] if isinstance(rows, np.ndarray) and rows.ndim == 1 and len(ids) == 1 else list(rows)
    held = np.fromiter((row is not None for row in rows), dtype=bool, count=len(rows))
    if held.all():  # the usual case: the rows concatenated are the matrix (no second matrix to fill and copy into)
        return np.concatenate(rows).astype(np.float32, copy=False).reshape(len(ids), dim), held
    out = np.zeros((len(ids), dim), dtype=np.float32)
    if held.any():
        out[held] = np.concatenate([row for row in rows if row is not None]).reshape(-1, dim)
    return out, held


class VectorIndex:
    """The vectors of one model version: nearest texts, and the vectors themselves by text key.

    Opened from its file, the index is a read-only view of it (memory-mapped: opening costs nothing that grows with
    the warehouse, pages are read as the graph is walked), and vectors added afterwards go to a small second graph,
    the delta, saved beside it. The main file is rewritten only when the delta has grown to an eighth of it, so the
    cost of keeping the file, per vector added, does not grow with the warehouse. A search asks both graphs."""

    def __init__(self, path: Path, dim: int, index=None, watermark: str | None = None, delta=None):
        self.path, self.dim, self.watermark = path, dim, watermark
        self.index = index if index is not None else _new_index(dim)  # the main graph (a view when from a file)
        self.viewed = index is not None                                # then new vectors go to the delta
        self.delta = delta if delta is not None else _new_index(dim)
        self.dirty = False
        self._ids = np.zeros(0, dtype=np.uint64)        # sorted key of every text in the main graph ...
        self._keys = np.zeros(0, dtype="S32")           # ... and its full text_key (found by `text_keys`)
        self._delta_ids = np.zeros(0, dtype=np.uint64)  # the same for the delta
        self._delta_keys = np.zeros(0, dtype="S32")
        self._pending: list[tuple[np.ndarray, np.ndarray]] = []

    def __len__(self) -> int:
        return len(self.index) + len(self.delta)

    def contains(self, ids: np.ndarray) -> np.ndarray:
        """Whether each id (`text_ids`) has a vector here."""
        ids = np.asarray(ids, dtype=np.uint64)
        if not len(ids):
            return np.zeros(0, dtype=bool)
        found = np.asarray(self.index.contains(ids), dtype=bool).reshape(-1)
        if len(self.delta):
            found |= np.asarray(self.delta.contains(ids), dtype=bool).reshape(-1)
        return found

    def add(self, keys: Sequence[str], vectors: np.ndarray) -> int:
        """Add vectors of texts not in the index yet; return how many were added."""
        if not len(keys):
            return 0
        ids = text_ids(keys)
        ids, first = np.unique(ids, return_index=True)
        vectors = np.asarray(vectors, dtype=np.float32)[first]
        new = ~self.contains(ids)
        if new.any():
            (self.delta if self.viewed else self.index).add(ids[new], np.ascontiguousarray(vectors[new]))
            self._pending.append((ids[new], np.asarray([keys[i] for i in first[new]], dtype="S32")))
            self.dirty = True
        return int(new.sum())

    def vectors(self, keys: Sequence[str]) -> np.ndarray:
        """The stored vectors of `keys` (every key must be in the index), one row each, unit length."""
        if not len(keys):
            return np.zeros((0, self.dim), dtype=np.float32)
        found, held = self._get(text_ids(keys))
        if not held.all():
            missing = [k for k, ok in zip(keys, held) if not ok][:3]
            raise KeyError(f"{self.path}: no vector for text(s) {missing}")
        return found

    def _get(self, ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(vectors, held): the main graph's rows, then the delta's for the ids the main graph lacks."""
        found, held = _fetch(self.index, ids, self.dim)
        if not held.all() and len(self.delta):
            missing = np.flatnonzero(~held)
            more, got = _fetch(self.delta, ids[missing], self.dim)
            found[missing[got]] = more[got]
            held[missing[got]] = True
        return found, held

    def text_keys(self, ids: np.ndarray) -> list[str]:
        """The full text_key of each id (an id the index does not hold gives an empty string)."""
        self._merge()
        ids = np.asarray(ids, dtype=np.uint64)
        out = [""] * len(ids)
        for known, keys in ((self._ids, self._keys), (self._delta_ids, self._delta_keys)):
            if not len(known):
                continue
            at = np.minimum(np.searchsorted(known, ids), len(known) - 1)
            for n in np.flatnonzero(known[at] == ids):
                out[n] = keys[at[n]].decode()
        return out

    def _merge(self) -> None:
        """The ids and keys added since the last call, sorted into the main graph's arrays or the delta's."""
        if self._pending:
            main = not self.viewed
            ids = np.concatenate([self._ids if main else self._delta_ids] + [p[0] for p in self._pending])
            keys = np.concatenate([self._keys if main else self._delta_keys] + [p[1] for p in self._pending])
            order = np.argsort(ids, kind="stable")
            if main:
                self._ids, self._keys = ids[order], keys[order]
            else:
                self._delta_ids, self._delta_keys = ids[order], keys[order]
            self._pending = []

    def vectors_by_id(self, ids: np.ndarray) -> np.ndarray:
        ids = np.asarray(ids, dtype=np.uint64)
        found, held = self._get(ids)
        if not held.all():
            raise KeyError("no vector for an id asked")
        return found

    def nearest(self, queries: np.ndarray, k: int, expansion: int = EXPANSION_SEARCH) -> tuple[np.ndarray, np.ndarray]:
        """(ids, cosines) of up to k texts per query, best first, by the graph (cosines exact, ranks approximate;
        `expansion`: how wide the graph is searched); a row shorter than k is padded with id 0 and cosine -inf."""
        queries = np.atleast_2d(np.asarray(queries, dtype=np.float32))
        k = max(1, min(k, len(self)))
        if not len(self) or not len(queries):
            return np.zeros((len(queries), 0), np.uint64), np.zeros((len(queries), 0), np.float32)
        found = [_search(graph, queries, k, expansion) for graph in (self.index, self.delta) if len(graph)]
        if len(found) == 1:
            return found[0]
        ids, cos = np.concatenate([f[0] for f in found], axis=1), np.concatenate([f[1] for f in found], axis=1)
        best = np.argsort(-cos, axis=1, kind="stable")[:, :k]
        return np.take_along_axis(ids, best, axis=1), np.take_along_axis(cos, best, axis=1)

    def save(self) -> None:
        """Write what was added: the delta alone while it is under an eighth of the main graph, else everything into
        one main file (the delta emptied)."""
        if not self.dirty:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._merge()
        if self.viewed and len(self.delta) * 8 >= len(self.index):
            self._fold_delta()
        if self.viewed:
            _write_graph(self.delta, self._delta_ids, self._delta_keys, _delta_path(self.path))
        else:
            _write_graph(self.index, self._ids, self._keys, self.path)
            for old in (_delta_path(self.path), _delta_path(self.path).with_suffix(".keys")):
                old.unlink(missing_ok=True)
        meta = self.path.with_suffix(".json")
        tmp = meta.with_suffix(".json.tmp")
        tmp.write_text(json.dumps({"count": len(self.index), "delta": len(self.delta), "dim": self.dim,
                                   "watermark": self.watermark}))
        os.replace(tmp, meta)
        self.dirty = False

    def _fold_delta(self, full=None) -> None:
        """The main graph in memory (`full`, else loaded from the file) with the delta's vectors added to it."""
        from usearch.index import Index

        if full is None:
            full = Index.restore(str(self.path), view=False)
            full.expansion_search = EXPANSION_SEARCH
        if len(self._delta_ids):
            full.add(self._delta_ids, self.vectors_by_id(self._delta_ids))
            self.dirty = True
        ids = np.concatenate([self._ids, self._delta_ids])
        keys = np.concatenate([self._keys, self._delta_keys])
        order = np.argsort(ids, kind="stable")
        self.index, self.viewed, self.delta = full, False, _new_index(self.dim)
        self._ids, self._keys = ids[order], keys[order]
        self._delta_ids, self._delta_keys = np.zeros(0, dtype=np.uint64), np.zeros(0, dtype="S32")


def _search(graph, queries: np.ndarray, k: int, expansion: int) -> tuple[np.ndarray, np.ndarray]:
    """(ids, cosines) of one graph, k columns (padded with id 0, cosine -inf)."""
    k = min(k, len(graph))
    if graph.expansion_search != expansion:
        graph.expansion_search = expansion
    # a small graph is searched exactly: as fast, and the results never depend on the graph
    found = graph.search(queries, k, exact=len(graph) < BRUTE_FORCE_BELOW)
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


def _delta_path(path: Path) -> Path:
    return path.with_suffix(".delta.usearch")


def _write_graph(graph, ids: np.ndarray, keys: np.ndarray, path: Path) -> None:
    """A graph and its keys, each written beside and renamed over the old file (a reader never sees half one)."""
    tmp = path.with_suffix(path.suffix + ".tmp")
    graph.save(str(tmp))
    keys_tmp = path.with_suffix(".keys.tmp")
    with open(keys_tmp, "wb") as f:
        np.savez(f, ids=ids, keys=keys)
    os.replace(keys_tmp, path.with_suffix(".keys"))
    os.replace(tmp, path)


def _table_state(con: duckdb.DuckDBPyConnection, model_version: str) -> tuple[int, str | None, int]:
    count, newest = con.execute("SELECT count(*), max(embedded_at)::VARCHAR FROM embeddings WHERE model_version = ?",
                                [model_version]).fetchone()
    dim = con.execute("SELECT len(vector) FROM embeddings WHERE model_version = ? LIMIT 1", [model_version]).fetchone()
    return int(count), newest, int(dim[0]) if dim else 0


def _add_since(index: VectorIndex, con: duckdb.DuckDBPyConnection, model_version: str,
               since: str | None) -> None:
    """Add the table's vectors embedded at or after `since` (all when None), a bounded chunk at a time.

    Those embedded at `since` itself are the batch the index was last brought up to, held already but for one that
    committed after it was saved: their keys are read, and the vectors of those the index lacks only (a batch of
    50,000 vectors read again, at every opening, cost a run 0.3 s)."""
    where, params = "model_version = ?", [model_version]
    if since is not None:
        at = "model_version = ? AND embedded_at = ?::TIMESTAMP"
        keys = [r[0] for r in con.execute(f"SELECT text_key FROM embeddings WHERE {at}",
                                          [model_version, since]).fetchall()]
        missing = [k for k, held in zip(keys, index.contains(text_ids(keys))) if not held]
        for start in range(0, len(missing), 1000):  # as constants: the scan reads the vectors of these rows only
            listed = sql_list(missing[start:start + 1000])
            _add_rows(index, con.execute(f"SELECT text_key, vector FROM embeddings WHERE {at}"
                                         f" AND text_key IN ({listed})", [model_version, since]))
        where, params = where + " AND embedded_at > ?::TIMESTAMP", params + [since]
    _add_rows(index, con.execute(f"SELECT text_key, vector FROM embeddings WHERE {where}", params))


def _add_rows(index: VectorIndex, result: duckdb.DuckDBPyConnection) -> None:
    """Add the (text_key, vector) rows of a query's `result`, `_CHUNK` rows at a time."""
    for batch in result.to_arrow_reader(_CHUNK):
        keys = batch.column(0).to_pylist()
        flat = batch.column(1).flatten().to_numpy(zero_copy_only=False).astype(np.float32, copy=False)
        index.add(keys, flat.reshape(len(keys), -1))


def open_index(con: duckdb.DuckDBPyConnection, db_path: Path | str, model_version: str,
               rebuild: bool = False) -> VectorIndex:
    """The index of `model_version`'s vectors, brought up to date with the table (and saved if it changed)."""
    path = index_path(db_path, model_version)
    count, newest, dim = _table_state(con, model_version)
    # a view unless the delta would reach an eighth of the main graph: then the main graph is loaded and the new
    # vectors go straight into it (not into the delta first, then again into the main graph when it is saved)
    try:
        info = json.loads(path.with_suffix(".json").read_text())
        view = (count - int(info["count"])) * 8 < int(info["count"])
    except (OSError, ValueError, KeyError, TypeError):
        view = True
    index = None if rebuild else _load(path, dim, view=view)
    if index is not None and index.watermark != newest:
        _add_since(index, con, model_version, index.watermark)
    if index is None or len(index) < count:  # missing, unreadable or fewer vectors than the table: rebuild
        index = VectorIndex(path, dim or 384)
        _add_since(index, con, model_version, None)
        index.dirty = True
    index.watermark = newest
    index.save()
    return index


# index file -> (its metadata's mtime, the index, the embeddings table's stored rows when it was last found complete)
_OPEN: dict[Path, tuple[int, VectorIndex, int | None]] = {}


def _stored_rows(con: duckdb.DuckDBPyConnection) -> int | None:
    """The rows the embeddings table holds as its catalog counts them (all models; no scan), None where the catalog
    has no count. Vectors are only ever added to the table, and every insert changes this number (a deleted row
    is still counted until the table is vacuumed)."""
    row = con.execute("SELECT estimated_size FROM duckdb_tables() WHERE database_name = current_database()"
                      " AND schema_name = current_schema() AND table_name = 'embeddings'").fetchone()
    return int(row[0]) if row and row[0] is not None else None


def existing_index(con: duckdb.DuckDBPyConnection, model_version: str) -> VectorIndex | None:
    """The index of the warehouse `con` is open on, brought up to date, or None when it has none yet (a search
    on a read-only connection does not build one: the next run does). Its file is rewritten only when it gained
    vectors and the folder is writable.

    A service asks for every question: while neither the index file nor the table's row count changed since the
    index was last found complete, it is returned as it is, without reading the table (its count and newest
    vector are a scan of every vector)."""
    row = con.execute("SELECT path FROM duckdb_databases() WHERE database_name = current_database()").fetchone()
    if not row or not row[0]:
        return None
    path = index_path(row[0], model_version)
    meta = path.with_suffix(".json")  # rewritten whenever the main graph or the delta is
    try:
        stamp = meta.stat().st_mtime_ns
    except OSError:
        return None
    stored = _stored_rows(con)
    cached = _OPEN.get(path)
    if cached and cached[0] == stamp and stored is not None and cached[2] == stored:
        return cached[1]
    index = cached[1] if cached and cached[0] == stamp else _load(path, 0)
    if index is None:
        return None
    _OPEN[path] = (stamp, index, None)  # a service asking again reuses it while the file is unchanged
    count, newest, _ = _table_state(con, model_version)
    if index.watermark != newest:
        _add_since(index, con, model_version, index.watermark)
        index.watermark = newest
        try:
            index.save()
            _OPEN[path] = (meta.stat().st_mtime_ns, index, None)
        except OSError:
            pass
    if len(index) < count:
        return None
    _OPEN[path] = (_OPEN[path][0], index, stored)
    return index


def _load(path: Path, dim: int, view: bool = True) -> VectorIndex | None:
    """The index saved at `path`: its main graph a view of the file, or (`view` False) loaded into memory with the
    delta's vectors added to it (then saved whole by the next `save`)."""
    from usearch.index import Index

    meta = path.with_suffix(".json")
    delta_path = _delta_path(path)
    try:
        info = json.loads(meta.read_text())
        restored = Index.restore(str(path), view=view)
        with np.load(path.with_suffix(".keys")) as saved:
            ids, keys = saved["ids"], saved["keys"]
        delta, delta_ids, delta_keys = None, np.zeros(0, dtype=np.uint64), np.zeros(0, dtype="S32")
        if info.get("delta"):
            delta = Index.restore(str(delta_path), view=False)
            with np.load(delta_path.with_suffix(".keys")) as saved:
                delta_ids, delta_keys = saved["ids"], saved["keys"]
    except (OSError, ValueError, RuntimeError, KeyError):
        return None
    if restored is None or len(restored) != info.get("count") or len(ids) != len(restored) \
            or (dim and restored.ndim != dim) or (info.get("delta") and (
                delta is None or len(delta) != info["delta"] or len(delta_ids) != len(delta)
                or delta.ndim != restored.ndim)):
        return None
    restored.expansion_search = EXPANSION_SEARCH
    if delta is not None:
        delta.expansion_search = EXPANSION_SEARCH
    index = VectorIndex(path, restored.ndim, restored, info.get("watermark"), delta)
    index._ids, index._keys, index._delta_ids, index._delta_keys = ids, keys, delta_ids, delta_keys
    if not view:
        index._fold_delta(restored)
    return index
