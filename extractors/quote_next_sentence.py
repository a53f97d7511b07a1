"""A quotation whose speaker the sentence after it names, pointing back to it.

News often opens with the words and names who said them next: ``“…” That was how coach Ann Lee put it after
the game.``, ``«…». Так тренер Иван Орлов объяснил поражение.``, ``«…». Parole del sindaco Ada Neri.``. The
next sentence opens with words that point back to the quotation (``anaphoric_after``: "that was how",
"così", "так") and goes on with a reporting verb and its subject, or opens with a noun of speech and its
complement (``words_of_after``: "those were the words of", "parole di", "son palabras de"), or presents the
speaker by name right after a cleft's opening words (``cleft_after``: "c'est", "a parlare è"). Other sentences
after a quotation start statements of their own and say nothing about it; a verb the data does not list
counts only for a name right after the opening words.
"""
from __future__ import annotations

from typing import Sequence

from extractors.quote_attribution import Attribution, Attributor
from extractors.quote_gender import is_given_name
from extractors.quote_lang import Item, Paragraph, first_letter
from extractors.quote_marks import Quotation
from extractors.quote_subjects import EMPTY, NAME, OTHER, PRODROP, PRONOUN, ROLE, SOURCE, Reader, Subject, title_at
from extractors.quote_text import WINDOW, ArticleText

_SOURCES = (NAME, PRONOUN, ROLE, SOURCE, PRODROP)


