"""Interviews: the answers of a question-and-answer piece are the interviewee's words, marks or no marks.

An interview sets its questions apart and prints each answer after its question, without quote marks:

* a question is a paragraph wholly in bold or italics (``**Why stop now?**``), the answers the plain
  paragraphs between;
* or every paragraph opens with a label and a colon (or a spaced dash), two labels alternating: the
  interviewer's ("Q:", "Frage:", the publication's name) and the interviewee's ("A:", "Antwort:", the
  person's name or initials: "**BF –**");
* or, in the dialogue-dash style (« — Vous êtes la première ? » ⏎ « — Pour les autres, beaucoup. »), every
  paragraph opens with a dash, questions and answers alternating, no reporting clause in any;
* or nothing but the question mark sets the questions apart: short asking paragraphs and answers strictly
  alternating to the end, no quote marks anywhere in them.

Each paragraph of an answer is one record, attributed to the interviewee: the name an answer label gives,
else the person the introduction (the paragraphs before the first question) names. A piece reads as an
interview only with two questions or more, most of them ending with a question mark, and an interviewee
to give the answers to, after an introduction of a few paragraphs at most; a list of questions with no one
named before them (a FAQ), or questions as the subheadings of a report whose paragraphs quote people with
reporting verbs (an explainer), are left alone.

This module finds the structure (:func:`find_interview`), a pure function of the body; the pipeline
(:mod:`extractors.quotes`) names the interviewee with the article's name reader.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Sequence

import regex

from extractors.markup import inside
from extractors.quote_lang import LangData, fold

# A paragraph wholly in bold or italics: its marker, its words.
_EMPHASIS = regex.compile(r"(\*\*|__|\*|_)(?=[^\s*_])(.*?\p{L}.*?)(?<=[^\s*_])\1")
# A label opening a paragraph: one to four capitalised words, short particles between them (a name, "Q", "Frage",
# "ZEIT ONLINE", "La Gazette de l'Est") and a colon or a spaced dash ("**JN –**", initials in the Portuguese press),
# or one capital and a full stop (the Spanish and Italian press's "P." and "R."), tried last: "**A. Lima:**" is an
# initial and a surname. French typography sets a (narrow) no-break space before the colon.
_LABEL = regex.compile(r"((?:\*\*|__)?)(?|([\p{Lu}\p{Lt}][\p{L}\p{M}.'’-]*+"
                       r"(?:[ \t]++(?:\p{Ll}{1,3}[ \t]++)?(?:\p{Ll}['’])?[\p{Lu}\p{Lt}][\p{L}\p{M}.'’-]*+){0,3})"
                       r"\1?(?:[ \t\u00a0\u202f]*+[:：]|[ \t]++[–—])|(\p{Lu})\.)\1?[ \t\u00a0\u202f]++")
# A label opening an answer's paragraph ("R.", "A:", "Antwort:").
_ANSWER_LABEL = regex.compile(r"(?:\*\*|__)?([\p{L}]{1,10}+)[\u00a0\u202f]?[.:：](?:\*\*|__)?[ \t\u00a0\u202f]++")
# The question marks a question ends with.
_ASKING = "?？؟"
# Paragraphs at most before the first question (a title, a standfirst, an introduction).
_MAX_INTRO = 4
# Questions needed, and the share of them that must end with a question mark.
_MIN_QUESTIONS = 2
_QUESTION_MARKS = 0.5


@dataclass(frozen=True)
class Answer:
    """One paragraph of an answer: its words (label and emphasis left out) and, when a label opens it, the
    label's span (the interviewee's name, or a generic "A:")."""
    start: int
    end: int
    label: tuple[int, int] | None = None


@dataclass(frozen=True)
class Interview:
    """Where the interviewee is introduced (the body before the first question), and the answers."""
    intro: tuple[int, int]
    questions: tuple[tuple[int, int], ...]
    answers: tuple[Answer, ...]


def find_interview(body: str, data: LangData, skip: Sequence[tuple[int, int]] = ()) -> Interview | None:
    """The question-and-answer structure of ``body`` in one of the styles above, or None."""
    if not any(mark in body for mark in _ASKING):
        return None                         # no question: no interview (most articles, read no further)
    paragraphs = [(a, b) for a, b in _paragraphs(body) if not inside(skip, a)]
    for style in (_emphasised, _labelled, _dashed, _plain):
        found = style(body, paragraphs, data)
        if found is not None:
            introduced = {fold(w) for w in regex.findall(r"[\p{L}\p{M}'’-]++", body[slice(*found.intro)])}
            return replace(found, answers=tuple(_unlabelled(body, x, data, introduced) for x in found.answers))
    return None


def _unlabelled(body: str, answer: Answer, data: LangData, introduced: set[str]) -> Answer:
    """``answer`` past a label that opens it: an answer label, which names nobody ("R. Porque …", "A: We
    …"), or the interviewee's name as the introduction writes it ("Elmaleh-Graaf: Nee, …")."""
    if answer.label is not None:
        return answer
    m = _ANSWER_LABEL.match(body, answer.start, answer.end)
    if m and fold(m.group(1)) in data.answer_labels:
        return Answer(m.end(), answer.end, (m.start(1), m.end(1)))
    named = _LABEL.match(body, answer.start, answer.end)
    if named and named.group(2)[-1:] not in "." and fold(named.group(2).split()[-1]) in introduced:
        return Answer(named.end(), answer.end, (named.start(2), named.end(2)))
    return answer


def _paragraphs(body: str) -> list[tuple[int, int]]:
    """(start, end) of each non-empty line, its surrounding spaces left out."""
    out = []
    for m in regex.finditer(r"[^\n]++", body):
        line = m.group()
        words = line.strip()
        if words:
            a = m.start() + len(line) - len(line.lstrip())
            out.append((a, a + len(words)))
    return out


def _asks(text: str) -> bool:
    """Whether a paragraph ends with a question mark (emphasis and closing marks aside)."""
    last = text.rstrip(" *_»”\"")[-1:]
    return bool(last) and last in _ASKING


def _enough(questions: Sequence[str]) -> bool:
    """Whether these are an interview's questions: two or more, most ending with a question mark."""
    asking = sum(_asks(q) for q in questions)
    return len(questions) >= _MIN_QUESTIONS and asking >= _QUESTION_MARKS * len(questions) and asking >= 2


def _interview(questions: list[tuple[int, int]], answers: list[Answer], body: str) -> Interview | None:
    """The interview, when its questions are enough and its introduction short: an explainer with questions
    for subheadings comes after paragraphs of reporting."""
    if not answers or not _enough([body[a:b] for a, b in questions]):
        return None
    if len(_paragraphs(body[:questions[0][0]])) > _MAX_INTRO:
        return None
    return Interview((0, questions[0][0]), tuple(questions), tuple(answers))


def _emphasised(body: str, paragraphs: list[tuple[int, int]], data: LangData) -> Interview | None:
    """Questions in bold or italics, from the first one that asks on; the plain paragraphs after each are
    its answer (after the last question no more paragraphs than the longest answer before)."""
    emphasised = [bool(_EMPHASIS.fullmatch(body, a, b)) for a, b in paragraphs]
    first = next((k for k, (a, b) in enumerate(paragraphs) if emphasised[k] and _asks(body[a:b])), None)
    if first is None:
        return None
    questions: list[tuple[int, int]] = []
    runs: list[list[Answer]] = []
    for k in range(first, len(paragraphs)):
        a, b = paragraphs[k]
        if emphasised[k]:
            questions.append((a, b))
            runs.append([])
        else:
            runs[-1].append(Answer(a, b))
    longest = max((len(r) for r in runs[:-1]), default=1)
    runs[-1] = runs[-1][:max(longest, 1)]
    return _interview(questions, [x for r in runs for x in r], body)


def _labelled(body: str, paragraphs: list[tuple[int, int]], data: LangData) -> Interview | None:
    """Paragraphs opened by "Label:", two labels alternating from the first that asks on: the asking one's
    paragraphs are the questions, the other's the answers (an unlabelled paragraph goes on the answer)."""
    labels = [_LABEL.match(body, a, b) for a, b in paragraphs]
    keys = [fold(m.group(2)) if m else None for m in labels]
    asking = {key for key, (a, b) in zip(keys, paragraphs) if key and _asks(body[a:b])}
    first = next((k for k, key in enumerate(keys) if key in asking), None)
    if first is None:
        return None
    interviewer = keys[first]
    questions: list[tuple[int, int]] = []
    answers: list[Answer] = []
    replier = None
    for k in range(first, len(paragraphs)):
        a, b = paragraphs[k]
        m, key = labels[k], keys[k]
        if key == interviewer:
            questions.append((a, b))
        elif key is not None and replier in (None, key):
            replier = key
            answers.append(Answer(m.end(), b, (m.start(2), m.end(2))))
        elif key is None and answers and questions and answers[-1].start > questions[-1][0]:
            answers.append(Answer(a, b))
        else:
            break                           # a third label: a panel or a transcript, not one interviewee
    return _interview(questions, answers, body) if replier is not None else None


def _dashed(body: str, paragraphs: list[tuple[int, int]], data: LangData) -> Interview | None:
    """The first run of paragraphs each opened by a dialogue dash, none holding a reporting clause after a
    second dash ("— ¿Vienes? —preguntó ella"), the even ones asking and the odd ones mostly not: questions
    and answers alternating."""
    dashes = data.dialogue_dashes
    if not dashes:
        return None
    run = [paragraphs[k] for k in _first_run([k for k, (a, _) in enumerate(paragraphs) if body[a] in dashes])]
    if len(run) < 2 * _MIN_QUESTIONS:
        return None
    clause = regex.compile(rf"[,.!?…][ \t]*+[{regex.escape(dashes)}][ \t]*+\p{{Ll}}")
    if any(clause.search(body, a + 1, b) for a, b in run):
        return None
    replies = run[1::2]
    if 2 * sum(_asks(body[a:b]) for a, b in replies) > len(replies):
        return None
    return _interview(run[0::2], [Answer(_after_dash(body, a, b), b) for a, b in replies], body)


# Pairs of a plain question and its answer needed, and the most words a plain question has.
_MIN_PLAIN_PAIRS = 3
_PLAIN_QUESTION_WORDS = 40
_QUOTE_MARKS = regex.compile(r"[\p{Pi}\p{Pf}\"«»„‹›]")


def _plain(body: str, paragraphs: list[tuple[int, int]], data: LangData) -> Interview | None:
    """Questions set apart by nothing but their question mark: from the first paragraph that asks on, short
    asking paragraphs and paragraphs that do not ask strictly alternating, three pairs or more, no quote
    marks in any (an article quoting people, or a FAQ of long questions, is no such interview)."""
    first = next((k for k, (a, b) in enumerate(paragraphs[:_MAX_INTRO + 1]) if _asks(body[a:b])), None)
    if first is None:
        return None
    run = paragraphs[first:]
    questions, replies = run[0::2], run[1::2]
    if len(replies) < _MIN_PLAIN_PAIRS or any(_QUOTE_MARKS.search(body, a, b) for a, b in run) \
            or not all(_asks(body[a:b]) and len(body[a:b].split()) <= _PLAIN_QUESTION_WORDS for a, b in questions) \
            or any(_asks(body[a:b]) for a, b in replies):
        return None
    return _interview(list(questions), [Answer(a, b) for a, b in replies], body)


def _first_run(opened: list[int]) -> list[int]:
    """The first run of consecutive paragraph indices in ``opened``."""
    run = opened[:1]
    for k in opened[1:]:
        if k != run[-1] + 1:
            break
        run.append(k)
    return run


def _after_dash(body: str, a: int, b: int) -> int:
    """Where the words of a dash-opened paragraph start."""
    m = regex.compile(r"\S[ \t]*+").match(body, a, b)
    return m.end() if m else a
