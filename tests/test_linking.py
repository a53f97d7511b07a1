"""Cross-language links on real model vectors of translated tweets and quotes (tests/data/linking.json)."""
from __future__ import annotations

import json
import tomllib
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np
import pytest

from quoteline.linking import Link, LinkItem, accepted_pairs, link_items

DATA = json.loads((Path(__file__).parent / "data" / "linking.json").read_text(encoding="utf-8"))
CONFIG = Path(__file__).resolve().parents[1] / "config" / "quoteline.toml"


@pytest.fixture(scope="module")
def thresholds() -> dict[str, float]:
    """The shipped `[links]` settings, so the test holds for what users run."""
    links = tomllib.loads(CONFIG.read_text(encoding="utf-8"))["links"]
    return {k: links[k] for k in ("min_cosine", "min_margin", "min_cosine_alone", "min_margin_alone")}


@pytest.fixture(scope="module")
def corpus(embedder) -> list[LinkItem]:
    """One item per (document, statement); key = "<doc>/<statement>"."""
    rows = [(doc, sid, info["lang"]) for doc, info in DATA["documents"].items() for sid in info["statements"]]
    vectors = embedder.encode([DATA["statements"][sid]["text"][lang] for _, sid, lang in rows])
    return [LinkItem(f"{doc}/{sid}", doc, DATA["statements"][sid]["handle"], DATA["statements"][sid]["label"],
                     DATA["statements"][sid]["date"], lang, vec) for (doc, sid, lang), vec in zip(rows, vectors)]


def statement(key: str) -> str:
    return key.split("/", 1)[1]


def linked_keys(links: list[Link]) -> set[str]:
    return {k for link in links for k in (link.a, link.b)}


def strip(items, *fields):
    return [it._replace(**{f: None for f in fields}) for it in items]


def test_no_wrong_link_and_most_translations_linked(corpus, thresholds):
    links = link_items(corpus, **thresholds)
    assert [(l.a, l.b) for l in links if statement(l.a) != statement(l.b)] == []
    counts = Counter(statement(it.key) for it in corpus)
    matchable = {it.key for it in corpus if counts[statement(it.key)] > 1}
    assert len(linked_keys(links) & matchable) / len(matchable) >= 0.9


def test_items_without_a_counterpart_are_never_linked(corpus, thresholds):
    linked = linked_keys(link_items(corpus, **thresholds))
    assert not {k for k in linked if statement(k).startswith("only_") or statement(k) == "t10"}


def test_same_author_leftovers_are_not_linked_by_elimination(corpus, thresholds):
    """Two tweets by one author on one day, each in one article only: each is the other's best
    match there (nothing else fits) at a translation-like cosine; the thin margin must stop the link."""
    by_key = {it.key: it for it in corpus}
    fr, ru = by_key["chat-fr/only_fr"], by_key["chat-ru/only_ru"]
    ru_doc = [it for it in corpus if it.doc == "chat-ru"]
    fr_doc = [it for it in corpus if it.doc == "chat-fr"]
    assert max(ru_doc, key=lambda it: float(it.vector @ fr.vector)).key == ru.key  # the trap is real
    assert max(fr_doc, key=lambda it: float(it.vector @ ru.vector)).key == fr.key
    assert float(fr.vector @ ru.vector) > 0.85
    assert not {fr.key, ru.key} & linked_keys(link_items(corpus, **thresholds))


def test_a_quote_with_an_equally_close_sibling_stays_unlinked(corpus, thresholds):
    """'We will not raise taxes' vs Spanish 'no subiremos' / 'no bajaremos' (raise / cut): the model
    puts both at the same distance, so the Spanish quote is left alone; en<->de has no such rival."""
    links = link_items(corpus, **thresholds)
    assert "news-es/q1" not in linked_keys(links)
    assert {("news-de/q1", "news-en/q1"), ("news-en/q1", "news-de/q1")} & {(l.a, l.b) for l in links}


def test_a_different_handle_rules_out_even_a_true_translation(corpus, thresholds):
    items = [it._replace(handle="someone_else") if it.key == "chat-es/t4" else it for it in corpus]
    links = link_items(items, **thresholds)
    assert "chat-es/t4" not in linked_keys(links)
    assert "chat-de/t4" in linked_keys(links)


