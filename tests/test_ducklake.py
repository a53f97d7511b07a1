"""The DuckLake backend: the same migrations, loads, views, exports and links as a DuckDB file, row for row.

The extension comes from the `duckdb-extension-ducklake` package (loaded from its file, never downloaded), so these
tests run offline like the rest. The end-to-end test runs the real flow with the real model into both backends and
compares every table; `same_rows` is also what the Dask test compares its warehouse with.
"""
from __future__ import annotations

import json
import math
import shutil
from pathlib import Path

import duckdb
import numpy as np
import pytest

from bench.stories import write_stories
from warehouse import db
from warehouse.export import SOURCES, export

REPO = Path(__file__).resolve().parents[1]

# Columns that differ between two runs of the same input by nature: clocks, run ids, the config file's hash
# (the configs name different backends), seconds taken. Vectors are compared apart, with a tolerance.
VOLATILE = {"articles": {"first_seen", "loaded_at", "run_id"},
            "runs": {"run_id", "flow_run_id", "started_at", "ended_at", "stage_seconds", "config_hash"},
            "failures": {"run_id", "failed_at"},
            "embeddings": {"embedded_at", "vector"},
            "schema_migrations": {"applied_at"}}


def lake(tmp: Path, name: str = "lake") -> db.Store:
    return db.Store(tmp / f"{name}.ducklake", "ducklake", str(tmp / f"{name}-files"))


def table_rows(where: db.Store | Path) -> dict[str, list[tuple]]:
    """Every table's rows without the volatile columns, sorted, JSON parsed; vectors under 'embeddings.vector'."""
    out = {}
    with db.connect(where, read_only=True) as con:
        tables = [t for (t,) in con.execute("SELECT table_name FROM duckdb_tables() WHERE database_name = "
                                            "current_database() ORDER BY table_name").fetchall()]
        for table in tables:
            described = con.execute(f"DESCRIBE {table}").fetchall()
            keep = [(c, t) for c, t, *_ in described if c not in VOLATILE.get(table, ())]
            rows = con.execute(f"SELECT {', '.join(c for c, _ in keep)} FROM {table} ORDER BY ALL").fetchall()
            json_at = [i for i, (_, t) in enumerate(keep) if t == "JSON"]
            out[table] = [tuple(json.loads(v) if i in json_at and v is not None else v for i, v in enumerate(row))
                          for row in rows]
        if "embeddings" in tables:
            out["embeddings.vector"] = [np.asarray(v, dtype=np.float32) for (v,) in con.execute(
                "SELECT vector FROM embeddings ORDER BY text_key, model_version").fetchall()]
    return out


def same_value(a, b) -> bool:
    """Equal, floats to 1e-5 (vectors embedded in another process may differ in their last bits, and so do the
    scores computed from them)."""
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        return np.shape(a) == np.shape(b) and bool(np.allclose(a, b, atol=1e-5))
    if isinstance(a, float) and isinstance(b, float):
        return math.isclose(a, b, rel_tol=1e-5, abs_tol=1e-5)
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return len(a) == len(b) and all(same_value(x, y) for x, y in zip(a, b))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same_value(a[k], b[k]) for k in a)
    return a == b


def assert_same_rows(left: dict[str, list], right: dict[str, list]) -> None:
    assert sorted(left) == sorted(right)
    for table in left:
        assert len(left[table]) == len(right[table]), f"{table}: {len(left[table])} vs {len(right[table])} rows"
        for i, (a, b) in enumerate(zip(left[table], right[table])):
            assert same_value(a, b), f"{table} row {i}:\n  {a}\n  {b}"


# --- the backend on its own ---------------------------------------------------------------------------------------

def test_migrations_give_both_backends_the_same_columns_views_and_macro(tmp_path):
    with db.open_warehouse(tmp_path / "file.duckdb") as con:
        plain = con.execute("SELECT table_name, column_name, data_type, is_nullable FROM information_schema.columns"
                            " WHERE table_catalog = current_database() ORDER BY ALL").fetchall()
    with db.open_warehouse(lake(tmp_path)) as con:
        laked = con.execute("SELECT table_name, column_name, data_type, is_nullable FROM information_schema.columns"
                            " WHERE table_catalog = current_database() ORDER BY ALL").fetchall()
        # a DuckLake's tables are Parquet files under its data path; its views and macro are in the catalog
        assert con.execute("SELECT count(*) FROM statements_like('quote', 'none', 1, 3)").fetchone() == (0,)
    assert laked == plain
    assert {"v_articles", "v_quotes", "v_said", "v_statement_vectors"} <= {row[0] for row in plain}
    assert (tmp_path / "lake.ducklake").is_file()


