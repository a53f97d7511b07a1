"""Vectors, similarity search, cross-language links and speakers: the warehouse side of embedding.

Vectors are keyed by (text_key, model_version): the same normalized text is embedded once per model, and a
model change re-embeds on the next run without touching the old rows. Search goes through the HNSW index kept
beside the warehouse (warehouse/ann.py) with exact re-ranking, or brute force over `list_cosine_similarity` while
the warehouse is small: bench/RESULTS.md has the numbers behind that choice.
"""
from __future__ import annotations

import json
import re
from datetime import datetime, timezone
from typing import Iterable, Sequence

import duckdb
import numpy as np

from extractors.speakers import SpeakerGroup
from warehouse import ann, db


def pending_texts(con: duckdb.DuckDBPyConnection, model_version: str, after: str | None = None,
                  limit: int | None = None) -> list[tuple[str, str]]:
    """(text_key, text) of statements this model has not embedded yet, one per key, in key order: those after the
    key `after`, at most `limit` of them (a page)."""
    return con.execute(
        "SELECT text_key, any_value(text) FROM v_statements s"
        " WHERE NOT EXISTS (SELECT 1 FROM embeddings e WHERE e.text_key = s.text_key AND e.model_version = ?)"
        " AND (? IS NULL OR text_key > ?)"
        " GROUP BY text_key ORDER BY text_key LIMIT ?", [model_version, after, after, limit]).fetchall()


def store_vectors(con: duckdb.DuckDBPyConnection, keys: Sequence[str], vectors: np.ndarray,
                  model_version: str) -> int:
    """Insert vectors (one transaction); keys already embedded by this model are left as they are."""
    now = datetime.now(timezone.utc).replace(tzinfo=None)
    db.insert_rows(con, "embeddings", [(key, model_version, vector, now) for key, vector in
                                       zip(keys, np.asarray(vectors, dtype=np.float32))],
                   unique_by=("text_key", "model_version"))
    return len(keys)


def search(con: duckdb.DuckDBPyConnection, query: np.ndarray, model_version: str, k: int,
           lang: str | None = None, index: ann.VectorIndex | None = None) -> list[dict]:
    """The k statements nearest to `query`, in any language (or only `lang`), best first.

    The one vector search of the project. Over a warehouse's ANN index (warehouse/ann.py) when it has one: the
    graph proposes candidate texts, their exact cosines re-rank them, and more are asked while fewer than k
    statements match (a `lang` filter, texts of deleted articles). Without an index, or a small one, exact brute
    force in SQL. Pass `index` when searching repeatedly (a service keeps it loaded): it is then used whatever
    its size.
    """
    if index is None:
        index = ann.existing_index(con, model_version)
        if index is not None and len(index) < ann.BRUTE_FORCE_BELOW:
            index = None
    if index is None:
        return _search_exact(con, query, model_version, k, lang)
    query = np.asarray(query, dtype=np.float32)
    query = query / max(float(np.linalg.norm(query)), 1e-12)
    asked = max(4 * k, 64)
    while True:
        ids, cosines = index.nearest(query, asked, expansion=ann.EXPANSION_SIMILAR)
        ids = ids[0][np.isfinite(cosines[0])]
        rows = _statements_of(con, ids, index, query, lang)
        if len(rows) >= k or asked >= len(index):
            return rows[:k]
        asked *= 4


_HEX = re.compile(r"[0-9a-f]+")

# The statements of a few texts, read from the tables themselves through their text_key indexes (migration 006),
# then their articles by primary key: two lookups of the rows asked for. Joined with `articles` in one query the
# statements would be found by scanning the tables instead (the join's filter on article_id replaces the index
# lookup), and through v_statements every statement is joined with its article first (0.2 s at 100k statements).
# Same columns and rows as v_statements.
_BY_TEXT = (
    "SELECT 'tweet' AS kind, article_id, seq, lang, author_name AS who, handle, text, text_key FROM tweets"
    " WHERE text_key IN ({keys}) AND (? IS NULL OR lang = ?)"
    " UNION ALL"
    " SELECT 'quote' AS kind, article_id, seq, lang, speaker AS who, NULL AS handle, text, text_key FROM quotes"
    " WHERE text_key IN ({keys}) AND (? IS NULL OR lang = ?)")


