"""`quoteline run`: one run of the flow, a progress bar while it works and one summary when it is done.

The work stays in `flows/pipeline.py`; this module only watches it (`flows.pipeline.watching`) and prints.
"""
from __future__ import annotations

import json
import os
import sys
from collections import Counter
from pathlib import Path
from typing import Annotated, Optional

import typer

from quoteline import errors
from quoteline.cli._app import ConfigOpt, DbOpt, DebugOpt, WaitOpt, _plain, app, load
from quoteline.errors import UsageError

_GLOB = set("*?[")


def prefect_env(cfg, verbose: bool) -> None:
    """Local, offline Prefect (`prefect_settings`), except what the user set: a server only if they set one.

    Unless `verbose`, Prefect says only what is wrong (WARNING), and the logs of flow and task runs only what is
    fatal: a failure of ours reaches the user once, as a line from the command, not as a logged traceback too.
    """
    from quoteline.config import prefect_settings

    for key, value in prefect_settings(cfg).items():
        os.environ.setdefault(key, value)
    # the local API server starts with the run; on a loaded machine it needs longer than Prefect's 20 s default
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", str(int(cfg.flow.prefect_startup_timeout_s)))
    # that server need not import and register Prefect's block types (the flow uses none): 0.21 GB, not 0.24
    os.environ.setdefault("PREFECT_API_BLOCKS_REGISTER_ON_START", "false")
    quiet = {"PREFECT_LOGGING_LEVEL": "WARNING", "PREFECT_LOGGING_LOGGERS_PREFECT_FLOW_RUNS_LEVEL": "CRITICAL",
             "PREFECT_LOGGING_LOGGERS_PREFECT_TASK_RUNS_LEVEL": "CRITICAL"}
    for key, value in quiet.items():
        if verbose:
            os.environ[key] = "INFO"
        else:
            os.environ.setdefault(key, value)
    Path(os.environ["PREFECT_HOME"]).mkdir(parents=True, exist_ok=True)  # prefect makes only the last level


def check_sources(sources: list[str]) -> None:
    """A `--source` that cannot be anything is a one-line error now, not a failed flow later."""
    for source in sources:
        if source.startswith(("http://", "https://")) or _GLOB & set(source):
            continue
        if not Path(source).exists():
            raise UsageError(f"--source {source}: no such file or folder")


class Bar:
    """A rich progress bar over articles (counts, rate, time left) on standard error, then the stages after."""

    def __init__(self, enabled: bool) -> None:
        from rich.console import Console
        from rich.progress import (BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TaskProgressColumn,
                                   TextColumn, TimeElapsedColumn, TimeRemainingColumn)

        self.console = Console(stderr=True)
        self.progress = Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                                 TaskProgressColumn(), TextColumn("{task.fields[rate]}"), TimeElapsedColumn(),
                                 TextColumn("left"), TimeRemainingColumn(), TextColumn("{task.fields[counts]}"),
                                 console=self.console, disable=not enabled, transient=False)
        self.task = None

    def __enter__(self) -> "Bar":
        self.progress.start()
        self.task = self.progress.add_task("discovering", total=None, rate="", counts="")
        return self

    def __exit__(self, *exc) -> None:
        self.progress.stop()

    def started(self, total: int) -> None:
        self.progress.update(self.task, description="articles", total=total, completed=0)

    def advanced(self, articles: int, counts: Counter) -> None:
        self.progress.advance(self.task, articles)
        speed = self.progress.tasks[0].speed
        self.progress.update(self.task, rate=f"{speed:.1f}/s" if speed else "",
                             counts=f"{counts['new']} new, {counts['changed']} changed, {counts['skipped']} unchanged")

    def stage(self, name: str, detail: str = "") -> None:
        self.progress.update(self.task, description={"embed": "embedding", "link": "linking"}.get(name, name))


def summary_rows(summary, cross_language: int | None) -> list[tuple[str, object]]:
    c = summary.counts
    rows = [("articles read", c["read"]), ("new", c["new"]), ("changed", c["changed"]), ("unchanged", c["skipped"]),
            ("failed", c["failed"]), ("gone (marked deleted)", c["deleted"]), ("tweets loaded", c["tweets"]),
            ("quotes loaded", c["quotes"]), ("texts embedded", c["embedded"])]
    if "links" in c:
        rows += [("links", c["links"])]
        if cross_language is not None:
            rows += [("  of which cross-language", cross_language)]
        rows += [("speakers", c["speakers"])]
    rows += [(f"seconds: {stage}", f"{seconds:.2f}") for stage, seconds in summary.seconds.items()]
    return rows


