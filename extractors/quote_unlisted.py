"""Reporting verbs the data does not list, known by where they stand.

Right after the comma or dash that closes a quotation, speech inverts verb and subject: “…,” quipped Ann Lee;
„…“, zeigte sich Jan Ott zufrieden; «…», — сетует Иван Орлов; « … », a tempéré Lise Roy; « … »,
tempère-t-il. A lowercase word (or an auxiliary and its participle, a clitic and its verb) there, followed by
a person's name, a definite role or a possessive phrase, is read as a reporting verb whatever it is; so is
one lowercase word between a name or pronoun and the end of the sentence (“…,” Ann Lee quipped.). Each such
attribution costs the confidence ``unlisted_verb``.
"""
from __future__ import annotations

from dataclasses import replace
from typing import Sequence

from extractors.quote_attribution import Attribution, Attributor
from extractors.quote_clauses import Clauses
from extractors.quote_lang import Item, first_letter
from extractors.quote_marks import Quotation
from extractors.quote_subjects import EMPTY, FIRST, NAME, OTHER, PRONOUN, ROLE, SOURCE, Reader, Subject
from extractors.quote_text import ArticleText


class UnlistedVerbs:
    """Attributions through verbs the language data does not list, in one article."""

    def __init__(self, text: ArticleText, reader: Reader, attributor: Attributor, clauses: Clauses):
        self.text, self.reader, self.attributor, self.clauses = text, reader, attributor, clauses
        self.body, self.data, self.conf = text.body, text.data, text.data.confidence

    def inverted(self, q: Quotation, after: Sequence[Item], k: int) -> Attribution | None:
        """A verb the data does not list, known by where it stands: right after the comma or dash that closes
        the quotation, lowercase, with a person's name right after it and nothing else between
        (“…,” quipped Ann Lee; „…“, zeigte sich Jan Ott zufrieden; «…», — сетует Иван Орлов; « … », a
        tempéré Lise Roy: an auxiliary and its participle). Speech inverts verb and subject there; a name
        after any other lowercase word does not."""
        d = self.data
        if not self._set_off_after(q, after, k):
            return None
        clitic = self.inverted_clitic(after, k)
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
            return self._unlisted(self.attributor.attribution(s, f"pronoun:{after[k].text}", "verb", after[k].start,
                                                    after[k].text))
        s = self._subject_after_unlisted(after, j)
        if s is None:
            return None
        verb = self.body[after[k].start:after[j - 1].end]
        return self._unlisted(self.attributor.attribution(s, f"verb-after:{verb}", "verb", after[k].start, verb))

    def _set_off_after(self, q: Quotation, after: Sequence[Item], k: int) -> bool:
        """Whether punctuation closes the quotation before the words at ``after[k]``: a comma, "?" or "!"
        inside the mark, a comma or dash after it, or the dash or comma that ends a dialogue line ("—…—le
        replica", "— …, soupire-t-il")."""
        if q.close_pos is None:
            return False
        d = self.data
        return self.text.last_inside(q) in d.commas + "?!" \
            or any(after[j].key in d.commas + d.dashes for j in range(k)) \
            or self.body[q.close_pos] in d.dialogue_dashes or self.text.dialogue_line(q)

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
        """The subject after an unlisted verb: a name, a definite role ("strahlte die 23-Jährige"), a
        phrase opened by a possessive ("le replica su madre") or an indefinite one ("grumbled a neighbour",
        "sollozó una vecina"), as written; None for anything else."""
        d = self.data
        if j >= len(after) or not (first_letter(after[j].text).isupper() or after[j].key in d.articles
                                   or after[j].key in d.possessives):
            return None
        s = self.reader.after.after_verb(after[j:])
        phrase = after[j].key in d.possessives or after[j].key in d.indefinites or after[j].key in d.definites
        if s.kind in (OTHER, EMPTY) and phrase:
            s = self.clauses.source_after(after[j:])
        if s.kind == NAME or (s.kind == ROLE and after[j].key in d.definites):
            return s
        if s.kind == SOURCE and phrase:
            rest = next((it for it in after[j:] if it.start >= s.end), None)
            if rest is None or after[j].key in d.possessives or self.text.is_end(rest) \
                    or rest.key in d.commas or rest.key in d.prepositions:
                return s            # an indefinite one that ends the clause: not "“…”, worauf eine Dame (…) rief"
        return None

    def _unlisted(self, att: Attribution | None) -> Attribution | None:
        """``att`` with the confidence a verb the data does not list costs."""
        return None if att is None else replace(att, confidence=att.confidence + self.conf["unlisted_verb"])

    def inverted_clitic(self, after: Sequence[Item], k: int) -> Attribution | None:
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
        # the pronoun hyphened after its verb is an incise's own inversion: no cost for the verb being unlisted
        return self.attributor.attribution(Subject(FIRST if group else PRONOUN, pronoun.start, pronoun.end),
                                           f"pronoun:{verb}", "verb", after[k].start, verb)

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
        s = self.reader.clause.before_verb(after[k:j])
        if s.kind != NAME or after[j].key in self.data.stop_words:
            return None
        verb = after[j].text
        return self._unlisted(self.attributor.attribution(s, f"verb-after:{verb}", "verb", after[j].start, verb))

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
        return self._unlisted(self.attributor.attribution(s, f"verb-after:{verb}", "verb", after[k + 1].start, verb))