def test_keys_are_left_out_for_ducklake_only():
    sql = ("CREATE TABLE t (\n  a VARCHAR PRIMARY KEY, -- the key\n  b INTEGER NOT NULL,\n  c INTEGER NOT NULL,\n"
           "  PRIMARY KEY (b, c)\n);")
    assert db._for_backend(sql, "duckdb") == sql
    laked = db._for_backend(sql, "ducklake")
    assert "PRIMARY KEY" not in laked and "a VARCHAR NOT NULL," in laked and "c INTEGER NOT NULL\n)" in laked
    con = duckdb.connect()
    con.execute(laked)
    assert [row[:3] for row in con.execute("DESCRIBE t").fetchall()] == [
        ("a", "VARCHAR", "NO"), ("b", "INTEGER", "NO"), ("c", "INTEGER", "NO")]
    indexed = sql + "\nCREATE INDEX t_b ON t (b);\ncreate unique index t_c on t (c);\n"
    assert db._for_backend(indexed, "duckdb") == indexed
    assert "INDEX" not in db._for_backend(indexed, "ducklake").upper()


@pytest.mark.parametrize("backend", ["duckdb", "ducklake"])
def test_unique_by_skips_rows_already_there_or_repeated(tmp_path, backend):
    where = lake(tmp_path) if backend == "ducklake" else db.Store(tmp_path / "w.duckdb")
    with db.open_warehouse(where) as con:
        db.insert_rows(con, "speaker_names", [(1, "Ana"), (1, "Ana"), (2, "Bo")], unique_by=("speaker_id", "name"))
        db.insert_rows(con, "speaker_names", [(2, "Bo"), (2, "Bea")], unique_by=("speaker_id", "name"))
        assert con.execute("SELECT * FROM speaker_names ORDER BY ALL").fetchall() == [(1, "Ana"), (2, "Bea"),
                                                                                       (2, "Bo")]


def test_a_writer_holds_a_file_catalog_and_a_reader_elsewhere_is_told(tmp_path):
    import multiprocessing as mp

    where = lake(tmp_path)
    db.open_warehouse(where).close()
    with db.connect(where), mp.get_context("spawn").Pool(1) as pool:  # DuckDB's file lock is per process
        answer = pool.apply(_try_reading, (where,))
    assert "lake.ducklake: in use by another process" in answer
    with mp.get_context("spawn").Pool(1) as pool:
        assert pool.apply(_try_reading, (where,)) == "opened"


def _try_reading(where: db.Store) -> str:
    try:
        db.connect(where, read_only=True, wait_s=0.2).close()
        return "opened"
    except db.WarehouseBusy as exc:
        return str(exc)


def test_a_bad_backend_is_a_config_error(tmp_path):
    from quoteline.config import Config, ConfigError

    with pytest.raises(ConfigError, match='q.toml: warehouse.backend = "sqlite": expected one of "duckdb", "ducklake"'):
        Config.from_dict({"warehouse": {"backend": "sqlite"}}, tmp_path / "q.toml")
    store = Config.from_dict({"warehouse": {"backend": "ducklake", "path": "w/q.ducklake", "data_path": "w/files"}},
                             tmp_path / "q.toml").store
    assert store == db.Store(tmp_path / "w" / "q.ducklake", "ducklake", str(tmp_path / "w" / "files"))
    server = Config.from_dict({"warehouse": {"backend": "ducklake", "path": "postgres:dbname=q host=db",
                                             "data_path": "s3://b/q/"}}, tmp_path / "q.toml").store
    assert (server.path, server.data_path, server.is_file) == ("postgres:dbname=q host=db", "s3://b/q/", False)


# --- the flow into both backends ---------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """The examples and four invented stories in three languages."""
    folder = tmp_path_factory.mktemp("corpus")
    for path in sorted((REPO / "examples").iterdir()):
        shutil.copy(path, folder / path.name)
    write_stories(folder, 4)
    return folder


