"""The ANN index beside the warehouse: opened from its file as a view, vectors added later kept in a small delta file
(the main file untouched) until the delta reaches an eighth of it, then folded in; every answer covers both."""
from __future__ import annotations

import hashlib
import json
from datetime import datetime, timedelta
from pathlib import Path

import numpy as np
import pyarrow as pa
import pytest

from warehouse import ann, db

VERSION = "test-model"
DIM = 16


def key(i: int) -> str:
    return hashlib.sha256(f"text {i}".encode()).hexdigest()[:32]  # as long as a text_key


def unit(rng: np.random.Generator, n: int) -> np.ndarray:
    v = rng.normal(size=(n, DIM)).astype(np.float32)
    return v / np.linalg.norm(v, axis=1, keepdims=True)


def store(path: Path, start: int, vectors: np.ndarray, at: datetime) -> None:
    with db.open_warehouse(path) as con:
        con.register("incoming", pa.table({
            "text_key": [key(i) for i in range(start, start + len(vectors))],
            "vector": pa.FixedSizeListArray.from_arrays(pa.array(vectors.reshape(-1)), DIM)}))
        con.execute("INSERT INTO embeddings SELECT text_key, ?, vector::FLOAT[], ? FROM incoming", [VERSION, at])
        con.unregister("incoming")


def open_index(path: Path) -> ann.VectorIndex:
    with db.connect(path, read_only=True) as con:
        return ann.open_index(con, path, VERSION)


def exact_top(matrix: np.ndarray, queries: np.ndarray, k: int) -> list[list[int]]:
    return [list(np.argsort(-(matrix @ q), kind="stable")[:k]) for q in queries]


@pytest.fixture()
def grown(tmp_path: Path) -> dict:
    """A warehouse of 2,000 vectors indexed, then 100 more stored and the index opened again."""
    rng = np.random.default_rng(3)
    path = tmp_path / "w.duckdb"
    start = datetime(2026, 1, 1)
    first = unit(rng, 2000)
    store(path, 0, first, start)
    built = open_index(path)
    assert len(built) == 2000 and not built.viewed
    main = ann.index_path(path, VERSION)
    before = main.read_bytes()
    more = unit(rng, 100)
    store(path, 2000, more, start + timedelta(days=1))
    return {"path": path, "main": main, "before": before, "matrix": np.concatenate([first, more]), "rng": rng,
            "start": start, "index": open_index(path)}


def test_vectors_added_to_an_opened_index_go_to_the_delta_file_not_the_main_one(grown):
    index, main = grown["index"], grown["main"]
    assert index.viewed and len(index.index) == 2000 and len(index.delta) == 100 and len(index) == 2100
    assert main.read_bytes() == grown["before"], "the main file is not rewritten for 100 new vectors"
    assert main.with_suffix(".delta.usearch").exists()
    assert json.loads(main.with_suffix(".json").read_text())["delta"] == 100
    reopened = open_index(grown["path"])
    assert (len(reopened.index), len(reopened.delta)) == (2000, 100)
    assert main.read_bytes() == grown["before"], "opening an up-to-date index writes nothing"


def test_an_index_with_a_delta_answers_for_every_vector(grown):
    index, matrix = grown["index"], grown["matrix"]
    keys = [key(i) for i in (0, 1999, 2000, 2099)]
    assert index.vectors(keys) == pytest.approx(matrix[[0, 1999, 2000, 2099]], abs=1e-6)
    ids = ann.text_ids(keys + [key(5000)])
    assert list(index.contains(ids)) == [True, True, True, True, False]
    assert index.text_keys(ids) == keys + [""]
    queries = np.concatenate([matrix[[5, 2050]], unit(grown["rng"], 8)])
    found, cosines = index.nearest(queries, 10)
    expected = exact_top(matrix, queries, 10)
    assert [index.text_keys(row) for row in found] == [[key(i) for i in row] for row in expected]
    assert cosines == pytest.approx(np.take_along_axis(queries @ matrix.T, np.asarray(expected), axis=1), abs=1e-5)
    assert index.text_keys(found[:2, 0]) == [key(5), key(2050)], "a delta vector is its own nearest"
    with db.connect(grown["path"], read_only=True) as con:  # as a search opens it
        existing = ann.existing_index(con, VERSION)
        assert existing is not None and len(existing) == 2100
        assert existing.text_keys(existing.nearest(matrix[2099], 1)[0][0]) == [key(2099)]


