"""The genders an article marks for its people, read from the words around each mention of them.

:mod:`extractors.quote_gender` holds each language's gender facts (pronouns, gendered words, verb endings);
this module reads them in an article: the gender a pronoun, a role or a dropped subject's verb marks
(:func:`subject_gender`), and the gender of each person the mentions mark (:func:`person_genders`), by last
name, or by full name where two people share a family name. :class:`Genders` reads the latter once an article,
when first asked, and answers for a mention; :class:`extractors.quote_people.People` asks them when a pronoun
or a role points back.
"""
from __future__ import annotations

import bisect
from typing import Sequence

import regex

from extractors.quote_gender import given_name_gender, pronoun_gender, verb_gender, word_gender
from extractors.quote_full_names import FullNames
from extractors.quote_lang import LangData, fold
from extractors.quote_mentions import Mention
from extractors.quote_morph import name_gender, nominative
from extractors.quote_nouns import without_possessive
from extractors.quote_subjects import PRODROP, PRONOUN, ROLE, Subject
from extractors.quote_text import ArticleText

_GENDER_WORD = regex.compile(r"[\p{L}\p{M}.'’-]++")     # a word before a mention that may mark a gender
_NEXT_WORD = regex.compile(r"\s*+([\p{L}\p{M}]++)")
_NOUN = regex.compile(r"[\p{L}\p{M}-]++")           # the noun an elided article is glued to
# a word, then one capitalised word that no other capitalised word follows: a relative's noun and a given name.
# The word before is read behind the capital (the same pairs as reading it first, "(?<![\p{L}\p{M}])([\p{L}\p{M}]++)
# [ \t]++(\p{Lu}…)": a word that ends a pair cannot open one), so the search stops at capitals only, not at every
# word of the body: 3.6× faster on the bench's articles.
_KIN_NAME = regex.compile(r"(?<=(?<![\p{L}\p{M}])([\p{L}\p{M}]++)[ \t]++)(\p{Lu}[\p{Ll}\p{M}]++)"
                          r"(?![\p{L}\p{M}]|[ \t]++\p{Lu})")


def full_key(body: str, start: int, end: int) -> str:
    return " ".join(fold(w).rstrip(".,;:") for w in body[start:end].split())


def person_key(body: str, start: int, end: int) -> str:
    words = body[start:end].split()
    return fold(words[-1]).rstrip(".,;:") if words else ""


def subject_gender(body: str, data: LangData, subject: Subject, verb: str) -> str | None:
    """The gender a pronoun, a role or a dropped subject's verb marks (she, la ministra, сказала)."""
    g = data.gender
    if subject.kind == PRONOUN:
        # a pronoun hyphened after its verb is the part after the last hyphen ("dit-elle", "a-t-elle")
        return pronoun_gender(fold(body[subject.start:subject.end]).rsplit("-", 1)[-1], g)
    if subject.kind == ROLE:
        words = [fold(w) for w in body[subject.start:subject.end].split()]
        return next((x for x in (word_gender(w, True, g) for w in words) if x), None)
    if subject.kind == PRODROP and verb:
        return verb_gender(fold(verb.split()[0]), g)
    return None


def person_genders(text: ArticleText, spans: Sequence[tuple[int, int]], listed: bool = False) -> dict[str, str]:
    """Gender of each person (by last name) that one of the mentions ``spans`` marks; a name marked both
    ways is left out. ``listed``: the gender the given names tell instead (:func:`_given_gender`), not the words
    around them, keyed by the given name too (for "Ana" alone after "Ana Ruiz") unless it is someone's last name."""
    seen: dict[str, set[str]] = {}
    given: dict[str, set[str]] = {}         # last name -> the first words written with it
    full: dict[str, set[str]] = {}          # full name -> genders marked
    firsts: dict[str, set[str]] = {}        # with ``listed``: given name -> genders it tells
    for a, b in spans:
        words = text.body[a:b].split()
        # keyed as written and, where names inflect, in the nominative too ("Кирьяку Шестопалову": "Шестопалов")
        forms = {tuple(fold(w).rstrip(".,;:") for w in ws) for ws in (words, nominative(words, text.data))}
        if len(words) >= 2:
            for form in forms:
                given.setdefault(form[-1], set()).add(form[0])
        g = _given_gender(words, text.data) if listed else _gender_at(text, a, b)
        if g:
            for form in forms:
                seen.setdefault(form[-1], set()).add(g)
                if len(words) >= 2:
                    full.setdefault(" ".join(form), set()).add(g)
                    if listed:
                        firsts.setdefault(form[0], set()).add(g)
    # a family name two people share ("Dana Reyes … her husband Tomas Reyes") tells no one's gender; each
    # one's full name still does
    out = {k: next(iter(v)) for k, v in seen.items() if len(v) == 1 and len(given.get(k, ())) <= 1}
    out.update({k: next(iter(v)) for k, v in full.items() if len(v) == 1})
    for k, v in firsts.items():
        if len(v) == 1 and k not in seen:
            out.setdefault(k, next(iter(v)))
    return out


