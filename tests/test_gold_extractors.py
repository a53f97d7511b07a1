"""The extractors against the shared gold annotations, one test per document and field.

The gold lives outside the repository, in ``shared/`` beside it (``QUOTELINE_SHARED`` overrides the
path, see ``tests/conftest.py``); without it, or without one corpus's documents or gold file, the tests
that need them are skipped, saying so. Texts are compared whitespace-folded and NFC, as the project's
scorer (``shared/eval/score.py``) compares them.
"""
from __future__ import annotations

import json
import re
import unicodedata
from functools import lru_cache

import pytest

from extractors.document import read_document
from extractors.tweets import extract_tweets
from tests.conftest import SHARED

KINDS = {".txt": "text", ".md": "markdown", ".markdown": "markdown", ".html": "html", ".htm": "html"}
TWEET_FIELDS = ["text", "author_name", "handle", "date_text", "date", "lang", "label", "hashtags", "mentions",
                "urls", "tweet_id", "status_url"]
ARTICLE_FIELDS = ["title", "published", "lang", "tweets"]
CORPORA = {"seeds": ("seeds", "gold/seed_tweets.jsonl"), "realworld": ("realworld/docs", "realworld/gold_tweets.jsonl")}
ARTICLES = "gold/seed_articles.jsonl"

pytestmark = pytest.mark.skipif(not (SHARED / "gold").is_dir(),
                                reason=f"gold annotations not found at {SHARED} (set QUOTELINE_SHARED)")


def _missing(relative: str) -> str | None:
    """Why the gold file ``relative`` cannot be read, or None when it is there."""
    path = SHARED / relative
    return None if path.is_file() else f"gold file not found: {path}"


def _rows(relative: str) -> list[dict]:
    path = SHARED / relative
    if not path.is_file():
        pytest.skip(_missing(relative))
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _skipped(reason: str, n_args: int, id: str):
    """The one case a test gets when its gold is missing: it reports the reason instead of passing empty."""
    return pytest.param(*[None] * n_args, marks=pytest.mark.skip(reason=reason), id=id)


def _norm(value):
    # score.py's norm(): ``re``'s \s also folds U+001C..U+001F, which records.normalize_text (``regex``'s
    # \s, Unicode White_Space) keeps, so the scorer's own folding is repeated here.
    if isinstance(value, str):
        return re.sub(r"\s+", " ", unicodedata.normalize("NFC", value)).strip()
    if isinstance(value, tuple):
        return list(value)
    return value


@lru_cache(maxsize=None)
def _extracted(folder: str, name: str):
    if not (SHARED / folder).is_dir():
        pytest.skip(f"corpus folder not found: {SHARED / folder}")
    path = SHARED / folder / name
    doc = read_document(path.read_text(encoding="utf-8"), KINDS[path.suffix.lower()])
    return doc, extract_tweets(doc)


def _docs(corpus: str) -> list[str]:
    folder, _ = CORPORA[corpus]
    path = SHARED / folder
    names = sorted(p.name for p in path.iterdir() if p.suffix.lower() in KINDS) if path.is_dir() else []
    if not names:
        pytest.skip(f"no {corpus} documents found in {path}")
    return names


def _gold_tweets(corpus: str) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for row in _rows(CORPORA[corpus][1]):
        out.setdefault(row["doc"], []).append(row)
    return out


def _tweet_cases():
    for corpus in CORPORA:
        if _missing(CORPORA[corpus][1]):
            yield _skipped(_missing(CORPORA[corpus][1]), 4, id=f"{corpus}-no-gold")
            continue
        gold = _gold_tweets(corpus)
        for name, rows in gold.items():
            for row in rows:
                for field in TWEET_FIELDS:
                    if field in row:
                        yield pytest.param(corpus, name, row["seq"], field, id=f"{name}#{row['seq']}-{field}")


def _article_cases():
    if _missing(ARTICLES):
        yield _skipped(_missing(ARTICLES), 2, id="articles-no-gold")
        return
    for row in _rows(ARTICLES):
        for field in ARTICLE_FIELDS:
            yield pytest.param(row["doc"], field, id=f"{row['doc']}-{field}")


@pytest.mark.parametrize("corpus", list(CORPORA))
def test_every_document_yields_exactly_the_gold_tweets(corpus):
    gold = _gold_tweets(corpus)
    folder = CORPORA[corpus][0]
    for name in _docs(corpus):
        _, tweets = _extracted(folder, name)
        got = [_norm(t.text) for t in tweets]
        want = [_norm(row["text"]) for row in gold.get(name, [])]
        assert got == want, name


@pytest.mark.parametrize("corpus,name,seq,field", list(_tweet_cases()))
def test_tweet_field(corpus, name, seq, field):
    gold = next(row for row in _gold_tweets(corpus)[name] if row["seq"] == seq)
    _, tweets = _extracted(CORPORA[corpus][0], name)
    assert len(tweets) >= seq, f"{name}: tweet #{seq} not found"
    tweet = tweets[seq - 1]
    assert tweet.seq == seq
    assert _norm(getattr(tweet, field)) == _norm(gold[field])


@pytest.mark.parametrize("name,field", list(_article_cases()))
def test_article_field(name, field):
    gold = next(row for row in _rows(ARTICLES) if row["doc"] == name)
    doc, tweets = _extracted("seeds", name)
    got = len(tweets) if field == "tweets" else getattr(doc, field)
    assert _norm(got) == _norm(gold[field])


@pytest.mark.parametrize("corpus", list(CORPORA))
def test_offsets_cut_each_tweet_out_of_its_source(corpus):
    folder = CORPORA[corpus][0]
    for name in _docs(corpus):
        doc, tweets = _extracted(folder, name)
        for tweet in tweets:
            span = doc.source[tweet.start:tweet.end]
            assert 0 <= tweet.start < tweet.end <= len(doc.source)
            if tweet.status_url is None:  # pasted: the span starts with the text and ends with the byline
                assert span.startswith(tweet.text.split("\n")[0]) and tweet.handle in span
            else:
                assert span.lower().startswith("<blockquote") and span.lower().endswith("</blockquote>")
