"""Settings: one TOML file (`config/quoteline.toml`), validated whole when it is read, passed down explicitly.

Each `[section]` of the file is a pydantic model below, and the models are the one place where defaults live:
a key left out takes its default, a key the model does not know — or a value of the wrong type — is an error
that names the file, the key, the value and what was expected, before anything runs. Values are strict: TOML
has real booleans, numbers and lists, so `enabled = "false"` (a string, truthy) or `paths = "examples"` (a
string, read letter by letter) is a mistake to report, not a value to coerce.

Relative paths in the file are resolved against the project folder (the parent of `config/`), so a run
behaves the same from any working directory. Command-line flags override single settings.
"""
from __future__ import annotations

import hashlib
import os
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from quoteline.errors import ConfigError

if TYPE_CHECKING:
    from warehouse.db import Store

__all__ = ["Config", "ConfigError", "Settings", "load_config", "config_from_args", "prefect_settings",
           "render_config", "init_project"]

DEFAULT_CONFIG = Path(__file__).resolve().parents[1] / "config" / "quoteline.toml"


class _Section(BaseModel):
    """A `[section]` of the file: unknown keys are errors, values are not coerced, settings never change."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


def _cosine(default: float, description: str) -> Any:
    return Field(default, ge=0.0, le=1.0, description=description)


class Sources(_Section):
    """Where articles come from."""

    paths: list[str] = Field(["examples"], description="Folders (searched recursively), globs, single files and "
                                                       "http(s) URLs.")
    list_file: str = Field("", description="Optional file listing more sources, one per line (# comments allowed).")
    extensions: list[str] = Field([".txt", ".md", ".markdown", ".html", ".htm"],
                                  description="File name endings read from folders and globs.")
    url_timeout_s: float = Field(20.0, gt=0, description="Seconds a URL may take to answer.")
    max_bytes: int = Field(20_000_000, gt=0, description="Larger files and responses are refused (bytes).")


class Warehouse(_Section):
    """Where the results are kept."""

    backend: Literal["duckdb", "ducklake"] = Field(
        "duckdb", description='"duckdb": one DuckDB file at `path`, one writing process at a time. "ducklake": the '
                              "same tables as Parquet files under `data_path`, listed in a catalog at `path` (a "
                              'DuckDB file, or "postgres:dbname=… host=…" for several hosts); docs/ducklake.md.')
    path: str = Field("warehouse/quoteline.duckdb", description="The DuckDB file, or DuckLake's catalog.")
    data_path: str = Field("", description="DuckLake only: a folder or an object-store URL (s3://…) for the Parquet "
                                           "files (empty: `<path>.files/`).")
    purge_deleted: bool = Field(False, description="Delete the rows of sources that disappeared (otherwise they are "
                                                   "only marked deleted).")
    max_deleted_share: float = Field(0.2, ge=0, le=1, description="A run marks articles deleted only when every "
                                     "configured source yielded articles and at most this share would go.")
    memory_limit: str = Field("1GB", pattern=r"^(\d+(\.\d+)?\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB))?$",
                              description="Memory DuckDB may use in each process (e.g. \"1GB\"; larger work spills "
                                          "to disk); empty: DuckDB's default, 80 % of the machine's memory.")


class State(_Section):
    """Local state."""

    dir: str = Field(".quoteline", description="Prefect home, model cache, run lock.")


class Flow(_Section):
    """How a run is batched, retried and scheduled on workers."""

    batch_size: int = Field(64, ge=1, description="Articles per batch.")
    io_retries: int = Field(2, ge=0, description="Retries of a batch whose reading failed in a way a retry may fix.")
    io_retry_delay_s: float = Field(1.0, ge=0, description="Seconds between those retries.")
    task_runner: Literal["thread", "dask", "ray"] = Field(
        "thread", description='Where extraction and embedding run: "thread" (threads of this process), "dask" '
                              '(pip install -e ".[dask]") or "ray" (prefect-ray); reading and loading stay in the '
                              "flow's process (docs/scaling.md).")
    max_workers: int = Field(0, ge=0, description='Threads of the "thread" runner (0: Prefect\'s default); worker '
                                                  "processes of a local Dask cluster (0: one per core).")
    task_runner_address: str = Field("", description="A running Dask scheduler (tcp://host:8786) or Ray head (empty: "
                                                     "start a local cluster with the run).")
    extract_ahead: int = Field(2, ge=1, description="Batches in flight: submitted for extraction and not loaded yet "
                                                    "(at least 1: extract and load in turn), and as many embedding "
                                                    "chunks; about the number of workers plus one.")
    on_busy: Literal["exit", "wait"] = Field("exit", description='When another run holds the write lock: "exit" '
                                                                 '(with a message) or "wait".')
    busy_wait_s: float = Field(600.0, ge=0, description="How long to wait for the lock or the file.")
    prefect_startup_timeout_s: float = Field(120.0, gt=0, description="Seconds the local (ephemeral) Prefect API may "
                                                                      "take to start with a run.")
    article_seconds: float = Field(60.0, gt=0, description="Seconds one article's extraction may take; an article "
                                   "over it loads its tweets, is reported, and the run goes on.")
    article_chars: int = Field(2_000_000, gt=0, description="Longer articles load their tweets only, and are "
                                                            "reported.")


class Embedding(_Section):
    """The sentence-embedding model behind `similar`, search and cross-language links."""

    enabled: bool = Field(True, description="Embed statements (needed for `similar` and cross-language links).")
    model: str = Field("builtin:multilingual-e5-small",
                       description='"builtin:multilingual-e5-small" (built by `quoteline model install`), a local '
                                   "folder, or a hub id (hub ids need network access and allow_hub = true).")
    cache_dir: str = Field(".quoteline/models", description="Where built and downloaded models are kept.")
    allow_hub: bool = Field(False, description="Allow downloading a model from the Hugging Face hub.")
    batch_size: int = Field(32, ge=1, description="Texts per forward pass of the model.")
    batch_tokens: int = Field(2048, ge=0, description="Tokens per forward pass at most, counted as its texts times "
                                                      "the tokens of its longest: long texts go fewer at a time (the "
                                                      "model's work space grows with this; 32 texts of 512 tokens "
                                                      "take ~0.5 GB, 2048 tokens ~0.1 GB). 0: batch_size texts "
                                                      "whatever their length.")
    prefix: str = Field("", description='Text put before every input (some models want "query: ").')
    store_every: int = Field(512, ge=1, description="Vectors are written to the warehouse every this many texts "
                                                    "(the write lock is held only then).")
    read_every: int = Field(32768, ge=1, description="Texts waiting to be embedded are read this many at a time "
                                                     "(rounded up to whole `store_every` chunks): a run holds a page "
                                                     "of them, not all.")
    threads: int = Field(0, ge=0, description="Threads torch embeds with. 0: chosen before every batch of texts, the "
                                              "cores this process may use less those other processes keep busy (at "
                                              "least 1; OMP_NUM_THREADS caps it).")


class Similar(_Section):
    """`quoteline similar`."""

    k: int = Field(10, ge=1, description="How many statements `quoteline similar` shows.")
    use_service: bool = Field(True, description="Ask a running `quoteline web` (at [web] host and port) first: its "
                                                "model is loaded already.")


class Web(_Section):
    """`quoteline web` (docs/web.md): the search page and its JSON API."""

    host: str = Field("127.0.0.1", description="Address to listen on. Loopback by default: the pages have no login.")
    port: int = Field(8765, ge=0, le=65535, description="Port to listen on (0: a free one, printed at start).")
    threads: int = Field(1, ge=0, description="Threads that embed a question (one short text embeds fastest on one; "
                                              "0: torch's default).")
    busy_wait_s: float = Field(5.0, ge=0, description="Seconds a request waits while a run holds the warehouse for "
                                                      "writing, before it answers 503.")


class Links(_Section):
    """Cross-language links (quoteline/linking.py): a pair must be each other's best match in the other's document
    and beat the runner-up there by a margin."""

    min_cosine: float = _cosine(0.80, "Cosine a pair needs when both have the same author handle.")
    min_margin: float = _cosine(0.02, "Margin over the runner-up needed then.")
    min_cosine_alone: float = _cosine(0.92, "Cosine needed without an author in common (text alone).")
    min_margin_alone: float = _cosine(0.05, "Margin needed then.")
    neighbours: int = Field(64, ge=1, description="Nearest texts the vector index is asked for per new statement "
                                                  "when a run links incrementally (warehouse/links.py).")
    max_documents: int = Field(200, ge=1, description="Documents one statement is compared with at most (a text "
                                                      "repeated verbatim in more documents meets the nearest ones).")
    documents_per_text: int = Field(4, ge=1, description="Documents holding any one text a statement is compared "
                                                         "with at most (the first in document order): copies of a "
                                                         "text syndicated into many articles pair with a few, not "
                                                         "each with every other.")
    compare_articles: int = Field(128, ge=1, description="New articles compared with the warehouse per step of a "
                                                         "run (their pairs written after each): bounds its memory.")
    recluster_statements: int = Field(2000, ge=1, description="Statements whose clusters are computed again per step "
                                                              "(their links written after each; the last step up to a "
                                                              "quarter more): bounds its memory.")


class Schedule(_Section):
    """`quoteline serve` (docs/scheduling.md): a local Prefect server, the flow served on this cron."""

    cron: str = Field("0 2 * * *", description="Cron expression of the nightly run, in `timezone`.")
    timezone: str = Field("UTC", description="IANA time zone of the cron (e.g. Europe/Rome).")
    server_host: str = Field("127.0.0.1", description="Address the Prefect server listens on.")
    server_port: int = Field(4200, description='Port of the Prefect server; 0 or "auto": a free '
                                                                 "port.")
    deployment_name: str = Field("nightly", description="Name of the Prefect deployment.")
    server_start_timeout_s: float = Field(120.0, gt=0, description="Seconds the server may take to start.")
    stop_timeout_s: float = Field(900.0, ge=0, description="A clean stop waits this long for a run in flight.")
    ui: bool = Field(True, description="Serve Prefect's web UI with the server (`quoteline serve --no-ui` turns it "
                                       "off for one start).")

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError("an IANA time zone (e.g. Europe/Rome)") from None
        return value

    @field_validator("server_port", mode="before")
    @classmethod
    def _port(cls, value: Any) -> int:
        port = 0 if value == "auto" else value
        if isinstance(port, bool) or not isinstance(port, int) or not 0 <= port < 65536:
            raise ValueError('a port number from 0 to 65535, or "auto"')
        return port


class Settings(BaseModel):
    """The whole file: one model per section; a section left out takes its defaults."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    sources: Sources = Sources()
    warehouse: Warehouse = Warehouse()
    state: State = State()
    flow: Flow = Flow()
    embedding: Embedding = Embedding()
    similar: Similar = Similar()
    web: Web = Web()
    links: Links = Links()
    schedule: Schedule = Schedule()


