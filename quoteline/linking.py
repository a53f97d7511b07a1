"""Cross-language links: which items of different documents are the same statement.

e5 cosines bunch high (a translation ≈ 0.92, the best wrong candidate ≈ 0.87, an item without a
counterpart can still reach ≈ 0.90), so no single threshold separates right from wrong. A pair is
linked only when the evidence agrees (a wrong link is worse than a missing one):

* rank: each is the other's best match in the other's document (mutual best);
* margin: that best beats the runner-up in the same document by enough — a statement appears once
  per article, so a close second means the model cannot tell which one it is;
* metadata: a different handle, chat label or date rules a pair out; the same handle lets the
  pair pass at `min_cosine`/`min_margin`, while a pair with no author in common needs the stricter
  `min_cosine_alone`/`min_margin_alone` (same-question answers by different authors, or a quote and
  its negation, are the near misses that text alone cannot tell apart).

Accepted pairs are then grouped, strongest first, into clusters that never hold two items of one
document and whose every pair clears `min_cosine` without a metadata conflict; each cluster's
canonical member is its medoid (the version closest to all the others).
"""
from __future__ import annotations

from collections import defaultdict
from typing import NamedTuple, Sequence

import numpy as np


class LinkItem(NamedTuple):
    key: str               # identifies this occurrence (unique across items)
    doc: str               # the document it was taken from
    handle: str | None     # author handle, script-invariant (tweets); None for quotes
    label: str | None      # chat label (A2, Q1, …) copied verbatim by translations
    date: str | None       # the statement's own date (a tweet's), not the article's
    lang: str | None
    vector: np.ndarray     # L2-normalized embedding


class Link(NamedTuple):
    a: str                 # the linked item
    b: str                 # the canonical member of its cluster
    score: float           # cosine between a and b
    evidence: dict


def _norm_handle(h: str | None) -> str | None:
    return h.strip().lstrip("@").casefold() or None if h else None


def _norm(v) -> str | None:
    return str(v).strip().casefold() or None if v is not None else None


def _fields(items: Sequence[LinkItem]) -> tuple[list, np.ndarray, list, list, list]:
    """Keys, document numbers and normalised handle, chat label and date of ``items``: what both the pairing
    and the clustering steps compare."""
    doc_ids = {d: i for i, d in enumerate(dict.fromkeys(it.doc for it in items))}
    return ([it.key for it in items], np.array([doc_ids[it.doc] for it in items]),
            [_norm_handle(it.handle) for it in items], [_norm(it.label) for it in items],
            [_norm(it.date) for it in items])


def _relation(x, y) -> bool | None:
    """True same, False different, None unknown (either side missing)."""
    return None if x is None or y is None else x == y


# The edges a link's evidence lists at most: its strongest (the order clustering took them in), with the number of
# all of them beside when there are more. A statement copied into hundreds of documents can have hundreds of
# edges; a few say why it is linked as well as all of them.
EVIDENCE_EDGES = 16


class Pair(NamedTuple):
    """An accepted pair: `i` and `j` index the items (i < j), `edge` is the evidence it rests on."""
    score: float
    i: int
    j: int
    edge: dict


def link_items(items: Sequence[LinkItem | tuple], *, min_cosine: float, min_margin: float,
               min_cosine_alone: float, min_margin_alone: float, block: int = 2048) -> list[Link]:
    """Links (a, b, score, evidence) from each clustered item to its cluster's canonical member b.

    Thresholds come from `[links]`. Work is O(n²·dim), done with numpy in row blocks of `block` items
    (a few arrays of block·n at a time); what is kept between blocks is each item's best match and
    runner-up in every other document where something reaches the floor below, O(n·documents).
    The warehouse links incrementally instead (warehouse/linkstore.py): it finds the documents worth
    comparing through an ANN index and gives these same two steps only the items of those documents.
    """
    items = _items(items)
    if len(items) < 2:
        return []
    vecs = _unit(items)
    thresholds = dict(min_cosine=min_cosine, min_margin=min_margin, min_cosine_alone=min_cosine_alone,
                      min_margin_alone=min_margin_alone)
    return cluster_links(items, accepted_pairs(items, vecs, block=block, **thresholds), min_cosine, vecs)


