"""What a word or a short phrase is, by the language's data alone: a definite phrase, a role, a noun of persons or
of organisations.

A source phrase ("the mayor", "l'élu", "la empresa", "ministrul") means a person or an organisation the article
named before; which one to look for depends only on its words and the language's lexicons, not on the article.
These tests are pure functions of (:class:`extractors.quote_lang.LangData`, words), so that the people
(:mod:`extractors.quote_people`), the organisations (:mod:`extractors.quote_organisations`) and the clause reader
(:mod:`extractors.quote_clauses`) ask the same questions the same way.
"""
from __future__ import annotations

from typing import Sequence

from extractors.quote_lang import Item, LangData, first_letter, fold
from extractors.quote_morph import singular_noun
from extractors.quote_subjects import _AGE_NOUN, title_at


def unelided(data: LangData, word: str) -> str:
    """The folded word without an elided article or preposition glued to it ("l'adjointe" → "adjointe")."""
    key = fold(word)
    cut = next((e for e in data.elisions if key.startswith(e) and len(key) > len(e) + 1), "")
    return key[len(cut):]


def without_possessive(data: LangData, key: str) -> str:
    """A folded name's word without a possessive ending ("trudeau's" → "trudeau")."""
    for apo in "'’":
        head, _, tail = key.rpartition(apo)
        if head and tail in data.apostrophe_suffixes:
            return head
    return key


def definite(data: LangData, words: Sequence[str]) -> bool:
    """Whether a phrase opens with a definite article, written apart or elided ("l'élu"); where the
    language has none, whether it opens with a lowercase word that is no indefinite ("полузащитника")."""
    if not words:
        return False
    first = fold(words[0])
    if not data.definites:              # (a role for one person opening its sentence is capitalised:
        return (first_letter(words[0]).islower() or (   # "Тренер отметил"; not "Эксперты называют")
            bool(title_at(data, [first], 0)) and singular_noun(words[0], data))) \
            and first not in data.indefinites
    d = data
    return first in d.definites or first in d.contractions or suffixed_role(d, words[0]) or any(
        # "della società", "l'élu", "dell'azienda"
        first.startswith(e) and len(first) > len(e) and any(e.endswith(x) for x in d.definites if x in d.elisions)
        for e in d.elisions)


def suffixed_role(data: LangData, word: str) -> bool:
    """Whether ``word`` is a role noun whose ending is its definite article ("ministrul", "tränaren")."""
    key = fold(word)
    return key.endswith(data.definite_suffixes) and bool(data.roles.match([key], 0)) \
        if data.definite_suffixes else False


def title_in(data: LangData, words: Sequence[str]) -> bool:
    """Whether one of ``words`` is a title or a role of the data."""
    return any(title_at(data, [fold(w)], 0) for w in words)


def organisation_head(data: LangData, words: Sequence[str]) -> bool:
    """Whether a phrase is headed by a noun of organisations with no title before it ("le syndicat", "a
    empresa"; not "глава ведомства", the agency's head, a person)."""
    return unelided(data, words[-1]) in data.organisation_nouns and not title_in(data, words[:-1])


def person_noun(data: LangData, word: str) -> bool:
    """Whether a description's head noun can name a person: any, where nouns are not capitalised (no
    telling them apart); where they are, a role, a noun of persons the data lists ("Teenager") or a word
    with an agent noun's ending ("Schreiben", "Einleitung" are no one)."""
    d, key = data, fold(word)
    if not d.nouns_capitalised:
        return key not in d.documents and key not in d.organisation_nouns
    return bool(title_at(d, [key], 0)) or key.endswith(d.role_endings) or key in d.person_nouns


def age_noun(data: LangData, key: str) -> bool:
    """Whether the folded ``key`` names a person by their age ("45-year-old", "71-jährige", "sexagénaire",
    "Sechzigjährige"): a description of someone the article named, not a new person."""
    return bool(_AGE_NOUN.fullmatch(key)) or key in data.age_nouns \
        or any(key.endswith(e) and len(key) > len(e) + 2 for e in data.age_endings)


def compound_organisation_noun(data: LangData, key: str) -> bool:
    """Whether ``key`` is a compound ending with a noun of organisations, written as one word ("молокозавод",
    "Fahrradhersteller")."""
    return any(key.endswith(n) and len(key) >= len(n) + 3 for n in data.organisation_nouns)


def organisation_noun(data: LangData, word: Item) -> bool:
    """Whether ``word`` is a noun of organisations before an organisation's name: lowercase ("la société
    Orvaux"), or where nouns are capitalised, a compound ending with one ("Der Fahrradhersteller
    Holtkamp"; the noun itself is written as part of the name there: "Firma Sellmann")."""
    d, key = data, word.key
    if not d.nouns_capitalised:
        return key in d.organisation_nouns and first_letter(word.text).islower()
    return key not in d.organisation_nouns and compound_organisation_noun(data, key)


def relation_noun_ends(data: LangData, words: Sequence[Item]) -> bool:
    """Whether ``words`` end with a noun of a relative or an office, lowercase, or with one and its complement
    ("mi vecino del quinto", "o meu irmão", "the club's coach"): what a given name set off by a comma after
    them is the name of."""
    keys = [w.key for w in words]
    for h in range(len(keys) - 1, -1, -1):
        if data.honorifics.match(keys, h) or title_at(data, keys, h):
            return (h == len(keys) - 1 or keys[h + 1] in data.prepositions) \
                and all(first_letter(w.text).islower() for w in words[h:])
    return False
