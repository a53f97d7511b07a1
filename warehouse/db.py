"""Opening the warehouse and keeping its schema current.

Migrations are numbered SQL files in `migrations/`; each runs once, in its own transaction, and is
recorded in `schema_migrations`. Views (`views.sql`) are re-created when they or the tables changed, so
opening an up-to-date warehouse costs five small statements: which backend it is, two `CREATE TABLE IF NOT
EXISTS` that find their table, the applied migration numbers and the views' digest.

Two backends hold the same tables (`[warehouse] backend`): "duckdb", one DuckDB file, and "ducklake", Parquet files
under a data path with a catalog database (a DuckDB file here, Postgres for several hosts). Everything that differs
between them is in this module: how a connection is opened (`connect`) and what DuckLake's catalog cannot store
(`_for_backend`). Above it, migrations, views, loads and exports are the same SQL on both.
"""
from __future__ import annotations

import hashlib
import importlib.util
import os
import re
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

import duckdb


class WarehouseBusy(RuntimeError):
    """Another process holds the DuckDB file (or DuckLake's catalog file) for writing."""


class WarehouseError(RuntimeError):
    """The warehouse cannot be opened as configured (a missing package, a bad backend)."""


def _sql(name: str) -> str:
    return resources.files("warehouse").joinpath(name).read_text(encoding="utf-8")


def migrations() -> list[tuple[int, str]]:
    folder = resources.files("warehouse").joinpath("migrations")
    found = sorted(p.name for p in folder.iterdir() if p.name.endswith(".sql"))
    return [(int(name.split("_", 1)[0]), name) for name in found]


@dataclass(frozen=True)
class Store:
    """Where the warehouse's tables live (`[warehouse]` backend, path, data_path; `Config.store` builds it).

    backend "duckdb": `path` is the DuckDB file. backend "ducklake": `path` is the catalog, a DuckDB file or a
    catalog connection string (`postgres:dbname=quoteline host=db`), and `data_path` the folder or object-store
    URL of the Parquet files (empty: DuckLake's default, `<catalog>.files/` beside a catalog file).
    """

    path: Path | str
    backend: str = "duckdb"
    data_path: str = ""
    # DuckDB's memory limit for every connection (`[warehouse] memory_limit`; "": DuckDB's default): how it is
    # opened, not where the tables are, so not part of a Store's identity
    memory_limit: str = field(default="", compare=False)

    def __post_init__(self) -> None:
        if self.backend not in BACKENDS:
            raise ValueError(f"warehouse.backend = {self.backend!r} is not one of {', '.join(map(repr, BACKENDS))}")

    @property
    def is_file(self) -> bool:
        """The catalog (or the database) is a local DuckDB file, not a server."""
        return not _CATALOG_SERVER.match(str(self.path))

    def exists(self) -> bool:
        return Path(self.path).exists() if self.is_file else True

    def __str__(self) -> str:
        return str(self.path) if self.backend == "duckdb" else f"ducklake:{self.path}"


BACKENDS = ("duckdb", "ducklake")
# a DuckLake catalog kept in a database server (the extension that talks to it is loaded like ducklake's own)
_CATALOG_SERVER = re.compile(r"^(postgres|mysql):")


def connect(where: Store | Path | str, read_only: bool = False, wait_s: float = 0.0) -> duckdb.DuckDBPyConnection:
    """Open the warehouse (a bare path is a DuckDB file); while another process holds its lock, retry for up to
    `wait_s` seconds."""
    where = where if isinstance(where, Store) else Store(Path(where))
    if not read_only and where.is_file:
        Path(where.path).parent.mkdir(parents=True, exist_ok=True)
    deadline = time.monotonic() + wait_s
    while True:
        try:
            con = (_open_file(Path(where.path), read_only) if where.backend == "duckdb"
                   else _attach_lake(where, read_only))
            if where.memory_limit:
                con.execute(f"SET memory_limit = {_literal(where.memory_limit)}")
            return con
        except duckdb.IOException as exc:
            if "lock" not in str(exc).lower():
                raise
            if time.monotonic() >= deadline:
                raise WarehouseBusy(f"{where.path}: in use by another process ({exc})") from exc
            time.sleep(0.05)