def _items(items: Sequence[LinkItem | tuple]) -> list[LinkItem]:
    items = [it if isinstance(it, LinkItem) else LinkItem._make(it) for it in items]
    if len({it.key for it in items}) != len(items):
        raise ValueError("link_items: item keys must be unique")
    return items


def _unit(items: Sequence[LinkItem]) -> np.ndarray:
    vecs = np.ascontiguousarray(np.stack([np.asarray(it.vector, dtype=np.float32) for it in items]))
    vecs /= np.maximum(np.linalg.norm(vecs, axis=1, keepdims=True), 1e-12)
    return vecs


def accepted_pairs(items: Sequence[LinkItem], vecs: np.ndarray, *, min_cosine: float, min_margin: float,
                   min_cosine_alone: float, min_margin_alone: float, block: int = 2048,
                   focus: np.ndarray | None = None) -> list[Pair]:
    """The pairs of items that pass rank, margin and metadata, in the order clustering meets equal scores.

    Whether a pair of items passes depends only on the items of their two documents: so the pairs of a
    document can be found by giving this function that document and the documents worth comparing with it.
    `focus` (a boolean mask over the items) asks for the pairs touching the focus items' documents only: the
    others' rows are then compared with the focus documents alone, so the work is (focus × all), not (all × all),
    and the pairs returned are exactly those of the whole call that touch a focus document.
    """
    n = len(items)
    if n < 2:
        return []
    keys, doc, handle, label, date = _fields(items)

    # 1. For every item and every other document: its best and runner-up there (above a floor
    #    below which nothing can matter: a runner-up under it leaves margin enough anyway). Columns
    #    are grouped by document so that each document is one segment of a row and the best,
    #    runner-up and first candidate per (item, document) are segment reductions. A best is the
    #    first maximum in item order and the runner-up the maximum of the rest of the segment (a tie
    #    with the best counts), as a scan over the row in item order would find them.
    floor = min(min_cosine, min_cosine_alone) - max(min_margin, min_margin_alone)
    n_docs = int(doc.max()) + 1
    order = np.argsort(doc, kind="stable")           # columns grouped by document, item order within
    if focus is None:
        parts = [_best_two(vecs, doc, np.arange(start, min(start + block, n)), order, floor)
                 for start in range(0, n, block)]
    else:
        in_focus = np.isin(doc, doc[np.asarray(focus, dtype=bool)])  # whole documents
        mine, rest = np.flatnonzero(in_focus), np.flatnonzero(~in_focus)
        parts = [_best_two(vecs, doc, mine[start:start + block], order, floor)
                 for start in range(0, len(mine), block)]
        # the other items' best and runner-up in the focus documents: a pair's second half
        parts += [_best_two(vecs, doc, rest[start:start + block], order[in_focus[order]], floor)
                  for start in range(0, len(rest), block)]
    cand_i, cand_d, cand_j, cand_s, cand_second, cand_first = (np.concatenate(a) for a in zip(*parts))
    if not len(cand_i):
        return []
    if focus is not None:  # rows in order, documents in order, as the full scan gives them
        at = np.lexsort((cand_d, cand_i))
        cand_i, cand_d, cand_j, cand_s, cand_second, cand_first = (
            a[at] for a in (cand_i, cand_d, cand_j, cand_s, cand_second, cand_first))
    slot = cand_i * n_docs + cand_d                  # ascending: rows in order, documents in order

    # 2. Mutual best pairs that clear the thresholds for their evidence.
    back = np.searchsorted(slot, cand_j * n_docs + doc[cand_i])
    back = np.minimum(back, len(slot) - 1)
    mutual = (cand_i < cand_j) & (slot[back] == cand_j * n_docs + doc[cand_i]) & (cand_j[back] == cand_i)
    s64 = cand_s.astype(np.float64)
    runner = np.maximum(cand_second, cand_second[back]).astype(np.float64)
    margins = np.where(runner > -np.inf, s64 - runner, s64 - floor)
    # necessary for either rule; the exact test, with the metadata, follows per pair
    keep = mutual & (s64 >= min(min_cosine, min_cosine_alone)) & (margins >= min(min_margin, min_margin_alone))
    picked = np.flatnonzero(keep)
    # in the order a scan of each item's row meets the other documents (by their first candidate):
    # pairs of equal cosine keep it through the sort below, so clustering breaks ties as it always did
    picked = picked[np.lexsort((cand_first[picked], cand_i[picked]))]
    accepted = []
    for k in picked.tolist():
        i, j, s = int(cand_i[k]), int(cand_j[k]), float(cand_s[k])
        second_i, second_j = float(cand_second[k]), float(cand_second[back[k]])
        runner_up = max(second_i, second_j)
        margin = s - runner_up if runner_up > -np.inf else s - floor  # a lower bound then
        if _conflict(i, j, handle, label, date):
            continue
        author = _relation(handle[i], handle[j]) is True
        need_cos, need_margin = (min_cosine, min_margin) if author else (min_cosine_alone, min_margin_alone)
        if s >= need_cos and margin >= need_margin:
            accepted.append(Pair(s, i, j, {"with": keys[j], "cosine": round(s, 4), "margin": round(margin, 4),
                                           "runner_up": None if runner_up == -np.inf else round(runner_up, 4),
                                           "rule": "author" if author else "text"}))
    return accepted


