"""Embedding, search and cross-language links end to end: real flow, real DuckDB file, real model.

The corpus is written here: the same tweets pasted into an English, a Spanish and a German article (as a
newsroom's translated pages carry them), each translation with its own date format, plus tweets that are
no translation of anything.
"""
from __future__ import annotations

import json
import re

import duckdb
import pytest

from flows.pipeline import quoteline_flow
from quoteline.cli import main

EN = """Customers reward honesty, panelists say
Posted: October 28, 2019

Our weekly chat asked what transparency means for brands.

A1: Admit your mistakes quickly. Customers forgive errors, they do not forgive silence. #CXchat
— Ana Tavares (@anatavares) Oct 25, 2019

Trains in the region will run every ten minutes from next spring. #transit
— Bruno Keller (@brunokeller) Oct 25, 2019

A3. Your employees deserve the same transparency you promise your customers. #CXchat
— Carla Ruiz, CCXP (@carlaruiz) Oct 25, 2019
"""

ES = """Los clientes premian la honestidad, dicen los panelistas
Publicado: 2019-10-29

Nuestro chat semanal preguntó qué significa la transparencia para las marcas.

A1: Admite tus errores rápidamente. Los clientes perdonan los errores, no perdonan el silencio. #CXchat
— Ana Tavares (@anatavares) 25 de octubre de 2019

A3. Tus empleados merecen la misma transparencia que prometes a tus clientes. #CXchat
— Carla Ruiz, CCXP (@carlaruiz) 25 de octubre de 2019

El precio del café subió un veinte por ciento este año en los mercados de Bogotá.
— Diego Mora (@diegomora) 25 de octubre de 2019
"""

DE = """Kunden belohnen Ehrlichkeit, sagen die Diskussionsteilnehmer
Veröffentlicht: 30.10.2019

A3. Ihre Mitarbeiter verdienen dieselbe Transparenz, die Sie Ihren Kunden versprechen. #CXchat
— Carla Ruiz – Kundenerlebnis (@carlaruiz) 25. Oktober 2019

A1: Gib deine Fehler schnell zu. Kunden verzeihen Fehler, aber kein Schweigen. #CXchat
— Ana Tavares (@anatavares) 25. Oktober 2019
"""


@pytest.fixture(scope="module")
def project(make_project) -> dict:
    root = make_project("similar")
    (root / "corpus").mkdir()
    for name, text in {"cx_en.txt": EN, "cx_es.txt": ES, "cx_de.txt": DE}.items():
        (root / "corpus" / name).write_text(text, encoding="utf-8")
    paths = {"root": root, "config": root / "config" / "quoteline.toml", "db": root / "q.duckdb",
             "corpus": root / "corpus"}
    paths["first"] = run(paths)
    return paths


def run(p: dict):
    return quoteline_flow(config_path=str(p["config"]), sources=[str(p["corpus"])], db_path=str(p["db"]))


def query(p: dict, sql: str, params=()) -> list[tuple]:
    with duckdb.connect(str(p["db"]), read_only=True) as con:
        return con.execute(sql, list(params)).fetchall()


def test_every_statement_is_embedded_once(project):
    tweets = query(project, "SELECT count(*), count(DISTINCT text_key) FROM tweets")[0]
    assert tweets == (8, 8)
    assert project["first"].counts["embedded"] == 8
    assert query(project, "SELECT count(*), min(len(vector)), max(len(vector)) FROM embeddings")[0] == (8, 384, 384)


