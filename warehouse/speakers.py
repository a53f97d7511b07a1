"""Speaker groups kept up to date in place: a run's cost follows the people of its new, changed and gone articles,
not every name in the warehouse.

The rules are extractors.speakers.group_speakers': one handle (casefolded) is one group; a prose speaker joins the
first group, in order of first appearance, holding a name with its key (`speaker_key(base_name(name))`), or the
group of prose names of that key. So a group depends only on the people connected to it: those sharing its handle,
and those sharing a name key with them, and so on. A run

* reads the people of the articles it must look at (new or changed: from the tables; changed or gone: the
  people stored for their old version, in `speaker_people`),
* grows their handles and name keys to the whole connected set of people (`speaker_people` read by handle and key,
  one row a person, the lists given as temporary tables),
* groups that set again with `group_speakers` (the people in order of first appearance over the whole warehouse,
  as `vectors.people` gives them) and replaces the stored groups it covers (`vectors.replace_speakers`: a group
  keeps its id).

A name with no letters or digits (an empty key) joins nothing by key: as prose it is a group of its own.
The result equals `group_speakers(vectors.people(con))` stored with `replace_speakers`; `update(full=True)` forgets
what was gathered and groups everything again.
"""
from __future__ import annotations

from pathlib import Path
from typing import Iterable, Sequence

import duckdb

from extractors.speakers import base_name, group_speakers, speaker_key
from warehouse import db, vectors

# (article_id, name, handle, first) of the people of the articles in `{ids}` (a table or subquery of article ids),
# as `vectors.people` counts them: tweet authors with their handle, quotation speakers resolved to a person (their
# span is known) without one.
_PEOPLE = (
    "SELECT article_id, who, handle, min(first) AS first FROM ("
    " SELECT t.article_id, t.author_name AS who, t.handle, a.doc || lpad(t.seq::VARCHAR, 6, '0') AS first"
    " FROM tweets t JOIN articles a ON a.article_id = t.article_id"
    " WHERE t.article_id IN (SELECT article_id FROM {ids}) AND a.article_id IN (SELECT article_id FROM {ids})"
    " AND a.status = 'active'"
    " UNION ALL"
    " SELECT q.article_id, q.speaker AS who, NULL AS handle, a.doc || lpad(q.seq::VARCHAR, 6, '0') AS first"
    " FROM quotes q JOIN articles a ON a.article_id = q.article_id"
    " WHERE q.article_id IN (SELECT article_id FROM {ids}) AND a.article_id IN (SELECT article_id FROM {ids})"
    " AND a.status = 'active' AND q.speaker_start IS NOT NULL"
    ") WHERE who IS NOT NULL GROUP BY article_id, who, handle")
# gathered versions that are gone or changed; active articles not gathered yet
_STALE = ("SELECT g.article_id FROM speaker_articles g WHERE NOT EXISTS (SELECT 1 FROM articles a"
          " WHERE a.article_id = g.article_id AND a.status = 'active' AND a.content_hash = g.content_hash)")
_DIRTY = ("SELECT a.article_id FROM articles a WHERE a.status = 'active' AND NOT EXISTS (SELECT 1"
          " FROM speaker_articles g WHERE g.article_id = a.article_id AND g.content_hash = a.content_hash)")
# the temporary tables of an update: its articles (stale or dirty), the dirty ones with their step, the keys of the
# people met so far, and what `_connected` looks for next
_TEMP = ("speaker_touched", "speaker_dirty", "speaker_keys", "speaker_find")
# Dirty articles whose people are gathered in one step. A step's rows are all a query holds, and the steps of new
# articles are committed one by one, so what an update holds follows the step and the distinct people, not the night.
STEP = 10_000


def handle_key(handle: str | None) -> str | None:
    """The handle as group_speakers compares it, None when it has none (the name is then a prose speaker's)."""
    h = handle.strip().lstrip("@") if handle else ""
    return h.casefold() or None


def name_key(name: str) -> str:
    return speaker_key(base_name(name.strip()))


def pending(con: duckdb.DuckDBPyConnection) -> tuple[list[str], list[str]]:
    """(stale, dirty) article ids: gathered versions that are gone or changed, active articles not gathered yet."""
    return ([r[0] for r in con.execute(f"{_STALE} ORDER BY 1").fetchall()],
            [r[0] for r in con.execute(f"{_DIRTY} ORDER BY 1").fetchall()])


