"""The warehouse: migrations, all-or-nothing article loads, replacement of changed articles, exports."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from extractors.records import Document, Quote, Tweet
from warehouse import db, load
from warehouse.export import export


def tweet(seq: int, text: str, handle: str = "ana") -> Tweet:
    return Tweet(seq, text, "Ana Tavares", handle, "3 de maio de 2021", "2021-05-03", "pt", None,
                 hashtags=("cx",), mentions=(), urls=(), start=seq * 10, end=seq * 10 + 5)


def article(article_id: str, text: str, tweets=(), quotes=()) -> load.ArticleLoad:
    doc = Document(source=text, body=text, kind="text", title=text.split("\n")[0], published="2021-05-04", lang="pt")
    return load.ArticleLoad(article_id, f"{article_id}.txt", f"/data/{article_id}.txt", f"hash-{text}", doc,
                            tuple(tweets), tuple(quotes))


@pytest.fixture()
def con(tmp_path: Path):
    with db.open_warehouse(tmp_path / "w.duckdb") as connection:
        yield connection


def counts(con) -> tuple[int, int, int]:
    return con.execute("SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM tweets),"
                       " (SELECT count(*) FROM quotes)").fetchone()


def test_migrations_run_once(tmp_path: Path):
    path = tmp_path / "w.duckdb"
    with db.open_warehouse(path) as first:
        assert first.execute("SELECT count(*) FROM schema_migrations").fetchone()[0] == len(db.migrations())
    with db.connect(path) as again:
        assert db.migrate(again) == []


def test_reload_replaces_rows_of_a_changed_article(con):
    quote = Quote(1, "O cliente manda", "Ana Tavares", 20, 35, 0, 11, "pt", "verb-after:disse", 0.9)
    result = load.load_articles(con, [article("a", "Título\ntexto", [tweet(1, "um"), tweet(2, "dois")], [quote])], "r1")
    assert (result.new, result.changed, result.tweets, result.quotes) == (1, 0, 2, 1)
    assert counts(con) == (1, 2, 1)
    result = load.load_articles(con, [article("a", "Título\nnovo texto", [tweet(1, "três")])], "r2")
    assert (result.new, result.changed) == (0, 1)
    assert counts(con) == (1, 1, 0)
    assert con.execute("SELECT text FROM tweets").fetchall() == [("três",)]
    assert con.execute("SELECT body, run_id FROM articles").fetchone() == ("Título\nnovo texto", "r2")


def test_a_failing_article_loads_nothing_and_keeps_its_previous_version(con):
    load.load_articles(con, [article("a", "v1", [tweet(1, "old")])], "r1")
    broken = article("a", "v2", [tweet(1, "new"), tweet(1, "duplicate seq")])
    result = load.load_articles(con, [broken, article("b", "other", [tweet(1, "fine")])], "r2")
    assert [loc for loc, _ in result.failures] == ["/data/a.txt"]
    assert "Constraint" in result.failures[0][1]
    assert con.execute("SELECT a.body, t.text FROM articles a JOIN tweets t USING (article_id)"
                       " ORDER BY a.article_id").fetchall() == [("v1", "old"), ("other", "fine")]


def test_deleted_sources_are_marked_or_purged(con):
    load.load_articles(con, [article("a", "x", [tweet(1, "t")]), article("b", "y")], "r1")
    assert load.mark_deleted(con, ["/data/a.txt"], purge=False) == 1
    assert con.execute("SELECT doc FROM v_articles").fetchall() == [("b.txt",)]
    assert con.execute("SELECT count(*) FROM v_tweets").fetchone()[0] == 0
    assert counts(con)[1] == 1  # rows kept for history
    assert load.mark_deleted(con, ["/data/b.txt"], purge=True) == 1
    assert counts(con)[0] == 1


def test_export_uses_the_gold_field_names(con, tmp_path: Path):
    load.load_articles(con, [article("a", "Título\ntexto", [tweet(1, "um")])], "r1")
    out = tmp_path / "tweets.jsonl"
    assert export(con, "tweets", "jsonl", out) == 1
    row = json.loads(out.read_text(encoding="utf-8"))
    assert {k: row[k] for k in ("doc", "seq", "text", "handle", "date", "hashtags", "label")} == {
        "doc": "a.txt", "seq": 1, "text": "um", "handle": "ana", "date": "2021-05-03", "hashtags": ["cx"],
        "label": None}
    export(con, "articles", "jsonl", out)
    row = json.loads(out.read_text(encoding="utf-8"))
    assert {k: row[k] for k in ("doc", "title", "published", "lang", "tweets")} == {
        "doc": "a.txt", "title": "Título", "published": "2021-05-04", "lang": "pt", "tweets": 1}
    export(con, "tweets", "parquet", tmp_path / "t.parquet")
    assert con.execute("SELECT text FROM read_parquet(?)", [str(tmp_path / "t.parquet")]).fetchall() == [("um",)]


def test_runs_and_failures_are_recorded(con):
    load.start_run(con, "r1", None, "cfg", "0.1.0")
    load.record_failures(con, "r1", [("/data/x.txt", "decode", "/data/x.txt: empty file")])
    load.finish_run(con, "r1", "completed", {"read": 3, "failed": 1}, {"extract": 0.5})
    assert con.execute("SELECT status, n_read, n_failed, stage_seconds->>'extract' FROM runs").fetchone() == (
        "completed", 3, 1, "0.5")
    assert con.execute("SELECT stage FROM failures WHERE run_id = 'r1'").fetchall() == [("decode",)]
