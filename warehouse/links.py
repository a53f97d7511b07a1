"""Cross-language links kept up to date in place: a run's cost follows its new statements, not the warehouse.

The rules are quoteline.linking's (mutual best per document, margins, metadata, clean clusters); what changes is
which statements are compared:

* Whether two statements of documents A and B pair up depends on the statements of A and B only. So a new or
  changed article A is given to `accepted_pairs` together with the documents worth comparing with it: those
  holding a text the ANN index (warehouse/ann.py) finds at `min_cosine_alone` or closer, and those with a
  statement by the same author handle at `min_cosine` or closer (the only pairs the rules can accept). Pairs
  that do not touch A are discarded (they are stored already).
* Accepted pairs are kept (`link_pairs`), with the article versions they were computed for (`linked_articles`).
  A changed, deleted or purged article loses its pairs and links.
* Clusters never reach past connected pairs: only the connected components a run touched are clustered again
  (`cluster_links` on the component, items in the same (doc, kind, seq) order as a full rebuild), and only their
  rows of `links` are replaced.

`relink(full=True)` forgets the pairs and links everything again, for when the thresholds change.
The result equals `link_items` over the whole warehouse as long as every document holding a close enough text
is among a statement's `neighbours` nearest texts and no text is held by more than `documents_per_text` + 1
documents. A text repeated in more (wire copy syndicated into hundreds of articles) is compared with its first
`documents_per_text` documents only (`_FirstDocuments`): its copies then pair with those few, not each with every
other, and those pairs still join them in one cluster; so the links are the same, with fewer pairs and edges
behind them, unless every one of the first documents is one where the text cannot pair (it is there twice, or a
near copy of it is) or is deleted later: then a full relink joins copies an incremental run leaves apart.
"""
from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Sequence

import duckdb
import numpy as np

from quoteline.linking import LinkItem, Pair, accepted_pairs, cluster_links
from warehouse import ann, db
from warehouse.db import sql_list as _listed

# Statements are read from the tables, filtered by a list (article ids, text keys, statement keys, handles; short
# ones as constants, long ones as registered tables: `_Lists`), then their articles by key (`_where`): through
# v_statements every statement would first be joined with its article and its link (`same_as`), a scan of the
# warehouse for each chunk of a run, and joined with `articles` in the same query the tables are scanned even where
# an index (text_key, migration 006) would find the rows. The same rows and columns as v_statements.
_STATEMENTS = (
    "SELECT 'tweet' AS kind, article_id, seq, handle, label, date, lang, text_key FROM tweets WHERE {tweets}"
    " UNION ALL"
    " SELECT 'quote' AS kind, article_id, seq, NULL AS handle, NULL AS label, NULL AS date, lang, text_key"
    " FROM quotes WHERE {quotes}")


@dataclass(frozen=True)
class LinkSettings:
    """`[links]` in config (quoteline.config.Links): the thresholds of quoteline.linking, and how far the index
    is asked."""

    min_cosine: float = 0.80
    min_margin: float = 0.02
    min_cosine_alone: float = 0.92
    min_margin_alone: float = 0.05
    neighbours: int = 64        # nearest texts asked of the index per statement
    max_documents: int = 200    # documents compared with one statement at most
    # documents holding one text (the same words, or a handle's same tweet) compared with a statement at most: the
    # first in document order. A text syndicated verbatim into hundreds of articles is not compared with every copy
    # (pairs and evidence would grow with the square of its copies); its copies pair with the first few, and those
    # pairs join them all in one cluster
    documents_per_text: int = 4
    # A run's memory follows these, not its size: new articles compared per step (their pairs written after it),
    # and statements whose clusters are computed again per step (their links written after it)
    compare_articles: int = 128
    recluster_statements: int = 2000

    @property
    def thresholds(self) -> dict[str, float]:
        return {"min_cosine": self.min_cosine, "min_margin": self.min_margin,
                "min_cosine_alone": self.min_cosine_alone, "min_margin_alone": self.min_margin_alone}



@dataclass
class RelinkResult:
    compared: int = 0        # articles compared with the warehouse
    removed: int = 0         # articles whose pairs went (changed, deleted, purged)
    pairs: int = 0           # pairs accepted this run
    reclustered: int = 0     # statements whose cluster was computed again
    links: int = 0           # links in the warehouse after the run


