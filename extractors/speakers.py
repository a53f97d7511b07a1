"""Gather the spellings of one person: tweet authors and the speakers of quotations in prose.

Tweet authors carry a handle, and one handle is one person whatever display name goes with it
("Dan Gingiss – Pembuat Pengalaman", "Dan Gingiss – Créateur d'expériences"): the canonical name is the
display name before a dash or comma suffix ("Stephanie Thum, CCXP" → "Stephanie Thum"). Prose speakers
have no handle; one joins the first group whose name agrees with it by :func:`speaker_key` ("Jenn Vande
Zande" ~ "Jenn VandeZande"), or starts a group of its own. Groups come in order of first appearance.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Iterable

import regex

# A suffix after a spaced dash, or after a comma: a role, a credential, a tagline.
_SUFFIX = regex.compile(r"\s+[—–―‒-]\s+.*$|\s*[,،、，].*$", regex.S)


@dataclass(frozen=True)
class SpeakerGroup:
    canonical_name: str
    handle: str | None
    names: tuple[str, ...]          # every spelling met, as written, in order of first appearance


def speaker_key(name: str) -> str:
    """A name's letters and digits, casefolded, in their own script (no transliteration, accents kept):
    spaces, hyphens, dots, apostrophes and other punctuation dropped."""
    text = unicodedata.normalize("NFC", name).casefold()
    return "".join(ch for ch in text if unicodedata.category(ch)[0] in "LMN")


def base_name(name: str) -> str:
    """The display name without its dash or comma suffix."""
    base = _SUFFIX.sub("", name.strip()).strip()
    return base or name.strip()


def group_speakers(people: Iterable[tuple[str, str | None]]) -> list[SpeakerGroup]:
    """Groups of (name, handle) pairs, handle None for a speaker named in prose."""
    groups: list[dict] = []
    by_handle: dict[str, dict] = {}
    prose: list[tuple[str, str]] = []
    for n, (name, handle) in enumerate(people):
        if not name or not name.strip():
            continue
        if handle is None or not handle.strip().lstrip("@"):
            prose.append((n, name.strip()))
            continue
        h = handle.strip().lstrip("@")
        g = by_handle.get(h.casefold())
        if g is None:
            g = by_handle[h.casefold()] = {"canonical": base_name(name), "handle": h, "names": [],
                                           "keys": set(), "first": n}
            groups.append(g)
        _add(g, name.strip(), n)
    by_key: dict[str, dict] = {}          # each key's first group in list order
    for g in groups:
        for key in g["keys"]:
            by_key.setdefault(key, g)
    for n, name in prose:                 # after the handles: a speaker may be named before the tweet
        key = speaker_key(base_name(name))
        g = by_key.get(key) if key else None
        if g is None:
            g = {"canonical": base_name(name), "handle": None, "names": [], "keys": set(), "first": n}
            groups.append(g)
            by_key.setdefault(key, g)
        _add(g, name, n)                  # adds no key but ``key``, which already leads to ``g``
    groups.sort(key=lambda g: g["first"])
    return [SpeakerGroup(g["canonical"], g["handle"], tuple(name for _, name in sorted(g["names"])))
            for g in groups]


def _add(group: dict, name: str, n: int) -> None:
    if all(name != seen for _, seen in group["names"]):
        group["names"].append((n, name))
    group["keys"].add(speaker_key(base_name(name)))
    group["first"] = min(group["first"], n)
