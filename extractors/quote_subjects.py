"""Who a clause names as its subject: a person's name, a pronoun, a role, or nobody.

Two signals find a name, so that scripts without capital letters are read too:

* cased scripts (Latin, Cyrillic, Greek…): a run of capitalised words (particles such as "de", "van"
  inside), not an acronym, not starting with a stop word, with no word of an organisation or unnamed
  source (``non_person``);
* any script: *position*. A clause is cut at commas (, ، 、) into parts; a part that is wholly a name
  after its title phrase ("a pesquisadora Ana Tavares", "داریوش کامرانی" before "، مدیر عامل …،") is
  the subject (the parts and the subject before a verb: :mod:`extractors.quote_clause_subjects`; the
  subject after a verb or "according to": :mod:`extractors.quote_subjects_after`). In caseless scripts
  a name is two to four words none of which is a stop word, pronoun, role, honorific, verb, number or a
  word no name starts with (Arabic ال…); one word only after an honorific (آقای هانسن) or when the
  article already gave it inside a longer name.

A title phrase is a determiner, then roles and honorifics from the data with at most two modifiers
("transit director", "le politologue"; a role's complement: "Menteri Keuangan", "وزير المالية") and
a complement that names what the title governs ("Minister of Finance", "ministro dell'Economia"; in
languages whose titles take a capitalised genitive, "мэр Москвы", "υπουργός Οικονομικών"). Titles
are stripped wherever they stand ("Commissioner X", "Slack CFO Bill Matthias" → the words after the
last title). A one-word cased name is accepted only after an honorific (or a role capitalised inside a
sentence: "said Commissioner Gordon", a byline "“…” -Commissioner Gordon"), as a PER entity, or when
the article also writes it inside a longer name (a surname, case endings allowed: Орлова/Орловой).
After a title, that longer name must hold the word somewhere other than right after a role or a word
of an organisation: the run "Ministrul Culturii" itself vouches for nothing, so a role's complement
("Ministrul Culturii a declarat", "Мэр Москвы заявил", "Menteri Pariwisata mengatakan") is no name,
and neither is a complement the data lists as ``non_person`` ("Ministrul Finanțelor"). A role alone
points back to a person only after a definite article ("the researcher added"; "a spokesperson said"
names nobody).

What the article writes inside longer names is a :class:`NameIndex`, built up front from its runs of
capitalised words and grown only by an explicit :meth:`NameIndex.learn_name` from the code that accepts a
name (a quotation's source, a mention of a person): reading a clause never changes what the reader knows,
so the same words read twice give the same subject.
"""
from __future__ import annotations

import functools
import os
from dataclasses import dataclass
from typing import Iterable, Sequence

import regex

from extractors.quote_lang import Item, LangData, first_letter, fold, has_digit

NAME, PRONOUN, FIRST, ROLE, EMPTY, OTHER = "name", "pronoun", "first", "role", "empty", "other"
SOURCE = "source"       # a noun phrase that says who without naming a person: "a spokesperson", "Norvale Power"
PRODROP = "prodrop"     # no subject written, the verb stands for it (the source stage makes these, never the reader)
LINKED = (NAME, PRONOUN, ROLE)      # the kinds that say which person: a name, or words pointing back to one
_AGE_NOUN = regex.compile(r"\d{1,3}(?:-\p{L}+)+")    # "71-jährige", "45-year-old", "30-летний"


@dataclass(frozen=True)
class Subject:
    kind: str
    start: int = 0          # body offsets of the name / pronoun / role words
    end: int = 0
    titled: bool = False    # a title or honorific stood before the name
    single: bool = False    # one-word name
    source_kind: str = ""   # for SOURCE: role | organisation | unnamed
    name_words: tuple[str, ...] = ()    # a name of two words or more: its folded words, particles left out


NOBODY = {EMPTY: Subject(EMPTY), OTHER: Subject(OTHER)}


@functools.lru_cache(maxsize=1 << 16)
def _acronym(text: str) -> bool:
    """Whether ``text`` has two letters or more, all capitals (memoised: asked of the same words often)."""
    letters = [ch for ch in text if ch.isalpha()]
    return len(letters) > 1 and all(ch.isupper() for ch in letters)


def is_caseless(item: Item) -> bool:
    c = first_letter(item.text)
    return bool(c) and not c.isupper() and not c.islower()


# title_at's answers by (lexicons, the words it reads): the readers ask it about the same words many times
_TITLES: dict[tuple, int] = {}


def title_at(data: LangData, keys: Sequence[str], i: int) -> int:
    """Words of the honorific or role at ``i`` (a hyphenated word counts when one part is a role:
    Greenpeace-Sprecherin, economista-chefe)."""
    if i >= len(keys) or not data.title_openers[keys[i]]:     # most words: 0 without reading the words after
        return 0
    key = (data.honorifics, data.roles, tuple(keys[i:i + max(data.honorifics.max_words, data.roles.max_words)]))
    n = _TITLES.get(key)
    if n is None:
        if len(_TITLES) >= 1 << 16:
            _TITLES.clear()
        n = _TITLES[key] = _title_at(data, key[2], 0)
    return n