def _key(kind: str, article_id: str, seq: int) -> str:
    return f"{kind}:{article_id}:{seq}"


def _split(key: str) -> tuple[str, str, int]:
    kind, rest = key.split(":", 1)
    article_id, seq = rest.rsplit(":", 1)
    return kind, article_id, int(seq)


def _register(con: duckdb.DuckDBPyConnection, name: str, column: str, values: Iterable) -> None:
    import pyarrow as pa

    con.register(name, pa.table({column: pa.array(list(values), type=pa.string())}))


# A list of up to this many constants goes into the SQL text (a lookup an index can answer); a longer one is a
# registered table the query joins with: at a million statements, thousands of article ids or statement keys as SQL
# constants cost more to write, parse and match than the scan they filter.
_CONSTANTS = 500


class _Lists:
    """`column IN (values)` conditions for queries on `con`, registered tables unregistered on leaving."""

    def __init__(self, con: duckdb.DuckDBPyConnection):
        self.con, self.names = con, []

    def __enter__(self) -> "_Lists":
        return self

    def __exit__(self, *exc) -> None:
        for name in self.names:
            self.con.unregister(name)

    def table(self, **columns: Sequence) -> str:
        """A registered table of these columns (`seq` integers, the others strings): its name."""
        import pyarrow as pa

        name = f"_listed_{id(self):x}_{len(self.names)}"
        self.con.register(name, pa.table({c: pa.array(list(v), type=pa.int32() if c == "seq" else pa.string())
                                          for c, v in columns.items()}))
        self.names.append(name)
        return name

    def isin(self, column: str, values: Iterable[str]) -> str:
        values = list(values)
        if len(values) <= _CONSTANTS:
            return f"{column} IN ({_listed(values)})"
        return f"{column} IN (SELECT v FROM {self.table(v=values)})"


def pending_work(con: duckdb.DuckDBPyConnection, model_version: str) -> tuple[list[str], list[str]]:
    """(stale, dirty) article ids: linked versions that are gone or changed, and active articles not linked yet
    (in doc order). Cheap: a run with nothing to link opens no index."""
    stale = [r[0] for r in con.execute(
        "SELECT l.article_id FROM linked_articles l WHERE l.model_version = ? AND NOT EXISTS (SELECT 1 FROM articles a"
        " WHERE a.article_id = l.article_id AND a.status = 'active' AND a.content_hash = l.content_hash)",
        [model_version]).fetchall()]
    dirty = [r[0] for r in con.execute(
        "SELECT a.article_id FROM articles a WHERE a.status = 'active' AND NOT EXISTS (SELECT 1 FROM linked_articles l"
        " WHERE l.article_id = a.article_id AND l.content_hash = a.content_hash AND l.model_version = ?)"
        " ORDER BY a.doc, a.article_id", [model_version]).fetchall()]
    return stale, dirty


def relink(store: db.Store | Path | str, model_version: str, settings: LinkSettings, wait_s: float = 0.0,
           full: bool = False) -> RelinkResult:
    """Bring `links` up to date with the warehouse's active statements and `model_version`'s vectors."""
    from threadpoolctl import threadpool_limits

    # Every product here is small (an article's statements against the few documents worth comparing): a BLAS
    # thread pool only adds its wake-ups, and on a loaded machine its threads wait for each other at every call
    # (measured at 1,000 articles: 5.6 s of products with 2 OpenBLAS threads, 0.5 s with one).
    with threadpool_limits(limits=1, user_api="blas"):
        return _relink(store, model_version, settings, wait_s, full)


