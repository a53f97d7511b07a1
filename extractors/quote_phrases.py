"""Who a clause names when it names no person: "a spokesperson", "the veteran goalkeeper", "Norvale Power",
"die Staatsanwaltschaft", "her statement".

A reporting verb's subject is often a noun phrase rather than a name. :class:`SourcePhrases` reads the short
phrase next to the verb — from its determiner up to a function word, no pronoun, number, verb or "according to"
inside — and says what it is: an organisation (a word of one, an acronym, capitalised words where nouns are
not capitalised), a role (a title from the data), or someone unnamed. Capitalised words the name reader would
not vouch for ("Wendelstorf sagte") are a name all the same; a possessive before a document noun ("her
statement read") points to the person whose text it is. Reading a phrase changes nothing: the name reader
(:class:`extractors.quote_subjects.Reader`) is only asked.
"""
from __future__ import annotations

from typing import Sequence

from extractors.quote_lang import Item, first_letter
from extractors.quote_subjects import _AGE_NOUN, NAME, OTHER, PRONOUN, SOURCE, Reader, Subject, title_at

_SOURCE_MAX_WORDS = 6
_NOBODY = Subject(OTHER)


class SourcePhrases:
    """Source phrases of one article's clauses, read with its name reader."""

    def __init__(self, reader: Reader):
        self.reader, self.data = reader, reader.data

    def source_phrase(self, words: Sequence[Item], before_verb: bool) -> Subject:
        """The noun phrase that says who when no name does: "a spokesperson", "the veteran goalkeeper",
        "Norvale Power", "die Staatsanwaltschaft" (kind organisation, role or unnamed), read from the clause
        part next to the verb (``before_verb``: the part ends at the verb; else it starts after it).
        Nothing when the part holds a pronoun, a verb, a number or more than a short phrase."""
        possessor = self.possessor([w for w in words if w.word], before_verb)
        if possessor is not None:
            return possessor
        phrase = self._phrase_words([w for w in words if w.word], before_verb)
        if phrase is None:
            return _NOBODY
        words, keys = phrase
        for j in range(len(words) - 1):                 # "The Post's Anna Berg": the name after the possessive
            if words[j].text[-2:] in ("'s", "’s") and all(first_letter(w.text).isupper() for w in words[j + 1:]) \
                    and len(words) - j - 1 >= 2:
                return Subject(NAME, words[j + 1].start, words[-1].end)
        if not self._noun_phrase(words, keys) or any(self._time(k) for k in keys):
            return _NOBODY           # "stressed Friday that …", "hieß es am Abend": a time, not a source
        return self._phrase_subject(words, keys)

    def _time(self, key: str) -> bool:
        """Whether ``key`` names a day of the week or a part of the day or week ("Friday", "Abend"; where
        nouns compound, "Sonntagabend")."""
        d = self.data
        return key in d.day_names or key in d.time_nouns \
            or (d.nouns_capitalised and any(key.endswith(t) for t in d.time_nouns if len(t) >= 5))

    def possessor(self, words: list[Item], before_verb: bool) -> Subject | None:
        """A possessive before a document noun next to the verb ("“…,” her statement read", "«…», señala su
        comunicado"): the possessive, read as a pronoun for the person whose text it is."""
        d = self.data
        if not d.possessives or not words:
            return None
        phrase = words[-4:] if before_verb else words[:4]
        for j, w in enumerate(phrase):
            if w.key not in d.possessives:
                continue
            rest = phrase[j + 1:]
            k = next((i for i, r in enumerate(rest) if r.key in d.documents), None)
            if k is None or (before_verb and k != len(rest) - 1) or (not before_verb and j > 1):
                return None
            if any(first_letter(r.text).isupper() and not d.nouns_capitalised for r in rest[:k]):
                return None                 # "her Senate statement": a name between, someone else's text
            return Subject(PRONOUN, w.start, w.end)
        return None

    def _phrase_words(self, words: list[Item], before_verb: bool) -> tuple[list[Item], list[str]] | None:
        """The words (and keys) of the phrase next to the verb: from its determiner on, before the verb,
        and up to a function word; None for an enumeration or an adverbial."""
        d = self.data
        keys = [w.key for w in words]
        determiners = d.articles | d.possessives     # "her office said"
        if any(k in d.conjunctions for k in keys):
            return None                     # an enumeration ("A, B and C"): nobody in particular
        if before_verb:
            k = 0
            while k < len(words) and keys[k] in d.stop_words and keys[k] not in determiners:
                k += 1
            first = next((j for j in range(k, len(words)) if keys[j] in determiners), k)
            if first > 0 and keys[first - 1] in d.prepositions:
                return None                 # "mit den Worten", "in a statement": an adverbial, no subject
            words, keys = words[first:], keys[first:]
        elif keys and keys[0] in d.stop_words and keys[0] not in determiners:
            return None
        # the phrase ends before a function word ("a spokesperson for …", "Smith has repeatedly …"), and,
        # where nouns are capitalised, before a second article or a lowercase word no noun follows
        # ("nach Ansicht einer Richterin ein …", "nach Angaben des Vermieters bestand …")
        # "one of the residents", "один из жителей", "uno de los vecinos": the partitive belongs to it
        partitive = 2 if len(keys) > 2 and keys[0] in d.indefinites and keys[1] in d.prepositions else 1
        # nor right after a possessive ("Lima's longtime adviser": the adviser, not Lima)
        cut = next((j for j in range(partitive, len(keys))
                    if ((keys[j] in d.stop_words or keys[j] in d.prepositions) and keys[j] not in determiners
                        and j != partitive - 1
                        and words[j - 1].text[-2:] not in ("'s", "’s") and not self._modifier(keys, j, determiners))
                    or (d.nouns_capitalised and self._ends_capitalised_noun_phrase(words, keys, j))), len(keys))
        if partitive == 2 and cut == 2:
            cut = next((j for j in range(3, len(keys)) if keys[j] in d.stop_words and keys[j] not in determiners),
                       len(keys))
        return words[:cut], keys[:cut]

    def _modifier(self, keys: Sequence[str], j: int, determiners: frozenset[str]) -> bool:
        """Whether the stop word ``keys[j]`` modifies the title after it, or opens one, right after the article
        ("la prima cittadina", "el primer edil", "the first minister"): part of the phrase."""
        d = self.data
        return j == 1 and keys[0] in d.articles and j + 1 < len(keys) and keys[j + 1] not in d.stop_words \
            and bool(title_at(d, keys, j) or title_at(d, keys, j + 1))

    def _ends_capitalised_noun_phrase(self, words: Sequence[Item], keys: Sequence[str], j: int) -> bool:
        """Where nouns are capitalised: whether word ``j`` opens what follows a noun phrase — an article
        right after a noun, or a lowercase word that no capitalised noun follows (a verb)."""
        after_noun = first_letter(words[j - 1].text).isupper()
        if keys[j] in self.data.indefinites and after_noun:
            return True
        lower = first_letter(words[j].text).islower() and keys[j] not in self.data.articles
        nxt = words[j + 1] if j + 1 < len(words) else None
        return lower and after_noun and not (nxt is not None and first_letter(nxt.text).isupper())

    def _noun_phrase(self, words: Sequence[Item], keys: Sequence[str]) -> bool:
        """Whether ``words`` can be a short noun phrase naming a source: no lowercase word opening three
        or more, no label in capitals, no pronoun, number, verb or "according to", nothing left out."""
        d = self.data
        if len(words) >= 3 and words[0].key not in d.articles | d.possessives \
                and first_letter(words[0].text).islower() and not (
                not d.definites and len(words) == 3 and title_at(d, keys, 0)):
            return False                    # no noun phrase opens with "conducting what …"; without articles
                                            # a role and its complement may ("жительница соседнего дома")
        if any(len(w.text) >= 4 and w.text.isupper() for w in words):
            return False                    # a headline or a label in capitals ("READ MORE")
        if d.nouns_capitalised and not any(first_letter(w.text).isupper() for w in words):
            return False                    # no noun where nouns are capitalised ("heißt es knapp")
        # caseless scripts: no capitals to tell where a phrase ends
        cased_script = any(first_letter(w.text).isupper() or first_letter(w.text).islower() for w in words)
        limit = _SOURCE_MAX_WORDS if cased_script else _SOURCE_MAX_WORDS // 2
        if not words or len(words) > limit or all(k in d.stop_words for k in keys):
            return False
        if words[-1].end - words[0].start > sum(len(w.text) + 1 for w in words) + 2:
            return False                    # the words stand around something left out (a quotation)
        if any(k in d.pronouns or k in d.first_person or k in d.conjunctions
               or (any(ch.isdigit() for ch in k) and not _AGE_NOUN.fullmatch(k)) for k in keys):
            return False                    # a pronoun, an enumeration ("A, B and C"), a date; an age noun
                                            # ("die 71-Jährige", "the 45-year-old") is a description
        return not any(lex.match(keys, j) for j in range(len(keys)) for lex in (d.verbs, d.according_to))

    def _phrase_subject(self, words: Sequence[Item], keys: Sequence[str]) -> Subject:
        """A source phrase as a name (capitalised words the name reader would not vouch for) or as a
        source of kind organisation, role or unnamed."""
        d = self.data
        determiners = d.articles
        head = [w for w, k in zip(words, keys) if k not in determiners]
        cased = bool(head) and all(first_letter(w.text).isupper() for w in head)
        acronym = any(len(w.text) > 1 and w.text.isupper() for w in head)
        # a word of an organisation's name, an acronym, or a definite noun standing for one ("le syndicat")
        organisation = any(self.reader.organisation(w) for w in words) or acronym or (
            len(keys) == 2 and keys[0] in d.definites and keys[1] in d.organisation_nouns)
        if cased and not organisation and len(head) == len(words) and len(words) <= 3 \
                and not (len(words) == 1 and (words[0].opener
                                              or (d.nouns_capitalised and not self.reader.names.is_known(keys[0])))) \
                and not any(title_at(d, keys, j) for j in range(len(keys))):
            # capitalised words the name reader would not vouch for ("Wendelstorf sagte", "Smith said"):
            # a name all the same, resolved like one
            return Subject(NAME, words[0].start, words[-1].end, single=len(words) == 1)
        if cased and len(words) >= 4 and keys[0] in d.definites and not d.nouns_capitalised \
                and self.reader.is_person(words[2].start, words[-1].end):
            return Subject(NAME, words[2].start, words[-1].end)     # "le Danois Per Holm": who, after what
        if keys[0] in d.indefinites:
            kind = "unnamed"
        elif title_at(d, keys, 0) or (len(keys) > 1 and keys[0] in determiners and title_at(d, keys, 1)):
            kind = "role"
        elif organisation or (cased and not d.nouns_capitalised):
            kind = "organisation"
        elif any(title_at(d, keys, j) for j in range(len(keys))):
            kind = "role"
        else:
            kind = "unnamed"
        return Subject(SOURCE, words[0].start, words[-1].end, source_kind=kind)
