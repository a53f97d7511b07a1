"""Reliability of whole runs (issues 12 and 15): real Prefect flows into real DuckDB files, real second runs,
real `quoteline` processes killed with SIGKILL, a real corrupt model, real hostile SQL.
"""
from __future__ import annotations

import http.server
import json
import os
import re
import shutil
import signal
import struct
import subprocess
import sys
import threading
import time
from functools import partial
from pathlib import Path

import duckdb
import numpy as np
import pytest

from flows.pipeline import quoteline_flow
from quoteline.config import load_config
from quoteline.embedder import Embedder, ModelUnavailable
from quoteline.runlock import RunBusy, lock_path, run_alive, run_lock

REPO = Path(__file__).resolve().parents[1]

# Invented articles: a tweet and a quotation each, in a few languages.
ARTICLES = {
    "de": ("Die Bibliothek öffnet länger\nVeröffentlicht: 2024-03-0{n}\nDie Stadt hat die Bibliothek Nummer {n} eröffnet.\n"
           "Heute haben wir die Bibliothek {n} eröffnet! #bücher\n— Ana Lopes (@analopes) {n}. März 2024\n"
           "„Wir halten die Bibliothek {n} bis zehn Uhr offen“, sagte Ana Lopes am Abend.\n"),
    "fr": ("La ligne de tram {n} ouvre\nPublié : 2024-04-0{n}\nLa ligne {n} relie la gare au port.\n"
           "La ligne {n} est ouverte, merci à toutes les équipes ! #tram\n— Léa Martin (@leamartin) {n} avril 2024\n"
           "« Nous roulerons sur la ligne {n} jusqu'à minuit », a déclaré Léa Martin.\n"),
}


def make_corpus(folder: Path, n: int = 3) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for lang, text in ARTICLES.items():
        for i in range(1, n + 1):
            (folder / f"{lang}_{i}.txt").write_text(text.format(n=i), encoding="utf-8")
    return folder


def configure(root: Path, **settings) -> Path:
    """Rewrite `key = value` lines of the project's config (TOML values given as Python, dumped as JSON)."""
    path = root / "config" / "quoteline.toml"
    text = path.read_text(encoding="utf-8")
    for key, value in settings.items():
        text, n = re.subn(rf"(?m)^{key} = .*$", f"{key} = {json.dumps(value)}", text)
        assert n == 1, key
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture()
def project(make_project, tmp_path):
    root = make_project("rel")
    make_corpus(root / "corpus")
    configure(root, paths=["corpus"], enabled=False, path=str(tmp_path / "q.duckdb"))
    return root


def run(root: Path, sources: list[str] | None = None):
    return quoteline_flow(config_path=str(root / "config" / "quoteline.toml"), sources=sources)


def rows(db_path: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(db_path), read_only=True) as con:
        return con.execute(sql).fetchall()


def active(db_path: Path) -> int:
    return rows(db_path, "SELECT count(*) FROM articles WHERE status = 'active'")[0][0]


# --- 12.1: a source that matches nothing never empties the warehouse -----------------------------------------

@pytest.mark.parametrize("edit", [
    {"paths": ["corpsu"]},                     # a typo
    {"paths": ["corpus/*.text"]},              # a glob that matches nothing
    {"extensions": [".text"]},                 # no article of the kinds named
])
def test_a_source_that_matches_nothing_marks_nothing_deleted(project, tmp_path, edit):
    db_path = tmp_path / "q.duckdb"
    assert run(project).counts["new"] == 6
    configure(project, purge_deleted=True, **edit)
    summary = run(project)
    assert summary.counts["deleted"] == 0 and active(db_path) == 6
    assert any("yielded no article" in w for w in summary.warnings), summary.warnings
    assert rows(db_path, "SELECT count(*) FROM failures WHERE stage = 'warning'")[0][0] == 1


def test_ad_hoc_source_adds_and_marks_nothing_deleted(project, tmp_path):
    db_path = tmp_path / "q.duckdb"
    run(project)
    other = make_corpus(tmp_path / "other", n=1)
    summary = run(project, sources=[str(other / "de_1.txt")])
    assert summary.counts["new"] == 1 and summary.counts["deleted"] == 0 and not summary.warnings
    assert active(db_path) == 7
    assert run(project).counts["skipped"] == 6  # the next scheduled run: nothing re-extracted


