"""One writing run at a time: an advisory lock file in the state folder.

A second run either exits at once with a clear message or waits for the first (config `flow.on_busy`).
The OS drops the lock when the process dies, so a crashed run never blocks the next one.
"""
from __future__ import annotations

import fcntl
import os
import time
from contextlib import contextmanager
from typing import Iterator

from quoteline.config import Config


class RunBusy(RuntimeError):
    """Another quoteline run is writing to this warehouse."""


@contextmanager
def run_lock(cfg: Config) -> Iterator[None]:
    cfg.state_dir.mkdir(parents=True, exist_ok=True)
    path = cfg.state_dir / f"run-{cfg.db_path.name}.lock"
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