def test_a_different_label_or_date_rules_a_pair_out(corpus, thresholds):
    for field, value in (("label", "A9"), ("date", "2019-10-26")):
        items = [it._replace(**{field: value}) if it.key == "chat-de/t8" else it for it in corpus]
        assert "chat-de/t8" not in linked_keys(link_items(items, **thresholds))


def test_text_alone_stays_precise(corpus, thresholds):
    """No handle, label or date anywhere: only the strict text rule applies, and nothing wrong gets through."""
    with_meta = link_items(corpus, **thresholds)
    links = link_items(strip(corpus, "handle", "label", "date"), **thresholds)
    assert links and len(links) < len(with_meta)
    assert [(l.a, l.b) for l in links if statement(l.a) != statement(l.b)] == []
    assert {e["rule"] for l in links for e in l.evidence["edges"]} == {"text"}


def test_clusters_hold_one_item_per_document_around_a_canonical_member(corpus, thresholds):
    links = link_items(corpus, **thresholds)
    clusters = defaultdict(list)
    for link in links:
        clusters[link.b].append(link.a)
    canonicals = set(clusters)
    for canon, others in clusters.items():
        docs = [k.split("/")[0] for k in [canon, *others]]
        assert len(docs) == len(set(docs))
        assert canonicals.isdisjoint(others)
        assert all(l.score == l.evidence["cosine"] and l.score >= thresholds["min_cosine"] for l in links if l.b == canon)
    # t4 is in seven articles: one cluster of seven, its canonical the version closest to all others
    t4 = [it for it in corpus if statement(it.key) == "t4"]
    vecs = np.stack([it.vector for it in t4])
    medoid = t4[int((vecs @ vecs.T).sum(axis=1).argmax())].key
    assert sorted(clusters[medoid] + [medoid]) == sorted(it.key for it in t4)


def test_evidence_records_why(corpus, thresholds):
    link = next(l for l in link_items(corpus, **thresholds) if statement(l.a) == "t6")
    ev = link.evidence
    assert ev["same_handle"] is True and ev["same_label"] is True and ev["same_date"] is True
    assert ev["cluster_size"] == 6 and len(ev["langs"]) == 2
    edge = ev["edges"][0]
    assert edge["rule"] == "author" and edge["margin"] >= thresholds["min_margin"]
    assert edge["cosine"] - edge["margin"] == pytest.approx(edge["runner_up"], abs=1e-3)


def test_only_different_documents_are_linked(corpus, thresholds):
    """A copy of an item inside the same document (cosine 1.0) is never linked to it."""
    original = next(it for it in corpus if it.key == "chat-en/t10")
    items = [*corpus, original._replace(key="chat-en/t10-again")]
    assert not {"chat-en/t10", "chat-en/t10-again"} & linked_keys(link_items(items, **thresholds))


def test_plain_tuples_small_inputs_and_duplicate_keys(corpus, thresholds):
    assert link_items([], **thresholds) == [] and link_items([tuple(corpus[0])], **thresholds) == []
    assert link_items([tuple(it) for it in corpus], **thresholds) == link_items(corpus, **thresholds)
    with pytest.raises(ValueError, match="unique"):
        link_items([corpus[0], corpus[0]], **thresholds)


def test_blocked_computation_gives_the_same_links(corpus, thresholds):
    """Blocks of another size give the same links and scores up to float rounding, which differs between
    BLAS paths and machines (exact equality of the floats would test the machine, not the code)."""
    blocked, whole = link_items(corpus, **thresholds, block=7), link_items(corpus, **thresholds)
    assert [(l.a, l.b) for l in blocked] == [(l.a, l.b) for l in whole]
    assert [l.score for l in blocked] == pytest.approx([l.score for l in whole], abs=1e-5)