# Rows a row group of the DuckDB file holds (DuckDB's default: 122,880). Every checkpoint rewrites the row group that
# rows were appended to, whole: with the default, a batch of 64 articles loaded into a warehouse of 30k rewrote the
# text of all 30k (0.55 GB and 1.8 s at the close of each batch's connection, growing with the warehouse until a
# row group fills). At this size a checkpoint rewrites at most 8,192 rows. DuckDB keeps no such setting in the file:
# every write connection must give it, or its checkpoints merge the small row groups back into large ones.
# Existing files keep their row groups; rows appended after this change go into new ones of this size.
ROW_GROUP_SIZE = 8192
_RESERVED_NAMES = {"memory", "system", "temp", "main"}


def _open_file(path: Path, read_only: bool) -> duckdb.DuckDBPyConnection:
    """A connection to the DuckDB file at `path`, its default database named after the file as `duckdb.connect`
    names it. Writers attach it with `ROW_GROUP_SIZE` (an option of ATTACH only); readers never checkpoint and
    open it as before (several readers in one process share one instance, as `duckdb.connect` shares them)."""
    if read_only:
        return duckdb.connect(str(path), read_only=True)
    name = path.stem if path.stem.lower() not in _RESERVED_NAMES else f"{path.stem}_warehouse"
    # a file opened directly spills to `<file>.tmp/`: the same here, where the connection itself is in memory
    con = duckdb.connect(config={"temp_directory": f"{path}.tmp"})
    try:
        con.execute(f"ATTACH {_literal(str(path))} AS {_identifier(name)} (ROW_GROUP_SIZE {ROW_GROUP_SIZE})")
        con.execute(f"USE {_identifier(name)}")
    except BaseException:
        con.close()
        raise
    return con


