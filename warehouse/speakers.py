"""Speaker groups kept up to date in place: a run's cost follows the people of its new, changed and gone articles,
not every name in the warehouse.

The rules are extractors.speakers.group_speakers': one handle (casefolded) is one group; a prose speaker joins the
first group, in order of first appearance, holding a name with its key (`speaker_key(base_name(name))`), or the
group of prose names of that key. So a group depends only on the people connected to it: those sharing its handle,
and those sharing a name key with them, and so on. A run

* reads the people of the articles it must look at (new or changed: from the tables; changed or gone: the
  people stored for their old version, in `speaker_people`),
* grows their handles and name keys to the whole connected set of people (`speaker_people` read by handle and key,
  constant lists),
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
from warehouse.db import sql_list as _listed

# (article_id, name, handle, first) of the people of some articles, as `vectors.people` counts them: tweet authors
# with their handle, quotation speakers resolved to a person (their span is known) without one.
_PEOPLE = (
    "SELECT article_id, who, handle, min(first) FROM ("
    " SELECT t.article_id, t.author_name AS who, t.handle, a.doc || lpad(t.seq::VARCHAR, 6, '0') AS first"
    " FROM tweets t JOIN articles a ON a.article_id = t.article_id"
    " WHERE t.article_id IN ({ids}) AND a.article_id IN ({ids}) AND a.status = 'active'"
    " UNION ALL"
    " SELECT q.article_id, q.speaker AS who, NULL AS handle, a.doc || lpad(q.seq::VARCHAR, 6, '0') AS first"
    " FROM quotes q JOIN articles a ON a.article_id = q.article_id"
    " WHERE q.article_id IN ({ids}) AND a.article_id IN ({ids}) AND a.status = 'active'"
    " AND q.speaker_start IS NOT NULL"
    ") WHERE who IS NOT NULL GROUP BY article_id, who, handle")


def handle_key(handle: str | None) -> str | None:
    """The handle as group_speakers compares it, None when it has none (the name is then a prose speaker's)."""
    h = handle.strip().lstrip("@") if handle else ""
    return h.casefold() or None


def name_key(name: str) -> str:
    return speaker_key(base_name(name.strip()))


def pending(con: duckdb.DuckDBPyConnection) -> tuple[list[str], list[str]]:
    """(stale, dirty) article ids: gathered versions that are gone or changed, active articles not gathered yet."""
    stale = [r[0] for r in con.execute(
        "SELECT g.article_id FROM speaker_articles g WHERE NOT EXISTS (SELECT 1 FROM articles a"
        " WHERE a.article_id = g.article_id AND a.status = 'active' AND a.content_hash = g.content_hash)"
        " ORDER BY 1").fetchall()]
    dirty = [r[0] for r in con.execute(
        "SELECT a.article_id FROM articles a WHERE a.status = 'active' AND NOT EXISTS (SELECT 1 FROM speaker_articles g"
        " WHERE g.article_id = a.article_id AND g.content_hash = a.content_hash) ORDER BY 1").fetchall()]
    return stale, dirty


def update(store: db.Store | Path | str, wait_s: float = 0.0, full: bool = False) -> int:
    """Bring the speaker groups up to date with the warehouse's active statements; return how many groups there
    are. `full` gathers every article again (the same groups, their ids kept)."""
    with db.open_warehouse(store, wait_s=wait_s) as con:
        if full:
            with db.transaction(con):
                con.execute("DELETE FROM speaker_people")
                con.execute("DELETE FROM speaker_articles")
        stale, dirty = pending(con)
        if stale or dirty:
            _update(con, stale, dirty, everything=full)
        return con.execute("SELECT count(*) FROM speakers").fetchone()[0]


def _update(con: duckdb.DuckDBPyConnection, stale: Sequence[str], dirty: Sequence[str], everything: bool) -> None:
    touched = sorted(set(stale) | set(dirty))
    listed = _listed(touched)
    # what the touched articles held before (read from speaker_people) and hold now (read from the tables)
    old = con.execute(f"SELECT name, handle, first, name_key, handle_key FROM speaker_people"
                      f" WHERE article_id IN ({listed})").fetchall()
    new = [(aid, who, handle, first, name_key(who), handle_key(handle))
           for aid, who, handle, first in con.execute(_PEOPLE.format(ids=_listed(dirty))).fetchall()
           if who.strip()] if dirty else []
    handles = {r[4] for r in old} | {r[5] for r in new}
    keys = {r[3] for r in old} | {r[4] for r in new}
    lone = {r[0] for r in old if r[4] is None and not r[3]} | {r[1] for r in new if r[5] is None and not r[4]}
    people = _connected(con, listed, [r[1:] for r in new], handles - {None}, keys - {""}, lone)
    groups = group_speakers(_in_order(people))
    names = {r[0].strip() for r in old} | {p[0].strip() for p in people}  # stored stripped, as groups hold them
    handles |= {p[4] for p in people}   # the whole connected set's
    keys |= {p[3] for p in people}
    lone |= {p[0] for p in people if p[4] is None and not p[3]}
    with db.transaction(con):
        con.execute(f"DELETE FROM speaker_people WHERE article_id IN ({listed})")
        con.execute(f"DELETE FROM speaker_articles WHERE article_id IN ({listed})")
        db.insert_rows(con, "speaker_people", new)
        if dirty:
            con.execute("INSERT INTO speaker_articles SELECT article_id, content_hash FROM articles"
                        f" WHERE article_id IN ({_listed(dirty)})")
        scope = None if everything else _stored_groups(con, names, handles - {None}, keys - {""}, lone)
        vectors.write_speakers(con, groups, scope)


def _connected(con: duckdb.DuckDBPyConnection, touched: str, new: list[tuple], handles: set[str], keys: set[str],
               lone: set[str]) -> list[tuple]:
    """(name, handle, first, name_key, handle_key) of every person connected to these handles, name keys and
    key-less prose names: `new` (the touched articles' people now) and the stored people of other articles."""
    handles, keys = set(handles), set(keys)
    rows: dict[tuple, tuple] = {}   # a row of speaker_people (article-wise) or of `new`, once
    frontier_h, frontier_k = set(handles), set(keys)
    lone_sql = f" OR (handle_key IS NULL AND name_key = '' AND name IN ({_listed(sorted(lone))}))" if lone else ""
    first_pass = True
    while frontier_h or frontier_k or first_pass:
        found = con.execute(
            "SELECT article_id, name, handle, first, name_key, handle_key FROM speaker_people"
            f" WHERE article_id NOT IN ({touched}) AND (handle_key IN ({_listed(sorted(frontier_h))})"
            f" OR name_key IN ({_listed(sorted(frontier_k))}){lone_sql if first_pass else ''})").fetchall()
        found += [("", *r) for r in new if r[4] in frontier_h or r[3] in frontier_k
                  or (first_pass and r[4] is None and not r[3] and r[0] in lone)]
        first_pass = False
        for r in found:
            rows[r] = r
        # a handle's group holds every key of its names; a key is compared with every group that holds it
        more_h = {r[5] for r in found if r[5] is not None and r[4] in keys} - handles
        more_k = {r[4] for r in found if r[5] in handles or r[5] in more_h} - keys - {""}
        frontier_h, frontier_k = more_h, more_k
        handles |= more_h
        keys |= more_k
    first: dict[tuple[str, str | None], tuple] = {}
    for _, name, handle, at, nkey, hkey in rows.values():
        got = first.get((name, handle))
        if got is None or at < got[2]:
            first[(name, handle)] = (name, handle, at, nkey, hkey)
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
    found = con.execute("SELECT s.speaker_id, s.handle, n.name FROM speakers s JOIN speaker_names n"
                        f" ON n.speaker_id = s.speaker_id WHERE n.name IN ({_listed(sorted(names))})").fetchall()
    lone = {name.strip() for name in lone}
    out = set()
    for sid, handle, name in found:
        h = handle_key(handle)
        if (h in handles) if h is not None else (name_key(name) in keys or name in lone):
            out.add(sid)
    return out

