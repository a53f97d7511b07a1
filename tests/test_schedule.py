"""The nightly schedule: a real Prefect server on loopback, the real flow served on a one-minute cron against a
real DuckDB file, one scheduled run, then a clean stop that leaves no process behind."""
from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
import tomllib
import uuid
from pathlib import Path

import duckdb
import httpx
import pytest

from quoteline.serving import FLOW_NAME, schedule_settings, serving
from quoteline.config import ConfigError, load_config

ROOT = Path(__file__).resolve().parents[1]
SEEDS = sorted((ROOT / "examples").glob("*.txt"))


def _toml_value(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    return json.dumps(str(value))  # a JSON string is a TOML basic string


def write_config(tmp_path: Path, **sections: dict) -> Path:
    """The project's config with some keys replaced, written where the test can change it."""
    data = tomllib.loads((ROOT / "config" / "quoteline.toml").read_text(encoding="utf-8"))
    for name, values in sections.items():
        data.setdefault(name, {}).update(values)
    path = tmp_path / "quoteline.toml"
    path.write_text("".join(f"[{name}]\n" + "".join(f"{k} = {_toml_value(v)}\n" for k, v in table.items()) + "\n"
                            for name, table in data.items()), encoding="utf-8")
    return path


def marked_processes(mark: str) -> list[int]:
    """Live processes whose environment carries `mark`: everything the serve command started, however reparented."""
    found = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            zombie = (proc / "stat").read_text().rsplit(") ", 1)[1].startswith("Z")
            if mark.encode() in (proc / "environ").read_bytes() and not zombie:
                found.append(int(proc.name))
        except (OSError, IndexError):
            continue
    return found


def schedule_status(config: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "quoteline.cli", "schedule", "status", "--next", "3", "--json",
                           "--config", str(config)], cwd=ROOT, capture_output=True, text=True, timeout=60)


def completed_runs(db_path: Path) -> list[tuple]:
    if not db_path.exists():
        return []
    try:
        with duckdb.connect(str(db_path), read_only=True) as con:
            return con.execute("SELECT run_id, flow_run_id, n_new FROM runs WHERE status = 'completed'"
                               " ORDER BY started_at").fetchall()
    except duckdb.Error:  # the run holds the file, or the schema is not there yet
        return []


def test_schedule_settings(tmp_path: Path):
    cfg = load_config(write_config(tmp_path, schedule={"server_port": "auto", "timezone": "Europe/Rome"}))
    s = schedule_settings(cfg, cron="*/5 * * * *")
    assert (s.port, s.cron, s.timezone, s.full_name) == (0, "*/5 * * * *", "Europe/Rome", "quoteline/nightly")
    assert schedule_settings(cfg, port="4300").port == 4300
    with pytest.raises(ConfigError, match="timezone"):
        schedule_settings(load_config(write_config(tmp_path, schedule={"timezone": "Mars/Olympus"})))
    with pytest.raises(ConfigError, match="server_port"):
        schedule_settings(load_config(write_config(tmp_path, schedule={"server_port": "eighty"})))


def test_flow_name_matches_the_served_deployment():
    from flows.pipeline import quoteline_flow

    assert quoteline_flow.name == FLOW_NAME


@pytest.mark.slow
def test_cron_run_loads_the_seeds_and_stop_leaves_no_process(tmp_path: Path):
    sources = tmp_path / "articles"
    sources.mkdir()
    for seed in SEEDS:
        shutil.copy(seed, sources / seed.name)
    db_path = tmp_path / "warehouse.duckdb"
    config = write_config(tmp_path, sources={"paths": [str(sources)], "list_file": ""},
                          warehouse={"path": str(db_path)}, state={"dir": str(tmp_path / "state")},
                          embedding={"enabled": False},
                          schedule={"cron": "* * * * *", "server_port": "auto", "stop_timeout_s": 90})
    cfg = load_config(config)
    mark = f"QUOTELINE_TEST_SERVE={uuid.uuid4().hex}"
    key, value = mark.split("=")
    log = tmp_path / "serve.log"
    t0 = time.monotonic()
    with open(log, "wb") as out:
        supervisor = subprocess.Popen([sys.executable, "-m", "quoteline.cli", "serve", "--config", str(config)],
                                      cwd=ROOT, env={**os.environ, key: value}, stdout=out, stderr=subprocess.STDOUT,
                                      start_new_session=True)
    try:
        info = None
        while time.monotonic() - t0 < 120 and supervisor.poll() is None:
            info = serving(cfg)
            if info and info.get("api_url"):
                break
            time.sleep(0.5)
        assert info and info.get("api_url"), f"serve did not come up:\n{log.read_text()}"
        t_up = time.monotonic()
        print(f"\nserver up and serving after {t_up - t0:.1f} s at {info['api_url']}")

        # right after start, before Prefect's scheduler has looked: the next runs are there already
        while time.monotonic() - t_up < 60:
            early = schedule_status(config)
            if early.returncode == 0:
                break
            assert "starting" in early.stderr, early.stderr  # deployed a moment later; nothing else may fail
            time.sleep(1)
        assert early.returncode == 0, early.stderr
        assert len(json.loads(early.stdout)["next_runs"]) == 3
        # Prefect's own UI answers where serve said it would
        assert info["ui_url"] and "<html" in httpx.get(info["ui_url"], timeout=30).text.lower()

        runs = []
        while time.monotonic() - t_up < 150 and supervisor.poll() is None and not runs:
            time.sleep(2)
            runs = completed_runs(db_path)
        assert runs, f"no scheduled run completed within 150 s:\n{log.read_text()}"
        t_run = time.monotonic()
        print(f"first scheduled run completed {t_run - t_up:.1f} s later")

        run_id, flow_run_id, n_new = runs[0]
        assert n_new == len(SEEDS)
        flow_run = httpx.get(f"{info['api_url']}/flow_runs/{flow_run_id}", timeout=10).json()
        assert flow_run["auto_scheduled"] is True  # the cron made this run, not a manual trigger
        assert flow_run["parameters"]["config_path"] == str(cfg.path)
        with duckdb.connect(str(db_path), read_only=True) as con:
            docs = [r[0] for r in con.execute("SELECT doc FROM articles WHERE status = 'active' ORDER BY doc")
                    .fetchall()]
        assert docs == [seed.name for seed in SEEDS]

        status = schedule_status(config)
        assert status.returncode == 0, status.stderr
        found = json.loads(status.stdout)
        assert found["deployment"] == "quoteline/nightly"
        assert "Completed" in [r["state"] for r in found["last_runs"]] and found["next_runs"], found
        started = marked_processes(mark)
        assert len(started) >= 3  # supervisor, server, serving process

        t_stop = time.monotonic()
        supervisor.send_signal(signal.SIGTERM)
        assert supervisor.wait(timeout=150) == 0, log.read_text()
        print(f"stopped cleanly in {time.monotonic() - t_stop:.1f} s; {len(started)} processes before, "
              f"total {time.monotonic() - t0:.1f} s")
        deadline = time.monotonic() + 10
        while marked_processes(mark) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert marked_processes(mark) == [], "processes left behind"
        assert serving(cfg) is None
        assert "All deployments have been paused" in log.read_text()
    finally:
        if supervisor.poll() is None:
            os.killpg(supervisor.pid, signal.SIGKILL)
            supervisor.wait()
        for pid in marked_processes(mark):
            os.kill(pid, signal.SIGKILL)