def test_an_exact_tie_goes_to_the_first_item_and_leaves_no_margin():
    """Two identical candidates in one document: the one given first is the best match, the other
    its runner-up at the same cosine, so any required margin rules the pair out."""
    rng = np.random.default_rng(0)
    v, w, u = (rng.normal(size=16) for _ in range(3))
    a = LinkItem("x/a", "x", "h", None, None, None, v)
    b1, b2 = (LinkItem(f"y/{k}", "y", "h", None, None, None, v + 0.1 * w) for k in ("b1", "b2"))
    other = LinkItem("y/c", "y", "h", None, None, None, u)
    loose = dict(min_cosine=0.5, min_margin=0.0, min_cosine_alone=0.5, min_margin_alone=0.0)
    for order, winner in (([a, other, b1, b2], "y/b1"), ([b2, a, b1, other], "y/b2")):
        links = link_items(order, **loose)
        assert {(l.a, l.b) for l in links} in ({("x/a", winner)}, {(winner, "x/a")})
        assert links[0].evidence["edges"][0]["margin"] == 0.0
    assert link_items([a, other, b1, b2], **{**loose, "min_margin": 0.001}) == []


def test_edges_are_mutual_best_matches_by_a_plain_scan():
    """Every recorded edge agrees with a pair-by-pair scan of the same cosines (best = first maximum
    in item order, runner-up = the best of the rest in both documents), across many documents."""
    rng = np.random.default_rng(1)
    centers = rng.normal(size=(40, 32))
    items = [LinkItem(f"k{t}", f"d{rng.integers(9)}", f"h{s % 3}" if rng.random() < 0.5 else None, None, None,
                      None, (3 * centers[0] + centers[s] + 0.2 * rng.normal(size=32)).astype(np.float32))
             for t, s in enumerate(rng.integers(1, 40, size=250))]
    items += [it._replace(key=it.key + "-copy", doc=f"d{rng.integers(9)}") for it in items[::9]]  # exact ties
    th = dict(min_cosine=0.9, min_margin=0.0, min_cosine_alone=0.95, min_margin_alone=0.005)
    links = link_items(items, **th)
    assert len(links) > 20
    vecs = np.stack([np.asarray(it.vector, dtype=np.float32) for it in items])
    vecs /= np.maximum(np.linalg.norm(vecs, axis=1, keepdims=True), 1e-12)
    sims = vecs @ vecs.T  # one block: the same floats as link_items computes
    floor = 0.9 - 0.005
    index = {it.key: i for i, it in enumerate(items)}

    def best(i, d):
        cols = [j for j, it in enumerate(items) if it.doc == d and sims[i, j] >= floor]
        top = max(cols, key=lambda j: (sims[i, j], -j))
        return top, max((float(sims[i, j]) for j in cols if j != top), default=-np.inf)

    for link in links:
        for edge in link.evidence["edges"]:
            i, j = index[link.a], index[edge["with"]]
            (bi, ri), (bj, rj) = best(i, items[j].doc), best(j, items[i].doc)
            assert (bi, bj) == (j, i)
            s = float(sims[min(i, j), max(i, j)])  # the scan keeps the lower item's row
            assert edge["cosine"] == round(s, 4)
            runner_up = max(ri, rj)
            assert edge["runner_up"] == (None if runner_up == -np.inf else round(runner_up, 4))


def _pairs(items, thresholds, **kw) -> list[tuple]:
    vecs = np.stack([np.asarray(it.vector, dtype=np.float32) for it in items])
    vecs /= np.maximum(np.linalg.norm(vecs, axis=1, keepdims=True), 1e-12)
    return [(items[p.i].key, items[p.j].key, p.score, p.edge["runner_up"], p.edge["rule"])
            for p in accepted_pairs(items, vecs, **thresholds, **kw)]


