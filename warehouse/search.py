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
    WHERE t.article_id IN ({{ids}})
    UNION ALL
    SELECT w.pos, 'quote', q.article_id, q.seq, q.text, q.lang, q.speaker, NULL, NULL, NULL, NULL,
           q.speaker_kind, q.speaker_mention, q.cue, q.confidence, q.start_offset, q.end_offset, q.text_key
    FROM wanted w JOIN quotes q ON w.kind = 'quote' AND q.article_id = w.article_id AND q.seq = w.seq
    WHERE q.article_id IN ({{ids}})
),
-- the person a statement is filed under, by v_said's rule: a tweet's author by name and handle, a quotation's
-- speaker by name (the names of these statements only: every person's would be read otherwise)
people AS (SELECT n.name, sp.handle, min(sp.speaker_id) AS speaker_id
           FROM speaker_names n JOIN speakers sp USING (speaker_id)
           WHERE n.name IN (SELECT who FROM found) GROUP BY ALL),
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
FROM found f JOIN articles a ON a.article_id = f.article_id AND a.article_id IN ({{ids}})
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
    from warehouse.db import sql_list

    # the article ids as constants too: a filter the table scans apply (joined with the keys alone, every row of
    # tweets, quotes and articles would be read)
    ids = sql_list(sorted({k.article_id for k in keys}))
    return _rows(con.execute(_STATEMENT_SQL.replace("{ids}", ids), [_wanted(keys)]))


def groups(con: "duckdb.DuckDBPyConnection", keys: Sequence[Key]) -> dict[Key, list[Key]]:
    """For each key, the canonical member of its link group (translations and copies: the `links` table) and
    every member of that group in an active article, canonical first; an unlinked statement is a group of one.
    Returned as {canonical: [members]} in the order the keys first reach each group.

    Three reads by constants (the keys' links, the groups' members, their articles' status), each filtered in the
    table's scan: joined with the keys, every link and every article would be read."""
    if not keys:
        return {}
    from warehouse.db import sql_list

    keys = [Key(*k) for k in keys]
    canonical = {Key(*r[:3]): Key(*r[3:]) for r in con.execute(
        "SELECT kind, article_id, seq, canonical_kind, canonical_article_id, canonical_seq FROM links"
        f" WHERE article_id IN ({sql_list(sorted({k.article_id for k in keys}))})").fetchall()}
    out: dict[Key, list[Key]] = {}
    for k in keys:
        c = canonical.get(k, k)
        out.setdefault(c, [c])
    members = con.execute(
        "SELECT canonical_kind, canonical_article_id, canonical_seq, kind, article_id, seq FROM links"
        f" WHERE canonical_article_id IN ({sql_list(sorted({c.article_id for c in out}))})").fetchall()
    members = [(Key(*r[:3]), Key(*r[3:])) for r in members if Key(*r[:3]) in out]
    active = {r[0] for r in con.execute(
        "SELECT article_id FROM articles WHERE status = 'active'"
        f" AND article_id IN ({sql_list(sorted({m.article_id for _, m in members}))})").fetchall()} if members else set()
    for c, m in sorted(members, key=lambda cm: (cm[1].article_id, cm[1].seq, cm[1].kind)):
        if m.article_id in active:
            out[c].append(m)
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
