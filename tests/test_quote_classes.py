"""Quotations of short news articles, one case per failure class and language (tests/data/quote_cases.toml).

Each case lists every quotation a careful reader records, in order, with its speaker — the fullest form of the
person's name the article gives, or an organisation, role or description as written — and the kind of mention
that names it; scare quotes, titles and names in quotes are no records. A predicted quotation matches an
expected one when its text, casefolded and without marks or emphasis, starts with the expected first words.
"""
from __future__ import annotations

import tomllib
from collections import Counter
from pathlib import Path

import pytest
import regex

from extractors.quotes import extract_quotes
from extractors.records import SPEAKER_KINDS, Document, normalize_text

CASES_FILE = Path(__file__).resolve().parent / "data" / "quote_cases.toml"
CLASSES = ("follow-on", "partial", "organisation", "role", "unnamed", "surname", "firstname", "pronoun",
           "unlisted-verb", "article-title-name", "internal-capital", "glued-words", "byline", "emphasis",
           "negative", "affiliation", "new-sentence", "dialogue", "name-particle", "interview", "verb-second",
           "document-author", "label", "declension")

_EMPHASIS = regex.compile(r"[*_]++")
_MARKS = r"[\s\p{Pi}\p{Pf}\p{Ps}\"'«»‹›]"
_LEADING = regex.compile(_MARKS + "++")
# An opening mark repeated at the head of a continuation paragraph (kept in the body, dropped from the text).
_REPEATED_OPENING = regex.compile(r"(\n\s*+)" + r"[\p{Pi}\p{Pf}\p{Ps}\"'«»‹›]++")


# A nickname in marks inside a written name ("Leopold “Leo” Marsh", "Ezequiel “el Flaco” Ruiz"), which the
# speaker's name leaves out.
_NICKNAME = regex.compile(r"(?<=\s)[«“„\"‹'‘]\s?(?:\w{1,3}\s)?\w[\w.'’-]*\s?[»”“\"›'’](?=\s)")


def _same_or_declined(speaker: str, written: str) -> bool:
    """Whether ``speaker`` is the name ``written`` or its nominative, where names decline ("Ольги
    Зиганшиной" -> "Ольга Зиганшина"): word for word, each sharing all but its last three letters; a
    nickname in marks inside the written name is left out."""
    written = _NICKNAME.sub(" ", written)
    a, b = speaker.split(), written.strip(" ,.;:«»").split()
    return speaker == written or (len(a) == len(b) and all(
        x[:max(2, len(x) - 3)] == y[:max(2, len(x) - 3)] for x, y in zip(a, b)))


def load_cases() -> list[dict]:
    with CASES_FILE.open("rb") as f:
        return tomllib.load(f)["case"]


OPEN_FILE = Path(__file__).resolve().parent / "data" / "quote_cases_open.txt"


def open_cases() -> set[str]:
    """Ids of the cases the extractor does not pass yet: run as strict xfails, listed by reason."""
    lines = OPEN_FILE.read_text(encoding="utf-8").splitlines()
    return {line.strip() for line in lines if line.strip() and not line.startswith("#")}


def case_params() -> list:
    seen: Counter = Counter()
    params = []
    still_open = open_cases()
    for case in load_cases():
        seen[case["lang"], case["class"]] += 1
        case_id = f"{case['lang']}-{case['class']}-{seen[case['lang'], case['class']]}"
        marks = [pytest.mark.xfail(strict=True, reason=f"open failure class {case['class']!r} (issue 10)")] \
            if case_id in still_open else []
        params.append(pytest.param(case, id=case_id, marks=marks))
    return params


def fold(text: str) -> str:
    """The form quotations are compared in: no emphasis, casefolded, whitespace folded, leading marks off."""
    text = _EMPHASIS.sub("", text).replace("’", "'")
    return _LEADING.sub("", normalize_text(text).casefold())