def test_translations_are_linked_to_one_canonical_member(project):
    same_as = dict(query(project, "SELECT doc || '#' || seq, same_as FROM v_tweets"))
    groups = {}
    for member, canonical in same_as.items():
        groups.setdefault(canonical or member, set()).add(member)
    ana = {"cx_en.txt#1", "cx_es.txt#1", "cx_de.txt#2"}
    carla = {"cx_en.txt#3", "cx_es.txt#2", "cx_de.txt#1"}
    found = [members for members in groups.values() if len(members) > 1]
    assert sorted(map(sorted, found)) == sorted(map(sorted, [ana, carla]))
    # the canonical member itself and the statements without a translation point nowhere
    assert same_as["cx_en.txt#2"] is None and same_as["cx_es.txt#3"] is None
    assert sum(v is None for v in same_as.values()) == 2 + 2
    evidence = json.loads(query(project, "SELECT evidence FROM links LIMIT 1")[0][0])
    assert evidence, "a link records the evidence it rests on"
    # v_links reads both ends; every link here joins two languages, and says so
    links = query(project, "SELECT lang, canonical_lang, cross_language FROM v_links")
    assert len(links) == 4 and all(cross and lang != other for lang, other, cross in links)


def test_similar_finds_the_statement_in_other_languages(project, capsys):
    turkish = "Hatalarınızı hızla kabul edin. Müşteriler hataları affeder, sessizliği affetmez."
    assert main(["similar", turkish, "--config", str(project["config"]), "--db", str(project["db"]),
                 "--k", "3", "--format", "jsonl", "--no-service"]) == 0
    groups = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(groups) == 3
    # the three translations are one statement: one group, headed by the best of them
    first = groups[0]
    members = [first["head"], *first["others"]]
    assert {(m["doc"], m["seq"]) for m in members} == {("cx_en.txt", 1), ("cx_es.txt", 1), ("cx_de.txt", 2)}
    assert first["count"] == 3 and sorted(first["langs"]) == ["de", "en", "es"]
    assert first["head"]["who"] == "Ana Tavares" and first["head"]["date"] == "2019-10-25"
    assert [g["score"] for g in groups] == sorted((g["score"] for g in groups), reverse=True)
    assert main(["similar", turkish, "--config", str(project["config"]), "--db", str(project["db"]),
                 "--lang", "de", "--format", "jsonl", "--no-service"]) == 0
    heads = [json.loads(line)["head"] for line in capsys.readouterr().out.splitlines()]
    assert heads and {h["doc"] for h in heads} == {"cx_de.txt"}


def test_similar_binds_its_input(project, capsys):
    hostile = "x'); DROP TABLE tweets; SELECT ('"
    assert main(["similar", hostile, "--config", str(project["config"]), "--db", str(project["db"]), "--format",
                 "jsonl", "--no-service"]) == 0
    groups = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert sum(g["count"] for g in groups) == 8  # every tweet, in its group
    assert query(project, "SELECT count(*) FROM tweets")[0][0] == 8


def test_sql_users_can_ask_for_more_like_a_statement(project):
    rows = query(project, "SELECT doc, seq, score FROM statements_like('tweet', 'cx_es.txt', 2, 3)")
    assert rows[0][:2] == ("cx_en.txt", 3)
    assert ("cx_de.txt", 1) in [row[:2] for row in rows]
    assert [row[2] for row in rows] == sorted((row[2] for row in rows), reverse=True)


def test_only_new_texts_are_embedded_and_a_model_change_re_embeds(project):
    assert run(project).counts["embedded"] == 0
    path = project["corpus"] / "cx_de.txt"
    path.write_text(DE + "\nDer Zug kommt heute leider zu spät. #bahn\n— Eva Brandt (@evabrandt) 25. Oktober 2019\n",
                    encoding="utf-8")
    summary = run(project)
    assert (summary.counts["changed"], summary.counts["embedded"]) == (1, 1)
    config = project["config"].read_text(encoding="utf-8")
    project["config"].write_text(re.sub(r'(?m)^prefix = .*$', 'prefix = "query: "', config), encoding="utf-8")
    try:
        assert run(project).counts["embedded"] == 9
    finally:
        project["config"].write_text(config, encoding="utf-8")
    versions = query(project, "SELECT model_version, count(*) FROM embeddings GROUP BY ALL ORDER BY 1")
    assert [n for _, n in versions] == [9, 9] and "prefix=query: " in versions[1][0]
