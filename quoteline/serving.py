"""`quoteline serve` and `quoteline schedule …`: a local Prefect server, and the flow served on the configured cron.

Why this shape (prefect 3.8.8, measured here): a temporary API (what `quoteline run` uses) never fires a
schedule, so a real server runs, on loopback, with its state under ours and its web UI on (unless turned off).
`flow.serve` (in `flows/serve.py`, the child process) is the least machinery that turns a cron into runs: one
process deploys the flow, polls the server and starts each run in a subprocess; there is no work pool, worker or
`prefect.yaml` to keep in step with the code. One supervisor process (here) owns both children and stops them in
the only order that works: serving first (on SIGINT it pauses the schedule through the API and lets a run in
flight finish), the server last — once the server is gone, serve ignores SIGTERM. Each child leads its own
process group, so whatever it started goes with it: no orphans.
"""
from __future__ import annotations

import fcntl
import json
import os
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator
from zoneinfo import ZoneInfo

from quoteline.config import Config, ConfigError, prefect_settings
from quoteline.errors import QuotelineError

FLOW_NAME = "quoteline"  # the name in @flow(name=...) of flows/pipeline.py; tests check they agree
_CHILD = "import sys; from flows.serve import serve_flow; serve_flow(*sys.argv[1:])"


class ServeError(QuotelineError):
    """The server or the serving process could not start, or died; or nothing is serving."""


@dataclass(frozen=True)
class Schedule:
    cron: str
    timezone: str
    host: str
    port: int  # 0: a free port, picked at start
    deployment: str
    start_timeout_s: float
    stop_timeout_s: float

    @property
    def full_name(self) -> str:
        return f"{FLOW_NAME}/{self.deployment}"


def schedule_settings(cfg: Config, port: int | str | None = None, cron: str | None = None) -> Schedule:
    """The `[schedule]` section (validated when the config was read), with command-line overrides."""
    sec = cfg.schedule
    if port is not None:
        sec = cfg.with_overrides(schedule={"server_port": _port_value(port)}).schedule
    return Schedule(cron=cron or sec.cron, timezone=sec.timezone, host=sec.server_host, port=sec.server_port,
                    deployment=sec.deployment_name, start_timeout_s=sec.server_start_timeout_s,
                    stop_timeout_s=sec.stop_timeout_s)


def _port_value(port: int | str) -> int | str:
    """A port given on the command line ("4300", "auto") as the config would hold it."""
    try:
        return int(port)
    except ValueError:
        return str(port)


def prefect_env(cfg: Config, api_url: str, ui: bool = False) -> dict[str, str]:
    """The environment of the server, the serving process and the helper commands: all state under ours."""
    settings = prefect_settings(cfg, ui=ui)
    home = Path(settings["PREFECT_HOME"])
    home.mkdir(parents=True, exist_ok=True)
    inherited = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_LOGGING_")}
    return {**inherited, **settings, "PREFECT_API_URL": api_url,
            # the served runs' log lines are the record of what ran at night: Prefect's INFO, whatever the caller's
            "PREFECT_LOGGING_LEVEL": "INFO",
            # the server's own database, apart from the one the temporary server of `quoteline run` uses
            "PREFECT_SERVER_DATABASE_CONNECTION_URL": f"sqlite+aiosqlite:///{home / 'server.db'}"}


# -- the supervisor ---------------------------------------------------------------------------------------------

class _Signals:
    """SIGINT/SIGTERM to the supervisor: the first stops cleanly, the next one stops now."""

    def __init__(self) -> None:
        self.count = 0
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, self._handle)

    def _handle(self, signum: int, frame: object) -> None:
        self.count += 1
        how = "cleanly: no new runs, a run in flight finishes" if self.count == 1 else "now"
        print(f"quoteline serve: {signal.Signals(signum).name}, stopping {how}", file=sys.stderr, flush=True)


