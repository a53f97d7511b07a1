"""The organisation a definite phrase, a document or a pronoun means: "the company said", "lê-se na nota", "it
wrote".

A quotation's source is often an organisation the article named a sentence or a paragraph before, by a phrase
headed by a noun of organisations ("señaló el departamento") or by a document that names no author ("in a
statement"). Finding it reads the sentences before the phrase for one that opens with an organisation's name;
that search needs the article, its runs of capitalised words and the speakers' surnames (no organisation),
and nothing of the people's antecedent search, so it stands here on its own. :class:`extractors.quote_people.People`
holds one (``people.organisations``) and shares its live set of the speakers' surnames with it.
"""
from __future__ import annotations

from typing import Sequence

from extractors.quote_lang import Item, LangData, first_letter, fold
from extractors.quote_nouns import compound_organisation_noun, definite, organisation_noun, title_in, unelided
from extractors.quote_subjects import Subject
from extractors.quote_text import ArticleText


def _past_document(data: LangData, words: list[str]) -> list[str]:
    """``words`` after a document's noun and a preposition after it, when two words or fewer follow
    ("einer Mitteilung des Unternehmens" → "des Unternehmens", "a statement from the company" → "the
    company"); else ``words``."""
    k = next((k for k, w in enumerate(words[:3]) if fold(w) in data.documents), None)
    rest = words[k + 1:] if k is not None else []
    if rest and fold(rest[0]) in data.prepositions:
        rest = rest[1:]
    return rest if 1 <= len(rest) <= 2 else words


