"""Reading the warehouse: `sql`, `export`, `status`, `similar` — read-only, never holding the file for long."""
from __future__ import annotations

import contextlib
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from quoteline.cli._app import (check_store, ConfigOpt, DbOpt, DebugOpt, Format, FormatOpt, JsonOpt, WaitOpt, app, emit, load,
                                pick_format, reading, _first_line)
from quoteline.errors import QueryError, UsageError


@app.command(rich_help_panel="Query")
def sql(
    query: Annotated[str, typer.Argument(help="One SQL statement, read-only. Example: "
                                              "\"SELECT speaker, count(*) FROM v_quotes GROUP BY ALL\"")],
    fmt: FormatOpt = Format.table,
    as_json: JsonOpt = False,
    max_rows: Annotated[int, typer.Option("--max-rows", min=1, metavar="N",
                                          help="Rows shown by --format table (the others print all).")] = 40,
    config: ConfigOpt = None, db: DbOpt = None, wait: WaitOpt = 30, debug: DebugOpt = False,
) -> None:
    """Run a read-only SQL query against the warehouse (views: v_articles, v_tweets, v_quotes, v_statements,
    v_said; docs/sql.md).

    Example: quoteline sql "SELECT doc, title, published FROM v_articles ORDER BY published DESC" --format csv
    """
    import duckdb

    from warehouse.db import NotReadOnly, check_read_only

    try:  # ATTACH, COPY … TO, INSTALL/LOAD, SET, writes: refused before anything runs (warehouse/db.py)
        check_read_only(query)
    except NotReadOnly as exc:
        raise QueryError(f"SQL error: {exc}") from None
    cfg = load(config, db)
    with reading(cfg, wait) as con:
        con.execute("SET autoinstall_known_extensions = false")
        con.execute("SET lock_configuration = true")
        try:
            relation = con.sql(query)
            if relation is None:
                return
            columns, rows = relation.columns, relation.fetchall()
        except duckdb.Error as exc:
            raise QueryError(f"SQL error: {_first_line(exc)}") from None
    emit(columns, rows, pick_format(fmt, as_json), max_rows=max_rows)


class ExportKind(str, Enum):
    tweets = "tweets"
    quotes = "quotes"
    articles = "articles"
    runs = "runs"
    failures = "failures"


class ExportFormat(str, Enum):
    jsonl = "jsonl"
    json = "json"
    csv = "csv"
    parquet = "parquet"


@app.command(rich_help_panel="Query")
def export(
    kind: Annotated[ExportKind, typer.Argument(help="What to write: tweets, quotes, articles, runs or failures. "
                                                    "Example: quotes")],
    fmt: Annotated[ExportFormat, typer.Option("--format", "-f", case_sensitive=False,
                                              help="jsonl (one object a line), json (one array), csv or parquet "
                                                   "(needs -o).")] = ExportFormat.jsonl,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", metavar="FILE", show_default=False,
                                                   help="File to write. Default: standard output (jsonl, json, csv)."
                                                   )] = None,
    config: ConfigOpt = None, db: DbOpt = None, wait: WaitOpt = 30, debug: DebugOpt = False,
) -> None:
    """Write tweets, quotes, articles, runs or failures for other tools (dates as DATE, times as TIMESTAMP).

    Example: quoteline export quotes --format parquet -o quotes.parquet
    """
    from warehouse.export import SOURCES, export as write_export

    if fmt is ExportFormat.parquet and output is None:
        raise UsageError("--format parquet needs an output file: add -o FILE")
    if output is not None and not output.parent.is_dir():
        raise UsageError(f"{output}: folder {output.parent} does not exist")
    cfg = load(config, db)
    with reading(cfg, wait) as con:
        if output is not None and fmt is not ExportFormat.json:
            count = write_export(con, kind.value, fmt.value, output)
        else:
            relation = con.sql(SOURCES[kind.value])
            with open(output, "w", encoding="utf-8") if output else contextlib.nullcontext(sys.stdout) as fh:
                count = emit(relation.columns, relation.fetchall(), Format(fmt.value), out=fh)
    if output:
        print(f"{count} {kind.value} rows written to {output}", file=sys.stderr)


