"""The serving child of `quoteline serve`: deploy the flow with its schedule, then start each run it fires.

The supervisor around it (the Prefect server, locks, signals, `quoteline schedule …`) is `quoteline/serving.py`;
this module is only what must run in a process of its own, with the flow imported.
"""
from __future__ import annotations

from quoteline.config import load_config
from quoteline.serving import FLOW_NAME, schedule_settings

__all__ = ["FLOW_NAME", "serve_flow"]


def serve_flow(config_path: str, cron: str, db_path: str = "") -> None:
    """Deploy the flow on `cron`, then poll the server for runs until SIGINT."""
    from prefect.deployments.runner import EntrypointType
    from prefect.schedules import Cron

    from flows.pipeline import quoteline_flow
    from flows.runners import task_runner_from_config

    cfg = load_config(config_path)
    s = schedule_settings(cfg, cron=cron)
    parameters = {"config_path": str(cfg.path)} | ({"db_path": db_path} if db_path else {})
    flow = quoteline_flow.with_options(task_runner=task_runner_from_config(cfg))
    # limit=1: runs never overlap (a second would only meet the run lock); pause_on_shutdown (the default)
    # deletes the future runs when serving stops, and the next `serve` re-activates the schedule.
    flow.serve(name=s.deployment, schedules=[Cron(s.cron, timezone=s.timezone)], parameters=parameters, limit=1,
               print_starting_message=False, entrypoint_type=EntrypointType.MODULE_PATH)