# -- what a validation error says --------------------------------------------------------------------------------

_EXPECTED = {
    "int_type": "an integer (like 64, no quotes)",
    "int_parsing": "an integer (like 64, no quotes)",
    "float_type": "a number (like 0.8 or 20, no quotes)",
    "float_parsing": "a number (like 0.8 or 20, no quotes)",
    "bool_type": "true or false (without quotes)",
    "string_type": 'a string in quotes (like "text")',
    "list_type": 'a list (like ["a", "b"]), not a single value',
    "model_type": "a [section] of keys",
    "model_attributes_type": "a [section] of keys",
    "dict_type": "a [section] of keys",
}


def _describe(error: dict) -> str:
    loc = [str(part) for part in error["loc"]]
    where = ".".join(loc)
    kind = error["type"]
    if kind == "extra_forbidden":
        known = _known_keys(loc[:-1])
        what = "section" if len(loc) == 1 else "key"
        return f"{where}: unknown {what}; expected one of: {', '.join(known)}"
    value = error.get("input")
    shown = _toml(value)
    if kind == "literal_error":
        expected = "one of " + ", ".join(f'"{v}"' for v in _literal_choices(error))
    elif kind in _EXPECTED:
        expected = _EXPECTED[kind]
    elif kind == "value_error":  # our own validators say what they expect
        expected = str(error["ctx"]["error"])
    else:  # ranges: "greater than or equal to 1" …
        expected = "a value " + error["msg"].removeprefix("Input should be ")
    return f"{where} = {shown}: expected {expected}"


