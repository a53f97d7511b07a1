"""Stage (b) of quotation extraction: for one quotation, the mention that says who said it, and the cue.

The cues, in the order :meth:`Sources.attribute` tries them (the first that names a source wins), are
those the docstring of :mod:`extractors.quotes` lists: a reporting verb, an "according to" phrase or a
dash after the closing mark (a verb the data does not list, by where it stands: :mod:`extractors.quote_unlisted`);
a reporting verb, "according to", ``Name:`` or a named subject with a colon before the opening mark; a byline
under the quotation's line (:mod:`extractors.quote_bylines`); a reporting verb with a named subject in the
sentence before. The subject next to each cue is read by :mod:`extractors.quote_clauses` and made a record,
:class:`extractors.quote_attribution.Attribution`, by :mod:`extractors.quote_attribution`. A quotation none of
them attributes may go on from the one before or be a partial quotation in a sentence that reports speech
(:mod:`extractors.quote_uncued`).
"""
from __future__ import annotations

from dataclasses import replace
from typing import Iterator, Sequence

from extractors.quote_attribution import Attribution, Attributor, named_first, unnamed
from extractors.quote_bylines import Bylines
from extractors.quote_clauses import Clauses
from extractors.quote_lang import Item, Paragraph, first_letter, past_connective
from extractors.quote_marks import Quotation
from extractors.quote_morph import adverb
from extractors.quote_next_sentence import NextSentence
from extractors.quote_subjects import EMPTY, FIRST, LINKED, NAME, OTHER, PRODROP, PRONOUN, ROLE, SOURCE, Reader, Subject
from extractors.quote_text import WINDOW, ArticleText
from extractors.quote_unlisted import UnlistedVerbs
from extractors.quote_verb_subjects import coordinated_subject

# The cues strong enough for a quotation shorter than ``min_words_uncued`` words (a reporting verb, an
# "according to", a dash and a name right after it): a line of its own or the sentence before say too little
# about so few words.
_SHORT_WAYS = ("verb", "according_to", "dash")
# …and, for a whole sentence quoted ("El técnico, Juan Soto, fue tajante: «Perdimos con justicia».",
# "Ana Lima: “Never again.”"), a named person's clause and a colon: a motto or a title after a colon follows
# a noun ("Sein Motto:"), not a person.
_SHORT_SENTENCE_WAYS = _SHORT_WAYS + ("name_colon", "subject_colon")