def _statements_of(con: duckdb.DuckDBPyConnection, ids: np.ndarray, index: ann.VectorIndex, query: np.ndarray,
                   lang: str | None) -> list[dict]:
    """The statements whose texts are `ids`, scored by their exact cosine to `query`, best first."""
    keys = index.text_keys(ids)
    scores = index.vectors_by_id(ids) @ query if len(ids) else np.zeros(0, np.float32)
    score = {k: float(c) for k, c in zip(keys, scores.astype(np.float64)) if k}
    if not score:
        return []
    if not all(_HEX.fullmatch(k) for k in score):  # keys are hex digests; anything else is never put in SQL text
        raise ValueError(f"{index.path}: a text key that is not a hex digest")
    listed = ", ".join(f"'{k}'" for k in score)
    relation = con.execute(_BY_TEXT.format(keys=listed), [lang, lang, lang, lang])
    columns = [d[0] for d in relation.description]
    found = [dict(zip(columns, row)) for row in relation.fetchall()]
    doc = dict(con.execute("SELECT article_id, doc FROM articles WHERE article_id IN"
                           f" ({db.sql_list(sorted({r['article_id'] for r in found}))}) AND status = 'active'"
                           ).fetchall()) if found else {}
    out = []
    for row in sorted((r for r in found if r["article_id"] in doc),
                      key=lambda r: (-score[r["text_key"]], doc[r["article_id"]], r["seq"])):
        row["doc"], row["score"] = doc[row["article_id"]], score[row.pop("text_key")]
        out.append({k: row[k] for k in ("doc", "seq", "kind", "lang", "who", "handle", "score", "text", "article_id")})
    return out


def _search_exact(con: duckdb.DuckDBPyConnection, query: np.ndarray, model_version: str, k: int,
                  lang: str | None) -> list[dict]:
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


def link_inputs(con: duckdb.DuckDBPyConnection, model_version: str) -> tuple[list[tuple], np.ndarray]:
    """Every statement with a vector: its (kind, article_id, seq, doc, handle, label, date, lang), and the
    vectors as one (n, dim) float32 matrix, row i for statement i.

    Fetched through Arrow: the vectors arrive as one flat float buffer, not as a Python float per value.
    """
    table = con.execute(
        "SELECT s.kind, s.article_id, s.seq, s.doc, s.handle, s.label, s.date::VARCHAR, s.lang, e.vector"
        " FROM v_statements s"
        " JOIN embeddings e ON e.text_key = s.text_key AND e.model_version = ? ORDER BY s.doc, s.kind, s.seq",
        [model_version]).to_arrow_table()
    n = table.num_rows
    flat = table.column("vector").combine_chunks().flatten().to_numpy().astype(np.float32, copy=False)
    statements = list(zip(*(table.column(i).to_pylist() for i in range(table.num_columns - 1))))
    return statements, flat.reshape(n, -1) if n else np.zeros((0, 0), dtype=np.float32)


def replace_links(con: duckdb.DuckDBPyConnection, links: Iterable[tuple], model_version: str) -> int:
    """Links as ((kind, article_id, seq), (kind, article_id, seq) of the canonical member, score, evidence)."""
    rows = [(a[0], a[1], a[2], b[0], b[1], b[2], float(score), json.dumps(evidence, default=float), model_version)
            for a, b, score, evidence in links]
    with db.transaction(con):
        con.execute("DELETE FROM links")
        db.insert_rows(con, "links", rows)
    return len(rows)


def people(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str | None]]:
    """(name, handle) of every tweet author and of every quote speaker who is a person, in order of first
    appearance.

    A quote's speaker counts when it resolved to a person named in the text (its span is known), whatever the
    mention was (a name, a pronoun, a role): an organisation or a role kept as written has no spellings of a
    person to gather, and grouping by name agreement would merge it with people.
    """
    return con.execute(
        "SELECT who, handle FROM (SELECT who, handle, min(doc || lpad(seq::VARCHAR, 6, '0')) AS first FROM ("
        " SELECT author_name AS who, handle, doc, seq FROM v_tweets"
        " UNION ALL"
        " SELECT speaker AS who, NULL AS handle, doc, seq FROM v_quotes"
        " WHERE speaker_start IS NOT NULL"
        ") WHERE who IS NOT NULL GROUP BY who, handle) ORDER BY first, who, handle NULLS FIRST").fetchall()