def _literal_choices(error: dict) -> list[str]:
    expected = error.get("ctx", {}).get("expected", "")
    return [part.strip(" '") for part in expected.replace(" or ", ",").split(",") if part.strip(" '")]


def _known_keys(loc: list[str]) -> list[str]:
    model: type[BaseModel] = Settings
    for part in loc:
        model = model.model_fields[part].annotation
    return list(model.model_fields)


def _toml(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k} = {_toml(v)}" for k, v in value.items()) + "}"
    return repr(value)


def validate_settings(data: dict[str, Any], source: str | os.PathLike) -> Settings:
    """`data` (a parsed TOML file, or overrides) as `Settings`; every problem in one ConfigError naming `source`."""
    try:
        return Settings.model_validate(data)
    except ValidationError as exc:
        problems = [_describe(e) for e in exc.errors()]
        raise ConfigError(f"{source}: " + "; ".join(problems)) from None


# -- the loaded configuration ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Config:
    """A validated settings file: its sections as typed attributes (`cfg.flow.batch_size`), where it was read
    from (relative paths resolve against `root`) and the digest of its bytes (recorded with every run)."""

    path: Path
    root: Path
    settings: Settings
    digest: str

    @classmethod
    def from_dict(cls, data: dict[str, Any], path: Path | str = "quoteline.toml") -> "Config":
        """Settings given as a dict, as if read from `path` (tests, tools that build a config in code)."""
        path = Path(path)
        return cls(path, path.parent, validate_settings(data, path), hashlib.sha256(repr(data).encode()).hexdigest())

    @property
    def sources(self) -> Sources:
        return self.settings.sources

    @property
    def warehouse(self) -> Warehouse:
        return self.settings.warehouse

    @property
    def state(self) -> State:
        return self.settings.state

    @property
    def flow(self) -> Flow:
        return self.settings.flow

    @property
    def embedding(self) -> Embedding:
        return self.settings.embedding

    @property
    def similar(self) -> Similar:
        return self.settings.similar

    @property
    def web(self) -> Web:
        return self.settings.web

    @property
    def links(self) -> Links:
        return self.settings.links

    @property
    def schedule(self) -> Schedule:
        return self.settings.schedule

    def resolve(self, value: str | os.PathLike) -> Path:
        path = Path(os.path.expanduser(str(value)))
        return path if path.is_absolute() else (self.root / path)

    @property
    def db_path(self) -> Path:
        return self.resolve(self.warehouse.path)

    @property
    def store(self) -> "Store":
        """Where the tables live, as warehouse/db.py opens them: a DuckDB file, or a DuckLake catalog and data."""
        from warehouse.db import Store

        wh = self.warehouse
        named = Store(wh.path, wh.backend)
        data = wh.data_path
        return Store(self.db_path if named.is_file else named.path, wh.backend,  # a file, or a catalog server
                     str(self.resolve(data)) if data and "://" not in data else data, wh.memory_limit)

    @property
    def state_dir(self) -> Path:
        return self.resolve(self.state.dir)

    def with_overrides(self, **sections: dict[str, Any]) -> "Config":
        """A copy with some keys replaced (`with_overrides(warehouse={"path": p})`), validated like the file."""
        data = self.settings.model_dump()
        for name, values in sections.items():
            data.setdefault(name, {}).update({k: v for k, v in values.items() if v is not None})
        return Config(self.path, self.root, validate_settings(data, f"{self.path} (with command-line overrides)"),
                      self.digest)


