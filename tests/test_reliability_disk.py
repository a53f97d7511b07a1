"""A disk that fills up during a run (issue 12.8): the run ends with one line saying so, and the next run, on a disk
with space again, recovers to a clean run's tables and says that the previous run did not finish.

The warehouse lives on a real small filesystem (a tmpfs mounted for the test, which needs root); the disk fills while
a batch is written (a WAL write fails), or in the middle of a checkpoint (DuckDB gives up the checkpoint of a closing
connection without a word, and the next write finds no room).
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from tests.test_reliability_flow import configure

REPO = Path(__file__).resolve().parents[1]
TABLES = {"articles": "SELECT location, content_hash, status, title FROM articles",
          "tweets": "SELECT a.location, t.seq, t.text, t.handle FROM tweets t JOIN articles a USING (article_id)",
          "quotes": "SELECT a.location, q.seq, q.text, q.speaker FROM quotes q JOIN articles a USING (article_id)"}
FILLER = "Der Ausschuss hat den Haushaltsplan für den Hafen, die Schulen und die Straßenbahn Zeile für Zeile beraten. "


def article(n: int) -> str:
    """An invented article of about 3 KB: a title, a tweet, a quotation and prose."""
    return (f"Der Hafen Nummer {n} wird erweitert\nVeröffentlicht: 2024-05-{n % 28 + 1:02d}\n"
            f"Heute beginnt der Ausbau des Hafens {n}! #hafen\n— Ana Lopes (@analopes) 2. Mai 2024\n"
            f"„Der Hafen {n} bekommt zwei neue Kais“, sagte Ana Lopes am Morgen.\n" + FILLER * 25 + "\n")


def write_corpus(folder: Path, numbers: range) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for n in numbers:
        (folder / f"hafen_{n:04d}.txt").write_text(article(n), encoding="utf-8")


@pytest.fixture()
def small_disk(tmp_path):
    """A 64 MB tmpfs mounted for the test (skipped, saying why, where this process may not mount one)."""
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64m", "tmpfs", str(mount)], capture_output=True,
                          text=True)
    if done.returncode:
        pytest.skip(f"cannot mount a small filesystem here, so a full disk cannot be made for real "
                    f"(mount -t tmpfs needs root: {done.stderr.strip() or done.returncode})")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def quoteline_run(root: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "quoteline.cli", "run", "--json", "--no-progress", "--config",
                           str(root / "config" / "quoteline.toml")], capture_output=True, text=True, cwd=REPO,
                          timeout=900)


def fill(disk: Path, leave_kb: int) -> Path:
    """A file taking all the free space of `disk` but `leave_kb` KB."""
    stat = os.statvfs(disk)
    filler = disk / "filler"
    with open(filler, "wb") as fh:
        fh.write(b"\0" * max(0, stat.f_bavail * stat.f_frsize - leave_kb * 1024))
    return filler


def tables(db: Path) -> dict[str, set]:
    with duckdb.connect(str(db), read_only=True) as con:
        return {name: set(con.execute(sql).fetchall()) for name, sql in TABLES.items()}


def leave_a_wal(db: Path) -> None:
    """What a run killed after a batch's commit and before its checkpoint leaves: the batch only in the WAL (a process
    that deletes and inserts every article's rows again, as a load does, and exits without a checkpoint)."""
    code = ("import duckdb, os, sys\ncon = duckdb.connect(sys.argv[1])\n"
            "con.execute(\"SET checkpoint_threshold = '1GB'\")\n"
            "con.execute('SET auto_checkpoint_skip_wal_threshold = 1000000000')  # no checkpoint instead of the WAL\n"
            "con.execute('CREATE TEMP TABLE kept AS SELECT * FROM articles')\n"
            "con.execute('BEGIN')\ncon.execute('DELETE FROM articles')\n"
            "con.execute('INSERT INTO articles SELECT * FROM kept')\ncon.execute('COMMIT')\nos._exit(0)")
    subprocess.run([sys.executable, "-c", code, str(db)], check=True)
    assert Path(f"{db}.wal").stat().st_size > 100_000


@pytest.mark.parametrize("where", ["while loading", "mid-checkpoint"])
def test_a_full_disk_ends_the_run_in_one_line_and_the_next_run_recovers(make_project, small_disk, tmp_path, where):
    corpus = tmp_path / "corpus"
    write_corpus(corpus, range(40))
    root = make_project("disk")
    db = small_disk / "q.duckdb"
    configure(root, paths=[str(corpus)], enabled=False, path=str(db))
    first = quoteline_run(root)
    assert first.returncode == 0, first.stderr

    if where == "while loading":  # 400 new articles, 300 KB left: a batch's write finds no room
        write_corpus(corpus, range(40, 440))
        filler = fill(small_disk, 300)
    else:  # one new article, and the checkpoint of a WAL left behind finds no room
        write_corpus(corpus, range(40, 41))
        leave_a_wal(db)
        size = db.stat().st_size
        filler = fill(small_disk, 1000)
    failed = quoteline_run(root)
    lines = failed.stderr.strip().splitlines()
    assert failed.returncode == 1, (failed.returncode, failed.stdout[-1500:], failed.stderr[-3000:])
    assert len(lines) == 1 and lines[0].startswith("quoteline: the disk is full ("), failed.stderr
    assert "No space left on device" in lines[0] and "Traceback" not in failed.stderr
    if where == "mid-checkpoint":  # the checkpoint began (the file grew) and did not finish (the WAL is still there)
        assert db.stat().st_size > size and Path(f"{db}.wal").exists()

    filler.unlink()
    again = quoteline_run(root)
    assert again.returncode == 0, again.stderr
    # the failed run is recorded as failed with its error when the disk still took that, else it is found unfinished
    with duckdb.connect(str(db), read_only=True) as con:
        (run_id, status), = con.execute("SELECT run_id, status FROM runs ORDER BY started_at LIMIT 1 OFFSET 1"
                                        ).fetchall()
        assert [s for (s,) in con.execute("SELECT status FROM runs ORDER BY started_at").fetchall()] == [
            "completed", status, "completed"] and status in ("failed", "aborted")
    said = {"failed": f"run {run_id} failed (", "aborted": f"run {run_id} ended without finishing"}[status]
    warnings = json.loads(again.stdout)["warnings"]
    assert any(w.startswith(said) for w in warnings), warnings
    if status == "failed":
        assert "No space left on device" in next(w for w in warnings if w.startswith(said))

    clean = make_project("clean")
    configure(clean, paths=[str(corpus)], enabled=False, path=str(tmp_path / "clean.duckdb"))
    assert quoteline_run(clean).returncode == 0
    assert tables(db) == tables(tmp_path / "clean.duckdb")