@app.command(rich_help_panel="Run")
def run(
    source: Annotated[Optional[list[str]], typer.Option(
        "--source", "-s", metavar="PATH_OR_URL", show_default=False,
        help="A folder, glob, file or http(s) URL to read instead of the configured sources (repeatable). "
             "Example: --source articles/2026-12")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as one JSON object (for machines); "
                                                        "no progress bar.")] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Show Prefect's log lines (task runs, batches).")]
    = False,
    progress: Annotated[bool, typer.Option("--progress/--no-progress",
                                           help="Draw the progress bar (on a terminal).")] = True,
    wait: Annotated[Optional[float], typer.Option(
        "--wait", min=0, metavar="SECONDS", show_default=False,
        help="If another run holds the warehouse, wait this long for it before giving up (exit 3). Default: "
             "flow.on_busy and flow.busy_wait_s in the config.")] = None,
    config: ConfigOpt = None, db: DbOpt = None, debug: DebugOpt = False,
) -> int:
    """Run the pipeline once over the configured sources: read, extract, load, embed, link.

    Exit code 0 when every article loaded, 4 when the run completed but some failed (listed in the summary).

    Example: quoteline run --source examples --db /tmp/try.duckdb
    """
    cfg = load(config, db)
    if source:
        check_sources(source)
    overrides = {"flow": {"on_busy": "wait", "busy_wait_s": wait}} if wait is not None else None
    if overrides:
        cfg = cfg.with_overrides(**overrides)
    prefect_env(cfg, verbose)
    from flows.pipeline import quoteline_flow, watching
    from flows.runners import task_runner_from_config
    from quoteline.lifeline import bind_prefect_servers

    bind_prefect_servers()  # a run killed while Prefect's temporary server starts must take the server along

    flow = quoteline_flow.with_options(task_runner=task_runner_from_config(cfg))
    with Bar(enabled=progress and not as_json and not verbose and sys.stderr.isatty()) as bar, watching(bar):
        summary = flow(config_path=str(cfg.path), sources=source or None, db_path=str(db) if db else None,
                       overrides=overrides)
    cross = _cross_language_links(cfg) if "links" in summary.counts else None
    rows = summary_rows(summary, cross)
    counts = dict(summary.counts) | ({"cross_language_links": cross} if cross is not None else {})
    if as_json:
        print(json.dumps(_plain({"run_id": summary.run_id, "counts": counts,
                                 "seconds": summary.seconds,
                                 "failures": [dict(zip(("location", "stage", "error"), f)) for f in summary.failures],
                                 "warnings": summary.warnings}), ensure_ascii=False))
    else:
        _print_summary(summary, rows)
    return errors.EXIT_PARTIAL if summary.failures else errors.EXIT_OK


@app.command(rich_help_panel="Run")
def relink(
    full: Annotated[bool, typer.Option("--full", help="Compare every article and group every speaker again "
                                                      "(after changing [links]), not only what is new.")] = False,
    wait: WaitOpt = 30.0, config: ConfigOpt = None, db: DbOpt = None, debug: DebugOpt = False,
) -> int:
    """Bring cross-language links and speaker groups up to date (every run does this by itself, incrementally).

    Example: quoteline relink --full
    """
    from quoteline.embedder import embedding_settings, model_version_for
    from warehouse import speakers
    from warehouse.links import LinkSettings, relink as relink_links

    cfg = load(config, db)
    version = model_version_for(**embedding_settings(cfg))
    result = relink_links(cfg.store, version, LinkSettings(**cfg.links.model_dump()), wait_s=float(wait), full=full)
    groups = speakers.update(cfg.store, wait_s=float(wait), full=full)
    print(f"{result.compared} articles compared, {result.removed} gone, {result.pairs} pairs accepted, "
          f"{result.reclustered} statements re-clustered; {result.links} links; {groups} speaker groups")
    return errors.EXIT_OK


@app.command(rich_help_panel="Run")
def vacuum(wait: WaitOpt = 30.0, config: ConfigOpt = None, db: DbOpt = None, debug: DebugOpt = False) -> int:
    """Compact the warehouse file: give back the space deleted rows left (runs CHECKPOINT on their own).

    Example: quoteline vacuum
    """
    from quoteline.runlock import RunBusy, run_lock
    from warehouse.db import compact

    cfg = load(config, db)
    if cfg.warehouse.backend != "duckdb":
        raise errors.UsageError("vacuum compacts a DuckDB file; a DuckLake warehouse has its own maintenance "
                                "(docs/ducklake.md)")
    if not cfg.db_path.is_file():
        raise errors.WarehouseMissing(f"{cfg.db_path}: no warehouse there; run `quoteline run` first")
    cfg = cfg.with_overrides(flow={"on_busy": "wait", "busy_wait_s": float(wait)})
    try:
        with run_lock(cfg):                 # no run writes while the file is copied and swapped
            before, after = compact(cfg.db_path)
    except RunBusy as exc:
        raise errors.BusyError(str(exc)) from None
    print(f"{cfg.db_path}: {before / 1e6:.1f} MB -> {after / 1e6:.1f} MB")
    return errors.EXIT_OK


def _cross_language_links(cfg) -> int | None:
    """Links whose two ends are in different languages (a syndicated copy in the same language is a link too)."""
    from quoteline.cli._app import reading

    try:
        with reading(cfg, wait_s=5) as con:
            return con.execute("SELECT count(*) FROM v_links WHERE cross_language").fetchone()[0]
    except Exception:  # noqa: BLE001 — a reader busy right after the run costs this one number, not the summary
        return None


def _print_summary(summary, rows) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"run {summary.run_id}", show_header=False)
    table.add_column("what")
    table.add_column("count", justify="right")
    for what, value in rows:
        table.add_row(what, str(value))
    console = Console()
    console.print(table)
    if summary.failures:
        failed = Table(title="failed", header_style="bold")
        for column in ("location", "stage", "error"):
            failed.add_column(column, overflow="fold")
        for location, stage, error in summary.failures:
            failed.add_row(location, stage, error)
        console.print(failed)