# The last full stop of a window that ends a sentence: after a lowercase word of three letters or more.
_SENTENCE_END = regex.compile(r"(?r)\p{Ll}{3}[.…][ \t]+")


def _apposition_gender(text: ArticleText, line_start: int, start: int) -> str | None:
    """Where nouns are capitalised, the gender the description a name stands in apposition to opens with
    ("Die Leiterin der Musikschule, Elif …", "Der Sprecher der Bürgerinitiative, Jan …"): its noun's, else its
    article's; the articles inside it are its complements' ("der Schule")."""
    d, body = text.data, text.body
    clause = body[max(line_start, start - 160):start].rstrip()[:-1]
    clause = clause[max(clause.rfind(c) for c in "!?\"“”«»„;:(),") + 1:]
    ended = _SENTENCE_END.search(clause)
    words = _GENDER_WORD.findall(clause[ended.end():] if ended else clause)
    if len(words) < 2 or fold(words[0]) not in d.articles:
        return None
    return word_gender(fold(words[1]), True, d.gender) or word_gender(fold(words[0]), False, d.gender)


# A description set off by a comma right after a name: an article (or none) and a noun ("Ana Lima, la portavoz del
# grupo", "Jan Ott, der Bürgermeister", "Ann Lee, the actress"); not a possessive ("Ann Lee, the mayor's wife")
_APPOSED = regex.compile(r"[ \t]*+,[ \t]*+([\p{L}\p{M}]++)(?:(['’])|[ \t]++([\p{L}\p{M}-]++))(?!['’])")


def _apposition_after(text: ArticleText, end: int) -> str | None:
    """The gender a role in apposition right after a name marks: its ending's or its article's where articles
    agree with the noun; None unless the noun is a role of the data (a list goes on with other things: "Ana
    Lima, la squadra e i tifosi")."""
    m = _APPOSED.match(text.body, end)
    if m is None:
        return None
    d = text.data
    first = fold(m.group(1)) + (m.group(2) or "")
    if m.group(2):                          # "Ana Neri, l'avvocata": the article glued to the noun
        after = _NOUN.match(text.body, m.end())
        noun = fold(after.group()) if after else ""
    else:
        noun = fold(m.group(3))
    if (first in d.articles or fold(first) in d.articles) and d.roles.match([noun], 0):
        return word_gender(noun, True, d.gender) or word_gender(fold(first), False, d.gender)
    if not m.group(2) and d.roles.match([first], 0):
        return word_gender(first, True, d.gender)   # "Ana Lima, portavoz del grupo"
    return None


def _complement(before: Sequence[str], d: LangData) -> bool:
    """Whether the words right before a name end with a lowercase noun that is no role and a preposition:
    the name is that noun's complement, which the articles before mark."""
    if len(before) < 2:
        return False
    prep, noun = fold(before[-1]), fold(before[-2])
    return prep in d.prepositions and prep not in d.articles and before[-2][:1].islower() \
        and noun not in d.articles and noun not in d.prepositions and not d.roles.match([noun], 0)


def _gender_at(text: ArticleText, start: int, end: int) -> str | None:
    """What the words around one mention say: a word right before it (or opening it: "Mrs Jane Doe"),
    a past-tense verb right after it, the name itself where an analyser reads names."""
    d, body = text.data, text.body
    g = d.gender
    line_start = text.line_starts[text.line_of(start)]
    window = body[max(line_start, start - 40):start]
    window = window[max(window.rfind(c) for c in "!?\"“”«»„;:()") + 1:]   # not across a quotation's end
    ended = _SENTENCE_END.search(window)                                # nor a sentence's ("… une institution.
    window = window[ended.end():] if ended else window                  # Raymond …"), but for "M. Roy"
    if d.nouns_capitalised and window.rstrip().endswith(","):
        x = _apposition_gender(text, line_start, start)
        if x:
            return x
    before = _GENDER_WORD.findall(window)[-3:]
    cut = max((k + 1 for k, w in enumerate(before) if fold(w) in d.copulas), default=0)
    before = before[cut:]   # "la ganadora fue Rui Gil": the words before "fue" are another noun's
    if _complement(before, d):
        before = []     # "una doppietta di Ada Neri", "la fille de Jean Roy": the words mark the noun's gender
    inside = body[start:end].split()
    for k, w in enumerate([*reversed(before), *inside[:max(0, len(inside) - 2)]]):
        key = fold(w)
        if d.nouns_capitalised and 0 < k < len(before) and key in d.articles \
                and not (k == 1 and fold(before[-1]).endswith(d.role_endings)):
            continue        # "Die Leiterin der Musikschule Elif …": an article further back is another noun's,
                            # but the one right before a role noun is the role's ("der Informatiker Jan …")
        role = bool(d.roles.match([key], 0))
        x = word_gender(key, role or w[:1].isupper(), g)
        if x is None and k == 0 and key in d.pronouns and window.rstrip().endswith(","):
            x = pronoun_gender(key, g)  # "Él, Julen Ruiz, …; ella, Ana Ruiz, …": the pronoun in apposition
        if x:
            return x
        if k < len(before) and w[:1].isupper() and not role and not d.nouns_capitalised:
            break       # "le préfet de la Haute-Lande, Bernard …": an article before another name is its own
    x = _apposition_after(text, end)
    if x:
        return x
    after = _NEXT_WORD.match(body[end:end + 40])
    if after and g.verb_endings:
        key = fold(after.group(1))
        if d.verbs.match([key], 0):
            x = verb_gender(key, g)
            if x:
                return x
    return name_gender(inside, d)


