"""The reads behind a search answer (warehouse/search.py) on a real warehouse: link groups and statements found by
the keys asked, deleted articles left out, people by v_said's rule."""
from __future__ import annotations

from pathlib import Path

import pytest

from warehouse import db
from warehouse import search as wsearch
from warehouse.search import Key


@pytest.fixture()
def con(tmp_path: Path):
    with db.open_warehouse(tmp_path / "w.duckdb") as con:
        for n, status in ((1, "active"), (2, "active"), (3, "active"), (4, "active"), (5, "deleted")):
            con.execute("INSERT INTO articles (article_id, doc, location, kind, content_hash, source, body, status,"
                        " first_seen, loaded_at) VALUES (?, ?, ?, 'text', 'h', ?, ?, ?, now(), now())",
                        [f"art{n}", f"doc{n}.txt", f"/tmp/doc{n}.txt", "@anapop: the bridge opens", "“The bridge opens.”",
                         status])
        for article, seq in (("art1", 0), ("art2", 0), ("art3", 0), ("art4", 1), ("art5", 0)):
            con.execute("INSERT INTO quotes (article_id, seq, text, speaker, start_offset, end_offset, speaker_start,"
                        " speaker_end, lang, cue, confidence, text_key) VALUES (?, ?, 'The bridge opens.', 'Ana Pop',"
                        " 1, 18, 0, 7, 'en', 'said', 0.9, ?)", [article, seq, f"k-{article}-{seq}"])
        con.execute("INSERT INTO tweets (article_id, seq, text, author_name, handle, lang, hashtags, mentions, urls,"
                    " start_offset, end_offset, text_key) VALUES ('art4', 0, 'the bridge opens', 'Ana Pop', 'anapop',"
                    " 'en', [], [], [], 0, 25, 'k-t')")
        for article in ("art2", "art3", "art5"):
            con.execute("INSERT INTO links VALUES ('quote', ?, 0, 'quote', 'art1', 0, 0.95, '{}', 'm')", [article])
        con.execute("INSERT INTO speakers VALUES (1, 'Ana Pop', NULL), (2, 'Ana Pop', 'anapop'), (3, 'Ion Dan', NULL)")
        con.execute("INSERT INTO speaker_names VALUES (1, 'Ana Pop'), (2, 'Ana Pop'), (3, 'Ion Dan')")
        yield con


def test_groups_hold_the_active_members_of_each_keys_group_in_the_order_the_keys_reach_them(con):
    found = wsearch.groups(con, [Key("quote", "art3", 0), Key("quote", "art4", 1), Key("quote", "art1", 0)])
    assert list(found.items()) == [
        (Key("quote", "art1", 0), [Key("quote", "art1", 0), Key("quote", "art2", 0), Key("quote", "art3", 0)]),
        (Key("quote", "art4", 1), [Key("quote", "art4", 1)])]
    assert wsearch.groups(con, []) == {}


def test_statements_come_in_the_order_asked_with_their_person_and_deleted_articles_left_out(con):
    rows = wsearch.statements(con, [Key("tweet", "art4", 0), Key("quote", "art5", 0), Key("quote", "art1", 0),
                                    Key("quote", "art9", 0)])
    assert [(r["kind"], r["article_id"], r["seq"], r["doc"], r["who"], r["speaker_id"]) for r in rows] == [
        ("tweet", "art4", 0, "doc4.txt", "Ana Pop", 2), ("quote", "art1", 0, "doc1.txt", "Ana Pop", 1)]
    assert rows[1]["window"] == "“The bridge opens.”" and rows[1]["window_start"] == 0