def test_more_than_the_allowed_share_is_not_marked_deleted(project, tmp_path):
    db_path = tmp_path / "q.duckdb"
    run(project)
    for name in ("de_1.txt", "de_2.txt"):  # 2 of 6: a third
        (project / "corpus" / name).unlink()
    summary = run(project)
    assert summary.counts["deleted"] == 0 and active(db_path) == 6
    assert "not marking 2 of 6 articles gone" in summary.warnings[0]
    configure(project, max_deleted_share=0.5)
    assert run(project).counts["deleted"] == 2 and active(db_path) == 4


# --- 15.5: one missing source does not abort the run -------------------------------------------------------

def test_missing_source_and_bad_list_line_are_failures_beside_the_loaded_ones(project, tmp_path):
    db_path = tmp_path / "q.duckdb"
    (project / "more.txt").write_text("corpus/de_1.txt\nno/such/file.txt\n", encoding="utf-8")
    configure(project, paths=["corpus", "missing-folder"], list_file="more.txt")
    summary = run(project)
    assert summary.counts["new"] == 6
    failed = rows(db_path, "SELECT location, stage, error FROM failures ORDER BY location")
    assert [(loc, stage) for loc, stage, _ in failed] == [
        (f"{project / 'more.txt'}:2: no/such/file.txt", "discover"), ("missing-folder", "discover")]
    assert all("no such file, folder or glob match" in err for _, _, err in failed)
    summary = run(project, sources=[str(project / "corpus"), str(tmp_path / "nowhere")])  # ad hoc, same rule
    assert summary.counts["skipped"] == 6 and summary.failures[0][0].endswith("nowhere")


# --- 12.10: a URL given with --source is a URL ---------------------------------------------------------------

def test_url_source_on_the_command_line(project, tmp_path):
    handler = partial(http.server.SimpleHTTPRequestHandler, directory=str(project / "corpus"))
    handler.log_message = lambda *a: None
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{httpd.server_port}/fr_2.txt"
        summary = run(project, sources=[url])
    finally:
        httpd.shutdown()
    assert summary.counts["new"] == 1 and not summary.failures
    assert rows(tmp_path / "q.duckdb", "SELECT location, doc FROM articles") == [(url, "fr_2.txt")]


# --- 12.4: the lock belongs to the warehouse, not to the state folder ---------------------------------------

def test_two_state_folders_on_one_warehouse_exclude_each_other(project, tmp_path):
    first = load_config(configure(project, dir=str(tmp_path / "state-a")))
    second = first.with_overrides(state={"dir": str(tmp_path / "state-b")})
    assert first.state_dir != second.state_dir and first.db_path == second.db_path
    with run_lock(first):
        assert lock_path(first.db_path).parent == first.db_path.parent
        with pytest.raises(RunBusy, match=f"pid {os.getpid()}"):
            with run_lock(second):
                pass


# --- 12.2 / 12.9: a missing or corrupt model never stores a bad vector, and never costs the extraction ------

