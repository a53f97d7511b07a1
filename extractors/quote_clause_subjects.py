"""Who a clause names as the subject before its verb: the clause is cut into parts at commas and dashes, and the
part that is wholly a name is the subject.

A clause often sets things off between its subject and its verb ("Ana Lima, 54, who leads the union, said"),
or fronts a phrase before them ("In May, the minister said"); a name list ("Ana Lima, Rui Costa and João Dias
said") names no one speaker, and an appositive after a description names the person, not what the
description's complement names. Reading that is a matter of the clause's parts, and needs of the name reader
(:class:`extractors.quote_subjects.Reader`) only what it reads in a run of words, so it stands here on its own.
The reader holds one (``reader.clause``); :mod:`extractors.quote_subjects_after` asks it whether a name after a
verb is an item of a list.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Iterable, Sequence

from extractors.quote_lang import Item, first_letter, past_connective
from extractors.quote_nouns import relation_noun_ends
from extractors.quote_subjects import EMPTY, FIRST, NAME, NOBODY, OTHER, PRONOUN, ROLE, Subject, title_at

if TYPE_CHECKING:
    from extractors.quote_subjects import Reader


class ClauseSubjects:
    """The parts of a clause, and the subject before its verb, read with a name :class:`Reader`."""

    def __init__(self, reader: Reader):
        self.reader, self.data = reader, reader.data

    def segments(self, items: Iterable[Item]) -> list[list[Item]]:
        """Words cut into parts at commas and dashes (other punctuation dropped)."""
        return [part for part, _ in self.cut(items)]

    def cut(self, items: Iterable[Item]) -> list[tuple[list[Item], str]]:
        """(words, the comma or dash after them: "" at the end) of each part."""
        parts: list[tuple[list[Item], str]] = []
        words: list[Item] = []
        for it in items:
            if it.word:
                words.append(it)
            elif it.key in self.data.commas or it.key in self.data.dashes:
                if words:
                    parts.append((words, it.key))
                    words = []
                elif parts and it.key in self.data.enumeration:
                    parts[-1] = (parts[-1][0], it.key)
        if words:
            parts.append((words, ""))
        # "A neighbour, who asked not to be named, said": a relative clause set off is no part of its own,
        # nor a pronoun taking up the subject before it ("La préfecture, elle, a indiqué")
        return [p for k, p in enumerate(parts) if not (k and p[1] and (
            self._relative(p[0]) or (len(p[0]) == 1 and p[0][0].key in self.data.resumptive)))]

    def _relative(self, words: Sequence[Item]) -> bool:
        """Whether a comma-set part is a relative clause: opened by a relative pronoun and, where nouns are
        capitalised and articles double as relatives, closed by its verb ("die ihren Namen nicht nennen
        wollte", not the apposition "der Jurist Karl Meier")."""
        return bool(self.data.relatives.match([w.key for w in words[:3]], 0)) and not (
            self.data.nouns_capitalised and first_letter(words[-1].text).isupper())

    def listed(self, parts: Sequence[tuple[list[Item], str]], k: int) -> bool:
        """Whether part ``k`` is an item of an enumeration ("支付宝、微信", "Ana Lima, Rui Costa e João
        Dias"): an enumeration mark beside it, or a comma between it and a neighbour that is a name or
        names joined by a conjunction. An appositive is no name ("John Smith, the mayor,")."""
        seps = [sep for _, sep in parts]
        enum, commas = self.data.enumeration, self.data.commas
        if any(0 <= j < len(seps) and seps[j] and seps[j] in enum for j in (k - 1, k)):
            return True
        return any(0 <= j < len(parts) and seps[min(j, k)] and seps[min(j, k)] in commas
                   and self.bare_names(parts[j][0]) for j in (k - 1, k + 1))

    def bare_names(self, words: Sequence[Item]) -> bool:
        """Whether ``words`` are a bare name, or bare names joined by conjunctions (a title makes an
        appositive: "داریوش کامرانی، مدیر عامل شرکت …،")."""
        run: list[Item] = []
        for w in [*words, None]:
            if w is not None and w.key not in self.data.conjunctions:
                run.append(w)
                continue
            s = self.reader.parse(run, cover=True) if run else None
            if s is None or s.kind != NAME or s.titled:
                return False
            run = []
        return True

    def before_verb(self, items: Sequence[Item]) -> Subject:
        """Subject of a clause whose verb follows ``items``: the first part that is wholly a name and no
        item of an enumeration (an appositive or a fronted phrase may follow it), else a pronoun or role
        next to the verb, else a pronoun opening the clause (او … گفت)."""
        cut = self._own_clause(self.cut(items))
        parts = [part for part, _ in cut]
        if not parts:
            return NOBODY[EMPTY]
        read: list[Subject] = []                         # each part read as a whole
        for k, part in enumerate(parts):
            author = self.reader.document_author(part)
            if author is not None:
                return author
            s = self.reader.parse(part, cover=True)
            if s.kind != NAME and len(part) <= 4:
                surname = self.reader.titled_surname(part)     # "Minister Hale said"
                s = surname if surname.kind == NAME else s
            if s.kind == NAME and s.single and self.data.nouns_capitalised and part[0].key in self.data.prepositions:
                s = NOBODY[OTHER]                      # "Zur Erklärung sagte eine Forscherin": a fronted noun
            if s.kind != NAME and k > 0 and all(w.key in self.data.stop_words for p in parts[k + 1:] for w in p):
                s = self._given_name_apposed(parts[k - 1], part) or s   # (then at most "me", "le": "… me dijo")
            if s.kind == NAME:
                apposed = self._apposed_name(parts, k, s)
                if apposed is not None:
                    return apposed
                return NOBODY[OTHER] if not s.titled and self.listed(cut, k) else s
            read.append(s)
        if read[-1].kind == ROLE:
            return self._name_after_complement(parts[-1]) or read[-1]
        if read[-1].kind in (PRONOUN, FIRST):
            return read[-1]
        first = self.reader.parse(parts[0], cover=False)
        if first.kind in (PRONOUN, FIRST):
            return first
        word = parts[-1][-1]                             # "В ноябре 2020 года он сказал"
        if word.key in self.data.pronouns:
            return Subject(PRONOUN, word.start, word.end)
        if word.key in self.data.first_person:
            return Subject(FIRST, word.start, word.end)
        inverted = self.name_after_auxiliary(parts[-1])   # "Im Mai 2020 hatte Ana Lima in Bonn erklärt"
        if inverted is not None:
            return inverted
        if all(s.kind == EMPTY for s in read):
            return NOBODY[EMPTY]                       # adverbials only ("a-t-il", "also", "in 2020")
        return self._name_in_clause(parts[-1]) or NOBODY[OTHER]

    def _own_clause(self, cut: list[tuple[list[Item], str]]) -> list[tuple[list[Item], str]]:
        """The parts after the last one holding a reporting verb of its own, when the part right before the verb
        is a name: clauses joined by a comma each have their subject ("X, der Torwart, nannte es „…“, Trainer Y
        bezeichnete …", "X called it "…", coach Y described …"); else all the parts."""
        for k in range(len(cut) - 2, -1, -1):
            keys = [w.key for w in cut[k][0]]
            if any(self.data.verbs.match(keys, i) for i in range(len(keys))):
                rest = cut[k + 1:]
                return rest if self.reader.parse(rest[-1][0], cover=True).kind == NAME else cut
        return cut

    def _given_name_apposed(self, before: Sequence[Item], part: Sequence[Item]) -> Subject | None:
        """One capitalised word (an article before it allowed) set off by commas right before the verb after
        a relative's or an office's noun ("O meu irmão, o Rui, disse", "Mi vecino, Ramón, dijo"): the
        given name of the one the noun describes."""
        words = part[1:] if len(part) == 2 and part[0].key in self.data.articles else part
        if len(words) != 1 or not first_letter(words[0].text).isupper() or words[0].key in self.data.stop_words \
                or not relation_noun_ends(self.data, before):
            return None
        return Subject(NAME, words[0].start, words[0].end, titled=True, single=True, name_words=(words[0].key,))

    def _apposed_name(self, parts: Sequence[Sequence[Item]], k: int, s: Subject) -> Subject | None:
        """The person set off by commas right before the verb after a description whose complement ends in
        a name ("The vice-chair of the Brenning Canal Society, Ann Lee, said", "el director de la Fundación
        Sierra Lumbrera, Eva Soto, dijo"): the capitalised words closing the description name what the person
        heads, not the person."""
        if k + 2 != len(parts) or s.start <= parts[k][0].start:
            return None
        apposed = self.reader.parse(parts[k + 1], cover=True)
        return apposed if apposed.kind == NAME and not apposed.titled and self.bare_names(parts[k + 1]) else None

    def main_clause_subject(self, items: Sequence[Item]) -> Subject:
        """The subject opening the main clause a participle hangs on ("Ana Lima left early, describing …",
        "She criticized the plan, saying …"): a name, pronoun or role opening the sentence's first part."""
        parts = self.segments(items)
        if not parts:
            return NOBODY[EMPTY]
        s = self.reader.parse(parts[0], cover=False)
        opens = s.kind in (NAME, PRONOUN, ROLE, FIRST) and bool(parts[0]) \
            and s.start <= parts[0][min(2, len(parts[0]) - 1)].start
        return s if opens else NOBODY[OTHER]

    def _name_after_complement(self, part: Sequence[Item]) -> Subject | None:
        """The name closing a title or a description and its complement ("la sindacalista della Filca Ada
        Neri", "el portavoz de Acme Juan Soto"): a run of three capitalised words or more after the
        preposition, the first of them the complement's, the rest the person's."""
        d = self.data
        words = [w for w in part if w.word]
        keys = [w.key for w in words]
        k = len(words)
        while k > 0 and first_letter(words[k - 1].text).isupper():
            k -= 1
        described = 1 < k <= 5 and (keys[0] in d.articles or any(title_at(d, keys, j) for j in range(k - 1))) \
            and all(first_letter(w.text).islower() for w in words[1:k - 1])
        if not (described and len(words) - k >= 3 and keys[k - 1] in d.prepositions):
            return None
        a, b, _ = self.reader.read_name(words, keys, k + 1, False)
        if b != len(words) or b - a < 2:
            return None
        named = self.reader.subject_name(words, a, b, False, False)
        return named if named is not None and named.end > named.start else None

    def _name_in_clause(self, part: Sequence[Item]) -> Subject | None:
        """A name next to the verb within a longer clause part: right after a conjunction or
        complementizer ("… in most cases but Haddad says"), or opening the part with a prepositional
        phrase after it ("Ana Lima with the health authority says", "Minister Karl Brenner von der Kanzlei
        des Präsidenten erklärte"). Not after a preposition ("the report by Ana Lima says"); where nouns
        are capitalised (a noun reads like a name there) only a name of two words or more opening it."""
        d = self.data
        words = [w for w in part if w.word]
        if len(words) < 2:
            return None
        keys = [w.key for w in words]
        if d.nouns_capitalised:
            return self._name_before_phrase(words, keys, self.reader.title_phrase_end(words))
        complement = self._name_after_complement(part)
        if complement is not None:
            return complement
        k = len(words)
        while k > 0 and first_letter(words[k - 1].text).isupper():
            k -= 1
        if 0 < k < len(words) and keys[k - 1] not in d.prepositions \
                and keys[k - 1] not in d.articles | d.pronouns | d.first_person \
                and first_letter(words[k - 1].text).islower():
            a, b, _ = self.reader.read_name(words, keys, k, False)
            if b == len(words) and b > a:
                named = self.reader.subject_name(words, a, b, False, False)
                if named is not None and (named.end - named.start) \
                        and (b - a >= 2 or self.reader.names.is_known(keys[a])):
                    return named
        return self._name_before_phrase(words, keys, 0)

    def name_after_auxiliary(self, words: Sequence[Item]) -> Subject | None:
        """In verb-second order, the name right after the finite auxiliary of a clause that a phrase opens
        ("Im Mai hatte Ministerin Ana Lima in einer Rede erklärt", "Dazu wird Jan Ott in der Mitteilung
        zitiert"), with nothing after it or a prepositional phrase or an object of up to seven words ("… hat Ana
        Lima den Räten erklärt"), no pronoun among them; the reporting participle follows. None where the
        language has no such auxiliaries."""
        d = self.data
        keys = [w.key for w in words]
        k = next((k for k in range(len(words) - 2, 0, -1) if keys[k] in d.inverting_auxiliaries), None)
        if k is None:
            return None
        lead = past_connective(words[:k], d)
        if lead and self.reader.parse(lead, cover=True).kind == NAME:
            return None                     # "(Aber) Ott hat Pläne": a name before the auxiliary is its subject
        sub, subkeys = words[k + 1:], keys[k + 1:]
        t = self.reader.title_phrase_end(sub)
        a, b, titled = self.reader.read_name(sub, subkeys, t, t > 0)
        rest = subkeys[b:]
        if b == a or a != t or len(rest) > 7 or (rest and rest[0] not in d.prepositions and rest[0] not in d.articles) \
                or any(x in d.pronouns or x in d.first_person for x in rest):
            return None
        return self.reader.subject_name(sub, a, b, titled or t > 0, t > 0)

    def _name_before_phrase(self, words: Sequence[Item], keys: Sequence[str], i: int) -> Subject | None:
        """A name of two words or more at ``words[i]`` followed by a prepositional phrase of two to seven
        words, no pronoun among them; or, opening a verb-second clause, by its finite auxiliary and an object
        ("Jan Ott hat den Anwohnern geschrieben": the name in first place is the subject, the noun after the
        auxiliary its object), also a surname alone the article gave in full before."""
        d = self.data
        a, b, _ = self.reader.read_name(words, keys, i, False)
        rest = keys[b:]
        while rest and rest[0] in d.intensifiers:
            rest = rest[1:]                 # "Ott selbst hat …": the name's own emphasis
        auxiliary = bool(rest) and rest[0] in d.inverting_auxiliaries
        if b - a == 1 and a == i == 0 and auxiliary and len(rest) > 2 and self.reader.names.is_known(keys[a]) \
                and not any(x in d.pronouns or x in d.first_person for x in rest):
            return self.reader.subject_name(words, a, b, False, False)  # "Ott hatte vor dem Ausschuss betont":
                                            # a surname of someone named in full, before its auxiliary
        if rest and rest[0] in d.stop_words and rest[0] not in d.prepositions and len(rest) > 2:
            rest = rest[1:]                 # an auxiliary first: "Jan Ott hat zum Auftakt der Messe erklärt"
        opens = bool(rest) and (rest[0] in d.prepositions or (auxiliary and rest[0] in d.articles))
        if b - a >= 2 and a == i and 2 <= len(rest) <= 7 and opens \
                and not any(x in d.pronouns or x in d.first_person for x in rest):
            return self.reader.subject_name(words, a, b, i > 0, False)
        return None