def update(store: db.Store | Path | str, wait_s: float = 0.0, full: bool = False) -> int:
    """Bring the speaker groups up to date with the warehouse's active statements; return how many groups there
    are. `full` gathers every article again (the same groups, their ids kept).

    What an update holds follows its step (`STEP` articles) and the distinct people connected to its articles, not
    the night: the articles to look at stay in temporary tables, their people go from the tables to
    `speaker_people` in SQL a step at a time, and the connected set is read with one row a person (its earliest
    appearance). The grouping itself is done once, on the whole connected set.

    The people of new articles (never gathered) are stored and committed step by step, each article marked
    gathered with an empty content hash; everything else (old rows deleted, changed articles' people, the articles'
    real hashes, groups written) lands in one last transaction. An update stopped before that leaves articles whose
    hash is empty: the next one takes them as changed (or gone) and reads them again."""
    with db.open_warehouse(store, wait_s=wait_s) as con:
        if full:
            with db.transaction(con):
                con.execute("DELETE FROM speaker_people")
                con.execute("DELETE FROM speaker_articles")
        try:
            # steps of new articles numbered from 0, of changed ones (gathered before: their old people must stay
            # stored until the last transaction) from -1 down
            con.execute("CREATE TEMP TABLE speaker_dirty AS SELECT article_id,"
                        " CASE WHEN changed THEN -1 - k ELSE k END AS step FROM (SELECT article_id, changed,"
                        f" (row_number() OVER (PARTITION BY changed) - 1) // {int(STEP)} AS k FROM (SELECT"
                        " d.article_id, EXISTS (SELECT 1 FROM speaker_articles g WHERE g.article_id = d.article_id)"
                        f" AS changed FROM ({_DIRTY}) d))")
            con.execute(f"CREATE TEMP TABLE speaker_touched AS {_STALE} UNION SELECT article_id FROM speaker_dirty")
            if con.execute("SELECT count(*) FROM speaker_touched").fetchone()[0]:
                _update(con, everything=full)
        finally:
            for name in _TEMP:
                con.execute(f"DROP TABLE IF EXISTS temp.{name}")
        return con.execute("SELECT count(*) FROM speakers").fetchone()[0]


def _update(con: duckdb.DuckDBPyConnection, everything: bool) -> None:
    """Regroup the people connected to the articles of `speaker_touched` (stale or dirty; `speaker_dirty` the
    dirty ones) and store their people now."""
    # what the touched articles held before, a row a person
    old = con.execute("SELECT DISTINCT name, handle, name_key, handle_key FROM speaker_people"
                      " WHERE article_id IN (SELECT article_id FROM speaker_touched)").fetchall()
    fresh, changed = con.execute(   # steps of new articles, of changed ones
        "SELECT coalesce(max(step) FILTER (WHERE step >= 0) + 1, 0), coalesce(-min(step) FILTER (WHERE step < 0), 0)"
        " FROM speaker_dirty").fetchone()
    keyed: dict[tuple[str, str | None], tuple] = {}  # (name, handle, name_key, handle_key) of the people met
    _table(con, "speaker_keys", ("who", "handle", "name_key", "handle_key"), [])
    for step in range(fresh):
        with db.transaction(con):
            _gather(con, step, keyed)
            con.execute("INSERT INTO speaker_articles SELECT article_id, '' FROM speaker_dirty WHERE step = $1", [step])
    with db.transaction(con):
        con.execute("DELETE FROM speaker_people WHERE article_id IN (SELECT article_id FROM speaker_touched"
                    " EXCEPT SELECT article_id FROM speaker_dirty WHERE step >= 0)")
        con.execute("DELETE FROM speaker_articles WHERE article_id IN (SELECT article_id FROM speaker_touched)")
        for step in range(-1, -1 - changed, -1):
            _gather(con, step, keyed)
        con.execute("INSERT INTO speaker_articles SELECT article_id, content_hash FROM articles"
                    " WHERE article_id IN (SELECT article_id FROM speaker_dirty)")
        new = list(keyed.values())
        handles = {r[3] for r in old} | {r[3] for r in new}
        keys = {r[2] for r in old} | {r[2] for r in new}
        lone = {r[0] for r in old + new if r[3] is None and not r[2]}
        # the stored people are now those of every article as it is: the connected set is read from them alone
        people = _connected(con, handles - {None}, keys - {""}, lone)
        groups = group_speakers(_in_order(people))
        names = {r[0].strip() for r in old} | {p[0].strip() for p in people}  # stored stripped, as groups hold them
        handles |= {p[4] for p in people}   # the whole connected set's
        keys |= {p[3] for p in people}
        lone |= {p[0] for p in people if p[4] is None and not p[3]}
        scope = None if everything else _stored_groups(con, names, handles - {None}, keys - {""}, lone)
        vectors.write_speakers(con, groups, scope)