def _relink(store: db.Store | Path | str, model_version: str, settings: LinkSettings, wait_s: float,
            full: bool) -> RelinkResult:
    result = RelinkResult()
    db_path = store.path if isinstance(store, db.Store) else store  # the index lives beside it
    with db.open_warehouse(store, wait_s=wait_s) as con:
        if full or con.execute("SELECT count(*) FROM links WHERE model_version <> ?", [model_version]).fetchone()[0]:
            _forget(con, model_version, everything=full)
        stale, dirty = pending_work(con, model_version)
        if not stale and not dirty:
            result.links = con.execute("SELECT count(*) FROM links").fetchone()[0]
            return result
        seeds = _drop(con, model_version, stale + dirty)
    # What is read and computed is read on a read-only connection; each write is a short transaction of its own: other
    # processes' readers (quoteline sql, the web service) are locked out only while rows are written.
    index = None
    if dirty:
        with db.connect(store, read_only=True, wait_s=wait_s) as con:
            index = ann.open_index(con, db_path, model_version)
    result.removed = len(stale)
    step = settings.compare_articles
    first = _FirstDocuments(settings.documents_per_text)  # read once per run, not once per chunk
    # (a, b) of the pairs stored by this run, under the end's article not compared yet. Every pair of an article about
    # to be compared was removed at the start of the run (`_drop`): those stored since were found this run from their
    # other end, and are not stored twice. Kept here, not read back from link_pairs (a scan of every pair for each
    # chunk); an article's pairs are dropped once it is compared, and a pair is kept only under an article still to
    # compare, so what is held is the pairs reaching past the run's position, not every pair of the night
    stored: dict[str, set[tuple[str, str]]] = defaultdict(set)
    waiting = set(dirty)
    for start in range(0, len(dirty), step):
        chunk = dirty[start:start + step]
        waiting.difference_update(chunk)
        done = {p for article_id in chunk for p in stored.pop(article_id, ())}
        with db.connect(store, read_only=True, wait_s=wait_s) as con:
            compared, pairs, statements = _compare(con, index, model_version, chunk, settings, done, first)
            seeds.update(statements)
        with db.open_warehouse(store, wait_s=wait_s) as con, db.transaction(con):
            db.insert_rows(con, "link_pairs", pairs)
            _mark_linked(con, model_version, compared)
        for pair in pairs:
            for article_id in {pair[2], pair[3]} & waiting:
                stored[article_id].add((pair[0], pair[1]))
        result.compared += len(compared)
        result.pairs += len(pairs)
        seeds.update(k for p in pairs for k in (p[0], p[1]))
        del pairs
    result.reclustered = _recluster_all(store, index, model_version, seeds, settings, db_path, wait_s)
    with db.connect(store, read_only=True, wait_s=wait_s) as con:
        result.links = con.execute("SELECT count(*) FROM links").fetchone()[0]
    return result


def _recluster_all(store: db.Store | Path | str, index: ann.VectorIndex | None, model_version: str, seeds: set[str],
                   settings: LinkSettings, db_path: Path | str, wait_s: float) -> int:
    """Cluster again whatever `seeds` reach, `recluster_statements` seeds at a time (a quarter more for the last
    step rather than a step of a few), each step's links written before the next: how many statements were
    clustered again.

    What one seed reaches (its pairs' connected component and its old clusters, `_recluster`) is the same
    whichever seeds come with it, and the links of one reach depend on it alone: so steps give the links one call
    over every seed gives. Seeds go in the order of their texts, so that a step holds whole components (the copies
    of a text, and its translations, are one component) and not a piece of many."""
    if not seeds:
        return 0
    with db.connect(store, read_only=True, wait_s=wait_s) as con:
        ordered = _by_text(con, seeds)
    opened = [index]

    def index_of(con: duckdb.DuckDBPyConnection) -> ann.VectorIndex:  # opened once, and only if a step needs it
        if opened[0] is None:
            opened[0] = ann.open_index(con, db_path, model_version)
        return opened[0]

    remaining, reclustered, pending = set(seeds), 0, ordered
    size = settings.recluster_statements
    while pending:
        pending = [k for k in pending if k in remaining]  # not reached by an earlier step
        # a step reads the archive's pairs and links a few times over, a scan of each whatever the step's size: seeds
        # left over that are fewer than a quarter of a step go with this one, not into a step of their own
        take = len(pending) if len(pending) <= size + size // 4 else size
        batch, pending = set(pending[:take]), pending[take:]
        if not batch:
            break
        with db.connect(store, read_only=True, wait_s=wait_s) as con:
            members, rows = _recluster(con, index_of, model_version, batch, settings)
        with db.open_warehouse(store, wait_s=wait_s) as con:
            _replace_links(con, members, rows)
        remaining -= members
        reclustered += len(members)
    return reclustered


