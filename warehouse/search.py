"""The SQL behind "who said something like this?": nearest statements, their details, their link groups,
a speaker's statements and an article's records.

Everything here reads; every value from a user arrives as a bound parameter. Statements are named by
`Key` (kind, article_id, seq), the primary key of `tweets` and `quotes`; a list of keys is bound as one JSON
text and unnested, so a query's text never grows with the number of keys.

`nearest` is the one vector search: the rest works on the keys it returns, so an approximate index can
replace the brute-force scan there without anything else changing.
"""
from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, Iterable, NamedTuple, Sequence

if TYPE_CHECKING:  # `quoteline similar` imports this module to read a service's answer: no duckdb, numpy there
    import duckdb
    import numpy as np


class Key(NamedTuple):
    """A statement: a tweet or a quotation of one article."""

    kind: str        # tweet | quote
    article_id: str
    seq: int


def nearest(con: "duckdb.DuckDBPyConnection", query: "np.ndarray", model_version: str, k: int,
            lang: str | None = None) -> list[tuple[Key, float]]:
    """The k statements whose vectors (by `model_version`) are nearest to `query`, best first, with their cosine.

    Over the warehouse's HNSW index with exact re-ranking once it holds enough vectors (warehouse/ann.py,
    warehouse.vectors.search); below that exact: every vector of the model is compared (bench/RESULTS.md).
    """
    from warehouse import ann, vectors
    from warehouse.vectors import vector_literal

    index = ann.existing_index(con, model_version)
    if index is not None and len(index) >= ann.BRUTE_FORCE_BELOW:
        return [(Key(r["kind"], r["article_id"], r["seq"]), float(r["score"]))
                for r in vectors.search(con, query, model_version, k, lang, index=index)]
    # the tables, not v_statements: the view's same_as lookups cost as much as the scan itself
    rows = con.execute(
        "WITH s AS (SELECT 'tweet' AS kind, article_id, seq, lang, text_key FROM tweets"
        "  UNION ALL SELECT 'quote', article_id, seq, lang, text_key FROM quotes)"
        " SELECT s.kind, s.article_id, s.seq, list_cosine_similarity(e.vector, ?::FLOAT[]) AS score"
        " FROM s JOIN articles a ON a.article_id = s.article_id AND a.status = 'active'"
        " JOIN embeddings e ON e.text_key = s.text_key AND e.model_version = ?"
        " WHERE ?::VARCHAR IS NULL OR s.lang = ?"
        " ORDER BY score DESC, a.doc, s.kind, s.seq LIMIT ?",
        [vector_literal(query), model_version, lang, lang, k]).fetchall()
    return [(Key(kind, article_id, seq), float(score)) for kind, article_id, seq, score in rows]


def _wanted(keys: Sequence[Key]) -> str:
    """The keys as the one JSON text `_WANTED` binds (three bound arrays cost ~10 ms in duckdb 1.5.5, this ~0.5)."""
    return json.dumps([{"kind": k.kind, "article_id": k.article_id, "seq": int(k.seq), "pos": i}
                       for i, k in enumerate(keys)])


# The keys asked for, as a relation `wanted(kind, article_id, seq, pos)`, from one bound JSON text.
_WANTED = ("wanted AS (SELECT unnest(from_json(?, '[{\"kind\": \"VARCHAR\", \"article_id\": \"VARCHAR\","
           " \"seq\": \"INTEGER\", \"pos\": \"INTEGER\"}]'), recursive := true))")


def _rows(relation: "duckdb.DuckDBPyConnection") -> list[dict[str, Any]]:
    columns = [d[0] for d in relation.description]
    return [dict(zip(columns, row)) for row in relation.fetchall()]


# How far around a statement its paragraph is looked for (characters each side); a longer paragraph is cut.
CONTEXT_CHARS = 600

