"""Loading extracted records, idempotently.

A batch of articles is written in one transaction: their old tweets and quotes go, the new ones come,
so a changed article replaces its rows whole. If the batch fails it is written again article by article,
so only the bad article is refused and keeps its previous version. Unchanged articles are never handed to
this module (the flow compares content hashes first).
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Sequence

import duckdb

from extractors.records import Document, Quote, Tweet, text_key
from warehouse import db


@dataclass(frozen=True)
class KnownSource:
    article_id: str
    content_hash: str
    etag: str | None
    last_modified: str | None
    status: str


@dataclass(frozen=True)
class ArticleLoad:
    """Everything one article contributes to the warehouse."""

    article_id: str
    doc: str
    location: str
    content_hash: str
    document: Document
    tweets: Sequence[Tweet] = ()
    quotes: Sequence[Quote] = ()
    etag: str | None = None
    last_modified: str | None = None


@dataclass
class LoadResult:
    new: int = 0
    changed: int = 0
    tweets: int = 0
    quotes: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)  # (location, error)


def _now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


def known_sources(con: duckdb.DuckDBPyConnection) -> dict[str, KnownSource]:
    rows = con.execute("SELECT location, article_id, content_hash, etag, last_modified, status FROM articles").fetchall()
    return {row[0]: KnownSource(*row[1:]) for row in rows}


def load_articles(con: duckdb.DuckDBPyConnection, items: Sequence[ArticleLoad], run_id: str) -> LoadResult:
    """Load a batch in one transaction; if that fails, article by article so only the bad one is refused.

    Either way each article loads whole or not at all, and a refused article keeps its previous version.
    """
    result = LoadResult()
    try:
        existed = _load(con, items, run_id)
        outcomes = [(item, was, None) for item, was in zip(items, existed)]
    except duckdb.Error as exc:
        if db.storage_failed(exc):  # a full disk or a broken file is the run's failure, not one article's
            raise
        outcomes = []
        for item in items:
            try:
                outcomes.append((item, _load(con, [item], run_id)[0], None))
            except duckdb.Error as exc:
                outcomes.append((item, False, f"{exc.__class__.__name__}: {exc}"))
    for item, was, error in outcomes:
        if error:
            result.failures.append((item.location, error))
            continue
        result.changed += was
        result.new += not was
        result.tweets += len(item.tweets)
        result.quotes += len(item.quotes)
    return result


def _load(con: duckdb.DuckDBPyConnection, items: Sequence[ArticleLoad], run_id: str) -> list[bool]:
    """Replace the rows of `items` in one transaction; return for each whether it was there before."""
    if not items:
        return []
    ids, now = [item.article_id for item in items], _now()
    with db.transaction(con):
        first_seen = dict(con.execute("SELECT article_id, first_seen FROM articles WHERE list_contains(?, article_id)",
                                      [ids]).fetchall())
        for table in ("tweets", "quotes", "articles"):
            con.execute(f"DELETE FROM {table} WHERE list_contains(?, article_id)", [ids])
        db.insert_rows(con, "articles", [
            (i.article_id, i.doc, i.location, i.document.kind, i.content_hash, i.document.title, i.document.published,
             i.document.lang, i.document.source, i.document.body, i.etag, i.last_modified, "active",
             first_seen.get(i.article_id, now), now, run_id) for i in items])
        db.insert_rows(con, "tweets", [
            (i.article_id, t.seq, t.text, t.author_name, t.handle, t.date_text, t.date, t.lang, t.label,
             list(t.hashtags), list(t.mentions), list(t.urls), t.tweet_id, t.status_url, t.start, t.end,
             text_key(t.text)) for i in items for t in i.tweets])
        db.insert_rows(con, "quotes", [_quote_row(i.article_id, q) for i in items for q in i.quotes])
    return [item.article_id in first_seen for item in items]


def _quote_row(article_id: str, q: Quote) -> dict[str, object]:
    """A quote as the `quotes` columns, by name; a span of -1 (nothing to point at) is stored as NULL."""
    def span(offset: int) -> int | None:
        return None if offset < 0 else offset

    return {"article_id": article_id, "seq": q.seq, "text": q.text, "speaker": q.speaker,
            "start_offset": q.start, "end_offset": q.end,
            "speaker_start": span(q.speaker_start), "speaker_end": span(q.speaker_end),
            "lang": q.lang, "cue": q.cue, "confidence": q.confidence, "text_key": text_key(q.text),
            "speaker_mention": q.mention, "speaker_kind": q.speaker_kind,
            "mention_start": span(q.mention_start), "mention_end": span(q.mention_end),
            "cue_start": span(q.cue_start), "cue_end": span(q.cue_end)}


def touch_validators(con: duckdb.DuckDBPyConnection, location: str, etag: str | None, last_modified: str | None) -> None:
    """Remember a URL's new validators when its bytes did not change."""
    con.execute("UPDATE articles SET etag = ?, last_modified = ? WHERE location = ?", [etag, last_modified, location])


