"""Speaker groups kept up to date in place (warehouse/speakers.py) equal the groups of every name at once: on a
warehouse built over several loads, with articles added, changed, marked deleted and purged, each update leaves
what `group_speakers(people(...))` gives, touches only the groups connected to what changed, and `full` gives the
same groups with the same ids. The names and handles are invented."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from extractors.records import Document, Quote, Tweet
from extractors.speakers import group_speakers
from warehouse import db, load, speakers, vectors


def tweet(seq: int, name: str | None, handle: str | None) -> Tweet:
    return Tweet(seq, f"tweet {seq} by {name}", name, handle, None, None, "en", None, start=seq, end=seq + 1)


def said(seq: int, name: str) -> Quote:
    return Quote(seq, f"quote {seq} by {name}", name, 0, 1, 2, 3, "en", "verb-after:said", 0.9,
                 speaker_kind="person")


def article(doc: str, version: str = "1", tweets=(), quotes=()) -> load.ArticleLoad:
    text = f"{doc} {version}"
    return load.ArticleLoad(f"id-{doc}", doc, f"/news/{doc}", f"hash-{doc}-{version}",
                            Document(source=text, body=text, kind="text", title=doc, published=None, lang="en"),
                            tuple(tweets), tuple(quotes))


def stored(con) -> list[tuple]:
    return sorted(con.execute(
        "SELECT s.canonical_name, s.handle, list(n.name ORDER BY n.name) FROM speakers s"
        " JOIN speaker_names n USING (speaker_id) GROUP BY ALL").fetchall(), key=repr)


def expected(con) -> list[tuple]:
    return sorted(((g.canonical_name, g.handle, sorted(g.names)) for g in group_speakers(vectors.people(con))),
                  key=repr)


def ids(con) -> dict:
    return {(r[1], r[2]): r[0] for r in con.execute("SELECT speaker_id, canonical_name, handle FROM speakers").fetchall()}


# Each step: articles loaded (a doc already stored with another version is a change), then locations gone.
STEPS = [
    # prose speakers, one handle with two display names, a handle that differs only in case and '@'
    ([article("m.txt", tweets=[tweet(1, "Ilse Varga – Mayor", "ivarga"), tweet(2, "Ilse Varga", "@IVarga")],
              quotes=[said(3, "Tomas Reyes"), said(4, "Ilse Varga")]),
      article("p.txt", quotes=[said(1, "Tomas  Reyes"), said(2, "Ana Lind"), said(3, "???")])], []),
    # a new display name of a handle takes in the prose group of its key ("Tomas Reyes" was prose only)
    ([article("q.txt", tweets=[tweet(1, "Tomas Reyes – Founder", "treyes"), tweet(2, "T. Reyes, CEO", "treyes")])], []),
    # an article earlier in doc order: the handle's first spelling (its canonical name) changes, and a second
    # handle with Ana Lind's key now comes first, so the prose "Ana Lind" joins it
    ([article("a.txt", tweets=[tweet(1, "Ana Lind", "alind2"), tweet(2, "Ilse Varga, Mayor of Ostby", "IVARGA")]),
      article("r.txt", tweets=[tweet(1, "Ana Lind", "analind")], quotes=[said(2, "Ana Lind")])], []),
    # a change: m.txt's Tomas Reyes is gone, a key-less name arrives; another article's name only in prose
    ([article("m.txt", "2", tweets=[tweet(1, "Ilse Varga – Mayor", "ivarga"), tweet(2, "🙂", "smiley")],
              quotes=[said(3, "Bo Sand"), said(4, "!!!")])], []),
    # the earlier article goes (marked deleted): Ilse Varga's canonical name and Ana Lind's group change back
    ([], ["/news/a.txt"]),
    # the handle treyes goes entirely (purged below), Tomas Reyes in prose is its own group again
    ([], ["/news/q.txt"]),
]


@pytest.fixture(scope="module")
def history(tmp_path_factory) -> dict:
    path = tmp_path_factory.mktemp("speakers") / "w.duckdb"
    seen = []
    with db.open_warehouse(path) as con:
        pass
    for n, (loads, gone) in enumerate(STEPS):
        with db.open_warehouse(path) as con:
            assert load.load_articles(con, loads, f"r{n}").failures == []
            load.mark_deleted(con, gone, purge=n == 5)
            before = ids(con)
        groups = speakers.update(path)
        with db.connect(path, read_only=True) as con:
            seen.append({"stored": stored(con), "expected": expected(con), "groups": groups, "before": before,
                         "after": ids(con)})
    return {"path": path, "steps": seen}


@pytest.mark.parametrize("step", range(len(STEPS)))
def test_each_update_leaves_the_groups_of_all_names_at_once(history, step):
    got = history["steps"][step]
    assert got["stored"] == got["expected"]
    assert got["groups"] == len(got["expected"])


def test_the_steps_change_what_they_are_meant_to(history):
    steps = [{(r[1], r[0]): r[2] for r in s["stored"]} for s in history["steps"]]
    assert steps[0][("ivarga", "Ilse Varga")] == ["Ilse Varga", "Ilse Varga – Mayor"]
    assert steps[0][(None, "Tomas Reyes")] == ["Tomas  Reyes", "Tomas Reyes"]
    assert steps[0][(None, "???")] == ["???"]
    assert (None, "Tomas Reyes") not in steps[1]
    assert steps[1][("treyes", "Tomas Reyes")] == ["T. Reyes, CEO", "Tomas  Reyes", "Tomas Reyes",
                                                   "Tomas Reyes – Founder"]
    assert steps[2][("IVARGA", "Ilse Varga")] == ["Ilse Varga", "Ilse Varga – Mayor", "Ilse Varga, Mayor of Ostby"]
    assert steps[2][("alind2", "Ana Lind")] == ["Ana Lind"] and (None, "Ana Lind") not in steps[2]
    assert steps[3][("smiley", "🙂")] == ["🙂"] and steps[3][(None, "!!!")] == ["!!!"]
    assert steps[3][("IVARGA", "Ilse Varga")] == ["Ilse Varga – Mayor", "Ilse Varga, Mayor of Ostby"]
    assert steps[4][("ivarga", "Ilse Varga")] == ["Ilse Varga – Mayor"]
    assert ("alind2", "Ana Lind") not in steps[4] and (None, "Ana Lind") not in steps[4]
    assert steps[5][(None, "Tomas  Reyes")] == ["Tomas  Reyes"], "p.txt's spelling is the only one left"


def test_groups_not_connected_to_a_change_keep_their_rows(history):
    # step 4 (a.txt deleted) touches Ilse Varga's and Ana Lind's groups only
    step = history["steps"][4]
    kept = {k: v for k, v in step["before"].items() if k[1] in ("treyes", "smiley") or k[0] in ("Bo Sand", "!!!")}
    assert kept and all(step["after"].get(k) == v for k, v in kept.items())


def test_an_update_with_nothing_new_reads_nothing_and_full_gives_the_same_groups_and_ids(history, tmp_path: Path):
    copy = tmp_path / "copy.duckdb"
    shutil.copy(history["path"], copy)
    with db.connect(copy, read_only=True) as con:
        assert speakers.pending(con) == ([], [])
        before = con.execute("SELECT speaker_id, canonical_name, handle FROM speakers ORDER BY 1").fetchall()
        names = stored(con)
    assert speakers.update(copy) == len(before)
    assert speakers.update(copy, full=True) == len(before)
    with db.connect(copy, read_only=True) as con:
        assert con.execute("SELECT speaker_id, canonical_name, handle FROM speakers ORDER BY 1").fetchall() == before
        assert stored(con) == names
        assert con.execute("SELECT count(*) FROM speaker_articles").fetchone()[0] == \
            con.execute("SELECT count(*) FROM articles WHERE status = 'active'").fetchone()[0]


def test_a_warehouse_grouped_before_incremental_speakers_upgrades_in_its_first_update(tmp_path: Path):
    path = tmp_path / "w.duckdb"
    with db.open_warehouse(path) as con:
        load.load_articles(con, [a for loads, _ in STEPS[:3] for a in loads], "r1")
        vectors.replace_speakers(con, group_speakers(vectors.people(con)))  # what runs did so far
        before = ids(con)
    speakers.update(path)
    with db.connect(path, read_only=True) as con:
        assert stored(con) == expected(con) and ids(con) == before


def test_an_update_regroups_only_the_names_connected_to_what_changed(history, tmp_path: Path):
    """A group edited by hand stays as edited through an update that does not touch its names (nothing is grouped
    globally), and `full` groups it again."""
    copy = tmp_path / "copy.duckdb"
    shutil.copy(history["path"], copy)
    with db.open_warehouse(copy) as con:
        con.execute("UPDATE speakers SET canonical_name = 'Edited' WHERE handle = 'smiley'")
        load.load_articles(con, [article("z.txt", quotes=[said(1, "Bo Sand"), said(2, "Mira Holm")])], "r9")
    speakers.update(copy)
    with db.connect(copy, read_only=True) as con:
        now = {(r[1], r[0]): r[2] for r in stored(con)}
        assert now[("smiley", "Edited")] == ["🙂"]
        assert now[(None, "Mira Holm")] == ["Mira Holm"] and now[(None, "Bo Sand")] == ["Bo Sand"]
    speakers.update(copy, full=True)
    with db.connect(copy, read_only=True) as con:
        assert stored(con) == expected(con)


def tables(con) -> dict:
    """Every speaker table, sorted: ids and people as stored."""
    return {t: con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall()
            for t in ("speakers", "speaker_names", "speaker_people", "speaker_articles")}


def test_a_night_gathered_an_article_a_step_stores_what_one_step_stores(history, tmp_path: Path):
    """The same history with `STEP` 1 (every new or changed article a step of its own, new ones committed one by
    one): the same tables after every update, ids included."""
    path = tmp_path / "w.duckdb"
    with db.open_warehouse(path):
        pass
    seen = []
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(speakers, "STEP", 1)
        for n, (loads, gone) in enumerate(STEPS):
            with db.open_warehouse(path) as con:
                load.load_articles(con, loads, f"r{n}")
                load.mark_deleted(con, gone, purge=n == 5)
            speakers.update(path)
            with db.connect(path, read_only=True) as con:
                seen.append((stored(con), tables(con)))
    assert [s[0] for s in seen] == [s["stored"] for s in history["steps"]]
    with db.connect(history["path"], read_only=True) as con:
        assert seen[-1][1] == tables(con)
        assert len(seen[-1][1]["speaker_people"]) > 5


def test_an_update_stopped_after_its_first_steps_is_finished_by_the_next(tmp_path: Path, monkeypatch):
    """New articles' people are committed step by step before the groups are written. An update that stops there
    leaves them marked with an empty hash; the next update reads them again, also when one of them has gone since,
    and leaves the groups of all names at once."""
    path = tmp_path / "w.duckdb"
    with db.open_warehouse(path) as con:
        load.load_articles(con, [a for loads, _ in STEPS[:2] for a in loads], "r1")
    speakers.update(path)
    with db.open_warehouse(path) as con:
        load.load_articles(con, [
            article("b.txt", tweets=[tweet(1, "Ana Lind", "analind")], quotes=[said(2, "Wen Ma")]),
            article("c.txt", quotes=[said(1, "Olle Berg"), said(2, "Tomas Reyes")]),
            article("d.txt", quotes=[said(1, "Wen Ma")]),
            article("m.txt", "2", quotes=[said(1, "Ilse Varga")])], "r2")
        before = tables(con)

    def stop(*args, **kwargs):
        raise RuntimeError("stopped")

    monkeypatch.setattr(speakers, "STEP", 2)  # b and c, then d; the changed m.txt in a step of its own
    monkeypatch.setattr(vectors, "write_speakers", stop)
    with pytest.raises(RuntimeError, match="stopped"):
        speakers.update(path)
    with db.connect(path, read_only=True) as con:
        now = tables(con)
        assert now["speakers"] == before["speakers"] and now["speaker_names"] == before["speaker_names"]
        assert sorted(h for a, h in now["speaker_articles"] if a in ("id-b.txt", "id-c.txt", "id-d.txt")) == [""] * 3
        assert {r[1] for r in now["speaker_people"] if r[0] == "id-c.txt"} == {"Olle Berg", "Tomas Reyes"}
        assert ("id-m.txt", "hash-m.txt-1") in now["speaker_articles"], "a changed article waits for the end"
    monkeypatch.undo()
    with db.open_warehouse(path) as con:
        load.mark_deleted(con, ["/news/c.txt"], purge=False)
    speakers.update(path)
    with db.connect(path, read_only=True) as con:
        assert stored(con) == expected(con)
        now = {(r[1], r[0]): r[2] for r in stored(con)}
        assert (None, "Olle Berg") not in now and now[("analind", "Ana Lind")] == ["Ana Lind"]
        assert now[(None, "Wen Ma")] == ["Wen Ma"] and ("ivarga", "Ilse Varga") not in now
        assert not [r for r in tables(con)["speaker_people"] if r[0] == "id-c.txt"]
        assert sorted(tables(con)["speaker_articles"]) == sorted(con.execute(
            "SELECT article_id, content_hash FROM articles WHERE status = 'active'").fetchall())
