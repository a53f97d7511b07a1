"""Cross-language links on real model vectors of translated tweets and quotes (tests/data/linking.json)."""
from __future__ import annotations

import json
import tomllib
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np
import pytest

from quoteline.linking import Link, LinkItem, link_items

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
    assert link_items(corpus, **thresholds, block=7) == link_items(corpus, **thresholds)