def _best_two(vecs: np.ndarray, doc: np.ndarray, rows: np.ndarray, cols: np.ndarray,
              floor: float) -> tuple[np.ndarray, ...]:
    """For each of `rows` and each document among `cols` (item indices grouped by document, item order within):
    (row, document, best item, its cosine, runner-up cosine, first item at or above the floor), where something
    of that document reaches `floor`."""
    m = len(cols)
    empty = np.zeros(0, dtype=np.int64)
    if not len(rows) or not m:
        return empty, empty, empty, np.zeros(0, np.float32), np.zeros(0, np.float32), empty
    doc_sorted = doc[cols]
    starts = np.flatnonzero(np.r_[True, doc_sorted[1:] != doc_sorted[:-1]])
    seg = np.repeat(np.arange(len(starts)), np.diff(np.r_[starts, m]))  # column (sorted) -> segment
    rev = np.arange(m, 0, -1, dtype=np.int32)       # m - column: a segment's max of mask·rev is its first hit
    if m == len(vecs):  # every item: the product is taken in item order, as before, and only then reordered
        sims = np.take(vecs[rows] @ vecs.T, cols, axis=1)
    else:               # a few documents' columns (focus): only those are multiplied
        sims = vecs[rows] @ vecs[cols].T
    sims[~(sims >= floor) | (doc[rows][:, None] == doc_sorted[None, :])] = -np.inf
    top = np.maximum.reduceat(sims, starts, axis=1)                      # rows x documents
    r, d = np.nonzero(top > -np.inf)
    first = m - np.maximum.reduceat((sims > -np.inf) * rev, starts, axis=1)[r, d]
    at = m - np.maximum.reduceat((sims == top[:, seg]) * rev, starts, axis=1)[r, d]
    sims[r, at] = -np.inf                                                # drop the best ...
    second = np.maximum.reduceat(sims, starts, axis=1)[r, d]             # ... for the runner-up
    return rows[r], doc_sorted[starts][d], cols[at], top[r, d], second, cols[first]