@contextmanager
def _serve_lock(cfg: Config) -> Iterator[Callable[..., None]]:
    """One `serve` per state folder; the lock file says who serves where (read by `quoteline schedule`).

    Yields a function that records more about the serve (the API address, once the server answers).
    """
    cfg.state_dir.mkdir(parents=True, exist_ok=True)
    with open(cfg.state_dir / "serve.lock", "a+") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            who = serving(cfg) or {}
            raise ServeError(f"already serving from {cfg.state_dir} (pid {who.get('pid', '?')}, Prefect API "
                             f"{who.get('api_url', 'starting')}); stop it with `quoteline schedule stop`") from None
        about = {"pid": os.getpid(), "config": str(cfg.path)}

        def record(**more: object) -> None:
            about.update(more)
            fh.truncate(0)
            fh.write(json.dumps(about))
            fh.flush()

        record()
        try:
            yield record
        finally:
            fh.truncate(0)
            fcntl.flock(fh, fcntl.LOCK_UN)


def serving(cfg: Config) -> dict | None:
    """What the running `quoteline serve` of this state folder wrote about itself, or None if none runs."""
    path = cfg.state_dir / "serve.lock"
    if not path.exists():
        return None
    with open(path) as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            try:
                return json.loads(fh.read())
            except ValueError:  # caught between truncate and write
                return {}
        fcntl.flock(fh, fcntl.LOCK_UN)
    return None


def _free_port(host: str) -> int:
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def _log_tail(path: Path, lines: int = 15) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


def _wait_healthy(api_url: str, server: subprocess.Popen, timeout_s: float, signals: _Signals, log: Path) -> None:
    import httpx

    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline and not signals.count:
        if server.poll() is not None:
            raise ServeError(f"the Prefect server exited with code {server.returncode} while starting "
                             f"(log {log}):\n{_log_tail(log)}")
        try:
            if httpx.get(f"{api_url}/health", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.25)
    if not signals.count:
        raise ServeError(f"the Prefect server did not answer at {api_url} within {timeout_s:.0f} s "
                         f"(schedule.server_start_timeout_s; log {log})")


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
        return True
    except (ProcessLookupError, PermissionError):
        return False