def _identifier(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _attach_lake(where: Store, read_only: bool) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB with the lake attached as its default database, so unqualified names are the lake's.

    Extensions come from their Python packages (offline, the version of the installed duckdb): never downloaded.
    """
    con = duckdb.connect(config={"autoinstall_known_extensions": False, "autoload_known_extensions": False})
    try:
        _load_extension(con, "ducklake")
        server = _CATALOG_SERVER.match(str(where.path))
        if server:
            _load_extension(con, server.group(1))
        options = [f"DATA_PATH {_literal(where.data_path)}"] if where.data_path else []
        options += ["READ_ONLY"] if read_only else []
        con.execute(f"ATTACH {_literal(f'ducklake:{where.path}')} AS lake"
                    + (f" ({', '.join(options)})" if options else ""))
        con.execute("USE lake")
    except BaseException:
        con.close()
        raise
    return con


def _load_extension(con: duckdb.DuckDBPyConnection, name: str) -> None:
    package = f"duckdb_extension_{name}"
    if importlib.util.find_spec(package) is None:
        raise WarehouseError(f"warehouse.backend = \"ducklake\" needs the {package.replace('_', '-')} package "
                             f"(`pip install {package.replace('_', '-')}=={duckdb.__version__}`)")
    folder = resources.files(package).joinpath("extensions", f"v{duckdb.__version__}")
    found = sorted(p for p in folder.iterdir() if p.name.endswith(".duckdb_extension")) if folder.is_dir() else []
    if not found:
        raise WarehouseError(f"{package} has no build for duckdb {duckdb.__version__}: install the same version")
    con.execute(f"LOAD {_literal(str(found[0]))}")


def _literal(text: str) -> str:
    return "'" + str(text).replace("'", "''") + "'"


def sql_list(values: Iterable[object]) -> str:
    """SQL text of a list of string constants, for `IN (...)` (never empty: NULL matches nothing). A filter by
    constants reaches the table's scan before any join, where a join with a registered list of keys does not."""
    return ", ".join(_literal(v) for v in values) or "NULL"


def _backend(con: duckdb.DuckDBPyConnection) -> str:
    kind = con.execute("SELECT type FROM duckdb_databases() WHERE database_name = current_database()").fetchone()
    return "ducklake" if kind and kind[0] == "ducklake" else "duckdb"


# DuckLake stores NOT NULL but no PRIMARY KEY or UNIQUE constraint, and no index: keys are kept by the loads (whole
# articles replaced, `insert_rows(unique_by=…)`), lookups scan, and the same migrations run on both backends with
# the keys and indexes left out.
_TABLE_KEY = re.compile(r",\s*PRIMARY KEY\s*\([^)]*\)")
_COLUMN_KEY = re.compile(r"\bPRIMARY KEY\b")
_INDEX = re.compile(r"\bCREATE\s+(?:UNIQUE\s+)?INDEX\b[^;]*;", re.IGNORECASE)
_COMMENT = re.compile(r"--[^\n]*")  # migrations keep no `--` inside string literals


def _for_backend(sql: str, backend: str) -> str:
    """A migration as `backend` takes it: for DuckLake a column key becomes NOT NULL, a table key and an index go."""
    if backend == "duckdb":
        return sql
    return _COLUMN_KEY.sub("NOT NULL", _TABLE_KEY.sub("", _INDEX.sub("", _COMMENT.sub("", sql))))



class NotReadOnly(ValueError):
    """Ad-hoc SQL that would write, attach, export, install or change a setting."""


# Statement types ad-hoc SQL may run: queries (files the user names included) and their plans. ATTACH, COPY,
# EXPORT, INSTALL/LOAD, SET, PRAGMA, CALL and every write are refused, whatever the connection could do.
_READ_STATEMENTS = {"SELECT", "EXPLAIN"}


def check_read_only(query: str) -> None:
    """Raise `NotReadOnly` (one line naming the statement) unless every statement of `query` only reads."""
    try:
        statements = duckdb.extract_statements(query)
    except duckdb.Error as exc:
        raise NotReadOnly(f"SQL does not parse: {str(exc).splitlines()[0]}") from exc
    for number, statement in enumerate(statements, 1):
        kind = statement.type.name
        if kind not in _READ_STATEMENTS:
            text = " ".join(statement.query.split())
            raise NotReadOnly(f"statement {number} ({kind}: {text[:60]}{'…' if len(text) > 60 else ''}) is "
                              "refused: ad-hoc SQL is read-only (SELECT and EXPLAIN, files you name included)")


def connect_for_queries(where: "Store | Path | str", wait_s: float = 0.0) -> duckdb.DuckDBPyConnection:
    """A read-only connection for ad-hoc SQL: no extension installs from the network, settings locked."""
    con = connect(where, read_only=True, wait_s=wait_s)
    con.execute("SET autoinstall_known_extensions = false")
    con.execute("SET allow_community_extensions = false")
    con.execute("SET lock_configuration = true")
    return con


def insert_rows(con: duckdb.DuckDBPyConnection, table: str, rows: Sequence[tuple] | Sequence[Mapping[str, Any]],
                unique_by: Sequence[str] = ()) -> None:
    """Bulk insert through an Arrow table: one statement, not one per row; DuckDB casts to the column types.

    `rows` hold every column of `table` in its order, or map column names to values (the table's column order
    then does not matter, and columns left out take their default). With `unique_by` (the columns that identify a
    row) a row whose key is already in the table, or earlier in `rows`, is skipped: a join, not a key constraint,
    since DuckLake has none.
    """
    if not rows:
        return
    import pyarrow as pa  # here, not at the top: `quoteline sql` opens the warehouse and should start fast

    if isinstance(rows[0], Mapping):
        batch, by_name = pa.Table.from_pylist(list(rows)), "BY NAME "
    else:
        columns = [c[0] for c in con.execute(f"DESCRIBE {table}").fetchall()]
        batch, by_name = pa.table({name: pa.array(list(values)) for name, values in zip(columns, zip(*rows))}), ""
    con.register("incoming", batch)
    try:
        if unique_by:
            keys = ", ".join(unique_by)
            same = " AND ".join(f"t.{k} = i.{k}" for k in unique_by)
            source = (f"(SELECT DISTINCT ON ({keys}) * FROM incoming) i"
                      f" WHERE NOT EXISTS (SELECT 1 FROM {table} t WHERE {same})")
        else:
            source = "incoming"
        con.execute(f"INSERT INTO {table} {by_name}SELECT * FROM {source}")
    finally:
        con.unregister("incoming")


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection):
    """One transaction around the block: committed when the block ends, rolled back when anything escapes it, so
    that what it writes lands whole or not at all (an article, a run's links, a migration)."""
    con.execute("BEGIN TRANSACTION")
    try:
        yield con
        con.execute("COMMIT")
    except BaseException:
        _rollback(con)
        raise