def _title_at(data: LangData, keys: Sequence[str], i: int) -> int:
    n = data.honorifics.match(keys, i) or data.roles.match(keys, i)
    if not n and i < len(keys) and "-" in keys[i]:          # a compound's last part may be a job where nouns are
        parts = [part for part in keys[i].split("-") if part]      # capitalised: IG-Metall-Bevollmächtigter
        heads = parts[-1:] if data.nouns_capitalised else parts     # (its head: "Richter-Wagner" is a name)
        n = int(any(data.roles.match([part], 0) for part in heads) or (
            data.nouns_capitalised and len(parts) > 1 and len(parts[-1]) > 4
            and parts[-1].endswith(data.role_endings if has_digit(parts[0]) else _long_endings(data.role_endings))))
    if not n and i < len(keys) and "'" in keys[i]:                    # CEO'su, l'économiste
        head, _, tail = keys[i].partition("'")
        n = int(bool(title_at(data, [head], 0) or title_at(data, [tail], 0)))
    return n


@functools.lru_cache(maxsize=None)
def _long_endings(endings: tuple[str, ...]) -> tuple[str, ...]:
    """The agent-noun endings of four letters or more: what the last part of a hyphenated compound must end
    with to be a job ("CDU-Politikerin"), as a double surname's last part often ends with a short one
    ("-Brenner", "-Müller"); after a number any ending will do ("die 54-Jährige")."""
    return tuple(e for e in endings if len(e) >= 4)


class NameIndex:
    """The words the article writes inside names of two words or more, which vouch for a one-word name
    (a surname: "Ruiz" after "Marta Ruiz"). Built from the article's runs of capitalised words; it grows
    only when a caller accepts a name it read (:meth:`learn_name`)."""

    def __init__(self, data: LangData, runs: Iterable[Sequence[str]] = ()):
        self.data = data
        self.known: set[str] = set()    # folded words the article writes inside multi-word names
        self.free: set[str] = set()     # those of them written there other than right after a role
        self.last_words: set[str] = set()   # last words of capitalised runs after a word no title ("Larry King")
        self.particled: set[tuple[str, ...]] = set()    # particles and the word after them, written after a
                                                         # name word: "Ana La Rosa", "Ursula von der Leyen"
        for words in runs:
            self._learn_run([fold(w) for w in words], [first_letter(w).isupper() for w in words])

    def _learn_run(self, keys: Sequence[str], cased: Sequence[bool] = ()) -> None:
        """Take in the (folded) words of a run of capitalised words the article writes: all known, and
        free unless a word stands right after a role or a word of an organisation ("Ministrul Culturii",
        "Мэр Москвы", "Министерство Финансов": there it may be a complement; after an honorific it is
        a name). A run of calendar words only ("between March and October") vouches for no name."""
        d = self.data
        if all(k in d.month_names or k in d.day_names or k in d.particles or k in d.conjunctions for k in keys):
            return
        self.known.update(keys)
        if len(cased) == len(keys):
            self.last_words.update(keys[k] for k in range(1, len(keys)) if self._ends_name(keys, cased, k))
        particles = self.data.particles
        for k in range(1, len(keys) - 1):
            if keys[k] in particles and keys[k - 1] not in particles:
                m = k
                while m < len(keys) and keys[m] in particles:
                    m += 1
                # one capitalised word after them ends the name, which follows no title ("Bürgermeister
                # von New Orleans"); where nouns are capitalised an article opens no surname ("Jo Hahn der
                # Grünen")
                ends = m == len(keys) - 1 or (len(cased) == len(keys) and not cased[m + 1])
                before = keys[k - 1]            # a name word, not "Secondo la Gazzetta"
                if m < len(keys) and ends and not title_at(self.data, keys, k - 1) \
                        and before not in self.data.stop_words and before not in self.data.prepositions \
                        and not (self.data.nouns_capitalised and keys[k] in self.data.definites):
                    self.particled.add(tuple(keys[k:m + 1]))
        non_person, openers = self.data.non_person, self.data.title_openers
        i, after_role = 0, False
        honorifics = self.data.honorifics
        while i < len(keys):
            key = keys[i]
            h = honorifics.match(keys, i) if key in honorifics.prefixes or honorifics.affixes else 0
            t = h or (openers[key] and title_at(self.data, keys, i))    # (most words open no title: one lookup)
            if t:
                self.free.update(keys[i:i + t])
                i, after_role = i + t, not h
                continue
            if not after_role:
                self.free.add(key)
            # a word of an organisation, or hyphenated with one (a word without a hyphen is its only part)
            after_role = key in non_person or ("-" in key and any(part in non_person for part in key.split("-")))
            i += 1

    def _ends_name(self, keys: Sequence[str], cased: Sequence[bool], k: int) -> bool:
        """Whether the capitalised word ``k`` closes a run of capitalised words after one that is no title, no
        honorific and no stop word ("Larry King", not "Herr Präsident")."""
        return cased[k] and cased[k - 1] and (k + 1 == len(keys) or not cased[k + 1]) \
            and not (title_at(self.data, keys, k - 1) or self.data.honorifics.match(keys, k - 1)
                     or keys[k - 1] in self.data.stop_words)

    def learn_name(self, subject: Subject) -> None:
        """A name of two words or more the caller accepted: later, its surname alone is this person."""
        self.known.update(subject.name_words)
        self.free.update(subject.name_words[1 if subject.titled else 0:])

    def is_known(self, key: str, after_title: bool = False) -> bool:
        """Whether the article also writes ``key`` inside a longer name, allowing for a case ending
        (Орлова / Орловой); for a word read right after a title, somewhere other than right after a
        role (else "Ministrul Culturii" would vouch for its own complement)."""
        pool = self.free if after_title else self.known
        if key in pool:
            return True
        if len(key) < 5:
            return False
        head = key[:max(4, len(key) - 2)]       # what such a word must begin with, and within two letters as long
        for k in pool:
            if k.startswith(head) and abs(len(k) - len(key)) <= 2:
                common = len(os.path.commonprefix((k, key)))
                if common >= max(4, len(key) - 2, len(k) - 2):
                    return True
        return False