_STATEMENT_SQL = f"""
WITH {_WANTED},
found AS (
    SELECT w.pos, 'tweet' AS kind, t.article_id, t.seq, t.text, t.lang, t.author_name AS who, t.handle,
           t.date, t.label, t.status_url, NULL::VARCHAR AS speaker_kind, NULL::VARCHAR AS speaker_mention,
           NULL::VARCHAR AS cue, NULL::DOUBLE AS confidence, t.start_offset, t.end_offset, t.text_key
    FROM wanted w JOIN tweets t ON w.kind = 'tweet' AND t.article_id = w.article_id AND t.seq = w.seq
    UNION ALL
    SELECT w.pos, 'quote', q.article_id, q.seq, q.text, q.lang, q.speaker, NULL, NULL, NULL, NULL,
           q.speaker_kind, q.speaker_mention, q.cue, q.confidence, q.start_offset, q.end_offset, q.text_key
    FROM wanted w JOIN quotes q ON w.kind = 'quote' AND q.article_id = w.article_id AND q.seq = w.seq
),
-- the person a statement is filed under, by v_said's rule: a tweet's author by name and handle, a quotation's
-- speaker by name
people AS (SELECT n.name, sp.handle, min(sp.speaker_id) AS speaker_id
           FROM speaker_names n JOIN speakers sp USING (speaker_id) GROUP BY ALL),
by_name AS (SELECT name, min(speaker_id) AS speaker_id FROM people GROUP BY name)
SELECT f.kind, f.article_id, f.seq, a.doc, a.title, a.location, a.kind AS article_kind, a.lang AS article_lang,
       a.published, f.text, f.lang, f.who, f.handle, f.date, f.label, f.status_url, f.speaker_kind,
       f.speaker_mention, f.cue, f.confidence, f.start_offset, f.end_offset, f.text_key,
       coalesce(p.speaker_id, n.speaker_id) AS speaker_id,
       -- a window of the text its offsets index (tweets: the source as read; quotes: the running text)
       greatest(f.start_offset - {CONTEXT_CHARS}, 0) AS window_start,
       substring(CASE f.kind WHEN 'tweet' THEN a.source ELSE a.body END,
                 greatest(f.start_offset - {CONTEXT_CHARS}, 0) + 1,
                 f.end_offset - greatest(f.start_offset - {CONTEXT_CHARS}, 0) + {CONTEXT_CHARS}) AS window
FROM found f JOIN articles a ON a.article_id = f.article_id
LEFT JOIN people p ON f.kind = 'tweet' AND p.name = f.who AND p.handle IS NOT DISTINCT FROM f.handle
LEFT JOIN by_name n ON f.kind = 'quote' AND n.name = f.who
WHERE a.status = 'active'
ORDER BY f.pos
"""


def statements(con: "duckdb.DuckDBPyConnection", keys: Sequence[Key]) -> list[dict[str, Any]]:
    """The statements named by `keys` (those still in an active article), in the order asked, each with its
    article (doc, title, location, published…), its speaker's id and a window of text around it
    (`window`, starting at character `window_start` of the text its offsets index)."""
    if not keys:
        return []
    return _rows(con.execute(_STATEMENT_SQL, [_wanted(keys)]))


def groups(con: "duckdb.DuckDBPyConnection", keys: Sequence[Key]) -> dict[Key, list[Key]]:
    """For each key, the canonical member of its link group (translations and copies: the `links` table) and
    every member of that group in an active article, canonical first; an unlinked statement is a group of one.
    Returned as {canonical: [members]} in the order the keys first reach each group."""
    if not keys:
        return {}
    rows = con.execute(
        f"WITH {_WANTED},"
        " canon AS (SELECT min(w.pos) AS pos, coalesce(l.canonical_kind, w.kind) AS kind,"
        "  coalesce(l.canonical_article_id, w.article_id) AS article_id, coalesce(l.canonical_seq, w.seq) AS seq"
        "  FROM wanted w LEFT JOIN links l ON l.kind = w.kind AND l.article_id = w.article_id AND l.seq = w.seq"
        "  GROUP BY ALL)"
        " SELECT c.kind, c.article_id, c.seq, m.kind, m.article_id, m.seq FROM canon c"
        " LEFT JOIN (links m JOIN articles a ON a.article_id = m.article_id AND a.status = 'active')"
        "  ON m.canonical_kind = c.kind AND m.canonical_article_id = c.article_id AND m.canonical_seq = c.seq"
        " ORDER BY c.pos, m.article_id, m.seq", [_wanted(keys)]).fetchall()
    out: dict[Key, list[Key]] = {}
    for ck, ca, cs, kind, article_id, seq in rows:
        members = out.setdefault(Key(ck, ca, cs), [Key(ck, ca, cs)])
        if kind is not None:
            members.append(Key(kind, article_id, seq))
    return out