def test_vectors_stored_at_the_watermark_after_the_index_was_saved_are_added(grown, monkeypatch):
    """Opening reads the vectors of the rows embedded at the watermark's own time only for the keys the index lacks
    (one stored there after the index was saved, as a transaction that began at that time and committed later
    would): added like any newer row, and nothing read again for the rows it holds."""
    path, matrix, rng = grown["path"], grown["matrix"], grown["rng"]
    watermark = grown["index"].watermark
    late, newer = unit(rng, 3), unit(rng, 2)
    store(path, 2100, late, datetime.fromisoformat(watermark))
    store(path, 2103, newer, grown["start"] + timedelta(days=2))
    added = []
    original = ann.VectorIndex.add
    monkeypatch.setattr(ann.VectorIndex, "add", lambda self, keys, vectors: added.append(list(keys))
                        or original(self, keys, vectors))
    index = open_index(path)
    assert added == [[key(i) for i in range(2100, 2103)], [key(2103), key(2104)]], "no vector read twice"
    assert len(index) == 2105 and len(index.delta) == 105
    both = np.concatenate([late, newer])
    assert index.vectors([key(i) for i in range(2100, 2105)]) == pytest.approx(both, abs=1e-6)
    assert index.text_keys(index.nearest(late[1], 1)[0][0]) == [key(2101)]
    added.clear()
    assert len(open_index(path)) == 2105 and added == [], "an index up to date reads no vector"


def test_a_delta_of_an_eighth_of_the_main_graph_is_folded_into_it(grown):
    path, main = grown["path"], grown["main"]
    more = unit(grown["rng"], 160)  # 260 in the delta: more than 2,000 / 8
    store(path, 2100, more, grown["start"] + timedelta(days=2))
    index = open_index(path)
    assert (len(index.index), len(index.delta), index.viewed) == (2260, 0, False)
    assert not main.with_suffix(".delta.usearch").exists()
    assert json.loads(main.with_suffix(".json").read_text()) == {
        "count": 2260, "delta": 0, "dim": DIM, "watermark": index.watermark}
    reopened = open_index(path)
    assert reopened.viewed and (len(reopened.index), len(reopened.delta)) == (2260, 0)
    matrix = np.concatenate([grown["matrix"], more])
    queries = matrix[[0, 2001, 2259]]
    found, _ = reopened.nearest(queries, 5)
    assert [reopened.text_keys(row) for row in found] == [[key(i) for i in row]
                                                           for row in exact_top(matrix, queries, 5)]


def test_a_lost_delta_file_makes_the_index_rebuilt_from_the_table(grown):
    grown["main"].with_suffix(".delta.usearch").unlink()
    index = open_index(grown["path"])
    assert len(index) == 2100 and not index.viewed
    assert index.text_keys(index.nearest(grown["matrix"][2077], 1)[0][0]) == [key(2077)]


def statements_warehouse(path: Path, rng: np.random.Generator) -> np.ndarray:
    """Three articles (one deleted) with quotes and tweets over 40 texts, some texts in several articles, four
    languages; returns the texts' vectors."""
    texts = unit(rng, 40)
    store(path, 0, texts, datetime(2026, 1, 1))
    with db.open_warehouse(path) as con:
        for n, (article_id, status) in enumerate((("art-a", "active"), ("art-b", "deleted"), ("art-c", "active"))):
            con.execute("INSERT INTO articles (article_id, doc, location, kind, content_hash, source, body, status,"
                        " first_seen, loaded_at) VALUES (?, ?, ?, 'text', 'h', '', '', ?, now(), now())",
                        [article_id, f"doc-{2 - n}.txt", f"/x/{article_id}", status])
            for seq in range(20):
                text = (seq * 3 + n * 7) % 40  # overlapping texts between the articles
                lang = ("en", "es", "de", "fr")[(seq + n) % 4]
                if seq % 5 == 0:
                    con.execute("INSERT INTO tweets (article_id, seq, text, author_name, handle, lang, hashtags,"
                                " mentions, urls, start_offset, end_offset, text_key) VALUES"
                                " (?, ?, ?, 'Ana Vel', '@anavel', ?, [], [], [], 0, 1, ?)",
                                [article_id, seq, f"t{text}", lang, key(text)])
                else:
                    con.execute("INSERT INTO quotes (article_id, seq, text, speaker, start_offset, end_offset,"
                                " speaker_start, speaker_end, lang, cue, confidence, text_key) VALUES"
                                " (?, ?, ?, 'Rui Sol', 0, 1, 0, 1, ?, 'said', 1.0, ?)",
                                [article_id, seq, f"q{text}", lang, key(text)])
    return texts


