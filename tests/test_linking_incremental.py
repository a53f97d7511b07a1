"""Incremental links agree with a full rebuild: a warehouse built over several real runs (real flow, DuckDB file,
model), with articles added, changed and deleted between them, holds the links `link_items` gives over all its
statements at once, and `relink --full` gives them too. Speaker groups keep their ids as names join them.

The articles are invented: the same statements as tweets in translated pages (en, es, de, fr, pt), quotations
without an author handle, and statements that translate nothing.
"""
from __future__ import annotations

import re

import json
import shutil

import duckdb
import pytest

from flows.pipeline import link_and_gather, quoteline_flow
from quoteline.cli import main
from quoteline.config import load_config
from quoteline.embedder import embedding_settings, model_version_for
from quoteline.linking import LinkItem, link_items
from warehouse import db, vectors
from warehouse.links import LinkSettings

TWEETS = {
    "en": ["A1: Answer every complaint within a day, even when the answer is that you need more time. #svcchat",
           "A2: The best support teams write their help pages in plain words. #svcchat",
           "Our ferry timetable changes on Monday: check before you travel. #harbour"],
    "es": ["A1: Responde cada queja en un día, aunque la respuesta sea que necesitas más tiempo. #svcchat",
           "A2: Los mejores equipos de soporte escriben sus páginas de ayuda con palabras sencillas. #svcchat",
           "La cosecha de aceitunas fue la más pequeña en veinte años. #campo"],
    "de": ["A1: Beantworte jede Beschwerde innerhalb eines Tages, auch wenn die Antwort ist, dass du mehr Zeit brauchst. #svcchat",
           "A2: Die besten Support-Teams schreiben ihre Hilfeseiten in einfachen Worten. #svcchat"],
    "fr": ["A2 : Les meilleures équipes d'assistance rédigent leurs pages d'aide avec des mots simples. #svcchat",
           "A1 : Répondez à chaque plainte dans la journée, même si la réponse est que vous avez besoin de plus de temps. #svcchat"],
    "pt": ["A1: Responda a cada reclamação em um dia, mesmo quando a resposta é que você precisa de mais tempo. #svcchat",
           "O novo museu de azulejos abre as portas em março. #lisboa"],
}
AUTHORS = [("Nadia Okafor", "nadiaokafor"), ("Tomasz Wilk", "tomaszwilk"), ("Lena Brandt", "lenabrandt")]
QUOTES = {
    "en": '"We will open the new bridge to cyclists before the summer holidays," said Mayor Ilse Varga.',
    "es": '"Abriremos el nuevo puente a los ciclistas antes de las vacaciones de verano", dijo la alcaldesa Ilse Varga.',
    "de": '„Wir werden die neue Brücke vor den Sommerferien für Radfahrer öffnen“, sagte Bürgermeisterin Ilse Varga.',
}


def article(lang: str, number: int, extra: str = "") -> str:
    lines = [f"Service chat, part {number} ({lang})", "", "Notes from the weekly chat.", ""]
    for text in TWEETS[lang]:
        # an answer has one author in every language; other tweets are the local desk's
        name, handle = AUTHORS[int(text[1]) - 1] if text.startswith("A") else (f"Desk {lang.upper()}", f"desk_{lang}")
        lines += [text, f"— {name} (@{handle}) 12.03.2024", ""]
    if lang in QUOTES:
        lines += [QUOTES[lang], ""]
    return "\n".join(lines + [extra])


def run(project: dict):
    summary = quoteline_flow(config_path=str(project["config"]),
                             db_path=str(project["db"]))
    with duckdb.connect(str(project["db"]), read_only=True) as con:
        project.setdefault("speaker_ids", []).append(dict(con.execute("SELECT handle, speaker_id FROM speakers"
                                                                      " WHERE handle IS NOT NULL").fetchall()))
    return summary


def links_of(path) -> dict:
    with duckdb.connect(str(path), read_only=True) as con:
        return {(r[0], r[1], r[2]): ((r[3], r[4], r[5]), r[6]) for r in con.execute(
            "SELECT kind, article_id, seq, canonical_kind, canonical_article_id, canonical_seq, score FROM links").fetchall()}


def full_rebuild(path, cfg) -> dict:
    version = model_version_for(**embedding_settings(cfg))
    with db.connect(path, read_only=True) as con:
        statements, matrix = vectors.link_inputs(con, version)
    settings = LinkSettings(**cfg.links.model_dump())
    found = link_items([LinkItem((kind, aid, seq), aid, handle, label, date, lang, matrix[i])
                        for i, (kind, aid, seq, doc, handle, label, date, lang) in enumerate(statements)],
                       **settings.thresholds)
    return {ln.a: (ln.b, ln.score) for ln in found}