def speaker(con: "duckdb.DuckDBPyConnection", speaker_id: int) -> dict[str, Any] | None:
    """A person of `speakers`: id, canonical name, handle and every spelling gathered under them."""
    row = con.execute(
        "SELECT sp.speaker_id, sp.canonical_name, sp.handle, list(n.name ORDER BY n.name) AS names"
        " FROM speakers sp LEFT JOIN speaker_names n USING (speaker_id) WHERE sp.speaker_id = ? GROUP BY ALL",
        [speaker_id]).fetchone()
    return None if row is None else dict(zip(("speaker_id", "name", "handle", "names"), row))


def speaker_statements(con: "duckdb.DuckDBPyConnection", speaker_id: int) -> list[Key]:
    """Every statement filed under a speaker (v_said's rule), oldest first (a tweet's date, else its
    article's)."""
    rows = con.execute(
        "SELECT s.kind, s.article_id, s.seq FROM v_statements s"
        " JOIN speaker_names n ON n.name = s.who JOIN speakers sp ON sp.speaker_id = n.speaker_id"
        " JOIN articles a ON a.article_id = s.article_id"
        " WHERE sp.speaker_id = ? AND (s.kind = 'quote' OR sp.handle IS NOT DISTINCT FROM s.handle)"
        " ORDER BY coalesce(s.date::DATE, a.published) NULLS LAST, s.doc, s.kind, s.seq", [speaker_id]).fetchall()
    return [Key(*row) for row in rows]


def article(con: "duckdb.DuckDBPyConnection", article_id: str) -> dict[str, Any] | None:
    """An active article: its metadata, the text tweets index (`source`) and the text quotes index (`body`)."""
    relation = con.execute(
        "SELECT article_id, doc, title, location, kind, lang, published, source, body FROM articles"
        " WHERE article_id = ? AND status = 'active'", [article_id])
    rows = _rows(relation)
    return rows[0] if rows else None


def article_statements(con: "duckdb.DuckDBPyConnection", article_id: str) -> list[Key]:
    """The tweets and quotations of an article, in the order they stand in it."""
    rows = con.execute(
        "SELECT kind, article_id, seq FROM (SELECT 'tweet' AS kind, article_id, seq, start_offset FROM tweets"
        " UNION ALL SELECT 'quote', article_id, seq, start_offset FROM quotes) WHERE article_id = ?"
        " ORDER BY start_offset, kind, seq", [article_id]).fetchall()
    return [Key(*row) for row in rows]


def count_vectors(con: "duckdb.DuckDBPyConnection", model_version: str) -> int:
    return con.execute("SELECT count(*) FROM embeddings WHERE model_version = ?", [model_version]).fetchone()[0]


def languages(con: "duckdb.DuckDBPyConnection") -> list[str]:
    """The languages statements are in, most frequent first (for the search form's choice)."""
    return [r[0] for r in con.execute("SELECT lang FROM v_statements WHERE lang IS NOT NULL GROUP BY lang"
                                      " ORDER BY count(*) DESC, lang").fetchall()]


def flatten(groups_: Iterable[Sequence[Key]]) -> list[Key]:
    return list(dict.fromkeys(k for members in groups_ for k in members))