def _rollback(con: duckdb.DuckDBPyConnection) -> None:
    """Roll back what is left of a failed transaction; a COMMIT that failed (a full disk) may have ended it already,
    and the error to report is the one that made it fail."""
    try:
        con.execute("ROLLBACK")
    except duckdb.Error:
        pass


def migrate(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Apply the migrations this file has not seen yet; return their names."""
    backend = _backend(con)
    con.execute(_for_backend("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
                             "name VARCHAR, applied_at TIMESTAMP DEFAULT current_timestamp)", backend))
    done = {row[0] for row in con.execute("SELECT version FROM schema_migrations").fetchall()}
    applied = []
    for version, name in migrations():
        if version in done:
            continue
        with transaction(con):
            con.execute(_for_backend(_sql(f"migrations/{name}"), backend))
            con.execute("INSERT INTO schema_migrations (version, name) VALUES (?, ?)", [version, name])
        applied.append(name)
    views = _sql("views.sql")
    digest = hashlib.sha256(views.encode("utf-8")).hexdigest()
    con.execute("CREATE TABLE IF NOT EXISTS schema_views (digest VARCHAR)")
    if applied or con.execute("SELECT digest FROM schema_views").fetchone() != (digest,):
        with transaction(con):
            con.execute(views)
            con.execute("DELETE FROM schema_views")
            con.execute("INSERT INTO schema_views VALUES (?)", [digest])
    return applied


def compact(path: Path, wait_s: float = 0.0) -> tuple[int, int]:
    """Rewrite a DuckDB file into a fresh one and swap it in; return its size before and after.

    DuckDB reuses the blocks that deleted rows free, but never gives them back to the file system: after large
    rewrites the file stays as large as it ever was. Copying the database (`COPY FROM DATABASE`: tables, views,
    macros) into a new file keeps only what is live. The copy is written beside the original and renamed over it
    only when complete, so an interruption leaves the original as it was. Call it under the run lock.
    """
    path = Path(path)
    fresh = path.with_name(path.name + ".compacting")
    fresh.unlink(missing_ok=True)
    before = path.stat().st_size
    with connect(path, wait_s=wait_s) as con:
        con.execute("CHECKPOINT")
        name = con.execute("SELECT current_database()").fetchone()[0]
        con.execute(f"ATTACH {_literal(str(fresh))} AS compacted (ROW_GROUP_SIZE {ROW_GROUP_SIZE})")
        con.execute(f'COPY FROM DATABASE "{name}" TO compacted')
        con.execute("DETACH compacted")
    os.replace(fresh, path)
    return before, path.stat().st_size


_STORAGE_FAILED = re.compile(r"No space left on device|Disk quota exceeded|Failed to commit|database has been invalidated"
                             r"|Could not (?:write|read) file", re.IGNORECASE)


def storage_failed(exc: BaseException) -> bool:
    """Whether a DuckDB error is the storage's (a full disk, a failed write or checkpoint, a database invalidated by
    one): no other statement will succeed on this connection, so it is the run's failure, not a row's."""
    return isinstance(exc, (duckdb.IOException, duckdb.FatalException)) or bool(_STORAGE_FAILED.search(str(exc)))


def open_warehouse(where: Store | Path | str, wait_s: float = 0.0) -> duckdb.DuckDBPyConnection:
    """A read-write connection to a migrated warehouse."""
    con = connect(where, wait_s=wait_s)
    migrate(con)
    return con