def _by_text(con: duckdb.DuckDBPyConnection, keys: set[str]) -> list[str]:
    """`keys` ordered by their statement's text key (keys of statements gone last), then by key. DuckDB orders
    them (byte order of UTF-8, which is Python's order of code points): a night's seeds are ~750k keys at 100k
    articles, and a Python sort of them with their text keys held +0.7 GB at the link stage's start."""
    with _Lists(con) as lists:
        name = lists.table(k=keys)
        return con.execute(
            "WITH s AS (SELECT k, split_part(k, ':', 1) AS kind, regexp_extract(k, '^[^:]*:(.*):[^:]*$', 1)"
            f" AS article_id, CAST(regexp_extract(k, ':([^:]*)$', 1) AS INTEGER) AS seq FROM {name}),"
            " t AS (SELECT 'tweet' AS kind, article_id, seq, text_key FROM tweets"
            " UNION ALL SELECT 'quote', article_id, seq, text_key FROM quotes)"
            " SELECT s.k FROM s LEFT JOIN t USING (kind, article_id, seq)"
            " ORDER BY t.text_key IS NULL, t.text_key, s.k").fetch_arrow_table().column(0).to_pylist()


def _forget(con: duckdb.DuckDBPyConnection, model_version: str, everything: bool) -> None:
    """Drop pairs, links and linked versions (of other models, or all): their articles link again."""
    with db.transaction(con):
        for table in ("link_pairs", "linked_articles", "links"):
            con.execute(f"DELETE FROM {table} WHERE ? OR model_version <> ?", [everything, model_version])


def _drop(con: duckdb.DuckDBPyConnection, model_version: str, article_ids: Sequence[str]) -> set[str]:
    """Remove the pairs of these articles (changed, gone, or about to be compared again); return the statements
    whose clusters may change: both ends of each removed pair, and every member of their clusters."""
    if not article_ids:
        return set()
    _register(con, "touched", "article_id", article_ids)
    try:
        seeds = {k for row in con.execute(
            "SELECT a, b FROM link_pairs WHERE model_version = ? AND (a_article_id IN (SELECT article_id FROM touched)"
            " OR b_article_id IN (SELECT article_id FROM touched))", [model_version]).fetchall() for k in row}
        with db.transaction(con):
            con.execute("DELETE FROM link_pairs WHERE a_article_id IN (SELECT article_id FROM touched)"
                        " OR b_article_id IN (SELECT article_id FROM touched)")
            con.execute("DELETE FROM linked_articles WHERE article_id IN (SELECT article_id FROM touched)")
        seeds |= {_key(*row) for row in con.execute(
            "SELECT kind, article_id, seq FROM links WHERE article_id IN (SELECT article_id FROM touched)"
            " UNION SELECT canonical_kind, canonical_article_id, canonical_seq FROM links"
            " WHERE canonical_article_id IN (SELECT article_id FROM touched)").fetchall()}
    finally:
        con.unregister("touched")
    return seeds


def _where(con: duckdb.DuckDBPyConnection, tweets: str, quotes: str) -> list[tuple]:
    """(kind, article_id, seq, doc, handle, label, date, lang, text_key) of the statements of active articles that
    the SQL conditions `tweets` and `quotes` select, in (doc, kind, seq, article_id) order: the order a full
    rebuild gives its items."""
    found = con.execute(_STATEMENTS.format(tweets=tweets, quotes=quotes)).fetchall()
    if not found:
        return []
    with _Lists(con) as lists:
        doc = dict(con.execute("SELECT article_id, doc FROM articles WHERE status = 'active'"
                               f" AND {lists.isin('article_id', sorted({r[1] for r in found}))}").fetchall())
    rows = [(r[0], r[1], r[2], doc[r[1]], *r[3:]) for r in found if r[1] in doc]
    rows.sort(key=lambda r: (r[3], r[0], r[2], r[1]))
    return rows


def _statements(con: duckdb.DuckDBPyConnection, article_ids: Iterable[str]) -> list[tuple]:
    """`_where` of these articles."""
    article_ids = list(article_ids)
    if not article_ids:
        return []
    with _Lists(con) as lists:
        where = lists.isin("article_id", article_ids)
        return _where(con, where, where)


def _statements_of_keys(con: duckdb.DuckDBPyConnection, keys: Iterable[str]) -> list[tuple]:
    """`_where` of the statements keyed `keys` (those still there, of active articles): the rows of `_statements`
    of their articles that `keys` name, without reading the articles' other statements."""
    parts = [_split(k) for k in sorted(keys)]
    if not parts:
        return []
    with _Lists(con) as lists:
        name = lists.table(kind=[p[0] for p in parts], article_id=[p[1] for p in parts], seq=[p[2] for p in parts])
        where = "(article_id, seq) IN (SELECT article_id, seq FROM " + name + " WHERE kind = '{}')"
        return _where(con, where.format("tweet"), where.format("quote"))