@app.command(rich_help_panel="Query")
def status(
    runs: Annotated[int, typer.Option("--runs", min=0, metavar="N", help="How many recent runs to show.")] = 5,
    fmt: FormatOpt = Format.table,
    as_json: JsonOpt = False,
    config: ConfigOpt = None, db: DbOpt = None, wait: WaitOpt = 30, debug: DebugOpt = False,
) -> None:
    """What the warehouse holds, the last runs and their failures.

    Example: quoteline status --runs 10
    """
    from warehouse.status import run_rows, totals

    cfg = load(config, db)
    fmt = pick_format(fmt, as_json)
    with reading(cfg, wait) as con:
        held = totals(con)
        columns, rows = run_rows(con, runs)
    rows = _killed_runs_marked(cfg, rows)
    if fmt is Format.json:
        import json

        from quoteline.cli._app import _plain
        print(json.dumps(_plain({"warehouse": held, "runs": [dict(zip(columns, r)) for r in rows]}),
                         ensure_ascii=False, indent=2))
        return
    if fmt is Format.table:
        print(f"warehouse {cfg.db_path}: " + ", ".join(f"{v} {k.replace('_', ' ')}" for k, v in held.items()))
        if not rows:
            print("no runs yet")
            return
        emit(["run", "started (UTC)", "status", "s", "articles read: new/changed/unchanged/failed/gone",
              "tweets/quotes/embedded"],
             [(r[0], f"{r[1]:%Y-%m-%d %H:%M}", r[2], r[3], f"{r[4]}: {r[5]}/{r[6]}/{r[7]}/{r[8]}/{r[9]}",
               f"{r[10]}/{r[11]}/{r[12]}") for r in rows], Format.table, title="recent runs")
        failures = [(r[0], f) for r in rows for f in r[-1]]
        if failures:
            emit(["run", "stage", "location", "error"], [(run, *f) for run, f in failures], Format.table,
                 title="failures")
        return
    emit(columns, rows, fmt)


def _killed_runs_marked(cfg, rows: list[tuple]) -> list[tuple]:
    """A run still marked running while nobody holds the warehouse's run lock was killed: say so (the next
    run marks it aborted for good)."""
    from quoteline.runlock import run_alive

    if not any(r[2] == "running" for r in rows) or run_alive(cfg.db_path):
        return rows
    return [(*r[:2], "aborted? (its process is gone)", *r[3:]) if r[2] == "running" else r for r in rows]


@app.command(rich_help_panel="Query")
def similar(
    text: Annotated[str, typer.Argument(help="What was said, in any language. Example: \"the bridge will open in "
                                             "spring\"")],
    k: Annotated[Optional[int], typer.Option("--k", "-k", min=1, metavar="N", show_default=False,
                                             help="How many statements. Default: similar.k in the config.")] = None,
    lang: Annotated[Optional[str], typer.Option("--lang", metavar="XX", show_default=False,
                                                help="Only statements in this language (ISO 639-1, e.g. ro).")] = None,
    no_service: Annotated[bool, typer.Option("--no-service", help="Load the model here even if `quoteline web` "
                                                                  "runs.")] = False,
    fmt: FormatOpt = Format.table,
    as_json: JsonOpt = False,
    config: ConfigOpt = None, db: DbOpt = None, wait: WaitOpt = 30, debug: DebugOpt = False,
) -> None:
    """Who said something like this, in any language? The statements nearest in meaning, best first, translations
    and copies folded under one (with their languages and count), with who, when, where and the article's address.
    Asks a running `quoteline web` first (its model is loaded: well under a second), else loads the model here.

    Example: quoteline similar "we will not raise taxes" --lang it --k 5
    """
    from quoteline.search import format_result, similar as search_similar

    def embedder():  # imported only when no service answers: the model's imports take a while
        from quoteline.embedder import load_embedder

        return load_embedder(cfg)

    cfg = load(config, db)
    if lang is not None and not (len(lang) == 2 and lang.isalpha()):
        raise UsageError(f"--lang {lang!r}: expected a two-letter ISO 639-1 code, like ro or it")
    check_store(cfg)  # a missing or foreign warehouse is one line here, before the model loads
    use_service = cfg.similar.use_service and not no_service
    result = search_similar(text, k or cfg.similar.k, lang and lang.lower(), cfg.store, embedder,
                            host=cfg.web.host if use_service else None, port=cfg.web.port, busy_wait_s=wait,
                            threads=cfg.web.threads or None)
    if result.served_by != "local":
        print(f"quoteline: answered by `quoteline web` at {result.served_by} ({result.took_ms:.0f} ms)",
              file=sys.stderr)
    fmt = pick_format(fmt, as_json)
    if fmt is Format.table:
        print("\n".join(format_result(result)))
        return
    if not result.groups and result.message:
        print(result.message, file=sys.stderr)
    groups = [group.model_dump() for group in result.groups]
    if fmt is Format.csv:
        columns = ["score", "count", "langs", "kind", "lang", "who", "handle", "date", "doc", "seq", "title", "url",
                   "text"]
        emit(columns, [[g["score"], g["count"], g["langs"], *(g["head"].get(c) for c in columns[3:])] for g in groups],
             fmt)
        return
    _emit_objects(groups, fmt)


def _emit_objects(objects: list[dict], fmt: Format) -> None:
    import json

    from quoteline.cli._app import _plain

    if fmt is Format.jsonl:
        for obj in objects:
            print(json.dumps(_plain(obj), ensure_ascii=False))
    else:
        print(json.dumps(_plain(objects), ensure_ascii=False, indent=2))