def test_focus_gives_exactly_the_pairs_touching_its_documents(corpus, thresholds):
    """`focus` (what incremental linking asks per article) returns the pairs of the whole call that touch the
    focus documents, in the same order, with the same runners-up: on real vectors and on crowded synthetic ones,
    for every document in turn. (Not with exact ties: which of two identical vectors is "best" then rests on
    the last bit of a product whose rounding depends on the BLAS path; such a tie leaves no margin either way.)"""
    rng = np.random.default_rng(5)
    centers = rng.normal(size=(30, 32))
    crowded = [LinkItem(f"k{t}", f"d{rng.integers(12)}", f"h{s % 3}" if rng.random() < 0.5 else None, None, None,
                        None, (3 * centers[0] + centers[s] + 0.2 * rng.normal(size=32)).astype(np.float32))
               for t, s in enumerate(rng.integers(1, 30, size=200))]
    cases = [(corpus, thresholds),
             (crowded, dict(min_cosine=0.9, min_margin=0.0, min_cosine_alone=0.95, min_margin_alone=0.005))]
    for items, th in cases:
        whole = _pairs(items, th)
        docs = {it.key: it.doc for it in items}
        assert len(whole) > 10
        for d in sorted(set(docs.values())):
            focus = np.array([it.doc == d for it in items])
            got = _pairs(items, th, focus=focus, block=5)
            want = [p for p in whole if d in (docs[p[0]], docs[p[1]])]
            assert [p[:2] + p[3:] for p in got] == [p[:2] + p[3:] for p in want]
            assert [p[2] for p in got] == pytest.approx([p[2] for p in want], abs=1e-5)


def test_a_link_keeps_its_strongest_edges_and_counts_the_rest():
    """A statement copied into many documents pairs with every copy: its link lists the strongest
    `EVIDENCE_EDGES` edges (the first clustering took) and the number of them all; a link with fewer edges
    lists them all and no count."""
    from quoteline.linking import EVIDENCE_EDGES

    rng = np.random.default_rng(1)
    v, w = rng.normal(size=16), rng.normal(size=16)
    copies = EVIDENCE_EDGES + 4
    items = [LinkItem(f"d{n}/s", f"d{n}", None, None, None, "en", v + 1e-3 * n * w) for n in range(copies)]
    items += [LinkItem("e0/s", "e0", None, None, None, "de", w), LinkItem("e1/s", "e1", None, None, None, "de", w)]
    found = link_items(items, min_cosine=0.8, min_margin=0.02, min_cosine_alone=0.9, min_margin_alone=0.05)
    links = [link for link in found if link.a.startswith("d")]
    assert len(links) == copies - 1 and len({link.b for link in links}) == 1
    assert {link.a for link in links} | {links[0].b} == {it.key for it in items[:copies]}
    for link in links:
        edges = link.evidence["edges"]
        assert len(edges) == EVIDENCE_EDGES and link.evidence["edges_total"] == copies - 1
        assert [e["cosine"] for e in edges] == sorted((e["cosine"] for e in edges), reverse=True)
        assert link.a not in {e["with"] for e in edges}
    pair = link_items(items[-2:], min_cosine=0.8, min_margin=0.02, min_cosine_alone=0.9, min_margin_alone=0.05)
    assert len(pair) == 1 and len(pair[0].evidence["edges"]) == 1 and "edges_total" not in pair[0].evidence


@pytest.mark.parametrize("handles, merged", [
    (("@kestrel", None, "@Kestrel"), True),    # one author, spelt two ways, and a member with none: one cluster
    (("@kestrel", None, "@wrenfield"), False),  # two authors, joined only through a member with none: kept apart
    ((None, "@kestrel", None), True),
    ((None, "@kestrel", "@wrenfield"), False),  # the cluster kept is the one with no author: it knows the other's
])
def test_clusters_merge_only_when_no_member_of_one_has_an_author_another_member_of_the_other_lacks(handles, merged):
    """Clustering joins a pair's clusters only when every member of one and every member of the other have no
    differing handle, label or date: a chain through a statement with no author cannot join two authors."""
    from quoteline.linking import Pair, cluster_links

    v = np.ones(8) / np.sqrt(8)
    items = [LinkItem(f"d{n}/s", f"d{n}", h, None, None, "en", v) for n, h in enumerate(handles)]
    edge = {"cosine": 1.0, "margin": 0.1, "runner_up": None, "rule": "text"}
    pairs = [Pair(0.99, 0, 1, {**edge, "with": "d1/s"}), Pair(0.98, 1, 2, {**edge, "with": "d2/s"})]
    links = cluster_links(items, pairs, 0.8)
    sizes = sorted(Counter(link.b for link in links).values())
    assert sizes == ([2] if merged else [1])