def invariant_problems(body: str, found) -> list[str]:
    """Every record can be cut out of the body again: quotation, mention and resolved speaker."""
    problems = []
    if [q.seq for q in found] != list(range(1, len(found) + 1)):
        problems.append(f"seq not 1..n: {[q.seq for q in found]}")
    for q in found:
        cut = body[q.start:q.end] if 0 <= q.start < q.end <= len(body) else None
        if cut is None:
            problems.append(f"#{q.seq} bad span {q.start}:{q.end}")
        elif q.text != cut:
            loose = normalize_text(_EMPHASIS.sub("", _REPEATED_OPENING.sub(r"\1", cut)))
            if loose != normalize_text(_EMPHASIS.sub("", q.text)):
                problems.append(f"#{q.seq} text {q.text!r} is not body[{q.start}:{q.end}] = {cut!r}")
        if q.mention is not None and body[q.mention_start:q.mention_end] != q.mention:
            problems.append(f"#{q.seq} mention {q.mention!r} != body[{q.mention_start}:{q.mention_end}] = "
                            f"{body[q.mention_start:q.mention_end]!r}")
        if q.speaker is not None and q.speaker_start >= 0 \
                and not _same_or_declined(q.speaker, body[q.speaker_start:q.speaker_end]):
            problems.append(f"#{q.seq} speaker {q.speaker!r} != body[{q.speaker_start}:{q.speaker_end}] = "
                            f"{body[q.speaker_start:q.speaker_end]!r}")
        if q.speaker_kind not in SPEAKER_KINDS + (None,):
            problems.append(f"#{q.seq} unknown speaker_kind {q.speaker_kind!r}")
        # a kind exactly when there is a source: a speaker, or a pronoun that points back to nobody named
        if (q.speaker is None and q.mention is None) != (q.speaker_kind is None) \
                or (q.speaker is None and q.mention is not None and q.speaker_kind != "pronoun"):
            problems.append(f"#{q.seq} speaker {q.speaker!r}, mention {q.mention!r} with speaker_kind "
                            f"{q.speaker_kind!r}")
    return problems


def describe(found) -> str:
    return "\n".join(f"  #{q.seq} {q.text[:60]!r} speaker={q.speaker!r} kind={q.speaker_kind!r} "
                     f"mention={q.mention!r} cue={q.cue!r}" for q in found) or "  (none)"


@pytest.mark.parametrize("case", case_params())
def test_quote_class(case):
    body = case["text"]
    found = extract_quotes(Document(source=body, body=body, kind="text", lang=case["lang"]))
    problems = invariant_problems(body, found)
    unused = list(found)
    for want in case["expect"]:
        starts = fold(want["starts"])
        q = next((q for q in unused if fold(q.text).startswith(starts)), None)
        if q is None:
            problems.append(f"missing quotation starting {want['starts']!r}")
            continue
        unused.remove(q)
        speaker, kind = want.get("speaker") or None, want.get("kind") or None
        if q.speaker != speaker:
            problems.append(f"{want['starts']!r}: speaker {q.speaker!r}, expected {speaker!r}")
        if q.speaker_kind != kind:
            problems.append(f"{want['starts']!r}: speaker_kind {q.speaker_kind!r}, expected {kind!r}")
    problems += [f"unexpected quotation {q.text[:60]!r} (speaker {q.speaker!r})" for q in unused]
    assert not problems, "\n".join(problems) + "\npredicted:\n" + describe(found)


def test_cases_are_well_formed():
    """The data itself: known classes and kinds, each expected quotation and speaker written in its text."""
    cases = load_cases()
    assert len(cases) >= 120
    assert len({c["lang"] for c in cases}) >= 12
    per_class = Counter(c["class"] for c in cases)
    assert set(per_class) == set(CLASSES) and min(per_class.values()) >= 3, per_class
    for c in cases:
        assert set(c) == {"lang", "class", "text", "expect"}, c
        text = fold(c["text"])
        for want in c["expect"]:
            assert set(want) <= {"starts", "speaker", "kind"} and want["starts"], want
            assert fold(want["starts"]) in text, want
            speaker, kind = want.get("speaker", ""), want.get("kind", "")
            # no speaker with a kind: a pronoun that points back to nobody named
            assert kind in SPEAKER_KINDS + ("",) and (bool(speaker) == bool(kind) or kind == "pronoun"), want
            assert speaker in c["text"] or any(_same_or_declined(speaker, " ".join(c["text"].split()[k:k + n]))
                                               for n in range(len(speaker.split()), len(speaker.split()) + 4)
                                               for k in range(len(c["text"].split()))), want
        if c["class"] == "negative":
            assert len(c["expect"]) <= 1, c
