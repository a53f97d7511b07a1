"""Stage (b) of quotation extraction: for one quotation, the mention that says who said it, and the cue.

The cues, in the order :meth:`Sources.attribute` tries them (the first that names a source wins), are
those the docstring of :mod:`extractors.quotes` lists: a reporting verb, an "according to" phrase or a
dash after the closing mark; a reporting verb, "according to", ``Name:`` or a named subject with a colon
before the opening mark; a byline under the quotation's line (:class:`Bylines`); a reporting verb with a
named subject in the sentence before. A quotation none of them attributes may go on from the one before
(:meth:`Sources.continuation`) or be a partial quotation in a sentence that reports speech
(:meth:`Sources.in_reported_sentence`).

A source that is a pronoun, a definite role or a dropped subject is resolved at once to the person it
points back to (:meth:`extractors.quote_people.People.antecedent_of`): a cue whose subject points to
nobody names no source, and the next cue is tried. The result is a plain record, :class:`Attribution`.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Iterator, Sequence

import regex

from extractors.quote_lang import Item, Paragraph, first_letter, fold, has_digit
from extractors.quote_marks import Quotation
from extractors.quote_people import People, verb_subjects
from extractors.quote_subjects import (EMPTY, FIRST, LINKED, NAME, OTHER, PRODROP, PRONOUN, ROLE, SOURCE,
                                       NameIndex, Reader, Subject)
from extractors.quote_text import WINDOW, ArticleText, word_count

# How a saying of its own may open: a letter or a digit, an inverted mark, a bracket (no markup, no bullet).
_SAYING = regex.compile(r"[\p{L}\p{N}¿¡(]")
# The cues strong enough for a quotation shorter than ``min_words_uncued`` words (a reporting verb, an
# "according to", a dash and a name right after it): a line of its own, a colon after a name or the
# sentence before say too little about so few words.
_SHORT_WAYS = ("verb", "according_to", "dash")


@dataclass(frozen=True)
class Attribution:
    """A quotation's source, the output of this stage: the mention as written, its kind and cue, the
    confidence, and the person it resolves to (the pipeline then trims and completes that name)."""
    start: int                # the resolved speaker's span (-1, -1: a source no person stands behind)
    end: int
    cue: str
    confidence: float
    way: str = ""             # the confidence key of the cue: verb, according_to, dash, dash_line…
    kind: str = "person"      # of the mention: person | pronoun | role | organisation | unnamed
    mention: tuple[int, int] = (-1, -1)     # the source as written; (-1, -1) for a dropped subject
    cue_span: tuple[int, int] = (-1, -1)    # the reporting verb or frame word
    speaker: str | None = None              # set for sources no person stands behind: the mention as written

    @property
    def unresolved(self) -> bool:
        """A pronoun or dropped subject that points back to nobody, or a frame that names no source at all:
        any other cue that names someone wins."""
        return self.start < 0 and (self.kind == "pronoun" or (self.kind == "unnamed" and self.mention[0] < 0))


def _unnamed(att: Attribution | None) -> bool:
    return att is None or att.unresolved


def _named_first(*found: Attribution | None) -> Attribution | None:
    """The first attribution that names someone, else the first at all (a source whose person is unknown)."""
    return next((a for a in found if not _unnamed(a)), next((a for a in found if a is not None), None))


class Attributor:
    """Turns a subject a cue found into an :class:`Attribution` with the confidence of the cue: a name
    stands (and the name index takes it in); a source phrase stands as written; a pronoun, role or
    dropped subject is resolved to the person it points back to."""

    def __init__(self, text: ArticleText, reader: Reader, names: NameIndex, people: People):
        self.reader, self.names, self.people = reader, names, people
        self.body, self.conf = text.body, text.data.confidence
        self.min_confidence = float(text.data.limits["min_confidence"])
        self.group_pronouns = text.data.group_pronouns

    def attribution(self, subject: Subject, cue: str, base: str, anchor: int, verb: str = "") -> Attribution | None:
        """``subject`` as the source, with the confidence of ``base`` (``anchor``: where the verb or
        phrase stands, which also orders the words of the cue); None if it names nobody."""
        cue_span = (anchor, anchor + len(verb)) if verb and self.body.startswith(verb, anchor) else (-1, -1)
        if subject.kind == NAME:
            return self._named(subject, cue, base, cue_span)
        if subject.kind == SOURCE:
            holder = self.people.description_holder(subject, after_verb=subject.start > anchor)
            if holder is not None:              # "Landrätin Ute Brandhorst … die Landrätin erklärte"
                return Attribution(holder.start, holder.end, f"role:{verb}", self.conf["role"], base, "role",
                                   (subject.start, subject.end), cue_span)
            organisation = self.people.organisation_before(subject)
            if organisation is not None:        # "Norvale Power announced … “…,” the company said"
                return Attribution(-1, -1, cue, self.conf[base] + self.conf["described_source"], base,
                                   "organisation", (subject.start, subject.end), cue_span,
                                   self.body[slice(*organisation)])
            return Attribution(-1, -1, cue, self.conf[base] + self.conf["described_source"], base,
                               subject.source_kind, (subject.start, subject.end), cue_span,
                               self.body[subject.start:subject.end])
        if self.is_group(subject):
            return self._group(subject, cue, base, verb, cue_span)
        if subject.kind not in (PRONOUN, ROLE, PRODROP):
            return None
        return self._resolved(subject, base, anchor, verb, cue_span)

    def unknown(self, cue: str, way: str, cue_span: tuple[int, int] = (-1, -1)) -> Attribution:
        """A frame that says someone spoke and names no one ("Darin heißt es:", a sentence naming nobody
        before a colon): the quotation stands, its speaker unknown."""
        return Attribution(-1, -1, cue, self.conf["unknown_source"], way, "unnamed", cue_span=cue_span)

    def is_group(self, subject: Subject) -> bool:
        """Whether ``subject`` is a pronoun for a group or an organisation ("they", "it")."""
        return subject.kind == FIRST and fold(self.body[subject.start:subject.end]) in self.group_pronouns

    def _group(self, subject: Subject, cue: str, base: str, verb: str, cue_span: tuple[int, int]) -> Attribution:
        """A pronoun for a group or an organisation ("they said", "it stated"): the organisation opening a
        sentence shortly before, else the quotation with its speaker unknown."""
        written = (subject.start, subject.end)
        organisation = self.people.nearest_organisation(subject.start, marked=True)
        if organisation is not None:
            return Attribution(-1, -1, cue, self.conf[base] + self.conf["described_source"], base,
                               "organisation", written, cue_span, self.body[slice(*organisation)])
        return self._unresolved(subject, base, verb, written, cue_span)

    def _named(self, subject: Subject, cue: str, base: str, cue_span: tuple[int, int]) -> Attribution:
        self.names.learn_name(subject)          # later, the surname alone is this person
        c = self.conf[base]
        if subject.single:
            c += self.conf["single_word_name"]
        if self.reader.is_person(subject.start, subject.end):
            c += self.conf["person_entity"]
        return Attribution(subject.start, subject.end, cue, c, base, "person", (subject.start, subject.end),
                           cue_span)

    def _resolved(self, subject: Subject, base: str, anchor: int, verb: str,
                  cue_span: tuple[int, int]) -> Attribution | None:
        """A pronoun, role or dropped subject as the person it points back to; a role no named person
        holds is the source as written ("the mayor said" with no mayor named before)."""
        conf = self.conf
        kind = "role" if subject.kind == ROLE else "pronoun"
        written = (subject.start, subject.end) if subject.kind != PRODROP else (-1, -1)
        found = self.people.antecedent_of(subject, anchor, verb)
        if found is None:
            if subject.kind == ROLE:
                return Attribution(-1, -1, f"role:{verb}", conf["role"], base, "role", written, cue_span,
                                   self.body[subject.start:subject.end])
            return self._unresolved(subject, base, verb, written, cue_span)
        mention, distance = found
        words = self.body[subject.start:subject.end] if subject.kind != PRODROP else ""
        said = " ".join(dict.fromkeys(x for x in ((words, verb) if subject.start < anchor else (verb, words)) if x))
        if subject.kind == PRONOUN:
            cue, c = f"pronoun:{said}", conf["pronoun"]
        elif subject.kind == ROLE:
            cue, c = f"role:{said}", conf["role"]
        else:
            cue, c = f"pro-drop:{verb}", conf["pro_drop"]
        c += conf["antecedent_distance"] * distance + (0 if mention.strong else conf["weak_antecedent"])
        # a role noun points back within its own paragraph as surely to a name in passing ("… di Marco Fabbri.
        # «…», ha detto l'attaccante") as to one opening a sentence
        c += 0 if mention.salient or (subject.kind == ROLE and distance == 0) else conf["weak_antecedent"]
        if c < self.min_confidence and subject.kind != ROLE:
            return self._unresolved(subject, base, verb, written, cue_span)     # too far back to vouch for
        return Attribution(mention.start, mention.end, cue, min(c, conf[base]), base, kind, written, cue_span)

    def _unresolved(self, subject: Subject, base: str, verb: str, written: tuple[int, int],
                    cue_span: tuple[int, int]) -> Attribution:
        """Someone said it, the article just does not let us say who: the quotation stands, its speaker
        unknown ("she said" after paragraphs that name nobody we can vouch for)."""
        conf = self.conf
        written_pronoun = subject.kind in (PRONOUN, FIRST)
        c = conf["pronoun" if written_pronoun else "pro_drop"] + conf["unresolved"]
        return Attribution(-1, -1, f"{'pronoun' if written_pronoun else 'pro-drop'}:{verb}",
                           min(c, conf[base]), base, "pronoun", written, cue_span)


class Bylines:
    """A line "— Name" (or "— Name, role") under a saying: the byline of the quotation or of the line
    without quote marks above it, unless it is an item of a list."""

    def __init__(self, text: ArticleText, reader: Reader, attributor: Attributor):
        self.text, self.reader, self.attributor = text, reader, attributor
        self.body, self.data = text.body, text.data
        pairs = text.data.pairs
        self.marks = (set("".join(pairs)) | set("".join(pairs.values()))) - set(text.data.apostrophes)

    def name(self, n: int) -> Subject | None:
        """The name on line ``n`` if it reads "— Name" or "— Name, role" (no handle, no date, no sentence,
        no quote marks) and is no item of a list (a line beside it opens with the same bullet)."""
        text = self.text
        a, b = text.line_span(n)
        line = self.body[a:b].strip()
        if len(line) < 3 or line[0] not in self.data.dashes or len(line) > 120 or "@" in line or "http" in line:
            return None
        if line[-1] in self.data.terminators or text.in_skip(a) or self.marks.intersection(line):
            return None
        bullet = text.bullet(n)
        if bullet and any(text.bullet(k) == bullet for k in (text.filled(n, -1), text.filled(n, 1))):
            return None
        items = text.para(n).items
        if not items or items[0].key not in self.data.dashes:
            return None
        parts = self.reader.segments(items[1:])
        if not parts or any(any(ch.isdigit() for ch in w.text) for w in parts[0]):
            return None
        if any(text.verbs_in(part) for part in parts) or sum(len(x) for x in parts[1:]) > 12:
            return None
        s = self.reader.parse(parts[0], cover=True)
        return s if s.kind == NAME else None

    def after(self, end: int) -> Attribution | None:
        """A dash line right after the line holding offset ``end`` (the quotation's end)."""
        n = self.text.line_of(end)
        a, b = self.text.line_span(n)
        if self.body[end:b].strip(" \t\r.,;:!?" + self.data.terminators):
            return None
        m = self.text.filled(n, 1)
        if m < 0:
            return None
        s = self.name(m)
        if s is None:
            return None
        return self.attributor.attribution(s, "dash-line", "dash_line", end)

    def unmarked(self) -> Iterator[tuple[int, int, str]]:
        """(start, end, text) of lines without quote marks that a dash line attributes: a saying of its
        own, one line ending its sentence, under a byline opened by a true dash (a hyphen opens list
        items far more often)."""
        text, limits = self.text, self.data.limits
        pattern = regex.compile(rf"^[ \t]*+[{regex.escape(self.data.byline_dashes)}][^\n]{{1,120}}+$", regex.M)
        min_words, max_words = int(limits["min_words_uncued"]), int(limits["byline_max_words"])
        for m in pattern.finditer(self.body):
            k = text.filled(text.line_of(m.start()), -1)
            if k < 0:
                continue
            a, b = text.line_span(k)
            line = self.body[a:b]
            saying = line.strip()
            start = a + (len(line) - len(line.lstrip()))
            end = start + len(saying)
            if not _SAYING.match(saying) or saying[-1] not in self.data.terminators or text.in_skip(start):
                continue
            if any(q.open_pos < end and q.after > start for q in text.quotes):
                continue
            if not min_words <= word_count(saying, self.data) <= max_words:
                continue
            yield start, end, saying


class Sources:
    """The source of each quotation of one article, read from the words around it."""

    def __init__(self, text: ArticleText, reader: Reader, names: NameIndex, people: People):
        self.text, self.reader, self.people = text, reader, people
        self.body, self.data = text.body, text.data
        self.limits, self.conf = text.data.limits, text.data.confidence
        self.attributor = Attributor(text, reader, names, people)
        self.bylines = Bylines(text, reader, self.attributor)

    def _attribution(self, subject: Subject, cue: str, base: str, anchor: int, verb: str = "") -> Attribution | None:
        return self.attributor.attribution(subject, cue, base, anchor, verb)

    def bylined(self) -> Iterator[tuple[int, int, str, Attribution]]:
        """(start, end, text, source) of each line without quote marks that a byline under it attributes."""
        for start, end, saying in self.bylines.unmarked():
            att = self.bylines.after(end)
            if att:
                yield start, end, saying, att

    # -- a quotation's own cues -----------------------------------------------------------------------------
    def attribute(self, q: Quotation) -> Attribution | None:
        """The source the cues around ``q`` name, its confidence lowered for a closing mark that is
        missing or of another kind; None when none does, or when ``q`` is too short for its cue."""
        p, sent_a, before = self.text.before(q)
        after = self.text.after(q)
        words = self.text.quote_words(q)
        short = words < int(self.limits["min_words_uncued"])
        opens_clause = self._opens_clause(before)
        if short and not (opens_clause and self._closes_clause(q, after)):
            return None
        att = _named_first(self._from_after(q, after, before) if opens_clause else None,
                           self._from_before(q, before))
        if _unnamed(att) and not any(it.word for it in after) and self.text.own_line(q):
            att = _named_first(att, self.bylines.after(q.end if q.close_pos is None else q.close_pos + 1))
        if _unnamed(att) and not short and not any(it.word for it in before):
            att = _named_first(att, self._from_previous_sentence(q, p, sent_a))
        if _unnamed(att) and not short and self.data.incise_inside:
            att = _named_first(att, self._incise_inside(q))
        if att is None or (short and att.way not in _SHORT_WAYS) or (att.unresolved and q.status != "closed"):
            return None                 # a stray or mismatched mark is worth keeping only for a named source
        if words <= int(self.limits["term_max_words"]) and not (att.way == "verb" and self._set_off(q, before, after)):
            return None
        penalty = {"mismatched": self.conf["mismatched"], "unterminated": self.conf["unterminated"]}
        return replace(att, confidence=att.confidence + penalty.get(q.status, 0.0))

    def _incise_inside(self, q: Quotation) -> Attribution | None:
        """The reporting clause French sets inside the marks, after a comma and before the sentence goes on
        (« Je ne m'emballe pas, a-t-il tempéré. Mais … », « C'est dur, explique Lise Roy. On … »): read as
        a clause after a closing mark is, when a full stop ends it and more of the quotation follows."""
        p = self.text.para(self.text.line_of(q.start))
        inside = [it for it in p.items[p.index_at(q.start):p.index_at(q.end)] if q.start <= it.start < q.end]
        for i, it in enumerate(inside[:-1]):
            if it.word or it.key not in self.data.commas:
                continue
            end = next((j for j in range(i + 1, min(len(inside), i + 9)) if self.text.is_end(inside[j])), None)
            if end is None or end == i + 1 or not any(x.word for x in inside[end + 1:]):
                continue
            clause = inside[i:end]
            att = self._inverted_clitic(clause, 1) or self._from_verb_after_incise(clause) \
                or self._inverted_unlisted(q, clause, 1)
            if att is not None:
                return att
        return None

    def _from_verb_after_incise(self, clause: list[Item]) -> Attribution | None:
        """A listed reporting verb opening an incise, and its subject after it ("…, explique Lise Roy.")."""
        verb = self._verb_after(clause, 1)
        if verb is None or verb[0] != 1:
            return None
        s = self.reader.after_verb(clause[verb[1]:])
        if s.kind != NAME:
            s = self._source_after(clause[verb[1]:])
            if s.kind != SOURCE:
                return None
        said = self.body[clause[1].start:clause[verb[1] - 1].end]
        return self._attribution(s, f"verb-inside:{said}", "verb", clause[1].start, said)

    def _opens_clause(self, before: Sequence[Item]) -> bool:
        """Whether the quotation opens a clause: nothing before it in its sentence but a link (colon,
        comma, dash, complementizer, reporting verb). A quotation inside a clause ("In her book “…”,
        Austen writes about loss") is a title or a phrase, not what the words after it report."""
        if not any(it.word for it in before):
            return True
        last = before[-1]
        if not last.word:                   # a full stop before it: the quotation opens a sentence
            return last.key in self.data.colons + self.data.commas + self.data.dashes \
                or (last.key in self.data.terminators and not last.inert)
        if self.data.subject_before_quote and self._clause_subject(before).kind == NAME:
            return True                                   # "TÜSİAD Başkanı Orhan Turan ise “…” dedi"
        verbs = self.text.verbs_in(before)
        return last.key in self.data.complementizers or bool(verbs and verbs[-1][1] == len(before))

    def _closes_clause(self, q: Quotation, after: Sequence[Item]) -> bool:
        """Whether the quotation ends its clause: punctuation just inside or after the closing mark, the
        end of the line, or a reporting verb right after it ("“…” dedi")."""
        if q.close_pos is None:
            return False
        verbs = self.text.verbs_in(after)
        if verbs and verbs[0][0] == 0:
            return True
        if not self.body[q.close_pos - 1].isalnum() and not self.body[q.close_pos - 1].isspace():
            return True
        rest = self.body[q.close_pos + 1:q.close_pos + 3].lstrip(" \t")
        return not rest or rest[0] in "\n\r" or not rest[0].isalnum()

    def _set_off(self, q: Quotation, before: Sequence[Item], after: Sequence[Item]) -> bool:
        """Whether punctuation parts the quotation from its sentence on both sides, as speech is
        (X said: “Yes.”; “Never,” she added; „Nein“, sagte er), unlike a term a verb takes as its
        object (宣称「费用免除」, called it “timid”, “Evet” dedi)."""
        if q.close_pos is None:
            return False
        if any(it.word for it in before) and (before[-1].word or before[-1].key not in
                                                 self.data.colons + self.data.commas + self.data.dashes):
            return False
        inside = self.body[q.close_pos - 1]
        return not (inside.isalnum() or inside.isspace()) or not after or not after[0].word

    def _from_after(self, q: Quotation, after: list[Item], before: list[Item]) -> Attribution | None:
        """A cue after the closing mark: "according to", a reporting verb, a dash and a name."""
        k, dash = 0, False
        while k < len(after) and not after[k].word:
            dash = dash or after[k].key in self.data.dashes
            k += 1
        if k == len(after):
            return None
        keys = [it.key for it in after]
        for lex in (self.data.according_to_after, self.data.according_to):
            n = lex.match(keys, k)
            if n:
                s = self.reader.after_verb(after[k + n:])
                rest = [it for it in after[k + n:k + n + 2] if it.word]
                if s.kind not in (NAME, PRONOUN, ROLE) and lex is self.data.according_to_after and rest \
                        and rest[0].key in self.data.articles:
                    s = self._source_next_to([], after[k + n:])     # "„…“, so der 45-Jährige"
                phrase = self.body[after[k].start:after[k + n - 1].end]
                cue = f"according-to:{phrase}" if s.kind == NAME else phrase
                return self._attribution(s, cue, "according_to", after[k].start, phrase)
        verb = self._verb_after(after, k)
        if verb is not None:
            att = self._from_verb_after(after, k, before, *verb, new_sentence=self._new_sentence_after(q, after, k))
            if att is not None:
                return att
        inverted = self._inverted_unlisted(q, after, k)
        if inverted is not None:
            return inverted
        if dash:
            s = self.reader.after_verb(after[k:])
            if s.kind == NAME:
                return self._attribution(s, "dash", "dash", after[k].start)
        return None

    def _verb_after(self, after: Sequence[Item], k: int) -> tuple[int, int, bool] | None:
        """(start, end, carries its pronoun) of the reporting verb that opens one of the first
        ``after_words`` words from ``after[k]`` on (the first word after the mark)."""
        words_seen = 0
        for i in range(k, len(after)):
            if not after[i].word:
                continue
            if words_seen > int(self.limits["after_words"]):
                break
            words_seen += 1
            found = self.text.verbs_in(after[i:i + 6])
            if found and found[0][0] == 0:
                return i, i + found[0][1], found[0][2]
        return None

    def _inverted_unlisted(self, q: Quotation, after: Sequence[Item], k: int) -> Attribution | None:
        """A verb the data does not list, known by where it stands: right after the comma or dash that closes
        the quotation, lowercase, with a person's name right after it and nothing else between
        (“…,” quipped Ann Lee; „…“, zeigte sich Jan Ott zufrieden; «…», — сетует Иван Орлов; « … », a
        tempéré Lise Roy: an auxiliary and its participle). Speech inverts verb and subject there; a name
        after any other lowercase word does not."""
        d = self.data
        if not self._set_off_after(q, after, k):
            return None
        clitic = self._inverted_clitic(after, k)
        if clitic is not None:
            return clitic
        if after[k].key in d.pronouns:
            return self._pronoun_then_unlisted(after, k)
        j = self._unlisted_verb_end(after, k)
        if j is None:
            return None
        if j == k:
            return self._named_then_unlisted(after, k)
        if self.text.verbs_in(after[k:k + 1]) and not (j == k + 2 and after[k + 1].key in d.reflexives):
            return None                 # a listed verb whose subject was not found: "said former Gov. …"
        if j == k + 2 and after[k + 1].key in d.pronouns and (j == len(after) or self.text.is_end(after[j])):
            s = Subject(PRONOUN, after[k + 1].start, after[k + 1].end)      # „…“, konterte er.
            return self._unlisted(self._attribution(s, f"pronoun:{after[k].text}", "verb", after[k].start,
                                                    after[k].text))
        s = self._subject_after_unlisted(after, j)
        if s is None:
            return None
        verb = self.body[after[k].start:after[j - 1].end]
        return self._unlisted(self._attribution(s, f"verb-after:{verb}", "verb", after[k].start, verb))

    def _set_off_after(self, q: Quotation, after: Sequence[Item], k: int) -> bool:
        """Whether punctuation closes the quotation before the words at ``after[k]``: a comma, "?" or "!"
        inside the mark, a comma or dash after it, or the dash that ends a dialogue line ("—…—le replica")."""
        if q.close_pos is None:
            return False
        d = self.data
        inside = self.body[q.close_pos - 1]
        return inside in d.commas + "?!" or any(after[j].key in d.commas + d.dashes for j in range(k)) \
            or self.body[q.close_pos] in d.dialogue_dashes

    def _unlisted_verb_end(self, after: Sequence[Item], k: int) -> int | None:
        """Index after the lowercase words from ``after[k]`` that can be an unlisted verb: one or two, a clitic
        or an auxiliary before it ("se sinceró", "si è sfogato", "a tempéré"), up to an article or a possessive
        opening its subject; None when a function word says it is no verb."""
        d = self.data
        determiners = d.articles | d.possessives        # "sollozó la portera …", "le replica su madre"
        reach = k + (3 if after[k].key in d.verb_clitics else 2)
        j = k
        while j < len(after) and j < reach and after[j].word and first_letter(after[j].text).islower():
            key = after[j].key
            if j > k and key in determiners:
                break                       # the subject's description begins
            verb_slot = j == k or (j == k + 1 and after[k].key in d.verb_clitics)
            if key in d.prepositions or key in d.conjunctions or key in d.complementizers or key in determiners \
                    or (verb_slot and not key.endswith("'") and (
                        (key in d.stop_words and key not in d.auxiliaries and key not in d.verb_clitics
                         and not self._auxiliary(after, j))
                        or key in d.pronouns or key in d.first_person)):
                return None                 # a reflexive may stand next to the verb: "zeigte sich", "s'étonne"
            j += 1
        return j

    def _subject_after_unlisted(self, after: Sequence[Item], j: int) -> Subject | None:
        """The subject after an unlisted verb: a name, a definite role ("strahlte die 23-Jährige") or a
        phrase opened by a possessive ("le replica su madre"), as written; None for anything else."""
        d = self.data
        if j >= len(after) or not (first_letter(after[j].text).isupper() or after[j].key in d.articles
                                   or after[j].key in d.possessives):
            return None
        s = self.reader.after_verb(after[j:])
        if s.kind == OTHER and after[j].key in d.possessives:
            s = self._source_after(after[j:])
        if s.kind == NAME or (s.kind == ROLE and after[j].key in d.definites) \
                or (s.kind == SOURCE and after[j].key in d.possessives):
            return s
        return None

    def _unlisted(self, att: Attribution | None) -> Attribution | None:
        """``att`` with the confidence a verb the data does not list costs."""
        return None if att is None else replace(att, confidence=att.confidence + self.conf["unlisted_verb"])

    def _inverted_clitic(self, after: Sequence[Item], k: int) -> Attribution | None:
        """A verb with its subject pronoun hyphened after it, the data listing neither the verb nor the pair
        (« … », tempère-t-il; « … », a-t-elle promis): the pronoun says who, as "he said" does."""
        if k + 1 >= len(after) or not after[k].word or not first_letter(after[k].text).islower():
            return None
        pronoun = after[k + 1]
        group = pronoun.key in self.data.group_pronouns
        if not (pronoun.word and pronoun.text.startswith("-") and (pronoun.key in self.data.pronouns or group)):
            return None
        end = k + 2 if k + 2 < len(after) and after[k + 2].word and first_letter(after[k + 2].text).islower() \
            and after[k].key in self.data.stop_words else k + 1         # "a-t-il promis": the participle too
        verb = " ".join(it.text for it in (after[k], after[end]) if not it.text.startswith("-"))
        verb = verb if end == k + 2 else after[k].text
        return self._unlisted(self._attribution(Subject(FIRST if group else PRONOUN, pronoun.start, pronoun.end),
                                                f"pronoun:{verb}", "verb", after[k].start, verb))

    def _auxiliary(self, after: Sequence[Item], j: int) -> bool:
        """Whether the common word ``after[j]`` is an auxiliary whose participle, a listed reporting verb,
        ends the clause („…“, hatte Jan Ott im Interview erklärt.)."""
        end = j + 1
        while end < len(after) and end < j + 12 and after[end].word:
            end += 1
        verbs = self.text.verbs_in(after[j + 1:end])
        return bool(verbs) and verbs[-1][1] == end - j - 1

    def _named_then_unlisted(self, after: Sequence[Item], k: int) -> Attribution | None:
        """“…,” Ann Lee quipped.: a person's name, one lowercase word the data does not list, and the
        sentence's end."""
        j = k
        while j < len(after) and after[j].word and first_letter(after[j].text).isupper():
            j += 1
        if j == k or j + 1 > len(after) or not after[j].word or not first_letter(after[j].text).islower() \
                or (j + 1 < len(after) and not self.text.is_end(after[j + 1])):
            return None
        s = self.reader.before_verb(after[k:j])
        if s.kind != NAME or after[j].key in self.data.stop_words:
            return None
        verb = after[j].text
        return self._unlisted(self._attribution(s, f"verb-after:{verb}", "verb", after[j].start, verb))

    def _pronoun_then_unlisted(self, after: Sequence[Item], k: int) -> Attribution | None:
        """“…,” she remarks.: a personal pronoun, one lowercase word the data does not list (no function
        word), and the sentence's end, in a language whose subject stands before its verb."""
        d = self.data
        if d.verb_first or k + 1 >= len(after) or not after[k + 1].word \
                or not first_letter(after[k + 1].text).islower() or after[k + 1].key in d.stop_words \
                or (k + 2 < len(after) and not self.text.is_end(after[k + 2])):
            return None
        verb = after[k + 1].text
        s = Subject(PRONOUN, after[k].start, after[k].end)
        return self._unlisted(self._attribution(s, f"verb-after:{verb}", "verb", after[k + 1].start, verb))

    def _new_sentence_after(self, q: Quotation, after: Sequence[Item], k: int) -> bool:
        """Whether a new sentence starts after the quotation: it closes on a full stop and the next word
        is capitalised, with no comma or dash between (“…notwendig.“ Politiker kritisierten …)."""
        if q.close_pos is None or self.body[q.close_pos - 1] != "." or k != 0 or not after:
            return False
        first = self.body[after[0].start]
        return first.isupper()

    def _ends_with_verb(self, rest: Sequence[Item]) -> bool:
        """Whether a sentence ends at its reporting verb, or goes on only with an adverbial (“…” Lee said
        on Monday.), rather than with an object of its own (Critics attacked the plan.)."""
        return not rest or not rest[0].word or rest[0].key in self.data.prepositions

    def _from_verb_after(self, after: list[Item], k: int, before: list[Item], vi: int, vj: int,
                         carries: bool, new_sentence: bool = False) -> Attribution | None:
        """The source of the reporting verb ``after[vi:vj]`` after the closing mark: its subject between
        mark and verb, after the verb, (SOV) before the quotation, (pro-drop) the verb itself, or a
        source phrase next to it. When a new sentence starts after the quotation, its verb reports the
        quotation only when the sentence ends there (“We won.” Smith said.): a verb with an object of its
        own starts a statement of its own (“…” Critics attacked the plan.)."""
        d = self.data
        start = after[vi].start
        if carries:
            return self._attribution(Subject(PRONOUN, start, after[vj - 1].end), "", "verb", start, "")
        verb = self.body[start:after[vj - 1].end]
        impersonal = self._impersonal_source([it.key for it in after[vi:vj]], after[:vi], after[vj:])
        if impersonal is not None:
            return self._attribution(impersonal, verb, "verb", start, verb)
        s = self.reader.before_verb(after[k:vi])
        if new_sentence and not self._ends_with_verb(after[vj:]):
            return None
        if s.kind == EMPTY:
            s = self.reader.after_verb(after[vj:])
            if s.kind == EMPTY:         # "«…», señala su comunicado": whose text it is
                s = self.reader.possessor([it for it in after[vj:vj + 6] if it.word], False) or s
            if s.kind in (EMPTY, OTHER) and d.subject_before_quote:
                b = self._clause_subject(before)
                if b.kind in (NAME, PRONOUN) or (b.kind == OTHER and before):
                    s = b           # "Törene katılan bir vatandaş, “…” dedi": someone unnamed said it
            if s.kind == EMPTY and d.pro_drop:
                s = Subject(PRODROP, start, after[vj - 1].end)
        if s.kind in (OTHER, EMPTY):
            s = self._source_next_to(after[k:vi], after[vj:])
        if s.kind not in (*LINKED, PRODROP, SOURCE) and not self.attributor.is_group(s):
            return None
        return self._attribution(s, f"verb-after:{verb}", "verb", start, verb)

    def _from_before(self, q: Quotation, before: list[Item]) -> Attribution | None:
        """A cue before the opening mark: a reporting verb linked to it, "according to", a name or a
        sentence with a named subject ending with a colon."""
        d = self.data
        if not any(it.word for it in before):
            return None
        tail = before[-1]
        linked = not tail.word and tail.key in (d.colons + d.commas + d.dashes)
        verbs = self.text.verbs_in(before)
        if verbs:
            vi, vj, carries = verbs[-1]
            sa = Subject(PRONOUN, before[vi].start, before[vj - 1].end) if carries \
                else self.reader.after_verb(before[vj:])
            if self._verb_linked(before[vj:], sa, linked):
                att = self._from_verb_before(before, vi, vj, sa, linked)
                if att is None and not tail.word and tail.key in d.colons and self._whole_sentence(q):
                    return self._unattributed(q, before)    # "Ana Lima, Rui Costa and others said: “…”"
                return att
        found = self._according_to_before(before)
        if found is not None:
            i, n, s = found
            phrase = self.body[before[i].start:before[i + n - 1].end]
            cue = f"according-to:{phrase}" if s.kind == NAME else phrase
            return self._attribution(s, cue, "according_to", before[i].start, phrase)
        if not tail.word and tail.key in d.colons:
            return self._from_colon(q, before)
        return None

    def _verb_linked(self, rest: Sequence[Item], sa: Subject, linked: bool) -> bool:
        """Whether a reporting verb with ``rest`` between it and the opening mark (``sa``: the subject
        read after it) introduces the quotation: a colon, comma or dash before the mark, or nothing, a
        complementizer or the subject after the verb, and at most ``verb_gap_words`` other words."""
        rest_words = [it for it in rest if it.word]
        gap = len(rest_words)
        if sa.kind in (NAME, PRONOUN):
            gap -= len([it for it in rest_words if it.start < sa.end])
        link = linked or not rest_words or (rest_words[-1].key in self.data.complementizers and rest[-1].word) \
            or (sa.kind == NAME and rest_words[-1].end <= sa.end)
        return link and gap <= int(self.limits["verb_gap_words"])

    def _from_verb_before(self, before: list[Item], vi: int, vj: int, sa: Subject,
                          linked: bool) -> Attribution | None:
        """The source of the reporting verb ``before[vi:vj]`` that introduces the quotation: its subject
        before or after it (by the language's order), a dropped subject, or a source phrase next to it."""
        d = self.data
        verb = self.body[before[vi].start:before[vj - 1].end]
        keys = [it.key for it in before[vi:vj]]
        impersonal = self._impersonal_source(keys, before[:vi], before[vj:])
        if impersonal is not None:
            return self._attribution(impersonal, verb, "verb", before[vi].start, verb)
        if linked and d.impersonal and d.impersonal.match(keys, 0) == len(keys):
            # "Darin heißt es knapp: „…“": said, by no one the sentence names
            return self.attributor.unknown(verb, "verb", (before[vi].start, before[vj - 1].end))
        if before[vi].key in d.participles and vj - vi == 1:         # "…, saying “…”": the main clause's
            sb = self.reader.main_clause_subject(before[:vi])
            sa = Subject(OTHER)
        else:
            sb = self.reader.before_verb(before[:vi])
        order = (sa, sb) if d.verb_first else (sb, sa)
        s = next((x for x in order if x.kind in (*LINKED, FIRST)), None)
        quoted = self._quoted_object(before, vi, vj, sa)
        if quoted is not None:
            s = quoted
        if s is None and sb.kind == EMPTY and sa.kind == EMPTY and d.pro_drop and linked:
            s = Subject(PRODROP, before[vi].start, before[vj - 1].end)
        if s is None and vi and before[vi - 1].key in d.conjunctions:
            s = self._coordinated_subject(before[:vi - 1])
        if s is None:
            s = self._source_next_to(before[:vi], before[vj:])
        if s.kind not in (*LINKED, PRODROP, SOURCE) and not self.attributor.is_group(s):
            return None
        cue = f"verb-before:{verb}" if s.kind == NAME else verb
        return self._attribution(s, cue, "verb", before[vi].start, verb)

    def _quoted_object(self, before: list[Item], vi: int, vj: int, sa: Subject) -> Subject | None:
        """For a verb whose object is the one quoted ("Die Agentur zitiert Karl Brenner mit den Worten:",
        "the paper quoted Ana Lima as saying"), that object: a name after the verb, else a source phrase
        ("zitiert eine Anwohnerin"); None for other verbs or without an object."""
        keys = [it.key for it in before[vi:vj]]
        if not self.data.quoting_verbs or self.data.quoting_verbs.match(keys, 0) != len(keys):
            return None
        if sa.kind == NAME:
            return sa
        rest = list(before[vj:])
        determiners = self.data.articles
        while rest and rest[0].word and rest[0].key not in determiners \
                and (rest[0].key in self.data.stop_words or rest[0].key in self.data.prepositions):
            rest = rest[1:]                 # "zitiert dazu Karl Brenner", "cita a Karl Brenner"
        obj = self.reader.after_verb(rest)
        if obj.kind != NAME:
            obj = self._source_after(rest)
        if obj.kind in (NAME, SOURCE):
            return obj
        # no object: the passive, whose subject is the one quoted ("X wird … wie folgt zitiert:")
        first = self.reader.parse([it for it in before[:vi] if it.word], cover=False)
        return first if first.kind == NAME else None

    def _impersonal_source(self, verb: Sequence[str], before_verb: Sequence[Item],
                           after_verb: Sequence[Item]) -> Subject | None:
        """For a verb no person is the subject of ("hieß es", "говорится", "заявили"), the source phrase
        after the first preposition next to it: after the verb ("hieß es in einer Stellungnahme des Verbands",
        "заявили в мэрии"), else just before it ("In der Mitteilung heißt es: …"); None for other verbs."""
        d = self.data
        if not verb or d.impersonal.match(verb, 0) != len(verb):
            return None
        clause: list[Item] = []
        for it in reversed(before_verb):
            if not it.word:
                break
            clause.insert(0, it)
        if len(verb) == 1 and clause and clause[0].key not in d.prepositions:
            return None                     # "Депутаты заявили …": a plural subject of its own
        for part, front in ((list(after_verb[:3]), False), (list(before_verb[-4:]), True)):
            for i, it in enumerate(part):
                if not it.word:
                    break
                if it.key in d.prepositions:
                    words = [w for w in (before_verb[len(before_verb) - len(part) + i + 1:] if front
                                         else after_verb[i + 1:i + 8]) if w.word]
                    s = self.reader.source_phrase(words, before_verb=False) if words else None
                    if s is not None and s.kind == SOURCE:
                        return s
                    break
        return None

    def _coordinated_subject(self, clause: Sequence[Item]) -> Subject | None:
        """The subject opening a clause that a conjunction joins to the reporting verb ("Ana Lima thanked
        her team and said: «…»"): the name its words open with, when no other name stands in it."""
        words = [it for it in clause if it.word]
        s = self.reader.parse(words[:8], cover=False) if words else None
        if s is None or s.kind != NAME or s.start > words[min(3, len(words) - 1)].start:
            return None                     # the name opens the clause, after a title at most
        later = [w for w in words if w.start >= s.end]
        return None if any(w.text[:1].isupper() for w in later[1:]) and not self.data.nouns_capitalised else s

    def _according_to_before(self, before: list[Item]) -> tuple[int, int, Subject] | None:
        """(where, words, subject) of an "according to" phrase before the quotation whose name or pronoun
        nothing follows but the quotation (``Selon X, professeure, «…»``)."""
        d, tail = self.data, before[-1]
        keys = [it.key for it in before]
        for i in range(len(before)):
            n = d.according_to.match(keys, i)
            if n:
                s = self.reader.after_verb(before[i + n:])
                rest = [it for it in before[i + n:] if it.start >= s.end]
                if s.kind in (NAME, PRONOUN) and (not any(it.word for it in rest) or (
                        rest[0].key in d.commas and tail.key in d.commas + d.colons)):
                    return i, n, s
        return None

    def _from_colon(self, q: Quotation, before: list[Item]) -> Attribution | None:
        """A name and a colon (``Name: “…”``), or a sentence ending with a colon whose subject is a
        named person."""
        words = [it for it in before if it.word]
        s = self.reader.parse(words, cover=True)
        if s.kind != NAME:
            s = self._titled_surname(words)
        if s.kind == NAME:
            return self._attribution(s, "name-colon", "name_colon", q.open_pos)
        s = self._label(before[:-1])
        if s.kind == NAME:                   # "Lena Voss (31), Erzieherin: „…“": a vox-pop label
            return self._attribution(s, "name-colon", "name_colon", q.open_pos)
        s = self.reader.before_verb(before[:-1])
        if s.kind == NAME:                   # "El director general, Juan Pérez, fue más cauto: «…»"
            return self._attribution(s, "subject-colon", "subject_colon", q.open_pos)
        full_sentence = self._whole_sentence(q)
        s = self._name_then_predicate([it for it in before[:-1] if it.word], full_sentence)
        if s.kind == NAME:                   # "Ihr Kollege Thomas Müller widersprach: „…“"
            return self._attribution(s, "subject-colon", "subject_colon", q.open_pos)
        if full_sentence:
            return self._colon_sentence(q, before)
        return None

    def _label(self, lead: Sequence[Item]) -> Subject:
        """The name a vox-pop label opens with, its age and what the person does after it and no verb
        ("Lena Voss (31), Erzieherin", "Ana Gil, 34, enfermera"); OTHER for anything else."""
        parts = self.reader.cut(lead)
        if not parts or len(parts) > 3 or any(len(words) > 4 for words, _ in parts) or self.text.verbs_in(lead):
            return Subject(OTHER)
        name = [w for w in parts[0][0] if not has_digit(w.text)]
        if len(name) < 2 or len(parts) == 1 and len(name) == len(parts[0][0]):
            return Subject(OTHER)           # a bare name before a colon is read as such already
        return self.reader.parse(name, cover=True)

    def _whole_sentence(self, q: Quotation) -> bool:
        """Whether the quotation is a whole sentence, well closed: „…“. or „….“"""
        quoted = self.text.quoted(q).strip()
        after = self.body[q.close_pos + 1:q.close_pos + 3].lstrip(" \t") if q.close_pos is not None else ""
        ends = quoted[-1:] in self.data.terminators or not after or after[0] in self.data.terminators + "\n"
        return quoted[:1].isupper() and ends and q.status == "closed"

    def _unattributed(self, q: Quotation, before: list[Item]) -> Attribution | None:
        """A whole sentence quoted after a lead-in of ``colon_sentence_min_words`` words or more and a
        colon, whose source the lead-in does not let us name: the quotation, its speaker unknown."""
        if len([it for it in before[:-1] if it.word]) < int(self.limits["colon_sentence_min_words"]):
            return None
        return self.attributor.unknown("colon-sentence", "colon_sentence")

    def _colon_sentence(self, q: Quotation, before: list[Item]) -> Attribution | None:
        """A whole sentence quoted after a sentence of its own ending with a colon, whose verb the data does
        not list ("Die Gutachter werfen der Stadt vor: „…“", "The sign at the gate read: “…”"): a
        quotation, its source the clause's subject where the words tell it, else unknown."""
        unknown = self._unattributed(q, before)
        if unknown is None:
            return None
        s = self._lead_in_subject(before[:-1])
        described = s.kind == SOURCE and s.source_kind in ("role", "organisation")
        att = self._attribution(s, "colon-sentence", "colon_sentence", q.open_pos) \
            if s.kind in (NAME, PRONOUN, ROLE) or described else None
        return att or unknown

    def _lead_in_subject(self, lead: Sequence[Item]) -> Subject:
        """The subject of a clause whose verb the data does not list: the name after ", so", a name opening
        the clause, or, where nouns are capitalised, the subject around its finite verb."""
        for found in (self._so_named(lead), self._opening_name(lead)):
            if found is not None:
                return found
        return self._verb_second_subject(lead) if self.data.nouns_capitalised else self._fronted_pronoun(lead)

    def _fronted_pronoun(self, lead: Sequence[Item]) -> Subject:
        """The subject pronoun after a phrase put before it ("In her speech she thanked the volunteers:"): the
        first pronoun of the clause, not after a preposition, a lowercase word (its verb) after it."""
        d = self.data
        k = next((k for k, it in enumerate(lead) if it.word and it.key in d.pronouns), None)
        if k is None or k == 0 or k + 1 >= len(lead) or lead[k - 1].key in d.prepositions \
                or not lead[k + 1].word or not first_letter(lead[k + 1].text).islower():
            return Subject(OTHER)
        return Subject(PRONOUN, lead[k].start, lead[k].end)

    def _so_named(self, lead: Sequence[Item]) -> Subject | None:
        """The name after ", so" in the lead-in ("…, so Karl Brenner weiter: „…“")."""
        keys = [it.key for it in lead]
        for k in range(1, len(lead) - 1):
            n = self.data.according_to_after.match(keys, k) if lead[k - 1].key in self.data.commas else 0
            if n:
                s = self.reader.after_verb(lead[k + n:])
                if s.kind == NAME:
                    return s
        return None

    def _opening_name(self, lead: Sequence[Item]) -> Subject | None:
        """A pronoun or a person's name opening the clause (after a title or an article at most), a lowercase
        word or punctuation after it: not after "As", "When"; a headline's capitalised words are no name."""
        words = [it for it in lead if it.word]
        s = self.reader.parse(words[:6], cover=False)
        k = next((k for k, it in enumerate(lead) if it.start >= s.end), None)
        if s.kind not in (NAME, PRONOUN) or k is None or (lead[k].word and not first_letter(lead[k].text).islower()):
            return None
        leading = self.data.stop_words - self.data.definites - self.data.indefinites
        if any(w.key in leading for w in words if w.start < s.start):
            return None
        return s if s.kind == PRONOUN or self._personal(s) else None

    def _verb_second_subject(self, lead: Sequence[Item]) -> Subject:
        """Where nouns are capitalised, the subject before or after the clause's finite verb, the first
        lowercase word that is no function word and no adjective before a noun ("Die Gutachter des Landes
        werfen der Stadt vor", "In ihrer Rede begründete die Dezernentin …", "… hatte Ewald Trenkle in …")."""
        v = next((k for k in range(1, len(lead)) if self._finite_verb_like(lead, k)), None)
        if v is None:
            return Subject(OTHER)
        after = lead[v + 1:]
        cut = next((k for k in range(1, len(after)) if after[k].key in self.data.prepositions), len(after))
        sb, sa = self.reader.before_verb(lead[:v]), self.reader.after_verb(after[:cut])
        found = next((x for x in (sb, sa) if x.kind in LINKED), None)
        return found or self._source_next_to(lead[:v], after)

    def _finite_verb_like(self, lead: Sequence[Item], k: int) -> bool:
        """Where nouns are capitalised, whether ``lead[k]`` reads as a clause's finite verb: a lowercase word
        that is no article, preposition or conjunction, and no adjective (a capitalised noun follows those)."""
        d, it = self.data, lead[k]
        if not it.word or not first_letter(it.text).islower():
            return False
        if it.key in d.articles | d.prepositions | d.possessives or it.key in d.conjunctions \
                or it.key in d.contractions or it.key in d.complementizers:
            return False
        nxt = lead[k + 1] if k + 1 < len(lead) else None
        return nxt is None or not first_letter(nxt.text).isupper()

    def _titled_surname(self, words: Sequence[Item]) -> Subject:
        """A title and one capitalised word, all the words before a colon ("Polizeipräsident Zierke: „…“",
        "Minister Hale: “…”"): a surname, though the article writes it nowhere else. Not where a title
        takes a capitalised complement ("Ministrul Culturii")."""
        t = self.reader.title_phrase_end(words) if words else 0
        if t and len(words) == t + 1 and not self.data.title_genitive \
                and self.reader.cased_name_word(words[t], True) and not self.reader.organisation(words[t]):
            return Subject(NAME, words[t].start, words[t].end, True, single=True)
        return Subject(OTHER)

    def _name_then_predicate(self, words: Sequence[Item], full_sentence: bool = False) -> Subject:
        """The name opening a short clause whose verb the data does not list: a named subject and at
        most ``predicate_max_words`` words, none of them capitalised (no second name). Without a verb
        to vouch for it, the name must be a person's: after a title ("Ihr Kollege Thomas Müller"), a PER
        entity, or a speaker already ("Chapter Four begins:" is nobody). In verb-first languages the
        verb would stand before the name: nothing."""
        limit = int(self.limits["predicate_max_words"]) * (2 if full_sentence else 1)
        if self.data.verb_first or not words:
            return Subject(OTHER)
        s = self.reader.parse(words, cover=False)
        rest = [it for it in words if it.start >= s.end]
        if s.kind != NAME or not rest or len(rest) > limit \
                or not all(self._predicate_word(rest, k) for k in range(len(rest))):
            return Subject(OTHER)
        return s if self._personal(s, full_sentence and len(rest) >= 2) else Subject(OTHER)

    def _personal(self, s: Subject, by_surname: bool = True) -> bool:
        """Whether the name ``s``, with no listed verb to vouch for it, is a person's: after a title ("Ihr
        Kollege Thomas Müller"), a PER entity, a speaker already, or (``by_surname``) written elsewhere by
        its last word alone ("Chapter Four begins:", "New York has a new slogan:" are nobody)."""
        return s.titled or self.reader.is_person(s.start, s.end) \
            or self.people.is_speaker(self.body[s.start:s.end].split()[-1]) \
            or (by_surname and self._surname_alone_elsewhere(s))

    def _surname_alone_elsewhere(self, s: Subject) -> bool:
        """Whether the article also writes the last word of the name ``s`` (two words or more) without
        the rest: as people are referred to, unlike places ("New York has a new slogan:")."""
        words = self.body[s.start:s.end].split()
        if len(words) < 2:
            return False
        alone = regex.findall(rf"(?<![\p{{L}}\p{{M}}]){regex.escape(words[-1])}(?![\p{{L}}\p{{M}}])", self.body)
        return len(alone) > self.body.count(" ".join(words))

    def _predicate_word(self, rest: Sequence[Item], k: int) -> bool:
        """A word of a short predicate: lowercase, or where nouns are capitalised a noun after a lowercase
        word ("bekannte sich erneut zum Dialog"), never two capitalised words in a row (a second name)."""
        if rest[k].text[0].islower():
            return True
        return self.data.nouns_capitalised and k > 0 and rest[k - 1].text[0].islower() \
            and (k + 1 == len(rest) or rest[k + 1].text[0].islower())

    def _from_previous_sentence(self, q: Quotation, p: Paragraph, sent_a: int) -> Attribution | None:
        """The named subject of a reporting verb in the sentence before the quotation's (which opens
        its sentence); or, for a quotation opening its paragraph, in the last sentence of the paragraph
        before, when that ends with a colon or — the quotation filling its own paragraph — reports what
        the person said without quoting it ("Lee predicted that the vote would fail." ⏎ "“…”")."""
        adjust, colon = 0.0, False
        if sent_a > 0:
            a, _ = p.sentence_bounds(sent_a - 1)
            sentence = p.items[max(a, sent_a - WINDOW):sent_a]
        else:
            n = self.text.filled(self.text.line_of(p.start), -1)
            if n < 0:
                return None
            prev = self.text.para(n)
            if not prev.items:
                return None
            sentence = prev.items[max(prev.sentence_bounds(len(prev.items) - 1)[0], len(prev.items) - WINDOW):]
            colon = prev.items[-1].key in self.data.colons
            if not colon:
                if any(self.text.quote_at(it.start) for it in sentence) or not self._fills_paragraph(q):
                    return None
                adjust = self.conf["previous_paragraph"]
        # a paragraph ending with a colon announces the quotation whoever speaks: "One parent described it:"
        for s, verb, at in self._verb_subjects(sentence, sources=colon):
            if s.kind in LINKED or (colon and s.kind == SOURCE):
                cue = f"verb-previous-sentence:{verb}" if s.kind == NAME else ""
                att = self._attribution(s, cue, "verb_previous_sentence", at, verb)
                return replace(att, confidence=att.confidence + adjust) if att else None
        if colon and self._fills_paragraph(q):      # "A enfermeira Marta Lopes mostra as escalas:" ⏎ «…»
            s = self._lead_in_subject(sentence[:-1])
            if s.kind in (NAME, PRONOUN, ROLE):
                return self._attribution(s, "colon-sentence", "colon_sentence", q.open_pos)
        return None

    def _fills_paragraph(self, q: Quotation) -> bool:
        """Whether the quotation is all its paragraph holds (but for punctuation)."""
        a, b = self.text.line_span(self.text.line_of(q.open_pos))
        return self.text.own_line(q) and not self.body[q.after:b].strip(" \t\r.,;:!?…")

    # -- subjects ---------------------------------------------------------------------------------------------
    def _verb_subjects(self, sentence: Sequence[Item], sources: bool = False) -> Iterator[tuple[Subject, str, int]]:
        """(subject, verb as written, verb offset) of each reporting verb of a sentence, outside quotations;
        with ``sources``, a noun phrase that names no person counts as a subject too."""
        for v in verb_subjects(self.text, self.reader, sentence):
            s = v.subject
            impersonal = self._impersonal_source([fold(w) for w in v.verb.split()], v.before, v.after) \
                if sources else None
            if impersonal is not None:
                s = impersonal
            elif sources and s.kind == OTHER:
                s = self._source_next_to(v.before, v.after)
            yield s, v.verb, v.at

    def _source_next_to(self, before_verb: Sequence[Item], after_verb: Sequence[Item]) -> Subject:
        """A source named by a noun phrase rather than a person's name, in the clause part just before the
        verb ("a spokesperson said", "“…,” Norvale Power said") or else just after it ("said the veteran
        goalkeeper"); OTHER when neither reads as one."""
        cut = self.reader.cut(before_verb)
        if cut:
            if len(cut) > 1 and cut[-2][1] in self.data.enumeration:
                return Subject(OTHER)           # "王明、李华表示": an item of an enumeration
            s = self.reader.source_phrase(cut[-1][0], before_verb=True)
            words = [w for w in cut[-1][0] if w.word]
            lone_opener = self.data.nouns_capitalised and len(words) == 1 and words[0].opener
            fronted = self.data.nouns_capitalised and bool(words) and words[0].key in self.data.prepositions
            if not ((lone_opener or fronted) and s.kind in (SOURCE, OTHER)):
                return s
            # "Zur Erklärung sagte eine Forscherin": a fronted phrase, the subject after the verb
            # "Tatsächlich spricht ein Sprecher …": one word opening a verb-second sentence is no subject either
            s_after = self._source_after(after_verb)
            return s_after if s_after.kind != OTHER else s
        return self._source_after(after_verb)

    def _source_after(self, after_verb: Sequence[Item]) -> Subject:
        """The source phrase right after the verb ("said the veteran goalkeeper"), unless it opens an
        enumeration of names."""
        head: list[Item] = []
        for it in after_verb:
            if not it.word and not it.inert:
                break
            head.append(it)
        rest = after_verb[len(head):len(head) + 12]
        if len(rest) > 1 and rest[0].key in self.data.commas and rest[1].text[:1].isupper() \
                and any(it.key in self.data.conjunctions for it in rest):
            return Subject(OTHER)               # "said Ann Lee, Tom Baker and Mary Jones"
        return self.reader.source_phrase(head, before_verb=False) if head else Subject(OTHER)

    def _clause_subject(self, before: Sequence[Item]) -> Subject:
        """The speaker standing before the quotation in SOV order: "Ahmet Yılmaz, “…” dedi", "TÜSİAD
        Başkanı Orhan Turan ise “…” dedi" (without a comma, the words before must be wholly a name)."""
        if not before:
            return Subject(OTHER)
        if before[-1].word:
            s = self.reader.parse([it for it in before if it.word], cover=True)
            return s if s.kind == NAME else Subject(OTHER)
        return self.reader.before_verb(before)

    # -- quotations no cue of their own attributes ------------------------------------------------------------
    def continuation(self, q: Quotation, prev: Quotation, att: Attribution) -> Attribution | None:
        """The same speaker for a quotation that goes on from an attributed one: it opens its sentence
        right after it (``“…,” she said. “…”``) or opens the next paragraph (a follow-on paragraph), and
        nothing in its own sentence names anyone else."""
        text = self.text
        if text.quote_words(q) < int(self.limits["min_words_uncued"]):
            return None
        _, _, before = text.before(q)
        ended = q.close_pos is None or self.body[q.close_pos - 1] in self.data.terminators
        if not self._bare_lead_in(before) or (not ended and any(it.word for it in text.after(q))):
            return None             # words around it in its sentence: it is not a saying on its own
        here, there = text.line_of(q.open_pos), text.line_of(prev.after - 1)
        if here != there and (not text.own_line(q) or text.filled(there, 1) != here):
            return None
        return replace(att, cue="continuation", confidence=att.confidence + self.conf["continuation"],
                       way="continuation")

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
        sentence = [it for it in p.items[max(a, i - WINDOW):min(b, i + WINDOW)] if not text.quote_at(it.start)]
        lettered = [it for it in sentence if it.word and first_letter(it.text)]     # not "02:31 — The …"
        cased = not self.data.unspaced_any.search(self.body[q.open_pos:q.after]) and any(
            first_letter(it.text).isupper() for it in lettered[:3])
        if i > a and text.is_end(p.items[i - 1]):
            a = i                   # a full stop right before the opening mark: the quotation opens a sentence
            sentence = [it for it in sentence if it.start > q.open_pos]
        if not cased and text.quote_words(q) < int(self.limits["min_words_uncued"]):
            return None             # caseless scripts: a term's speaker cannot be told from its words
        found = self._source_in_sentence(sentence, q.open_pos, cased, "partial")
        if found is not None or a == 0 or not cased:
            return found
        pa, _ = p.sentence_bounds(a - 1)
        if previous is not None and p.items[pa].start <= previous[0].open_pos < p.items[a].start:
            att = previous[1]
            return replace(att, cue="partial-continuation", way="partial",
                           confidence=min(att.confidence, self.conf["partial"]) + self.conf["continuation"])
        if any(text.quote_at(it.start) for it in p.items[pa:a]):
            return None             # the sentence before quotes someone whose source it did not name
        prev = [it for it in p.items[max(pa, a - WINDOW):a] if not text.quote_at(it.start)]
        att = self._source_in_sentence(prev, p.items[a].start, cased, "partial")
        if att is None and any(it.key in self.data.reported_mood and it.start < q.open_pos for it in sentence):
            att = self._mood_source(prev)
        if att is None:
            return None
        return replace(att, cue="partial-continuation", confidence=att.confidence + self.conf["continuation"])

    def _mood_source(self, prev: Sequence[Item]) -> Attribution | None:
        """For a sentence whose verb is in the mood of reported speech ("Die Stadt habe „keine Wahl“ gehabt"),
        the person the sentence before it is about, whatever its verb ("Der Kämmerer Paul Ries verteidigte den
        Beschluss."): its subject when a name, pronoun or role."""
        lead = [it for it in prev if not (not it.word and it.key in self.data.terminators)]
        s = self._lead_in_subject(lead) if any(it.word for it in lead) else Subject(OTHER)
        if s.kind not in (NAME, PRONOUN, ROLE):
            return None
        return self._attribution(s, "partial-continuation", "partial", prev[-1].start if prev else 0)

    def _source_in_sentence(self, sentence: Sequence[Item], pos: int, cased: bool, base: str
                            ) -> Attribution | None:
        """The source of a sentence that reports speech: the subject of its reporting verb nearest before
        ``pos`` (else after it), or the speaker after its "according to" phrase."""
        best: tuple[int, Attribution] | None = None
        for subject, verb, at in self._verb_subjects(sentence, sources=cased):
            att = self._attribution(subject, f"{base}:{verb}", base, at, verb)
            if att is not None:
                rank = pos - at if at < pos else WINDOW * 8 + at - pos
                if best is None or rank < best[0]:
                    best = rank, att
        if best is not None:
            return best[1]
        keys = [it.key for it in sentence]
        for k in range(len(sentence)):
            n = self.data.according_to.match(keys, k)
            if not n:                       # "so" also after the quotation: "Der Iran müsse „…“ beenden, so Rice."
                n = self.data.according_to_after.match(keys, k)   # set off by punctuation ("so begeistert" is no source)
                n = n if n and k and not sentence[k - 1].word else 0
            elif sentence[k].start > pos and not (k and sentence[k - 1].key in self.data.commas):
                continue                    # after it only set off by a comma: "« … », selon le défenseur X."
            if not n:
                continue
            rest = sentence[k + n:]
            subject = self.reader.after_verb(rest)
            if n == 1 and sentence[k].key in self.data.prepositions:
                if subject.kind not in (NAME, PRONOUN):     # "per capire", "pour la suite": "for" names a person,
                    subject = self._source_next_to([], rest)    # "selon elle", an organisation or an office
                                                                # ("selon le parquet"), or nobody
                    if subject.kind != SOURCE or subject.source_kind not in ("organisation", "role"):
                        continue
            elif subject.kind not in (NAME, PRONOUN) and cased:
                subject = self._source_next_to([], rest)
            phrase = self.body[sentence[k].start:sentence[k + n - 1].end]
            att = self._attribution(subject, f"{base}:{phrase}", base, sentence[k].start, phrase)
            if att is not None:
                return att
        return None

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
        m = regex.search(r"([\p{L}\p{M}]++)\s*+$", self.body[max(0, q.open_pos - 40):q.open_pos])
        return m is not None and m.group(1)[:1].islower() \
            and fold(m.group(1)) not in self.data.definites | self.data.contractions

    def _so_called(self, q: Quotation) -> bool:
        """Whether the words right before the opening mark make the quotation a label ("the so-called
        «…»", "la llamada «…»", "так называемая «…»")."""
        before = [fold(w) for w in regex.findall(r"[\p{L}\p{M}'’-]+", self.body[max(0, q.open_pos - 40):q.open_pos])]
        return any(self.data.so_called.match(before, i) == len(before) - i for i in range(max(0, len(before) - 3),
                                                                                         len(before)))

    def _after_indefinite(self, q: Quotation) -> bool:
        """Whether an indefinite article stands right before the opening mark: a title or a name takes
        the definite one ("der Film „…“"), a phrase someone coined the indefinite ("eine „…“")."""
        before = regex.search(r"(\S+)\s*$", self.body[max(0, q.open_pos - 40):q.open_pos])
        return bool(before) and fold(before.group(1)) in self.data.indefinites
