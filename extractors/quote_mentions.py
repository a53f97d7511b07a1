"""The named persons of a line, as an antecedent search weighs them: who is mentioned where.

A pronoun, a role or a dropped subject points back to a person the article named before
(:mod:`extractors.quote_people`); which of the names before it are people, and which are likely the subject
of their sentence, is read here, one line at a time. Strong mentions are subjects of reporting verbs
(:mod:`extractors.quote_verb_subjects`), names after an honorific or "according to" and PER entities; weak ones
are names in runs of capitalised words, or a speaker's surname alone opening a sentence. Words opening a
sentence are salient: a likely subject. A line's mentions are kept once read; the speakers' surnames
(People's live set) count among them, so :class:`extractors.quote_people.People` clears :attr:`Mentions.cache`
when a speaker with a new surname is added.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass
from typing import Sequence

import regex

from extractors.quote_full_names import FullNames
from extractors.quote_gender import is_given_name
from extractors.quote_lang import Item, Paragraph, first_letter, fold, has_digit
from extractors.quote_names import NICKNAME_GAP, lowercase_words, trim
from extractors.quote_nouns import relation_noun_ends, without_possessive
from extractors.quote_openers import sentence_openers, sentences
from extractors.quote_subjects import NAME, NameIndex, Reader, Subject, title_at
from extractors.quote_text import ArticleText
from extractors.quote_verb_subjects import verb_subjects

# The first word of a span and the white space after it.
_FIRST_WORD = regex.compile(r"(\S++)\s++")
# An age in apposition right after a name: "Ana Lima, 31, …", "Ana Lima, 31 anni, …", "Ana Lima, de 31 años,",
# "Ana Lima (31)": the article introduces a person, as surely as with a title.
_AGE_APPOSITION = regex.compile(r"[ \t]*+(?:\([ \t]*+\d{1,3}[ \t]*+\)|,[ \t]*+(?:\p{Ll}{1,3}[ \t]++)?\d{1,3}"
                                r"(?:[ \t]++\p{Ll}++){0,2}?[ \t]*+[,.;)])")
# A colon right after a name ("…, Ugo Neri: …").
_COLON_AFTER = regex.compile(r"[ \t\u00a0\u202f]*+:")


@dataclass(frozen=True)
class Mention:
    """A person the article names at ``start:end``, as an antecedent search weighs it."""
    start: int
    end: int
    strong: bool              # subject of a reporting verb, after a title or "according to", PER entity
    salient: bool             # strong, or the words opening a sentence (its likely subject)
    titled: bool = False      # a title right before the name ("striker Ann Lee"): a person, if no subject


class Mentions:
    """The persons each line of an article names, read when first asked."""

    def __init__(self, text: ArticleText, reader: Reader, names: NameIndex, runs: Sequence[tuple[int, int]],
                 surnames: set[str], full_names: FullNames):
        self.text, self.reader, self.names, self.runs = text, reader, names, runs
        self.body, self.data = text.body, text.data
        self.surnames = surnames            # last words of the speakers attributed so far (People's own set)
        self.full_names = full_names
        self.cache: dict[int, list[Mention]] = {}
        self.titled: set[tuple[int, int]] = set()   # name runs a title stands right before

    def line(self, n: int) -> list[Mention]:
        """Named persons of line ``n``: subjects of reporting verbs, names after "according to" and
        honorifics, PER entities (strong); runs of capitalised words (weak)."""
        if n in self.cache:
            return self.cache[n]
        if self.text.heading(n):
            self.cache[n] = []
            return []
        p = self.text.para(n)
        found: dict[tuple[int, int], bool] = {}
        openers = self._openers(p, found)
        items = self.text.outside(p.items)
        keys = [it.key for it in items]
        for a, b in sentences(p):
            for v in verb_subjects(self.text, self.reader, p.items[a:b]):
                self._found(v.subject, found)
        according, honorifics = self.data.according_to, self.data.honorifics
        for i, key in enumerate(keys):      # a word no entry begins with (most) matches none: the sets first
            n_ = according.match(keys, i) if key in according.prefixes or according.affixes else 0
            if n_:
                self._found(self.reader.after.after_verb(items[i + n_:i + n_ + 8]), found)
            elif (key in honorifics.prefixes or honorifics.affixes) and honorifics.match(keys, i):
                clause = []
                for w in items[i:i + 8]:            # up to punctuation: "… her partner, Jo Lee. The shop …"
                    if not w.word and not w.inert:
                        break
                    clause.append(w)
                self._found(self.reader.parse([w for w in clause if w.word], cover=False), found)
        for s, e in p.persons:
            if not self.text.quote_at(s) and not self.text.in_skip(s) and not self._in_organisation_name(s, e):
                found[(s, e)] = True
        self._run_mentions(items, keys, openers, found)
        # a full name opening its paragraph (after its title: "Il direttore Paolo Ferri ha …") is its subject as
        # surely as a reporting verb's
        head = self._paragraph_subject_start(p)
        out = [Mention(s, e, strong or (s == head and len(self.body[s:e].split()) >= 2),
                       strong or s in openers or self._taken_up(p, s) or self._after_copula(p, s, e),
                       (s, e) in self.titled)
               for (s, e), strong in found.items()
               if fold(self.body[s:e].split()[0]) not in self.data.plural_definites]     # "Los Ruiz": a family
        out.sort(key=lambda m: m.start)
        self.cache[n] = out
        return out

    def _in_organisation_name(self, start: int, end: int) -> bool:
        """Whether a person entity stands inside a longer run of capitalised words that a word of an
        organisation or a place of business opens or holds ("Café de la Poste de Peyrolles")."""
        k = bisect.bisect_right(self.runs, (start, len(self.body))) - 1     # the runs are in order, apart
        if k < 0 or self.runs[k][1] < end or self.runs[k] == (start, end):
            return False
        a, b = self.runs[k]
        return any(part in self.data.non_person for w in self.body[a:b].split() for part in fold(w).split("-"))

    def _paragraph_subject_start(self, p: Paragraph) -> int:
        """Where the paragraph's first name would start: its first word, or the word after the title phrase
        that opens it; -1 for an empty paragraph."""
        words = [it for it in p.items[:12] if it.word]
        if not words:
            return -1
        t = self.reader.title_phrase_end(words)
        return words[t].start if 0 < t < len(words) else words[0].start

    def _found(self, s: Subject, found: dict[tuple[int, int], bool]) -> None:
        """A strong mention, when ``s`` is a name (which the name index takes in)."""
        if s.kind == NAME:
            found[(s.start, s.end)] = True
            self.names.learn_name(s)

    def _openers(self, p: Paragraph, found: dict[tuple[int, int], bool]) -> set[int]:
        """Where each sentence's subject likely stands (see :func:`quote_openers.sentence_openers`); a name in
        apposition to a title or description opening a sentence is found."""
        openers, appositions = sentence_openers(self.text, self.reader, p, lowercase_words(self.body))
        for s in appositions:
            self._found(s, found)
        return openers

    def _run_mentions(self, items: Sequence[Item], keys: Sequence[str], openers: set[int],
                      found: dict[tuple[int, int], bool]) -> None:
        """Weak mentions: names of two words or more in runs of capitalised words, and a speaker's
        surname alone opening a sentence ("Lutz kündigte … an.")."""
        i = 0
        while i < len(items):
            if items[i].word and self.reader.cased_name_word(items[i], True) and (
                    i == 0 or not items[i - 1].word or not self.reader.cased_name_word(items[i - 1], False)
                    or items[i - 1].key in self.data.stop_words):     # "Die Ministerin Eva Roth"
                j = i
                while j < len(items) and items[j].word:
                    j += 1
                a, b, _ = self.reader.read_name(items[i:j], keys[i:j], 0, False)
                if b == a:
                    c = next((c for c in range(j - i) if not first_letter(items[i + c].text).isupper()), j - i)
                    if c > self.reader.max_words:
                        a, b = 0, c             # "Dresdner Maler Konrad Rabenhorst": too long, trimmed below
                if b - a >= 2 and keys[i + a] in self.data.prepositions and keys[i + a] not in self.data.particles:
                    a += 1                      # "Côté Vidal, …", "Selon Ana Lima": a preposition opening a sentence
                if a == 0 and b - a >= 2 and self._noun_after_article(items, i) \
                        and (b - a >= 3 or not self._title_or_given(items, keys, i)):
                    a += 1                      # "Die Bibliothekarin Eva Roth": the noun says what she is;
                                                # "eine Tasse Kaffee": two nouns, no one
                names = [w for w in items[i + a:i + b] if w.key not in self.data.particles]
                span = self._person_span(items[i + a].start, items[i + b - 1].end) if len(names) >= 2 else None
                if span is not None and not self._no_person_here(items, i):
                    found.setdefault(span, bool(_AGE_APPOSITION.match(self.body, span[1]))
                                     or self._colon_apposition(*span) or self._nicknamed(*span))
                    if self._titled(items, keys, i, span[0]):
                        self.titled.add(span)
                    if items[i].start in openers:          # "Councilman Rick Alvarez voted …"
                        openers.add(span[0])
                elif names and (self._family(names[-1].key)
                                or (i and items[i - 1].key in self.data.plural_definites)):
                    pass                                    # "Лыковы продали …", "Los Ruiz llevan …": a family
                elif names and without_possessive(self.data, names[0].key) in self.surnames:
                    # a speaker's surname alone: "Lutz kündigte … an.", "In her books, Lutz also …"
                    found.setdefault((names[0].start, names[0].end), False)
                    openers.add(names[0].start)             # someone already quoted: a likely antecedent
                elif len(names) == 1 and (self._surname_of_someone(names[0])
                                          or self.full_names.opens_name(names[0].start, names[0].end)):
                    found.setdefault((names[0].start, names[0].end), False)     # salient as a subject only
                                                                                # ("Ruiz …", "Ana …")
                elif len(names) == 1 and b - a == 1 \
                        and (related := self._apposed_to_relation(items, i + a)) is not None:
                    found.setdefault((names[0].start, names[0].end), False)     # "mi compañero, X,"
                    self.titled.add((names[0].start, names[0].end))
                    if items[related].start in openers:
                        openers.add(names[0].start)         # the sentence's subject ("his father, Bill, who …"
                                                            # inside a sentence is not)
                i += max(b, 1)
                continue
            i += 1

    def _apposed_to_relation(self, items: Sequence[Item], i: int) -> int | None:
        """Where the phrase opens when the one capitalised word ``items[i]`` is set off by commas right after a
        relative's or an office's noun, an article before it allowed ("o meu irmão, o Rui,", "Mi vecino del
        quinto, Ramón,"): the given name of the person the noun describes; else None."""
        d = self.data
        if i + 1 >= len(items) or items[i + 1].word or items[i + 1].key not in d.commas:
            return None
        k = i - 1 - int(i > 0 and items[i - 1].word and items[i - 1].key in d.articles)
        if k < 1 or items[k].word or items[k].key not in d.commas:
            return None
        j = k
        while j > max(0, k - 5) and items[j - 1].word:
            j -= 1
        return j if relation_noun_ends(d, items[j:k]) else None

    def _nicknamed(self, start: int, end: int) -> bool:
        """Whether a nickname in marks stands inside the name (Ana "la Flaca" Ruiz): only a person bears one."""
        return NICKNAME_GAP.search(self.body, start, end) is not None

    def _colon_apposition(self, start: int, end: int) -> bool:
        """Whether the name at ``start:end`` stands between a comma and a colon ("Severo il giudizio del mister,
        Ugo Neri: la squadra, ha detto, …"): the person the sentence's frame introduces, whose words follow."""
        return _COLON_AFTER.match(self.body, end) is not None \
            and self.body[max(0, start - 8):start].rstrip(" \t").endswith(",")

    def _titled(self, items: Sequence[Item], keys: Sequence[str], i: int, start: int) -> bool:
        """Whether a title stands right before the name starting at ``start`` in the run from ``items[i]``, or
        a title and an age ("the 19-year-old striker Ann Lee", "der Dresdner Maler Jan Ott", "el delantero de 19
        años Ana Ruiz"): a person named as surely as after an honorific."""
        at = next((j for j in range(i, len(items)) if items[j].start >= start), None)
        if at is None:
            return False
        j = at
        while j > max(0, at - 5) and items[j - 1].word:
            j -= 1
            n = title_at(self.data, keys, j)
            if not n and j == at - 1 and self.data.nouns_capitalised and self.data.role_endings \
                    and keys[j].endswith(self.data.role_endings):
                n = 1                       # "die Bäuerin Vreni Gisler": an agent noun right before the name
            between = range(j + n, at)
            if n and (not between or (any(has_digit(items[k].key) for k in between)
                                      and all(self._age_or_link(items, k) for k in between))):
                return True                 # "striker Ann Lee", "delantero de 19 años Ana Ruiz"
        return False

    def _age_or_link(self, items: Sequence[Item], k: int) -> bool:
        """Whether ``items[k]``, between a title and a name, gives an age: a number, the word after it, or the
        preposition or article linking them ("de 19 años"; not "founder of Acme Foods": no person)."""
        key = items[k].key
        return key in self.data.prepositions or key in self.data.articles or has_digit(key) \
            or (k > 0 and has_digit(items[k - 1].key))

    def _title_or_given(self, items: Sequence[Item], keys: Sequence[str], i: int) -> bool:
        """Whether the word at ``items[i]`` is a title or a given name: it may open a person's name of two words
        after an article ("die Kanzlerin Roth", "der Peter Roth" of speech)."""
        return bool(title_at(self.data, keys, i)) or is_given_name(items[i].text)

    def _noun_after_article(self, items: Sequence[Item], i: int) -> bool:
        """Whether the capitalised word at ``items[i]`` follows an article where every noun is capitalised: a
        noun (names take no article), not the first word of the name after it."""
        return self.data.nouns_capitalised and i > 0 and items[i - 1].word and items[i - 1].key in self.data.articles

    def _surname_of_someone(self, word: Item) -> bool:
        """Whether one capitalised word is the surname of a person the article named in full before it
        ("Mark Ruiz … When asked, Ruiz didn't hesitate.")."""
        return word.key in self.names.known and self.full_names.fullest(word.start, word.end) != (word.start, word.end)

    def _person_span(self, start: int, end: int) -> tuple[int, int] | None:
        """The person's name in a run of capitalised words: trimmed of the words around it (a possessive
        place, a title) and of an opening word the article also writes in lowercase when the rest stands
        alone elsewhere while the whole does not ("Knowing Marlowe", "Unlike Al Basri": a common word the
        sentence capitalised); None unless two words or more remain."""
        s, e = trim(self.body, start, end, self.data)
        first = _FIRST_WORD.match(self.body[s:e])
        if first and first.group(1).lower() in lowercase_words(self.body):
            rest = self.body[s + first.end():e]
            if self.body.count(rest) > 1 and self.body.count(self.body[s:e]) == 1:
                s += first.end()
        words = self.body[s:e].split()
        if len(words) < 2 or any(fold(w) in self.data.non_person for w in words) or self._family(fold(words[-1])):
            return None                     # "Супруги Петровы": a couple
        return s, e

    def _family(self, key: str) -> bool:
        """Whether ``key`` is a family's surname in the plural ("петровы"), where the data lists its endings."""
        return bool(self.data.family_endings) and key.endswith(self.data.family_endings)

    def _no_person_here(self, items: Sequence[Item], i: int) -> bool:
        """Whether a run of capitalised words at ``items[i]`` stands where no person is meant: inside
        brackets (a photo credit, "(Anna Reporter/Agency)"), a greeting opening its paragraph ("Liebe Leute,"),
        or right after a definite article without a title ("the Kinder Valley pipeline": a name used as a
        modifier)."""
        start = items[i].start
        line = self.body[self.text.line_span(self.text.line_of(start))[0]:start]
        if line.rfind("(") > line.rfind(")"):
            return True
        if not line.strip(" \t*_#>") and items[i].key in self.data.greetings:
            return True                     # "Liebe Leute, …": a greeting opening the paragraph
        prev = items[i - 1] if i else None
        return prev is not None and prev.word and prev.key in self.data.definites \
            and not self.data.nouns_capitalised and not title_at(self.data, [it.key for it in items[i:i + 3]], 0)

    def _after_copula(self, p: Paragraph, start: int, end: int) -> bool:
        """Whether the name at ``start:end`` follows the copula of a sentence that a short noun phrase opens
        ("Top scorer was Ana Lima", "Beste Werferin war Eva Roth", "La ganadora fue Ana Lima"): the one it is
        about; not a possessor ("The shop is Lee's oldest"). A capitalised noun cut from the name may stand
        between ("Zweiter wurde Mittelfeldspieler Jan Ott")."""
        i = p.index_at(start)
        if i >= 2 and p.items[i - 1].word and first_letter(p.items[i - 1].text).isupper() \
                and p.items[i - 2].key in self.data.copulas:
            i -= 1
        if i == 0 or p.items[i - 1].key not in self.data.copulas or self.body[end:end + 1] in ("'", "’"):
            return False
        k = bisect.bisect_right(p.sent_starts, i - 1) - 1
        lead = p.items[p.sent_starts[k]:i - 1] if k >= 0 else []
        return 1 <= len(lead) <= 4 and all(it.word and it.key not in self.data.pronouns
                                           and it.key not in self.data.first_person for it in lead)

    def _taken_up(self, p: Paragraph, start: int) -> bool:
        """Whether the sentence after the one naming someone at ``start`` opens with a third-person pronoun
        ("Wenn Eva Roth über ihre Felder spricht, … Sie bückt sich …"): that person is who the text is about."""
        k = bisect.bisect_right(p.sent_starts, p.index_at(start))
        if k >= len(p.sent_starts):
            return False
        opens = p.items[p.sent_starts[k - 1]].start if k else p.start
        r = bisect.bisect_left(self.runs, (opens, opens))
        if r < len(self.runs) and self.runs[r][1] <= start:
            return False                    # the first name of its sentence only ("Selon X, qui dirige
                                            # l'Agence Y, … Elle …": X)
        first = next((it for it in p.items[p.sent_starts[k]:p.sent_starts[k] + 3] if it.word), None)
        return first is not None and first.key in self.data.pronouns and not self.text.quote_at(first.start)
