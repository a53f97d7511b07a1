"""Giving memory back to the system between the stages of a run.

CPython and torch free what a stage dropped, but glibc's malloc keeps freed pages in its arenas (one per thread
that allocated) for later use: a long run's resident size then stays at its highest mark, and the next stage's
peak is added on top of the last one's leftovers. `give_back` returns them.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import gc
import functools


@functools.lru_cache(maxsize=1)
def _malloc_trim():
    """glibc's malloc_trim, or None (another C library: nothing to do)."""
    try:
        return ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").malloc_trim
    except (OSError, AttributeError):
        return None


def give_back() -> None:
    """Collect cycles and return the heap's free pages to the system (a few milliseconds)."""
    gc.collect()
    trim = _malloc_trim()
    if trim is not None:
        trim(0)