def cluster_links(items: Sequence[LinkItem], pairs: Sequence[Pair], min_cosine: float,
                  vecs: np.ndarray | None = None) -> list[Link]:
    """Links from accepted pairs (indices into `items`, in the order `accepted_pairs` gives them).

    Clusters never span two connected components of the pairs, so a component can be clustered alone
    (with its items in the same relative order) and give the links it gives inside the whole.
    """
    n = len(items)
    if n < 2 or not pairs:
        return []
    vecs = _unit(items) if vecs is None else vecs
    keys, doc, handle, label, date = _fields(items)

    # 3. Clusters, strongest pairs first; a merge must keep one item per document and every pair
    #    clean (>= min_cosine, no metadata conflict), so a chain cannot drift to another statement.
    cluster = list(range(n))
    members: dict[int, list[int]] = {i: [i] for i in range(n)}
    # per cluster met by a merge, its documents and the handles, labels and dates its members give: two clusters
    # may merge when they share no document and no member of one has metadata differing from a member of the other's
    facts: dict[int, tuple[set, tuple[set, ...]]] = {}

    def facts_of(c: int) -> tuple[set, tuple[set, ...]]:
        if c not in facts:
            facts[c] = ({int(doc[x]) for x in members[c]},
                        tuple({v[x] for x in members[c]} - {None} for v in (handle, label, date)))
        return facts[c]
    edges: dict[int, list[dict]] = defaultdict(list)
    n_edges: dict[int, int] = defaultdict(int)

    def add_edges(i: int, j: int, edge: dict) -> None:
        for x, e in ((i, edge), (j, None)):
            n_edges[x] += 1
            if len(edges[x]) < EVIDENCE_EDGES:
                edges[x].append(e if e is not None else {**edge, "with": keys[i]})

    for s, i, j, edge in sorted(pairs, key=lambda e: -e[0]):
        ci, cj = cluster[i], cluster[j]
        if ci == cj:
            add_edges(i, j, edge)
            continue
        a, b = members[ci], members[cj]
        (docs_a, known_a), (docs_b, known_b) = facts_of(ci), facts_of(cj)
        if docs_a & docs_b:
            continue
        cross = vecs[a] @ vecs[b].T
        if cross.min() < min_cosine or any(_differ(x, y) for x, y in zip(known_a, known_b)):
            continue
        if len(a) < len(b):
            ci, cj, a, b = cj, ci, b, a
        for x in b:
            cluster[x] = ci
        a.extend(b)
        for x, y in zip((docs_a, *known_a), (docs_b, *known_b)):  # both sides' facts, kept under the one that stays
            x |= y
        facts[ci] = (docs_a, known_a)
        del members[cj], facts[cj]
        add_edges(i, j, edge)

    links = []
    for group in members.values():
        if len(group) < 2:
            continue
        # in item order, not the order the merges gathered them: copies of one text tie on their sums but for the
        # last bits, which then follow the members alone, not which of their pairs came first
        group = sorted(group)
        sims = vecs[group] @ vecs[group].T
        order = sorted(range(len(group)), key=lambda g: (-float(sims[g].sum()), date[group[g]] or "~", keys[group[g]]))
        canon = group[order[0]]
        for g, x in enumerate(group):
            if x == canon:
                continue
            links.append(Link(keys[x], keys[canon], round(float(sims[g, order[0]]), 4), {
                "cosine": round(float(sims[g, order[0]]), 4),
                "same_handle": _relation(handle[x], handle[canon]),
                "same_label": _relation(label[x], label[canon]),
                "same_date": _relation(date[x], date[canon]),
                "langs": [items[x].lang, items[canon].lang],
                "cluster_size": len(group),
                "edges": edges[x],
                **({"edges_total": n_edges[x]} if n_edges[x] > len(edges[x]) else {}),
            }))
    return sorted(links, key=lambda link: (link.b, link.a))


def _differ(x: set, y: set) -> bool:
    """Whether some value of `x` differs from some value of `y` (the known values of one field in two clusters): a
    member of each with `_relation` False. One test per field and cluster pair, not one per pair of members."""
    return bool(x) and bool(y) and (len(x) > 1 or x != y)


def _conflict(i: int, j: int, handle, label, date) -> str | None:
    """The metadata that rules the pair out, if any: authors, chat labels or dates that differ."""
    for name, values in (("handle", handle), ("label", label), ("date", date)):
        if _relation(values[i], values[j]) is False:
            return name
    return None