def corrupt_model(model_dir: Path, target: Path, how: str) -> Path:
    """A copy of the model folder whose model.safetensors is truncated, or whose tensor bytes are overwritten
    (all-ones bits: NaN weights; or shuffled: a loadable model that computes noise)."""
    shutil.copytree(model_dir, target, ignore=shutil.ignore_patterns("model.safetensors", "quoteline-manifest.json"))
    data = (model_dir / "model.safetensors").read_bytes()
    header = 8 + struct.unpack("<Q", data[:8])[0]
    if how == "truncated":
        data = data[:len(data) // 2]
    elif how == "nan":
        data = data[:header] + b"\xff" * (len(data) - header)
    else:  # every weight moved to another place: plausible numbers, meaningless model
        weights = np.frombuffer(data, dtype=np.float32, offset=header)
        data = data[:header] + np.random.default_rng(0).permutation(weights).tobytes()
    (target / "model.safetensors").write_bytes(data)
    return target


@pytest.mark.parametrize("how, reason", [("truncated", "does not load"), ("nan", "not finite unit vectors"),
                                         ("shuffled", "fails its probe")])
def test_corrupt_model_is_refused(model_dir, tmp_path, how, reason):
    broken = corrupt_model(model_dir, tmp_path / "model", how)
    with pytest.raises(ModelUnavailable, match=rf"{re.escape(str(broken))}: the embedding model .*{reason}"):
        Embedder(str(broken), cache_dir=tmp_path)


def test_missing_then_corrupt_model_leaves_embedding_pending_until_a_good_one(project, tmp_path, model_dir,
                                                                               model_cache):
    db_path = tmp_path / "q.duckdb"
    configure(project, enabled=True, cache_dir=str(tmp_path / "no-models-here"))
    summary = run(project)
    assert summary.counts["new"] == 6 and summary.counts["embedded"] == 0
    assert any("embedding pending" in w and "quoteline model install" in w for w in summary.warnings)
    configure(project, model=str(corrupt_model(model_dir, tmp_path / "broken", "nan")))
    summary = run(project)
    assert summary.counts["embedded"] == 0 and "not finite" in summary.warnings[0]
    assert rows(db_path, "SELECT count(*) FROM embeddings")[0][0] == 0
    configure(project, model="builtin:multilingual-e5-small", cache_dir=str(model_cache))
    summary = run(project)
    assert summary.counts["embedded"] == 12 and not summary.warnings
    assert rows(db_path, "SELECT count(*) FROM embeddings"
                         " WHERE abs(list_sum(list_transform(vector, x -> x * x)) - 1) < 1e-3")[0][0] == 12


# --- 15.1: ad-hoc SQL is read-only ---------------------------------------------------------------------------

def quoteline(*args: str, **kw) -> subprocess.CompletedProcess:
    """`quoteline --config F COMMAND ARGS…` written the way the command line takes it: COMMAND --config F ARGS…."""
    if args[:1] == ("--config",):
        args = (args[2], "--config", args[1], *args[3:])
    return subprocess.run([sys.executable, "-m", "quoteline.cli", *args], capture_output=True, text=True,
                          cwd=REPO, **kw)


def test_sql_refuses_every_write(project, tmp_path):
    db_path = tmp_path / "q.duckdb"
    run(project)
    link = tmp_path / "hardlink.duckdb"
    os.link(db_path, link)
    other = tmp_path / "other.duckdb"
    duckdb.connect(str(other)).execute("CREATE TABLE t AS SELECT 1 AS x").close()
    (tmp_path / "names.csv").write_text("handle,team\nanalopes,library\n", encoding="utf-8")
    config = str(project / "config" / "quoteline.toml")
    tweets = rows(db_path, "SELECT count(*) FROM tweets")[0][0]
    hostile = [f"ATTACH '{link}' AS w (READ_WRITE); DELETE FROM w.tweets",
               f"ATTACH '{other}' AS o; DROP TABLE o.t",
               f"COPY (SELECT * FROM tweets) TO '{tmp_path / 'out.csv'}'",
               "INSTALL httpfs", "LOAD json", "SET enable_external_access = true", "DELETE FROM tweets",
               "CREATE TABLE x AS SELECT 1", f"EXPORT DATABASE '{tmp_path / 'dump'}'", "CHECKPOINT",
               "SELECT 1; DELETE FROM tweets"]
    for query in hostile:
        done = quoteline("--config", config, "sql", "--", query)
        assert done.returncode == 1, (query, done.stdout, done.stderr)
        assert done.stderr.count("\n") == 1 and "ad-hoc SQL is read-only" in done.stderr, done.stderr
    assert rows(db_path, "SELECT count(*) FROM tweets")[0][0] == tweets
    assert rows(link, "SELECT count(*) FROM tweets")[0][0] == tweets
    assert rows(other, "SELECT count(*) FROM t")[0][0] == 1
    assert not (tmp_path / "out.csv").exists() and not (tmp_path / "dump").exists()
    done = quoteline("--config", config, "sql", "--format", "csv", "--",
                     f"SELECT t.handle, n.team FROM v_tweets t JOIN read_csv('{tmp_path / 'names.csv'}') n"
                     " USING (handle) LIMIT 1")
    assert done.returncode == 0 and done.stdout.splitlines() == ["handle,team", "analopes,library"], done.stderr


# --- 15.6 / 15.7 / 12 (kill): a run killed with SIGKILL --------------------------------------------------------

class _Hang(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        time.sleep(120)

    def log_message(self, *args):
        pass


def children(pid: int) -> list[int]:
    out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True).stdout
    return [int(p) for p in out.split()]


def cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_text(errors="replace")
    except OSError:  # ended meanwhile
        return ""


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    stat = Path(f"/proc/{pid}/stat").read_text() if Path(f"/proc/{pid}/stat").exists() else ""
    return ") Z " not in stat  # a zombie has ended


def wait_for(condition, seconds: float = 120.0, step: float = 0.2):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(step)
    return condition()


def running_rows(db_path: Path) -> int:
    try:  # between the run's short writes
        return rows(db_path, "SELECT count(*) FROM runs WHERE status = 'running'")[0][0]
    except duckdb.IOException:
        return 0


def own_prefect_env(tmp_path) -> dict:
    """The environment for a run with its own temporary Prefect server, not this session's."""
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_HOME"}
    env["PREFECT_HOME"] = str(tmp_path / "prefect")
    return env


def test_killed_run_takes_its_server_along_and_status_says_aborted(project, tmp_path):
    db_path = tmp_path / "q.duckdb"
    run(project)
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Hang)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    config = str(project / "config" / "quoteline.toml")
    env = own_prefect_env(tmp_path)
    proc = subprocess.Popen([sys.executable, "-m", "quoteline.cli", "run", "--config", config, "--source",
                             f"http://127.0.0.1:{httpd.server_port}/slow.html"], cwd=REPO, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        # the run is inside its flow (it holds the warehouse's run lock) and waits on the hanging URL
        assert wait_for(lambda: running_rows(db_path), seconds=300), "the run never started"
        servers = [p for p in children(proc.pid) if "uvicorn" in Path(f"/proc/{p}/cmdline").read_text()]
        assert len(servers) == 1
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        assert wait_for(lambda: not alive(servers[0]), seconds=30), "the temporary Prefect server outlived its run"
    finally:
        if proc.poll() is None:
            proc.kill()
        httpd.shutdown()
    assert not run_alive(db_path)  # the lock is free: a run still marked running was killed
    summary = run(project)  # the next run recovers: it marks the killed one aborted, and says so
    assert summary.counts["skipped"] == 6
    assert any("ended without finishing" in w for w in summary.warnings), summary.warnings
    assert [s for (s,) in rows(db_path, "SELECT status FROM runs ORDER BY started_at")] == \
        ["completed", "aborted", "completed"]


def test_a_run_killed_while_its_server_starts_takes_the_server_along(project, tmp_path):
    config = str(project / "config" / "quoteline.toml")
    env = own_prefect_env(tmp_path)
    proc = subprocess.Popen([sys.executable, "-m", "quoteline.cli", "run", "--config", config], cwd=REPO, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        # killed the moment the server process exists: long before it answers, and before the flow begins
        servers = wait_for(lambda: [p for p in children(proc.pid) if "uvicorn" in cmdline(p)], seconds=300, step=0.02)
        assert servers, "the run started no server"
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        assert wait_for(lambda: not alive(servers[0]), seconds=30), "the temporary Prefect server outlived its run"
    finally:
        if proc.poll() is None:
            proc.kill()
    assert not (tmp_path / "q.duckdb").exists()  # killed before the run began


_KILLED_BEFORE_ITS_WATCHDOG = """
import os, signal, subprocess, sys
from quoteline.lifeline import _dying_with_this_process
child = _dying_with_this_process(subprocess).Popen([sys.executable, "-c", "import time; time.sleep(600)"],
                                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
print(child.pid, flush=True)
os.kill(os.getpid(), signal.SIGKILL)  # between the server's fork and the watchdog's, no exit handler runs
"""


def test_a_server_forked_by_the_main_thread_ends_with_its_run_before_any_watchdog_exists():
    proc = subprocess.run([sys.executable, "-c", _KILLED_BEFORE_ITS_WATCHDOG], cwd=REPO, capture_output=True,
                          text=True, timeout=120)
    assert proc.returncode == -signal.SIGKILL, proc.stderr
    child = int(proc.stdout)
    try:
        assert wait_for(lambda: not alive(child), seconds=30), "the child outlived its killed parent"
    finally:
        if alive(child):
            os.kill(child, signal.SIGKILL)


# --- 12.3: `quoteline vacuum` gives the space of rewritten rows back -----------------------------------------------

def test_vacuum_compacts_the_file_and_keeps_every_row(project, tmp_path):
    db_path = tmp_path / "q.duckdb"
    run(project)
    with duckdb.connect(str(db_path)) as con:  # grow the file with rows that then go, as a rewrite does
        con.execute("CREATE TABLE scratch AS SELECT range AS i, md5(range::VARCHAR) || md5((range * 7)::VARCHAR)"
                    " AS pad FROM range(300000)")
        con.execute("CHECKPOINT")
        con.execute("CREATE TABLE later AS SELECT 1 AS i")  # blocks after the scratch ones: no tail to cut off
        con.execute("CHECKPOINT")
        con.execute("DROP TABLE scratch")
        con.execute("CHECKPOINT")
    before = {sql: sorted(rows(db_path, sql)) for sql in ("SELECT * FROM v_tweets", "SELECT * FROM v_quotes",
                                                          "SELECT * FROM runs", "SELECT * FROM schema_migrations")}
    size = db_path.stat().st_size
    from warehouse.db import compact

    assert compact(db_path) == (size, db_path.stat().st_size)
    assert db_path.stat().st_size < size  # the blocks the dropped rows held are not in the copy
    assert {sql: sorted(rows(db_path, sql)) for sql in before} == before
    assert run(project).counts["skipped"] == 6  # the compacted file is a warehouse like any other
