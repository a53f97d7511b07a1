"""Exports for other tools: JSON Lines with the gold's field names, CSV, Parquet.

The JSONL rows follow the contract in shared/eval/score.py (tweets: doc, seq, text, author_name, handle,
date_text, date, lang, label, hashtags, mentions, urls, tweet_id, status_url; quotes: doc, text, speaker;
articles: doc, title, published, lang, tweets), with more fields after them.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import IO

import duckdb

# What each export kind reads: a view for the extracted records, the table itself for the rest.
SOURCES = {
    "tweets": "SELECT * EXCLUDE (article_id) FROM v_tweets ORDER BY doc, seq",
    "quotes": "SELECT * EXCLUDE (article_id) FROM v_quotes ORDER BY doc, seq",
    "articles": "SELECT * EXCLUDE (article_id) FROM v_articles ORDER BY doc",
    "runs": "SELECT * FROM runs ORDER BY started_at",
    "failures": "SELECT * FROM failures ORDER BY failed_at",
}
FORMATS = ("jsonl", "csv", "parquet")


def export(con: duckdb.DuckDBPyConnection, kind: str, fmt: str, out: Path | None) -> int:
    """Write `kind` rows in `fmt` to `out` (stdout for jsonl/csv when None); return the row count."""
    if kind not in SOURCES:
        raise ValueError(f"unknown export {kind!r}; choose from {', '.join(SOURCES)}")
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}")
    relation = con.sql(SOURCES[kind])
    count = con.sql(f"SELECT count(*) FROM ({SOURCES[kind]})").fetchone()[0]
    if fmt == "parquet":
        if out is None:
            raise ValueError("parquet needs an output file (-o FILE)")
        relation.write_parquet(str(out))
    elif fmt == "csv" and out is not None:
        relation.write_csv(str(out))
    else:
        with (open(out, "w", encoding="utf-8", newline="") if out else _stdout()) as fh:
            _write_text(relation, fmt, fh)
    return count


def _stdout() -> IO[str]:
    return open(sys.stdout.fileno(), "w", encoding="utf-8", closefd=False)


def _write_text(relation: duckdb.DuckDBPyRelation, fmt: str, fh: IO[str]) -> None:
    columns = relation.columns
    if fmt == "csv":
        import csv
        writer = csv.writer(fh)
        writer.writerow(columns)
        for row in relation.fetchall():
            writer.writerow([json.dumps(v, ensure_ascii=False) if isinstance(v, list) else v for v in row])
        return
    for row in relation.fetchall():
        fh.write(json.dumps(dict(zip(columns, row)), ensure_ascii=False, default=str) + "\n")
