"""The warehouse: migrations, all-or-nothing article loads, replacement of changed articles, exports."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from extractors.records import Document, Quote, Tweet
from warehouse import db, load, vectors
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


def test_a_quote_without_a_source_loads_and_exports(con, tmp_path: Path):
    unattributed = Quote(1, "Nada será como antes", None, 20, 40, -1, -1, "pt", "none", 0.4)
    load.load_articles(con, [article("a", "Título\ntexto", quotes=[unattributed])], "r1")
    assert con.execute("SELECT speaker, speaker_start, speaker_end, speaker_mention, speaker_kind, mention_start,"
                       " cue_start FROM quotes").fetchone() == (None, None, None, None, None, None, None)
    assert con.execute("SELECT who FROM v_statements WHERE kind = 'quote'").fetchall() == [(None,)]
    for fmt in ("jsonl", "csv", "parquet"):
        assert export(con, "quotes", fmt, tmp_path / f"q.{fmt}") == 1
    row = json.loads((tmp_path / "q.jsonl").read_text(encoding="utf-8"))
    assert (row["text"], row["speaker"], row["speaker_kind"], row["cue_end"]) == ("Nada será como antes", None, None,
                                                                                 None)
    assert con.execute("SELECT speaker, cue FROM read_parquet(?)", [str(tmp_path / "q.parquet")]).fetchall() == [
        (None, "none")]
    assert con.execute("SELECT text, speaker FROM read_csv(?)", [str(tmp_path / "q.csv")]).fetchall() == [
        ("Nada será como antes", None)]


def test_the_source_of_a_quote_round_trips(con, tmp_path: Path):
    body = "Título\nAna Tavares abriu. «O cliente manda», disse ela. «Não comentamos», disse a Acme."

    def span(words: str, after: int = 0) -> tuple[int, int]:
        start = body.index(words, after)
        return start, start + len(words)

    quotes = [
        Quote(1, "O cliente manda", "Ana Tavares", *span("O cliente manda"), *span("Ana Tavares"), "pt",
              "verb-after:disse", 0.9, "ela", *span("ela"), "pronoun", *span("disse")),
        Quote(2, "Não comentamos", "a Acme", *span("Não comentamos"), *span("a Acme"), "pt", "verb-after:disse", 0.8,
              "a Acme", *span("a Acme"), "organisation", *span("disse", body.index("Não"))),
    ]
    load.load_articles(con, [article("a", body, quotes=quotes)], "r1")
    rows = con.execute("SELECT seq, speaker, speaker_start, speaker_end, speaker_mention, speaker_kind,"
                       " mention_start, mention_end, cue_start, cue_end FROM v_quotes ORDER BY seq").fetchall()
    assert rows == [(q.seq, q.speaker, q.speaker_start, q.speaker_end, q.mention, q.speaker_kind, q.mention_start,
                     q.mention_end, q.cue_start, q.cue_end) for q in quotes]
    assert [(body[r[6]:r[7]], body[r[8]:r[9]]) for r in rows] == [("ela", "disse"), ("a Acme", "disse")]
    export(con, "quotes", "jsonl", tmp_path / "q.jsonl")
    exported = [json.loads(line) for line in (tmp_path / "q.jsonl").read_text(encoding="utf-8").splitlines()]
    assert list(exported[0])[:7] == ["doc", "seq", "text", "speaker", "lang", "cue", "confidence"]
    assert {k: exported[0][k] for k in ("speaker_mention", "speaker_kind", "mention_start", "cue_end")} == {
        "speaker_mention": "ela", "speaker_kind": "pronoun", "mention_start": quotes[0].mention_start,
        "cue_end": quotes[0].cue_end}


def test_only_named_persons_are_gathered_as_speakers(con):
    quotes = [Quote(1, "um", "Ana Tavares", 0, 2, 3, 14, "pt", "verb-after:disse", 0.9, speaker_kind="person"),
              Quote(2, "dois", "a Acme", 0, 2, -1, -1, "pt", "verb-after:disse", 0.9, speaker_kind="organisation"),
              Quote(3, "três", "o ministro", 0, 2, -1, -1, "pt", "verb-after:disse", 0.9, speaker_kind="role"),
              Quote(4, "quatro", None, 0, 2, -1, -1, "pt", "none", 0.3),
              Quote(5, "cinco", "Rui Costa", 0, 2, 3, 12, "pt", "verb-after:disse", 0.9),
              # a role the article resolves to a person named before it: that person said it
              Quote(6, "seis", "Rui Costa", 0, 2, 3, 12, "pt", "role:disse", 0.8, mention="o ministro",
                    mention_start=20, mention_end=30, speaker_kind="role")]
    load.load_articles(con, [article("a", "x", [tweet(1, "t")], quotes)], "r1")
    assert set(vectors.people(con)) == {("Ana Tavares", "ana"), ("Ana Tavares", None), ("Rui Costa", None)}


def test_a_warehouse_at_migration_002_upgrades_and_keeps_its_quotes(tmp_path: Path):
    path, folder = tmp_path / "old.duckdb", Path(db.__file__).parent / "migrations"
    with db.connect(path) as old:
        old.execute("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name VARCHAR, "
                    "applied_at TIMESTAMP DEFAULT current_timestamp)")
        for version, name in db.migrations()[:2]:
            old.execute((folder / name).read_text(encoding="utf-8"))
            old.execute("INSERT INTO schema_migrations (version, name) VALUES (?, ?)", [version, name])
        old.execute("CREATE VIEW v_quotes AS SELECT a.doc, q.seq, q.text, q.speaker, q.cue"
                    " FROM quotes q JOIN articles a USING (article_id)")
        old.execute("INSERT INTO articles (article_id, doc, location, kind, content_hash, source, body, first_seen,"
                    " loaded_at) VALUES (?, ?, ?, 'text', ?, ?, ?, current_timestamp, current_timestamp)",
                    ["a", "a.txt", "/data/a.txt", "h", "Ana disse «sim».", "Ana disse «sim»."])
        old.execute("INSERT INTO quotes VALUES (?, 1, ?, ?, 11, 14, 0, 3, 'pt', ?, 0.9, ?)",
                    ["a", "sim", "Ana", "verb-before:disse", "k"])
    with db.open_warehouse(path) as con:
        assert [name for _, name in db.migrations()][2] == "003_quote_sources.sql"
        assert ("003_quote_sources.sql",) in con.execute("SELECT name FROM schema_migrations").fetchall()
        assert con.execute("SELECT doc, seq, text, speaker, speaker_start, speaker_end, speaker_mention, speaker_kind,"
                           " mention_start, mention_end, cue_start, cue_end FROM v_quotes").fetchall() == [
            ("a.txt", 1, "sim", "Ana", 0, 3, "Ana", "person", 0, 3, None, None)]
        assert vectors.people(con) == [("Ana", None)]
        unattributed = Quote(1, "não", None, 5, 8, -1, -1, "pt", "none", 0.3)
        assert load.load_articles(con, [article("b", "b", quotes=[unattributed])], "r1").failures == []
        upgraded = con.execute("DESCRIBE quotes").fetchall()
    with db.open_warehouse(tmp_path / "new.duckdb") as fresh:
        assert fresh.execute("DESCRIBE quotes").fetchall() == upgraded


def row_groups(path: Path, table: str) -> list[int]:
    import duckdb

    with duckdb.connect(str(path), read_only=True) as con:
        return [r[0] for r in con.execute(f"SELECT max(count) FROM pragma_storage_info('{table}')"
                                          " GROUP BY row_group_id ORDER BY row_group_id").fetchall()]


def test_writes_keep_row_groups_small_so_a_checkpoint_rewrites_few_rows(tmp_path: Path):
    """Every write connection attaches the file with `db.ROW_GROUP_SIZE`: rows loaded in many short writes (a
    batch of articles a connection) fill row groups of that size, and rows appended to a file written with
    DuckDB's default (122,880 rows a group) go into new small groups rather than into the large one, which each
    checkpoint would rewrite whole. The connection is the file's, as `duckdb.connect` names it."""
    import duckdb

    size = db.ROW_GROUP_SIZE
    path = tmp_path / "rows.duckdb"
    for start in range(0, 3 * size, size // 2):  # six writes, each closed (checkpointed) before the next
        with db.connect(path) as con:
            assert con.execute("SELECT current_database()").fetchone()[0] == "rows"
            con.execute("CREATE TABLE IF NOT EXISTS t (i INTEGER, text VARCHAR)")
            con.execute(f"INSERT INTO t SELECT i, repeat('x', 50) FROM range({start}, {start + size // 2}) r(i)")
    assert row_groups(path, "t") == [size, size, size]
    with db.connect(path, read_only=True) as con:
        assert con.execute("SELECT count(*), count(DISTINCT i) FROM t").fetchone() == (3 * size, 3 * size)
    older = tmp_path / "older.duckdb"
    with duckdb.connect(str(older)) as con:  # a file written with DuckDB's default row groups
        con.execute(f"CREATE TABLE t AS SELECT i FROM range({size * 2}) r(i)")
    assert row_groups(older, "t") == [size * 2]
    with db.connect(older) as con:
        con.execute("INSERT INTO t SELECT 0")
    assert row_groups(older, "t") == [size * 2, 1]
    with db.connect(older) as con:
        con.execute(f"INSERT INTO t SELECT i FROM range({size}) r(i)")
    groups = row_groups(older, "t")
    assert groups[0] == size * 2 and sum(groups) == size * 3 + 1 and max(groups[1:]) <= size
