"""What keeps a long run's memory flat, tested for what it must not change: spaCy's memory zones (an article's new
words leave the vocabularies with it) give the same analyses and records, and the model let go by a run is
loaded again the same.

The articles are invented: made-up words and names, so that every article brings words no vocabulary has seen.
"""
from __future__ import annotations

import multiprocessing
import random

from extractors import quote_lang
from flows import budget


def invented_article(seed: int) -> str:
    rng = random.Random(seed)

    def word() -> str:
        return "".join(rng.choice("bcdfgklmnprstvz") + rng.choice("aeiou") for _ in range(rng.randint(2, 4)))

    name = f"{word().capitalize()} {word().capitalize()}"
    lines = [f"The {word()} of {word().capitalize()}", ""]
    for _ in range(6):      # quoted, so that the quotation stage analyses each of these lines
        lines += ['"' + " ".join(word() for _ in range(18)).capitalize() + '."', ""]
    lines += [f'"The {word()} will {word()} the {word()} before {word().capitalize()}," said {name}.', ""]
    lines += [f"{name} told reporters: \u201cWe {word()} every {word()}.\u201d", ""]
    return "\n".join(lines)


def test_an_articles_words_leave_the_vocabularies_with_it_and_nothing_else_changes():
    articles = [invented_article(n) for n in range(12)]
    plain = [budget.extract_article(a, "text") for a in articles]  # also makes the pipelines
    assert sum(len(found.quotes) for found in plain) >= 12

    def strings() -> int:  # of every pipeline made so far (whichever languages the articles were taken for)
        return sum(len(nlp.vocab.strings) for nlp in quote_lang._MADE)

    strings_before = strings()
    zoned = []
    for n, text in enumerate(articles):
        with quote_lang.memory_zone():
            zoned.append(budget.extract_article(text + f"\n{invented_article(100 + n)}", "text"))
    assert strings() == strings_before, "the zones' new words are forgotten"
    grown = []
    for n, text in enumerate(articles):  # the same articles outside a zone
        grown.append(budget.extract_article(text + f"\n{invented_article(100 + n)}", "text"))
    # (extraction reads sentences chunk by chunk and no longer interns an article's words, so the zone is tested
    # on a pipeline itself: what it reads inside a zone is forgotten, outside it stays)
    nlp, new_words = quote_lang.pipeline("en"), invented_article(999)
    counted = strings()
    with quote_lang.memory_zone():
        nlp(new_words)
    assert strings() == counted
    nlp(new_words)
    assert strings() > counted + 100
    assert [(f.tweets, f.quotes) for f in zoned] == [(f.tweets, f.quotes) for f in grown]
    # and the same records as the very first reading, before any zone
    again = []
    for text in articles:
        with quote_lang.memory_zone():
            again.append(budget.extract_article(text, "text"))
    assert [(f.tweets, f.quotes) for f in again] == [(f.tweets, f.quotes) for f in plain]


def test_a_worker_process_extracts_what_this_process_extracts():
    """The extraction worker extracts in memory zones (flows/budget.py `_serve`): its records are this process's."""
    articles = [invented_article(200 + n) for n in range(6)]
    here = [budget.extract_article(a, "text") for a in articles]
    there = [budget.extract_within(a, "text", 120.0, 1_000_000) for a in articles]
    assert [(f.tweets, f.quotes, f.problem) for f in there] == [(f.tweets, f.quotes, f.problem) for f in here]
    assert sum(len(f.quotes) for f in there) >= 6


def test_a_worker_extracts_without_torch_and_ends_when_the_extraction_is_over():
    """spaCy's thinc imports torch whenever it is installed (~0.19 GB a process); a worker never needs it. Once a
    run's extraction is over its workers end (`close_idle`), and the next extraction starts new ones."""
    import importlib.util
    from pathlib import Path

    assert importlib.util.find_spec("torch") is not None  # installed: a worker goes without it by choice
    article = invented_article(400)
    first = budget.extract_within(article, "text", 120.0, 1_000_000)
    workers = [w._process for w in budget._idle]
    assert workers and all(p.is_alive() for p in workers)
    for process in workers:
        maps = Path(f"/proc/{process.pid}/maps").read_text()
        assert "spacy" in maps and "libtorch" not in maps  # the extractors loaded, torch not
    assert budget.close_idle() == len(workers) and not budget._idle
    assert not any(p.is_alive() for p in workers)
    again = budget.extract_within(article, "text", 120.0, 1_000_000)
    assert (again.tweets, again.quotes) == (first.tweets, first.quotes) and len(first.quotes) >= 2
    assert budget.close_idle() == 1


def test_duckdb_is_opened_with_the_configured_memory_limit(tmp_path):
    import pytest

    from quoteline.config import Config, ConfigError
    from warehouse import db

    cfg = Config.from_dict({"warehouse": {"path": "q.duckdb", "memory_limit": "300MB"}}, tmp_path / "q.toml")
    assert cfg.store == db.Store(tmp_path / "q.duckdb")  # where the tables are: the limit is how they are opened
    with db.open_warehouse(cfg.store) as con:
        limited = con.execute("SELECT current_setting('memory_limit')").fetchone()[0]
    with db.connect(db.Store(tmp_path / "q.duckdb"), read_only=True) as con:
        default = con.execute("SELECT current_setting('memory_limit')").fetchone()[0]
    assert limited.replace(" ", "") in ("286.1MiB", "300.0MB", "300MB") and default != limited
    with pytest.raises(ConfigError, match="memory_limit"):
        Config.from_dict({"warehouse": {"memory_limit": "a lot"}}, tmp_path / "q.toml")


def test_texts_read_a_page_at_a_time_get_the_vectors_read_at_once_gives(make_project, tmp_path):
    """`[embedding] read_every` bounds how many waiting texts a run holds, not what it stores: pages of one chunk
    give the chunks, and so the vectors, of one read of everything."""
    import shutil

    import duckdb

    from flows.pipeline import embed_new, quoteline_flow
    from quoteline.config import load_config

    root = make_project("pages")
    corpus = root / "corpus"
    corpus.mkdir()
    for n in range(5):
        (corpus / f"a{n}.txt").write_text(invented_article(300 + n), encoding="utf-8")
    config = root / "config" / "quoteline.toml"
    plain = tmp_path / "plain.duckdb"
    quoteline_flow(config_path=str(config), sources=[str(corpus)], db_path=str(plain),
                   overrides={"embedding": {"enabled": False}})
    # the run's extraction workers ended with its extraction (`budget.close_idle`): none waits beside the model
    assert not budget._idle and not [p for p in multiprocessing.active_children() if p.name == "quoteline-extract"]
    stored = []
    for read_every in (1, 10_000):
        copy = tmp_path / f"read{read_every}.duckdb"
        shutil.copy(plain, copy)
        cfg = load_config(config).with_overrides(warehouse={"path": str(copy)},
                                                 embedding={"store_every": 3, "read_every": read_every})
        embedded = embed_new.fn(cfg, 5.0, None)
        with duckdb.connect(str(copy), read_only=True) as con:
            stored.append((embedded, con.execute("SELECT text_key, vector FROM embeddings ORDER BY text_key").fetchall()))
    (paged, by_page), (whole, at_once) = stored
    assert paged == whole == len(at_once) > 3 * 3  # several pages of one chunk
    assert by_page == at_once