class Sources:
    """The source the cues around each quotation of one article name."""

    def __init__(self, text: ArticleText, reader: Reader, attributor: Attributor, clauses: Clauses):
        self.text, self.reader, self.attributor, self.clauses = text, reader, attributor, clauses
        self.body, self.data = text.body, text.data
        self.limits, self.conf = text.data.limits, text.data.confidence
        self.bylines = Bylines(text, reader, attributor)
        self.unlisted = UnlistedVerbs(text, reader, attributor, clauses)
        self.next_sentence = NextSentence(text, reader, attributor)

    def _attribution(self, subject: Subject, cue: str, base: str, anchor: int, verb: str = "") -> Attribution | None:
        return self.attributor.attribution(subject, cue, base, anchor, verb)

    def bylined(self) -> Iterator[tuple[int, int, str, Attribution]]:
        """(start, end, text, source) of each line without quote marks that a byline under it attributes."""
        for start, end, saying in self.bylines.unmarked():
            att = self.bylines.after(end)
            if att:
                yield start, end, saying, att

    def attribute(self, q: Quotation) -> Attribution | None:
        """The source the cues around ``q`` name, its confidence lowered for a closing mark that is
        missing or of another kind; None when none does, or when ``q`` is too short for its cue."""
        p, sent_a, before = self.text.before(q)
        if self._label(before):
            return self._after_label(q, p, sent_a)
        after = self.text.after(q)
        words = self.text.quote_words(q)
        short = words < int(self.limits["min_words_uncued"])
        opens_clause = self._opens_clause(before)
        if short and not (opens_clause and self._closes_clause(q, after)):
            return None
        att = named_first(self._from_after(q, after, before) if opens_clause else None,
                           self._from_before(q, before))
        if unnamed(att) and not any(it.word for it in before):
            att = named_first(att, self.next_sentence.attribute(q))
        if unnamed(att) and not any(it.word for it in after) and self.text.own_line(q):
            att = named_first(att, self.bylines.after(q.end if q.close_pos is None else q.close_pos + 1))
        if unnamed(att) and not short and not any(it.word for it in before):
            att = named_first(att, self._from_previous_sentence(q, p, sent_a))
        if unnamed(att) and not short and self.data.incise_inside:
            att = named_first(att, self._incise_inside(q))
        if att is None and not short and not any(it.word for it in before):
            att = self._from_subject_before(q, p, sent_a)
        if att is None or (short and att.way not in self._short_ways(q, att)) \
                or (att.unresolved and q.status != "closed"):
            return None                 # a stray or mismatched mark is worth keeping only for a named source
        if words <= int(self.limits["term_max_words"]) and not (att.way == "verb" and (
                self._set_off(q, before, after) or (self.text.dialogue_line(q) and not att.unresolved))):
            return None
        penalty = {"mismatched": self.conf["mismatched"], "unterminated": self.conf["unterminated"]}
        return replace(att, confidence=att.confidence + penalty.get(q.status, 0.0))

    def _short_ways(self, q: Quotation, att: Attribution) -> tuple[str, ...]:
        """The ways of attribution that may vouch for a quotation of few words: a person's colon frame too
        when the quotation is a whole sentence of a named speaker."""
        return _SHORT_SENTENCE_WAYS if att.kind == "person" and self.text.whole_sentence(q) else _SHORT_WAYS

    def _label(self, before: Sequence[Item]) -> bool:
        """Whether all that stands before the quotation in its sentence is one capitalised word and a colon,
        a word the article writes in no longer name ("Spoiler :", "Verdict:", "Fazit:"): a label, no
        speaker's name."""
        words = [it for it in before if it.word]
        return len(words) == 1 and len(before) == 2 and before[-1].key in self.data.colons \
            and first_letter(words[0].text).isupper() and not self.reader.names.is_known(words[0].key)

    def _after_label(self, q: Quotation, p: Paragraph, sent_a: int) -> Attribution | None:
        """The source of a quotation after a label and a colon: the one the sentence before names opening
        it ("Mon fils Hugo a goûté la tomate. Verdict : « … »"), else the quotation with its speaker unknown."""
        if sent_a > 0:
            a, _ = p.sentence_bounds(sent_a - 1)
            s = self.clauses.lead_in_subject(p.items[max(a, sent_a - WINDOW):sent_a - 1])
            att = self._attribution(s, "label-colon", "colon_sentence", q.open_pos) \
                if s.kind in (NAME, PRONOUN, ROLE) else None
            if att is not None:
                return att
        return self.attributor.unknown("label-colon", "colon_sentence") if self.text.whole_sentence(q) else None

    def _incise_inside(self, q: Quotation) -> Attribution | None:
        """The reporting clause French and Russian set inside the marks, after a comma (and a dash) and before
        the sentence goes on (« Je ne m'emballe pas, a-t-il tempéré. Mais … », « C'est dur, explique Lise Roy.
        On … », «Успеем, — сказал он. — Осталось немного»): read as a clause after a closing mark is, when a
        full stop ends it and more of the quotation follows."""
        p = self.text.para(self.text.line_of(q.start))
        inside = [it for it in p.items[p.index_at(q.start):p.index_at(q.end)] if q.start <= it.start < q.end]
        for comma, it in enumerate(inside[:-2]):
            if it.word or it.key not in self.data.commas:
                continue
            i = comma + int(not inside[comma + 1].word and inside[comma + 1].key in self.data.dashes)
            end = next((j for j in range(i + 1, min(len(inside), i + 15)) if self.text.is_end(inside[j])), None)
            by_comma = self._incise_comma(inside, i)
            commas = by_comma is not None and (end is None or by_comma < end)
            end = by_comma if commas else end
            if end is None or end == i + 1 or not any(x.word for x in inside[end + 1:]):
                continue
            clause = inside[i:end]
            if commas:                      # between commas only a listed verb: "…, который работает, …"
                att = self._from_verb_after_incise(clause)
            else:
                att = self.unlisted.inverted_clitic(clause, 1) or self._from_verb_after_incise(clause) \
                    or self.unlisted.inverted(q, clause, 1)
            if att is not None:
                return att
        return None

    def _incise_comma(self, inside: Sequence[Item], i: int) -> int | None:
        """Where an incise set off by commas inside the marks ends (« A, dit Lise Roy, et B »): the comma after
        its first words, or the comma or full stop after those when they are a title whose name follows in
        apposition (« A, dit la directrice du musée, Lise Roy, et B »); None when no comma follows
        near before a full stop."""
        ends = [j for j in range(i + 2, min(len(inside), i + 15))
                if not inside[j].word and (inside[j].key in self.data.commas or self.text.is_end(inside[j]))]
        if not ends or inside[ends[0]].key not in self.data.commas:
            return None
        words = [it for it in inside[i + 1:ends[0]] if it.word][1:]        # after the verb
        if len(ends) > 1 and self.reader.starts_with_title(words):
            return ends[1]
        return ends[0]

    def _from_verb_after_incise(self, clause: list[Item]) -> Attribution | None:
        """A listed reporting verb opening an incise, and its subject after it ("…, explique Lise Roy.")."""
        verb = self._verb_after(clause, 1)
        if verb is None or verb[0] != 1:
            return None
        s = self.reader.after.after_verb(clause[verb[1]:])
        if s.kind not in (NAME, PRONOUN):                   # "…, — сказал он. — …"
            s = self.clauses.source_after(clause[verb[1]:])
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
        if self.data.subject_before_quote and self.clauses.clause_subject(before).kind == NAME:
            return True                                   # "TÜSİAD Başkanı Orhan Turan ise “…” dedi"
        verbs = self.text.verbs_in(before)
        return last.key in self.data.complementizers or bool(verbs and verbs[-1][1] == len(before))

    def _closes_clause(self, q: Quotation, after: Sequence[Item]) -> bool:
        """Whether the quotation ends its clause: punctuation just inside or after the closing mark, the
        end of the line, or a reporting verb right after it ("“…” dedi"); a line of dialogue ends at the dash
        before its reporting clause."""
        if q.close_pos is None:
            return False
        if self.text.dialogue_line(q):
            return True
        verbs = self.text.verbs_in(after)
        if verbs and verbs[0][0] == 0:
            return True
        last = self.text.last_inside(q)
        if not last.isalnum() and not last.isspace():
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
        inside = self.text.last_inside(q)
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
                s = self.reader.after.after_according_to(after[k + n:])
                rest = [it for it in after[k + n:k + n + 2] if it.word]
                if s.kind not in (NAME, PRONOUN, ROLE) and lex is self.data.according_to_after and rest \
                        and rest[0].key in self.data.articles:
                    s = self.clauses.source_next_to([], after[k + n:])     # "„…“, so der 45-Jährige"
                phrase = self.body[after[k].start:after[k + n - 1].end]
                cue = f"according-to:{phrase}" if s.kind == NAME else phrase
                return self._attribution(s, cue, "according_to", after[k].start, phrase)
        verb = self._verb_after(after, k)
        if verb is not None:
            att = self._from_verb_after(after, k, before, *verb, new_sentence=self._new_sentence_after(q, after, k))
            if att is not None:
                return att
        inverted = self.unlisted.inverted(q, after, k)
        if inverted is not None:
            return inverted
        if dash:
            s = self.reader.after.after_verb(after[k:])
            if s.kind == NAME:
                return self._attribution(s, "dash", "dash", after[k].start)
        if verb is not None and verb[0] == k and self._speech_punctuated(q, after, k):
            # "«…», — рассказала жительница соседнего дома": the verb reports it, its subject unread
            return self.attributor.unknown("verb-after", "verb", (after[k].start, after[verb[1] - 1].end))
        return None

    def _speech_punctuated(self, q: Quotation, after: Sequence[Item], k: int) -> bool:
        """Whether a comma, question or exclamation mark closes the quotation's words, or a comma or dash
        follows its closing mark: how speech hands over to its reporting clause, unlike a name or title
        in marks that is the clause's subject ("«Nordbank» meldete …")."""
        if q.close_pos is None:
            return False
        return self.text.last_inside(q) in ",?!" or any(
            it.key in self.data.commas + self.data.dashes for it in after[:k])

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

    def _new_sentence_after(self, q: Quotation, after: Sequence[Item], k: int) -> bool:
        """Whether a new sentence starts after the quotation: it closes on a full stop and the next word
        is capitalised, with no comma or dash between (“…notwendig.“ Politiker kritisierten …)."""
        if q.close_pos is None or self.text.last_inside(q) != "." or k != 0 or not after:
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
        impersonal = self.clauses.impersonal_source([it.key for it in after[vi:vj]], after[:vi], after[vj:])
        if impersonal is not None:
            return self._attribution(impersonal, verb, "verb", start, verb)
        s = self.reader.clause.before_verb(after[k:vi])
        between = [it for it in after[k:vi] if it.word]
        if s.kind in (OTHER, SOURCE) and len(between) == 1 and adverb(between[0].text, d):
            s = Subject(EMPTY)              # "«…», — скромно заметил нападающий …": the subject after the verb
        taken_up = len(between) == 1 and between[0].key in d.quotation_pronouns
        if taken_up:
            s = Subject(EMPTY)              # “…” Das sagt Jan Ott. / «…» Lo dice Ana Lima.: the word is the
                                            # quotation, the subject follows the verb
        if new_sentence and not taken_up and not self._ends_with_verb(after[vj:]):
            return None
        if s.kind == EMPTY:
            s = self.reader.after.after_verb(after[vj:])
            if s.kind == OTHER and self.clauses.no_subject_after(after[vj:]):
                s = Subject(EMPTY)      # "«…», dice orgoglioso", "ha detto nell'omelia": the subject dropped
            if s.kind == EMPTY:         # "«…», señala su comunicado": whose text it is
                s = self.clauses.phrases.possessor([it for it in after[vj:vj + 6] if it.word], False) or s
            if s.kind in (EMPTY, OTHER) and d.subject_before_quote:
                b = self.clauses.clause_subject(before)
                if b.kind in (NAME, PRONOUN) or (b.kind == OTHER and before):
                    s = b           # "Törene katılan bir vatandaş, “…” dedi": someone unnamed said it
            if s.kind == EMPTY and d.pro_drop:
                s = Subject(PRODROP, start, after[vj - 1].end)
        if s.kind in (OTHER, EMPTY):
            s = self.clauses.source_next_to(after[k:vi], after[vj:])
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
                else self.reader.after.after_verb(before[vj:])
            if self._verb_linked(before[vj:], sa, linked):
                att = self._from_verb_before(before, vi, vj, sa, linked)
                if att is None and self._hands_over(q, before, vi, vj):
                    return self.attributor.unknown("verb-before", "verb", (before[vi].start, before[vj - 1].end),
                                                   q.open_pos)
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

    def _hands_over(self, q: Quotation, before: Sequence[Item], vi: int, vj: int) -> bool:
        """Whether the reporting verb ``before[vi:vj]`` hands over to the quotation whoever its subject is: a
        colon before a whole sentence ("Ana Lima, Rui Costa and others said: “…”"), the verb and a comma before
        one ("… leaned over and said, “…”"), or the verb right before the mark, inside its sentence, and
        words enough after it ("… but said “…”")."""
        tail, d = before[-1], self.data
        if not tail.word and self.text.whole_sentence(q):
            return tail.key in d.colons or (tail.key in d.commas and vj == len(before) - 1)
        return 0 < vi and vj == len(before) and self.text.quote_words(q) >= int(self.limits["min_words_uncued"])

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
        impersonal = self.clauses.impersonal_source(keys, before[:vi], before[vj:])
        if impersonal is not None:
            return self._attribution(impersonal, verb, "verb", before[vi].start, verb)
        if linked and d.impersonal and d.impersonal.match(keys, 0) == len(keys):
            # "Darin heißt es knapp: „…“": said, by no one the sentence names
            return self.attributor.unknown(verb, "verb", (before[vi].start, before[vj - 1].end))
        if before[vi].key in d.participles and vj - vi == 1:         # "…, saying “…”": the main clause's
            sb = self.reader.clause.main_clause_subject(before[:vi])
            sa = Subject(OTHER)
        else:
            sb = self.reader.clause.before_verb(before[:vi])
        order = (sa, sb) if d.verb_first else (sb, sa)
        s = next((x for x in order if x.kind in (*LINKED, FIRST)), None)
        quoted = self.clauses.quoted_object(before, vi, vj, sa)
        if quoted is not None:
            s = quoted
        if s is None and sa.kind == EMPTY and d.pro_drop and linked \
                and (sb.kind == EMPTY or self._fronted_phrase(before[:vi])):
            s = Subject(PRODROP, before[vi].start, before[vj - 1].end)     # "Durante il question time ha aggiunto:"
        if s is None and vi and before[vi - 1].key in d.conjunctions:
            s = coordinated_subject(self.reader, before[:vi - 1]) or self.clauses.inverted_subject(before[:vi - 1])
        if s is None and vi > 1 and before[vi - 1].key in d.adversatives and before[vi - 2].key in d.commas:
            s = coordinated_subject(self.reader, before[:vi - 2])    # "X backed the bill, but urged «…»"
        if s is None:
            s = self._relative_antecedent(before[:vi]) or self.clauses.source_next_to(before[:vi], before[vj:])
        if s.kind not in (*LINKED, PRODROP, SOURCE) and not self.attributor.is_group(s):
            return None
        cue = f"verb-before:{verb}" if s.kind == NAME else verb
        return self._attribution(s, cue, "verb", before[vi].start, verb)

    def _fronted_phrase(self, lead: Sequence[Item]) -> bool:
        """Whether all that stands before the verb in its sentence is one prepositional phrase of up to eight
        words with no verb in it ("Durante il question time ha aggiunto:", "Ante los periodistas añadió:"): a
        subject there would stand between the phrase and the verb, so it was dropped."""
        words: list[Item] = []
        for it in lead:
            if not it.word and (it.key in self.data.terminators or it.key in self.data.colons):
                words = []
            elif it.word:
                words.append(it)
            else:
                return False                # a comma: more than one phrase, or an apposition
        return 2 <= len(words) <= 8 and words[0].key in self.data.prepositions and not self.text.verbs_in(words)

    def _according_to_before(self, before: list[Item]) -> tuple[int, int, Subject] | None:
        """(where, words, subject) of an "according to" phrase before the quotation whose name or pronoun
        nothing follows but the quotation (``Selon X, professeure, «…»``)."""
        d, tail = self.data, before[-1]
        keys = [it.key for it in before]
        for i in range(len(before)):
            n = d.according_to.match(keys, i)
            if n:
                s = self.reader.after.after_according_to(before[i + n:])
                rest = [it for it in before[i + n:] if it.start >= s.end]
                if s.kind in (NAME, PRONOUN) and (not any(it.word for it in rest) or (
                        rest[0].key in d.commas and tail.key in d.commas + d.colons)):
                    return i, n, s
        return None

    def _from_colon(self, q: Quotation, before: list[Item]) -> Attribution | None:
        """A name and a colon (``Name: “…”``), or a sentence ending with a colon whose subject is a
        named person."""
        words = [it for it in before if it.word]
        while words and not any(ch.isalpha() for ch in words[0].text):
            words = words[1:]               # a ticker's time or a list's number ("17:55 Name: «…»")
        whose = self.clauses.whose_words(words)
        if whose is not None:               # "Haldenwangs Antwort: „…“": whose words the noun names
            return self._attribution(whose, "name-colon", "name_colon", q.open_pos)
        s = self.reader.parse(words, cover=True)
        if s.kind != NAME:
            s = self.reader.titled_surname(words)
        if s.kind != NAME:
            s = self.reader.title_complement_name(words)
        if s.kind == NAME:
            return self._attribution(s, "name-colon", "name_colon", q.open_pos)
        s = self.clauses.label(before[:-1])
        if s.kind == NAME:                   # "Lena Voss (31), Erzieherin: „…“": a vox-pop label
            return self._attribution(s, "name-colon", "name_colon", q.open_pos)
        s = self.reader.clause.before_verb(before[:-1])
        if s.kind == NAME:                   # "El director general, Juan Pérez, fue más cauto: «…»"
            return self._attribution(s, "subject-colon", "subject_colon", q.open_pos)
        full_sentence = self.text.whole_sentence(q)
        s = self.clauses.name_then_predicate(past_connective([it for it in before[:-1] if it.word], self.data),
                                             full_sentence)
        if s.kind == NAME:                   # "Ihr Kollege Thomas Müller widersprach: „…“"
            return self._attribution(s, "subject-colon", "subject_colon", q.open_pos)
        relative = self._relative_antecedent(before[:-1])
        if relative is not None:             # "Zweite wurde Eva Roth, die danach zugab: „…“"
            return self._attribution(relative, "subject-colon", "subject_colon", q.open_pos)
        s = self._holder(words)
        if s.kind == NAME:                   # "У Петрова на этот счёт другое мнение: «…»"
            return self._attribution(s, "holder-colon", "subject_colon", q.open_pos)
        if full_sentence:
            return self._colon_sentence(q, before)
        return None

    def _relative_antecedent(self, lead: Sequence[Item]) -> Subject | None:
        """The name or organisation right before the comma after which a subject relative opens the reporting
        verb's clause ("… arrivée deuxième, Élise Roy, qui après la course a admis :", "… Ana Lima, who then
        admitted:", "… the Harwick Tenants Union, which said:"), no other subject in that clause: who the
        relative stands for."""
        d = self.data
        comma = max((k for k, it in enumerate(lead) if not it.word and it.key in d.commas), default=-1)
        clause = lead[comma + 1:]
        n = d.subject_relatives.match([it.key for it in clause], 0) if comma > 0 else 0
        if not n or any(not it.word or it.key in d.pronouns or it.key in d.first_person
                        or (not d.nouns_capitalised and first_letter(it.text).isupper()) for it in clause[n:]):
            return None
        s = self.clauses.antecedent(lead[:comma])
        return s if s.kind != OTHER else None

    def _holder(self, words: Sequence[Item]) -> Subject:
        """The name after a preposition of having in the clause before a colon ("У Петрова другое мнение:", "Autre
        avis chez Ana Vidal, pharmacienne :"): who holds the view quoted; OTHER for anything else."""
        at = next((i for i, w in enumerate(words[:-1]) if w.key in self.data.holder_prepositions), None)
        if at is None or len(words) < 3:
            return Subject(OTHER)
        k = at + 1
        while k < len(words) and first_letter(words[k].text).isupper():
            k += 1
        return self.reader.parse(words[at + 1:k], cover=True) if k > at + 1 else Subject(OTHER)

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
        s = self.clauses.lead_in_subject(before[:-1])
        described = s.kind == SOURCE and s.source_kind in ("role", "organisation")
        someone = self.clauses.someone_opening(before[:-1]) \
            if s.kind not in (NAME, PRONOUN, ROLE) and not described else None
        if someone is not None:             # "Une passante s'agaçait :": someone unnamed
            s, described = someone, True
        att = self._attribution(s, "colon-sentence", "colon_sentence", q.open_pos) \
            if s.kind in (NAME, PRONOUN, ROLE) or described else None
        if att is None and s.kind == SOURCE:    # "Der Kämmerer wurde deutlich:" after "Kämmerer Ivo Roth"
            found = self._attribution(s, "colon-sentence", "colon_sentence", q.open_pos)
            att = found if found is not None and found.start >= 0 else None
        return att or unknown

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
        for s, verb, at in self.clauses.verb_sources(sentence, sources=colon):
            if s.kind in (EMPTY, OTHER) and self.clauses.dropped_before(sentence, at):
                s = Subject(PRODROP, at, at + len(verb))    # "Ci descrive la piena." ⏎ «…»: the one before
            if s.kind in LINKED or s.kind == PRODROP or (colon and s.kind == SOURCE):
                cue = f"verb-previous-sentence:{verb}" if s.kind == NAME else ""
                att = self._attribution(s, cue, "verb_previous_sentence", at, verb)
                return replace(att, confidence=att.confidence + adjust) if att else None
        if colon and self._fills_paragraph(q):      # "A enfermeira Marta Lopes mostra as escalas:" ⏎ «…»
            s = self.clauses.lead_in_subject(sentence[:-1])
            if s.kind in (NAME, PRONOUN, ROLE):
                return self._attribution(s, "colon-sentence", "colon_sentence", q.open_pos)
        return None

    def _from_subject_before(self, q: Quotation, p: Paragraph, sent_a: int) -> Attribution | None:
        """For a quotation with no cue of its own that closes its paragraph, or stands as a sentence of its
        own between two of the narrative, the person the sentence before it in that paragraph is about,
        whatever its verb: its subject when a name, a pronoun or a role ("Le capitaine Ivo Roy ne cachait pas
        son agacement. « … »", "Sie lacht. „…“", "X will die Bibliothek schließen. „…“ Die Bücher …")."""
        if sent_a == 0 or q.close_pos is None:
            return None
        if not self.text.ends_line(q, self.text.line_of(q.close_pos)):
            if not self._sentence_between(q):
                return None
            new = self.next_sentence.new_person(q)
            if new is not None:
                return self._attribution(new, "next-sentence-name", "subject_sentence", new.start)
        a, _ = p.sentence_bounds(sent_a - 1)
        sentence = p.items[a:sent_a]
        if len(sentence) > 3 * WINDOW or any(self.text.quote_at(it.start) for it in sentence):
            return None
        s = self.clauses.lead_in_subject(sentence)
        if s.kind not in (NAME, PRONOUN, ROLE):
            return None
        return self._attribution(s, "subject-sentence", "subject_sentence", q.open_pos)

    def _sentence_between(self, q: Quotation) -> bool:
        """Whether the quotation is a whole sentence, ended inside its marks or right after them, and a new
        sentence opens after it: a saying set between two sentences of the narrative."""
        if not self.text.whole_sentence(q):
            return False
        rest = self.body[q.close_pos + 1:q.close_pos + 40].lstrip(" \t")
        if rest[:1] in self.data.terminators:
            rest = rest[1:].lstrip(" \t")
        elif self.text.quoted(q).rstrip()[-1:] not in self.data.terminators:
            return False
        return first_letter(rest).isupper()

    def _fills_paragraph(self, q: Quotation) -> bool:
        """Whether the quotation is all its paragraph holds (but for punctuation)."""
        return self.text.own_line(q) and self.text.ends_line(q, self.text.line_of(q.open_pos))