def project(make_project, name: str, **sections: dict) -> Path:
    """A project whose config is the bundled one with these settings (`warehouse={"backend": …}`)."""
    from quoteline.config import load_config, render_config

    config = make_project(name) / "config" / "quoteline.toml"
    config.write_text(render_config(load_config(config).with_overrides(**sections).settings), encoding="utf-8")
    return config


@pytest.fixture(scope="module")
def both(make_project, corpus, tmp_path_factory):
    """The corpus through the real flow into a DuckDB file and into a DuckLake, each config naming its backend."""
    from flows.pipeline import quoteline_flow

    tmp = tmp_path_factory.mktemp("warehouses")
    plain = project(make_project, "plain", warehouse={"backend": "duckdb", "path": str(tmp / "q.duckdb")})
    laked = project(make_project, "laked", warehouse={"backend": "ducklake", "path": str(tmp / "q.ducklake"),
                                                      "data_path": str(tmp / "lake-files")})
    summaries = [quoteline_flow(config_path=str(c), sources=[str(corpus)]) for c in (plain, laked)]
    return {"plain": (plain, db.Store(tmp / "q.duckdb"), summaries[0]),
            "laked": (laked, db.Store(tmp / "q.ducklake", "ducklake", str(tmp / "lake-files")), summaries[1])}


@pytest.mark.slow
def test_the_flow_writes_the_same_rows_to_both_backends(both, corpus):
    (_, plain, first), (_, laked, second) = both["plain"], both["laked"]
    assert first.counts == second.counts and not first.failures
    assert first.counts["new"] == len(list(corpus.iterdir())) and first.counts["embedded"] > 0
    left, right = table_rows(plain), table_rows(laked)
    assert left["quotes"] and left["tweets"] and left["links"] and left["speakers"]
    assert_same_rows(left, right)
    assert list((laked.data_path and Path(laked.data_path)).rglob("*.parquet")), "no Parquet file in the lake"


@pytest.mark.slow
def test_exports_are_the_same_from_both_backends(both, tmp_path):
    for kind in SOURCES:
        if kind in ("runs", "failures"):  # clocks and run ids: compared as rows above
            continue
        outs = []
        for name in ("plain", "laked"):
            with db.connect(both[name][1], read_only=True) as con:
                out = tmp_path / f"{name}-{kind}.jsonl"
                export(con, kind, "jsonl", out)
                outs.append([{k: v for k, v in json.loads(line).items() if k != "loaded_at"}
                             for line in out.read_text(encoding="utf-8").splitlines()])
        assert outs[0] == outs[1] and outs[0], kind


@pytest.mark.slow
def test_a_rerun_is_idempotent_and_a_change_is_a_snapshot_to_travel_back_to(both, corpus, tmp_path):
    from flows.pipeline import quoteline_flow

    config, laked, _ = both["laked"]
    before = table_rows(laked)
    summary = quoteline_flow(config_path=str(config), sources=[str(corpus)])
    assert summary.counts["skipped"] == summary.counts["read"] and summary.counts["new"] == 0
    assert_same_rows({k: v for k, v in table_rows(laked).items() if k != "runs"},
                     {k: v for k, v in before.items() if k != "runs"})

    with db.connect(laked, read_only=True) as con:
        version = con.execute("SELECT max(snapshot_id) FROM ducklake_snapshots('lake')").fetchone()[0]
        doc, quotes = con.execute("SELECT doc, quotes FROM v_articles WHERE quotes > 0 ORDER BY doc LIMIT 1").fetchone()
    edited = corpus / doc
    original = edited.read_bytes()
    try:
        edited.write_text("Nothing quoted here any more.\n", encoding="utf-8")
        summary = quoteline_flow(config_path=str(config), sources=[str(corpus)])
    finally:
        edited.write_bytes(original)
    assert summary.counts["changed"] == 1
    with db.connect(laked, read_only=True) as con:
        now = con.execute("SELECT count(*) FROM quotes JOIN articles USING (article_id) WHERE doc = ?", [doc])
        assert now.fetchone() == (0,)
        then = con.execute(f"SELECT count(*) FROM quotes q AT (VERSION => {int(version)})"
                           f" JOIN articles a AT (VERSION => {int(version)}) USING (article_id) WHERE a.doc = ?", [doc])
        assert then.fetchone() == (quotes,)
