"""End to end: a real Prefect flow run into a real DuckDB file, scored against the gold with the project's scorer.

One module-scoped warehouse is built from the seeds and the real-world pages; the tests then re-run, change,
break and score it. Each run goes through `quoteline_flow`, the same flow `quoteline run` and the schedule call.
"""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from flows.pipeline import quoteline_flow
from warehouse import db
from warehouse.export import export

@pytest.fixture(scope="module")
def corpus(tmp_path_factory, shared) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    for path in [*sorted((shared / "seeds").iterdir()), *sorted((shared / "realworld" / "docs").iterdir())]:
        shutil.copy(path, folder / path.name)
    return folder


@pytest.fixture(scope="module")
def config(make_project) -> Path:
    return make_project("project") / "config" / "quoteline.toml"


@pytest.fixture(scope="module")
def first_run(corpus, config, tmp_path_factory):
    db_path = tmp_path_factory.mktemp("wh") / "q.duckdb"
    summary = quoteline_flow(config_path=str(config), sources=[str(corpus)], db_path=str(db_path))
    return db_path, summary


def table_counts(db_path: Path) -> dict[str, int]:
    with duckdb.connect(str(db_path), read_only=True) as con:
        return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("articles", "tweets", "quotes")}


def score(shared: Path, db_path: Path, tmp: Path, doc_prefix: str, gold: dict[str, Path]) -> dict:
    args = []
    with db.connect(db_path, read_only=True) as con:
        for kind, gold_path in gold.items():
            out = tmp / f"{kind}.jsonl"
            export(con, kind, "jsonl", out)
            rows = [line for line in out.read_text(encoding="utf-8").splitlines()
                    if json.loads(line)["doc"].startswith(doc_prefix)]
            out.write_text("\n".join(rows) + "\n", encoding="utf-8")
            args += [f"--gold-{kind}", str(gold_path), f"--pred-{kind}", str(out)]
    proc = subprocess.run([sys.executable, str(shared / "eval" / "score.py"), *args, "--json"],
                          capture_output=True, text=True, check=True)
    return json.loads(proc.stdout[:proc.stdout.rindex("SUMMARY")])  # --json, then the summary line


def test_first_run_loads_every_article(first_run, corpus):
    db_path, summary = first_run
    n_files = len(list(corpus.iterdir()))
    assert summary.counts["read"] == n_files
    assert summary.counts["new"] == n_files and not summary.failures
    assert table_counts(db_path)["articles"] == n_files
    with duckdb.connect(str(db_path), read_only=True) as con:
        assert con.execute("SELECT status, n_new FROM runs").fetchall() == [("completed", n_files)]


def test_seed_gold_through_the_pipeline(first_run, shared, tmp_path):
    result = score(shared, first_run[0], tmp_path, "0", {
        "tweets": shared / "gold" / "seed_tweets.jsonl",
        "articles": shared / "gold" / "seed_articles.jsonl",
        "quotes": shared / "gold" / "seed_prose_quotes.jsonl"})
    assert result["tweets"]["f1"] == 1.0
    assert result["tweets"]["fields"] == {name: 1.0 for name in result["tweets"]["fields"]}
    assert result["articles"]["fields"] == {name: 1.0 for name in result["articles"]["fields"]}
    assert result["quotes"]["recall"] == 1.0 and result["quotes"]["precision"] == 1.0
    assert result["quotes"]["speaker_accuracy"] == 1.0


def test_realworld_gold_through_the_pipeline(first_run, shared, tmp_path):
    result = score(shared, first_run[0], tmp_path, "rw",
                   {"tweets": shared / "realworld" / "gold_tweets.jsonl"})["tweets"]
    assert result["f1"] >= 0.98
    assert min(result["fields"].values()) >= 0.97, result["fields"]


def test_rerun_adds_nothing_and_extracts_nothing(first_run, corpus, config):
    db_path, _ = first_run
    before = table_counts(db_path)
    summary = quoteline_flow(config_path=str(config), sources=[str(corpus)], db_path=str(db_path))
    assert summary.counts["skipped"] == summary.counts["read"]
    assert summary.counts["new"] == summary.counts["changed"] == summary.counts["tweets"] == 0
    assert table_counts(db_path) == before


def test_changed_article_replaces_its_rows_and_bad_files_fail_alone(first_run, corpus, config, tmp_path):
    db_path, _ = first_run
    before = table_counts(db_path)
    folder = tmp_path / "changed"
    shutil.copytree(corpus, folder)
    seed = folder / "000_86d328523555bbae.txt"
    # drop the article's last tweet (body line + attribution line): the reload must replace, not add
    lines = seed.read_text(encoding="utf-8").splitlines()
    last = max(i for i, line in enumerate(lines) if "(@" in line)
    seed.write_text("\n".join(lines[:last - 1] + lines[last + 1:]) + "\n", encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.html").write_bytes(b"\x00\x01\x02PK\x03\x04" * 100)
    (folder / "undecodable.txt").write_bytes(b"\xff\xfe\xfd" + bytes(range(128, 256)) * 3 + b"\xd8\x00")
    (folder / "broken.html").write_text("<html><head><title>Half</title><body><p>“Une phrase", encoding="utf-8")

    # the copies live elsewhere, so point the run at the same locations: replace the corpus files in place
    shutil.copy(seed, corpus / seed.name)
    for name in ("empty.txt", "binary.html", "undecodable.txt", "broken.html"):
        shutil.copy(folder / name, corpus / name)
    try:
        summary = quoteline_flow(config_path=str(config), sources=[str(corpus)], db_path=str(db_path))
    finally:
        for name in ("empty.txt", "binary.html", "undecodable.txt", "broken.html"):
            (corpus / name).unlink()
    failed = {Path(loc).name: err for loc, _, err in summary.failures}
    assert set(failed) == {"empty.txt", "binary.html", "undecodable.txt"}
    assert all(name in err for name, err in failed.items())
    assert summary.counts["changed"] == 1 and summary.counts["new"] == 1  # broken HTML still loads what it has
    after = table_counts(db_path)
    assert after["tweets"] == before["tweets"] - 1
    assert after["articles"] == before["articles"] + 1
    with duckdb.connect(str(db_path), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM failures").fetchone()[0] == 3
        assert con.execute("SELECT count(*) FROM v_tweets WHERE doc = ?", [seed.name]).fetchone()[0] == 11
