"""Shared fixtures: the real builtin embedding model, built once per test session.

The build lives in $QUOTELINE_MODEL_CACHE, else the repository's `.quoteline/models`; a verified build
already there is reused, so only the first session pays the ~20 s build.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def model_cache() -> Path:
    return Path(os.environ.get("QUOTELINE_MODEL_CACHE") or REPO / ".quoteline" / "models")


@pytest.fixture(scope="session")
def model_dir(model_cache: Path) -> Path:
    from quoteline.models import install_builtin_model

    return install_builtin_model(model_cache)


@pytest.fixture(scope="session")
def embedder(model_dir: Path, model_cache: Path):
    from quoteline.embedder import Embedder

    return Embedder("builtin:multilingual-e5-small", cache_dir=model_cache, batch_size=32)