def replace_speakers(con: duckdb.DuckDBPyConnection, groups: Sequence[SpeakerGroup]) -> int:
    """Store speaker groups in place of every stored group (`write_speakers`), in one transaction."""
    with db.transaction(con):
        write_speakers(con, groups)
    return len(groups)


def _ids(ids: Iterable[int]) -> str:
    """SQL text of a list of integer ids (never empty)."""
    return ", ".join(str(int(i)) for i in sorted(ids)) or "NULL"


def write_speakers(con: duckdb.DuckDBPyConnection, groups: Sequence[SpeakerGroup],
                   scope: set[int] | None = None) -> None:
    """Store speaker groups in place of the stored groups `scope` (their ids; None: all), in the caller's
    transaction: a group keeps the id of the stored group it continues (same handle, else the one holding most of
    its names), a new group takes a new id, and only rows that differ are written, so a nightly run with a few new
    names writes a few rows (ids stay stable for whoever refers to them)."""
    where = "" if scope is None else f" WHERE speaker_id IN ({_ids(scope)})"
    stored: dict[int, tuple[str, str | None]] = {r[0]: (r[1], r[2]) for r in con.execute(
        f"SELECT speaker_id, canonical_name, handle FROM speakers{where}").fetchall()}
    names: dict[int, set[str]] = {i: set() for i in stored}
    owner: dict[str, int] = {}
    for sid, name in con.execute(f"SELECT speaker_id, name FROM speaker_names{where} ORDER BY speaker_id").fetchall():
        names.setdefault(sid, set()).add(name)
        owner.setdefault(name, sid)
    by_handle = {h.casefold(): sid for sid, (_, h) in stored.items() if h}
    taken: set[int] = set()
    ids: list[int | None] = []
    for g in groups:
        sid = by_handle.get(g.handle.casefold()) if g.handle else None
        if sid is None or sid in taken:
            votes: dict[int, int] = {}
            for name in g.names:
                if name in owner and owner[name] not in taken:
                    votes[owner[name]] = votes.get(owner[name], 0) + 1
            sid = max(votes, key=lambda k: (votes[k], -k)) if votes else None
        if sid is not None:
            taken.add(sid)
        ids.append(sid)
    next_id = (con.execute("SELECT max(speaker_id) FROM speakers").fetchone()[0] or 0) + 1
    for n, sid in enumerate(ids):
        if sid is None:
            ids[n], next_id = next_id, next_id + 1
    want = {sid: (g.canonical_name, g.handle) for sid, g in zip(ids, groups)}
    want_names = {(sid, name) for sid, g in zip(ids, groups) for name in g.names}
    have_names = {(sid, name) for sid, ns in names.items() for name in ns}
    gone = [sid for sid in stored if sid not in want or stored[sid] != want[sid]]
    if gone:
        con.execute(f"DELETE FROM speakers WHERE speaker_id IN ({_ids(gone)})")
    db.insert_rows(con, "speakers", [(sid, *want[sid]) for sid in sorted(want)
                                     if sid not in stored or stored[sid] != want[sid]])
    drop = sorted(have_names - want_names)
    if drop:
        import pyarrow as pa

        con.register("dropped", pa.table({"speaker_id": pa.array([d[0] for d in drop], type=pa.int32()),
                                          "name": [d[1] for d in drop]}))
        try:
            con.execute(f"DELETE FROM speaker_names WHERE speaker_id IN ({_ids({d[0] for d in drop})})"
                        " AND (speaker_id, name) IN (SELECT speaker_id, name FROM dropped)")
        finally:
            con.unregister("dropped")
    db.insert_rows(con, "speaker_names", sorted(want_names - have_names), unique_by=("speaker_id", "name"))
