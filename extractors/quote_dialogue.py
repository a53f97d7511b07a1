"""Turn-taking in dialogue: whose turn a pronoun or a dropped subject gives in lines opened by dashes between two
people ("— …, ajoute Hugo. ⏎ — …, lance-t-elle": the other one).

In languages that write dialogue with dashes, typography gives each turn its line, so a pronoun either of the
two may be means the other one than the speaker of the line before, unless the verb says the speaker goes on.
Reading that needs only the article's lines, the speaker attributed each line so far, the genders the article
marks and the words of the full names, none of the antecedent search itself, so it stands here on its own.
:class:`extractors.quote_people.People` holds one (``people.dialogue``) and shares its dict of the speakers by
line (``said_on``, not copied) with it; its antecedent search asks it first.
"""
from __future__ import annotations

import regex

from extractors.quote_full_names import FullNames
from extractors.quote_lang import fold
from extractors.quote_mentions import Mention
from extractors.quote_person_gender import Genders
from extractors.quote_text import ArticleText

# Two names joined by a word (a conjunction, as the language lists them): "Lise et Hugo Vernet".
_NAME_RUN = r"\p{Lu}[\p{L}\p{M}'’-]*+(?:[ \t]\p{Lu}[\p{L}\p{M}'’-]*+)*+"
_JOINED_NAMES = regex.compile(rf"({_NAME_RUN})[ \t]++(\p{{Ll}}++)[ \t]++({_NAME_RUN})")


class Dialogue:
    """Whose turn a pronoun gives in an article's lines of dialogue, by the speakers attributed so far."""

    def __init__(self, text: ArticleText, said_on: dict[int, Mention], genders: Genders, full_names: FullNames):
        self.text, self.body, self.data = text, text.body, text.data
        self.said_on = said_on              # line of a quotation -> the speaker attributed it last (People's own)
        self.genders = genders
        self.full_names = full_names

    def turn_taker(self, pos: int, gender: str | None, verb: str) -> Mention | None:
        """In lines of dialogue between two people, each line opened by a dash, the one whose turn a pronoun or
        dropped subject at ``pos`` gives: the other of the two than the speaker of the dialogue line before
        (at most one line of narration between), who may be of the pronoun's gender ("— …, ajoute Hugo. ⏎
        — …, lance-t-elle": the other one, whom the article named with him or who spoke before). None where the
        line is no dialogue, the verb says the speaker goes on ("añade"), the speaker before may be meant (of
        that gender as the article marks it), or there is not exactly one other."""
        d = self.data
        if not d.dialogue_dashes or any(d.adding_verbs.match([fold(w)], 0) for w in verb.split()):
            return None
        n = self.text.line_of(pos)
        if not self._dialogue_line(n):
            return None
        lines = self._dialogue_before(n)
        if not lines or lines[0] not in self.said_on:
            return None
        last = self.said_on[lines[0]]
        talking = [self.said_on[k] for k in lines[1:] if k in self.said_on]
        opening = self.text.filled(lines[-1], -1)
        if opening >= 0 and not self._dialogue_line(opening):
            talking += self._partners(opening, last)       # "Ana e Rui Costa …" ⏎ — …
        others: list[Mention] = []
        for m in talking:
            if self._same_person(m, last):
                continue
            same = next((k for k, o in enumerate(others) if self._same_person(m, o)), None)
            if same is None:
                others.append(m)
            elif len(self.body[m.start:m.end].split()) > len(self.body[others[same].start:others[same].end].split()):
                others[same] = m                    # the fuller name of that person
        if len(others) != 1 or (self.genders.known(last) and self.genders.agrees(last, gender)) \
                or not self.genders.agrees(others[0], gender):
            return None                     # (the genders read last: they are read once, when first asked)
        return others[0]

    def _partners(self, n: int, person: Mention) -> list[Mention]:
        """The people line ``n`` names joined to ``person`` by a conjunction ("Lise et Hugo Vernet", "Inés y
        Bruno Sáez"): those the dialogue after it is between."""
        out: list[Mention] = []
        a, b = self.text.line_span(n)
        for m in _JOINED_NAMES.finditer(self.body, a, b):
            if fold(m.group(2)) not in self.data.conjunctions:
                continue
            first, second = (Mention(*m.span(k), False, False) for k in (1, 3))
            if self._same_person(first, person):
                out.append(second)
            elif self._same_person(second, person):
                out.append(first)
        return out

    def _dialogue_line(self, n: int) -> bool:
        """Whether line ``n`` opens with a dialogue dash."""
        line = self.body[slice(*self.text.line_span(n))].lstrip(" \t")
        return bool(line) and line[0] in self.data.dialogue_dashes

    def _dialogue_before(self, n: int) -> list[int]:
        """The lines of dialogue before line ``n``, nearest first, back to where the dialogue began: one line
        of narration may stand between two (a dialogue goes on after a sentence about the room); at most
        twelve lines back."""
        out: list[int] = []
        narration, k = 0, n
        while len(out) < 12:
            k = self.text.filled(k, -1)
            if k < 0:
                break
            if self._dialogue_line(k):
                out.append(k)
                narration = 0
            else:
                narration += 1
                if narration > 1:
                    break
        return out

    def _same_person(self, a: Mention, b: Mention) -> bool:
        """Whether two mentions name one person by their words: one holds the other's ("Inés", "Inés
        Sáez")."""
        wa = set(self.full_names.folded_words(a.start, a.end))
        wb = set(self.full_names.folded_words(b.start, b.end))
        return wa <= wb or wb <= wa
