"""Shared test set-up.

- Prefect runs locally in a throw-away home, offline (set before anything imports prefect).
- The gold data is found beside the repository (`../shared`, or $QUOTELINE_SHARED).
- The real builtin embedding model is built once per test session, in $QUOTELINE_MODEL_CACHE, else the
  repository's `.quoteline/models`; a verified build already there is reused, so only the first session
  pays the ~20 s build.
"""
from __future__ import annotations

import json
import os
import re
import tempfile
from pathlib import Path

import pytest

os.environ["PREFECT_HOME"] = tempfile.mkdtemp(prefix="quoteline-prefect-")
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_UI_ENABLED", "false")
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")
os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.pop("PREFECT_API_URL", None)

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("QUOTELINE_SHARED") or REPO.parent / "shared")


@pytest.fixture(scope="session")
def shared() -> Path:
    if not (SHARED / "gold").is_dir():
        pytest.skip(f"gold data not found at {SHARED} (set QUOTELINE_SHARED)")
    return SHARED


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


@pytest.fixture(scope="session")
def make_project(model_dir: Path, model_cache: Path, tmp_path_factory):
    """A project folder with the bundled config, its model cache pointed at the session's built model."""
    def make(name: str) -> Path:
        root = tmp_path_factory.mktemp(name)
        (root / "config").mkdir()
        text = (REPO / "config" / "quoteline.toml").read_text(encoding="utf-8")
        text, n = re.subn(r"(?m)^cache_dir = .*$", f"cache_dir = {json.dumps(str(model_cache))}", text)
        assert n == 1, "config/quoteline.toml has no [embedding] cache_dir line"
        (root / "config" / "quoteline.toml").write_text(text, encoding="utf-8")
        return root
    return make


def pytest_sessionfinish(session, exitstatus):
    """Stop the run-scoped Prefect API while pytest's output streams are still open (its atexit stop logs
    to a stream pytest has closed by then)."""
    import sys

    server = sys.modules.get("prefect.server.api.server")
    if server is not None:
        from prefect.logging.handlers import APILogHandler

        APILogHandler().flush()  # send the runs' last logs while the API still listens
        for instance in list(server.SubprocessASGIServer._instances.values()):
            instance.stop()


@pytest.fixture(scope="session")
def examples_warehouse(make_project) -> dict[str, Path]:
    """The bundled examples run through `quoteline run` (the command, a real flow, the real model) into a fresh
    warehouse: what a new user has after the quick start. Read-only for the tests that use it."""
    import shutil

    from typer.testing import CliRunner

    from quoteline.cli import app

    root = make_project("examples-project")
    shutil.copytree(REPO / "examples", root / "examples")
    config, db_path = root / "config" / "quoteline.toml", root / "warehouse" / "quoteline.duckdb"
    result = CliRunner().invoke(app, ["run", "--config", str(config), "--json"])
    assert result.exit_code == 0, result.output
    return {"root": root, "config": config, "db": db_path, "summary": json.loads(result.stdout)}