def _items(rows: Sequence[tuple], vectors: Iterable[np.ndarray]) -> list[LinkItem]:
    """Items keyed (kind, article_id, seq), as the flow has always keyed them (the evidence names them so). The
    rules' "document" is the article (its id), not its file name: two articles of one name in different folders
    (`a/index.html`, `b/index.html`) are two documents, which may link."""
    return [LinkItem((r[0], r[1], r[2]), r[1], r[4], r[5], r[6], r[7], v) for r, v in zip(rows, vectors)]


def _compare(con: duckdb.DuckDBPyConnection, index: ann.VectorIndex, model_version: str, article_ids: Sequence[str],
             settings: LinkSettings, done: set[tuple[str, str]],
             first: "_FirstDocuments | None" = None) -> tuple[list[str], list[tuple], set[str]]:
    """Pair the statements of `article_ids` with the warehouse: (the articles compared, their new pairs, the keys of
    their statements), for the caller to store (`con` may be read-only). `done`: the (a, b) of pairs stored already
    (found this run from their other end), which are not given again; the pairs given are added to it.

    An article with a statement the model has not embedded yet is left for a later run (not among those compared)."""
    rows = _statements(con, article_ids)
    have = _in_index(index, rows)
    waiting = {r[1] for r, ok in zip(rows, have) if not ok}
    rows = [r for r, ok in zip(rows, have) if ok and r[1] not in waiting]
    compared = [a for a in article_ids if a not in waiting]
    keys = {_key(*r[:3]) for r in rows}
    if not rows:
        return compared, [], keys
    vectors = index.vectors([r[8] for r in rows])
    candidates = _candidate_articles(con, index, rows, vectors, settings,
                                     first or _FirstDocuments(settings.documents_per_text))
    others = sorted({a for found in candidates.values() for a in found} - set(compared))
    other_rows = _statements(con, others)
    other_rows = [r for r, ok in zip(other_rows, _in_index(index, other_rows)) if ok]
    pool = rows + other_rows
    # one vector per distinct text (copies of a text in many articles are one row): the pool's vectors follow its
    # texts, not its statements; an article's rows are gathered when it is compared
    texts, text_of = np.unique([r[8] for r in pool], return_inverse=True)
    text_vectors = index.vectors(texts.tolist())
    text_of = text_of.reshape(-1)
    pool_items = _items(pool, (text_vectors[t] for t in text_of))
    # each article's items go to the rules in the order a full rebuild gives them: (doc, kind, seq)
    ranked = np.asarray(sorted(range(len(pool)), key=lambda n: (pool[n][3], pool[n][0], pool[n][2], pool[n][1])),
                        dtype=np.int64)
    rank = np.empty(len(pool), dtype=np.int64)
    rank[ranked] = np.arange(len(pool))
    by_article: dict[str, list[int]] = defaultdict(list)
    for n, r in enumerate(pool):
        by_article[r[1]].append(n)
    new_pairs = []
    for article_id in compared:
        mine = by_article.get(article_id, [])
        if not mine:
            continue
        theirs = [n for a in candidates.get(article_id, ()) for n in by_article.get(a, ())]
        if not theirs:
            continue
        chosen = ranked[np.unique(rank[np.asarray(mine + theirs, dtype=np.int64)])]
        items = [pool_items[n] for n in chosen]
        # only the pairs touching this article are kept: its rows against everything, the others' rows against it
        focus = np.asarray([it.key[1] == article_id for it in items])
        for pair in accepted_pairs(items, text_vectors[text_of[chosen]], focus=focus, **settings.thresholds):
            a, b = items[pair.i].key, items[pair.j].key
            if article_id not in (a[1], b[1]) or (_key(*a), _key(*b)) in done:
                continue
            done.add((_key(*a), _key(*b)))
            new_pairs.append((_key(*a), _key(*b), a[1], b[1], pair.score, json.dumps(pair.edge, default=float),
                              model_version))
    return compared, new_pairs, keys


