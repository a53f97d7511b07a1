"""What `quoteline status` shows: what the warehouse holds, the last runs, their counts and failures."""
from __future__ import annotations

import duckdb

RUN_COLUMNS = ["run_id", "started_at", "status", "seconds", "read", "new", "changed", "unchanged", "failed", "gone",
               "tweets", "quotes", "embedded", "stage_seconds", "code_version", "failures"]


def totals(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Articles whose source still exists (what the views show), those marked deleted, and their records."""
    row = con.execute(
        "SELECT (SELECT count(*) FROM articles WHERE status = 'active'),"
        " (SELECT count(*) FROM articles WHERE status = 'deleted'),"
        " (SELECT count(*) FROM v_tweets), (SELECT count(*) FROM v_quotes),"
        " (SELECT count(*) FROM v_links), (SELECT count(*) FROM v_links WHERE cross_language),"
        " (SELECT count(*) FROM speakers)").fetchone()
    return dict(zip(["articles", "marked_deleted", "tweets", "quotes", "links", "cross_language_links", "speakers"],
                    row))


def run_rows(con: duckdb.DuckDBPyConnection, n_runs: int = 5) -> tuple[list[str], list[tuple]]:
    """The last `n_runs` runs, newest first, each with its failures as (stage, location, error) tuples."""
    runs = con.execute(
        "SELECT run_id, started_at, status, round(epoch(ended_at - started_at), 1), n_read, n_new, n_changed,"
        " n_skipped, n_failed, n_deleted, n_tweets, n_quotes, n_embedded, stage_seconds, code_version"
        " FROM runs ORDER BY started_at DESC LIMIT ?", [n_runs]).fetchall()
    rows = []
    for run in runs:
        failures = con.execute("SELECT stage, location, error FROM failures WHERE run_id = ? ORDER BY failed_at",
                               [run[0]]).fetchall()
        rows.append((*run, failures))
    return RUN_COLUMNS, rows
