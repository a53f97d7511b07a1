"""Vectors, similarity search, cross-language links and speakers: the warehouse side of embedding.

Vectors are keyed by (text_key, model_version): the same normalized text is embedded once per model, and a
model change re-embeds on the next run without touching the old rows. Search is exact (brute force over
`list_cosine_similarity`), with the query vector bound as a parameter: bench/RESULTS.md has the numbers
behind that choice.
"""
from __future__ import annotations

import json
from datetime import datetime, timezone
from typing import Iterable, Sequence

import duckdb
import numpy as np
import pyarrow as pa

from extractors.speakers import SpeakerGroup

STATEMENTS = """
    SELECT 'tweet' AS kind, t.article_id, t.seq, t.text, t.text_key, t.handle, t.label,
           strftime(t.date, '%Y-%m-%d') AS date, t.lang, a.doc
    FROM tweets t JOIN articles a USING (article_id) WHERE a.status = 'active'
    UNION ALL
    SELECT 'quote', q.article_id, q.seq, q.text, q.text_key, NULL, NULL, NULL, q.lang, a.doc
    FROM quotes q JOIN articles a USING (article_id) WHERE a.status = 'active'
"""


def pending_texts(con: duckdb.DuckDBPyConnection, model_version: str) -> list[tuple[str, str]]:
    """(text_key, text) of statements this model has not embedded yet, one per key."""
    return con.execute(
        f"SELECT text_key, any_value(text) FROM ({STATEMENTS}) s"
        " WHERE NOT EXISTS (SELECT 1 FROM embeddings e WHERE e.text_key = s.text_key AND e.model_version = ?)"
        " GROUP BY text_key ORDER BY text_key", [model_version]).fetchall()


def store_vectors(con: duckdb.DuckDBPyConnection, keys: Sequence[str], vectors: np.ndarray,
                  model_version: str) -> int:
    """Insert vectors (one transaction); keys already embedded by this model are left as they are."""
    if not len(keys):
        return 0
    batch = pa.table({"text_key": list(keys),
                      "vector": pa.array(list(np.asarray(vectors, dtype=np.float32)), type=pa.list_(pa.float32()))})
    con.register("new_vectors", batch)
    try:
        con.execute("INSERT OR IGNORE INTO embeddings SELECT text_key, ?, vector, ? FROM new_vectors",
                    [model_version, datetime.now(timezone.utc).replace(tzinfo=None)])
    finally:
        con.unregister("new_vectors")
    return len(keys)


def search(con: duckdb.DuckDBPyConnection, query: np.ndarray, model_version: str, k: int,
           lang: str | None = None) -> list[dict]:
    """The k statements nearest to `query`, in any language (or only `lang`), best first."""
    relation = con.execute(
        "SELECT s.doc, s.seq, s.kind, s.lang, s.who, s.handle,"
        " list_cosine_similarity(e.vector, ?::FLOAT[]) AS score, s.text"
        " FROM v_statements s JOIN embeddings e ON e.text_key = s.text_key AND e.model_version = ?"
        " WHERE ? IS NULL OR s.lang = ?"
        " ORDER BY score DESC, s.doc, s.seq LIMIT ?",
        [vector_literal(query), model_version, lang, lang, k])
    columns = [d[0] for d in relation.description]
    return [dict(zip(columns, row)) for row in relation.fetchall()]


def vector_literal(vector: np.ndarray) -> str:
    """A vector as DuckDB list text, bound as one string parameter and cast in SQL.

    Binding 384 Python floats as a list costs 50–130 ms per query in duckdb 1.5.5; one string costs ~1 ms.
    `repr` of a float32 widened to float64 round-trips exactly.
    """
    return "[" + ",".join(repr(float(x)) for x in np.asarray(vector, dtype=np.float32)) + "]"


def link_inputs(con: duckdb.DuckDBPyConnection, model_version: str) -> list[tuple]:
    """Every statement with its vector: (kind, article_id, seq, doc, handle, label, date, lang, vector)."""
    return con.execute(
        f"SELECT s.kind, s.article_id, s.seq, s.doc, s.handle, s.label, s.date, s.lang, e.vector FROM ({STATEMENTS}) s"
        " JOIN embeddings e ON e.text_key = s.text_key AND e.model_version = ? ORDER BY s.doc, s.kind, s.seq",
        [model_version]).fetchall()


def replace_links(con: duckdb.DuckDBPyConnection, links: Iterable[tuple], model_version: str) -> int:
    """Links as ((kind, article_id, seq), (kind, article_id, seq) of the canonical member, score, evidence)."""
    rows = [[a[0], a[1], a[2], b[0], b[1], b[2], float(score), json.dumps(evidence, default=float), model_version]
            for a, b, score, evidence in links]
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute("DELETE FROM links")
        if rows:
            con.executemany("INSERT INTO links VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    return len(rows)


def people(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str | None]]:
    """(name, handle) of every tweet author and quote speaker, in order of first appearance."""
    return con.execute(
        "SELECT who, handle FROM (SELECT who, handle, min(doc || lpad(seq::VARCHAR, 6, '0')) AS first"
        " FROM v_statements WHERE who IS NOT NULL GROUP BY who, handle) ORDER BY first").fetchall()


def replace_speakers(con: duckdb.DuckDBPyConnection, groups: Sequence[SpeakerGroup]) -> int:
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute("DELETE FROM speaker_names")
        con.execute("DELETE FROM speakers")
        if groups:
            con.executemany("INSERT INTO speakers VALUES (?, ?, ?)",
                            [[i, g.canonical_name, g.handle] for i, g in enumerate(groups, 1)])
            con.executemany("INSERT OR IGNORE INTO speaker_names VALUES (?, ?)",
                            [[i, name] for i, g in enumerate(groups, 1) for name in g.names])
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    return len(groups)
