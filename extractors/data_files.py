"""The package's TOML data files (``extractors/data/<name>``), each read and parsed once.

The parsed tables are shared between the modules that read them: treat them as read-only.
"""
from __future__ import annotations

import tomllib
from functools import lru_cache
from importlib import resources


@lru_cache(maxsize=None)
def load_data(name: str) -> dict:
    """The parsed ``extractors/data/<name>`` ("tweets.toml", "documents.toml")."""
    return tomllib.loads(resources.files("extractors").joinpath(f"data/{name}").read_text("utf-8"))