def _in_index(index: ann.VectorIndex, rows: Sequence[tuple]) -> np.ndarray:
    """For each statement row, whether its text has a vector (of this model) yet."""
    if not rows:
        return np.zeros(0, dtype=bool)
    return index.contains(ann.text_ids([r[8] for r in rows]))


def _mark_linked(con: duckdb.DuckDBPyConnection, model_version: str, article_ids: Sequence[str]) -> None:
    if not article_ids:
        return
    _register(con, "arts", "article_id", article_ids)
    try:
        con.execute("INSERT INTO linked_articles SELECT article_id, content_hash, ? FROM articles"
                    " WHERE article_id IN (SELECT article_id FROM arts)", [model_version])
    finally:
        con.unregister("arts")


class _FirstDocuments:
    """The first documents, in (doc, article id) order, holding a text, and holding a handle's tweet of a text: the
    only ones of that text a statement is compared with (`documents_per_text`, plus one: a statement's own document
    is not among its candidates). Read once per run for each text and handle a run meets: copies of a text are
    spread over the whole run, and would otherwise be read again by every step that meets the text."""

    def __init__(self, per_text: int):
        self.per_text = per_text
        self.by_text: dict[str, list[tuple[str, str]]] = {}
        self.by_handle: dict[str, dict[str, list[tuple[str, str]]]] = {}

    def _keep(self, found: dict[str, set[tuple[str, str]]]) -> dict[str, list[tuple[str, str]]]:
        return {key: sorted(docs)[:self.per_text + 1] for key, docs in found.items()}

    def texts(self, con: duckdb.DuckDBPyConnection, keys: Iterable[str]) -> dict[str, list[tuple[str, str]]]:
        """text key -> its first (doc, article id)s."""
        keys = list(dict.fromkeys(keys))
        missing = [k for k in keys if k not in self.by_text]
        if len(missing) <= _CONSTANTS:  # a few: through the text_key index, as constants
            for start in range(0, len(missing), 200):  # copies of 200 texts (tens of thousands of rows) a query at most
                part = missing[start:start + 200]
                where = f"text_key IN ({_listed(part)})"
                found: dict[str, set[tuple[str, str]]] = {k: set() for k in part}
                for r in _where(con, where, where):
                    found[r[8]].add((r[3], r[1]))
                self.by_text.update(self._keep(found))
            return {k: self.by_text[k] for k in keys}
        # many (a step's thousands of close texts): a scan of the statements' text keys per 5,000 texts, the first
        # documents chosen in the query (the rows it gives are at most per_text + 1 a text, however many copies).
        # At a million statements one scan costs what ~10 lookups of 200 texts through the index do
        for start in range(0, len(missing), 5000):
            part = missing[start:start + 5000]
            found = {k: set() for k in part}
            with _Lists(con) as lists:
                wanted = lists.table(v=part)
                where = f"text_key IN (SELECT v FROM {wanted})"
                for text_key, doc, article_id in con.execute(
                        "SELECT s.text_key, a.doc, s.article_id FROM (SELECT DISTINCT text_key, article_id FROM ("
                        f" SELECT text_key, article_id FROM tweets WHERE {where} UNION ALL"
                        f" SELECT text_key, article_id FROM quotes WHERE {where})) s"
                        " JOIN articles a ON a.article_id = s.article_id WHERE a.status = 'active'"
                        " QUALIFY row_number() OVER (PARTITION BY s.text_key ORDER BY a.doc, s.article_id) <= ?",
                        [self.per_text + 1]).fetchall():
                    found[text_key].add((doc, article_id))
            self.by_text.update(self._keep(found))
        return {k: self.by_text[k] for k in keys}

    def handles(self, con: duckdb.DuckDBPyConnection, index: ann.VectorIndex,
                handles: Iterable[str]) -> dict[str, dict[str, list[tuple[str, str]]]]:
        """normalised handle -> {text key of a tweet of theirs (embedded) -> its first (doc, article id)s}."""
        handles = list(dict.fromkeys(handles))
        missing = [h for h in handles if h not in self.by_handle]
        if missing:
            found: dict[str, dict[str, set[tuple[str, str]]]] = {h: defaultdict(set) for h in missing}
            same = _where(con,  # a quotation has no handle
                          tweets=f"lower(ltrim(trim(handle), '@')) IN ({_listed(sorted(missing))})"
                                 " AND text_key IS NOT NULL", quotes="false")
            for r, ok in zip(same, _in_index(index, same)):
                handle = _norm_handle(r[4])
                if ok and handle in found:
                    found[handle][r[8]].add((r[3], r[1]))
            for handle, texts in found.items():
                self.by_handle[handle] = self._keep(texts)
        return {h: self.by_handle[h] for h in handles}