def same(found: dict, expected: dict) -> None:
    assert found.keys() == expected.keys()
    for key, (canonical, score) in expected.items():
        assert found[key][0] == canonical and found[key][1] == pytest.approx(score, abs=2e-4)


@pytest.fixture(scope="module")
def project(make_project) -> dict:
    root = make_project("incremental")
    config = root / "config" / "quoteline.toml"
    # one page of four goes in run 3: more than the share a run may mark deleted by default (a guard against
    # a source that vanished by mistake); this corpus shrinks on purpose
    text, n = re.subn(r"(?m)^max_deleted_share = .*$", "max_deleted_share = 0.5", config.read_text(encoding="utf-8"))
    # the corpus is the configured source: a run given --source only adds, and run 3 must see a page go
    text, m = re.subn(r"(?m)^paths = .*$", f"paths = [{json.dumps(str(root / 'corpus'))}]", text)
    assert n == 1 and m == 1
    config.write_text(text, encoding="utf-8")
    corpus = root / "corpus"
    corpus.mkdir()
    p = {"root": root, "config": root / "config" / "quoteline.toml", "db": root / "q.duckdb", "corpus": corpus}
    p["cfg"] = load_config(p["config"])
    # run 1: English and Spanish pages
    (corpus / "en1.txt").write_text(article("en", 1), encoding="utf-8")
    (corpus / "es1.txt").write_text(article("es", 1), encoding="utf-8")
    p["runs"] = [run(p)]
    p["after"] = [links_of(p["db"])]
    # run 2: German and French arrive, the Spanish page gains a paragraph (changed)
    (corpus / "de1.txt").write_text(article("de", 1), encoding="utf-8")
    (corpus / "fr1.txt").write_text(article("fr", 1), encoding="utf-8")
    (corpus / "es1.txt").write_text(article("es", 1, "Corrección: la hora del chat era las 15:00."), encoding="utf-8")
    p["runs"].append(run(p))
    p["after"].append(links_of(p["db"]))
    # run 3: the English page is deleted, a Portuguese one arrives
    (corpus / "en1.txt").unlink()
    (corpus / "pt1.txt").write_text(article("pt", 1), encoding="utf-8")
    p["runs"].append(run(p))
    p["after"].append(links_of(p["db"]))
    return p


def test_each_run_leaves_the_links_a_full_rebuild_gives(project):
    runs = project["runs"]
    assert (runs[1].counts["new"], runs[1].counts["changed"]) == (2, 1)
    assert runs[2].counts["deleted"] == 1
    same(project["after"][-1], full_rebuild(project["db"], project["cfg"]))
    assert len(project["after"][-1]) >= 4, "the translated answers are linked"
    # the deleted English page's statements are in no link, as member or canonical
    with duckdb.connect(str(project["db"]), read_only=True) as con:
        gone = con.execute("SELECT article_id FROM articles WHERE status = 'deleted'").fetchall()
    assert gone and all(a[1] != gone[0][0] and b[1] != gone[0][0] for a, (b, _) in project["after"][-1].items())


def test_relink_full_gives_the_same_links(project, tmp_path):
    copy = tmp_path / "copy.duckdb"
    shutil.copy(project["db"], copy)
    cfg = project["cfg"].with_overrides(warehouse={"path": str(copy)})
    assert main(["relink", "--full", "--config", str(project["config"]), "--db", str(copy)]) == 0
    same(links_of(copy), project["after"][-1])


def test_an_unchanged_re_run_rewrites_no_link(project, tmp_path):
    copy = tmp_path / "copy.duckdb"
    shutil.copy(project["db"], copy)
    with duckdb.connect(str(copy)) as con:
        con.execute("CREATE TABLE links_before AS SELECT rowid AS r, * FROM links")
    cfg = project["cfg"].with_overrides(warehouse={"path": str(copy)})
    version = model_version_for(**embedding_settings(cfg))
    link_and_gather.fn(cfg, 5.0, version, speakers=False)
    with duckdb.connect(str(copy), read_only=True) as con:
        moved = con.execute("SELECT count(*) FROM links l FULL JOIN links_before b ON b.r = l.rowid"
                            " WHERE b.r IS NULL OR l.rowid IS NULL OR b.evidence <> l.evidence").fetchone()[0]
    assert moved == 0


