"""What `quoteline status` prints: the last runs, their counts and failures, and what the warehouse holds."""
from __future__ import annotations

import duckdb


def status_lines(con: duckdb.DuckDBPyConnection, n_runs: int = 5) -> list[str]:
    totals = con.execute(
        "SELECT (SELECT count(*) FROM v_articles), (SELECT count(*) FROM v_tweets), (SELECT count(*) FROM v_quotes),"
        " (SELECT count(*) FROM articles WHERE status = 'deleted')").fetchone()
    lines = [f"warehouse: {totals[0]} articles ({totals[3]} marked deleted), {totals[1]} tweets, {totals[2]} quotes"]
    runs = con.execute(
        "SELECT run_id, started_at, ended_at, status, n_read, n_new, n_changed, n_skipped, n_failed, n_deleted,"
        " n_tweets, n_quotes, n_embedded, stage_seconds, code_version FROM runs ORDER BY started_at DESC LIMIT ?",
        [n_runs]).fetchall()
    for (run_id, start, end, status, read, new, changed, skipped, failed, deleted, tweets, quotes, embedded,
         stages, version) in runs:
        took = f"{(end - start).total_seconds():.1f}s" if end else "still running"
        lines.append(f"run {run_id} {start:%Y-%m-%d %H:%M:%S} UTC {status} ({took}, {version}): read {read}, "
                     f"new {new}, changed {changed}, skipped {skipped}, failed {failed}, gone {deleted}; "
                     f"tweets {tweets}, quotes {quotes}, embedded {embedded}; stages {stages}")
        for location, stage, error in con.execute(
                "SELECT location, stage, error FROM failures WHERE run_id = ? ORDER BY failed_at", [run_id]).fetchall():
            lines.append(f"    failed [{stage}] {location}: {error}")
    if not runs:
        lines.append("no runs yet")
    return lines