def _candidate_articles(con: duckdb.DuckDBPyConnection, index: ann.VectorIndex, rows: Sequence[tuple],
                        vectors: np.ndarray, settings: LinkSettings,
                        first: _FirstDocuments) -> dict[str, set[str]]:
    """For each article of `rows`, the other articles the rules could pair it with (see the module docstring): the
    nearest documents first, at most `documents_per_text` of them for any one text, `max_documents` in all."""
    # a text repeated in several statements (syndicated copies) is looked up once
    _, once, inverse = np.unique([r[8] for r in rows], return_index=True, return_inverse=True)
    ids, cos = index.nearest(vectors[once], settings.neighbours)
    ids, cos = ids[inverse.reshape(-1)], cos[inverse.reshape(-1)]
    close: dict[str, list[tuple[float, int]]] = defaultdict(list)     # text_key -> (cosine, row)
    wanted = cos >= settings.min_cosine_alone
    texts = index.text_keys(ids[wanted])
    for (n, _), text, c in zip(np.argwhere(wanted), texts, cos[wanted]):
        close[text].append((float(c), int(n)))
    found: dict[int, list[tuple[float, str, str, str]]] = defaultdict(list)  # row -> (-cosine, doc, article, text)
    for text, docs in first.texts(con, close).items():
        for c, n in close[text]:
            found[n] += [(-c, doc, article_id, text) for doc, article_id in docs]
    handles = {_norm_handle(r[4]) for r in rows} - {None}
    if handles:
        theirs = first.handles(con, index, sorted(handles))
        keys = sorted({t for texts in theirs.values() for t in texts})
        if keys:
            at = {t: m for m, t in enumerate(keys)}
            text_vectors = index.vectors(keys)
            for n, r in enumerate(rows):
                group = theirs.get(_norm_handle(r[4]), {})
                if group:
                    sims = text_vectors[[at[t] for t in group]] @ vectors[n]
                    for (text, docs), c in zip(group.items(), sims):
                        if c >= settings.min_cosine:
                            found[n] += [(-float(c), doc, article_id, "@" + text) for doc, article_id in docs]
    out: dict[str, set[str]] = defaultdict(set)
    for n, hits in found.items():
        own = rows[n][1]
        chosen: dict[str, None] = {}
        per_text: dict[str, int] = defaultdict(int)
        for _, _, article_id, text in sorted(hits):
            if article_id == own or per_text[text] >= settings.documents_per_text:
                continue
            per_text[text] += 1
            chosen[article_id] = None
            if len(chosen) >= settings.max_documents:
                break
        out[own].update(chosen)
    return out


def _norm_handle(h: str | None) -> str | None:
    return h.strip().lstrip("@").lower() or None if h else None


