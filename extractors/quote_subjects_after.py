"""Who a clause names as the subject after its verb or after "according to": "said Ana Lima", "disse a ministra
da Saúde, Ana Tavares", "said dock and rail worker Ana Lima", "selon lui".

After a verb the subject may follow a time ("advirtió el jueves la coordinadora …"), the one told ("dijo a los
periodistas el ministro …"), a description the data does not list as a role ("el epidemiólogo peruano Ana
Tavares") or a title set off by a comma before the name; a list of names after the verb names no one speaker.
Those readings need of the name reader (:class:`extractors.quote_subjects.Reader`) only what it reads in a run
of words, and of :class:`extractors.quote_clause_subjects.ClauseSubjects` only whether a part is an item of a
list, so they stand here on their own. The reader holds one (``reader.after``).
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Sequence

from extractors.quote_lang import Item, first_letter
from extractors.quote_morph import dative
from extractors.quote_subjects import EMPTY, NAME, NOBODY, OTHER, PRONOUN, ROLE, Subject, title_at

if TYPE_CHECKING:
    from extractors.quote_clause_subjects import ClauseSubjects
    from extractors.quote_subjects import Reader


class SubjectsAfter:
    """The subject after a verb or an "according to" phrase, read with a name :class:`Reader`."""

    def __init__(self, reader: Reader, clause: ClauseSubjects):
        self.reader, self.data, self.clause = reader, reader.data, clause

    def after_according_to(self, items: Sequence[Item]) -> Subject:
        """The source an "according to" phrase names: a pronoun in the form it takes there ("selon lui,"),
        when punctuation or the quotation follows it, else whoever a verb would have after it."""
        k = next((k for k, it in enumerate(items) if it.word), None)
        if k is not None and items[k].key in self.data.according_to_pronouns and (
                k + 1 == len(items) or not items[k + 1].word):
            return Subject(PRONOUN, items[k].start, items[k].end)
        return self.after_verb(items)

    def after_verb(self, items: Sequence[Item]) -> Subject:
        """Subject standing right after a verb (said Smith, disse a pesquisadora Ana Tavares, قال أحمد)."""
        parts: list[list[Item]] = [[]]
        seps = []
        for it in items:
            if it.word:
                parts[-1].append(it)
            elif it.inert:
                continue
            elif it.key in self.data.commas and len(parts) < 3 and parts[-1]:
                parts.append([])
                seps.append(it.key)
            else:
                break
        parts[0] = self._past_time(parts[0])
        s = self.reader.parse(parts[0], cover=False)
        if s.kind != NAME:
            s = self._described_name(parts[0]) or s
        if s.kind != NAME and len(parts[0]) <= 4:
            surname = self.reader.titled_surname(parts[0])          # "said coach Brommer"
            s = surname if surname.kind == NAME else s
        if len(parts) > 1 and parts[1] and self._noun_phrase_of(parts[0], s):
            named = self.reader.parse(parts[1], cover=True)         # "selon le président de l'association
            if named.kind == NAME and not named.single and named.start == parts[1][0].start:
                return named                                        # Vaulx Nature, Yannick Ferrat, …"
        if s.kind != NAME and parts[0] and parts[0][0].key in self.data.prepositions:
            # the one told first: "disse ao PÚBLICO a vereadora …", "dijo a los periodistas el ministro …",
            # "contou à nossa reportagem Joana Mendes"
            d = self.data
            j = next((j for j in range(2, min(len(parts[0]), 8)) if parts[0][j].key in d.articles or (
                not d.nouns_capitalised and first_letter(parts[0][j].text).isupper()
                and parts[0][j - 1].key not in d.articles and not d.roles.match([parts[0][j - 1].key], 0) and all(
                    first_letter(w.text).islower() for w in parts[0][1:j]))), None)
            if j is not None:
                told = self.after_verb([w for w in items if w.start >= parts[0][j].start])
                if told.kind in (NAME, ROLE):
                    return told
        if s.kind != NAME and parts[0] and dative(parts[0][0].text, self.data):
            j = next((j for j, w in enumerate(parts[0]) if not dative(w.text, self.data)), 0)
            if 0 < j <= 3:                  # "ответила нашей газете директор школы Анна Лис"
                told = self.after_verb([w for w in items if w.start >= parts[0][j].start])
                if told.kind in (NAME, ROLE):
                    return told
        if s.kind != NAME:
            obj = self._object_first(parts[0])
            if obj is not None:
                return obj
        if s.kind == NAME and not s.titled and len(parts) > 1 and parts[1] and (
                self.clause.listed([(p, sep) for p, sep in zip(parts, seps + [""])], 0)):
            return NOBODY[OTHER]                            # said Ana Lima, Rui Costa and João Dias
        parts = parts[:2]
        if s.kind in (ROLE, OTHER, EMPTY) and len(parts) > 1 and parts[1] and (
                self.reader.starts_with_title(parts[0]) or self._described(parts[0])
                or self._possessed_title(parts[0])) \
                or (s.kind == NAME and len(parts) > 1 and parts[1] and self._title_complement(parts[0], s)):
            named = self.reader.parse(parts[1], cover=True)         # disse a ministra da Saúde, Ana Tavares
            if named.kind != NAME:
                named = self._described_then_name(parts[1])   # "…, el epidemiólogo peruano Ana Tavares"
            if named.kind == NAME:
                return named
        return s

    def _noun_phrase_of(self, words: Sequence[Item], s: Subject) -> bool:
        """Whether ``words`` are an article, a lowercase noun and what it is of, the name ``s`` read in them
        (if any) inside that complement, not opening it: a description whose holder the name after the comma
        is ("el portavoz del grupo Vecinos por Almar, Julián Ferraz")."""
        d = self.data
        if len(words) < 3 or words[0].key not in d.articles or not first_letter(words[1].text).islower():
            return False
        return s.kind != NAME or any(w.key in d.prepositions or w.key in d.contractions
                                     for w in words[2:] if w.start < s.start)

    def _object_first(self, words: Sequence[Item]) -> Subject | None:
        """The name of a subject after the verb's object, where objects are not capitalised nouns: "resumió el
        proyecto la arquitecta Ana Lima", "riassume la giornata il tecnico Aldo Neri": a definite article and up to
        two lowercase words, then a name the rest of the part reads as."""
        d = self.data
        if d.nouns_capitalised or len(words) < 4 or words[0].key not in d.definites:
            return None
        j = next((j for j in range(2, min(len(words), 4)) if words[j].key in d.articles), None)
        if j is None or not all(first_letter(w.text).islower() and w.key not in d.stop_words for w in words[1:j]):
            return None
        s = self.after_verb(words[j:])
        return s if s.kind == NAME else None

    def _described_then_name(self, words: Sequence[Item]) -> Subject:
        """The name ending an appositive that a title or an article and up to three lowercase words open
        ("el epidemiólogo peruano Ana Tavares", "the veteran epidemiologist Ana Tavares")."""
        if not words or not (words[0].key in self.data.articles or self.reader.starts_with_title(words)):
            return NOBODY[OTHER]
        i = next((i for i, w in enumerate(words) if first_letter(w.text).isupper()), len(words))
        if not 2 <= i <= 4:
            return NOBODY[OTHER]
        a, b, _ = self.reader.read_name(words, [w.key for w in words], i, False)
        named = self.reader.subject_name(words, a, b, True) if a == i < b == len(words) else None
        return named or NOBODY[OTHER]

    def _possessed_title(self, words: Sequence[Item]) -> bool:
        """Whether ``words`` are a possessive (after an article at most) and a title: "su director", "o seu
        diretor", "its director"."""
        d = self.data
        keys = [w.key for w in words[:4]]
        k = int(bool(keys) and keys[0] in d.articles)
        return k < len(keys) - 1 and keys[k] in d.possessives and bool(title_at(d, keys, k + 1))

    def _past_time(self, words: list[Item]) -> list[Item]:
        """Words after a verb past the day or the adverb of time opening them ("a averti jeudi la
        coordinatrice …", "advirtió el jueves la coordinadora …"), when more follows."""
        d = self.data
        k = 0
        while k < len(words) - 1 and words[k].key in d.adverbs:
            k += 1
        day = k + int(k < len(words) - 1 and words[k].key in d.articles | d.demonstratives)   # "esta segunda-feira"
        if day < len(words) - 1 and words[day].key in d.day_names:
            k = day + 1
        return words[k:]

    def _described_name(self, words: Sequence[Item]) -> Subject | None:
        """A full name after a short description the data does not list as a role, the part's last words
        ("said dock and rail worker Ana Lima", "disse a moradora antiga Ana Lima", "said 2012 Olympic champion
        Ana Lima"): up to four words ending with a lowercase noun (an article or a year first allowed), then a
        name of two words or more ending the part."""
        d = self.data
        if d.nouns_capitalised:
            return None
        found = self._described_name_ending(words)
        if found is None:                   # "zegt dijkgraaf Ana Lima van Waterschap Hoge Veen": her body after
            cut = next((i for i in range(3, len(words)) if words[i].key in d.prepositions
                        and first_letter(words[i - 1].text).isupper()), None)
            found = self._described_name_ending(words[:cut]) if cut else None
        return found

    def _described_name_ending(self, words: Sequence[Item]) -> Subject | None:
        """:meth:`_described_name` where the name ends ``words``."""
        d = self.data
        # the name opens after the description's head noun, the last lowercase word ("2012 Olympic champion
        # Ana Lima": a year and a capitalised modifier may stand in the description, not opening it)
        k = max((i for i in range(1, len(words)) if first_letter(words[i].text).isupper()
                 and first_letter(words[i - 1].text).islower()), default=None)
        if k is None or k > 4 or (k > 1 and first_letter(words[0].text).isupper()
                                  and not any(ch.isdigit() for ch in words[0].text)):
            return None
        lead = [w.key for w in words[:k]]
        if lead[0] in d.indefinites or any(x in d.pronouns or x in d.first_person or x in d.prepositions
                                           or (x in d.stop_words and x not in d.conjunctions and x not in d.definites)
                                           for x in lead):
            return None
        keys = [w.key for w in words]
        a, b, _ = self.reader.read_name(words, keys, k, False)
        if b != len(words) or b - a < 2:
            return None
        return self.reader.subject_name(words, a, b, True, False)

    def _title_complement(self, words: Sequence[Item], s: Subject) -> bool:
        """Whether the name ``s`` read in ``words`` is the capitalised complement of the title opening them
        ("la ministra para la Transformación Digital", "the Secretary of State for Health"): an office, not its
        holder, who is named after the comma."""
        k = next((k for k, w in enumerate(words) if w.start == s.start), 0)
        return k >= 2 and words[k - 1].key in self.data.prepositions | self.data.articles \
            and self.reader.starts_with_title(words)

    def _described(self, words: Sequence[Item]) -> bool:
        """Whether ``words`` are a definite article or a possessive and one or two lowercase words (nouns, where
        they are capitalised): a description the name after the comma stands in apposition to ("admitió el
        técnico italiano, Luciano Spalletti", "erzählt seine Witwe, Heilwig Samland")."""
        d = self.data
        first = words[0].key
        definite = first in d.definites or any(first.startswith(p) and first != p for p in d.definite_prefixes)
        if first in d.indefinites and 3 <= len(words) <= 4 and words[1].key in d.prepositions | d.contractions \
                and all(first_letter(w.text).islower() for w in words[1:]):
            return True                     # a partitive: "uno dei due, Nicola Pirovano", "one of the two, …"
        if definite and 4 <= len(words) <= 6 and words[1].key not in d.stop_words \
                and words[2].key in d.prepositions | d.contractions \
                and all(first_letter(w.text).islower() for w in words[1:]):
            return True                     # a noun and its complement: "la rapporteure du projet, Lise Roy"
        k = int(definite and len(words) > 2 and words[1].key in d.possessives)     # "a sua viúva", "il suo vicino"
        if words[k].key in d.possessives and 2 <= len(words) - k <= 3 \
                and (d.nouns_capitalised or all(first_letter(w.text).islower() for w in words[k + 1:])) \
                and not any(w.key in d.stop_words for w in words[k + 1:]):
            return True                     # a possessive and a noun: "zegt zijn weduwe, Aaltje Smeding", "seine Witwe"
        return definite and 2 <= len(words) <= 3 and all(first_letter(w.text).islower() for w in words[1:]) \
            and not any(w.key in d.stop_words for w in words[1:])