class Organisations:
    """The organisations an article's source phrases mean, by the names opening its sentences."""

    def __init__(self, text: ArticleText, runs: Sequence[tuple[int, int]], surnames: set[str]):
        self.text, self.runs = text, runs
        self.body, self.data = text.body, text.data
        self.surnames = surnames            # the last words of the speakers attributed so far (People's own set)

    def before(self, subject: Subject) -> tuple[int, int] | None:
        """The organisation a definite phrase headed by an organisation noun means ("the company said",
        "señaló el departamento", "disse a companhia"): the subject of the nearest sentence before it, up
        to two paragraphs back, that reads as an organisation's name — capitalised words opening the
        sentence after at most an article, a lowercase word (its verb) after them, and either a word of an
        organisation or an acronym in them, or one word that is no person's name in the article. A document
        of it means it too ("in einer Mitteilung des Unternehmens", "a statement from the company")."""
        words = _past_document(self.data, self.body[subject.start:subject.end].split())
        if not words or not definite(self.data, words):
            return None
        head = unelided(self.data, words[-1])
        elided = head != fold(words[-1])
        if head not in self.data.organisation_nouns or (len(words) < 2 and not elided and self.data.definites):
            return None                     # (where there are no articles the noun alone is "the agency")
        inside = words[1:-1] if self.data.nouns_capitalised else words[1:]
        if any(first_letter(w).isupper() for w in inside):
            return None                     # "the Hydro company": its own name
        if title_in(self.data, words[:-1]):
            return None                     # "глава ведомства": the head of the agency, a person
        found = self.nearest(subject.start)
        if found is not None and unelided(self.data, self.body[slice(*found)]) in self.data.organisation_nouns:
            return None                     # "Министерство культуры …": a noun whose complement we cannot
        return found                        # read, no better than the phrase as written

    def document_issuer(self, subject: Subject) -> tuple[int, int] | None:
        """The organisation a document that names no author stands for ("lê-se na nota", "ajoute-t-on dans
        une lettre", "it wrote in a letter"): the one opening the nearest sentence before it (see
        :meth:`nearest`); None for any other phrase, and for a document after a definite
        article written apart, which the article has spoken of before."""
        words = [unelided(self.data, w) for w in self.body[subject.start:subject.end].split()]
        if words and words[0] in self.data.definites:
            return None                     # "in dem Schreiben": a letter the article spoke of, whoever wrote it
        words = [w for w in words if w not in self.data.articles]
        if len(words) != 1 or words[0] not in self.data.documents:
            return None
        return self.nearest(subject.start)

    def nearest(self, pos: int, marked: bool = False) -> tuple[int, int] | None:
        """The organisation opening the nearest sentence before ``pos``, a few paragraphs back (see
        :meth:`before`): what "the company" or "it" means there; with ``marked``, and more
        than two paragraphs back, only one the words themselves mark as an organisation (a word of one, an
        acronym), as a pronoun tells less than "the company", and a far one less than a near one. Where every
        noun is capitalised, one word opening a sentence may be any noun or an adjective ("Geplant ist …"):
        an organisation its words mark is preferred there, when there is one."""
        if not marked and self.data.nouns_capitalised:
            found = self.nearest(pos, marked=True)
            if found is not None:
                return found
        n, seen = self.text.line_of(pos), 0
        back = int(self.data.limits["organisation_paragraphs" if marked else "organisation_noun_paragraphs"])
        while n >= 0 and seen <= back:
            span = self.text.line_span(n)
            if self.body[slice(*span)].strip() and not self.text.in_skip(span[0]) and not self.text.heading(n):
                p = self.text.para(n)
                for k in range(len(p.sent_starts) - 1, -1, -1):
                    a = p.sent_starts[k]
                    end = p.sent_starts[k + 1] if k + 1 < len(p.sent_starts) else len(p.items)
                    first = next((it for it in p.items[a:a + 3] if it.word), None)
                    if first is not None and first.start < pos and not self.text.quote_at(first.start):
                        found = self._subject(p.items[a:min(a + 12, end)], marked or seen > 2)
                        if found is not None:
                            return found
                seen += 1
            n -= 1
        return None

    def _subject(self, items: Sequence[Item], marked: bool = False) -> tuple[int, int] | None:
        """The organisation's name opening a sentence whose first words are ``items``, as :meth:`before`
        reads it (with ``marked``, only one its words mark as an organisation); None if it opens otherwise."""
        d = self.data
        words = [it for it in items if it.word]
        while words and not any(ch.isalpha() for ch in words[0].text):
            words = words[1:]               # a ticker's time ("12:05 В МЧС заявили …")
        located = not d.definites and len(words) > 1 and words[0].key in d.prepositions
        if located:                         # "В МЧС заявили": where there are no articles, the organisation
            words = words[1:]               # speaks in the place case; only one its words mark (below)
        i = 1 if words and words[0].key in d.articles else 0
        quoted = self._quoted_name(words, i)
        if quoted is not None:
            return quoted
        named = i < len(words) - 1 and organisation_noun(self.data, words[i])
        # "la société Orvaux a annoncé": the noun says what it is; a public body's ("Polizeiinspektion
        # Talbrunn") is part of its name
        i += named and not words[i].key.endswith(d.body_nouns)
        if named and i + 2 < len(words) and first_letter(words[i].text).islower() \
                and words[i].key not in d.prepositions and first_letter(words[i + 1].text).isupper():
            i += 1                          # and a modifier ("la aseguradora vasca Seguros Ruiz")
        if named and i < len(words) and words[i].key in d.prepositions:
            k = i                           # and its complement ("le fabricant de pianos Les Facteurs Réunis")
            while k < len(words) and k - i < 5 and first_letter(words[k].text).islower():
                k += 1
            i = k if k < len(words) and k - i < 5 else i
        commas = [it.start for it in items if not it.word and (it.key in d.commas or it.key in d.dashes)]

        def set_off(k: int) -> bool:        # a comma or a dash between word k and the one before it
            return any(words[k - 1].end <= c < words[k].start for c in commas)

        if named:                           # and its name in apposition ("A empresa proprietária, X, garantiu")
            i = next((k for k in range(i, min(i + 5, len(words))) if set_off(k)
                      and first_letter(words[k].text).isupper()), i)
        j = i
        while j < len(words) and (first_letter(words[j].text).isupper()
                                  or (j > i and words[j].key in d.particles | {"of"} and j + 1 < len(words)
                                      and first_letter(words[j + 1].text).isupper())) \
                and not (j > i and set_off(j)):
            j += 1                          # (a name ends at its comma or dash: "Lajedo Norte, de Uberaba, …")
        run = words[i:j]
        if not run or len(run) > 6 or j >= len(words) or not first_letter(words[j].text).islower():
            return None
        if any(not it.word and it.key in d.colons for it in items if run[0].start < it.start < words[j].start):
            return None                     # "SEE ALSO: Harbour council votes …": a label, no subject
        keys = [w.key for w in run]
        organisation = named or any(part in d.non_person or part in d.organisation_nouns
                                    or compound_organisation_noun(self.data, part)
                                    for k in keys for part in k.split("-")) \
            or any(len(w.text) >= 2 and w.text.isupper() for w in run) \
            or (i == 1 and len(run) >= 2 and words[0].key in d.definites and not d.nouns_capitalised)
        # (a definite article before capitalised words, where nouns are lowercase: "A Vidreira X, …, vai": no
        # person's name takes one)
        function_word = run[0].key in d.stop_words | d.prepositions and run[0].key not in d.organisation_nouns \
            and not (named and run[0].key in d.articles)        # "… Les Facteurs Réunis": its own article
        if any(k in d.day_names or k in d.pronouns or k in d.first_person for k in keys) or function_word \
                or (run[-1].key in self.surnames and not organisation):
            return None                     # "In a statement, …", "They …", "Ana Lima …": no organisation
        if not organisation and len(run) == 1 and i == 0 and not d.nouns_capitalised and words[j].key in d.articles \
                and j + 1 < len(words) and words[j + 1].key not in d.auxiliaries and (
                    not d.verbs.match([w.key for w in words], j + 1)
                    or (j + 2 < len(words) and words[j + 2].key in d.prepositions | d.contractions)):
            return None                     # "Gelida la risposta del sindaco.": a fronted adjective and
                                            # its noun (not "Fiat lo ha confermato", a clitic and a verb)
        if not organisation and len(run) == 1 and not marked and not located:
            organisation = not any(fold(self.body[a:b].split()[-1]) == keys[0] and len(self.body[a:b].split()) > 1
                                   for a, b in self.runs)   # a surname is written with a given name somewhere
        if not organisation:
            return None
        return run[0].start, run[-1].end

    def _quoted_name(self, words: Sequence[Item], i: int) -> tuple[int, int] | None:
        """The name in quotation marks after a word of organisations opening a sentence (after up to two
        modifiers), a lowercase word (its verb) after it ("Компания «Северный мост» объявила", "la coopérative
        « Les Trois Vallées » a annoncé"): the organisation's own name, without the marks."""
        d = self.data
        i = next((k for k in range(i, min(i + 3, len(words) - 2))        # "Мебельная фабрика «…»"
                  if words[k].key in d.organisation_nouns or words[k].key in d.non_person
                  or compound_organisation_noun(self.data, words[k].key)), None)
        if i is None:
            return None
        q = self.text.quote_at(words[i + 1].start)
        if q is None or q.close_pos is None or q.open_pos < words[i].end or len(self.text.quoted(q).split()) > 6:
            return None
        verb = next((w for w in words[i + 1:] if w.start >= q.after), None)
        if verb is None or not first_letter(verb.text).islower():
            return None
        return q.start, q.end
