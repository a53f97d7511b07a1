"""Quotations with no cue of their own: the saying goes on, or the sentence around it reports speech.

A quotation that opens its sentence right after an attributed one (“…,” she said. “…”), or opens the next
paragraph (a follow-on paragraph), keeps that source when nothing in its own sentence names anyone else
(:meth:`Uncued.continuation`). A partial quotation inside a narrative sentence (``She called the plan “a
gamble”``, ``nannte sie „blanker Unsinn“``, ``laut der Polizei „…“``) takes the source of the sentence's
reporting verb or "according to" phrase, or of the sentence before that reports the same person
(:meth:`Uncued.in_reported_sentence`). Titles, names and labels in marks stay out.
"""
from __future__ import annotations

import math

from dataclasses import replace
from typing import Sequence

import regex

from extractors.quote_attribution import Attribution, Attributor
from extractors.quote_clauses import Clauses
from extractors.quote_lang import Item, first_letter, fold
from extractors.quote_marks import Quotation
from extractors.quote_subjects import EMPTY, NAME, OTHER, PRODROP, PRONOUN, ROLE, SOURCE, Reader, Subject
from extractors.quote_text import SEMICOLONS, WINDOW, ArticleText

_PEOPLE = ("person", "pronoun")     # mention kinds that stand for one person
# The word ending a window (letters only; anything but spaces), and every word of one (apostrophes, hyphens inside).
_LAST_WORD = regex.compile(r"([\p{L}\p{M}]++)\s*+$")
_LAST_TOKEN = regex.compile(r"(\S+)\s*$")
_WORD = regex.compile(r"[\p{L}\p{M}'’-]+")


def _own_clause(sentence: list[Item], pos: int) -> list[Item]:
    """The items of ``sentence`` between the semicolons around ``pos``: the clause of the quotation there."""
    lo = max((it.start for it in sentence if it.key in SEMICOLONS and it.start < pos), default=-1)
    hi = min((it.start for it in sentence if it.key in SEMICOLONS and it.start > pos), default=math.inf)
    return [it for it in sentence if lo < it.start < hi]