def _given_gender(words: Sequence[str], d: LangData) -> str | None:
    """The gender a full name's given name tells (:func:`extractors.quote_gender.given_name_gender`): its first
    word that is no honorific, role, article or particle, the last word (the family name) never; None for a
    single word, which may be a family name alone."""
    for w in words[:-1]:
        key = fold(w)
        if key in d.articles or key in d.particles or d.honorifics.match([key], 0) or d.roles.match([key], 0):
            continue
        return given_name_gender(w.strip(".,;:")) if w[:1].isupper() else None
    return None


class Genders:
    """The gender the article marks for the person of each mention, by :func:`person_genders` over the name runs
    and the speakers, read once, when first asked."""

    def __init__(self, text: ArticleText, runs: Sequence[tuple[int, int]], full_names: FullNames,
                 speakers: dict[int, list[Mention]]):
        self.text, self.runs, self.full_names = text, runs, full_names
        self.body, self.data = text.body, text.data
        self.speakers = speakers            # the speakers attributed so far, by line (People's own dict)
        self.by_name: dict[str, str] | None = None      # full or last name -> m | f, when first needed
        self.by_listed: dict[str, str] | None = None    # the same, by given names alone (a weaker guess)
        self.by_given: dict[str, str] | None = None     # given name written after a relative's noun -> m | f

    def known(self, m: Mention) -> bool:
        """Whether the article marks the gender of the person of ``m``."""
        return self.marked(m) is not None

    def of(self, m: Mention) -> str | None:
        """The gender of the person of ``m``: the one the article marks, else the one their given name tells."""
        return self.marked(m) or self._by_key(self._listed(), m)

    def marked(self, m: Mention) -> str | None:
        """The gender the article marks for the person of ``m``: by the full name written, else by the last
        name (which a family name shared by two people leaves unknown)."""
        known = self._by_key(self._genders(), m)
        words = self.body[m.start:m.end].split()
        if known is None and len(words) == 1:
            known = name_gender(words, self.data)      # "Людмила" alone: a woman's name
        if known is None and words:
            known = self._kin_given().get(fold(words[0]))   # "his wife Rita … Rita Decker": her given name
        return known

    def _by_key(self, genders: dict[str, str], m: Mention) -> str | None:
        """What ``genders`` holds for the person of ``m``: by the full name written, else by the last name,
        a possessive ending cut ("Lee's")."""
        return genders.get(full_key(self.body, m.start, m.end)) \
            or genders.get(without_possessive(self.data, person_key(self.body, m.start, m.end)))

    def agrees(self, m: Mention, gender: str | None) -> bool:
        """Whether the person of mention ``m`` may be of ``gender`` (True when either is unknown)."""
        if gender is None:
            return True
        known = self.of(m)
        return known is None or known == gender

    def _kin_given(self) -> dict[str, str]:
        """Gender of each given name written alone after a relative's noun ("his wife Rita", "zijn vrouw Ria"),
        by the folded name; a name written after nouns of both genders is left out. Not the family name: the
        relative may share it ("Ria Dekkers" and her husband "Wim Dekkers")."""
        if self.by_given is None:
            kin, seen = self.data.gender.kin, {}
            for m in _KIN_NAME.finditer(self.body) if kin else ():
                g = kin.get(fold(m.group(1)))
                if g:
                    seen.setdefault(fold(m.group(2)), set()).add(g)
            self.by_given = {k: next(iter(v)) for k, v in seen.items() if len(v) == 1}
        return self.by_given

    def _genders(self) -> dict[str, str]:
        """Gender of each person (by last name) that some mention of them in the article marks, read
        once, when first needed, from the name runs and the speakers attributed by then."""
        if self.by_name is None:
            self.by_name = person_genders(self.text, self._spans())
        return self.by_name

    def _listed(self) -> dict[str, str]:
        """Gender of each person (by last name) whose given name tells one, read once, when first needed."""
        if self.by_listed is None:
            self.by_listed = person_genders(self.text, self._spans(), listed=True)
        return self.by_listed

    def _spans(self) -> list[tuple[int, int]]:
        """The name runs, the names read in them, and the speakers attributed by then."""
        named = self.full_names.run_names()     # the names read in runs, else the runs as written
        starts = [a for a, _ in named]
        unread = [(a, b) for a, b in self.runs if bisect.bisect_left(starts, a) == bisect.bisect_left(starts, b)]
        return [*unread, *named, *((m.start, m.end) for ms in self.speakers.values() for m in ms)]
