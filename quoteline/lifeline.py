"""Helper processes die with the run that started them.

A local run starts a temporary Prefect API server (a uvicorn process of ~190 MB). Prefect stops it at exit,
but a run killed with SIGKILL runs no exit handler, and the server would live on. Prefect starts it itself, so
it cannot be given a parent-death signal; instead a tiny watchdog process holds a pidfd of the run and one of
the server, sleeps in poll(2) until either ends, and if the run went first, stops the server (SIGTERM, then
SIGKILL). pidfds make this exact: a recycled pid can never be signalled by mistake. `bind_prefect_servers()`
binds each server the moment Prefect starts it, so that a run killed while the server is still starting up (the
first tens of seconds of a run on a busy machine) takes it along too.

Between the server's fork and the watchdog's there is still a moment in which a kill leaves the server unwatched.
A server started from the main thread therefore also gets a parent-death signal (Linux `prctl`), armed in the
child before it runs Prefect's command. It is not armed from other threads: the kernel sends it when the *thread*
that forked the child ends, which for a worker thread is long before the run does.
"""
from __future__ import annotations

import ctypes
import functools
import os
import signal
import subprocess
import sys
import threading
import types

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


_PR_SET_PDEATHSIG = 1


def _dying_with_this_process(module: types.ModuleType) -> types.SimpleNamespace:
    """`module` (subprocess) whose Popen arms SIGTERM in the child for when this process's main thread ends."""
    prctl = ctypes.CDLL(None, use_errno=True).prctl  # looked up before the fork: the child only calls it
    parent = os.getpid()

    def arm() -> None:
        prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
        if os.getppid() != parent:  # the parent ended before the signal was armed: nothing will send it now
            os._exit(1)

    return types.SimpleNamespace(**(vars(module) | {"Popen": functools.partial(module.Popen, preexec_fn=arm)}))


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
        plain = server.subprocess
        if sys.platform == "linux" and threading.current_thread() is threading.main_thread():
            server.subprocess = _dying_with_this_process(plain)
        try:
            process = start(self)
        finally:
            server.subprocess = plain
        bind_to_this_process(process.pid)
        return process

    start_and_bind.bound_by_quoteline = True
    server.SubprocessASGIServer._run_uvicorn_command = start_and_bind
