"""Helper processes die with the run that started them.

A local run starts a temporary Prefect API server (a uvicorn process of ~190 MB). Prefect stops it at exit,
but a run killed with SIGKILL runs no exit handler, and the server would live on. Prefect starts it itself, so
it cannot be given a parent-death signal; instead a tiny watchdog process holds a pidfd of the run and one of
the server, sleeps in poll(2) until either ends, and if the run went first, stops the server (SIGTERM, then
SIGKILL). pidfds make this exact: a recycled pid can never be signalled by mistake. `bind_prefect_servers()`
binds each server the moment Prefect starts it, so that a run killed while the server is still starting up (the
first tens of seconds of a run on a busy machine) takes it along too.
"""
from __future__ import annotations

import os
import subprocess
import sys

_WATCHDOG = r"""
import os, select, signal, sys
run, server = (int(fd) for fd in sys.argv[1:3])
poller = select.poll()
poller.register(run, select.POLLIN)
poller.register(server, select.POLLIN)
ready = {fd for fd, _ in poller.poll()}
if server not in ready:
    signal.pidfd_send_signal(server, signal.SIGTERM)
    done = select.poll()
    done.register(server, select.POLLIN)
    if not done.poll(5000):
        signal.pidfd_send_signal(server, signal.SIGKILL)
"""

_watched: set[int] = set()


def bind_to_this_process(pid: int) -> subprocess.Popen | None:
    """Make process `pid` (a child this process started) end when this process ends, however it ends."""
    if pid in _watched or not hasattr(os, "pidfd_open"):
        return None
    try:
        server = os.pidfd_open(pid)
    except ProcessLookupError:
        return None                     # it has ended already
    _watched.add(pid)
    # Both pidfds are opened here, while this process lives, and handed down: a run killed before the watchdog
    # has even started still leaves it a pidfd that reports the run's end (opening them in the watchdog raced
    # with such a kill, and the server outlived the run).
    run = os.pidfd_open(os.getpid())
    try:
        return subprocess.Popen([sys.executable, "-I", "-c", _WATCHDOG, str(run), str(server)],
                                pass_fds=(run, server), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                start_new_session=True)
    finally:
        os.close(run)
        os.close(server)


def bind_prefect_server() -> None:
    """Bind the temporary Prefect server this process started, if it started one (a configured server is not ours)."""
    server = sys.modules.get("prefect.server.api.server")
    if server is None:
        return
    for instance in list(server.SubprocessASGIServer._instances.values()):
        process = getattr(instance, "server_process", None)
        if process is not None and process.poll() is None:
            bind_to_this_process(process.pid)


def bind_prefect_servers() -> None:
    """From now on, bind every temporary Prefect server this process starts as soon as its process exists."""
    from prefect.server.api import server

    start = server.SubprocessASGIServer._run_uvicorn_command
    if getattr(start, "bound_by_quoteline", False):
        return

    def start_and_bind(self):
        process = start(self)
        bind_to_this_process(process.pid)
        return process

    start_and_bind.bound_by_quoteline = True
    server.SubprocessASGIServer._run_uvicorn_command = start_and_bind