def _end_group(proc: subprocess.Popen, grace_s: float) -> None:
    """Reap the child, then end whatever is left in its process group: SIGTERM, then SIGKILL."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        if proc.poll() is None or _group_alive(proc.pid):
            try:
                os.killpg(proc.pid, sig)
            except ProcessLookupError:
                pass
        deadline = time.monotonic() + grace_s
        while (proc.poll() is None or _group_alive(proc.pid)) and time.monotonic() < deadline:
            time.sleep(0.1)
        if proc.poll() is not None and not _group_alive(proc.pid):
            return


def _stop(proc: subprocess.Popen | None, sig: signal.Signals, wait_s: float, signals: _Signals) -> None:
    """Ask `proc` to stop with `sig`; wait up to `wait_s` (less if the user signals again), then end its group."""
    if proc is None:
        return
    if proc.poll() is None:
        proc.send_signal(sig)
        hurry_at, deadline = signals.count + 1, time.monotonic() + wait_s
        while proc.poll() is None and time.monotonic() < deadline and signals.count < hurry_at:
            time.sleep(0.1)
    _end_group(proc, grace_s=10)


def serve(cfg: Config, port: int | str | None = None, cron: str | None = None, db_given: bool = False,
          ui: bool | None = None) -> int:
    """Start the server and the serving process, and supervise both until a signal or `schedule stop`."""
    s = schedule_settings(cfg, port=port, cron=cron)
    ui = cfg.schedule.ui if ui is None else ui
    from prefect.schedules import Cron

    from flows.runners import task_runner_from_config

    try:  # a bad setting stops us here, before anything starts
        Cron(s.cron, timezone=s.timezone)
    except ValueError as exc:
        raise ConfigError(f"{cfg.path}: schedule.cron {s.cron!r} is not a cron expression: {exc}") from None
    task_runner_from_config(cfg)

    signals = _Signals()
    server = child = None
    with _serve_lock(cfg) as record:
        try:
            port = s.port or _free_port(s.host)
            api_url = f"http://{s.host}:{port}/api"
            env = prefect_env(cfg, api_url, ui=ui)
            log = cfg.state_dir / "prefect" / "server.log"
            started = time.monotonic()
            with open(log, "wb") as out:
                server = subprocess.Popen([sys.executable, "-m", "prefect", "server", "start", "--host", s.host,
                                           "--port", str(port)], env=env, stdin=subprocess.DEVNULL, stdout=out,
                                          stderr=subprocess.STDOUT, start_new_session=True)
            _wait_healthy(api_url, server, s.start_timeout_s, signals, log)
            if signals.count:
                return 0
            child = subprocess.Popen([sys.executable, "-c", _CHILD, str(cfg.path), s.cron,
                                      str(cfg.db_path) if db_given else ""],
                                     env=env, stdin=subprocess.DEVNULL, start_new_session=True)
            ui_url = f"http://{s.host}:{port}/" if ui else None
            record(api_url=api_url, ui_url=ui_url, deployment=s.full_name, cron=s.cron, timezone=s.timezone,
                   server_pid=server.pid, serve_pid=child.pid)
            print(f"quoteline serve: {s.full_name} on cron {s.cron!r} ({s.timezone}); Prefect API {api_url} "
                  f"(up in {time.monotonic() - started:.1f} s)" + (f"; Prefect UI {ui_url}" if ui_url else "")
                  + "; Ctrl-C or `quoteline schedule stop` stops it", flush=True)
            while not signals.count:
                if server.poll() is not None:
                    raise ServeError(f"the Prefect server exited with code {server.returncode} "
                                     f"(log {log}):\n{_log_tail(log)}")
                if child.poll() is not None:
                    raise ServeError(f"the serving process exited with code {child.returncode}")
                time.sleep(0.5)
            return 0
        finally:
            t0 = time.monotonic()
            _stop(child, signal.SIGINT, s.stop_timeout_s, signals)
            t1 = time.monotonic()
            _stop(server, signal.SIGTERM, 30, signals)
            if signals.count:
                print(f"quoteline serve: stopped (serving in {t1 - t0:.1f} s, then the server in "
                      f"{time.monotonic() - t1:.1f} s)", file=sys.stderr, flush=True)


# -- helpers: `quoteline schedule status|run|stop|env` ----------------------------------------------------------

def _api(cfg: Config) -> tuple[dict, str]:
    """The running server's details, with this process's environment pointed at it (before prefect loads)."""
    info = serving(cfg)
    if info is None:
        raise ServeError(f"nothing is serving from {cfg.state_dir}: start it with `quoteline serve`")
    if not info.get("api_url"):
        raise ServeError("`quoteline serve` is still starting; try again in a few seconds")
    os.environ.update({k: v for k, v in prefect_env(cfg, info["api_url"]).items()
                       if k.startswith(("PREFECT_", "DO_NOT_TRACK"))})
    return info, info["api_url"]


def status(cfg: Config, next_runs: int = 5, last_runs: int = 5) -> dict:
    """What runs where: the deployment, its schedules, the next runs and the last ones, from the running server.

    Prefect's scheduler creates the runs of a new deployment up to a minute after it starts; until then the next
    runs are asked for at once (the endpoint the scheduler uses, with its idempotency keys: no run twice).
    """
    info, api_url = _api(cfg)
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import (DeploymentFilter, DeploymentFilterId, FlowRunFilter,
                                                FlowRunFilterState, FlowRunFilterStateType)
    from prefect.client.schemas.objects import StateType
    from prefect.client.schemas.sorting import FlowRunSort
    from prefect.exceptions import ObjectNotFound

    tz = ZoneInfo(info.get("timezone") or schedule_settings(cfg).timezone)

    def when(t) -> str | None:
        return t.astimezone(tz).isoformat(sep=" ", timespec="seconds") if t else None

    with get_client(sync_client=True) as client:
        try:
            dep = client.read_deployment_by_name(info["deployment"])
        except ObjectNotFound:
            raise ServeError(f"{info['deployment']} is not deployed yet: the serving process is starting; try again "
                             "in a few seconds") from None
        by_dep = DeploymentFilter(id=DeploymentFilterId(any_=[dep.id]))

        def upcoming():
            return client.read_flow_runs(
                deployment_filter=by_dep, sort=FlowRunSort.EXPECTED_START_TIME_ASC, limit=next_runs,
                flow_run_filter=FlowRunFilter(state=FlowRunFilterState(
                    type=FlowRunFilterStateType(any_=[StateType.SCHEDULED]))))

        scheduled = upcoming()
        active = not dep.paused and any(s.active for s in dep.schedules)
        if len(scheduled) < next_runs and active:
            client.request("POST", "/deployments/{id}/schedule", path_params={"id": dep.id},
                           json={"min_runs": next_runs, "max_runs": next_runs}).raise_for_status()
            scheduled = upcoming()
        recent = client.read_flow_runs(
            deployment_filter=by_dep, sort=FlowRunSort.EXPECTED_START_TIME_DESC, limit=last_runs,
            flow_run_filter=FlowRunFilter(state=FlowRunFilterState(type=FlowRunFilterStateType(
                not_any_=[StateType.SCHEDULED]))))
    return {
        "deployment": info["deployment"], "pid": info["pid"], "api_url": api_url, "ui_url": info.get("ui_url"),
        "config": info["config"],
        "schedules": [{"cron": s.schedule.cron, "timezone": s.schedule.timezone,
                       "active": bool(s.active and not dep.paused)} for s in dep.schedules],
        "next_runs": [{"expected_start": when(r.expected_start_time), "name": r.name} for r in scheduled],
        "last_runs": [{"started": when(r.start_time or r.expected_start_time),
                       "state": r.state_name or r.state_type.value,
                       "seconds": round(r.total_run_time.total_seconds(), 1) if r.total_run_time else None,
                       "name": r.name} for r in recent],
    }


def trigger(cfg: Config, wait_s: float = 0) -> tuple[str, bool]:
    """Start a run of the served deployment now; wait up to `wait_s` for it to end. (Its state, and whether it
    completed.)"""
    info, _ = _api(cfg)
    from prefect.deployments import run_deployment

    run = run_deployment(info["deployment"], timeout=wait_s, poll_interval=2, as_subflow=False)
    state = run.state_name or (run.state_type.value if run.state_type else "?")
    return f"flow run {run.name} ({run.id}) of {info['deployment']}: {state}", state == "Completed"


def stop(cfg: Config, now: bool = False) -> str:
    """Stop the running `quoteline serve` (a run in flight finishes first, unless `now`)."""
    info = serving(cfg)
    if info is None:
        return f"nothing is serving from {cfg.state_dir}"
    if "pid" not in info:
        raise ServeError("`quoteline serve` is just starting; try again in a second")
    pid = int(info["pid"])
    try:
        os.kill(pid, signal.SIGTERM)
        if now:
            time.sleep(0.5)
            os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        pass
    deadline = time.monotonic() + schedule_settings(cfg).stop_timeout_s + 60
    while serving(cfg) is not None and time.monotonic() < deadline:
        time.sleep(0.5)
    if serving(cfg) is not None:
        raise ServeError(f"quoteline serve (pid {pid}) is still stopping; `quoteline schedule stop --now` ends a run "
                         "in flight")
    return f"stopped quoteline serve (pid {pid})"


def env_exports(cfg: Config) -> str:
    """The shell exports that point the `prefect` command line at the running server."""
    _, api_url = _api(cfg)
    return f"export PREFECT_API_URL={api_url} PREFECT_HOME={cfg.state_dir / 'prefect'}"
