"""The link step's reads by list (warehouse/links.py): a list of keys written as SQL constants and the same list
joined as a registered table give the same rows, on a hand-made warehouse (real DuckDB)."""
from __future__ import annotations

import pytest

from warehouse import db, links

# text key -> the (article, doc, status) of each article holding it, and how (quote or tweet, twice in one article)
_ARTICLES = [  # article_id, doc, status
    ("f01", "m.txt", "active"), ("c02", "b.txt", "active"), ("a03", "k.txt", "active"), ("e04", "c.txt", "active"),
    ("b05", "a.txt", "deleted"), ("d06", "h.txt", "active"), ("a07", "e.txt", "active"), ("c08", "b.txt", "active"),
    ("e09", "z.txt", "active"),
]
# (article_id, seq, kind, text_key)
_STATEMENTS = [
    ("f01", 0, "quote", "kay"), ("c02", 0, "quote", "kay"), ("a03", 0, "quote", "kay"), ("e04", 0, "tweet", "kay"),
    ("e04", 1, "quote", "kay"), ("b05", 0, "quote", "kay"), ("d06", 0, "quote", "kay"), ("a07", 0, "tweet", "kay"),
    ("c08", 0, "quote", "kay"), ("c08", 1, "quote", "dee"), ("a07", 1, "quote", "dee"), ("e09", 0, "quote", "ell"),
    ("b05", 1, "quote", "ell"),
]


@pytest.fixture()
def warehouse(tmp_path):
    path = tmp_path / "w.duckdb"
    with db.open_warehouse(path) as con:
        for article_id, doc, status in _ARTICLES:
            con.execute("INSERT INTO articles (article_id, doc, location, kind, content_hash, source, body, status,"
                        " first_seen, loaded_at) VALUES (?, ?, ?, 'text', 'h', '', '', ?, now(), now())",
                        [article_id, doc, "/x/" + article_id, status])
        for article_id, seq, kind, text_key in _STATEMENTS:
            if kind == "quote":
                con.execute("INSERT INTO quotes (article_id, seq, text, speaker, start_offset, end_offset, lang, cue,"
                            " confidence, text_key) VALUES (?, ?, 't', 'S', 0, 1, 'en', 'said', 1.0, ?)",
                            [article_id, seq, text_key])
            else:
                con.execute("INSERT INTO tweets (article_id, seq, text, handle, lang, hashtags, mentions, urls,"
                            " start_offset, end_offset, text_key) VALUES (?, ?, 't', '@someone', 'en', [], [], [],"
                            " 0, 1, ?)", [article_id, seq, text_key])
    return path


@pytest.mark.parametrize("longest", [10 ** 9, 0], ids=["constants", "tables"])
def test_first_documents_of_a_text_are_its_first_active_ones_in_doc_order(warehouse, monkeypatch, longest):
    monkeypatch.setattr(links, "_CONSTANTS", longest)
    with db.connect(warehouse, read_only=True) as con:
        got = links._FirstDocuments(2).texts(con, ["kay", "dee", "ell", "none", "kay"])
    # kay: active articles by (doc, article): (b, c02) (b, c08) (c, e04) (e, a07) ...; b05 (a.txt) is deleted
    assert got == {"kay": [("b.txt", "c02"), ("b.txt", "c08"), ("c.txt", "e04")],
                   "dee": [("b.txt", "c08"), ("e.txt", "a07")], "ell": [("z.txt", "e09")], "none": []}


@pytest.mark.parametrize("longest", [10 ** 9, 0], ids=["constants", "tables"])
def test_statements_of_keys_are_their_articles_statements_with_those_keys(warehouse, monkeypatch, longest):
    monkeypatch.setattr(links, "_CONSTANTS", longest)
    # quote:e04:0 and quote:a07:0 name no statement (those articles' seq 0 is a tweet)
    keys = {"quote:c08:1", "tweet:e04:0", "quote:e04:0", "quote:a07:0", "quote:b05:0", "quote:f01:0", "tweet:gone:3"}
    with db.connect(warehouse, read_only=True) as con:
        by_key = links._statements_of_keys(con, keys)
        by_article = links._statements(con, links._articles_of(keys))
        ordered = links._by_text(con, keys)
    assert by_key == [r for r in by_article if links._key(*r[:3]) in keys]
    # the deleted article's statement and the one never stored are left out; (doc, kind, seq) order
    assert [links._key(*r[:3]) for r in by_key] == ["quote:c08:1", "tweet:e04:0", "quote:f01:0"]
    # ordered by text key, statements gone (or never there) last
    assert ordered == ["quote:c08:1", "quote:b05:0", "quote:f01:0", "tweet:e04:0", "quote:a07:0", "quote:e04:0",
                       "tweet:gone:3"]