def mark_deleted(con: duckdb.DuckDBPyConnection, locations: Sequence[str], purge: bool) -> int:
    """Sources that disappeared: mark them (rows kept for history) or, if configured, delete their rows."""
    if not locations:
        return 0
    with db.transaction(con):
        ids = [row[0] for row in con.execute(
            "SELECT article_id FROM articles WHERE status = 'active' AND list_contains(?, location)",
            [list(locations)]).fetchall()]
        if purge:
            for table in ("tweets", "quotes", "articles"):
                con.execute(f"DELETE FROM {table} WHERE list_contains(?, article_id)", [ids])
        else:
            con.execute("UPDATE articles SET status = 'deleted' WHERE list_contains(?, article_id)", [ids])
    return len(ids)


def last_run_failure(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str]]:
    """[(run id, its error)] when the latest run ended with an error (status failed), else []."""
    row = con.execute("SELECT run_id, status FROM runs ORDER BY started_at DESC LIMIT 1").fetchone()
    if not row or row[1] != "failed":
        return []
    error = con.execute("SELECT error FROM failures WHERE run_id = ? AND stage = 'run' LIMIT 1", [row[0]]).fetchone()
    return [(row[0], error[0] if error else "no error recorded")]


def start_run(con: duckdb.DuckDBPyConnection, run_id: str, flow_run_id: str | None, config_hash: str,
              code_version: str) -> list[str]:
    """Record a new run. Called under the run lock, so a run still marked running was killed: say so, and
    return the ids of those runs."""
    aborted = [row[0] for row in con.execute("SELECT run_id FROM runs WHERE status = 'running'").fetchall()]
    con.execute("UPDATE runs SET status = 'aborted', ended_at = coalesce(ended_at, ?) WHERE status = 'running'",
                [_now()])  # (no RETURNING: DuckLake tables do not take it)
    con.execute("INSERT INTO runs (run_id, flow_run_id, started_at, status, config_hash, code_version)"
                " VALUES (?, ?, ?, 'running', ?, ?)", [run_id, flow_run_id, _now(), config_hash, code_version])
    return aborted


def finish_run(con: duckdb.DuckDBPyConnection, run_id: str, status: str, counts: dict[str, int],
               stage_seconds: dict[str, float]) -> None:
    columns = ("n_read", "n_new", "n_changed", "n_skipped", "n_failed", "n_deleted", "n_tweets", "n_quotes",
               "n_embedded")
    con.execute(
        f"UPDATE runs SET ended_at = ?, status = ?, stage_seconds = ?, {', '.join(f'{c} = ?' for c in columns)}"
        " WHERE run_id = ?",
        [_now(), status, json.dumps({k: round(v, 3) for k, v in stage_seconds.items()}),
         *(counts.get(c.removeprefix("n_"), 0) for c in columns), run_id])


def record_failures(con: duckdb.DuckDBPyConnection, run_id: str, failures: Sequence[tuple[str, str, str]]) -> None:
    """Failures as (location, stage, error)."""
    if failures:
        con.executemany("INSERT INTO failures VALUES (?, ?, ?, ?, ?)",
                        [[run_id, loc, stage, err, _now()] for loc, stage, err in failures])