class NextSentence:
    """Sources named by the sentence after a quotation, for one article."""

    def __init__(self, text: ArticleText, reader: Reader, attributor: Attributor):
        self.text, self.reader, self.attributor = text, reader, attributor
        self.body, self.data = text.body, text.data

    def attribute(self, q: Quotation) -> Attribution | None:
        """The source the sentence right after ``q`` names by pointing back to it, if it does."""
        sentence = self._sentence_after(q)
        if len(sentence) < 2:
            return None
        keys = [it.key for it in sentence]
        n = self.data.words_of_after.match(keys, 0)
        if n:
            s = self.reader.after.after_verb(sentence[n:])
            if s.kind not in (NAME, ROLE, SOURCE):
                s = self._apposed_name(sentence[n:])
            return self._attribution(s, sentence, n) if s.kind in (NAME, ROLE, SOURCE) else None
        n = self.data.cleft_after.match(keys, 0)
        s = self._opening_name(sentence[n:]) if n else None
        if s is not None and s.start == sentence[n].start:
            return self._attribution(s, sentence, n)    # "«…» C'est Ana Lima, biologiste, qui …": a name right
                                                        # after; else ("C'est ce que dit …") read on
        n = self.data.anaphoric_after.match(keys, 0)
        if not n:
            return None
        rest = sentence[n:]
        verbs = [v for v in self.text.verbs_in(rest) if v[0] <= WINDOW // 2]
        if n < 2 and self.data.nouns_capitalised and self.text.line_of(sentence[0].start) \
                != self.text.line_of(q.close_pos) and not self._verb_second(rest):
            return None                 # "So die Erzählung X-s": a lone "so" after a paragraph, a noun next
        if not verbs:
            s = self._inverted_name(rest) or self._opening_name(rest) or self._named_in(rest)
            return self._attribution(s, sentence, n) if s is not None else None
        vi, vj, _ = verbs[0]
        s = self.reader.clause.before_verb(rest[:vi]) if any(it.word for it in rest[:vi]) else Subject(EMPTY)
        if s.kind in (EMPTY, OTHER):
            s = self.reader.after.after_verb(rest[vj:])
        if s.kind == EMPTY and self.data.pro_drop:
            s = Subject(PRODROP, rest[vi].start, rest[vj - 1].end)
        return self._attribution(s, sentence, n, rest[vi].start, self.body[rest[vi].start:rest[vj - 1].end]) \
            if s.kind in _SOURCES else None

    def new_person(self, q: Quotation) -> Subject | None:
        """A person the sentence right after ``q`` introduces: a name of two words or more, after a title, opening
        with a given name, a PER entity or with a role set off after it, whose last word the article has not
        written before the quotation ("«…» Cette histoire fait encore sourire Ana Lima, l'ancienne institutrice.").
        Set between two sentences of the narrative, a quotation is more likely the words of someone introduced
        right after it than of the one the sentence before is about."""
        sentence = self._sentence_after(q)
        words = [it for it in sentence if it.word]
        before = self.body[:q.open_pos]
        for k in range(len(words)):
            if not first_letter(words[k].text).isupper():
                continue
            s = self.reader.parse(words[k:k + WINDOW], cover=False)
            if s.kind != NAME or s.single or s.start != words[k].start:
                continue
            parts = self.body[s.start:s.end].split()
            person = s.titled or is_given_name(parts[0]) or self.reader.is_person(s.start, s.end) \
                or self._role_apposed(sentence, s.end)
            if person and parts[-1] not in before:      # (written anywhere before, even inside a word: not new)
                return s
        return None

    def _role_apposed(self, sentence: Sequence[Item], end: int) -> bool:
        """Whether a role set off by a comma follows the name ending at ``end`` ("Ana Lima, die Vorsitzende,"):
        what a person is."""
        k = next((k for k, it in enumerate(sentence) if it.start >= end), None)
        if k is None or sentence[k].word or sentence[k].key not in self.data.commas:
            return False
        keys = [it.key for it in sentence[k + 1:k + 6]]
        j = int(bool(keys) and (keys[0] in self.data.articles or keys[0] in self.data.possessives))
        return bool(title_at(self.data, keys, j))

    def _verb_second(self, rest: Sequence[Item]) -> bool:
        """Whether a verb follows the pointing words (where nouns are capitalised, the one word that may follow a
        lone "so"): a lowercase word that is no article ("So begründet die Leiterin …", not "So die Erzählung …")."""
        word = next((it for it in rest if it.word), None)
        return word is not None and word is rest[0] and not first_letter(word.text).isupper() \
            and word.key not in self.data.articles

    def _inverted_name(self, rest: Sequence[Item]) -> Subject | None:
        """With a verb no list holds right after the pointing words, the name its subject after it ("So schätzt
        die Försterin Ida Rau die Lage ein")."""
        if not self._verb_second(rest):
            return None
        s = self.reader.after.after_verb(rest[1:])
        return s if s.kind == NAME else None

    def _opening_name(self, rest: Sequence[Item]) -> Subject | None:
        """A name among the first three words after the opening words, when no listed verb follows them
        ("Mit diesen Worten hat Bürgermeisterin Eva Roth die Vereine informiert", "That was how coach Ann Lee
        summed it up"): an auxiliary or a title may stand before it."""
        words = [it for it in rest if it.word][:2 * WINDOW]
        for k in range(min(2, len(words))):
            s = self.reader.parse(words[k:], cover=False)
            if s.kind == NAME and s.start <= words[min(k + 2, len(words) - 1)].start:
                return s
        return None

    def _named_in(self, rest: Sequence[Item]) -> Subject | None:
        """With a verb no list holds, the one person the pointing sentence names: a name set off by commas
        ("Mit diesem Satz schloss die Vorsitzende des Vereins, Jo Ott, die Sitzung") or closing the sentence
        after a lowercase word ("Этими словами закончил речь председатель совета Пётр Гуляев"), two words or
        more."""
        s = self._apposed_name(rest)
        if s.kind == NAME and not s.single:
            return s
        words = [it for it in rest if it.word]
        for k in range(max(1, len(words) - 4), len(words) - 1):
            s = self.reader.parse(words[k:], cover=True)
            before = words[k - 1]
            if s.kind == NAME and not s.single and not first_letter(before.text).isupper() \
                    and before.key not in self.data.prepositions:
                return s
        return None

    def _apposed_name(self, words: Sequence[Item]) -> Subject:
        """A name set off by commas right after a role phrase ("del tecnico del Borgoverde, Ivano Pistilli,
        dopo …"): the first of the next two parts that is wholly a name."""
        for part in self.reader.clause.segments(words)[1:3]:
            s = self.reader.parse(part, cover=True)
            if s.kind == NAME:
                return s
        return Subject(OTHER)

    def _next_paragraph(self, n: int) -> tuple[Paragraph | None, int]:
        """The paragraph after line ``n`` (past blank lines) and the index of its first word."""
        text = self.text
        for m in range(n + 1, min(n + 3, len(text.line_starts))):
            if self.body[slice(*text.line_span(m))].strip():
                p = text.para(m)
                return p, next((k for k, it in enumerate(p.items) if it.word), len(p.items))
        return None, 0

    def _attribution(self, s: Subject, sentence: Sequence[Item], n: int, anchor: int = -1,
                     verb: str = "") -> Attribution | None:
        phrase = self.body[sentence[0].start:sentence[n - 1].end]
        anchor = anchor if anchor >= 0 else sentence[0].start
        return self.attributor.attribution(s, f"next-sentence:{phrase}", "verb_next_sentence", anchor, verb)

    def _sentence_after(self, q: Quotation) -> list[Item]:
        """The words of the sentence after ``q`` when the quotation ends its own sentence (a full stop,
        question or exclamation mark just inside or after the closing mark) and the next one opens with a
        capital, in the same paragraph; quotations inside it (a club's name in marks) left out."""
        if q.close_pos is None:
            return []
        text = self.text
        p = text.para(text.line_of(q.close_pos))
        items = p.items
        j = p.index_at(q.close_pos + 1)
        ended = text.quoted(q).rstrip()[-1:] in self.data.terminators
        while j < len(items) and not items[j].word:
            if items[j].start <= q.close_pos:
                pass
            elif text.is_end(items[j]):
                ended = True
            elif not text.quote_at(items[j].start):
                return []               # a comma or a dash: the quotation's own sentence goes on
            j += 1
        if ended and j >= len(items) and q.open_pos <= text.line_span(text.line_of(q.open_pos))[0] + 2:
            p, j = self._next_paragraph(text.line_of(q.close_pos))  # a paragraph of its own: the next one
            items = p.items if p is not None else []
        if not ended or j >= len(items) or text.quote_at(items[j].start) \
                or not first_letter(items[j].text).isupper():
            return []
        _, b = p.sentence_bounds(j)
        return text.unquoted(items[j:min(b, j + 2 * WINDOW)])
