"""One writing run at a time per warehouse: an advisory lock file beside the DuckDB file.

The lock belongs to the warehouse, not to a state folder, so two runs with different `[state] dir` settings on
one file still exclude each other. A second run either exits at once with a clear message or waits for the
first (config `flow.on_busy`). The OS drops the lock when the process dies, so a crashed run never blocks the
next one, and `quoteline status` can tell a run still going from one whose process is gone.
"""
from __future__ import annotations

import fcntl
import os
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from quoteline.config import Config


class RunBusy(RuntimeError):
    """Another quoteline run is writing to this warehouse."""


def lock_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".lock")


@contextmanager
def run_lock(cfg: Config) -> Iterator[None]:
    path = lock_path(cfg.db_path)
    path.parent.mkdir(parents=True, exist_ok=True)
    wait = cfg.flow.on_busy == "wait"
    deadline = time.monotonic() + cfg.flow.busy_wait_s
    with open(path, "a+") as fh:
        while True:
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                fh.seek(0)
                holder = fh.read().strip() or "another process"
                if not wait or time.monotonic() >= deadline:
                    raise RunBusy(f"another quoteline run ({holder}) is writing to {cfg.db_path}; "
                                  f"try again later or set flow.on_busy = \"wait\"") from None
                time.sleep(0.5)
        fh.truncate(0)
        fh.write(f"pid {os.getpid()}")
        fh.flush()
        try:
            yield
        finally:
            fh.truncate(0)
            fcntl.flock(fh, fcntl.LOCK_UN)


def run_alive(db_path: Path) -> bool:
    """Whether a run holds this warehouse's lock now (a run marked 'running' without it was killed)."""
    try:
        fh = open(lock_path(db_path), "rb")
    except OSError:
        return False
    with fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(fh, fcntl.LOCK_UN)
        return False