def load_config(path: str | os.PathLike | None = None) -> Config:
    """Read the config named by `path`, `$QUOTELINE_CONFIG`, `./config/quoteline.toml` or the bundled one."""
    candidates = [path, os.environ.get("QUOTELINE_CONFIG"), Path.cwd() / "config" / "quoteline.toml", DEFAULT_CONFIG]
    chosen = next((Path(c) for c in candidates if c and (path is not None or Path(c).is_file())), None)
    if chosen is None or not chosen.is_file():
        raise ConfigError(f"{chosen or 'config/quoteline.toml'}: configuration file not found "
                          "(`quoteline init` writes one)")
    raw = chosen.read_bytes()
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{chosen}: not valid TOML: {exc}") from None
    settings = validate_settings(data, chosen)
    chosen = chosen.resolve()
    root = chosen.parent.parent if chosen.parent.name == "config" else chosen.parent
    return Config(chosen, root, settings, hashlib.sha256(raw).hexdigest())


def config_from_args(config: str | os.PathLike | None = None, db: str | os.PathLike | None = None) -> Config:
    """The config a command names (`--config`, else the usual search), with its `--db` override."""
    cfg = load_config(config)
    if db:
        cfg = cfg.with_overrides(warehouse={"path": str(Path(db).resolve())})
    return cfg


