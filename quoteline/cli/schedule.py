"""`quoteline serve` and `quoteline schedule status|run|stop|env`: the nightly schedule (docs/scheduling.md)."""
from __future__ import annotations

import json
from typing import Annotated, Optional

import typer

from quoteline import errors
from quoteline.cli._app import ConfigOpt, DbOpt, DebugOpt, Format, FormatOpt, JsonOpt, _plain, app, emit, load, \
    pick_format

schedule_app = typer.Typer(no_args_is_help=True, help="The running schedule: its next and last runs, a run now, "
                                                     "stop, and the exports for Prefect's own CLI.")
app.add_typer(schedule_app, name="schedule", rich_help_panel="Schedule")


@app.command(rich_help_panel="Schedule")
def serve(
    port: Annotated[Optional[str], typer.Option(
        "--port", metavar="PORT", show_default=False,
        help='Server port. Default: schedule.server_port; 0 or "auto": a free one.')] = None,
    cron: Annotated[Optional[str], typer.Option(
        "--cron", metavar="CRON", show_default=False,
        help='Cron expression, in schedule.timezone. Default: schedule.cron. Example: --cron "30 3 * * *"')] = None,
    ui: Annotated[Optional[bool], typer.Option(
        "--ui/--no-ui", show_default=False,
        help="Serve Prefect's web UI beside the API (default: schedule.ui, on).")] = None,
    config: ConfigOpt = None, db: DbOpt = None, debug: DebugOpt = False,
) -> int:
    """Run the pipeline on the configured schedule: a local Prefect server (with its UI) and the flow served on the
    cron. Runs in the foreground; Ctrl-C or `quoteline schedule stop` stops it cleanly.

    Example: quoteline serve --port auto --cron "0 2 * * *"
    """
    from quoteline.serving import serve as supervise

    return supervise(load(config, db), port=port, cron=cron, db_given=db is not None, ui=ui)


@schedule_app.command("status")
def schedule_status(
    next_runs: Annotated[int, typer.Option("--next", min=0, metavar="N", help="How many upcoming runs to list.")] = 5,
    last_runs: Annotated[int, typer.Option("--last", min=0, metavar="N", help="How many past runs to list.")] = 5,
    fmt: FormatOpt = Format.table,
    as_json: JsonOpt = False,
    config: ConfigOpt = None, debug: DebugOpt = False,
) -> None:
    """The schedule being served, its next runs and its last ones.

    Example: quoteline schedule status --next 3
    """
    from quoteline.serving import status

    info = status(load(config), next_runs, last_runs)
    fmt = pick_format(fmt, as_json)
    if fmt is Format.json:
        print(json.dumps(_plain(info), ensure_ascii=False, indent=2))
        return
    if fmt is not Format.table:
        emit(["when", "state", "seconds", "name"],
             [(r["expected_start"], "Scheduled", None, r["name"]) for r in info["next_runs"]]
             + [(r["started"], r["state"], r["seconds"], r["name"]) for r in info["last_runs"]], fmt)
        return
    print(f"serving {info['deployment']} (pid {info['pid']}), Prefect API {info['api_url']}"
          + (f", UI {info['ui_url']}" if info["ui_url"] else "") + f", config {info['config']}")
    for s in info["schedules"]:
        print(f"schedule: cron {s['cron']!r} in {s['timezone']}{'' if s['active'] else ' (paused)'}")
    if info["next_runs"]:
        emit(["expected start", "name"], [(r["expected_start"], r["name"]) for r in info["next_runs"]], fmt,
             title="next runs")
    else:
        print("next runs: none scheduled")
    if info["last_runs"]:
        emit(["started", "state", "seconds", "name"],
             [(r["started"], r["state"], r["seconds"], r["name"]) for r in info["last_runs"]], fmt, title="last runs")
    else:
        print("last runs: none yet")


@schedule_app.command("run")
def schedule_run(
    wait: Annotated[float, typer.Option(
        "--wait", min=0, metavar="SECONDS",
        help="Wait this long for the run to end (0: start it and return); exit 4 unless it completed.")] = 0,
    config: ConfigOpt = None, debug: DebugOpt = False,
) -> int:
    """Start a run of the served deployment now.

    Example: quoteline schedule run --wait 3600
    """
    from quoteline.serving import trigger

    message, completed = trigger(load(config), wait)
    print(message)
    return errors.EXIT_OK if not wait or completed else errors.EXIT_PARTIAL


@schedule_app.command("stop")
def schedule_stop(
    now: Annotated[bool, typer.Option("--now", help="Do not wait for a run in flight to finish.")] = False,
    config: ConfigOpt = None, debug: DebugOpt = False,
) -> None:
    """Stop `quoteline serve` cleanly: no new runs, a run in flight finishes first.

    Example: quoteline schedule stop --now
    """
    from quoteline.serving import stop

    print(stop(load(config), now))


@schedule_app.command("env")
def schedule_env(config: ConfigOpt = None, debug: DebugOpt = False) -> None:
    """Print the shell exports that point Prefect's own `prefect` command at the running server.

    Example: eval "$(quoteline schedule env)" && prefect deployment ls
    """
    from quoteline.serving import env_exports

    print(env_exports(load(config)))
