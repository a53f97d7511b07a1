"""Opening the warehouse and keeping its schema current.

Migrations are numbered SQL files in `migrations/`; each runs once, in its own transaction, and is
recorded in `schema_migrations`. Views (`views.sql`) are re-created when they or the tables changed, so
opening an up-to-date warehouse costs four small statements: two `CREATE TABLE IF NOT EXISTS` that find their
table, the applied migration numbers and the views' digest.
"""
from __future__ import annotations

import hashlib
import time
from importlib import resources
from pathlib import Path
from typing import Any, Mapping, Sequence

import duckdb


class WarehouseBusy(RuntimeError):
    """Another process holds the DuckDB file for writing."""


def _sql(name: str) -> str:
    return resources.files("warehouse").joinpath(name).read_text(encoding="utf-8")


def migrations() -> list[tuple[int, str]]:
    folder = resources.files("warehouse").joinpath("migrations")
    found = sorted(p.name for p in folder.iterdir() if p.name.endswith(".sql"))
    return [(int(name.split("_", 1)[0]), name) for name in found]


def connect(path: Path | str, read_only: bool = False, wait_s: float = 0.0) -> duckdb.DuckDBPyConnection:
    """Open the file; while another process holds its lock, retry for up to `wait_s` seconds."""
    path = Path(path)
    if not read_only:
        path.parent.mkdir(parents=True, exist_ok=True)
    deadline = time.monotonic() + wait_s
    while True:
        try:
            return duckdb.connect(str(path), read_only=read_only)
        except duckdb.IOException as exc:
            if "lock" not in str(exc).lower():
                raise
            if time.monotonic() >= deadline:
                raise WarehouseBusy(f"{path}: in use by another process ({exc})") from exc
            time.sleep(0.05)


def insert_rows(con: duckdb.DuckDBPyConnection, table: str, rows: Sequence[tuple] | Sequence[Mapping[str, Any]],
                or_ignore: bool = False) -> None:
    """Bulk insert through an Arrow table: one statement, not one per row; DuckDB casts to the column types.

    `rows` hold every column of `table` in its order, or map column names to values (the table's column order
    then does not matter, and columns left out take their default); `or_ignore` skips rows whose key is
    already there.
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
        con.execute(f"INSERT {'OR IGNORE ' if or_ignore else ''}INTO {table} {by_name}SELECT * FROM incoming")
    finally:
        con.unregister("incoming")


def migrate(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Apply the migrations this file has not seen yet; return their names."""
    con.execute("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name VARCHAR, "
                "applied_at TIMESTAMP DEFAULT current_timestamp)")
    done = {row[0] for row in con.execute("SELECT version FROM schema_migrations").fetchall()}
    applied = []
    for version, name in migrations():
        if version in done:
            continue
        con.execute("BEGIN TRANSACTION")
        try:
            con.execute(_sql(f"migrations/{name}"))
            con.execute("INSERT INTO schema_migrations (version, name) VALUES (?, ?)", [version, name])
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise
        applied.append(name)
    views = _sql("views.sql")
    digest = hashlib.sha256(views.encode("utf-8")).hexdigest()
    con.execute("CREATE TABLE IF NOT EXISTS schema_views (digest VARCHAR)")
    if applied or con.execute("SELECT digest FROM schema_views").fetchone() != (digest,):
        con.execute("BEGIN TRANSACTION")
        con.execute(views)
        con.execute("DELETE FROM schema_views")
        con.execute("INSERT INTO schema_views VALUES (?)", [digest])
        con.execute("COMMIT")
    return applied


def open_warehouse(path: Path | str, wait_s: float = 0.0) -> duckdb.DuckDBPyConnection:
    """A read-write connection to a migrated warehouse."""
    con = connect(path, wait_s=wait_s)
    migrate(con)
    return con