def prefect_settings(cfg: Config, ui: bool = False) -> dict[str, str]:
    """Local, offline Prefect: its home under our state folder, no analytics or telemetry, quiet server.

    The UI is on only where someone can look at it (`quoteline serve`); callers apply these their own way:
    `quoteline run` keeps what the user set, `quoteline serve` overrides.
    """
    return {"PREFECT_HOME": str(cfg.state_dir / "prefect"), "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
            "PREFECT_UI_ENABLED": "true" if ui else "false", "PREFECT_SERVER_LOGGING_LEVEL": "WARNING",
            "DO_NOT_TRACK": "1"}


# -- a commented config for a new project (`quoteline init`) -----------------------------------------------------

def render_config(settings: Settings | None = None) -> str:
    """The settings as a commented TOML file: every section and key, its description as a comment."""
    settings = settings or Settings()
    out = ["# quoteline settings (`quoteline config check` validates this file).",
           "# Relative paths are resolved against the project folder (the parent of config/).", ""]
    for name, field in Settings.model_fields.items():
        section_model = field.annotation
        section = getattr(settings, name)
        out.append(f"[{name}]")
        doc = " ".join((section_model.__doc__ or "").split())
        if doc:
            out.append(f"# {doc}")
        for key, key_field in section_model.model_fields.items():
            if key_field.description:
                out.append(f"# {key_field.description}")
            out.append(f"{key} = {_toml_literal(getattr(section, key))}")
        out.append("")
    return "\n".join(out)


def init_project(folder: Path, sources: list[str] | None = None, force: bool = False) -> Path:
    """Write `folder/config/quoteline.toml` with every setting at its default (sources as given); return its path."""
    path = folder / "config" / "quoteline.toml"
    if path.exists() and not force:
        raise ConfigError(f"{path}: already exists (--force overwrites it)")
    settings = Settings(sources=Sources(paths=sources or ["articles"]))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_config(settings), encoding="utf-8")
    return path


def _toml_literal(value: Any) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(_toml_literal(v) for v in value) + "]"
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return _toml(value)
