"""The command line as a new user meets it, through typer's CliRunner on the real app: a real flow, a real DuckDB
file, the real model. Every mistake that used to end in a traceback is one line `quoteline: …` and a documented
exit code; every command speaks the same `--format table|json|jsonl|csv`."""
from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from quoteline import errors
from quoteline.cli import app

ROOT = Path(__file__).resolve().parents[1]


def invoke(*args: str):
    return CliRunner().invoke(app, [str(a) for a in args])


def one_line_error(result, code: int, *words: str) -> str:
    """The result failed with `code` and one line on stderr starting `quoteline`, containing `words`."""
    assert result.exit_code == code, (result.exit_code, result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("quoteline"), result.stderr
    assert "Traceback" not in result.output
    for word in words:
        assert word in lines[0], lines[0]
    return lines[0]


@pytest.fixture(scope="module")
def wh(examples_warehouse):
    return examples_warehouse


def opts(wh) -> list[str]:
    return ["--config", str(wh["config"]), "--db", str(wh["db"])]


# -- run ----------------------------------------------------------------------------------------------------------

def test_run_prints_one_summary_and_json_for_machines(wh):
    first = wh["summary"]
    assert first["counts"]["new"] == 5 and first["counts"]["failed"] == 0 and first["failures"] == []
    assert first["counts"]["embedded"] > 0 and set(first["seconds"]) >= {"read", "extract", "load", "embed"}
    assert first["counts"]["cross_language_links"] <= first["counts"]["links"]
    again = invoke("run", "--config", wh["config"])  # nothing changed: a table, no Prefect chatter
    assert again.exit_code == 0, again.output
    assert re.search(r"unchanged\s*│\s*5 │", again.stdout), again.stdout
    assert "Task run" not in again.output and "Finished in state" not in again.output


def test_a_run_with_failed_articles_exits_4_and_names_them(wh, tmp_path: Path):
    sources = tmp_path / "in"
    sources.mkdir()
    shutil.copy(sorted((ROOT / "examples").glob("*.txt"))[0], sources)
    (sources / "empty.txt").write_bytes(b"")
    result = invoke("run", "--config", wh["config"], "--db", tmp_path / "w.duckdb", "--source", sources, "--json")
    assert result.exit_code == errors.EXIT_PARTIAL, result.output
    summary = json.loads(result.stdout)
    assert summary["counts"]["new"] == 1 and summary["counts"]["failed"] == 1
    assert summary["failures"][0]["location"].endswith("empty.txt")


def test_run_with_a_source_that_is_not_there_fails_at_once(wh):
    one_line_error(invoke("run", "--config", wh["config"], "--source", "/nonexistent/folder"), errors.EXIT_USAGE,
                   "/nonexistent/folder", "no such file or folder")


# -- errors that were tracebacks ------------------------------------------------------------------------------------

def test_sql_error_is_one_line(wh):
    one_line_error(invoke("sql", "selec 1", *opts(wh)), errors.EXIT_ERROR, "SQL error", "selec")
    one_line_error(invoke("sql", "SELECT nope FROM v_articles", *opts(wh)), errors.EXIT_ERROR, "nope")


def test_writes_are_refused_in_one_line(wh):
    one_line_error(invoke("sql", "DELETE FROM tweets", *opts(wh)), errors.EXIT_ERROR, "SQL error")
    with duckdb.connect(str(wh["db"]), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM tweets").fetchone()[0] > 0


@pytest.mark.parametrize("command", [["sql", "SELECT 1"], ["export", "tweets"], ["status"], ["similar", "hello"]])
def test_a_missing_or_foreign_warehouse_is_one_line(wh, tmp_path: Path, command):
    missing = tmp_path / "none.duckdb"
    one_line_error(invoke(*command, "--config", wh["config"], "--db", missing), errors.EXIT_ERROR,
                   str(missing), "quoteline run")
    assert not missing.exists()  # reading never creates a warehouse
    foreign = tmp_path / "notes.duckdb"
    foreign.write_text("not a database\n", encoding="utf-8")
    one_line_error(invoke(*command, "--config", wh["config"], "--db", foreign), errors.EXIT_ERROR,
                   str(foreign), "not a DuckDB warehouse")


def test_parquet_without_output_is_a_usage_error(wh):
    one_line_error(invoke("export", "quotes", "--format", "parquet", *opts(wh)), errors.EXIT_USAGE, "-o FILE")


@pytest.mark.parametrize("args, option", [
    (["sql", "SELECT 1", "--max-rows", "many"], "--max-rows"),
    (["status", "--runs", "x"], "--runs"),
    (["sql", "SELECT 1", "--wait", "soon"], "--wait"),
    (["similar", "hello", "--k", "-3"], "--k"),
    (["similar", "hello", "--k", "0"], "--k"),
    (["export", "speeches"], "kind"),
    (["sql", "SELECT 1", "--format", "xml"], "--format"),
])
def test_bad_values_are_usage_errors_naming_the_option(wh, args, option):
    one_line_error(invoke(*args, *opts(wh)), errors.EXIT_USAGE, option)


def test_a_language_that_is_no_code_is_a_usage_error(wh):
    one_line_error(invoke("similar", "hello", "--lang", "klingon", *opts(wh)), errors.EXIT_USAGE, "klingon")


def test_unknown_command_and_bad_config_are_usage_errors(wh, tmp_path: Path):
    one_line_error(invoke("sqll", "SELECT 1"), errors.EXIT_USAGE, "sqll")
    bad = tmp_path / "quoteline.toml"
    bad.write_text('[flow]\non_busy = "exitt"\n', encoding="utf-8")
    one_line_error(invoke("status", "--config", bad), errors.EXIT_USAGE, str(bad), 'flow.on_busy = "exitt"')


def test_an_internal_error_is_one_line_and_the_traceback_needs_debug(wh, monkeypatch):
    import warehouse.status

    def broken(con):
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr(warehouse.status, "totals", broken)
    one_line_error(invoke("status", *opts(wh)), errors.EXIT_INTERNAL, "internal error", "--debug")
    with pytest.raises(ZeroDivisionError):
        CliRunner().invoke(app, ["status", "--debug", *opts(wh)], catch_exceptions=False)


@pytest.mark.parametrize("fmt", ["csv", "table"])
def test_piping_into_head_is_quiet(wh, fmt):
    """A real pipe closed early (BrokenPipeError) ends the command without a word on stderr, exit 0."""
    command = [sys.executable, "-m", "quoteline.cli", "sql", "SELECT * FROM range(200000)", "--format", fmt,
               "--max-rows", "200000", *opts(wh)]
    producer = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT)
    first = producer.stdout.readline()
    producer.stdout.close()  # what `| head -1` does
    _, err = producer.communicate(timeout=120)
    assert first.strip() == b"range" if fmt == "csv" else first.startswith("┏".encode())
    assert err.decode() == "", err.decode()
    assert producer.returncode == 0


# -- one output convention ----------------------------------------------------------------------------------------

QUERY = "SELECT doc, published, tweets FROM v_articles ORDER BY doc"


def test_sql_formats_agree(wh):
    as_json = json.loads(invoke("sql", QUERY, "--format", "json", *opts(wh)).stdout)
    assert invoke("sql", QUERY, "--json", *opts(wh)).stdout == invoke("sql", QUERY, "-f", "json", *opts(wh)).stdout
    as_jsonl = [json.loads(line) for line in invoke("sql", QUERY, "--format", "jsonl", *opts(wh)).stdout.splitlines()]
    as_csv = list(csv.DictReader(io.StringIO(invoke("sql", QUERY, "--format", "csv", *opts(wh)).stdout)))
    table = invoke("sql", QUERY, *opts(wh)).stdout
    assert len(as_json) == 5 and as_json == as_jsonl
    assert [r["doc"] for r in as_csv] == [r["doc"] for r in as_json]
    assert [r["published"] or None for r in as_csv] == [r["published"] for r in as_json]
    assert all(r["doc"][:12] in table for r in as_json)
    assert all(len(r["published"]) == 10 for r in as_json if r["published"])  # ISO dates


def test_dates_are_dates_in_views_and_exports(wh, tmp_path: Path):
    types = invoke("sql", "SELECT (SELECT any_value(typeof(published)) FROM v_articles) AS a,"
                          " (SELECT any_value(typeof(date)) FROM v_tweets) AS t,"
                          " (SELECT any_value(typeof(started_at)) FROM runs) AS r", "--format", "json", *opts(wh))
    assert json.loads(types.stdout) == [{"a": "DATE", "t": "DATE", "r": "TIMESTAMP"}]
    later = invoke("sql", "SELECT count(*) AS n FROM v_articles WHERE published > DATE '2019-01-01'", "--json",
                   *opts(wh))
    assert json.loads(later.stdout)[0]["n"] > 0
    out = tmp_path / "articles.parquet"
    assert invoke("export", "articles", "--format", "parquet", "-o", out, *opts(wh)).exit_code == 0
    with duckdb.connect() as con:
        kinds = dict(con.execute("SELECT name, type FROM parquet_schema(?)", [str(out)]).fetchall())
        assert kinds["published"] == "INT32"  # Parquet's DATE
        assert con.execute("SELECT typeof(published) FROM read_parquet(?) LIMIT 1", [str(out)]).fetchone()[0] == "DATE"
    runs = tmp_path / "runs.parquet"
    assert invoke("export", "runs", "--format", "parquet", "-o", runs, *opts(wh)).exit_code == 0
    with duckdb.connect() as con:
        assert con.execute("SELECT typeof(started_at) FROM read_parquet(?) LIMIT 1",
                           [str(runs)]).fetchone()[0].startswith("TIMESTAMP")


@pytest.mark.parametrize("fmt", ["jsonl", "json", "csv"])
def test_export_to_stdout_and_file(wh, tmp_path: Path, fmt):
    shown = invoke("export", "tweets", "--format", fmt, *opts(wh))
    assert shown.exit_code == 0
    out = tmp_path / f"tweets.{fmt}"
    written = invoke("export", "tweets", "--format", fmt, "-o", out, *opts(wh))
    assert "rows written" in written.stderr
    n = int(written.stderr.split()[0])
    text = out.read_text(encoding="utf-8")
    rows = (json.loads(text) if fmt == "json" else [json.loads(line) for line in text.splitlines()] if fmt == "jsonl"
            else list(csv.DictReader(io.StringIO(text))))
    assert len(rows) == n > 0 and rows[0]["doc"] and rows[0]["date"][:2] in ("19", "20")


def test_status_counts_and_json(wh):
    status = json.loads(invoke("status", "--json", *opts(wh)).stdout)
    held = status["warehouse"]
    assert held["articles"] == 5 and held["marked_deleted"] == 0
    assert held["tweets"] > 0 and held["cross_language_links"] <= held["links"]
    assert status["runs"][0]["status"] == "completed" and status["runs"][0]["failures"] == []
    table = invoke("status", *opts(wh)).stdout
    assert "5 articles" in table and status["runs"][0]["run_id"] in table


def test_similar_shows_who_and_where(wh):
    groups = json.loads(invoke("similar", "a great customer experience", "--k", "3", "--json", "--no-service",
                               *opts(wh)).stdout)
    assert 1 <= len(groups) <= 3 and all(g["head"]["doc"] and g["head"]["kind"] in ("tweet", "quote") for g in groups)
    assert [g["score"] for g in groups] == sorted((g["score"] for g in groups), reverse=True)
    table = invoke("similar", "a great customer experience", "--k", "2", "--no-service", *opts(wh)).stdout
    assert (groups[0]["head"]["who"] or "?") in table
    rows = list(csv.DictReader(io.StringIO(invoke("similar", "a great customer experience", "--k", "3", "-f", "csv",
                                                  "--no-service", *opts(wh)).stdout)))
    assert [r["doc"] for r in rows] == [g["head"]["doc"] for g in groups]


# -- set-up commands ----------------------------------------------------------------------------------------------

def test_init_then_config_check_then_show(tmp_path: Path):
    made = invoke("init", tmp_path / "newsroom", "--source", "articles", "--source", "https://example.org/a.html")
    assert made.exit_code == 0, made.output
    config = tmp_path / "newsroom" / "config" / "quoteline.toml"
    checked = invoke("config", "check", "--config", config)
    assert checked.exit_code == 0 and "ok" in checked.stdout
    assert 'paths = ["articles", "https://example.org/a.html"]' in invoke("config", "show", "--config", config).stdout
    one_line_error(invoke("init", tmp_path / "newsroom"), errors.EXIT_USAGE, "already exists")


def test_version_and_help():
    from importlib.metadata import version

    shown = invoke("--version")
    assert shown.exit_code == 0 and version("quoteline") in shown.stdout
    assert invoke().exit_code in (0, 2) and "run" in invoke("--help").stdout


def test_schedule_commands_without_a_server_say_so(tmp_path: Path):
    config = tmp_path / "config" / "quoteline.toml"
    config.parent.mkdir()
    config.write_text(f'[state]\ndir = "{tmp_path / "state"}"\n', encoding="utf-8")
    one_line_error(invoke("schedule", "status", "--config", config), errors.EXIT_ERROR, "nothing is serving")
    stopped = invoke("schedule", "stop", "--config", config)
    assert stopped.exit_code == 0 and "nothing is serving" in stopped.stdout


def test_vacuum_keeps_every_row(wh, tmp_path):
    """A copy of the examples' warehouse compacted: the same rows in every table, and a one-line report."""
    db = tmp_path / "copy.duckdb"
    shutil.copy(wh["db"], db)

    def counts() -> dict[str, int]:
        with duckdb.connect(str(db), read_only=True) as con:
            tables = [t for (t,) in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()]
            return {t: con.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}

    before = counts()
    result = invoke("vacuum", "--config", str(wh["config"]), "--db", str(db))
    assert result.exit_code == 0, result.output
    assert str(db) in result.stdout and "MB" in result.stdout
    assert counts() == before and before["articles"] == 5
    missing = invoke("vacuum", "--config", str(wh["config"]), "--db", str(tmp_path / "none.duckdb"))
    assert missing.exit_code != 0 and "no warehouse there" in missing.output


def test_status_says_aborted_when_a_running_run_holds_no_lock(wh, tmp_path):
    """A run marked running whose process is gone (killed: nobody holds the lock beside the warehouse)."""
    db = tmp_path / "copy.duckdb"
    shutil.copy(wh["db"], db)
    with duckdb.connect(str(db)) as con:
        con.execute("UPDATE runs SET status = 'running'")
    status = json.loads(invoke("status", "--json", "--config", str(wh["config"]), "--db", str(db)).stdout)
    assert status["runs"][0]["status"] == "aborted? (its process is gone)"