def test_speaker_ids_stay_as_names_join(project):
    with duckdb.connect(str(project["db"]), read_only=True) as con:
        rows = con.execute("SELECT s.speaker_id, s.canonical_name, s.handle, list(n.name ORDER BY n.name)"
                           " FROM speakers s JOIN speaker_names n USING (speaker_id) GROUP BY ALL").fetchall()
    by_handle = {r[2]: r for r in rows if r[2]}
    assert {"nadiaokafor", "tomaszwilk", "desk_pt"} <= set(by_handle)
    assert len({r[0] for r in rows}) == len(rows)
    # a group keeps its id from the run that first met it
    first_run = project["speaker_ids"][0]
    assert first_run and all(by_handle[h][0] == sid for h, sid in first_run.items() if h in by_handle)
    from extractors.speakers import group_speakers

    with db.connect(project["db"], read_only=True) as con:
        groups = group_speakers(vectors.people(con))
    assert sorted((g.canonical_name, g.handle, tuple(sorted(g.names))) for g in groups) == \
        sorted((r[1], r[2], tuple(r[3])) for r in rows)
    first = json.dumps(sorted(rows))
    with db.open_warehouse(project["db"]) as con:
        vectors.replace_speakers(con, groups)
        again = con.execute("SELECT s.speaker_id, s.canonical_name, s.handle, list(n.name ORDER BY n.name)"
                            " FROM speakers s JOIN speaker_names n USING (speaker_id) GROUP BY ALL").fetchall()
    assert json.dumps(sorted(again)) == first


def test_search_over_the_index_finds_what_exact_search_finds(project, embedder):
    from warehouse import ann

    cfg = project["cfg"]
    version = model_version_for(**embedding_settings(cfg))
    with db.connect(project["db"], read_only=True) as con:
        index = ann.existing_index(con, version)
        assert index is not None and len(index) == con.execute("SELECT count(*) FROM embeddings").fetchone()[0]
        for text in ("Reply to complaints the same day.", "Les équipes écrivent simplement.", "Nouveau pont cyclable"):
            query = embedder.encode([text])[0]
            exact = vectors.search(con, query, version, 5)          # small warehouse: brute force in SQL
            over_index = vectors.search(con, query, version, 5, index=index)
            assert [(r["doc"], r["seq"]) for r in over_index] == [(r["doc"], r["seq"]) for r in exact]
            # the same rows as the view gives them (the index path reads the tables directly): who, kind, text…
            same = ("doc", "seq", "kind", "lang", "who", "handle", "text")
            assert [{c: r[c] for c in same} for r in over_index] == [{c: r[c] for c in same} for r in exact]
            assert [r["score"] for r in over_index] == pytest.approx([r["score"] for r in exact], abs=1e-5)
            german = vectors.search(con, query, version, 5, lang="de", index=index)
            assert german and {r["lang"] for r in german} == {"de"}


def test_articles_of_one_file_name_in_two_folders_are_two_documents(make_project, tmp_path):
    """`a/page.txt` and `b/page.txt` are two articles: their translated statements link, in a run and in a
    full relink alike (the rules' document is the article, not its file name)."""
    root = make_project("same-name")
    config = root / "config" / "quoteline.toml"
    corpus = root / "corpus"
    for folder, lang in (("a", "en"), ("b", "es")):
        (corpus / folder).mkdir(parents=True)
        (corpus / folder / "page.txt").write_text(article(lang, 1), encoding="utf-8")
    text, m = re.subn(r"(?m)^paths = .*$", f"paths = [{json.dumps(str(corpus))}]", config.read_text(encoding="utf-8"))
    assert m == 1
    config.write_text(text, encoding="utf-8")
    db_path = root / "q.duckdb"
    quoteline_flow(config_path=str(config), db_path=str(db_path))
    found = links_of(db_path)
    with duckdb.connect(str(db_path), read_only=True) as con:
        ids = {r[0] for r in con.execute("SELECT article_id FROM articles WHERE status = 'active'").fetchall()}
    assert len(ids) == 2
    assert any(a[1] != b[1] for a, (b, _) in found.items()), "statements of the two pages link to each other"
    copy = tmp_path / "copy.duckdb"
    shutil.copy(db_path, copy)
    assert main(["relink", "--full", "--config", str(config), "--db", str(copy)]) == 0
    same(links_of(copy), found)


def link_rows(path) -> tuple[list, list]:
    """Every row of `links` and `link_pairs`, sorted: what a link step leaves, to the last digit of each score."""
    with duckdb.connect(str(path), read_only=True) as con:
        return (sorted(con.execute("SELECT * FROM links").fetchall()),
                sorted(con.execute("SELECT * FROM link_pairs").fetchall()))