class Reader:
    """Reads the subject a run of words names; what vouches for a one-word name is the :class:`NameIndex` it
    is given, which it consults and never changes. The subject before a verb, found among a clause's parts, is
    read by ``reader.clause`` (:class:`extractors.quote_clause_subjects.ClauseSubjects`); the one after a verb
    or "according to" by ``reader.after`` (:class:`extractors.quote_subjects_after.SubjectsAfter`)."""

    def __init__(self, data: LangData, names: NameIndex, persons: Sequence[tuple[int, int]] = ()):
        # imported here: those modules read names with this class, and import this module
        from extractors.quote_clause_subjects import ClauseSubjects
        from extractors.quote_subjects_after import SubjectsAfter

        self.data = data
        self.names = names
        self.persons = persons        # PER entity spans
        self.max_words = int(data.limits["name_max_words"])
        d = data
        self._blocked = d.stop_words | d.pronouns | d.first_person | d.complementizers | d.day_names
        self._cased: tuple[dict[str, bool], dict[str, bool]] = ({}, {})    # cased_name_word's answers, not first
                                                                            # and first, by the word's text
        self.clause = ClauseSubjects(self)
        self.after = SubjectsAfter(self, self.clause)

    # -- words ---------------------------------------------------------------------------------------
    def is_person(self, start: int, end: int) -> bool:
        return any(s <= start and end <= e for s, e in self.persons)

    def cased_name_word(self, item: Item, first: bool) -> bool:
        """Whether the word ``item`` may be a word of a name in a cased script (``first``: opening it); kept by the
        word's text, which alone decides it (its key is the text folded): asked ~700 times an article, of few words."""
        if not item.word:
            return False
        known = self._cased[first]
        answer = known.get(item.text)
        if answer is None:
            answer = known[item.text] = self._cased_name_word(item, first)
        return answer

    def _cased_name_word(self, item: Item, first: bool) -> bool:
        t = item.text
        c = first_letter(t)
        if not c or not c.isupper() or has_digit(t):
            return False
        if _acronym(t):                                                  # CX, NPS, CEO
            return False
        if self.organisation(item):
            return False
        if first and self.data.number_word and self.data.number_word.match(item.key):
            return False                                                 # "Vierzig Jahre lang …"
        return not (first and item.key in self._blocked)

    def organisation(self, item: Item) -> bool:
        """Whether ``item`` is, or is hyphenated with, a word of an organisation (Альфа-банка), or a noun
        of organisations where nouns are capitalised ("laut Unternehmen": no one's name)."""
        key, non_person = item.key, self.data.non_person
        return key in non_person or ("-" in key and any(part in non_person for part in key.split("-"))) \
            or (self.data.nouns_capitalised and key in self.data.organisation_nouns)

    def caseless_name_word(self, words: Sequence[Item], keys: Sequence[str], i: int) -> bool:
        item = words[i]
        if not item.word or not is_caseless(item) or has_digit(item.text):
            return False
        if item.key in self._blocked or item.key in self.data.non_person:
            return False
        d = self.data
        if any(item.key.startswith(p) for p in d.not_in_name):
            return False
        return not any(lex.match(keys, i) for lex in (d.verbs, d.roles, d.honorifics, d.according_to,
                                                     d.pronoun_verbs))

    def read_name(self, words: Sequence[Item], keys: Sequence[str], i: int,
                  honoured: bool) -> tuple[int, int, bool]:
        """Name words[a:b] read from ``i`` (b == a when none) and whether a title stood inside the run."""
        if i >= len(words):
            return i, i, False
        if is_caseless(words[i]):
            known = keys[i] in self.names.known
            if any(keys[i].startswith(p) for p in self.data.not_name_initial) and not known:
                return i, i, False
            j = i
            while j < len(words) and j - i < self.max_words and self.caseless_name_word(words, keys, j):
                j += 1
            if j < len(words) and self.caseless_name_word(words, keys, j):      # too long for a name
                return i, i, False
            return (i, j, False) if j - i >= (1 if honoured or known else 2) else (i, i, False)
        a, j, n, titled, before_title = i, i, 0, False, None
        while j < len(words):
            w = words[j]
            if first_letter(w.text).isupper():
                # Slack CFO Bill Matthias: the name follows the title; after a particle a title word is a
                # surname (Bruno Le Maire)
                t = 0 if n and keys[j - 1] in self.data.particles else title_at(self.data, keys, j)
                if t and self._surname_title(words, keys, j, t, honoured and n == 0):
                    t = 0
                if t:
                    before_title = before_title or ((a, j) if n else None)
                    a = j = j + t + self._complement(words, keys, j + t)    # and its complement: "Мэр Камышинска …"
                    n, titled = 0, True
                    continue
            if n >= 2 and w.text in self.data.generation_numerals:
                j += 1                                  # "Ana Lima III": read, and the name ends (quote_names
                break                                   # leaves the numeral out of the speaker)
            m = self._particled_surname(keys, j) if n == 0 else None
            if m is not None:                           # "ha detto La Rosa" after "Ignazio La Rosa", "Von der
                j = m                                   # Leyen sagte" after "Ursula von der Leyen": a capital
                continue                                # opening a sentence makes no name of the particle
            if self.cased_name_word(w, first=(n == 0)):
                n, j = n + 1, j + 1
                continue
            if n and w.key in self.data.particles:
                k = j                                   # von der Leyen, de la Cruz: particles, then a name
                while k < len(words) and k - j < 3 and words[k].key in self.data.particles:
                    k += 1
                # where nouns are capitalised, an article alone is no particle (Weselsky der Nachrichtenagentur)
                # nor after a whole name ("Karl Brenner von der Kanzlei", unlike "Ursula von der Leyen")
                article = self.data.nouns_capitalised and (
                    (k == j + 1 and w.key in self.data.definites)
                    or (n >= 2 and any(x.key in self.data.definites for x in words[j:k])))
                if k < len(words) and self.cased_name_word(words[k], False) and not article:
                    j = k
                    continue
            break
        if n == 0 and before_title:                     # John Smith CEO
            (a, j), n, titled = before_title, 1, False
        if n == 0 or n > self.max_words:
            return i, i, False
        return a, j, titled

    def _surname_title(self, words: Sequence[Item], keys: Sequence[str], j: int, size: int, honoured: bool) -> bool:
        """Whether the one-word title at ``j`` is a surname: alone after an honorific ("Mr. King", "Herr Richter")
        and written elsewhere in the article as the last word of a longer name ("Larry King"); "Herr Präsident",
        a title the article gives nobody as a surname, stays an address."""
        after = j + size
        return honoured and size == 1 and (after == len(words) or not first_letter(words[after].text).isupper()) \
            and keys[j] in self.names.last_words

    def _particled_surname(self, keys: Sequence[str], j: int) -> int | None:
        """Where the surname word stands when ``keys[j:]`` open with the particles of a surname the article
        wrote after a given name ("La Rosa" after "Ignazio La Rosa", "von der Leyen" after "Ursula von der
        Leyen"); None otherwise."""
        if keys[j] not in self.data.particles:
            return None
        return next((m for m in range(j + 1, min(len(keys), j + 4)) if tuple(keys[j:m + 1]) in self.names.particled),
                    None)

    def subject_name(self, words: Sequence[Item], a: int, b: int, titled: bool,
                     honoured: bool = False) -> Subject | None:
        """The name ``words[a:b]`` (without a suffix after an apostrophe: Smith's, Yılmaz'a); one word only when an
        honorific, the :class:`NameIndex` or a PER entity vouches for it, else None."""
        start, end = words[a].start, words[b - 1].end
        last = words[b - 1].text
        for apo in "'’":                               # Smith's, Yılmaz'a: the suffix is not the name
            k = last.find(apo)
            if k > 0 and k + 1 < len(last) and last[k + 1].islower() and (
                    self.data.apostrophe_inflects or fold(last[k + 1:]) in self.data.apostrophe_suffixes):
                end = words[b - 1].start + k
        names = [w.key for w in words[a:b] if w.key not in self.data.particles]
        if len(names) != 1:
            return Subject(NAME, start, end, titled, name_words=tuple(names))
        if not (honoured or self.names.is_known(names[0], titled) or self.is_person(start, end)):
            return None          # "Ministrul Culturii": a role's complement, not a surname
        return Subject(NAME, start, end, titled, single=True)

    # -- title phrases -------------------------------------------------------------------------------
    def _phrase_ends(self, words: Sequence[Item], keys: Sequence[str], i: int) -> list[tuple[int, bool, bool]]:
        """Ends j of the title phrases words[i:j] before a name, with (has a title, vouches for a one-word
        name): a determiner, then titles, honorifics and at most two modifiers (cased scripts: lowercase
        words, "transit director", "le politologue"; caseless: a title's complement such as المالية).
        An honorific vouches for the word after it, and so does a role capitalised inside a sentence
        ("said Commissioner Gordon"), unlike one opening it, after a determiner or not ("Ministrul
        Finanțelor, Marcel Boloș, …", "Ο Υπουργός Οικονομικών δήλωσε")."""
        d, n = self.data, len(words)
        ends = [(i, False, False)]
        k = i
        if k < n and (keys[k] in d.stop_words or keys[k] in d.indefinites) and keys[k] not in d.pronouns \
                and not (d.honorifics.match(keys, k) and k + 1 < n and first_letter(words[k + 1].text).isupper()):
            k += 1
        titled = honoured = False
        modifiers = 0
        while k < n and k - i < 7:
            h = d.honorifics.match(keys, k) if keys[k] in d.honorifics.prefixes or d.honorifics.affixes else 0
            t = h or title_at(self.data, keys, k)
            if t:
                # capitalised inside the sentence, not at its opening ("Ο Υπουργός Οικονομικών δήλωσε")
                cased = first_letter(words[k].text).isupper() and not any(w.opener for w in words[:k + 1])
                titled, honoured = True, honoured or bool(h) or cased
                k += t
                ends.append((k, True, honoured))
                c = self._complement(words, keys, k)
                if c:                                   # "Minister of Finance Jane Doe": the name after it
                    k += c
                    ends[-1] = (k, True, honoured)
                continue
            if titled and keys[k] in d.conjunctions and k + 1 < n and title_at(self.data, keys, k + 1):
                k += 1                                  # "le capitaine et entraîneur Jo Roy": one person's titles
                continue
            if modifiers < 2 and self._modifier(words[k], titled):
                k += 1
                modifiers += 1
                if titled or modifiers == 1:
                    ends.append((k, titled, honoured))
                continue
            break
        return ends

    def name_tries(self, words: Sequence[Item], i: int) -> list[int]:
        """The k up to ``i`` from which :meth:`name` of ``words[k:]`` may read a name starting at ``words[i]`` or
        after it. Not from past the last title among them: a name then starts where the phrase opening the words
        may end, at most two words past the adverbs (a determiner and a modifier: :meth:`_phrase_ends`; an article
        and a noun: :meth:`_noun_then_name`), so a reader looking for a name further on need not read from there."""
        keys = [w.key for w in words]
        last_title = max((x for x in range(len(keys)) if title_at(self.data, keys, x)), default=-1)
        return [k for k in range(i + 1) if k <= last_title or k + self._head(keys[k:]) + 2 >= i]

    def run_tries(self, words: Sequence[Item], i: int) -> tuple[list[int], bool]:
        """:meth:`name_tries` of ``words`` and ``i``, and :meth:`asks_openers` of the words from the first try on
        (False when there is none), with each word's title test made once: a title test reads the words from
        there to the end of the list, the same in the words from the first try, which end where ``words`` do.
        Asked for each run's parts by the run names (~55 an article); a word no title opens (most) is told by one
        lookup, without a :func:`title_at` call."""
        keys = [w.key for w in words]
        d = self.data
        openers = d.title_openers
        titles = [x for x in range(len(keys)) if openers[keys[x]] and title_at(d, keys, x)]
        last_title = titles[-1] if titles else -1
        tries = [k for k in range(i + 1) if k <= last_title or k + self._head(keys[k:]) + 2 >= i]
        asks = bool(tries) and any(x >= tries[0] and first_letter(words[x].text).isupper() for x in titles)
        return tries, asks

    def asks_openers(self, words: Sequence[Item]) -> bool:
        """Whether :meth:`name` of ``words`` (or of the words ending with them) may ask which word opens a sentence:
        only :meth:`_phrase_ends` does, for a capitalised title, so words cut without their sentences can be read
        when none of them is one."""
        keys = [w.key for w in words]
        return any(first_letter(w.text).isupper() and title_at(self.data, keys, k) for k, w in enumerate(words))

    def _complement(self, words: Sequence[Item], keys: Sequence[str], k: int) -> int:
        """Words of a title's complement at ``k``: one or two stop words or elisions (of the, de, dell') and one or two
        capitalised words, when a name of two capitalised words still follows ("ministro dell'Economia
        Giancarlo Giorgetti", "Minister of Finance Jane Doe"); where titles take a genitive, one
        capitalised word without a preposition before a name of exactly two words ("υπουργός Οικονομικών
        Κωστής Χατζηδάκης"), or three with a patronymic between, unless the next word is a patronymic or the
        word lacks the genitive endings the data lists; 0 if none."""
        d, n = self.data, len(words)
        j = k
        while j < n and j - k < 2 and (keys[j] in d.stop_words or keys[j].replace("’", "'") in d.elisions) \
                and not first_letter(words[j].text).isupper():
            j += 1
        if j == k:
            if not d.title_genitive or k >= n or (k + 1 < n and d.patronymic_suffixes
                                                  and keys[k + 1].endswith(d.patronymic_suffixes)) \
                    or (d.genitive_endings and not keys[k].endswith(d.genitive_endings)):
                return 0
            sizes = (1,)
        else:
            sizes = (1, 2)
        if len(sizes) == 2 and self._two_word_complement(words, j):
            return j + 2 - k
        for size in sizes:
            rest = words[j + size:j + size + 2]
            if j + size + 2 <= n and all(first_letter(w.text).isupper() for w in words[j:j + size]) \
                    and all(self.cased_name_word(w, False) for w in rest) \
                    and (j > k or j + size + 3 > n or not self.cased_name_word(words[j + size + 2], False)
                         or (d.patronymic_suffixes and keys[j + size + 1].endswith(d.patronymic_suffixes))):
                return j + size - k         # (a patronymic between: "мэр Камышинска Сергей Ильич Воронов")
        return 0

    def _two_word_complement(self, words: Sequence[Item], j: int) -> bool:
        """Whether the capitalised run at ``j`` is a complement of two words and a name of exactly two words (and
        the particles between) closing it ("assessore ai Lavori Pubblici Ada Rossi", "schepen van Openbare Werken
        Els van den Broeck"), not a complement of one word and a name of three ("concejal de Deportes José Luis
        Soto"): the two words end as a noun and its adjective agreeing in the plural do (``complement_endings``)."""
        d, r = self.data, j
        while r < len(words) and (first_letter(words[r].text).isupper() or (r > j and words[r].key in d.particles)):
            r += 1
        named = [w for w in words[j + 2:r] if w.key not in d.particles]
        return len(named) == 2 and r - j >= 4 and self.cased_name_word(words[j + 2], False) \
            and any(words[j].key.endswith(a) and words[j + 1].key.endswith(b) for a, b in d.complement_endings)

    def _modifier(self, item: Item, titled: bool) -> bool:
        d = self.data
        if not item.word or item.key in d.stop_words or item.key in d.prepositions or has_digit(item.text) \
                or d.verbs.match([item.key], 0):
            return False                        # a function word, a number or a reporting verb modifies no title
        if titled and self.organisation(item):                          # Menteri Keuangan Sri Mulyani
            return True
        if is_caseless(item):
            return titled and any(item.key.startswith(p) for p in self.data.not_name_initial)
        c = first_letter(item.text)
        return bool(c) and c.islower()

    def parse(self, words: Sequence[Item], cover: bool) -> Subject:
        """The subject ``words`` (no punctuation) spell; with ``cover`` the name must be all of them
        but for up to two stop words after it."""
        n = len(words)
        d = self.data
        keys = [w.key for w in words]
        i = self._head(keys)
        if i == n:
            return NOBODY[EMPTY]
        if keys[i] in d.first_person:
            return Subject(FIRST, words[i].start, words[i].end)
        if keys[i] in d.pronouns:
            return Subject(PRONOUN, words[i].start, words[i].end)
        ends = self._phrase_ends(words, keys, i)
        named = self._named(words, keys, i, ends, cover)
        if named:
            return named
        indefinite = keys[i] in d.indefinites                          # "a spokesperson": nobody named
        j, titled, _ = ends[-1]
        definite = keys[i] in d.definites or any(keys[i].startswith(p) for p in d.definite_prefixes)
        honorific = any(d.honorifics.match(keys, k) for k in range(i, j))
        if titled and definite and not honorific and not indefinite and (
                j == n or (not cover and keys[j] in d.stop_words)):
            return Subject(ROLE, words[i].start, words[j - 1].end)          # "the researcher added"
        if all(k in d.stop_words for k in keys[i:]) or self._adverbial(words[i:], keys[i:]):
            return NOBODY[EMPTY]
        return NOBODY[OTHER]

    def name(self, words: Sequence[Item], cover: bool) -> Subject | None:
        """:meth:`parse`'s answer when it is a name, else None (without reading what else the words are)."""
        keys = [w.key for w in words]
        i = self._head(keys)
        d = self.data
        if i == len(words) or keys[i] in d.first_person or keys[i] in d.pronouns:
            return None
        return self._named(words, keys, i, self._phrase_ends(words, keys, i), cover)

    def _head(self, keys: Sequence[str]) -> int:
        """Where a clause's subject may begin: past the adverbs opening it, and an age before a name where
        no article stands before it ("сказал 47-летний Ухватов")."""
        d, i = self.data, 0
        while i < len(keys) and keys[i] in d.adverbs and keys[i] not in d.pronouns and keys[i] not in d.first_person:
            i += 1
        if not d.definites and i + 1 < len(keys) and _AGE_NOUN.fullmatch(keys[i]):
            i += 1
        return i

    def _named(self, words: Sequence[Item], keys: Sequence[str], i: int, ends: list[tuple[int, bool, bool]],
               cover: bool) -> Subject | None:
        """The name ``words`` spell after one of the title phrases ``ends`` (or after a title further on, or a noun
        after an article where nouns are capitalised)."""
        for j, titled, honoured in ends:
            a, b, inner = self.read_name(words, keys, j, honoured)
            if b == a and titled:               # "председатель комиссии по транспорту Арсений Тихомиров"
                a, b, inner = self.read_name(words, keys, self.lowercase_complement(words, keys, j), honoured)
            if b > a:
                rest = keys[b:]
                if cover and (len(rest) > 2 or any(k not in self.data.stop_words for k in rest)):
                    break
                named = self.subject_name(words, a, b, titled or inner, honoured)
                if named and not (titled or inner or cover) and (named.single or self._lowercase_title(words, keys, b)):
                    # "said Sharks head coach Ken Lobo", "said Whimbrel Bay manager Dee Kay": the team, not the speaker
                    named = self._titled_name(words, keys, b, cover) or named
                if named:
                    return named
        return self._titled_name(words, keys, i + 1, cover) or self._noun_then_name(words, keys, i, cover)

    def _lowercase_title(self, words: Sequence[Item], keys: Sequence[str], i: int) -> bool:
        """Whether a title written in lowercase stands at ``i`` (right after capitalised words: what they name
        is the title's organisation, "Whimbrel Bay manager")."""
        return i < len(words) and first_letter(words[i].text).islower() and bool(title_at(self.data, keys, i))

    def _titled_name(self, words: Sequence[Item], keys: Sequence[str], i: int, cover: bool) -> Subject | None:
        """A name right after a title at ``i`` or further on: "Formation.ai'nin CEO'su Christian Hansen"
        (ending the part when it must ``cover`` it), "said Formation.ai CEO Christian Hansen" (within a
        few words)."""
        d, n = self.data, len(words)
        order = range(n - 1, i - 1, -1) if cover else range(i, min(n, i + 4))
        for t in order:
            size = title_at(d, keys, t)
            if size and t + size < n:
                honour = bool(d.honorifics.match(keys, t))
                k = t + size
                while k < n - 1:                    # head coach, chief financial officer
                    more = title_at(d, keys, k) or (self._modifier(words[k], False) and title_at(d, keys, k + 1) and 1)
                    if not more:
                        break
                    k += more
                while k < min(n - 1, t + size + 2) and self.organisation(words[k]):
                    # экономист Альфа-банка Наталия Орлова
                    k += 1
                k = self.lowercase_complement(words, keys, k)
                a, b, _ = self.read_name(words, keys, k, honour)
                if b > a and (not cover or (n - b <= 2 and all(k in d.stop_words for k in keys[b:]))):
                    return self.subject_name(words, a, b, True, honour)
                return None
        return None

    def lowercase_complement(self, words: Sequence[Item], keys: Sequence[str], k: int) -> int:
        """Past a title's complement in lowercase, a preposition and up to three words, when a name of two
        capitalised words follows ("o arquitecto paisagista Rui Quintão", "director de operaciones Ana
        Lima"); ``k`` where there is none."""
        d = self.data
        if k >= len(words):
            return k
        genitive = d.title_genitive and first_letter(words[k].text).islower() \
            and keys[k] not in d.stop_words           # "председатель комиссии по транспорту Арсений …"
        if not (keys[k] in d.prepositions or genitive):
            return k
        for j in range(k + 1, min(len(words), k + 5)):
            if first_letter(words[j].text).isupper():       # a name of two words at least: "del barrio
                two = j + 1 < len(words) and first_letter(words[j + 1].text).isupper()   # de Triana" is a place
                return j if two and j > k + 1 and first_letter(words[j - 1].text).islower() else k
            if not first_letter(words[j].text).islower():
                return k
        return k

    def _noun_then_name(self, words: Sequence[Item], keys: Sequence[str], i: int, cover: bool) -> Subject | None:
        """Where nouns are capitalised, a definite article, one noun no list holds and a name of two words or
        more ("der Landrat Ewald Trenkle", "die Winzerin Eva Roth"): the noun is what the person is."""
        d, n = self.data, len(words)
        if not d.nouns_capitalised or keys[i] not in d.definites or i + 3 >= n \
                or not first_letter(words[i + 1].text).isupper() \
                or self.organisation(words[i + 1]):
            return None
        a, b, _ = self.read_name(words, keys, i + 2, False)
        if b - a < 2 or a != i + 2 or (cover and (n - b > 2 or any(k not in d.stop_words for k in keys[b:]))):
            return None
        return self.subject_name(words, a, b, True, False)

    def _adverbial(self, words: Sequence[Item], keys: Sequence[str]) -> bool:
        """A part that is no subject: it holds a number ("in November 2020", "Kasım 2020'de bize"), or
        opens with a stop word that is no article and holds no role or capitalised word ("en la rueda
        de prensa")."""
        d = self.data
        if any(has_digit(w.text) for w in words):
            return True
        first = keys[0]
        if first not in d.stop_words or first in d.definites or first in d.indefinites \
                or any(first.startswith(p) for p in d.definite_prefixes):
            return False
        # "mu poseł opozycji", "en su cuenta de Twitter": a person or a name may stand in it
        return not any(title_at(self.data, keys, k) or first_letter(w.text).isupper() for k, w in enumerate(words))

    def title_phrase_end(self, words: Sequence[Item]) -> int:
        """How many of ``words`` form the title phrase opening them (0: none)."""
        keys = [w.key for w in words[:8]]
        d = self.data
        k = int(keys[0] in d.stop_words or keys[0] in d.indefinites)
        if not title_at(self.data, keys, k):                  # no title after the determiner: no phrase
            return 0
        return max((j for j, titled, _ in self._phrase_ends(words, keys, 0) if titled), default=0)

    def starts_with_title(self, words: Sequence[Item]) -> bool:
        keys = [w.key for w in words]
        return any(titled for _, titled, _ in self._phrase_ends(words, keys, 0))

    # -- a title and a name: all of the words --------------------------------------------------------
    def lone_name(self, word: Item) -> Subject:
        """One capitalised word as a name a title or a relative vouches for ("Her son, Ewan, …")."""
        if self.cased_name_word(word, True) and not self.organisation(word):
            return Subject(NAME, word.start, word.end, True, single=True)
        return NOBODY[OTHER]

    def titled_surname(self, words: Sequence[Item]) -> Subject:
        """A title and one capitalised word, all of ``words`` ("Polizeipräsident Zierke: „…“", "Minister
        Hale said", "said coach Brommer"): a surname, though the article writes it nowhere else. Not where a
        title takes a capitalised complement ("Ministrul Culturii"), nor after an age ("die 56-jährige
        Angestellte": a noun where nouns are capitalised)."""
        t = self.title_phrase_end(words) if words else 0
        if t and len(words) == t + 1 and not self.data.title_genitive \
                and not any(_AGE_NOUN.fullmatch(w.key) for w in words[:t]):
            return self.lone_name(words[t])
        return NOBODY[OTHER]

    def title_complement_name(self, words: Sequence[Item]) -> Subject:
        """A title, its complement of lowercase words and acronyms, and a name of two words or more ending
        ``words`` ("Глава районного управления МЧС Ян Коваль: «…»", "Directora general de la OMS Ana Ruiz"):
        the name."""
        t = self.title_phrase_end(words) if words else 0
        if not t:
            return NOBODY[OTHER]
        i = t
        while i < len(words) and i - t < 5 and (first_letter(words[i].text).islower()
                                                 or (len(words[i].text) >= 2 and words[i].text.isupper())):
            i += 1
        if i == t or len(words) - i < 2:
            return NOBODY[OTHER]
        a, b, _ = self.read_name(words, [w.key for w in words], i, False)
        named = self.subject_name(words, a, b, True) if a == i < b == len(words) else None
        return named if named is not None and named.end > named.start else NOBODY[OTHER]

    def document_author(self, words: Sequence[Item]) -> Subject | None:
        """The name after a document noun and a word of authorship that open a subject ("A statement from
        Ana Lima read:", "Die Antwort von Ana Lima lautete:", "La respuesta de Ana Lima fue tajante:"): the
        text is that person's words. None unless the name ends the phrase."""
        d = self.data
        keys = [w.key for w in words]
        j = next((j for j, k in enumerate(keys[:4]) if k in d.documents), None)
        if j is None or j + 2 >= len(words) or keys[j + 1] not in d.authorship \
                or any(first_letter(w.text).isupper() and not d.nouns_capitalised for w in words[1:j]):
            return None
        s = self.parse(words[j + 2:], cover=True)
        return s if s.kind == NAME else None
