"""Settings: one TOML file (`config/quoteline.toml`), read once, passed down explicitly.

Relative paths in the file are resolved against the project folder (the parent of `config/`), so a run
behaves the same from any working directory. Command-line flags override single settings.
"""
from __future__ import annotations

import argparse
import hashlib
import os
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

DEFAULT_CONFIG = Path(__file__).resolve().parents[1] / "config" / "quoteline.toml"


class ConfigError(ValueError):
    """The configuration file is missing, unreadable or has a bad value."""


@dataclass(frozen=True)
class Config:
    path: Path
    root: Path
    data: dict[str, Any]
    digest: str  # sha256 of the file's bytes: recorded with every run

    def section(self, name: str) -> dict[str, Any]:
        return self.data.get(name, {})

    def get(self, section: str, key: str, default: Any = None) -> Any:
        return self.section(section).get(key, default)

    def resolve(self, value: str | os.PathLike) -> Path:
        path = Path(os.path.expanduser(str(value)))
        return path if path.is_absolute() else (self.root / path)

    @property
    def db_path(self) -> Path:
        return self.resolve(self.get("warehouse", "path", "warehouse/quoteline.duckdb"))

    @property
    def state_dir(self) -> Path:
        return self.resolve(self.get("state", "dir", ".quoteline"))

    def with_overrides(self, **sections: dict[str, Any]) -> "Config":
        """A copy with some keys replaced (`with_overrides(warehouse={"path": p})`)."""
        data = {k: dict(v) if isinstance(v, dict) else v for k, v in self.data.items()}
        for name, values in sections.items():
            data.setdefault(name, {}).update({k: v for k, v in values.items() if v is not None})
        return Config(self.path, self.root, data, self.digest)


def load_config(path: str | os.PathLike | None = None) -> Config:
    """Read the config named by `path`, `$QUOTELINE_CONFIG`, `./config/quoteline.toml` or the bundled one."""
    candidates = [path, os.environ.get("QUOTELINE_CONFIG"), Path.cwd() / "config" / "quoteline.toml", DEFAULT_CONFIG]
    chosen = next((Path(c) for c in candidates if c and (path is not None or Path(c).is_file())), None)
    if chosen is None or not chosen.is_file():
        raise ConfigError(f"{chosen or 'config/quoteline.toml'}: configuration file not found")
    raw = chosen.read_bytes()
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{chosen}: not valid TOML: {exc}") from exc
    chosen = chosen.resolve()
    root = chosen.parent.parent if chosen.parent.name == "config" else chosen.parent
    return Config(chosen, root, data, hashlib.sha256(raw).hexdigest())


def config_from_args(args: argparse.Namespace) -> Config:
    """The config a command names (`--config`, else the usual search), with its `--db` override."""
    cfg = load_config(getattr(args, "config", None))
    if getattr(args, "db", None):
        cfg = cfg.with_overrides(warehouse={"path": str(Path(args.db).resolve())})
    return cfg


def prefect_settings(cfg: Config) -> dict[str, str]:
    """Local, offline Prefect: its home under our state folder, no analytics, UI or telemetry, quiet server.

    Callers apply them their own way: `quoteline run` keeps what the user set, `quoteline serve` overrides.
    """
    return {"PREFECT_HOME": str(cfg.state_dir / "prefect"), "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
            "PREFECT_UI_ENABLED": "false", "PREFECT_SERVER_LOGGING_LEVEL": "WARNING", "DO_NOT_TRACK": "1"}