@pytest.mark.parametrize("full", [False, True], ids=["every-article-again", "full"])
def test_links_made_in_small_steps_are_the_links_made_in_one(project, tmp_path, full):
    """`[links] compare_articles` and `recluster_statements` bound a run's memory, not its result: one article
    compared and one statement re-clustered per step give the rows the default steps give (every article of the
    warehouse linked again, with its old pairs and links in place, or after a full forget)."""
    version = model_version_for(**embedding_settings(project["cfg"]))
    found = []
    for steps in ({}, {"compare_articles": 1, "recluster_statements": 1}):
        copy = tmp_path / f"copy{len(found)}.duckdb"
        shutil.copy(project["db"], copy)
        with duckdb.connect(str(copy)) as con:
            assert con.execute("SELECT count(*) FROM articles WHERE status = 'active'").fetchone()[0] >= 4
            con.execute("DELETE FROM linked_articles")  # every article is linked again
        cfg = project["cfg"].with_overrides(warehouse={"path": str(copy)}, links=steps)
        assert (cfg.links.compare_articles == 1) == bool(steps)
        link_and_gather.fn(cfg, 5.0, version, speakers=False, full=full)
        found.append(link_rows(copy))
    (links, pairs), (stepped_links, stepped_pairs) = found
    assert len(links) >= 4 and len(pairs) >= len(links)
    assert stepped_pairs == pairs
    assert stepped_links == links
    same(links_of(copy), project["after"][-1])  # and the links the runs left


def test_lists_joined_as_tables_give_the_rows_lists_of_constants_give(project, tmp_path, monkeypatch):
    """Article ids and statement keys go into a link step's queries as SQL constants up to a length and as a
    registered table beyond it: every list a table (length 0) or every list constants gives the same rows, with
    every article linked again one at a time."""
    from warehouse import links

    version = model_version_for(**embedding_settings(project["cfg"]))
    found = []
    for longest in (10 ** 9, 0):
        monkeypatch.setattr(links, "_CONSTANTS", longest)
        copy = tmp_path / f"copy{len(found)}.duckdb"
        shutil.copy(project["db"], copy)
        with duckdb.connect(str(copy)) as con:
            con.execute("DELETE FROM linked_articles")
        cfg = project["cfg"].with_overrides(warehouse={"path": str(copy)},
                                            links={"compare_articles": 1, "recluster_statements": 1})
        link_and_gather.fn(cfg, 5.0, version, speakers=False)
        found.append(link_rows(copy))
    (links_rows, pairs), (table_links, table_pairs) = found
    assert len(links_rows) >= 4 and len(pairs) >= len(links_rows)
    assert table_pairs == pairs
    assert table_links == links_rows
    same(links_of(copy), project["after"][-1])


def test_copies_of_one_article_syndicated_in_many_pair_with_the_first_few(make_project, tmp_path):
    """Wire copy: the same page verbatim in seven places, its translation in four, over two runs. With
    `documents_per_text` = 1 each statement is compared with the first document holding each close text, not
    with every copy: far fewer pairs than every copy with every other, the same clusters, canonical members and
    scores as `link_items` over all statements (which pairs every copy with every other), in a run and in a full
    relink."""
    root = make_project("syndicated")
    config = root / "config" / "quoteline.toml"
    corpus = root / "corpus"
    corpus.mkdir()
    text, m = re.subn(r"(?m)^paths = .*$", f"paths = [{json.dumps(str(corpus))}]", config.read_text(encoding="utf-8"))
    text, k = re.subn(r"(?m)^documents_per_text = .*$", "documents_per_text = 1", text)
    assert m == 1 and k == 1
    config.write_text(text, encoding="utf-8")
    cfg = load_config(config)
    db_path = root / "q.duckdb"
    pages = [(f"wire{n}.txt", "en") for n in range(7)] + [(f"agencia{n}.txt", "es") for n in range(4)]
    for name, lang in pages[:3] + pages[7:9]:
        (corpus / name).write_text(article(lang, 1), encoding="utf-8")
    quoteline_flow(config_path=str(config), db_path=str(db_path))
    for name, lang in pages[3:7] + pages[9:]:
        (corpus / name).write_text(article(lang, 1), encoding="utf-8")
    quoteline_flow(config_path=str(config), db_path=str(db_path))
    found = links_of(db_path)
    expected = full_rebuild(db_path, cfg)
    same(found, expected)
    # every copy of a statement that links is in one cluster with its copies and translations
    assert len({canonical for canonical, _ in found.values()}) < len(found) / 5
    with duckdb.connect(str(db_path), read_only=True) as con:
        stored = con.execute("SELECT count(*) FROM link_pairs").fetchone()[0]
        statements = con.execute("SELECT count(*) FROM tweets").fetchone()[0] + \
            con.execute("SELECT count(*) FROM quotes").fetchone()[0]
    # every copy with every other would be about statements x 10 / 2 pairs; the first few give about one a copy
    assert 0 < stored < statements * 2
    copy = tmp_path / "copy.duckdb"
    shutil.copy(db_path, copy)
    assert main(["relink", "--full", "--config", str(config), "--db", str(copy)]) == 0
    same(links_of(copy), expected)