def _gather(con: duckdb.DuckDBPyConnection, step: int, keyed: dict[tuple[str, str | None], tuple]) -> None:
    """Store the people of a step's dirty articles in `speaker_people` (in place of what they held), and add the
    people not met yet to `keyed` and `speaker_keys`. A name that is blank once stripped is left out, as
    group_speakers leaves it out. The step's rows are read twice, not kept in a table: a table made or replaced
    inside a transaction is held in memory until the transaction ends."""
    rows = "(" + _PEOPLE.format(ids=f"(SELECT article_id FROM speaker_dirty WHERE step = {int(step)})") + ")"
    con.execute("DELETE FROM speaker_people WHERE article_id IN"
                f" (SELECT article_id FROM speaker_dirty WHERE step = {int(step)})")
    met = [(who, handle, name_key(who), handle_key(handle)) for who, handle in con.execute(
        f"SELECT DISTINCT who, handle FROM {rows}").fetchall() if (who, handle) not in keyed and who.strip()]
    if met:
        keyed.update(((r[0], r[1]), r) for r in met)
        db.insert_rows(con, "speaker_keys", met)
    con.execute("INSERT INTO speaker_people SELECT p.article_id, p.who, p.handle, p.first, k.name_key, k.handle_key"
                f" FROM {rows} p JOIN speaker_keys k ON k.who = p.who AND k.handle IS NOT DISTINCT FROM p.handle")


def _table(con: duckdb.DuckDBPyConnection, name: str, columns: Sequence[str], rows: Sequence[tuple]) -> None:
    """A temporary table of VARCHAR columns holding `rows` (in place of one of that name)."""
    import pyarrow as pa  # here, as in db.insert_rows

    con.register("speaker_list", pa.table({c: pa.array([r[i] for r in rows], type=pa.string())
                                           for i, c in enumerate(columns)}))
    try:
        con.execute(f"CREATE OR REPLACE TEMP TABLE {name} AS SELECT * FROM speaker_list")
    finally:
        con.unregister("speaker_list")


def _connected(con: duckdb.DuckDBPyConnection, handles: set[str], keys: set[str], lone: set[str]) -> list[tuple]:
    """(name, handle, first, name_key, handle_key) of every stored person connected to these handles, name keys
    and key-less prose names, once a person: its earliest appearance over the articles holding it."""
    handles, keys = set(handles), set(keys)
    first: dict[tuple[str, str | None], tuple] = {}
    frontier_h, frontier_k = set(handles), set(keys)
    first_pass = True
    while frontier_h or frontier_k or first_pass:
        wanted = [("h", k) for k in frontier_h] + [("k", k) for k in frontier_k]
        wanted += [("l", name) for name in lone] if first_pass else []
        _table(con, "speaker_find", ("kind", "value"), wanted)
        found = con.execute(
            "SELECT name, handle, min(first), name_key, handle_key FROM speaker_people"
            " WHERE handle_key IN (SELECT value FROM speaker_find WHERE kind = 'h')"
            " OR name_key IN (SELECT value FROM speaker_find WHERE kind = 'k')"
            " OR (handle_key IS NULL AND name_key = '' AND name IN (SELECT value FROM speaker_find WHERE kind = 'l'))"
            " GROUP BY name, handle, name_key, handle_key").fetchall()
        first_pass = False
        for r in found:
            got = first.get((r[0], r[1]))
            if got is None or r[2] < got[2]:
                first[(r[0], r[1])] = r
        # a handle's group holds every key of its names; a key is compared with every group that holds it
        more_h = {r[4] for r in found if r[4] is not None and r[3] in keys} - handles
        more_k = {r[3] for r in found if r[4] in handles or r[4] in more_h} - keys - {""}
        frontier_h, frontier_k = more_h, more_k
        handles |= more_h
        keys |= more_k
    return list(first.values())


def _in_order(people: Iterable[tuple]) -> list[tuple[str, str | None]]:
    """(name, handle) in order of first appearance, as `vectors.people` orders them."""
    return [(p[0], p[1]) for p in sorted(people, key=lambda p: (p[2], p[0], p[1] is not None, p[1] or ""))]


def _stored_groups(con: duckdb.DuckDBPyConnection, names: set[str], handles: set[str], keys: set[str],
                   lone: set[str]) -> set[int]:
    """The ids of the stored groups this connected set of people covers: groups holding one of its names whose
    handle is one of its handles, or prose groups (no handle) of one of its keys or key-less names."""
    if not names:
        return set()
    _table(con, "speaker_find", ("value",), [(name,) for name in names])
    found = con.execute("SELECT s.speaker_id, s.handle, n.name FROM speakers s JOIN speaker_names n"
                        " ON n.speaker_id = s.speaker_id WHERE n.name IN (SELECT value FROM speaker_find)").fetchall()
    lone = {name.strip() for name in lone}
    out = set()
    for sid, handle, name in found:
        h = handle_key(handle)
        if (h in handles) if h is not None else (name_key(name) in keys or name in lone):
            out.add(sid)
    return out