class Uncued:
    """Sources of one article's quotations that no cue of their own attributes."""

    def __init__(self, text: ArticleText, reader: Reader, attributor: Attributor, clauses: Clauses):
        self.text, self.reader, self.attributor, self.clauses = text, reader, attributor, clauses
        self.body, self.data = text.body, text.data
        self.limits, self.conf = text.data.limits, text.data.confidence

    def continuation(self, q: Quotation, prev: Quotation, att: Attribution) -> Attribution | None:
        """The same speaker for a quotation that goes on from an attributed one: it opens its sentence
        right after it (``“…,” she said. “…”``) or opens the next paragraph (a follow-on paragraph), and
        nothing in its own sentence names anyone else."""
        text = self.text
        here, there = text.line_of(q.open_pos), text.line_of(prev.after - 1)
        words = text.quote_words(q)
        sentence_after = words > 1 and here == there and text.whole_sentence(q)
        if words < int(self.limits["min_words_uncued"]) and not sentence_after:
            return None             # a short one only as a sentence of its own right after: “…,” she said. “Not now.”
        _, _, before = text.before(q)
        ended = q.close_pos is None or text.last_inside(q) in self.data.terminators
        if not self._bare_lead_in(before) or (not ended and any(it.word for it in text.after(q))):
            return None             # words around it in its sentence: it is not a saying on its own
        if here != there and (not text.own_line(q) or text.filled(there, 1) != here):
            return None
        return replace(att, cue="continuation", confidence=att.confidence + self.conf["continuation"],
                       way="continuation")

    def own_paragraph(self, q: Quotation) -> Attribution | None:
        """A quotation that fills its paragraph, one whole sentence or more, with no cue anywhere near it
        (a portrait's paragraph about someone, then ⏎ “…”): a saying of the person the paragraph before is
        about, as a dropped subject would be, or of someone unknown."""
        text = self.text
        if not text.own_line(q) or not text.whole_sentence(q) \
                or text.quote_words(q) < int(self.limits["min_words_uncued"]):
            return None
        n = text.line_of(q.open_pos)
        if not text.ends_line(q, n) or text.filled(n, -1) < 0 or text.heading(text.filled(n, -1)):
            return None
        dropped = Subject(PRODROP, q.open_pos, q.open_pos)
        found = self.clauses.people.antecedent_of(dropped, q.open_pos, "")
        c = self.conf["own_paragraph"] + self.conf["antecedent_distance"] * max(0, found[1] - 1) if found else 0.0
        if found is not None and c >= float(self.limits["min_confidence"]) \
                and (found[0].strong or found[0].salient or found[0].titled
                     or self.clauses.people.only_person_before(found[0], q.open_pos)):
            m = found[0]            # named just before, as a sentence's subject or after a title, or the one
                                    # person the article has named
            return Attribution(m.start, m.end, "own-paragraph", c, "own_paragraph", "pronoun")
        return Attribution(-1, -1, "own-paragraph", self.conf["own_paragraph"] + self.conf["unresolved"],
                           "own_paragraph", "pronoun")

    def _bare_lead_in(self, before: Sequence[Item]) -> bool:
        """Whether the words before a quotation in its sentence leave it a saying of the same speaker: none,
        or a short lead-in that names no one, holds no verb the data lists and ends with a colon
        ("Then, after a pause: “…”")."""
        words = [it for it in before if it.word]
        if not words:
            return True
        if before[-1].word or before[-1].key not in self.data.colons or len(words) > 6:
            return False
        if any(first_letter(w.text).isupper() for w in words[1:]) or self.text.verbs_in(before):
            return False
        return not any(w.key in self.data.pronouns or w.key in self.data.first_person for w in words)

    def in_reported_sentence(self, q: Quotation, previous: tuple[Quotation, Attribution] | None = None
                             ) -> Attribution | None:
        """A partial quotation inside a sentence that reports speech (``She called the plan “a gamble”``,
        ``nannte sie „blanker Unsinn“``, ``laut der Polizei „…“``): the source of the sentence's
        reporting verb or "according to" phrase, the one nearest before the quotation first. A sentence
        with neither that follows one with a source in the same paragraph goes on reporting it
        (``Sie seien „…“``, cue ``partial-continuation``): the previous sentence's source, or the source of
        ``previous``, the attributed quotation just before, when it stands there."""
        text = self.text
        if q.close_pos is None or self._name_like(q):
            return None
        p = text.para(text.line_of(q.open_pos))
        i = p.index_at(q.open_pos)
        a, b = p.sentence_bounds(i)
        sentence = text.unquoted(p.items[max(a, i - WINDOW):min(b, i + WINDOW)])
        sentence = _own_clause(sentence, q.open_pos)
        lettered = [it for it in sentence if it.word and first_letter(it.text)]     # not "02:31 — The …"
        cased = not self.data.unspaced_any.search(self.body[q.open_pos:q.after]) and any(
            first_letter(it.text).isupper() for it in lettered[:3])
        if i > a and text.is_end(p.items[i - 1]):
            a = i                   # a full stop right before the opening mark: the quotation opens a sentence
            sentence = [it for it in sentence if it.start > q.open_pos]
        if not cased and text.quote_words(q) < int(self.limits["min_words_uncued"]):
            return None             # caseless scripts: a term's speaker cannot be told from its words
        term = text.quote_words(q) <= int(self.limits["term_max_words"])
        found = self._source_in_sentence(sentence, q.open_pos, cased, "partial", term=term)
        if found is None and cased and not term:     # a word or two after "as" is a term ("dismissed as “naive”")
            found = self._characterised(sentence, q.open_pos)
        if found is not None or a == 0 or not cased or self._in_apposition(q):
            return found
        pa, _ = p.sentence_bounds(a - 1)
        if previous is not None and p.items[pa].start <= _closing(previous[0]) < p.items[a].start:
            att = previous[1]
            return replace(att, cue="partial-continuation", way="partial",
                           confidence=min(att.confidence, self.conf["partial"]) + self.conf["continuation"])
        if any(text.quote_at(it.start) for it in p.items[pa:a]):
            return None             # the sentence before quotes someone whose source it did not name
        prev = text.unquoted(p.items[max(pa, a - WINDOW):a])
        att = self._source_in_sentence(prev, p.items[a].start, cased, "partial")
        if att is None and any(it.key in self.data.reported_mood and it.start < q.open_pos for it in sentence):
            att = self._mood_source(prev)
        if att is None:
            return None
        return replace(att, cue="partial-continuation", confidence=att.confidence + self.conf["continuation"])

    def _characterised(self, sentence: Sequence[Item], pos: int) -> Attribution | None:
        """For a quotation right after "as" (``as_words``, an article between allowed) in a sentence whose verb
        the data does not list, its subject: a person who characterises something in those words ("Der Kämmerer
        Ivo Roth charakterisierte die Lage als „…“", "Lee dismissed the plan as “…”")."""
        lead = [it for it in sentence if it.start < pos]
        words = [it for it in lead if it.word]
        if len(words) < 3 or not lead[-1].word:
            return None
        k = len(words) - 1 - int(words[-1].key in self.data.articles)
        if words[k].key not in self.data.as_words:
            return None
        s = self.clauses.lead_in_subject(lead[:lead.index(words[k])])
        if s.kind not in (NAME, PRONOUN, ROLE):
            return None
        return self.attributor.attribution(s, f"partial:{words[k].text}", "partial", words[k].start)

    def _in_apposition(self, q: Quotation) -> bool:
        """Whether a short quotation stands between commas after a word, with no full stop, question or
        exclamation mark of its own ("Su anterior obra, «Cartas del norte», fue finalista"): the name of the
        thing the noun before it means, which no sentence before it reports."""
        before = self.body[max(0, q.open_pos - 3):q.open_pos].rstrip()
        after = self.body[q.after:q.after + 2].lstrip()
        words = self.text.quoted(q).split()
        return before.endswith(",") and after.startswith(",") and len(words) <= 6 \
            and self.text.quoted(q).rstrip()[-1:] not in self.data.terminators + "?!"

    def _mood_source(self, prev: Sequence[Item]) -> Attribution | None:
        """For a sentence whose verb is in the mood of reported speech ("Die Stadt habe „keine Wahl“ gehabt"),
        the person the sentence before it is about, whatever its verb ("Der Kämmerer Paul Ries verteidigte den
        Beschluss."): its subject when a name, pronoun or role."""
        lead = [it for it in prev if not (not it.word and it.key in self.data.terminators)]
        s = self.clauses.lead_in_subject(lead) if any(it.word for it in lead) else Subject(OTHER)
        if s.kind not in (NAME, PRONOUN, ROLE):
            return None
        return self.attributor.attribution(s, "partial-continuation", "partial", prev[-1].start if prev else 0)

    def _source_in_sentence(self, sentence: Sequence[Item], pos: int, cased: bool, base: str,
                            term: bool = False) -> Attribution | None:
        """The source of a sentence that reports speech: the subject of its reporting verb nearest before
        ``pos`` (else after it), or the speaker after its "according to" phrase. A ``term`` (a word or two)
        takes no verb after it that a conjunction joins on: it names what the first clause's subject has
        ("keeps a “hiring compass” and says …"), not what it said."""
        best: tuple[int, Attribution] | None = None
        conjunctions = self.data.conjunctions
        for subject, verb, at in self.clauses.verb_sources(sentence, sources=cased, quoted_at=pos):
            if term and at > pos and any(it.key in conjunctions for it in sentence if pos < it.start < at):
                continue
            if subject.kind in (EMPTY, OTHER) and at < pos and self.clauses.dropped_before(sentence, at) \
                    and any(it.key in self.data.complementizers for it in sentence if at < it.start < pos):
                subject = Subject(PRODROP, at, at + len(verb))      # "Diceva che il cinema era «…»": the one before
            att = self.attributor.attribution(subject, f"{base}:{verb}", base, at, verb)
            if att is not None:
                rank = pos - at if at < pos else WINDOW * 8 + at - pos
                if best is None or rank < best[0]:
                    best = rank, att
        according = self._according_in_sentence(sentence, pos, cased, base)
        if best is not None and not (according is not None and according[0] == 0 and according[1].kind in _PEOPLE
                                     and best[1].kind not in (*_PEOPLE, "role")):
            return best[1]      # "Según ella, la obra le exigió «…»": the person the sentence opens with speaks
        return according[1] if according is not None else None

    def _according_in_sentence(self, sentence: Sequence[Item], pos: int, cased: bool,
                               base: str) -> tuple[int, Attribution] | None:
        """(where, source) of the first "according to" phrase of a sentence that names a source."""
        keys = [it.key for it in sentence]
        according, after = self.data.according_to, self.data.according_to_after
        postpositions = self.data.according_postpositions
        for k, key in enumerate(keys):      # a word no entry begins with (most) matches none: the sets first
            if k and key in postpositions.prefixes and postpositions.match(keys, k):
                found = self._before_postposition(sentence, k, cased, base)
                if found is not None:
                    return found
                continue
            n = according.match(keys, k) if key in according.prefixes or according.affixes else 0
            if not n:                       # "so" also after the quotation: "Der Iran müsse „…“ beenden, so Rice."
                n = after.match(keys, k) if key in after.prefixes or after.affixes else 0   # set off by
                n = n if n and k and not sentence[k - 1].word else 0    # punctuation ("so begeistert" is no source)
            elif sentence[k].start > pos and not (k and sentence[k - 1].key in self.data.commas):
                continue                    # after it only set off by a comma: "« … », selon le défenseur X."
            if not n:
                continue
            rest = sentence[k + n:]
            subject = self.reader.after.after_according_to(rest)
            if n == 1 and sentence[k].key in self.data.opinion_for:
                if subject.kind not in (NAME, PRONOUN):     # "per capire", "pour la suite": "for" names a person,
                    subject = self.clauses.source_next_to([], rest)    # a pronoun, an organisation or an office
                                                                # ("pour le syndicat"), or nobody
                    if subject.kind != SOURCE or subject.source_kind not in ("organisation", "role"):
                        continue
            elif subject.kind not in (NAME, PRONOUN, ROLE) and cased:      # "Secondo il ministro, …": a role
                subject = self.clauses.source_next_to([], rest)
            phrase = self.body[sentence[k].start:sentence[k + n - 1].end]
            att = self.attributor.attribution(subject, f"{base}:{phrase}", base, sentence[k].start, phrase)
            if att is not None:
                return k, att
        return None

    def _before_postposition(self, sentence: Sequence[Item], k: int, cased: bool,
                             base: str) -> tuple[int, Attribution] | None:
        """(where, source) for an "according to" that follows its source ("Dem Ministerium zufolge", "Yılmaz'a
        göre"): a name, or where the script is cased a noun phrase, in up to five words back to punctuation."""
        lo = k
        while lo > 0 and k - lo < 5 and sentence[lo - 1].word:
            lo -= 1
        words = list(sentence[lo:k])
        subject = self.reader.parse(words, cover=True)
        if subject.kind not in (NAME, PRONOUN) and cased:
            subject = self.clauses.source_next_to(words, [])
        phrase = sentence[k].text
        att = self.attributor.attribution(subject, f"{base}:{phrase}", base, sentence[lo].start, phrase)
        return (lo, att) if att is not None else None

    def _name_like(self, q: Quotation) -> bool:
        """Whether a quotation inside a sentence reads as a name or a title rather than words someone said:
        a web address, no letter at all, or up to six words whose words are all capitalised but for
        short function words ("Seestern 4", "Die Neue Bühne", "Gesetz zur Änderung des Hafengesetzes")."""
        text = self.text.quoted(q).strip(" .,;:!?")
        words = text.split()
        if not any(ch.isalpha() for ch in text) or (len(words) == 1 and "." in text.strip(".")):
            return True
        if self._so_called(q):
            return True
        content = [w for w in words if w[0].isalpha() and not (len(w) <= 3 and w.islower())]
        capitalised = bool(content) and all(w[0].isupper() for w in content)
        if capitalised and self.data.nouns_capitalised and len(words) >= 3 and self._after_indefinite(q):
            return False        # "sprach von einer „Bedrohung für Spieler und Zuschauer“": a noun phrase, no title
        if capitalised and self.data.nouns_capitalised and self._after_lowercase(q) and (
                len(words) == 1 or (len(words) <= 4 and (fold(words[0]) not in self.data.stop_words
                                                         or fold(words[0]) in self.data.indefinites))):
            return False        # "sprach von „Panikverkäufen“", "nannte ihn einen „Lügner“", "riet zu „Ruhe
                                # und Geduld“": nouns where nouns are capitalised; a title follows its noun
                                # ("der Film „…“") or opens with an article ("in „Die Woche“")
        return capitalised and len(words) <= 6 and text[-1:] not in self.data.terminators

    def _after_lowercase(self, q: Quotation) -> bool:
        """Whether the word right before the opening mark is in lowercase and no definite article (a
        preposition, an indefinite article, a verb): "der „Tagespost“" names a paper, "von „…“" a thing."""
        m = _LAST_WORD.search(self.body[max(0, q.open_pos - 40):q.open_pos])
        return m is not None and m.group(1)[:1].islower() \
            and fold(m.group(1)) not in self.data.definites | self.data.contractions

    def _so_called(self, q: Quotation) -> bool:
        """Whether the words right before the opening mark make the quotation a label ("the so-called
        «…»", "la llamada «…»", "так называемая «…»")."""
        before = [fold(w) for w in _WORD.findall(self.body[max(0, q.open_pos - 40):q.open_pos])]
        return any(self.data.so_called.match(before, i) == len(before) - i
                   and not (i and before[i - 1] in self.data.reflexives)    # "elle se dit « … »": a verb
                   for i in range(max(0, len(before) - 3), len(before)))

    def _after_indefinite(self, q: Quotation) -> bool:
        """Whether an indefinite article stands right before the opening mark: a title or a name takes
        the definite one ("der Film „…“"), a phrase someone coined the indefinite ("eine „…“")."""
        before = _LAST_TOKEN.search(self.body[max(0, q.open_pos - 40):q.open_pos])
        return bool(before) and fold(before.group(1)) in self.data.indefinites


def _closing(q: Quotation) -> int:
    """Where a quotation closes (where it opens if it never does): inside the sentence it stands in, where its
    opening mark may stand before that sentence's first word."""
    return q.close_pos if q.close_pos is not None else q.open_pos
