"""Each reporting verb of a sentence and the subject read for it: where the article says who speaks.

A verb's subject is a quotation's source (:mod:`extractors.quote_clauses`) and, when it is a name, a strong
mention of a person (:mod:`extractors.quote_mentions`); both read it here, the same way. The subject stands
before or after the verb by the language's word order, or before a conjunction the verb is joined on by, or
before the commas a parenthetical verb stands between ("la difesa, ha spiegato, ha commesso «…»").
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator, Sequence

from extractors.quote_lang import Item
from extractors.quote_subjects import FIRST, LINKED, NAME, OTHER, PRODROP, PRONOUN, Reader, Subject
from extractors.quote_text import WINDOW, ArticleText


@dataclass(frozen=True)
class VerbSubject:
    """A reporting verb of a sentence and the subject read for it."""
    subject: Subject
    verb: str                 # as written
    at: int                   # the verb's offset
    before: Sequence[Item]    # the clause part before the verb, back to a quotation (for a source phrase)
    after: Sequence[Item]     # the clause part after it, up to a quotation


def verb_subjects(text: ArticleText, reader: Reader, sentence: Sequence[Item]) -> Iterator[VerbSubject]:
    """Each reporting verb of a sentence outside quotations, with its subject (a name, pronoun, role or
    first person; OTHER if none): where the article says who speaks, for a source and for a mention."""
    items = [it for it in sentence if not text.in_skip(it.start)] if text.skip else list(sentence)
    for vi, vj, carries in text.verbs_in(items):
        if text.quote_at(items[vi].start):
            continue
        verb = text.body[items[vi].start:items[vj - 1].end]
        if carries:
            yield VerbSubject(Subject(PRONOUN, items[vi].start, items[vj - 1].end), verb, items[vi].start, (), ())
            continue
        lo = vi
        while lo > max(0, vi - WINDOW) and not text.quote_at(items[lo - 1].start):
            lo -= 1
        if items[vi].key in text.data.participles and vj - vi == 1:     # "…, calling it a “…”"
            yield VerbSubject(reader.clause.main_clause_subject(items[lo:vi]), verb, items[vi].start, items[lo:vi], ())
            continue
        joined = _joined_subject(reader, items[lo:vi])
        if joined is not None:              # "Carl Vent rejected the plan and called it “…”"
            yield VerbSubject(joined, verb, items[vi].start, items[lo:vi], ())
            continue
        sb = reader.clause.before_verb(items[lo:vi])
        hi = vj
        while hi < min(len(items), vj + WINDOW) and not text.quote_at(items[hi].start):
            hi += 1
        sa = reader.after.after_verb(items[vj:hi])
        order = (sa, sb) if text.data.verb_first else (sb, sa)
        if text.data.accusing_verbs.match([it.key for it in items[vi:vj]], 0):
            order = (sb,)       # "La oposición acusó al alcalde Juan Ruiz de «…»": the one after it is accused
        if sb.kind == OTHER and _determined(items[lo:vi], text.data):
            order = (sb,)       # "Der Chef des Verbands nannte sie „…“": the pronoun after the verb is its object
        group = _parenthetical(text, items, lo, vi, vj, sa)
        if group is not None:
            # "la difesa, ha spiegato, ha commesso «…»": the noun before the commas is the subject of the
            # sentence's own verb; the reporting verb's subject follows it, is inverted before it ("a-t-il
            # expliqué") or was dropped
            inverted = next((it for it in items[group:vi] if it.key in text.data.pronouns), None)
            s = sa if sa.kind in (*LINKED, FIRST) else Subject(PRONOUN, inverted.start, inverted.end) \
                if inverted is not None else Subject(PRODROP, items[vi].start, items[vj - 1].end) \
                if text.data.pro_drop else Subject(OTHER)
            yield VerbSubject(s, verb, items[vi].start, (), items[vj:hi])
            continue
        s = next((x for x in order if x.kind in (*LINKED, FIRST)), Subject(OTHER))
        yield VerbSubject(s, verb, items[vi].start, items[lo:vi], items[vj:hi])


def _parenthetical(text: ArticleText, items: Sequence[Item], lo: int, vi: int, vj: int,
                   after: Subject) -> int | None:
    """Where the verb group starts (the reporting verb ``items[vi:vj]`` with an auxiliary or a pronoun inverted
    before it) when it stands between commas inside a clause that goes on after it: words before the first
    comma, and after the second a word outside any quotation ("il progetto, ha detto, è «…»", "la défense,
    a-t-il expliqué, a commis « … »"; not "The mayor, who came late, said, “…”"). ``after``: the subject read
    after the verb. None when it does not."""
    d = text.data
    j = vi
    while j > lo and items[j - 1].word and (items[j - 1].key in d.auxiliaries or items[j - 1].key in d.pronouns):
        j -= 1
    if j - lo < 2 or items[j - 1].key not in d.commas or not items[j - 2].word:
        return None
    for it in reversed(items[lo:j - 1]):       # one phrase before it, opening the clause: no apposition
        if not it.word and not it.inert:        # ("Wie der Chef, Jan Ott, ausführte,") or participle clause
            if it.key in d.commas:
                return None
            break
    k = vj
    if after.kind in (NAME, PRONOUN):
        while k < len(items) and items[k].start < after.end:
            k += 1
    if k + 1 < len(items) and items[k].key in d.commas and items[k + 1].word and not text.quote_at(items[k + 1].start) \
            and items[k + 1].key not in d.complementizers:
        return j                                # (", отметила, что …" hands over to what it said)
    return None


def _joined_subject(reader: Reader, before: Sequence[Item]) -> Subject | None:
    """For a verb a conjunction joins on ("… and called it", "y lo calificó": a clitic may stand between; a
    comma and "but"), the name opening the clause before the conjunction; None for any other verb."""
    d = reader.data
    c = len(before) - 1 - int(len(before) > 1 and before[-1].key in d.verb_clitics)
    if c >= 1 and before[c].key in d.adversatives and before[c - 1].key in d.commas:
        return coordinated_subject(reader, before[:c - 1])      # "…, pero advirtió", "…, но призвала"
    return coordinated_subject(reader, before[:c]) if c >= 0 and before[c].key in d.conjunctions else None


def coordinated_subject(reader: Reader, clause: Sequence[Item]) -> Subject | None:
    """The subject opening a clause that a conjunction joins to the reporting verb ("Ana Lima thanked
    her team and said: «…»"): the name its words open with, when no other name stands in it."""
    d = reader.data
    comma = next((k for k, it in enumerate(clause) if not it.word and it.key in d.commas), None)
    if comma and clause[0].key in d.prepositions and comma <= 8:
        clause = clause[comma + 1:]     # past a phrase fronted before the subject: "Do lado do clube, o presidente X"
    words = [it for it in clause if it.word]
    s = reader.parse(words[:8], cover=False) if words else None
    if s is None or s.kind != NAME or s.start > words[min(3, len(words) - 1)].start:
        return None                     # the name opens the clause, after a title at most
    later = [w for w in words if w.start >= s.end and w.key not in d.day_names and w.key not in d.month_names]
    return None if any(w.text[:1].isupper() for w in later[1:]) and not d.nouns_capitalised else s


def _determined(before: Sequence[Item], data) -> bool:
    """Whether the words before a verb are a noun phrase opened by an article, in a verb-second language
    (nouns capitalised): the verb's subject, so that a pronoun after the verb can only be its object."""
    words = [it for it in before if it.word]
    if any(not it.word and it.key in data.commas for it in before):
        return False        # "Die Pläne der Regierung, …, bezeichnete er als …": a fronted object and its clause
    return data.nouns_capitalised and not data.verb_first and bool(words) \
        and words[0].key in data.articles and any(w.text[:1].isupper() for w in words[1:])