def _recluster(con: duckdb.DuckDBPyConnection, index_of: Callable[[duckdb.DuckDBPyConnection], ann.VectorIndex],
               model_version: str, seeds: set[str], settings: LinkSettings) -> tuple[set[str], list[tuple]]:
    """Cluster again the components of `seeds` (and of every member of their old clusters): (the statements
    clustered again, their links' rows), for `_replace_links` (`con` may be read-only)."""
    if not seeds:
        return set(), []
    members = set(seeds)
    frontier = set(seeds)
    while frontier:  # grow to whole components of the pairs and whole old clusters
        reached = set()
        pairs_found, links_found = _touching(con, model_version, frontier)
        for a, b in pairs_found:  # a pair: both ends
            reached.update((a, b))
        # a link, member a to canonical b: a member reaches its canonical, a canonical its members
        for a, b in links_found:
            reached.add(b if a in frontier else a)
        frontier = reached - members
        members |= frontier
    # every pair with an end among the members has both there (the components are whole): their scores and evidence,
    # read once for all the steps
    edges = _pair_edges(con, model_version, members)
    # the statements still active, in the order a full rebuild gives them
    rows = _statements_of_keys(con, members)
    links = []
    if rows and edges:
        vectors = index_of(con).vectors([r[8] for r in rows])
        items = _items(rows, vectors)
        position = {_key(*it.key): n for n, it in enumerate(items)}
        parent = list(range(len(items)))

        def find(x: int) -> int:
            while parent[x] != x:
                parent[x] = parent[parent[x]]
                x = parent[x]
            return x

        pairs = []
        for (a, b), (score, edge) in edges.items():
            if a in position and b in position:
                i, j = sorted((position[a], position[b]))
                pairs.append((i, j, score, json.loads(edge)))
                parent[find(i)] = find(j)
        components: dict[int, list[tuple]] = defaultdict(list)
        for pair in pairs:
            components[find(pair[0])].append(pair)
        for group in components.values():
            nodes = sorted({n for p in group for n in p[:2]})
            local = {n: m for m, n in enumerate(nodes)}
            sub = [items[n] for n in nodes]
            ordered = sorted(group, key=lambda p: (p[0], p[1]))
            links += cluster_links(sub, [Pair(s, local[i], local[j], e) for i, j, s, e in ordered],
                                   settings.min_cosine, vectors[nodes])
    return members, [(*ln.a, *ln.b, float(ln.score), json.dumps(ln.evidence, default=float), model_version)
                     for ln in links]


def _articles_of(keys: Iterable[str]) -> list[str]:
    return sorted({_split(k)[1] for k in keys})


def _touching(con: duckdb.DuckDBPyConnection, model_version: str,
              keys: set[str]) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(a, b) of the stored pairs and (member, canonical) of the links with an end among `keys`. Only the key
    columns are read (the evidence of the pairs is read once a component is whole, `_pair_edges`), and the keys
    and their articles are joined as registered tables: at a million statements a frontier's thousands of keys as
    SQL constants, and every pair's evidence, cost more than the scan."""
    ordered = sorted(keys)
    parts = [_split(k) for k in ordered]
    with _Lists(con) as lists:
        wanted = lists.table(v=ordered)
        statements = lists.table(kind=[p[0] for p in parts], article_id=[p[1] for p in parts],
                                 seq=[p[2] for p in parts])
        pairs = con.execute(f"SELECT a, b FROM link_pairs WHERE model_version = ? AND (a IN (SELECT v FROM {wanted})"
                            f" OR b IN (SELECT v FROM {wanted}))", [model_version]).fetchall()
        rows = con.execute(
            "SELECT kind, article_id, seq, canonical_kind, canonical_article_id, canonical_seq FROM links"
            f" WHERE (kind, article_id, seq) IN (SELECT kind, article_id, seq FROM {statements})"
            " OR (canonical_kind, canonical_article_id, canonical_seq)"
            f" IN (SELECT kind, article_id, seq FROM {statements})").fetchall()
    return pairs, [(_key(*r[:3]), _key(*r[3:])) for r in rows]


def _pair_edges(con: duckdb.DuckDBPyConnection, model_version: str,
                keys: set[str]) -> dict[tuple[str, str], tuple[float, str]]:
    """(a, b) -> (score, edge) of the stored pairs whose first end is among `keys`."""
    if not keys:
        return {}
    with _Lists(con) as lists:
        wanted = lists.table(v=sorted(keys))
        return {(a, b): (score, edge) for a, b, score, edge in con.execute(
            f"SELECT a, b, score, edge FROM link_pairs WHERE model_version = ? AND a IN (SELECT v FROM {wanted})",
            [model_version]).fetchall()}


def _replace_links(con: duckdb.DuckDBPyConnection, members: set[str], rows: list[tuple]) -> None:
    """The links of the statements `members` replaced by `rows`, in one transaction."""
    if not members:
        return
    parts = [_split(k) for k in sorted(members)]
    with _Lists(con) as lists:
        gone = lists.table(kind=[p[0] for p in parts], article_id=[p[1] for p in parts], seq=[p[2] for p in parts])
        with db.transaction(con):  # one scan of `links` for both ends
            con.execute(f"DELETE FROM links WHERE (kind, article_id, seq) IN (SELECT kind, article_id, seq FROM {gone})"
                        " OR (canonical_kind, canonical_article_id, canonical_seq)"
                        f" IN (SELECT kind, article_id, seq FROM {gone})")
            db.insert_rows(con, "links", rows)