def test_search_over_the_index_reads_the_rows_exact_search_gives(tmp_path):
    """Statements found through the text_key indexes and their articles by key: the same rows, scores and order as
    the brute-force search over v_statements (deleted articles left out, a language filter, a text in several
    articles)."""
    from warehouse import vectors

    rng = np.random.default_rng(11)
    path = tmp_path / "w.duckdb"
    texts = statements_warehouse(path, rng)
    with db.connect(path, read_only=True) as con:
        assert {r[0] for r in con.execute("SELECT index_name FROM duckdb_indexes()").fetchall()} >= {
            "tweets_text_key", "quotes_text_key"}
        index = ann.open_index(con, path, VERSION)
        columns = ("doc", "seq", "kind", "lang", "who", "handle", "text")
        for q in [texts[3], texts[17], *unit(rng, 3)]:
            for lang in (None, "es"):
                exact = vectors._search_exact(con, q, VERSION, 8, lang)
                found = vectors.search(con, q, VERSION, 8, lang, index=index)
                assert len(found) == 8 and "art-b" not in {r["article_id"] for r in found}
                assert [{c: r[c] for c in columns} for r in found] == \
                    [{c: r[c] for c in columns} for r in exact]
                assert [r["score"] for r in found] == pytest.approx([r["score"] for r in exact], abs=1e-6)


def test_a_warehouse_without_the_text_key_indexes_gets_them_filled_on_upgrade(tmp_path):
    rng = np.random.default_rng(12)
    path = tmp_path / "w.duckdb"
    statements_warehouse(path, rng)
    with db.connect(path) as con:  # as a warehouse migrated before 006 is
        con.execute("DROP INDEX tweets_text_key")
        con.execute("DROP INDEX quotes_text_key")
        con.execute("DELETE FROM schema_migrations WHERE version = 6")
    with db.open_warehouse(path) as con:
        assert {r[0] for r in con.execute("SELECT index_name FROM duckdb_indexes()").fetchall()} >= {
            "tweets_text_key", "quotes_text_key"}
        assert con.execute("SELECT count(*) FROM quotes WHERE text_key = ?", [key(17)]).fetchone()[0] == 2
        con.execute("DELETE FROM quotes WHERE article_id = 'art-a'")  # kept up to date by every write
        assert con.execute("SELECT count(*) FROM quotes WHERE text_key = ?", [key(17)]).fetchone()[0] == 1


def test_a_service_asking_again_sees_vectors_stored_since_its_last_question(grown):
    path, matrix, rng = grown["path"], grown["matrix"], grown["rng"]
    with db.connect(path, read_only=True) as con:
        first = ann.existing_index(con, VERSION)
    with db.connect(path, read_only=True) as con:  # nothing stored since: the same index, as it was
        assert ann.existing_index(con, VERSION) is first and len(first) == 2100
    more = unit(rng, 50)
    store(path, 2100, more, grown["start"] + timedelta(days=2))
    with db.connect(path, read_only=True) as con:
        again = ann.existing_index(con, VERSION)
        assert again is not None and len(again) == 2150
        assert again.text_keys(again.nearest(more[7], 1)[0][0]) == [key(2107)]
        assert again.vectors([key(2149), key(3)]) == pytest.approx(np.concatenate([more[49:], matrix[3:4]]), abs=1e-6)
    with pytest.raises(KeyError):
        again.vectors([key(3), key(9999)])
